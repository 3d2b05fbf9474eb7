"""The network view's "why" panel, under the bars (a window) or beside the readout (a full screen's slide):

    not sure: between cat and train              ← the judge's verdict (Network.judge), or "its answer: cat"
    [13×13]  how sure of cat as the drawing       ← the shift sweep (a), once worked out, of this drawing
             slides ±6 pixels: centre = as drawn
    nearest in its own features                   ← or "nearest by pixels" (n)
    [▦] cat   [▦] cat   [▦] rainbow …             ← the 5 nearest training drawings, nearest first

A network that carries no training drawings (a model file of format 1 or 2) says so in one line instead of
the nearest. Where everything goes is a pure function of the panel's box, the sizes, the network's words and
whether there is a sweep (``places``), so the mouse finds a thumbnail without asking the network; the
network's answers (judge, neighbours) are worked out once per drawing and network while the scene is built
(network.py's ``verdict_now`` and ``neighbours_now``). The layouts reserve ``least_height`` for it.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from convolution.maths.examples import Neighbours
from convolution.maths.judging import Answer
from convolution.screen import glyphs, texts
from convolution.screen.canvas import Canvas
from convolution.screen.geometry import Rect, Sizes
from convolution.screen.views.network_layout import Layout, Words, line_h, widest_word, wrapped
from convolution.screen.views.network_readout import Worked
from convolution.screen.views.network_seen import Seen
from convolution.state import demo, probe, warming

K = 5                 # the nearest drawings shown
THUMB = 28            # a training drawing's side, in its pixels
SWEEP_SIDE = 2 * probe.SWEEP_REACH + 1
GAP = 8               # design pixels between the panel's sections, a thumbnail and its name
CELL_GAP = 16         # … and between two thumbnails side by side
ROW_GAP = 2           # … and between two rows of them (their frames apart)
FRAME = 4             # window pixels a thumbnail's frame (and the pointed one's outline) reaches round it
NEAREST_WAIT = "finding the training drawings nearest yours..."
ORDINALS = ("nearest", "2nd nearest", "3rd nearest", "4th nearest", "5th nearest")


def worst_verdicts(names: tuple[str, ...]) -> tuple[str, ...]:
    """Every verdict the panel may say for a network of these classes, the longest of each kind (its room)."""
    by_width = sorted(names, key=lambda name: glyphs.text_width(name, 20))
    longest, second = by_width[-1], by_width[-2] if len(by_width) > 1 else by_width[-1]
    reasons = ("nothing drawn", "unlike every drawing it learned from: more ink than any",
               f"unlike every drawing it learned from: the most alike is an {longest}",
               f"between {longest} and {second}", f"between {second} and {longest}")
    return tuple(f"not sure: {reason}" for reason in reasons) + (f"its answer: {longest}",)


def verdict_height(words: Words, size: int, width: int) -> int:
    return max(len(wrapped(text, size, width)) for text in words.verdicts) * line_h(size)


def name_width(words: Words, sizes: Sizes) -> int:
    return math.ceil(max(glyphs.text_width(name, sizes.small) for name in words.names))


def heading_height(sizes: Sizes, width: int) -> int:
    return max(len(wrapped(texts.nearest_heading(by), sizes.small, width)) for by in (False, True)) * line_h(
        sizes.small)


@dataclass(frozen=True)
class Grid:
    """The nearest drawings' thumbnails: ``scale``× their 28 pixels, ``columns`` to a row, each class's name
    beside its thumbnail (``under``: under it) in a column ``name_w`` wide; ``height``: the section's, heading
    and frames included."""
    scale: int
    columns: int
    under: bool
    name_w: int
    row_h: int
    cell_w: int
    height: int


def grid(words: Words, sizes: Sizes, width: int, height: int, most: int) -> Grid | None:
    """The nearest section as large as fits ``width``×``height`` (its thumbnails at most ``most``×): the
    largest thumbnails, then the fewest rows; None if not even at 1×."""
    px, count, small = sizes.px, max(1, words.examples), sizes.small
    inner = width - 2 * FRAME                # a thumbnail's frame reaches FRAME pixels round it
    top = heading_height(sizes, width) + px(4)
    names = list(words.names)
    for scale in range(max(1, most), 0, -1):
        side = THUMB * scale
        found = []
        for under in (False, True):
            for columns in range(count, 0, -1):
                rows = -(-count // columns)
                gap = px(CELL_GAP) + 2 * FRAME
                if under:
                    cell_w = (inner - (columns - 1) * gap) // columns
                    if cell_w < max(side, widest_word(names, small)):
                        continue
                    name_w = cell_w
                    row_h = side + 2 * FRAME + max(len(wrapped(n, small, name_w)) for n in names) * line_h(small)
                else:
                    name_w = min(name_width(words, sizes), (inner - (columns - 1) * gap) // columns - side - px(GAP))
                    if name_w < widest_word(names, small):
                        continue
                    cell_w = side + px(GAP) + name_w
                    row_h = max(side, max(len(wrapped(n, small, name_w)) for n in names) * line_h(small))
                total = top + 2 * FRAME + rows * row_h + (rows - 1) * (px(ROW_GAP) + 2 * FRAME)
                if columns * cell_w + (columns - 1) * gap <= inner and total <= height:
                    found.append((rows, under, Grid(scale, columns, under, name_w, row_h, cell_w, total)))
        if found:
            return min(found, key=lambda f: (f[2].height, f[0]))[2]
    return None


def nearest_height(words: Words, sizes: Sizes, width: int) -> int:
    """The nearest section's least height (its thumbnails at 1×; or the line saying there are none)."""
    if not words.examples:
        return len(wrapped(texts.NO_EXAMPLES, sizes.small, width)) * line_h(sizes.small)
    found = grid(words, sizes, width, 10 ** 6, 1)
    return found.height if found is not None else 10 ** 6


