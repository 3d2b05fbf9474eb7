"""Where the filter view puts everything: pure geometry, no drawing (filter.py draws).

    title, and the kernel's description (on two lines if need be)
    drawing  *  kernel  =  output            (the pooled map under the output, or beside it)
    caption     note       legend
    modes line
    readout: one pixel's sum worked out, in the most detailed arrangement that fits (filter_room)
    hint line

The captions stand under their panels; the kernel's cells are as small as their weights allow at the text
floor (wider than tall for weights like −0.77). A layout is chosen among many (text sizes, readout
arrangements, kernel cells, gaps, the pooled map under or beside the output): the most detailed readout
whose drawing is still large enough to see, then the largest drawing. So on a 768-line screen in full
screen a 5×5 kernel's sum is worked out whole, its matrices in two bands.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

import filters
from convolution.screen import geometry, glyphs, readouts, texts
from convolution.screen.geometry import MARGIN, Rect, Sizes
from convolution.screen.views.filter_room import (  # noqa: F401  (COMPACT, mono_*: filter_parts' names too)
    ARRANGEMENTS,
    BAND_GAP,
    BESIDE_GAP,
    COMPACT,
    LEAST_BESIDE,
    arrangements_that_fit,
    band_width,
    lines_of,
    mono_line,
    mono_size,
    text_line,
    worst_texts,
)
from convolution.state import demo

STAR = 40          # room beside the kernel's cells for the * and the =
CELL = 84          # a kernel cell's design size, at most (3×3); larger kernels share KERNEL_CELLS
KERNEL_CELLS = 260   # a larger kernel's cells together span this much, unless their weights need more
KERNEL_NOTE = 40   # under the cells: the kernel's size, its common factor, "(flipped)"
CAPTIONS = 56      # under the output: the legend bar and its labels
GAP = 24           # between the output and the pooled map beside it
STATUS = 32
MIN_WIDTH = 940    # a window of its own is at least this wide
MAX_SCALE = 40     # the largest scale a window tries
WORKED_SCALE_PER = 160    # a window ``h`` pixels high takes a drawing down to h / 160 × to work a sum out whole
CAPTION_LINES = 6         # the most lines a caption under the drawing takes
# How much of the arithmetic each readout arrangement shows (0: all of it, in one band or two).
DETAIL = (0, 0, 1, 2, 3)
# How densely a layout packs its rows: (kernel cells, gaps), from the design's to the tightest.
DENSITIES = ("design", "tight", "tight snug", "snug snug")


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
    subtitle_y: int       # baseline of the kernel's description (its first line)
    caption_y: int        # baseline of the caption under the source panel
    status_y: int         # baseline of the modes line (edges, flip, mapping)
    hint_y: int           # baseline of the key hint at the bottom
    pool: int = 0         # the pooling window, 0 for none
    pooled: Rect | None = None   # the pooled map (under the output, or beside it), each pixel pool×scale square
    pooled_caption_y: int = 0    # baseline of the caption under the pooled map
    sizes: Sizes = Sizes()       # text sizes (and the gaps that grow with them)
    cell: int = 0                # a kernel cell's width
    compact: bool = False        # the readout shows the sum only (no room for its matrices)
    fits: bool = True            # False: not even at 1× does the drawing fit the window
    cell_h: int = 0              # a kernel cell's height (0: as wide)
    form: int = 0                # the readout's arrangement (filter_room.ARRANGEMENTS)
    subtitle_lines: int = 1      # the kernel's description on one line or more
    status_lines: int = 1        # the modes line on one line or two
    caption_room: int = 0        # how wide the captions under the drawing may be
    caption_x: int = 0           # where they stand: their centre (or left end, as caption_align says)
    caption_align: str = "left"
    title_lines: int = 1         # the readout's title on one line or more
    result_lines: int = 2        # the readout's sum on this many lines (under its matrices, or beside them)
    result_beside: bool = False  # the sum beside the last band of matrices (else under them)
    pooled_caption_room: int = 0   # how wide the pooled map's caption may be
    status_top: int = 0          # where the modes line's room begins (the panels' row ends)
    title_beside: bool = False   # the readout's title beside the first of two bands of matrices
    kernel_note: int = 0         # the room under the kernel's cells for its note
    pooled_caption_lines: int = 2   # the lines the pooled map's caption may take


@dataclass(frozen=True)
class Plan:
    """The choices a layout makes before it places anything."""
    rows: int             # the kernel's rows and columns, and its cells' width and height
    cols: int
    cell: int
    pool: int             # the pooling window (0: no pooled map)
    beside: bool          # the pooled map beside the output (else under it)
    form: int = 0         # the readout's arrangement (filter_room.ARRANGEMENTS; COMPACT: the sum only)
    cell_h: int = 0       # 0: square cells
    subtitle_lines: int = 1
    captions: tuple[str, ...] = ()   # what stands under the drawing (its caption, a note): their lines count
    status_lines: int = 1            # the modes line on one line or two (ReLU's note is long)
    snug: bool = False               # the gaps between the rows as small as they may be (a short screen)
    title_lines: int = 1             # the readout's title, and its sum, on this many lines
    result_lines: int = 2
    result_beside: bool = False      # the sum beside the last band of matrices
    pooled_caption: str = ""         # the pooled map's caption: its lines count
    title_beside: bool = False       # the readout's title beside its first band of two (else above them)
    legend: tuple[str, ...] = ()     # the legend's labels: the legend is at least as wide as they need
    note: str = ""                   # the kernel's note: the captions under the drawing keep clear of it

    @property
    def height(self) -> int:
        return self.cell_h or self.cell

    @property
    def compact(self) -> bool:
        return self.form >= COMPACT

    @property
    def bands(self) -> int:
        return len(ARRANGEMENTS[self.form])


@dataclass(frozen=True)
class Words:
    """What the layout makes room for: the texts that stand in the window, as long as they can be."""
    description: str
    status: str
    captions: tuple[str, ...]
    pooled_caption: str
    titles: tuple[str, ...]        # the readout's widest titles (filter_room.worst_texts)
    sums: tuple[str, ...]          # and its widest sums
    widths: tuple[int, int, int]   # readouts.readout_widths of the kernel
    labels: tuple[tuple[str, ...], ...]
    legend: tuple[str, ...] = ("\u2264 0", "\u2265 255")   # the legend's labels, left to right
    note: str = ""                 # the kernel's note under its cells


def default_scale(state: demo.SketchState) -> int:
    """The lesson's 10×, less for a big image."""
    height, width = state.image.shape[:2]
    return geometry.auto_scale(width, height)


