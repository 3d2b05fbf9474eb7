"""Paint scenes into the window through py5, repainting only what changed since the last scene.

A scene (scene.py) is plain data, built once per change of state. This
painter keeps the keys of the items it painted last; a new scene is
compared with them, and only the rectangles where an item came, went or
changed are painted again: cleared to the background, then every item
that reaches into them, in order, clipped to them. Each py5 call is a
round trip to Java and draw() runs 60 times a second, so fonts are made
once per size and pictures are copied into py5 images only when their
pixels changed (benchmarks/RESULTS.md has the figures).

The py5 module is handed in, not imported, so this file imports without Java.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from convolution.screen.canvas import MONO
from convolution.screen.geometry import Rect
from convolution.screen.painters.offscreen import FONT_FILES
from convolution.screen.scene import Fill, Item, Picture, Scene, Stroke, Text, touched

MAX_DAMAGE_BOXES = 24     # more changed rectangles than this are painted as the one rectangle around them


@dataclass
class Held:
    """A py5 image showing a scene's bitmap at one of its versions."""
    image: Any
    version: int


@dataclass
class WindowPainter:
    """The window's painter; make one in setup() with the py5 module."""
    py5: Any
    fonts: dict[tuple[str, int], Any] = field(default_factory=dict)
    images: dict[int, Held] = field(default_factory=dict)
    painted: list[tuple[tuple, list[Rect]]] = field(default_factory=list)   # (key, where) of each item on screen
    size: tuple[int, int, tuple] | None = None                       # (width, height, background) on screen
    font: tuple[str, int] | None = None
    glyph_hint: tuple | None = None
    # py5's drawing style as this painter last set it within the current paint (None: not known), so that
    # an item of the same style as the one before costs one call to Java, not five
    style: dict[str, Any] = field(default_factory=dict)
    reaches: dict[tuple, list[Rect]] = field(default_factory=dict)   # touched() of each item on screen, by key

    def forget(self) -> None:
        """Nothing on screen can be trusted (blanked, resized, a new theme): the next scene is painted whole."""
        self.size = None
        self.painted = []

    def paint(self, scene: Scene) -> None:
        """Make the window show ``scene``: whole, or where it differs from the scene painted last."""
        self.whole_pixel_glyphs()
        self.font, self.style = None, {}   # Processing may reset its style between frames
        keys = self.keys_of(scene)
        if self.size != (scene.width, scene.height, scene.background):
            self.py5.background(*scene.background[:3])
            for item in scene.items:
                self.paint_item(item, None)
        else:
            in_place, boxes = self.changes(scene, keys)
            for number in in_place:   # a picture whose pixels changed where it was: copied over the old one
                self.paint_item(scene.items[number], None)
            damage = merged(boxes)
            if damage:
                owners, parts = owned_parts(keys)
                for box in damage:
                    self.set_clip(box)
                    numbers = reaching(owners, parts, box)
                    hidden = last_covering(scene.items, numbers, box)
                    if hidden is None:
                        self.paint_item(Fill(box, scene.background), box)
                    for number in numbers[hidden or 0:]:
                        self.paint_item(scene.items[number], box)
                self.set_clip(None)
        self.size, self.painted = (scene.width, scene.height, scene.background), keys
        self.drop_unused_images(scene)

    def keys_of(self, scene: Scene) -> list[tuple[tuple, list[Rect]]]:
        """(key, touched rectangles) of every item of ``scene``, the rectangles worked out only for items
        not on screen already (an item's key says everything its rectangles depend on)."""
        known, reaches = self.reaches, {}
        keys = []
        for item in scene.items:
            key = item.key()
            parts = known.get(key)
            if parts is None:
                parts = touched(item)
            reaches[key] = parts
            keys.append((key, parts))
        self.reaches = reaches
        return keys

    def changes(self, scene: Scene, keys: list[tuple[tuple, list[Rect]]]) -> tuple[list[int], list[Rect]]:
        """What differs from the scene on screen: the new pictures that cover just what an old picture covered
        (by their number in ``scene.items``: copied straight over it), and the rectangles where anything else
        came, went or changed (cleared and painted again), those over an in-place picture among them."""
        new = {key for key, _ in keys}
        old = {key for key, _ in self.painted}
        went = [(key, parts) for key, parts in self.painted if key not in new]
        replaced = Counter(parts[0] for key, parts in went if key[0] == "picture" and key[-1] is None)
        in_place: list[int] = []
        boxes: list[Rect] = []
        for number, (item, (key, parts)) in enumerate(zip(scene.items, keys)):
            if key in old:
                continue
            if isinstance(item, Picture) and item.crop is None and replaced[parts[0]] > 0:
                replaced[parts[0]] -= 1
                in_place.append(number)
            else:
                boxes += parts
        for key, parts in went:
            if not (key[0] == "picture" and key[-1] is None):
                boxes += parts
        boxes += [box for box, count in replaced.items() for _ in range(count)]   # pictures gone, not replaced
        for number in in_place:   # what lies over an in-place picture is painted again over its new pixels
            picture = keys[number][1][0]
            for _, parts in keys[number + 1:]:
                boxes += [over for part in parts if (over := part.grown_within(0, picture)) is not None]
        return in_place, [box for box in boxes if box.w > 0 and box.h > 0]

    def paint_item(self, item: Item, within: Rect | None) -> None:
        """Paint ``item``, clipped to ``within`` (None: the clip is none, or already ``within``)."""
        py5 = self.py5
        if isinstance(item, Picture):
            self.paint_picture(item, within)
        elif isinstance(item, Fill):
            self.set_style("stroke", None)
            self.set_style("fill", item.colour)
            py5.rect(item.box.x, item.box.y, item.box.w, item.box.h)
        elif isinstance(item, Stroke):
            clip = item.clip if within is None else (item.clip.grown_within(0, within) if item.clip else within)
            if item.clip is not None and clip is None:
                return
            self.set_clip(clip)
            self.set_style("fill", None)
            self.set_style("stroke", item.colour[:3])
            self.set_style("weight", item.weight)
            py5.rect(item.box.x, item.box.y, item.box.w, item.box.h)
            self.set_clip(within)
        elif isinstance(item, Text):
            self.use_font(item.size, item.family)
            self.set_style("fill", item.colour)
            py5.text(item.text, item.x, item.y)

    def set_style(self, what: str, value: Any) -> None:
        """Set py5's fill colour, stroke colour (None: none) or stroke weight, unless it is set so already."""
        style = self.style
        if what in style and style[what] == value:
            return
        style[what] = value
        py5 = self.py5
        if what == "fill":
            py5.no_fill() if value is None else py5.fill(*value)
        elif what == "stroke":
            py5.no_stroke() if value is None else py5.stroke(*value)
        else:
            py5.stroke_weight(value)

    def set_clip(self, box: Rect | None) -> None:
        """Clip py5's drawing to ``box`` (None: no clip), unless it is clipped so already."""
        if "clip" in self.style and self.style["clip"] == box:
            return
        self.style["clip"] = box
        if box is None:
            self.py5.no_clip()
        else:
            self.py5.clip(box.x, box.y, box.w, box.h)

    def paint_picture(self, item: Picture, within: Rect | None) -> None:
        image = self.image_of(item)
        box = item.box()
        u0, v0 = item.crop[:2] if item.crop is not None else (0, 0)
        if within is None and item.crop is None:
            self.py5.set_pixels(box.x, box.y, image)   # no blending: the cheapest way to the window
            return
        part = box.grown_within(0, within) if within is not None else box
        if part is None:
            return
        u, v = u0 + part.x - box.x, v0 + part.y - box.y
        self.py5.image(image, part.x, part.y, part.w, part.h, u, v, u + part.w, v + part.h)

    def image_of(self, item: Picture) -> Any:
        """The py5 image showing ``item``'s bitmap as it is now (copied only when its pixels changed)."""
        bitmap = item.image
        held = self.images.get(id(bitmap))
        if held is None or (held.image.width, held.image.height) != (bitmap.width, bitmap.height):
            image = self.py5.create_image(bitmap.width, bitmap.height, self.py5.RGB)
            image.load_np_pixels()
            held = self.images[id(bitmap)] = Held(image, -1)
        if held.version != bitmap.version:
            np.copyto(held.image.np_pixels, bitmap.argb)
            held.image.update_np_pixels()
            held.version = bitmap.version
        return held.image

    def drop_unused_images(self, scene: Scene) -> None:
        used = {id(item.image) for item in scene.items if isinstance(item, Picture)}
        for key in [key for key in self.images if key not in used]:
            del self.images[key]

    def use_font(self, size: int, family: str) -> None:
        key = (family, int(size))
        if self.font != key:
            font = self.fonts.get(key)
            if font is None:
                font = self.fonts[key] = self.make_font(*key)
            self.py5.text_font(font)
            self.font = key

    def prepare_fonts(self, keys: list[tuple[str, int]]) -> None:
        """Make the fonts ``keys`` (family, size) name now: making one takes milliseconds, too long for a
        frame in which a class points or draws."""
        for family, size in keys:
            if (family, int(size)) not in self.fonts:
                self.fonts[(family, int(size))] = self.make_font(family, int(size))

    def make_font(self, family: str, size: int) -> Any:
        """The bundled DejaVu font at ``size`` (as the offscreen painter draws), else Java's own family."""
        path = FONT_FILES["mono" if family == MONO else "sans"]
        try:
            return self.py5.create_font(str(path), size)
        except Exception:   # the file could not be read by Java: its own fonts are near enough
            return self.py5.create_font(family, size)

    def window_pixels(self) -> np.ndarray:
        """What the window shows now, H×W×3 uint8 (RGB), at its current size (a fresh copy of the window:
        py5.load_np_pixels's buffer keeps the size the window had when it was first used)."""
        copy = self.py5.get_pixels()
        copy.load_np_pixels()
        return copy.np_pixels[:, :, 1:].copy()   # ARGB → RGB

    # py5's internals, reached in one place only
    def find_glyph_hint(self) -> None:
        """Look up, once, Java2D's hint for glyphs on whole pixels: Java then draws text faster, and a
        text is as wide as its characters together, as the scene measured it."""
        try:
            from jpype import JClass  # py5 talks to Java through JPype
            hints = JClass("java.awt.RenderingHints")
            graphics = self.py5.get_graphics()._instance   # Processing's PGraphics behind py5's wrapper
            self.glyph_hint = (graphics, hints.KEY_FRACTIONALMETRICS, hints.VALUE_FRACTIONALMETRICS_OFF)
        except Exception:  # not Java2D, or py5 changed: nothing is lost but speed
            self.glyph_hint = None

    def whole_pixel_glyphs(self) -> None:
        """Processing asks Java2D for fractional glyph positions at the start of every frame and has no
        setting against it, so the hint is set on its Graphics2D directly (a new one each frame)."""
        if self.glyph_hint is None:
            return
        try:
            graphics, key, value = self.glyph_hint
            graphics.getNative().setRenderingHint(key, value)
        except Exception:  # not Java2D, or py5 changed: nothing is lost but speed
            self.glyph_hint = None


