"""Opening a file to read: only a regular file, and never a wait.

A named pipe (FIFO) given as a file would make ``open()`` wait for a writer
forever, and a device such as ``/dev/zero`` never ends; both are refused
here, as is a folder. The file is opened without waiting (O_NONBLOCK) and
then asked what it is (``os.fstat`` on the open file, so it cannot be
swapped for something else in between). No py5.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path


def open_regular(path, error: type[ValueError] = ValueError, what: str = "file",
                 expected: str = "a file", if_missing: str = "") -> io.BufferedReader:
    """``path`` opened for reading bytes, if it is a regular file; else ``error`` with a one-line message.

    ``what`` names the file in "… not found" ("image file", "lesson file"),
    ``expected`` says what to give instead ("a PNG or JPEG") and
    ``if_missing``, when given, what to do about a file that is not there
    ("check the path, or train one with …"). Nothing is read: check the
    file's size (``size_of``) before reading it. Use it in a ``with`` statement.
    """
    path = Path(path)
    shown = shown_path(path)   # one line, whatever characters the name holds
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise error(f"{what} not found: {shown}" + (f": {if_missing}" if if_missing else "")) from None
    except IsADirectoryError:   # Windows; elsewhere a folder opens and fstat says what it is
        raise error(f"{shown} is a folder, not {_a(what)}: give the path of {expected}") from None
    except PermissionError:
        raise error(f"no permission to read {shown}: check the file's permissions") from None
    except OSError as problem:
        if problem.errno == errno.ENAMETOOLONG:
            raise error(f"{shown}: the file name is too long; use a shorter one") from None
        raise error(f"{shown} could not be opened ({problem.strerror or problem}): check the path") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            if stat.S_ISDIR(mode):
                raise error(f"{shown} is a folder, not {_a(what)}: give the path of {expected}")
            raise error(f"{shown} is {kind_of_file(mode)}, not a regular file: give the path of {expected}")
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def kind_of_file(mode: int) -> str:
    """What a file that is not a regular file is, in words: "a named pipe (FIFO)", "a device" …"""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def size_of(file: io.BufferedIOBase) -> int:
    """The size in bytes of an open regular file, from the file system (nothing is read)."""
    return os.fstat(file.fileno()).st_size


def read_exactly(file: io.BufferedIOBase, count: int) -> bytearray:
    """The next ``count`` bytes of ``file``; fewer only if the file ends sooner."""
    data = bytearray(count)
    done = read_into(file, memoryview(data))
    return data if done == count else data[:done]


def read_into(file: io.BufferedIOBase, buffer: memoryview) -> int:
    """Fill ``buffer`` from ``file``'s next bytes; returns how many were read (fewer if the file ends)."""
    done = 0
    while done < len(buffer):
        got = file.readinto(buffer[done:])
        if not got:
            break
        done += got
    return done


def megabytes(count: int) -> str:
    """A size for messages: "3.2 MB", "0.4 MB", "8,000 MB"."""
    return f"{count / 1e6:,.1f} MB" if count < 1e10 else f"{count / 1e6:,.0f} MB"


def shown_path(path) -> str:
    """A path as messages print it: as it is if every character of it is printable, else Python's repr of it
    (a newline, a right-to-left override … escaped), so that a message stays one line that says what it is."""
    text = os.fspath(path) if path is not None else ""
    text = text if isinstance(text, str) else os.fsdecode(text)
    return text if text.isprintable() else repr(text)


def one_line(text: str) -> str:
    """``text`` as one printable line: every character that is not printable (a line break, U+202E …)
    written as its escape (\\n, \\u202e). The last guard of every error message printed."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def _a(what: str) -> str:
    return f"an {what}" if what[:1] in "aeiou" else f"a {what}"
