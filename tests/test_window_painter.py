"""The window's painter repaints only what changed, and the window then shows exactly what painting the whole
scene afresh would: checked step by step over what a lesson does (pointing, keys, drawing, views, help),
on a stand-in for py5 that paints into a numpy picture as Processing would (set_pixels ignores the clip,
everything else keeps inside it)."""

from __future__ import annotations

import numpy as np
import pytest

from convolution.app import events
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.screen import glyphs
from convolution.screen.geometry import Rect
from convolution.screen.painters.window import WindowPainter, merged
from tests.helpers.screen_check import FakeImage


class SoftPy5:
    """py5's drawing calls the painter makes, into an H×W×3 numpy picture (text as a box of its ink)."""
    RGB = 1

    def __init__(self, width, height):
        self.pixels = np.zeros((height, width, 3), np.int16)
        self.fill_colour, self.stroke_colour, self.weight, self.clip_box, self.font = None, None, 1, None, None

    def _area(self, x, y, w, h):
        left, top, right, bottom = int(round(x)), int(round(y)), int(round(x + w)), int(round(y + h))
        if self.clip_box is not None:
            cx, cy, cw, ch = self.clip_box
            left, top, right, bottom = max(left, cx), max(top, cy), min(right, cx + cw), min(bottom, cy + ch)
        height, width = self.pixels.shape[:2]
        return slice(max(0, top), max(0, min(height, bottom))), slice(max(0, left), max(0, min(width, right)))

    def background(self, *colour):
        self.pixels[:] = colour[:3]

    def fill(self, *colour):
        self.fill_colour = colour

    def no_fill(self):
        self.fill_colour = None

    def stroke(self, *colour):
        self.stroke_colour = colour[:3]

    def stroke_weight(self, weight):
        self.weight = weight

    def no_stroke(self):
        self.stroke_colour = None

    def clip(self, x, y, w, h):
        self.clip_box = (int(x), int(y), int(w), int(h))

    def no_clip(self):
        self.clip_box = None

    def rect(self, x, y, w, h):
        if self.fill_colour is not None:
            area = self.pixels[self._area(x, y, w, h)]
            colour = np.asarray(self.fill_colour[:3])
            if len(self.fill_colour) == 4:   # laid over what is there, as Java blends
                area[:] = np.rint(area + (colour - area) * self.fill_colour[3] / 255)
            else:
                area[:] = colour
        if self.stroke_colour is not None:   # centred on the rectangle's edges, as Java2D strokes it
            band = max(1, int(self.weight))
            x, y, w, h = x - band // 2, y - band // 2, w + band, h + band
            for box in ((x, y, w, band), (x, y + h - band, w, band), (x, y, band, h), (x + w - band, y, band, h)):
                self.pixels[self._area(*box)] = self.stroke_colour

    def create_image(self, w, h, mode):
        return FakeImage(w, h)

    def set_pixels(self, x, y, image):
        height, width = self.pixels.shape[:2]
        part = image.np_pixels[:max(0, height - y), :max(0, width - x), 1:]
        self.pixels[y:y + part.shape[0], x:x + part.shape[1]] = part

    def image(self, image, x, y, w=None, h=None, u=0, v=0, u2=None, v2=None):
        w, h = (image.width, image.height) if w is None else (w, h)
        rows, cols = self._area(x, y, w, h)
        source = image.np_pixels[v + rows.start - y:v + rows.stop - y, u + cols.start - x:u + cols.stop - x, 1:]
        self.pixels[rows, cols] = source

    def create_font(self, name, size):
        return size

    def text_font(self, font):
        self.font = font

    def text(self, text, x, y):
        width = glyphs.text_width(text, self.font)
        self.pixels[self._area(x, y - glyphs.ASCENT * self.font, width, self.font)] = self.fill_colour[:3]



def session_of(*args):
    options = prepare(list(args))
    session = Session(options.state, options.view, options.scale, None, theme=options.theme)
    session.handle(events.Screen(1366, 768))
    return session


def walk(session, steps):
    """Paint the session's scene after each step twice: changes only, on one window, and whole, on another."""
    width, height = session.layout.width, session.layout.height
    changing, soft = WindowPainter(SoftPy5(width, height)), None
    changing.paint(session.scene())
    for number, step in enumerate(steps):
        step(session)
        scene = session.scene()
        changing.paint(scene)
        soft = SoftPy5(scene.width, scene.height)
        WindowPainter(soft).paint(scene)
        differ = np.argwhere(np.any(changing.py5.pixels != soft.pixels, axis=2))
        assert len(differ) == 0, f"step {number}: {len(differ)} pixels differ, the first at (y, x) {differ[0]}"


def point(x, y):
    return lambda session: session.handle(events.MouseMove(x, y))


def key(name):
    return lambda session: session.handle(events.Key(name, False))


def pointing_over(session, panel, count=12):
    return [point(panel.x + (7 * i) % panel.w, panel.y + (5 * i) % panel.h) for i in range(count)]


def test_pointing_and_keys_in_the_filter_view():
    session = session_of("--kernel", "sobel-x", "--pool", "2")
    layout = session.layout
    steps = pointing_over(session, layout.source) + [point(2, 2)] + pointing_over(session, layout.output, 6)
    steps += [key("RIGHT"), key("e"), key("m"), point(layout.source.x + 30, layout.source.y + 30), key("k"),
              key("h"), key("?"), key("t")]   # ? closes the help from any of its pages
    walk(session, steps)


def test_drawing_on_the_layer_view_and_pointing_at_its_maps():
    session = session_of("--view", "layer", "--bank", "random,gaussian-5x5,sobel-x,sobel-y")
    layout = session.layout
    source = layout.source

    def press(session):
        session.handle(events.MousePress(source.x + 30, source.y + 30, True))

    steps = [press] + [lambda s, i=i: s.handle(events.MouseDrag(source.x + 30 + 4 * i, source.y + 30 + 3 * i))
                       for i in range(10)]
    steps += [lambda s: s.handle(events.MouseRelease())]
    steps += pointing_over(session, layout.columns[1].maps[0], 6) + [key("R"), key("l")]
    walk(session, steps)


def test_pointing_in_the_network_view_and_the_evidence():
    session = session_of("--view", "network")
    layout = session.layout
    steps = pointing_over(session, layout.source, 4) + pointing_over(session, layout.bars, 6) + [key("y"), key("v")]
    walk(session, steps)


@pytest.mark.parametrize("count", [1, 5, 30])
def test_merged_damage_covers_every_box(count):
    rng = np.random.default_rng(count)
    boxes = [Rect(*map(int, rng.integers(0, 500, 2)), *map(int, rng.integers(1, 80, 2))) for _ in range(count)]
    joined = merged(boxes)
    for box in boxes:
        assert any(box.grown_within(0, outer) == box for outer in joined)
