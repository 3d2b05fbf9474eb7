"""Keeping the window alive: Java's drawing thread started again if a resize stops it, and a quit that never waits.

Processing draws the window from its "Animation Thread", and Java's event
thread draws it too while the window is being resized. When both reach the
window's buffers at the same moment, Java throws (IllegalStateException:
Buffers have not been created; or drawBuffer is null) and the animation
thread ends. Without it nothing is drawn again and no key is handled (py5
hands keys to the sketch on that thread), so q would never quit.

``Keeper`` watches from a thread of its own: it replaces Java's report of
an exception (pages of stack trace) by one line, starts the animation thread
again once resizing has paused, and makes sure a quit (q, Esc, Ctrl+C, a kill)
ends the program within a second even if the animation thread cannot.

``note_window_sizes`` replaces Processing's listener for the window's size by
one that only notes it: what the sketch does with it is window_size.py's.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

POLL_SECONDS = 0.05       # how often the keeper looks
SETTLE_SECONDS = 0.15     # a stopped thread is started again this long after it stopped (resizing comes in bursts)
QUIT_GRACE = 0.35         # draw() ends the sketch on a quit; after this the keeper asks py5 itself …
QUIT_DEADLINE = 0.85      # … and after this ends the process (a second at most after the quit)
ENDED_SECONDS = 0.5       # stopped this long, with no exception to start it again after: the sketch has ended


@dataclass
class Keeper:
    """Watches the sketch's window from a thread of its own (start it in setup(), when py5 runs).

    ``quitting()`` says whether a quit was asked for; ``before_exit()`` is
    called before the process is ended the hard way (to stop live training);
    ``status()`` is the exit status to end with then.
    """
    py5: Any
    quitting: Callable[[], bool]
    before_exit: Callable[[], None] = lambda: None
    status: Callable[[], int] = lambda: 0
    finished: bool = False                   # set once py5.run_sketch has returned
    stopped_at: float | None = None          # when Java's animation thread stopped with an exception
    restarts: int = 0
    asked_py5_to_exit: bool = False
    notes: list[str] = field(default_factory=list)   # the one-line reports, for tests
    _thread: threading.Thread | None = None

    def start(self) -> None:
        """Report Java's uncaught exceptions in one line, and watch the window (call from setup())."""
        self._install_handler()
        self.watch_in_background()

    def watch_in_background(self) -> None:
        """Start the keeper's thread (start() does, after installing the one-line handler)."""
        self._thread = threading.Thread(target=self._watch, name="window-keeper", daemon=True)
        self._thread.start()

    def _install_handler(self) -> None:
        """Java's default handler for uncaught exceptions, replaced by one that writes one line and
        notes when the animation thread stopped. (Processing installs its own as the sketch starts,
        which prints the whole stack trace; this one replaces it.)"""
        from jpype import JClass, JImplements, JOverride  # py5 talks to Java through JPype

        keeper = self

        @JImplements("java.lang.Thread$UncaughtExceptionHandler")
        class OneLine:
            @JOverride
            def uncaughtException(self, thread, error):
                keeper.java_stopped(str(thread.getName()), str(error.getClass().getSimpleName()),
                                    str(error.getMessage()))

        JClass("java.lang.Thread").setDefaultUncaughtExceptionHandler(OneLine())

    def java_stopped(self, thread: str, kind: str, message: str) -> None:
        """A Java thread ended with an exception: say so in one line; the animation thread is started again."""
        line = f"the window's {thread} stopped ({kind}: {message})"
        if thread == "Animation Thread":
            self.stopped_at = time.monotonic()
            line += "; it is started again"
        if line not in self.notes[-3:]:   # a storm of resizes: one line, not one per frame
            print(f"sketch.py: {line}", file=sys.stderr, flush=True)
        self.notes.append(line)

    def _watch(self) -> None:
        quit_seen = None
        while not self.finished:
            time.sleep(POLL_SECONDS)
            now = time.monotonic()
            if self.quitting():
                quit_seen = quit_seen or now
                self._see_quit_through(now - quit_seen)
            elif self.stopped_at is not None and now - self.stopped_at > SETTLE_SECONDS:
                self._restart()

    def wait_until_ended(self, sketch) -> None:
        """Return once the sketch ``sketch`` (py5's Sketch) has ended: quit, closed, or stopped for good.

        py5's run_sketch(block=True) returns as soon as it finds the animation
        thread stopped, even in the moment between an exception stopping it
        and this keeper starting it again; the program would then end with the
        window. So the program waits here after run_sketch.
        """
        surface = self.py5.get_surface()
        stopped_since = None
        while not self.finished:
            # py5 sets these as it shuts the sketch down (private names: a quit also ends the wait below)
            if hasattr(sketch, "_shutdown_complete") or hasattr(sketch, "_shutdown_initiated"):
                return
            now = time.monotonic()
            if surface.is_stopped() and self.stopped_at is None:   # not stopped by an exception: ended?
                stopped_since = stopped_since or now
                if self.quitting() or now - stopped_since > ENDED_SECONDS:
                    return
            else:
                stopped_since = None
            time.sleep(POLL_SECONDS)

    def _restart(self) -> None:
        """Start Processing's animation thread again (PSurfaceNone.startThread makes a new one)."""
        surface = self.py5.get_surface()._instance   # Processing's PSurface behind py5's wrapper
        if surface.isStopped():
            surface.stopThread()
            surface.startThread()
            self.restarts += 1
        self.stopped_at = None

    def _see_quit_through(self, waited: float) -> None:
        """A quit was asked for ``waited`` seconds ago and the sketch still runs: help it end."""
        if waited > QUIT_DEADLINE:
            self.before_exit()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(self.status())
        if waited > QUIT_GRACE and not self.asked_py5_to_exit:
            self.asked_py5_to_exit = True
            try:
                self.py5.exit_sketch()   # with no animation thread, Processing exits at once
            except Exception:  # the JVM may be going down already: the deadline ends the process
                pass


