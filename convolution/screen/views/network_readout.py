"""The network view's readout: the unit pointed at (a map's pixel, a pooled pixel, a score, a probability)
or a class's evidence, worked out in numbers (explain.py's), and drawn in the readout's box."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

import explain
import filters
from convolution.screen import texts
from convolution.screen.canvas import MONO, Canvas
from convolution.screen.geometry import Rect
from convolution.screen.views import network_sums as sums
from convolution.screen.views.network_layout import LEADING, Layout
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
            return evidence_readout(model, explain.evidence(model, seen.maps, cls), model.classes[cls],
                                    sums.scores_shown(model, seen.maps)[cls])
        return idle_readout(model)
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
    return probability_readout(model, worked, sums.whole_percents(seen.probabilities),
                               sums.scores_shown(model, seen.maps))


def idle_readout(model: Network) -> Worked:
    """Nothing pointed at: how to use the readout, and what the screen shows (a legend, true to the network)."""
    lines = [f"the network: {texts.network_layers_of(model)}"]
    first = model.blocks[0]
    lines.append(f"block 1: each of its {first.filter_count} filters ({first.kernel_size}\u00d7{first.kernel_size}, "
                 "tinted blue + / orange \u2212), its map after ReLU, and that map max-pooled (2\u00d72)")
    for number, block in enumerate(model.blocks[1:], start=2):
        lines.append(f"block {number}: {block.filter_count} filters, each over all {block.weights.shape[1]} of "
                     f"block {number - 1}'s pooled maps; their maps after ReLU, and pooled")
    lines.append(f"scores: \u03a3 weight \u00d7 value over block {len(model.blocks)}'s pooled maps, + bias; "
                 "probabilities: softmax of the scores, in whole percents adding up to 100%")
    return Worked("Point at any map's pixel, a score or a probability to see it worked out; "
                  "y shows where the evidence for a class lies in your drawing.", tuple((line,) for line in lines),
                  "", dim=True)


def relu_of(total: Decimal) -> str:
    return sums.plain(max(total, Decimal(0)), 3)


def conv_readout(model: Network, worked: explain.ConvPixel, shown_below: list[np.ndarray] | None = None) -> Worked:
    """A conv pixel; for a later block, with ``shown_below`` (the block before's pooled maps as drawn),
    each map's window beside the slice it is multiplied by. Its numbers add up as shown (network_sums)."""
    unit = worked.unit
    k = worked.slices.shape[-1]
    head = f"block {unit.block + 1}, filter {unit.filter + 1}, pixel (row {unit.y}, column {unit.x}): "
    if unit.block == 0:
        found = sums.chain([float(worked.partials.sum())], worked.bias, worked.total)
        rows = tuple(" ".join(f"{v:.2f}" for v in window_row) + "  \u00d7  "
                     + " ".join(signed(w) for w in weight_row)
                     for window_row, weight_row in zip(worked.windows[0], worked.slices[0]))
        return Worked(head + f"its {k}\u00d7{k} window of the drawing (\u00f7 255) \u00d7 the filter's weights, "
                             "+ bias", rows,
                      f"\u03a3 of the {k * k} products, unrounded {sums.shown(found.terms[0], 3)}   + bias "
                      f"{sums.shown(found.bias, 3)}   = sum {sums.shown(found.total, 3)}   \u2192 ReLU "
                      f"{relu_of(found.total)}")
    found = sums.chain(list(worked.partials), worked.bias, worked.total)
    items = tuple(f"map {c + 1}: {sums.shown(p, 3)}" for c, p in enumerate(found.terms))
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
                  f"\u03a3 {count} partial sums {sums.shown(found.sum, 3)}   + bias {sums.shown(found.bias, 3)}"
                  f"   = sum {sums.shown(found.total, 3)}   \u2192 ReLU {relu_of(found.total)}", pictures=pictures)


