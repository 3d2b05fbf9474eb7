"""Loading pictures (PNG, JPEG) into arrays the filters understand; Quick Draw's files are quickdraw.py's.

No py5 here: images are read with Pillow, so loading can be checked (and a
bad file reported) before Java and a window start.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from convolution.files import bundled, reading

# The drawing the sketch shows when no --image is given.
DEFAULT_IMAGE = bundled.CAT

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# The smallest image worth filtering: a 3×3 kernel needs a centre pixel with
# neighbours all round.
MIN_SIDE = 3
LARGEST_SIDE = 760   # a photo longer than this a side is shown scaled down, so both panels fit a window at 1×


# The most pixels a picture may have: its decoded copy stays a few hundred megabytes (a 50-megapixel
# camera photo is 150 MB as RGB), and the sketch shows it at most sources.LARGEST_SIDE pixels a side anyway.
MAX_PIXELS = 50_000_000
BAND_ROWS = 256   # rows turned into RGB at a time, so a large picture's float-free copy is all that grows


class ImageLoadError(ValueError):
    """A file could not be used as a drawing; the message says why and what to do."""


def load_image(path) -> np.ndarray:
    """Read a PNG or JPEG (any size up to MAX_PIXELS, grey or colour) as an array of 0–255 values.

    Returns uint8, shape H×W for a grey image (including colour files whose
    three channels are equal) or H×W×3 for colour. Transparent pixels are laid
    over white, as they look on a web page. Only a regular file is opened (not
    a FIFO or a device), and its size in pixels is read from its header before
    anything is decoded. Raises ImageLoadError with a one-line message for a
    missing, unreadable, damaged or too large file.
    """
    path = Path(path)
    with reading.open_regular(path, ImageLoadError, "image file", "a PNG or JPEG") as file:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                opened = Image.open(file)   # reads the header only
            with opened:
                check_pixels(path, *opened.size)
                opened.load()
                rgb = _flatten_to_rgb(opened)
        except ImageLoadError:
            raise
        except PermissionError:
            raise ImageLoadError(f"no permission to read {path}: check the file's permissions") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):   # Pillow's own limit, in open()
            raise ImageLoadError(f"{path}: {too_large_message(*(_png_header_size(file) or (None, None)))}") from None
        except UnidentifiedImageError:
            size = _png_header_size(file)
            if size is not None and min(size) == 0:
                raise ImageLoadError(f"{path}: {too_small_message(*size)}") from None
            raise ImageLoadError(f"{path} is not an image Pillow can read: use a PNG or JPEG "
                                 f"(or a Quick Draw .npy or .bin bitmap file)") from None
        except MemoryError:
            raise ImageLoadError(f"{path}: the image does not fit in this computer's memory: "
                                 f"scale it down first") from None
        except (OSError, SyntaxError, ValueError) as error:
            raise ImageLoadError(f"{path} is damaged or truncated ({error}): re-export it as PNG") from None
    if rgb.shape[0] == 0 or rgb.shape[1] == 0:
        raise ImageLoadError(f"{path}: {too_small_message(rgb.shape[1], rgb.shape[0])}")
    return as_grey_if_grey(rgb)


def check_pixels(path, width: int, height: int) -> None:
    """Refuse a picture of more than MAX_PIXELS pixels, from the size its header gives."""
    if width * height > MAX_PIXELS:
        raise ImageLoadError(f"{path}: {too_large_message(width, height)}")


def too_large_message(width: int | None = None, height: int | None = None) -> str:
    """Why a width×height picture is not opened, and what to do."""
    size = f"is {width}\u00d7{height} pixels ({width * height / 1e6:,.0f} megapixels)" if width and height else \
        "has too many pixels"
    return (f"the image {size}, more than the {MAX_PIXELS / 1e6:.0f} megapixels the sketch opens "
            f"(it shows at most {LARGEST_SIDE} pixels a side): scale it down first")


def too_small_message(width: int, height: int) -> str:
    """Why a width×height image cannot be filtered, and the size it needs."""
    return (f"the image is {width}\u00d7{height} pixels, too small to filter: "
            f"use one of at least {MIN_SIDE}\u00d7{MIN_SIDE}")


def _png_header_size(file) -> tuple[int, int] | None:
    """(width, height) from a PNG's header, read without Pillow (which refuses a 0×0 PNG), or None."""
    try:
        file.seek(0)
        head = file.read(24)
    except OSError:
        return None
    if len(head) < 24 or not head.startswith(PNG_SIGNATURE) or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _flatten_to_rgb(image: Image.Image) -> np.ndarray:
    """Any Pillow image → H×W×3 uint8, with transparency composited over white.

    A band of BAND_ROWS rows at a time, in integers: only the uint8 result
    grows with the picture.
    """
    width, height = image.size
    rgb = np.empty((height, width, 3), np.uint8)
    for top in range(0, height, BAND_ROWS):
        band = image.crop((0, top, width, min(height, top + BAND_ROWS)))
        rgb[top:top + BAND_ROWS] = _band_to_rgb(band)
    return rgb


def _band_to_rgb(band: Image.Image) -> np.ndarray:
    """A few rows of a Pillow image → h×w×3 uint8 (see _flatten_to_rgb)."""
    if band.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit grey: keep the top 8 bits, rounded (v / 257 to the nearest whole number).
        wide = np.asarray(band).astype(np.int64)
        grey = np.clip((wide + 128) // 257 if wide.max() > 255 else wide, 0, 255).astype(np.uint8)
        return np.repeat(grey[:, :, None], 3, axis=2)
    if band.mode == "RGB":
        return np.asarray(band)
    if band.mode == "L":
        return np.repeat(np.asarray(band)[:, :, None], 3, axis=2)
    rgba = np.asarray(band.convert("RGBA")).astype(np.uint16)
    alpha = rgba[:, :, 3:4]
    # c·a/255 + 255·(1 − a/255), rounded: the numerator is never halfway between two multiples of 255.
    over_white = (rgba[:, :, :3] * alpha + 255 * (255 - alpha) + 127) // 255
    return over_white.astype(np.uint8)


def as_grey_if_grey(rgb: np.ndarray) -> np.ndarray:
    """H×W×3 → H×W when all three channels are equal (a grey picture stored as colour)."""
    if rgb.ndim == 3 and np.array_equal(rgb[:, :, 0], rgb[:, :, 1]) and np.array_equal(rgb[:, :, 0], rgb[:, :, 2]):
        return np.ascontiguousarray(rgb[:, :, 0])
    return rgb


def check_is_file(path: Path) -> None:
    """Refuse a missing path, a folder, a FIFO or a device, with the message the user needs."""
    with reading.open_regular(path, ImageLoadError, "image file", "a PNG or JPEG"):
        pass


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
