"""Worked-out readouts as text: one output pixel's sum, one pooled pixel, and how a value is drawn.

Pure Python, no py5. A readout adds up as it is shown: every product is its pixel × its weight to the
product's last shown digit, and the shown products add up to the shown sum; where rounding breaks that,
the readout says "≈" and why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

import filters
from convolution.screen.numbers import format_number, kernel_labels


def explain_value(total: float, mapping: str, low: float, high: float, relu: bool = False) -> str:
    """How one sum becomes what is drawn, in words: "−312 → clamped to 0" (with ``relu``: "−312 → ReLU 0 → grey 0")."""
    if mapping == "absolute" and not (relu and total < 0):
        return f"|{format_number(total)}| = {format_number(abs(total))}{drawn_as(total, mapping, low, high)}"
    return format_number(total) + drawn_as(total, mapping, low, high, relu)


def drawn_as(total: float, mapping: str, low: float, high: float, relu: bool = False) -> str:
    """What follows a sum in the readout: how it is drawn (" → clamped to 255", " → grey 91" …). The grey
    levels come from the exact sum, as the picture's do; the shown sum rounds to it (to its last digit)."""
    if relu and total < 0:
        return " \u2192 ReLU " + explain_value(0.0, mapping, low, high)
    if mapping == "clamp":
        if total < 0:
            return " \u2192 clamped to 0"
        return " \u2192 clamped to 255" if total > 255 else f" \u2192 grey {int(filters.clamp_to_bytes(total))}"
    if mapping == "absolute":
        size = abs(total)
        return " \u2192 " + ("clamped to 255" if size > 255 else f"grey {int(filters.clamp_to_bytes(size))}")
    if mapping == "stretch":
        drawn = 128 if high == low else int(filters.clamp_to_bytes((total - low) * 255.0 / (high - low)))
        return (f" \u2192 grey {drawn}  (the range {format_number(low)} to {format_number(high)} "
                f"stretched to grey 0 to 255)")
    side = "orange (negative)" if total < 0 else "blue (positive)" if total > 0 else "white (zero)"
    share = round(100 * abs(total) / high) if high else 0
    return f" \u2192 {side}, {share}% of the largest |value| {format_number(high)}"


def shown(text: str) -> float:
    """The number a readout's text shows ("−12.5" → −12.5; "–", none, → nan)."""
    try:
        return float(text.replace("\u2212", "-"))
    except ValueError:
        return math.nan


def tenths(text: str) -> int:
    """A shown number (at most one decimal) in tenths, exactly: "−12.5" → −125."""
    return round(shown(text) * 10)


@dataclass
class Readout:
    """One output pixel's arithmetic as text, for the readout under the panels.

    Every product is its pixel × its weight as shown, to the product's last digit, when ``sign`` is "=";
    "≈" when a shown weight or pixel is rounded (the products are the exact ones; ``notes`` say why).
    """
    title: str                   # the whole title: ``lead`` and its ``notes``
    values: list[list[str]]      # the neighbourhood (one channel)
    weights: list[list[str]]     # the weights as the kernel shows them (× ``divisor``: "1 2 1 … ÷ 16")
    products: list[list[str]]    # pixel × weight as shown (× ``divisor``)
    inside: np.ndarray           # kh×kw bool: cells inside the image (others drawn dimmed)
    result: str                  # the sum and what is drawn
    lead: str = ""               # the title's first part: which pixel, and what the matrices are
    notes: list[str] = field(default_factory=list)   # the title's other parts, least needed last (may be folded)
    sign: str = "="              # between the weights and the products: "=" exact to the last digit, "≈" not
    divisor: int = 1             # the weights and products are shown × this; the sum is divided by it


def make_readout(worked: filters.PixelSum, edges: str, mapping: str, display_range, relu: bool = False) -> Readout:
    """Turn ``filters.explain_pixel``'s numbers into the readout's text (``relu``: the sum goes through ReLU).

    The weights are shown as the kernel shows them (whole numbers and "÷ 16" for a Gaussian), the products
    as pixel × shown weight, and the sum of the shown products; divided by the common factor, and then how
    it is drawn. Where a shown number is rounded, "≈" stands where "=" would, and the title says why.
    """
    low, high = display_range
    values = worked.values if worked.values.ndim == 2 else worked.values[:, :, 0]
    colour = worked.values.ndim == 3
    where = f"pixel x {worked.x}, y {worked.y}" + (", red channel shown" if colour else "")
    weights, factor = kernel_labels(worked.weights)
    divisor = int(factor.split()[-1]) if factor else 1
    scaled = worked.weights.astype(np.float64) * divisor
    products = values * scaled   # the products as shown: × the divisor (whole numbers for a Gaussian)
    # As Python floats (tolist), which format several times faster than numpy's scalars.
    cells = [[format_number(v) for v in row] for row in values.tolist()]
    product_cells = [[format_number(p) for p in row] for row in products.tolist()]
    if not worked.computed:
        nothing = [["\u2013"] * len(row) for row in product_cells]
        lead = f"{where} is skipped: its neighbourhood leaves the image (edges: skip)"
        return Readout(lead, cells, weights, nothing, worked.inside, "not computed: drawn as the panel's background",
                       lead, [], "=", divisor)
    notes = [] if worked.inside.all() else [f"dim: outside the image, filled in by edges: {edges}"]
    weights_rounded = any(abs(shown(label) - w) > 1e-6 * max(1.0, abs(w))
                          for row, exact in zip(weights, scaled.tolist()) for label, w in zip(row, exact))
    values_rounded = any(abs(shown(text) - v) > 1e-6 * max(1.0, abs(v))
                         for row, exact in zip(cells, values.tolist()) for text, v in zip(row, exact))
    sign = "\u2248" if weights_rounded or values_rounded else "="
    totals = [float(t) for t in np.atleast_1d(worked.total)]
    first, adds_up = summed(totals[0], product_cells, divisor)
    # Why "≈", said with the sum (which may take two lines) so that it is never folded away; short, so that
    # the sum fits beside the products on a small screen.
    why = [f"{'weights' if weights_rounded else 'pixels'} shown rounded"] if sign != "=" else []
    why += [] if adds_up else ["products rounded to 0.1"]
    if colour and mapping != "signed":
        rest = [f"{'RGB'[c]}: {explain_value(t, mapping, low, high, relu)}" for c, t in enumerate(totals) if c]
        result = "   ".join([f"R: {first}{drawn_as(totals[0], mapping, low, high, relu)}"] + rest)
    elif colour:
        result = f"R: {first}   mean of R, G, B: " + explain_value(float(np.mean(totals)), "signed", low, high, relu)
    else:
        result = f"sum {first}{drawn_as(totals[0], mapping, low, high, relu)}"
    if why:
        result += f"   (\u2248: {', '.join(why)})"
    lead = f"{where}: neighbourhood \u00d7 weights {sign} products, added up"
    return Readout("; ".join([lead] + notes), cells, weights, product_cells, worked.inside, result, lead, notes,
                   sign, divisor)


