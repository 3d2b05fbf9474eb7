"""The layer view: one drawing through a whole bank of filters, as a CNN's first block runs it.

    drawing    filter 1     filter 2     filter 3  …     (the kernels, over their columns)
               feature map  feature map  feature map     (each filter's sums)
               after ReLU   after ReLU   after ReLU      (negatives become 0)
               pooled       pooled       pooled          (max or average of each N×N)
    modes line
    readout: the pixel under the mouse worked out
    hint line

Click a filter's kernel to select it: the keys that change the filter
view's kernel (→ ←, r, k, ↑ ↓, typing …) then change that filter. Drawing
on the input updates every map. Like views/filter.py, everything but the
drawing itself (through the Canvas) is pure.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
from dataclasses import dataclass

import numpy as np

import filters
from convolution.maths.layer import LayerMaps
from convolution.screen import geometry, glyphs, pixels, texts
from convolution.screen.canvas import Canvas, Part
from convolution.screen.geometry import MARGIN, PANEL_BAND, Rect, Sizes
from convolution.screen.views import common
from convolution.state import demo, keys

NAME = "layer"
SUMMARY = "many filters at once, each map after ReLU and pooling (the lesson's Part 2, a CNN's first block)"

HEADER = 80           # title and description
INPUT_GAP = 40        # between the input and the first filter
COLUMN_GAP = 24       # between two filters
INNER_GAP = 12        # between the pictures of one filter
FILTER_NAME = 34      # the filter's name over its pictures
CAPTIONS = 56         # under the input: its caption (and a second line for a Quick Draw drawing or a photo)
READOUT_LINE = 28     # a line of the readout
HINT = 40
STATUS = 36
MIN_WIDTH = 940
MAX_MAP_SCALE = 12    # the largest map scale a window tries
MAX_SCALE = 20        # the largest scale of the input drawing
ROWS = ("map", "relu", "pooled")


@dataclass(frozen=True)
class Column:
    """One filter's pictures, two by two (reading clockwise: the kernel, its sums, ReLU, the pooled map):

        name
        kernel   feature map
        pooled   after ReLU
    """
    x: int
    w: int
    name_y: int               # baseline of the filter's name
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
    subtitle_y: int
    caption_y: int            # under the input
    status_y: int
    readout: Rect
    hint_y: int
    sizes: Sizes = Sizes()
    weights_written: bool = True   # the kernels' cells are large enough for their weights (else tints only)
    compact: bool = False          # the readout in two lines only
    fits: bool = True


def prepare(state: demo.SketchState) -> None:
    """Give the state a bank of filters if it has none yet: the default four edge detectors, the
    kernel shown now (unless the identity) first among them."""
    if not state.bank:
        demo.use_bank(state, demo.DEFAULT_BANK, keep_current=True)


def default_scale(state: demo.SketchState) -> int:
    """The input drawing's scale in a window of its own: the lesson's 10×, less for a big image."""
    height, width = state.image.shape[:2]
    return geometry.auto_scale(width, height)


@dataclass(frozen=True)
class Plan:
    """The choices a layout makes before it places anything."""
    count: int                # filters
    side: int                 # the largest kernel's rows or columns
    pool: int
    weights: bool             # kernels drawn large enough for their weights (else as tints, map-sized)
    compact: bool             # the readout in two lines
    per_row: int = 8          # filters in a row (the rest wrap onto a second row)


def weight_cell(state: demo.SketchState, sizes: Sizes, labels=None) -> int:
    """The cell size at which every filter's weights (``labels``: all_labels) fit at the text floor."""
    widest = max(glyphs.text_width(label, sizes.floor) for label in labels or all_labels(state))
    return max(math.ceil(sizes.floor / 0.42), math.ceil((widest + 4) / 0.86), sizes.px(40))


def all_labels(state: demo.SketchState) -> set[str]:
    """Every weight the bank's kernels show, as text (texts.kernel_labels)."""
    return {label for kernel in demo.bank_kernels(state) for row in texts.kernel_labels(kernel)[0] for label in row}


