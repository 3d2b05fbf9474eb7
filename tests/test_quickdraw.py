"""Quick Draw bitmap files: real cats where ../shared is present, and files the tests write themselves."""

import os

import numpy as np
import pytest

from convolution.app.options import prepare
from convolution.files import images, quickdraw
from convolution.screen import texts
from convolution.state import demo
from tests.helpers.commands import assert_one_line_error, run_without_display
from tests.helpers.paths import shared_quickdraw


@pytest.fixture
def quickdraw_cats_path():
    """The 1000 real Quick Draw cats (raw .bin), only in the development checkout."""
    return shared_quickdraw("cats1000.bin")


def drawings(count, seed=0):
    """``count`` made-up 28×28 drawings: a white bar on black, in a different place each."""
    stack = np.zeros((count, 28, 28), np.uint8)
    for n in range(count):
        stack[n, 4 + n % 20, 3:25] = 255
    stack[:, 0, 0] = np.random.default_rng(seed).integers(0, 256, count)   # tell them apart
    return stack


def write_npy(tmp_path, array, name="cat.npy"):
    path = tmp_path / name
    with open(path, "wb") as file:   # np.save would add ".npy" to a name ending ".NPY"
        np.save(file, array)
    return path


def write_bin(tmp_path, data, name="cats.bin"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else np.asarray(data, np.uint8).tobytes())
    return path


def quickdraw_strokes(records):
    """Bytes in Quick Draw's binary stroke format (the dataset's other .bin files)."""
    out = bytearray()
    for n in range(records):
        out += (1000 + n).to_bytes(8, "little") + b"GB" + b"\x01" + (1_500_000_000).to_bytes(4, "little")
        out += (2).to_bytes(2, "little")                       # two strokes
        for points in (3, 2):
            out += points.to_bytes(2, "little") + bytes(range(10, 10 + points)) + bytes(range(50, 50 + points))
    return bytes(out)


# --------------------------------------------------------------------------
# The real cats
# --------------------------------------------------------------------------

def test_the_real_cats_load_as_1000_white_on_black_drawings(quickdraw_cats_path):
    cats = quickdraw.load_quickdraw(quickdraw_cats_path)
    assert cats.shape == (1000, 28, 28) and cats.dtype == np.uint8
    assert cats[:, 0, :].max() < 64                      # a dark margin at the top
    assert np.median(cats) == 0 and cats.max() == 255     # white strokes on black


def test_drawing_1_inverted_is_the_lesson_cat(quickdraw_cats_path, lesson_cat_path):
    cat = images.load_image(lesson_cat_path).astype(float)
    drawing = 255.0 - quickdraw.load_quickdraw(quickdraw_cats_path)[1]
    assert np.corrcoef(drawing.ravel(), cat.ravel())[0, 1] > 0.95
    assert np.abs(drawing - cat).mean() < 20               # a slight tone change only
    other = 255.0 - quickdraw.load_quickdraw(quickdraw_cats_path)[2]
    assert np.corrcoef(other.ravel(), cat.ravel())[0, 1] < 0.5


def test_prepare_opens_drawing_1_inverted_as_the_lesson_shows_it(quickdraw_cats_path, lesson_cat_path):
    options = prepare(["--image", str(quickdraw_cats_path), "--index", "1", "--invert"])
    state, layout = options.state, options.layout
    cats = quickdraw.load_quickdraw(quickdraw_cats_path)
    np.testing.assert_array_equal(state.image, 255 - cats[1])        # what is shown …
    assert state.output.shape == (28, 28)                              # … is what is filtered
    np.testing.assert_array_equal(state.drawings, cats)                # stored as in the file
    assert state.drawing_index == 1 and state.inverted
    assert texts.source_note(state) == texts.quickdraw_note(1, 1000)
    assert layout.scale == 10
    cat = images.load_image(lesson_cat_path).astype(float)
    assert np.corrcoef(state.image.astype(float).ravel(), cat.ravel())[0, 1] > 0.95


def test_the_real_cats_index_out_of_range_says_how_many(quickdraw_cats_path):
    result = run_without_display("--image", str(quickdraw_cats_path), "--index", "1000")
    assert_one_line_error(result, "has 1000 drawings", "0 to 999")


# --------------------------------------------------------------------------
# Files the tests write
# --------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".npy", ".NPY", ".bin"])
def test_npy_and_bin_files_give_every_drawing_as_stored(tmp_path, suffix):
    stack = drawings(5)
    if suffix.lower() == ".npy":
        path = write_npy(tmp_path, stack.reshape(5, 784), "cat" + suffix)
    else:
        path = write_bin(tmp_path, stack, "cat" + suffix)
    loaded = quickdraw.load_quickdraw(path)
    assert loaded.dtype == np.uint8 and loaded.shape == (5, 28, 28)
    np.testing.assert_array_equal(loaded, stack)


def test_quickdraw_names_are_recognised_by_their_ending():
    assert quickdraw.is_quickdraw_path("cat.npy") and quickdraw.is_quickdraw_path("x/Cats.BIN")
    assert not quickdraw.is_quickdraw_path("cat.png") and not quickdraw.is_quickdraw_path("cat.npz")


def test_a_drawing_file_reaches_the_demo_with_its_index(tmp_path):
    stack = drawings(12)
    path = write_npy(tmp_path, stack.reshape(12, 784))
    options = prepare(["--image", str(path), "--index", "7", "--kernel", "sobel-x"])
    state, layout = options.state, options.layout
    np.testing.assert_array_equal(state.image, stack[7])              # light on dark, as stored
    assert state.drawing_index == 7 and not state.inverted
    assert texts.source_note(state) == texts.quickdraw_note(7, 12)
    assert layout.source.w == 280


