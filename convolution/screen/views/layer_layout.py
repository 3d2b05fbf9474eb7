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

import numpy as np

import filters
from convolution.screen import geometry, glyphs, texts
from convolution.screen.canvas import MONO
from convolution.screen.geometry import MARGIN, PANEL_BAND, Rect, Sizes
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
# Full screen is a slide (Plan.beside): gaps tighter than a window's, so that the pictures fill its height.
TOP_MARGIN = 16       # over the title's baseline less its size (most of a title's letters are lower still)
TITLE_GAP = 6         # from the title's foot to the first row of names
NAME_GAP = 4          # from a name's foot to its filter's pictures
ROW_GAP = 12          # between two rows of filters
TEXT_GAP = 6          # between the column's groups of lines: the steps, the drawing, the modes, the readout
SLIDE_LEADING = 1.2   # a line's height, of its text's size, on a slide (as a presentation sets its lines)
SEPARATOR = "   \u00b7   "   # between the modes line's items (texts.mode_caption)


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


def description_lines(state: demo.SketchState, sizes: Sizes, width: float, with_where: bool = True
                      ) -> tuple[str, ...]:
    """The description under the title: the block's steps and where each filter's pictures are, on one line
    if it fits, else two (the steps, then where); where is folded away (the readout's legend says it) if even
    that fails, or if not ``with_where``."""
    steps, where = texts.layer_description_parts(state)
    if not with_where:
        return lines_of(steps, sizes.body, sizes.floor, width, 2)
    whole = f"{steps}   ({where})"
    if set_in(whole, sizes.body, sizes.floor, width, 1) is not None:
        return (whole,)
    first, second = set_in(steps, sizes.body, sizes.floor, width, 2), set_in(where, sizes.body, sizes.floor, width, 1)
    if first is not None and second is not None and len(first[1]) == 1:
        return first[1] + second[1]
    return lines_of(steps, sizes.body, sizes.floor, width, 2)


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
    width, height = window
    candidates = []   # (map scale, input scale, plan, sizes, cell), in the order a class would want them
    labels = all_labels(state)
    # Full screen is a slide: the filters beside a column of the drawing and the texts, filling the height;
    # a window (or a screen where that does not fit) has them under the pictures.
    readouts = worst_readouts(state) if fullscreen else Readouts((), (), 0)
    for sizes in Sizes.for_window(height, fullscreen=fullscreen).smaller_choices():
        cell = weight_cell(state, sizes, labels)
        for together, per_row, where, compact, weights in itertools.product(
                (True, False) if fullscreen else (False,), rows_of(count), (True, False), (False, True),
                (True, False)):
            plan = Plan(count, side, pool, weights, compact, per_row, where, together)

            def fitting(map_scale, input_scale, plan=plan, sizes=sizes, cell=cell):
                return arrange(state, plan, map_scale, input_scale, cell, sizes, window, readouts).fits
            map_scale = geometry.largest_whole(lambda m: fitting(m, m), MAX_MAP_SCALE)
            most = min(scale or MAX_SCALE, MAX_SCALE)
            input_scale = geometry.largest_whole(lambda s, m=map_scale: fitting(m, s), most, max(1, map_scale))
            if map_scale >= 1:
                candidates.append((map_scale, input_scale, plan, sizes, cell))
    if not candidates:   # nothing fits even at 1×: the window says so (fits=False), and a photo is made smaller
        sizes = Sizes.for_window(height, fullscreen=fullscreen)
        plan = Plan(count, side, pool, False, True, rows_of(count)[-1])
        return arranged(state, plan, 1, 1, weight_cell(state, sizes, labels), sizes, window)
    candidates = [choice for choice in candidates if choice[2].beside] or candidates
    # The first (largest text, whole readout, weights written) whose maps, then input, are large enough:
    # as large as wanted for the window, or as large as any way allows …
    maps_enough = min(max(choice[0] for choice in candidates), max(1, height // WANTED_MAP_SCALE_PER))
    large_maps = [choice for choice in candidates if choice[0] >= maps_enough]
    if fullscreen and large_maps[0][2].beside:
        # … and, a slide, filling three quarters of the screen's rows whatever the readout shows, if one can.
        shares = [rows_share(arrange(state, choice[2], choice[0], choice[1], choice[4], choice[3], window, readouts))
                  for choice in large_maps]
        large_maps = [choice for choice, share in zip(large_maps, shares) if share >= SLIDE_SHARE] or \
            [large_maps[shares.index(max(shares))]]
    input_enough = min(max(choice[1] for choice in large_maps), max(1, height // WANTED_SCALE_PER))
    map_scale, input_scale, plan, sizes, cell = next(choice for choice in large_maps if choice[1] >= input_enough)
    if plan.beside:
        # Filters shorter than their room stand where they leave the fewest rows empty, the drawing as large as
        # leaves three quarters of them filled (the largest, lowest that does; else the fullest).
        slides = [beside(state, plan, map_scale, scale_now, cell, sizes, window, readouts, lift)
                  for scale_now in range(input_scale, max(1, map_scale) - 1, -1) for lift in LIFTS]

        def idle(slide: Layout) -> float:   # the rows it fills as it first shows, nothing pointed at
            return rows_share(slide, sum(len(lines) for _, lines in legend_lines(state, slide)))
        return next((slide for slide in slides if rows_share(slide) >= SLIDE_SHARE), max(slides, key=idle))
    return arrange(state, plan, map_scale, input_scale, cell, sizes, window, readouts)


LIFTS = (0.0, 0.25, 0.5, 0.75, 1.0)   # how far up filters shorter than their room stand in it: from its foot to its top


def arrange(state: demo.SketchState, plan: Plan, map_scale: int, input_scale: int, cell: int, sizes: Sizes,
            window: tuple[int, int], readouts: Readouts) -> Layout:
    """The layout ``plan`` makes in ``window``: a slide's (beside) or a window's (arranged)."""
    if plan.beside:
        return beside(state, plan, map_scale, input_scale, cell, sizes, window, readouts)
    return arranged(state, plan, map_scale, input_scale, cell, sizes, window)


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


# --------------------------------------------------------------------------
# Full screen: a slide
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Readouts:
    """What the readout's box may have to hold (worst_readouts): every title and result it may show, and the
    most characters a line of its worked sum takes, set in a monospaced font."""
    titles: tuple[str, ...]
    results: tuple[str, ...]
    chars: int


def worst_readouts(state: demo.SketchState) -> Readouts:
    """The longest readouts the view may show, whatever the drawing holds (the layout must not change as it is
    drawn on): each filter's at the image's last pixel (the longest coordinates, its neighbourhood leaving the
    image) and at its middle one under a drawing that makes the sum as negative, then as positive, as it gets,
    with and without ReLU, against the widest value range; and its last pooled pixel's."""
    height, width = state.image.shape[:2]
    titles, results, chars = [], [], 0
    for name, kernel in zip(texts.filter_names(state), demo.bank_kernels(state)):
        rows, cols = kernel.shape
        chars = max(chars, sum(cols * (most + 1) - 1 for most in texts.readout_widths(kernel))
                    + 2 * texts.READOUT_GAP)
        extreme = 255.0 * float(np.abs(kernel).sum()) + 0.05
        widest = (-extreme, extreme)
        weights = kernel[::-1, ::-1] if state.flip else kernel
        for sign in (-1, 1):
            image = np.zeros(state.image.shape, np.float32)
            top, left = height // 2 - rows // 2, width // 2 - cols // 2
            if top >= 0 and left >= 0 and top + rows <= height and left + cols <= width:
                patch = np.where(sign * weights > 0, 255.0, 0.0).astype(np.float32)
                image[top:top + rows, left:left + cols] = patch.reshape(patch.shape + (1,) * (image.ndim - 2))
            for y, x in ((height - 1, width - 1), (height // 2, width // 2)):
                worked = filters.explain_pixel(image, kernel, y, x, state.edges, state.flip)
                for relu in (False, True):
                    readout = texts.make_readout(worked, state.edges, state.mapping, widest, relu=relu)
                    titles.append(f"{name}: {readout.title}")
                    results.append(readout.result)
            pooled_h, pooled_w = (height // state.pool, width // state.pool) if state.pool else (0, 0)
            if pooled_h and pooled_w:
                values = np.full(state.image.shape, sign * extreme, np.float32)
                pooling = filters.explain_pool(values, pooled_h - 1, pooled_w - 1, state.pool, how=state.pool_mode)
                worked_pool = texts.make_pool_readout(pooling, state.pool_mode, state.mapping, widest, state.relu)
                titles.append(f"{name}: {worked_pool.title}")
                results.append(worked_pool.result)
    return Readouts(tuple(titles), tuple(results), chars)


def readout_room(readouts: Readouts, plan: Plan, sizes: Sizes, width: int) -> int | None:
    """The lines a readout box ``width`` wide needs for the longest readout (its title and result broken at
    the floor, and, unless compact, its worked sum's rows); None if one cannot be set in it at all (a word, or
    unless compact the sum's rows, wider than the box)."""
    def most_lines(lines_of_text, most: int) -> int | None:
        counts = [len(found[1]) if (found := set_in(text, sizes.body, sizes.floor, width, most)) else None
                  for text in lines_of_text]
        return None if None in counts else max(counts, default=1)
    titles, results = most_lines(readouts.titles, 6), most_lines(readouts.results, 3)
    if titles is None or results is None:
        return None
    if plan.compact:
        return max(MIN_READOUT_LINES, titles + results)
    if glyphs.text_width("0" * readouts.chars, sizes.floor, MONO) > width:
        return None
    return max(MIN_READOUT_LINES, titles + results + max(plan.side, plan.pool, 3))


def legend_lines(state: demo.SketchState, layout: Layout) -> list[tuple[int, tuple[str, ...]]]:
    """How to read the view (texts.layer_legend), for the readout's box while nothing is pointed at: (item's
    number, its lines) for as many items as the box holds, each whole (one too long for the lines left gives
    way to shorter ones after it)."""
    box, sizes = layout.readout, layout.sizes
    room = box.h // layout.lead
    names = layout.words.names if layout.words else ()
    numbered = [(index + 1, name) for index, name in enumerate(texts.filter_names(state))
                if index < len(names) and names[index] == (str(index + 1),)]
    found = []
    for number, item in enumerate(texts.layer_legend(state, numbered)):
        fitting = set_in(item, sizes.body, sizes.floor, box.w, room)
        if fitting is not None and room > 0:
            found.append((number, fitting[1]))
            room -= len(fitting[1])
    return found


SLIDE_SHARE = 0.76   # a slide's rows that its pictures and steady lines fill (row_share in the tests: 3/4)


def rows_share(layout: Layout, legend: int = 1) -> float:
    """The share of the screen's rows that ``layout``'s pictures and the lines that are always there cover (the
    title, the steps, the names, the drawing's label and the modes, the key hint), and the readout box's first
    ``legend`` lines."""
    used = np.zeros(layout.height, bool)
    words, sizes = layout.words, layout.sizes

    def lines(first: int, count: int, size: int) -> None:
        for number in range(count):
            baseline = first + number * layout.lead
            used[max(0, math.floor(baseline - glyphs.ASCENT * size)):math.ceil(baseline + glyphs.DESCENT * size)] = True
    pictures = [layout.source] + [rect for column in layout.columns for rect in (column.kernel,) + column.maps if rect]
    for rect in pictures:
        used[max(0, rect.y):rect.y + rect.h] = True
    lines(layout.title_y, 1, sizes.title)
    lines(layout.hint_y, 1, sizes.hint)
    lines(layout.readout.y + sizes.body, legend, sizes.floor)
    if words is not None:
        lines(layout.subtitle_y, len(words.description), sizes.floor)
        lines(layout.caption_y, len(words.captions), sizes.floor)
        lines(layout.status_y, len(words.status), sizes.floor)
        for column, name in zip(layout.columns, words.names):
            lines(column.name_y, len(name), sizes.floor)
    return float(used.mean())


def foot_of(sizes: Sizes, height: int) -> tuple[int, int]:
    """(the key hint's baseline, the top of the band kept for it): a lesson's caption takes two lines there."""
    hint_y = height - sizes.px(14)
    return hint_y, hint_y - round(sizes.hint * 1.2) - math.ceil(glyphs.ASCENT * sizes.hint) - sizes.px(6)


def modes_lines(text: str, sizes: Sizes, width: float, most: int = 4) -> tuple[str, ...]:
    """The modes line in ``width``: on one line if it fits (at the body size or smaller), else its items (parted
    by SEPARATOR) on as few lines as hold them at the floor, an item broken only if it is wider than a line."""
    found = set_in(text, sizes.body, sizes.floor, width, 1)
    if found is not None:
        return found[1]
    lines: list[str] = []
    for item in text.split(SEPARATOR):
        if lines and glyphs.text_width(lines[-1] + SEPARATOR + item, sizes.floor) <= width:
            lines[-1] += SEPARATOR + item
        else:
            lines.extend(wrap(item, sizes.floor, width) or lines_of(item, sizes.body, sizes.floor, width, most))
    return tuple(lines) if len(lines) <= most else lines_of(text, sizes.body, sizes.floor, width, most)


def beside(state: demo.SketchState, plan: Plan, map_scale: int, input_scale: int, cell: int, sizes: Sizes,
           window: tuple[int, int], readouts: Readouts, lift: float = 0.0) -> Layout:
    """Full screen, a slide: the title over everything; on the right the filters, in rows, down to the band
    kept for the key hint; on the left a column of the block's steps, the drawing with its label and note
    under it, the modes, and the readout (or, idle, how to read the view) down to that band. ``fits``:
    whether all of it fits, the readout box tall enough for the longest readout (``readouts``)."""
    image_h, image_w = state.image.shape[:2]
    px, floor, body = sizes.px, sizes.floor, max(sizes.body, sizes.floor)
    margin, lead, ascent = px(MARGIN), round(body * SLIDE_LEADING), math.ceil(glyphs.ASCENT * body)
    width, height = window
    map_w, map_h = image_w * map_scale, image_h * map_scale
    slot_w = max(map_w, plan.side * cell) if plan.weights else map_w
    slot_h = max(map_h, plan.side * cell) if plan.weights else map_h
    block_w = slot_w + px(INNER_GAP) + map_w
    across, rows = min(plan.count, plan.per_row), -(-plan.count // plan.per_row)
    blocks_w = across * block_w + (across - 1) * px(COLUMN_GAP)
    column_w = width - 2 * margin - px(INPUT_GAP) - blocks_w
    room = max(column_w, 1)
    heads = [set_in(name, sizes.body, floor, block_w, 2, hyphens=True) for name in texts.filter_names(state)]
    names = tuple(head[1] if head is not None else (str(index + 1),) for index, head in enumerate(heads))
    name_h = body + (max(len(name) for name in names) - 1) * lead + px(NAME_GAP)
    block_h = name_h + slot_h + px(INNER_GAP) + map_h
    title_y = px(TOP_MARGIN) + sizes.title
    top = title_y + math.ceil(glyphs.DESCENT * sizes.title) + px(TITLE_GAP)
    hint_y, foot = foot_of(sizes, height)
    blocks_bottom = top + rows * block_h + (rows - 1) * px(ROW_GAP)
    # Filters that leave room under them stand in the middle of it (the column beside them fills the rows above).
    down = round(max(0, foot - blocks_bottom) * (1 - lift))
    columns = filter_columns(state, plan, map_scale, (slot_w, slot_h), (width - margin - blocks_w, top + down), name_h,
                             ascent, px(ROW_GAP), sizes)
    # The column, from the top: the block's steps, the drawing, its label and note and the modes (beside the
    # drawing while they fit its height, else under it), then the readout.
    description = description_lines(state, sizes, room, plan.where)
    subtitle_y = top + ascent
    source = Rect(margin, top + len(description) * lead + px(TEXT_GAP) + PANEL_BAND,
                  image_w * input_scale, image_h * input_scale)
    under = source.y + source.h + PANEL_BAND + px(TEXT_GAP)
    aside = Rect(source.x + source.w + px(INPUT_GAP), source.y, room - source.w - px(INPUT_GAP), source.h)
    size_caption = texts.size_caption(state.image, state.inverted)
    least = math.ceil(max(glyphs.text_width(half, floor) for half in texts.split_in_two(size_caption))) + px(8)
    label, status, beside_it = None, modes_lines(texts.layer_status(state), sizes, room), 0   # 0, 1 or 2 beside
    if aside.w >= least:
        label = set_in(size_caption, sizes.body, floor, aside.w, 2)
        if label is not None and len(label[1]) * lead <= aside.h:
            beside_it = 1
            status_aside = modes_lines(texts.layer_status(state), sizes, aside.w)
            if (len(label[1]) + len(status_aside)) * lead + px(TEXT_GAP) <= aside.h:
                beside_it, status = 2, status_aside
    if not beside_it:
        label = set_in(size_caption, sizes.body, floor, room, 2)
    labels = label[1] if label is not None else ()
    needs = readout_room(readouts, plan, sizes, room)
    # The input's note (a photo scaled down, the camera) takes only whole lines left over (beside the drawing, or
    # from the readout's room beyond what it needs): the layout fits the same with or without it, as fitting a
    # photo tries it without.
    if beside_it:
        spare = (aside.h - len(labels) * lead - (len(status) * lead + px(TEXT_GAP) if beside_it == 2 else 0)) // lead
        captions = labels + note_lines(state, sizes, aside.w)[:max(0, spare)]
        caption_box = Rect(aside.x, aside.y, aside.w, len(captions) * lead)
        status_box = Rect(aside.x, aside.y + caption_box.h + px(TEXT_GAP), aside.w, len(status) * lead) \
            if beside_it == 2 else Rect(margin, under, room, len(status) * lead)
    else:
        readout_top = under + (len(labels) + len(status)) * lead + 2 * px(TEXT_GAP)
        spare = (foot - readout_top - (needs or 0) * lead) // lead
        captions = labels + note_lines(state, sizes, room)[:max(0, spare)]
        caption_box = Rect(margin, under, room, len(captions) * lead)
        status_box = Rect(margin, under + caption_box.h + px(TEXT_GAP), room, len(status) * lead)
    readout_top = max(under, status_box.y + status_box.h + px(TEXT_GAP))
    readout = Rect(margin, readout_top, room, max(0, foot - readout_top))
    fits = (map_scale >= 1 and input_scale >= 1 and label is not None and needs is not None
            and blocks_bottom <= foot and readout.h >= needs * lead and column_w >= max(source.w, least))
    words = Words(description, names, (), captions, status, body)
    return Layout(width, height, input_scale, map_scale, plan.pool, plan.side, source, columns, title_y, subtitle_y,
                  caption_box.y + ascent, status_box.y + ascent, readout, hint_y, sizes, plan.weights, plan.compact,
                  fits, lead, words, Rect(margin, top, room, foot - top), caption_box, status_box)


def kernel_grid(layout: Layout, index: int, shape) -> tuple[int, int, int]:
    """Where filter ``index``'s kernel cells go: (left, top, cell size), centred in its kernel's slot."""
    slot, (rows, cols) = layout.columns[index].kernel, shape
    cell = min(slot.w // cols, slot.h // rows)
    return slot.x + (slot.w - cols * cell) // 2, slot.y + (slot.h - rows * cell) // 2, cell
