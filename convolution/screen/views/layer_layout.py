"""Where everything goes in the layer view: its layout, chosen for the window and the state (no drawing here).

    title
    description (one line, or two: the steps, then where each filter's pictures are)
    drawing     filter 1      filter 2  …      (names on one or two lines, broken after a hyphen)
    (input)     kernel  map   kernel  map
    caption     pooled  relu  pooled  relu     (two by two: reading clockwise, the block's steps)
    modes line
    readout: the pixel pointed at worked out, or (nothing pointed at) how to read the view
    hint line

The text is never smaller than the window's floor and never cut: a line that does not fit wraps, and the
layout counts the lines it takes; the pictures take what is left, as large as fits, the drawing never
smaller than its maps. Every text's lines are found with the same glyph widths the canvas measures with.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import dataclass

from convolution.screen import geometry, glyphs, texts
from convolution.screen.geometry import MARGIN, Rect, Sizes
from convolution.state import demo

HEADER = 80           # title and one line of description
INPUT_GAP = 24        # between the input and the first filter
COLUMN_GAP = 16       # between two filters
INNER_GAP = 8         # between the pictures of one filter
FILTER_NAME = 34      # the filter's name over its pictures (one line)
CAPTION_GAP = 32      # from the input's foot to its caption's baseline
STATUS = 36           # the modes line
HINT = 40
MIN_WIDTH = 940
MAX_MAP_SCALE = 12    # the largest map scale a window tries
MAX_SCALE = 20        # the largest scale of the input drawing
LEADING = 1.25        # a line's height, of its text's size
MIN_READOUT_LINES = 5  # the readout's box holds at least this many lines (how to read the view, when idle)


@dataclass(frozen=True)
class Column:
    """One filter's pictures, two by two (reading clockwise: the kernel, its sums, ReLU, the pooled map):

        name
        kernel   feature map
        pooled   after ReLU
    """
    x: int
    w: int
    name_y: int               # baseline of the filter's name (its first line)
    kernel: Rect              # the kernel's cells go in here
    maps: tuple[Rect, Rect, Rect | None]   # the feature map, the map after ReLU, the pooled map (None: pooling off)


@dataclass(frozen=True)
class Layout:
    """Where everything goes in the layer view."""
    width: int
    height: int
    scale: int                # each input pixel is scale×scale (as in every view)
    map_scale: int            # each map pixel is map_scale×map_scale
    pool: int                 # the pooling window (0: off)
    kernel_side: int          # the largest kernel's rows or columns
    source: Rect
    columns: tuple[Column, ...]
    title_y: int
    subtitle_y: int           # the description's first baseline
    caption_y: int            # under the input: the caption's first baseline
    status_y: int
    readout: Rect
    hint_y: int
    sizes: Sizes = Sizes()
    weights_written: bool = True   # the kernels' cells are large enough for their weights (else tints only)
    compact: bool = False          # the readout without its matrices: title and result only
    fits: bool = True
    lead: int = 25                 # baseline to baseline of the body text's lines
    words: Words | None = None     # every text's lines, as laid out
    column: Rect | None = None     # full screen: the column beside the filters that holds the description, the
                                   # modes and the readout (left-aligned in it); None: they span the window
    caption_box: Rect | None = None   # full screen: where the input's label and note go (beside it or under it) …
    status_box: Rect | None = None    # … and the modes


@dataclass(frozen=True)
class Words:
    """The view's texts broken into the lines the layout made room for."""
    description: tuple[str, ...]
    names: tuple[tuple[str, ...], ...]     # each filter's name
    label: tuple[str, ...]                 # over the input, as the filters' names over theirs: its size and kind
    captions: tuple[str, ...]              # under the input: its note (a Quick Draw drawing, a scaled photo …)
    status: tuple[str, ...]
    size: int                              # the body text's size (≥ the floor)


@dataclass(frozen=True)
class Plan:
    """The choices a layout makes before it places anything."""
    count: int                # filters
    side: int                 # the largest kernel's rows or columns
    pool: int
    weights: bool             # kernels drawn large enough for their weights (else as tints, map-sized)
    compact: bool             # the readout without its matrices
    per_row: int = 8          # filters in a row (the rest wrap onto more rows)
    where: bool = True        # the description says where each filter's pictures are (else the legend only)
    beside: bool = False      # full screen: the drawing, the texts and the readout in a column beside the filters


