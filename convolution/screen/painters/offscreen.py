"""Paint a scene into a picture with Pillow: no Java, no display.

The same scene the window paints (scene.py), item by item in order:
pictures pixel for pixel (nearest neighbour: they were enlarged when the
scene was built), rectangles, outlines, and text in DejaVu Sans, which
travels with the sketch (assets/fonts/), as the window's painter uses it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from convolution.files.bundled import bundled
from convolution.screen.canvas import MONO
from convolution.screen.geometry import Rect
from convolution.screen.scene import Fill, Picture, Scene, Stroke, Text

FONT_FILES = {"sans": bundled("assets", "fonts/DejaVuSans.ttf"), "mono": bundled("assets", "fonts/DejaVuSansMono.ttf")}


@lru_cache(maxsize=64)
def font(size: int, family: str) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The bundled DejaVu font at ``size`` pixels (Pillow's own, were the file missing)."""
    path = FONT_FILES["mono" if family == MONO else "sans"]
    try:
        return ImageFont.truetype(str(path), max(1, size))
    except OSError:
        return ImageFont.load_default()


def paint(scene: Scene) -> np.ndarray:
    """The scene as a picture: H×W×3 uint8 RGB, H and W the scene's height and width."""
    canvas = Image.new("RGB", (scene.width, scene.height), tuple(scene.background[:3]))
    draw = ImageDraw.Draw(canvas)
    for item in scene.items:
        if isinstance(item, Picture):
            paint_picture(canvas, item)
        elif isinstance(item, Fill):
            paint_fill(canvas, draw, item)
        elif isinstance(item, Stroke):
            paint_stroke(canvas, item)
        elif isinstance(item, Text):
            draw.text((item.x, item.y), item.text, font=font(item.size, item.family), fill=tuple(item.colour[:3]),
                      anchor="ls")
    return np.asarray(canvas, dtype=np.uint8).copy()


def paint_picture(canvas: Image.Image, item: Picture) -> None:
    argb = item.image.argb
    if item.crop is not None:
        u, v, w, h = item.crop
        argb = argb[v:v + h, u:u + w]
    canvas.paste(Image.fromarray(np.ascontiguousarray(argb[:, :, 1:])), (item.x, item.y))


def paint_fill(canvas: Image.Image, draw: ImageDraw.ImageDraw, item: Fill) -> None:
    box = item.box
    if box.w <= 0 or box.h <= 0:
        return
    if len(item.colour) == 4 and item.colour[3] < 255:   # laid over what is there (the help sheet)
        left, top = max(0, box.x), max(0, box.y)
        right, bottom = min(canvas.width, box.x + box.w), min(canvas.height, box.y + box.h)
        if right <= left or bottom <= top:
            return
        under = np.asarray(canvas.crop((left, top, right, bottom)), dtype=np.float32)
        alpha = item.colour[3] / 255
        over = under * (1 - alpha) + np.asarray(item.colour[:3], np.float32) * alpha
        canvas.paste(Image.fromarray(np.rint(over).astype(np.uint8)), (left, top))
        return
    draw.rectangle((box.x, box.y, box.x + box.w - 1, box.y + box.h - 1), fill=tuple(item.colour[:3]))


def paint_stroke(canvas: Image.Image, item: Stroke) -> None:
    """A rectangle's outline, ``weight`` wide and centred on its edges, as four filled bands (inside clip)."""
    box, half = item.box, item.weight / 2
    outer = Rect(round(box.x - half), round(box.y - half), 0, 0)
    right, bottom = round(box.x + box.w + half), round(box.y + box.h + half)
    inner_left, inner_top = round(box.x + half), round(box.y + half)
    inner_right, inner_bottom = round(box.x + box.w - half), round(box.y + box.h - half)
    bands = [(outer.x, outer.y, right, inner_top), (outer.x, inner_bottom, right, bottom),
             (outer.x, inner_top, inner_left, inner_bottom), (inner_right, inner_top, right, inner_bottom)]
    clip = item.clip or Rect(0, 0, canvas.width, canvas.height)
    colour = tuple(item.colour[:3])
    draw = ImageDraw.Draw(canvas)
    for left, top, r, b in bands:
        left, top = max(left, clip.x), max(top, clip.y)
        r, b = min(r, clip.x + clip.w), min(b, clip.y + clip.h)
        if r > left and b > top:
            draw.rectangle((left, top, r - 1, b - 1), fill=colour)