def pool_readout(worked: explain.PoolPixel, winner: explain.ConvPixel | None = None) -> Worked:
    """A pooled pixel; with ``winner`` (the ReLU maps folded away), its winner's sum worked out too."""
    unit = worked.unit
    rows: Lines = tuple("   ".join((f"[{sums.plain(sums.nearest(v, 3), 3)}]" if (j, i) == worked.winner
                                    else f" {sums.plain(sums.nearest(v, 3), 3)} ")
                                   for i, v in enumerate(row)) for j, row in enumerate(worked.window))
    if winner is not None:
        if unit.block > 0:   # its window in each map coming in (outlined there) × that map's slice
            found = sums.chain(list(winner.partials), winner.bias, winner.total)
            rows += (tuple(f"map {c + 1}: {sums.shown(p, 3)}" for c, p in enumerate(found.terms)),)
            terms = f"{len(winner.partials)} partial sums {sums.shown(found.sum, 3)}"
        else:
            found = sums.chain([float(winner.partials.sum())], winner.bias, winner.total)
            terms = f"of the {winner.slices.shape[-1] ** 2} products {sums.shown(found.sum, 3)}"
        rows += ((f"the winner: \u03a3 {terms}   + bias {sums.shown(found.bias, 3)}   = "
                  f"{sums.shown(found.total, 3)}   \u2192 ReLU {relu_of(found.total)}",),)
    return Worked(f"block {unit.block + 1}, filter {unit.filter + 1}, pooled pixel (row {unit.y}, column {unit.x}): "
                  f"the largest of its 2\u00d72 window of the map after ReLU (outlined)", rows,
                  f"max = {sums.plain(sums.nearest(worked.value, 3), 3)}, the winner [in brackets] at row "
                  f"{2 * unit.y + worked.winner[0]}, column {2 * unit.x + worked.winner[1]} of the map")


def score_readout(model: Network, worked: explain.ScoreReadout) -> Worked:
    """A class's score: its largest weight × value (each factor with the digits that give its product),
    the others' sum, their Σ, + bias = the score as the bars show it."""
    name = model.classes[worked.unit.filter]
    last = len(model.blocks)
    found = sums.score_shown(worked)
    items = []
    for item in found.items:
        where = f"map {item.place[0] + 1} ({item.place[1]}, {item.place[2]}): "
        if item.factors is None:
            items.append(where + f"weight \u00d7 value \u2248 {sums.shown(item.product, 3)}")
        else:
            weight, value = item.factors
            items.append(where + f"{sums.plain(weight, sums.decimals(weight))} \u00d7 "
                         f"{sums.plain(value, sums.decimals(value))} = {sums.shown(item.product, 3)}")
    items.append(f"the {found.others} others: {sums.shown(found.rest, 3)}")
    return Worked(f"score of {name}: \u03a3 over the {worked.others + len(worked.largest)} pooled values of block "
                  f"{last} of weight \u00d7 value, + bias; the largest (outlined):", (tuple(items),),
                  f"\u03a3 {sums.shown(found.total, 2)}   + bias {sums.shown(found.bias, 2)}   = score "
                  f"{sums.shown(found.score, 2)}")


SOFTMAX_ROWS = 4   # the classes a probability's readout lists (the pointed one, then the likeliest); the rest summed


def probability_readout(model: Network, worked: explain.ProbabilityReadout, bars: tuple[int, ...] | None,
                        scores: tuple[Decimal | None, ...]) -> Worked:
    """A class's probability: each class's e^x (x its score less the largest), their Σ, the quotient; beside it
    the whole percent its bar shows (``bars``; ``scores``: as the bars show them)."""
    cls = worked.unit.filter
    order = [int(c) for c in np.argsort(-worked.exps, kind="stable")]
    listed = [cls] + [c for c in order if c != cls][:SOFTMAX_ROWS - 1]
    if len(model.classes) - len(listed) == 1:
        listed = list(range(len(model.classes)))   # one left over: it takes a line either way
    listed.sort()
    found = sums.softmax_shown(worked, listed)
    items = []
    for c, x, e in found.rows:
        power = f"e^({sums.shown(x, sums.decimals(x))})" if x is not None else "e^x \u2248"
        items.append(f"{model.classes[c]}: {power} = {sums.scientific(e)}")
    if found.folded:
        items.append(f"the {len(found.folded)} other classes: \u03a3 e^x = {sums.scientific(found.folded_sum)}")
    top = scores[int(np.argmax(worked.exps))]
    largest = sums.shown(top, 2) if top is not None else plain(worked.shift)
    bar = f"   (\u2248 {bars[cls]}% on its bar: whole percents)" if bars is not None else ""
    return Worked(f"probability of {model.classes[cls]}: softmax, e^x \u00f7 \u03a3 e^x over the classes, x each "
                  f"score less the largest ({largest}): the same quotient as with e^score", (tuple(items),),
                  f"{sums.scientific(found.numerator)} \u00f7 {sums.scientific(found.total)} = "
                  f"{sums.plain(found.percent, found.percent_places)}%" + bar)


EVIDENCE_LISTED = 8   # a larger last layer's positions: its largest shares listed, the rest summed


