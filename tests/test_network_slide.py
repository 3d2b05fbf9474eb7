"""The network view's full-screen slide (network_slide.py): classes that do not fit are folded away with a
note, the likeliest shown, and pointing at a row asks for the class it shows; the description leaves long
names to the bars. Checked from the scene's texts against the network's own probabilities."""

from __future__ import annotations

import re

import numpy as np

import network
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.screen.scene import Text
from convolution.screen.views import network as network_view
from convolution.screen.views.network_seen import network_input
from convolution.state import demo

NAMES = [f"class {n + 1} with a rather long name" for n in range(10)]


def slide(width=1920, height=1080):
    state = prepare(["--view", "network"]).state
    model = network.Network.random(NAMES, seed=10)
    demo.use_model(state, model, "random.npz")
    running = Session(state, "network")
    running.window, running.fullscreen = (width, height), True
    running.layout = running.make_layout()
    return state, model, running


def test_ten_long_classes_show_the_likeliest_and_say_how_many_more():
    for size in ((1920, 1080), (1024, 768)):
        state, model, running = slide(*size)
        layout = running.layout
        texts = [item.text for item in running.scene().items if isinstance(item, Text)]
        probabilities = model.feature_maps(network_input(state.image)[0]).probabilities
        shown = layout.classes_shown
        assert 0 < shown < len(NAMES)
        assert f"+ {len(NAMES) - shown} more classes, less likely" in texts
        # the percentages shown are the likeliest classes', likeliest first
        percents = [int(t[:-1]) for t in texts if re.fullmatch(r"\d+%", t)]
        likeliest = sorted(probabilities, reverse=True)[:shown]
        assert len(percents) == shown and all(abs(p - 100 * q) < 1 for p, q in zip(percents, likeliest))
        # pointing at the first row's probability asks for the likeliest class
        track = network_view.bar_track(layout, 0)
        network_view.mouse_moved(state, layout, track.x + 2, track.y + 2)
        assert state.ui.pointed is not None and state.ui.pointed.filter == int(np.argmax(probabilities))


def test_the_description_leaves_long_names_to_the_bars_and_the_title_stands_on_one_line():
    state, model, running = slide(1024, 768)
    texts = [item for item in running.scene().items if isinstance(item, Text)]
    header = [t.text for t in texts if t.y < running.layout.source.y]
    assert not any("rather long name" in line for line in header)
    assert any("10 classes" in line for line in header)
    assert header[0] == "what a small CNN sees in your drawing"
