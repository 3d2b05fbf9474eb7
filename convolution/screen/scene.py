"""A scene: what one view shows, as plain data, built once per change of state and painted by either painter.

    state ──view.draw(builder's canvas)──▶ Scene ──▶ painters/window.py (py5, the window)
                                                 └─▶ painters/offscreen.py (Pillow: --save without a
                                                     display, GIF clips, tests)

A view draws with a ``Canvas`` (canvas.py) as a Processing sketch draws;
here that canvas does not reach py5 but a ``Recorder`` that writes down
each call as an item: a ``Picture`` (an array's pixels at a place), a
``Fill`` (a filled rectangle), a ``Stroke`` (a rectangle's outline), a
``Text`` (one line, left end and baseline given). Everything a view works
out — forward passes, readouts, fitted text — is worked out while the
scene is built; a painter only paints the items, in order.

Text is measured with the widths of DejaVu Sans (glyphs.py) and painted in
DejaVu Sans by both painters (the fonts travel in assets/fonts/), so the
window and a picture painted offscreen place every word alike.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

import numpy as np

from convolution.screen import glyphs, pixels
from convolution.screen.canvas import MONO, SANS, Canvas
from convolution.screen.geometry import Rect
from convolution.screen.views import common
from convolution.screen.views.protocol import Layout
from convolution.state import demo

Colour = tuple[int, ...]     # (R, G, B) or (R, G, B, alpha), 0–255


@dataclass(frozen=True, eq=False)
class Picture:
    """Pixels from numpy at (x, y): ``image.argb`` (H×W×4 uint8, ARGB as py5 keeps it), or of it only the
    part ``crop`` (u, v, w, h). ``image.version`` changes whenever its pixels do."""
    image: Bitmap
    x: int
    y: int
    crop: tuple[int, int, int, int] | None = None

    def box(self) -> Rect:
        if self.crop is not None:
            return Rect(self.x, self.y, self.crop[2], self.crop[3])
        return Rect(self.x, self.y, self.image.width, self.image.height)

    def key(self) -> tuple:
        return ("picture", id(self.image), self.image.version, self.x, self.y, self.crop)


@dataclass(frozen=True)
class Fill:
    """A filled rectangle, no outline; a colour with alpha is laid over what is under it."""
    box: Rect
    colour: Colour

    def key(self) -> tuple:
        return ("fill", self.box, self.colour)


@dataclass(frozen=True)
class Stroke:
    """A rectangle's outline, ``weight`` pixels wide, centred on its edges, drawn only inside ``clip``."""
    box: Rect
    colour: Colour
    weight: float
    clip: Rect | None = None

    def key(self) -> tuple:
        return ("stroke", self.box, self.colour, self.weight, self.clip)

    def reach(self) -> Rect:
        """The pixels the outline may touch."""
        grow = math.ceil(self.weight / 2) + 1
        return Rect(self.box.x - grow, self.box.y - grow, self.box.w + 2 * grow, self.box.h + 2 * grow)


@dataclass(frozen=True)
class Text:
    """One line of text at ``size`` pixels in ``family`` (canvas.SANS or canvas.MONO): it starts at ``x``
    and stands on the baseline ``y``."""
    text: str
    x: float
    y: float
    size: int
    colour: Colour
    family: str = SANS

    def key(self) -> tuple:
        return ("text", self.text, self.x, self.y, self.size, self.colour, self.family)

    def width(self) -> float:
        return glyphs.text_width(self.text, self.size, self.family)

    def box(self) -> Rect:
        """The rectangle its letters cover (from the font's ascent and descent), whole pixels outward."""
        top = self.y - glyphs.ASCENT * self.size
        bottom = self.y + glyphs.DESCENT * self.size
        left, right = int(np.floor(self.x)), int(np.ceil(self.x + self.width()))
        return Rect(left, int(np.floor(top)), right - left, int(np.ceil(bottom)) - int(np.floor(top)))

    def reach(self) -> Rect:
        """The pixels painting it may touch (anti-aliasing, a glyph's overhang)."""
        box = self.box()
        grow = 2 + self.size // 8
        return Rect(box.x - grow, box.y - grow, box.w + 2 * grow, box.h + 2 * grow)


