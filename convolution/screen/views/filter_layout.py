"""Where the filter view puts everything: pure geometry, no drawing (filter.py draws).

    title, and the kernel's description (on two lines if need be)
    drawing  *  kernel  =  output            (the pooled map under the output, or beside it)
    caption     note       legend
    modes line
    readout: one pixel's sum worked out, in the most detailed form that fits (readouts.FORMS)
    hint line

The captions stand under their panels, beside the kernel when it is the taller; the kernel's cells are
as small as their weights allow at the text floor (wider than tall for weights like −0.77), so that on a
768-line screen in full screen a 5×5 kernel's sum is worked out whole.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

import filters
from convolution.screen import geometry, glyphs, readouts, texts
from convolution.screen.canvas import MONO
from convolution.screen.geometry import MARGIN, Rect, Sizes
from convolution.state import demo

HEADER = 88        # title and description above the panels (design pixels, one line of description)
STAR = 40          # room beside the kernel's cells for the * and the =
CELL = 84          # a kernel cell's design size, at most (3×3); larger kernels share KERNEL_CELLS
KERNEL_CELLS = 260   # a larger kernel's cells together span this much, unless their weights need more
KERNEL_NOTE = 40   # under the cells: the kernel's size, its common factor, "(flipped)"
CAPTIONS = 56      # under the output: the legend bar and its labels
POOLED_CAPTION = 56   # under the pooled map: its caption, on two lines if need be
GAP = 24           # between the output and the pooled map beside it
STATUS = 32
HINT = 40
MIN_WIDTH = 940    # a window of its own is at least this wide
MAX_SCALE = 40     # the largest scale a window tries
WANTED_SCALE_PER = 90     # a window ``h`` pixels high wants the drawing at h / 90 × (12× on 1080 lines)
WORKED_SCALE_PER = 160    # … but takes a smaller drawing (down to h / 160 ×) to work a sum out whole
COMPACT = len(readouts.FORMS) - 1
LEGEND_ROOM = "\u22121020.5   0   +1020.5"   # the widest labels a legend has, about
CAPTION_LINES = 4         # the most lines a caption under the drawing takes   # the form with no matrices: the sum only


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
    cell: int = 0                # a kernel cell's width
    compact: bool = False        # the readout in two lines only (the window is too small for the whole sum)
    fits: bool = True            # False: not even at 1× does the drawing fit the window
    cell_h: int = 0              # a kernel cell's height (0: as wide)
    form: int = 0                # the readout's most detailed form that fits (readouts.FORMS)
    subtitle_lines: int = 1      # the kernel's description on one line or two
    status_lines: int = 1        # the modes line on one line or two
    caption_room: int = 0        # how wide the captions under the drawing may be


@dataclass(frozen=True)
class Plan:
    """The choices a layout makes before it places anything."""
    rows: int             # the kernel's rows and columns, and its cells' width and height
    cols: int
    cell: int
    pool: int             # the pooling window (0: no pooled map)
    beside: bool          # the pooled map beside the output (else under it)
    form: int = 0         # the readout's form (readouts.FORMS; COMPACT: the sum only)
    cell_h: int = 0       # 0: square cells
    subtitle_lines: int = 1
    captions: tuple[str, ...] = ()   # what stands under the drawing (its caption, a note): their lines count
    status_lines: int = 1            # the modes line on one line or two (ReLU's note makes it long)

    @property
    def height(self) -> int:
        return self.cell_h or self.cell

    @property
    def compact(self) -> bool:
        return self.form >= COMPACT


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
    labels = texts.kernel_labels(state.kernel)[0]
    widths = readouts.readout_widths(state.kernel)
    description = texts.kernel_description(state)
    captions = (texts.size_caption(state.image, state.inverted), texts.source_note(state))
    status = texts.status_line(state)
    if window is None:
        sizes = Sizes()
        cell = cell_size(state.kernel, sizes, labels=labels)
        plan = Plan(rows, cols, cell, pool, False, 0, 0, 1, captions, 2)
        own_w = window_size(image_w, image_h, plan, scale or default_scale(state), sizes)[0]
        plan = Plan(rows, cols, cell, pool, False, readout_form(cols, widths, sizes, max(own_w, sizes.px(MIN_WIDTH))),
                    0, subtitle_lines(description, sizes, max(own_w, sizes.px(MIN_WIDTH))), captions,
                    subtitle_lines(status, sizes, max(own_w, sizes.px(MIN_WIDTH))))
        return arranged(image_w, image_h, plan, scale or default_scale(state), sizes)
    width, height = window
    # Every way to lay it out, in the order a class would want them: larger text, the most detailed
    # readout, the design's kernel cells, the pooled map under the output; the first whose drawing is
    # large enough (or as large as any way allows) is taken.
    candidates = []
    for sizes in Sizes.for_window(height, fullscreen=fullscreen).smaller_choices():
        lines, status_lines = subtitle_lines(description, sizes, width), subtitle_lines(status, sizes, width)
        widest = readout_form(cols, widths, sizes, width - 2 * sizes.px(MARGIN))
        for form in range(widest, COMPACT + 1):
            if form not in (widest, COMPACT) and form != widest + 1:
                continue   # the widest form that fits, one less, or the sum only
            for tight in (False, True):
                cell, cell_h = cell_size(state.kernel, sizes, tight, labels), 0
                if tight:
                    cell_h = tight_height(sizes)
                for beside in (False, True) if pool else (False,):
                    plan = Plan(rows, cols, cell, pool, beside, form, cell_h, lines, captions, status_lines)
                    fitting = largest_scale(image_w, image_h, plan, sizes, width, height)
                    candidates.append((min(fitting, scale) if scale else fitting, plan, sizes))
    best = max(choice[0] for choice in candidates)
    if best < 1:   # nothing fits even at 1×: the way that overflows the window least
        least = min(candidates, key=lambda choice: window_size(image_w, image_h, choice[1], 1, choice[2])[1])
        return arranged(image_w, image_h, least[1], 1, least[2], window, fits=False)
    enough = min(best, max(1, height // WANTED_SCALE_PER))
    fitting, plan, sizes = next(choice for choice in candidates if choice[0] >= enough)
    smaller_enough = min(best, max(1, height // WORKED_SCALE_PER))
    larger_text = [choice for choice in candidates if choice[2] == candidates[0][2] and choice[0] >= smaller_enough]
    if sizes != candidates[0][2] and larger_text:   # the design's text is worth a somewhat smaller drawing
        fitting, plan, sizes = larger_text[0]
    if plan.compact:   # and so is a sum worked out whole
        worked = [choice for choice in candidates if not choice[1].compact and choice[2] == sizes
                  and choice[0] >= smaller_enough]
        if worked:
            fitting, plan, sizes = worked[0]
    return arranged(image_w, image_h, plan, max(1, fitting), sizes, window, fits=fitting >= 1)


def make_layout(image_w: int, image_h: int, scale: int, pool: int = 0, kernel=filters.PRESETS["identity"]) -> Layout:
    """The filter view of an image_w×image_h drawing at ``scale`` in a window of its own (the window
    the sketch opens for it), with ``kernel``'s cells and ``pool``'s pooled map under the output."""
    sizes = Sizes()
    weights = np.asarray(kernel)
    rows, cols = weights.shape
    plan = Plan(rows, cols, cell_size(weights, sizes), pool, False)
    own_w = max(sizes.px(MIN_WIDTH), window_size(image_w, image_h, plan, scale, sizes)[0])
    plan = Plan(rows, cols, plan.cell, pool, False, readout_form(cols, readouts.readout_widths(weights), sizes, own_w))
    return arranged(image_w, image_h, plan, scale, sizes)


def cell_size(kernel, sizes: Sizes, tight: bool = False, labels=None) -> int:
    """A kernel cell's width: the design's for this kernel (``tight``: no larger than its weights need),
    and never so small that its widest weight (``labels``, default texts.kernel_labels) is below the
    text floor."""
    rows, cols = kernel.shape
    labels = labels or texts.kernel_labels(kernel)[0]
    widest = max(glyphs.text_width(label, sizes.floor) for row in labels for label in row)
    least = max(math.ceil(sizes.floor / 0.42), math.ceil((widest + 4) / 0.86))
    if tight:
        return max(tight_height(sizes), math.ceil((widest + 4) / 0.86))
    return max(least, sizes.px(min(CELL, KERNEL_CELLS / max(rows, cols))))


def tight_height(sizes: Sizes) -> int:
    """The least height of a kernel cell: its weight at the floor, with a little room above and below."""
    return math.ceil(sizes.floor * 1.65)


def subtitle_lines(description: str, sizes: Sizes, width: int) -> int:
    """Lines the kernel's description takes at ``sizes`` in a window ``width`` wide: 1, or 2 if not even the
    floor fits it on one."""
    return 1 if glyphs.text_width(description, sizes.floor) <= width - 2 * sizes.px(MARGIN) else 2


# ---- The readout's room ----------------------------------------------------------------------------------

def mono_size(sizes: Sizes) -> int:
    """The readout's numbers' size: the small text's, never below the floor."""
    return max(sizes.floor, sizes.small)


