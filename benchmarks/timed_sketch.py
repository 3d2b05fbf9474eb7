"""sketch.py with a stopwatch: the benchmarks' way to time every repaint of the real sketch.

    CONVOLUTION_TIMINGS_FILE=t.json python benchmarks/timed_sketch.py [sketch.py's options]

Runs the sketch exactly as sketch.py does (app/window.main), in a window
that also notes when each draw() began, how long each draw() that painted took (the
session's tick, building the scene, painting it), and how
long from an event to the pixels it changed; at exit it writes them to the
JSON file CONVOLUTION_TIMINGS_FILE names. The sketch itself keeps no such
record.
"""

from __future__ import annotations

import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from convolution.app.window import Sketch, main  # noqa: E402  (after the path is set)


class TimedSketch(Sketch):
    """The sketch's window, timing its repaints and its events."""
    last: TimedSketch | None = None   # the one main() made, to write its figures at the end

    def __init__(self, session, py5=None):
        super().__init__(session, py5)
        self.draw_seconds: list[float] = []       # every draw() that painted: tick, scene and painting
        self.painted = False
        self.input_to_pixels: list[float] = []    # event handling + the repaint it caused
        self.frames: list[float] = []             # when each draw() began (the frame rate)
        self.pending_input = 0.0                  # event handling since the last repaint
        self.frame_to_pixels: list[float] = []    # --camera: a new frame taken up by draw() to its repaint done
        self.frames_shown: list[tuple[float, int]] = []   # … when each frame was on screen, and its number
        self.frame_taken = 0.0
        TimedSketch.last = self
        show_frame, handling_input = session.show_frame, session.handling_input

        def timed_show_frame(frame):
            self.frame_taken = time.perf_counter()
            show_frame(frame)

        @contextmanager
        def timed_input(doing: str):
            started = time.perf_counter()
            with handling_input(doing):
                yield
            self.pending_input += time.perf_counter() - started

        session.show_frame, session.handling_input = timed_show_frame, timed_input

    def setup(self):
        super().setup()
        if os.environ.get("CONVOLUTION_CALL_TIMES") and self.painter is not None:
            self.painter.py5 = CallTimer(self.painter.py5)   # where a repaint's time goes, call by call

    def draw(self):
        """A frame, timed whole when it painted: the session's tick, the scene it builds, and the painting."""
        started = time.perf_counter()
        self.frames.append(started)
        self.painted = False
        super().draw()
        if self.painted:
            self.draw_seconds.append(time.perf_counter() - started)

    def paint(self, frame):
        started = time.perf_counter()
        super().paint(frame)
        self.painted = True
        seconds = time.perf_counter() - started
        if self.pending_input:
            self.input_to_pixels.append(self.pending_input + seconds)
            self.pending_input = 0.0
        if self.frame_taken:
            done = time.perf_counter()
            self.frame_to_pixels.append(done - self.frame_taken)
            self.frames_shown.append((done, self.session.shown_frame.number))
            self.frame_taken = 0.0


class CallTimer:
    """py5, with the time each drawing call takes added up by name (CONVOLUTION_CALL_TIMES=file)."""

    def __init__(self, py5):
        self._py5, self.seconds, self.counts = py5, {}, {}

    def __getattr__(self, name):
        method = getattr(self._py5, name)
        if not callable(method):
            return method

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
                self.counts[name] = self.counts.get(name, 0) + 1
        return timed


def run(argv=None) -> int:
    status = main(argv, TimedSketch)
    sketch, target = TimedSketch.last, os.environ.get("CONVOLUTION_TIMINGS_FILE")
    if sketch is not None and target:
        Path(target).write_text(json.dumps({"draw_seconds": sketch.draw_seconds,
                                            "input_to_pixels": sketch.input_to_pixels, "frames": sketch.frames,
                                            "frame_to_pixels": sketch.frame_to_pixels,
                                            "frames_shown": sketch.frames_shown}))
    calls = os.environ.get("CONVOLUTION_CALL_TIMES")
    if sketch is not None and calls and isinstance(sketch.painter.py5, CallTimer):
        timer = sketch.painter.py5
        Path(calls).write_text(json.dumps({name: [timer.counts[name], timer.seconds[name]] for name in timer.seconds}))
    return status


if __name__ == "__main__":
    sys.exit(run())