def summed(total: float, products: list[list[str]], divisor: int) -> tuple[str, bool]:
    """("= 4080 ÷ 16 = 255", whether it adds up): the sum of the shown products (× ``divisor``), divided;
    ``total`` is the exact sum of the unrounded products over ``divisor``. "≈" where the shown products do
    not add up to the shown sum to its last digit, as rounded products may not (then False: the readout
    says why)."""
    whole = format_number(total * divisor)
    adds_up = sum(tenths(p) for row in products for p in row) == tenths(whole)
    text = ("= " if adds_up else "\u2248 ") + whole
    if divisor > 1:
        exact = format_number(total)
        text += f" \u00f7 {divisor} " + ("= " if format_number(shown(whole) / divisor) == exact else "\u2248 ") + exact
    return text, adds_up


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
    # The shown values give the shown mean to its last digit, or the readout says "≈" (they are rounded).
    sign = "="
    if how != "max" and format_number(float(np.mean([shown(t) for row in texts for t in row]))) != format_number(
            float(result[0])):
        sign = "\u2248"
    why = " (the values are rounded to 0.1)" if sign != "=" else ""
    if len(result) > 1:
        value = "   ".join(f"{'RGB'[c]}: {format_number(float(v))}" for c, v in enumerate(result))
        return PoolReadout(title + ", red channel shown", lines, f"{verb} {sign} {value}{why}")
    return PoolReadout(title, lines, f"{verb} {sign} {explain_value(float(result[0]), mapping, low, high)}{why}")


READOUT_GAP = 3   # characters between the readout's matrices, where × and = stand


def readout_widths(kernel: np.ndarray) -> tuple[int, int, int]:
    """The most characters a number in each readout matrix can take with this kernel:
    (neighbourhood, weights, products).

    Pixel values are 0…255; the weights are shown as the kernel shows them (× its common factor, if it
    has one); a product is at most 255·|shown weight|, with one decimal and a minus sign. Set to these
    widths, the readout keeps its columns and its size while the mouse moves from pixel to pixel.
    """
    kernel = np.asarray(kernel, dtype=np.float64)
    labels, factor = kernel_labels(kernel)
    divisor = int(factor.split()[-1]) if factor else 1
    weights = max(len(label) for row in labels for label in row)
    products = len(f"{255 * divisor * float(np.abs(kernel).max()):.1f}") + int(bool((kernel < 0).any()))
    return 3, weights, products


# The readout's forms, from the whole arithmetic to the least: which matrices it sets side by side
# (0 the neighbourhood, 1 the weights, 2 the products). A view takes the first that fits its room.
FORMS = ((0, 1, 2), (1, 2), (2,), ())


def readout_lines(readout: Readout, widths=(0, 0, 0), matrices=(0, 1, 2)) -> list[dict[str, str]]:
    """The readout's matrices side by side, set for a monospaced font: by default all three
    (neighbourhood × weights = products), else those ``matrices`` names (see FORMS).

    One dict per kernel row: ink → the whole line in that ink, with spaces
    where the other inks' characters stand, so that drawing each ink's string
    at the same place composes the line. Inks: "value" (neighbourhood and
    products), "weight" (the kernel) and "dim" (cells outside the image, and
    × and = on the middle row). Every string of a readout has the same length.
    Each matrix's numbers are right-aligned to at least ``widths`` characters
    (see readout_widths()), and to its longest number. Between the weights and
    the products stands ``readout.sign`` ("=", or "≈" where a shown number is rounded).
    """
    every = [readout.values, readout.weights, readout.products]
    rows = len(readout.values)
    widths = [max([least] + [len(text) for row in m for text in row]) for m, least in zip(every, widths)]
    symbols = {(0, 1): "\u00d7", (1, 2): readout.sign if 0 in matrices else "\u2192"}   # weights → products
    lines = []
    for j in range(rows):
        parts: dict[str, list[str]] = {"value": [], "weight": [], "dim": []}
        for place, number in enumerate(matrices):
            matrix, width = every[number], widths[number]
            for i, text in enumerate(matrix[j]):
                ink = "weight" if number == 1 else "value" if readout.inside[j, i] else "dim"
                cell = (" " if i else "") + text.rjust(width)
                for name in parts:
                    parts[name].append(cell if name == ink else " " * len(cell))
            if place + 1 < len(matrices):
                symbol = f" {symbols[(number, matrices[place + 1])]} " if j == rows // 2 else "   "
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
