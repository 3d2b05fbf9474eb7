"""A careless or hostile user: files that lie in their headers, never end or are not files at all, names
too long or already taken, a disk that fills up.

Every refusal is one line (``sketch.py: error: …`` or ``train.py: error: …``), exit status 2, no
traceback; the child that refuses stays under 1 GiB and takes at most 2 s more than a refusal of a bad
option (which starts the same Python and imports); and no file in its folder changes. What is accepted
(the largest picture, the longest lesson as a GIF) stays under 1 GiB, and only its new file appears.
Every file here is made by the tests.
"""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

import filters
from convolution.app import session
from convolution.classroom import clips, lessons
from convolution.files import images, kernel_text, quickdraw, saving
from convolution.learning import data
from convolution.screen import pixels, texts
from convolution.state import demo
from tests.helpers.drawings import bars, write_class_file
from tests.helpers.hostile import (
    GIB,
    fifo,
    folder_state,
    npy_with_header,
    png_of_size,
    private_mounts_work,
    run_measured,
    run_on_small_disk,
    sparse_file,
)
from tests.helpers.live import read_png, run_sketch
from tests.helpers.panels import CAT, assert_panels
from tests.helpers.paths import ROOT

REFUSAL_SECONDS = 2.0
LONG = "n" * 300          # a file name longer than any file system takes (255 bytes)


@pytest.fixture(scope="module")
def start_seconds(tmp_path_factory) -> float:
    """How long sketch.py takes to refuse a bad option: Python, numpy, Pillow and the sketch's imports."""
    folder = tmp_path_factory.mktemp("start")
    run_measured("sketch.py", "--seed", "-1", cwd=folder)   # the first start also warms the disk cache
    return min(run_measured("sketch.py", "--seed", "-1", cwd=folder).seconds for _ in range(2))


def assert_refused(run, start_seconds, *fragments, program="sketch.py"):
    """Exit 2 with one line that says what is wrong, quickly and within the memory target."""
    assert run.returncode == 2, (run.returncode, run.stderr[-2000:])
    assert "Traceback" not in run.stderr
    # argparse shows its usage above a bad option's line
    lines = [line for line in run.stderr.strip().splitlines() if not line.startswith(("usage:", " "))]
    assert len(lines) == 1 and lines[0].startswith(f"{program}: error: "), run.stderr[-2000:]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert run.peak_bytes <= GIB, f"{run.peak_bytes / 2 ** 20:.0f} MiB"
    assert run.seconds - start_seconds <= REFUSAL_SECONDS, f"{run.seconds:.2f} s, a start takes {start_seconds:.2f} s"


def cat_classes(folder: Path) -> tuple[Path, Path]:
    drawings, labels = bars(40, seed=2)
    return (write_class_file(folder, "horizontals20.npy", drawings[labels == 0]),
            write_class_file(folder, "verticals20.bin", drawings[labels == 1]))


# --------------------------------------------------------------------------
# Files that lie, never end, or are not files: refused from their headers and sizes
# --------------------------------------------------------------------------

def header_says_10_to_the_15_rows(folder):
    return npy_with_header(folder / "cats.npy", "{'descr': '|u1', 'fortran_order': False, 'shape': (10**15, 784), }"
                           .replace("10**15", str(10 ** 15)), bytes(784 * 3))


def header_of_60000_bytes(folder):
    return npy_with_header(folder / "cats.npy", "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 784), }"
                           + " " * 60000, bytes(784 * 2), version=2)


def linked_to_dev_zero(folder, name="zero.bin"):
    (folder / name).symlink_to("/dev/zero")
    return folder / name


