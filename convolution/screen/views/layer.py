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
from dataclasses import dataclass

import filters
from convolution.screen import geometry, pixels, texts
from convolution.screen.canvas import Canvas, Part
from convolution.screen.geometry import MARGIN, PANEL_BAND, Rect, Sizes
from convolution.screen.views import common
from convolution.state import demo, keys

NAME = "layer"
SUMMARY = "many filters at once, each map after ReLU and pooling (the lesson's Part 2, a CNN's first block)"

HEADER = 80           # title and description
INPUT_COLUMN = 300    # the input drawing's width at most, unless a map is larger
INPUT_GAP = 48        # between the input and the first filter's column
COLUMN_GAP = 28
FILTER_NAME = 30      # the filter's name over its kernel
CELL_SIZES = (60, 50, 40, 32)   # a kernel cell, the largest that fits: 60 px shows "−0.48" in 16 px type
READABLE_CELL = 50              # pixels: smaller cells only when nothing else fits
ROW_LABEL = 26        # the label line over each row of maps
ROW_GAP = 10
READOUT = {3: 150, 5: 190, 7: 230}   # by the largest kernel's side: room for its rows of numbers
HINT = 40
MIN_WIDTH = 940
# The automatic scale keeps the window within a 1920×1080 screen.
FIT_WIDTH, FIT_HEIGHT = 1880, 1040
MAX_MAP_SCALE = 8  # the largest map scale layout_for tries
MAX_SCALE = 20     # the largest scale of the input drawing
ROWS = ("map", "relu", "pooled")


@dataclass(frozen=True)
class Column:
    """One filter's column: its name, its kernel's cells, and its three maps."""
    x: int
    w: int
    name_y: int               # baseline of the filter's name
    kernel_top: int           # the top of its kernel's block of cells
    cell: int                 # a kernel cell's size
    maps: tuple               # Rect of the feature map, the map after ReLU, the pooled map (None: pooling off)


@dataclass(frozen=True)
class Layout:
    """Where everything goes in the layer view."""
    width: int
    height: int
    scale: int                # each input pixel is scale×scale (as in every view)
    map_scale: int            # each map pixel is map_scale×map_scale
    pool: int                 # the pooling window (0: off)
    kernel_side: int          # the largest kernel's rows or columns: the height of the kernels' block
    source: Rect
    columns: tuple[Column, ...]
    row_label_ys: tuple[int, int, int]   # baselines of the three rows' labels
    title_y: int
    subtitle_y: int
    caption_y: int            # under the input
    status_y: int
    readout: Rect
    hint_y: int
    sizes: Sizes = Sizes()


def prepare(state: demo.Demo) -> None:
    """Give the state a bank of filters if it has none yet: the default four edge detectors, the
    kernel shown now (unless the identity) first among them."""
    if not state.bank:
        demo.use_bank(state, demo.DEFAULT_BANK, keep_current=True)


def default_scale(state: demo.Demo) -> None:
    """None: layout_for chooses the scale for the room it is given."""
    return None


def layout_for(state: demo.Demo, scale: int | None, sizes: Sizes = Sizes(), window=None, room=None) -> Layout:
    """The layout for what ``state`` shows, its input at ``scale`` (--scale) with maps no larger, or
    (None) the largest maps that fit ``room``, by default a 1080p screen's; text at ``sizes``, filling
    ``window`` (width, height) if given: kernel cells as large as fit, down to CELL_SIZES' smallest."""
    height, width = state.image.shape[:2]
    side = max(max(kernel.shape) for kernel in demo.bank_kernels(state))
    pool = state.pool if state.layer is not None and state.layer.pooled[0] is not None else 0
    count = len(state.bank)
    room_w, room_h = room or window or (FIT_WIDTH, FIT_HEIGHT)
    scales = range(min(scale, MAX_MAP_SCALE) if scale else MAX_MAP_SCALE, 0, -1)
    cells = [sizes.px(cell) for cell in CELL_SIZES]
    readable = [cell for cell in cells if cell >= READABLE_CELL]
    # Cells whose weights read from the back of the room, then the biggest maps, then the biggest cells;
    # smaller cells only if nothing else fits.
    for choice in (readable, [cell for cell in cells if cell < READABLE_CELL]):
        for candidate in scales:
            for cell in choice:
                layout = make_layout(width, height, candidate, count, side, pool, cell, sizes, input_scale=scale)
                if layout.width <= room_w and layout.height <= room_h:
                    return make_layout(width, height, candidate, count, side, pool, cell, sizes, window, scale)
    return make_layout(width, height, 1, count, side, pool, cells[-1], sizes, window, scale)


