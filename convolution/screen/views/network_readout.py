"""The network view's readout: the unit pointed at (a map's pixel, a pooled pixel, a score, a probability)
or a class's evidence, worked out in numbers (explain.py's), and drawn in the readout's box."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

import explain
import filters
from convolution.screen.canvas import MONO, Canvas
from convolution.screen.geometry import Rect
from convolution.screen.views.network_layout import READOUT_LINE, READOUT_LINES, Layout
from convolution.screen.views.network_seen import Seen
from network import Network

# A pair of pictures in a readout: (a map's k×k window as drawn, the filter's k×k slice for it tinted,
# their caption); both k×k×3 uint8.
Picture = tuple[np.ndarray, np.ndarray, str]
# A readout's lines: each a string (a row of numbers in columns, set in a monospaced font) or a tuple of
# items (packed onto as few lines as fit).
Lines = tuple[str | tuple[str, ...], ...]


@dataclass(frozen=True)
class Worked:
    """A readout as drawn: its title, its lines, and its result. Each of ``lines`` is a string (a row of
    numbers in columns, set in a monospaced font) or a tuple of items (packed onto as few lines as fit)."""
    title: str
    lines: Lines
    result: str
    dim: bool = False
    pictures: tuple[Picture, ...] = ()   # k×k×3 uint8 pictures side by side, each pair captioned


def signed(value: float, places: int = 2) -> str:
    if not math.isfinite(value):
        return "\u2013"
    text = f"{value:+.{places}f}"
    if float(text) == 0:
        text = f"{0:.{places}f}"
    return text.replace("-", "\u2212")


def plain(value: float, places: int = 2) -> str:
    return signed(value, places).lstrip("+")


def readout_for(model: Network, seen: Seen, unit: explain.Unit | None, evidence_on: bool, cls: int,
                relu_shown: bool = True) -> Worked:
    """What the readout says of ``unit`` (or, with none, of the evidence when it is on, else how to use it)."""
    if unit is None:
        if evidence_on:
            return evidence_readout(model, explain.evidence(model, seen.maps, cls), model.classes[cls])
        return Worked("Point at any map's pixel, a score or a probability to see it worked out; "
                      "y shows where the evidence for a class lies in your drawing.", (), "", dim=True)
    worked = explain.worked_out(model, seen.drawn, seen.maps, unit)   # its type follows unit.kind
    if isinstance(worked, explain.ConvPixel):
        return conv_readout(model, worked, seen.pooled[unit.block - 1] if unit.block > 0 else None)
    if isinstance(worked, explain.PoolPixel):
        winner = None
        if not relu_shown:   # the ReLU maps are folded away: the winner's sum here instead
            winner = explain.conv_unit(model, seen.drawn, seen.maps, unit.block, unit.filter,
                                       2 * unit.y + worked.winner[0], 2 * unit.x + worked.winner[1])
        return pool_readout(worked, winner)
    if isinstance(worked, explain.ScoreReadout):
        return score_readout(model, worked)
    return probability_readout(model, worked)


def conv_readout(model: Network, worked: explain.ConvPixel, shown_below: list[np.ndarray] | None = None) -> Worked:
    """A conv pixel; for a later block, with ``shown_below`` (the block before's pooled maps as drawn),
    each map's window beside the slice it is multiplied by."""
    unit = worked.unit
    k = worked.slices.shape[-1]
    head = f"block {unit.block + 1}, filter {unit.filter + 1}, pixel (row {unit.y}, column {unit.x}): "
    relu = f"   \u2192 ReLU {plain(worked.relu, 3)}"
    if unit.block == 0:
        rows = tuple("  ".join(f"{v:.2f}" for v in window_row) + "   \u00d7   "
                     + "  ".join(signed(w) for w in weight_row)
                     for window_row, weight_row in zip(worked.windows[0], worked.slices[0]))
        return Worked(head + f"its {k}\u00d7{k} window of the drawing (\u00f7 255) \u00d7 the filter's weights, "
                             "+ bias", rows,
                      f"\u03a3 {k * k} products {signed(worked.partials[0], 3)}   + bias {signed(worked.bias, 3)}"
                      f"   = sum {signed(worked.total, 3)}" + relu)
    items = tuple(f"map {c + 1}: {signed(p, 3)}" for c, p in enumerate(worked.partials))
    count = len(worked.partials)
    pictures: tuple[Picture, ...] = ()
    if shown_below is not None:   # each map's window as drawn × the filter's slice for it (one tint scale)
        largest = float(np.abs(worked.slices).max()) or 1.0
        tints = filters.diverging_colours(worked.slices / largest)
        pictures = tuple((shown_below[c][unit.y:unit.y + k, unit.x:unit.x + k], tints[c], item)
                         for c, item in enumerate(items))
    return Worked(head + f"\u03a3 over block {unit.block}'s {count} maps of (its {k}\u00d7{k} window there "
                         "\u00d7 the filter's slice for that map), outlined on each map; + bias",
                  () if pictures else (items,),
                  f"\u03a3 {count} partial sums {signed(worked.partials.sum(), 3)}   + bias {signed(worked.bias, 3)}"
                  f"   = sum {signed(worked.total, 3)}" + relu, pictures=pictures)


def pool_readout(worked: explain.PoolPixel, winner: explain.ConvPixel | None = None) -> Worked:
    """A pooled pixel; with ``winner`` (the ReLU maps folded away), its winner's sum worked out too."""
    unit = worked.unit
    rows: Lines = tuple("   ".join((f"[{v:.3f}]" if (j, i) == worked.winner else f" {v:.3f} ")
                                   for i, v in enumerate(row)) for j, row in enumerate(worked.window))
    if winner is not None:
        if unit.block > 0:   # its window in each map coming in (outlined there) × that map's slice
            rows += (tuple(f"map {c + 1}: {signed(p, 3)}" for c, p in enumerate(winner.partials)),)
        terms = (f"{winner.slices.shape[-1] ** 2} products" if unit.block == 0
                 else f"{len(winner.partials)} partial sums")
        rows += ((f"the winner: \u03a3 {terms} {signed(winner.partials.sum(), 3)}   "
                  f"+ bias {signed(winner.bias, 3)}   = {signed(winner.total, 3)}   "
                  f"\u2192 ReLU {plain(winner.relu, 3)}",),)
    return Worked(f"block {unit.block + 1}, filter {unit.filter + 1}, pooled pixel (row {unit.y}, column {unit.x}): "
                  f"the largest of its 2\u00d72 window of the map after ReLU (outlined)", rows,
                  f"max = {plain(worked.value, 3)}, the winner [in brackets] at row {2 * unit.y + worked.winner[0]}, "
                  f"column {2 * unit.x + worked.winner[1]} of the map")


def score_readout(model: Network, worked: explain.ScoreReadout) -> Worked:
    name = model.classes[worked.unit.filter]
    last = len(model.blocks)
    items = tuple(f"map {part.place[0] + 1} ({part.place[1]}, {part.place[2]}): {plain(part.weight)} \u00d7 "
                  f"{plain(part.value)} = {signed(part.product)}" for part in worked.largest)
    items += (f"the {worked.others} others: {signed(worked.rest)}",)
    total = sum(part.product for part in worked.largest) + worked.rest
    return Worked(f"score of {name}: \u03a3 over the {worked.others + len(worked.largest)} pooled values of block "
                  f"{last} of weight \u00d7 value, + bias; the largest (outlined):", (items,),
                  f"\u03a3 {signed(total)}   + bias {signed(worked.bias)}   = score {signed(worked.score)}")


def probability_readout(model: Network, worked: explain.ProbabilityReadout) -> Worked:
    cls = worked.unit.filter
    items = tuple(f"{name}: e^({plain(score)} \u2212 {plain(worked.shift)}) = {e:.4g}"
                  for name, score, e in zip(model.classes, worked.scores, worked.exps))
    return Worked(f"probability of {model.classes[cls]}: softmax, e^score \u00f7 \u03a3 e^score over the classes "
                  f"(the largest score, {plain(worked.shift)}, taken off each first: the same quotient)", (items,),
                  f"{worked.exps[cls]:.4g} \u00f7 {worked.exps.sum():.4g} = {100 * worked.probability:.2f}%")


def evidence_readout(model: Network, found: explain.Evidence, name: str) -> Worked:
    side = found.shares.shape[0]
    top, left, height, width = (int(v) for v in found.fields[0, 0])
    last = len(model.blocks)
    title = (f"evidence for {name}: each of the {side}\u00d7{side} last positions' share of the score (\u03a3 over "
             f"block {last}'s {model.blocks[-1].filter_count} maps of weight \u00d7 value), over the "
             f"{height}\u00d7{width} pixels it sees")
    if side <= 5:
        lines: Lines = tuple("  ".join(f"{signed(v):>6}" for v in row) for row in found.shares)
    else:
        order = np.argsort(-np.abs(found.shares), axis=None)[:8]
        lines = (tuple(f"({y}, {x}): {signed(found.shares[y, x])}"
                       for y, x in (np.unravel_index(int(n), found.shares.shape) for n in order)) + ("\u2026",),)
    return Worked(title, lines, f"\u03a3 shares {signed(found.shares.sum())}   + bias {signed(found.bias)}   "
                                f"= score {signed(found.score)}")


PICTURE_LINES = 3   # the readout's lines a row of pictures and their captions take


def draw_pictures(canvas: Canvas, layout: Layout, pictures: tuple[Picture, ...], top: int) -> int:
    """Pairs of k×k pictures (a window × a slice) in a row across the readout from ``top``, each pair's
    caption under it; returns the readout lines they took."""
    box, sizes, px = layout.readout, layout.sizes, layout.sizes.px
    line_h, size, k = px(READOUT_LINE), sizes.small, pictures[0][0].shape[0]
    times = canvas.width_of(" \u00d7 ", size)
    group = box.w / len(pictures)
    widest = max(canvas.width_of(caption, size) for _, _, caption in pictures)
    scale = max(1, min((2 * line_h - px(6)) // k, int((group - times - px(16)) // (2 * k))))
    side = k * scale
    if widest > group - px(8):
        size = canvas.fitting_size([caption for _, _, caption in pictures], size, group - px(8))
    for number, (window, weights, caption) in enumerate(pictures):
        middle = box.x + group * number + group / 2
        left = int(middle - side - times / 2)
        for name, x, colours in (("window", left, window), ("slice", int(middle + times / 2), weights)):
            rect = Rect(x, top + px(4), side, side)
            canvas.picture(f"readout {name} {number}", rect, lambda c=colours: filters.enlarge(c, scale), colours)
        canvas.text("\u00d7", middle, top + px(4) + side // 2 + size // 3, size, canvas.theme.text_dim, "center")
        canvas.fitted_text(caption, middle, top + px(4) + side + px(4) + size, size, group - px(8), canvas.theme.text,
                           "center")
    return PICTURE_LINES


def packed(canvas: Canvas, items: tuple[str, ...], size: int, width: float) -> list[str]:
    """``items`` joined by wide spaces onto as few lines as fit ``width`` at ``size``."""
    lines: list[str] = []
    line = ""
    for item in items:
        trial = f"{line}     {item}" if line else item
        if line and canvas.width_of(trial, size) > width:
            lines.append(line)
            line = item
        else:
            line = trial
    return lines + ([line] if line else [])


def draw_readout(canvas: Canvas, layout: Layout, worked: Worked) -> None:
    """The readout in its box: the title (two lines if need be), its lines, the result; a line that does not
    fit is left out, with "…" in its place."""
    box, sizes, px = layout.readout, layout.sizes, layout.sizes.px
    line_h, size = px(READOUT_LINE), sizes.body
    colour = canvas.theme.text_dim if worked.dim else canvas.theme.text
    y = box.y + size
    used = canvas.fitted_text(worked.title, box.x, y, size, box.w, colour, lines=2, leading=1.2)
    y += used * round(size * 1.2) + px(6)
    room = READOUT_LINES - 1 - used - (1 if worked.result else 0)
    if worked.pictures:
        room -= draw_pictures(canvas, layout, worked.pictures, y - size)
        y += PICTURE_LINES * line_h
    lines: list[tuple[bool, str]] = []   # (monospaced, text)
    for entry in worked.lines:
        if isinstance(entry, str):
            lines.append((True, entry))
        else:
            lines += [(False, line) for line in packed(canvas, entry, size, box.w)]
    if len(lines) > room:
        lines = lines[:max(0, room - 1)] + [(False, "\u2026")]
    for mono, line in lines:
        if mono:
            fitted, parts = canvas.fit(line, size, box.w, family=MONO)
            canvas.text(parts[0], box.x + (box.w - canvas.width_of(parts[0], fitted, MONO)) / 2, y, fitted,
                        canvas.theme.text, family=MONO)
        else:
            canvas.fitted_text(line, box.x + box.w / 2, y, size, box.w, canvas.theme.text, "center")
        y += line_h
    if worked.result:
        canvas.fitted_text(worked.result, box.x + box.w / 2, y + px(4), size, box.w, canvas.theme.highlight, "center")