BAD_IMAGES = {
    # name: (make the file in a folder, what the one line says)
    "a 79 KB PNG of 9000×9000 pixels": (lambda f: png_of_size(f / "huge.png", 9000, 9000),
                                        "9000\u00d79000 pixels (81 megapixels), more than the 50"),
    "a PNG whose header says 30000×30000": (lambda f: png_of_size(f / "bomb.png", 30000, 30000, pixels=False),
                                            "30000\u00d730000 pixels"),
    "a .npy whose header claims 10^15 drawings": (header_says_10_to_the_15_rows, "damaged or truncated"),
    "a .npy with a 60000-byte header": (header_of_60000_bytes, "a .npy header of 60,"),
    "a sparse 8 GB .bin": (lambda f: sparse_file(f / "cats.bin", 8 * 10 ** 9 + 5), "not a whole number of 784"),
    "a sparse 7.8 GB .bin of whole drawings": (lambda f: sparse_file(f / "cats.bin", 784 * 10 ** 7),
                                               "more than the 536.9 MB"),
    "/dev/zero as zero.bin": (linked_to_dev_zero, "is a device, not a regular file"),
    "a FIFO as a .png": (lambda f: fifo(f / "pipe.png"), "is a named pipe (FIFO), not a regular file"),
    "a FIFO as a .bin": (lambda f: fifo(f / "pipe.bin"), "is a named pipe (FIFO)"),
    "a FIFO as a .npy": (lambda f: fifo(f / "pipe.npy"), "is a named pipe (FIFO)"),
}


@pytest.mark.parametrize("case", list(BAD_IMAGES))
def test_a_bad_image_file_is_refused_from_its_header_at_once(tmp_path, start_seconds, case):
    make, says = BAD_IMAGES[case]
    path = make(tmp_path)
    before = folder_state(tmp_path)
    run = run_measured("sketch.py", "--image", path.name, "--gif", "clip.gif", cwd=tmp_path)
    assert_refused(run, start_seconds, path.name, says)
    assert folder_state(tmp_path) == before


def test_a_fifo_as_a_class_file_for_training_is_refused(tmp_path, start_seconds):
    horizontals, _ = cat_classes(tmp_path)
    fifo(tmp_path / "trains.npy")
    before = folder_state(tmp_path)
    for program, args in (("sketch.py", ["--train", horizontals.name, "trains.npy", "--gif", "c.gif"]),
                          ("train.py", [horizontals.name, "trains.npy", "--out", "m.npz"])):
        run = run_measured(program, *args, cwd=tmp_path)
        assert_refused(run, start_seconds, "trains.npy is a named pipe (FIFO)", program=program)
    assert folder_state(tmp_path) == before


LESSON_STEP = '[[step]]\nkernel = "sobel-x"\ncaption = "the same step again"\n'

BAD_LESSONS = {
    "a lesson of 100,000 steps (6 MB)": (lambda f: (f / "plan.toml").write_text(LESSON_STEP * 100_000),
                                           "larger than a lesson plan can be"),
    "a lesson of 1,001 short steps": (lambda f: (f / "plan.toml").write_text("[[step]]\n" * 1001),
                                      "1,001 steps, more than the 1,000"),
    "TOML nested 100,000 deep": (lambda f: (f / "plan.toml").write_text("a = " + "[" * 100_000 + "]" * 100_000),
                                 "nested too deeply"),
    "a FIFO as the lesson": (lambda f: fifo(f / "plan.toml"), "is a named pipe (FIFO)"),
    "a FIFO as a lesson's image": (lambda f: fifo(f / "pipe.png") and (f / "plan.toml").write_text(
        '[[step]]\nimage = "pipe.png"\n'), "plan.toml step 1: "),
    "a lesson's image whose name is too long": (lambda f: (f / "plan.toml").write_text(
        f'[[step]]\nimage = "{LONG}.png"\n'), "step 1: "),
}


@pytest.mark.parametrize("case", list(BAD_LESSONS))
def test_a_bad_lesson_is_one_line_at_once(tmp_path, start_seconds, case):
    make, says = BAD_LESSONS[case]
    make(tmp_path)
    before = folder_state(tmp_path)
    run = run_measured("sketch.py", "--lesson", "plan.toml", "--gif", "clip.gif", cwd=tmp_path)
    assert_refused(run, start_seconds, "plan.toml", says)
    assert folder_state(tmp_path) == before


# --------------------------------------------------------------------------
# Names the file system refuses, and targets that must not be touched
# --------------------------------------------------------------------------

@pytest.mark.parametrize("option, name", [("--image", f"{LONG}.png"), ("--model", f"{LONG}.npz"),
                                          ("--save", f"{LONG}.png"), ("--gif", f"{LONG}.gif"),
                                          ("--lesson", f"{LONG}.toml"), ("--train", f"{LONG}.npy")])
