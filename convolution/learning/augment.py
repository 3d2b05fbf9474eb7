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
CUTOUT_SHARE = 0.5               # the share of variants with a square blanked (Augmentation.cutout)


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
    warp: float = 0.0        # pixels: how far a smooth random bend may move a stroke (0: none)
    flip: bool = False       # mirror half of the variants left to right
    cutout: int = 0          # the side of a square blanked at a random place in half of the variants (0: none)
    fit: bool = True         # keep all the ink on the canvas (fit_on_canvas); False: what is moved off is lost


def transform(drawings, angles, scales, shifts, bends=None) -> np.ndarray:
    """Each drawing turned by ``angles[n]`` degrees (anticlockwise as seen), scaled by ``scales[n]``
    about the canvas's middle, then moved by ``shifts[n]`` = (down, right) pixels.

    ``drawings``: N×28×28, any numbers (uint8 0–255 as Quick Draw stores them); ``angles``,
    ``scales``: N; ``shifts``: N×2; ``bends`` (optional): N×2×28×28, how far (rows, columns) each
    output pixel reads from away from where the turn, scaling and shift put it (``smooth_bends``).
    Returns N×28×28 float32: every output pixel is read from where it came from in the drawing,
    between pixels by bilinear interpolation (blank outside it), so a whole-pixel shift with no
    turn or scaling is the drawing moved exactly.
    """
    drawings = np.asarray(drawings, np.float32)
    n = len(drawings)
    angles = np.radians(np.asarray(angles, np.float32)).reshape(n, 1, 1)
    scales = np.asarray(scales, np.float32).reshape(n, 1, 1)
    shifts = np.asarray(shifts, np.float32).reshape(n, 2, 1, 1)
    rows, cols = np.mgrid[0:SIDE, 0:SIDE].astype(np.float32) - np.float32(CENTRE)
    # Where each output pixel came from: undo the shift, then the scaling and the turn.
    y = (rows - shifts[:, 0]) / scales
    x = (cols - shifts[:, 1]) / scales
    cos, sin = np.cos(angles), np.sin(angles)
    # Rows grow downwards: turning anticlockwise as seen takes the top right corner to the top left.
    source_y = cos * y + sin * x + np.float32(CENTRE)
    source_x = cos * x - sin * y + np.float32(CENTRE)
    if bends is not None:
        source_y += bends[:, 0]
        source_x += bends[:, 1]
    return _bilinear(drawings, source_y, source_x)


