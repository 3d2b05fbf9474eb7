"""Slow motion: the kernel's window sliding over the image one pixel at a time.

This is the lesson's double loop made visible: output pixels are computed in
reading order (row by row, left to right), and only the ones already visited
are shown. Pure Python; the sketch asks ``current()`` and ``done_count()``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SPEEDS = (1, 2, 5, 10, 25, 50, 100, 250, 1000)   # pixels per second
DEFAULT_SPEED = 3                                # index into SPEEDS: 10 pixels a second


@dataclass
class SlowMotion:
    """Where the sliding window is. ``order`` lists the (y, x) pixels it visits."""
    order: np.ndarray          # N×2 ints, reading order over the computed pixels
    position: float = 0.0      # how many pixels are done; the window is on order[int(position)]
    speed_index: int = DEFAULT_SPEED
    paused: bool = False
    last_time: float | None = None

    @property
    def speed(self) -> int:
        return SPEEDS[self.speed_index]

    def finished(self) -> bool:
        return self.position >= len(self.order)

    def current(self) -> tuple[int, int] | None:
        """The (y, x) pixel under the window now, or None when finished."""
        if self.finished():
            return None
        y, x = self.order[int(self.position)]
        return int(y), int(x)

    def done_count(self) -> int:
        """How many pixels of ``order`` are computed and shown, the current one included."""
        return min(len(self.order), int(self.position) + 1)


def start(computed: np.ndarray, now: float, speed_index: int = DEFAULT_SPEED) -> SlowMotion:
    """Begin at the first computed pixel of the H×W bool mask ``computed``."""
    return SlowMotion(np.argwhere(computed), 0.0, speed_index, False, now)


def advance(motion: SlowMotion, now: float) -> bool:
    """Move the window on by speed × elapsed time. Returns whether it moved."""
    if motion.paused or motion.finished():
        motion.last_time = now
        return False
    elapsed = 0.0 if motion.last_time is None else max(0.0, now - motion.last_time)
    motion.last_time = now
    before = int(motion.position)
    motion.position = min(float(len(motion.order)), motion.position + elapsed * motion.speed)
    return int(motion.position) != before


def step(motion: SlowMotion) -> None:
    """One pixel on, and pause there."""
    motion.paused = True
    motion.position = min(float(len(motion.order)), float(int(motion.position) + 1))


def toggle_pause(motion: SlowMotion, now: float) -> None:
    motion.paused = not motion.paused
    motion.last_time = now


def change_speed(motion: SlowMotion, steps: int) -> None:
    motion.speed_index = max(0, min(len(SPEEDS) - 1, motion.speed_index + steps))
