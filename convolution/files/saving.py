"""New files: names that are never taken, and the one way every file is written, never over another.

Every file the project writes (screenshots, drawings, GIF clips, --save
frames, trained networks) goes through ``write_new``:

1. the bytes go to a temporary file in the same folder (``.convolution-….part``),
   flushed and fsync'ed, so they are on the disk before the file has its name;
2. then the file gets its name with an exclusive hard link (``os.link``), which
   fails if anything of that name exists, even a file that appeared a moment
   ago or a symbolic link to nowhere: nothing is ever replaced;
3. with ``overwrite=True`` it is renamed over the old file instead
   (``os.replace``), only once the new file is complete, so a failure (a full
   disk) leaves the old file as it was.

A failure at any point removes the temporary file and leaves no half-written
file behind. Names are taken literally: a '#' is a '#'.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import numpy as np
from PIL import Image

TEMPORARY_PREFIX = ".convolution-"
TEMPORARY_SUFFIX = ".part"


class TargetError(ValueError):
    """A file cannot be written where asked; the message says why (without the option's name)."""


def write_new(path, write: Callable[[BinaryIO], object], overwrite: bool = False) -> Path:
    """Write a new file ``path``: ``write(file)`` writes its bytes to ``file`` (a binary file object).

    Never replaces anything unless ``overwrite``: raises FileExistsError if
    ``path`` exists (as a file, a folder or a link, dangling or not), even if
    it appeared while ``write`` ran. With ``overwrite`` an existing file is
    replaced only once the new one is complete. Any exception from ``write``,
    or an OSError from the disk (full, read-only, the folder gone), is raised
    again after the temporary file is removed: ``path`` is then as it was
    (absent, or the old file). Returns ``path``.
    """
    path = Path(path)
    folder = path.parent
    descriptor, temporary = _new_temporary(folder)
    try:
        with os.fdopen(descriptor, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            _link_exclusively(temporary, path)
    except BaseException:
        _remove(temporary)
        raise
    if not overwrite:
        _remove(temporary)   # the file now has its own name; this one goes
    _sync_folder(folder)
    return path


def _new_temporary(folder: Path) -> tuple[int, Path]:
    """A new, empty file in ``folder`` with a name no one uses, open for writing (its descriptor)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = folder / f"{TEMPORARY_PREFIX}{secrets.token_hex(6)}{TEMPORARY_SUFFIX}"
        try:
            return os.open(temporary, flags, 0o666), temporary   # 0o666 less the umask, as open() gives
        except FileExistsError:
            continue


def _link_exclusively(temporary: Path, path: Path) -> None:
    """Give the complete file ``temporary`` the name ``path`` as well, failing if ``path`` exists.

    Where the file system has no hard links (FAT, some network shares), the
    bytes are copied into a file created exclusively instead (removed again
    if the copy fails).
    """
    try:
        os.link(temporary, path)
        return
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK,
                               errno.ENOSYS, errno.EACCES):
            raise
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, 0o666)   # FileExistsError if taken, even by a dangling link
    try:
        with os.fdopen(descriptor, "wb") as copy, open(temporary, "rb") as source:
            while block := source.read(1 << 20):
                copy.write(block)
            copy.flush()
            os.fsync(copy.fileno())
    except BaseException:
        _remove(path)   # ours: made a moment ago, and incomplete
        raise


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """Put the folder's new entry on the disk too (POSIX; elsewhere the rename is enough)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# --------------------------------------------------------------------------
# Checking a target before the work that fills it
# --------------------------------------------------------------------------

def check_target(path, overwrite: bool = False, suffix: str | None = None,
                 overwrite_option: str | None = "--overwrite") -> Path:
    """Check that ``write_new(path, …, overwrite)`` can work, before the time it takes to make the file.

    Raises TargetError with the reason (the caller puts the option and path
    in front): the name is a folder, does not end in ``suffix``, exists (a
    link to a missing file counts) without ``overwrite``, is too long, the
    folder is missing, or no new file can be made in it (read-only, no
    permission: tried for real, with a temporary file). ``overwrite_option``
    is named as the way to replace a file (None: there is none). Returns ``path``.
    """
    path = Path(path)
    folder = path.parent
    remedy = f"choose a new name or add {overwrite_option}" if overwrite_option else "choose a new name"
    try:
        if path.is_dir():
            raise TargetError(f"that is a folder; give a file name ending in {suffix or 'its suffix'}")
        if suffix is not None and path.suffix.lower() != suffix:
            raise TargetError(f"the file name must end in {suffix}")
        if os.path.lexists(path) and not overwrite:
            if not path.exists():
                raise TargetError(f"a link of that name exists (to {os.readlink(path)}, which is missing); {remedy}")
            raise TargetError(f"the file exists; {remedy}")
        if not folder.is_dir():
            raise TargetError(f"the folder {folder} does not exist; create it first")
        if not os.access(folder, os.W_OK):
            raise TargetError(f"no permission to write in the folder {folder}; save into a folder of your own")
        if path.exists() and not os.access(path, os.W_OK):
            raise TargetError("no permission to replace that file; choose a new name")
        _check_name_fits(path)
        descriptor, temporary = _new_temporary(folder)   # the only sure test: make a file there
        os.close(descriptor)
        _remove(temporary)
    except OSError as error:
        raise TargetError(_reason(error, folder)) from None
    return path


def writable(folder: Path) -> bool:
    """Whether a new file can be made in ``folder``: tried for real, with a temporary file (a read-only
    drive or share says yes to os.access for root and on Windows, and no when a file is made)."""
    try:
        descriptor, temporary = _new_temporary(Path(folder))
    except OSError:
        return False
    os.close(descriptor)
    _remove(temporary)
    return True


def save_folder(start: Path, home: Path | None = None, can_write: Callable[[Path], bool] = writable) -> Path:
    """Where s, d, g and w save: ``start`` (the folder the program started in) if a file can be made
    there, else the first of the user's Pictures, Documents and home folders (``home``: the user's) that
    takes one; ``start`` if none does (saving then says why it cannot)."""
    if can_write(start):
        return start
    try:
        home = Path(home) if home is not None else Path.home()
    except (RuntimeError, KeyError):   # no home folder known at all
        return start
    for folder in (home / "Pictures", home / "Documents", home):
        if folder.is_dir() and can_write(folder):
            return folder
    return start


def _check_name_fits(path: Path) -> None:
    """OSError(ENAMETOOLONG) if the file system would refuse ``path``'s name for its length."""
    try:
        longest = os.pathconf(path.parent, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):   # Windows has no pathconf
        longest = 255
    if len(os.fsencode(path.name)) > longest:
        raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), str(path))


