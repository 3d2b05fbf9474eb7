"""Where things go on screen and what the panels' pixels are, without a window."""

import numpy as np
import pytest

import filters
import view


def overlaps(a, b):
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


@pytest.mark.parametrize("size, scale", [((28, 28), 10), ((28, 28), 2), ((28, 28), 1), ((64, 40), 6), ((300, 200), 1)])
def test_panels_sit_side_by_side_inside_the_window_with_the_kernel_between(size, scale):
    w, h = size
    layout = view.make_layout(w, h, scale)
    src, ker, out = layout.source, layout.kernel, layout.output
    assert (src.w, src.h) == (out.w, out.h) == (w * scale, h * scale)
    assert src.y == out.y
    assert src.x + src.w <= ker.x and ker.x + ker.w <= out.x
    assert not overlaps(src, out)
    for rect in (src, ker, out):
        assert rect.x >= 0 and rect.y >= 0
        assert rect.x + rect.w <= layout.width and rect.y + rect.h <= layout.height
    # Text lines are above or below the panels, never across them.
    assert layout.title_y < layout.subtitle_y < src.y - 10
    assert src.y + src.h + 10 < layout.caption_y < layout.hint_y < layout.height


def test_the_default_scale_is_the_lessons_10x_and_shrinks_for_big_images():
    assert view.auto_scale(28, 28) == 10
    assert view.auto_scale(100, 50) == 7
    assert view.auto_scale(2000, 1000) == 1


def test_source_panel_is_the_drawing_enlarged_in_grey():
    image = np.array([[0, 128], [255, 7]], np.uint8)
    pixels = view.source_pixels(image, 3)
    assert pixels.shape == (6, 6, 3) and pixels.dtype == np.uint8
    assert tuple(pixels[4, 4]) == (7, 7, 7) and tuple(pixels[0, 5]) == (128, 128, 128)


def test_output_panel_clamps_and_paints_skipped_pixels_as_background():
    image = np.random.default_rng(4).integers(0, 256, (6, 7)).astype(np.uint8)
    kernel = filters.PRESETS["laplacian-8"]
    out = filters.convolve(image, kernel)
    pixels = view.output_pixels(out, kernel.shape, "skip", 2)
    assert pixels.shape == (12, 14, 3)
    for y in range(6):
        for x in range(7):
            block = pixels[2 * y:2 * y + 2, 2 * x:2 * x + 2].reshape(-1, 3)
            if 1 <= y <= 4 and 1 <= x <= 5:
                expected = min(255, max(0, round(float(out[y, x]))))
                assert np.all(block == expected)
            else:
                assert np.all(block == view.PANEL_BACKGROUND)


def test_colour_output_keeps_its_channels():
    image = np.zeros((5, 5, 3), np.uint8)
    image[..., 0] = 200
    pixels = view.output_pixels(filters.convolve(image, filters.PRESETS["identity"], "zero"), (3, 3), "zero", 1)
    assert tuple(pixels[2, 2]) == (200, 0, 0)


@pytest.mark.parametrize("name, cells, note", [
    ("gaussian-3x3", [["1", "2", "1"], ["2", "4", "2"], ["1", "2", "1"]], "÷ 16"),
    ("box-blur-3x3", [["1"] * 3] * 3, "÷ 9"),
    ("sobel-x", [["−1", "0", "1"], ["−2", "0", "2"], ["−1", "0", "1"]], ""),
])
def test_kernels_are_shown_the_way_the_lesson_writes_them(name, cells, note):
    assert view.kernel_labels(filters.PRESETS[name]) == (cells, note)


def test_the_5x5_gaussian_is_shown_over_256():
    cells, note = view.kernel_labels(filters.PRESETS["gaussian-5x5"])
    assert note == "÷ 256" and cells[2][2] == "36" and cells[0][0] == "1"


def test_random_weights_show_two_decimals_with_a_real_minus():
    cells, note = view.kernel_labels(np.array([[0.123, -0.5, 0.0]] * 3))
    assert note == "" and cells[0] == ["0.12", "−0.5", "0"]
    assert view.format_weight(-0.004) == "0"


def test_cell_colours_tell_sign_and_size_apart():
    negative, zero, positive = (view.cell_colour(w, 2.0) for w in (-2.0, 0.0, 2.0))
    assert zero == view.NEUTRAL_CELL
    assert negative != positive
    assert view.cell_colour(-1.0, 2.0) != negative          # weaker is paler
    assert sum(view.cell_colour(-1.0, 2.0)) > sum(negative)
    for colour in (negative, zero, positive):
        assert view.ink_on(colour) in ((0, 0, 0), (255, 255, 255))
