"""The teach view says why it is not sure, in the network's own words (Network.judge), when its network
carries the drawings it learned from; the reason on screen is the judge's, for every kind of pad."""

from __future__ import annotations

import numpy as np

import network
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.state import demo, pen, teach
from tests.helpers import shapes
from tests.helpers.screen_check import drawn_of

NAMES = ["circle", "square", "triangle"]


def session_with_examples(bias=(0.0, 0.0, 12.0)):
    """The teach view whose network carries 6 examples a class (a sure one: its dense biases are ``bias``)."""
    options = prepare(["--classes", ",".join(NAMES)])
    state = options.state
    examples = np.concatenate([shapes.draw(name, 6, seed=1) for name in NAMES])
    labels = np.repeat(np.arange(len(NAMES)), 6)
    model = network.Network.random(NAMES, seed=3)
    arrays = list(model.weights.arrays())
    arrays[-1] = np.asarray(bias, arrays[-1].dtype)
    model = network.Network(NAMES, type(model.weights).from_arrays(arrays), examples=examples,
                            example_labels=labels)
    state.running.model, state.teaching.trained_for = model, tuple(NAMES)
    sketch = Session(state, "teach")
    sketch.window, sketch.fullscreen = (1920, 1080), True
    sketch.layout = sketch.make_layout()
    return sketch


def on_pad(state, drawing):
    light = pen.paper_for(state.image) == 255.0
    demo.replace_pad(state, (255.0 - drawing if light else drawing).astype(np.float32))


def shown(sketch):
    return " | ".join(item.text for item in drawn_of(sketch.scene()) if item.kind == "text")


def test_noise_on_the_pad_is_not_sure_with_the_judge_s_reason():
    sketch = session_with_examples()
    state = sketch.state
    noise = (np.random.default_rng(0).random((28, 28)) < 0.5).astype(np.float32) * 255
    on_pad(state, noise)
    verdict = state.running.model.judge(teach.as_example(state.image))
    assert not verdict.answered and verdict.reason.startswith("unlike every drawing it learned from")
    words = shown(sketch)
    assert "not sure" in words and verdict.reason.split(": ")[0] in words
    assert "100% sure" not in words   # the biases make it sure of "triangle": it is not said


def test_a_pad_like_its_examples_is_answered_and_the_judge_agrees():
    sketch = session_with_examples()
    state = sketch.state
    on_pad(state, shapes.draw("triangle", 1, seed=9)[0])
    verdict = state.running.model.judge(teach.as_example(state.image))
    assert verdict.answered and verdict.name == "triangle"
    words = shown(sketch)
    assert "not sure" not in words and "| triangle | 100% sure" in words


def test_the_answer_says_which_of_the_class_s_own_examples_the_pad_is_most_like():
    sketch = session_with_examples()
    state = sketch.state
    drawing = shapes.draw("square", 1, seed=12)[0]
    on_pad(state, drawing)
    model = state.running.model
    pad = teach.as_example(state.image)
    # the nearest by the network's own features, found here by a plain loop over its examples
    features = model.block_features(np.concatenate([pad[None], model.examples]))
    distances = [float(np.sum((features[0] - row) ** 2)) for row in features[1:]]
    nearest_class = model.example_classes[int(np.argmin(distances))]
    assert f"most like your examples of {nearest_class}" in shown(sketch).replace(" | ", " ")   # (wrapped)
