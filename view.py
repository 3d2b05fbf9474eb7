"""What the window shows, worked out without py5: geometry, panel pixels, text.

The sketch asks this module *where* things go and *what* the panels' pixels
are, then only draws. Keeping it free of py5 means tests can check the layout
and the exact colours of every panel pixel without a screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

import filters

# Colours (R, G, B). Dark surroundings keep the two bright panels the brightest
# thing on a projector screen.
WINDOW_BACKGROUND = (28, 30, 36)
PANEL_BACKGROUND = (72, 82, 104)   # the ring of pixels "skip" does not compute
TEXT = (240, 240, 240)
TEXT_DIM = (175, 182, 196)
NEUTRAL_CELL = tuple(int(c) for c in filters.ZERO_COLOUR)   # a weight of 0
HIGHLIGHT = (255, 214, 90)         # selected cell, outlines, key names

# Text sizes in pixels: large enough to read from the back of a classroom.
TITLE_SIZE = 34
# Sizes that text shrinks to when it does not fit: a few steps rather than every pixel size, so a
# kernel cell or a readout line keeps its size while its numbers change, and Java keeps few fonts.
SHRUNK_SIZES = (8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 22, 24, 26, 28, 31, 34, 38)
BODY_SIZE = 20
HINT_SIZE = 20

DEFAULT_SCALE = 10                 # 28×28 → 280×280, as in the classic lesson
MAX_AUTO_PANEL = 760               # the automatic scale keeps panels within this


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in window pixels: left x, top y, width, height."""
    x: int
    y: int
    w: int
    h: int

    def contains(self, px: float, py: float) -> bool:
        return self.x <= px < self.x + self.w and self.y <= py < self.y + self.h

    def grown_within(self, margin: int, bounds: "Rect") -> "Rect | None":
        """This rectangle grown by ``margin`` on every side, cut to ``bounds``; None if nothing is left."""
        left, top = max(self.x - margin, bounds.x), max(self.y - margin, bounds.y)
        right = min(self.x + self.w + margin, bounds.x + bounds.w)
        bottom = min(self.y + self.h + margin, bounds.y + bounds.h)
        return Rect(left, top, right - left, bottom - top) if right > left and bottom > top else None

    def overlaps(self, other: "Rect") -> bool:
        return self.grown_within(0, other) is not None

    def within(self, bounds: "Rect", margin: int = 0) -> bool:
        """Whether this rectangle, grown by ``margin`` on every side, lies inside ``bounds``."""
        return (bounds.x <= self.x - margin and self.x + self.w + margin <= bounds.x + bounds.w
                and bounds.y <= self.y - margin and self.y + self.h + margin <= bounds.y + bounds.h)


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


MARGIN = 24
HEADER = 88        # title and description above the panels
KERNEL_COLUMN = 340
CAPTIONS = 56      # source caption, legend bar and its labels
STATUS = 36
READOUT = 190      # room for a 5×5 neighbourhood, its weights and products
HINT = 40
MIN_WIDTH = 940


def shrunk_size(size: int, widest: float, width: float) -> int:
    """The text size to use: ``size`` when text ``widest`` pixels wide at that size fits in ``width``,
    else the largest of SHRUNK_SIZES at which it fits (8 at the least)."""
    if widest <= width:
        return size
    fitting = size * width / widest
    return max([step for step in SHRUNK_SIZES if step <= fitting], default=SHRUNK_SIZES[0])


