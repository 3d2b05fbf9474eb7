"""Quick Draw's bitmap files: 28×28 grey drawings, white strokes (255) on black (0), one per 784-byte row.

``<category>.npy`` (the dataset's numpy bitmaps) holds an N×784 uint8 array;
a ``.bin`` holds the same rows raw, with no header. No py5: a bad file is
reported (one line, ImageLoadError) before Java and a window start.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from convolution.files.images import ImageLoadError, check_is_file

QUICKDRAW_SIDE = 28
QUICKDRAW_BYTES = QUICKDRAW_SIDE * QUICKDRAW_SIDE
QUICKDRAW_SUFFIXES = (".npy", ".bin")
NPY_MAGIC = b"\x93NUMPY"


def is_quickdraw_path(path) -> bool:
    """Whether ``path`` names a Quick Draw bitmap file (.npy or .bin, any case) rather than a picture."""
    return Path(path).suffix.lower() in QUICKDRAW_SUFFIXES


def load_quickdraw(path) -> np.ndarray:
    """Read a Quick Draw bitmap file: every drawing in it, as stored.

    ``<category>.npy`` (numpy's format, an N×784 uint8 array, as in Quick
    Draw's numpy bitmap folder) and ``.bin`` (the same 784-byte rows with no
    header) are understood; pickled data is never loaded. Returns uint8 of
    shape N×28×28, values as stored: white strokes (255) on black (0). Raises
    ImageLoadError with a one-line message for a missing, unreadable or empty
    file, or one that is not what its name says.
    """
    path = Path(path)
    check_is_file(path)
    suffix = path.suffix.lower()
    if suffix not in QUICKDRAW_SUFFIXES:
        raise ImageLoadError(f"{path} is not a Quick Draw bitmap file: its name must end in .npy or .bin")
    try:
        rows = _read_npy(path) if suffix == ".npy" else _read_bin(path)
    except PermissionError:
        raise ImageLoadError(f"no permission to read {path}: check the file's permissions") from None
    except OSError as error:
        raise ImageLoadError(f"{path} could not be read ({error.strerror or error}): "
                             f"check the file, or download it again") from None
    return np.ascontiguousarray(rows).reshape(len(rows), QUICKDRAW_SIDE, QUICKDRAW_SIDE)


EXPECTED_NPY = f"a Quick Draw bitmap file holds an N\u00d7{QUICKDRAW_BYTES} uint8 array (one 28\u00d728 drawing a row)"


def _read_npy(path: Path) -> np.ndarray:
    """An N×784 uint8 array from a .npy file, or ImageLoadError saying what is wrong with it."""
    with open(path, "rb") as file:
        start = file.read(len(NPY_MAGIC))
    if start[:2] == b"PK":
        raise ImageLoadError(f"{path} is a .npz archive, not a .npy array: {EXPECTED_NPY}; "
                             f"use Quick Draw's numpy bitmap <category>.npy")
    if start != NPY_MAGIC:
        raise ImageLoadError(f"{path} is not a numpy .npy file (no .npy header): {EXPECTED_NPY}")
    try:
        array = np.load(path, allow_pickle=False)
    except ValueError as error:
        text = str(error)
        if "pickle" in text or "Object arrays" in text:
            raise ImageLoadError(f"{path} holds Python objects, which are never loaded (they could run code): "
                                 f"{EXPECTED_NPY}") from None
        raise ImageLoadError(f"{path} is damaged or truncated ({text.splitlines()[0]}): "
                             f"download it again") from None
    if array.dtype != np.uint8 or array.ndim != 2 or array.shape[1] != QUICKDRAW_BYTES:
        shape = "\u00d7".join(str(n) for n in array.shape) or "a single value"
        raise ImageLoadError(f"{path} holds a {shape} {array.dtype} array, but {EXPECTED_NPY}")
    if len(array) == 0:
        raise ImageLoadError(f"{path} holds no drawings (0\u00d7{QUICKDRAW_BYTES}): use a file with at least one")
    return array


def _read_bin(path: Path) -> np.ndarray:
    """An N×784 uint8 array from a raw .bin file, or ImageLoadError saying what is wrong with it."""
    data = path.read_bytes()
    if not data:
        raise ImageLoadError(f"{path} is empty: a Quick Draw .bin bitmap file holds "
                             f"{QUICKDRAW_BYTES} bytes per 28\u00d728 drawing")
    if looks_like_quickdraw_strokes(data):
        raise ImageLoadError(f"{path} holds Quick Draw strokes (the dataset's binary stroke format), not "
                             f"28\u00d728 bitmaps: use the category's numpy bitmap file <category>.npy")
    if len(data) % QUICKDRAW_BYTES:
        raise ImageLoadError(f"{path} is {len(data)} bytes, not a whole number of {QUICKDRAW_BYTES}-byte "
                             f"28\u00d728 drawings: it is not a Quick Draw bitmap file (or it was cut short)")
    return np.frombuffer(data, dtype=np.uint8).reshape(-1, QUICKDRAW_BYTES).copy()


def looks_like_quickdraw_strokes(data: bytes, records: int = 200) -> bool:
    """Whether ``data`` reads as Quick Draw's binary stroke records (its other ``.bin`` format).

    Each record is key_id (8 bytes), country (2), recognized (1), timestamp
    (4), the number of strokes (uint16, little-endian), then per stroke its
    number of points (uint16) and that many x bytes and y bytes. The first
    ``records`` records (or all, in a smaller file) must parse exactly.
    Bitmaps start with a blank top row, so they fail at once (zero strokes).
    """
    at = 0
    for _ in range(records):
        if at == len(data):
            return at > 0
        if at + 17 > len(data):
            return False
        strokes = int.from_bytes(data[at + 15:at + 17], "little")
        if strokes == 0:
            return False
        at += 17
        for _ in range(strokes):
            if at + 2 > len(data):
                return False
            points = int.from_bytes(data[at:at + 2], "little")
            if points == 0 or at + 2 + 2 * points > len(data):
                return False
            at += 2 + 2 * points
    return True
