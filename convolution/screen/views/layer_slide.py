"""The layer view in full screen, a slide for the back row: the filters fill the screen's height, with the
drawing, the texts and the readout in a column beside them (layer_layout.py lays out a window).

    title
    steps of the block          name 1          name 2
    drawing   label, modes      kernel  map     kernel  map
    readout, or (idle)          pooled  relu    pooled  relu
    how to read the view        name 3          name 4  …
    key hint (a lesson's caption takes the line over it too)

A slide fills at least three quarters of the screen's rows (the tests' row_share), pointing at a pixel or not,
when any arrangement can: the maps as large as fit, then the arrangement, the drawing's size and the filters'
place in their room that fill most. Every text is broken into lines that fit, never cut.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass

import numpy as np

import filters
from convolution.screen import geometry, glyphs, texts
from convolution.screen.canvas import MONO
from convolution.screen.geometry import MARGIN, PANEL_BAND, Rect, Sizes
from convolution.screen.views.layer_layout import (
    COLUMN_GAP,
    INNER_GAP,
    INPUT_GAP,
    MAX_MAP_SCALE,
    MAX_SCALE,
    MIN_READOUT_LINES,
    Layout,
    Plan,
    Words,
    all_labels,
    description_lines,
    filter_columns,
    first_large_enough,
    lines_of,
    note_lines,
    rows_of,
    set_in,
    weight_cell,
    wrap,
)
from convolution.state import demo

# Full screen is a slide (Plan.beside): gaps tighter than a window's, so that the pictures fill its height.
TOP_MARGIN = 16       # over the title's baseline less its size (most of a title's letters are lower still)
TITLE_GAP = 6         # from the title's foot to the first row of names
NAME_GAP = 4          # from a name's foot to its filter's pictures
ROW_GAP = 12          # between two rows of filters
TEXT_GAP = 6          # between the column's groups of lines: the steps, the drawing, the modes, the readout
SLIDE_LEADING = 1.2   # a line's height, of its text's size, on a slide (as a presentation sets its lines)
SEPARATOR = "   \u00b7   "   # between the modes line's items (texts.mode_caption)

LIFTS = (0.0, 0.25, 0.5, 0.75, 1.0)   # how far up filters shorter than their room stand in it: from its foot to its top


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
    return Readouts(tuple(dict.fromkeys(titles)), tuple(dict.fromkeys(results)), chars)


@functools.lru_cache(maxsize=1024)
def most_lines(lines_of_text: tuple[str, ...], size: int, floor: int, width: int, most: int) -> int | None:
    """The most lines any of ``lines_of_text`` takes in ``width`` (set_in, up to ``most``); None if one does not
    fit in that many."""
    counts = [set_in(text, size, floor, width, most) for text in lines_of_text]
    if any(found is None for found in counts):
        return None
    return max((len(found[1]) for found in counts if found is not None), default=1)


def readout_room(readouts: Readouts, plan: Plan, sizes: Sizes, width: int) -> int | None:
    """The lines a readout box ``width`` wide needs for the longest readout (its title and result broken at
    the floor, and, unless compact, its worked sum's rows); None if one cannot be set in it at all (a word, or
    unless compact the sum's rows, wider than the box)."""
    titles = most_lines(readouts.titles, sizes.body, sizes.floor, width, 6)
    results = most_lines(readouts.results, sizes.body, sizes.floor, width, 3)
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


def slide_for(state: demo.SketchState, window: tuple[int, int], scale: int | None = None) -> Layout | None:
    """The slide for what ``state`` shows on a screen ``window`` (width, height), the drawing at most ``scale``
    (when given); None if none fits (a photo too large: it is made smaller, or a window's layout is used)."""
    width, height = window
    pool = state.pool if state.layer is not None and state.layer.pooled[0] is not None else 0
    side = max(max(kernel.shape) for kernel in demo.bank_kernels(state))
    count = len(state.bank)
    sizes = Sizes.for_window(height, fullscreen=True)
    cell = weight_cell(state, sizes, all_labels(state))
    readouts = worst_readouts(state)
    candidates = []   # (map scale, input scale, plan, sizes, cell), in the order a class would want them
    for per_row, where, compact, weights in itertools.product(rows_of(count), (True, False), (False, True),
                                                              (True, False)):
        plan = Plan(count, side, pool, weights, compact, per_row, where, True)

        def fitting(map_scale, input_scale, plan=plan):
            return beside(state, plan, map_scale, input_scale, cell, sizes, window, readouts).fits
        map_scale = geometry.largest_whole(lambda m: fitting(m, m), MAX_MAP_SCALE)
        most = min(scale or MAX_SCALE, MAX_SCALE)
        input_scale = geometry.largest_whole(lambda s, m=map_scale: fitting(m, s), most, max(1, map_scale))
        if map_scale >= 1:
            candidates.append((map_scale, input_scale, plan, sizes, cell))
    if not candidates:
        return None
    # The maps as large as wanted (layer_layout.first_large_enough), by the ways that fill three quarters of the
    # rows whatever the readout shows; else the way that fills most.
    maps_enough = first_large_enough(candidates, height)[0]
    large_maps = [choice for choice in candidates if choice[0] >= maps_enough]
    shares = [rows_share(beside(state, plan, map_scale, input_scale, cell, sizes, window, readouts))
              for map_scale, input_scale, plan, sizes, cell in large_maps]
    large_maps = [choice for choice, share in zip(large_maps, shares) if share >= SLIDE_SHARE] or \
        [large_maps[shares.index(max(shares))]]
    map_scale, input_scale, plan, sizes, cell = first_large_enough(large_maps, height)
    # Filters shorter than their room stand where they leave the fewest rows empty, the drawing as large as
    # leaves three quarters of them filled (the largest, lowest that does; else the fullest, nothing pointed at).
    slides = [beside(state, plan, map_scale, scale_now, cell, sizes, window, readouts, lift)
              for scale_now in range(input_scale, max(1, map_scale) - 1, -1) for lift in LIFTS]

    def idle(slide: Layout) -> float:
        return rows_share(slide, sum(len(lines) for _, lines in legend_lines(state, slide)))
    return next((slide for slide in slides if rows_share(slide) >= SLIDE_SHARE), max(slides, key=idle))

