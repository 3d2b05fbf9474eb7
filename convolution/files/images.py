"""Loading drawings from files into arrays the filters understand.

No py5 here: images are read with Pillow (and Quick Draw's bitmap files with
numpy), so loading can be checked (and a bad file reported) before Java and a
window start.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from convolution.files import bundled

# The drawing the sketch shows when no --image is given.
DEFAULT_IMAGE = bundled.CAT

# Quick Draw's bitmaps: 28×28 grey drawings, one per 784-byte row, white
# strokes (255) on black (0). ``<category>.npy`` holds an N×784 uint8 array;
# a ``.bin`` holds the same rows raw, with no header.
QUICKDRAW_SIDE = 28
QUICKDRAW_BYTES = QUICKDRAW_SIDE * QUICKDRAW_SIDE
QUICKDRAW_SUFFIXES = (".npy", ".bin")
NPY_MAGIC = b"\x93NUMPY"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# The smallest image worth filtering: a 3×3 kernel needs a centre pixel with
# neighbours all round.
MIN_SIDE = 3


class ImageLoadError(ValueError):
    """A file could not be used as a drawing; the message says why and what to do."""


def load_image(path) -> np.ndarray:
    """Read a PNG or JPEG (any size, grey or colour) as an array of 0–255 values.

    Returns uint8, shape H×W for a grey image (including colour files whose
    three channels are equal) or H×W×3 for colour. Transparent pixels are laid
    over white, as they look on a web page. Raises ImageLoadError with a
    one-line message for a missing, unreadable or damaged file.
    """
    path = Path(path)
    _check_is_file(path)
    try:
        with Image.open(path) as opened:
            opened.load()
            rgb = _flatten_to_rgb(opened)
    except PermissionError:
        raise ImageLoadError(f"no permission to read {path}: check the file's permissions") from None
    except UnidentifiedImageError:
        size = _png_header_size(path)
        if size is not None and min(size) == 0:
            raise ImageLoadError(f"{path}: {too_small_message(*size)}") from None
        raise ImageLoadError(f"{path} is not an image Pillow can read: use a PNG or JPEG "
                             f"(or a Quick Draw .npy or .bin bitmap file)") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageLoadError(f"{path} is damaged or truncated ({error}): re-export it as PNG") from None
    if rgb.shape[0] == 0 or rgb.shape[1] == 0:
        raise ImageLoadError(f"{path}: {too_small_message(rgb.shape[1], rgb.shape[0])}")
    return as_grey_if_grey(rgb)


def too_small_message(width: int, height: int) -> str:
    """Why a width×height image cannot be filtered, and the size it needs."""
    return (f"the image is {width}\u00d7{height} pixels, too small to filter: "
            f"use one of at least {MIN_SIDE}\u00d7{MIN_SIDE}")


def _png_header_size(path: Path) -> tuple[int, int] | None:
    """(width, height) from a PNG's header, read without Pillow (which refuses a 0×0 PNG), or None."""
    try:
        with open(path, "rb") as file:
            head = file.read(24)
    except OSError:
        return None
    if len(head) < 24 or not head.startswith(PNG_SIGNATURE) or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _flatten_to_rgb(image: Image.Image) -> np.ndarray:
    """Any Pillow image → H×W×3 uint8, with transparency composited over white."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit grey: keep the top 8 bits.
        wide = np.asarray(image, dtype=np.float64)
        grey = np.clip(wide / 257.0 if wide.max() > 255 else wide, 0, 255).round().astype(np.uint8)
        return np.repeat(grey[:, :, None], 3, axis=2)
    rgba = np.asarray(image.convert("RGBA"), dtype=np.float64)
    alpha = rgba[:, :, 3:4] / 255.0
    over_white = rgba[:, :, :3] * alpha + 255.0 * (1.0 - alpha)
    return np.clip(np.rint(over_white), 0, 255).astype(np.uint8)


def as_grey_if_grey(rgb: np.ndarray) -> np.ndarray:
    """H×W×3 → H×W when all three channels are equal (a grey picture stored as colour)."""
    if rgb.ndim == 3 and np.array_equal(rgb[:, :, 0], rgb[:, :, 1]) and np.array_equal(rgb[:, :, 0], rgb[:, :, 2]):
        return np.ascontiguousarray(rgb[:, :, 0])
    return rgb


def _check_is_file(path: Path) -> None:
    """Refuse a missing path or a folder, with the message the user needs."""
    if not path.exists():
        raise ImageLoadError(f"image file not found: {path}")
    if path.is_dir():
        raise ImageLoadError(f"{path} is a folder, not an image file: give the path of a PNG or JPEG")


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
    _check_is_file(path)
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


def fit_within(image: np.ndarray, max_side: int, min_side: int = 1) -> np.ndarray:
    """``image`` (H×W or H×W×3 uint8) shrunk so neither side exceeds ``max_side``, keeping its shape.

    Each new pixel is the average of the pixels it covers (Pillow's BOX
    filter), so thin strokes fade rather than vanish. An image that already
    fits is returned unchanged (the same object). A very long, thin image
    keeps at least ``min_side`` pixels across (or its own width, if less).
    """
    height, width = image.shape[:2]
    if max(height, width) <= max_side:
        return image
    factor = max_side / max(height, width)
    size = tuple(max(min(min_side, side), min(max_side, round(side * factor))) for side in (width, height))
    resized = Image.fromarray(np.ascontiguousarray(image, dtype=np.uint8)).resize(size, Image.Resampling.BOX)
    return np.asarray(resized, dtype=np.uint8).copy()