def note_window_sizes(py5, report: Callable[[tuple[int, int]], None]) -> Any:
    """Have every new size of the window's drawing area told to ``report((width, height))``, on Java's event
    thread, in place of Processing's own listener, which resized the window again to each size it heard of
    (the swinging that window_size.py explains). Returns the listener, which the caller keeps (Java calls
    it for as long as the window lives), or None if the window is not Processing's AWT one (then
    Processing's listener stays)."""
    from jpype import JImplements, JOverride

    try:
        frame = py5.get_surface().get_native().getFrame()   # a java.awt.Frame around Processing's canvas
    except AttributeError:
        return None
    for listener in frame.getComponentListeners():
        if str(listener.getClass().getName()).startswith("processing.awt.PSurfaceAWT"):
            frame.removeComponentListener(listener)

    @JImplements("java.awt.event.ComponentListener")
    class SizeNoted:
        @JOverride
        def componentResized(self, event):
            insets = frame.getInsets()   # a window manager's frame and title bar are not the sketch's
            report((int(frame.getWidth()) - insets.left - insets.right,
                    int(frame.getHeight()) - insets.top - insets.bottom))

        @JOverride
        def componentMoved(self, event):
            pass

        @JOverride
        def componentShown(self, event):
            pass

        @JOverride
        def componentHidden(self, event):
            pass

    listener = SizeNoted()
    frame.addComponentListener(listener)
    return listener


def fit_frame(py5, size: tuple[int, int]) -> None:
    """Make the native window's drawing area ``size`` (width, height) again, when Processing already takes the
    sketch to be that size (its window_resize then does nothing: the window was resized from outside)."""
    try:
        frame = py5.get_surface().get_native().getFrame()
    except AttributeError:
        return
    insets = frame.getInsets()
    frame.setSize(size[0] + insets.left + insets.right, size[1] + insets.top + insets.bottom)
