"""Loading pictures (PNG, JPEG) into arrays the filters understand; Quick Draw's files are quickdraw.py's.

No py5 here: images are read with Pillow, so loading can be checked (and a
bad file reported) before Java and a window start.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from convolution.files import bundled

# The drawing the sketch shows when no --image is given.
DEFAULT_IMAGE = bundled.CAT

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
    check_is_file(path)
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


def check_is_file(path: Path) -> None:
    """Refuse a missing path or a folder, with the message the user needs."""
    if not path.exists():
        raise ImageLoadError(f"image file not found: {path}")
    if path.is_dir():
        raise ImageLoadError(f"{path} is a folder, not an image file: give the path of a PNG or JPEG")


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
