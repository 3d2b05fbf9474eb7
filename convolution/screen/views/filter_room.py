"""The room the filter view's readout takes: how its matrices are arranged (in one band or two), how many
lines its title and its sum take, from the widest texts the state's readouts can show.

Pure: no drawing (filter_parts.py draws the readout as this module plans it).

    pixel x 13, y 14: neighbourhood × weights = products, added up          (the title, one line or two)
    255 255   0    −0.77 −0.22  0.03     −196.4 −56.1  0.0
    255 255   0  ×  0.48  0.91 −0.43  =   122.4 232.1  0.0                 (one band: all three matrices)
    sum = 91.2 → grey 91                                                      (the sum, under the band)

and, where one band is wider than the room, in two bands, the sum beside the second when it fits there:

    255 255   0    −0.77 −0.22  0.03
    255 255   0  ×  0.48  0.91 −0.43
        −196.4 −56.1  0.0      sum ≈ 91.2 (the products are
     =   122.4 232.1  0.0      rounded to 0.1) → grey 91
"""

from __future__ import annotations

import math

import numpy as np

import filters
from convolution.screen import geometry, glyphs, readouts, texts
from convolution.screen.canvas import MONO
from convolution.screen.geometry import Sizes

# The readout's arrangements, from the whole arithmetic to the least: each a tuple of bands, each band the
# matrices it sets side by side (0 the neighbourhood, 1 the weights, 2 the products; readouts.FORMS). A
# layout takes the most detailed one that fits its room; the last shows the sum only.
ARRANGEMENTS: tuple[tuple[tuple[int, ...], ...], ...] = (((0, 1, 2),), ((0, 1), (2,)), ((1, 2),), ((2,),), ())
COMPACT = len(ARRANGEMENTS) - 1

# What the readout's title says its matrices are, for each arrangement.
FORM_WORDS = (
    "neighbourhood \u00d7 weights {sign} products, added up",
    "neighbourhood \u00d7 weights {sign} products, added up",
    "the weights \u2192 each \u00d7 its pixel (the products), added up",
    "each pixel \u00d7 its weight (the products), added up",
    "its neighbourhood \u00d7 the weights, added up",
)

BAND_GAP = 8       # between two bands of matrices (design pixels)
BESIDE_GAP = 24    # between the last band and the sum beside it
LEAST_BESIDE = 9   # the sum goes beside a band only in at least this many ems of room


def mono_size(sizes: Sizes) -> int:
    """The readout's numbers' size: the small text's, never below the floor; the readout's words shrink no
    further than this before they wrap."""
    return max(sizes.floor, sizes.small)


def mono_line(sizes: Sizes) -> int:
    """From one line of the readout's matrices to the next."""
    return mono_size(sizes) + max(2, sizes.px(3))


def text_line(size: int) -> int:
    return math.ceil(size * 1.25)


def band_chars(arrangement: int, band: int, cols: int, widths) -> int:
    """How many characters wide band ``band`` of ``arrangement`` is for a kernel ``cols`` wide (a second band
    starts with the "=" that joins it to the first)."""
    matrices = ARRANGEMENTS[arrangement][band]
    chars = sum(cols * (widths[m] + 1) - 1 for m in matrices) + readouts.READOUT_GAP * (len(matrices) - 1)
    return chars + (readouts.READOUT_GAP if band else 0)


def band_width(arrangement: int, band: int, cols: int, widths, sizes: Sizes) -> float:
    return band_chars(arrangement, band, cols, widths) * glyphs.text_width("0", mono_size(sizes), MONO)


def arrangements_that_fit(cols: int, widths, sizes: Sizes, room: int) -> list[int]:
    """The arrangements whose every band fits ``room`` pixels, most detailed first (COMPACT always)."""
    return [form for form, bands in enumerate(ARRANGEMENTS)
            if all(band_width(form, band, cols, widths, sizes) <= room for band in range(len(bands)))]


def lines_of(text: str, size: int, least: int, room: float) -> int:
    """Lines ``text`` takes in ``room`` pixels set as filter_parts.readable_text sets it: on one line at
    ``size`` or smaller down to ``least``, else wrapped at ``least``."""
    if glyphs.text_width(text, least) <= room:
        return 1
    return len(geometry.fit_text(glyphs.text_width, text, least, least, max(1.0, room), 99)[1])


def worst_texts(state) -> tuple[list[str], list[str]]:
    """The widest titles and sums the state's readouts can show (a pixel in the last row and column, every
    number as long as it can be, every note that can come): (titles, sums), for the layout to make room
    for them. The texts are made as the readout makes them (texts.make_readout), of a made-up sum."""
    height, width = state.image.shape[:2]
    rows, cols = state.kernel.shape
    colour = state.image.ndim == 3
    shape = (rows, cols, 3) if colour else (rows, cols)
    weights = np.asarray(state.kernel, dtype=np.float64)
    values = np.full(shape, 254.55)   # rounded when shown: every "≈" note comes
    products = values * (weights[:, :, None] if colour else weights)
    biggest = 255.0 * float(np.abs(weights).sum()) + 0.55
    sums = []
    where = f"pixel x {width - 1}, y {height - 1}" + (", red channel shown" if colour else "")
    for total in (-biggest, biggest):
        totals = np.full(3, total) if colour else np.float64(total)
        worked = filters.PixelSum(height - 1, width - 1, values, np.ones((rows, cols), bool), weights, products,
                                  totals, True)
        sums.append(texts.make_readout(worked, state.edges, state.mapping, state.display_range, state.relu).result)
    titles = [f"{where}: " + words.format(sign="\u2248") for words in FORM_WORDS]
    if state.edges == "skip":
        titles.append(f"{where} is skipped: its neighbourhood leaves the image (edges: skip)")
    if state.pooled is not None:
        pooled_h, pooled_w = state.pooled.shape[:2]
        worked_pool = filters.explain_pool(state.feature, pooled_h - 1, pooled_w - 1, state.pool, how=state.pool_mode)
        pooled = texts.make_pool_readout(worked_pool, state.pool_mode, state.mapping, state.display_range, state.relu)
        titles.append(pooled.title.partition(" (")[0])
        sums.append(pooled.result)
    return titles, sums