def _bilinear(drawings: np.ndarray, y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """drawings (N×28×28 float32) read at the N×28×28 positions (y, x), between pixels by bilinear
    interpolation; what lies off the canvas is blank (0)."""
    n, side = len(drawings), SIDE + 2
    padded = np.pad(drawings, ((0, 0), (1, 1), (1, 1))).ravel()   # a blank frame: off the canvas is 0
    y = np.clip(y + 1, 0, side - 1.001)
    x = np.clip(x + 1, 0, side - 1.001)
    top, left = y.astype(np.intp), x.astype(np.intp)              # floor: both are 0 or more
    down, right = (y - top).astype(np.float32), (x - left).astype(np.float32)
    at = (np.arange(n) * side * side)[:, None, None] + top * side + left
    upper = padded[at] * (1 - right) + padded[at + 1] * right
    lower = padded[at + side] * (1 - right) + padded[at + side + 1] * right
    return upper * (1 - down) + lower * down


def smooth_bends(count: int, rng: np.random.Generator, reach: float) -> np.ndarray:
    """Random smooth bends, count×2×28×28 float32 (rows, columns) in pixels: random moves of up to
    ``reach`` at a 4×4 grid of points spread over the canvas, interpolated bilinearly in between."""
    coarse = rng.uniform(-reach, reach, (count * 2, 4, 4)).astype(np.float32)
    at = np.linspace(0, 3, SIDE).astype(np.float32)
    weights = np.maximum(0, 1 - np.abs(at[:, None] - np.arange(4, dtype=np.float32)))   # 28×4, the hat functions
    return (weights @ coarse @ weights.T).reshape(count, 2, SIDE, SIDE)


def ink_boxes(drawings) -> np.ndarray:
    """Each drawing's inked rows and columns, from the canvas's middle: N×4 (top, bottom, left,
    right) pixel centres, all 0 for a blank drawing."""
    ink: np.ndarray = np.asarray(drawings) > 0
    index = np.arange(SIDE)
    boxes = np.zeros((len(ink), 4))
    for low, inked in ((0, np.any(ink, axis=2)), (2, np.any(ink, axis=1))):     # the inked rows; then columns
        some = np.any(inked, axis=1)
        boxes[:, low] = np.where(some, np.where(inked, index, SIDE).min(axis=1), CENTRE)
        boxes[:, low + 1] = np.where(some, np.where(inked, index, -1).max(axis=1), CENTRE)
    return boxes - CENTRE


def fit_on_canvas(drawings, angles, scales, shifts) -> tuple[np.ndarray, np.ndarray]:
    """The scales and shifts made just small enough that each drawing's inked box (and so all its
    ink), turned, scaled and moved, still has its pixel centres on the canvas: (N scales, N×2 shifts).

    A scaling (or a turn, which takes a box's corners further out) that would push ink off is
    reduced first, to what fits unmoved; then the shift is cut back to the whole pixels of room
    the drawing has on each side.
    """
    boxes = ink_boxes(drawings)
    angles = np.radians(np.asarray(angles, np.float64))[:, None]
    scales = np.asarray(scales, np.float64).copy()
    shifts = np.asarray(shifts, np.float64).copy()
    corner_y = boxes[:, [0, 0, 1, 1]]
    corner_x = boxes[:, [2, 3, 2, 3]]
    cos, sin = np.cos(angles), np.sin(angles)
    turned = [cos * corner_y - sin * corner_x, sin * corner_y + cos * corner_x]   # transform's turn, forwards
    extent = np.maximum(np.abs(turned[0]).max(axis=1), np.abs(turned[1]).max(axis=1))
    room = np.divide(REACH, extent, out=np.full_like(extent, np.inf), where=extent > 0)
    scales = np.minimum(scales, room)
    for axis, corners in enumerate(turned):
        low, high = corners.min(axis=1) * scales, corners.max(axis=1) * scales
        shifts[:, axis] = np.clip(shifts[:, axis], np.ceil(-REACH - low - 1e-9), np.floor(REACH - high + 1e-9))
    return scales, shifts


def random_variants(drawings, rng: np.random.Generator, augmentation: Augmentation = Augmentation()) -> np.ndarray:
    """A new random variant of each drawing (N×28×28 in, N×28×28 float32 0–255 out): a turn, a scaling
    and a whole-pixel shift within ``augmentation``'s limits, fitted so no ink leaves the canvas
    (``fit_on_canvas``) unless ``augmentation.fit`` is False. The same generator state gives the same
    variants."""
    drawings = np.asarray(drawings)
    n = len(drawings)
    angles = rng.uniform(-augmentation.rotation, augmentation.rotation, n)
    scales = rng.uniform(1 - augmentation.scaling, 1 + augmentation.scaling, n)
    shifts = rng.integers(-augmentation.shift, augmentation.shift + 1, (n, 2)).astype(np.float64)
    if augmentation.fit:
        scales, shifts = fit_on_canvas(drawings, angles, scales, shifts)
    if augmentation.flip:
        drawings = np.where(rng.random(n)[:, None, None] < 0.5, drawings[:, :, ::-1], drawings)
    bends = smooth_bends(n, rng, augmentation.warp) if augmentation.warp > 0 else None
    varied = transform(drawings, angles, scales, shifts, bends)
    if augmentation.cutout:
        side = augmentation.cutout
        corners = rng.integers(0, SIDE - side + 1, (n, 2))
        rows, cols = np.arange(SIDE), np.arange(SIDE)
        inside_y = (rows[None] >= corners[:, :1]) & (rows[None] < corners[:, :1] + side)
        inside_x = (cols[None] >= corners[:, 1:]) & (cols[None] < corners[:, 1:] + side)
        blank = inside_y[:, :, None] & inside_x[:, None, :] & (rng.random(n) < CUTOUT_SHARE)[:, None, None]
        varied[blank] = 0
    return varied