def _reason(error: OSError, folder: Path) -> str:
    """An OSError met while checking a target, as words for the user."""
    if error.errno == errno.ENAMETOOLONG:
        return "the file name is too long; choose a shorter one"
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"no permission to write in the folder {folder} ({error.strerror}); save into a folder of your own"
    return f"{error.strerror or error}; check the folder and the name"


# --------------------------------------------------------------------------
# Names and PNGs
# --------------------------------------------------------------------------

def save_png(image: np.ndarray, path, overwrite: bool = False) -> Path:
    """Write ``image`` (H×W or H×W×3, 0–255) as a PNG at ``path`` through ``write_new``.

    Without ``overwrite`` an existing file is never replaced (FileExistsError). Returns ``path``.
    """
    return write_new(path, png_writer(image), overwrite)


def png_writer(image: np.ndarray) -> Callable[[BinaryIO], None]:
    """A ``write`` for write_new that writes ``image`` (H×W or H×W×3, 0–255, rounded) as a PNG."""
    picture = Image.fromarray(np.clip(np.rint(np.asarray(image, dtype=np.float32)), 0, 255).astype(np.uint8))
    return lambda file: picture.save(file, format="PNG")


def save_new_png(image: np.ndarray, path) -> Path:
    """``save_png`` that never overwrites: FileExistsError if ``path`` exists. Returns ``path``."""
    return save_png(image, path)


def new_png_path(folder: Path, now: datetime | None = None, prefix: str = "convolution") -> Path:
    """A new, unused PNG name in ``folder``: PREFIX-YYYYmmdd-HHMMSS.png (see new_file_path)."""
    return new_file_path(folder, prefix, ".png", now)


