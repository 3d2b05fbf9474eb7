"""What a view draws on: the Canvas, whose calls a scene records (scene.py), for either painter to paint.

A view draws with a ``Canvas`` the way a Processing example draws: rectangles, frames, panels (an array's
pixels, enlarged), outlines over them, and text, fitted to the room it has. The canvas hands each call to
a py5-like recorder (scene.Recorder), which writes it down as an item of the view's scene; nothing here
paints. Work that only changes with its sources is kept between scenes:

- text is measured in Python, from each character's width (DejaVu Sans's, glyphs.py), and whole texts'
  widths are remembered;
- a panel's picture is enlarged again only when its array changed (``panel``), and what depends on a
  few arrays only (a kernel's labels and tints) is worked out once per array (``derived``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from convolution.screen import geometry, pixels
from convolution.screen.geometry import Rect

SANS, MONO = "SansSerif", "Monospaced"   # the two font families, as Java names them
OUTLINE_REACH = 4   # pixels an outline's strokes reach beyond its rectangle (smoothed edges included)
FontKey = tuple[str, int]                # (family, size)
TEXTS_REMEMBERED = 20000                 # whole texts' widths kept, at most


@dataclass(frozen=True)
class Part:
    """A part of the window other than the panels: repainted exactly when ``content`` changes.

    ``draw(*content)`` paints it; ``box`` is the area cleared before it is repainted.
    """
    name: str
    content: tuple
    box: Rect
    draw: Callable[..., None]


@dataclass
class PanelImage:
    """A py5 image reused between frames, and the array whose pixels it holds now."""
    image: Any
    shows: Any = None


@dataclass
class Style:
    """What py5 is set to now, as far as this frame knows (None: unknown, set it before use)."""
    fill: tuple | None = None
    stroke: tuple | None = None           # (colour, weight), or () for no stroke
    font: FontKey | None = None
    leading: float | None = None


@dataclass
class Canvas:
    """What views draw on (see the module's docstring); scene.Builder makes one for a window or a picture."""
    py5: Any
    fonts: dict[FontKey, Any] = field(default_factory=dict)               # made once per size
    char_widths: dict[tuple[FontKey, str], float] = field(default_factory=dict)
    text_widths: dict[tuple[FontKey, str], float] = field(default_factory=dict)   # whole texts measured
    ascents: dict[FontKey, float] = field(default_factory=dict)
    style: Style = field(default_factory=Style)
    images: dict[str, PanelImage] = field(default_factory=dict)
    derived_values: dict[str, tuple[Any, Any]] = field(default_factory=dict)   # name → (source object, value)
    replays: dict[str, tuple[Any, list, Any]] = field(default_factory=dict)   # name → (key, items, kept alive)
    theme: pixels.Theme = pixels.DARK
    floor: int = 1                        # no text smaller than this (the layout's Sizes.floor: see use_sizes)

    # ----------------------------------------------------------------------
    # Frames, and what is on screen
    # ----------------------------------------------------------------------

    def begin_frame(self) -> None:
        """Trust nothing the recorder was set to before this scene."""
        self.style = Style()

    def forget_images(self) -> None:
        """Refill every panel image from its array (after the state was rolled back)."""
        for panel in self.images.values():
            panel.shows = None

    def background(self, colour=None) -> None:
        self.py5.background(*(colour or self.theme.window_background))

    def draw_parts(self, parts: list[Part]) -> None:
        """Draw each of a view's parts, in order, with what it shows."""
        for part in parts:
            part.draw(*part.content)

    def derived(self, name: str, compute: Callable[..., Any], *sources) -> Any:
        """``compute(*sources)``, worked out once while every one of ``sources`` is the same object.

        For what depends on a few arrays only (a kernel's labels and tints):
        the state replaces an array when it changes, never edits it in place.
        """
        held = self.derived_values.get(name)
        if held is None or len(held[0]) != len(sources) or any(a is not b for a, b in zip(held[0], sources)):
            held = self.derived_values[name] = (sources, compute(*sources))
        return held[1]

    def replayed(self, name: str, key: Any, draw: Callable[[], None], keep: Any = None) -> None:
        """``draw()``, or, while ``key`` is what it was last time, the items it recorded then, again (the
        kernel cells of a layer of filters, which only change with their kernels). ``keep``: objects whose
        ids ``key`` holds, kept alive with it."""
        items = getattr(self.py5, "items", None)
        if items is None:   # not recording a scene
            draw()
            return
        held = self.replays.get(name)
        if held is not None and held[0] == key:
            items.extend(held[1])
            self.style = Style()   # what the recorder is set to is no longer what this canvas last set
            return
        start = len(items)
        draw()
        self.replays[name] = (key, items[start:], keep)

    # ----------------------------------------------------------------------
    # Shapes
    # ----------------------------------------------------------------------

    def fill(self, colour) -> None:
        if self.style.fill != colour:
            self.py5.fill(*colour)
            self.style.fill = colour

    def no_fill(self) -> None:
        self.py5.no_fill()
        self.style.fill = None

    def no_stroke(self) -> None:
        if self.style.stroke != ():
            self.py5.no_stroke()
            self.style.stroke = ()

    def stroke(self, colour, weight: float) -> None:
        if self.style.stroke != (colour, weight):
            self.py5.stroke(*colour)
            self.py5.stroke_weight(weight)
            self.style.stroke = (colour, weight)

    def rect(self, box: Rect, colour) -> None:
        """A filled rectangle, no outline."""
        self.no_stroke()
        self.fill(colour)
        self.py5.rect(box.x, box.y, box.w, box.h)

    def rects(self, boxes, colour) -> None:
        for box in boxes:
            self.rect(box, colour)

    def frame(self, box: Rect, colour, weight: float) -> None:
        """An unfilled rectangle's outline."""
        self.no_fill()
        self.stroke(colour, weight)
        self.py5.rect(box.x, box.y, box.w, box.h)
        self.no_stroke()

    # ----------------------------------------------------------------------
    # Panels: pictures from numpy arrays, and outlines over them
    # ----------------------------------------------------------------------

    def panel(self, name: str, rect: Rect, make_colours: Callable[[], np.ndarray], source, scale: int,
              framed: bool = True) -> None:
        """Show ``make_colours()`` (H×W×3 uint8) enlarged ``scale``× in ``rect``, with a thin frame around it
        (unless not ``framed``: a composite holding its own frames, see pixels.compose).

        ``source`` is the array the colours are made from: the picture is
        made again only when it is a different object (the state replaces an
        array when it changes, never edits it in place).
        """
        image, _ = self.image_of(name, rect, make_colours, source, scale)
        self.py5.set_pixels(rect.x, rect.y, image)
        if framed:
            self.frame(Rect(rect.x - 3, rect.y - 3, rect.w + 5, rect.h + 5), self.theme.text_dim, 2)

    def image_of(self, name: str, rect: Rect, make_colours, source, scale: int = 1):
        """The py5 image ``name`` of rect's size showing ``make_colours()`` enlarged ``scale``×, and
        whether it was refilled just now. Made once per size; refilled only for a new ``source``."""
        held = self.images.get(name)
        if held is None or (held.image.width, held.image.height) != (rect.w, rect.h):
            image = self.py5.create_image(rect.w, rect.h, self.py5.RGB)
            image.load_np_pixels()
            held = self.images[name] = PanelImage(image)
        refilled = held.shows is not source
        if refilled:
            pixels.enlarge_into(held.image.np_pixels, make_colours(), scale)
            held.image.update_np_pixels()
            held.shows = source
        return held.image, refilled

    def picture(self, name: str, rect: Rect, make_colours, source) -> None:
        """A small picture (the legend bar) drawn with py5's image(), from an image made once per ``source``."""
        self.py5.image(self.image_of(name, rect, make_colours, source)[0], rect.x, rect.y)

    def outlines(self, marks: list[tuple[str, Rect, Rect]]) -> None:
        """Outline rectangles on panels: ``marks`` holds (panel name, panel rect, rectangle).

        Dark under light, so an outline shows on white, black and coloured
        pixels alike. Each outline is clipped to its panel only when it
        reaches the panel's edge.
        """
        py5 = self.py5
        self.no_fill()
        for colour, weight in ((self.theme.outline_under, 5), (self.theme.highlight, 2)):
            self.stroke(colour, weight)
            for _, panel, rect in marks:
                reaches_out = not rect.within(panel, OUTLINE_REACH)
                if reaches_out:
                    py5.clip(panel.x, panel.y, panel.w, panel.h)
                py5.rect(rect.x, rect.y, rect.w, rect.h)
                if reaches_out:
                    py5.no_clip()
        self.no_stroke()

    # ----------------------------------------------------------------------
    # Text
    # ----------------------------------------------------------------------

    def use_font(self, size: int, family: str = SANS) -> None:
        """Set text to ``size`` pixels in ``family`` (SANS or MONO), in a font made for that size."""
        key = (family, int(size))
        if self.style.font != key:
            font = self.fonts.get(key)
            if font is None:
                font = self.fonts[key] = self.py5.create_font(family, key[1])
            self.py5.text_font(font)
            self.style.font = key
            self.style.leading = None   # text_font() resets it

    def text(self, text: str, x: float, y: float, size: int, colour=None, align: str = "left",
             family: str = SANS) -> None:
        """One line of ``text`` at ``size`` pixels, its baseline at ``y``; ``x`` is where it starts
        (align "left"), its middle ("center") or its end ("right").

        The alignment is worked out here, from memoised widths, and py5 keeps
        its own (left, baseline) throughout: aligned by py5, the text would be
        measured again, in Java, on every call.
        """
        self.use_font(size, family)
        if align == "center":
            x -= self.text_width(text) / 2
        elif align == "right":
            x -= self.text_width(text)
        self.fill(colour or self.theme.text)
        self.py5.text(text, x, y)

    def text_block(self, text: str, x: float, y: float, size: int, colour, leading: float,
                   family: str = MONO) -> None:
        """Several lines (``text`` joined by newlines) in one call, ``leading`` pixels apart."""
        self.use_font(size, family)
        if self.style.leading != leading:
            self.py5.text_leading(leading)
            self.style.leading = leading
        self.fill(colour)
        self.py5.text(text, x, y)

    def font_now(self) -> FontKey:
        """The font text is set in now. Text is measured in the font it was last set in (width_of,
        text and fitted_text set it first): measuring before any is set is a mistake in the caller."""
        if self.style.font is None:
            raise RuntimeError("no font set yet: use_font (or width_of) before measuring text")
        return self.style.font

    def text_width(self, text: str) -> float:
        """The width of ``text`` in the current font, from its characters' widths, each asked of Java
        once per font: with glyphs on whole pixels (whole_pixel_glyphs()) a text is exactly as wide as
        its characters together, and a new number needs no trip to Java."""
        font, widths = self.font_now(), self.char_widths
        known = self.text_widths.get((font, text))
        if known is not None:
            return known
        total = 0.0
        for char in text:
            width = widths.get((font, char))
            if width is None:
                width = widths[(font, char)] = self.py5.text_width(char)
            total += width
        if len(self.text_widths) > TEXTS_REMEMBERED:   # a scene measures the same few hundred texts again and again
            self.text_widths.clear()
        self.text_widths[(font, text)] = total
        return total

    def width_of(self, text: str, size: int, family: str = SANS) -> float:
        self.use_font(size, family)
        return self.text_width(text)

    def ascent(self) -> float:
        """py5.text_ascent of the current font, asked of Java once per font."""
        font = self.font_now()
        if font not in self.ascents:
            self.ascents[font] = self.py5.text_ascent()
        return self.ascents[font]

    def use_sizes(self, sizes: geometry.Sizes) -> None:
        """Draw for a layout of these sizes: no text below ``sizes.floor`` from now on."""
        self.floor = sizes.floor

    def fitting_size(self, texts, size: int, width: float, family: str = SANS) -> int:
        """``size``, or smaller so that the widest of ``texts`` fits in ``width`` pixels (geometry.shrunk_size),
        but never below the floor (use_sizes): what does not fit even then is for ``fit`` to break.

        Glyphs on whole pixels do not shrink exactly in proportion, so the size
        found is measured again, and made a step smaller while it still overflows.
        """
        size = max(size, self.floor)
        self.use_font(size, family)
        fitted = max(self.floor, geometry.shrunk_size(size, max(self.text_width(text) for text in texts), width))
        smaller = [step for step in geometry.SHRUNK_SIZES if self.floor <= step < fitted]
        while fitted != size and smaller:
            self.use_font(fitted, family)
            if max(self.text_width(text) for text in texts) <= width:
                break
            fitted = smaller.pop()
        return fitted

    def fit(self, text: str, size: int, width: float, lines: int = 1, family: str = SANS) -> tuple[int, list[str]]:
        """``text`` set in ``width`` pixels at ``size`` or smaller, never below the floor: on up to
        ``lines`` lines, cut short with "…" if even that is not enough (geometry.fit_text)."""
        return geometry.fit_text(lambda line, at: self.width_of(line, at, family), text, max(size, self.floor),
                                 self.floor, width, lines)

    def fitted_text(self, text: str, x: float, y: float, size: int, width: float, colour=None, align: str = "left",
                    lines: int = 1, leading: float = 1.25) -> int:
        """Draw ``text`` fitted into ``width`` (see fit), its first baseline at ``y``; the lines after it
        ``leading`` × size apart. Returns how many lines it took."""
        size, parts = self.fit(text, size, width, lines)
        for number, part in enumerate(parts):
            self.text(part, x, y + number * round(size * leading), size, colour, align)
        return len(parts)
