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
    """A rectangle's outline ``weight`` wide, as Processing draws it in Java2D: centred half a pixel inside
    the rectangle's edges (stroke normalisation), a pixel it covers in part blended by the share covered."""
    box, half = item.box, item.weight / 2
    outer = (box.x + 0.5 - half, box.y + 0.5 - half, box.x + box.w + 0.5 + half, box.y + box.h + 0.5 + half)
    inner = (box.x + 0.5 + half, box.y + 0.5 + half, box.x + box.w + 0.5 - half, box.y + box.h + 0.5 - half)
    clip = item.clip or Rect(0, 0, canvas.width, canvas.height)
    left, top = max(int(np.floor(outer[0])), clip.x, 0), max(int(np.floor(outer[1])), clip.y, 0)
    right = min(int(np.ceil(outer[2])), clip.x + clip.w, canvas.width)
    bottom = min(int(np.ceil(outer[3])), clip.y + clip.h, canvas.height)
    if right <= left or bottom <= top:
        return
    xs, ys = np.arange(left, right, dtype=np.float64), np.arange(top, bottom, dtype=np.float64)
    covered = _share(ys, outer[1], outer[3])[:, None] * _share(xs, outer[0], outer[2])[None, :]
    if inner[2] > inner[0] and inner[3] > inner[1]:
        covered -= _share(ys, inner[1], inner[3])[:, None] * _share(xs, inner[0], inner[2])[None, :]
    under = np.asarray(canvas.crop((left, top, right, bottom)), dtype=np.float64)
    colour = np.asarray(item.colour[:3], np.float64)
    over = under + (colour - under) * covered[:, :, None]
    canvas.paste(Image.fromarray(np.rint(over).astype(np.uint8)), (left, top))


def _share(starts: np.ndarray, low: float, high: float) -> np.ndarray:
    """How much of each pixel [start, start + 1) lies within [low, high), 0–1."""
    return np.clip(np.minimum(starts + 1, high) - np.maximum(starts, low), 0, 1)
