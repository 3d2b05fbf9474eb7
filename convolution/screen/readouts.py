"""Worked-out readouts as text: one output pixel's sum, one pooled pixel, and how a value is drawn.

Pure Python, no py5. A readout adds up as it is shown: every product is its pixel × its weight to the
product's last shown digit, and the shown products add up to the shown sum; where rounding breaks that,
the readout says "≈" and why.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import filters
from convolution.screen.numbers import format_number, format_weight


def explain_value(total: float, mapping: str, low: float, high: float, relu: bool = False) -> str:
    """How one sum becomes what is drawn, in words: "−312 → clamped to 0" (with ``relu``: "−312 → ReLU 0 → grey 0")."""
    if relu and total < 0:
        return f"{format_number(total)} \u2192 ReLU " + explain_value(0.0, mapping, low, high)
    t = format_number(total)
    if mapping == "clamp":
        if total < 0:
            return f"{t} \u2192 clamped to 0"
        return f"{t} \u2192 clamped to 255" if total > 255 else f"{t} \u2192 grey {int(filters.clamp_to_bytes(total))}"
    if mapping == "absolute":
        size = abs(total)
        drawn = int(filters.clamp_to_bytes(size))
        return f"|{t}| = {format_number(size)} \u2192 " + ("clamped to 255" if size > 255 else f"grey {drawn}")
    if mapping == "stretch":
        drawn = 128 if high == low else int(filters.clamp_to_bytes((total - low) * 255.0 / (high - low)))
        stretched = f"{format_number(low)} \u2026 {format_number(high)}"
        return f"{t} \u2192 grey {drawn}  (stretching {stretched} to 0 \u2026 255)"
    side = "orange (negative)" if total < 0 else "blue (positive)" if total > 0 else "white (zero)"
    share = round(100 * abs(total) / high) if high else 0
    return f"{t} \u2192 {side}, {share}% of the largest |value| {format_number(high)}"


@dataclass
class Readout:
    """One output pixel's arithmetic as text, for the readout under the panels."""
    title: str
    values: list[list[str]]      # the neighbourhood (one channel)
    weights: list[list[str]]
    products: list[list[str]]
    inside: np.ndarray           # kh×kw bool: cells inside the image (others drawn dimmed)
    result: str                  # the sum and what is drawn


def make_readout(worked: filters.PixelSum, edges: str, mapping: str, display_range, relu: bool = False) -> Readout:
    """Turn ``filters.explain_pixel``'s numbers into the readout's text (``relu``: the sum goes through ReLU)."""
    low, high = display_range
    values, products = worked.values, worked.products
    colour = values.ndim == 3
    channel_note = ", red channel shown" if colour else ""
    where = f"pixel x {worked.x}, y {worked.y}"
    # As Python floats (tolist), which format several times faster than numpy's scalars.
    weights = [[format_weight(w) for w in row] for row in worked.weights.tolist()]
    if colour:
        values, products = values[:, :, 0], products[:, :, 0]
    cells = [[format_number(v) for v in row] for row in values.tolist()]
    product_cells = [[format_number(p) for p in row] for row in products.tolist()]
    if not worked.computed:
        nothing = [["\u2013"] * len(row) for row in product_cells]
        return Readout(f"{where} is skipped: its neighbourhood leaves the image (edges: skip)",
                       cells, weights, nothing, worked.inside,
                       "not computed: drawn as the panel's background")
    if colour:
        names = "RGB"
        per_channel = "clamp" if mapping == "signed" else mapping
        result = "   ".join(f"{names[c]}: {explain_value(float(t), per_channel, low, high, relu)}"
                           for c, t in enumerate(worked.total))
        if mapping == "signed":
            result = f"mean {explain_value(float(np.mean(worked.total)), mapping, low, high, relu)}"
    else:
        result = f"sum = {explain_value(float(worked.total), mapping, low, high, relu)}"
    outside = "" if worked.inside.all() else f"; dim: outside the image, filled in by edges: {edges}"
    return Readout(f"{where}{channel_note}: neighbourhood \u00d7 weights, added up{outside}",
                   cells, weights, product_cells, worked.inside, result)


@dataclass
class PoolReadout:
    """One pooled pixel worked out as text: the window's values and the value they pool to."""
    title: str
    lines: list[dict[str, str]]   # one per window row: ink → text (see readout_lines): "weight" marks the winner
    result: str


