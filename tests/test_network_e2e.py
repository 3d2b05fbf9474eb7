"""The network view on the real sketch under Xvfb: its maps and bars read back, and live training."""

import time

import numpy as np

import filters
import network
from convolution.app.options import prepare
from convolution.files import bundled
from convolution.screen import pixels
from convolution.screen.views import network as network_view
from tests.helpers.live import crop, read_png, run_sketch
from tests.helpers.panels import CAT, enlarged, rgb_of
from tests.helpers.paths import shared_quickdraw

MODEL = network.load(bundled.DOODLES)


def bar_lengths(frame, layout):
    """How far each class's bar is filled, as a share of its track, read from the middle of each bar."""
    lengths = []
    for row in range(len(MODEL.classes)):
        track = network_view.bar_track(layout, row)
        line = frame[track.y + track.h // 2, track.x:track.x + track.w]
        lengths.append(float(np.mean(np.any(line != pixels.PANEL_BACKGROUND, axis=1))))
    return lengths


def test_save_shows_the_cat_its_filters_maps_and_that_it_is_a_cat(xserver, tmp_path):
    out = tmp_path / "network.png"
    result = run_sketch(xserver, "--view", "network", "--save", str(out))
    assert result.returncode == 0, result.stderr
    layout = prepare(["--view", "network"]).layout
    frame = read_png(out)
    assert frame.shape[:2] == (layout.height, layout.width)
    np.testing.assert_array_equal(crop(frame, layout.source), enlarged(rgb_of(CAT), layout.scale))
    maps = MODEL.feature_maps(255 - CAT)            # the cat turned round, as the network learned drawings
    assert len(layout.cards) == len(MODEL.filters) == len(maps.blocks[0].pooled)
    for card, kernel, pooled in zip(layout.cards, MODEL.filters, maps.blocks[0].pooled):
        expected = filters.clamp_to_bytes(pooled * 255)
        np.testing.assert_array_equal(crop(frame, card.pooled), enlarged(rgb_of(expected), layout.map_scale))
        tints = filters.diverging_colours(kernel / np.abs(kernel).max())
        np.testing.assert_array_equal(crop(frame, card.kernel), enlarged(tints, layout.filter_scale))
    lengths = bar_lengths(frame, layout)
    probabilities = MODEL.predict(255 - CAT)[0]
    np.testing.assert_allclose(lengths, probabilities, atol=0.02)    # each bar as long as its probability
    assert lengths[MODEL.classes.index("cat")] > 0.95


def test_drawing_a_rainbow_changes_its_mind(live):
    sketch = live("--view", "network")
    layout = prepare(["--view", "network"]).layout
    cat = MODEL.classes.index("cat")
    sketch.wait_for(lambda f: bar_lengths(f, layout)[cat] > 0.9, what="the cat bar")
    sketch.keys("c")                                    # a blank page
    s, left, top = layout.scale, layout.source.x, layout.source.y
    commands = ["search", "--name", "Convolution filter demo"]
    for radius in (10, 8, 6):                           # three arcs, as Quick Draw's rainbows are drawn
        arc = [(14 + radius * np.cos(a), 20 - radius * np.sin(a)) for a in np.linspace(0, np.pi, 24)]
        commands += ["mousemove", "--window", "%1", str(int(left + arc[0][0] * s)), str(int(top + arc[0][1] * s)),
                     "mousedown", "1"]
        for x, y in arc[1:]:
            commands += ["mousemove", "--window", "%1", str(int(left + x * s)), str(int(top + y * s)), "sleep", "0.03"]
        commands += ["mouseup", "1", "sleep", "0.1"]
    sketch.xdotool_chain(commands)
    rainbow = MODEL.classes.index("rainbow")
    frame = sketch.wait_for(lambda f: bar_lengths(f, layout)[rainbow] == max(bar_lengths(f, layout)),
                            what="the rainbow bar to be the longest")
    assert bar_lengths(frame, layout)[cat] < bar_lengths(frame, layout)[rainbow]


def test_live_training_changes_the_filters_pauses_with_space_and_saves_with_w(live, tmp_path):
    files = [str(shared_quickdraw(name)) for name in ("cats800.bin", "trains800.bin", "rainbows800.bin")]
    sketch = live("--train", *files)
    # The window while it trains: its training panel (progress and curves) goes under the bars, and beside
    # ml5's two rows of cards it sets the window's height. Only whether a run is there changes the layout.
    state = prepare(["--view", "network"]).state
    state.running.training = object()
    layout = network_view.layout_for(state)

    def cards(frame):
        return np.concatenate([crop(frame, card.kernel).reshape(-1) for card in layout.cards])

    sketch.wait_for(lambda f: f.shape[:2] == (layout.height, layout.width), what="the window")
    # Epoch 0 first: the random filters stay on screen (a second at least) before the first step.
    first = cards(sketch.settled())
    changed = sketch.wait_for(lambda f: not np.array_equal(cards(f), first), timeout=20,
                              what="the filters to change as it trains")
    assert not np.array_equal(cards(changed), first)
    sketch.keys("space")                                # pause
    time.sleep(1.0)
    paused = cards(sketch.screenshot())
    time.sleep(1.5)
    assert np.array_equal(cards(sketch.screenshot()), paused)
    sketch.keys("w")
    sketch.wait_for(lambda _: "saved network" in sketch.stdout(), what="the network saved")
    saved = [path for path in tmp_path.glob("doodles-trained-*.npz")]
    assert len(saved) == 1
    trained = network.load(saved[0])
    assert trained.classes == ["cat", "rainbow", "train"]
    assert not np.array_equal(trained.filters, network.Network.random(trained.classes, 1).filters)
    before = saved[0].read_bytes()
    sketch.keys("w")                                    # again: a new file, the first one untouched
    sketch.wait_for(lambda _: sketch.stdout().count("saved network") == 2, what="a second file")
    assert len(list(tmp_path.glob("doodles-trained-*.npz"))) == 2 and saved[0].read_bytes() == before
    sketch.keys("space")                                # and it goes on
    sketch.wait_for(lambda f: not np.array_equal(cards(f), paused), timeout=20, what="training to go on")
