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

import functools

import numpy as np

import filters
from convolution.maths.layer import LayerMaps
from convolution.screen import geometry, glyphs, pixels, texts
from convolution.screen.canvas import MONO, Canvas, Part
from convolution.screen.geometry import PANEL_BAND, Rect
from convolution.screen.views import common
from convolution.screen.views.layer_layout import INPUT_GAP, MAX_SCALE, Layout, Words, kernel_grid, lines_of
from convolution.screen.views.layer_layout import Column as Column  # the view's names, for its callers
from convolution.screen.views.layer_layout import default_scale as default_scale
from convolution.screen.views.layer_layout import layout_for as layout_for
from convolution.screen.views.layer_slide import legend_lines
from convolution.state import demo, keys

NAME = "layer"
SUMMARY = ("many filters at once, each one's feature map, after ReLU and pooling when they are on "
           "(the lesson's Part 2, a CNN's first block)")
summary_for = texts.layer_summary   # … as the state has them: the message when v switches to this view

ROWS = ("map", "relu", "pooled")
__all__ = ["MAX_SCALE", "NAME", "SUMMARY", "Column", "Layout", "default_scale", "draw", "draw_pointing", "hit",
           "layout_for", "mouse_dragged", "mouse_moved", "mouse_pressed", "mouse_wheel", "prepare", "summary_for"]


def prepare(state: demo.SketchState) -> None:
    """Give the state a bank of filters if it has none yet: the default four edge detectors, the
    kernel shown now (unless the identity) first among them."""
    if not state.bank:
        demo.use_bank(state, demo.DEFAULT_BANK, keep_current=True)


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
    words = layout.words or Words((), (), (), (), (), layout.sizes.body)
    hint_top = layout.readout.y + layout.readout.h   # the readout's foot (beside the filters: the lowest map's)
    if layout.column is not None:
        hint_top = max([hint_top] + [rect.y + rect.h for column in layout.columns for rect in column.maps
                                     if rect is not None])
    kernels = demo.bank_kernels(state)
    heads_top = first.name_y - layout.sizes.body - px(6)
    result = [Part("header", (texts.layer_title(state), words.description),
                   Rect(0, 0, layout.width, heads_top),
                   lambda title, lines: draw_header(canvas, layout, title, lines))]
    for index, (name, kernel) in enumerate(zip(words.names, kernels)):
        column = layout.columns[index]
        result.append(Part(f"filter {index}", (name, index == state.bank_selected, kernel.shape),
                           Rect(column.x - 8, heads_top, column.w + 16,
                                column.kernel.y + column.kernel.h + 8 - heads_top),
                           lambda name, selected, shape, index=index: draw_filter_head(canvas, layout, index, name,
                                                                                      selected, shape)))
    below_input = layout.source.y + layout.source.h + PANEL_BAND
    input_right = first.x - px(INPUT_GAP) // 2
    status_top = layout.status_y - words.size - px(4)
    label_room = input_right - px(INPUT_GAP) // 2 - layout.source.x   # the input's column
    result += [
        Part("label", (words.label,), Rect(0, heads_top, input_right, layout.source.y - PANEL_BAND - heads_top),
             lambda lines: draw_lines(canvas, layout.source.x + label_room / 2, first.name_y, lines,
                                      layout.sizes.body, label_room, layout.lead, canvas.theme.text_dim, "center")),
        Part("captions", (words.captions,), Rect(0, below_input, input_right, status_top - px(8) - below_input),
             lambda lines: draw_captions(canvas, layout, lines)),
        Part("status", (words.status,), Rect(0, status_top, layout.width, layout.readout.y - status_top),
             lambda lines: draw_status(canvas, layout, lines)),
        Part("hint", (message, keys.hint_line(NAME, state)),
             Rect(0, hint_top, layout.width, layout.height - hint_top),
             lambda text, hint: common.draw_hint(canvas, layout.width, layout.hint_y, text, hint, layout.sizes)),
    ]
    return result


