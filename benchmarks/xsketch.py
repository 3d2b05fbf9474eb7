"""Running sketches in windows on a virtual screen (Xvfb) and watching their process.

``VirtualScreen`` (the tests' ``live.XServer``) starts an Xvfb of its own; ``Sketch`` starts a program on
it, waits for its window, drives it with xdotool, and reads its CPU time and
resident memory from /proc.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers.live import XServer as VirtualScreen  # one Xvfb starter for the tests and the benchmarks

SKETCH = Path(__file__).resolve().parent / "timed_sketch.py"   # sketch.py, timing its repaints
SKETCH_TITLE = "Convolution filter demo"
EMPTY_SKETCH = Path(__file__).resolve().parent / "empty_sketch.py"
EMPTY_TITLE = "Empty py5 sketch"
TOOLS = ("Xvfb", "xdotool")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


class Sketch:
    """A program with a window on ``screen``: sketch.py (default) or the empty sketch."""

    def __init__(self, screen: VirtualScreen, args=(), *, empty_size: tuple[int, int] | None = None,
                 cwd: Path, env: dict | None = None, name: str = "sketch"):
        self.screen = screen
        if empty_size is None:
            command, self.title = [sys.executable, str(SKETCH), *args], SKETCH_TITLE
        else:
            command, self.title = [sys.executable, str(EMPTY_SKETCH), *map(str, empty_size)], EMPTY_TITLE
        self.log = cwd / f"{name}-output.txt"
        self.window = None
        with open(self.log, "w") as log:
            self.started = time.perf_counter()
            self.process = subprocess.Popen(command, cwd=cwd, env=screen.env(**(env or {})),
                                            stdout=log, stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        return self.process.pid

    def xdotool(self, *args, timeout: float = 120) -> str:
        done = subprocess.run(["xdotool", *args], capture_output=True, text=True,
                              env=self.screen.env(), timeout=timeout)
        return done.stdout.strip()

    def wait_for_window(self, timeout: float = 90.0) -> float:
        """Seconds from starting the process until its titled window is on screen (polled every 20 ms)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.title!r} exited with {self.process.returncode}: {self.output()}")
            found = self.xdotool("search", "--onlyvisible", "--name", f"^{self.title}$").split()
            if found:
                self.window = found[0]
                return time.perf_counter() - self.started
            time.sleep(0.02)
        raise TimeoutError(f"no window {self.title!r} within {timeout:.0f} s: {self.output()}")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the whole process (all its threads, Java's too), in seconds."""
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS   # utime, stime

    def resident_mib(self) -> float:
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def focus(self):
        """Click on the title area: with no window manager, a click gives keyboard focus."""
        self.xdotool("mousemove", "--window", self.window, "40", "10", "click", "1")

    def run(self, commands: list[str]):
        """One xdotool run of many commands (moves, clicks, keys, sleeps)."""
        if commands:
            self.xdotool(*commands, timeout=1200)

    def alive(self) -> bool:
        return self.process.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def quit(self, timeout: float = 15.0) -> int | None:
        """Press q (both sketches quit on it), as a user would; a kill if it does not end."""
        if self.alive() and self.window is not None:
            self.xdotool("key", "q")   # to the focused window (synthetic events to a window are ignored by Java)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        return self.stop()

    def stop(self, timeout: float = 20.0) -> int | None:
        """End it politely (SIGTERM: both sketches then quit like q does); kill if it hangs."""
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        return self.process.returncode
