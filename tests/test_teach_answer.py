"""The teach view's answer: "draw something" on a blank pad, "not sure" below the threshold, else the class, and
the thumbnails of the examples drawn as the pad shows drawings. Read from the scene the window would paint."""

from __future__ import annotations

import numpy as np

import network
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.screen.painters import offscreen
from convolution.state import demo, pen, teach, teach_answer, teach_keys
from tests.helpers import shapes
from tests.helpers.screen_check import drawn_of

NAMES = ["circle", "square", "triangle"]


def trained_session(bias=(0.0, 0.0, 0.0)):
    """The teach view with a network for its classes: a random one whose dense layer's biases are ``bias``
    (a large one makes it sure of that class, whatever the pad shows)."""
    options = prepare(["--classes", ",".join(NAMES)])
    state = options.state
    model = network.Network.random(NAMES, seed=3)
    arrays = list(model.weights.arrays())
    arrays[-1] = np.asarray(bias, arrays[-1].dtype)
    model = network.Network(NAMES, type(model.weights).from_arrays(arrays))
    state.running.model, state.teaching.trained_for = model, tuple(NAMES)
    sketch = Session(state, "teach")
    sketch.window, sketch.fullscreen = (1920, 1080), True
    sketch.layout = sketch.make_layout()
    return sketch


def texts(sketch):
    return [item.text for item in drawn_of(sketch.scene()) if item.kind == "text"]


def shapes_drawn(sketch):
    return [item for item in drawn_of(sketch.scene()) if item.kind == "shape"]


def on_pad(state, drawing):
    """``drawing`` (28×28 white on black) on the pad as the pen would leave it on this pad's paper."""
    light = pen.paper_for(state.image) == 255.0
    demo.replace_pad(state, (255.0 - drawing if light else drawing).astype(np.float32))


def test_a_blank_pad_asks_for_a_drawing_instead_of_a_guess():
    sketch = trained_session(bias=(0.0, 9.0, 0.0))   # sure of "square" for anything, a blank pad too
    state = sketch.state
    demo.replace_pad(state, np.full(state.image.shape, pen.paper_for(state.image), np.float32))
    shown = texts(sketch)
    assert "draw something" in shown
    assert "square" not in shown                       # the rows say "2  square": no answer names it


def test_below_the_threshold_it_says_not_sure_and_keeps_the_bars():
    sketch = trained_session()
    state = sketch.state
    on_pad(state, shapes.draw("circle", 1, seed=2)[0])
    shares = state.running.model.predict(teach.as_example(state.image))[0]
    assert shares.max() < teach_answer.SURE          # a random network is not sure of anything
    shown = texts(sketch)
    assert "not sure" in shown
    assert not any(t in NAMES for t in shown)         # no class named as the answer
    assert sum(1 for t in shown if t.endswith("%") and t[:-1].isdigit()) == len(NAMES)   # every bar's percentage


def test_a_sure_network_names_the_class_and_says_it_only_knows_its_classes():
    sketch = trained_session(bias=(0.0, 0.0, 12.0))
    state = sketch.state
    on_pad(state, shapes.draw("triangle", 1, seed=2)[0])
    assert state.running.model.predict(teach.as_example(state.image))[0].max() >= teach_answer.SURE
    shown = texts(sketch)
    assert "triangle" in shown and "not sure" not in shown and "draw something" not in shown
    assert any("it only knows: circle, square, triangle" in t for t in shown)


def test_the_decision_is_a_pure_function_of_the_drawing_and_the_probabilities():
    blank, drawing = np.zeros((28, 28), np.uint8), shapes.draw("circle", 1, seed=1)[0]
    assert teach_answer.answer(blank, np.array([0.1, 0.9]), ["a", "b"]).words == "draw something"
    assert teach_answer.answer(drawing, np.array([0.5, 0.5]), ["a", "b"]).words == "not sure"
    assert teach_answer.answer(drawing, np.array([0.01, 0.99]), ["a", "b"]).words == "b"
    noise = np.random.default_rng(1).integers(0, 256, (28, 28), dtype=np.uint8)
    assert teach_answer.answer(noise, np.array([0.0, 1.0]), ["a", "b"]).kind == "unsure"


def test_thumbnails_show_an_example_as_the_pad_showed_it():
    options = prepare(["--classes", "circle,square"])
    state = options.state
    sketch = Session(state, "teach")
    sketch.window, sketch.fullscreen = (1920, 1080), True
    drawing = shapes.draw("circle", 1, seed=4)[0]
    on_pad(state, drawing)
    sketch.layout = sketch.make_layout()
    before = offscreen.paint(sketch.scene())
    pad = sketch.layout.source
    shown_on_pad = before[pad.y:pad.y + pad.h:sketch.layout.scale, pad.x:pad.x + pad.w:sketch.layout.scale]
    teach_keys.add_example(state, 0)
    assert state.teaching.examples.counts()[0] == 1
    sketch.layout = sketch.make_layout()
    after = offscreen.paint(sketch.scene())
    layout = sketch.layout
    strip, t = layout.rows[0].strip, layout.thumb_scale
    thumb = after[strip.y:strip.y + 28 * t:t, strip.x:strip.x + 28 * t:t]
    np.testing.assert_array_equal(thumb, shown_on_pad)
    assert int(shown_on_pad[0, 0, 0]) == 255          # the bundled cat's pad is light: dark strokes on white


def test_with_nine_long_names_nothing_under_the_answer_is_squeezed_out():
    """'at most …% sure (a long name)' wraps in the answer's column; 'it only knows …' still follows it (the
    column is as tall as the longest of its lines need), at every full-screen size and in a small window."""
    names = [f"shape number {n + 1} of nine" for n in range(9)]
    options = prepare(["--classes", ",".join(names)])
    state = options.state
    state.running.model, state.teaching.trained_for = network.Network.random(names, seed=9), tuple(names)
    on_pad(state, shapes.draw("circle", 1, seed=2)[0])
    sketch = Session(state, "teach")
    for size, fullscreen in (((1920, 1080), True), ((1024, 768), True), ((3840, 2160), True), ((800, 600), False)):
        sketch.window, sketch.fullscreen = size, fullscreen
        sketch.layout = sketch.make_layout()
        shown = texts(sketch)
        assert "not sure" in shown, size
        shares = state.running.model.predict(teach.as_example(state.image))[0]
        said = f"at most {100 * shares.max():.0f}% sure ({names[int(np.argmax(shares))]}) it only knows"
        assert said in " ".join(shown), (size, shown)   # the lines in order, however they wrap
        assert not any("\u2026" in t for t in shown), size
