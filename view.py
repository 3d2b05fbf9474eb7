"""What the window shows, worked out without py5: geometry, panel pixels, text.

The sketch asks this module *where* things go and *what* the panels' pixels
are, then only draws. Keeping it free of py5 means tests can check the layout
and the exact colours of every panel pixel without a screen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import filters

# Colours (R, G, B). Dark surroundings keep the two bright panels the brightest
# thing on a projector screen.
WINDOW_BACKGROUND = (28, 30, 36)
PANEL_BACKGROUND = (72, 82, 104)   # the ring of pixels "skip" does not compute
TEXT = (240, 240, 240)
TEXT_DIM = (175, 182, 196)
# A colour-blind-safe diverging pair (orange for negative, blue for positive).
NEGATIVE_TINT = (230, 97, 1)
POSITIVE_TINT = (33, 102, 172)
NEUTRAL_CELL = (242, 242, 242)

# Text sizes in pixels: large enough to read from the back of a classroom.
TITLE_SIZE = 34
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


@dataclass(frozen=True)
class Layout:
    """Where everything goes in a window showing an image_w×image_h drawing at ``scale``."""
    width: int
    height: int
    scale: int
    source: Rect          # the enlarged input drawing
    kernel: Rect          # between the panels: the kernel's weights
    output: Rect          # the enlarged filtered drawing
    title_y: int          # baseline of the kernel's name
    subtitle_y: int       # baseline of the kernel's one-line description
    caption_y: int        # baseline of the captions under the panels
    hint_y: int           # baseline of the key hint at the bottom


MARGIN = 24
HEADER = 92        # title and description above the panels
KERNEL_COLUMN = 340
CAPTION = 44
HINT = 44
MIN_WIDTH = 940


def auto_scale(image_w: int, image_h: int) -> int:
    """The default enlargement: the lesson's 10×, less if the panels would be too large."""
    fit = min(MAX_AUTO_PANEL // max(image_w, 1), MAX_AUTO_PANEL // max(image_h, 1))
    return max(1, min(DEFAULT_SCALE, fit))


def make_layout(image_w: int, image_h: int, scale: int) -> Layout:
    """Lay out the window: source panel, kernel column and output panel side by side.

    Text goes above (kernel name), below (captions, key hint) and between the
    panels (the kernel), never over them.
    """
    panel_w, panel_h = image_w * scale, image_h * scale
    content_w = 2 * panel_w + KERNEL_COLUMN
    width = max(MIN_WIDTH, content_w + 2 * MARGIN)
    left = (width - content_w) // 2
    top = MARGIN + HEADER
    body_h = max(panel_h, 300)
    panel_top = top + (body_h - panel_h) // 2
    height = top + body_h + CAPTION + HINT + MARGIN // 2
    return Layout(
        width=width,
        height=height,
        scale=scale,
        source=Rect(left, panel_top, panel_w, panel_h),
        kernel=Rect(left + panel_w, top, KERNEL_COLUMN, body_h),
        output=Rect(left + panel_w + KERNEL_COLUMN, panel_top, panel_w, panel_h),
        title_y=MARGIN + TITLE_SIZE,
        subtitle_y=MARGIN + TITLE_SIZE + 14 + BODY_SIZE,
        caption_y=top + body_h + CAPTION - 14,
        hint_y=height - MARGIN // 2 - 14,
    )


# --------------------------------------------------------------------------
# Panel pixels
# --------------------------------------------------------------------------

def as_rgb(grey_or_rgb: np.ndarray) -> np.ndarray:
    """H×W grey or H×W×3 colour (uint8) → H×W×3 uint8."""
    if grey_or_rgb.ndim == 2:
        return np.repeat(grey_or_rgb[:, :, None], 3, axis=2)
    return grey_or_rgb


def source_pixels(image: np.ndarray, scale: int) -> np.ndarray:
    """The source panel: the drawing as RGB, enlarged. (s·H)×(s·W)×3 uint8."""
    return filters.enlarge(as_rgb(filters.clamp_to_bytes(image)), scale)


def output_pixels(output: np.ndarray, kernel_shape, edges: str, scale: int,
                  mapping: str = "clamp") -> np.ndarray:
    """The output panel: convolution sums mapped to grey levels, enlarged.

    Pixels that "skip" did not compute are painted PANEL_BACKGROUND, so the
    uncomputed border is visibly not part of the result. (s·H)×(s·W)×3 uint8.
    """
    rgb = as_rgb(filters.to_display(output, mapping)).copy()
    rgb[~filters.computed_mask(output.shape, kernel_shape, edges)] = PANEL_BACKGROUND
    return filters.enlarge(rgb, scale)


# --------------------------------------------------------------------------
# The kernel as text
# --------------------------------------------------------------------------

def common_divisor(kernel: np.ndarray, largest: int = 256) -> int | None:
    """The smallest d ≤ largest such that kernel·d is all whole numbers, or None.

    Lets the screen show the Gaussian as 1 2 1 / 2 4 2 / 1 2 1 "÷ 16", as it
    is written in the lesson, instead of 0.06 0.12 ….
    """
    for d in range(1, largest + 1):
        scaled = kernel * d
        if np.all(np.abs(scaled - np.rint(scaled)) < 1e-6) and np.all(np.abs(scaled) < 1000):
            return d
    return None


def format_weight(weight: float) -> str:
    """One weight as a short label: whole numbers bare, others with 1–2 decimals, a real minus sign."""
    if abs(weight - round(weight)) < 1e-9:
        text = f"{round(weight):d}"
    elif abs(weight * 10 - round(weight * 10)) < 1e-9:
        text = f"{weight:.1f}"
    else:
        text = f"{weight:.2f}"
    if text.startswith("-"):
        text = "\u2212" + text[1:]
    return "0" if text in ("\u22120", "\u22120.0", "\u22120.00") else text


def kernel_labels(kernel: np.ndarray) -> tuple[list[list[str]], str]:
    """The kernel's cells as text, and a note of the common factor ("÷ 16") or ""."""
    divisor = common_divisor(kernel)
    if divisor is None:
        return [[format_weight(w) for w in row] for row in kernel], ""
    cells = [[format_weight(w) for w in row] for row in np.rint(kernel * divisor)]
    return cells, ("" if divisor == 1 else f"\u00f7 {divisor}")


def cell_colour(weight: float, largest: float) -> tuple[int, int, int]:
    """A cell's tint: orange for negative, blue for positive, stronger for larger |weight|."""
    if largest <= 0 or weight == 0:
        return NEUTRAL_CELL
    strength = min(1.0, abs(weight) / largest) * 0.85
    tint = NEGATIVE_TINT if weight < 0 else POSITIVE_TINT
    return tuple(round(n + (t - n) * strength) for n, t in zip(NEUTRAL_CELL, tint))


def ink_on(colour) -> tuple[int, int, int]:
    """Black or white text, whichever reads better on ``colour``."""
    r, g, b = colour
    return (0, 0, 0) if 0.299 * r + 0.587 * g + 0.114 * b > 140 else (255, 255, 255)


def kernel_title(name: str) -> str:
    """The heading for a kernel: its preset name, or what it is when not a preset."""
    return "random kernel (as an untrained network starts)" if name == "random" else name


def mode_caption(edges: str, flip: bool) -> str:
    """Under the output panel: how borders are handled and which operation runs."""
    operation = "true convolution (kernel flipped)" if flip else "cross-correlation"
    return f"edges: {edges}  \u00b7  {operation}"


def size_caption(image: np.ndarray) -> str:
    """Under the source panel: the drawing's size and kind."""
    height, width = image.shape[:2]
    kind = "grey" if image.ndim == 2 else "colour, each channel filtered"
    return f"input {width}\u00d7{height} ({kind})"


HINT_TEXT = "\u2190 \u2192 kernels   1\u20139 pick   r random   s save   h help   q quit"

HELP_LINES = [
    ("\u2192  /  \u2190", "next / previous preset kernel (wraps around)"),
    ("1 \u2026 9", "jump to preset 1 \u2026 9"),
    ("r", "reroll a random 3\u00d73 kernel, weights in [\u22121, 1]"),
    ("s", "save a screenshot as a new PNG"),
    ("h  or  ?", "show / hide this help"),
    ("q  or  Esc", "quit"),
]
