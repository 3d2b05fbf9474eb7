"""The network view's why panel (issue 30), read back from the scene the window would paint: the nearest training
drawings are exactly the network's own answer (Network.nearest / nearest_pixels), by features or, with n, by
pixels; "not sure" says the judge's reason; the sweep's map is its probabilities; pointing at a nearest drawing
says how far it is; a network without examples says so; the examples are made ready beside the window."""

from __future__ import annotations

import time

import numpy as np
import pytest

import network
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.screen import texts
from convolution.screen.scene import Picture, Text
from convolution.screen.views import network_why as why
from convolution.screen.views.network_seen import network_input
from convolution.state import demo, network_keys, warming

SIZES = [((1024, 768), True), ((1920, 1080), True), ((1350, 704), False)]


def session_for(size, fullscreen, tweak=None):
    state = prepare(["--view", "network"]).state
    if tweak is not None:
        tweak(state)
    sketch = Session(state, "network")
    sketch.window, sketch.fullscreen = size, fullscreen
    sketch.layout = sketch.make_layout()
    return sketch


def texts_in(scene, box) -> list[Text]:
    return [item for item in scene.items if isinstance(item, Text) and box.contains(item.x + 1, item.y - 1)]


def picture_at(scene, rect) -> np.ndarray:
    """The RGB pixels (H×W×3) of the picture painted at ``rect``'s corner."""
    found = [item for item in scene.items if isinstance(item, Picture) and (item.x, item.y) == (rect.x, rect.y)]
    assert found, f"no picture at {rect}"
    return found[-1].image.argb[..., 1:4]


def nearest_shown(sketch):
    """The classes and the thumbnails' pixels (28×28 grey, as drawn) the scene shows, nearest first."""
    scene, layout = sketch.scene(), sketch.layout
    where = why.places_now(layout, sketch.state.running.sweep is not None)
    assert where.cells, "no room for the nearest drawings"
    pictures = [picture_at(scene, cell)[::where.scale, ::where.scale, 0] for cell in where.cells]
    names = []
    for cell in where.cells:   # the text nearest each thumbnail, right of it or under it
        near = [t for t in texts_in(scene, layout.why)
                if (cell.x + cell.w <= t.x <= cell.x + cell.w + 40 and cell.y - 10 <= t.y <= cell.y + cell.h + 12)
                or (where.under and cell.y + cell.h <= t.y <= cell.y + cell.h + 60
                    and abs(t.x + t.width() / 2 - (cell.x + cell.w / 2)) < 2)]
        names.append(" ".join(t.text for t in sorted(near, key=lambda t: t.y)))
    heading = [t.text for t in texts_in(scene, layout.why)]
    return names, pictures, heading


@pytest.mark.parametrize("size, fullscreen", SIZES, ids=["1024 full", "1920 full", "window"])
def test_the_nearest_drawings_are_the_network_s_own_by_features_and_with_n_by_pixels(size, fullscreen):
    sketch = session_for(size, fullscreen)
    state = sketch.state
    model = state.running.model
    drawn, turned = network_input(state.image)
    for by_pixels in (False, True):
        names, pictures, heading = nearest_shown(sketch)
        expected = model.nearest_pixels(drawn) if by_pixels else model.nearest(drawn)
        assert names == [model.example_classes[i] for i in expected]
        for picture, index in zip(pictures, expected):
            reference = 255 - model.examples[index] if turned else model.examples[index]
            assert np.array_equal(picture, reference)
        assert texts.nearest_heading(by_pixels) in heading
        assert texts.nearest_heading(not by_pixels) not in heading
        network_keys.toggle_nearest_space(state)   # n


def test_the_nearest_follow_the_drawing():
    sketch = session_for((1350, 704), False)
    state = sketch.state
    before = [picture.copy() for picture in nearest_shown(sketch)[1]]   # the scene's bitmaps are refilled
    demo.change_drawing(state, np.asarray(state.running.model.examples[1500], np.float32))   # a training drawing
    names, pictures, _ = nearest_shown(sketch)
    model = state.running.model
    assert names[0] == model.example_classes[1500] and np.array_equal(pictures[0], model.examples[1500])
    assert not all(np.array_equal(a, b) for a, b in zip(before, pictures))


