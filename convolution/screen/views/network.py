"""The network view: the whole CNN on one screen, left to right, every number worked out where you point.

    drawing   block 1                    block 2                 what it thinks you drew
              kernel  ReLU map  pooled   ReLU map  pooled  …     name  score ▌▐   probability ███ 99%
              kernel  ReLU map  pooled   ReLU map  pooled  …     …
              …                                                  (training: progress bar, loss and accuracy)
    readout: the unit under the mouse worked out (a map's pixel, a pooled pixel, a score, a probability),
             or with y the evidence for a class, drawn over the drawing
    hint line

Everything follows as you draw. The network is network.py's (the shipped
assets/doodles.npz, another --model of any number of blocks, or one training
live with --train). Every readout's numbers come from
explain.py (beside network.py), which works them out from the forward pass.
Block 1's maps are shown in the lesson's units (sums over 0–255 pixels) so
that --values means here what it means in the other views; a later block's
maps on one scale for the block, from 0 to its largest value.

Its layout is network_layout.py's, what the network sees of a drawing network_seen.py's, and the readout
network_readout.py's; this module draws them and follows the mouse. Their names the tests and the rest of
the sketch use are importable from here too.
"""

from __future__ import annotations

import functools
import math
from dataclasses import replace

import numpy as np

import explain
import filters
from convolution.screen import geometry, glyphs, pixels, texts
from convolution.screen.canvas import Canvas, Part
from convolution.screen.geometry import MARGIN, PANEL_BAND, Rect, Sizes
from convolution.screen.views import common, idle
from convolution.screen.views import network_sums as sums
from convolution.screen.views import network_why as why
from convolution.screen.views.network_layout import (
    BAR_LABELS,
    CHART_H,
    MAX_SCALE,
    MAX_TILE,
    Card,
    Layout,
    block_labels,
    default_scale,
    layout_for,
    line_h,
    plan_for,
    smallest_tile,
    wrapped,
)
from convolution.screen.views.network_readout import (
    Worked,
    conv_readout,
    draw_readout,
    idle_readout,
    readout_fits,
    readout_for,
    readout_whole,
    signed,
)
from convolution.screen.views.network_seen import Seen, network_input, see
from convolution.screen.views.network_slide import SEPARATOR, training_chart_h
from convolution.state import demo, keys
from network import Network

NAME = "network"
SUMMARY = "a small CNN trained on Quick Draw doodles: every map, score and probability worked out where you point"

# Importable from here (the tests', the View protocol's names) though defined beside it:
__all__ = ["MAX_SCALE", "MAX_TILE", "NAME", "SUMMARY", "Card", "Layout", "Seen", "Sizes", "Worked",
           "bar_track", "conv_readout", "default_scale", "draw", "draw_pointing", "layout_for", "map_rect",
           "mouse_dragged", "mouse_moved", "mouse_pressed", "mouse_wheel", "network_input", "on_drawing", "outlines",
           "plan_for", "prepare", "readout_for", "see", "signed", "smallest_tile", "valid_unit"]


prepare = idle.prepare   # nothing to set up: the network comes with the state (demo.use_model)
summary_for = texts.network_summary   # what v says on arriving: the network and what it learned from


# --------------------------------------------------------------------------
# Hit-testing: which unit is under the mouse
# --------------------------------------------------------------------------