def owned_parts(keys: list[tuple[tuple, list[Rect]]]) -> tuple[np.ndarray, np.ndarray]:
    """Every touched rectangle of a scene's items as one array (left, top, right, bottom per row), with
    the number of the item each belongs to: the items a damage box reaches are then found at once."""
    owners = [number for number, (_, parts) in enumerate(keys) for _ in parts]
    edges = [(part.x, part.y, part.x + part.w, part.y + part.h) for _, parts in keys for part in parts]
    return np.asarray(owners, np.int64), np.asarray(edges, np.int64).reshape(-1, 4)


def reaching(owners: np.ndarray, parts: np.ndarray, box: Rect) -> list[int]:
    """The numbers of the items (in paint order, each once) with a touched rectangle overlapping ``box``."""
    hit = ((parts[:, 0] < box.x + box.w) & (parts[:, 2] > box.x)
           & (parts[:, 1] < box.y + box.h) & (parts[:, 3] > box.y))
    return np.unique(owners[hit]).tolist()


def last_covering(items: Sequence[Item], numbers: list[int], box: Rect) -> int | None:
    """Where in ``numbers`` (items reaching ``box``, in paint order) the last item is that covers all of
    ``box`` opaquely (a picture, or a fill without alpha): nothing under it can show there, so the
    repaint starts from it. None if no item does."""
    for place in range(len(numbers) - 1, -1, -1):
        item = items[numbers[place]]
        if isinstance(item, Picture):
            cover = item.box()
        elif isinstance(item, Fill) and (len(item.colour) < 4 or item.colour[3] == 255):
            cover = item.box
        else:
            continue
        if (cover.x <= box.x and box.x + box.w <= cover.x + cover.w
                and cover.y <= box.y and box.y + box.h <= cover.y + cover.h):
            return place
    return None