def mono_line(sizes: Sizes) -> int:
    """From one line of the readout's matrices to the next."""
    return mono_size(sizes) + max(2, sizes.px(3))


def text_line(size: int) -> int:
    return math.ceil(size * 1.25)


def form_chars(form: int, cols: int, widths) -> int:
    """How many characters wide a line of readout form ``form`` is for a kernel ``cols`` wide."""
    matrices = readouts.FORMS[form]
    return sum(cols * (widths[m] + 1) - 1 for m in matrices) + readouts.READOUT_GAP * max(0, len(matrices) - 1)


def readout_form(cols: int, widths, sizes: Sizes, room: int) -> int:
    """The most detailed form of the readout whose matrices fit ``room`` pixels (COMPACT if none does)."""
    char = glyphs.text_width("0", mono_size(sizes), MONO)
    return next((form for form in range(COMPACT) if form_chars(form, cols, widths) * char <= room), COMPACT)


def readout_height(rows: int, sizes: Sizes, compact: bool = False) -> int:
    """The readout's height for a kernel of ``rows`` rows: its title, a line per row, the result on up to
    two lines (``compact``: the title and the result only)."""
    return 3 * text_line(sizes.body) + sizes.px(6) + (0 if compact else rows * mono_line(sizes))


# ---- Placing it all ----------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=512)
def caption_lines(text: str, sizes: Sizes, room: int) -> int:
    """Lines ``text`` takes under the drawing, ``room`` pixels wide (geometry.fit_text, as the canvas sets it)."""
    return len(geometry.fit_text(glyphs.text_width, text, sizes.body, sizes.floor, max(1, room), CAPTION_LINES)[1])