Item = Picture | Fill | Stroke | Text


def touched(item: Item) -> list[Rect]:
    """The rectangles painting ``item`` may touch: a rectangle's outline only its four sides (not what it
    surrounds, a picture inside its frame), anything else its reach."""
    if not isinstance(item, Stroke):
        return [reach(item)]
    outer, grow = item.reach(), math.ceil(item.weight / 2) + 1
    side = 2 * grow   # from grow before an edge to grow after it
    bands = [Rect(outer.x, outer.y, outer.w, side), Rect(outer.x, outer.y + outer.h - side, outer.w, side),
             Rect(outer.x, outer.y, side, outer.h), Rect(outer.x + outer.w - side, outer.y, side, outer.h)]
    if outer.w <= 2 * side or outer.h <= 2 * side:
        return [outer]
    return [band for band in bands if item.clip is None or band.overlaps(item.clip)]


def reach(item: Item) -> Rect:
    """The pixels painting ``item`` may touch."""
    if isinstance(item, (Stroke, Text)):
        return item.reach()
    if isinstance(item, Picture):
        return item.box()
    return item.box


@dataclass(frozen=True)
class Scene:
    """What a window width×height shows: its ``background``, then ``items`` painted in order."""
    width: int
    height: int
    background: Colour
    items: tuple[Item, ...]

    def texts(self) -> list[Text]:
        return [item for item in self.items if isinstance(item, Text)]

    def pictures(self) -> list[Picture]:
        return [item for item in self.items if isinstance(item, Picture)]


# Versions are drawn from one counter for all bitmaps, so that (id, version) names one bitmap's pixels at one
# moment for good: a bitmap made where a freed one was (Python reuses ids) can never pass for it.
_VERSIONS = itertools.count(1)


class Bitmap:
    """An image the canvas fills from numpy (it stands in for a py5 image): ``argb`` H×W×4 uint8, ARGB.
    ``version`` changes whenever its pixels do, to a number no bitmap had before."""

    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self.np_pixels = np.zeros((height, width, 4), np.uint8)
        self.version = next(_VERSIONS)

    def load_np_pixels(self) -> None:
        pass

    def update_np_pixels(self) -> None:
        self.version = next(_VERSIONS)

    @property
    def argb(self) -> np.ndarray:
        return self.np_pixels


