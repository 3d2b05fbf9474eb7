"""Moving the drawing: each probe against a plain loop or an independent library (scipy), and the sweep
against asking the network shift by shift."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

import network
from convolution.state import probe


def drawing(seed=0, shape=(28, 28)):
    rng = np.random.default_rng(seed)
    image = np.full(shape, 255.0, np.float32)   # dark strokes on white, as the cat
    image[rng.integers(4, 24, 40), rng.integers(4, 24, 40)] = 0
    return image


@pytest.mark.parametrize("dx, dy", [(1, 0), (-1, 0), (0, 1), (0, -1), (3, -2), (-27, 5), (28, 0)])
def test_a_move_is_the_plain_loop_s(dx, dy):
    image = drawing()
    result = probe.moved(image, dx, dy, 255.0)
    expected = np.full_like(image, 255.0)
    for y in range(28):
        for x in range(28):
            if 0 <= y - dy < 28 and 0 <= x - dx < 28:
                expected[y, x] = image[y - dy, x - dx]
    np.testing.assert_array_equal(result, expected)


@pytest.mark.parametrize("degrees, factor", [(15, 1.0), (-15, 1.0), (0, 1.1), (0, 1 / 1.1), (30, 1.2)])
def test_a_turn_or_scaling_is_scipy_s_affine_transform(degrees, factor):
    image = drawing(1)
    result = probe.transformed(image, degrees, factor, 255.0)
    # scipy maps each output (row, col) to input matrix @ (row, col) + offset.
    angle = np.radians(degrees)
    cos, sin = np.cos(angle) / factor, np.sin(angle) / factor
    matrix = np.array([[cos, sin], [-sin, cos]])   # (row, col) form of the inverse turn and scale
    centre = np.array([13.5, 13.5])
    expected = ndimage.affine_transform(image.astype(np.float64), matrix, offset=centre - matrix @ centre,
                                        order=1, mode="constant", cval=255.0)
    assert np.abs(result - np.rint(expected)).max() <= 1


def test_turning_by_nothing_changes_nothing_and_mirroring_twice_is_the_drawing():
    image = drawing(2)
    np.testing.assert_array_equal(probe.transformed(image, 0, 1.0, 255.0), image)
    np.testing.assert_array_equal(probe.apply(probe.apply(image, "mirror"), "mirror"), image)


def test_probes_fill_with_the_page_s_own_colour():
    dark_page = 255 - drawing(3)   # white strokes on black
    moved = probe.apply(dark_page, "left")
    assert (moved[:, -1] == 0).all()
    light = probe.apply(drawing(3), "smaller")
    assert (light[0] == 255).all() and (light[:, 0] == 255).all()


def test_the_sweep_is_the_network_asked_shift_by_shift():
    model = network.Network.random(["cat", "rainbow", "train"], seed=4)
    white_on_black = (255 - drawing(5)).astype(np.uint8)
    sweep = probe.shift_sweep(model.predict, white_on_black, 1, reach=2)
    assert sweep.shape == (5, 5)
    for dy in range(-2, 3):
        for dx in range(-2, 3):
            alone = model.predict(probe.moved(white_on_black, dx, dy, 0))[0, 1]
            assert abs(sweep[dy + 2, dx + 2] - alone) < 1e-5
    assert abs(sweep[2, 2] - model.predict(white_on_black)[0, 1]) < 1e-6


def test_the_sweep_is_worked_out_off_the_caller_s_thread_and_polled():
    import threading
    model = network.Network.random(["cat", "rainbow", "train"], seed=4)
    threads, release = [], threading.Event()

    def predict(batch):
        threads.append(threading.current_thread())
        release.wait(5)   # held until the caller has polled once: poll never waits for it
        return model.predict(batch)

    white_on_black = (255 - drawing(6)).astype(np.uint8)
    sweep = probe.start_sweep(predict, white_on_black, 0, reach=1)
    assert not sweep.poll() and sweep.probabilities is None
    release.set()
    for _ in range(500):
        if sweep.poll():
            break
        threading.Event().wait(0.01)
    assert threads and threads[0] is not threading.current_thread()
    np.testing.assert_allclose(sweep.probabilities, probe.shift_sweep(model.predict, white_on_black, 0, 1))
    assert sweep.shows(white_on_black, 0) and not sweep.shows(white_on_black, 1)
    assert not sweep.shows(probe.moved(white_on_black, 1, 0, 0), 0)
