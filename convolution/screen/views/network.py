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
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

import explain
import filters
from convolution.screen import geometry, pixels, texts
from convolution.screen.canvas import MONO, Canvas, Part
from convolution.screen.geometry import MARGIN, PANEL_BAND, Rect, Sizes
from convolution.screen.views import common
from convolution.state import demo, keys, teach
from network import POOL

NAME = "network"
SUMMARY = "a small CNN trained on Quick Draw doodles: every map, score and probability worked out where you point"

HEADER = 80
INPUT_SCALE = 10            # the 28×28 drawing at the lesson's 10×
INPUT_SIDE = 280            # a larger image is shown smaller (the network sees it at 28×28 anyway)
INPUT_W = 210               # the drawing's column is at least this wide: its captions on a line or two
LABEL = 30                  # a block's label over its maps
TILE_GAP = 10               # between a filter's pictures, and between its row and the next
CARD_GAP = 14               # between two columns of one block's filters
GAP = 30                    # between the drawing, the blocks and the bars
MAX_TILE = 160              # a map's picture is at most this wide (design pixels)
NAME_W = 110                # the class names' column
SCORE_W = 64                # a score's bar (signed, from its middle) …
VALUE_W = 70                # … and its number
PROB_W = 80                 # a probability's bar …
PERCENT_W = 64              # … and its percentage
BAR_H = 32
CHART_H = 90
READOUT_LINE = 26           # a line of the readout
READOUT_LINES = 8           # its title (two lines), five lines, its result
HINT = 40
MAX_SCALE = 20              # the largest scale of the drawing a full screen tries
WANTED_SCALE_PER = 100      # a window h pixels high wants the drawing at h / 100 × (10× on 1080 lines) …
WANTED_TILE_PER = 24        # … and each map h / 24 pixels wide (45 on 1080 lines)


@dataclass(frozen=True)
class Card:
    """One filter of a block: its kernel (block 1 only), its map after ReLU (unless folded away for
    room) and its pooled map."""
    block: int
    filter: int
    kernel: Rect | None
    relu: Rect | None
    pooled: Rect


@dataclass(frozen=True)
class Scales:
    """Each pixel of a block's pictures is this many window pixels wide."""
    kernel: int
    relu: int
    pooled: int


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    scale: int                 # the input drawing's scale
    source: Rect
    blocks: tuple[tuple[Card, ...], ...]     # each block's cards, in order
    scales: tuple[Scales, ...]
    labels: tuple[tuple[int, int, int], ...]  # each block's label: (x, baseline, width)
    bars: Rect                 # the scores and probabilities, one row per class
    training: Rect             # the progress bar and curves, under the bars (used while training)
    title_y: int
    subtitle_y: int
    caption_y: int
    readout: Rect
    hint_y: int
    sizes: Sizes = Sizes()
    fits: bool = True
    relu_shown: bool = True    # False: only the pooled maps (the ReLU maps' pixels are in the pooled readouts)

    @property
    def cards(self) -> tuple[Card, ...]:
        """Block 1's cards."""
        return self.blocks[0]

    @property
    def filter_scale(self) -> int:
        return self.scales[0].kernel

    @property
    def map_scale(self) -> int:
        """Block 1's pooled maps' scale."""
        return self.scales[0].pooled


def prepare(state: demo.Demo) -> None:
    """Nothing to set up: the network comes with the state (demo.use_model)."""


