"""Running the real sketch on a virtual screen (Xvfb) and reading back what it drew.

Used by the end-to-end tests: ``xserver()`` starts Xvfb, ``LiveSketch`` starts
sketch.py on it, presses keys with xdotool and takes screenshots of the
window with ImageMagick's ``import``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

from convolution.screen import geometry
from tests.helpers.paths import ROOT

SKETCH = ROOT / "sketch.py"
WINDOW_TITLE = "Convolution filter demo"
TOOLS = ("Xvfb", "xdotool", "import")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


class XServer:
    """An Xvfb display of its own, 1920×1080 like a classroom projector; ``stop()`` ends it."""

    def __init__(self, width: int = 1920, height: int = 1080, attempts: int = 3):
        for _ in range(attempts):
            read_end, write_end = os.pipe()
            self.process = subprocess.Popen(
                ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            os.close(write_end)
            with os.fdopen(read_end) as numbers:
                number = numbers.readline().strip()
            self.display = f":{number}"
            # Other programs may start X servers at the same moment: check this one answers.
            if number and self._answers():
                return
            self.stop()
        raise RuntimeError("Xvfb did not start")

    def _answers(self) -> bool:
        done = subprocess.run(["xdotool", "getdisplaygeometry"], capture_output=True, text=True,
                              env=self.env(), timeout=30)
        return done.returncode == 0 and bool(done.stdout.strip())

    def env(self, **extra) -> dict:
        env = dict(os.environ, DISPLAY=self.display, **extra)
        env.pop("WAYLAND_DISPLAY", None)
        return env

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def run_sketch(server: XServer, *args, cwd=None, timeout=90) -> subprocess.CompletedProcess:
    """Run sketch.py to the end (for --save) and return what it printed."""
    return subprocess.run([sys.executable, str(SKETCH), *args], capture_output=True, text=True,
                          timeout=timeout, env=server.env(), cwd=cwd)


def read_png(path) -> np.ndarray:
    """A PNG as H×W×3 uint8."""
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def window_layout(*args, screen=(1920, 1080)):
    """The layout sketch.py's window takes with these arguments on a screen this size (it never
    opens larger than the screen: see Session.make_layout)."""
    from convolution.app import session
    from convolution.app.options import prepare
    options = prepare(list(args))
    running = session.Session(options.state, options.view, options.scale, fullscreen=options.fullscreen,
                            theme=options.theme)
    running.open_on(screen)
    return running.layout


def layout_in(frame: np.ndarray, *args):
    """The layout sketch.py with these arguments takes in a window the size of ``frame`` (as after v,
    or a new file opened: the window keeps its size)."""
    from convolution.app import session
    from convolution.app.options import prepare
    options = prepare(list(args))
    running = session.Session(options.state, options.view)
    running.window = (frame.shape[1], frame.shape[0])
    return running.make_layout()


def crop(frame: np.ndarray, rect: geometry.Rect) -> np.ndarray:
    return frame[rect.y:rect.y + rect.h, rect.x:rect.x + rect.w]


class LiveSketch:
    """sketch.py running in a window on ``server``, driven like a user would."""

    def __init__(self, server: XServer, *args, cwd: Path, logs: Path | None = None, env: dict | None = None,
                 program: Path = SKETCH, command: list[str] | None = None, bare_env: dict | None = None):
        """``command`` starts something else than ``python program`` (the unpacked app); ``bare_env`` is
        its whole environment (nothing of this one's, not even PATH), DISPLAY added."""
        self.server = server
        self.cwd = cwd
        logs = logs or cwd
        self.stderr_path = logs / "sketch-stderr.txt"
        self.stdout_path = logs / "sketch-stdout.txt"
        self.shot_path = logs / "window.png"
        for attempt in range(2):
            # Windows of sketches that ended a moment ago may still be listed: this sketch's window is a new one.
            self.earlier = set(self._xdotool("search", "--name", WINDOW_TITLE).split())
            with open(self.stdout_path, "w") as out, open(self.stderr_path, "w") as err:
                environment = (dict(bare_env, DISPLAY=server.display) if bare_env is not None
                               else server.env(**(env or {})))
                self.process = subprocess.Popen([*(command or [sys.executable, str(program)]), *args], cwd=cwd,
                                                env=environment, stdout=out, stderr=err)
            try:
                self.window = self._find_window()
                break
            except RuntimeError:
                # Now and then, on a loaded machine, Java cannot reach a busy Xvfb at once: once more.
                if attempt or "display could not be opened" not in self.stderr():
                    raise
        self.focus()

    def _xdotool(self, *args, timeout=30) -> str:
        result = subprocess.run(["xdotool", *args], capture_output=True, text=True,
                                env=self.server.env(), timeout=timeout)
        return result.stdout.strip()

    def _find_window(self, timeout=60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sketch exited with {self.process.returncode}: {self.stderr()}")
            found = [w for w in self._xdotool("search", "--onlyvisible", "--name", WINDOW_TITLE).split()
                     if w not in self.earlier]
            if found:
                return found[0]
            time.sleep(0.2)
        raise TimeoutError(f"no window titled {WINDOW_TITLE!r} within {timeout}s: {self.stderr()}")

    def focus(self):
        """Click on the title area: with no window manager, a click gives keyboard focus."""
        self.click(40, 10)

    def click(self, x, y, button=1):
        self._xdotool("mousemove", "--window", self.window, str(x), str(y), "click", str(button))

    def move(self, x, y):
        """Move the mouse to window point (x, y)."""
        self._xdotool("mousemove", "--window", self.window, str(x), str(y))

    def wheel(self, notches: int):
        """Turn the mouse wheel: positive notches up (X button 4), negative down (button 5)."""
        button = "4" if notches > 0 else "5"
        for _ in range(abs(notches)):
            self._xdotool("click", button)

    def keys(self, *names, delay_ms=15):
        """Press keys by X11 name: "Right", "r", "question", "Escape" … (into this window: if the keyboard's focus
        is elsewhere, as when the first click came before the window took it, it is clicked again first)."""
        for _ in range(3):
            if self.has_focus():
                break
            self._xdotool("windowraise", self.window)   # a window over it would take the click
            self.focus()
            time.sleep(0.2)
        self._xdotool("key", "--delay", str(delay_ms), *names, timeout=120)

    def has_focus(self) -> bool:
        """Whether the keyboard's focus is on this window (or on Java's FocusProxy inside it); True if
        xwininfo (x11-utils) is not there to tell."""
        self.follow_window()
        focused = self._xdotool("getwindowfocus")
        if focused == self.window or not shutil.which("xwininfo"):
            return True
        if not focused.isdigit():   # nowhere (the window that had it has closed)
            return False
        info = subprocess.run(["xwininfo", "-id", focused, "-tree"], capture_output=True, text=True,
                              env=self.server.env(), timeout=10).stdout
        parent = next((line for line in info.splitlines() if "Parent window id:" in line), "")
        return parent.split(":", 1)[-1].split()[:1] == [hex(int(self.window))]

    def xdotool_chain(self, commands: list[str]):
        """Many xdotool commands in one run (e.g. a storm of mouse events)."""
        self._xdotool(*commands, timeout=300)

    def screenshot(self, attempts: int = 3) -> np.ndarray:
        """The window as it is now (H×W×3 uint8). If the window goes away under ImageMagick's import (Java
        made its frame anew), the new one is followed; if none comes, the X server's window tree is kept
        beside the logs (x-windows.txt) and the test fails saying so."""
        for _ in range(attempts):
            self.follow_window()
            try:
                subprocess.run(["import", "-window", self.window, str(self.shot_path)], env=self.server.env(),
                               check=True, capture_output=True, timeout=10)
                return read_png(self.shot_path)
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                time.sleep(0.3)
        tree = self.shot_path.with_name("x-windows.txt")
        with open(tree, "w") as out:
            if shutil.which("xwininfo"):   # (x11-utils)
                subprocess.run(["xwininfo", "-root", "-tree"], env=self.server.env(), stdout=out, stderr=out,
                               timeout=30)
        raise AssertionError(f"no screenshot of window {self.window} in {attempts} tries (the sketch "
                             f"{'runs' if self.alive() else 'has ended'}); the X windows are in {tree}; "
                             f"stderr: {self.stderr()[-300:]}")

    def follow_window(self):
        """Going full screen and back may give the sketch a new native window (Java makes its frame anew to
        add or take off the title bar): once the old one is gone, follow the new one (ImageMagick's import
        would wait on a window that no longer exists)."""
        deadline = time.monotonic() + 10
        while True:
            shown = [w for w in self._xdotool("search", "--onlyvisible", "--name", WINDOW_TITLE).split()
                     if w not in self.earlier]
            if self.window in shown or (not shown and time.monotonic() > deadline):
                return   # still this one (or none shown yet: import will say so)
            if shown:
                self.window = shown[-1]   # the newest
                return
            time.sleep(0.1)   # between the old window and the new one

    def settled(self, pause: float = 0.3, tries: int = 40) -> np.ndarray:
        """A screenshot once two in a row, ``pause`` seconds apart, are the same (or the last of ``tries``)."""
        previous = self.screenshot()
        for _ in range(tries):
            time.sleep(pause)
            frame = self.screenshot()
            if np.array_equal(frame, previous):
                return frame
            previous = frame
        return previous

    def wait_for(self, condition, timeout=10.0, what: str = "") -> np.ndarray:
        """Screenshots until ``condition(frame)`` holds; returns that frame.

        Fails the test (AssertionError, the last frame kept as ``window.png``
        beside the logs) if it never holds within ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        while True:
            frame = self.screenshot()
            if condition(frame):
                return frame
            if time.monotonic() > deadline:
                described = what or getattr(condition, "__doc__", None) or "the condition"
                raise AssertionError(f"waited {timeout:g} s for {described}; last frame in {self.shot_path}; "
                                     f"stderr: {self.stderr()[-500:]}")
            time.sleep(0.15)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stderr(self) -> str:
        return self.stderr_path.read_text() if self.stderr_path.exists() else ""

    def stdout(self) -> str:
        return self.stdout_path.read_text() if self.stdout_path.exists() else ""

    def wait_exit(self, timeout=20.0) -> int:
        return self.process.wait(timeout=timeout)

    def stop(self):
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def open_with_file_dialog(sketch: LiveSketch, path, timeout=30.0):
    """Press o, type ``path`` into the file dialog that opens, and press Enter."""
    sketch.focus()   # with no window manager, a closed dialog leaves the keyboard nowhere
    sketch.keys("o")
    deadline = time.monotonic() + timeout
    dialog = ""
    while not dialog and time.monotonic() < deadline:
        dialog = sketch._xdotool("search", "--name", "Open a drawing")
        time.sleep(0.2)
    dialog = dialog.split()[0]
    geometry = sketch._xdotool("getwindowgeometry", dialog)
    width, height = (int(n) for n in geometry.split("Geometry:")[1].split("x"))
    # The dialog's "File Name" field: a click there gives it the keyboard.
    sketch._xdotool("mousemove", "--window", dialog, str(width * 6 // 10), str(height - 93), "click", "1")
    time.sleep(0.3)
    sketch._xdotool("type", "--delay", "10", str(path))
    sketch._xdotool("key", "Return")