def words_of(state: demo.SketchState) -> Words:
    titles, sums = worst_texts(state)
    pooled = texts.pooled_caption(state) if state.pooled is not None else ""
    return Words(texts.kernel_description(state), texts.status_line(state),
                 (texts.size_caption(state.image, state.inverted), texts.source_note(state)), pooled,
                 tuple(titles), tuple(sums), readouts.readout_widths(state.kernel),
                 tuple(map(tuple, texts.kernel_labels(state.kernel)[0])),
                 tuple(label for _, label in texts.legend_labels(state.mapping, *state.display_range)),
                 texts.kernel_note(state, texts.kernel_labels(state.kernel)[1]))


def layout_for(state: demo.SketchState, window: tuple[int, int] | None = None, scale: int | None = None,
               fullscreen: bool = False) -> Layout:
    """Where everything goes for what ``state`` shows: in ``window`` (width, height), the drawing as
    large as fits (at most ``scale``, when given) with text from the window's height; or (no window)
    in a window of its own, at ``scale`` (default the lesson's 10×, less for a big image) and the
    design's text sizes. Every view has this and prepare(): the sketch's way in."""
    image_h, image_w = state.image.shape[:2]
    pool = state.pool if state.pooled is not None else 0
    words = words_of(state)
    if window is None:
        return own_layout(image_w, image_h, state.kernel, pool, scale or default_scale(state), words)
    width, height = window
    key = (image_w, image_h, pool, state.kernel.shape, window, scale, fullscreen)
    kept = _EDITING.get(key) if state.ui.selected is not None else None
    if kept is not None:   # a weight being edited: the same arrangement while it still fits, found at once
        form, density, beside, sizes, fitting = kept
        plan = make_plan(state.kernel, pool, beside, form, density, sizes, width, words)
        if largest_scale(image_w, image_h, plan, sizes, width, height) >= fitting:
            return arranged(image_w, image_h, plan, fitting, sizes, window)
    candidates = []   # (scale, plan, sizes, density), in the order a class would want them at the same scale
    for sizes in Sizes.for_window(height, fullscreen=fullscreen).smaller_choices():
        for form in arrangements_that_fit(state.kernel.shape[1], words.widths, sizes, width - 2 * sizes.px(MARGIN)):
            for density in DENSITIES:
                for beside in (False, True) if pool else (False,):
                    plan = make_plan(state.kernel, pool, beside, form, density, sizes, width, words)
                    fitting = largest_scale(image_w, image_h, plan, sizes, width, height)
                    candidates.append((min(fitting, scale) if scale else fitting, plan, sizes, density))
        # chosen() takes the largest text at which the drawing is seen large enough: smaller text is not tried
        # once these sizes reach it (the choice is the same, found sooner).
        if any(choice[0] >= max(1, height // WORKED_SCALE_PER) for choice in candidates):
            break
    best = max(choice[0] for choice in candidates)
    if best < 1:   # nothing fits even at 1×: the way that overflows the window least
        least = min(candidates, key=lambda choice: window_size(image_w, image_h, choice[1], 1, choice[2])[1])
        return arranged(image_w, image_h, least[1], 1, least[2], window, fits=False)
    fitting, plan, sizes, density = chosen(candidates, best, height)
    _EDITING.clear()
    _EDITING[key] = (plan.form, density, plan.beside, sizes, fitting)
    return arranged(image_w, image_h, plan, fitting, sizes, window)


# The arrangement chosen last, by what it was chosen for but the kernel's weights: while a weight is edited (each
# key a new kernel) the window keeps it as long as it fits, rather than search every arrangement again each time
# (and move the readout under the teacher's pointer).
_EDITING: dict[tuple, tuple[int, str, bool, Sizes, int]] = {}


def chosen(candidates, best: int, height: int):
    """The layout a class wants of ``candidates`` ((scale, plan, sizes), the largest scale ``best``): the
    largest text at which the drawing can still be seen (h / WORKED_SCALE_PER × at least); with it, the most
    detailed readout that leaves the drawing that large; with that, the largest drawing (the first of equals:
    the design's cells and gaps, the pooled map under the output)."""
    least = min(best, max(1, height // WORKED_SCALE_PER))
    sizes = next(choice[2] for choice in candidates if choice[0] >= least)
    mine = [choice for choice in candidates if choice[2] == sizes]
    detail = min(DETAIL[choice[1].form] for choice in mine if choice[0] >= least)
    good = [choice for choice in mine if DETAIL[choice[1].form] == detail]
    most = max(choice[0] for choice in good)
    return next(choice for choice in good if choice[0] == most)


def make_plan(kernel, pool: int, beside: bool, form: int, density: str, sizes: Sizes, width: int,
              words: Words) -> Plan:
    """A plan for ``form`` and ``density`` in a window ``width`` wide: the lines its texts take there, and
    whether the readout's title and sum go beside its bands of matrices (where there is room)."""
    rows, cols = kernel.shape
    cells, gaps = (density.split() + ["normal"])[:2]
    cell = cell_size(kernel, sizes, cells != "design", words.labels)
    cell_h = {"design": 0, "tight": tight_height(sizes), "snug": snug_height(sizes)}[cells]
    room = width - 2 * sizes.px(MARGIN)
    least = mono_size(sizes)
    titles = words.titles[form:form + 1] + words.titles[len(ARRANGEMENTS):]

    def lines(texts_, width_):
        return max([lines_of(text, sizes.body, least, width_) for text in texts_], default=1)

    title_lines, result_lines = max(lines(titles, room), lines([texts.IDLE_READOUT], room) - 1), lines(words.sums, room)
    title_beside = result_beside = False
    bands = len(ARRANGEMENTS[form])
    band_h = (max(rows, pool) if bands == 1 else rows) * mono_line(sizes) + sizes.px(4)
    fits_beside = []
    for band in range(bands):
        room_beside = room - band_width(form, band, cols, words.widths, sizes) - sizes.px(BESIDE_GAP)
        texts_ = words.sums if band == bands - 1 else titles
        needs = lines(texts_, room_beside)
        fits_beside.append((room_beside >= LEAST_BESIDE * least and needs * text_line(least) <= band_h, needs))
    if bands and fits_beside[-1][0]:
        result_beside, result_lines = True, fits_beside[-1][1]
    if bands == 2 and fits_beside[0][0]:
        title_beside, title_lines = True, fits_beside[0][1]
    return Plan(rows, cols, cell, pool, beside, form, cell_h, text_lines(words.description, sizes, width),
                words.captions, text_lines(words.status, sizes, width, 2), gaps == "snug", title_lines, result_lines,
                result_beside, words.pooled_caption, title_beside, words.legend, words.note)


def own_layout(image_w: int, image_h: int, kernel, pool: int, scale: int, words: Words) -> Layout:
    """The layout in a window of its own at ``scale``, the design's text sizes: as wide as the drawing
    needs (MIN_WIDTH at least), the most detailed readout that fits that width."""
    sizes = Sizes()
    first = make_plan(kernel, pool, False, COMPACT, "design", sizes, sizes.px(MIN_WIDTH), words)
    own_w = max(window_size(image_w, image_h, first, scale, sizes)[0], sizes.px(MIN_WIDTH))
    form = arrangements_that_fit(kernel.shape[1], words.widths, sizes, own_w - 2 * sizes.px(MARGIN))[0]
    plan = make_plan(kernel, pool, False, form, "design", sizes, own_w, words)
    return arranged(image_w, image_h, plan, scale, sizes)


def make_layout(image_w: int, image_h: int, scale: int, pool: int = 0, kernel=filters.PRESETS["identity"]) -> Layout:
    """The filter view of an image_w×image_h drawing at ``scale`` in a window of its own (the window
    the sketch opens for it), with ``kernel``'s cells and ``pool``'s pooled map under the output."""
    weights = np.asarray(kernel)
    labels = texts.kernel_labels(weights)[0]
    words = Words("", "", (f"input {image_w}\u00d7{image_h} (grey)", ""), "", (), (), readouts.readout_widths(weights),
                  tuple(map(tuple, labels)))
    return own_layout(image_w, image_h, weights, pool, scale, words)


def cell_size(kernel, sizes: Sizes, tight: bool = False, labels=None) -> int:
    """A kernel cell's width: the design's for this kernel (``tight``: no larger than its weights need),
    and never so small that its widest weight (``labels``, default texts.kernel_labels) is below the
    readout's numbers' size (the design's small text, or the floor if larger)."""
    rows, cols = kernel.shape
    labels = labels or texts.kernel_labels(kernel)[0]
    least_text = mono_size(sizes)
    widest = max(glyphs.text_width(label, least_text) for row in labels for label in row)
    least = max(math.ceil(least_text / 0.42), math.ceil((widest + 4) / 0.86))
    if tight:
        return max(tight_height(sizes), math.ceil((widest + 4) / 0.86))
    return max(least, sizes.px(min(CELL, KERNEL_CELLS / max(rows, cols))))


def tight_height(sizes: Sizes) -> int:
    """The height of a tight kernel cell: its weight at the readout's numbers' size, with room above and below."""
    return math.ceil(mono_size(sizes) * 1.65)


def snug_height(sizes: Sizes) -> int:
    """The least height of a kernel cell: its weight and a few pixels (a short screen)."""
    return math.ceil(mono_size(sizes) * 1.3)


def text_lines(text: str, sizes: Sizes, width: int, most: int = 3) -> int:
    """Lines ``text`` takes across a window ``width`` wide at ``sizes`` (body text, down to the floor), up
    to ``most``."""
    room = width - 2 * sizes.px(MARGIN)
    return min(most, len(geometry.fit_text(glyphs.text_width, text, sizes.body, sizes.floor, room, most)[1]))


# ---- The rows' heights ----------------------------------------------------------------------------------

def readout_height(plan: Plan, sizes: Sizes) -> int:
    """The readout's height: its title (unless beside the first of two bands), its bands of matrices (rows as
    many as the kernel's, or the pooling window's), its sum under them (unless beside the last)."""
    line = text_line(sizes.body)
    height = (0 if plan.title_beside else plan.title_lines * line) + sizes.px(6)
    if plan.bands:
        rows = max(plan.rows, plan.pool) if plan.bands == 1 else plan.rows
        height += plan.bands * rows * mono_line(sizes) + (plan.bands - 1) * sizes.px(BAND_GAP)
    if not (plan.bands and plan.result_beside):
        height += plan.result_lines * line + sizes.px(4)
    return height


def kernel_note(sizes: Sizes, snug: bool) -> int:
    """The room under the kernel's cells for its note (one line)."""
    return text_line(sizes.body) + sizes.px(4) if snug else sizes.px(KERNEL_NOTE)


@functools.lru_cache(maxsize=512)
def caption_lines(text: str, sizes: Sizes, room: int) -> int:
    """Lines ``text`` takes under the drawing, ``room`` pixels wide (geometry.fit_text, as the canvas sets it)."""
    return len(geometry.fit_text(glyphs.text_width, text, sizes.body, sizes.floor, max(1, room), CAPTION_LINES)[1])


@functools.lru_cache(maxsize=512)
def small_lines(text: str, sizes: Sizes, room: int) -> int:
    """Lines ``text`` takes at the small size (down to the floor), ``room`` pixels wide, four at most."""
    return len(geometry.fit_text(glyphs.text_width, text, sizes.small, sizes.floor, max(1, room), 4)[1])


def pooled_lines(plan: Plan, sizes: Sizes, panel_w: int, pooled_w: int) -> int:
    """Lines the pooled map's caption takes under it (beside the output: as wide as the map; under it: as
    wide as the legend above it, at least)."""
    room = pooled_w if plan.beside else max(pooled_w, legend_span(panel_w, sizes, plan.legend))
    return small_lines(plan.pooled_caption, sizes, room)


def header_top(sizes: Sizes, snug: bool) -> int:
    return sizes.px(6) if snug else sizes.px(MARGIN)


def header_height(sizes: Sizes, lines: int, snug: bool = False) -> int:
    """From the window's top to the panels' row: the title, and the kernel's description on ``lines`` lines."""
    return (header_top(sizes, snug) + sizes.title + sizes.px(12) + sizes.body + (lines - 1) * text_line(sizes.body)
            + sizes.px(8 if snug else 14))


def caption_first(sizes: Sizes, snug: bool) -> int:
    """From a panel's foot to the first baseline of the caption under it."""
    return sizes.px(8) + math.ceil(0.76 * sizes.body) if snug else sizes.px(32)


def status_height(plan: Plan, sizes: Sizes) -> int:
    extra = (plan.status_lines - 1) * text_line(sizes.body)
    return extra + (text_line(sizes.body) + sizes.px(6) if plan.snug else sizes.px(STATUS))


def hint_room(sizes: Sizes, snug: bool = False) -> int:
    """Under the readout: the key hint's line, its baseline px(14) (snug: px(8)) above the window's foot."""
    return text_line(sizes.hint) + sizes.px(8 if snug else 14)


def legend_span(panel_w: int, sizes: Sizes, labels: tuple[str, ...]) -> int:
    """How wide the legend under the output is: the output's width, or what its labels need if more (the
    first at its left end, the last at its right, a middle one centred, px(16) apart)."""
    widths = [glyphs.text_width(label, sizes.small) for label in labels]
    if len(widths) == 3:
        need = 2 * max(widths[0], widths[2]) + widths[1] + 2 * sizes.px(16)
    else:
        need = sum(widths) + sizes.px(16)
    return max(panel_w, math.ceil(need))


def caption_span(plan: Plan, sizes: Sizes, panel_w: int, slack: int) -> int:
    """How wide the captions centred under the drawing may be: out to the margin on the left (``slack``: how
    far the drawing stands from it) and under the * on the right, clear of the kernel's note; at least the
    drawing's width."""
    kernel_w = plan.cols * plan.cell + 2 * sizes.px(STAR)
    note_w = glyphs.text_width(plan.note, sizes.body)
    right = min(panel_w / 2 + sizes.px(STAR) - sizes.px(8), panel_w / 2 + (kernel_w - note_w) / 2 - sizes.px(12))
    return max(panel_w + 4, int(2 * min(panel_w / 2 + slack, right)))


def columns(image_w: int, image_h: int, plan: Plan, scale: int, sizes: Sizes,
            slack: int = 0) -> tuple[int, int, int, int]:
    """Heights in the panels' row: (kernel block, drawing and its captions, output and what is under it,
    the row); ``slack``: how far right of the margin the row starts."""
    px, pool = sizes.px, plan.pool
    panel_w, panel_h = image_w * scale, image_h * scale
    kernel_h = plan.rows * plan.height + kernel_note(sizes, plan.snug)
    room = caption_span(plan, sizes, panel_w, slack)
    lines = max(1, sum(caption_lines(text, sizes, room) for text in plan.captions if text))
    left_h = panel_h + caption_first(sizes, plan.snug) + (lines - 1) * text_line(sizes.body) + px(12)
    pooled_w = (image_w // pool) * pool * scale if pool else 0
    pooled_h = (image_h // pool) * pool * scale if pool else 0
    caption_h = 0
    if pool:
        caption_h = px(26) + (pooled_lines(plan, sizes, panel_w, pooled_w) - 1) * text_line(sizes.small) + px(10)
    right_h = panel_h + px(CAPTIONS) + (pooled_h + caption_h if pool and not plan.beside else 0)
    if pool and plan.beside:
        right_h = max(right_h, pooled_h + caption_first(sizes, plan.snug) - px(26) + caption_h)
    return kernel_h, left_h, right_h, max(kernel_h, left_h, right_h)


def window_size(image_w: int, image_h: int, plan: Plan, scale: int, sizes: Sizes,
                window_w: int = 0) -> tuple[int, int]:
    """The least (width, height) a window needs to show an image_w×image_h drawing at ``scale`` (in a window
    ``window_w`` wide, if given: the captions may be wider there)."""
    px, pool = sizes.px, plan.pool
    panel_w = image_w * scale
    pooled_w = (image_w // pool) * pool * scale if pool else 0
    kernel_w = plan.cols * plan.cell + 2 * px(STAR)
    right = legend_span(panel_w, sizes, plan.legend) + (px(GAP) + pooled_w if plan.beside else 0)
    width = 2 * px(MARGIN) + panel_w + kernel_w + right
    if pool and not plan.beside:
        width = max(width, 2 * px(MARGIN) + panel_w + kernel_w + pooled_w)
    body = columns(image_w, image_h, plan, scale, sizes, max(0, (window_w - width) // 2))[3]
    height = (header_height(sizes, plan.subtitle_lines, plan.snug) + body + status_height(plan, sizes)
              + readout_height(plan, sizes) + hint_room(sizes, plan.snug))
    return width, height


def largest_scale(image_w: int, image_h: int, plan: Plan, sizes: Sizes, width: int, height: int) -> int:
    """The largest whole scale at which everything fits a width×height window (0: not even 1×)."""
    def fits(scale):
        needs_w, needs_h = window_size(image_w, image_h, plan, scale, sizes, width)
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
    px, rows, cols, pool, beside = sizes.px, plan.rows, plan.cols, plan.pool, plan.beside
    margin = px(MARGIN)
    panel_w, panel_h = image_w * scale, image_h * scale
    needs_w = window_size(image_w, image_h, plan, scale, sizes)[0]
    width = window[0] if window else max(px(MIN_WIDTH), needs_w)
    slack = max(0, (width - needs_w) // 2)
    kernel_h, left_h, right_h, body_h = columns(image_w, image_h, plan, scale, sizes, slack)
    natural_h = window_size(image_w, image_h, plan, scale, sizes, width)[1]
    height = window[1] if window else natural_h
    kernel_w = cols * plan.cell + 2 * px(STAR)
    left = max(px(MARGIN), (width - needs_w) // 2 + px(MARGIN))
    down = max(0, (height - natural_h) // 2)   # centred in a larger window
    top = header_height(sizes, plan.subtitle_lines, plan.snug) + down
    # The panels face the kernel's cells, as high as their captions (and the pooled map) leave them room.
    cells_top = top + (body_h - kernel_h) // 2
    centred = cells_top + (rows * plan.height - panel_h) // 2
    panel_top = max(top, min(centred, top + body_h - max(left_h, right_h)))
    below_panel = panel_top + panel_h
    output_x = left + panel_w + kernel_w
    legend_w = legend_span(panel_w, sizes, plan.legend)
    pooled, pooled_caption_y, pooled_room = None, 0, 0
    if pool:
        pooled_size = ((image_w // pool) * pool * scale, (image_h // pool) * pool * scale)
        if beside:
            pooled = Rect(output_x + legend_w + px(GAP), panel_top, *pooled_size)
            pooled_caption_y = below_panel + caption_first(sizes, plan.snug)
            pooled_room = width - pooled.x - margin
        else:
            # Part 2's layout: the pooled map under the output, covering the same area (less any leftover).
            pooled = Rect(output_x, below_panel + px(CAPTIONS), *pooled_size)
            pooled_caption_y = pooled.y + pooled.h + px(26)
            pooled_room = width - output_x - margin
    status_top = top + body_h
    readout_top = status_top + status_height(plan, sizes)
    # The captions may run under the kernel when it ends above them, else they keep to the drawing's column.
    kernel_bottom = cells_top + kernel_h
    caption_y = below_panel + caption_first(sizes, plan.snug)
    caption_x, caption_align = left + panel_w // 2, "center"
    caption_room = caption_span(plan, sizes, panel_w, slack)
    if caption_y - sizes.body >= kernel_bottom:
        caption_x, caption_align, caption_room = left, "left", output_x - left - px(16)
    title_top = down + header_top(sizes, plan.snug)
    return Layout(
        width=width,
        height=height,
        scale=scale,
        source=Rect(left, panel_top, panel_w, panel_h),
        kernel=Rect(left + panel_w, top, kernel_w, body_h),
        output=Rect(output_x, panel_top, panel_w, panel_h),
        legend=Rect(output_x, below_panel + px(12), legend_w, px(14)),
        readout=Rect(margin, readout_top, width - 2 * margin, readout_height(plan, sizes)),
        title_y=title_top + sizes.title,   # header_height() is the room these take
        subtitle_y=title_top + sizes.title + px(12) + sizes.body,
        caption_y=caption_y,
        status_y=status_top + (sizes.body + px(2) if plan.snug else px(24)),
        hint_y=height - down - px(8 if plan.snug else 14),
        pool=pool,
        pooled=pooled,
        pooled_caption_y=pooled_caption_y,
        sizes=sizes,
        cell=plan.cell,
        compact=plan.compact,
        fits=fits,
        cell_h=plan.height,
        form=plan.form,
        subtitle_lines=plan.subtitle_lines,
        caption_room=caption_room,
        caption_x=caption_x,
        caption_align=caption_align,
        status_lines=plan.status_lines,
        title_lines=plan.title_lines,
        result_lines=plan.result_lines,
        result_beside=plan.result_beside,
        pooled_caption_room=pooled_room,
        status_top=status_top,
        title_beside=plan.title_beside,
        kernel_note=kernel_note(sizes, plan.snug),
        pooled_caption_lines=pooled_lines(plan, sizes, panel_w, pooled.w) if pooled else 2,
    )
