"""The filter view: the drawing, the kernel, and the drawing filtered with it, side by side.

    drawing  *  kernel  =  output
    captions       legend
                   pooled map (when pooling is on), at N× the output's pixels
    modes line
    readout: one pixel's sum worked out
    hint line

Reads top to bottom like a Processing sketch: ``make_layout`` says where
everything goes, ``draw`` paints the parts whose content changed, and
``draw_pointing`` what follows the mouse (panels, outlines, readout). The
mouse functions at the end say what a click, a drag or the wheel does here.
Everything but the drawing itself (which goes through the Canvas) is pure.
"""

from __future__ import annotations

import math

import filters
from convolution.screen import geometry, pixels, texts
from convolution.screen.canvas import Canvas, Part
from convolution.screen.geometry import MARGIN, PANEL_BAND, Rect, Sizes
from convolution.screen.views import common, filter_layout, filter_parts, idle
from convolution.screen.views.filter_layout import (  # noqa: F401  (the view's names: filter.layout_for …)
    MAX_SCALE,
    MIN_WIDTH,
    Layout,
    Plan,
    arranged,
    cell_size,
    default_scale,
    layout_for,
    make_layout,
    window_size,
)
from convolution.state import demo, keys

NAME = "filter"
SUMMARY = "the drawing, a kernel and the drawing filtered with it (the lesson's Part 1)"

TITLE_STAR = 40    # the * between drawing and kernel, a little larger than a title

prepare = idle.prepare   # nothing to set up: the filter view shows the state's kernel


# --------------------------------------------------------------------------
# Hit-testing: what is under the mouse
# --------------------------------------------------------------------------

def pixel_at(layout: Layout, px: float, py: float) -> tuple[int, int] | None:
    """The image pixel (y, x) under window point (px, py) on either panel, or None."""
    for panel in (layout.source, layout.output):
        found = geometry.pixel_under(panel, layout.scale, px, py)
        if found is not None:
            return found
    return None


def pooled_pixel_at(layout: Layout, px: float, py: float) -> tuple[int, int] | None:
    """The pooled pixel (y, x) under window point (px, py), or None."""
    if layout.pooled is None:
        return None
    return geometry.pixel_under(layout.pooled, layout.scale * layout.pool, px, py)


def kernel_grid(layout: Layout, rows: int, cols: int) -> tuple[int, int, int]:
    """Where the kernel's cells go in the kernel column: (left, top, cell width), centred above its note
    (a cell is ``layout.cell_h`` high: see filter_parts.kernel_grid)."""
    return filter_parts.kernel_grid(layout, rows, cols)[:3]


