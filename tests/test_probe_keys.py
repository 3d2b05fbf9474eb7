"""The network view's probe keys, through the session (no Java): each moves the drawing as state/probe.py
says, the network's maps and probabilities follow in the scene, u takes the move back, and a sweeps every
shift beside the window."""

from __future__ import annotations

import time

import numpy as np
import pytest

from convolution.app import events
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.state import demo, probe, teach
from tests.helpers.screen_check import drawn_of


def network_session():
    options = prepare(["--view", "network"])
    session = Session(options.state, options.view, options.scale, None, theme=options.theme)
    session.handle(events.Screen(1366, 768))
    session.handle(events.Tick(0.0))
    return session


def pictures(session):
    return [item for item in session.scene().items if type(item).__name__ == "Picture"]


def texts(session):
    return [item.text for item in drawn_of(session.scene()) if item.kind == "text"]


def press(session, key):
    session.handle(events.Key(key, False))
    session.handle(events.Tick(time.monotonic()))


@pytest.mark.parametrize("key, name", [("LEFT", "left"), ("RIGHT", "right"), ("UP", "up"), ("DOWN", "down"),
                                       ("<", "turn left"), (">", "turn right"), ("+", "larger"), ("-", "smaller"),
                                       ("f", "mirror")])
def test_a_probe_key_moves_the_drawing_and_the_network_follows_and_u_takes_it_back(key, name):
    session = network_session()
    state = session.state
    before = state.image.copy()
    model = state.running.current_model()
    press(session, key)
    np.testing.assert_array_equal(state.image, probe.apply(before, name))
    # The scene is the one of a session given the moved drawing in the first place: maps, bars, numbers.
    fresh = network_session()
    demo.replace_image(fresh.state, probe.apply(before, name))
    fresh.show_message(session.message)
    assert texts(session) == texts(fresh)
    for mine, theirs in zip(pictures(session), pictures(fresh), strict=True):
        np.testing.assert_array_equal(mine.image.argb, theirs.image.argb)
    unmoved = network_session()
    unmoved.show_message(session.message)
    assert texts(session) != texts(unmoved)   # it did change what the network says
    assert model is state.running.current_model()
    assert probe.PROBES[name].name in session.message
    press(session, "u")
    np.testing.assert_array_equal(state.image, before)


def test_a_sweeps_every_shift_beside_the_window_and_the_screen_is_told_when_it_comes():
    session = network_session()
    state = session.state
    press(session, "a")
    sweep = state.running.sweep
    assert sweep is not None
    deadline = time.monotonic() + 30
    while sweep.probabilities is None and time.monotonic() < deadline:
        session.handle(events.Tick(time.monotonic()))
        time.sleep(0.02)
    drawing, _ = teach.drawing_for_network(state.image)
    model = state.running.current_model()
    best = int(model.predict(drawing)[0].argmax())
    np.testing.assert_allclose(sweep.probabilities, probe.shift_sweep(model.predict, drawing, best), atol=1e-6)
    assert sweep.shows(drawing, best)
    press(session, "RIGHT")   # a moved drawing: the old sweep is put away
    assert state.running.sweep is None


def test_shift_and_the_arrows_walk_the_pointed_unit_not_the_drawing():
    session = network_session()
    state = session.state
    before = state.image.copy()
    session.handle(events.Key("RIGHT", True))
    session.handle(events.Key("DOWN", True))
    unit = state.ui.pointed
    conv, _ = state.running.current_model().map_sides[0]
    assert (unit.kind, unit.block, unit.y, unit.x) == ("conv", 0, conv // 2 + 1, conv // 2)   # from the middle
    np.testing.assert_array_equal(state.image, before)   # the drawing stays where it is
    readout = " ".join(texts(session))
    assert f"pixel (row {conv // 2 + 1}, column {conv // 2})" in readout   # its sum worked out
