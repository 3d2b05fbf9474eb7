"""Places and sizes on screen, shared by every view: rectangles, text sizes, blocks of pixels.

Pure Python: no py5, no Java. Each view (views/) lays itself out with these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from convolution.files import sources

# Text sizes in pixels: large enough to read from the back of a classroom.
TITLE_SIZE = 34
BODY_SIZE = 20
HINT_SIZE = 20
# Sizes that text shrinks to when it does not fit: a few steps rather than every pixel size, so a
# kernel cell or a readout line keeps its size while its numbers change, and Java keeps few fonts.
SHRUNK_SIZES = (8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 22, 24, 26, 28, 31, 34, 38)

MARGIN = 24        # between the window's edge and anything in it
DEFAULT_SCALE = 10                 # 28×28 → 280×280, as in the classic lesson
MAX_AUTO_PANEL = sources.LARGEST_SIDE   # the automatic scale keeps panels within this
PANEL_BAND = 6     # pixels around a panel that belong to it (its frame)


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in window pixels: left x, top y, width, height."""
    x: int
    y: int
    w: int
    h: int

    def contains(self, px: float, py: float) -> bool:
        return self.x <= px < self.x + self.w and self.y <= py < self.y + self.h

    def grown_within(self, margin: int, bounds: Rect) -> Rect | None:
        """This rectangle grown by ``margin`` on every side, cut to ``bounds``; None if nothing is left."""
        left, top = max(self.x - margin, bounds.x), max(self.y - margin, bounds.y)
        right = min(self.x + self.w + margin, bounds.x + bounds.w)
        bottom = min(self.y + self.h + margin, bounds.y + bounds.h)
        return Rect(left, top, right - left, bottom - top) if right > left and bottom > top else None

    def overlaps(self, other: Rect) -> bool:
        return self.grown_within(0, other) is not None

    def within(self, bounds: Rect, margin: int = 0) -> bool:
        """Whether this rectangle, grown by ``margin`` on every side, lies inside ``bounds``."""
        return (bounds.x <= self.x - margin and self.x + self.w + margin <= bounds.x + bounds.w
                and bounds.y <= self.y - margin and self.y + self.h + margin <= bounds.y + bounds.h)

    def band(self, margin: int = PANEL_BAND) -> Rect:
        """This rectangle with ``margin`` pixels all round (a panel with its frame)."""
        return Rect(self.x - margin, self.y - margin, self.w + 2 * margin, self.h + 2 * margin)


# The smallest text (legends, a caption's second line) at ui = 1: 1/45 of an 810-pixel screen.
# In any window, no text is smaller than 1/45 of the window's height (its floor): readable from the
# back of a room on a projector, and never shrunk out of sight in a small window (see Sizes.for_window).
SMALLEST_SIZE = BODY_SIZE - 2
SMALLEST_SHARE = 45
# Full screen is a slide for the back row: no text below 1/30 of the screen's height (a slide's body text is
# 1/30–1/22 of its height), titles larger.
FULLSCREEN_SHARE = 30


def text_floor(height: int, fullscreen: bool = False) -> int:
    """The smallest text a window ``height`` pixels high may show, in whole pixels: 1/45 of its height,
    1/30 of it in full screen."""
    return max(1, math.ceil(height / (FULLSCREEN_SHARE if fullscreen else SMALLEST_SHARE)))


