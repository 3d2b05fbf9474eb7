"""The network view on the real sketch under Xvfb: its maps and bars read back, and live training."""

import time

import numpy as np

import filters
import network
from convolution.app import session
from convolution.app.options import prepare
from convolution.files import bundled
from convolution.learning import background
from convolution.screen import pixels
from convolution.screen.views import network as network_view
from tests.helpers.live import crop, layout_in, read_png, run_sketch, window_layout
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
    # and it is a cat, by far (label smoothing keeps the shipped network near 93% sure of what it knows well)
    assert lengths[MODEL.classes.index("cat")] > 0.85 and probabilities.argmax() == MODEL.classes.index("cat")


def test_drawing_a_rainbow_changes_its_mind(live):
    sketch = live("--view", "network")
    layout = layout_in(sketch.settled(), "--view", "network")   # the layout of the window it opened
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


def training_layout(frame, *args):
    """The layout sketch.py with these arguments (--train …) takes in a window the size of ``frame``, as the
    sketch lays it out: the state of its command line with a live training run in it as window.py starts one
    (background.start's TrainingRun at epoch 0, random filters for the classes, its network the model shown;
    no worker: the screen reads only the run's fields), the window the size it opened at."""
    options = prepare(list(args))
    assert options.training is not None
    _, _, classes = options.training
    run = background.TrainingRun(list(classes), network.Network.random(classes, options.seed))
    options.state.running.training, options.state.running.model = run, run.network
    running = session.Session(options.state, options.view, options.scale, fullscreen=options.fullscreen,
                              theme=options.theme)
    running.window = (frame.shape[1], frame.shape[0])
    return running.make_layout()


def test_live_training_changes_the_filters_pauses_with_space_and_saves_with_w(live, tmp_path):
    files = [str(shared_quickdraw(name)) for name in ("cats800.bin", "trains800.bin", "rainbows800.bin")]
    sketch = live("--train", *files)
    # Epoch 0 first: the random filters stay on screen (a second at least) before the first step. Settled at
    # 0.1 s apart, well inside that second (at 0.3 s, a slow start could miss it and settle only once all the
    # epochs were trained, with nothing left to change).
    opened = sketch.settled(pause=0.1)
    layout = training_layout(opened, "--train", *files)

    def cards(frame):
        return np.concatenate([crop(frame, card.kernel).reshape(-1) for card in layout.cards])

    # Epoch 0 first: the starting filters (line detectors) stay on screen a second at least before the first step.
    first = cards(opened)    # epoch 0's frame itself: laying it out takes time training would not wait for
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


def ml5_file(tmp_path):
    """ml5's two-block network (random weights: every map has something to show) as a model file."""
    path = tmp_path / "ml5.npz"
    network.save(network.Network.random(["cat", "rainbow", "train"], seed=7), path)
    return path


def test_save_shows_every_block_s_maps_read_back_pixel_for_pixel(xserver, tmp_path):
    model_path = ml5_file(tmp_path)
    model, out = network.load(model_path), tmp_path / "network.png"
    result = run_sketch(xserver, "--view", "network", "--model", str(model_path), "--save", str(out))
    assert result.returncode == 0, result.stderr
    layout = prepare(["--view", "network", "--model", str(model_path)]).layout
    frame = read_png(out)
    maps = model.feature_maps(255 - CAT)
    assert [len(cards) for cards in layout.blocks] == [8, 16]
    for card in layout.blocks[0]:                       # block 1: in the lesson's units (×255), clamped
        for rect, values, scale in ((card.relu, maps.blocks[0].relu, layout.scales[0].relu),
                                    (card.pooled, maps.blocks[0].pooled, layout.scales[0].pooled)):
            expected = filters.clamp_to_bytes(values[card.filter] * 255)
            np.testing.assert_array_equal(crop(frame, rect), enlarged(rgb_of(expected), scale))
    largest = float(maps.blocks[1].relu.max())          # block 2: black at 0, white at the block's largest value
    for card in layout.blocks[1]:
        for rect, values, scale in ((card.relu, maps.blocks[1].relu, layout.scales[1].relu),
                                    (card.pooled, maps.blocks[1].pooled, layout.scales[1].pooled)):
            expected = np.clip(np.rint(values[card.filter] * (255 / largest)), 0, 255).astype(np.uint8)
            np.testing.assert_array_equal(crop(frame, rect), enlarged(rgb_of(expected), scale))
    lengths = bar_lengths(frame, layout)
    np.testing.assert_allclose(lengths, maps.probabilities, atol=0.03)