# --------------------------------------------------------------------------
# Text: lines that fit, never cut
# --------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def wrap(text: str, size: int, width: float, hyphens: bool = False) -> tuple[str, ...] | None:
    """``text`` in lines no wider than ``width`` at ``size``, broken after spaces (and after hyphens, if
    ``hyphens``); None if a piece is wider than that."""
    pieces = re.findall(r"[^ -]*-|[^ ]+ ?", text) if hyphens else [word + " " for word in text.split(" ")]
    lines: list[str] = []
    for piece in pieces:
        if lines and glyphs.text_width((lines[-1] + piece).rstrip(), size) <= width:
            lines[-1] += piece
        elif glyphs.text_width(piece.rstrip(), size) <= width:
            lines.append(piece)
        else:
            return None
    return tuple(line.rstrip() for line in lines if line.strip())


def set_in(text: str, size: int, floor: int, width: float, most: int, hyphens: bool = False
           ) -> tuple[int, tuple[str, ...]] | None:
    """(size, lines): ``text`` on one line at ``size`` or smaller down to ``floor``, else on up to ``most``
    lines at the floor; None if even that does not hold it."""
    for candidate in [size] + [s for s in reversed(geometry.SHRUNK_SIZES) if floor <= s < size]:
        if glyphs.text_width(text, candidate) <= width:
            return candidate, (text,)
    lines = wrap(text, floor, width, hyphens)
    return (floor, lines) if lines is not None and len(lines) <= most else None


def lines_of(text: str, size: int, floor: int, width: float, most: int, hyphens: bool = False) -> tuple[str, ...]:
    """set_in's lines; if ``text`` does not fit even so, its words that fit, at the floor, on ``most`` lines
    (a long file name: what does not fit is left out, never cut mid-word)."""
    found = set_in(text, size, floor, width, most, hyphens)
    if found is not None:
        return found[1]
    words = text.split(" ")
    while words:
        words.pop()
        kept = wrap(" ".join(words), floor, width, hyphens)
        if kept is not None and len(kept) <= most:
            return kept
    return ()


STEPS_LINES = 3   # the block's steps take up to this many lines: a step left out would make the line untrue


def description_lines(state: demo.SketchState, sizes: Sizes, width: float, with_where: bool = True
                      ) -> tuple[str, ...]:
    """The description under the title: the block's steps and where each filter's pictures are, on one line
    if it fits, else two (the steps, then where); where is folded away (the readout's legend says it) if even
    that fails, or if not ``with_where``."""
    steps, where = texts.layer_description_parts(state)
    if not with_where:
        return lines_of(steps, sizes.body, sizes.floor, width, STEPS_LINES)
    whole = f"{steps}   ({where})"
    if set_in(whole, sizes.body, sizes.floor, width, 1) is not None:
        return (whole,)
    first, second = set_in(steps, sizes.body, sizes.floor, width, 2), set_in(where, sizes.body, sizes.floor, width, 1)
    if first is not None and second is not None and len(first[1]) == 1:
        return first[1] + second[1]
    return lines_of(steps, sizes.body, sizes.floor, width, STEPS_LINES)


def note_lines(state: demo.SketchState, sizes: Sizes, width: float) -> tuple[str, ...]:
    """Under the input: its note (a Quick Draw drawing, a scaled photo, the camera), broken into lines that
    fit ``width``."""
    note = texts.source_note(state)
    if not note:
        return ()
    parts = texts.split_in_two(note) if glyphs.text_width(note, sizes.floor) > width else [note]
    return tuple(line for part in parts for line in lines_of(part, sizes.note, sizes.floor, width, 3))


# --------------------------------------------------------------------------
# The layout
# --------------------------------------------------------------------------

