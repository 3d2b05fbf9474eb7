"""Loading drawings from files into arrays the filters understand.

No py5 here: images are read with Pillow, so loading can be checked (and a
bad file reported) before Java and a window start.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

# The drawing the sketch shows when no --image is given.
DEFAULT_IMAGE = Path(__file__).resolve().parent / "assets" / "cat.png"


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
    if not path.exists():
        raise ImageLoadError(f"image file not found: {path}")
    if path.is_dir():
        raise ImageLoadError(f"{path} is a folder, not an image file: give the path of a PNG or JPEG")
    try:
        with Image.open(path) as opened:
            opened.load()
            rgb = _flatten_to_rgb(opened)
    except PermissionError:
        raise ImageLoadError(f"no permission to read {path}: check the file's permissions") from None
    except UnidentifiedImageError:
        raise ImageLoadError(f"{path} is not an image Pillow can read: use a PNG or JPEG") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageLoadError(f"{path} is damaged or truncated ({error}): re-export it as PNG") from None
    if rgb.shape[0] == 0 or rgb.shape[1] == 0:
        raise ImageLoadError(f"{path} has no pixels ({rgb.shape[1]}×{rgb.shape[0]})")
    return as_grey_if_grey(rgb)


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