@dataclass
class Recorder:
    """What the Canvas asks of py5, written down as scene items (see the module's docstring)."""
    width: int = 0
    height: int = 0
    background_colour: Colour = pixels.DARK.window_background
    items: list[Item] = field(default_factory=list)
    font: tuple[str, int] = (SANS, 12)
    leading: float = 0.0
    fill_colour: Colour | None = None
    stroke_colour: Colour | None = None
    weight: float = 1.0
    clip_box: Rect | None = None
    RGB = 1

    # Fonts and text
    def create_font(self, family: str, size: int) -> tuple[str, int]:
        return (family, size)

    def text_font(self, font: tuple[str, int]) -> None:
        self.font = font

    def text_leading(self, leading: float) -> None:
        self.leading = leading

    def text_width(self, text: str) -> float:
        return glyphs.text_width(text, self.font[1], self.font[0])

    def text_ascent(self) -> float:
        return glyphs.ASCENT * self.font[1]

    def text(self, text: str, x: float, y: float) -> None:
        family, size = self.font
        colour = self.fill_colour or (255, 255, 255)
        for number, line in enumerate(str(text).split("\n")):
            if line.strip():
                self.items.append(Text(line, float(x), float(y + number * self.leading), size, colour, family))

    # Colours
    def fill(self, *colour: int) -> None:
        self.fill_colour = tuple(int(c) for c in colour)

    def no_fill(self) -> None:
        self.fill_colour = None

    def stroke(self, *colour: int) -> None:
        self.stroke_colour = tuple(int(c) for c in colour)

    def stroke_weight(self, weight: float) -> None:
        self.weight = weight

    def no_stroke(self) -> None:
        self.stroke_colour = None

    # Shapes
    def background(self, *colour: int) -> None:
        self.background_colour = tuple(int(c) for c in colour)
        self.items.clear()

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        box = Rect(int(x), int(y), int(w), int(h))
        if self.fill_colour is not None:
            self.items.append(Fill(box, self.fill_colour))
        if self.stroke_colour is not None:
            self.items.append(Stroke(box, self.stroke_colour, self.weight, self.clip_box))

    def clip(self, x: float, y: float, w: float, h: float) -> None:
        self.clip_box = Rect(int(x), int(y), int(w), int(h))

    def no_clip(self) -> None:
        self.clip_box = None

    # Pictures
    def create_image(self, w: int, h: int, mode: int) -> Bitmap:
        return Bitmap(w, h)

    def set_pixels(self, x: int, y: int, image: Bitmap) -> None:
        self.items.append(Picture(image, int(x), int(y)))

    def image(self, image: Bitmap, x: float, y: float, *rest: float) -> None:
        if not rest:
            self.items.append(Picture(image, int(x), int(y)))
            return
        w, h, u, v = (int(value) for value in rest[:4])
        self.items.append(Picture(image, int(x), int(y), (u, v, w, h)))



# The layout a view draws (its own Layout type): contravariant, as SceneView only takes one.
LayoutIn = TypeVar("LayoutIn", bound=Layout, contravariant=True)
LayoutT = TypeVar("LayoutT", bound=Layout)


class SceneView(Protocol[LayoutIn]):
    """What the builder needs of a view module (views.View has it)."""

    def draw(self, canvas: Canvas, layout: LayoutIn, state: demo.SketchState, message: str) -> None: ...


@dataclass
class Builder:
    """Builds scenes for one window (or one offscreen picture), keeping between scenes what only changes
    with its sources: panel pictures (refilled when their array is replaced), a kernel's labels and tints."""
    theme: pixels.Theme = pixels.DARK
    recorder: Recorder = field(default_factory=Recorder)
    canvas: Canvas = field(init=False)

    def __post_init__(self) -> None:
        self.canvas = Canvas(self.recorder, theme=self.theme)

    def set_theme(self, theme: pixels.Theme) -> None:
        self.theme = self.canvas.theme = theme
        self.canvas.forget_images()

    def build(self, view: SceneView[LayoutT], layout: LayoutT, state: demo.SketchState, message: str = "",
              help_lines: list[tuple[str, str]] | None = None) -> Scene:
        """The scene ``view`` shows for ``state`` in ``layout``, with ``message`` on the bottom line, and
        the help sheet over it when ``help_lines`` are given."""
        recorder, canvas = self.recorder, self.canvas
        recorder.width, recorder.height = layout.width, layout.height
        recorder.items = []
        recorder.clip_box = None
        canvas.begin_frame()
        view.draw(canvas, layout, state, message)
        if help_lines is not None:
            common.draw_help(canvas, layout, help_lines, state.ui.help_page)
        return Scene(layout.width, layout.height, recorder.background_colour, tuple(recorder.items))


def fonts_for(sizes) -> list[tuple[str, int]]:
    """The (family, size) of the fonts a scene laid out with ``sizes`` (geometry.Sizes) most likely uses:
    the window's painter makes them before the first frame, not while a class is pointing."""
    chosen = sorted({sizes.title, sizes.body, sizes.hint, sizes.small, sizes.note, sizes.floor})
    return [(family, size) for family in (SANS, MONO) for size in chosen]


__all__ = ["Bitmap", "Builder", "Fill", "Item", "Picture", "Recorder", "Scene", "Stroke", "Text", "MONO", "SANS",
           "fonts_for"]
