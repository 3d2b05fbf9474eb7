"""Quick Draw's bitmap files: 28×28 grey drawings, white strokes (255) on black (0), one per 784-byte row.

``<category>.npy`` (the dataset's numpy bitmaps) holds an N×784 uint8 array;
a ``.bin`` holds the same rows raw, with no header. No py5: a bad file is
reported (one line, ImageLoadError) before Java and a window start.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from convolution.files import names, reading
from convolution.files.images import ImageLoadError
from convolution.files.reading import shown_path

QUICKDRAW_SIDE = 28
QUICKDRAW_BYTES = QUICKDRAW_SIDE * QUICKDRAW_SIDE
QUICKDRAW_SUFFIXES = (".npy", ".bin")
NPY_MAGIC = b"\x93NUMPY"
QUICKDRAW_PREFIX = "full_numpy_bitmap_"   # the dataset's own file names: full_numpy_bitmap_<category>.npy


def is_quickdraw_path(path) -> bool:
    """Whether ``path`` names a Quick Draw bitmap file (.npy or .bin, any case) rather than a picture."""
    return Path(path).suffix.lower() in QUICKDRAW_SUFFIXES


def class_name(path) -> str:
    """The class a file of drawings stands for, from its name.

    - Quick Draw's own files keep their category exactly:
      ``full_numpy_bitmap_cat.npy`` → "cat", ``full_numpy_bitmap_bus.npy`` →
      "bus" (also ``cat.npy`` → "cat").
    - Otherwise trailing digits (a count) are dropped, and then one plural
      "s" if digits were dropped: ``cats800.bin`` → "cat",
      ``trains1000.bin`` → "train", ``glasses.npy`` → "glasses".

    Case is kept. Raises ValueError if nothing is left (``800.bin``), or for a name that cannot be a file's
    (files/names.py: control or format characters, a Windows device name, a dot or space at the end).
    """
    stem = Path(path).stem
    if stem.startswith(QUICKDRAW_PREFIX):
        name = stem[len(QUICKDRAW_PREFIX):]
    else:
        name = stem
        counted = re.fullmatch(r"(.*?)[ _-]*\d+", stem)
        if counted:
            name = counted.group(1)
            if name.endswith("s") and not name.endswith("ss") and len(name) > 1:
                name = name[:-1]
    name = name.strip()
    if not name:
        raise ValueError(f"{shown_path(path)}: the file name gives no class name; name the file after its class, "
                         f"e.g. cats800.bin or full_numpy_bitmap_cat.npy")
    problem = names.file_name_problem(name)
    if problem:   # a model of that class could not be saved, loaded or opened again with --examples
        raise ValueError(f"{shown_path(path)}: the class {names.shown(name)} cannot be a class's name: {problem}; "
                         f"rename the file (letters, digits, spaces, - or _)")
    return name


def load_quickdraw(path) -> np.ndarray:
    """Read a Quick Draw bitmap file: every drawing in it, as stored.

    ``<category>.npy`` (numpy's format, an N×784 uint8 array, as in Quick
    Draw's numpy bitmap folder) and ``.bin`` (the same 784-byte rows with no
    header) are understood; pickled data is never loaded. Only a regular file
    is opened (not a FIFO or a device); a .npy file's shape and dtype come from
    its header, and a .bin file's size from the file system, before any
    drawing is read, and a file of more than MAX_FILE_BYTES is refused. Returns
    uint8 of shape N×28×28, values as stored: white strokes (255) on black (0).
    Raises ImageLoadError with a one-line message for a missing, unreadable,
    empty or too large file, or one that is not what its name says.
    """
    shown = reading.shown_path(path)   # one line, whatever the name holds
    path = Path(path)
    suffix = path.suffix.lower()
    with reading.open_regular(path, ImageLoadError, "image file", "a Quick Draw .npy or .bin file") as file:
        if suffix not in QUICKDRAW_SUFFIXES:
            raise ImageLoadError(f"{shown} is not a Quick Draw bitmap file: its name must end in .npy or .bin")
        try:
            rows = _read_npy(path, file) if suffix == ".npy" else _read_bin(path, file)
        except PermissionError:
            raise ImageLoadError(f"no permission to read {shown}: check the file's permissions") from None
        except OSError as error:
            raise ImageLoadError(f"{shown} could not be read ({error.strerror or error}): "
                                 f"check the file, or download it again") from None
    return rows.reshape(len(rows), QUICKDRAW_SIDE, QUICKDRAW_SIDE)


EXPECTED_NPY = f"a Quick Draw bitmap file holds an N\u00d7{QUICKDRAW_BYTES} uint8 array (one 28\u00d728 drawing a row)"
MAX_FILE_BYTES = 512 * 2 ** 20   # 684,784 drawings: more than any category of the dataset has
MAX_NPY_HEADER = 4096            # bytes; numpy writes a Quick Draw file's header in 128
STROKE_CHECK_BYTES = 2 ** 20     # how much of a .bin is read to tell strokes from bitmaps


def _too_large(path: Path, size: int) -> ImageLoadError:
    shown = reading.shown_path(path)   # one line, whatever the name holds
    return ImageLoadError(f"{shown} holds {reading.megabytes(size)} of drawings, more than the "
                          f"{reading.megabytes(MAX_FILE_BYTES)} the sketch reads from one file: "
                          f"use a part of it (e.g. numpy.save of its first 100000 rows)")


def _read_npy(path: Path, file) -> np.ndarray:
    """An N×784 uint8 array from an open .npy file, or ImageLoadError saying what is wrong with it.

    The header (shape, dtype, order) is read and checked first, and the file's
    size compared with what it claims; only then are the drawings read.
    """
    shown = reading.shown_path(path)   # one line, whatever the name holds
    start = file.read(len(NPY_MAGIC) + 2)
    if start[:2] == b"PK":
        raise ImageLoadError(f"{shown} is a .npz archive, not a .npy array: {EXPECTED_NPY}; "
                             f"use Quick Draw's numpy bitmap <category>.npy")
    if start[:len(NPY_MAGIC)] != NPY_MAGIC or len(start) < len(NPY_MAGIC) + 2:
        raise ImageLoadError(f"{shown} is not a numpy .npy file (no .npy header): {EXPECTED_NPY}")
    major = start[len(NPY_MAGIC)]
    if major not in (1, 2):
        raise ImageLoadError(f"{shown} is a .npy file of format version {major}, which Quick Draw files "
                             f"do not use: {EXPECTED_NPY}")
    length = int.from_bytes(file.read(2 if major == 1 else 4), "little")
    if length > MAX_NPY_HEADER:
        raise ImageLoadError(f"{shown} has a .npy header of {length:,} bytes (a Quick Draw file's has about "
                             f"100): it is not a Quick Draw bitmap file: {EXPECTED_NPY}")
    file.seek(0)
    try:
        version = np.lib.format.read_magic(file)
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else \
            np.lib.format.read_array_header_2_0
        shape, fortran_order, dtype = read_header(file)
    except (ValueError, EOFError, SyntaxError, TypeError, OverflowError, MemoryError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ImageLoadError(f"{shown} is damaged or truncated (its .npy header: {reason}): "
                             f"download it again") from None
    if any(n < 0 for n in shape):
        raise ImageLoadError(f"{shown} is damaged (its .npy header gives the shape {shape}): download it again")
    if dtype.hasobject:
        raise ImageLoadError(f"{shown} holds Python objects, which are never loaded (they could run code): "
                             f"{EXPECTED_NPY}")
    if dtype != np.uint8 or len(shape) != 2 or shape[1] != QUICKDRAW_BYTES:
        held = (f"a {_shape_text(shape)} {dtype} array" if shape else f"a single {dtype} value")
        raise ImageLoadError(f"{shown} holds {held}, but {EXPECTED_NPY}")
    count = shape[0]
    if count == 0:
        raise ImageLoadError(f"{shown} holds no drawings (0\u00d7{QUICKDRAW_BYTES}): use a file with at least one")
    wanted, there = count * QUICKDRAW_BYTES, reading.size_of(file) - file.tell()
    if wanted > there:
        raise ImageLoadError(f"{shown} is damaged or truncated (its header says {_count_text(count)} drawings, "
                             f"{_count_text(wanted)} bytes, but {max(there, 0):,} bytes follow it): download it again")
    if wanted > MAX_FILE_BYTES:
        raise _too_large(path, wanted)
    data = reading.read_exactly(file, wanted)
    if len(data) != wanted:
        raise ImageLoadError(f"{shown} was cut short while it was read: download it again")
    rows = np.frombuffer(data, np.uint8)
    return (rows.reshape(QUICKDRAW_BYTES, count).T.copy() if fortran_order else rows.reshape(count, QUICKDRAW_BYTES))


def _shape_text(shape: tuple[int, ...]) -> str:
    return "\u00d7".join(_count_text(n) for n in shape)


def _count_text(n: int) -> str:
    """A count from a header, short whatever its size: 1,000 · 1e+15 · 10^400 (too large for a float)."""
    if n < 10 ** 6:
        return f"{n:,}"
    return f"{n:.3g}" if n < 10 ** 300 else f"10^{len(str(n)) - 1}"


def _read_bin(path: Path, file) -> np.ndarray:
    """An N×784 uint8 array from an open raw .bin file, or ImageLoadError saying what is wrong with it.

    The size comes from the file system; at most STROKE_CHECK_BYTES are read
    before the size is known to be whole drawings.
    """
    shown = reading.shown_path(path)   # one line, whatever the name holds
    size = reading.size_of(file)
    if not size:
        raise ImageLoadError(f"{shown} is empty: a Quick Draw .bin bitmap file holds "
                             f"{QUICKDRAW_BYTES} bytes per 28\u00d728 drawing")
    head = bytes(reading.read_exactly(file, min(size, STROKE_CHECK_BYTES)))
    if looks_like_quickdraw_strokes(head, whole=len(head) == size):
        raise ImageLoadError(f"{shown} holds Quick Draw strokes (the dataset's binary stroke format), not "
                             f"28\u00d728 bitmaps: use the category's numpy bitmap file <category>.npy")
    if size % QUICKDRAW_BYTES:
        raise ImageLoadError(f"{shown} is {size} bytes, not a whole number of {QUICKDRAW_BYTES}-byte "
                             f"28\u00d728 drawings: it is not a Quick Draw bitmap file (or it was cut short)")
    if size > MAX_FILE_BYTES:
        raise _too_large(path, size)
    data = bytearray(size)
    data[:len(head)] = head
    if len(head) + reading.read_into(file, memoryview(data)[len(head):]) != size:
        raise ImageLoadError(f"{shown} was cut short while it was read: download it again")
    return np.frombuffer(data, np.uint8).reshape(-1, QUICKDRAW_BYTES)


def looks_like_quickdraw_strokes(data: bytes, records: int = 200, whole: bool = True) -> bool:
    """Whether ``data`` reads as Quick Draw's binary stroke records (its other ``.bin`` format).

    Each record is key_id (8 bytes), country (2), recognized (1), timestamp
    (4), the number of strokes (uint16, little-endian), then per stroke its
    number of points (uint16) and that many x bytes and y bytes. The first
    ``records`` records (or all, in a smaller file) must parse exactly; when
    ``data`` is only the start of a file (``whole`` false), a record cut off
    at its end counts as parsed. Bitmaps start with a blank top row, so they
    fail at once (zero strokes).
    """
    at = 0
    for _ in range(records):
        if at == len(data):
            return at > 0
        if at + 17 > len(data):
            return not whole and at > 0
        strokes = int.from_bytes(data[at + 15:at + 17], "little")
        if strokes == 0:
            return False
        at += 17
        for _ in range(strokes):
            if at + 2 > len(data):
                return not whole
            points = int.from_bytes(data[at:at + 2], "little")
            if points == 0:
                return False
            if at + 2 + 2 * points > len(data):
                return not whole
            at += 2 + 2 * points
    return True
