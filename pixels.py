"""Colours, and the exact pixels of every panel, worked out without py5.

Views ask this module what a panel's pixels are (numpy arrays in, numpy
arrays out) and the canvas copies them to the window. Keeping it free of
py5 means tests can check every colour of every panel without a screen.
"""

from __future__ import annotations

import numpy as np

import filters

# Colours (R, G, B). Dark surroundings keep the two bright panels the brightest
# thing on a projector screen.
WINDOW_BACKGROUND = (28, 30, 36)
PANEL_BACKGROUND = (72, 82, 104)   # the ring of pixels "skip" does not compute
TEXT = (240, 240, 240)
TEXT_DIM = (175, 182, 196)
NEUTRAL_CELL = tuple(int(c) for c in filters.ZERO_COLOUR)   # a weight of 0
HIGHLIGHT = (255, 214, 90)         # selected cell, outlines, key names
HELP_SHEET = (10, 12, 16, 240)     # the help overlay, nearly opaque
OUTLINE_UNDER = (0, 0, 0)          # a dark stroke under every highlight outline
ACCURACY_CURVE = (120, 190, 255)   # training: accuracy, light blue
LOSS_CURVE = (255, 160, 80)        # training: loss, light orange
CHART_BACKGROUND = (40, 44, 54)


# --------------------------------------------------------------------------
# Panel pixels
# --------------------------------------------------------------------------

def as_rgb(grey_or_rgb: np.ndarray) -> np.ndarray:
    """H×W grey or H×W×3 colour (uint8) → H×W×3 uint8."""
    if grey_or_rgb.ndim == 2:
        return np.repeat(grey_or_rgb[:, :, None], 3, axis=2)
    return grey_or_rgb


def source_colours(image: np.ndarray) -> np.ndarray:
    """The source panel's pixels before enlarging: the drawing as RGB. H×W×3 uint8."""
    return as_rgb(image if image.dtype == np.uint8 else filters.clamp_to_bytes(image))


def output_colours(display: np.ndarray, computed: np.ndarray) -> np.ndarray:
    """The output panel's pixels before enlarging: the mapped output (``Demo.display``).

    Pixels that "skip" did not compute (``computed`` is False) are painted
    PANEL_BACKGROUND, so the uncomputed border is visibly not part of the
    result. H×W×3 uint8.
    """
    rgb = as_rgb(display).copy()
    rgb[~computed] = PANEL_BACKGROUND
    return rgb


def legend_bar(mapping: str, width: int, height: int) -> np.ndarray:
    """The legend's colour bar for ``mapping``, low end on the left: height×width×3 uint8."""
    return np.repeat(filters.legend_colours(mapping, width)[None], height, axis=0)


def enlarge_into(argb: np.ndarray, colours: np.ndarray, scale: int) -> None:
    """Write ``colours`` (H×W×3 uint8), each pixel an opaque scale×scale square,
    into ``argb``, a (s·H)×(s·W)×4 uint8 ARGB buffer (py5's np_pixels).

    A panel is refilled this way whenever the drawing changes, so it is
    done with whole 4-byte pixels: each colour once as one ARGB word
    (argb_words), a row of words repeated ``scale`` times across, then that
    row copied ``scale`` times down.
    """
    h, w = colours.shape[:2]
    if argb.shape != (h * scale, w * scale, 4) or not argb.flags.c_contiguous:
        raise ValueError(f"a contiguous ARGB buffer of {h * scale}×{w * scale}×4 is needed for {h}×{w} "
                         f"pixels at scale {scale}, got {argb.shape}")
    target = argb.view(np.uint32)[..., 0]                  # one word per screen pixel
    if scale == 1:
        argb_words(colours, out=target)
        return
    rows = np.repeat(argb_words(colours), scale, axis=1)   # H × (s·W)
    target.reshape(h, scale, w * scale)[...] = rows[:, None, :]


OPAQUE = np.frombuffer(bytes([255, 0, 0, 0]), np.uint32)[0]   # a word whose first byte (alpha) is 255


def argb_words(colours: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``colours`` (H×W×3 uint8) as H×W uint32 words whose bytes are A R G B, alpha 255, as py5 stores pixels.

    The four bytes starting one byte before each pixel's red are (a byte of
    no interest) R G B; reading them as one word and setting that first byte
    to 255 makes the pixel: one pass instead of copying three bytes into
    every four, which matters for a 1920×1080 photo.
    """
    h, w = colours.shape[:2]
    padded = np.empty(h * w * 3 + 1, np.uint8)
    padded[1:] = colours.reshape(-1)
    windows = np.ndarray((h, w), dtype=np.uint32, buffer=padded, strides=(3 * w, 3))
    return np.bitwise_or(windows, OPAQUE, out=out)


# --------------------------------------------------------------------------
# Kernel cells
# --------------------------------------------------------------------------

def cell_colour(weight: float, largest: float) -> tuple[int, int, int]:
    """A cell's tint: orange for negative, blue for positive, stronger for larger |weight|.

    The same colour-blind-safe scale as the "signed" mapping, kept a little
    lighter so the numbers on it stay readable.
    """
    if largest <= 0:
        return NEUTRAL_CELL
    return tuple(int(c) for c in filters.diverging_colours(0.85 * weight / largest))


def cell_colours(kernel: np.ndarray) -> list[list[tuple[int, int, int]]]:
    """``cell_colour`` of every weight of a k×k kernel, as rows of RGB tuples."""
    largest = float(np.abs(kernel).max())
    if largest <= 0:
        return [[NEUTRAL_CELL] * kernel.shape[1] for _ in range(kernel.shape[0])]
    tints = filters.diverging_colours(0.85 * kernel / largest)
    return [[tuple(int(c) for c in tint) for tint in row] for row in tints]


def weight_colours(kernel: np.ndarray) -> np.ndarray:
    """A kernel's weights as full-strength tints (orange negative, blue positive): k×k×3 uint8.
    For small pictures of many filters, where no numbers are written on them."""
    largest = float(np.abs(kernel).max()) or 1.0
    return filters.diverging_colours(np.asarray(kernel) / largest)


def ink_on(colour) -> tuple[int, int, int]:
    """Black or white text, whichever reads better on ``colour``."""
    r, g, b = colour
    return (0, 0, 0) if 0.299 * r + 0.587 * g + 0.114 * b > 140 else (255, 255, 255)
