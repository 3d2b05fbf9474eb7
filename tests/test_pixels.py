"""The exact pixels of the panels and the colours of the kernel's cells, without a window."""

import numpy as np
import pytest

import filters
from convolution.screen import pixels


def test_source_panel_is_the_drawing_enlarged_in_grey():
    image = np.array([[0, 128], [255, 7]], np.uint8)
    shown = filters.enlarge(pixels.source_colours(image), 3)
    assert shown.shape == (6, 6, 3) and shown.dtype == np.uint8
    assert tuple(shown[4, 4]) == (7, 7, 7) and tuple(shown[0, 5]) == (128, 128, 128)


def test_output_panel_clamps_and_paints_skipped_pixels_as_background():
    image = np.random.default_rng(4).integers(0, 256, (6, 7)).astype(np.uint8)
    kernel = filters.PRESETS["laplacian-8"]
    out = filters.convolve(image, kernel)
    shown = filters.enlarge(pixels.output_colours(filters.to_display(out),
                                                filters.computed_mask(out.shape, kernel.shape)), 2)
    assert shown.shape == (12, 14, 3)
    for y in range(6):
        for x in range(7):
            block = shown[2 * y:2 * y + 2, 2 * x:2 * x + 2].reshape(-1, 3)
            if 1 <= y <= 4 and 1 <= x <= 5:
                expected = min(255, max(0, round(float(out[y, x]))))
                assert np.all(block == expected)
            else:
                assert np.all(block == pixels.PANEL_BACKGROUND)


@pytest.mark.parametrize("scale", [1, 3])
def test_enlarging_into_a_py5_buffer_writes_opaque_squares_of_each_colour(scale):
    colours = np.random.default_rng(5).integers(0, 256, (4, 3, 3)).astype(np.uint8)
    argb = np.full((4 * scale, 3 * scale, 4), 7, np.uint8)   # as py5's np_pixels: alpha, red, green, blue
    pixels.enlarge_into(argb, colours, scale)
    for y in range(4 * scale):
        for x in range(3 * scale):
            assert argb[y, x, 0] == 255
            assert tuple(argb[y, x, 1:]) == tuple(colours[y // scale, x // scale])


def test_enlarging_into_a_buffer_of_the_wrong_size_says_what_is_needed():
    with pytest.raises(ValueError, match="8×6×4"):
        pixels.enlarge_into(np.zeros((8, 8, 4), np.uint8), np.zeros((4, 3, 3), np.uint8), 2)


def test_colour_output_keeps_its_channels():
    image = np.zeros((5, 5, 3), np.uint8)
    image[..., 0] = 200
    out = filters.convolve(image, filters.PRESETS["identity"], "zero")
    shown = pixels.output_colours(filters.to_display(out), filters.computed_mask(out.shape, (3, 3), "zero"))
    assert tuple(shown[2, 2]) == (200, 0, 0)


def test_a_kernels_cell_colours_are_each_weights_colour():
    kernel = filters.PRESETS["emboss"]
    largest = float(np.abs(kernel).max())
    assert pixels.cell_colours(kernel) == [[pixels.cell_colour(float(w), largest) for w in row] for row in kernel]
    assert pixels.cell_colours(np.zeros((3, 3))) == [[pixels.NEUTRAL_CELL] * 3] * 3


def test_cell_colours_tell_sign_and_size_apart():
    negative, zero, positive = (pixels.cell_colour(w, 2.0) for w in (-2.0, 0.0, 2.0))
    assert zero == pixels.NEUTRAL_CELL
    assert negative != positive
    assert pixels.cell_colour(-1.0, 2.0) != negative          # weaker is paler
    assert sum(pixels.cell_colour(-1.0, 2.0)) > sum(negative)
    for colour in (negative, zero, positive):
        assert pixels.ink_on(colour) in ((0, 0, 0), (255, 255, 255))


def test_argb_words_hold_alpha_red_green_blue_in_py5s_byte_order():
    colours = np.random.default_rng(8).integers(0, 256, (5, 8, 3)).astype(np.uint8)[:, ::2]   # not contiguous
    words = pixels.argb_words(colours)
    as_bytes = words.view(np.uint8).reshape(5, 4, 4)
    assert np.all(as_bytes[..., 0] == 255)
    np.testing.assert_array_equal(as_bytes[..., 1:], colours)


def test_a_chart_draws_each_curve_across_the_whole_width_from_bottom_to_top():
    words = pixels.chart(50, 20, [([0.0, 1.0], 1.0, (255, 0, 0))])
    as_bytes = words.view(np.uint8).reshape(20, 50, 4)
    red = np.all(as_bytes[..., 1:] == (255, 0, 0), axis=2)
    assert red[18:, 0].all() and red[:2, 49].all()           # from bottom left to top right
    assert red.any(axis=0).all()                              # no gap in the line
    assert not red[0, 0] and not red[19, 49]
    assert tuple(as_bytes[0, 0, 1:]) == pixels.CHART_BACKGROUND and (as_bytes[..., 0] == 255).all()


def test_a_second_curve_is_dashed_so_the_two_differ_by_more_than_colour():
    words = pixels.chart(64, 20, [([0.5, 0.5], 1.0, (255, 0, 0)), ([0.2, 0.2], 1.0, (0, 0, 255))])
    as_bytes = words.view(np.uint8).reshape(20, 64, 4)
    solid = np.all(as_bytes[..., 1:] == (255, 0, 0), axis=2).any(axis=0)
    dashed = np.all(as_bytes[..., 1:] == (0, 0, 255), axis=2).any(axis=0)
    assert solid.all()
    runs = np.diff(np.flatnonzero(np.diff(dashed.astype(int))))   # lengths of the dashes and gaps between
    assert 0.3 <= dashed.mean() <= 0.7 and len(runs) >= 4 and runs.min() >= 4


def test_panels_composed_into_one_picture_keep_their_pixels_and_frames():
    colours = np.random.default_rng(2).integers(0, 256, (3, 4, 3)).astype(np.uint8)
    base = pixels.framed_background(40, 30, [(6, 5, 8, 6)])
    words = pixels.compose(base, [(6, 5, colours, 2)])
    as_bytes = words.view(np.uint8).reshape(30, 40, 4)
    np.testing.assert_array_equal(as_bytes[5:11, 6:14, 1:], filters.enlarge(colours, 2))
    assert tuple(as_bytes[5, 6 - 3, 1:]) == pixels.TEXT_DIM            # the frame, 3 pixels out
    assert tuple(as_bytes[0, 0, 1:]) == pixels.WINDOW_BACKGROUND
