"""From a file to what the sketch shows: an image (or a Quick Draw drawing) checked against the kernel.

No py5: a file is opened and checked before Java and a window start, and a
file chosen in the window (o) or named by a lesson step goes the same way.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from convolution.files import images, quickdraw

MIN_IMAGE_SIDE = images.MIN_SIDE   # the smallest image worth filtering (3×3)
LARGEST_SIDE = images.LARGEST_SIDE   # a photo longer than this a side is shown scaled down (760)


def check_image_size(image: np.ndarray, shape: tuple[int, int], kernel_label: str = "", name: str = "") -> None:
    """Refuse an image too small to convolve: under MIN_IMAGE_SIDE a side, or smaller than the kernel.

    ``kernel_label`` names the kernel and ``name`` the file in the message.
    """
    height, width = image.shape[:2]
    prefix = f"{name}: " if name else ""
    if min(height, width) < MIN_IMAGE_SIDE:
        raise ValueError(prefix + images.too_small_message(width, height))
    rows, cols = shape
    if height < rows or width < cols:
        named = f" {kernel_label}" if kernel_label else ""
        raise ValueError(f"{prefix}the image is {width}\u00d7{height} pixels, smaller than the "
                         f"{cols}\u00d7{rows} kernel{named}: use a larger image or a smaller kernel")


def open_source(path, kernel_shape: tuple[int, int] = (3, 3), index: int | None = None,
                invert: bool = False, kernel_label: str = "") -> tuple[np.ndarray, dict]:
    """Load ``path`` as the sketch shows it: the image, and the demo's source fields.

    A PNG or JPEG is loaded as it is, scaled down (``scaled_from`` says from what size)
    when a side is longer than LARGEST_SIDE, so both panels fit the
    window at scale 1. A Quick Draw ``.npy`` or ``.bin`` file gives drawing
    ``index`` (default 0) and all its drawings, as stored (light on dark).
    ``invert`` shows 255 − the values. Returns (image, fields) where fields
    are the keyword arguments for demo.new_demo: scaled_from, drawings,
    drawing_index, inverted. Raises ValueError (ImageLoadError for the file
    itself) with a one-line message.
    """
    path = Path(path)
    scaled_from, drawings, drawing_index = None, None, 0
    if quickdraw.is_quickdraw_path(path):
        drawings = quickdraw.load_quickdraw(path)
        drawing_index = 0 if index is None else index
        if drawing_index >= len(drawings):
            raise ValueError(f"--index {drawing_index}: {path.name} has {len(drawings)} "
                             f"drawing{'s' if len(drawings) != 1 else ''}, numbered 0 to {len(drawings) - 1}")
        image = drawings[drawing_index]
    else:
        if index is not None:
            raise ValueError(f"--index {index} picks a drawing from a Quick Draw .npy or .bin file, "
                             f"but {path.name} is a single image: leave --index out")
        image = images.load_image(path)
    check_image_size(image, (MIN_IMAGE_SIDE, MIN_IMAGE_SIDE), name=str(path))
    height, width = image.shape[:2]
    fitted = images.fit_within(image, LARGEST_SIDE, MIN_IMAGE_SIDE)
    if fitted is not image:
        scaled_from, image = (width, height), fitted
    check_image_size(image, kernel_shape, kernel_label, str(path))
    if invert:
        image = 255 - image
    return image, dict(scaled_from=scaled_from, drawings=drawings, drawing_index=drawing_index, inverted=invert)


