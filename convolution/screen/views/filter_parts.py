"""The filter view's parts that fit themselves to their room: the kernel's cells (wider than tall when
the weights need it), the captions under the drawing, and the worked-out readout in the most detailed
form that fits (readouts.FORMS), its title's less needed notes folded away rather than cut short."""

from __future__ import annotations

from convolution.screen import pixels, readouts
from convolution.screen.canvas import MONO, Canvas
from convolution.screen.geometry import Rect, Sizes
from convolution.screen.views import common
from convolution.screen.views.filter_layout import CAPTION_LINES, COMPACT, Layout, mono_line, mono_size, text_line
from convolution.state import demo

# What the readout's title says its matrices are, for each form (readouts.FORMS).
FORM_WORDS = (
    "neighbourhood \u00d7 weights {sign} products, added up",
    "the weights \u2192 each \u00d7 its pixel (the products), added up",
    "each pixel \u00d7 its weight (the products), added up",
    "its neighbourhood \u00d7 the weights, added up",
)


def kernel_grid(layout: Layout, rows: int, cols: int) -> tuple[int, int, int, int]:
    """Where the kernel's cells go in the kernel column: (left, top, cell width, cell height), centred
    above its note."""
    box, cell, cell_h = layout.kernel, layout.cell, layout.cell_h or layout.cell
    left = box.x + (box.w - cell * cols) // 2
    top = box.y + (box.h - cell_h * rows - layout.sizes.px(40)) // 2
    return left, top, cell, cell_h


def draw_kernel_cells(canvas: Canvas, layout: Layout, state: demo.SketchState, labels) -> None:
    """The kernel's weights as a grid of tinted cells (``labels``: texts.kernel_labels()'s text), as
    common.draw_kernel_cells draws them, in cells that may be wider than tall."""
    kernel, selected = state.kernel, state.ui.selected
    left, top, cell_w, cell_h = kernel_grid(layout, *kernel.shape)
    if cell_w == cell_h:
        common.draw_kernel_cells(canvas, "cells", (left, top, cell_w), kernel, labels, selected, state.ui.typed,
                                 state.flip)
        return
    rows, cols = kernel.shape
    if selected is not None and state.ui.typed:
        labels = [list(row) for row in labels]
        labels[selected[0]][selected[1]] = state.ui.typed.replace("-", "\u2212") + "\u258f"
    longest = max((label for row in labels for label in row), key=len)
    size = canvas.fitting_size([longest], int(cell_h * 0.42), cell_w * 0.86)
    colours = canvas.derived("cells colours", pixels.cell_colours, kernel)
    if state.flip:
        labels, colours = [row[::-1] for row in labels[::-1]], [row[::-1] for row in colours[::-1]]
        selected = None if selected is None else demo.flipped_cell(selected, kernel.shape)

    def cells() -> None:
        if canvas.theme.cell_gap != canvas.theme.window_background:
            canvas.rect(Rect(left, top, cols * cell_w, rows * cell_h), canvas.theme.cell_gap)
        for j in range(rows):
            for i in range(cols):
                x, y = left + i * cell_w, top + j * cell_h
                canvas.rect(Rect(x + 1, y + 1, cell_w - 2, cell_h - 2), colours[j][i])
                canvas.use_font(size)
                canvas.text(labels[j][i], x + cell_w / 2, y + cell_h / 2 - size * 0.08 + canvas.ascent() / 2, size,
                            pixels.ink_on(colours[j][i]), "center")
                if (j, i) == selected:
                    canvas.frame(Rect(x + 4, y + 4, cell_w - 8, cell_h - 8), canvas.theme.highlight, 4)

    shown = ((left, top, cell_w, cell_h), id(kernel), tuple(map(tuple, labels)), selected, size, state.flip,
             canvas.theme.name)
    canvas.replayed("cells cells", shown, cells, keep=kernel)


def draw_captions(canvas: Canvas, layout: Layout, caption: str, note: str) -> None:
    """Under the drawing: its caption (on two lines if need be) and a note (two lines), never below the floor."""
    sizes, x, room = layout.sizes, layout.source.x, layout.caption_room
    taken = canvas.fitted_text(caption, x, layout.caption_y, sizes.body, room, canvas.theme.text_dim,
                               lines=CAPTION_LINES)
    if note:
        y = layout.caption_y + taken * text_line(sizes.body)
        canvas.fitted_text(note, x, y, sizes.body, room, canvas.theme.text_dim, lines=CAPTION_LINES,
                           leading=text_line(sizes.body) / sizes.body)


def folded(canvas: Canvas, parts: list[str], size: int, width: float) -> str:
    """``parts`` joined by "; ", the last ones left out while the line is wider than ``width`` at the floor
    (the first is always kept: it says what the readout is)."""
    kept = list(parts)
    while len(kept) > 1 and canvas.width_of("; ".join(kept), canvas.floor) > width:
        kept.pop()
    return "; ".join(kept)


