"""More drawings from few: each example moved, turned and resized a little every time it is trained on.

Ten drawings of a class are too few for a network to learn the shape rather
than those ten drawings: it learns where their strokes happen to lie. Showing
it every drawing shifted by a few pixels, turned by a few degrees and made a
little larger or smaller, differently each time, teaches it that none of that
changes the class (Teachable Machine and ml5 do the same). Pure numpy, no py5.

    rng = np.random.default_rng(1)
    variants = augment.random_variants(drawings, rng, Augmentation())   # N×28×28 float32, 0–255

``transform`` is the geometry on its own (one angle, scale and shift per
drawing); ``random_variants`` draws them at random and fits each so that no
ink leaves the 28×28 canvas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SIDE = 28
CENTRE = (SIDE - 1) / 2          # the canvas's middle, between pixels 13 and 14
REACH = CENTRE                   # how far from the middle a pixel's centre may lie and stay on the canvas


@dataclass(frozen=True)
class Augmentation:
    """How far ``random_variants`` may change a drawing (each change drawn uniformly within its limit).

    shift   : pixels each way, up and down and sideways (a whole number of pixels)
    rotation: degrees, either way
    scaling : a fraction: sizes from (1 − scaling) to (1 + scaling) times the drawing's
    """
    shift: int = 3
    rotation: float = 15.0
    scaling: float = 0.15


def transform(drawings, angles, scales, shifts) -> np.ndarray:
    """Each drawing turned by ``angles[n]`` degrees (anticlockwise as seen), scaled by ``scales[n]``
    about the canvas's middle, then moved by ``shifts[n]`` = (down, right) pixels.

    ``drawings``: N×28×28, any numbers (uint8 0–255 as Quick Draw stores them); ``angles``,
    ``scales``: N; ``shifts``: N×2. Returns N×28×28 float32: every output pixel is read from
    where it came from in the drawing, between pixels by bilinear interpolation (blank outside
    it), so a whole-pixel shift with no turn or scaling is the drawing moved exactly.
    """
    drawings = np.asarray(drawings, np.float32)
    n = len(drawings)
    angles = np.radians(np.asarray(angles, np.float64)).reshape(n, 1, 1)
    scales = np.asarray(scales, np.float64).reshape(n, 1, 1)
    shifts = np.asarray(shifts, np.float64).reshape(n, 2)
    rows, cols = np.mgrid[0:SIDE, 0:SIDE].astype(np.float64)
    # Where each output pixel came from: undo the shift, then the scaling and the turn.
    y = (rows[None] - CENTRE - shifts[:, 0, None, None]) / scales
    x = (cols[None] - CENTRE - shifts[:, 1, None, None]) / scales
    cos, sin = np.cos(angles), np.sin(angles)
    # Rows grow downwards: turning anticlockwise as seen takes the top right corner to the top left.
    source_y = cos * y + sin * x + CENTRE
    source_x = -sin * y + cos * x + CENTRE
    return _bilinear(drawings, source_y, source_x)


def _bilinear(drawings: np.ndarray, y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """drawings (N×28×28) read at the N×28×28 positions (y, x), between pixels by bilinear
    interpolation; what lies off the canvas is blank (0)."""
    n = len(drawings)
    padded = np.pad(drawings, ((0, 0), (1, 1), (1, 1)))          # a blank frame: off the canvas is 0
    y = np.clip(y + 1, 0, SIDE + 1 - 1e-6)
    x = np.clip(x + 1, 0, SIDE + 1 - 1e-6)
    top, left = np.floor(y).astype(np.intp), np.floor(x).astype(np.intp)
    down, right = (y - top).astype(np.float32), (x - left).astype(np.float32)
    bottom, other = np.minimum(top + 1, SIDE + 1), np.minimum(left + 1, SIDE + 1)
    which = np.arange(n)[:, None, None]
    upper = padded[which, top, left] * (1 - right) + padded[which, top, other] * right
    lower = padded[which, bottom, left] * (1 - right) + padded[which, bottom, other] * right
    return upper * (1 - down) + lower * down


def ink_positions(drawings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pixel's (row, column) from the canvas's middle (28×28 each) and where each drawing has ink
    (N×28×28 bool)."""
    rows, cols = np.mgrid[0:SIDE, 0:SIDE].astype(np.float64) - CENTRE
    return rows, cols, np.asarray(drawings) > 0


def fit_on_canvas(drawings, angles, scales, shifts) -> tuple[np.ndarray, np.ndarray]:
    """The scales and shifts made just small enough that every inked pixel of each drawing, turned,
    scaled and moved, still has its centre on the canvas: (N scales, N×2 shifts).

    A scaling (or a turn, which takes a drawing's corners further out) that would push ink
    off is reduced first, to what fits unmoved; then the shift is cut back to the whole
    pixels of room the drawing has on each side.
    """
    rows, cols, ink = ink_positions(drawings)
    angles = np.radians(np.asarray(angles, np.float64))[:, None, None]
    scales = np.asarray(scales, np.float64).copy()
    shifts = np.asarray(shifts, np.float64).copy()
    cos, sin = np.cos(angles), np.sin(angles)
    turned_y = cos * rows - sin * cols            # where each pixel goes when turned (transform's, inverted)
    turned_x = sin * rows + cos * cols
    has_ink = ink.any(axis=(1, 2))
    low_y = np.where(ink, turned_y, np.inf).min(axis=(1, 2))
    high_y = np.where(ink, turned_y, -np.inf).max(axis=(1, 2))
    low_x = np.where(ink, turned_x, np.inf).min(axis=(1, 2))
    high_x = np.where(ink, turned_x, -np.inf).max(axis=(1, 2))
    extent = np.maximum.reduce([-low_y, high_y, -low_x, high_x])
    extent = np.where(has_ink, extent, 0.0)
    room = np.divide(REACH, extent, out=np.full_like(extent, np.inf), where=extent > 0)
    scales = np.minimum(scales, room)
    for axis, low, high in ((0, low_y, high_y), (1, low_x, high_x)):
        low, high = np.where(has_ink, low * scales, 0.0), np.where(has_ink, high * scales, 0.0)
        lowest, highest = np.minimum(-REACH - low, 0.0), np.maximum(REACH - high, 0.0)
        shifts[:, axis] = np.clip(shifts[:, axis], np.ceil(lowest - 1e-9), np.floor(highest + 1e-9))
    return scales, shifts


def random_variants(drawings, rng: np.random.Generator, augmentation: Augmentation = Augmentation()) -> np.ndarray:
    """A new random variant of each drawing (N×28×28 in, N×28×28 float32 0–255 out): a turn, a scaling
    and a whole-pixel shift within ``augmentation``'s limits, fitted so no ink leaves the canvas
    (``fit_on_canvas``). The same generator state gives the same variants."""
    drawings = np.asarray(drawings)
    n = len(drawings)
    angles = rng.uniform(-augmentation.rotation, augmentation.rotation, n)
    scales = rng.uniform(1 - augmentation.scaling, 1 + augmentation.scaling, n)
    shifts = rng.integers(-augmentation.shift, augmentation.shift + 1, (n, 2)).astype(np.float64)
    scales, shifts = fit_on_canvas(drawings, angles, scales, shifts)
    return transform(drawings, angles, scales, shifts)
