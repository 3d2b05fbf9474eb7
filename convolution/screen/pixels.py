"""Colours, and the exact pixels of every panel, worked out without py5.

Views ask this module what a panel's pixels are (numpy arrays in, numpy
arrays out) and the canvas copies them to the window. Keeping it free of
py5 means tests can check every colour of every panel without a screen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import filters

# Colours (R, G, B). Dark surroundings keep the two bright panels the brightest
# thing on a projector screen.
WINDOW_BACKGROUND = (28, 30, 36)
PANEL_BACKGROUND = (72, 82, 104)   # the ring of pixels "skip" does not compute
TEXT = (240, 240, 240)
TEXT_DIM = (175, 182, 196)
def rgb(colour: np.ndarray) -> tuple[int, int, int]:
    """An RGB colour (3 numbers, e.g. uint8) as a tuple of 3 ints."""
    red, green, blue = (int(c) for c in colour)
    return red, green, blue


NEUTRAL_CELL = rgb(filters.ZERO_COLOUR)   # a weight of 0
HIGHLIGHT = (255, 214, 90)         # selected cell, outlines, key names
HELP_SHEET = (10, 12, 16, 240)     # the help overlay, nearly opaque
OUTLINE_UNDER = (0, 0, 0)          # a dark stroke under every highlight outline
ACCURACY_CURVE = (120, 190, 255)   # training: accuracy, light blue
LOSS_CURVE = (255, 160, 80)        # training: loss, light orange
CHART_BACKGROUND = (40, 44, 54)


# A colour as the screen takes it: (R, G, B), or (R, G, B, alpha) for the help sheet; each 0–255.
Colour = tuple[int, ...]


@dataclass(frozen=True)
class Theme:
    """The window's colours (R, G, B). Kernel tints and the "signed" mapping are the same in every
    theme: Okabe & Ito's colour-blind-safe vermillion/blue pair (filters.NEGATIVE_COLOUR, POSITIVE_COLOUR)
    around near-white, readable on light and dark; the highlight stays apart from both."""
    name: str
    window_background: Colour
    panel_background: Colour     # the ring of pixels "skip" does not compute, and empty bars
    text: Colour
    text_dim: Colour
    highlight: Colour            # selected cell, outlines, key names, the likeliest class
    help_sheet: Colour           # R, G, B, alpha: the help overlay
    outline_under: Colour        # a stroke under every highlight outline, so it shows on any pixel
    accuracy_curve: Colour
    loss_curve: Colour
    chart_background: Colour
    cell_gap: Colour             # the lines between a kernel's cells (a weight of 0 is near-white)

    @property
    def frame_soft(self) -> Colour:
        """The smoothed edge of a panel's frame line, halfway between frame and background."""
        return tuple((a + b) // 2 for a, b in zip(self.text_dim, self.window_background))


# Dark surroundings keep the bright panels the brightest thing on a projector in a dim room.
DARK = Theme("dark", WINDOW_BACKGROUND, PANEL_BACKGROUND, TEXT, TEXT_DIM, HIGHLIGHT, HELP_SHEET, OUTLINE_UNDER,
             ACCURACY_CURVE, LOSS_CURVE, CHART_BACKGROUND, WINDOW_BACKGROUND)
# A bright room washes a dark theme out: near-black text on near-white, and a wine-red highlight (Paul Tol's
# #882255) that stays apart from the orange and blue of the signs, for colour-blind eyes too (a purple looked
# like the blue to a deuteranope: tests/test_colours.py).
LIGHT = Theme("light", (250, 250, 246), (196, 202, 214), (18, 20, 26), (70, 76, 92), (136, 34, 85),
              (250, 250, 246, 244), (255, 255, 255), (20, 90, 170), (200, 80, 0), (232, 234, 240),
              (150, 156, 170))
THEMES = {theme.name: theme for theme in (DARK, LIGHT)}


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


def output_colours(display: np.ndarray, computed: np.ndarray, background=PANEL_BACKGROUND) -> np.ndarray:
    """The output panel's pixels before enlarging: the mapped output (``SketchState.display``).

    Pixels that "skip" did not compute (``computed`` is False) are painted
    ``background`` (the theme's panel background), so the uncomputed border is
    visibly not part of the result. H×W×3 uint8.
    """
    rgb = as_rgb(display).copy()
    rows, cols = np.flatnonzero(computed.any(axis=1)), np.flatnonzero(computed.any(axis=0))
    if rows.size and np.count_nonzero(computed) == rows.size * cols.size == (rows[-1] + 1 - rows[0]) * (
            cols[-1] + 1 - cols[0]):
        # A rectangle computed (every border mode makes one): paint the ring round it, not pixel by pixel.
        rgb[:rows[0]], rgb[rows[-1] + 1:], rgb[:, :cols[0]], rgb[:, cols[-1] + 1:] = (background,) * 4
    else:
        rgb[~computed] = background
    return rgb


FRAME_REACH = 4   # a panel's frame reaches this far outside its edges (see framed_background)


def framed_background(width: int, height: int, panels, theme: Theme = DARK) -> np.ndarray:
    """The window's background with a frame round each of ``panels`` ((x, y, w, h) in the picture),
    as the canvas draws one (a 2-pixel smoothed line 3 pixels out): height×width uint32 ARGB words."""
    background, soft, line = word(theme.window_background), word(theme.frame_soft), word(theme.text_dim)
    picture = np.full((height, width), background, np.uint32)
    for x, y, w, h in panels:
        for reach, colour in ((4, soft), (3, line), (2, soft), (1, background)):
            picture[y - reach:y + h + reach, x - reach:x + w + reach] = colour
    return picture


def compose(base: np.ndarray, pieces) -> np.ndarray:
    """Several panels in one picture: a copy of ``base`` (framed_background) with each of ``pieces``,
    (x, y, colours, scale): colours H×W×3 uint8 enlarged scale×, its top-left at x, y. Returns
    uint32 ARGB words: one copy to the window instead of a round trip to Java for every panel."""
    picture = base.copy()
    for x, y, colours, scale in pieces:
        h, w = colours.shape[0] * scale, colours.shape[1] * scale
        picture[y:y + h, x:x + w] = filters.enlarge(argb_words(colours), scale)
    return picture


def legend_bar(mapping: str, width: int, height: int) -> np.ndarray:
    """The legend's colour bar for ``mapping``, low end on the left: height×width×3 uint8."""
    return np.repeat(filters.legend_colours(mapping, width)[None], height, axis=0)


def enlarge_into(argb: np.ndarray, colours: np.ndarray, scale: int) -> None:
    """Write ``colours`` (H×W×3 uint8, or H×W uint32 ARGB words), each pixel an opaque
    scale×scale square, into ``argb``, a (s·H)×(s·W)×4 uint8 ARGB buffer (py5's np_pixels).

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
    if colours.dtype == np.uint32:                         # ARGB words already (see chart)
        target[...] = filters.enlarge(colours, scale) if scale > 1 else colours
        return
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
    return rgb(filters.diverging_colours(0.85 * weight / largest))


def cell_colours(kernel: np.ndarray) -> list[list[tuple[int, int, int]]]:
    """``cell_colour`` of every weight of a k×k kernel, as rows of RGB tuples."""
    largest = float(np.abs(kernel).max())
    if largest <= 0:
        return [[NEUTRAL_CELL] * kernel.shape[1] for _ in range(kernel.shape[0])]
    tints = filters.diverging_colours(0.85 * kernel / largest)
    return [[rgb(tint) for tint in row] for row in tints]


def weight_colours(kernels: np.ndarray) -> np.ndarray:
    """Kernels' weights as full-strength tints (orange negative, blue positive), each on its own
    scale: k×k (or F×k×k) in, the same ×3 uint8 out. For small pictures of many filters, where no
    numbers are written on them."""
    kernels = np.asarray(kernels, dtype=np.float64)
    largest = np.abs(kernels).max(axis=(-2, -1), keepdims=True)
    return filters.diverging_colours(kernels / np.where(largest > 0, largest, 1.0))


def chart(width: int, height: int, curves, background=CHART_BACKGROUND) -> np.ndarray:
    """A line chart as pixels: height×width uint32 ARGB words (see argb_words). ``curves`` holds
    (values, top, colour): each curve's values spread over the whole width, 0 at the bottom and
    ``top`` at the top (None: its largest value), drawn 2 pixels thick; the first curve solid, the others
    dashed (DASH pixels on, DASH off), so two curves differ by more than their colour. Drawn in numpy, so
    the window copies one picture; in whole words, as 3-byte pixels are several times slower to fill.
    """
    picture = np.full((height, width), word(background), np.uint32)
    columns = np.arange(width)
    for number, (values, top, colour) in enumerate(curves):
        values = np.asarray(values, dtype=np.float64)
        if len(values) < 2:
            continue
        top = top or max(float(values.max()), 1e-9)
        # The curve's height at every column, then each column filled between it and the next one's.
        ys = np.interp(columns, np.linspace(0, width - 1, len(values)), values)
        rows = np.clip(np.rint((height - 2) * (1 - ys / top)), 0, height - 2).astype(int)
        low = np.minimum(rows, np.append(rows[1:], rows[-1]))
        high = np.maximum(rows, np.append(rows[1:], rows[-1])) + 2
        # Each column's span low…high as +1 where it starts and −1 where it ends, summed down the column.
        marks = np.zeros((height + 1, width), np.int8)
        marks[low, columns] = 1           # one start and one end a column: no index twice
        marks[high, columns] = -1
        line = np.cumsum(marks, axis=0, dtype=np.int8)[:height] > 0
        if number > 0:
            line &= (columns // DASH) % 2 == 0
        picture[line] = word(colour)
    return picture


DASH = 8   # a dashed curve's dashes and gaps, in pixels


def word(colour) -> np.uint32:
    """One opaque colour (R, G, B) as an ARGB word, as argb_words makes them."""
    return argb_words(np.array([[colour]], np.uint8))[0, 0]


def ink_on(colour) -> tuple[int, int, int]:
    """Black or white text, whichever stands out more from ``colour`` (WCAG's contrast ratio: on any colour
    one of the two reaches at least 4.58:1)."""
    shade = luminance(colour)
    return (0, 0, 0) if (shade + 0.05) / 0.05 >= 1.05 / (shade + 0.05) else (255, 255, 255)


def luminance(colour) -> float:
    """WCAG 2's relative luminance of an sRGB colour (channels 0–255): 0 for black to 1 for white."""
    def linear(channel: float) -> float:
        channel /= 255
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
    r, g, b = colour[:3]
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