@pytest.mark.parametrize("drawing", ["noise", "blank"])
@pytest.mark.parametrize("size, fullscreen", SIZES, ids=["1024 full", "1920 full", "window"])
def test_not_sure_says_the_judge_s_reason_and_the_top_bar_is_not_the_answer(drawing, size, fullscreen):
    rng = np.random.default_rng(0)
    image = (rng.random((28, 28)) < 0.5).astype(np.float32) * 255 if drawing == "noise" else np.zeros((28, 28),
                                                                                                       np.float32)
    sketch = session_for(size, fullscreen, lambda state: demo.change_drawing(state, image))
    answer = sketch.state.running.model.judge(network_input(image)[0])
    assert not answer.answered
    scene, layout = sketch.scene(), sketch.layout
    said = " ".join(t.text for t in sorted(texts_in(scene, layout.why), key=lambda t: t.y)
                    if t.colour == scene_theme(sketch).highlight)
    assert said == f"not sure: {answer.reason}"
    best = answer.best
    bar_names = [t for t in scene.items if isinstance(t, Text) and t.text == best and layout.bars.contains(t.x + 1,
                                                                                                         t.y - 1)]
    assert bar_names and all(t.colour != scene_theme(sketch).highlight for t in bar_names)


def scene_theme(sketch):
    return sketch.builder.canvas.theme


def test_a_sure_answer_is_said_and_its_bar_highlighted():
    sketch = session_for((1920, 1080), True)
    answer = sketch.state.running.model.judge(network_input(sketch.state.image)[0])
    assert answer.answered
    scene = sketch.scene()
    assert texts.verdict(answer) in [t.text for t in texts_in(scene, sketch.layout.why)]


@pytest.mark.parametrize("size, fullscreen", SIZES, ids=["1024 full", "1920 full", "window"])
def test_the_sweep_s_map_is_its_probabilities(size, fullscreen):
    def swept(state):
        network_keys.start_sweep(state)
        state.running.sweep.future.result()
        state.running.sweep.poll()

    sketch = session_for(size, fullscreen, swept)
    sweep = sketch.state.running.sweep
    where = why.places_now(sketch.layout, True)
    scene = sketch.scene()
    step = where.sweep.w // why.SWEEP_SIDE
    grey = picture_at(scene, where.sweep)[step // 2::step, step // 2::step, 0].astype(int)
    assert grey.shape == sweep.probabilities.shape == (13, 13)
    assert np.abs(grey - np.rint(sweep.probabilities * 255)).max() <= 1
    name = sketch.state.running.model.classes[sweep.class_index]
    caption = " ".join(t.text for t in texts_in(scene, where.sweep_text))
    assert caption == texts.sweep_caption(name, 6)
    # While it is being worked out: one line says so, and no map.
    sweep.probabilities = None
    sweep.future = object()   # not done: poll() is not called by scene()
    scene = sketch.scene()
    assert texts.SWEEP_WORKING in [t.text for t in texts_in(scene, sketch.layout.why)]
    assert not [item for item in scene.items if isinstance(item, Picture) and (item.x, item.y) == (where.sweep.x,
                                                                                                  where.sweep.y)]


def test_pointing_at_a_nearest_drawing_says_how_far_it_is_and_in_what():
    sketch = session_for((1350, 704), False)
    state, layout = sketch.state, sketch.layout
    model = state.running.model
    cell = why.places_now(layout, False).cells[2]
    from convolution.screen.views import network as view
    assert view.mouse_moved(state, layout, cell.x + 3, cell.y + 3)
    drawn = network_input(state.image)[0]
    for by_pixels in (False, True):
        found = model.neighbours(drawn, 5, "pixels" if by_pixels else "features")
        said = [t.text for t in sketch.scene().items if isinstance(t, Text)]
        expected = texts.nearest_distance(float(found.distances[2]), by_pixels)
        assert any(expected in line or line in expected and len(line) > 10 for line in said), expected
        joined = " ".join(said)
        assert f"{found.distances[2]:.1f}" in joined and ("in pixels" if by_pixels else "in its features") in joined
        network_keys.toggle_nearest_space(state)


def test_a_network_without_examples_says_so():
    def old(state):
        model = state.running.model
        demo.use_model(state, network.Network(model.classes, model.weights), "old.npz")

    for size, fullscreen in SIZES:
        sketch = session_for(size, fullscreen, old)
        shown = [t.text for t in texts_in(sketch.scene(), sketch.layout.why)]
        assert texts.NO_EXAMPLES in " ".join(shown[1:])   # after the verdict, wrapped to the panel's width
        assert not any(texts.nearest_heading(by) in shown for by in (False, True))


def test_the_examples_are_made_ready_beside_the_window_and_not_asked_meanwhile():
    state = prepare(["--view", "network"]).state
    model = state.running.model
    assert not warming.pending(model)
    assert warming.follow(state.running) is False     # starts it
    deadline = time.monotonic() + 30
    seen_ready = False
    while time.monotonic() < deadline:
        if warming.follow(state.running):
            seen_ready = True
            break
        time.sleep(0.02)
    assert seen_ready and not warming.pending(model)
    made = []
    kept = model._examples.cached("features", model.weights, lambda: made.append("again"))
    assert not made and kept is not None                # its examples' features were worked out already
