"""Which names can be a file's name on every computer a class uses: a class's name becomes ``<name>.npy``.

A name is refused when it holds a character that is not printable (Unicode's
control and format characters, category C*: a newline, U+007F, a soft hyphen
U+00AD, a right-to-left override U+202E; and the line and paragraph separators
U+2028, U+2029), a character Windows refuses in file names, is a Windows device
name (``con``, ``nul``, ``com1``… in any case, with or without an extension:
Windows opens the device instead of the file), or starts with a dot (a hidden
file) or a space (train.py drops it from a file's name), or ends in a dot or
space (Windows drops them). No py5.
"""

from __future__ import annotations

import unicodedata

NOT_IN_NAMES = '/\\:*?"<>|'   # characters file systems refuse (Windows' list, which covers Linux's and macOS's)
DEVICES = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$", "clock$",
                     *(f"{port}{digit}" for port in ("com", "lpt") for digit in "0123456789\u00b9\u00b2\u00b3")})


def shown(text: str) -> str:
    """``text`` quoted for a one-line message: as it is if printable, else with its unprintable characters
    escaped (repr's \\n, \\u202e …)."""
    return f"'{text}'" if text.isprintable() else repr(text)


def unprintable(char: str) -> bool:
    """Whether ``char`` is a control or format character (category C*) or a separator other than a space."""
    return unicodedata.category(char)[0] == "C" or not char.isprintable()


def file_name_problem(name: str) -> str:
    """Why ``name`` cannot be (the start of) a file's name everywhere, as a phrase ("" if it can)."""
    hidden = sorted({char for char in name if unprintable(char)})
    if hidden:
        codes = ", ".join(f"U+{ord(char):04X} {unicodedata.name(char, unicodedata.category(char))}"
                          for char in hidden[:3])
        return f"it holds a control or format character ({codes})"
    bad = sorted({char for char in name if char in NOT_IN_NAMES})
    if bad:
        return f"it has {' '.join(repr(char) for char in bad)}, which file names cannot have"
    if name.split(".")[0].rstrip(" ").lower() in DEVICES:
        return f"{name.split('.')[0].rstrip(' ')} is the name of a device on Windows, not of a file"
    if name.startswith((".", " ")) or name.endswith((" ", ".")):   # (".", ".." too; a space first: train.py drops it)
        return "a file's name cannot start with a dot or a space nor end in a dot or a space"
    return ""