def least_height(words: Words, sizes: Sizes, width: int) -> int:
    """The panel's height at the least: the longest verdict (at the small size) and the nearest at 1×."""
    return verdict_height(words, sizes.small, width) + sizes.px(GAP) + nearest_height(words, sizes, width)


@dataclass(frozen=True)
class Places:
    """Where the panel's parts go in its box (window pixels)."""
    verdict_size: int
    verdict_top: int
    sweep: Rect | None            # the sweep's map (None: no sweep, or no room for it)
    sweep_text: Rect | None       # its caption's box, beside the map
    heading_top: int | None       # the nearest section's first line (None: no room for it)
    cells: tuple[Rect, ...]       # the thumbnails, nearest first
    scale: int                    # their enlargement
    name_w: int                   # the names' column beside (or under) each
    under: bool = False           # the names under the thumbnails


@functools.lru_cache(maxsize=32)
def places(box: Rect, sizes: Sizes, words: Words, sweep_on: bool, most: int) -> Places:
    """Where the verdict (at the top, near the bars), the sweep (if ``sweep_on``) and the nearest (at the
    bottom) go in ``box``; the thumbnails and the sweep's map up to ``most``× 28 pixels; the verdict at the
    body's size when that leaves the rest its room, else at the small size."""
    px, width, bottom = sizes.px, box.w, box.y + box.h
    least = nearest_height(words, sizes, width)
    size = sizes.body
    if verdict_height(words, size, width) + px(GAP) + least > box.h:
        size = sizes.small
    y = box.y + verdict_height(words, size, width) + px(GAP)
    sweep = sweep_text = None
    if sweep_on:
        caption = texts.sweep_caption(max(words.names, key=lambda n: glyphs.text_width(n, 20)), probe.SWEEP_REACH)
        for room in (bottom - y - least - px(GAP), bottom - y):   # with the nearest under it, else alone
            for scale in range(max(1, (THUMB * most) // SWEEP_SIDE), 0, -1):
                side = SWEEP_SIDE * scale
                text_w = width - side - 2 * FRAME - px(12)
                if text_w < widest_word([caption], sizes.small):
                    continue
                text_h = len(wrapped(caption, sizes.small, text_w)) * line_h(sizes.small)
                if max(side + 2 * FRAME, text_h) <= room:
                    sweep = Rect(box.x + FRAME, y + FRAME, side, side)
                    sweep_text = Rect(box.x + side + 2 * FRAME + px(12), y, text_w, max(side + 2 * FRAME, text_h))
                    y += sweep_text.h + px(GAP)
                    break
            if sweep is not None:
                break
    if not words.examples:
        heading_top = y if bottom - y >= least else None   # right under the verdict (or the sweep)
        return Places(size, box.y, sweep, sweep_text, heading_top, (), 1, 0)
    found = grid(words, sizes, width, bottom - y, most)
    if found is None:
        return Places(size, box.y, sweep, sweep_text, None, (), 1, 0)
    side, heading_top = THUMB * found.scale, bottom - found.height
    top = heading_top + heading_height(sizes, width) + px(4) + FRAME
    cells = []
    for rank in range(min(K, words.examples)):
        row, column = divmod(rank, found.columns)
        left = box.x + FRAME + column * (found.cell_w + px(CELL_GAP) + 2 * FRAME)
        if found.under:
            left += (found.cell_w - side) // 2
        cells.append(Rect(left, top + row * (found.row_h + px(ROW_GAP) + 2 * FRAME)
                          + (0 if found.under else (found.row_h - side) // 2), side, side))
    return Places(size, box.y, sweep, sweep_text, heading_top, tuple(cells), found.scale, found.name_w, found.under)


def places_now(layout: Layout, sweep_on: bool) -> Places:
    return places(layout.why, layout.sizes, layout.words, sweep_on, max(1, layout.scale // 2))


def rank_at(layout: Layout, sweep_on: bool, px: float, py: float) -> int | None:
    """The rank (0: the nearest) of the thumbnail under (px, py), or None."""
    if not layout.why.contains(px, py):
        return None
    return next((rank for rank, cell in enumerate(places_now(layout, sweep_on).cells) if cell.contains(px, py)),
                None)


@dataclass(frozen=True)
class Shown:
    """What the panel shows now (its content: the window repaints it when this changes)."""
    verdict: Answer | None                  # None: not asked (training, or the examples being made ready)
    sweep: str                              # "" (none), "working", "stale", "failed" or "done"
    sweep_map: np.ndarray | None            # 13×13 float32 probabilities, when done
    sweep_class: str
    neighbours: Neighbours | None           # None: being made ready (or none carried)
    thumbnails: tuple[np.ndarray, ...]      # 28×28×3 uint8 each, as the drawing is shown (dark on light if so)
    names: tuple[str, ...]
    by_pixels: bool
    pointed: int | None                     # the thumbnail pointed at


def thumbnails(examples: np.ndarray, indices: np.ndarray, turned: bool) -> tuple[np.ndarray, ...]:
    """The training drawings ``indices`` as the drawing beside them is shown: 28×28×3 uint8 each (dark strokes
    on light if the drawing is, as the network's own white on black otherwise)."""
    chosen = examples[indices]
    chosen = 255 - chosen if turned else chosen
    return tuple(np.repeat(picture[..., None], 3, axis=2) for picture in chosen)


def sweep_colours(probabilities: np.ndarray) -> np.ndarray:
    """A sweep's map: probability 0 black, 1 white (13×13×3 uint8)."""
    grey = np.clip(np.rint(np.nan_to_num(probabilities) * 255), 0, 255).astype(np.uint8)
    return np.repeat(grey[..., None], 3, axis=2)


def draw_why(canvas: Canvas, layout: Layout, shown: Shown, has_examples: bool) -> None:
    """The panel (see the module's docstring) in layout.why."""
    sizes, small = layout.sizes, layout.sizes.small
    where = places_now(layout, shown.sweep != "")
    box = layout.why
    if shown.verdict is not None:
        colour = canvas.theme.text if shown.verdict.answered else canvas.theme.highlight
        y = where.verdict_top + round(glyphs.ASCENT * where.verdict_size)
        for line in wrapped(texts.verdict(shown.verdict), where.verdict_size, box.w):
            canvas.text(line, box.x, y, where.verdict_size, colour)
            y += line_h(where.verdict_size)
    if where.sweep is not None and where.sweep_text is not None:
        text = where.sweep_text
        if shown.sweep == "done" and shown.sweep_map is not None:
            colours = sweep_colours(shown.sweep_map)
            canvas.panel("sweep", where.sweep, lambda: colours, shown.sweep_map, where.sweep.w // SWEEP_SIDE)
            step = where.sweep.w // SWEEP_SIDE   # a shift's square
            centre = probe.SWEEP_REACH * step
            canvas.frame(Rect(where.sweep.x + centre, where.sweep.y + centre, step, step), canvas.theme.highlight, 2)
            lines = wrapped(texts.sweep_caption(shown.sweep_class, probe.SWEEP_REACH), small, text.w)
            left = text.x
        else:
            lines = wrapped({"working": texts.SWEEP_WORKING, "stale": texts.SWEEP_STALE}.get(shown.sweep, ""),
                            small, box.w) if shown.sweep in ("working", "stale") else []
            left = box.x
        y = text.y + round(glyphs.ASCENT * small)
        for line in lines:
            canvas.text(line, left, y, small, canvas.theme.text_dim)
            y += line_h(small)
    if where.heading_top is None:
        return
    y = where.heading_top + round(glyphs.ASCENT * small)
    if not has_examples:
        for line in wrapped(texts.NO_EXAMPLES, small, box.w):
            canvas.text(line, box.x, y, small, canvas.theme.text_dim)
            y += line_h(small)
        return
    if shown.neighbours is None:
        for line in wrapped(NEAREST_WAIT, small, box.w):
            canvas.text(line, box.x, y, small, canvas.theme.text_dim)
            y += line_h(small)
        return
    for line in wrapped(texts.nearest_heading(shown.by_pixels), small, box.w):   # the section's top
        canvas.text(line, box.x, y, small, canvas.theme.text_dim)
        y += line_h(small)
    for rank, (cell, picture, name) in enumerate(zip(where.cells, shown.thumbnails, shown.names)):
        canvas.panel(f"nearest {rank}", cell, functools.partial(np.asarray, picture), picture, where.scale)
        pointed = rank == shown.pointed
        if pointed:
            canvas.frame(Rect(cell.x - 4, cell.y - 4, cell.w + 7, cell.h + 7), canvas.theme.highlight, 2)
        lines = wrapped(name, small, where.name_w)
        colour = canvas.theme.highlight if pointed else canvas.theme.text
        if where.under:
            y = cell.y + cell.h + FRAME + round(glyphs.ASCENT * small)
            for line in lines:
                canvas.text(line, cell.x + cell.w / 2, y, small, colour, "center")
                y += line_h(small)
            continue
        y = cell.y + cell.h // 2 - (len(lines) * line_h(small)) // 2 + round(glyphs.ASCENT * small)
        for line in lines:
            canvas.text(line, cell.x + cell.w + sizes.px(GAP), y, small, colour)
            y += line_h(small)


def nearest_readout(neighbours: Neighbours, rank: int, classes, count: int) -> Worked:
    """The readout for the thumbnail ``rank`` pointed at: which training drawing it is, and how far."""
    index, label = int(neighbours.indices[rank]), int(neighbours.labels[rank])
    name = classes[label]
    by_pixels = neighbours.space == "pixels"
    how = ("the drawings' pixels, each 0\u20131, compared one by one" if by_pixels else
           "what the network makes of each: its last block's pooled maps, flattened, compared number by number")
    return Worked(f"the {ORDINALS[rank]} of the {count:,} drawings it learned from: "
                  f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name} (drawing {index + 1})",
                  ((f"Euclidean distance from your drawing, in {how}; n switches to "
                    f"{'its features' if by_pixels else 'pixels'}",),),
                  texts.nearest_distance(float(neighbours.distances[rank]), by_pixels))


# --------------------------------------------------------------------------
# What the network says, asked once per drawing and network while the scene is built
# --------------------------------------------------------------------------


def training_live(state: demo.SketchState) -> bool:
    """Whether a network is training now (its weights change at every step: nothing is asked of its examples)."""
    run = state.running.training
    return run is not None and not (run.done or run.error)


def asking(state: demo.SketchState) -> bool:
    """Whether the network's examples may be asked now (not training, not being made ready beside the window)."""
    return not training_live(state) and not warming.pending(state.running.current_model())


def verdict_now(canvas: Canvas, state: demo.SketchState, seen: Seen):
    """Network.judge of the drawing (judging.Answer), once per drawing and network; None while it cannot ask."""
    model = state.running.current_model()
    return canvas.derived("verdict", lambda drawn, _, ask: model.judge(drawn) if ask else None, seen.drawn,
                          model.weights, asking(state))


def neighbours_now(canvas: Canvas, state: demo.SketchState, seen: Seen):
    """The K training drawings nearest the drawing (Neighbours), by features or (n) pixels, once per drawing,
    network and choice; None while it cannot ask, or when the network carries none."""
    model = state.running.current_model()

    def nearest(drawn, _, by_pixels, ask):
        if not ask or not model.has_examples:
            return None
        return model.neighbours(drawn, K, "pixels" if by_pixels else "features")

    return canvas.derived("nearest", nearest, seen.drawn, model.weights, state.ui.nearest_by_pixels, asking(state))


def shown_now(canvas: Canvas, state: demo.SketchState, seen: Seen, neighbours, unit) -> Shown:
    """What the why panel shows now: the verdict, the sweep (if one was asked for), the nearest drawings."""
    model = state.running.current_model()
    sweep, kind, picture, name = state.running.sweep, "", None, ""
    if sweep is not None:
        best = int(np.nanargmax(seen.probabilities)) if np.isfinite(seen.probabilities).any() else 0
        name = model.classes[sweep.class_index] if sweep.class_index < len(model.classes) else ""
        if sweep.error:
            kind = "failed"
        elif sweep.probabilities is None:
            kind = "working"
        elif sweep.shows(seen.drawn, best):
            kind, picture = "done", sweep.probabilities
        else:
            kind = "stale"
    pictures: tuple[np.ndarray, ...] = ()
    names: tuple[str, ...] = ()
    if neighbours is not None:
        pictures = canvas.derived("nearest pictures", lambda found, turned: thumbnails(
            model.examples, found.indices, turned), neighbours, seen.turned)
        names = tuple(model.classes[int(label)] for label in neighbours.labels)
    pointed = unit.filter if unit is not None and unit.kind == "nearest" else None
    return Shown(verdict_now(canvas, state, seen), kind, picture, name, neighbours, pictures, names,
                     state.ui.nearest_by_pixels, pointed)