def new_file_path(folder, prefix: str, suffix: str, now: datetime | None = None) -> Path:
    """A name not used in ``folder`` yet: PREFIX-YYYYmmdd-HHMMSS plus ``suffix`` (".png", ".gif",
    ".npz"), with -2, -3 … appended if that name is taken (a link to a missing file counts)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = Path(folder)
    candidate, number = folder / f"{prefix}-{stamp}{suffix}", 2
    while os.path.lexists(candidate):
        candidate = folder / f"{prefix}-{stamp}-{number}{suffix}"
        number += 1
    return candidate


def write_new_or_next(path, write: Callable[[BinaryIO], object], attempts: int = 100) -> Path:
    """``write_new(path, write)``, or if another program took that name meanwhile, the first free of
    NAME-2, NAME-3 … (as new_file_path numbers them). Returns the path written."""
    path = Path(path)
    candidates = [path] + [path.with_name(f"{path.stem}-{number}{path.suffix}") for number in range(2, attempts + 1)]
    for candidate in candidates[:-1]:
        try:
            return write_new(candidate, write)
        except FileExistsError:
            continue
    return write_new(candidates[-1], write)


# --------------------------------------------------------------------------
# A new folder, built whole under a temporary name, then given its name
# --------------------------------------------------------------------------

def write_new_folder(parent, stem: str, fill: Callable[[Path], object], attempts: int = 1000) -> Path:
    """Make a new folder ``parent/stem`` (or ``stem-2``, ``stem-3`` … if that name is taken) holding what
    ``fill(folder)`` writes into it (through write_new), and return its path.

    The folder is filled under a temporary name (``.convolution-….part``) and
    renamed into place only once complete, so a failure (a full disk, the folder
    gone) leaves nothing behind, and an existing folder or file of that name is
    never replaced: the name is taken with os.mkdir (which fails if anything has
    it) and the complete folder renamed over that empty one of ours.
    """
    parent = Path(parent)
    temporary = _new_temporary_folder(parent)
    try:
        fill(temporary)
        _sync_folder(temporary)
        for number in range(1, attempts + 1):
            final = parent / (stem if number == 1 else f"{stem}-{number}")
            try:
                os.mkdir(final)   # the name is ours, or FileExistsError
            except FileExistsError:
                continue
            try:
                if os.name == "nt":   # Windows renames only to a free name
                    os.rmdir(final)
                os.rename(temporary, final)   # over the empty folder just made (POSIX replaces an empty one)
            except BaseException:
                _remove_tree(final, only_if_empty=True)
                raise
            _sync_folder(parent)
            return final
        raise FileExistsError(errno.EEXIST, f"{parent} has {stem} and {attempts - 1} more of that name")
    except BaseException:
        _remove_tree(temporary)
        raise


def _new_temporary_folder(parent: Path) -> Path:
    while True:
        temporary = parent / f"{TEMPORARY_PREFIX}{secrets.token_hex(6)}{TEMPORARY_SUFFIX}"
        try:
            os.mkdir(temporary)
            return temporary
        except FileExistsError:
            continue


def _remove_tree(folder: Path, only_if_empty: bool = False) -> None:
    """Remove ``folder`` (one made by this module), quietly: its files first, unless ``only_if_empty``."""
    try:
        if not only_if_empty:
            for entry in os.scandir(folder):
                _remove(Path(entry.path))
        os.rmdir(folder)
    except OSError:
        pass


def replace_own_folder(folder: Path, fill: Callable[[Path], object]) -> Path:
    """Replace ``folder`` (one this program made with write_new_folder, holding only files) by a new one of the
    same name filled by ``fill``: the new one is built whole under a temporary name first, the old one is
    renamed aside, the new one takes its name, and the old one is removed. A failure while building leaves
    the old folder as it was. Returns ``folder``."""
    folder = Path(folder)
    temporary = _new_temporary_folder(folder.parent)
    try:
        fill(temporary)
        _sync_folder(temporary)
    except BaseException:
        _remove_tree(temporary)
        raise
    aside = _new_temporary_folder(folder.parent)
    os.rmdir(aside)   # a free name, to move the old folder to
    os.rename(folder, aside)
    os.rename(temporary, folder)
    _sync_folder(folder.parent)
    _remove_tree(aside)
    return folder


def remove_own_folder(folder: Path) -> None:
    """Remove a folder this program made (write_new_folder) and the files in it, quietly."""
    _remove_tree(Path(folder))
