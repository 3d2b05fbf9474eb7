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
from dataclasses import dataclass

import numpy as np

import filters
from convolution.screen import geometry, glyphs, pixels, texts
from convolution.screen.canvas import Canvas, Part
from convolution.screen.geometry import MARGIN, PANEL_BAND, Rect, Sizes
from convolution.screen.views import common, idle
from convolution.state import demo, keys

NAME = "filter"
SUMMARY = "the drawing, a kernel and the drawing filtered with it (the lesson's Part 1)"

HEADER = 88        # title and description above the panels
STAR = 40          # room beside the kernel's cells for the * and the =
CELL = 84          # a kernel cell's design size, at most (3×3); larger kernels share KERNEL_CELLS
KERNEL_CELLS = 260   # a larger kernel's cells together span this much, unless their weights need more
KERNEL_NOTE = 40   # under the cells: the kernel's size, its common factor, "(flipped)"
CAPTIONS = 56      # under the output: the legend bar and its labels
POOLED_CAPTION = 56   # under the pooled map: its caption, on two lines if need be
GAP = 24           # between the output and the pooled map beside it
STATUS = 36
HINT = 40
MIN_WIDTH = 940    # a window of its own is at least this wide
TITLE_STAR = 40    # the * between drawing and kernel, a little larger than a title


@dataclass(frozen=True)
class Layout:
    """Where everything goes in a window showing an image_w×image_h drawing at ``scale``."""
    width: int
    height: int
    scale: int
    source: Rect          # the enlarged input drawing
    kernel: Rect          # between the panels: the kernel's weights
    output: Rect          # the enlarged filtered drawing
    legend: Rect          # under the output panel: the colour bar of the value mapping
    readout: Rect         # under everything: one pixel's sum worked out
    title_y: int          # baseline of the kernel's name
    subtitle_y: int       # baseline of the kernel's one-line description
    caption_y: int        # baseline of the caption under the source panel
    status_y: int         # baseline of the modes line (edges, flip, mapping)
    hint_y: int           # baseline of the key hint at the bottom
    pool: int = 0         # the pooling window, 0 for none
    pooled: Rect | None = None   # the pooled map (under the output, or beside it), each pixel pool×scale square
    pooled_caption_y: int = 0    # baseline of the caption under the pooled map
    sizes: Sizes = Sizes()       # text sizes (and the gaps that grow with them)
    cell: int = 0                # a kernel cell's size
    compact: bool = False        # the readout in two lines only (the window is too small for the whole sum)
    fits: bool = True            # False: not even at 1× does the drawing fit the window


prepare = idle.prepare   # nothing to set up: the filter view shows the state's kernel


MAX_SCALE = 40   # the largest scale a window tries


def default_scale(state: demo.SketchState) -> int:
    """The lesson's 10×, less for a big image."""
    height, width = state.image.shape[:2]
    return geometry.auto_scale(width, height)


