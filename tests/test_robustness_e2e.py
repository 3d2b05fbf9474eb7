"""Never a stack trace in front of a class: storms of input, failing saves, errors inside events."""

import json

import numpy as np

import filters
from convolution.app import session
from convolution.app.options import prepare
from convolution.screen.views import filter as filter_view
from tests.helpers import reporting_sketch
from tests.helpers.live import LiveSketch
from tests.helpers.panels import CAT, assert_panels
from tests.helpers.storms import STORM_KEYS, mouse_storm

LAYOUT = filter_view.make_layout(28, 28, 10)

def test_a_thousand_keys_and_a_thousand_mouse_events_leave_it_running_and_right(xserver, tmp_path):
    state_file = tmp_path / "state.json"
    live = LiveSketch(xserver, "--seed", "1", cwd=tmp_path, env={"CONVOLUTION_STATE_FILE": str(state_file)},
                      program=reporting_sketch.PROGRAM)
    try:
        rng = np.random.default_rng(6)
        live.keys(*rng.choice(STORM_KEYS, 1000), delay_ms=2)
        live.xdotool_chain(["search", "--name", "Convolution filter demo"] + mouse_storm(rng, 1000))
        live.keys(*rng.choice(STORM_KEYS, 200), delay_ms=2)
        live.move(40, 10)                            # no hover outlines on the panels
        frame = live.settled()
        if np.all(frame == 0):                       # "." blanks the screen (a clicker's key): show it again
            live.keys("b")
            live.wait_for(lambda f: not np.all(f == 0), what="the screen to come back after b")
            frame = live.settled()
        assert live.alive(), live.stderr()
        live.keys("q")
        assert live.wait_exit() == 0
    finally:
        live.stop()
    assert "Traceback" not in live.stderr() and "error" not in live.stderr()
    shown = json.loads(state_file.read_text())
    image = np.array(shown["image"])
    assert not np.array_equal(image, CAT)            # the storm did draw on the cat
    assert_panels(frame, image, np.array(shown["kernel"]), shown["edges"], shown["flip"], mapping=shown["mapping"])


def test_failing_saves_are_reported_and_the_sketch_keeps_running(xserver, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    live = LiveSketch(xserver, "--kernel", "sobel-x", cwd=folder, logs=tmp_path)
    try:
        assert_panels(live.wait_for(lambda f: _shows(f, filters.PRESETS["sobel-x"])), CAT, filters.PRESETS["sobel-x"])
        folder.rmdir()                    # the folder the sketch saves into is gone
        live.keys("s")
        live.wait_for(lambda f: "screenshot" in live.stderr())
        live.keys("d")
        live.wait_for(lambda f: "drawing" in live.stderr())
        live.keys("Right")
        frame = live.wait_for(lambda f: _shows(f, filters.PRESETS["sobel-y"]))
        assert_panels(frame, CAT, filters.PRESETS["sobel-y"])
        live.keys("q")
        assert live.wait_exit() == 0
    finally:
        live.stop()
    errors = live.stderr().strip().splitlines()
    assert len(errors) == 2, errors
    assert errors[0].startswith(f"sketch.py: error: could not save the screenshot as {tmp_path / 'class'}")
    assert errors[1].startswith("sketch.py: error: could not save the drawing")
    assert all("check that the folder exists" in line for line in errors)
    assert "Traceback" not in live.stderr()


def _shows(frame, kernel):
    try:
        assert_panels(frame, CAT, kernel)
        return True
    except AssertionError:
        return False


def test_an_error_inside_an_event_is_one_line_and_rolls_the_demo_back(capsys):
    running = session.Session(prepare(["--kernel", "emboss"]).state)
    state = running.state
    with running.reporting_errors("testing"):
        state.edges = "wrap"
        state.kernel_name = "half-changed"
        raise RuntimeError("boom")
    assert state.kernel_name == "emboss" and state.edges == "skip"
    err = capsys.readouterr().err
    assert err.strip() == "sketch.py: error while testing: RuntimeError: boom"
    assert running.message.startswith("error while testing") and running.needs_redraw
