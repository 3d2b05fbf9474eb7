"""The filter view's parts that fit themselves to their room: the header (its description on the lines the
layout gave it), the kernel's cells (wider than tall when the weights need it), the captions under the
drawing, and the worked-out readout in the arrangement the layout chose (filter_room.ARRANGEMENTS), its
title's less needed notes folded away rather than cut short."""

from __future__ import annotations

from convolution.screen import geometry, glyphs, pixels, readouts
from convolution.screen.canvas import MONO, Canvas
from convolution.screen.geometry import Rect, Sizes
from convolution.screen.views.filter_layout import CAPTION_LINES, COMPACT, Layout, mono_line, mono_size, text_line
from convolution.screen.views.filter_room import ARRANGEMENTS, BAND_GAP, BESIDE_GAP, FORM_WORDS
from convolution.state import demo


def draw_header(canvas: Canvas, layout: Layout, x: int, title: str, description: str) -> None:
    """The kernel's name and its description under it, on as many lines as the layout made room for."""
    room, sizes = layout.width - 2 * x, layout.sizes
    canvas.fitted_text(title, x, layout.title_y, sizes.title, room)
    canvas.fitted_text(description, x, layout.subtitle_y, sizes.body, room, canvas.theme.text_dim,
                       lines=layout.subtitle_lines)


def kernel_grid(layout: Layout, rows: int, cols: int) -> tuple[int, int, int, int]:
    """Where the kernel's cells go in the kernel column: (left, top, cell width, cell height), centred
    above its note."""
    box, cell, cell_h = layout.kernel, layout.cell, layout.cell_h or layout.cell
    left = box.x + (box.w - cell * cols) // 2
    top = box.y + (box.h - cell_h * rows - (layout.kernel_note or layout.sizes.px(40))) // 2
    return left, top, cell, cell_h


def draw_kernel_cells(canvas: Canvas, layout: Layout, state: demo.SketchState, labels) -> None:
    """The kernel's weights as a grid of tinted cells (``labels``: texts.kernel_labels()'s text), as
    common.draw_kernel_cells draws them, in cells that may be wider than tall, the weights no smaller than the
    readout's numbers."""
    kernel, selected = state.kernel, state.ui.selected
    left, top, cell_w, cell_h = kernel_grid(layout, *kernel.shape)
    rows, cols = kernel.shape
    if selected is not None and state.ui.typed:
        labels = [list(row) for row in labels]
        labels[selected[0]][selected[1]] = state.ui.typed.replace("-", "\u2212") + "\u258f"
    longest = max((label for row in labels for label in row), key=len)
    # As large as a cell's design share, and never below the readout's numbers (the design's small text).
    size = canvas.fitting_size([longest], max(int(cell_h * 0.42), mono_size(layout.sizes)), cell_w * 0.86)
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
    sizes, x, room, align = layout.sizes, layout.caption_x, layout.caption_room, layout.caption_align
    taken = canvas.fitted_text(caption, x, layout.caption_y, sizes.body, room, canvas.theme.text_dim, align,
                               lines=CAPTION_LINES)
    if note:
        y = layout.caption_y + taken * text_line(sizes.body)
        canvas.fitted_text(note, x, y, sizes.body, room, canvas.theme.text_dim, align, lines=CAPTION_LINES,
                           leading=text_line(sizes.body) / sizes.body)


def folded(canvas: Canvas, parts: list[str], width: float, lines: int, size: int) -> str:
    """``parts`` joined by "; ", the last ones left out while they take more than ``lines`` lines of ``width``
    wrapped at ``size`` (the first is always kept: it says what the readout is)."""
    kept = list(parts)
    while len(kept) > 1 and len(geometry.fit_text(glyphs.text_width, "; ".join(kept), size, size, width,
                                                  lines + 1)[1]) > lines:
        kept.pop()
    return "; ".join(kept)


