"""Loading drawings: every file the tests use is written by the tests themselves."""

import numpy as np
import pytest
from PIL import Image

from convolution.files import images
from tests.helpers.commands import empty_png


def save(tmp_path, name, array, mode=None, **options):
    path = tmp_path / name
    Image.fromarray(array, mode=mode).save(path, **options)
    return path


def test_the_bundled_cat_is_a_28x28_grey_drawing_dark_on_white():
    cat = images.load_image(images.DEFAULT_IMAGE)
    assert cat.shape == (28, 28) and cat.dtype == np.uint8
    assert np.all(cat[0] == 255) and np.all(cat[:, 0] == 255)     # white margin
    assert cat.min() < 30 and (cat < 128).mean() > 0.1             # dark strokes


def test_a_grey_png_loads_as_height_by_width(tmp_path):
    grey = np.arange(12, dtype=np.uint8).reshape(3, 4) * 20
    np.testing.assert_array_equal(images.load_image(save(tmp_path, "g.png", grey)), grey)


def test_a_colour_png_keeps_its_three_channels(tmp_path):
    colour = np.random.default_rng(1).integers(0, 256, (5, 7, 3)).astype(np.uint8)
    np.testing.assert_array_equal(images.load_image(save(tmp_path, "c.png", colour)), colour)


def test_a_colour_file_with_equal_channels_is_grey(tmp_path):
    grey = np.random.default_rng(2).integers(0, 256, (4, 4)).astype(np.uint8)
    loaded = images.load_image(save(tmp_path, "rgb-grey.png", np.dstack([grey] * 3)))
    np.testing.assert_array_equal(loaded, grey)


def test_transparent_pixels_are_laid_over_white(tmp_path):
    rgba = np.zeros((2, 2, 4), np.uint8)
    rgba[0, 0] = (0, 0, 0, 255)      # opaque black
    rgba[0, 1] = (0, 0, 0, 0)        # fully transparent
    rgba[1, :] = (0, 0, 0, 128)      # half transparent black
    loaded = images.load_image(save(tmp_path, "a.png", rgba))
    np.testing.assert_array_equal(loaded, [[0, 255], [127, 127]])


def test_a_jpeg_loads_as_colour(tmp_path):
    colour = np.zeros((16, 16, 3), np.uint8)
    colour[:, :8] = (220, 30, 30)
    colour[:, 8:] = (30, 30, 220)
    loaded = images.load_image(save(tmp_path, "p.jpg", colour, quality=95))
    assert loaded.shape == (16, 16, 3)
    assert abs(int(loaded[8, 2, 0]) - 220) < 12 and abs(int(loaded[8, 13, 2]) - 220) < 12


def test_a_16_bit_png_keeps_its_tones(tmp_path):
    wide = (np.arange(16, dtype=np.uint16).reshape(4, 4) * 4369)   # 0 … 65535
    path = tmp_path / "deep.png"
    Image.fromarray(wide).save(path)
    loaded = images.load_image(path)
    np.testing.assert_array_equal(loaded, np.rint(wide / 257).astype(np.uint8))


def test_the_lesson_cat_loads_as_grey(lesson_cat_path):
    cat = images.load_image(lesson_cat_path)
    assert cat.shape == (28, 28)
    assert cat[0, 0] > 200 and cat.min() < 60      # dark strokes on white


@pytest.mark.parametrize("make, says", [
    (lambda p: p / "missing.png", "not found"),
    (lambda p: p, "folder"),
    (lambda p: (p / "notes.png").write_text("hello") and p / "notes.png", "not an image"),
])
def test_unusable_files_get_one_clear_line(tmp_path, make, says):
    with pytest.raises(images.ImageLoadError, match=says) as caught:
        images.load_image(make(tmp_path))
    assert "\n" not in str(caught.value)


def test_a_truncated_png_is_reported_as_damaged(tmp_path):
    path = save(tmp_path, "whole.png", np.random.default_rng(3).integers(0, 256, (64, 64, 3)).astype(np.uint8))
    cut = tmp_path / "cut.png"
    cut.write_bytes(path.read_bytes()[:400])
    with pytest.raises(images.ImageLoadError, match="damaged or truncated"):
        images.load_image(cut)


def test_an_unreadable_file_says_so(tmp_path, monkeypatch):
    # Root (as in CI) can read any file, so stand in for the operating system's refusal.
    path = save(tmp_path, "locked.png", np.zeros((3, 3), np.uint8))

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(images.Image, "open", refuse)
    with pytest.raises(images.ImageLoadError, match="no permission to read"):
        images.load_image(path)


def test_a_0x0_png_is_too_small_not_damaged(tmp_path):
    path = empty_png(tmp_path, 0, 7)
    says = "0\u00d77 pixels, too small to filter: use one of at least 3\u00d73"
    with pytest.raises(images.ImageLoadError, match=says):
        images.load_image(path)


def test_a_1x1_png_still_loads_so_the_caller_can_say_it_is_too_small(tmp_path):
    assert images.load_image(save(tmp_path, "dot.png", np.zeros((1, 1), np.uint8))).shape == (1, 1)
    assert "at least 3\u00d73" in images.too_small_message(1, 1)


def test_not_an_image_mentions_quickdraw_files_too(tmp_path):
    path = tmp_path / "notes.jpg"
    path.write_text("hello")
    with pytest.raises(images.ImageLoadError, match="use a PNG or JPEG \\(or a Quick Draw .npy or .bin"):
        images.load_image(path)


def test_fit_within_leaves_a_small_image_alone():
    small = np.zeros((28, 28), np.uint8)
    assert images.fit_within(small, 760) is small


@pytest.mark.parametrize("shape, max_side, expected", [
    ((1080, 1920), 760, (428, 760)),
    ((1920, 1080), 760, (760, 428)),
    ((1000, 1000), 760, (760, 760)),
    ((100, 4000), 760, (19, 760)),
])
def test_fit_within_keeps_the_shape_of_the_picture(shape, max_side, expected):
    assert images.fit_within(np.zeros(shape, np.uint8), max_side).shape == expected


def test_fit_within_averages_the_pixels_it_shrinks():
    # A fine checkerboard of 0 and 200 averages to an even grey, not to one of the two.
    board = (np.indices((800, 1600)).sum(axis=0) % 2 * 200).astype(np.uint8)
    shrunk = images.fit_within(board, 400)
    assert shrunk.shape == (200, 400) and shrunk.dtype == np.uint8
    assert np.all(np.abs(shrunk.astype(int) - 100) <= 1)


def test_fit_within_keeps_colour_and_a_minimum_width():
    colour = np.zeros((4, 3000, 3), np.uint8)
    colour[..., 1] = 180
    shrunk = images.fit_within(colour, 760, min_side=3)
    assert shrunk.shape == (3, 760, 3)
    assert np.all(shrunk[..., 1] == 180) and np.all(shrunk[..., 0] == 0)
