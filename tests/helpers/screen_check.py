"""What a view draws, recorded without Java, and the invariants every screen must hold.

``drawn_of`` reads what a view's scene (screen/scene.py, the very scene the window and the offscreen
painter paint) puts where. ``RecordingPy5`` stands in for py5 under the real Canvas: it measures text
with the layouts' own glyph widths (screen/glyphs.py, DejaVu Sans, within a
few percent of Java's) and writes down every text, picture and filled shape
with the rectangle it covers. ``check_screen`` then asserts what a classroom
needs of every view, state and window size:

- nothing outside the window (in full screen, nothing within 4 px of its edge);
- no two texts overlap, no text lies over a picture, no two pictures overlap,
  and a text over a filled shape lies wholly inside it (a weight in its cell);
- every text at least the floor: 1/45 of the window's height, 1/30 of the screen's in full screen;
- no text cut short with "…" (a text that does not fit wraps, moves or pages);
- in full screen, the layer, network and teach views use the screen (``row_share``: at least three
  quarters of its rows hold something).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from convolution.screen import glyphs, pixels
from convolution.screen.canvas import MONO, Canvas
from convolution.screen.scene import Fill, Picture, Scene, Text

FULLSCREEN_EDGE = 4


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def overlap(self, other: Box) -> float:
        """The area both cover."""
        w = min(self.x + self.w, other.x + other.w) - max(self.x, other.x)
        h = min(self.y + self.h, other.y + other.h) - max(self.y, other.y)
        return max(0.0, w) * max(0.0, h)

    def inside(self, other: Box, slack: float = 1.0) -> bool:
        return (other.x - slack <= self.x and self.x + self.w <= other.x + other.w + slack
                and other.y - slack <= self.y and self.y + self.h <= other.y + other.h + slack)


@dataclass(frozen=True)
class Drawn:
    kind: str            # "text", "picture" (a panel or a chart: pixels from numpy) or "shape" (a filled rectangle)
    box: Box
    text: str = ""
    size: int = 0


class FakeImage:
    def __init__(self, width, height):
        self.width, self.height = width, height
        self.np_pixels = np.zeros((height, width, 4), np.uint8)

    def load_np_pixels(self):
        pass

    def update_np_pixels(self):
        pass


@dataclass
class RecordingPy5:
    """The py5 calls the Canvas makes, recorded (see the module's docstring)."""
    width: int
    height: int
    background_colour: tuple = pixels.DARK.window_background
    drawn: list[Drawn] = field(default_factory=list)
    font: tuple = ("SansSerif", 12)
    leading: float = 0.0
    current_fill: tuple | None = None
    RGB = 1

    def create_font(self, family, size):
        return (family, size)

    def text_font(self, font):
        self.font = font

    def text_leading(self, leading):
        self.leading = leading

    def text_width(self, text):
        return glyphs.text_width(text, self.font[1], self.font[0])

    def text_ascent(self):
        return glyphs.ASCENT * self.font[1]

    def text(self, text, x, y):
        family, size = self.font
        for number, line in enumerate(str(text).split("\n")):
            if not line.strip():
                continue
            baseline = y + number * self.leading
            top, height = baseline - glyphs.ASCENT * size, (glyphs.ASCENT + glyphs.DESCENT) * size
            if family == "Monospaced":
                # A readout's inks are interleaved blocks, spaces where another ink's numbers go: each run of
                # characters is what covers the screen.
                for run in re.finditer(r"\S+(?: \S+)*", line):
                    left = x + glyphs.text_width(line[:run.start()], size, family)
                    width = glyphs.text_width(run.group(), size, family)
                    self.drawn.append(Drawn("text", Box(left, top, width, height), run.group(), size))
                continue
            width = glyphs.text_width(line, size, family)
            self.drawn.append(Drawn("text", Box(x, top, width, height), line, size))

    def fill(self, *colour):
        self.current_fill = tuple(colour)

    def no_fill(self):
        self.current_fill = None

    def stroke(self, *colour):
        pass

    def stroke_weight(self, weight):
        pass

    def no_stroke(self):
        pass

    def background(self, *colour):
        self.drawn.clear()

    def rect(self, x, y, w, h):
        if self.current_fill is None:
            return                                   # an outline or a frame: not content
        colour = self.current_fill[:3]
        if colour == tuple(self.background_colour[:3]):
            return                                   # clearing a part before it is drawn again
        if len(self.current_fill) == 4 and w >= self.width and h >= self.height:
            self.drawn.clear()                       # the help sheet covers everything drawn before it
            return
        self.drawn.append(Drawn("shape", Box(x, y, w, h)))

    def create_image(self, w, h, mode):
        return FakeImage(w, h)

    def set_pixels(self, x, y, image):
        self.drawn.append(Drawn("picture", Box(x, y, image.width, image.height)))

    def image(self, image, x, y, *rest):
        if not rest:
            self.drawn.append(Drawn("picture", Box(x, y, image.width, image.height)))

    def clip(self, *args):
        pass

    def no_clip(self):
        pass



def drawn_of(scene: Scene) -> list[Drawn]:
    """What a scene (screen/scene.py) puts on the screen, as the invariants see it: each text (a monospaced
    readout's runs of characters each), each picture, each filled shape that is not the background; a
    translucent sheet over the whole window (the help) covers what came before it."""
    drawn: list[Drawn] = []
    for item in scene.items:
        if isinstance(item, Text):
            top, height = item.y - glyphs.ASCENT * item.size, (glyphs.ASCENT + glyphs.DESCENT) * item.size
            if item.family == MONO:
                for run in re.finditer(r"\S+(?: \S+)*", item.text):
                    left = item.x + glyphs.text_width(item.text[:run.start()], item.size, item.family)
                    width = glyphs.text_width(run.group(), item.size, item.family)
                    drawn.append(Drawn("text", Box(left, top, width, height), run.group(), item.size))
            else:
                drawn.append(Drawn("text", Box(item.x, top, item.width(), height), item.text, item.size))
        elif isinstance(item, Picture):
            box = item.box()
            drawn.append(Drawn("picture", Box(box.x, box.y, box.w, box.h)))
        elif isinstance(item, Fill):
            box = item.box
            if tuple(item.colour[:3]) == tuple(scene.background[:3]):
                continue                                   # clearing a part before it is drawn again
            if len(item.colour) == 4 and box.w >= scene.width and box.h >= scene.height:
                drawn.clear()                              # the help sheet covers everything drawn before it
                continue
            drawn.append(Drawn("shape", Box(box.x, box.y, box.w, box.h)))
    return drawn


def recording_canvas(width: int, height: int, theme=pixels.DARK) -> tuple[Canvas, RecordingPy5]:
    fake = RecordingPy5(width, height, theme.window_background)
    return Canvas(fake, theme=theme), fake


def text_floor(height: int, fullscreen: bool = False) -> int:
    return math.ceil(height / (30 if fullscreen else 45))


def row_share(drawn: list[Drawn], height: int) -> float:
    """The share of the window's rows that hold some text, picture or shape."""
    used = np.zeros(height, bool)
    for item in drawn:
        used[max(0, int(item.box.y)):max(0, int(math.ceil(item.box.y + item.box.h)))] = True
    return float(used.mean())


def problems(drawn: list[Drawn], width: int, height: int, fullscreen: bool) -> list[str]:
    """Every way ``drawn`` breaks the invariants (see the module's docstring); [] when none."""
    found = []
    edge = FULLSCREEN_EDGE if fullscreen else 0
    window = Box(edge, edge, width - 2 * edge, height - 2 * edge)
    floor = text_floor(height, fullscreen)
    texts = [d for d in drawn if d.kind == "text"]
    pictures = [d for d in drawn if d.kind == "picture"]
    shapes = [d for d in drawn if d.kind == "shape"]
    for item in drawn:
        if not item.box.inside(window, slack=0.5):
            found.append(f"{item.kind} {item.text!r} at {item.box} is outside the window {width}×{height}")
    for item in texts:
        if item.size < floor:
            found.append(f"text {item.text!r} at {item.size} px is below the floor of {floor} px")
        if "\u2026" in item.text:
            found.append(f"text {item.text!r} is cut short with an ellipsis")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if a.box.overlap(b.box) > 2.0:
                found.append(f"texts {a.text!r} and {b.text!r} overlap")
        for picture in pictures:
            if a.box.overlap(picture.box) > 2.0:
                found.append(f"text {a.text!r} lies over a picture at {picture.box}")
        for shape in shapes:
            if a.box.overlap(shape.box) > 2.0 and not a.box.inside(shape.box, slack=2.0):
                found.append(f"text {a.text!r} at {a.box} runs over the edge of a shape at {shape.box}")
    for i, a in enumerate(pictures):
        for b in pictures[i + 1:]:
            if a.box.overlap(b.box) > 0.0:
                found.append(f"pictures at {a.box} and {b.box} overlap")
    return found