def auto_scale(image_w: int, image_h: int) -> int:
    """The default enlargement: the lesson's 10×, less if the panels would be too large."""
    fit = min(MAX_AUTO_PANEL // max(image_w, 1), MAX_AUTO_PANEL // max(image_h, 1))
    return max(1, min(DEFAULT_SCALE, fit))


def make_layout(image_w: int, image_h: int, scale: int) -> Layout:
    """Lay out the window: source panel, kernel column and output panel side by side.

    Text goes above (kernel name), below (captions, modes, readout, key hint)
    and between the panels (the kernel), never over them.
    """
    panel_w, panel_h = image_w * scale, image_h * scale
    content_w = 2 * panel_w + KERNEL_COLUMN
    width = max(MIN_WIDTH, content_w + 2 * MARGIN)
    left = (width - content_w) // 2
    top = MARGIN + HEADER
    body_h = max(panel_h, 300)
    panel_top = top + (body_h - panel_h) // 2
    captions_top = top + body_h
    readout_top = captions_top + CAPTIONS + STATUS
    height = readout_top + READOUT + HINT
    output_x = left + panel_w + KERNEL_COLUMN
    return Layout(
        width=width,
        height=height,
        scale=scale,
        source=Rect(left, panel_top, panel_w, panel_h),
        kernel=Rect(left + panel_w, top, KERNEL_COLUMN, body_h),
        output=Rect(output_x, panel_top, panel_w, panel_h),
        legend=Rect(output_x, captions_top + 12, panel_w, 14),
        readout=Rect(min(left, MARGIN), readout_top, width - 2 * min(left, MARGIN), READOUT),
        title_y=MARGIN + TITLE_SIZE,
        subtitle_y=MARGIN + TITLE_SIZE + 12 + BODY_SIZE,
        caption_y=captions_top + 32,
        status_y=captions_top + CAPTIONS + 24,
        hint_y=height - 14,
    )


def pixel_at(layout: Layout, px: float, py: float) -> tuple[int, int] | None:
    """The image pixel (y, x) under window point (px, py) on either panel, or None."""
    for panel in (layout.source, layout.output):
        if panel.contains(px, py):
            return int((py - panel.y) // layout.scale), int((px - panel.x) // layout.scale)
    return None


def pixel_rect(panel: Rect, scale: int, y: int, x: int, rows: int = 1, cols: int = 1) -> Rect:
    """The window rectangle of a rows×cols block of pixels centred on (y, x) on ``panel``."""
    return Rect(panel.x + (x - cols // 2) * scale, panel.y + (y - rows // 2) * scale, cols * scale, rows * scale)


def kernel_grid(box: Rect, rows: int, cols: int) -> tuple[int, int, int]:
    """Where the kernel's cells go in the kernel column: (left, top, cell size)."""
    cell = min(84, (box.w - 80) // cols, (box.h - 70) // rows)
    left = box.x + (box.w - cell * cols) // 2
    top = box.y + (box.h - cell * rows) // 2 - 14
    return left, top, cell


def kernel_cell_at(layout: Layout, shape, px: float, py: float) -> tuple[int, int] | None:
    """The kernel cell (row, column) under window point (px, py), or None."""
    left, top, cell = kernel_grid(layout.kernel, *shape)
    row, col = int((py - top) // cell), int((px - left) // cell)
    if px >= left and py >= top and row < shape[0] and col < shape[1]:
        return row, col
    return None


def hidden_rects(panel: Rect, scale: int, order: np.ndarray, done: int) -> list[Rect]:
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
# Panel pixels
# --------------------------------------------------------------------------

def as_rgb(grey_or_rgb: np.ndarray) -> np.ndarray:
    """H×W grey or H×W×3 colour (uint8) → H×W×3 uint8."""
    if grey_or_rgb.ndim == 2:
        return np.repeat(grey_or_rgb[:, :, None], 3, axis=2)
    return grey_or_rgb


def source_colours(image: np.ndarray) -> np.ndarray:
    """The source panel's pixels before enlarging: the drawing as RGB. H×W×3 uint8."""
    return as_rgb(image if image.dtype == np.uint8 else filters.clamp_to_bytes(image))


def output_colours(display: np.ndarray, computed: np.ndarray) -> np.ndarray:
    """The output panel's pixels before enlarging: the mapped output (``Demo.display``).

    Pixels that "skip" did not compute (``computed`` is False) are painted
    PANEL_BACKGROUND, so the uncomputed border is visibly not part of the
    result. H×W×3 uint8.
    """
    rgb = as_rgb(display).copy()
    rgb[~computed] = PANEL_BACKGROUND
    return rgb


def enlarge_into(argb: np.ndarray, colours: np.ndarray, scale: int) -> None:
    """Write ``colours`` (H×W×3 uint8), each pixel an opaque scale×scale square,
    into ``argb``, a (s·H)×(s·W)×4 uint8 ARGB buffer (py5's np_pixels).

    The sketch refills a panel this way whenever the drawing changes, so it is
    done with whole 4-byte pixels: each colour once as one ARGB word
    (argb_words), a row of words repeated ``scale`` times across, then that
    row copied ``scale`` times down.
    """
    h, w = colours.shape[:2]
    if argb.shape != (h * scale, w * scale, 4) or not argb.flags.c_contiguous:
        raise ValueError(f"a contiguous ARGB buffer of {h * scale}×{w * scale}×4 is needed for {h}×{w} "
                         f"pixels at scale {scale}, got {argb.shape}")
    target = argb.view(np.uint32)[..., 0]                  # one word per screen pixel
    if scale == 1:
        argb_words(colours, out=target)
        return
    rows = np.repeat(argb_words(colours), scale, axis=1)   # H × (s·W)
    target.reshape(h, scale, w * scale)[...] = rows[:, None, :]


OPAQUE = np.frombuffer(bytes([255, 0, 0, 0]), np.uint32)[0]   # a word whose first byte (alpha) is 255


def argb_words(colours: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``colours`` (H×W×3 uint8) as H×W uint32 words whose bytes are A R G B, alpha 255, as py5 stores pixels.

    The four bytes starting one byte before each pixel's red are (a byte of
    no interest) R G B; reading them as one word and setting that first byte
    to 255 makes the pixel. One pass, seven times faster than copying three
    bytes into every four, which matters for a 1920×1080 photo.
    """
    h, w = colours.shape[:2]
    padded = np.empty(h * w * 3 + 1, np.uint8)
    padded[1:] = colours.reshape(-1)
    windows = np.ndarray((h, w), dtype=np.uint32, buffer=padded, strides=(3 * w, 3))
    return np.bitwise_or(windows, OPAQUE, out=out)


# --------------------------------------------------------------------------
# The kernel as text
# --------------------------------------------------------------------------

def common_divisor(kernel: np.ndarray, largest: int = 256) -> int | None:
    """The smallest d ≤ largest such that kernel·d is all whole numbers, or None.

    Lets the screen show the Gaussian as 1 2 1 / 2 4 2 / 1 2 1 "÷ 16", as it
    is written in the lesson, instead of 0.06 0.12 ….
    """
    divisors = np.arange(1, largest + 1)
    scaled = divisors[:, None] * np.asarray(kernel, dtype=np.float64).ravel()[None, :]   # one row per d
    whole = np.all((np.abs(scaled - np.rint(scaled)) < 1e-6) & (np.abs(scaled) < 1000), axis=1)
    return int(divisors[whole.argmax()]) if whole.any() else None


def format_weight(weight: float) -> str:
    """One weight as a short label: whole numbers bare, others with 1–2 decimals, a real minus sign."""
    if abs(weight - round(weight)) < 5e-4:
        text = f"{round(weight):d}"
    elif abs(weight * 10 - round(weight * 10)) < 1e-9:
        text = f"{weight:.1f}"
    elif abs(weight) < 0.005:
        text = f"{weight:.3f}"   # 1/256 is small, but not 0
    else:
        text = f"{weight:.2f}"
    if text.startswith("-"):
        text = "\u2212" + text[1:]
    return "0" if text == "\u22120" else text


def kernel_labels(kernel: np.ndarray) -> tuple[list[list[str]], str]:
    """The kernel's cells as text, and a note of the common factor ("÷ 16") or ""."""
    divisor = common_divisor(kernel)
    if divisor is None:
        return [[format_weight(w) for w in row] for row in kernel], ""
    cells = [[format_weight(w) for w in row] for row in np.rint(kernel * divisor)]
    return cells, ("" if divisor == 1 else f"\u00f7 {divisor}")


def cell_colour(weight: float, largest: float) -> tuple[int, int, int]:
    """A cell's tint: orange for negative, blue for positive, stronger for larger |weight|.

    The same colour-blind-safe scale as the "signed" mapping, kept a little
    lighter so the numbers on it stay readable.
    """
    if largest <= 0:
        return NEUTRAL_CELL
    return tuple(int(c) for c in filters.diverging_colours(0.85 * weight / largest))


def cell_colours(kernel: np.ndarray) -> list[list[tuple[int, int, int]]]:
    """``cell_colour`` of every weight of a k×k kernel, as rows of RGB tuples."""
    largest = float(np.abs(kernel).max())
    if largest <= 0:
        return [[NEUTRAL_CELL] * kernel.shape[1] for _ in range(kernel.shape[0])]
    tints = filters.diverging_colours(0.85 * kernel / largest)
    return [[tuple(int(c) for c in tint) for tint in row] for row in tints]


def ink_on(colour) -> tuple[int, int, int]:
    """Black or white text, whichever reads better on ``colour``."""
    r, g, b = colour
    return (0, 0, 0) if 0.299 * r + 0.587 * g + 0.114 * b > 140 else (255, 255, 255)


def mode_caption(edges: str, flip: bool, mapping: str) -> str:
    """The modes line: border handling, which operation runs, and the value mapping."""
    operation = "true convolution (kernel flipped)" if flip else "cross-correlation"
    return f"edges: {edges}   \u00b7   {operation}   \u00b7   values: {mapping}"


def size_caption(image: np.ndarray, inverted: bool = False) -> str:
    """Under the source panel: the drawing's size and kind."""
    height, width = image.shape[:2]
    kind = "grey" if image.ndim == 2 else "colour"
    return f"input {width}\u00d7{height} ({kind}{', inverted' if inverted else ''})"


def format_number(value: float) -> str:
    """A value or product for the readout: whole numbers bare, else one decimal; "–" for none."""
    if not math.isfinite(value):
        return "\u2013"
    text = f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
    if text in ("-0", "-0.0"):
        text = "0"
    return text.replace("-", "\u2212")


def legend_labels(mapping: str, low: float, high: float) -> list[tuple[float, str]]:
    """Labels along the legend bar: (position 0…1, text)."""
    if mapping == "clamp":
        return [(0.0, "\u2264 0"), (1.0, "\u2265 255")]
    if mapping == "absolute":
        return [(0.0, "|value| 0"), (1.0, "\u2265 255")]
    if mapping == "signed":
        return [(0.0, format_number(low)), (0.5, "0"), (1.0, "+" + format_number(high))]
    return [(0.0, format_number(low)), (1.0, format_number(high))]


def explain_value(total: float, mapping: str, low: float, high: float) -> str:
    """How one sum becomes what is drawn, in words: "−312 → clamped to 0"."""
    t = format_number(total)
    if mapping == "clamp":
        if total < 0:
            return f"{t} \u2192 clamped to 0"
        return f"{t} \u2192 clamped to 255" if total > 255 else f"{t} \u2192 grey {int(filters.clamp_to_bytes(total))}"
    if mapping == "absolute":
        size = abs(total)
        drawn = int(filters.clamp_to_bytes(size))
        return f"|{t}| = {format_number(size)} \u2192 " + ("clamped to 255" if size > 255 else f"grey {drawn}")
    if mapping == "stretch":
        drawn = 128 if high == low else int(filters.clamp_to_bytes((total - low) * 255.0 / (high - low)))
        return f"{t} \u2192 grey {drawn}  (stretching {format_number(low)} \u2026 {format_number(high)} to 0 \u2026 255)"
    side = "orange (negative)" if total < 0 else "blue (positive)" if total > 0 else "white (zero)"
    share = round(100 * abs(total) / high) if high else 0
    return f"{t} \u2192 {side}, {share}% of the largest |value| {format_number(high)}"


@dataclass
class Readout:
    """One output pixel's arithmetic as text, for the readout under the panels."""
    title: str
    values: list[list[str]]      # the neighbourhood (one channel)
    weights: list[list[str]]
    products: list[list[str]]
    inside: np.ndarray           # kh×kw bool: cells inside the image (others drawn dimmed)
    result: str                  # the sum and what is drawn


def make_readout(worked: filters.PixelSum, edges: str, mapping: str, display_range) -> Readout:
    """Turn ``filters.explain_pixel``'s numbers into the readout's text."""
    low, high = display_range
    values, products = worked.values, worked.products
    colour = values.ndim == 3
    channel_note = ", red channel shown" if colour else ""
    where = f"pixel x {worked.x}, y {worked.y}"
    # As Python floats (tolist), which format several times faster than numpy's scalars.
    weights = [[format_weight(w) for w in row] for row in worked.weights.tolist()]
    if colour:
        values, products = values[:, :, 0], products[:, :, 0]
    cells = [[format_number(v) for v in row] for row in values.tolist()]
    product_cells = [[format_number(p) for p in row] for row in products.tolist()]
    if not worked.computed:
        nothing = [["\u2013"] * len(row) for row in product_cells]
        return Readout(f"{where} is skipped: its neighbourhood leaves the image (edges: skip)",
                       cells, weights, nothing, worked.inside,
                       "not computed: drawn as the panel's background")
    if colour:
        names = "RGB"
        result = "   ".join(f"{names[c]}: {explain_value(float(t), 'clamp' if mapping == 'signed' else mapping, low, high)}"
                           for c, t in enumerate(worked.total))
        if mapping == "signed":
            result = f"mean {explain_value(float(np.mean(worked.total)), mapping, low, high)}"
    else:
        result = f"sum = {explain_value(float(worked.total), mapping, low, high)}"
    outside = "" if worked.inside.all() else f"; dim: outside the image, filled in by edges: {edges}"
    return Readout(f"{where}{channel_note}: neighbourhood \u00d7 weights, added up{outside}",
                   cells, weights, product_cells, worked.inside, result)


READOUT_GAP = 3   # characters between the readout's matrices, where × and = stand


def readout_widths(kernel: np.ndarray) -> tuple[int, int, int]:
    """The most characters a number in each readout matrix can take with this kernel:
    (neighbourhood, weights, products).

    Pixel values are 0…255; a product is at most 255·|weight|, with one
    decimal and a minus sign. Set to these widths, the readout keeps its
    columns and its size while the mouse moves from pixel to pixel.
    """
    kernel = np.asarray(kernel, dtype=np.float64)
    weights = max(len(format_weight(w)) for w in kernel.ravel().tolist())
    products = len(f"{255 * float(np.abs(kernel).max()):.1f}") + int(bool((kernel < 0).any()))
    return 3, weights, products


def readout_lines(readout: Readout, widths=(0, 0, 0)) -> list[dict[str, str]]:
    """The readout's three matrices side by side, set for a monospaced font.

    One dict per kernel row: ink → the whole line in that ink, with spaces
    where the other inks' characters stand, so that drawing each ink's string
    at the same place composes the line. Inks: "value" (neighbourhood and
    products), "weight" (the kernel) and "dim" (cells outside the image, and
    × and = on the middle row). Every string of a readout has the same length.
    Each matrix's numbers are right-aligned to at least ``widths`` characters
    (see readout_widths()), and to its longest number.
    """
    matrices = [readout.values, readout.weights, readout.products]
    rows = len(readout.values)
    widths = [max([least] + [len(text) for row in m for text in row]) for m, least in zip(matrices, widths)]
    lines = []
    for j in range(rows):
        parts = {"value": [], "weight": [], "dim": []}
        for number, (matrix, width) in enumerate(zip(matrices, widths)):
            for i, text in enumerate(matrix[j]):
                ink = "weight" if number == 1 else "value" if readout.inside[j, i] else "dim"
                cell = (" " if i else "") + text.rjust(width)
                for name in parts:
                    parts[name].append(cell if name == ink else " " * len(cell))
            if number < 2:
                symbol = (" \u00d7 " if number == 0 else " = ") if j == rows // 2 else "   "
                for name in parts:
                    parts[name].append(symbol if name == "dim" else " " * READOUT_GAP)
        lines.append({name: "".join(texts) for name, texts in parts.items()})
    return lines


def ink_block(lines: list[dict[str, str]], ink: str) -> tuple[int, str]:
    """One ink's part of readout_lines(), ready for a single text() call.

    Returns (columns to skip, text): the ink's lines joined by newlines,
    without the spaces that lead every line or trail any of them (Java
    lays out every space it is given), and how many columns the text then
    starts to the right. ``text`` is "" when the ink has nothing to show.
    """
    texts = [by_ink[ink].rstrip() for by_ink in lines]
    filled = [text for text in texts if text]
    if not filled:
        return 0, ""
    skip = min(len(text) - len(text.lstrip(" ")) for text in filled)
    return skip, "\n".join(text[skip:] for text in texts)


HINT_TEXT = ("\u2190 \u2192 kernels   r random   e edges   m values   f flip   "
             "a slow motion   h help   q quit")
IDLE_READOUT = "Point at a pixel in either picture to see its sum worked out; click a weight to edit it."

HELP_LINES = [
    ("\u2192  /  \u2190", "next / previous preset kernel (wraps around)"),
    ("1 \u2026 9", "jump to preset 1 \u2026 9"),
    ("r  /  k", "random kernel, weights in [\u22121, 1]  /  switch its size 3\u00d73 \u2194 5\u00d75"),
    ("click, Tab", "select a weight;  \u2191 \u2193 or wheel: \u00b10.1 (Shift: \u00b10.01)"),
    ("0\u20139 . \u2212", "type a weight (0 resets it);  Enter / Esc: done"),
    ("n  /  f", "normalise (divide by the sum)  /  flip: true convolution"),
    ("e  /  m", "cycle border mode  /  cycle how values are drawn"),
    ("a", "slow motion:  space pause,  . one pixel,  + \u2212 speed"),
    ("mouse", "point at a pixel to see its sum worked out"),
    ("drag", "draw on the left picture;  c clear,  u undo,  i invert"),
    ("[  /  ]", "previous / next drawing of a Quick Draw file"),
    ("d  /  o", "save your drawing as a PNG  /  open another file"),
    ("s", "save a screenshot as a new PNG"),
    ("h  or  ?", "show / hide this help"),
    ("q  or  Esc", "quit"),
]