def test_a_file_name_over_255_bytes_is_one_line_naming_the_option(tmp_path, start_seconds, option, name):
    horizontals, _ = cat_classes(tmp_path)
    extra = [horizontals.name] if option == "--train" else []
    before = folder_state(tmp_path)
    run = run_measured("sketch.py", option, name, *extra, cwd=tmp_path)
    assert_refused(run, start_seconds, LONG, "too long")
    assert folder_state(tmp_path) == before


@pytest.mark.parametrize("out, says", [
    (f"{LONG}.npz", "the file name is too long"),
    ("gone.npz", "a link (to a missing file) of that name exists"),
])
def test_train_py_checks_its_out_before_training(tmp_path, start_seconds, out, says):
    horizontals, verticals = cat_classes(tmp_path)
    (tmp_path / "gone.npz").symlink_to(tmp_path / "nowhere" / "model.npz")
    before = folder_state(tmp_path)
    run = run_measured("train.py", horizontals.name, verticals.name, "--out", out, cwd=tmp_path)
    assert_refused(run, start_seconds, f"--out {out}", says, program="train.py")
    assert "epoch" not in run.stderr
    assert folder_state(tmp_path) == before and not (tmp_path / "nowhere").exists()


def test_a_gif_through_a_dangling_link_is_refused_and_the_link_left_alone(tmp_path, start_seconds):
    (tmp_path / "clip.gif").symlink_to(tmp_path / "elsewhere.gif")
    before = folder_state(tmp_path)
    run = run_measured("sketch.py", "--gif", "clip.gif", cwd=tmp_path)
    assert_refused(run, start_seconds, "--gif clip.gif: a link of that name exists", "--overwrite")
    assert folder_state(tmp_path) == before and not (tmp_path / "elsewhere.gif").exists()


def test_a_save_through_a_dangling_link_is_refused_before_the_window_opens(tmp_path, start_seconds):
    (tmp_path / "frame.png").symlink_to(tmp_path / "target.png")
    before = folder_state(tmp_path)
    run = run_measured("sketch.py", "--save", "frame.png", cwd=tmp_path)
    assert_refused(run, start_seconds, "--save frame.png: a link of that name exists")
    assert folder_state(tmp_path) == before and not (tmp_path / "target.png").exists()


def test_small_mistakes_each_name_what_to_fix(tmp_path, start_seconds):
    one = write_class_file(tmp_path, "cats.npy", bars(2)[0][:1])
    horizontals, _ = cat_classes(tmp_path)
    before = folder_state(tmp_path)
    assert_refused(run_measured("sketch.py", "--seed", "-1", cwd=tmp_path), start_seconds,
                   "argument --seed: must be 0 or more, got -1")
    assert_refused(run_measured("train.py", one.name, horizontals.name, "--out", "m.npz", "--seed", "-1",
                                cwd=tmp_path), start_seconds, "argument --seed", program="train.py")
    assert_refused(run_measured("sketch.py", "--kernel", "99.0000001", cwd=tmp_path), start_seconds,
                   "a weight of 99.0000001 is too large")
    for program, args in (("sketch.py", ["--train", one.name, horizontals.name, "--gif", "c.gif"]),
                          ("train.py", [one.name, horizontals.name, "--out", "m.npz"])):
        assert_refused(run_measured(program, *args, cwd=tmp_path), start_seconds,
                       "cats.npy (the class 'cats') has 1 drawing: a class needs at least 2", program=program)
    assert folder_state(tmp_path) == before


# --------------------------------------------------------------------------
# What is accepted stays within 1 GiB, and only the new file appears
# --------------------------------------------------------------------------

@pytest.mark.e2e   # slow: left out of the quick loop
def test_a_49_megapixel_transparent_png_becomes_a_clip_within_a_gibibyte(tmp_path):
    picture = np.zeros((7000, 7000, 4), np.uint8)
    picture[::9, :, :3] = 200            # stripes under half-transparent black
    picture[..., 3] = 128
    Image.fromarray(picture).save(tmp_path / "poster.png")
    del picture
    before = folder_state(tmp_path)
    run = run_measured("sketch.py", "--image", "poster.png", "--gif", "clip.gif", cwd=tmp_path, timeout=120)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    assert run.peak_bytes <= GIB, f"{run.peak_bytes / 2 ** 20:.0f} MiB"
    after = folder_state(tmp_path)
    assert set(after) - set(before) == {"clip.gif"} and {k: after[k] for k in before} == before
    with Image.open(tmp_path / "clip.gif") as clip:
        assert clip.size[1] > 760 and clip.n_frames >= clips.MIN_WINDOW_FRAMES