def make_pool_readout(worked: filters.PoolingWorked, how: str, mapping: str, display_range,
                      relu: bool = False) -> PoolReadout:
    """Turn ``filters.explain_pool``'s numbers into text: the window (the winner marked) and its max or mean."""
    window = worked.window if worked.window.ndim == 2 else worked.window[:, :, 0]
    size = window.shape[0]
    texts = [[format_number(v) for v in row] for row in window.tolist()]
    width = max(len(text) for row in texts for text in row)
    lines = []
    for j, row in enumerate(texts):
        parts: dict[str, list[str]] = {"value": [], "weight": [], "dim": []}
        for i, text in enumerate(row):
            cell = (" " if i else "") + text.rjust(width)
            ink = "weight" if (j, i) == worked.winner else "value"
            for name in parts:
                parts[name].append(cell if name == ink else " " * len(cell))
        lines.append({name: "".join(cells) for name, cells in parts.items()})
    what = "the map after ReLU" if relu else "the filtered map"
    low, high = display_range
    result = np.atleast_1d(worked.result)
    if how == "max":
        title = (f"pooled pixel x {worked.x}, y {worked.y}: the largest of the {size}\u00d7{size} window of {what} "
                 f"(max pooling)")
        verb = "max"
    else:
        title = f"pooled pixel x {worked.x}, y {worked.y}: the mean of the {size}\u00d7{size} window of {what}"
        verb = "mean"
    if len(result) > 1:
        value = "   ".join(f"{'RGB'[c]}: {format_number(float(v))}" for c, v in enumerate(result))
        return PoolReadout(title + ", red channel shown", lines, f"{verb} = {value}")
    return PoolReadout(title, lines, f"{verb} = {explain_value(float(result[0]), mapping, low, high)}")


READOUT_GAP = 3   # characters between the readout's matrices, where × and = stand


def readout_widths(kernel: np.ndarray) -> tuple[int, int, int]:
    """The most characters a number in each readout matrix can take with this kernel:
    (neighbourhood, weights, products).

    Pixel values are 0…255; a product is at most 255·|weight|, with one
    decimal and a minus sign. Set to these widths, the readout keeps its
    columns and its size while the mouse moves from pixel to pixel.
    """
    kernel = np.asarray(kernel, dtype=np.float64)
    weights = max(len(format_weight(w)) for w in kernel.ravel().tolist())
    products = len(f"{255 * float(np.abs(kernel).max()):.1f}") + int(bool((kernel < 0).any()))
    return 3, weights, products


def readout_lines(readout: Readout, widths=(0, 0, 0)) -> list[dict[str, str]]:
    """The readout's three matrices side by side, set for a monospaced font.

    One dict per kernel row: ink → the whole line in that ink, with spaces
    where the other inks' characters stand, so that drawing each ink's string
    at the same place composes the line. Inks: "value" (neighbourhood and
    products), "weight" (the kernel) and "dim" (cells outside the image, and
    × and = on the middle row). Every string of a readout has the same length.
    Each matrix's numbers are right-aligned to at least ``widths`` characters
    (see readout_widths()), and to its longest number.
    """
    matrices = [readout.values, readout.weights, readout.products]
    rows = len(readout.values)
    widths = [max([least] + [len(text) for row in m for text in row]) for m, least in zip(matrices, widths)]
    lines = []
    for j in range(rows):
        parts: dict[str, list[str]] = {"value": [], "weight": [], "dim": []}
        for number, (matrix, width) in enumerate(zip(matrices, widths)):
            for i, text in enumerate(matrix[j]):
                ink = "weight" if number == 1 else "value" if readout.inside[j, i] else "dim"
                cell = (" " if i else "") + text.rjust(width)
                for name in parts:
                    parts[name].append(cell if name == ink else " " * len(cell))
            if number < 2:
                symbol = (" \u00d7 " if number == 0 else " = ") if j == rows // 2 else "   "
                for name in parts:
                    parts[name].append(symbol if name == "dim" else " " * READOUT_GAP)
        lines.append({name: "".join(texts) for name, texts in parts.items()})
    return lines


def ink_block(lines: list[dict[str, str]], ink: str) -> tuple[int, str]:
    """One ink's part of readout_lines(), ready for a single text() call.

    Returns (columns to skip, text): the ink's lines joined by newlines,
    without the spaces that lead every line or trail any of them (Java
    lays out every space it is given), and how many columns the text then
    starts to the right. ``text`` is "" when the ink has nothing to show.
    """
    texts = [by_ink[ink].rstrip() for by_ink in lines]
    filled = [text for text in texts if text]
    if not filled:
        return 0, ""
    skip = min(len(text) - len(text.lstrip(" ")) for text in filled)
    return skip, "\n".join(text[skip:] for text in texts)
