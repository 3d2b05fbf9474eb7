"""The keeper: Java's drawing thread started again after the resize race, and a program that waits for it.

A stand-in for py5's surface plays Processing's animation thread: stopped by an
exception (Keeper.java_stopped, as Java's handler reports it), started again by
the keeper, and stopped for good when the sketch ends.
"""

from __future__ import annotations

import threading
import time

from convolution.app import surface
from convolution.app.surface import Keeper


class AnimationThread:
    """Processing's PSurface as the keeper reaches it: isStopped, stopThread, startThread."""

    def __init__(self):
        self.stopped = False
        self.starts = 0

    def isStopped(self):
        return self.stopped

    def stopThread(self):
        self.stopped = True

    def startThread(self):
        self.stopped, self.starts = False, self.starts + 1


class Surface:
    def __init__(self):
        self._instance = AnimationThread()

    def is_stopped(self):
        return self._instance.isStopped()


class Py5:
    def __init__(self):
        self.surface = Surface()

    def get_surface(self):
        return self.surface

    def exit_sketch(self):
        pass


def waiting(keeper) -> threading.Thread:
    """The program's main thread after py5's run_sketch returned: waiting for the sketch to end."""
    waiter = threading.Thread(target=keeper.wait_until_ended, args=(object(),), daemon=True)
    waiter.start()
    return waiter


def test_the_program_waits_while_the_keeper_starts_a_stopped_drawing_thread_again_then_ends_with_the_sketch():
    py5 = Py5()
    keeper = Keeper(py5, quitting=lambda: False)
    keeper.watch_in_background()
    thread = py5.surface._instance
    keeper.java_stopped("Animation Thread", "IllegalStateException", "Buffers have not been created")
    thread.stopped = True                         # the exception ended it: py5's run_sketch returns now
    waiter = waiting(keeper)
    time.sleep(surface.SETTLE_SECONDS + surface.ENDED_SECONDS + 0.3)
    assert thread.starts == 1 and not thread.stopped, "the keeper started the drawing thread again"
    assert waiter.is_alive(), "the program did not end with the window"
    thread.stopped = True                         # the sketch ends (no exception this time)
    waiter.join(timeout=surface.ENDED_SECONDS + 1.0)
    assert not waiter.is_alive()
    keeper.finished = True


def test_after_a_quit_the_wait_ends_as_soon_as_the_drawing_thread_stops():
    py5 = Py5()
    keeper = Keeper(py5, quitting=lambda: True)
    py5.surface._instance.stopped = True
    started = time.monotonic()
    waiting(keeper).join(timeout=5)
    assert time.monotonic() - started < surface.ENDED_SECONDS
