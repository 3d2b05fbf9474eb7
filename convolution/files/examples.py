"""A folder of examples: one Quick Draw bitmap file per class, and the network trained on them beside it;
and ``Examples``, the classes and their drawings as the teach view holds them (state/teach.py changes them).

``w`` in the teach view saves a new folder ``examples-YYYYmmdd-HHMMSS/`` in
the folder the sketch started in::

    examples-20261202-093000/
        circle.npy        N×784 uint8: white strokes on black, as Quick Draw's numpy bitmaps
        square.npy
        network.npz       the network trained on them, once there is one

``--examples`` opens such a folder again (or Quick Draw files: any .npy or
.bin, one class a file, named as train.py names them), and
``python train.py examples-…/*.npy --out m.npz`` trains on it. Nothing is
ever written over: the folder is built under a temporary name and renamed into
place once complete (a "-2" … after its name if that one exists), and every file
goes through saving.write_new. No py5.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from convolution.files import names as file_names
from convolution.files import quickdraw, saving
from convolution.files.reading import shown_path

# The teach view's classes are what such a folder holds: their data and the rules for their names live here,
# below the state that changes them (state/teach.py, which takes these names over).
SIDE = quickdraw.QUICKDRAW_SIDE
MAX_CLASSES = 9          # keys 1–9 add examples: one key a class (so a folder gives at most 9)
DEFAULT_CLASSES = 2      # without --classes: "class 1", "class 2"; a key beyond them makes a class more
MAX_NAME = 40            # characters of a class's name (it becomes a file's name, and a row on the screen)
NOT_IN_NAMES = file_names.NOT_IN_NAMES   # characters file systems refuse (Windows' list: Linux's and macOS's too)
NETWORK_FILE = "network.npz"
FOLDER_PREFIX = "examples"
MAX_FILES = 64   # files of one folder looked at: a folder of examples holds at most 9 classes
MAX_BYTES = 200 * 2 ** 20   # the drawings of all the classes together (267,000 drawings): the teach view keeps
#                             them, and training copies them, within a classroom laptop's memory


class ExamplesError(ValueError):
    """A folder or file of examples cannot be used; the message is one line saying what to do."""


@dataclass(frozen=True, eq=False)   # eq=False: arrays cannot say whether two are "equal"
class Examples:
    """The classes being taught: their names, and each class's examples (N×28×28 uint8, white on black,
    oldest first). Never changed in place: every change makes a new Examples, so undo keeps the old one."""
    names: tuple[str, ...]
    drawings: tuple[np.ndarray, ...]
    selected: int = 0                   # the class Backspace and renaming act on

    @staticmethod
    def named(names) -> Examples:
        """No examples yet, of classes ``names``."""
        names = tuple(names)
        return Examples(names, tuple(np.zeros((0, SIDE, SIDE), np.uint8) for _ in names))

    @staticmethod
    def default() -> Examples:
        return Examples.named(default_name(n) for n in range(DEFAULT_CLASSES))

    def counts(self) -> list[int]:
        return [len(drawings) for drawings in self.drawings]

    def total(self) -> int:
        return sum(self.counts())


def default_name(number: int) -> str:
    """The name of class ``number`` (from 0) before it is given one: "class 1" …"""
    return f"class {number + 1}"


def name_problem(name: str, others=()) -> str:
    """Why ``name`` cannot name a class, in one line ("" if it can): it becomes a file's name, <name>.npy
    (files/names.py: no control or format characters, no Windows device names, no dot or space at the end)."""
    if not name:
        return "a class needs a name: type one, then Enter (Esc keeps the old name)"
    problem = file_names.file_name_problem(name)
    if problem:
        return (f"{file_names.shown(name[:MAX_NAME + 1])} cannot be a file's name: {problem}; use letters, digits, "
                f"spaces, - or _ (Esc keeps the old name)")
    if len(name) > MAX_NAME:
        return f"a class's name is at most {MAX_NAME} characters, '{name[:12]}…' has {len(name)}: use a shorter one"
    if name.lower() in (other.lower() for other in others):
        return f"another class is called '{name}' already: each class needs a name of its own"
    return ""


def file_name(name: str) -> str:
    """The file class ``name`` is saved as: ``<name>.npy``, or, for a name train.py would read otherwise (one
    ending in a number: "class 1.npy" would be the class "class"), Quick Draw's own
    ``full_numpy_bitmap_<name>.npy``, whose name train.py keeps exactly."""
    plain = f"{name}.npy"
    try:
        kept = quickdraw.class_name(plain) == name
    except ValueError:   # "0": a count and nothing else
        kept = False
    return plain if kept else f"{quickdraw.QUICKDRAW_PREFIX}{name}.npy"


def folder_stem(now: datetime | None = None, prefix: str = FOLDER_PREFIX) -> str:
    """The name a new folder of examples is given: ``examples-YYYYmmdd-HHMMSS``."""
    return f"{prefix}-{(now or datetime.now()).strftime('%Y%m%d-%H%M%S')}"


def drawings_writer(drawings: np.ndarray):
    """``write(file)`` for saving.write_new: ``drawings`` (N×28×28 uint8) as a Quick Draw .npy, N×784."""
    rows = np.ascontiguousarray(drawings, dtype=np.uint8).reshape(len(drawings), quickdraw.QUICKDRAW_BYTES)
    return lambda file: np.lib.format.write_array(file, rows, allow_pickle=False)


def save(parent, examples: Examples, save_network=None, now: datetime | None = None,
         prefix: str = FOLDER_PREFIX) -> tuple[Path, list[str]]:
    """Save ``examples`` in a new folder in ``parent`` (``examples-YYYYmmdd-HHMMSS``, ``-2`` … after it if that
    name is taken): a file per class that has examples (file_name), and, if ``save_network`` is given,
    ``save_network(path)`` writes the network as NETWORK_FILE beside them.

    The folder is built under a temporary name and renamed into place once complete
    (saving.write_new_folder): a failure leaves nothing behind, and nothing is replaced.
    Returns (the folder, what was left out: the names of classes with no examples). Raises OSError.
    """
    left_out = [name for name, drawings in zip(examples.names, examples.drawings) if not len(drawings)]

    def fill(folder: Path) -> None:
        for name, drawings in zip(examples.names, examples.drawings):
            if len(drawings):
                saving.write_new(folder / file_name(name), drawings_writer(drawings))
        if save_network is not None:
            save_network(folder / NETWORK_FILE)

    return saving.write_new_folder(parent, folder_stem(now, prefix), fill), left_out


def example_files(paths) -> list[Path]:
    """The Quick Draw files ``paths`` name: a file as it is, a folder's .npy and .bin files (sorted).

    Raises ExamplesError for a path that does not exist, or a folder with no such files.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise ExamplesError(f"--examples {path}: no such folder or file; give a folder saved with w "
                                f"(examples-…) or Quick Draw .npy/.bin files") from None
        except OSError as error:
            raise ExamplesError(f"--examples {path}: {error.strerror or error}; check the path") from None
        if not stat.S_ISDIR(mode):
            found.append(path)
            continue
        try:
            entries = [entry for entry in os.scandir(path) if quickdraw.is_quickdraw_path(entry.name)
                       and not entry.name.startswith(".")]
        except OSError as error:
            raise ExamplesError(f"--examples {path}: the folder cannot be read ({error.strerror or error}); "
                                f"check its permissions") from None
        if not entries:
            raise ExamplesError(f"--examples {path}: the folder holds no Quick Draw .npy or .bin files "
                                f"(one a class): give a folder saved with w, or the files themselves")
        if len(entries) > MAX_FILES:
            raise ExamplesError(f"--examples {path}: the folder holds {len(entries)} .npy/.bin files, more than "
                                f"{MAX_CLASSES} classes: give the files of the classes you want")
        found += [Path(entry.path) for entry in sorted(entries, key=lambda entry: entry.name)]
    return found