def measures(image_w: int, image_h: int, plan: Plan, map_scale: int, input_scale: int, cell: int, sizes: Sizes):
    """(width, height) the window needs, and the pieces' sizes: (map w, map h, kernel slot w, block w)."""
    px = sizes.px
    map_w, map_h = image_w * map_scale, image_h * map_scale
    slot_w = max(map_w, plan.side * cell) if plan.weights else map_w
    slot_h = max(map_h, plan.side * cell) if plan.weights else map_h
    block_w = slot_w + px(INNER_GAP) + map_w
    input_w = max(image_w * input_scale, caption_width(sizes))
    across = min(plan.count, plan.per_row)
    width = 2 * px(MARGIN) + input_w + px(INPUT_GAP) + across * block_w + (across - 1) * px(COLUMN_GAP)
    block_h = px(FILTER_NAME) + slot_h + px(INNER_GAP) + map_h
    blocks_h = -(-plan.count // plan.per_row) * (block_h + px(COLUMN_GAP)) - px(COLUMN_GAP)
    input_h = image_h * input_scale + px(CAPTIONS + 28)
    readout_h = 2 * sizes.body + px(30 + (0 if plan.compact else READOUT_LINE * max(plan.side, 3)))
    height = (px(MARGIN + HEADER) + max(blocks_h, px(FILTER_NAME) + input_h) + px(STATUS) + readout_h + px(HINT)
              + px(MARGIN) // 2)
    return (width, height), (map_w, map_h, slot_w, slot_h, block_w, readout_h)


def rows_of(count: int) -> list[int]:
    """How many filters a row may hold, in order of preference: all in one row, then two rows."""
    return [count] + ([-(-count // 2)] if count > 1 else [])


@functools.lru_cache(maxsize=16)
def caption_width(sizes: Sizes) -> int:
    """The least width of the input's column: its caption's first words on a line ("input 28×28")."""
    return math.ceil(glyphs.text_width("input 28\u00d728", sizes.floor)) + sizes.px(8)


def layout_for(state: demo.SketchState, window: tuple[int, int] | None = None, scale: int | None = None,
               fullscreen: bool = False) -> Layout:
    """The layout for what ``state`` shows: in ``window`` (width, height), the maps as large as fit and
    the input at least as large (at most ``scale``, when given), text from the window's height; or (no
    window) in a window of its own, the input at ``scale`` (default the lesson's 10×)."""
    image_h, image_w = state.image.shape[:2]
    pool = state.pool if state.layer is not None and state.layer.pooled[0] is not None else 0
    side = max(max(kernel.shape) for kernel in demo.bank_kernels(state))
    if window is None:
        sizes = Sizes()
        input_scale = scale or default_scale(state)
        plan = Plan(len(state.bank), side, pool, True, False, len(state.bank))
        map_scale = max(1, min(MAX_MAP_SCALE, input_scale // 2 or 1))
        return arranged(image_w, image_h, plan, map_scale, input_scale, weight_cell(state, sizes), sizes)
    width, height = window
    candidates = []   # (map scale, input scale, plan, sizes), in the order a class would want them
    labels = all_labels(state)
    for sizes in Sizes.for_window(height, fullscreen=fullscreen).smaller_choices():
        cell = weight_cell(state, sizes, labels)
        for per_row, compact, weights in itertools.product(rows_of(len(state.bank)), (False, True), (True, False)):
            plan = Plan(len(state.bank), side, pool, weights, compact, per_row)
            def fitting(map_scale, input_scale, plan=plan, sizes=sizes, cell=cell):
                return fits(image_w, image_h, plan, map_scale, input_scale, cell, sizes, width, height)
            map_scale = geometry.largest_whole(lambda m: fitting(m, m), MAX_MAP_SCALE)
            most = min(scale or MAX_SCALE, MAX_SCALE)
            input_scale = geometry.largest_whole(lambda s, m=map_scale: fitting(m, s), most, map_scale)
            candidates.append((map_scale, input_scale, plan, sizes, cell))
    # The first (largest text, whole readout, weights written) whose maps, then input, are large enough:
    # as large as wanted for the window, or as large as any way allows.
    maps_enough = min(max(choice[0] for choice in candidates), max(1, height // WANTED_MAP_SCALE_PER))
    large_maps = [choice for choice in candidates if choice[0] >= maps_enough]
    input_enough = min(max(choice[1] for choice in large_maps), max(1, height // WANTED_SCALE_PER))
    map_scale, input_scale, plan, sizes, cell = next(choice for choice in large_maps if choice[1] >= input_enough)
    return arranged(image_w, image_h, plan, max(1, map_scale), max(1, input_scale), cell, sizes, window,
                    fits=map_scale >= 1)


WANTED_MAP_SCALE_PER = 180   # a window h pixels high wants maps at h / 180 × (6× on 1080 lines) …
WANTED_SCALE_PER = 120       # … and the input at h / 120 × (9×)


def fits(image_w, image_h, plan, map_scale, input_scale, cell, sizes, width, height) -> bool:
    (needs_w, needs_h), _ = measures(image_w, image_h, plan, map_scale, input_scale, cell, sizes)
    return needs_w <= width and needs_h <= height


def arranged(image_w: int, image_h: int, plan: Plan, map_scale: int, input_scale: int, cell: int, sizes: Sizes,
             window: tuple[int, int] | None = None, fits: bool = True) -> Layout:
    """Place the input on the left, its captions and the key under it, and each filter's four pictures
    beside it; the modes line, the readout and the key hint under everything. In a ``window`` larger
    than needed, centred in it."""
    px = sizes.px
    margin = px(MARGIN)
    (needs_w, needs_h), (map_w, map_h, slot_w, slot_h, block_w, readout_h) = measures(
        image_w, image_h, plan, map_scale, input_scale, cell, sizes)
    width, height = window or (max(px(MIN_WIDTH), needs_w), needs_h)
    across, down = max(0, (width - needs_w) // 2), max(0, (height - needs_h) // 2)
    top = margin + px(HEADER) + down
    source = Rect(margin + across, top + px(FILTER_NAME), image_w * input_scale, image_h * input_scale)
    first_x = source.x + max(source.w, caption_width(sizes)) + px(INPUT_GAP)
    block_h = px(FILTER_NAME) + slot_h + px(INNER_GAP) + map_h
    blocks_h = -(-plan.count // plan.per_row) * (block_h + px(COLUMN_GAP)) - px(COLUMN_GAP)
    input_h = source.h + px(CAPTIONS + 28)
    body_h = max(blocks_h, px(FILTER_NAME) + input_h)
    columns = []
    for index in range(plan.count):
        row, place = divmod(index, plan.per_row)
        x, block_top = first_x + place * (block_w + px(COLUMN_GAP)), top + row * (block_h + px(COLUMN_GAP))
        row1, row2 = block_top + px(FILTER_NAME), block_top + px(FILTER_NAME) + slot_h + px(INNER_GAP)
        kernel = Rect(x, row1, slot_w, slot_h)
        feature = Rect(x + slot_w + px(INNER_GAP), row1 + (slot_h - map_h) // 2, map_w, map_h)
        relu = Rect(feature.x, row2, map_w, map_h)
        pooled = (Rect(x + slot_w - (image_w // plan.pool) * plan.pool * map_scale, row2,
                       (image_w // plan.pool) * plan.pool * map_scale, (image_h // plan.pool) * plan.pool * map_scale)
                  if plan.pool else None)
        columns.append(Column(x, block_w, block_top + px(FILTER_NAME) - px(10), kernel, (feature, relu, pooled)))
    caption_y = source.y + source.h + px(32)
    status_y = top + body_h + px(26)
    readout = Rect(margin, status_y + px(12), width - 2 * margin, readout_h)
    return Layout(width, height, input_scale, map_scale, plan.pool, plan.side, source, tuple(columns),
                  down + margin + sizes.title, down + margin + sizes.title + px(12) + sizes.body, caption_y, status_y,
                  readout, height - down - px(14), sizes, plan.weights, plan.compact, fits)


def kernel_grid(layout: Layout, index: int, shape) -> tuple[int, int, int]:
    """Where filter ``index``'s kernel cells go: (left, top, cell size), centred in its kernel's slot."""
    slot, (rows, cols) = layout.columns[index].kernel, shape
    cell = min(slot.w // cols, slot.h // rows)
    return slot.x + (slot.w - cols * cell) // 2, slot.y + (slot.h - rows * cell) // 2, cell


# --------------------------------------------------------------------------
# Hit-testing: what is under the mouse
# --------------------------------------------------------------------------

Hit = demo.Hit   # what a window point is over (the state keeps the map pixel pointed at)


def hit(layout: Layout, state: demo.SketchState, px: float, py: float) -> Hit | None:
    """What is under window point (px, py), or None."""
    found = geometry.pixel_under(layout.source, layout.scale, px, py)
    if found is not None:
        return Hit("source", 0, *found)
    kernels = demo.bank_kernels(state)
    for index, column in enumerate(layout.columns):
        for kind, rect in zip(ROWS, column.maps):
            if rect is not None:
                step = layout.map_scale * (layout.pool if kind == "pooled" else 1)
                found = geometry.pixel_under(rect, step, px, py)
                if found is not None:
                    return Hit(kind, index, *found)
        left, top, cell = kernel_grid(layout, index, kernels[index].shape)
        rows, cols = kernels[index].shape
        if left <= px < left + cols * cell and top <= py < top + rows * cell:
            row, col = int((py - top) // cell), int((px - left) // cell)
            if state.flip:   # a flipped kernel is drawn turned round: the weight under the mouse is its mirror
                row, col = demo.flipped_cell((row, col), (rows, cols))
            return Hit("kernel", index, row, col)
        if column.x <= px < column.x + column.w and layout.title_y < py < column.maps[0].y:
            return Hit("column", index)
    return None


# --------------------------------------------------------------------------
# Drawing: the parts that change with the state
# --------------------------------------------------------------------------

def draw(canvas: Canvas, layout: Layout, state: demo.SketchState, message: str) -> None:
    """Repaint the parts whose content changed, every filter's kernel cells, then what follows the mouse."""
    common.begin_frame(canvas, layout.sizes)
    canvas.draw_parts(parts(canvas, layout, state, message))
    for index, kernel in enumerate(demo.bank_kernels(state)):
        selected = index == state.bank_selected
        editing_from = state.ui.editing_from if selected else None
        labels, _ = canvas.derived(f"labels {index}", texts.kernel_labels, kernel, editing_from)
        if not layout.weights_written:   # cells too small for their weights at the floor: tints only
            labels = [[""] * kernel.shape[1] for _ in range(kernel.shape[0])]
        common.draw_kernel_cells(canvas, f"cells {index}", kernel_grid(layout, index, kernel.shape), kernel, labels,
                                 state.ui.selected if selected else None,
                                 state.ui.typed if selected and layout.weights_written else "", state.flip)
    draw_pointing(canvas, layout, state)


def parts(canvas: Canvas, layout: Layout, state: demo.SketchState, message: str) -> list[Part]:
    """The window's parts besides the maps and kernel cells, each with everything it shows."""
    first = layout.columns[0]
    px = layout.sizes.px
    readout_end = layout.readout.y + layout.readout.h
    names = texts.filter_names(state)
    kernels = demo.bank_kernels(state)
    heads_top = first.name_y - layout.sizes.body - px(6)
    result = [Part("header", (texts.layer_title(state), texts.layer_description(state)),
                   Rect(0, 0, layout.width, heads_top),
                   lambda title, line: common.draw_header(canvas, layout, common.header_x(layout), title, line))]
    for index, (label, kernel) in enumerate(zip(names, kernels)):
        column = layout.columns[index]
        result.append(Part(f"filter {index}", (label, index == state.bank_selected, kernel.shape),
                           Rect(column.x - 8, heads_top, column.w + 16,
                                column.kernel.y + column.kernel.h + 8 - heads_top),
                           lambda label, selected, shape, index=index: draw_filter_head(canvas, layout, index, label,
                                                                                       selected, shape)))
    below_input = layout.source.y + layout.source.h + PANEL_BAND
    input_right = first.x - px(INPUT_GAP) // 2
    result += [
        Part("captions", (texts.size_caption(state.image, state.inverted), texts.source_note(state)),
             Rect(0, below_input, input_right, layout.caption_y + layout.sizes.px(CAPTIONS) - below_input),
             lambda caption, note: draw_captions(canvas, layout, caption, note)),
        Part("status", (texts.layer_status(state),), Rect(0, layout.status_y - px(24), layout.width, px(32)),
             lambda status: draw_status(canvas, layout, status)),
        Part("hint", (message, keys.hint_line(NAME, state)),
             Rect(0, readout_end, layout.width, layout.height - readout_end),
             lambda text, hint: common.draw_hint(canvas, layout.width, layout.hint_y, text, hint, layout.sizes)),
    ]
    return result


def draw_filter_head(canvas: Canvas, layout: Layout, index: int, label: str, selected: bool, shape) -> None:
    """A filter's name over its pictures (highlighted when selected), and a frame round its kernel when selected.

    The box under it was cleared, so its kernel cells are drawn anew too.
    """
    column = layout.columns[index]
    colour = canvas.theme.highlight if selected else canvas.theme.text
    canvas.fitted_text(label, column.x + column.w / 2, column.name_y, layout.sizes.body, column.w, colour, "center")
    if selected:
        left, top, cell = kernel_grid(layout, index, shape)
        canvas.frame(Rect(left - 4, top - 4, shape[1] * cell + 7, shape[0] * cell + 7), canvas.theme.highlight, 2)


def draw_captions(canvas: Canvas, layout: Layout, caption: str, note: str) -> None:
    room = layout.columns[0].x - layout.source.x - layout.sizes.px(INPUT_GAP) // 2
    common.draw_captions(canvas, layout.source.x, layout.caption_y, room, caption, note, layout.sizes)


def draw_status(canvas: Canvas, layout: Layout, status: str) -> None:
    common.draw_status(canvas, layout.width, layout.status_y, status, layout.sizes)


# --------------------------------------------------------------------------
# Drawing: what follows the mouse
# --------------------------------------------------------------------------

def draw_pointing(canvas: Canvas, layout: Layout, state: demo.SketchState) -> None:
    """Every map, the outlines of what the mouse points at, and the readout that works it out."""
    canvas.use_sizes(layout.sizes)
    if state.ui.show_help or state.layer is None:
        return
    canvas.panel("source", layout.source, lambda: pixels.source_colours(state.image), state.image, layout.scale)
    maps = state.layer
    for index, column in enumerate(layout.columns):
        shown_map, shown_relu, shown_pooled = maps.shown[index]
        for kind, rect, shown in zip(ROWS, column.maps, maps.shown[index]):
            if rect is None or shown is None:
                continue
            if kind == "pooled":
                canvas.panel(f"pooled {index}", rect, functools.partial(pixels.as_rgb, shown), shown,
                             layout.map_scale * layout.pool)
            else:
                colours = functools.partial(pixels.output_colours, shown, maps.computed[index],
                                            canvas.theme.panel_background)
                canvas.panel(f"{kind} {index}", rect, colours, shown, layout.map_scale)
    focus = state.ui.hover_map
    if state.stroke is not None:
        # While the pen is down the eye is on the maps; the readout follows once the stroke ends.
        focus = None
    box = layout.readout
    if focus is None:
        canvas.fitted_text(texts.IDLE_LAYER_READOUT, layout.width / 2, box.y + layout.sizes.body, layout.sizes.body,
                           box.w, canvas.theme.text_dim, "center", lines=2)
        return
    draw_outlines(canvas, layout, state, focus)
    draw_readout(canvas, box, state, maps, focus, layout.sizes)


Mark = tuple[str, Rect, Rect]   # an outline: (the panel it is on, the panel's rect, the outline's rect)


def draw_outlines(canvas: Canvas, layout: Layout, state: demo.SketchState, focus: Hit) -> None:
    """Outline what ``focus`` points at and where it comes from on the input."""
    kernels = demo.bank_kernels(state)
    if focus.kind == "source":
        marks = source_marks(layout, kernels[state.bank_selected], focus)
    elif focus.kind == "pooled":
        marks = pooled_marks(layout, kernels[focus.index], focus, "relu" if state.relu else "map")
    else:
        marks = map_marks(layout, kernels[focus.index], focus)
    canvas.outlines(marks)


def source_marks(layout: Layout, kernel: np.ndarray, focus: Hit) -> list[Mark]:
    """An input pixel: the pixel on every map it makes, and the selected filter's (``kernel``'s)
    neighbourhood on the input."""
    rows, cols = kernel.shape
    marks = [("source", layout.source, geometry.pixel_rect(layout.source, layout.scale, focus.y, focus.x, rows, cols))]
    for index, column in enumerate(layout.columns):
        for kind, rect in zip(ROWS[:2], column.maps[:2]):
            marks.append((f"{kind} {index}", rect, geometry.pixel_rect(rect, layout.map_scale, focus.y, focus.x)))
    return marks


def pooled_marks(layout: Layout, kernel: np.ndarray, focus: Hit, pooled_from: str) -> list[Mark]:
    """A pooled pixel, its window on the map it pools (``pooled_from``: "map" or "relu") and that window's
    receptive field on the input."""
    column, scale, inputs = layout.columns[focus.index], layout.map_scale, layout.scale
    rect, from_rect = column.maps[2], column.maps[ROWS.index(pooled_from)]
    if rect is None or from_rect is None:   # pooling off: no pooled pixel is pointed at then
        return []
    top, left, size, _ = filters.pool_window(focus.y, focus.x, layout.pool)
    ry, rx = kernel.shape[0] // 2, kernel.shape[1] // 2
    return [(f"pooled {focus.index}", rect, geometry.pixel_rect(rect, scale * layout.pool, focus.y, focus.x)),
            (f"{pooled_from} {focus.index}", from_rect,
             Rect(from_rect.x + left * scale, from_rect.y + top * scale, size * scale, size * scale)),
            ("source", layout.source, Rect(layout.source.x + (left - rx) * inputs,
                                           layout.source.y + (top - ry) * inputs,
                                           (size + 2 * rx) * inputs, (size + 2 * ry) * inputs))]


def map_marks(layout: Layout, kernel: np.ndarray, focus: Hit) -> list[Mark]:
    """A pixel of a feature map or of its map after ReLU, and the filter's neighbourhood on the input."""
    rows, cols = kernel.shape
    column = layout.columns[focus.index]
    rect = column.maps[0] if focus.kind == "map" else column.maps[1]
    return [(f"{focus.kind} {focus.index}", rect, geometry.pixel_rect(rect, layout.map_scale, focus.y, focus.x)),
            ("source", layout.source, geometry.pixel_rect(layout.source, layout.scale, focus.y, focus.x, rows, cols))]


def draw_readout(canvas: Canvas, box: Rect, state: demo.SketchState, maps: LayerMaps, focus: Hit, sizes: Sizes) -> None:
    """The pixel ``focus`` points at, worked out: a sum (map, ReLU, or the input's pixel with the
    selected filter) or a pooled window. ``maps``: the state's layer, every map of the bank."""
    index = state.bank_selected if focus.kind == "source" else focus.index
    kernel = demo.bank_kernels(state)[index]
    name = texts.filter_names(state)[index]
    if focus.kind == "pooled":
        pooled_from = maps.relu if state.relu else maps.sums
        pooling = filters.explain_pool(pooled_from[index], focus.y, focus.x, state.pool, how=state.pool_mode)
        pool_readout = texts.make_pool_readout(pooling, state.pool_mode, state.mapping, maps.ranges[index],
                                               state.relu)
        common.draw_pool_readout(canvas, box,
                                 dataclasses.replace(pool_readout, title=f"{name}: {pool_readout.title}"), sizes)
        return
    worked = filters.explain_pixel(state.image, kernel, focus.y, focus.x, state.edges, state.flip)
    readout = texts.make_readout(worked, state.edges, state.mapping, maps.ranges[index], relu=focus.kind == "relu")
    common.draw_readout(canvas, box, dataclasses.replace(readout, title=f"{name}: {readout.title}"),
                        canvas.derived(f"readout widths {index}", texts.readout_widths, kernel), sizes)


# --------------------------------------------------------------------------
# The mouse: what pointing, clicking, dragging and the wheel do here
# --------------------------------------------------------------------------

def mouse_moved(state: demo.SketchState, layout: Layout, px: float, py: float) -> bool:
    """Follow the mouse over the input and the maps; returns whether the readout must follow."""
    found = hit(layout, state, px, py)
    pointed = found if found is not None and found.kind in ("source",) + ROWS else None
    if pointed == state.ui.hover_map:
        return False
    state.ui.hover_map = pointed
    state.ui.hover = (pointed.y, pointed.x) if pointed is not None and pointed.kind != "pooled" else None
    return True


def mouse_pressed(state: demo.SketchState, layout: Layout, px: float, py: float, left_button: bool) -> None:
    """On the input, put the pen down; on a filter, select it (and the weight clicked); elsewhere, no weight."""
    found = hit(layout, state, px, py)
    if found is not None and found.kind == "source" and left_button:
        common.put_pen_down(state, layout, px, py)
    elif found is not None and found.kind in ("kernel", "column") + ROWS:
        demo.select_filter(state, found.index)
        demo.select_cell(state, (found.y, found.x) if found.kind == "kernel" else None)
    else:
        demo.select_cell(state, None)


mouse_dragged = common.drag_pen   # draw on with the pen, if it is down


def mouse_wheel(state: demo.SketchState, layout: Layout, px: float, py: float, count: int, fine: bool) -> bool:
    """Over a filter's weight, the wheel changes it (up raises it); returns whether it did."""
    found = hit(layout, state, px, py)
    if found is None or found.kind != "kernel":
        return False
    demo.select_filter(state, found.index)
    if state.ui.selected != (found.y, found.x):
        demo.select_cell(state, (found.y, found.x))
    demo.nudge_weight(state, -count, fine=fine)
    return True