@pytest.mark.e2e   # slow: left out of the quick loop
def test_the_longest_lesson_makes_a_clip_within_the_budget(tmp_path):
    kernels = ["sobel-x", "sobel-y", "identity", "laplacian-4"]
    (tmp_path / "plan.toml").write_text("".join(f'[[step]]\nkernel = "{kernels[n % 4]}"\n'
                                                for n in range(lessons.MAX_STEPS)))
    before = folder_state(tmp_path)
    run = run_measured("sketch.py", "--lesson", "plan.toml", "--gif", "clip.gif", cwd=tmp_path, timeout=180)
    assert run.returncode == 0, run.stderr
    assert run.peak_bytes <= GIB, f"{run.peak_bytes / 2 ** 20:.0f} MiB"
    assert set(folder_state(tmp_path)) - set(before) == {"clip.gif"}
    with Image.open(tmp_path / "clip.gif") as clip:
        width, height = clip.size
        assert lessons.MAX_STEPS * width * height * 3 <= clips.MAX_CLIP_BYTES   # the scale came down to fit
        assert clip.n_frames == lessons.MAX_STEPS


# --------------------------------------------------------------------------
# --save in the real window: the name as given, never over a file
# --------------------------------------------------------------------------

def test_save_takes_a_name_with_hashes_literally_and_leaves_numbered_files_alone(xserver, tmp_path):
    (tmp_path / "frame-0001.png").write_bytes(b"the teacher's slide")
    result = run_sketch(xserver, "--kernel", "sobel-x", "--save", "frame-####.png", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert f"saved {tmp_path / 'frame-####.png'}" in result.stdout
    assert (tmp_path / "frame-0001.png").read_bytes() == b"the teacher's slide"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["frame-####.png", "frame-0001.png"]
    assert_panels(read_png(tmp_path / "frame-####.png"), CAT, filters.PRESETS["sobel-x"])


def test_a_file_made_while_the_sketch_starts_is_never_overwritten(xserver, tmp_path):
    target = tmp_path / "race.png"
    child = subprocess.Popen([sys.executable, str(ROOT / "sketch.py"), "--save", str(target)], cwd=tmp_path,
                             env=xserver.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)   # the options are checked by now, the frame not yet drawn (Java takes longer to start)
    target.write_bytes(b"made by someone else meanwhile")
    out, err = child.communicate(timeout=90)
    assert child.returncode == 2 and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1
    assert "appeared while the sketch started" in err or "the file exists" in err
    assert target.read_bytes() == b"made by someone else meanwhile"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["race.png"]


def test_save_with_overwrite_replaces_the_file_with_a_whole_frame(xserver, tmp_path):
    target = tmp_path / "slide.png"
    target.write_bytes(b"last year's slide")
    result = run_sketch(xserver, "--kernel", "sharpen", "--save", str(target), "--overwrite", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_panels(read_png(target), CAT, filters.PRESETS["sharpen"])
    assert sorted(path.name for path in tmp_path.iterdir()) == ["slide.png"]


# --------------------------------------------------------------------------
# The one write path: saving.write_new
# --------------------------------------------------------------------------

def leftovers(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if path.name.startswith(saving.TEMPORARY_PREFIX)]


def test_write_new_writes_the_bytes_under_the_name_exactly_as_given(tmp_path):
    path = saving.write_new(tmp_path / "frame-####.png", lambda file: file.write(b"new bytes"))
    assert path.read_bytes() == b"new bytes" and sorted(p.name for p in tmp_path.iterdir()) == ["frame-####.png"]


@pytest.mark.parametrize("make", [
    lambda path: path.write_bytes(b"the user's file"),
    lambda path: path.symlink_to(path.parent / "missing-target.png"),
    lambda path: path.mkdir(),
])
def test_write_new_never_replaces_anything_of_that_name(tmp_path, make):
    path = tmp_path / "slide.png"
    make(path)
    before = folder_state(tmp_path)
    with pytest.raises(FileExistsError):
        saving.write_new(path, lambda file: file.write(b"new"))
    assert folder_state(tmp_path) == before and not (tmp_path / "missing-target.png").exists()


def test_a_file_made_while_writing_is_kept_and_the_new_bytes_go_nowhere(tmp_path):
    path = tmp_path / "race.png"

    def slow_write(file):
        file.write(b"new")
        path.write_bytes(b"made meanwhile by someone else")   # between the check and the name

    with pytest.raises(FileExistsError):
        saving.write_new(path, slow_write)
    assert path.read_bytes() == b"made meanwhile by someone else" and leftovers(tmp_path) == []


def full_disk_write(file):
    file.write(b"the first 8 KB of a model" * 300)
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_full_disk_leaves_no_half_file_and_the_old_file_as_it_was(tmp_path, overwrite):
    path = tmp_path / "clip.gif"
    if overwrite:
        path.write_bytes(b"last week's clip")
    before = folder_state(tmp_path)
    with pytest.raises(OSError, match="No space left"):
        saving.write_new(path, full_disk_write, overwrite=overwrite)
    assert folder_state(tmp_path) == before


def test_a_disk_that_fails_at_fsync_leaves_nothing_either(tmp_path, monkeypatch):
    # Network file systems report a full disk when the bytes are flushed, not when written.
    def refuse(descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", refuse)
    with pytest.raises(OSError):
        saving.write_new(tmp_path / "model.npz", lambda file: file.write(b"weights"))
    assert list(tmp_path.iterdir()) == []


def test_d_on_a_full_disk_says_so_in_one_line_and_leaves_no_half_drawing(tmp_path, capsys, monkeypatch):
    sketch = session.Session(demo.new_demo(images.load_image(images.DEFAULT_IMAGE), "sobel-x"), save_folder=tmp_path)

    def full(descriptor):   # the disk's refusal, as a network share gives it when the bytes are flushed
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    sketch.save_drawing()
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sketch.py: error: could not save the drawing as ")
    assert "No space left on device" in lines[0]
    assert sketch.message == "could not save the drawing: No space left on device"
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    sketch.save_drawing()                                   # space again: the drawing, whole
    saved, = tmp_path.iterdir()
    np.testing.assert_array_equal(np.asarray(Image.open(saved)), images.load_image(images.DEFAULT_IMAGE))


def test_overwrite_replaces_only_with_the_complete_file(tmp_path):
    path = tmp_path / "slide.png"
    path.write_bytes(b"old")
    seen = []
    saving.write_new(path, lambda file: (seen.append(path.read_bytes()), file.write(b"new and whole")),
                     overwrite=True)
    assert seen == [b"old"] and path.read_bytes() == b"new and whole" and leftovers(tmp_path) == []


def test_without_hard_links_the_file_is_copied_into_an_exclusive_new_file(tmp_path, monkeypatch):
    def no_links(source, target):
        raise OSError(errno.EPERM, "Operation not permitted")   # FAT, some network shares

    monkeypatch.setattr(os, "link", no_links)
    assert saving.write_new(tmp_path / "a.png", lambda file: file.write(b"bytes")).read_bytes() == b"bytes"
    with pytest.raises(FileExistsError):
        saving.write_new(tmp_path / "a.png", lambda file: file.write(b"other"))
    assert (tmp_path / "a.png").read_bytes() == b"bytes" and leftovers(tmp_path) == []


def test_a_name_taken_meanwhile_gets_the_next_number(tmp_path):
    taken = tmp_path / "convolution-20261201-090000.png"
    taken.write_bytes(b"mine")
    path = saving.write_new_or_next(taken, lambda file: file.write(b"screenshot"))
    assert path.name == "convolution-20261201-090000-2.png" and taken.read_bytes() == b"mine"


@pytest.mark.parametrize("name, says", [
    (f"{LONG}.png", "the file name is too long"),
    ("gone.png", "a link of that name exists"),
    ("missing/slide.png", "does not exist"),
])
def test_check_target_says_what_stands_in_the_way(tmp_path, name, says):
    (tmp_path / "gone.png").symlink_to(tmp_path / "nowhere.png")
    with pytest.raises(saving.TargetError, match=says):
        saving.check_target(tmp_path / name, suffix=".png")
    assert leftovers(tmp_path) == []


needs_mounts = pytest.mark.skipif(not private_mounts_work(), reason="unshare cannot mount a small disk here")


@needs_mounts
def test_a_gif_over_an_old_one_on_a_full_disk_keeps_the_old_one(tmp_path):
    old = np.random.default_rng(1).integers(0, 256, (20, 20, 3), np.uint8)
    Image.fromarray(old).save(tmp_path / "old.gif")
    photo = np.random.default_rng(2).integers(0, 256, (60, 60, 3), np.uint8)
    Image.fromarray(photo).save(tmp_path / "photo.png")
    disk = tmp_path / "disk"
    disk.mkdir()
    status, stderr, files = run_on_small_disk(disk, "cp ../old.gif clip.gif && cp ../photo.png .", "sketch.py",
                                              "--image", "photo.png", "--gif", "clip.gif", "--overwrite",
                                              size="200k")
    assert status == 2 and "Traceback" not in stderr
    assert stderr.strip().startswith("sketch.py: error: could not save clip.gif: No space left on device")
    assert len(stderr.strip().splitlines()) == 1
    assert files == {"clip.gif": hashlib.sha256((tmp_path / "old.gif").read_bytes()).hexdigest(),
                     "photo.png": hashlib.sha256((tmp_path / "photo.png").read_bytes()).hexdigest()}


@needs_mounts
def test_train_py_out_in_a_read_only_folder_is_refused_before_training(tmp_path):
    horizontals, verticals = cat_classes(tmp_path)
    disk = tmp_path / "disk"
    disk.mkdir()
    status, stderr, files = run_on_small_disk(disk, f"cp ../{horizontals.name} ../{verticals.name} .", "train.py",
                                              horizontals.name, verticals.name, "--out", "m.npz", read_only=True)
    assert status == 2 and stderr.strip().startswith("train.py: error: --out m.npz: no permission to write")
    assert "epoch" not in stderr and set(files) == {horizontals.name, verticals.name}


# --------------------------------------------------------------------------
# Clips within their budget, and a clip's failure in the window as one line
# --------------------------------------------------------------------------

def test_a_grey_image_of_all_256_levels_makes_a_gif(tmp_path):
    grey = np.arange(256, dtype=np.uint8).reshape(16, 16).repeat(2, 0).repeat(2, 1)
    state = demo.new_demo(grey, "identity")
    path = clips.write_clip_file(state, tmp_path / "greys.gif", scale=2)
    with Image.open(path) as clip:
        clip.seek(clip.n_frames - 1)
        shown = np.asarray(clip.convert("RGB"))
    layout = clips.window_layout(state, 2)
    source = shown[layout.source.y:layout.source.y + layout.source.h, layout.source.x:layout.source.x + layout.source.w]
    expected = filters.enlarge(grey, 2)
    # Every level, or one within 3: the kernel's tints and the captions' ink take some of GIF's 256 colours.
    assert np.abs(source[..., 0].astype(int) - expected).max() <= 3
    assert np.all(shown[0, 0] == pixels.WINDOW_BACKGROUND)                  # the panel colours are exact


def test_a_clip_comes_down_in_scale_to_fit_its_budget_and_a_scale_asked_for_is_refused(monkeypatch):
    state = demo.new_demo(np.full((100, 100), 128, np.uint8), "sobel-x")
    layout = clips.window_layout(state, 3)
    monkeypatch.setattr(clips, "MAX_CLIP_BYTES", (clips.MIN_WINDOW_FRAMES + 1) * layout.width * layout.height * 3)
    assert clips.window_scale(state) == 3                                   # the automatic 7, made to fit
    assert clips.window_scale(state, 2) == 2
    with pytest.raises(clips.ClipError, match="--scale 4 makes clip frames of .* use --scale 3 or less"):
        clips.window_scale(state, 4)


def test_a_lesson_too_long_for_a_clip_says_how_many_steps_fit(tmp_path, monkeypatch):
    (tmp_path / "plan.toml").write_text('[[step]]\nkernel = "sobel-x"\n' * 40)
    lesson = lessons.load_lesson(tmp_path / "plan.toml")
    width, height = clips.LESSON_SIZE
    monkeypatch.setattr(clips, "MAX_CLIP_BYTES", 30 * width * height * 3)
    with pytest.raises(clips.ClipError, match="use a smaller --size, or a lesson of at most 30 steps"):
        clips.write_clip_file(demo.new_demo(images.load_image(images.DEFAULT_IMAGE)), tmp_path / "c.gif",
                              lesson=lesson, size=clips.LESSON_SIZE)
    assert not (tmp_path / "c.gif").exists()


def test_a_clip_that_fails_in_the_window_is_one_line_there_and_in_the_terminal(tmp_path, capsys, monkeypatch):
    sketch = session.Session(demo.new_demo(images.load_image(images.DEFAULT_IMAGE), "sobel-x"), save_folder=tmp_path)
    monkeypatch.setattr(clips, "MAX_CLIP_BYTES", 1000)                    # no clip fits: a real ClipError
    escaped = []
    monkeypatch.setattr(threading, "excepthook", escaped.append)
    sketch.save_clip()
    sketch.clip_thread.join(timeout=60)
    assert escaped == []
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sketch.py: error: could not save the clip as ")
    assert "make the window smaller" in lines[0]
    assert sketch.message.startswith("could not save the clip: ") and "\n" not in sketch.message
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------
# The smaller ones
# --------------------------------------------------------------------------

def test_a_class_of_one_drawing_is_named_with_its_file_before_any_training(tmp_path):
    one = write_class_file(tmp_path, "cats.npy", bars(2)[0][:1])
    many = write_class_file(tmp_path, "trains9.bin", bars(10)[0])
    with pytest.raises(ValueError, match=r"cats.npy \(the class 'cats'\) has 1 drawing: a class needs at least 2"):
        data.load_class_files([one, many])


def test_an_unreadable_number_is_a_question_mark_not_nan():
    assert texts.percent(float("nan")) == "?" and texts.percent(0.5) == "50%" and texts.percent(0.001) == "<1%"


# --------------------------------------------------------------------------
# Parsers, fed what hypothesis invents
# --------------------------------------------------------------------------

KERNEL_ALPHABET = "0123456789 .,;/-+eE\u2212\t" + "xnaif"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=KERNEL_ALPHABET, max_size=60))
def test_kernel_text_is_a_kernel_or_one_line_saying_why(text):
    try:
        kernel = kernel_text.read_kernel(text)
    except ValueError as error:
        assert str(error) and "\n" not in str(error)
        return
    if isinstance(kernel, str):
        assert kernel in filters.PRESETS or kernel == demo.RANDOM
        return
    rows, cols = kernel.shape
    assert rows % 2 == cols % 2 == 1 and max(rows, cols) <= kernel_text.MAX_KERNEL_SIDE
    assert np.all(np.isfinite(kernel)) and np.abs(kernel).max() <= demo.WEIGHT_LIMIT


TOML_VALUES = st.sampled_from([
    '"sobel-x"', '"random"', '"1 2 1; 2 4 2; 1 2 1 / 16"', '"0 0; 0 0"', '"nope"', "[[1, 2, 1], [0, 0, 0], [1, 2, 1]]",
    "[[1, 2], [3]]", "[]", "[[[]]]", "{}", "{ a = 1 }", "true", "false", "0", "-1", "3", "99999999999999999999",
    "1e400", "nan", "inf", '"../missing.png"', '""', '"filter"', '"layer"', '"signed"', '"reflect"', '"max"',
    '"""two\nlines"""', "1979-05-27", '"\\u0000"',
])
TOML_KEYS = st.sampled_from(list(lessons.STEP_KEYS) + ["title", "kernal", "step", "Image", "[step]"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.tuples(TOML_KEYS, TOML_VALUES), max_size=5), max_size=4),
       st.text(max_size=30))