def kernel_cell_at(layout: Layout, shape, px: float, py: float) -> tuple[int, int] | None:
    """The kernel cell (row, column) under window point (px, py), or None."""
    left, top, cell_w, cell_h = filter_parts.kernel_grid(layout, *shape)
    row, col = int((py - top) // cell_h), int((px - left) // cell_w)
    if px >= left and py >= top and row < shape[0] and col < shape[1]:
        return row, col
    return None


def weight_at(layout: Layout, state: demo.SketchState, px: float, py: float) -> tuple[int, int] | None:
    """The kernel weight (row, column of state.kernel) drawn under window point (px, py), or None:
    with the kernel flipped, the cell shows the weight turned round to it."""
    cell = kernel_cell_at(layout, state.kernel.shape, px, py)
    return demo.flipped_cell(cell, state.kernel.shape) if cell is not None and state.flip else cell


def hidden_rects(panel: Rect, scale: int, order, done: int) -> list[Rect]:
    """Slow motion: the window rectangles covering pixels the window has not reached yet.

    ``order`` (N×2, reading order over a rectangle of pixels) and ``done``
    come from slowmo; the first ``done`` pixels are shown.
    """
    if done >= len(order):
        return []
    (_, x0), (y1, x1) = order[0], order[-1]
    y, x = order[done]
    rects = [Rect(panel.x + x * scale, panel.y + y * scale, (x1 - x + 1) * scale, scale)]
    if y < y1:
        rects.append(Rect(panel.x + x0 * scale, panel.y + (y + 1) * scale, (x1 - x0 + 1) * scale, (y1 - y) * scale))
    return rects


# --------------------------------------------------------------------------
# Drawing: the parts that change with the state
# --------------------------------------------------------------------------

def draw(canvas: Canvas, layout: Layout, state: demo.SketchState, message: str) -> None:
    """Repaint the parts of the window whose content changed, then what follows the mouse.

    Processing keeps the last frame on screen, so an unchanged part (the
    title, the legend …) is left as it is.
    """
    common.begin_frame(canvas, layout.sizes)
    labels, factor = canvas.derived("kernel labels", texts.kernel_labels, state.kernel, state.ui.editing_from)
    canvas.draw_parts(parts(canvas, layout, state, factor, message))
    draw_kernel_cells(canvas, layout, state, labels)
    draw_pointing(canvas, layout, state)


def parts(canvas: Canvas, layout: Layout, state: demo.SketchState, factor: str, message: str) -> list[Part]:
    """The window's parts besides the panels, each with everything it shows.

    ``factor`` is the kernel's common factor ("÷ 16" or ""), from texts.kernel_labels.
    """
    below_panels = layout.source.y + layout.source.h + PANEL_BAND
    status_top = layout.status_top
    readout_end = layout.readout.y + layout.readout.h
    legend_bottom = layout.pooled.y - PANEL_BAND if layout.pooled else status_top
    pooled = []
    pooled_box = layout.pooled
    if pooled_box is not None:
        below_pooled = pooled_box.y + pooled_box.h + PANEL_BAND
        pooled = [Part("pooled caption", (texts.pooled_caption(state),),
                       Rect(layout.output.x - 4, below_pooled, layout.width - layout.output.x + 4,
                            status_top - below_pooled),
                       lambda caption: draw_pooled_caption(canvas, layout, pooled_box, caption))]
    return pooled + [
        Part("header", (texts.kernel_title(state), texts.kernel_description(state)),
             Rect(0, 0, layout.width, layout.kernel.y),
             lambda title, line: filter_parts.draw_header(canvas, layout, common.header_x(layout), title, line)),
        Part("kernel", (state.kernel.shape,), layout.kernel, lambda shape: draw_kernel_frame(canvas, layout)),
        Part("kernel note", (texts.kernel_note(state, factor),), kernel_note_box(layout, state.kernel.shape),
             lambda note: draw_kernel_note(canvas, kernel_note_box(layout, state.kernel.shape), note, layout.sizes)),
        Part("captions", (texts.size_caption(state.image, state.inverted), texts.source_note(state)),
             Rect(0, below_panels, layout.output.x - 4, status_top - below_panels),
             lambda caption, note: draw_captions(canvas, layout, caption, note)),
        Part("legend", (state.mapping, state.display_range),
             Rect(layout.output.x - 4, below_panels, layout.width - layout.output.x + 4, legend_bottom - below_panels),
             lambda mapping, value_range: draw_legend(canvas, layout.legend, mapping, value_range, layout.sizes)),
        Part("status", (texts.status_line(state),), Rect(0, status_top, layout.width, layout.readout.y - status_top),
             lambda status: draw_status(canvas, layout, status)),
        Part("hint", (message, keys.hint_line(NAME, state)),
             Rect(0, readout_end, layout.width, layout.height - readout_end),
             lambda text, hint: common.draw_hint(canvas, layout.width, layout.hint_y, text, hint, layout.sizes)),
    ]


def draw_pooled_caption(canvas: Canvas, layout: Layout, pooled: Rect, caption: str) -> None:
    """``caption`` under the pooled map (``pooled``: where it is), as wide as the window leaves it."""
    room = max(pooled.w, layout.pooled_caption_room)
    canvas.fitted_text(caption, pooled.x, layout.pooled_caption_y, layout.sizes.small, room,
                       canvas.theme.text_dim, lines=layout.pooled_caption_lines)


def draw_kernel_frame(canvas: Canvas, layout: Layout) -> None:
    """What stands around the kernel's cells: * and = between the panels.

    The kernel's box was cleared before this, so every cell and the note
    under them are drawn anew too.
    """
    box = layout.kernel
    middle = layout.source.y + layout.source.h // 2   # level with the drawing, clear of its captions
    px, sizes = layout.sizes.px, layout.sizes
    canvas.text("*", box.x + px(18), middle + px(18), sizes.px(TITLE_STAR), canvas.theme.text_dim, "center")
    canvas.text("=", box.x + box.w - px(18), middle + px(10), sizes.title, canvas.theme.text_dim, "center")


def kernel_note_box(layout: Layout, shape) -> Rect:
    """The strip under the kernel's cells where the kernel note goes, within the kernel's box."""
    box = layout.kernel
    _, top, _, cell_h = filter_parts.kernel_grid(layout, *shape)
    below_cells = top + shape[0] * cell_h + 2
    return Rect(box.x + PANEL_BAND, below_cells, box.w - 2 * PANEL_BAND, box.y + box.h - below_cells)


def draw_kernel_note(canvas: Canvas, box: Rect, note: str, sizes: Sizes) -> None:
    # Its baseline px(28) under the cells, or a line's ascent and a little when the layout is snug.
    below = min(sizes.px(28), sizes.px(2) + math.ceil(0.76 * sizes.body) + (box.h - filter_layout.text_line(
        sizes.body) - sizes.px(2)) // 2)
    canvas.fitted_text(note, box.x + box.w / 2, box.y + below, sizes.body, box.w, canvas.theme.text, "center")


def draw_kernel_cells(canvas: Canvas, layout: Layout, state: demo.SketchState, labels) -> None:
    """The kernel's weights as a grid of tinted cells; ``labels`` is texts.kernel_labels()'s text."""
    filter_parts.draw_kernel_cells(canvas, layout, state, labels)


def draw_captions(canvas: Canvas, layout: Layout, caption: str, note: str) -> None:
    # Under the source panel, and under the kernel beside it when the kernel ends above them.
    filter_parts.draw_captions(canvas, layout, caption, note)


def draw_status(canvas: Canvas, layout: Layout, status: str) -> None:
    """The modes line, centred; on two lines when the layout made room for them (ReLU's note is long)."""
    sizes = layout.sizes
    canvas.fitted_text(status, layout.width / 2, layout.status_y, sizes.body, layout.width - 2 * sizes.px(MARGIN),
                       canvas.theme.text, "center", lines=layout.status_lines)


def draw_legend(canvas: Canvas, bar: Rect, mapping: str, value_range, sizes: Sizes) -> None:
    """The colour bar of the current mapping, with the values at its ends (and 0)."""
    canvas.picture("legend", bar, lambda: pixels.legend_bar(mapping, bar.w, bar.h), mapping)
    for position, label in texts.legend_labels(mapping, *value_range):
        align = "left" if position == 0 else "right" if position == 1 else "center"
        canvas.text(label, bar.x + position * bar.w, bar.y + bar.h + sizes.px(20), sizes.small, canvas.theme.text_dim,
                    align)


# --------------------------------------------------------------------------
# Drawing: what follows the mouse
# --------------------------------------------------------------------------

def draw_pointing(canvas: Canvas, layout: Layout, state: demo.SketchState) -> None:
    """The parts that change as the mouse moves: the panels, their outlines and the readout.

    Drawn over the previous frame, so a mouse move repaints only these.
    """
    canvas.use_sizes(layout.sizes)
    if state.ui.show_help:
        return   # the help sheet covers them
    canvas.panel("source", layout.source, lambda: pixels.source_colours(state.image), state.image, layout.scale)
    canvas.panel("output", layout.output,
                 lambda: pixels.output_colours(state.display, state.computed, canvas.theme.panel_background),
                 state.display, layout.scale)
    pooled_display = state.pooled_display
    if layout.pooled is not None and pooled_display is not None:
        canvas.panel("pooled", layout.pooled, lambda: pixels.as_rgb(pooled_display), pooled_display,
                     layout.scale * layout.pool)
    if state.motion is not None:
        draw_slow_motion_cover(canvas, layout, state.motion)
    box, focus, pooled_focus = layout.readout, demo.focus_pixel(state), pooled_focus_pixel(layout, state)
    if pooled_focus is not None:
        draw_pool_outlines(canvas, layout, state.kernel.shape, pooled_focus)
        draw_pool_readout(canvas, box, state, pooled_focus, layout)
        return
    if focus is None:
        lines = max(2, box.h // filter_layout.text_line(layout.sizes.body))
        canvas.fitted_text(texts.IDLE_READOUT, layout.width / 2, box.y + layout.sizes.body, layout.sizes.body, box.w,
                           canvas.theme.text_dim, "center", lines=lines)
        return
    draw_focus_outlines(canvas, layout, state.kernel.shape, focus)
    draw_readout(canvas, box, state, focus, layout)


def pooled_focus_pixel(layout: Layout, state: demo.SketchState) -> tuple[int, int] | None:
    """The pooled pixel the readout explains: the one under the mouse, unless slow motion runs."""
    if state.ui.hover_pooled is None or state.pooled is None or layout.pooled is None:
        return None
    if state.motion is not None and not state.motion.finished():
        return None
    return state.ui.hover_pooled


def draw_slow_motion_cover(canvas: Canvas, layout: Layout, motion) -> None:
    """Hide the output pixels the sliding window has not reached yet."""
    canvas.rects(hidden_rects(layout.output, layout.scale, motion.order, motion.done_count()),
                 canvas.theme.panel_background)


def draw_focus_outlines(canvas: Canvas, layout: Layout, shape, pixel) -> None:
    """Outline the k×k neighbourhood on the source and the pixel it makes on the output."""
    (y, x), (rows, cols) = pixel, shape
    canvas.outlines([("source", layout.source, geometry.pixel_rect(layout.source, layout.scale, y, x, rows, cols)),
                     ("output", layout.output, geometry.pixel_rect(layout.output, layout.scale, y, x))])


def draw_pool_outlines(canvas: Canvas, layout: Layout, shape, pooled_pixel) -> None:
    """Outline a pooled pixel, the window of the map it pools, and that window's receptive field on the input."""
    pooled = layout.pooled
    if pooled is None:   # no pooled map: pooled_focus_pixel gives no pooled pixel then
        return
    (py, px), size, scale = pooled_pixel, layout.pool, layout.scale
    top, left, rows, cols = filters.pool_window(py, px, size)
    ry, rx = shape[0] // 2, shape[1] // 2
    canvas.outlines([
        ("pooled", pooled, geometry.pixel_rect(pooled, scale * size, py, px)),
        ("output", layout.output, Rect(layout.output.x + left * scale, layout.output.y + top * scale,
                                       cols * scale, rows * scale)),
        ("source", layout.source, Rect(layout.source.x + (left - rx) * scale, layout.source.y + (top - ry) * scale,
                                       (cols + 2 * rx) * scale, (rows + 2 * ry) * scale)),
    ])


def draw_pool_readout(canvas: Canvas, box: Rect, state: demo.SketchState, pooled_pixel, layout: Layout) -> None:
    """A pooled pixel worked out: its window's values, the winner marked (max) or their mean (average)."""
    worked = filters.explain_pool(state.feature, pooled_pixel[0], pooled_pixel[1], state.pool, how=state.pool_mode)
    filter_parts.draw_pool_readout(canvas, layout, texts.make_pool_readout(worked, state.pool_mode, state.mapping,
                                                                           state.display_range, state.relu))


def draw_readout(canvas: Canvas, box: Rect, state: demo.SketchState, pixel, layout: Layout) -> None:
    """One output pixel's sum worked out: neighbourhood × weights = products, and the total (as much of it as
    fits: filter_parts.draw_readout)."""
    worked = filters.explain_pixel(state.image, state.kernel, pixel[0], pixel[1], state.edges, state.flip)
    readout = texts.make_readout(worked, state.edges, state.mapping, state.display_range, state.relu)
    filter_parts.draw_readout(canvas, layout, readout, canvas.derived("readout widths", texts.readout_widths,
                                                                      state.kernel))


# --------------------------------------------------------------------------
# The mouse: what pointing, clicking, dragging and the wheel do here
# --------------------------------------------------------------------------

def mouse_moved(state: demo.SketchState, layout: Layout, px: float, py: float) -> bool:
    """Follow the mouse; returns whether the pixel it points at changed (the readout must follow)."""
    pixel, pooled = pixel_at(layout, px, py), pooled_pixel_at(layout, px, py)
    if (pixel, pooled) == (state.ui.hover, state.ui.hover_pooled):
        return False
    state.ui.hover, state.ui.hover_pooled = pixel, pooled
    return True


def mouse_pressed(state: demo.SketchState, layout: Layout, px: float, py: float, left_button: bool) -> None:
    """On the drawing, put the pen down; on a weight, select it; anywhere else, select nothing."""
    if layout.source.contains(px, py) and left_button:
        common.put_pen_down(state, layout, px, py)
    else:
        demo.select_cell(state, weight_at(layout, state, px, py))


mouse_dragged = common.drag_pen   # draw on with the pen, if it is down


def mouse_wheel(state: demo.SketchState, layout: Layout, px: float, py: float, count: int, fine: bool) -> bool:
    """Over a weight, the wheel changes it (up raises it); returns whether it did."""
    cell = weight_at(layout, state, px, py)
    if cell is None:
        return False
    if cell != state.ui.selected:
        demo.select_cell(state, cell)
    demo.nudge_weight(state, -count, fine=fine)   # wheel up is a negative count
    return True