def evidence_readout(model: Network, found: explain.Evidence, name: str, score: Decimal | None = None) -> Worked:
    side = found.shares.shape[0]
    top, left, height, width = (int(v) for v in found.fields[0, 0])
    last = len(model.blocks)
    title = (f"evidence for {name}: each of the {side}\u00d7{side} last positions' share of the score (\u03a3 over "
             f"block {last}'s {model.blocks[-1].filter_count} maps of weight \u00d7 value), over the "
             f"{height}\u00d7{width} pixels it sees")
    shares = found.shares.ravel()
    if side <= 5:
        parts = sums.chain(list(shares), found.bias, found.score, 2, score)
        grid = np.array(parts.terms, dtype=object).reshape(side, side)
        lines: Lines = tuple("  ".join(f"{sums.shown(v, 2):>6}" for v in row) for row in grid)
    else:
        order = [int(n) for n in np.argsort(-np.abs(shares), kind="stable")[:EVIDENCE_LISTED]]
        rest = float(shares.sum() - shares[order].sum())
        parts = sums.chain([shares[n] for n in order] + [rest], found.bias, found.score, 2, score)
        items = tuple(f"({n // side}, {n % side}): {sums.shown(v, 2)}" for n, v in zip(order, parts.terms))
        lines = (items + (f"the {shares.size - len(order)} others: {sums.shown(parts.terms[-1], 2)}",),)
    return Worked(title, lines, f"\u03a3 shares {sums.shown(parts.sum, 2)}   + bias {sums.shown(parts.bias, 2)}   "
                                f"= score {sums.shown(parts.total, 2)}")


PICTURE_LINES = 3   # the readout's lines a row of pictures and their captions take
GROWTH = 1.6        # a slide's readout grows to at most this many times its size while all of it fits