def merged(boxes: list[Rect]) -> list[Rect]:
    """``boxes`` with every two that overlap or touch joined into the rectangle around both, where that adds
    little (a rectangle around two far corners of a picture would repaint all of it); past
    MAX_DAMAGE_BOXES, the one rectangle around them all. Boxes left apart may overlap: painting a
    rectangle of the scene twice leaves it as once."""
    result: list[tuple[int, int, int, int]] = []   # left, top, right, bottom
    for box in boxes:
        left, top, right, bottom = box.x, box.y, box.x + box.w, box.y + box.h
        joined = True
        while joined:
            joined = False
            for number, (l2, t2, r2, b2) in enumerate(result):
                if left - 1 < r2 and l2 < right + 1 and top - 1 < b2 and t2 < bottom + 1:   # touching
                    ol, ot, orr, ob = min(left, l2), min(top, t2), max(right, r2), max(bottom, b2)
                    if (orr - ol) * (ob - ot) <= 1.3 * ((right - left) * (bottom - top) + (r2 - l2) * (b2 - t2)):
                        left, top, right, bottom = ol, ot, orr, ob
                        del result[number]
                        joined = True
                        break
        result.append((left, top, right, bottom))
    if len(result) > MAX_DAMAGE_BOXES:
        lefts, tops, rights, bottoms = zip(*result)
        result = [(min(lefts), min(tops), max(rights), max(bottoms))]
    return [Rect(left, top, right - left, bottom - top) for left, top, right, bottom in result]