def test_index_defaults_to_the_first_drawing(tmp_path):
    stack = drawings(3)
    state = prepare(["--image", str(write_bin(tmp_path, stack))]).state
    np.testing.assert_array_equal(state.image, stack[0])
    assert state.drawing_index == 0


def test_invert_makes_the_drawing_dark_on_light_and_stepping_keeps_it(tmp_path):
    stack = drawings(3)
    state = prepare(["--image", str(write_bin(tmp_path, stack)), "--invert"]).state
    np.testing.assert_array_equal(state.image, 255 - stack[0])
    demo.step_drawing(state, +1)
    np.testing.assert_array_equal(state.image, 255 - stack[1])
    assert texts.source_note(state) == texts.quickdraw_note(1, 3)


@pytest.mark.parametrize("index, says", [
    ("3", "--index 3: cats.bin has 3 drawings, numbered 0 to 2"),
    ("-1", "must be 0 or more"),
    ("two", "'two' is not a whole number"),
])
def test_an_index_out_of_range_says_how_many_drawings_there_are(tmp_path, index, says):
    path = write_bin(tmp_path, drawings(3))
    assert_one_line_error(run_without_display("--image", str(path), "--index", index), says)


def test_one_drawing_is_counted_in_the_singular(tmp_path):
    with pytest.raises(ValueError, match="has 1 drawing, numbered 0 to 0"):
        prepare(["--image", str(write_bin(tmp_path, drawings(1))), "--index", "1"])


def test_index_with_an_ordinary_image_is_refused(tmp_path):
    from PIL import Image
    path = tmp_path / "photo.png"
    Image.fromarray(np.zeros((8, 8), np.uint8)).save(path)
    with pytest.raises(ValueError, match="photo.png is a single image: leave --index out"):
        prepare(["--image", str(path), "--index", "2"])


def bad_npy_object(tmp_path):
    path = tmp_path / "objects.npy"
    np.save(path, np.array([{"not": "a drawing"}], dtype=object), allow_pickle=True)
    return path


def truncated_npy(tmp_path):
    whole = write_npy(tmp_path, drawings(4).reshape(4, 784), "whole.npy")
    cut = tmp_path / "cut.npy"
    cut.write_bytes(whole.read_bytes()[:1000])
    return cut


def npz_named_npy(tmp_path):
    path = tmp_path / "cats.npz"
    np.savez(path, drawings=drawings(2).reshape(2, 784))
    return path.rename(tmp_path / "cats.npy")


@pytest.mark.parametrize("make, says", [
    (lambda p: p / "missing.npy", "not found"),
    (lambda p: (p / "folder.npy").mkdir() or p / "folder.npy", "is a folder"),
    (lambda p: write_npy(p, drawings(2).reshape(2, 784).astype(np.float32)), "2\u00d7784 float32 array"),
    (lambda p: write_npy(p, drawings(2)), "2\u00d728\u00d728 uint8 array"),
    (lambda p: write_npy(p, np.zeros(784, np.uint8)), "784 uint8 array"),
    (lambda p: write_npy(p, np.uint8(7)), "holds a single uint8 value, but"),
    (lambda p: write_npy(p, np.zeros((0, 784), np.uint8)), "holds no drawings"),
    (bad_npy_object, "holds Python objects, which are never loaded"),
    (truncated_npy, "damaged or truncated"),
    (npz_named_npy, ".npz archive"),
    (lambda p: (p / "notes.npy").write_text("hello") and p / "notes.npy", "not a numpy .npy file"),
    (lambda p: write_bin(p, b""), "is empty"),
    (lambda p: write_bin(p, bytes(784 * 2 + 5)), "1573 bytes, not a whole number of 784-byte"),
    (lambda p: write_bin(p, quickdraw_strokes(3)), "stroke format"),
])
def test_a_file_that_is_not_what_its_name_says_gets_one_line(tmp_path, make, says):
    with pytest.raises(images.ImageLoadError, match=says) as caught:
        quickdraw.load_quickdraw(make(tmp_path))
    assert "\n" not in str(caught.value)


def test_a_pickled_npy_never_runs_its_code(tmp_path):
    class Boom:
        def __reduce__(self):
            return (exec, (f"open({str(tmp_path / 'ran.txt')!r}, 'w').write('ran')",))

    path = tmp_path / "evil.npy"
    array = np.empty(1, dtype=object)
    array[0] = Boom()
    with open(path, "wb") as file:
        np.lib.format.write_array(file, array, allow_pickle=True)
    with pytest.raises(images.ImageLoadError, match="never loaded"):
        quickdraw.load_quickdraw(path)
    assert not (tmp_path / "ran.txt").exists()


def test_bitmaps_are_not_mistaken_for_strokes():
    assert quickdraw.looks_like_quickdraw_strokes(quickdraw_strokes(1))
    assert quickdraw.looks_like_quickdraw_strokes(quickdraw_strokes(300))
    assert not quickdraw.looks_like_quickdraw_strokes(drawings(10).tobytes())
    assert not quickdraw.looks_like_quickdraw_strokes(quickdraw_strokes(2)[:-3])
    assert not quickdraw.looks_like_quickdraw_strokes(b"")


def test_an_unreadable_quickdraw_file_says_so(tmp_path, monkeypatch):
    # Root (as in CI) can read any file, so stand in for the operating system's refusal.
    path = write_bin(tmp_path, drawings(2))

    real_open = os.open

    def refuse(name, *args, **kwargs):
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(images.ImageLoadError, match="no permission to read"):
        quickdraw.load_quickdraw(path)


def test_a_bad_quickdraw_file_from_the_command_line_is_one_line(tmp_path):
    path = write_bin(tmp_path, bytes(1000))
    assert_one_line_error(run_without_display("--image", str(path)), "1000 bytes", "784-byte")