def test_a_lesson_plan_is_a_lesson_or_one_line_naming_the_file(tmp_path, steps, junk):
    text = "".join("[[step]]\n" + "".join(f"{key} = {value}\n" for key, value in step) for step in steps) + junk
    path = tmp_path / "plan.toml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))   # a lone surrogate makes bytes that are not UTF-8
    try:
        lesson = lessons.load_lesson(path)
    except lessons.LessonError as error:
        assert str(error).startswith(str(path)) and "\n" not in str(error)
        return
    assert 1 <= len(lesson.steps) <= lessons.MAX_STEPS


NPY_DESCR = st.sampled_from(["'|u1'", "'<f8'", "'|O'", "'<u2'", "'|V784'", "'bogus'", "[('a', '|u1')]", "3"])
NPY_SHAPE = st.one_of(st.tuples(st.integers(0, 10 ** 18), st.sampled_from([784, 28, 0, 10 ** 15])).map(str),
                      st.sampled_from(["()", "(784,)", "(2, 28, 28)", "(-1, 784)", "'x'", "(1.5, 784)"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(NPY_DESCR, st.sampled_from(["False", "True", "0", "'no'"]), NPY_SHAPE, st.integers(0, 5 * 784),
       st.sampled_from([1, 2]))
def test_a_npy_header_is_drawings_or_one_line(tmp_path, descr, fortran, shape, payload, version):
    path = npy_with_header(tmp_path / "cats.npy", f"{{'descr': {descr}, 'fortran_order': {fortran}, "
                                                  f"'shape': {shape}, }}", bytes(range(256)) * (payload // 256)
                           + bytes(payload % 256), version)
    try:
        drawings = quickdraw.load_quickdraw(path)
    except images.ImageLoadError as error:
        assert str(path) in str(error) and "\n" not in str(error)
        return
    assert drawings.dtype == np.uint8 and drawings.shape[1:] == (28, 28)
    assert len(drawings) * 784 <= payload


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000), st.sampled_from([".npy", ".bin"]))
def test_any_bytes_as_a_quick_draw_file_are_drawings_or_one_line(tmp_path, content, suffix):
    path = tmp_path / f"cats{suffix}"
    path.write_bytes((b"\x93NUMPY" if suffix == ".npy" and content[:1] == b"\x01" else b"") + content)
    try:
        drawings = quickdraw.load_quickdraw(path)
    except images.ImageLoadError as error:
        assert "\n" not in str(error)
        return
    assert drawings.dtype == np.uint8 and drawings.shape[1:] == (28, 28) and len(drawings) >= 1


# --------------------------------------------------------------------------
# Videos for --camera: refused from what they are, in bounded memory and time
# --------------------------------------------------------------------------

def a_video(folder: Path) -> Path:
    from tests.helpers.videos import moving_frames, write_video
    return write_video(folder / "whole.avi", moving_frames(30, 60, 80), fps=15)


def cut_video(folder: Path, keep) -> Path:
    whole = a_video(folder).read_bytes()
    (folder / "whole.avi").unlink()
    path = folder / "cut.avi"
    path.write_bytes(whole[:keep(len(whole))])
    return path


def noise(path: Path) -> Path:
    path.write_bytes(np.random.default_rng(3).integers(0, 256, 10 ** 6, dtype=np.uint8).tobytes())
    return path


BAD_VIDEOS = {
    # name: (make the file in a folder, what the one line says)
    "a sparse 8 GB .avi": (lambda f: sparse_file(f / "big.avi", 8 * 10 ** 9), "is not a video OpenCV can read"),
    "a megabyte of noise as .avi": (lambda f: noise(f / "noise.avi"), "is not a video OpenCV can read"),
    "a video's first 600 bytes": (lambda f: cut_video(f, lambda size: 600), "is not a video OpenCV can read"),
    "/dev/zero as zero.avi": (lambda f: linked_to_dev_zero(f, "zero.avi"), "is a device, not a regular file"),
    "a FIFO as a .avi": (lambda f: fifo(f / "pipe.avi"), "not a regular file"),
}


@pytest.mark.parametrize("case", list(BAD_VIDEOS))
def test_a_bad_video_for_the_camera_is_refused_at_once(tmp_path, start_seconds, case):
    make, says = BAD_VIDEOS[case]
    path = make(tmp_path)
    before = folder_state(tmp_path)
    run = run_measured("sketch.py", "--camera", path.name, "--gif", "clip.gif", cwd=tmp_path)
    assert_refused(run, start_seconds, path.name, says)
    assert folder_state(tmp_path) == before


def test_half_a_video_still_makes_a_clip_of_what_it_has_within_memory(tmp_path):
    path = cut_video(tmp_path, lambda size: size // 2)
    run = run_measured("sketch.py", "--camera", path.name, "--gif", "clip.gif", cwd=tmp_path, timeout=120)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.peak_bytes <= GIB, f"{run.peak_bytes / 2 ** 20:.0f} MiB"
    with Image.open(tmp_path / "clip.gif") as clip:
        assert clip.n_frames > 1
