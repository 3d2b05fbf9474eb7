"""The network view's layout: where the drawing, each block's maps, the bars and the readout go.

A layout is planned (``Plan``: which blocks, how many filters to a column, the ReLU maps shown or folded
away) and then sized: the drawing as large as a class needs, the maps as large as then fit
(``largest_scale``, ``largest_tile``), both worked out from the sums ``needs`` adds up, not by trying.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from convolution.screen import pixels
from convolution.screen.geometry import MARGIN, Rect, Sizes
from convolution.screen.views import common
from convolution.state import demo
from network import POOL

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
    """Where everything goes in the network view (a protocol.Layout, with the blocks' cards and the bars)."""
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


def default_scale(state: demo.SketchState) -> int:
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


def plan_for(state: demo.SketchState, rows: int, relu: bool) -> Plan:
    """What the state's network needs laid out: its blocks' filters and maps, its classes; ``rows`` filters
    to a column (fewer if no block has that many), the ReLU maps shown if ``relu``."""
    model = state.running.current_model()
    return Plan(tuple(block.filter_count for block in model.blocks), tuple(model.map_sides),
                model.blocks[0].kernel_size, len(model.classes), state.running.training is not None,
                min(rows, max(block.filter_count for block in model.blocks)), relu)


def layout_for(state: demo.SketchState, window: tuple[int, int] | None = None, scale: int | None = None,
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
    # (drawing's scale, smallest picture's side, plan, sizes, tile), in the order a class would want them
    candidates: list[tuple[int, int, Plan, Sizes, int]] = []
    wanted_scale, wanted_tile = max(1, height // WANTED_SCALE_PER), height // WANTED_TILE_PER
    for sizes in Sizes.for_window(height, fullscreen=fullscreen).smaller_choices():
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