def draw_lines(canvas: Canvas, x: float, y: float, lines, size: int, room: float, lead: int, colour=None,
               align: str = "left") -> None:
    """``lines`` of text as the layout broke them (layer_layout.lines_of), the first baseline at ``y``,
    ``lead`` apart: one line at ``size`` or as much smaller as ``room`` needs; several at the floor they were
    broken at."""
    if len(lines) == 1:
        canvas.fitted_text(lines[0], x, y, size, room, colour, align)
        return
    for number, line in enumerate(lines):
        canvas.text(line, x, y + number * lead, canvas.floor, colour, align)


def draw_status(canvas: Canvas, layout: Layout, lines) -> None:
    """The modes, on the lines the layout gave them: centred under the pictures, or at the head of the column
    beside them (full screen)."""
    if layout.status_box is not None:
        draw_lines(canvas, layout.status_box.x, layout.status_y, lines, layout.sizes.body, layout.status_box.w,
                   layout.lead, canvas.theme.text)
        return
    draw_lines(canvas, layout.width / 2, layout.status_y, lines, layout.sizes.body,
               layout.width - 2 * layout.sizes.px(geometry.MARGIN), layout.lead, canvas.theme.text, "center")


def draw_header(canvas: Canvas, layout: Layout, title: str, description) -> None:
    """The title, and the description on the lines the layout gave it (under the title, or at the head of
    the column beside the filters)."""
    x = common.header_x(layout)
    canvas.fitted_text(title, x, layout.title_y, layout.sizes.title, layout.width - 2 * x)
    if layout.column is not None:
        draw_lines(canvas, layout.column.x, layout.subtitle_y, description, layout.sizes.body, layout.column.w,
                   layout.lead, canvas.theme.text_dim)
        return
    if len(description) == 2 and all(glyphs.text_width(line, layout.sizes.body) <= layout.width - 2 * x
                                      for line in description):   # the steps, then where: each its own line
        for number, line in enumerate(description):
            canvas.text(line, x, layout.subtitle_y + number * layout.lead, layout.sizes.body, canvas.theme.text_dim)
        return
    draw_lines(canvas, x, layout.subtitle_y, description, layout.sizes.body, layout.width - 2 * x, layout.lead,
               canvas.theme.text_dim)


def draw_filter_head(canvas: Canvas, layout: Layout, index: int, name, selected: bool, shape) -> None:
    """A filter's name over its pictures (highlighted when selected), and a frame round its kernel when selected.

    The box under it was cleared, so its kernel cells are drawn anew too.
    """
    column = layout.columns[index]
    colour = canvas.theme.highlight if selected else canvas.theme.text
    draw_lines(canvas, column.x + column.w / 2, column.name_y, name, layout.sizes.body, column.w, layout.lead,
               colour, "center")
    if selected:
        left, top, cell = kernel_grid(layout, index, shape)
        canvas.frame(Rect(left - 4, top - 4, shape[1] * cell + 7, shape[0] * cell + 7), canvas.theme.highlight, 2)


def draw_captions(canvas: Canvas, layout: Layout, lines) -> None:
    """Under the input: its caption and note, on the lines the layout gave them."""
    x, room = layout.source.x, layout.columns[0].x - layout.source.x - layout.sizes.px(INPUT_GAP)
    if layout.caption_box is not None:   # full screen: beside the drawing or under it
        x, room = layout.caption_box.x, layout.caption_box.w
    if len(lines) == 1:
        draw_lines(canvas, x, layout.caption_y, lines, layout.sizes.body, room, layout.lead, canvas.theme.text_dim)
        return
    for number, line in enumerate(lines):   # broken at the floor, each line its own (the caption, the note's)
        canvas.fitted_text(line, x, layout.caption_y + number * layout.lead, layout.sizes.floor, room,
                           canvas.theme.text_dim)


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
        draw_legend(canvas, layout, state)
        return
    draw_outlines(canvas, layout, state, focus)
    draw_readout(canvas, box, state, maps, focus, layout)


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