def load(paths) -> tuple[Examples, Path | None]:
    """The examples in ``paths`` (folders and Quick Draw files, see example_files): a class per file,
    named as train.py names it (quickdraw.class_name), in the order found; and the NETWORK_FILE of the
    first folder, if it has one (None otherwise).

    The count of classes, their names and the files' sizes (asked of the file system) are checked before
    any file is read (at most MAX_CLASSES files, MAX_BYTES together); then every file is read
    through quickdraw.load_quickdraw (regular files only, headers and sizes first).
    Raises ExamplesError (or images.ImageLoadError, a ValueError) with one line.
    """
    files = example_files(paths)
    if len(files) > MAX_CLASSES:
        raise ExamplesError(f"--examples: {len(files)} classes, but only keys 1\u2013{MAX_CLASSES} add "
                            f"examples: give at most {MAX_CLASSES} files")
    names: list[str] = []
    for path in files:
        name = quickdraw.class_name(path)
        problem = name_problem(name)
        if name.lower() in (other.lower() for other in names):
            earlier = files[[other.lower() for other in names].index(name.lower())]
            raise ExamplesError(f"--examples: {shown_path(earlier)} and {shown_path(path)} both give the class "
                                f"'{name}': give one file per class")
        if problem:
            raise ExamplesError(f"--examples {shown_path(path)}: {problem}")
        names.append(name)
    total = sum(_size(path) for path in files)
    if total > MAX_BYTES:
        raise ExamplesError(f"--examples: the {len(files)} files hold {total / 2 ** 20:,.0f} MB of drawings, more "
                            f"than the {MAX_BYTES // 2 ** 20} MB the teach view takes: use part of each file "
                            f"(e.g. numpy.save of its first 10000 rows)")
    drawings = [quickdraw.load_quickdraw(path) for path in files]
    folders = [Path(path) for path in paths if Path(path).is_dir()]
    model = folders[0] / NETWORK_FILE if folders and (folders[0] / NETWORK_FILE).is_file() else None
    return Examples(tuple(names), tuple(drawings)), model


def _size(path: Path) -> int:
    """A file's size from the file system (0 for what is not a regular file: reading it says what it is)."""
    try:
        info = path.stat()
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0