def weight_cell(state: demo.SketchState, sizes: Sizes, labels=None) -> int:
    """The cell size at which every filter's weights (``labels``: all_labels) fit at the text floor."""
    widest = max(glyphs.text_width(label, sizes.floor) for label in labels or all_labels(state))
    return max(math.ceil(sizes.floor / 0.42), math.ceil((widest + 4) / 0.86), sizes.px(40))


def all_labels(state: demo.SketchState) -> set[str]:
    """Every weight the bank's kernels show, as text (texts.kernel_labels)."""
    return {label for kernel in demo.bank_kernels(state) for row in texts.kernel_labels(kernel)[0] for label in row}


def caption_width(state: demo.SketchState, sizes: Sizes) -> int:
    """The least width of the input's column: its label on two lines, and its note's widest word, at the floor."""
    halves = texts.split_in_two(texts.size_caption(state.image, state.inverted)) + texts.source_note(state).split()
    return math.ceil(max(glyphs.text_width(text, sizes.floor) for text in halves)) + sizes.px(8)


def readout_lines(plan: Plan) -> int:
    """The readout box's lines: a title on up to two, the matrices' rows, the result on up to two."""
    return max(MIN_READOUT_LINES, 2 + (2 if plan.compact else max(plan.side, 3)))


def rows_of(count: int) -> list[int]:
    """How many filters a row may hold, in order of preference: all in one row, then two rows, then three."""
    return sorted({count, -(-count // 2), -(-count // 3)}, reverse=True)


def default_scale(state: demo.SketchState) -> int:
    """The input drawing's scale in a window of its own: the lesson's 10×, less for a big image."""
    height, width = state.image.shape[:2]
    return geometry.auto_scale(width, height)


def layout_for(state: demo.SketchState, window: tuple[int, int] | None = None, scale: int | None = None,
               fullscreen: bool = False) -> Layout:
    """The layout for what ``state`` shows: in ``window`` (width, height), the maps as large as fit and
    the input at least as large (at most ``scale``, when given), text from the window's height; or (no
    window) in a window of its own, the input at ``scale`` (default the lesson's 10×)."""
    pool = state.pool if state.layer is not None and state.layer.pooled[0] is not None else 0
    side = max(max(kernel.shape) for kernel in demo.bank_kernels(state))
    count = len(state.bank)
    if window is None:
        sizes = Sizes()
        input_scale = scale or default_scale(state)
        plan = Plan(count, side, pool, True, False, count)
        map_scale = max(1, min(MAX_MAP_SCALE, input_scale // 2 or 1))
        return arranged(state, plan, map_scale, input_scale, weight_cell(state, sizes), sizes)
    if fullscreen:
        # Full screen is a slide (layer_slide.py builds on this module, so it is imported here, not at the top).
        from convolution.screen.views import layer_slide
        slide = layer_slide.slide_for(state, window, scale)
        if slide is not None:
            return slide
    width, height = window
    candidates = []   # (map scale, input scale, plan, sizes, cell), in the order a class would want them
    labels = all_labels(state)
    for sizes in Sizes.for_window(height, fullscreen=fullscreen).smaller_choices():
        cell = weight_cell(state, sizes, labels)
        for per_row, where, compact, weights in itertools.product(rows_of(count), (True, False), (False, True),
                                                                  (True, False)):
            plan = Plan(count, side, pool, weights, compact, per_row, where)

            def fitting(map_scale, input_scale, plan=plan, sizes=sizes, cell=cell):
                return arranged(state, plan, map_scale, input_scale, cell, sizes, window).fits
            map_scale = geometry.largest_whole(lambda m: fitting(m, m), MAX_MAP_SCALE)
            most = min(scale or MAX_SCALE, MAX_SCALE)
            input_scale = geometry.largest_whole(lambda s, m=map_scale: fitting(m, s), most, max(1, map_scale))
            if map_scale >= 1:
                candidates.append((map_scale, input_scale, plan, sizes, cell))
    if not candidates:   # nothing fits even at 1×: the window says so (fits=False), and a photo is made smaller
        sizes = Sizes.for_window(height, fullscreen=fullscreen)
        plan = Plan(count, side, pool, False, True, rows_of(count)[-1])
        return arranged(state, plan, 1, 1, weight_cell(state, sizes, labels), sizes, window)
    # The first (largest text, whole readout, weights written) whose maps, then input, are large enough:
    # as large as wanted for the window, or as large as any way allows.
    map_scale, input_scale, plan, sizes, cell = first_large_enough(candidates, height)
    return arranged(state, plan, map_scale, input_scale, cell, sizes, window)


def first_large_enough(candidates: list, height: int) -> tuple:
    """Of ``candidates`` (map scale, input scale, plan, sizes, cell), in the order a class would want them, the
    first whose maps, then input, are as large as wanted for a window ``height`` high, or as any allows."""
    maps_enough = min(max(choice[0] for choice in candidates), max(1, height // WANTED_MAP_SCALE_PER))
    large_maps = [choice for choice in candidates if choice[0] >= maps_enough]
    input_enough = min(max(choice[1] for choice in large_maps), max(1, height // WANTED_SCALE_PER))
    return next(choice for choice in large_maps if choice[1] >= input_enough)


WANTED_MAP_SCALE_PER = 180   # a window h pixels high wants maps at h / 180 × (6× on 1080 lines) …
WANTED_SCALE_PER = 120       # … and the input at h / 120 × (9×)


def arranged(state: demo.SketchState, plan: Plan, map_scale: int, input_scale: int, cell: int, sizes: Sizes,
             window: tuple[int, int] | None = None) -> Layout:
    """Place the input on the left, its captions under it, and each filter's four pictures beside it; the
    modes line, the readout and the key hint under everything; in a ``window`` (else in a window of its own,
    as large as needed). ``fits``: whether all of it fits the window."""
    image_h, image_w = state.image.shape[:2]
    px, floor = sizes.px, sizes.floor
    margin, lead = px(MARGIN), round(max(sizes.body, floor) * LEADING)
    map_w, map_h = image_w * map_scale, image_h * map_scale
    slot_w = max(map_w, plan.side * cell) if plan.weights else map_w
    slot_h = max(map_h, plan.side * cell) if plan.weights else map_h
    block_w = slot_w + px(INNER_GAP) + map_w
    across = min(plan.count, plan.per_row)
    blocks_w = across * block_w + (across - 1) * px(COLUMN_GAP)
    source_w, source_h = image_w * input_scale, image_h * input_scale
    input_w = max(source_w, caption_width(state, sizes))
    needs_w = 2 * margin + input_w + px(INPUT_GAP) + blocks_w
    width, height = window or (max(px(MIN_WIDTH), needs_w), 0)
    room = width - 2 * margin
    description = description_lines(state, sizes, room, plan.where)
    heads = [set_in(name, sizes.body, floor, block_w, 2, hyphens=True) for name in texts.filter_names(state)]
    label = set_in(texts.size_caption(state.image, state.inverted), sizes.body, floor, input_w, 2)
    # A name too long for its column even on two lines is numbered instead (the legend and readout name it).
    names = tuple(head[1] if head is not None else (str(index + 1),) for index, head in enumerate(heads))
    name_lines = max(len(name) for name in names)
    captions: tuple[str, ...] = ()
    if label is not None and len(label[1]) > name_lines:   # the label under the input, not a taller row of names
        captions, label = label[1], (label[0], ())
    status = lines_of(texts.layer_status(state), sizes.body, floor, room, 2)
    # From the top: the title, the description, the filters' rows (and the input beside them) …
    title_y = margin + sizes.title
    subtitle_y = title_y + px(12) + sizes.body
    top = subtitle_y + (len(description) - 1) * lead + px(HEADER - 12 - 20 - 34)
    name_h = px(FILTER_NAME) + (name_lines - 1) * lead
    block_h = name_h + slot_h + px(INNER_GAP) + map_h
    rows = -(-plan.count // plan.per_row)
    blocks_h = rows * (block_h + px(COLUMN_GAP)) - px(COLUMN_GAP)
    input_h = name_h + source_h + ((px(CAPTION_GAP) - lead + len(captions) * lead + px(8)) if captions else 0)
    body_h = max(blocks_h, input_h)
    # The input's note (a photo scaled down, the camera) takes the lines left under it, whole lines of whole
    # words: the layout is the same with or without it (as fitting a photo tries it without).
    spare = (body_h - input_h - (0 if captions else px(CAPTION_GAP) - lead + px(8))) // lead
    captions += note_lines(state, sizes, input_w)[:max(0, spare)]
    # … the modes line, the readout, the hint at the foot.
    readout_h = readout_lines(plan) * lead
    needs_h = top + body_h + px(12) + len(status) * lead + px(12) + readout_h + sizes.hint + px(8 + 14)
    height = height or needs_h
    across_slack = max(0, (width - needs_w) // 2)
    down = 0
    source = Rect(margin + across_slack, top + name_h + down, source_w, source_h)
    first_x = margin + across_slack + input_w + px(INPUT_GAP)
    columns = filter_columns(state, plan, map_scale, (slot_w, slot_h), (first_x, top + down), name_h,
                             px(FILTER_NAME) - px(10), px(COLUMN_GAP), sizes)
    caption_y = source.y + source.h + px(CAPTION_GAP) - sizes.body + sizes.note
    status_y = top + down + body_h + px(12) + sizes.body
    readout_top = status_y + (len(status) - 1) * lead + px(12)
    hint_y = height - down - px(14)
    # The readout takes the room down to the hint (at least its lines).
    readout = Rect(margin, readout_top, width - 2 * margin, max(readout_h, hint_y - sizes.hint - px(8) - readout_top))
    words = Words(description, names, label[1] if label is not None else (), captions, status, max(sizes.body, floor))
    fits = needs_w <= width and needs_h <= height and map_scale >= 1 and input_scale >= 1 and label is not None
    return Layout(width, height, input_scale, map_scale, plan.pool, plan.side, source, columns,
                  title_y + down, subtitle_y + down, caption_y, status_y, readout, hint_y, sizes, plan.weights,
                  plan.compact, fits, lead, words)


def filter_columns(state: demo.SketchState, plan: Plan, map_scale: int, slot: tuple[int, int],
                   start: tuple[int, int], name_h: int, name_drop: int, row_gap: int, sizes: Sizes
                   ) -> tuple[Column, ...]:
    """Each filter's four pictures, two by two, in rows of ``plan.per_row`` from ``start`` (x, y): its name's
    baseline ``name_drop`` under its block's top, its kernel ``slot`` (w, h) and maps ``name_h`` under it."""
    image_h, image_w = state.image.shape[:2]
    px, (slot_w, slot_h) = sizes.px, slot
    map_w, map_h = image_w * map_scale, image_h * map_scale
    block_w = slot_w + px(INNER_GAP) + map_w
    block_h = name_h + slot_h + px(INNER_GAP) + map_h
    columns = []
    for index in range(plan.count):
        row, place = divmod(index, plan.per_row)
        x, block_top = start[0] + place * (block_w + px(COLUMN_GAP)), start[1] + row * (block_h + row_gap)
        row1 = block_top + name_h
        row2 = row1 + slot_h + px(INNER_GAP)
        kernel = Rect(x, row1, slot_w, slot_h)
        feature = Rect(x + slot_w + px(INNER_GAP), row1 + (slot_h - map_h) // 2, map_w, map_h)
        relu = Rect(feature.x, row2, map_w, map_h)
        pooled_w, pooled_h = (image_w // plan.pool) * plan.pool * map_scale if plan.pool else 0, \
            (image_h // plan.pool) * plan.pool * map_scale if plan.pool else 0
        pooled = Rect(x + slot_w - pooled_w, row2, pooled_w, pooled_h) if plan.pool else None
        columns.append(Column(x, block_w, block_top + name_drop, kernel, (feature, relu, pooled)))
    return tuple(columns)


def kernel_grid(layout: Layout, index: int, shape) -> tuple[int, int, int]:
    """Where filter ``index``'s kernel cells go: (left, top, cell size), centred in its kernel's slot."""
    slot, (rows, cols) = layout.columns[index].kernel, shape
    cell = min(slot.w // cols, slot.h // rows)
    return slot.x + (slot.w - cols * cell) // 2, slot.y + (slot.h - rows * cell) // 2, cell
