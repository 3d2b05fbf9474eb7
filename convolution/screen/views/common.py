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


def put_pen_down(state: demo.SketchState, layout: Layout, px: float, py: float) -> None:
    """Begin a stroke at window point (px, py) on the drawing. Every view draws on its input this way."""
    demo.begin_stroke(state, pen_point(layout, px, py))


def drag_pen(state: demo.SketchState, layout: Layout, px: float, py: float) -> bool:
    """The mouse dragged to window point (px, py): draw on if the pen is down.
    Returns whether the drawing changed."""
    if state.stroke is None:
        return False
    demo.extend_stroke(state, pen_point(layout, px, py))
    return True


def header_x(layout: Layout) -> int:
    """Where the title and its description begin: at the margin, or at the drawing if that is nearer the edge."""
    return min(layout.source.x, layout.sizes.px(geometry.MARGIN))


def draw_header(canvas: Canvas, layout: Layout, x: int, title: str, description: str) -> None:
    """The view's title and its one-line description at the top (at ``layout.title_y`` and
    ``layout.subtitle_y``), starting at ``x``; each drawn smaller only if it would not fit, never below
    the floor, and cut short with "…" if even that is not enough."""
    room, sizes = layout.width - 2 * x, layout.sizes
    canvas.fitted_text(title, x, layout.title_y, sizes.title, room)
    canvas.fitted_text(description, x, layout.subtitle_y, sizes.body, room, canvas.theme.text_dim)


def draw_captions(canvas: Canvas, x: float, y: float, room: float, caption: str, note: str, sizes: Sizes) -> None:
    """Under a view's input: its ``caption`` (size and kind) and, if any, a ``note`` (Quick Draw drawing,
    scaled photo, how the network sees it) below it, both fitted to ``room`` pixels: a note too long for
    one line goes on two (a view leaves CAPTIONS_BELOW for them under its input), never below the floor."""
    canvas.fitted_text(caption, x, y, sizes.body, room, canvas.theme.text_dim)
    if note:
        canvas.fitted_text(note, x, y + sizes.px(21), sizes.note, room, canvas.theme.text_dim, lines=2)


def draw_status(canvas: Canvas, width: int, y: float, status: str, sizes: Sizes) -> None:
    """The modes line, centred, fitted to the window (slow motion and pooling make it long)."""
    canvas.fitted_text(status, width / 2, y, sizes.body, width - 2 * sizes.px(geometry.MARGIN), canvas.theme.text,
                       "center")


def begin_frame(canvas: Canvas, sizes) -> None:
    """Start a view's scene at ``sizes``: the background first, then every part over it."""
    canvas.use_sizes(sizes)
    canvas.background()


def draw_kernel_cells(canvas: Canvas, name: str, grid: tuple[int, int, int], kernel, labels, selected=None,
                      typed: str = "", flipped: bool = False) -> None:
    """A kernel's weights as a grid of tinted cells at ``grid`` (left, top, cell size).

    ``labels`` is texts.kernel_labels()'s text; ``selected`` the (row,
    column) being edited and ``typed`` what is being typed into it.
    ``flipped`` (true convolution): the weights as they are used, turned by
    180°, each cell where its weight multiplies a pixel. ``name`` keeps the
    tints worked out once per kernel.
    """
    rows, cols = kernel.shape
    if selected is not None and typed:
        labels = [list(row) for row in labels]   # the memo stays the kernel's own
        labels[selected[0]][selected[1]] = typed.replace("-", "\u2212") + "\u258f"
    left, top, cell = grid
    longest = max((label for row in labels for label in row), key=len)   # measure one, not all
    size = canvas.fitting_size([longest], int(cell * 0.42), cell * 0.86)
    colours = canvas.derived(f"{name} colours", pixels.cell_colours, kernel)
    signs = [[(w > 0) - (w < 0) for w in row] for row in kernel.tolist()]
    if flipped:
        labels, colours = [row[::-1] for row in labels[::-1]], [row[::-1] for row in colours[::-1]]
        signs = [row[::-1] for row in signs[::-1]]
        selected = None if selected is None else demo.flipped_cell(selected, kernel.shape)

    def cells() -> None:
        if canvas.theme.cell_gap != canvas.theme.window_background:   # lines between the cells, so 0s show
            canvas.rect(Rect(left, top, cols * cell, rows * cell), canvas.theme.cell_gap)
        for j in range(rows):
            for i in range(cols):
                draw_cell(canvas, left + i * cell, top + j * cell, cell, labels[j][i], colours[j][i],
                          (j, i) == selected, size, signs[j][i])

    shown = (grid, id(kernel), tuple(map(tuple, labels)), selected, size, flipped, canvas.theme.name)
    canvas.replayed(f"{name} cells", shown, cells, keep=kernel)