def make_layout(image_w: int, image_h: int, map_scale: int, count: int, side: int = 3, pool: int = 0,
                cell: int = CELL_SIZES[0], sizes: Sizes = Sizes(), window=None,
                input_scale: int | None = None) -> Layout:
    """Lay out the input on the left and ``count`` filter columns beside it, for kernels up to side×side,
    the maps at ``map_scale`` and the input at ``input_scale`` (None: the lesson's 10×, less for a large
    image, never less than the maps'); in a ``window`` (width, height) larger than that, centred in it."""
    px = sizes.px
    margin = px(MARGIN)
    if input_scale is None:
        input_scale = max(map_scale, min(geometry.DEFAULT_SCALE, px(INPUT_COLUMN) // max(image_w, 1)))
    scale = map_scale
    map_w, map_h = image_w * scale, image_h * scale
    column_w = max(map_w, side * cell)
    input_w = image_w * input_scale
    natural_w = max(px(MIN_WIDTH), margin + input_w + px(INPUT_GAP) + count * column_w
                    + (count - 1) * px(COLUMN_GAP) + margin)
    rows_h = 3 * (map_h + px(ROW_LABEL)) + 2 * px(ROW_GAP)
    body_h = max(px(FILTER_NAME) + side * cell + px(10) + rows_h,
                 px(FILTER_NAME) + image_h * input_scale + px(common.CAPTIONS_BELOW))
    readout_h = px(READOUT.get(side, 230))
    natural_h = margin + px(HEADER) + body_h + px(30 + 12) + readout_h + px(HINT)
    width, height = (max(natural_w, window[0]), max(natural_h, window[1])) if window else (natural_w, natural_h)
    across, down = (width - natural_w) // 2, (height - natural_h) // 2   # centred in a full screen
    top = margin + px(HEADER) + down
    source = Rect(margin + across, top + px(FILTER_NAME), input_w, image_h * input_scale)
    first_x = source.x + source.w + px(INPUT_GAP)
    kernel_top = top + px(FILTER_NAME)
    row_top = kernel_top + side * cell + px(10)
    row_ys = [row_top + px(ROW_LABEL) + n * (map_h + px(ROW_LABEL) + px(ROW_GAP)) for n in range(3)]
    columns = []
    for i in range(count):
        x = first_x + i * (column_w + px(COLUMN_GAP))
        map_x = x + (column_w - map_w) // 2
        maps = [Rect(map_x, y, map_w, map_h) for y in row_ys[:2]]
        maps.append(Rect(map_x, row_ys[2], (image_w // pool) * pool * scale, (image_h // pool) * pool * scale)
                    if pool else None)
        columns.append(Column(x, column_w, top + px(FILTER_NAME) - px(10), kernel_top, cell, tuple(maps)))
    status_y = top + body_h + px(30)
    readout = Rect(margin, status_y + px(12), width - 2 * margin, readout_h)
    return Layout(width, height, input_scale, map_scale, pool, side, source, tuple(columns),
                  tuple(y - px(10) for y in row_ys), down + margin + sizes.title,
                  down + margin + sizes.title + px(12) + sizes.body, source.y + source.h + px(32), status_y, readout,
                  height - down - px(14), sizes)


def kernel_grid(layout: Layout, index: int, shape) -> tuple[int, int, int]:
    """Where filter ``index``'s kernel cells go: (left, top, cell size), centred in its column."""
    column = layout.columns[index]
    rows, cols = shape
    # A kernel smaller than the largest gets bigger cells in the same block.
    cell = min(layout.sizes.px(CELL_SIZES[0]), column.w // cols, layout.kernel_side * column.cell // rows)
    left = column.x + (column.w - cols * cell) // 2
    top = column.kernel_top + (layout.kernel_side * column.cell - rows * cell) // 2
    return left, top, cell


# --------------------------------------------------------------------------
# Hit-testing: what is under the mouse
# --------------------------------------------------------------------------

Hit = demo.Hit   # what a window point is over (the state keeps the map pixel pointed at)


def hit(layout: Layout, state: demo.Demo, px: float, py: float) -> Hit | None:
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
            return Hit("kernel", index, int((py - top) // cell), int((px - left) // cell))
        if column.x <= px < column.x + column.w and layout.title_y < py < column.maps[0].y:
            return Hit("column", index)
    return None


# --------------------------------------------------------------------------
# Drawing: the parts that change with the state
# --------------------------------------------------------------------------

def draw(canvas: Canvas, layout: Layout, state: demo.Demo, message: str) -> None:
    """Repaint the parts whose content changed, every filter's kernel cells, then what follows the mouse."""
    full = canvas.is_blank()
    if full:
        canvas.background()
    canvas.repaint(parts(canvas, layout, state, message), full)
    for index, kernel in enumerate(demo.bank_kernels(state)):
        selected = index == state.bank_selected
        editing_from = state.ui.editing_from if selected else None
        labels, _ = canvas.derived(f"labels {index}", texts.kernel_labels, kernel, editing_from)
        common.draw_kernel_cells(canvas, f"cells {index}", kernel_grid(layout, index, kernel.shape), kernel, labels,
                                 state.ui.selected if selected else None, state.ui.typed if selected else "")
    draw_pointing(canvas, layout, state)


def parts(canvas: Canvas, layout: Layout, state: demo.Demo, message: str) -> list[Part]:
    """The window's parts besides the maps and kernel cells, each with everything it shows."""
    first = layout.columns[0]
    px = layout.sizes.px
    right = layout.width - first.x + 4
    readout_end = layout.readout.y + layout.readout.h
    names = texts.filter_names(state)
    kernels = demo.bank_kernels(state)
    result = [Part("header", (texts.layer_title(state), texts.layer_description(state)),
                   Rect(0, 0, layout.width, first.kernel_top - px(FILTER_NAME)),
                   lambda title, line: common.draw_header(canvas, layout, layout.source.x, title, line))]
    for index, (label, kernel) in enumerate(zip(names, kernels)):
        column = layout.columns[index]
        result.append(Part(f"filter {index}", (label, index == state.bank_selected, kernel.shape),
                           Rect(column.x - 8, first.kernel_top - px(FILTER_NAME), column.w + 16,
                                px(FILTER_NAME) + layout.kernel_side * column.cell + 8),
                           lambda label, selected, shape, index=index: draw_filter_head(canvas, layout, index, label,
                                                                                       selected, shape)))
    for number, label in enumerate(texts.layer_row_labels(state)):
        y = layout.row_label_ys[number]
        result.append(Part(f"row {number}", (label,), Rect(first.x - 4, y - px(20), right, px(26)),
                           lambda label, y=y: draw_row_label(canvas, layout, label, y)))
    below_input = layout.source.y + layout.source.h + PANEL_BAND
    result += [
        Part("captions", (texts.size_caption(state.image, state.inverted), texts.source_note(state)),
             Rect(0, below_input, first.x - px(INPUT_GAP) // 2, px(common.CAPTIONS_BELOW) - PANEL_BAND),
             lambda caption, note: draw_captions(canvas, layout, caption, note)),
        Part("status", (texts.layer_status(state),), Rect(0, layout.status_y - px(24), layout.width, px(32)),
             lambda status: draw_status(canvas, layout, status)),
        Part("hint", (message,), Rect(0, readout_end, layout.width, layout.height - readout_end),
             lambda text: common.draw_hint(canvas, layout.width, layout.hint_y, text, keys.hint_line(view=NAME),
                                           layout.sizes)),
    ]
    return result


def draw_filter_head(canvas: Canvas, layout: Layout, index: int, label: str, selected: bool, shape) -> None:
    """A filter's name over its column (highlighted when selected), and a frame round its kernel when selected.

    The box under it was cleared, so its kernel cells are drawn anew too.
    """
    column = layout.columns[index]
    size = canvas.fitting_size([label], layout.sizes.body, column.w)
    colour = canvas.theme.highlight if selected else canvas.theme.text
    canvas.text(label, column.x + column.w / 2, column.name_y, size, colour, "center")
    if selected:
        left, top, cell = kernel_grid(layout, index, shape)
        canvas.frame(Rect(left - 4, top - 4, shape[1] * cell + 7, shape[0] * cell + 7), canvas.theme.highlight, 2)
    canvas.forget(f"cells {index}")


def draw_row_label(canvas: Canvas, layout: Layout, label: str, y: int) -> None:
    first = layout.columns[0]
    size = canvas.fitting_size([label], layout.sizes.small, layout.width - first.x - layout.sizes.px(MARGIN))
    canvas.text(label, first.x, y, size, canvas.theme.text_dim)


def draw_captions(canvas: Canvas, layout: Layout, caption: str, note: str) -> None:
    room = layout.columns[0].x - layout.source.x - layout.sizes.px(INPUT_GAP) // 2
    common.draw_captions(canvas, layout.source.x, layout.caption_y, room, caption, note, layout.sizes)


def draw_status(canvas: Canvas, layout: Layout, status: str) -> None:
    common.draw_status(canvas, layout.width, layout.status_y, status, layout.sizes)


# --------------------------------------------------------------------------
# Drawing: what follows the mouse
# --------------------------------------------------------------------------

def draw_pointing(canvas: Canvas, layout: Layout, state: demo.Demo) -> None:
    """Every map, the outlines of what the mouse points at, and the readout that works it out."""
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
                canvas.panel(f"pooled {index}", rect, lambda shown=shown: pixels.as_rgb(shown), shown,
                             layout.map_scale * layout.pool)
            else:
                canvas.panel(f"{kind} {index}", rect,
                             lambda shown=shown, index=index: pixels.output_colours(shown, maps.computed[index],
                                                                                      canvas.theme.panel_background),
                             shown, layout.map_scale)
    focus = state.ui.hover_map
    if state.stroke is not None:
        # While the pen is down the eye is on the maps; the readout follows once the stroke ends.
        focus = None
    box = layout.readout
    if focus is None and canvas.shown("readout") == "idle":
        return
    canvas.rect(box, canvas.theme.window_background)
    if focus is None:
        idle = texts.IDLE_LAYER_READOUT
        size = canvas.fitting_size([idle], layout.sizes.body, box.w)
        canvas.text(idle, layout.width / 2, box.y + layout.sizes.px(40), size, canvas.theme.text_dim, "center")
        canvas.remember("readout", "idle")
        return
    draw_outlines(canvas, layout, state, focus)
    draw_readout(canvas, box, state, focus, layout.sizes)
    canvas.remember("readout", focus)


def draw_outlines(canvas: Canvas, layout: Layout, state: demo.Demo, focus: Hit) -> None:
    """Outline what ``focus`` points at and where it comes from on the input."""
    kernels = demo.bank_kernels(state)
    scale, inputs = layout.map_scale, layout.scale
    marks = []
    if focus.kind == "source":
        # The pixel on every map it makes, and the selected filter's neighbourhood on the input.
        rows, cols = kernels[state.bank_selected].shape
        marks.append(("source", layout.source,
                      geometry.pixel_rect(layout.source, inputs, focus.y, focus.x, rows, cols)))
        for index, column in enumerate(layout.columns):
            for kind, rect in zip(ROWS[:2], column.maps[:2]):
                marks.append((f"{kind} {index}", rect, geometry.pixel_rect(rect, scale, focus.y, focus.x)))
    elif focus.kind == "pooled":
        rect = layout.columns[focus.index].maps[2]
        top, left, size, _ = filters.pool_window(focus.y, focus.x, layout.pool)
        ry, rx = kernels[focus.index].shape[0] // 2, kernels[focus.index].shape[1] // 2
        pooled_from = "relu" if state.relu else "map"
        from_rect = layout.columns[focus.index].maps[ROWS.index(pooled_from)]
        marks += [(f"pooled {focus.index}", rect, geometry.pixel_rect(rect, scale * layout.pool, focus.y, focus.x)),
                  (f"{pooled_from} {focus.index}", from_rect,
                   Rect(from_rect.x + left * scale, from_rect.y + top * scale, size * scale, size * scale)),
                  ("source", layout.source, Rect(layout.source.x + (left - rx) * inputs,
                                                 layout.source.y + (top - ry) * inputs,
                                                 (size + 2 * rx) * inputs, (size + 2 * ry) * inputs))]
    else:
        rows, cols = kernels[focus.index].shape
        rect = layout.columns[focus.index].maps[ROWS.index(focus.kind)]
        marks += [(f"{focus.kind} {focus.index}", rect, geometry.pixel_rect(rect, scale, focus.y, focus.x)),
                  ("source", layout.source, geometry.pixel_rect(layout.source, inputs, focus.y, focus.x, rows, cols))]
    canvas.outlines(marks)


def draw_readout(canvas: Canvas, box: Rect, state: demo.Demo, focus: Hit, sizes: Sizes) -> None:
    """The pixel ``focus`` points at, worked out: a sum (map, ReLU, or the input's pixel with the
    selected filter) or a pooled window."""
    index = state.bank_selected if focus.kind == "source" else focus.index
    kernel = demo.bank_kernels(state)[index]
    name = texts.filter_names(state)[index]
    maps = state.layer
    if focus.kind == "pooled":
        pooled_from = maps.relu if state.relu else maps.sums
        worked = filters.explain_pool(pooled_from[index], focus.y, focus.x, state.pool, how=state.pool_mode)
        readout = texts.make_pool_readout(worked, state.pool_mode, state.mapping, maps.ranges[index], state.relu)
        common.draw_pool_readout(canvas, box, dataclasses.replace(readout, title=f"{name}: {readout.title}"),
                                 sizes)
        return
    worked = filters.explain_pixel(state.image, kernel, focus.y, focus.x, state.edges, state.flip)
    readout = texts.make_readout(worked, state.edges, state.mapping, maps.ranges[index], relu=focus.kind == "relu")
    common.draw_readout(canvas, box, dataclasses.replace(readout, title=f"{name}: {readout.title}"),
                        canvas.derived(f"readout widths {index}", texts.readout_widths, kernel), sizes)


# --------------------------------------------------------------------------
# The mouse: what pointing, clicking, dragging and the wheel do here
# --------------------------------------------------------------------------

def mouse_moved(state: demo.Demo, layout: Layout, px: float, py: float) -> bool:
    """Follow the mouse over the input and the maps; returns whether the readout must follow."""
    found = hit(layout, state, px, py)
    pointed = found if found is not None and found.kind in ("source",) + ROWS else None
    if pointed == state.ui.hover_map:
        return False
    state.ui.hover_map = pointed
    state.ui.hover = (pointed.y, pointed.x) if pointed is not None and pointed.kind != "pooled" else None
    return True


def mouse_pressed(state: demo.Demo, layout: Layout, px: float, py: float, left_button: bool) -> None:
    """On the input, put the pen down; on a filter, select it (and the weight clicked); elsewhere, no weight."""
    found = hit(layout, state, px, py)
    if found is not None and found.kind == "source" and left_button:
        common.put_pen_down(state, layout, px, py)
    elif found is not None and found.kind in ("kernel", "column") + ROWS:
        demo.select_filter(state, found.index)
        demo.select_cell(state, (found.y, found.x) if found.kind == "kernel" else None)
    else:
        demo.select_cell(state, None)


def mouse_dragged(state: demo.Demo, layout: Layout, px: float, py: float) -> bool:
    """Draw on with the pen, if it is down; returns whether the drawing changed."""
    return common.drag_pen(state, layout, px, py)


def mouse_wheel(state: demo.Demo, layout: Layout, px: float, py: float, count: int, fine: bool) -> bool:
    """Over a filter's weight, the wheel changes it (up raises it); returns whether it did."""
    found = hit(layout, state, px, py)
    if found is None or found.kind != "kernel":
        return False
    demo.select_filter(state, found.index)
    if state.ui.selected != (found.y, found.x):
        demo.select_cell(state, (found.y, found.x))
    demo.nudge_weight(state, -count, fine=fine)
    return True