def default_scale(state: demo.Demo) -> int:
    """The drawing's scale: the lesson's 10×, less for a big image (the network sees 28×28 anyway)."""
    height, width = state.image.shape[:2]
    return max(1, min(INPUT_SCALE, INPUT_SIDE // max(width, height)))


@dataclass(frozen=True)
class Plan:
    """The choices a layout makes before it places anything."""
    filters: tuple[int, ...]       # each block's filters
    sides: tuple[tuple[int, int], ...]   # each block's ReLU and pooled maps' sides
    kernel: int                    # block 1's kernel size
    classes: int
    training: bool
    rows: int                      # filters a column of a block holds
    relu: bool                     # the ReLU maps shown beside the pooled ones


def tile_scales(plan: Plan, tile: int) -> tuple[Scales, ...]:
    """Each block's pictures' scales for maps ``tile`` pixels wide (each map as large as fits its tile)."""
    # With the ReLU maps shown, each pooled map covers the same square as its ReLU map.
    return tuple(Scales(max(1, tile // plan.kernel), max(1, tile // relu),
                        POOL * max(1, tile // relu) if plan.relu else max(1, tile // pooled))
                 for relu, pooled in plan.sides)


def picture_side(plan: Plan, tile: int) -> int:
    """The smallest of the maps' pictures in tiles ``tile`` wide (what a class sees of them)."""
    return min(min(relu * scales.relu, pooled * scales.pooled) if plan.relu else pooled * scales.pooled
               for (relu, pooled), scales in zip(plan.sides, tile_scales(plan, tile)))


def card_width(plan: Plan, block: int, tile: int, sizes: Sizes) -> int:
    pictures = (1 if block == 0 else 0) + (1 if plan.relu else 0) + 1
    return pictures * tile + (pictures - 1) * sizes.px(TILE_GAP)


def block_size(plan: Plan, block: int, tile: int, sizes: Sizes) -> tuple[int, int]:
    """(width, height) of block ``block``'s cards: ``plan.rows`` to a column."""
    count = plan.filters[block]
    columns, rows = -(-count // plan.rows), min(count, plan.rows)
    width = columns * card_width(plan, block, tile, sizes) + (columns - 1) * sizes.px(CARD_GAP)
    return width, rows * (tile + sizes.px(TILE_GAP)) - sizes.px(TILE_GAP)


def panel_size(plan: Plan, sizes: Sizes) -> tuple[int, int, int]:
    """(width, bars' height, training panel's height)."""
    px = sizes.px
    return (px(NAME_W + SCORE_W + VALUE_W + PROB_W + PERCENT_W) + 2 * px(8), plan.classes * px(BAR_H),
            px(CHART_H + 104) if plan.training else 0)


def readout_height(sizes: Sizes) -> int:
    return sizes.px(READOUT_LINE) * READOUT_LINES + sizes.px(8)


def input_width(image_w: int, scale: int, sizes: Sizes) -> int:
    return max(image_w * scale, sizes.px(INPUT_W))


def needs(image_w: int, image_h: int, plan: Plan, scale: int, tile: int, sizes: Sizes) -> tuple[int, int]:
    """The (width, height) a window needs for this plan, the drawing at ``scale``, maps ``tile`` wide."""
    fixed_w, tiles_across, rows, fixed_h, panel_h, input_w, under_input = measures(plan, sizes)
    width = fixed_w + tiles_across * tile + max(image_w * scale, input_w)
    body = max(image_h * scale + under_input, rows * (tile + sizes.px(TILE_GAP)) - sizes.px(TILE_GAP), panel_h)
    return width, fixed_h + body


@functools.lru_cache(maxsize=256)
def measures(plan: Plan, sizes: Sizes) -> tuple[int, ...]:
    """What ``needs`` adds up, worked out once per plan and sizes (a layout tries many scales of each):
    (width but the maps and the drawing, maps across, rows of maps, height but the body, the bars and
    training panel's height, the drawing column's least width, the room under the drawing)."""
    px = sizes.px
    bars_w, bars_h, training_h = panel_size(plan, sizes)
    fixed_w, across = 2 * px(MARGIN) + px(GAP) + bars_w, 0
    for block, count in enumerate(plan.filters):
        pictures = (1 if block == 0 else 0) + (1 if plan.relu else 0) + 1
        columns = -(-count // plan.rows)
        fixed_w += px(GAP) + (columns - 1) * px(CARD_GAP) + columns * (pictures - 1) * px(TILE_GAP)
        across += columns * pictures
    rows = min(max(plan.filters), plan.rows)
    fixed_h = px(MARGIN + HEADER + LABEL) + px(16) + readout_height(sizes) + px(HINT)
    panel_h = bars_h + (px(40) + training_h if training_h else 0)
    return fixed_w, across, rows, fixed_h, panel_h, px(INPUT_W), px(common.CAPTIONS_BELOW)


def plan_for(state: demo.Demo, rows: int, relu: bool) -> Plan:
    model = state.running.model
    return Plan(tuple(block.filter_count for block in model.blocks), tuple(model.map_sides),
                model.blocks[0].kernel_size, len(model.classes), state.running.training is not None,
                min(rows, max(block.filter_count for block in model.blocks)), relu)


def layout_for(state: demo.Demo, window: tuple[int, int] | None = None, scale: int | None = None,
               fullscreen: bool = False) -> Layout:
    """The layout for the state's network (its blocks, filters and classes): in ``window`` (width,
    height), the drawing as large as a class needs, the maps as large as then fit; or (no window) in a
    window of its own at the drawing's ``scale``."""
    image_h, image_w = state.image.shape[:2]
    if window is None:
        sizes = Sizes()
        plan = plan_for(state, 8, True)
        return arranged(image_w, image_h, plan, scale or default_scale(state), smallest_tile(plan) * 2, sizes)
    width, height = window
    candidates = []   # (scale, tile, plan, sizes), in the order a class would want them
    wanted_scale, wanted_tile = max(1, height // WANTED_SCALE_PER), height // WANTED_TILE_PER
    for sizes in Sizes.for_window(height).smaller_choices():
        if any(c[0] >= wanted_scale and c[1] >= wanted_tile for c in candidates):
            break   # smaller text is tried only when larger text leaves the pictures too small
        for relu in (True, False):
            for rows in (8, 6, 4, 16):
                plan = plan_for(state, rows, relu)
                least = smallest_tile(plan)

                most = min(scale or MAX_SCALE, MAX_SCALE)
                drawing = largest_scale(image_w, image_h, plan, sizes, window, least, most)
                wanted = min(drawing, max(1, height // WANTED_SCALE_PER))
                tile = largest_tile(image_w, image_h, plan, sizes, window, max(1, wanted), least)
                candidates.append((wanted if drawing >= 1 else 0, picture_side(plan, tile) if tile >= least else 0,
                                   plan, sizes, tile))
    enough_scale = min(max(c[0] for c in candidates), wanted_scale)
    large = [c for c in candidates if c[0] >= enough_scale]
    enough_tile = min(max(c[1] for c in large), wanted_tile)
    first = next(c for c in large if c[1] >= enough_tile)
    # Those text sizes, with or without the ReLU maps as the first: the maps then as large as any rows allow.
    drawing, _, plan, sizes, tile = max((c for c in large if c[3] == first[3] and c[2].relu == first[2].relu),
                                        key=lambda c: c[1])
    return arranged(image_w, image_h, plan, max(1, drawing), max(tile, smallest_tile(plan)), sizes, window,
                    fits=drawing >= 1 and tile >= 1)


def largest_scale(image_w: int, image_h: int, plan: Plan, sizes: Sizes, window: tuple[int, int], tile: int,
                  most: int) -> int:
    """The largest drawing scale, at most ``most``, at which ``needs`` fits ``window`` with maps ``tile``
    wide (0: none). Worked out from the sums ``needs`` adds up (``measures``), not by trying scales."""
    fixed_w, across, rows, fixed_h, panel_h, input_w, under = measures(plan, sizes)
    width, height = window
    gap = sizes.px(TILE_GAP)
    room_w, room_h = width - fixed_w - across * tile, height - fixed_h
    if room_w < input_w or room_h < max(rows * (tile + gap) - gap, panel_h):
        return 0
    return max(0, min(most, room_w // image_w, (room_h - under) // image_h))


def largest_tile(image_w: int, image_h: int, plan: Plan, sizes: Sizes, window: tuple[int, int], scale: int,
                 least: int) -> int:
    """The widest maps, from ``least`` to MAX_TILE, that fit ``window`` with the drawing at ``scale``
    (least − 1: none), worked out as largest_scale is."""
    fixed_w, across, rows, fixed_h, panel_h, input_w, under = measures(plan, sizes)
    width, height = window
    gap = sizes.px(TILE_GAP)
    room_w, room_h = width - fixed_w - max(image_w * scale, input_w), height - fixed_h
    if room_h < max(image_h * scale + under, panel_h):
        return least - 1
    tile = min(sizes.px(MAX_TILE), room_w // across, (room_h + gap) // rows - gap)
    return tile if tile >= least else least - 1


def smallest_tile(plan: Plan) -> int:
    """The least width of a map's picture: one window pixel for each pixel of the largest map."""
    return max(max(relu if plan.relu else pooled for relu, pooled in plan.sides), plan.kernel)


def arranged(image_w: int, image_h: int, plan: Plan, scale: int, tile: int, sizes: Sizes,
             window: tuple[int, int] | None = None, fits: bool = True) -> Layout:
    """The drawing on the left, each block's cards beside it in order, the bars on the right, the readout
    and the hint under everything; centred in ``window`` if it is larger than needed."""
    px = sizes.px
    natural_w, natural_h = needs(image_w, image_h, plan, scale, tile, sizes)
    width, height = window or (natural_w, natural_h)
    across, down = max(0, (width - natural_w) // 2), max(0, (height - natural_h) // 2)
    top = px(MARGIN + HEADER) + down
    body_top = top + px(LABEL)
    source = Rect(px(MARGIN) + across, body_top, image_w * scale, image_h * scale)
    x = source.x + input_width(image_w, scale, sizes) + px(GAP)
    scales = tile_scales(plan, tile)
    # The labels' baseline: their descenders clear the maps' frames.
    label_y = body_top - pixels.FRAME_REACH - math.ceil(0.3 * sizes.small) - 1
    blocks, labels = [], []
    for b, count in enumerate(plan.filters):
        card_w = card_width(plan, b, tile, sizes)
        cards = []
        for f in range(count):
            column, row = divmod(f, plan.rows)
            left, y = x + column * (card_w + px(CARD_GAP)), body_top + row * (tile + px(TILE_GAP))
            kernel = None
            if b == 0:
                side = plan.kernel * scales[0].kernel
                kernel = Rect(left + (tile - side) // 2, y + (tile - side) // 2, side, side)
                left += tile + px(TILE_GAP)
            relu = None
            if plan.relu:
                side = plan.sides[b][0] * scales[b].relu
                relu = Rect(left + (tile - side) // 2, y + (tile - side) // 2, side, side)
                left += tile + px(TILE_GAP)
            side = plan.sides[b][1] * scales[b].pooled
            cards.append(Card(b, f, kernel, relu, Rect(left + (tile - side) // 2, y + (tile - side) // 2, side, side)))
        block_w, _ = block_size(plan, b, tile, sizes)
        labels.append((x, label_y, block_w + px(GAP) - px(8)))   # the gap after it too
        blocks.append(tuple(cards))
        x += block_w + px(GAP)
    bars_w, bars_h, training_h = panel_size(plan, sizes)
    bars = Rect(x, body_top, bars_w, bars_h)
    labels.append((x, label_y, bars_w))
    training = Rect(bars.x, bars.y + bars.h + px(40), bars_w, training_h)
    body = natural_h - px(MARGIN + HEADER + LABEL) - px(16) - readout_height(sizes) - px(HINT)
    readout = Rect(px(MARGIN), body_top + body + px(16), width - 2 * px(MARGIN), readout_height(sizes))
    return Layout(width, height, scale, source, tuple(blocks), scales, tuple(labels), bars, training,
                  down + px(MARGIN) + sizes.title, down + px(MARGIN) + sizes.title + px(12) + sizes.body,
                  source.y + source.h + px(32), readout, height - down - px(14), sizes, fits, plan.relu)


# --------------------------------------------------------------------------
# What the network sees: worked out once per drawing (and per network)
# --------------------------------------------------------------------------

@dataclass
class Seen:
    """The network's view of one drawing, ready to draw."""
    drawn: np.ndarray                # the 28×28 uint8 drawing the network was given
    turned: bool                     # the drawing was inverted for the network (it was dark on light)
    blank: bool                      # nothing drawn
    maps: object                     # network.FeatureMaps
    probabilities: np.ndarray        # C
    kernels: list                    # block 1's F tinted kernels, k×k×3 uint8
    relu: list                       # per block: F ReLU maps as drawn, s×s×3 uint8
    pooled: list                     # per block: F pooled maps as drawn


def network_input(image: np.ndarray) -> tuple[np.ndarray, bool]:
    """The drawing as the network was trained on it (teach.drawing_for_network): (28×28 uint8, turned)."""
    return teach.drawing_for_network(image)


def shown_maps(stack: np.ndarray, mapping: str, lesson_units: bool) -> list:
    """F maps (F×s×s) as drawn, each s×s×3 uint8: block 1's in the lesson's units (×255, --values'
    mapping, one scale for all), a later block's from 0 (black) to the block's largest value (white)."""
    count, side = stack.shape[0], stack.shape[1]
    if lesson_units:
        # All the maps as one tall map, so they share one scale (and one call): then cut apart again.
        tall = stack.reshape(count * side, -1) * 255.0
        shown = filters.to_display(tall, mapping).reshape((count, side) + tall.shape[1:] + (-1,))
        return [pixels.as_rgb(shown[n].squeeze(-1)) if shown.shape[-1] == 1 else shown[n] for n in range(count)]
    return [pixels.as_rgb(grey) for grey in block_greys(stack, float(stack.max()))]


def block_greys(stack: np.ndarray, largest: float) -> np.ndarray:
    """Values 0…``largest`` as grey bytes 0…255 (uint8, the same shape)."""
    return filters.clamp_to_bytes(stack * (255.0 / largest)) if largest > 0 else np.zeros(stack.shape, np.uint8)


def see(model, image: np.ndarray, mapping: str) -> Seen:
    """What ``model`` makes of ``image``: every block's maps mapped for drawing, and its probabilities."""
    drawn, turned = network_input(image)
    maps = model.feature_maps(drawn)
    relu, pooled = [], []
    for number, block in enumerate(maps.blocks):
        if number == 0:
            relu.append(shown_maps(block.relu, mapping, True))
            pooled.append(shown_maps(block.pooled, mapping, True))
        else:   # ReLU and pooled maps on the block's one scale (pooling keeps the largest, so it is the same)
            largest = float(block.relu.max())
            relu.append([pixels.as_rgb(grey) for grey in block_greys(block.relu, largest)])
            pooled.append([pixels.as_rgb(grey) for grey in block_greys(block.pooled, largest)])
    return Seen(drawn, turned, int(np.count_nonzero(drawn > 32)) == 0, maps, maps.probabilities,
                list(pixels.weight_colours(model.filters)), relu, pooled)


# --------------------------------------------------------------------------
# Hit-testing: which unit is under the mouse
# --------------------------------------------------------------------------

def unit_at(layout: Layout, px: float, py: float) -> explain.Unit | None:
    """The unit (a map's pixel, a pooled pixel, a class's score or probability) under (px, py), or None."""
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
        row = int((py - box.y) // layout.sizes.px(BAR_H))
        kind = "probability" if px >= probability_track(layout, row).x - layout.sizes.px(8) else "score"
        return explain.Unit(kind, 0, row)
    return None


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------

def draw(canvas: Canvas, layout: Layout, state: demo.Demo, message: str) -> None:
    full = common.begin_frame(canvas, layout.sizes)
    seen = seen_now(canvas, state)
    canvas.repaint(parts(canvas, layout, state, seen, message), full)
    draw_pointing(canvas, layout, state)


def seen_now(canvas: Canvas, state: demo.Demo) -> Seen:
    """see() for the current drawing and network, worked out only when one of them changed."""
    weights = state.running.model.weights   # a new object after every training step
    return canvas.derived("seen", lambda image, _, mapping: see(state.running.model, image, mapping), state.image,
                          weights, state.mapping)


def evidence_class(state: demo.Demo, seen: Seen) -> int:
    """The class whose evidence y shows: the one pointed at (its score or probability), else the likeliest."""
    unit = state.ui.pointed
    if unit is not None and unit.kind in ("score", "probability") and unit.filter < len(seen.probabilities):
        return unit.filter
    return int(np.nanargmax(seen.probabilities)) if np.isfinite(seen.probabilities).any() else 0


def pointed_class(state: demo.Demo) -> int | None:
    unit = state.ui.pointed
    return unit.filter if unit is not None and unit.kind in ("score", "probability") else None


def parts(canvas: Canvas, layout: Layout, state: demo.Demo, seen: Seen, message: str) -> list[Part]:
    sizes, px = layout.sizes, layout.sizes.px
    training = texts.training_lines(state)
    labels = block_labels(state)
    top = layout.labels[0][1] - px(LABEL) + px(4)
    return [
        Part("header", (texts.network_title(state), texts.network_description(state)),
             Rect(0, 0, layout.width, top),
             lambda title, line: common.draw_header(canvas, layout, common.header_x(layout), title, line)),
        Part("labels", labels, Rect(layout.labels[0][0] - 4, top, layout.width - layout.labels[0][0],
                                    layout.source.y - PANEL_BAND - top),
             lambda *labels: draw_labels(canvas, layout, labels)),
        Part("training", training, Rect(layout.training.x - 8, layout.training.y, layout.training.w + 16,
                                        layout.training.h),
             lambda *lines: draw_training(canvas, layout, state, lines)),
        Part("hint", (message, keys.hint_line(NAME, state)),
             Rect(0, layout.readout.y + layout.readout.h, layout.width,
                  layout.height - layout.readout.y - layout.readout.h),
             lambda text, hint: common.draw_hint(canvas, layout.width, layout.hint_y, text, hint, sizes)),
    ] + pointing_parts(canvas, layout, state, seen)


def pointing_parts(canvas: Canvas, layout: Layout, state: demo.Demo, seen: Seen) -> list[Part]:
    """The parts that change with the unit pointed at: the bars (its class marked) and the drawing's
    note (whose evidence is shown)."""
    px = layout.sizes.px
    classes = tuple(state.running.model.classes)
    bars = (tuple(round(float(p), 3) for p in seen.probabilities),
            tuple(round(float(s), 2) for s in seen.maps.scores))
    note = (evidence_caption(state.running.model.classes[evidence_class(state, seen)]) if state.ui.show_evidence
            else texts.camera_drawing_note(state) or texts.network_input_note(seen.turned, seen.blank))
    return [
        Part("captions", (texts.size_caption(state.image, state.inverted), note),
             Rect(0, layout.source.y + layout.source.h + PANEL_BAND, layout.labels[0][0] - px(8),
                  px(common.CAPTIONS_BELOW) - PANEL_BAND),
             lambda caption, note: draw_captions(canvas, layout, caption, note)),
        Part("bars", (classes, bars, pointed_class(state)),
             Rect(layout.bars.x - 8, layout.bars.y - PANEL_BAND, layout.bars.w + 16, layout.bars.h + 2 * PANEL_BAND),
             lambda classes, bars, pointed: draw_bars(canvas, layout, classes, bars, pointed)),
    ]


def evidence_caption(name: str) -> str:
    return f"y: the evidence for {name}, blue for, orange against"


def block_labels(state: demo.Demo) -> tuple[str, ...]:
    """Over each block's maps, and over the bars: what they are."""
    model = state.running.model
    labels = []
    for number, block in enumerate(model.blocks):
        size = texts.block_filter_size(block.weights.shape)
        labels.append(f"block {number + 1}: {block.filter_count} filters of {size}" if len(model.blocks) == 1
                      else f"block {number + 1}: {block.filter_count} filters")
    return tuple(labels) + ("scores, and probabilities (softmax)",)


def draw_labels(canvas: Canvas, layout: Layout, labels) -> None:
    """Each block's label, its short form ("block 2") where the whole does not fit."""
    for (x, y, w), label in zip(layout.labels, labels):
        if canvas.width_of(label, layout.sizes.small) > w:
            label = label.split(":")[0]
        canvas.fitted_text(label, x, y, layout.sizes.small, w, canvas.theme.text_dim)


def draw_captions(canvas: Canvas, layout: Layout, caption: str, note: str) -> None:
    room = layout.labels[0][0] - layout.source.x - layout.sizes.px(GAP) + layout.sizes.px(8)
    common.draw_captions(canvas, layout.source.x, layout.caption_y, room, caption, note, layout.sizes)


def score_track(layout: Layout, row: int) -> Rect:
    box, px = layout.bars, layout.sizes.px
    return Rect(box.x + px(NAME_W), box.y + row * px(BAR_H) + px(6), px(SCORE_W), px(BAR_H - 12))


def probability_track(layout: Layout, row: int) -> Rect:
    """Where class ``row``'s probability bar goes: its whole length is a probability of 1."""
    box, px = layout.bars, layout.sizes.px
    return Rect(box.x + px(NAME_W + SCORE_W + VALUE_W) + 2 * px(8), box.y + row * px(BAR_H) + px(6), px(PROB_W),
                px(BAR_H - 12))


bar_track = probability_track


def draw_bars(canvas: Canvas, layout: Layout, classes, bars, pointed) -> None:
    """Each class: its name, its score as a bar from the middle (right positive, left negative, all on
    the largest score's scale) with its number, and its probability as a bar with its percentage."""
    probabilities, scores = bars
    box, sizes, px = layout.bars, layout.sizes, layout.sizes.px
    finite = [abs(s) for s in scores if math.isfinite(s)]
    largest = max(finite, default=0.0) or 1.0
    best = int(np.nanargmax(probabilities)) if any(math.isfinite(p) for p in probabilities) else -1
    size = canvas.fitting_size(list(classes), sizes.body, px(NAME_W - 8))
    for row, (name, share, score) in enumerate(zip(classes, probabilities, scores)):
        colour = canvas.theme.highlight if row in (best, pointed) else canvas.theme.text
        baseline = score_track(layout, row).y + score_track(layout, row).h - px(4)
        canvas.fitted_text(name, box.x, baseline, size, px(NAME_W - 8), colour)
        track = score_track(layout, row)
        canvas.rect(track, canvas.theme.panel_background)
        middle = track.x + track.w // 2
        if math.isfinite(score) and score != 0:
            length = max(1, int(round(track.w / 2 * abs(score) / largest)))
            canvas.rect(Rect(middle if score > 0 else middle - length, track.y, length, track.h), colour)
        canvas.rect(Rect(middle, track.y - px(3), 1, track.h + 2 * px(3)), canvas.theme.text_dim)
        canvas.fitted_text(signed(score, 1), track.x + track.w + px(VALUE_W), baseline, sizes.small, px(VALUE_W - 6),
                           colour, "right")
        track = probability_track(layout, row)
        canvas.rect(track, canvas.theme.panel_background)
        if share > 0:
            canvas.rect(Rect(track.x, track.y, max(2, int(track.w * share)), track.h), colour)
        canvas.fitted_text(texts.percent(share), box.x + box.w, baseline, sizes.small, px(PERCENT_W - 6), colour,
                           "right")
        if row == pointed:
            canvas.frame(Rect(box.x - 4, track.y - px(4), box.w + 8, track.h + px(8)), canvas.theme.highlight, 2)


def draw_training(canvas: Canvas, layout: Layout, state: demo.Demo, lines) -> None:
    """Live training: its progress, and the loss and accuracy after each part of an epoch so far."""
    run = state.running.training
    if run is None:
        return
    box = layout.training
    sizes, px = layout.sizes, layout.sizes.px
    canvas.fitted_text(lines[0], box.x, box.y + px(18), sizes.small, box.w, canvas.theme.text)
    bar = Rect(box.x, box.y + px(28), box.w, px(10))
    canvas.rect(bar, canvas.theme.panel_background)
    canvas.rect(Rect(bar.x, bar.y, max(1, int(bar.w * run.progress)), bar.h), canvas.theme.highlight)
    chart = Rect(box.x, bar.y + px(24), box.w, px(CHART_H))
    curves = [(run.accuracies, 1.0, canvas.theme.accuracy_curve), (run.losses, None, canvas.theme.loss_curve)]
    canvas.picture("chart", chart, lambda: pixels.chart(chart.w, chart.h, curves, canvas.theme.chart_background), lines)
    canvas.fitted_text(lines[1], box.x, chart.y + chart.h + px(22), sizes.note, box.w, canvas.theme.text_dim, lines=2)


def draw_pointing(canvas: Canvas, layout: Layout, state: demo.Demo) -> None:
    """The drawing (with the evidence over it, if on), every block's maps, the outlines of the unit
    pointed at and where its numbers come from, and its readout."""
    canvas.use_sizes(layout.sizes)
    if state.ui.show_help:
        return
    seen = seen_now(canvas, state)
    canvas.repaint(pointing_parts(canvas, layout, state, seen), False)
    model = state.running.model
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
        canvas.panel(f"block {number}", box, lambda cards=cards, box=box, n=number: block_picture(
            layout, cards, n, seen, box, canvas.theme), seen, 1, framed=False)
    canvas.outlines(outlines(layout, model, state.image, seen, unit))
    key = (unit, state.ui.show_evidence, evidence_class(state, seen) if state.ui.show_evidence else None)
    on_screen = canvas.shown("readout")   # (seen, key): the readout on screen, and whose numbers it shows
    if on_screen is not None and on_screen[0] is seen and on_screen[1] == key:
        return
    canvas.rect(layout.readout, canvas.theme.window_background)
    draw_readout(canvas, layout, readout_for(model, seen, unit, state.ui.show_evidence, evidence_class(state, seen),
                                             layout.relu_shown))
    canvas.remember("readout", (seen, key))


def valid_unit(unit: explain.Unit | None, model) -> explain.Unit | None:
    """``unit``, if this network has it (a network trained live, or a new file, may have fewer)."""
    if unit is None:
        return None
    if unit.kind in ("score", "probability"):
        return unit if unit.filter < len(model.classes) else None
    if unit.block >= len(model.blocks) or unit.filter >= model.blocks[unit.block].filter_count:
        return None
    conv, pooled = model.map_sides[unit.block]
    side = conv if unit.kind == "conv" else pooled
    return unit if unit.y < side and unit.x < side else None


def evidence_colours(model, seen: Seen, image: np.ndarray, cls: int) -> np.ndarray:
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


def blocks_box(cards) -> Rect:
    """The window area of a block's cards, frames included: one picture, one copy to the window."""
    rects = [rect for card in cards for rect in (card.kernel, card.relu, card.pooled) if rect is not None]
    reach = pixels.FRAME_REACH
    left, top = min(r.x for r in rects) - reach, min(r.y for r in rects) - reach
    right, bottom = max(r.x + r.w for r in rects) + reach, max(r.y + r.h for r in rects) + reach
    return Rect(left, top, right - left, bottom - top)


@functools.lru_cache(maxsize=8)
def block_background(cards, box: Rect, theme: pixels.Theme):
    """A block's frames on the background, made once per layout and theme."""
    rects = [rect for card in cards for rect in (card.kernel, card.relu, card.pooled) if rect is not None]
    return pixels.framed_background(box.w, box.h, [(r.x - box.x, r.y - box.y, r.w, r.h) for r in rects], theme)


def block_picture(layout: Layout, cards, number: int, seen: Seen, box: Rect, theme: pixels.Theme):
    """Every card of block ``number``, composed into one picture for ``box``."""
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


def outlines(layout: Layout, model, image, seen: Seen, unit: explain.Unit | None) -> list[tuple[str, Rect, Rect]]:
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
# The readout: the unit pointed at, worked out
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Worked:
    """A readout as drawn: its title, its lines, and its result. Each of ``lines`` is a string (a row of
    numbers in columns, set in a monospaced font) or a tuple of items (packed onto as few lines as fit)."""
    title: str
    lines: tuple
    result: str
    dim: bool = False
    pictures: tuple = ()   # (window, slice, caption): k×k×3 uint8 pictures side by side, each pair captioned


def signed(value: float, places: int = 2) -> str:
    if not math.isfinite(value):
        return "\u2013"
    text = f"{value:+.{places}f}"
    if float(text) == 0:
        text = f"{0:.{places}f}"
    return text.replace("-", "\u2212")


def plain(value: float, places: int = 2) -> str:
    return signed(value, places).lstrip("+")


def readout_for(model, seen: Seen, unit: explain.Unit | None, evidence_on: bool, cls: int,
                relu_shown: bool = True) -> Worked:
    """What the readout says of ``unit`` (or, with none, of the evidence when it is on, else how to use it)."""
    if unit is None:
        if evidence_on:
            return evidence_readout(model, explain.evidence(model, seen.maps, cls), model.classes[cls])
        return Worked("Point at any map's pixel, a score or a probability to see it worked out; "
                      "y shows where the evidence for a class lies in your drawing.", (), "", dim=True)
    worked = explain.worked_out(model, seen.drawn, seen.maps, unit)
    if unit.kind == "conv":
        return conv_readout(model, worked, seen.pooled[unit.block - 1] if unit.block > 0 else None)
    if unit.kind == "pooled":
        winner = None
        if not relu_shown:   # the ReLU maps are folded away: the winner's sum here instead
            winner = explain.conv_unit(model, seen.drawn, seen.maps, unit.block, unit.filter,
                                       2 * unit.y + worked.winner[0], 2 * unit.x + worked.winner[1])
        return pool_readout(worked, winner)
    if unit.kind == "score":
        return score_readout(model, worked)
    return probability_readout(model, worked)


def conv_readout(model, worked: explain.ConvPixel, shown_below=None) -> Worked:
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
    pictures = ()
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
    rows: tuple = tuple("   ".join((f"[{v:.3f}]" if (j, i) == worked.winner else f" {v:.3f} ")
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


def score_readout(model, worked: explain.ScoreReadout) -> Worked:
    name = model.classes[worked.unit.filter]
    last = len(model.blocks)
    items = tuple(f"map {part.place[0] + 1} ({part.place[1]}, {part.place[2]}): {plain(part.weight)} \u00d7 "
                  f"{plain(part.value)} = {signed(part.product)}" for part in worked.largest)
    items += (f"the {worked.others} others: {signed(worked.rest)}",)
    total = sum(part.product for part in worked.largest) + worked.rest
    return Worked(f"score of {name}: \u03a3 over the {worked.others + len(worked.largest)} pooled values of block "
                  f"{last} of weight \u00d7 value, + bias; the largest (outlined):", (items,),
                  f"\u03a3 {signed(total)}   + bias {signed(worked.bias)}   = score {signed(worked.score)}")


def probability_readout(model, worked: explain.ProbabilityReadout) -> Worked:
    cls = worked.unit.filter
    items = tuple(f"{name}: e^({plain(score)} \u2212 {plain(worked.shift)}) = {e:.4g}"
                  for name, score, e in zip(model.classes, worked.scores, worked.exps))
    return Worked(f"probability of {model.classes[cls]}: softmax, e^score \u00f7 \u03a3 e^score over the classes "
                  f"(the largest score, {plain(worked.shift)}, taken off each first: the same quotient)", (items,),
                  f"{worked.exps[cls]:.4g} \u00f7 {worked.exps.sum():.4g} = {100 * worked.probability:.2f}%")


def evidence_readout(model, found: explain.Evidence, name: str) -> Worked:
    side = found.shares.shape[0]
    top, left, height, width = (int(v) for v in found.fields[0, 0])
    last = len(model.blocks)
    title = (f"evidence for {name}: each of the {side}\u00d7{side} last positions' share of the score (\u03a3 over "
             f"block {last}'s {model.blocks[-1].filter_count} maps of weight \u00d7 value), over the "
             f"{height}\u00d7{width} pixels it sees")
    if side <= 5:
        lines: tuple = tuple("  ".join(f"{signed(v):>6}" for v in row) for row in found.shares)
    else:
        order = np.argsort(-np.abs(found.shares), axis=None)[:8]
        lines = (tuple(f"({y}, {x}): {signed(found.shares[y, x])}"
                       for y, x in (np.unravel_index(int(n), found.shares.shape) for n in order)) + ("\u2026",),)
    return Worked(title, lines, f"\u03a3 shares {signed(found.shares.sum())}   + bias {signed(found.bias)}   "
                                f"= score {signed(found.score)}")


PICTURE_LINES = 3   # the readout's lines a row of pictures and their captions take


def draw_pictures(canvas: Canvas, layout: Layout, pictures, top: int) -> int:
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


def packed(canvas: Canvas, items, size: int, width: float) -> list[str]:
    """``items`` joined by wide spaces onto as few lines as fit ``width`` at ``size``."""
    lines, line = [], ""
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


# --------------------------------------------------------------------------
# The mouse: pointing at units, drawing on the input
# --------------------------------------------------------------------------

def mouse_moved(state: demo.Demo, layout: Layout, px: float, py: float) -> bool:
    """Follow the mouse; returns whether the unit it points at changed (the readout must follow)."""
    unit = unit_at(layout, px, py)
    if unit == state.ui.pointed:
        return False
    state.ui.pointed = unit
    return True


def mouse_pressed(state: demo.Demo, layout: Layout, px: float, py: float, left_button: bool) -> None:
    if layout.source.contains(px, py) and left_button:
        common.put_pen_down(state, layout, px, py)


def mouse_dragged(state: demo.Demo, layout: Layout, px: float, py: float) -> bool:
    """Draw on with the pen, if it is down; returns whether the drawing changed."""
    return common.drag_pen(state, layout, px, py)


def mouse_wheel(state: demo.Demo, layout: Layout, px: float, py: float, count: int, fine: bool) -> bool:
    return False

