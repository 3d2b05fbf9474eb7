"""Every repaint clears what it replaces: after slow motion, or a lesson's steps forward and back, the window
shows exactly what it showed before in the same state (no stray bits of old text on the modes line).

Each test drives the real sketch under Xvfb in the light theme (where stray dark text shows most), takes
the window before, changes the state and changes it back, and compares the two frames pixel for pixel.
"""

from __future__ import annotations

import time

import numpy as np


def differing(before: np.ndarray, after: np.ndarray) -> str:
    """'' if the frames are equal, else where they differ (rows and columns)."""
    if before.shape != after.shape:
        return f"the window changed size: {before.shape} → {after.shape}"
    rows, cols = np.nonzero(np.any(before != after, axis=2))
    if not len(rows):
        return ""
    return f"{len(rows)} pixels differ, in rows {rows.min()}–{rows.max()}, columns {cols.min()}–{cols.max()}"


def test_slow_motion_leaves_the_window_as_it_was(live):
    sketch = live("--kernel", "sobel-x", "--theme", "light", "--pool", "2")
    sketch.focus()
    before = sketch.settled()
    sketch.keys("a")   # the sliding window, its counter on the modes line
    sketch.wait_for(lambda frame: differing(before, frame) != "", timeout=10, what="slow motion to show")
    time.sleep(1.0)
    sketch.keys("plus", "plus", "minus", "period")   # faster, slower, a pixel on: the modes line follows
    time.sleep(0.5)
    sketch.keys("a")   # and out of it again
    after = sketch.wait_for(lambda frame: differing(before, frame) == "", timeout=15,   # a message fades in 5 s
                            what="the window to show what it showed before slow motion")
    assert differing(before, after) == ""


def test_lesson_steps_forward_and_back_leave_no_trace(live):
    sketch = live("--lesson", "coding-train", "--theme", "light")
    sketch.focus()
    before = sketch.settled()
    for _ in range(3):
        sketch.keys("Next")   # Page Down: the next step (its view, caption and kernel)
        time.sleep(0.4)
    for _ in range(3):
        sketch.keys("Prior")
        time.sleep(0.4)
    after = sketch.wait_for(lambda frame: differing(before, frame) == "", timeout=15,
                            what="step 1 to look as it did")
    assert differing(before, after) == ""