def header_height(sizes: Sizes, lines: int) -> int:
    """From the window's top to the panels' row: the title, and the kernel's description on ``lines`` lines."""
    return (sizes.px(MARGIN) + sizes.title + sizes.px(12) + sizes.body + (lines - 1) * text_line(sizes.body)
            + sizes.px(14))


def columns(image_w: int, image_h: int, plan: Plan, scale: int, sizes: Sizes) -> tuple[int, int, int, int]:
    """Heights in the panels' row: (kernel block, drawing and its captions, output and what is under it,
    the row)."""
    px, pool = sizes.px, plan.pool
    panel_w, panel_h = image_w * scale, image_h * scale
    kernel_h = plan.rows * plan.height + px(KERNEL_NOTE)
    # The caption and a note (a Quick Draw drawing, a scaled photo), each on as many lines as it takes beside
    # the kernel; at least the room of a two-line note.
    lines = max(3, sum(caption_lines(text, sizes, panel_w + 4) for text in plan.captions if text))
    left_h = panel_h + px(32) + (lines - 1) * text_line(sizes.body) + px(12)
    pooled_h = (image_h // pool) * pool * scale if pool else 0
    right_h = panel_h + px(CAPTIONS) + (pooled_h + px(POOLED_CAPTION) if pool and not plan.beside else 0)
    if pool and plan.beside:
        right_h = max(right_h, pooled_h + px(POOLED_CAPTION))
    return kernel_h, left_h, right_h, max(kernel_h, left_h, right_h)


def window_size(image_w: int, image_h: int, plan: Plan, scale: int, sizes: Sizes) -> tuple[int, int]:
    """The least (width, height) a window needs to show an image_w×image_h drawing at ``scale``."""
    px, pool = sizes.px, plan.pool
    pooled_w = (image_w // pool) * pool * scale if pool else 0
    kernel_w = plan.cols * plan.cell + 2 * px(STAR)
    width = 2 * px(MARGIN) + 2 * image_w * scale + kernel_w + (px(GAP) + pooled_w if plan.beside else 0)
    body = columns(image_w, image_h, plan, scale, sizes)[3]
    height = (header_height(sizes, plan.subtitle_lines) + body + px(STATUS)
              + (plan.status_lines - 1) * text_line(sizes.body)
              + readout_height(plan.rows, sizes, plan.compact) + hint_room(sizes))
    return width, height


def hint_room(sizes: Sizes) -> int:
    """Under the readout: the key hint's line, its baseline px(14) above the window's foot."""
    return text_line(sizes.hint) + sizes.px(14)


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
    px, rows, cols, pool, beside = sizes.px, plan.rows, plan.cols, plan.pool, plan.beside
    margin = px(MARGIN)
    panel_w, panel_h = image_w * scale, image_h * scale
    kernel_h, left_h, right_h, body_h = columns(image_w, image_h, plan, scale, sizes)
    needs_w, natural_h = window_size(image_w, image_h, plan, scale, sizes)
    width, height = window or (max(px(MIN_WIDTH), needs_w), natural_h)
    kernel_w = cols * plan.cell + 2 * px(STAR)
    left = max(px(MARGIN), (width - needs_w) // 2 + px(MARGIN))
    down = max(0, (height - natural_h) // 2)   # centred in a larger window
    top = header_height(sizes, plan.subtitle_lines) + down
    # The panels face the kernel's cells, as high as their captions (and the pooled map) leave them room.
    cells_top = top + (body_h - kernel_h) // 2
    centred = cells_top + (rows * plan.height - panel_h) // 2
    panel_top = max(top, min(centred, top + body_h - max(left_h, right_h)))
    below_panel = panel_top + panel_h
    output_x = left + panel_w + kernel_w
    pooled, pooled_caption_y = None, 0
    if pool:
        pooled_size = ((image_w // pool) * pool * scale, (image_h // pool) * pool * scale)
        if beside:
            pooled = Rect(output_x + panel_w + px(GAP), panel_top, *pooled_size)
            pooled_caption_y = below_panel + px(32)
        else:
            # Part 2's layout: the pooled map under the output, covering the same area (less any leftover).
            pooled = Rect(output_x, below_panel + px(CAPTIONS), *pooled_size)
            pooled_caption_y = pooled.y + pooled.h + px(26)
    # The legend's labels need more room than a small output gives: the bar runs on to the right.
    legend_w = panel_w if beside else max(panel_w, min(math.ceil(glyphs.text_width(LEGEND_ROOM, sizes.small)),
                                                       width - margin - output_x))
    status_top = top + body_h
    readout_top = status_top + px(STATUS) + (plan.status_lines - 1) * text_line(sizes.body)
    # The captions may run under the kernel when it ends above them, else they keep to the drawing's column.
    kernel_bottom = cells_top + kernel_h
    caption_room = output_x - left - px(16) if below_panel + px(8) >= kernel_bottom else panel_w + 4
    return Layout(
        width=width,
        height=height,
        scale=scale,
        source=Rect(left, panel_top, panel_w, panel_h),
        kernel=Rect(left + panel_w, top, kernel_w, body_h),
        output=Rect(output_x, panel_top, panel_w, panel_h),
        legend=Rect(output_x, below_panel + px(12), legend_w, px(14)),
        readout=Rect(margin, readout_top, width - 2 * margin, readout_height(rows, sizes, plan.compact)),
        title_y=down + margin + sizes.title,   # header_height() is the room these take
        subtitle_y=down + margin + sizes.title + px(12) + sizes.body,
        caption_y=below_panel + px(32),
        status_y=status_top + px(24),
        hint_y=height - down - px(14),
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
        status_lines=plan.status_lines,
    )