def layout_for(state: demo.SketchState, window: tuple[int, int] | None = None, scale: int | None = None,
               fullscreen: bool = False) -> Layout:
    """Where everything goes for what ``state`` shows: in ``window`` (width, height), the drawing as
    large as fits (at most ``scale``, when given) with text from the window's height; or (no window)
    in a window of its own, at ``scale`` (default the lesson's 10×, less for a big image) and the
    design's text sizes. Every view has this and prepare(): the sketch's way in."""
    image_h, image_w = state.image.shape[:2]
    pool = state.pool if state.pooled is not None else 0
    rows, cols = state.kernel.shape
    if window is None:
        sizes = Sizes()
        plan = Plan(rows, cols, cell_size(state.kernel, sizes), pool, False, False)
        return arranged(image_w, image_h, plan, scale or default_scale(state), sizes)
    width, height = window
    # Every way to lay it out, in the order a class would want them: larger text, the whole readout,
    # the design's kernel cells, the pooled map under the output; the first whose drawing is large
    # enough (or as large as any way allows) is taken.
    candidates = []
    labels = texts.kernel_labels(state.kernel)[0]
    for sizes in Sizes.for_window(height, fullscreen=fullscreen).smaller_choices():
        for compact in (False, True):
            for tight in (False, True):
                cell = cell_size(state.kernel, sizes, tight, labels)
                for beside in (False, True) if pool else (False,):
                    plan = Plan(rows, cols, cell, pool, beside, compact)
                    fitting = largest_scale(image_w, image_h, plan, sizes, width, height)
                    candidates.append((min(fitting, scale) if scale else fitting, plan, sizes))
    enough = min(max(choice[0] for choice in candidates), max(1, height // WANTED_SCALE_PER))
    fitting, plan, sizes = next(choice for choice in candidates if choice[0] >= enough)
    return arranged(image_w, image_h, plan, max(1, fitting), sizes, window, fits=fitting >= 1)


def make_layout(image_w: int, image_h: int, scale: int, pool: int = 0, kernel=filters.PRESETS["identity"]) -> Layout:
    """The filter view of an image_w×image_h drawing at ``scale`` in a window of its own (the window
    the sketch opens for it), with ``kernel``'s cells and ``pool``'s pooled map under the output."""
    sizes = Sizes()
    weights = np.asarray(kernel)
    rows, cols = weights.shape
    plan = Plan(rows, cols, cell_size(weights, sizes), pool, False, False)
    return arranged(image_w, image_h, plan, scale, sizes)


@dataclass(frozen=True)
class Plan:
    """The choices a layout makes before it places anything."""
    rows: int             # the kernel's rows and columns, and its cells' size
    cols: int
    cell: int
    pool: int             # the pooling window (0: no pooled map)
    beside: bool          # the pooled map beside the output (else under it)
    compact: bool         # the readout in two lines (the sum and how it is drawn), not the whole sum


WANTED_SCALE_PER = 90     # a window ``h`` pixels high wants the drawing at h / 90 × (12× on 1080 lines)


def cell_size(kernel, sizes: Sizes, tight: bool = False, labels=None) -> int:
    """A kernel cell's size: the design's for this kernel (``tight``: no larger than its weights need),
    and never so small that its widest weight (``labels``, default texts.kernel_labels) is below the
    text floor."""
    rows, cols = kernel.shape
    labels = labels or texts.kernel_labels(kernel)[0]
    widest = max(glyphs.text_width(label, sizes.floor) for row in labels for label in row)
    least = max(math.ceil(sizes.floor / 0.42), math.ceil((widest + 4) / 0.86))
    return least if tight else max(least, sizes.px(min(CELL, KERNEL_CELLS / max(rows, cols))))


def readout_height(rows: int, sizes: Sizes, compact: bool = False) -> int:
    """The readout's height for a kernel of ``rows`` rows: its title, a line per row, the result
    (``compact``: the title and the result only)."""
    return 2 * sizes.body + sizes.px(16 if compact else 30 + 28 * max(rows, 3))


def window_size(image_w: int, image_h: int, plan: Plan, scale: int, sizes: Sizes) -> tuple[int, int]:
    """The least (width, height) a window needs to show an image_w×image_h drawing at ``scale``."""
    px, pool = sizes.px, plan.pool
    pooled_w, pooled_h = ((image_w // pool) * pool * scale, (image_h // pool) * pool * scale) if pool else (0, 0)
    kernel_w = plan.cols * plan.cell + 2 * px(STAR)
    width = 2 * px(MARGIN) + 2 * image_w * scale + kernel_w + (px(GAP) + pooled_w if plan.beside else 0)
    body = max(image_h * scale, plan.rows * plan.cell + px(KERNEL_NOTE))
    captions = px(common.CAPTIONS_BELOW)   # room for a note too (a Quick Draw drawing, a scaled photo)
    if pool and not plan.beside:
        below = max(captions, px(CAPTIONS) + pooled_h + px(POOLED_CAPTION))
    else:
        below = max(captions, px(CAPTIONS))   # beside, the pooled map's caption is under it, as the drawing's is
    height = (px(MARGIN + HEADER) + body + below + px(STATUS) + readout_height(plan.rows, sizes, plan.compact)
              + px(HINT) + px(MARGIN) // 2)
    return width, height


def largest_scale(image_w: int, image_h: int, plan: Plan, sizes: Sizes, width: int, height: int) -> int:
    """The largest whole scale at which everything fits a width×height window (0: not even 1×)."""
    def fits(scale):
        needs_w, needs_h = window_size(image_w, image_h, plan, scale, sizes)
        return needs_w <= width and needs_h <= height
    return geometry.largest_whole(fits, MAX_SCALE)


def arranged(image_w: int, image_h: int, plan: Plan, scale: int, sizes: Sizes,
             window: tuple[int, int] | None = None, fits: bool = True) -> Layout:
    """Lay the window out: source panel, kernel column and output panel side by side, and with
    ``pool`` the pooled map under the output (or ``beside`` it); in ``window``, centred, else in a
    window of just the size needed.

    Text goes above (kernel name), below (captions, modes, readout, key hint)
    and between the panels (the kernel), never over them.
    """
    px, rows, cols, cell, pool, beside = sizes.px, plan.rows, plan.cols, plan.cell, plan.pool, plan.beside
    panel_w, panel_h = image_w * scale, image_h * scale
    body_h = max(panel_h, rows * cell + px(KERNEL_NOTE))
    needs_w, natural_h = window_size(image_w, image_h, plan, scale, sizes)
    width, height = window or (max(px(MIN_WIDTH), needs_w), natural_h)
    kernel_w = cols * cell + 2 * px(STAR)
    left = max(px(MARGIN), (width - needs_w) // 2 + px(MARGIN))
    down = max(0, (height - natural_h) // 2)   # centred in a larger window
    top = px(MARGIN + HEADER) + down
    panel_top = top + (body_h - panel_h) // 2
    captions_top = top + body_h
    output_x = left + panel_w + kernel_w
    pooled, pooled_caption_y, pooled_room = None, 0, 0
    if pool:
        pooled_size = ((image_w // pool) * pool * scale, (image_h // pool) * pool * scale)
        if beside:
            pooled = Rect(output_x + panel_w + px(GAP), panel_top, *pooled_size)
            pooled_caption_y = captions_top + px(32)
        else:
            # Part 2's layout: the pooled map under the output, covering the same area (less any leftover).
            pooled = Rect(output_x, captions_top + px(CAPTIONS), *pooled_size)
            pooled_caption_y = pooled.y + pooled.h + px(26)
            pooled_room = pooled.h + px(POOLED_CAPTION)
    captions = px(common.CAPTIONS_BELOW)   # room for a note too (a Quick Draw drawing, a scaled photo)
    under = max(captions, px(CAPTIONS) + pooled_room)
    status_top = captions_top + under
    readout_top = status_top + px(STATUS)
    margin = px(MARGIN)
    return Layout(
        width=width,
        height=height,
        scale=scale,
        source=Rect(left, panel_top, panel_w, panel_h),
        kernel=Rect(left + panel_w, top, kernel_w, body_h),
        output=Rect(output_x, panel_top, panel_w, panel_h),
        legend=Rect(output_x, captions_top + px(12), panel_w, px(14)),
        readout=Rect(margin, readout_top, width - 2 * margin, readout_height(rows, sizes, plan.compact)),
        title_y=down + margin + sizes.title,
        subtitle_y=down + margin + sizes.title + px(12) + sizes.body,
        caption_y=captions_top + px(32),
        status_y=status_top + px(24),
        hint_y=height - down - px(14),
        pool=pool,
        pooled=pooled,
        pooled_caption_y=pooled_caption_y,
        sizes=sizes,
        cell=cell,
        compact=plan.compact,
        fits=fits,
    )


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
    """Where the kernel's cells go in the kernel column: (left, top, cell size), centred above its note."""
    box, cell = layout.kernel, layout.cell
    left = box.x + (box.w - cell * cols) // 2
    top = box.y + (box.h - cell * rows - layout.sizes.px(KERNEL_NOTE)) // 2
    return left, top, cell


def kernel_cell_at(layout: Layout, shape, px: float, py: float) -> tuple[int, int] | None:
    """The kernel cell (row, column) under window point (px, py), or None."""
    left, top, cell = kernel_grid(layout, *shape)
    row, col = int((py - top) // cell), int((px - left) // cell)
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
    status_top = layout.status_y - 20
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
             lambda title, line: common.draw_header(canvas, layout, common.header_x(layout), title, line)),
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
    room = max(pooled.w, layout.width - pooled.x - layout.sizes.px(MARGIN))
    canvas.fitted_text(caption, pooled.x, layout.pooled_caption_y, layout.sizes.small, room,
                       canvas.theme.text_dim, lines=2)


def draw_kernel_frame(canvas: Canvas, layout: Layout) -> None:
    """What stands around the kernel's cells: * and = between the panels.

    The kernel's box was cleared before this, so every cell and the note
    under them are drawn anew too.
    """
    box = layout.kernel
    middle = box.y + box.h // 2
    px, sizes = layout.sizes.px, layout.sizes
    canvas.text("*", box.x + px(18), middle + px(18), sizes.px(TITLE_STAR), canvas.theme.text_dim, "center")
    canvas.text("=", box.x + box.w - px(18), middle + px(10), sizes.title, canvas.theme.text_dim, "center")


def kernel_note_box(layout: Layout, shape) -> Rect:
    """The strip under the kernel's cells where the kernel note goes, within the kernel's box."""
    box = layout.kernel
    _, top, cell = kernel_grid(layout, *shape)
    below_cells = top + shape[0] * cell + 2
    return Rect(box.x + PANEL_BAND, below_cells, box.w - 2 * PANEL_BAND, box.y + box.h - below_cells)


def draw_kernel_note(canvas: Canvas, box: Rect, note: str, sizes: Sizes) -> None:
    canvas.text(note, box.x + box.w / 2, box.y + sizes.px(28), sizes.body, canvas.theme.text, "center")


def draw_kernel_cells(canvas: Canvas, layout: Layout, state: demo.SketchState, labels) -> None:
    """The kernel's weights as a grid of tinted cells; ``labels`` is texts.kernel_labels()'s text."""
    grid = kernel_grid(layout, *state.kernel.shape)
    common.draw_kernel_cells(canvas, "cells", grid, state.kernel, labels, state.ui.selected, state.ui.typed,
                             state.flip)


def draw_captions(canvas: Canvas, layout: Layout, caption: str, note: str) -> None:
    # Under the source panel, and under the kernel beside it, never under the legend.
    room = layout.output.x - layout.source.x - layout.sizes.px(16)
    common.draw_captions(canvas, layout.source.x, layout.caption_y, room, caption, note, layout.sizes)


def draw_status(canvas: Canvas, layout: Layout, status: str) -> None:
    common.draw_status(canvas, layout.width, layout.status_y, status, layout.sizes)


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
        draw_pool_readout(canvas, box, state, pooled_focus, layout.sizes)
        return
    if focus is None:
        canvas.fitted_text(texts.IDLE_READOUT, layout.width / 2, box.y + layout.sizes.body, layout.sizes.body, box.w,
                           canvas.theme.text_dim, "center", lines=2)
        return
    draw_focus_outlines(canvas, layout, state.kernel.shape, focus)
    draw_readout(canvas, box, state, focus, layout.sizes)


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


def draw_pool_readout(canvas: Canvas, box: Rect, state: demo.SketchState, pooled_pixel, sizes: Sizes) -> None:
    """A pooled pixel worked out: its window's values, the winner marked (max) or their mean (average)."""
    worked = filters.explain_pool(state.feature, pooled_pixel[0], pooled_pixel[1], state.pool, how=state.pool_mode)
    common.draw_pool_readout(canvas, box, texts.make_pool_readout(worked, state.pool_mode, state.mapping,
                                                                  state.display_range, state.relu), sizes)


def draw_readout(canvas: Canvas, box: Rect, state: demo.SketchState, pixel, sizes: Sizes) -> None:
    """One output pixel's sum worked out: neighbourhood × weights = products, and the total."""
    worked = filters.explain_pixel(state.image, state.kernel, pixel[0], pixel[1], state.edges, state.flip)
    readout = texts.make_readout(worked, state.edges, state.mapping, state.display_range, state.relu)
    common.draw_readout(canvas, box, readout, canvas.derived("readout widths", texts.readout_widths, state.kernel),
                        sizes)


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
