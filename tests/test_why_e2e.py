"""Move it and see, end to end: in the network view under Xvfb the probe keys move the drawing and the maps,
the bars and the nearest drawings follow; the window is read back against the scene the session builds
for the same keys (tests/test_back_row_e2e.py's comparison), and u takes the move back."""

from __future__ import annotations

import shutil
import time

import numpy as np
import pytest

from convolution.app import events
from convolution.state import probe, teach
from tests.helpers.live import LiveSketch
from tests.test_back_row_e2e import SCREEN, assert_window_shows, session_for, small_screen  # noqa: F401

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb")


def test_probe_keys_move_the_drawing_and_the_network_follows(small_screen, tmp_path):  # noqa: F811
    expected = session_for("--view", "network")
    before = expected.state.image.copy()
    sketch = LiveSketch(small_screen, "--view", "network", "--fullscreen", cwd=tmp_path)
    try:
        sketch.focus()
        time.sleep(2.0)   # the nearest drawings are made ready beside the window first
        for xdotool_key, key in (("Right", "RIGHT"), ("greater", ">")):   # a pixel right, then 15° clockwise
            sketch.keys(xdotool_key)
            expected.handle(events.Key(key, False))
        expected.handle(events.Tick(time.monotonic()))
        moved = probe.apply(probe.apply(before, "right"), "turn right")
        np.testing.assert_array_equal(expected.state.image, moved)
        expected.message = ""   # the window's message has faded by the time it is read
        time.sleep(5.0)
        assert_window_shows(sketch.settled(), expected.scene())
        # u takes the turn back: the window shows the drawing moved a pixel only, and what the network makes of it
        sketch.keys("u")
        expected.handle(events.Key("u", False))
        expected.handle(events.Tick(time.monotonic()))
        expected.message = ""
        np.testing.assert_array_equal(expected.state.image, probe.apply(before, "right"))
        time.sleep(5.0)
        frame = sketch.settled()
        assert_window_shows(frame, expected.scene())
        drawing, _ = teach.drawing_for_network(expected.state.image)
        assert expected.state.running.current_model().predict(drawing).shape == (1, 3)
    finally:
        sketch.stop()
