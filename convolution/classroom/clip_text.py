"""The words and weights in a GIF clip's frames: the kernel as a grid of numbers, and the captions.

Pure Pillow (no py5), with the font that travels with the sketch
(assets/fonts/DejaVuSans.ttf), so a clip's text is the same on every
computer and has the real minus sign, × and ÷ of the screen's labels.

Sizes follow the pictures: ``text_size`` gives the caption's size for a
panel of a given height, ``kernel_size`` the kernel column's cells and
width, ``wrap`` the caption's lines for a width. ``draw_kernel`` and
``draw_lines`` draw into an H×W×3 uint8 frame in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from convolution.files.bundled import bundled
from convolution.screen import pixels
from convolution.screen.geometry import Rect, cut_to_fit

FONT = bundled("assets", "fonts/DejaVuSans.ttf")
SMALLEST_TEXT, LARGEST_TEXT = 12, 24   # px: a caption's size, whatever the panels' size
PANEL_LINES = 15                       # a caption is a 15th of the panels' height (within those bounds)
LINE_SPACING = 1.35                    # a line's height, in text sizes
MAX_CAPTION_LINES = 4                  # a longer caption ends with "…"
CELL_TEXTS = 3.2                       # a kernel's cell is this many text sizes wide, when the panels have room
ELLIPSIS = "\u2026"
# Text is smoothed in this many steps of coverage: enough to read well, few enough that a frame's text
# adds a handful of colours (each ink on each cell colour), so GIF's 256 colours a frame keep the pictures exact.
INK_LEVELS = 3


@lru_cache(maxsize=64)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The clip's font at ``size`` px (Pillow's own if the bundled file were missing)."""
    try:
        return ImageFont.truetype(str(FONT), size)
    except OSError:
        return ImageFont.load_default(size)


def text_width(text: str, size: int) -> int:
    return int(np.ceil(font(size).getlength(text)))


def line_height(size: int) -> int:
    return int(round(size * LINE_SPACING))


def text_size(panel_h: int) -> int:
    """The captions' size in px for panels ``panel_h`` pixels high."""
    return int(min(LARGEST_TEXT, max(SMALLEST_TEXT, panel_h // PANEL_LINES)))


@dataclass(frozen=True)
class KernelSize:
    """The kernel column: its cells' side, the grid's and the column's width and height (px)."""
    cell: int
    width: int
    height: int


def kernel_size(shape: tuple[int, int], panel_h: int, size: int, note: str) -> KernelSize:
    """How large the kernel's grid of ``shape`` (rows, columns) is beside panels ``panel_h`` high, with
    its ``note`` ("3×3 kernel ÷ 16") under it in text of ``size``: cells of CELL_TEXTS text sizes, smaller
    for a kernel of many rows so it stays within the panels' height (never below 2 text sizes)."""
    rows, cols = shape
    cell = max(2 * size, min(int(CELL_TEXTS * size), panel_h // rows))
    width = max(cols * cell, text_width(note, size) if note else 0)
    return KernelSize(cell, width, rows * cell + (line_height(size) + size // 2 if note else 0))


def wrap(text: str, width: int, size: int, most: int = MAX_CAPTION_LINES) -> list[str]:
    """``text`` in lines no wider than ``width`` px at ``size`` (at most ``most``, the last one ending
    in "…" if the text goes on); a word longer than a line is cut with "…"."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        elif len(lines) > most:   # a line more than fits is known: the rest is never shown (a 50 KB caption)
            break
        else:
            lines.append(_cut(word, width, size))
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = _cut(lines[-1] + ELLIPSIS, width, size, always=True)
    return lines


def _cut(text: str, width: int, size: int, always: bool = False) -> str:
    """``text`` if it fits in ``width``, else as much of it as fits followed by "…" (geometry.cut_to_fit)."""
    return cut_to_fit(text_width, text, size, width, always)


def draw_kernel(frame: np.ndarray, column: Rect, kernel: np.ndarray, labels: list[list[str]], note: str,
                grid: KernelSize, size: int) -> None:
    """The weights as tinted cells with their numbers (as the sketch shows them: ``labels`` from
    texts.kernel_labels, already turned if the kernel is flipped), centred in ``column``, ``note`` under them."""
    rows, cols = kernel.shape
    cell = grid.cell
    left = column.x + (column.w - cols * cell) // 2
    top = column.y + (column.h - grid.height) // 2
    colours = pixels.cell_colours(kernel)
    frame[top:top + rows * cell, left:left + cols * cell] = pixels.DARK.cell_gap   # 1-px lines between the cells
    longest = max((label for row in labels for label in row), key=len)
    number = _fitting(longest, int(cell * 0.86), int(cell * 0.42))
    for j in range(rows):
        for i in range(cols):
            x, y = left + i * cell, top + j * cell
            frame[y + 1:y + cell - 1, x + 1:x + cell - 1] = colours[j][i]
            stamp(frame, (x + cell / 2, y + cell / 2), labels[j][i], number, pixels.ink_on(colours[j][i]), "mm")
    if note:
        stamp(frame, (column.x + column.w / 2, top + rows * cell + size // 2), note, size, pixels.TEXT, "ma")


def _fitting(text: str, width: int, largest: int) -> int:
    """The largest size up to ``largest`` at which ``text`` is at most ``width`` px wide (at least 6)."""
    size = max(6, largest)
    while size > 6 and text_width(text, size) > width:
        size -= 1
    return size


def draw_lines(frame: np.ndarray, box: Rect, lines: list[str], size: int, dim_from: int) -> None:
    """``lines`` from the top left of ``box``, one line_height(size) apart; lines from ``dim_from`` on
    in the dimmer colour (the modes under the caption)."""
    for number, line in enumerate(lines):
        colour = pixels.TEXT if number < dim_from else pixels.TEXT_DIM
        stamp(frame, (box.x, box.y + number * line_height(size)), line, size, colour, "la")


def stamp(frame: np.ndarray, at: tuple[float, float], text: str, size: int, ink, anchor: str) -> None:
    """``text`` at ``at`` (placed by Pillow's ``anchor``) onto ``frame`` in ``ink``, its smoothing
    rounded to INK_LEVELS steps; cut to the frame."""
    left, top, right, bottom = font(size).getbbox(text, anchor=anchor)
    x0, y0 = int(np.floor(at[0] + left)), int(np.floor(at[1] + top))
    width, height = int(np.ceil(at[0] + right)) - x0 + 1, int(np.ceil(at[1] + bottom)) - y0 + 1
    mask = Image.new("L", (width, height))
    ImageDraw.Draw(mask).text((at[0] - x0, at[1] - y0), text, font=font(size), fill=255, anchor=anchor)
    cover = np.rint(np.asarray(mask, np.float64) / 255 * INK_LEVELS) / INK_LEVELS
    fy0, fx0 = max(y0, 0), max(x0, 0)
    fy1, fx1 = min(y0 + height, frame.shape[0]), min(x0 + width, frame.shape[1])
    if fy1 <= fy0 or fx1 <= fx0:
        return
    cover = cover[fy0 - y0:fy1 - y0, fx0 - x0:fx1 - x0, None]
    under = frame[fy0:fy1, fx0:fx1].astype(np.float64)
    frame[fy0:fy1, fx0:fx1] = np.rint(under + cover * (np.asarray(ink, np.float64) - under)).astype(np.uint8)
