"""What every view draws the same way: kernel cells, the worked-out readouts, the hint line, the help sheet."""

from __future__ import annotations

from convolution.screen import geometry, pixels, texts
from convolution.screen.canvas import MONO, Canvas
from convolution.screen.geometry import Rect, Sizes
from convolution.screen.views.protocol import Layout
from convolution.state import demo

# Design pixels from the foot of a view's input panel to below its caption and a two-line note
# (the caption's baseline is 32 below the panel: see draw_captions).
CAPTIONS_BELOW = 84


def pen_point(layout: Layout, px: float, py: float) -> tuple[float, float]:
    """Window point (px, py) in the pixels (x, y, as floats) of the drawing in ``layout.source``."""
    return (px - layout.source.x) / layout.scale, (py - layout.source.y) / layout.scale


def put_pen_down(state: demo.Demo, layout: Layout, px: float, py: float) -> None:
    """Begin a stroke at window point (px, py) on the drawing. Every view draws on its input this way."""
    demo.begin_stroke(state, pen_point(layout, px, py))


def drag_pen(state: demo.Demo, layout: Layout, px: float, py: float) -> bool:
    """The mouse dragged to window point (px, py): draw on if the pen is down.
    Returns whether the drawing changed."""
    if state.stroke is None:
        return False
    demo.extend_stroke(state, pen_point(layout, px, py))
    return True


def draw_header(canvas: Canvas, layout: Layout, x: int, title: str, description: str) -> None:
    """The view's title and its one-line description at the top (at ``layout.title_y`` and
    ``layout.subtitle_y``), starting at ``x``; each drawn smaller only if it would not fit."""
    room, sizes = layout.width - 2 * x, layout.sizes
    canvas.text(title, x, layout.title_y, canvas.fitting_size([title], sizes.title, room))
    canvas.text(description, x, layout.subtitle_y, canvas.fitting_size([description], sizes.body, room),
                canvas.theme.text_dim)


def draw_captions(canvas: Canvas, x: float, y: float, room: float, caption: str, note: str, sizes: Sizes) -> None:
    """Under a view's input: its ``caption`` (size and kind) and, if any, a ``note`` (Quick Draw drawing,
    scaled photo, how the network sees it) below it, both shrunk to fit ``room`` pixels. A note too
    long for one line at its size goes on two rather than shrinking out of sight (a view leaves
    CAPTIONS_BELOW for them under its input)."""
    canvas.text(caption, x, y, canvas.fitting_size([caption], sizes.body, room), canvas.theme.text_dim)
    if not note:
        return
    lines = [note]
    if canvas.fitting_size(lines, sizes.note, room) < sizes.note:
        lines = texts.split_in_two(note)
    size = canvas.fitting_size(lines, sizes.note, room)
    for number, line in enumerate(lines):
        canvas.text(line, x, y + sizes.px(21) + number * round(size * 1.25), size, canvas.theme.text_dim)


def draw_status(canvas: Canvas, width: int, y: float, status: str, sizes: Sizes) -> None:
    """The modes line, centred, shrunk to fit the window (slow motion and pooling make it long)."""
    size = canvas.fitting_size([status], sizes.body, width - 2 * sizes.px(geometry.MARGIN))
    canvas.text(status, width / 2, y, size, canvas.theme.text, "center")


def draw_kernel_cells(canvas: Canvas, name: str, grid: tuple[int, int, int], kernel, labels, selected=None,
                      typed: str = "") -> None:
    """A kernel's weights as a grid of tinted cells at ``grid`` (left, top, cell size).

    ``labels`` is texts.kernel_labels()'s text; ``selected`` the (row,
    column) being edited and ``typed`` what is being typed into it. Only the
    cells whose label, tint or selection changed since part ``name`` was
    drawn are drawn: editing one weight redraws one cell (or all, when the
    tints' scale changes), and a repaint that leaves the kernel alone draws none.
    """
    rows, cols = kernel.shape
    if selected is not None and typed:
        labels = [list(row) for row in labels]   # the memo stays the kernel's own
        labels[selected[0]][selected[1]] = typed.replace("-", "\u2212") + "\u258f"
    left, top, cell = grid
    longest = max((label for row in labels for label in row), key=len)   # measure one, not all
    size = canvas.fitting_size([longest], int(cell * 0.42), cell * 0.86)
    colours = canvas.derived(f"{name} colours", pixels.cell_colours, kernel)
    drawn = canvas.shown(name)
    if drawn is None:
        drawn = {}
        canvas.remember(name, drawn)
        if canvas.theme.cell_gap != canvas.theme.window_background:   # lines between the cells, so 0s show
            canvas.rect(Rect(left, top, cols * cell, rows * cell), canvas.theme.cell_gap)
    for j in range(rows):
        for i in range(cols):
            content = (labels[j][i], colours[j][i], (j, i) == selected, size)
            if drawn.get((j, i)) != content:
                draw_cell(canvas, left + i * cell, top + j * cell, cell, *content)
                drawn[(j, i)] = content


