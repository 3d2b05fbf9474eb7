"""What every view draws the same way: the hint line at the bottom, and the help sheet over everything."""

from __future__ import annotations

import geometry
import pixels
import texts
from canvas import Canvas


def draw_hint(canvas: Canvas, width: int, y: int, message: str, hint: str) -> None:
    """The line at the bottom of the window: a passing ``message`` in the highlight colour, else ``hint``."""
    if message:
        canvas.text(message, width / 2, y, geometry.HINT_SIZE, pixels.HIGHLIGHT, "center")
    else:
        size = canvas.fitting_size([hint], geometry.HINT_SIZE, width - 2 * geometry.MARGIN)
        canvas.text(hint, width / 2, y, size, pixels.TEXT, "center")


def draw_help(canvas: Canvas, width: int, height: int, lines: list[tuple[str, str]]) -> None:
    """A dark sheet over the window listing (keys, what they do), sized to fit the window."""
    canvas.rect(geometry.Rect(0, 0, width, height), pixels.HELP_SHEET)
    keys = [key for key, _ in lines]
    meanings = [meaning for _, meaning in lines]
    size = 24
    canvas.use_font(size)
    key_w = max(canvas.text_width(key) for key in keys) + size
    meaning_w = max(canvas.text_width(meaning) for meaning in meanings)
    scale = min(1.0, (width - 2 * geometry.MARGIN) / (key_w + meaning_w))
    size, key_w, meaning_w = int(size * scale), key_w * scale, meaning_w * scale
    left = (width - key_w - meaning_w) / 2
    line = size * 1.55
    y = max(geometry.TITLE_SIZE + 10, (height - line * (len(keys) + 2)) / 2 + geometry.TITLE_SIZE)
    canvas.text(texts.HELP_TITLE, left, y, geometry.TITLE_SIZE)
    for key, meaning in lines:
        y += line
        canvas.text(key, left, y, size, pixels.HIGHLIGHT)
        canvas.text(meaning, left + key_w, y, size)
    canvas.text(texts.HELP_CLOSE, left, y + line * 1.3, geometry.BODY_SIZE, pixels.TEXT_DIM)
    canvas.forget_screen()   # the sheet covers everything: repaint it all once it goes
