"""What every view draws the same way: kernel cells, the worked-out readouts, the hint line, the help sheet."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from convolution.screen import geometry, glyphs, pixels, texts
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


def draw_help(canvas: Canvas, layout: Layout, lines: list[tuple[str, str]], page: int = 0) -> None:
    """A sheet over the window listing (keys, what they do), page ``page`` of as many as the lines take at
    the largest size that needs the fewest pages (never below the floor; a meaning wraps, never cut): the
    view's own keys first (keys.help_lines), and at the foot which page this is and what turns or closes it."""
    width, height, sizes = layout.width, layout.height, layout.sizes
    canvas.rect(geometry.Rect(0, 0, width, height), canvas.theme.help_sheet)
    sheet = help_sheet(lines, width, height, sizes)
    page = min(max(page, 0), len(sheet.pages) - 1)
    canvas.text(texts.HELP_TITLE, sheet.left, sheet.title_y, sheet.title_size)
    for column, entries in enumerate(sheet.pages[page]):
        x, y = sheet.left + column * (sheet.column_w + sheet.gap), sheet.top
        for key, meaning in entries:
            canvas.text(key, x, y, sheet.size, canvas.theme.highlight)
            for number, part in enumerate(meaning):
                canvas.text(part, x + sheet.key_w, y + number * sheet.line, sheet.size)
            y += len(meaning) * sheet.line + sheet.entry_gap
    for number, part in enumerate(sheet.footers[page]):
        canvas.text(part, sheet.left, sheet.footer_y + number * sheet.line, sheet.size, canvas.theme.text_dim)


def help_page_count(lines: list[tuple[str, str]], layout: Layout) -> int:
    """How many pages the help sheet of ``lines`` takes in ``layout``'s window (h turns them)."""
    return len(help_sheet(lines, layout.width, layout.height, layout.sizes).pages)


Entry = tuple[str, list[str]]   # a key's label, and what it does in lines that fit the sheet's column


@dataclass(frozen=True)
class HelpSheet:
    """The help sheet laid out: every page's columns of entries, the size and places they take."""
    size: int                 # the entries' and the foot's text
    title_size: int
    line: int                 # baseline to baseline
    entry_gap: int            # between two entries
    left: int
    gap: int                  # between two columns
    key_w: int                # the keys' column
    column_w: int
    title_y: int
    top: int                  # the first entry's baseline
    footer_y: int             # the foot's first baseline
    pages: list[list[list[Entry]]]     # page → column → entries
    footers: list[list[str]]           # each page's foot, in lines


def help_footer(page: int, count: int) -> str:
    """What the foot of page ``page`` (from 0) of ``count`` says: which page, and how to turn or close it."""
    if count == 1:
        return "h or ?: close"
    if page + 1 < count:
        return f"page {page + 1} of {count} \u2014 h or Page Down: next,  ?: close"
    return f"page {count} of {count} \u2014 h: close  (Page Up: back)"


def wrapped(text: str, size: int, width: float) -> list[str] | None:
    """``text`` broken at spaces into lines no wider than ``width`` at ``size``; None if a word is wider."""
    result: list[str] = []
    for word in text.split(" "):
        if result and glyphs.text_width(result[-1] + " " + word, size) <= width:
            result[-1] += " " + word
        elif glyphs.text_width(word, size) <= width:
            result.append(word)
        else:
            return None
    return result


@functools.lru_cache(maxsize=32)
def _help_sheet(lines: tuple[tuple[str, str], ...], width: int, height: int, sizes: Sizes) -> HelpSheet:
    margin, gap = sizes.px(geometry.MARGIN), sizes.px(32)
    room = (width - 2 * margin) * 0.98   # Java's widths may be a little wider than DejaVu's measured here
    title_size = max(sizes.floor, min(sizes.title, round(height / 14)))
    title_y = margin + round(title_size * glyphs.ASCENT)
    largest = max(sizes.floor, sizes.px(24))
    best: HelpSheet | None = None
    for size in [largest] + [s for s in reversed(geometry.SHRUNK_SIZES) if sizes.floor <= s < largest]:
        line, entry_gap = round(size * 1.25), round(size * 0.35)
        key_w = round(max(glyphs.text_width(key, size) for key, _ in lines) + size)
        top = title_y + sizes.px(12) + round(size * (1 + glyphs.ASCENT))
        for columns in (1, 2):
            column_w = int((room - (columns - 1) * gap) // columns)
            entries = [(key, wrapped(meaning, size, column_w - key_w)) for key, meaning in lines]
            if column_w - key_w < 8 * size or any(meaning is None for _, meaning in entries):
                continue
            foot = [wrapped(help_footer(0, 9), size, room), wrapped(help_footer(8, 9), size, room)]
            foot_lines = [len(lines) for lines in foot if lines is not None]
            if len(foot_lines) < 2:
                continue
            footer_y = height - margin - round(size * glyphs.DESCENT) - (max(foot_lines) - 1) * line
            bottom = footer_y - round(size * (1 + glyphs.ASCENT))   # the last entry's last baseline at most
            pages = _paged([(key, meaning) for key, meaning in entries if meaning is not None], columns,
                           top, bottom, line, entry_gap)
            if pages is None:
                continue
            footers = [wrapped(help_footer(n, len(pages)), size, room) or [] for n in range(len(pages))]
            sheet = HelpSheet(size, title_size, line, entry_gap, margin, gap, key_w, column_w, title_y, top,
                              footer_y, pages, footers)
            if best is None or len(pages) < len(best.pages):
                best = sheet
    if best is None:
        raise ValueError(f"the help does not fit a {width}\u00d7{height} window even at its floor")
    return best


def help_sheet(lines: list[tuple[str, str]], width: int, height: int, sizes: Sizes) -> HelpSheet:
    """The help sheet of ``lines`` in a ``width``×``height`` window: the fewest pages, at the largest size that
    takes no more (one column, or two where the window is wide), every meaning wrapped to its column."""
    return _help_sheet(tuple(lines), width, height, sizes)


def _paged(entries: list[Entry], columns: int, top: int, bottom: int, line: int, gap: int):
    """``entries`` in pages of ``columns`` columns, each from baseline ``top`` to ``bottom``, in order; None if
    one entry alone is taller than a column."""
    pages: list[list[list[Entry]]] = [[[]]]
    y = top
    for key, meaning in entries:
        last = y + (len(meaning) - 1) * line
        if last > bottom and pages[-1][-1]:
            if len(pages[-1]) < columns:
                pages[-1].append([])
            else:
                pages.append([[]])
            y = top
            last = y + (len(meaning) - 1) * line
        if last > bottom:
            return None
        pages[-1][-1].append((key, meaning))
        y = last + line + gap
    return pages
