"""ReLU and pooling, the lesson's Part 2, against the lesson's loops and scipy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import filters
from convolution.screen import texts
from convolution.state import demo

rng = np.random.default_rng(12)


def lesson_pool(image, size=2, stride=None, how="max"):
    """The Part 2 sketch's loops, written out: every window, every pixel in it, one at a time."""
    stride = stride or size
    image = np.asarray(image, dtype=np.float64)
    channels = image[:, :, None] if image.ndim == 2 else image
    height, width, depth = channels.shape
    rows, cols = (height - size) // stride + 1, (width - size) // stride + 1
    out = np.zeros((rows, cols, depth))
    for c in range(depth):
        for y in range(rows):
            for x in range(cols):
                values = []
                for j in range(size):
                    for i in range(size):
                        values.append(channels[y * stride + j, x * stride + i, c])
                out[y, x, c] = max(values) if how == "max" else sum(values) / len(values)
    return out[:, :, 0] if image.ndim == 2 else out


def scipy_pool(image, size, stride, how):
    """A second reference: scipy's moving maximum (or mean), read every ``stride`` pixels."""
    ndimage = pytest.importorskip("scipy.ndimage")
    image = np.asarray(image, dtype=np.float64)
    footprint = (size, size) + (1,) * (image.ndim - 2)
    moving = (ndimage.maximum_filter(image, size=footprint, origin=0, mode="constant", cval=-np.inf)
              if how == "max" else ndimage.uniform_filter(image, size=footprint, mode="constant"))
    start = size // 2   # scipy centres the window: its top-left corner is `start` before the centre
    rows, cols = (image.shape[0] - size) // stride + 1, (image.shape[1] - size) // stride + 1
    return moving[start:start + rows * stride:stride, start:start + cols * stride:stride]


@pytest.mark.parametrize("shape", [(28, 28), (27, 29), (6, 9, 3), (5, 5)])
@pytest.mark.parametrize("size, stride", [(2, None), (3, None), (2, 1), (3, 2), (5, 5)])
@pytest.mark.parametrize("how", ["max", "average"])
def test_pooling_equals_the_lessons_loops_and_scipy(shape, size, stride, how):
    image = rng.uniform(-300, 300, shape).astype(np.float32)
    got = filters.pool(image, size, stride, how)
    expected = lesson_pool(image, size, stride, how)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-4)
    if size % 2 == 1:   # scipy's centred window lines up with ours for odd sizes
        np.testing.assert_allclose(got, scipy_pool(image, size, stride or size, how), rtol=1e-6, atol=1e-4)


def test_the_lessons_28x28_cat_pools_to_14x14_and_leftovers_are_dropped():
    assert filters.pool(np.zeros((28, 28)), 2).shape == (14, 14)
    assert filters.pool(np.zeros((29, 27)), 2).shape == (14, 13)   # the last row and column are dropped
    assert filters.pool(np.zeros((28, 28)), 3, 1).shape == (26, 26)


@pytest.mark.parametrize("args, says", [
    (dict(size=0), "size must be a whole number of 1 or more"),
    (dict(size=2, stride=0), "stride must be"),
    (dict(size=2.5), "size must be a whole number"),
    (dict(size=9), "larger than the 8×6 map"),
    (dict(size=2, how="min"), "unknown pooling 'min'"),
])
def test_bad_pooling_sizes_say_why(args, says):
    with pytest.raises(ValueError, match=says):
        filters.pool(np.zeros((6, 8)), **args)


def test_relu_keeps_positive_values_and_zeroes_the_rest():
    values = np.array([[-312.0, -0.5, 0.0], [0.25, 17.0, 400.0]])
    np.testing.assert_array_equal(filters.relu(values), [[0, 0, 0], [0.25, 17, 400]])


@settings(max_examples=60, deadline=None)
@given(arrays(np.float32, st.tuples(st.integers(2, 12), st.integers(2, 12)),
              elements=st.floats(-1000, 1000, width=32)),
       st.integers(1, 4))
def test_max_pooling_commutes_with_the_clamped_display(values, size):
    size = min(size, *values.shape)
    np.testing.assert_array_equal(filters.clamp_to_bytes(filters.pool(values, size)),
                                  filters.pool(filters.clamp_to_bytes(values), size))


def test_a_pooled_pixel_is_worked_out_with_its_window_and_winner():
    values = np.array([[1.0, -5.0, 7.0, 2.0],
                       [300.0, 2.0, 8.0, 9.0]])
    worked = filters.explain_pool(values, 0, 0, 2)
    np.testing.assert_array_equal(worked.window, [[1, -5], [300, 2]])
    assert worked.winner == (1, 0) and worked.result == 300
    mean = filters.explain_pool(values, 0, 1, 2, how="average")
    assert mean.winner is None and mean.result == pytest.approx(6.5)
    readout = texts.make_pool_readout(worked, "max", "clamp", (0, 255))
    assert readout.result == "max = 300 \u2192 clamped to 255"
    assert "300" in readout.lines[1]["weight"] and "300" not in readout.lines[1]["value"]   # the winner is marked


def test_the_demo_pools_its_map_after_relu_and_keys_switch_it():
    image = rng.integers(0, 256, (28, 28)).astype(np.uint8)
    state = demo.new_demo(image, "sobel-x", relu=True, pool=2)
    sums = filters.convolve(image, filters.PRESETS["sobel-x"])
    np.testing.assert_array_equal(state.pooled, lesson_pool(np.maximum(sums, 0), 2))
    np.testing.assert_array_equal(state.pooled_display, filters.clamp_to_bytes(state.pooled))
    demo.toggle_pool_mode(state)
    np.testing.assert_allclose(state.pooled, lesson_pool(np.maximum(sums, 0), 2, how="average"), atol=1e-4)
    demo.toggle_relu(state)
    np.testing.assert_allclose(state.pooled, lesson_pool(sums, 2, how="average"), atol=1e-4)
    for expected in (3, 4, 0, 2):
        demo.cycle_pool(state)
        assert state.pool == expected and (state.pooled is None) == (expected == 0)


def test_stretched_maps_share_the_outputs_scale():
    image = rng.integers(0, 256, (28, 28)).astype(np.uint8)
    state = demo.new_demo(image, "laplacian-8", pool=2, mapping="stretch")
    low, high = state.display_range
    expected = np.clip(np.rint((state.pooled - low) * 255 / (high - low)), 0, 255)
    np.testing.assert_array_equal(state.pooled_display, expected)