def draw_legend(canvas: Canvas, layout: Layout, state: demo.SketchState) -> None:
    """While nothing is pointed at, the readout's box says how to read the view (layer_slide.legend_lines):
    the first item in the text's colour, the others dimmer."""
    box, lead, sizes = layout.readout, layout.lead, layout.sizes
    y = box.y + sizes.body
    for number, lines in legend_lines(state, layout):
        colour = canvas.theme.text if number == 0 else canvas.theme.text_dim
        draw_lines(canvas, box.x, y, lines, sizes.body, box.w, lead, colour)
        y += len(lines) * lead


def draw_readout(canvas: Canvas, box: Rect, state: demo.SketchState, maps: LayerMaps, focus: Hit, layout: Layout
                 ) -> None:
    """The pixel ``focus`` points at, worked out: a sum (map, ReLU, or the input's pixel with the
    selected filter) or a pooled window. ``maps``: the state's layer, every map of the bank."""
    index = state.bank_selected if focus.kind == "source" else focus.index
    kernel = demo.bank_kernels(state)[index]
    name = texts.filter_names(state)[index]
    inks = {"value": canvas.theme.text, "weight": canvas.theme.highlight, "dim": canvas.theme.text_dim}
    if focus.kind == "pooled":
        pooled_from = maps.relu if state.relu else maps.sums
        pooling = filters.explain_pool(pooled_from[index], focus.y, focus.x, state.pool, how=state.pool_mode)
        pool_readout = texts.make_pool_readout(pooling, state.pool_mode, state.mapping, maps.ranges[index],
                                               state.relu)
        draw_worked(canvas, layout, f"{name}: {pool_readout.title}", pool_readout.result, pool_readout.lines, inks)
        return
    worked = filters.explain_pixel(state.image, kernel, focus.y, focus.x, state.edges, state.flip)
    readout = texts.make_readout(worked, state.edges, state.mapping, maps.ranges[index], relu=focus.kind == "relu")
    lines = texts.readout_lines(readout, canvas.derived(f"readout widths {index}", texts.readout_widths, kernel))
    draw_worked(canvas, layout, f"{name}: {readout.title}", readout.result, lines, inks)


def draw_worked(canvas: Canvas, layout: Layout, title: str, result: str, lines, inks: dict) -> None:
    """A readout in the layout's box: its title, ``lines`` (texts.readout_lines: one string per ink and line)
    in a monospaced block, and the result; the block left out when the box is too small for it (compact),
    never a text cut."""
    box, lead, sizes = layout.readout, layout.lead, layout.sizes
    room = box.h // lead
    result_lines = lines_of(result, sizes.body, sizes.floor, box.w, 3)
    title_lines = lines_of(title, sizes.body, sizes.floor, box.w, max(1, room - len(result_lines)))
    chars = len(lines[0]["value"]) if lines else 0
    # The sum's rows as large as the box's width allows, up to the body text's size, never below the floor.
    size = next((size for size in range(max(sizes.floor, min(sizes.body, lead - sizes.px(4))), sizes.floor - 1, -1)
                 if canvas.width_of("0" * chars, size, MONO) <= box.w), 0)
    block = not layout.compact and lines and size and len(title_lines) + len(lines) + len(result_lines) <= room
    y = box.y + sizes.body
    draw_lines(canvas, box.x, y, title_lines, sizes.body, box.w, lead)
    y += len(title_lines) * lead
    if block:
        x = box.x + (box.w - canvas.width_of("0" * chars, size, MONO)) / 2
        for ink, colour in inks.items():
            skip, text = texts.ink_block(lines, ink)   # every line of one ink in one call
            if text:
                canvas.text_block(text, x + skip * canvas.width_of("0", size, MONO), y, size, colour, lead)
        y += len(lines) * lead
    draw_lines(canvas, box.x + box.w / 2, y, result_lines, sizes.body, box.w, lead, canvas.theme.highlight, "center")


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