def sign_mark(x: int, y: int, cell: int, sign: int) -> list[Rect]:
    """A weight's sign drawn as a shape in its cell at (x, y): a bar across for −, a cross for +, none for 0.
    For cells too small for their number, so the sign is never told by the tint's colour alone."""
    if sign == 0:
        return []
    length, thick = max(3, round(cell * 0.44)) | 1, max(1, round(cell * 0.1))   # odd: centred on a pixel
    left, top = x + (cell - length) // 2, y + (cell - thick) // 2
    across = Rect(left, top, length, thick)
    return [across] if sign < 0 else [across, Rect(x + (cell - thick) // 2, y + (cell - length) // 2, thick, length)]


def draw_cell(canvas: Canvas, x: int, y: int, cell: int, label: str, colour, selected: bool, size: int,
              sign: int = 0) -> None:
    """One weight: a tinted square (a 1-pixel gap to its neighbours), its number (or, with no number,
    its ``sign`` as a mark), and the selection outline inside it, so a cell can be redrawn without
    touching the others."""
    canvas.rect(Rect(x + 1, y + 1, cell - 2, cell - 2), colour)   # covers the cell's old number and outline
    if not label:
        canvas.rects(sign_mark(x, y, cell, sign), pixels.ink_on(colour))
    canvas.use_font(size)
    # Centred both ways, as py5.text_align(CENTER, CENTER) would place it.
    canvas.text(label, x + cell / 2, y + cell / 2 - size * 0.08 + canvas.ascent() / 2, size, pixels.ink_on(colour),
                "center")
    if selected:
        # Inset, so its smoothed edge stays inside the tint.
        canvas.frame(Rect(x + 4, y + 4, cell - 8, cell - 8), canvas.theme.highlight, 4)


def draw_readout(canvas: Canvas, box: Rect, readout: texts.Readout, widths, sizes: Sizes = Sizes(),
                 compact: bool = False) -> None:
    """One pixel's sum worked out in ``box``: neighbourhood × weights = products, and the total.

    The three matrices are set in a monospaced font, all their lines in one
    string per ink, so the numbers line up and a repaint takes three text
    calls. ``widths`` is texts.readout_widths() of the kernel. ``compact`` (a
    small window), or matrices too wide for the box at the text floor: the
    title and the result only.
    """
    lines = texts.readout_lines(readout, widths)
    inks = {"value": canvas.theme.text, "weight": canvas.theme.highlight, "dim": canvas.theme.text_dim}
    draw_worked(canvas, box, readout.title, readout.result, lines, inks, len(readout.values), sizes, compact)


def draw_pool_readout(canvas: Canvas, box: Rect, readout: texts.PoolReadout, sizes: Sizes = Sizes(),
                      compact: bool = False) -> None:
    """A pooled pixel worked out in ``box``: its window's values, the winner marked, and the result."""
    inks = {"value": canvas.theme.text, "weight": canvas.theme.highlight}
    draw_worked(canvas, box, readout.title, readout.result, readout.lines, inks, max(len(readout.lines), 3), sizes,
                compact)


def draw_worked(canvas: Canvas, box: Rect, title: str, result: str, lines, inks: dict, rows: int, sizes: Sizes,
                compact: bool) -> None:
    """A readout: its title, ``lines`` (texts.readout_lines: one string per ink and line) in a monospaced
    block, and the result under them; without the block when ``compact`` or when it does not fit."""
    body, px = sizes.body, sizes.px
    line = min(px(28), (box.h - 2 * body - px(24)) // rows)
    chars = len(lines[0]["value"]) if lines else 0
    size = max(canvas.floor, min(body, line - px(4)))
    compact = compact or line < size or canvas.width_of("0" * chars, size, MONO) > box.w
    canvas.fitted_text(title, box.x, box.y + body, body, box.w)
    top = box.y + body + px(14)
    if not compact:
        x = box.x + (box.w - canvas.width_of("0" * chars, size, MONO)) / 2
        for ink, colour in inks.items():
            skip, block = texts.ink_block(lines, ink)   # every line of one ink in one call
            if block:
                canvas.text_block(block, x + skip * canvas.width_of("0", size, MONO), top + line - px(6), size,
                                  colour, line)
    result_y = top + (0 if compact else rows * line) + body + px(6) - (px(8) if compact else 0)
    canvas.fitted_text(result, box.x + box.w / 2, result_y, body, box.w, canvas.theme.highlight, "center")


KEPT_HINTS = ("h help", "q quit")   # the hint line's last words to go: the rest is on the help sheet


def draw_hint(canvas: Canvas, width: int, y: int, message: str, hint: str, sizes: Sizes = Sizes()) -> None:
    """The line at the bottom of the window: a passing ``message`` in the highlight colour, else ``hint``
    (keys in a few words: those that do not fit at the floor are left out, from the end, but "h help")."""
    room = width - 2 * sizes.px(geometry.MARGIN)
    if message:   # a lesson's caption, or a passing note: on two lines if need be, the first above the hint's place
        size, lines = canvas.fit(message, sizes.hint, room, lines=2)
        for number, line in enumerate(lines):
            canvas.text(line, width / 2, y - (len(lines) - 1 - number) * round(size * 1.2), size,
                        canvas.theme.highlight, "center")
        return
    items = hint.split("   ")
    while len(items) > 1 and canvas.fit("   ".join(items), sizes.hint, room)[1][-1].endswith("\u2026"):
        droppable = [item for item in items if item not in KEPT_HINTS]
        if not droppable:
            break
        items.remove(droppable[-1])
    canvas.fitted_text("   ".join(items), width / 2, y, sizes.hint, room, canvas.theme.text, "center")


def draw_help(canvas: Canvas, layout: Layout, lines: list[tuple[str, str]]) -> None:
    """A sheet over the window listing (keys, what they do): every line, in one column or, when the
    window is not tall or wide enough, in two or three, a meaning on two lines if need be; the text
    as large as fits but never below the floor."""
    width, height, sizes = layout.width, layout.height, layout.sizes
    canvas.rect(geometry.Rect(0, 0, width, height), canvas.theme.help_sheet)
    margin, gap = sizes.px(geometry.MARGIN), sizes.px(32)
    title_h, close_h = sizes.title + sizes.px(16), sizes.body + sizes.px(16)
    room = (width - 2 * margin, height - 2 * margin - title_h - close_h)
    largest = max(sizes.floor, sizes.px(24))
    choices = [(columns, wrap, size) for wrap in (False, True) for columns in (1, 2, 3)
               for size in [largest] + [s for s in reversed(geometry.SHRUNK_SIZES) if sizes.floor <= s < largest]]
    plan = next((found for found in (_help_plan(canvas, lines, *choice, room, gap) for choice in choices) if found),
                None) or _help_plan(canvas, lines, 3, True, sizes.floor, (room[0], 10 ** 6), gap, force=True)
    columns, size, key_w, column_w, line, rows, wrap = plan
    total_w = columns * column_w + (columns - 1) * gap
    left = max(margin, (width - total_w) // 2)
    entry = line * (2 if wrap else 1)
    top = max(margin + sizes.title, (height - (title_h + rows * entry + close_h)) // 2 + sizes.title)
    canvas.text(texts.HELP_TITLE, left, top, sizes.title)
    for number, (key, meaning) in enumerate(lines):
        column, row = divmod(number, rows)
        x, y = left + column * (column_w + gap), top + title_h - sizes.px(8) + row * entry
        canvas.text(key, x, y, size, canvas.theme.highlight)
        canvas.fitted_text(meaning, x + key_w, y, size, column_w - key_w, lines=2 if wrap else 1, leading=1.45)
    canvas.text(texts.HELP_CLOSE, left, top + title_h + rows * entry + sizes.px(8), sizes.body, canvas.theme.text_dim)


def _help_plan(canvas: Canvas, lines, columns: int, wrap: bool, size: int, room, gap: int, force: bool = False):
    """How the help sheet fits ``room`` (width, height) in ``columns`` columns at ``size``, each meaning on
    one line (or, ``wrap``, two): (columns, size, key column's width, a column's width, line height,
    rows a column, wrap); None if it does not fit (``force``: the plan anyway)."""
    rows = -(-len(lines) // columns)
    line = round(size * 1.45)
    key_w = max(canvas.width_of(key, size) for key, _ in lines) + size
    column_w = (room[0] - (columns - 1) * gap) // columns
    if not wrap:   # no wider than its widest line, so the sheet stands in the middle of the window
        column_w = min(column_w, round(key_w + max(canvas.width_of(meaning, size) for _, meaning in lines)) + 1)
    plan = (columns, size, key_w, column_w, line, rows, wrap)
    if force:
        return plan
    if rows * line * (2 if wrap else 1) > room[1]:
        return None
    for _, meaning in lines:
        fitted, parts = canvas.fit(meaning, size, column_w - key_w, 2 if wrap else 1)
        if fitted < size or parts[-1].endswith("\u2026"):
            return None
    return plan