@dataclass(frozen=True)
class Sizes:
    """Text sizes, and the lengths that grow with them, for a layout drawn ``ui`` times its design size.

    At ui 1 every size is the design's own (TITLE_SIZE …); on a big screen in
    full-screen mode ui grows so that the smallest text is 1/SMALLEST_SHARE of
    the screen's height, and gaps and columns grow with the text.
    """
    ui: float = 1.0
    floor: int = SMALLEST_SIZE    # no text smaller than this (text_floor of the window's height)

    def px(self, length: float) -> int:
        """A design length in pixels at this size."""
        return int(round(length * self.ui))

    @property
    def title(self) -> int:
        return self.px(TITLE_SIZE)

    @property
    def body(self) -> int:
        return self.px(BODY_SIZE)

    @property
    def hint(self) -> int:
        return self.px(HINT_SIZE)

    @property
    def small(self) -> int:        # legends, row labels
        return self.px(BODY_SIZE - 2)

    @property
    def note(self) -> int:         # second lines of captions: the smallest text
        return self.px(SMALLEST_SIZE)

    @staticmethod
    def for_window(height: int, ui: float | None = None, fullscreen: bool = False) -> Sizes:
        """The sizes for a window ``height`` pixels high: its floor, and by default the design's sizes,
        larger in a window tall enough that the smallest text is its floor (a full screen)."""
        floor = text_floor(height, fullscreen)
        return Sizes(max(1.0, floor / SMALLEST_SIZE) if ui is None else ui, floor)

    def smaller_choices(self, steps: int = 3) -> list[Sizes]:
        """These sizes, then up to ``steps`` smaller ones down to the floor's (for a small window)."""
        least = self.floor / SMALLEST_SIZE
        if least >= self.ui:
            return [self]
        return [Sizes(self.ui - (self.ui - least) * n / steps, self.floor) for n in range(steps + 1)]

    @staticmethod
    def for_screen(height: int) -> Sizes:
        """The sizes for a window filling a screen ``height`` pixels high (never below the design's)."""
        return Sizes.for_window(height, fullscreen=True)


def largest_whole(fits, most: int, least: int = 1) -> int:
    """The largest whole n from ``least`` to ``most`` for which ``fits(n)`` holds (least − 1 if none),
    for a ``fits`` that holds for every n below one that does (a picture that fits fits smaller too)."""
    if most < least or not fits(least):
        return least - 1
    low, high = least, most + 1        # fits(low); high is beyond what fits (or beyond most)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    return low


def fit_text(measure, text: str, size: int, floor: int, width: float, lines: int = 1) -> tuple[int, list[str]]:
    """How to set ``text`` in ``width`` pixels: (size, its lines), the size from ``size`` down to
    ``floor`` (never below it), on up to ``lines`` lines broken at spaces; what still does not fit
    at the floor is cut short with "…". ``measure(text, size)`` gives a text's width in pixels.

    Linear in the text's length: each line is measured as it grows only while it fits, and the cut is
    found by halving (a 50 KB caption costs about what a short one does).
    """
    for candidate in [size] + [step for step in reversed(SHRUNK_SIZES) if floor <= step < size]:
        if measure(text, candidate) <= width:
            return candidate, [text]
    size = max(floor, min(size, floor))
    words, at = text.split(" "), 0
    result: list[str] = []
    while at < len(words) and len(result) < lines:
        line, at = words[at], at + 1
        while at < len(words) and measure(line + " " + words[at], size) <= width:
            line, at = line + " " + words[at], at + 1
        result.append(line)
    if at < len(words):
        result[-1] = result[-1] + " " + " ".join(words[at:])
    result[-1] = cut_to_fit(measure, result[-1], size, width)
    return size, [line for line in result if line]


def cut_to_fit(measure, text: str, size: int, width: float, always: bool = False) -> str:
    """``text`` if it fits in ``width`` pixels at ``size`` (and not ``always``), else its longest start that
    fits followed by "…" (found by halving: O(log n) measures)."""
    if not always and measure(text, size) <= width:
        return text
    text = text.removesuffix("\u2026")
    low, high = 0, len(text)   # the start of length low fits (with "…"); of high + 1, not
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle].rstrip() + "\u2026", size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "\u2026"


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


def pixel_rect(panel: Rect, scale: int, y: int, x: int, rows: int = 1, cols: int = 1) -> Rect:
    """The window rectangle of a rows×cols block of pixels centred on (y, x) on ``panel``,
    whose pixels are scale×scale squares."""
    return Rect(panel.x + (x - cols // 2) * scale, panel.y + (y - rows // 2) * scale, cols * scale, rows * scale)


def pixel_under(panel: Rect, scale: int, px: float, py: float) -> tuple[int, int] | None:
    """The image pixel (y, x) under window point (px, py) on ``panel``, or None off the panel."""
    if not panel.contains(px, py):
        return None
    return int((py - panel.y) // scale), int((px - panel.x) // scale)