def band_lines(readout: readouts.Readout, widths, form: int) -> list[list[dict[str, str]]]:
    """The readout's matrices in ``form``'s bands (filter_room.ARRANGEMENTS), each band a list of lines as
    readouts.readout_lines makes them; a second band starts with the "=" (or "≈") that joins it to the first."""
    bands = []
    for number, matrices in enumerate(ARRANGEMENTS[form]):
        lines = readouts.readout_lines(readout, widths, matrices)
        if number:
            middle = len(lines) // 2
            lines = [{ink: (f" {readout.sign} " if ink == "dim" and j == middle else "   ") + text
                      for ink, text in line.items()} for j, line in enumerate(lines)]
        bands.append(lines)
    return bands


def form_that_fits(canvas: Canvas, layout: Layout, readout: readouts.Readout, widths) -> int:
    """The most detailed arrangement, no more than the layout planned and in no more bands, whose matrices fit
    the readout's box (its numbers may be wider than the layout reckoned: a photo's pixels have decimals)."""
    size, room = mono_size(layout.sizes), layout.readout.w
    for form in range(layout.form, COMPACT):
        if len(ARRANGEMENTS[form]) > len(ARRANGEMENTS[layout.form]):
            continue
        bands = band_lines(readout, widths, form)
        if all(canvas.width_of("0" * len(lines[0]["value"]), size, MONO) <= room for lines in bands):
            return form
    return COMPACT