def form_that_fits(canvas: Canvas, layout: Layout, readout: readouts.Readout, widths) -> int:
    """The most detailed readout form, no more than the layout planned, whose matrices fit the readout's box
    (its numbers may be wider than the layout reckoned: a photo's pixels have decimals)."""
    sizes, box = layout.sizes, layout.readout
    size = mono_size(sizes)
    for form in range(layout.form, COMPACT):
        lines = readouts.readout_lines(readout, widths, readouts.FORMS[form])
        if canvas.width_of("0" * len(lines[0]["value"]), size, MONO) <= box.w:
            return form
    return COMPACT


def draw_readout(canvas: Canvas, layout: Layout, readout: readouts.Readout, widths) -> None:
    """One pixel's sum worked out in the readout's box: its title, the matrices of the form that fits, and the
    sum with how it is drawn (on two lines if need be)."""
    sizes, box = layout.sizes, layout.readout
    body, rows = sizes.body, len(readout.values)
    form = form_that_fits(canvas, layout, readout, widths)
    lead, notes = readout.lead or readout.title, list(readout.notes)
    if readout.lead and "skipped" not in lead:
        lead = lead.split(": ", 1)[0] + ": " + FORM_WORDS[form].format(sign=readout.sign)
    if form == COMPACT:
        notes.insert(0, f"no room here for the {rows}\u00d7{len(readout.values[0])} products")
    title = folded(canvas, [lead] + notes, body, box.w)
    readable_text(canvas, title, box.x, box.y + body, body, box.w, canvas.theme.text, "left", 1, mono_size(sizes))
    top = box.y + text_line(body) + sizes.px(6)
    if form != COMPACT:
        draw_matrices(canvas, box, readouts.readout_lines(readout, widths, readouts.FORMS[form]), top, sizes)
        top += rows * mono_line(sizes)
    canvas.fitted_text(readout.result, box.x + box.w / 2, top + body, body, box.w, canvas.theme.highlight, "center",
                       lines=2)


def readable_text(canvas: Canvas, text: str, x: float, y: float, size: int, width: float, colour, align: str,
                  lines: int, least: int) -> None:
    """fitted_text, but shrinking no further than ``least`` (the readout's numbers' size) before it wraps: the
    sum stays as large as the numbers it adds up."""
    floor = canvas.floor
    canvas.floor = max(floor, min(size, least))
    try:
        canvas.fitted_text(text, x, y, size, width, colour, align, lines=lines)
    finally:
        canvas.floor = floor


def draw_matrices(canvas: Canvas, box: Rect, lines, top: int, sizes: Sizes) -> None:
    """readout_lines()'s matrices, one text block per ink, centred in ``box`` from ``top`` down."""
    size, line = mono_size(sizes), mono_line(sizes)
    char = canvas.width_of("0", size, MONO)
    x = box.x + (box.w - char * len(lines[0]["value"])) / 2
    inks = {"value": canvas.theme.text, "weight": canvas.theme.highlight, "dim": canvas.theme.text_dim}
    for ink, colour in inks.items():
        skip, block = readouts.ink_block(lines, ink)   # every line of one ink in one call
        if block:
            canvas.text_block(block, x + skip * char, top + size, size, colour, line)


def draw_pool_readout(canvas: Canvas, layout: Layout, readout: readouts.PoolReadout) -> None:
    """A pooled pixel worked out: the window's values (the winner marked) and the result, the title's
    parts folded to fit."""
    sizes, box = layout.sizes, layout.readout
    body = sizes.body
    head, _, tail = readout.title.partition(" (")
    title = folded(canvas, [head] + ([f"({tail}"] if tail else []), body, box.w)
    canvas.fitted_text(title, box.x, box.y + body, body, box.w, lines=2 if layout.compact else 1)
    top = box.y + text_line(body) + sizes.px(6)
    room = (box.h - 3 * text_line(body)) // mono_line(sizes)
    if not layout.compact and len(readout.lines) <= room:
        inks = {"value": canvas.theme.text, "weight": canvas.theme.highlight}
        size, line = mono_size(sizes), mono_line(sizes)
        char = canvas.width_of("0", size, MONO)
        x = box.x + (box.w - char * len(readout.lines[0]["value"])) / 2
        for ink, colour in inks.items():
            skip, block = readouts.ink_block(readout.lines, ink)
            if block:
                canvas.text_block(block, x + skip * char, top + size, size, colour, line)
        top += len(readout.lines) * line
    canvas.fitted_text(readout.result, box.x + box.w / 2, top + body, body, box.w, canvas.theme.highlight, "center",
                       lines=2)
