"""Full screen on the projectors a school has: every picture read back at its floor, the edges plain.

The sketch runs with --fullscreen on a virtual screen of each size (1920×1080,
1366×768, 1024×768) in the states a lesson reaches; each screenshot is cut
where the sketch's own layout for that screen puts the pictures, compared
pixel by pixel with the lesson's numbers, and the pictures' scales are held to
the floors a class can see from the back of the room.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

import filters
from convolution.app import session
from convolution.app.options import prepare
from convolution.screen import pixels
from convolution.screen.views import common
from convolution.screen.views import filter as filter_view
from convolution.state import keys
from tests.helpers.live import LiveSketch, XServer, crop
from tests.helpers.panels import CAT, enlarged, expected_output, expected_source, rgb_of
from tests.helpers.screen_check import recording_canvas
from tests.test_layer_e2e import assert_layer

PROJECTORS = [(1920, 1080), (1366, 768), (1024, 768)]
EDGE = 4


@pytest.fixture(scope="module", params=PROJECTORS, ids=[f"{w}x{h}" for w, h in PROJECTORS])
def projector(request):
    from tests.helpers import live
    if live.missing_tools():
        pytest.skip("Xvfb, xdotool or ImageMagick missing")
    server = XServer(*request.param)
    yield server, request.param
    server.stop()


def full_screen_layout(args, screen):
    options = prepare(list(args))
    running = session.Session(options.state, options.view, fullscreen=True)
    running.open_on(screen)
    return options.state, running.layout


def show(projector, tmp_path, *args):
    server, screen = projector
    sketch = LiveSketch(server, "--fullscreen", *args, cwd=tmp_path)
    sketch.move(screen[0] - 2, 2)   # the mouse over nothing
    time.sleep(1.5)
    frame = sketch.settled()
    assert sketch.alive(), sketch.stderr()
    sketch.keys("q")
    sketch.wait_exit()
    return frame


def assert_plain_edges(frame, theme=pixels.DARK):
    """Nothing within EDGE pixels of the screen's edge: only the window's background there."""
    background = np.array(theme.window_background, np.uint8)
    for band in (frame[:EDGE], frame[-EDGE:], frame[:, :EDGE], frame[:, -EDGE:]):
        assert (band == background).all(), "something is drawn at the very edge of the screen"


FILTER_FLOORS = {(1920, 1080): 12, (1366, 768): 8, (1024, 768): 7}
LAYER_FLOORS = {(1920, 1080): (6, 6), (1366, 768): (5, 3), (1024, 768): (4, 3)}
NETWORK_FLOORS = {(1920, 1080): 10, (1366, 768): 7, (1024, 768): 6}


def test_the_filter_view_with_pooling_is_large_and_exact(projector, tmp_path):
    args = ("--kernel", "sobel-x", "--pool", "2")
    state, layout = full_screen_layout(args, projector[1])
    frame = show(projector, tmp_path, *args)
    assert frame.shape[:2] == (projector[1][1], projector[1][0])
    assert layout.scale >= FILTER_FLOORS[projector[1]]
    kernel = filters.PRESETS["sobel-x"]
    np.testing.assert_array_equal(crop(frame, layout.source), expected_source(CAT, layout.scale))
    np.testing.assert_array_equal(crop(frame, layout.output), expected_output(CAT, kernel, "skip", False, layout.scale))
    pooled = filters.pool(filters.convolve(CAT, kernel), 2)
    np.testing.assert_array_equal(crop(frame, layout.pooled),
                                  enlarged(rgb_of(np.clip(np.rint(pooled), 0, 255).astype(np.uint8)), 2 * layout.scale))
    assert_plain_edges(frame)


@pytest.mark.parametrize("bank", ["sobel-x,sobel-y,laplacian-4,vertical-edge",
                                  "sobel-x,gaussian-5x5,laplacian-4,box-blur-5x5"], ids=["3x3", "mixed 5x5"])
def test_the_layer_view_of_four_filters_is_large_and_exact(projector, tmp_path, bank):
    args = ("--view", "layer", "--bank", bank, "--pool", "2", "--values", "clamp")
    state, layout = full_screen_layout(args, projector[1])
    frame = show(projector, tmp_path, *args)
    floor = LAYER_FLOORS[projector[1]]
    assert layout.scale >= floor[0] and layout.map_scale >= floor[1], (layout.scale, layout.map_scale)
    if "gaussian" not in bank:   # assert_layer's reference knows 3×3 kernels' skipped borders
        assert_layer(frame, CAT, layout, bank.split(","), relu=True)
    else:
        np.testing.assert_array_equal(crop(frame, layout.source), expected_source(CAT, layout.scale))
    assert_plain_edges(frame)


def test_the_network_view_shows_a_drawing_you_can_draw_on(projector, tmp_path):
    args = ("--view", "network")
    state, layout = full_screen_layout(args, projector[1])
    frame = show(projector, tmp_path, *args)
    assert layout.scale >= NETWORK_FLOORS[projector[1]]
    np.testing.assert_array_equal(crop(frame, layout.source), expected_source(CAT, layout.scale))
    # Block 1's pooled maps (the lesson's units, clamped), each at the scale the layout chose for the screen.
    maps = state.running.model.feature_maps(255 - CAT)
    for card in layout.blocks[0]:
        expected = filters.clamp_to_bytes(maps.blocks[0].pooled[card.filter] * 255)
        np.testing.assert_array_equal(crop(frame, card.pooled), enlarged(rgb_of(expected), layout.scales[0].pooled))
    assert_plain_edges(frame)


@pytest.mark.parametrize("unit", ["block 2 pixel", "evidence"])
def test_the_network_view_of_ml5_points_and_shows_the_evidence_in_full_screen(projector, tmp_path, unit):
    import network
    from tests.helpers.live import LiveSketch
    model_path = tmp_path / "ml5.npz"
    network.save(network.Network.random(["cat", "rainbow", "train"], seed=7), model_path)
    args = ("--view", "network", "--model", str(model_path))
    state, layout = full_screen_layout(args, projector[1])
    assert layout.scale >= NETWORK_FLOORS[projector[1]]
    server, screen = projector
    sketch = LiveSketch(server, "--fullscreen", *args, cwd=tmp_path)
    time.sleep(1.5)
    if unit == "evidence":
        sketch.keys("y")
    else:   # a pooled pixel of block 2 (its ReLU maps may be folded away on this screen)
        card, scale = layout.blocks[1][4], layout.scales[1].pooled
        sketch.move(card.pooled.x + 2 * scale + scale // 2, card.pooled.y + scale // 2)
    time.sleep(1.0)
    frame = sketch.settled()
    sketch.keys("q")
    sketch.wait_exit()
    source = crop(frame, layout.source)
    if unit == "evidence":   # the drawing tinted: no longer the cat's own greys
        assert not np.array_equal(source, expected_source(CAT, layout.scale))
    else:                    # the pixel's field outlined on the drawing, in the highlight colour
        highlight = np.array(pixels.DARK.highlight)
        assert (np.abs(source.astype(int) - highlight).sum(axis=2) < 40).any()
    assert_plain_edges(frame)


def test_the_help_sheet_is_complete(projector, tmp_path):
    server, screen = projector
    sketch = LiveSketch(server, "--fullscreen", cwd=tmp_path)
    time.sleep(1.5)
    sketch.keys("h")
    time.sleep(1.0)
    frame = sketch.settled()
    sketch.keys("q")
    sketch.wait_exit()
    # Where the sheet's keys go (the sketch's own drawing code, recorded), then each read back from the screen:
    # every key of the table is there, in the highlight colour, the last ones (F11, h, q) too.
    layout = filter_view.layout_for(prepare([]).state, screen, fullscreen=True)
    canvas, fake = recording_canvas(*screen)
    common.draw_help(canvas, layout, keys.help_lines("filter"))
    labels = [key for key, _ in keys.help_lines("filter")]
    rows = len({round(d.box.y) for d in fake.drawn if d.kind == "text" and d.text in labels})
    highlight = np.array(pixels.DARK.highlight)
    keyed = (np.abs(frame.astype(int) - highlight).sum(axis=2) < 60).any(axis=1)   # lines with a key's colour
    bands = int(np.count_nonzero(keyed[1:] & ~keyed[:-1]) + keyed[0])
    assert bands == rows, f"{bands} lines of keys on the screen, the sheet has {rows}"
    assert not keyed[-EDGE:].any()