def pooled_pixel_with_one_winner(relu: np.ndarray) -> tuple[int, int, int, int]:
    """(y, x, dy, dx): a pooled pixel of the maps ``relu`` (s×s) whose 2×2 window has one largest value,
    above 0 (no tie to settle), and that value's place in it: (3, 2) if it has one, else the first such."""
    side = relu.shape[0] // 2
    for y, x in [(3, 2)] + [(y, x) for y in range(1, side) for x in range(side)]:
        window = relu[2 * y:2 * y + 2, 2 * x:2 * x + 2]
        if window.max() > 0 and np.count_nonzero(window == window.max()) == 1:
            dy, dx = np.unravel_index(int(np.argmax(window)), window.shape)
            return y, x, int(dy), int(dx)
    raise AssertionError("no pooled pixel with one winner")


def test_pointing_at_a_block_2_pixel_outlines_its_window_on_each_of_block_1_s_maps(live, tmp_path):
    model_path = ml5_file(tmp_path)
    args = ("--fullscreen", "--view", "network", "--model", str(model_path))
    sketch = live(*args)
    layout = window_layout(*args)                       # full screen at 1920×1080, as the sketch lays it out
    sketch.wait_for(lambda f: f.shape[:2] == (layout.height, layout.width), what="the window")
    card, scales, k = layout.blocks[1][5], layout.scales[1], network.load(model_path).blocks[1].kernel_size
    if layout.relu_shown:
        # Block 2's ReLU map pixel (3, 2): its k×k window at (3, 2) on each of block 1's pooled maps.
        map_, scale, (y, x), (top, left) = card.relu, scales.relu, (3, 2), (3, 2)
    else:
        # The ReLU maps folded away (the layout's relu_shown; card.relu is None): block 2's pooled map pixel
        # (y, x) comes from the 2×2 window of ReLU pixels (2y, 2x)…; its winner's k×k window on each of
        # block 1's pooled maps is outlined. The winner worked out here from the network's maps (the sketch's
        # drawing is the cat, turned round as the network sees it), a pixel with no tie chosen.
        relu = network.load(model_path).feature_maps(255 - CAT).blocks[1].relu[card.filter]
        y, x, dy, dx = pooled_pixel_with_one_winner(relu)
        map_, scale, (top, left) = card.pooled, scales.pooled, (2 * y + dy, 2 * x + dx)
    assert map_ is not None
    sketch.move(map_.x + x * scale + scale // 2, map_.y + y * scale + scale // 2)   # the middle of pixel (y, x)
    highlight = np.array(pixels.DARK.highlight)

    def outlined(frame, rect):
        """Whether the highlight's outline runs along the top edge of ``rect``."""
        edge = frame[rect.y, rect.x + 2:rect.x + rect.w - 2].astype(int)
        return bool((np.abs(edge - highlight).sum(axis=1) < 40).mean() > 0.8)

    below = layout.scales[0].pooled
    windows = [network_view.map_rect(other.pooled, below, top, left, k, k) for other in layout.blocks[0]]
    frame = sketch.wait_for(lambda f: all(outlined(f, rect) for rect in windows), what="the eight windows outlined")
    assert top > 0    # (0, 0)'s window's top edge is not one of theirs
    assert not outlined(frame, network_view.map_rect(layout.blocks[0][0].pooled, below, 0, 0, k, k))
    sketch.move(5, 5)                                   # away: the outlines go
    sketch.wait_for(lambda f: not any(outlined(f, rect) for rect in windows), what="the outlines to go")