def draw_cell(canvas: Canvas, x: int, y: int, cell: int, label: str, colour, selected: bool, size: int) -> None:
    """One weight: a tinted square (a 1-pixel gap to its neighbours), its number, and the
    selection outline inside it, so a cell can be redrawn without touching the others."""
    canvas.rect(Rect(x + 1, y + 1, cell - 2, cell - 2), colour)   # covers the cell's old number and outline
    canvas.use_font(size)
    # Centred both ways, as py5.text_align(CENTER, CENTER) would place it.
    canvas.text(label, x + cell / 2, y + cell / 2 - size * 0.08 + canvas.ascent() / 2, size, pixels.ink_on(colour),
                "center")
    if selected:
        # Inset, so its smoothed edge stays inside the tint.
        canvas.frame(Rect(x + 4, y + 4, cell - 8, cell - 8), canvas.theme.highlight, 4)


def draw_readout(canvas: Canvas, box: Rect, readout: texts.Readout, widths, sizes: Sizes = Sizes()) -> None:
    """One pixel's sum worked out in ``box``: neighbourhood × weights = products, and the total.

    The three matrices are set in a monospaced font, all their lines in one
    string per ink, so the numbers line up and a repaint takes three text
    calls. ``widths`` is texts.readout_widths() of the kernel.
    """
    rows, body, px = len(readout.values), sizes.body, sizes.px
    title_size = canvas.fitting_size([readout.title, readout.result], body, box.w)
    canvas.text(readout.title, box.x, box.y + title_size, title_size, canvas.theme.text)
    line = min(px(28), (box.h - 2 * body - px(24)) // rows)
    lines = texts.readout_lines(readout, widths)
    chars = len(lines[0]["value"])
    size = canvas.fitting_size(["0" * chars], min(body, line - px(4)), box.w, MONO)
    x = box.x + (box.w - canvas.width_of("0" * chars, size, MONO)) / 2
    top = box.y + body + px(14)
    inks = {"value": canvas.theme.text, "weight": canvas.theme.highlight, "dim": canvas.theme.text_dim}
    for ink, colour in inks.items():
        skip, block = texts.ink_block(lines, ink)   # every line of one ink in one call
        if block:
            canvas.text_block(block, x + skip * canvas.width_of("0", size, MONO), top + line - px(6), size, colour,
                              line)
    canvas.text(readout.result, box.x + box.w / 2, top + rows * line + body + px(6), title_size,
                canvas.theme.highlight, "center")


def draw_pool_readout(canvas: Canvas, box: Rect, readout: texts.PoolReadout, sizes: Sizes = Sizes()) -> None:
    """A pooled pixel worked out in ``box``: its window's values, the winner marked, and the result."""
    body, px = sizes.body, sizes.px
    title_size = canvas.fitting_size([readout.title, readout.result], body, box.w)
    canvas.text(readout.title, box.x, box.y + title_size, title_size, canvas.theme.text)
    rows = len(readout.lines)
    line = min(px(28), (box.h - 2 * body - px(24)) // max(rows, 3))
    size = min(body, line - px(4))
    chars = len(readout.lines[0]["value"])
    x = box.x + (box.w - canvas.width_of("0" * chars, size, MONO)) / 2
    top = box.y + body + px(14)
    for ink, colour in {"value": canvas.theme.text, "weight": canvas.theme.highlight}.items():
        skip, block = texts.ink_block(readout.lines, ink)
        if block:
            canvas.text_block(block, x + skip * canvas.width_of("0", size, MONO), top + line - px(6), size, colour,
                              line)
    canvas.text(readout.result, box.x + box.w / 2, top + rows * line + body + px(6), title_size,
                canvas.theme.highlight, "center")


def draw_hint(canvas: Canvas, width: int, y: int, message: str, hint: str, sizes: Sizes = Sizes()) -> None:
    """The line at the bottom of the window: a passing ``message`` in the highlight colour, else ``hint``."""
    room = width - 2 * sizes.px(geometry.MARGIN)
    if message:
        size = canvas.fitting_size([message], sizes.hint, room)
        canvas.text(message, width / 2, y, size, canvas.theme.highlight, "center")
    else:
        size = canvas.fitting_size([hint], sizes.hint, room)
        canvas.text(hint, width / 2, y, size, canvas.theme.text, "center")


def draw_help(canvas: Canvas, width: int, height: int, lines: list[tuple[str, str]], sizes: Sizes = Sizes()) -> None:
    """A sheet over the window listing (keys, what they do), sized to fit the window."""
    canvas.rect(geometry.Rect(0, 0, width, height), canvas.theme.help_sheet)
    keys = [key for key, _ in lines]
    meanings = [meaning for _, meaning in lines]
    size = sizes.px(24)
    canvas.use_font(size)
    key_w = max(canvas.text_width(key) for key in keys) + size
    meaning_w = max(canvas.text_width(meaning) for meaning in meanings)
    scale = min(1.0, (width - 2 * sizes.px(geometry.MARGIN)) / (key_w + meaning_w))
    size, key_w, meaning_w = int(size * scale), key_w * scale, meaning_w * scale
    left = (width - key_w - meaning_w) / 2
    line = size * 1.55
    y = max(sizes.title + sizes.px(10), (height - line * (len(keys) + 2)) / 2 + sizes.title)
    canvas.text(texts.HELP_TITLE, left, y, sizes.title)
    for key, meaning in lines:
        y += line
        canvas.text(key, left, y, size, canvas.theme.highlight)
        canvas.text(meaning, left + key_w, y, size)
    canvas.text(texts.HELP_CLOSE, left, y + line * 1.3, sizes.body, canvas.theme.text_dim)
    canvas.forget_screen()   # the sheet covers everything: repaint it all once it goes