def picture_rows(canvas: Canvas, layout: Layout, pictures: tuple[Picture, ...], size: int) -> int:
    """How many pictures go in a row: as many as leave each caption room at the readout's ``size``."""
    box = layout.readout
    widest = max(canvas.width_of(caption, size) for _, _, caption in pictures) + layout.sizes.px(12)
    return max(1, min(len(pictures), int(box.w // widest)))


def draw_pictures(canvas: Canvas, layout: Layout, pictures: tuple[Picture, ...], top: int, across: int,
                  size: int, line_h: int) -> None:
    """Pairs of k×k pictures (a window × a slice), ``across`` to a row from ``top``, each pair's caption
    under it (PICTURE_LINES readout lines, ``line_h`` high, a row; text at ``size``)."""
    box, px, k = layout.readout, layout.sizes.px, pictures[0][0].shape[0]
    times = canvas.width_of(" \u00d7 ", size)
    group = box.w / across
    scale = max(1, min((2 * line_h - px(6)) // k, int((group - times - px(16)) // (2 * k))))
    side = k * scale
    for number, (window, weights, caption) in enumerate(pictures):
        row, column = divmod(number, across)
        y = top + row * PICTURE_LINES * line_h
        middle = box.x + group * column + group / 2
        left = int(middle - side - times / 2)
        for name, x, colours in (("window", left, window), ("slice", int(middle + times / 2), weights)):
            rect = Rect(x, y + px(4), side, side)
            canvas.picture(f"readout {name} {number}", rect, lambda c=colours: filters.enlarge(c, scale), colours)
        canvas.text("\u00d7", middle, y + px(4) + side // 2 + size // 3, size, canvas.theme.text_dim, "center")
        canvas.text(caption, middle, y + px(4) + side + px(2) + round(0.76 * size), size, canvas.theme.text,
                    "center")


def packed(canvas: Canvas, items: tuple[str, ...], size: int, width: float) -> list[str]:
    """``items`` joined by wide spaces onto as few lines as fit ``width`` at ``size`` (an item wider than
    that on lines of its own, broken at spaces)."""
    lines: list[str] = []
    line = ""
    for item in items:
        trial = f"{line}     {item}" if line else item
        if line and canvas.width_of(trial, size) > width:
            lines.append(line)
            line = item
        else:
            line = trial
        while canvas.width_of(line, size) > width and " " in line:
            words = line.split(" ")
            cut = max(n for n in range(1, len(words)) if canvas.width_of(" ".join(words[:n]), size) <= width
                      or n == 1)
            lines.append(" ".join(words[:cut]))
            line = " ".join(words[cut:])
    return lines + ([line] if line else [])


def wrapped(canvas: Canvas, text: str, size: int, width: float) -> list[str]:
    return packed(canvas, (text,), size, width) if text else []


@dataclass(frozen=True)
class Set:
    """A readout set at one text size: its lines as they go in its box, and whether some were folded away."""
    worked: Worked
    size: int
    line_h: int
    title: list[str]
    result: list[str]
    across: int
    picture_lines: int
    lines: list[tuple[bool, str]]   # (monospaced, text)
    folded: int                     # lines left out (0: all of it shows)


def set_at(canvas: Canvas, layout: Layout, worked: Worked, size: int) -> Set:
    """``worked`` set at ``size`` in the layout's readout box (lines that do not fit are counted in folded)."""
    box = layout.readout
    line_h = round(size * LEADING)
    title = wrapped(canvas, worked.title, size, box.w)
    result = wrapped(canvas, worked.result, size, box.w)
    across = picture_rows(canvas, layout, worked.pictures, size) if worked.pictures else 1
    picture_lines = -(-len(worked.pictures) // across) * PICTURE_LINES if worked.pictures else 0
    total = max(1, box.h // line_h)
    if picture_lines and len(title) + len(result) + picture_lines > total:
        # No room for the pictures: their captions (every number of the sum) as lines instead.
        worked = Worked(worked.title, worked.lines + (tuple(caption for _, _, caption in worked.pictures),),
                        worked.result, worked.dim)
        picture_lines = 0
    lines: list[tuple[bool, str]] = []
    for entry in worked.lines:
        if isinstance(entry, str):
            if canvas.width_of(entry, size, MONO) <= box.w:
                lines.append((True, entry))
            else:
                lines += [(False, line) for line in wrapped(canvas, " ".join(entry.split()), size, box.w)]
        else:
            lines += [(False, line) for line in packed(canvas, entry, size, box.w)]
    room = total - len(title) - len(result) - picture_lines
    return Set(worked, size, line_h, title, result, across, picture_lines, lines, max(0, len(lines) - room))


def readout_fits(canvas: Canvas, layout: Layout, worked: Worked) -> bool:
    """Whether ``worked``'s title and result fit the layout's readout box, with the note on what is folded away
    if not all its other lines do (draw_readout)."""
    least = set_at(canvas, layout, worked, layout.sizes.small)
    note = len(wrapped(canvas, "(99 more lines of it: no room for them on this screen)", least.size,
                       layout.readout.w)) if least.folded else 0
    return len(least.title) + len(least.result) + note <= max(1, layout.readout.h // least.line_h)


def readout_whole(canvas: Canvas, layout: Layout, worked: Worked) -> bool:
    """Whether all of ``worked`` fits the readout box, nothing folded away (every term of its sums shown)."""
    return not set_at(canvas, layout, worked, layout.sizes.small).folded


def readout_set(canvas: Canvas, layout: Layout, worked: Worked) -> Set:
    """The readout at its size; on a full screen's slide, larger while all of it still fits its box (its
    monospaced rows still on lines of their own), so that a short readout fills the lower part."""
    least = set_at(canvas, layout, worked, layout.sizes.small)
    if not layout.slide or least.folded:
        return least
    mono = sum(1 for monospaced, _ in least.lines if monospaced)
    for size in range(round(layout.sizes.small * GROWTH), layout.sizes.small, -1):
        trial = set_at(canvas, layout, worked, size)
        if not trial.folded and sum(1 for monospaced, _ in trial.lines if monospaced) == mono:
            return trial
    return least


def draw_readout(canvas: Canvas, layout: Layout, worked: Worked) -> None:
    """The readout in its box: the title, its lines, the result, each wrapped to the box's width; lines that
    do not fit its box are folded away with a note saying how many (nothing is cut short)."""
    box = layout.readout
    setting = readout_set(canvas, layout, worked)
    size, line_h, worked, lines = setting.size, setting.line_h, setting.worked, setting.lines
    colour = canvas.theme.text_dim if worked.dim else canvas.theme.text
    if setting.folded:   # the note on what is left out takes the last lines it needs
        where = "no room for them on this screen" if layout.slide else "in a larger window"
        keep = len(lines)
        while keep > 0:
            keep -= 1
            left_out = len(lines) - keep
            note = wrapped(canvas, f"({left_out} more line{'s' if left_out > 1 else ''} of it: {where})", size, box.w)
            if keep + len(note) <= len(lines) - setting.folded:
                break
        lines = lines[:keep] + [(False, line) for line in note]
    y = box.y + round(0.76 * size)
    for line in setting.title:
        canvas.text(line, box.x, y, size, colour)
        y += line_h
    if worked.pictures and setting.picture_lines:
        draw_pictures(canvas, layout, worked.pictures, y - round(0.76 * size), setting.across, size, line_h)
        y += setting.picture_lines * line_h
    for mono, line in lines:
        if mono:
            canvas.text(line, box.x + (box.w - canvas.width_of(line, size, MONO)) / 2, y, size, canvas.theme.text,
                        family=MONO)
        else:
            canvas.text(line, box.x + box.w / 2, y, size, colour if worked.dim else canvas.theme.text, "center")
        y += line_h
    for line in setting.result:
        canvas.text(line, box.x + box.w / 2, y, size, canvas.theme.highlight, "center")
        y += line_h
