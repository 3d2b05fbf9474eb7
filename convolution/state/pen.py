"""Drawing into the image with the mouse: a soft round pen, like Quick Draw's strokes.

Quick Draw's 28×28 bitmaps are strokes drawn on a large canvas and shrunk,
so their lines are about 2 px wide with soft grey edges. The pen here paints
the same kind of line straight into the small image. Pure numpy.
"""

from __future__ import annotations

import numpy as np

PEN_RADIUS = 1.0   # pixels: a line about 2 px wide at 28×28


def ink_for(image: np.ndarray) -> float:
    """The ink that shows on this drawing: black (0) on a light one, white (255) on a dark one."""
    return 0.0 if float(np.median(image)) >= 128 else 255.0


def paper_for(image: np.ndarray) -> float:
    """The blank page's colour for a drawing like this one: the opposite of its ink."""
    return 255.0 - ink_for(image)


def segment_coverage(shape, start, end, radius: float = PEN_RADIUS) -> np.ndarray:
    """How much of each pixel a round pen covers along a straight segment.

    ``shape`` is (H, W); ``start`` and ``end`` are (x, y) in pixel units,
    where pixel (row y, column x) spans x…x+1, y…y+1. Returns H×W float32,
    1 under the pen's middle, falling to 0 over one pixel at its edge.
    """
    height, width = shape[:2]
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32) + 0.5   # pixel centres
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    length2 = dx * dx + dy * dy
    if length2 == 0:
        t = np.zeros_like(xs)
    else:
        t = np.clip(((xs - x0) * dx + (ys - y0) * dy) / length2, 0.0, 1.0)
    distance = np.hypot(xs - (x0 + t * dx), ys - (y0 + t * dy))
    return np.clip(radius + 0.5 - distance, 0.0, 1.0)


def paint(base: np.ndarray, coverage: np.ndarray, ink: float) -> np.ndarray:
    """``base`` with ``ink`` laid on where ``coverage`` (H×W, 0–1) says; same shape, float32."""
    cover = coverage if base.ndim == 2 else coverage[:, :, None]
    return (base + (ink - base) * cover).astype(np.float32)
