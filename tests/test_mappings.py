"""How sums become what is drawn, and one pixel's arithmetic worked out by hand."""

import numpy as np
import pytest

import filters
from tests.helpers.reference import slow_convolve

SUMS = np.array([[-312.0, -20.0, 0.0], [64.0, 255.0, 700.0]])


def test_absolute_shows_edges_of_both_signs():
    np.testing.assert_array_equal(filters.to_display(SUMS, "absolute"), [[255, 20, 0], [64, 255, 255]])


def test_stretch_maps_the_lowest_to_black_and_the_highest_to_white():
    shown = filters.to_display(SUMS, "stretch")
    assert shown.min() == 0 and shown.max() == 255
    assert shown[0, 0] == 0 and shown[1, 2] == 255
    expected = np.rint((SUMS - -312.0) / (700.0 + 312.0) * 255)
    np.testing.assert_array_equal(shown, expected)
    assert filters.display_range(SUMS, "stretch") == (-312.0, 700.0)


def test_stretch_takes_its_range_from_computed_pixels_only():
    computed = np.array([[False, True, True], [True, True, False]])
    assert filters.display_range(SUMS, "stretch", computed) == (-20.0, 255.0)
    shown = filters.to_display(SUMS, "stretch", computed)
    assert shown[0, 1] == 0 and shown[1, 1] == 255


def test_a_flat_result_stretches_to_mid_grey():
    np.testing.assert_array_equal(filters.to_display(np.full((2, 2), 5.0), "stretch"), np.full((2, 2), 128))


def test_signed_is_neutral_at_zero_and_two_hues_either_side():
    shown = filters.to_display(SUMS, "signed")
    assert shown.shape == (2, 3, 3)
    np.testing.assert_array_equal(shown[0, 2], filters.ZERO_COLOUR)
    np.testing.assert_array_equal(shown[1, 2], filters.POSITIVE_COLOUR)      # the largest |value|
    strongest_negative = filters.diverging_colours(-312.0 / 700.0)
    np.testing.assert_array_equal(shown[0, 0], strongest_negative)
    assert shown[0, 0, 0] > shown[0, 0, 2]     # orange: more red than blue
    assert shown[1, 0, 2] > shown[1, 0, 0]     # blue: more blue than red
    assert filters.display_range(SUMS, "signed") == (-700.0, 700.0)


def test_clamp_range_and_legends():
    assert filters.display_range(SUMS, "clamp") == (0.0, 255.0)
    for mapping in filters.DISPLAY_MAPPINGS:
        legend = filters.legend_colours(mapping, 11)
        assert legend.shape == (11, 3) and legend.dtype == np.uint8
    np.testing.assert_array_equal(filters.legend_colours("clamp", 2), [[0, 0, 0], [255, 255, 255]])
    np.testing.assert_array_equal(filters.legend_colours("signed", 3)[1], filters.ZERO_COLOUR)


def test_every_mapping_handles_colour_images():
    colour = np.random.default_rng(1).normal(0, 300, (4, 5, 3))
    for mapping in filters.DISPLAY_MAPPINGS:
        shown = filters.to_display(colour, mapping)
        assert shown.dtype == np.uint8 and shown.shape == (4, 5, 3)


@pytest.mark.parametrize("edges", filters.EDGE_MODES)
@pytest.mark.parametrize("flip", [False, True])
@pytest.mark.parametrize("size", [(3, 3), (5, 5), (1, 3)])
def test_the_worked_out_pixel_adds_up_to_what_convolve_computes(edges, flip, size):
    rng = np.random.default_rng(sum(size))
    image = rng.integers(0, 256, (6, 7)).astype(np.uint8)
    kernel = rng.uniform(-1, 1, size)
    out = filters.convolve(image, kernel, edges, flip)
    shifted = filters.shifted_sums(image, kernel, edges, flip)
    reference = slow_convolve(image, kernel, edges, flip)
    for y in range(6):
        for x in range(7):
            worked = filters.explain_pixel(image, kernel, y, x, edges, flip)
            np.testing.assert_allclose(worked.total, out[y, x], atol=1e-3)
            np.testing.assert_allclose(worked.total, shifted[y, x], atol=1e-3)
            np.testing.assert_allclose(worked.total, reference[y, x], atol=1e-9)
            assert worked.computed == filters.computed_mask(image.shape, size, edges)[y, x]
            if worked.computed:
                np.testing.assert_allclose(worked.products, worked.values * worked.weights)


def test_the_worked_out_pixel_shows_what_each_border_mode_puts_outside():
    image = np.arange(1, 10, dtype=float).reshape(3, 3)     # 1 2 3 / 4 5 6 / 7 8 9
    corner = {edges: filters.explain_pixel(image, np.ones((3, 3)), 0, 0, edges) for edges in filters.EDGE_MODES}
    assert corner["zero"].values[0].tolist() == [0, 0, 0]
    assert corner["extend"].values.tolist() == [[1, 1, 2], [1, 1, 2], [4, 4, 5]]
    assert corner["wrap"].values.tolist() == [[9, 7, 8], [3, 1, 2], [6, 4, 5]]
    assert corner["reflect"].values.tolist() == [[5, 4, 5], [2, 1, 2], [5, 4, 5]]
    skipped = corner["skip"]
    assert not skipped.computed and np.isnan(skipped.values[0, 0]) and skipped.values[1, 1] == 1
    assert skipped.inside.tolist() == [[False, False, False], [False, True, True], [False, True, True]]
    assert skipped.total == 0


def test_flip_shows_the_turned_kernel():
    kernel = np.arange(9.0).reshape(3, 3)
    worked = filters.explain_pixel(np.ones((3, 3)), kernel, 1, 1, flip=True)
    np.testing.assert_array_equal(worked.weights, kernel[::-1, ::-1])


def test_colour_pixels_add_up_per_channel():
    image = np.random.default_rng(3).integers(0, 256, (4, 4, 3))
    kernel = filters.PRESETS["sobel-x"]
    worked = filters.explain_pixel(image, kernel, 1, 2)
    np.testing.assert_allclose(worked.total, filters.convolve(image, kernel)[1, 2], atol=1e-3)
    assert worked.values.shape == (3, 3, 3)


def test_a_pixel_outside_the_image_is_refused():
    with pytest.raises(ValueError, match="outside"):
        filters.explain_pixel(np.ones((3, 3)), np.ones((3, 3)), 3, 0)
