"""The window holds in front of a class: storms of F11 and resizes, tiny windows, and quitting within a second.

Each test drives the real sketch under Xvfb. After every storm the window must
still redraw (a key changes what is shown), save a screenshot of its current
size with s, and end on q, Esc, Ctrl+C or SIGTERM within a second. A size the
user gives the window is kept and laid out for; full screen stays full screen.
"""

from __future__ import annotations

import signal
import time

import numpy as np
import pytest
from PIL import Image

from tests.helpers.live import crop, layout_in, read_png
from tests.helpers.panels import expected_source
from tests.helpers.paths import ROOT

QUIT_SECONDS = 1.0
CAT = np.asarray(Image.open(ROOT / "assets" / "cat.png").convert("L"))   # read here, not through images.py


def assert_alive_and_drawing(sketch, tmp_path):
    """The window redraws (the theme key changes its pixels) and s saves a PNG of its size now."""
    assert sketch.alive(), sketch.stderr()[-800:]
    before = sketch.settled()
    sketch.keys("t")
    sketch.wait_for(lambda frame: frame.shape != before.shape or not np.array_equal(frame, before),
                    timeout=10, what="the window to redraw after t")
    sketch.keys("t")
    shots = set(tmp_path.glob("convolution-*.png"))
    sketch.keys("s")
    sketch.wait_for(lambda frame: set(tmp_path.glob("convolution-*.png")) - shots, timeout=10,
                    what="s to save a screenshot")
    saved = (set(tmp_path.glob("convolution-*.png")) - shots).pop()
    time.sleep(0.3)
    frame = sketch.screenshot()
    assert read_png(saved).shape == frame.shape, "the screenshot has the window's size now"
    assert "BufferOverflow" not in sketch.stderr() and "could not save" not in sketch.stderr()


def assert_quits_within_a_second(sketch, how):
    started = time.monotonic()
    if how in ("q", "Escape"):
        sketch.keys(how)
    else:
        sketch.process.send_signal(how)
    status = sketch.wait_exit(timeout=10)
    took = time.monotonic() - started
    assert took <= QUIT_SECONDS + 0.5, f"{how} took {took:.2f} s to end the sketch"   # xdotool itself takes a moment
    assert status == 0


def f11_storm(sketch, rounds=10):
    """F11 and a tiny resize, ``rounds`` times, as fast as xdotool goes: the storm that froze it."""
    for _ in range(rounds):
        sketch.keys("F11", delay_ms=1)
        sketch._xdotool("windowsize", sketch.window, "50", "30")
    time.sleep(0.5)


@pytest.mark.parametrize("how", ["q", "Escape", signal.SIGINT, signal.SIGTERM], ids=["q", "Esc", "Ctrl+C", "SIGTERM"])
def test_after_a_storm_of_f11_and_resizes_the_window_draws_saves_and_quits(live, tmp_path, how):
    sketch = live("--kernel", "sobel-x")
    time.sleep(1.0)
    f11_storm(sketch)
    sketch.keys("F11")   # and back to a full screen: a size a class can see
    assert_alive_and_drawing(sketch, tmp_path)
    assert "Traceback" not in sketch.stderr() and "at processing." not in sketch.stderr()   # no Java stack trace
    assert_quits_within_a_second(sketch, how)


def test_a_key_storm_of_f11_views_pooling_and_kernels_leaves_a_working_window(live, tmp_path):
    sketch = live()
    time.sleep(1.0)
    rng = np.random.default_rng(17)
    sketch.keys(*rng.choice(["F11", "v", "p", "k", "bracketright", "F11"], 120), delay_ms=30)
    assert_alive_and_drawing(sketch, tmp_path)
    assert_quits_within_a_second(sketch, "q")


def test_a_window_made_1x1_and_back_draws_again(live, tmp_path):
    sketch = live("--pool", "2")
    time.sleep(1.0)
    opened = sketch.settled()
    sketch._xdotool("windowsize", sketch.window, "1", "1")
    time.sleep(0.8)
    sketch._xdotool("windowsize", sketch.window, str(opened.shape[1]), str(opened.shape[0]))
    frame = sketch.wait_for(lambda f: f.shape == opened.shape and np.array_equal(f, opened), timeout=10,
                            what="the window to look as it did before")
    assert frame.shape == opened.shape
    assert_alive_and_drawing(sketch, tmp_path)
    assert_quits_within_a_second(sketch, signal.SIGTERM)


def test_pooling_views_and_kernel_sizes_never_resize_the_window(live):
    sketch = live()
    time.sleep(1.0)
    opened = sketch.settled().shape
    for key in ["p", "p", "v", "k", "v", "v", "p", "k"]:
        sketch.keys(key)
        time.sleep(0.4)
        assert sketch.screenshot().shape == opened, f"the window changed size after {key}"
    geometry = sketch._xdotool("getwindowgeometry", sketch.window)
    assert f"{opened[1]}x{opened[0]}" in geometry


def test_a_window_the_user_resizes_is_laid_out_for_its_new_size(live):
    sketch = live("--kernel", "sobel-x")
    time.sleep(1.0)
    sketch._xdotool("windowsize", sketch.window, "1200", "500")

    def laid_out_for_it(frame):
        layout = layout_in(frame, "--kernel", "sobel-x")
        return frame.shape[:2] == (500, 1200) and np.array_equal(crop(frame, layout.source),
                                                                 expected_source(CAT, layout.scale))

    sketch.wait_for(laid_out_for_it, timeout=10, what="the cat drawn where a 1200×500 layout puts it")
    time.sleep(1.0)
    assert sketch.screenshot().shape[:2] == (500, 1200), "the window kept the size the user gave it"


def test_full_screen_stays_full_screen_when_something_else_resizes_the_window(live):
    sketch = live("--fullscreen")
    time.sleep(1.0)
    screen = sketch.settled().shape
    sketch._xdotool("windowsize", sketch.window, "800", "600")
    time.sleep(0.2)
    sketch.wait_for(lambda frame: frame.shape == screen, timeout=10, what="the window to fill the screen again")