def unit_at(layout: Layout, px: float, py: float, rows: tuple[int, ...] | None = None,
            sweep_on: bool = False) -> explain.Unit | None:
    """The unit (a map's pixel, a pooled pixel, a class's score or probability, one of the nearest training
    drawings: "nearest", its rank as ``filter``) under (px, py), or None (``rows``: the class each of the bars'
    rows shows, bar_rows; None: row n is class n; ``sweep_on``: the why panel shows a sweep)."""
    rank = why.rank_at(layout, sweep_on, px, py)
    if rank is not None:
        return explain.Unit("nearest", 0, rank)
    for cards, scales in zip(layout.blocks, layout.scales):
        for card in cards:
            if card.relu is not None:
                found = geometry.pixel_under(card.relu, scales.relu, px, py)
                if found is not None:
                    return explain.Unit("conv", card.block, card.filter, *found)
            found = geometry.pixel_under(card.pooled, scales.pooled, px, py)
            if found is not None:
                return explain.Unit("pooled", card.block, card.filter, *found)
    box = layout.bars
    if box.contains(px, py):
        row = int((py - box.y) // layout.columns.row_h)
        kind = "probability" if px >= probability_track(layout, row).x - layout.sizes.px(8) else "score"
        return explain.Unit(kind, 0, rows[row] if rows is not None and row < len(rows) else row)
    return None


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------

def draw(canvas: Canvas, layout: Layout, state: demo.SketchState, message: str) -> None:
    common.begin_frame(canvas, layout.sizes)   # first: the message is measured at the layout's floor
    layout = slide_now(canvas, layout, (texts.network_input_caption(state),
                                        drawing_note(state, seen_now(canvas, state))), message)
    seen = seen_now(canvas, state)
    canvas.draw_parts(parts(canvas, layout, state, seen, message))
    draw_pointing(canvas, layout, state)


def slide_now(canvas: Canvas, layout: Layout, captions: tuple[str, str], message: str) -> Layout:
    """A slide's layout for what it shows now: its readout reaches down to the hint's line (a message on two
    lines takes its first off it) and up to the captions' last line (the layout keeps the longest note's)."""
    if not layout.slide:
        return layout
    box, small = layout.readout, layout.sizes.small
    if message and len(canvas.fit(message, layout.sizes.hint, layout.width - 2 * layout.sizes.px(MARGIN),
                                  lines=2)[1]) > 1:
        box = replace(box, h=box.h - layout.message_h)
    caption, note = captions
    spare = (layout.band_lines - len(wrapped(caption + (SEPARATOR + note if note else ""), small, layout.caption_w)))
    if spare > 0:
        up = spare * line_h(small)
        box = replace(box, y=box.y - up, h=box.h + up)
        layout = replace(layout, training=replace(layout.training, y=layout.training.y - up,
                                                  h=layout.training.h + up))
    return replace(layout, readout=box)


def drawing_note(state: demo.SketchState, seen: Seen) -> str:
    """Under the drawing, after its caption: the evidence's note while y shows it, else the camera's, else how
    the network sees the drawing."""
    classes = tuple(state.running.current_model().classes)
    return (texts.evidence_caption(classes[evidence_class(state, seen)]) if state.ui.show_evidence
            else texts.camera_drawing_note(state) or texts.network_input_note(seen.turned, seen.blank))


def seen_now(canvas: Canvas, state: demo.SketchState) -> Seen:
    """see() for the current drawing and network, worked out only when one of them changed."""
    model = state.running.current_model()
    # model.weights is a new object after every training step: the maps follow the network as it learns.
    return canvas.derived("seen", lambda image, _, mapping: see(model, image, mapping), state.image,
                          model.weights, state.mapping)


def evidence_class(state: demo.SketchState, seen: Seen) -> int:
    """The class whose evidence y shows: the one pointed at (its score or probability), else the likeliest."""
    unit = state.ui.pointed
    if unit is not None and unit.kind in ("score", "probability") and unit.filter < len(seen.probabilities):
        return unit.filter
    return int(np.nanargmax(seen.probabilities)) if np.isfinite(seen.probabilities).any() else 0


def pointed_class(state: demo.SketchState) -> int | None:
    unit = state.ui.pointed
    return unit.filter if unit is not None and unit.kind in ("score", "probability") else None


def parts(canvas: Canvas, layout: Layout, state: demo.SketchState, seen: Seen, message: str) -> list[Part]:
    sizes, px = layout.sizes, layout.sizes.px
    training = texts.training_lines(state)
    labels = block_labels(state) + (bars_label(layout),)
    top = min(y for _, y, _ in layout.labels) - sizes.small
    return [
        Part("header", (texts.network_title(state), texts.network_description(state, layout.named)),
             Rect(0, 0, layout.width, top),
             lambda title, line: draw_header(canvas, layout, title, line)),
        Part("labels", labels, Rect(layout.labels[0][0] - 4, top, layout.width - layout.labels[0][0],
                                    layout.labels[0][1] + px(6) - top),
             lambda *labels: draw_labels(canvas, layout, labels)),
        Part("training", training, Rect(layout.training.x - 8, layout.training.y, layout.training.w + 16,
                                        layout.training.h),
             lambda *lines: draw_training(canvas, layout, state, lines)),
        Part("hint", (message, keys.hint_line(NAME, state)),
             Rect(0, layout.readout.y + layout.readout.h, layout.width,
                  layout.height - layout.readout.y - layout.readout.h),
             lambda text, hint: common.draw_hint(canvas, layout.width, layout.hint_y, text, hint, sizes)),
    ] + pointing_parts(canvas, layout, state, seen)


def bars_label(layout: Layout) -> str:
    """Over the bars: the longest of BAR_LABELS that fits them."""
    width = layout.labels[-1][2]
    return next((label for label in BAR_LABELS if glyphs.text_width(label, layout.sizes.small) <= width),
                BAR_LABELS[-1])


def draw_header(canvas: Canvas, layout: Layout, title: str, description: str) -> None:
    """The title at its own size and the description under it, each on the lines the layout made room for."""
    sizes, x = layout.sizes, layout.sizes.px(MARGIN)
    room, size = layout.width - 2 * x, layout.title_size or layout.sizes.title
    for number, line in enumerate(wrapped(title, size, room)[:layout.header[0]]):
        canvas.text(line, x, layout.title_y + number * line_h(size), size, canvas.theme.text)
    for number, line in enumerate(wrapped(description, sizes.body, room)[:layout.header[1]]):
        canvas.text(line, x, layout.subtitle_y + number * line_h(sizes.body), sizes.body, canvas.theme.text_dim)


def pointing_parts(canvas: Canvas, layout: Layout, state: demo.SketchState, seen: Seen) -> list[Part]:
    """The parts that change with the unit pointed at: the bars (its class marked) and the drawing's
    note (whose evidence is shown)."""
    model = state.running.current_model()
    classes = tuple(model.classes)
    shown = canvas.derived("bar figures", lambda maps, probabilities: bar_figures(model, maps, probabilities),
                           seen.maps, seen.probabilities)
    note = drawing_note(state, seen)
    verdict = why.verdict_now(canvas, state, seen)
    sure = verdict is None or verdict.answered
    return [
        Part("captions", (texts.network_input_caption(state), note), captions_box(layout),
             lambda caption, note: draw_captions(canvas, layout, caption, note)),
        Part("bars", (classes, shown, pointed_class(state), sure),
             Rect(layout.bars.x - 8, layout.bars.y - PANEL_BAND, layout.bars.w + 16,
                  layout.bars.h + 2 * PANEL_BAND + (line_h(layout.sizes.small) if layout.classes_shown else 0)),
             lambda classes, shown, pointed, sure: draw_bars(canvas, layout, classes, shown, pointed, sure)),
    ]


def captions_box(layout: Layout) -> Rect:
    """Where the drawing's captions go: under it, left of the maps; or (a slide) across under the body."""
    if layout.caption_x >= 0:
        top = layout.caption_y - round(glyphs.ASCENT * layout.sizes.small)
        return Rect(0, top, layout.width, layout.readout.y - top)
    below = layout.source.y + layout.source.h + PANEL_BAND
    return Rect(0, below, layout.labels[0][0] - layout.sizes.px(8), layout.readout.y - below)


def bar_figures(model: Network, maps, probabilities) -> tuple[tuple[float, ...], tuple[float, ...],
                                                                tuple[str, ...], tuple[str, ...]]:
    """The bars' lengths and numbers: (probabilities, scores, the scores as shown, the percentages as shown),
    the scores as their readouts add them up, the percentages whole and adding up to 100% (network_sums)."""
    scores = sums.scores_shown(model, maps)
    percents = sums.whole_percents(probabilities)
    return (tuple(float(p) for p in probabilities), tuple(float(s) for s in maps.scores),
            tuple(sums.shown(s, 2) if s is not None else "\u2013" for s in scores),
            tuple(f"{p}%" for p in percents) if percents is not None else ("?",) * len(scores))


def draw_labels(canvas: Canvas, layout: Layout, labels) -> None:
    """Each block's label, its short form ("block 2") where the whole does not fit."""
    for (x, y, w), label in zip(layout.labels, labels):
        if canvas.width_of(label, layout.sizes.small) > w:
            label = label.split(":")[0]
        canvas.text(label, x, y, layout.sizes.small, canvas.theme.text_dim)


def draw_captions(canvas: Canvas, layout: Layout, caption: str, note: str) -> None:
    """Under the drawing: its caption, and its note, on the lines the layout made room for (a full screen's
    slide: as one paragraph under the whole body, network_slide.py)."""
    sizes, x, room = layout.sizes, layout.source.x, layout.caption_w
    if layout.caption_x >= 0:
        y = layout.caption_y
        for line in wrapped(caption + (SEPARATOR + note if note else ""), sizes.small, room):
            canvas.text(line, layout.caption_x, y, sizes.small, canvas.theme.text_dim)
            y += line_h(sizes.small)
        return
    x = min(x, layout.labels[0][0] - layout.sizes.px(24) - room)
    y = layout.caption_y
    for line in wrapped(caption, sizes.small, room):
        canvas.text(line, x, y, sizes.small, canvas.theme.text_dim)
        y += line_h(sizes.small)
    for line in wrapped(note, sizes.note, room) if note else []:
        canvas.text(line, x, y, sizes.note, canvas.theme.text_dim)
        y += line_h(sizes.note)


def score_track(layout: Layout, row: int) -> Rect:
    box, columns, px = layout.bars, layout.columns, layout.sizes.px
    return Rect(box.x + columns.score_x, box.y + row * columns.row_h + px(6), columns.score_w,
                columns.row_h - px(12))


def probability_track(layout: Layout, row: int) -> Rect:
    """Where class ``row``'s probability bar goes: its whole length is a probability of 1."""
    box, columns, px = layout.bars, layout.columns, layout.sizes.px
    return Rect(box.x + columns.prob_x, box.y + row * columns.row_h + px(6), columns.prob_w, columns.row_h - px(12))


bar_track = probability_track


def bar_rows(layout: Layout, probabilities) -> tuple[int, ...]:
    """The classes the bars' rows show, top to bottom: every class in order; or, where the layout folds
    classes away (layout.classes_shown), the likeliest, likeliest first."""
    count = len(probabilities)
    if not layout.classes_shown or layout.classes_shown >= count:
        return tuple(range(count))
    order = np.argsort(-np.nan_to_num(np.asarray(probabilities, float), nan=-1.0), kind="stable")
    return tuple(int(c) for c in order[:layout.classes_shown])


_ROWS: dict[str, tuple[object, tuple[int, ...]]] = {}


def rows_now(layout: Layout, state: demo.SketchState) -> tuple[int, ...]:
    """bar_rows for the state's drawing and network, for the mouse (the forward pass kept for the next move)."""
    model = state.running.current_model()
    if not layout.classes_shown:
        return tuple(range(len(model.classes)))
    key = (id(model.weights), state.image.shape, state.image.tobytes(), layout.classes_shown)
    if _ROWS.get("last", (None, ()))[0] != key:
        _ROWS["last"] = (key, bar_rows(layout, model.feature_maps(network_input(state.image)[0]).probabilities))
    return _ROWS["last"][1]


def draw_bars(canvas: Canvas, layout: Layout, classes, shown, pointed, sure: bool = True) -> None:
    """Each class: its name, its score as a bar from the middle (right positive, left negative, all on
    the largest score's scale) with its number, and its probability as a bar with its percentage; classes
    the layout folds away said under them in a line. The likeliest in the highlight's colour, as the answer,
    only if the network is ``sure`` (else the why panel says "not sure" and why)."""
    probabilities, scores, score_texts, percent_texts = shown
    box, sizes, px, columns = layout.bars, layout.sizes, layout.sizes.px, layout.columns
    finite = [abs(s) for s in scores if math.isfinite(s)]
    largest = max(finite, default=0.0) or 1.0
    best = int(np.nanargmax(probabilities)) if sure and any(math.isfinite(p) for p in probabilities) else -1
    rows = bar_rows(layout, probabilities)
    if len(rows) < len(classes):
        canvas.text(texts.folded_classes_note(len(classes) - len(rows)), box.x,
                    box.y + box.h + round(glyphs.ASCENT * sizes.small) + px(2), sizes.small, canvas.theme.text_dim)
    for row, cls in enumerate(rows):
        name, share, score = classes[cls], probabilities[cls], scores[cls]
        colour = canvas.theme.highlight if cls in (best, pointed) else canvas.theme.text
        track = score_track(layout, row)
        middle_y = box.y + row * columns.row_h + columns.row_h // 2
        baseline = middle_y + round(0.38 * sizes.small)
        names = wrapped(name, sizes.body, columns.name_w)
        first = middle_y - (len(names) - 1) * line_h(sizes.body) // 2 + round(0.38 * sizes.body)
        for number, part in enumerate(names):
            canvas.text(part, box.x, first + number * line_h(sizes.body), sizes.body, colour)
        if track.w:   # the score's bar (a slide too narrow for it shows its number only)
            canvas.rect(track, canvas.theme.panel_background)
            middle = track.x + track.w // 2
            if math.isfinite(score) and score != 0:
                length = max(1, int(round(track.w / 2 * abs(score) / largest)))
                canvas.rect(Rect(middle if score > 0 else middle - length, track.y, length, track.h), colour)
            canvas.rect(Rect(middle, track.y - px(3), 1, track.h + 2 * px(3)), canvas.theme.text_dim)
        canvas.text(score_texts[cls], track.x + track.w + columns.value_w, baseline, sizes.small, colour, "right")
        track = probability_track(layout, row)
        canvas.rect(track, canvas.theme.panel_background)   # the track shows, however short the bar
        length = int(round(track.w * share)) if math.isfinite(share) else 0
        if length > 0:   # as long as the probability says: none at all for one that rounds to 0 px
            canvas.rect(Rect(track.x, track.y, min(length, track.w), track.h), colour)
        canvas.text(percent_texts[cls], box.x + box.w, baseline, sizes.small, colour, "right")
        if cls == pointed:
            canvas.frame(Rect(box.x - 4, track.y - px(4), box.w + 8, track.h + px(8)), canvas.theme.highlight, 2)


def draw_training(canvas: Canvas, layout: Layout, state: demo.SketchState, lines) -> None:
    """Live training: its progress, and the loss and accuracy after each part of an epoch so far."""
    run = state.running.training
    if run is None:
        return
    box = layout.training
    sizes, px = layout.sizes, layout.sizes.px
    y = box.y
    for line in wrapped(lines[0], sizes.small, box.w):
        canvas.text(line, box.x, y + round(0.76 * sizes.small), sizes.small, canvas.theme.text)
        y += line_h(sizes.small)
    bar = Rect(box.x, y + px(4), box.w, px(10))
    canvas.rect(bar, canvas.theme.panel_background)
    canvas.rect(Rect(bar.x, bar.y, max(1, int(bar.w * run.progress)), bar.h), canvas.theme.highlight)
    chart = Rect(box.x, bar.y + bar.h + px(10), box.w, chart_height(layout, lines))
    curves = [(run.accuracies, 1.0, canvas.theme.accuracy_curve), (run.losses, None, canvas.theme.loss_curve)]
    canvas.picture("chart", chart, lambda: pixels.chart(chart.w, chart.h, curves, canvas.theme.chart_background), lines)
    y = chart.y + chart.h + px(6)
    for line in wrapped(lines[1], sizes.note, box.w):
        canvas.text(line, box.x, y + round(0.76 * sizes.note), sizes.note, canvas.theme.text_dim)
        y += line_h(sizes.note)


def chart_height(layout: Layout, lines) -> int:
    """The curves' height: CHART_H's, or in a slide (its panel beside the readout) what its lines leave."""
    if layout.caption_x < 0:
        return layout.sizes.px(CHART_H)
    return training_chart_h(layout, lines)


def draw_pointing(canvas: Canvas, layout: Layout, state: demo.SketchState) -> None:
    """The drawing (with the evidence over it, if on), every block's maps, the outlines of the unit
    pointed at and where its numbers come from, and its readout."""
    canvas.use_sizes(layout.sizes)
    if state.ui.show_help:
        return
    seen = seen_now(canvas, state)
    model = state.running.current_model()
    unit = valid_unit(state.ui.pointed, model)
    if state.ui.show_evidence:
        cls = evidence_class(state, seen)
        shown = canvas.derived("evidence", lambda s, image, c: evidence_colours(model, s, image, c), seen,
                               state.image, cls)
        canvas.panel("source", layout.source, lambda: shown, shown, layout.scale)
    else:
        canvas.panel("source", layout.source, lambda: pixels.source_colours(state.image), state.image, layout.scale)
    for number, cards in enumerate(layout.blocks):
        box = blocks_box(cards)
        picture = functools.partial(block_picture, layout, cards, number, seen, box, canvas.theme)
        canvas.panel(f"block {number}", box, picture, seen, 1, framed=False)
    canvas.outlines(outlines(layout, model, state.image, seen, unit))
    neighbours = why.neighbours_now(canvas, state, seen)
    if unit is not None and unit.kind == "nearest":
        worked = (why.nearest_readout(neighbours, unit.filter, model.classes, len(model.examples))
                  if neighbours is not None and unit.filter < len(neighbours.indices) else idle_readout(model))
    else:
        worked = readout_for(model, seen, unit, state.ui.show_evidence, evidence_class(state, seen), layout.relu_shown)
    training = why.training_live(state)   # the training's panel takes the why panel's place while it trains
    if unit is None and not state.ui.show_evidence and not readout_fits(canvas, layout, worked):
        worked = replace(worked, title="")   # the legend beside the why panel: without its line on how to point
    if not training and (not readout_fits(canvas, layout, worked)
                         or (unit is not None and not readout_whole(canvas, layout, worked))):
        # The readout too long for its box beside the why panel (a unit's sum would lose terms): the whole
        # width, the panel put away until the mouse points elsewhere.
        draw_readout(canvas, replace(layout, readout=replace(layout.readout, w=layout.why.x + layout.why.w
                                                             - layout.readout.x)), worked)
        return
    if training and not layout.slide:   # a window's training panel is under the bars: the readout's width is its own
        layout = replace(layout, readout=replace(layout.readout, w=layout.width - 2 * layout.readout.x))
    draw_readout(canvas, layout, worked)
    if not training:
        why.draw_why(canvas, layout, why.shown_now(canvas, state, seen, neighbours, unit), model.has_examples)


def valid_unit(unit: explain.Unit | None, model: Network) -> explain.Unit | None:
    """``unit``, if this network has it (a network trained live, or a new file, may have fewer)."""
    if unit is None:
        return None
    if unit.kind == "nearest":
        return unit if unit.filter < min(why.K, len(model.examples)) else None
    if unit.kind in ("score", "probability"):
        return unit if unit.filter < len(model.classes) else None
    if unit.block >= len(model.blocks) or unit.filter >= model.blocks[unit.block].filter_count:
        return None
    conv, pooled = model.map_sides[unit.block]
    side = conv if unit.kind == "conv" else pooled
    return unit if unit.y < side and unit.x < side else None


def evidence_colours(model: Network, seen: Seen, image: np.ndarray, cls: int) -> np.ndarray:
    """The drawing with class ``cls``'s evidence over it: blue where it adds to the score, orange where
    it takes from it, stronger for more; the drawing's own size, H×W×3 uint8."""
    found = explain.evidence(model, seen.maps, cls)
    heat = found.heat
    largest = float(np.abs(heat).max())
    tints = filters.diverging_colours(heat / largest if largest > 0 else heat).astype(np.float32)
    alpha = (0.2 + 0.7 * np.abs(heat / largest))[..., None] if largest > 0 else np.zeros(heat.shape + (1,))
    base = pixels.source_colours(image).astype(np.float32)
    h, w = base.shape[:2]
    rows, cols = (np.arange(h) * 28) // h, (np.arange(w) * 28) // w
    over = tints[rows][:, cols] * alpha[rows][:, cols] + base * (1 - alpha[rows][:, cols])
    return np.clip(np.rint(over), 0, 255).astype(np.uint8)


def blocks_box(cards: tuple[Card, ...]) -> Rect:
    """The window area of a block's cards, frames included: one picture, one copy to the window."""
    rects = [rect for card in cards for rect in (card.kernel, card.relu, card.pooled) if rect is not None]
    reach = pixels.FRAME_REACH
    left, top = min(r.x for r in rects) - reach, min(r.y for r in rects) - reach
    right, bottom = max(r.x + r.w for r in rects) + reach, max(r.y + r.h for r in rects) + reach
    return Rect(left, top, right - left, bottom - top)


@functools.lru_cache(maxsize=8)
def block_background(cards: tuple[Card, ...], box: Rect, theme: pixels.Theme) -> np.ndarray:
    """A block's frames on the background, made once per layout and theme."""
    rects = [rect for card in cards for rect in (card.kernel, card.relu, card.pooled) if rect is not None]
    return pixels.framed_background(box.w, box.h, [(r.x - box.x, r.y - box.y, r.w, r.h) for r in rects], theme)


def block_picture(layout: Layout, cards: tuple[Card, ...], number: int, seen: Seen, box: Rect,
                  theme: pixels.Theme) -> np.ndarray:
    """Every card of block ``number``, composed into one picture for ``box``: box.h×box.w uint32 ARGB words."""
    scales, pieces = layout.scales[number], []
    for card in cards:
        if card.kernel is not None:
            pieces.append((card.kernel.x - box.x, card.kernel.y - box.y, seen.kernels[card.filter], scales.kernel))
        if card.relu is not None:
            pieces.append((card.relu.x - box.x, card.relu.y - box.y, seen.relu[number][card.filter], scales.relu))
        pieces.append((card.pooled.x - box.x, card.pooled.y - box.y, seen.pooled[number][card.filter], scales.pooled))
    return pixels.compose(block_background(cards, box, theme), pieces)


# --------------------------------------------------------------------------
# Outlines: where a unit's numbers come from, back to the drawing's pixels
# --------------------------------------------------------------------------

def on_drawing(layout: Layout, field: tuple[int, int, int, int]) -> Rect:
    """Drawing pixels (top, left, height, width) of the network's 28×28 as a window rectangle on the
    drawing (a photo is shown at its own size: the network sees it at 28×28)."""
    top, left, height, width = field
    fx, fy = layout.source.w / 28, layout.source.h / 28
    return Rect(layout.source.x + round(left * fx), layout.source.y + round(top * fy), round(width * fx),
                round(height * fy))


def map_rect(rect: Rect, scale: int, y: int, x: int, rows: int = 1, cols: int = 1) -> Rect:
    return Rect(rect.x + x * scale, rect.y + y * scale, cols * scale, rows * scale)


def outlines(layout: Layout, model: Network, image: np.ndarray, seen: Seen,
             unit: explain.Unit | None) -> list[tuple[str, Rect, Rect]]:
    """(panel, panel rect, rectangle) of every outline for ``unit``."""
    if unit is None:
        return []
    marks = []

    def mark(block: int, rect: Rect) -> None:
        marks.append((f"block {block}", blocks_box(layout.blocks[block]), rect))

    if unit.kind in ("conv", "pooled"):
        card, scales = layout.blocks[unit.block][unit.filter], layout.scales[unit.block]
        field = explain.receptive_field(model, unit)
        if unit.kind == "conv":
            if card.relu is not None:
                mark(unit.block, map_rect(card.relu, scales.relu, unit.y, unit.x))
            k = model.blocks[unit.block].kernel_size
            if unit.block > 0:   # its window in each of the maps coming in
                below = layout.scales[unit.block - 1].pooled
                for other in layout.blocks[unit.block - 1]:
                    mark(unit.block - 1, map_rect(other.pooled, below, unit.y, unit.x, k, k))
        else:
            mark(unit.block, map_rect(card.pooled, scales.pooled, unit.y, unit.x))
            if card.relu is not None:
                mark(unit.block, map_rect(card.relu, scales.relu, 2 * unit.y, 2 * unit.x, 2, 2))
            elif unit.block > 0:   # folded away: the winner's window in each map coming in, as its readout says
                dy, dx = explain.pool_unit(seen.maps, unit.block, unit.filter, unit.y, unit.x).winner
                k, below = model.blocks[unit.block].kernel_size, layout.scales[unit.block - 1].pooled
                for other in layout.blocks[unit.block - 1]:
                    mark(unit.block - 1, map_rect(other.pooled, below, 2 * unit.y + dy, 2 * unit.x + dx, k, k))
        marks.append(("source", layout.source, on_drawing(layout, field)))
    elif unit.kind == "score":
        last = len(layout.blocks) - 1
        for part in explain.score_unit(model, seen.maps, unit.filter).largest:
            f, y, x = part.place
            mark(last, map_rect(layout.blocks[last][f].pooled, layout.scales[last].pooled, y, x))
    return marks


# --------------------------------------------------------------------------
# The mouse: pointing at units, drawing on the input
# --------------------------------------------------------------------------

def mouse_moved(state: demo.SketchState, layout: Layout, px: float, py: float) -> bool:
    """Follow the mouse; returns whether the unit it points at changed (the readout must follow)."""
    unit = unit_at(layout, px, py, rows_now(layout, state) if layout.bars.contains(px, py) else None,
                   state.running.sweep is not None)
    if unit == state.ui.pointed:
        return False
    state.ui.pointed = unit
    return True


def mouse_pressed(state: demo.SketchState, layout: Layout, px: float, py: float, left_button: bool) -> None:
    if layout.source.contains(px, py) and left_button:
        common.put_pen_down(state, layout, px, py)


mouse_dragged = common.drag_pen   # draw on with the pen, if it is down
mouse_wheel = idle.mouse_wheel    # the wheel changes nothing here