def draw_readout(canvas: Canvas, layout: Layout, readout: readouts.Readout, widths) -> None:
    """One pixel's sum worked out in the readout's box: its title, the matrices in the arrangement that fits,
    and the sum with how it is drawn, under the matrices or beside their last band."""
    sizes, box = layout.sizes, layout.readout
    body, rows = sizes.body, len(readout.values)
    form = form_that_fits(canvas, layout, readout, widths)
    lead, notes = readout.lead or readout.title, list(readout.notes)
    if readout.lead and "skipped" not in lead:
        lead = lead.split(": ", 1)[0] + ": " + FORM_WORDS[form].format(sign=readout.sign)
    if form == COMPACT:
        notes.insert(0, f"no room here for the {rows}\u00d7{len(readout.values[0])} products")
    least = mono_size(sizes)
    bands = band_lines(readout, widths, form) if form != COMPACT else []
    char = canvas.width_of("0", least, MONO)
    beside = [bool(bands) and layout.title_beside and len(bands) == 2, bool(bands) and layout.result_beside]
    widest = max((len(lines[0]["value"]) for lines in bands), default=0) * char
    x = box.x if any(beside) else box.x + (box.w - widest) / 2
    top = box.y + sizes.px(6)
    band_h = rows * mono_line(sizes) + sizes.px(4)
    if beside[0]:
        right = x + len(bands[0][0]["value"]) * char + sizes.px(BESIDE_GAP)
        lines = max(layout.title_lines, band_h // text_line(least))
        title = folded(canvas, [lead] + notes, box.x + box.w - right, lines, least)
        readable_text(canvas, title, right, top + body, body, box.x + box.w - right, canvas.theme.text, "left", lines,
                      least)
    else:
        # A skipped pixel's sum is one line: its title may take the lines the sum leaves.
        lines = layout.title_lines + (layout.result_lines - 1 if "skipped" in lead and not beside[1] else 0)
        title = folded(canvas, [lead] + notes, box.w, lines, least)
        readable_text(canvas, title, box.x, box.y + body, body, box.w, canvas.theme.text, "left", lines, least)
        taken = max(layout.title_lines, lines_taken(title, body, least, box.w, lines))
        top = box.y + taken * text_line(body) + sizes.px(6)
    for number, lines_ in enumerate(bands):
        draw_matrices(canvas, x, lines_, top, sizes)
        if number + 1 < len(bands):
            top += rows * mono_line(sizes) + sizes.px(BAND_GAP)
    if beside[1]:
        right = x + len(bands[-1][0]["value"]) * char + sizes.px(BESIDE_GAP)
        readable_text(canvas, readout.result, right, top + body, body, box.x + box.w - right, canvas.theme.highlight,
                      "left", max(1, band_h // text_line(least)), least)
        return
    if bands:
        top += rows * mono_line(sizes)
    readable_text(canvas, readout.result, box.x + box.w / 2, top + body, body, box.w, canvas.theme.highlight,
                  "center", max(1, (box.y + box.h - top) // text_line(body)), least)


def lines_taken(text: str, size: int, least: int, room: float, most: int) -> int:
    """Lines readable_text sets ``text`` on (at most ``most``)."""
    return len(geometry.fit_text(glyphs.text_width, text, size, least, room, most)[1])


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


def draw_matrices(canvas: Canvas, x: float, lines, top: int, sizes: Sizes) -> None:
    """Matrices as readout_lines() sets them, one text block per ink, from (``x``, ``top``) down."""
    size, line = mono_size(sizes), mono_line(sizes)
    char = canvas.width_of("0", size, MONO)
    inks = {"value": canvas.theme.text, "weight": canvas.theme.highlight, "dim": canvas.theme.text_dim}
    for ink, colour in inks.items():
        skip, block = readouts.ink_block(lines, ink)   # every line of one ink in one call
        if block:
            canvas.text_block(block, x + skip * char, top + size, size, colour, line)


def draw_pool_readout(canvas: Canvas, layout: Layout, readout: readouts.PoolReadout) -> None:
    """A pooled pixel worked out: the window's values (the winner marked) and the result; the title and the
    result above and under the values, or beside them where the layout put the sum's readout beside its
    matrices; the title's parts folded to fit."""
    sizes, box = layout.sizes, layout.readout
    body, least, line = sizes.body, mono_size(sizes), mono_line(sizes)
    head, _, tail = readout.title.partition(" (")
    parts = [head] + ([f"({tail}"] if tail else [])
    char = canvas.width_of("0", least, MONO)
    width = char * len(readout.lines[0]["value"])
    if layout.compact or not (layout.title_beside or layout.result_beside):
        title = folded(canvas, parts, box.w, layout.title_lines, least)
        readable_text(canvas, title, box.x, box.y + body, body, box.w, canvas.theme.text, "left", layout.title_lines,
                      least)
        top = box.y + layout.title_lines * text_line(body) + sizes.px(6)
        if not layout.compact and top + len(readout.lines) * line <= box.y + box.h:
            draw_matrices(canvas, box.x + (box.w - width) / 2, readout.lines, top, sizes)
            top += len(readout.lines) * line
        readable_text(canvas, readout.result, box.x + box.w / 2, top + body, body, box.w, canvas.theme.highlight,
                      "center", max(1, (box.y + box.h - top) // text_line(body)), least)
        return
    # The values at the left, the title and the result beside them, in the room the bands take.
    top = box.y + (0 if layout.title_beside else layout.title_lines * text_line(body)) + sizes.px(6)
    if not layout.title_beside:
        title = folded(canvas, parts, box.w, layout.title_lines, least)
        readable_text(canvas, title, box.x, box.y + body, body, box.w, canvas.theme.text, "left", layout.title_lines,
                      least)
    draw_matrices(canvas, box.x, readout.lines, top, sizes)
    right = box.x + width + sizes.px(BESIDE_GAP)
    room, y = box.x + box.w - right, top + body
    lines = max(1, (box.y + box.h - top) // text_line(least))
    if layout.title_beside:
        title = folded(canvas, parts, room, lines - 1, least)
        taken = lines_taken(title, body, least, room, lines - 1)
        readable_text(canvas, title, right, y, body, room, canvas.theme.text, "left", lines - 1, least)
        y += taken * text_line(least)
        lines -= taken
    readable_text(canvas, readout.result, right, y, body, room, canvas.theme.highlight, "left", max(1, lines), least)
