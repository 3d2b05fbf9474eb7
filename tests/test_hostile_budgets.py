"""Files that are small but ask too much, and names that are not one line (issue 27): model files past a budget
of work, lesson files, examples folders, videos, .npy headers whose shape overflows, and paths that hold line
breaks. The same measures as test_hostile_inputs.py: exit status 2, one line, the child's peak memory, its time,
the user's files as they were; the big files are made at run time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import network
from convolution.files import examples as example_files
from convolution.files import model_budget
from tests.helpers.drawings import write_class_file
from tests.helpers.hostile import GIB, fifo, folder_state, npy_with_header, png_of_size, run_measured, sparse_file
from tests.test_hostile_inputs import assert_refused, cat_classes
from tests.test_hostile_inputs import start_seconds as start_seconds  # noqa: F401 (a fixture, by its name)


def model_file(path: Path, filters, kernel: int = 5, classes=("cat", "train"), dtype=np.float32,
               value: float | None = None, compress: bool = True) -> Path:
    """A format-2 model whose one conv block has ``filters`` filters of ``kernel``×``kernel`` (weights zero, or
    all ``value``), for ``classes`` (a list, or a count: "c0", "c1" …)."""
    names = [f"c{n}" for n in range(classes)] if isinstance(classes, int) else list(classes)
    side = (28 - kernel + 1) // 2
    fill = (lambda shape: np.full(shape, value, dtype)) if value is not None else (lambda shape: np.zeros(shape, dtype))
    arrays = dict(format_version=np.array(2), classes=np.array(names), about=np.array("made by a test"),
                  conv1_weights=fill((filters, 1, kernel, kernel)), conv1_biases=np.zeros(filters, dtype),
                  dense_weights=fill((len(names), filters * side * side)), dense_biases=np.zeros(len(names), dtype))
    with open(path, "wb") as file:
        (np.savez_compressed if compress else np.savez)(file, **arrays)
    return path


MODELS = {
    # name: (make it in a folder, what the one line says)
    "80,000 filters of 1×1, float16, compressed": (
        lambda f: model_file(f / "tiny.npz", 80_000, kernel=1, dtype=np.float16), "80,000 filters, more than the 256"),
    "filters of 25×25": (lambda f: model_file(f / "wide.npz", 4, kernel=25), "larger than 9\u00d79"),
    "10,000 classes": (lambda f: model_file(f / "many.npz", 2, classes=10_000, compress=False),
                       "10,000 classes, more than the 345"),
    "weights of 1e300, finite in float64": (lambda f: model_file(f / "huge.npz", 8, dtype=np.float64, value=1e300),
                                            "weights as large as 1e+300"),
    "weights of 3e38, finite in float32": (lambda f: model_file(f / "edge.npz", 8, value=3e38),
                                           "weights as large as 3e+38"),
    "256 filters of 9×9 in a second block": (None, "multiply-adds"),
}


def second_block_too_busy(folder: Path) -> Path:
    """256 filters of 5×5 then 256 of 5×5 on 256 maps: each block within its limits, the whole past the work."""
    arrays = dict(format_version=np.array(2), classes=np.array(["a", "b"]), about=np.array(""),
                  conv1_weights=np.zeros((256, 1, 5, 5), np.float32), conv1_biases=np.zeros(256, np.float32),
                  conv2_weights=np.zeros((256, 256, 5, 5), np.float32), conv2_biases=np.zeros(256, np.float32),
                  dense_weights=np.zeros((2, 256 * 4 * 4), np.float32), dense_biases=np.zeros(2, np.float32))
    np.savez_compressed(folder / "busy.npz", **arrays)
    return folder / "busy.npz"


MODELS["256 filters of 9×9 in a second block"] = (second_block_too_busy, "multiply-adds")


@pytest.mark.parametrize("case", list(MODELS))
def test_a_model_past_its_budget_is_one_line_for_the_sketch_and_train_py(tmp_path, start_seconds, case):
    make, says = MODELS[case]
    path = make(tmp_path)
    horizontals, verticals = cat_classes(tmp_path)
    before = folder_state(tmp_path)
    assert_refused(run_measured("sketch.py", "--model", path, "--view", "network", cwd=tmp_path), start_seconds,
                   path.name, says)
    assert_refused(run_measured("train.py", horizontals, verticals, "--from", path, "--out", "m.npz",
                                "--epochs", "1", cwd=tmp_path), start_seconds, path.name, says, program="train.py")
    assert folder_state(tmp_path) == before


def test_the_tiny_file_of_80000_filters_is_small_on_the_disk(tmp_path):
    path = model_file(tmp_path / "tiny.npz", 80_000, kernel=1, dtype=np.float16)
    assert path.stat().st_size < 200_000


def test_the_shipped_network_and_every_architecture_here_fit_with_room_to_spare(tmp_path):
    shipped = network.load(Path(__file__).parent.parent / "assets" / "doodles.npz")
    assert shipped.architecture
    largest = network.Network.random([f"c{n}" for n in range(model_budget.MAX_CLASSES)], seed=0,
                                     architecture=((64, 5), (64, 5)))
    network.save(largest, tmp_path / "largest.npz")
    assert len(network.load(tmp_path / "largest.npz").classes) == model_budget.MAX_CLASSES


def test_the_largest_model_accepted_opens_in_the_network_view_within_a_gibibyte(tmp_path):
    classes = [f"c{n}" for n in range(model_budget.MAX_CLASSES)]
    network.save(network.Network.random(classes, seed=0, architecture=((64, 5), (64, 5))), tmp_path / "big.npz")
    code = ("import time, network; from convolution.app.options import prepare; t = time.perf_counter(); "
            "o = prepare(['--model', 'big.npz', '--view', 'network']); "
            "o.state.running.model.predict(o.state.running.model and __import__('numpy').zeros((64, 28, 28), 'uint8'));"
            "print(f'{time.perf_counter() - t:.2f}')")
    run = run_measured("-c", code, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.peak_bytes < GIB
    print(f"largest model accepted: {(tmp_path / 'big.npz').stat().st_size / 1e6:.1f} MB, {run.stdout.strip()} s "
          f"to load and ask 64 drawings, peak {run.peak_bytes / 2 ** 20:.0f} MiB")


# --------------------------------------------------------------------------
# .npy headers whose shape overflows a float, and paths that are not one line
# --------------------------------------------------------------------------

def rows_of_10_to_the_400(folder: Path, name: str = "cats.npy") -> Path:
    header = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + str(10 ** 400) + ", 784), }"
    return npy_with_header(folder / name, header, bytes(784 * 2))


@pytest.mark.parametrize("program, options", [("sketch.py", ["--examples"]), ("sketch.py", ["--train"]),
                                              ("train.py", [])])
def test_a_npy_header_of_10_to_the_400_rows_is_one_line(tmp_path, start_seconds, program, options):
    bad = rows_of_10_to_the_400(tmp_path)
    _, good = cat_classes(tmp_path)
    before = folder_state(tmp_path)
    extra = ["--out", "m.npz"] if program == "train.py" else []
    assert_refused(run_measured(program, *options, bad, good, *extra, cwd=tmp_path), start_seconds,
                   "10^400 drawings", program=program)
    assert folder_state(tmp_path) == before


@pytest.mark.parametrize("program, options", [("sketch.py", ["--examples"]), ("sketch.py", ["--model"]),
                                              ("sketch.py", ["--image"]), ("train.py", [])])
def test_a_path_with_a_line_break_or_a_right_to_left_mark_is_printed_on_one_line(tmp_path, start_seconds, program,
                                                                                  options):
    bad = rows_of_10_to_the_400(tmp_path, "cats\nsneaky\u202e.npy")
    _, good = cat_classes(tmp_path)
    extra = ["--out", "m.npz"] if program == "train.py" else []
    files = [bad] if options in (["--model"], ["--image"]) else [bad, good]
    run = run_measured(program, *options, *files, *extra, cwd=tmp_path)
    assert_refused(run, start_seconds, "cats\\nsneaky\\u202e", program=program)


# --------------------------------------------------------------------------
# --examples: the count of classes and the sizes first
# --------------------------------------------------------------------------

def test_150_example_files_are_refused_before_any_is_read(tmp_path, start_seconds):
    files = [sparse_file(tmp_path / f"class{chr(97 + n // 26)}{chr(97 + n % 26)}.bin", 784 * 12_800)
             for n in range(150)]
    before = folder_state(tmp_path)
    assert_refused(run_measured("sketch.py", "--examples", *files, cwd=tmp_path), start_seconds,
                   "150 classes, but only keys 1\u20139")
    assert folder_state(tmp_path) == before


def test_examples_too_large_together_are_refused_before_any_is_read(tmp_path, start_seconds):
    folder = tmp_path / "examples-big"
    folder.mkdir()
    for n in range(9):
        sparse_file(folder / f"class{chr(97 + n)}.bin", 784 * 40_000)   # 31 MB each, 282 MB together
    assert_refused(run_measured("sketch.py", "--examples", folder, cwd=tmp_path), start_seconds,
                   "more than the 200 MB the teach view takes")


def test_the_largest_examples_folder_accepted_opens_within_a_gibibyte(tmp_path):
    folder = tmp_path / "examples-largest"
    folder.mkdir()
    per_class = example_files.MAX_BYTES // 9 // 784
    rng = np.random.default_rng(0)
    for n in range(9):
        write_class_file(folder, f"class{chr(97 + n)}.npy", rng.integers(0, 256, (per_class, 28, 28), np.uint8))
    code = ("import time; from convolution.app.options import prepare; t = time.perf_counter(); "
            f"o = prepare(['--examples', {str(folder)!r}]); print(f'{{time.perf_counter() - t:.2f}}', "
            "o.state.teaching.examples.total())")
    run = run_measured("-c", code, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    seconds, total = run.stdout.split()
    assert int(total) == 9 * per_class and run.peak_bytes < GIB
    print(f"largest examples folder accepted: 9 classes, {int(total):,} drawings "
          f"({sum(p.stat().st_size for p in folder.iterdir()) / 2 ** 20:.0f} MB), {seconds} s to load, "
          f"peak {run.peak_bytes / 2 ** 20:.0f} MiB")


# --------------------------------------------------------------------------
# --camera: the file checked is the file opened; numbers; frames scaled down as read
# --------------------------------------------------------------------------

def test_a_video_named_like_an_ffmpeg_protocol_opens_as_the_file_it_is(tmp_path):
    from tests.helpers.videos import moving_frames, write_video
    write_video(tmp_path / "file:x.avi", moving_frames(12, 60, 80), fps=15)
    fifo(tmp_path / "x.avi")   # what "file:x.avi" names as FFmpeg's file: protocol: reading it would wait forever
    run = run_measured("sketch.py", "--camera", "file:x.avi", "--gif", "clip.gif", cwd=tmp_path, timeout=60)
    assert run.returncode == 0 and "Traceback" not in run.stderr, (run.returncode, run.stderr[-2000:])
    assert (tmp_path / "clip.gif").is_file()


@pytest.mark.parametrize("number, says", [("\u00b2", "digits 0\u20139"), ("\u0663", "digits 0\u20139"),
                                          ("99999999999999999999", "go from 0 to 63"), ("64", "go from 0 to 63")])
def test_a_camera_number_out_of_range_or_not_in_ascii_digits_is_one_line(tmp_path, start_seconds, number, says):
    pytest.importorskip("cv2")
    assert_refused(run_measured("sketch.py", "--camera", number, "--gif", "clip.gif", cwd=tmp_path), start_seconds,
                   says)


@pytest.mark.e2e   # slow: 60 frames of 49 megapixels are decoded
def test_a_video_of_49_megapixel_frames_stays_within_a_gibibyte_in_the_layer_view(tmp_path):
    cv2 = pytest.importorskip("cv2")
    side = 7000
    frame = np.zeros((side, side, 3), np.uint8)
    frame[side // 4:side // 2, side // 4:side // 2] = 255
    writer = cv2.VideoWriter(str(tmp_path / "big.avi"), cv2.VideoWriter_fourcc(*"MJPG"), 15, (side, side))
    for picture in (frame, 255 - frame):   # Motion JPEG: what many cameras record
        writer.write(picture)
    writer.release()
    del frame
    run = run_measured("sketch.py", "--camera", "big.avi", "--view", "layer", "--gif", "clip.gif", cwd=tmp_path,
                       timeout=300)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.peak_bytes <= GIB, f"{run.peak_bytes / 2 ** 20:.0f} MiB"
    print(f"49-megapixel video in the layer view: {run.seconds:.1f} s, peak {run.peak_bytes / 2 ** 20:.0f} MiB")


# --------------------------------------------------------------------------
# Lesson files: bounded work, not only bounded bytes
# --------------------------------------------------------------------------

def small_png(path: Path, value: int = 0, side: int = 40) -> Path:
    Image.fromarray(np.full((side, side), value, np.uint8)).save(path)
    return path


def lesson_naming(folder: Path, images: list[str]) -> Path:
    (folder / "plan.toml").write_text("".join(f'[[step]]\nimage = "{name}"\n' for name in images))
    return folder / "plan.toml"


BAD_LESSON_BUDGETS = {
    "101 different pictures": (
        lambda f: lesson_naming(f, [small_png(f / f"p{n}.png", n).name for n in range(101)]),
        "more than 100 different pictures"),
    "5 pictures of 49 megapixels": (
        lambda f: lesson_naming(f, [png_of_size(f / f"big{n}.png", 7000, 7000).name for n in range(5)]),
        "more than the 200 a lesson may"),
    "~someone who is not known here": (lambda f: lesson_naming(f, ["~nosuchuser-here/cat.png"]),
                                        "home folder of '~nosuchuser-here' is not known"),
}


@pytest.mark.parametrize("case", list(BAD_LESSON_BUDGETS))
def test_a_lesson_past_its_budget_is_one_line(tmp_path, start_seconds, case):
    make, says = BAD_LESSON_BUDGETS[case]
    make(tmp_path)
    before = folder_state(tmp_path)
    run = run_measured("sketch.py", "--lesson", "plan.toml", "--gif", "clip.gif", cwd=tmp_path, timeout=120)
    assert_refused(run, start_seconds + (8 if "megapixels" in case else 0), "plan.toml", says)
    assert folder_state(tmp_path) == before


def test_one_picture_named_1000_ways_is_read_once(tmp_path, monkeypatch):
    from convolution.classroom import lessons
    from convolution.files import sources
    small_png(tmp_path / "cat.png", 90)
    (tmp_path / "sub").mkdir()
    names = [("./" * (n % 40)) + ("sub/../" * (n // 40)) + "cat.png" for n in range(1000)]
    assert len(set(names)) == 1000
    path = lesson_naming(tmp_path, names)
    opened = []
    real = sources.open_source
    monkeypatch.setattr(sources, "open_source", lambda *args, **kwargs: opened.append(args[0]) or real(*args, **kwargs))
    lesson = lessons.load_lesson(path)
    assert len(lesson.steps) == 1000 and len(opened) == 1


def test_a_caption_of_50_kb_is_fitted_in_linear_work():
    from convolution.screen import geometry
    measured = []

    def measure(text, size):
        measured.append(len(text))
        return len(text) * size * 0.6
    caption = " ".join(f"word{n}" for n in range(8000))   # 55 KB
    assert len(caption) > 50_000
    size, lines = geometry.fit_text(measure, caption, 16, 8, 900, lines=2)
    assert len(lines) == 2 and lines[-1].endswith("\u2026") and measure(lines[-1], size) <= 900
    assert sum(measured) < 40 * len(caption), sum(measured)   # quadratic work would be ~25,000 × 55 KB
    short = geometry.fit_text(lambda text, size: len(text) * size * 0.6, caption[:300], 16, 8, 900, lines=2)
    assert short[1][0] == lines[0]


def test_a_50_kb_caption_makes_a_clip_about_as_fast_as_a_short_one(tmp_path):
    caption = " ".join(f"word{n}" for n in range(8000))
    times = {}
    for name, text in (("short", "a short caption"), ("long", caption)):
        (tmp_path / f"{name}.toml").write_text(f'[[step]]\nkernel = "sobel-x"\ncaption = "{text}"\n')
        run = run_measured("sketch.py", "--lesson", f"{name}.toml", "--gif", f"{name}.gif", cwd=tmp_path)
        assert run.returncode == 0, run.stderr[-2000:]
        times[name] = run.seconds
    assert times["long"] - times["short"] < 1.5, times


def test_a_picture_damaged_after_the_lesson_loaded_is_one_line_naming_the_step(tmp_path, monkeypatch):
    from convolution.classroom import clips, lessons
    from convolution.files import sources
    from convolution.state import demo
    small_png(tmp_path / "a.png", 10)
    small_png(tmp_path / "b.png", 200)
    lesson = lessons.load_lesson(lesson_naming(tmp_path, ["a.png", "b.png"]))

    def broken(*args, **kwargs):
        raise SyntaxError("broken PNG file")   # what Pillow raises for some damaged chunks
    monkeypatch.setattr(sources, "open_source", broken)
    lessons._opened.cache_clear()
    with pytest.raises(lessons.LessonError) as refused:
        list(clips.lesson_frames(lesson, demo.new_demo(np.zeros((40, 40), np.float32)), (320, 240)))
    assert str(refused.value).startswith(f"{tmp_path / 'plan.toml'} step 1: broken PNG file")


@pytest.mark.parametrize("option", ["--lesson", "--camera", "--image"])
def test_a_missing_file_whose_name_holds_a_line_break_is_one_line(tmp_path, start_seconds, option):
    if option == "--camera":
        pytest.importorskip("cv2")
    name = {"--lesson": "plan\nx\u202e.toml", "--camera": "clip\nx\u202e.avi", "--image": "cat\nx\u202e.png"}[option]
    extra = ["--gif", "clip.gif"] if option != "--image" else []
    assert_refused(run_measured("sketch.py", option, name, *extra, cwd=tmp_path), start_seconds, "\\nx\\u202e")
