"""The window's size: F11 and the user's resizes, applied at most once every GAP, echoes not believed.

window_size.WindowSize is pure: these tests play the events a window gets
(F11 pressed, the native window reporting sizes) at chosen times and check what
the sketch is told to do. The end-to-end storms are in test_window_e2e.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from convolution.app.window_size import GAP, SETTLE, Resize, WindowSize

SCREEN = (1920, 1080)
OPENED = (940, 730)


def opened(fullscreen=False) -> WindowSize:
    return WindowSize(SCREEN, SCREEN if fullscreen else OPENED, fullscreen)


def test_f11_fills_the_screen_at_once_and_goes_back_to_the_size_and_place_it_had():
    sizing = opened()
    sizing.toggle(place=(490, 175))
    assert sizing.due(10.0) == Resize(SCREEN, (0, 0), True)
    assert sizing.due(10.01) is None                       # nothing more to do
    sizing.toggle(place=(0, 0))
    assert sizing.due(11.0) == Resize(OPENED, (490, 175), False)
    assert (sizing.size, sizing.fullscreen) == (OPENED, False)


def test_a_second_f11_right_after_the_first_waits_for_the_gap():
    sizing = opened()
    sizing.toggle((0, 0))
    assert sizing.due(10.0).fullscreen
    sizing.toggle((0, 0))
    assert sizing.due(10.0 + GAP / 2) is None              # too soon after the last resize
    assert sizing.due(10.0 + GAP) == Resize(OPENED, (0, 0), False)


def test_f11_pressed_twice_within_the_gap_resizes_nothing():
    sizing = opened()
    sizing.toggle((5, 5))
    sizing.due(10.0)                                       # full screen
    sizing.toggle((0, 0))
    sizing.toggle((0, 0))                                  # … and back before anything was made
    assert sizing.wants_fullscreen()
    assert sizing.due(10.0 + GAP) is None
    assert sizing.fullscreen and sizing.size == SCREEN


@pytest.mark.parametrize("presses", range(1, 12))
def test_a_storm_of_f11_ends_as_the_count_of_presses_asks_and_resizes_at_most_once_a_gap(presses):
    rng = np.random.default_rng(presses)
    sizing, now, made_at = opened(), 0.0, []
    for _ in range(presses):
        now += float(rng.uniform(0.001, 0.05))
        sizing.toggle((490, 175))
        if sizing.due(now):
            made_at.append(now)
    while sizing.wanted_fullscreen is not None:   # the frames after the storm
        now += 1 / 60
        if sizing.due(now):
            made_at.append(now)
    assert sizing.fullscreen == (presses % 2 == 1)
    assert sizing.size == (SCREEN if presses % 2 else OPENED)
    assert (np.diff(made_at) >= GAP).all()
    assert len(made_at) <= 1 + now // GAP


def test_the_users_new_size_is_followed_once_resizes_pause():
    sizing = opened()
    sizing.report((1200, 500))
    assert sizing.due(5.0) == Resize((1200, 500), None, False)   # nothing made lately: at once
    assert sizing.size == (1200, 500)


def test_a_size_reported_right_after_a_resize_waits_and_the_newest_report_wins():
    sizing = opened()
    sizing.toggle((0, 0))
    sizing.due(10.0)                                       # full screen: 1920×1080 asked
    sizing.report(OPENED)                                  # the echo of an older size …
    assert sizing.due(10.0 + SETTLE / 2) is None            # … is not believed yet
    sizing.report(SCREEN)                                  # the window's newest word
    assert sizing.due(10.0 + SETTLE) is None                # matches what was made: nothing to do
    assert sizing.size == SCREEN


def test_full_screen_stays_full_screen_when_something_resizes_the_window():
    sizing = opened(fullscreen=True)
    sizing.report((128, 128))
    assert sizing.due(3.0) == Resize(SCREEN, (0, 0), True)


def test_going_back_from_a_full_screen_the_sketch_opened_in_keeps_the_screen_size_in_a_window():
    sizing = opened(fullscreen=True)
    sizing.toggle((0, 0))
    assert sizing.due(1.0) == Resize(SCREEN, (0, 0), False)   # nothing else to go back to
