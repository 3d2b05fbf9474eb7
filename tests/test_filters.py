"""filters.py against the lesson's slow loops, scipy, and properties any convolution has."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import filters
from convolution.files import images
from tests.helpers.reference import slow_convolve

rng = np.random.default_rng(2024)

IMAGES = {
    "square grey": rng.integers(0, 256, (9, 9)).astype(np.uint8),
    "wide grey": rng.integers(0, 256, (6, 11)).astype(np.uint8),
    "tall grey": rng.integers(0, 256, (12, 5)).astype(np.float64),
    "colour": rng.integers(0, 256, (7, 8, 3)).astype(np.uint8),
    "rgba": rng.integers(0, 256, (5, 6, 4)).astype(np.int32),
    "two channels": rng.integers(0, 256, (10, 9, 2)).astype(np.uint8),   # filter2D takes 1, 3 or 4 at once
    "one pixel": np.array([[200]], np.uint8),                            # smaller than every kernel
}
KERNELS = {
    "3x3 lesson": filters.PRESETS["vertical-edge"],
    "3x3 random": rng.uniform(-1, 1, (3, 3)),
    "5x5 random": rng.uniform(-2, 2, (5, 5)),
    "7x7 random": rng.uniform(-1, 1, (7, 7)),
    "1x3": np.array([[1.0, -2.0, 3.0]]),
    "5x3": rng.uniform(-1, 1, (5, 3)),
}
# convolve (OpenCV's sums) and shifted_sums (the lesson's loop over the kernel's weights) must give one result.
ENGINES = {"convolve": filters.convolve, "shifted_sums": filters.shifted_sums}


def close(actual, expected):
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=2e-3)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("edges", filters.EDGE_MODES)
@pytest.mark.parametrize("flip", [False, True])
@pytest.mark.parametrize("kernel_name", KERNELS)
@pytest.mark.parametrize("image_name", IMAGES)
def test_convolve_matches_the_lessons_nested_loops(image_name, kernel_name, flip, edges, engine):
    image, kernel = IMAGES[image_name], KERNELS[kernel_name]
    result = ENGINES[engine](image, kernel, edges=edges, flip=flip)
    assert result.dtype == np.float32
    assert result.shape == image.shape
    close(result, slow_convolve(image, kernel, edges=edges, flip=flip))


SCIPY_MODE = {"zero": "constant", "extend": "nearest", "wrap": "grid-wrap", "reflect": "mirror"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("channels", [0, 3])
@pytest.mark.parametrize("edges", list(SCIPY_MODE))
@pytest.mark.parametrize("size", [3, 5, 7])
def test_padding_modes_match_scipy(edges, size, channels, engine):
    ndimage = pytest.importorskip("scipy.ndimage")
    image = rng.integers(0, 256, (23, 31) + ((channels,) if channels else ())).astype(np.float64)
    kernel = rng.uniform(-1, 1, (size, size))
    weights = kernel if not channels else kernel[:, :, None]   # scipy: a kernel of one channel, so none mix
    close(ENGINES[engine](image, kernel, edges=edges), ndimage.correlate(image, weights, mode=SCIPY_MODE[edges]))
    close(ENGINES[engine](image, kernel, edges=edges, flip=True),
          ndimage.convolve(image, weights, mode=SCIPY_MODE[edges]))


def test_a_photo_sized_image_matches_scipy_in_every_mode():
    ndimage = pytest.importorskip("scipy.ndimage")
    photo = rng.integers(0, 256, (240, 320, 3)).astype(np.uint8)
    kernel = rng.uniform(-1, 1, (5, 5))
    for edges, mode in SCIPY_MODE.items():
        close(filters.convolve(photo, kernel, edges), ndimage.correlate(photo.astype(float), kernel[:, :, None],
                                                                         mode=mode))


def test_the_sums_are_opencvs_where_it_is_installed_and_the_lessons_loop_where_not(monkeypatch):
    cv2 = pytest.importorskip("cv2")
    calls = []
    real = cv2.filter2D
    monkeypatch.setattr(cv2, "filter2D", lambda *args, **kwargs: calls.append(args[0].shape) or real(*args, **kwargs))
    image, kernel = IMAGES["colour"], KERNELS["3x3 random"]
    with_opencv = filters.convolve(image, kernel, "reflect")
    assert calls == [image.shape]
    monkeypatch.setattr(filters, "_opencv", lambda: None)   # as on a machine without OpenCV
    without = filters.convolve(image, kernel, "reflect")
    assert len(calls) == 1
    close(with_opencv, without)


def test_a_kernel_too_large_for_filter2ds_direct_sums_is_summed_by_the_loop():
    # Past 81 weights filter2D goes through a Fourier transform; the lesson's numbers come from the loop.
    image = rng.integers(0, 256, (16, 15)).astype(np.uint8)
    kernel = rng.uniform(-1, 1, (11, 9))
    for edges in filters.EDGE_MODES:
        close(filters.convolve(image, kernel, edges), slow_convolve(image, kernel, edges=edges))


@pytest.mark.parametrize("size", [3, 5])
def test_skip_mode_matches_scipy_inside_and_is_zero_on_the_border(size):
    ndimage = pytest.importorskip("scipy.ndimage")
    image = rng.integers(0, 256, (20, 17)).astype(np.float64)
    kernel = rng.uniform(-1, 1, (size, size))
    r = size // 2
    result = filters.convolve(image, kernel)  # edges="skip" is the default
    close(result[r:-r, r:-r], ndimage.correlate(image, kernel, mode="constant")[r:-r, r:-r])
    border = ~filters.computed_mask(image.shape, kernel.shape, "skip")
    assert border.sum() == image.size - (20 - 2 * r) * (17 - 2 * r)
    assert np.all(result[border] == 0)


def test_a_single_bright_pixel_shows_the_kernel_upside_down_unless_flipped():
    # Cross-correlation of an impulse draws the kernel rotated by 180°;
    # true convolution draws it as written. Rows stay rows: never transposed.
    kernel = np.arange(1, 10, dtype=float).reshape(3, 3)
    impulse = np.zeros((5, 5))
    impulse[2, 2] = 1
    np.testing.assert_array_equal(filters.convolve(impulse, kernel)[1:4, 1:4], kernel[::-1, ::-1])
    np.testing.assert_array_equal(filters.convolve(impulse, kernel, flip=True)[1:4, 1:4], kernel)


def test_vertical_edge_kernel_lights_up_a_dark_to_light_step_going_right():
    image = np.zeros((5, 6))
    image[:, 3:] = 200   # dark on the left, light from column 3
    out = filters.convolve(image, filters.PRESETS["vertical-edge"])
    assert np.all(out[1:4, 3] == 3 * 200)          # the step is under the kernel's +1 column
    assert np.all(out[1:4, [1, 2, 4]] == 0)         # flat regions give nothing


def test_the_lesson_kernel_on_the_lesson_cat(lesson_cat_path):
    cat = images.load_image(lesson_cat_path)
    assert cat.shape == (28, 28)
    out = filters.convolve(cat, filters.PRESETS["vertical-edge"])
    close(out, slow_convolve(cat, filters.PRESETS["vertical-edge"]))
    # The lesson's kernel is "centre minus left", summed over three rows.
    c = cat.astype(float)
    centre_minus_left = c[:, 1:-1] - c[:, :-2]
    by_hand = centre_minus_left[:-2] + centre_minus_left[1:-1] + centre_minus_left[2:]
    close(out[1:-1, 1:-1], by_hand)
    shown = filters.to_display(out)
    assert shown.min() == 0 and shown.max() == 255   # both clamps happen on a real drawing


@settings(max_examples=60, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 12), st.integers(1, 12))),
       st.sampled_from(filters.EDGE_MODES))
def test_identity_kernel_returns_the_image_where_computed(image, edges):
    out = filters.convolve(image, filters.PRESETS["identity"], edges=edges)
    mask = filters.computed_mask(image.shape, (3, 3), edges)
    np.testing.assert_array_equal(out[mask], image[mask])


@settings(max_examples=40, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 10), st.integers(1, 10))),
       st.floats(-8, 8), st.sampled_from(filters.EDGE_MODES), st.booleans())
def test_scaling_the_kernel_scales_the_output(image, c, edges, flip):
    kernel = np.random.default_rng(7).uniform(-1, 1, (3, 3))
    close(filters.convolve(image, c * kernel, edges, flip), c * filters.convolve(image, kernel, edges, flip))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 9), st.integers(0, 9), st.sampled_from([3, 5]))
def test_wrap_mode_commutes_with_shifting_the_image(dy, dx, size):
    image = np.random.default_rng(dy * 10 + dx).integers(0, 256, (10, 10))
    kernel = np.random.default_rng(size).uniform(-1, 1, (size, size))
    shifted_then_filtered = filters.convolve(np.roll(image, (dy, dx), (0, 1)), kernel, "wrap")
    filtered_then_shifted = np.roll(filters.convolve(image, kernel, "wrap"), (dy, dx), (0, 1))
    close(shifted_then_filtered, filtered_then_shifted)


@pytest.mark.parametrize("name", ["box-blur-3x3", "box-blur-5x5", "gaussian-3x3", "gaussian-5x5"])
@pytest.mark.parametrize("edges", ["extend", "wrap", "reflect"])
def test_blurs_keep_a_flat_grey_flat(name, edges):
    out = filters.convolve(np.full((8, 9), 97, np.uint8), filters.PRESETS[name], edges)
    close(out, np.full((8, 9), 97.0))


def test_channels_are_filtered_independently():
    colour = IMAGES["colour"]
    kernel = KERNELS["5x5 random"]
    together = filters.convolve(colour, kernel, "reflect")
    for c in range(3):
        close(together[:, :, c], filters.convolve(colour[:, :, c], kernel, "reflect"))


def test_uint8_sums_do_not_wrap_around():
    out = filters.convolve(np.full((3, 3), 255, np.uint8), np.full((3, 3), 1.0))
    assert out[1, 1] == 9 * 255


# ---- the presets -------------------------------------------------------------

def test_presets_hold_the_lessons_kernels():
    p = filters.PRESETS
    np.testing.assert_array_equal(p["vertical-edge"], [[-1, 1, 0]] * 3)
    np.testing.assert_array_equal(p["horizontal-edge"], p["vertical-edge"].T)
    np.testing.assert_allclose(p["box-blur-3x3"] * 9, np.ones((3, 3)))
    np.testing.assert_allclose(p["box-blur-5x5"] * 25, np.ones((5, 5)))
    np.testing.assert_allclose(p["gaussian-3x3"] * 16, [[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    np.testing.assert_allclose(p["gaussian-5x5"] * 256, np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]))
    np.testing.assert_array_equal(p["sharpen"], [[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
    np.testing.assert_array_equal(p["laplacian-4"], [[0, -1, 0], [-1, 4, -1], [0, -1, 0]])
    np.testing.assert_array_equal(p["laplacian-8"], [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]])
    np.testing.assert_array_equal(p["sobel-x"], [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    np.testing.assert_array_equal(p["sobel-y"], [[-1, -2, -1], [0, 0, 0], [1, 2, 1]])
    np.testing.assert_array_equal(p["prewitt-x"], [[-1, 0, 1]] * 3)
    np.testing.assert_array_equal(p["prewitt-y"], p["prewitt-x"].T)
    np.testing.assert_array_equal(p["emboss"], [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]])


def test_every_preset_is_a_valid_kernel_with_a_description():
    for name, kernel in filters.PRESETS.items():
        assert filters.check_kernel(kernel).shape[0] % 2 == 1
        assert filters.DESCRIPTIONS[name]
    assert list(filters.PRESETS)[0] == "identity"


def test_random_kernels_are_uniform_in_minus_one_to_one_and_repeat_with_a_seed():
    first = filters.random_kernel(np.random.default_rng(5))
    again = filters.random_kernel(np.random.default_rng(5))
    assert first.shape == (3, 3)
    np.testing.assert_array_equal(first, again)
    many = filters.random_kernel(np.random.default_rng(1), size=41)
    assert many.min() >= -1 and many.max() <= 1
    assert many.min() < -0.95 and many.max() > 0.95 and abs(many.mean()) < 0.1
    assert filters.random_kernel(np.random.default_rng(1), size=5).shape == (5, 5)


# ---- bad arguments -------------------------------------------------------------

@pytest.mark.parametrize("kernel, says", [
    (np.ones((2, 2)), "odd size"),
    (np.ones((3, 4)), "odd size"),
    (np.ones(3), "2-D"),
    (np.ones((3, 3, 3)), "2-D"),
    ([[1, 2, 3], [4, 5]], "rows of equal length"),
    ([[0, 0, 0], [0, np.nan, 0], [0, 0, 0]], "finite"),
    ([[0, 0, 0], [0, np.inf, 0], [0, 0, 0]], "finite"),
    ([["a", "b", "c"]] * 3, "numbers"),
])
@pytest.mark.parametrize("engine", ENGINES)
def test_bad_kernels_are_refused_with_a_reason(kernel, says, engine):
    with pytest.raises(ValueError, match=says) as raised:
        ENGINES[engine](np.zeros((5, 5)), kernel)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("engine", ENGINES)
def test_unknown_edge_mode_lists_the_modes(engine):
    with pytest.raises(ValueError, match="skip, zero, extend, wrap, reflect"):
        ENGINES[engine](np.zeros((5, 5)), np.ones((3, 3)), edges="mirror")


@pytest.mark.parametrize("image, says", [
    (np.zeros((0, 5)), "empty"),
    (np.zeros(5), "H×W"),
    (np.full((3, 3), np.nan), "finite"),
])
@pytest.mark.parametrize("engine", ENGINES)
def test_bad_images_are_refused_with_a_reason(image, says, engine):
    with pytest.raises(ValueError, match=says) as raised:
        ENGINES[engine](image, np.ones((3, 3)))
    assert "\n" not in str(raised.value)


def test_an_image_smaller_than_the_kernel_has_nothing_to_compute_in_skip_mode():
    tiny = np.full((2, 2), 10.0)
    assert not filters.computed_mask(tiny.shape, (3, 3)).any()
    np.testing.assert_array_equal(filters.convolve(tiny, np.ones((3, 3))), np.zeros((2, 2)))
    close(filters.convolve(tiny, np.ones((3, 3)), "extend"), np.full((2, 2), 90.0))


# ---- from sums to pixels ---------------------------------------------------------

def test_clamping_stores_sums_the_way_a_canvas_does():
    sums = np.array([-312.0, -0.4, 0.5, 1.5, 127.5, 254.6, 255.4, 400.0])
    np.testing.assert_array_equal(filters.clamp_to_bytes(sums), [0, 0, 0, 2, 128, 255, 255, 255])
    assert filters.to_display(sums).dtype == np.uint8
    np.testing.assert_array_equal(filters.to_display(sums), filters.clamp_to_bytes(sums))
    with pytest.raises(ValueError, match="clamp"):
        filters.to_display(sums, "rainbow")


def test_enlarge_turns_each_pixel_into_a_square():
    small = np.array([[1, 2], [3, 4]], np.uint8)
    big = filters.enlarge(small, 3)
    assert big.shape == (6, 6)
    for y in range(6):
        for x in range(6):
            assert big[y, x] == small[y // 3, x // 3]
    assert filters.enlarge(np.zeros((2, 3, 3)), 4).shape == (8, 12, 3)


@pytest.mark.parametrize("weight, says", [
    (1e39, "too large: convolve\\(\\) works in float32"),     # finite as float64, infinity as float32
    (1e37, "a sum could reach"),                              # finite, but 255 of them would not be
])
def test_weights_too_large_for_float32_are_refused_not_turned_into_infinity(weight, says):
    image = np.full((6, 6), 255.0)
    kernel = np.zeros((3, 3))
    kernel[1, 1] = weight
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # no overflow warnings either
        with pytest.raises(ValueError, match=says):
            filters.convolve(image, kernel)


def test_large_but_safe_weights_still_give_the_exact_sum():
    image = np.full((5, 5), 255.0)
    kernel = np.zeros((3, 3))
    kernel[1, 1] = 1e30
    assert filters.convolve(image, kernel, "zero")[2, 2] == pytest.approx(255e30, rel=1e-6)
