"""Which layout the window takes: the view's own size, or what fits the window it has (no py5 here).

The window's size is chosen once, as it opens (``own_size``: the view at --scale or its own scale, as
large as fits the screen); after that the layout is made for the window as it is (``make_layout``),
and a picture too large for it even at 1× (a photo) is shown smaller (``fitting_side``).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from convolution.screen.views import View
from convolution.state import demo

SCREEN_EDGES = (16, 64)   # of a screen's width and height, left for the window's frame, title bar and taskbar
MAX_SHRINKS = 20          # times a picture too big for the window is made smaller (0.8× each) …
SMALLEST_SHRUNK = 64      # … but never below this many pixels a side: then the text is what does not fit
SMALLEST_FRAME = 28       # … a camera's frames, down to a Quick Draw drawing's size

Size = tuple[int, int]


def own_size(view: View, state: demo.SketchState, scale: int | None, screen: Size) -> Size:
    """The view's own size at ``scale`` (--scale, or None: its own scale), at smaller scales until it fits
    ``screen`` (less the room a window's frame and the taskbar take); all of that room if not even 1× fits."""
    room = (screen[0] - SCREEN_EDGES[0], screen[1] - SCREEN_EDGES[1])
    wanted = scale or view.default_scale(state) or 1
    for each in range(wanted, 0, -1):
        own = view.layout_for(state, None, each)
        if own.width <= room[0] and own.height <= room[1]:
            return (own.width, own.height)
    return room


def fitting_side(view: View, state: demo.SketchState, window: Size, fullscreen: bool) -> int | None:
    """The longest side (0.8× steps down from the picture's own, not under SMALLEST_SHRUNK) at which the
    picture fits ``window``, tried on a stand-in of the state; None if none does."""
    height, width = state.image.shape[:2]
    side = max(height, width)
    # A photo is never made tiny; live frames are, rather than drawn outside the window (a small window
    # showing a whole layer)
    smallest = SMALLEST_FRAME if state.running.camera is not None else SMALLEST_SHRUNK
    for _ in range(MAX_SHRINKS):
        side = int(side * 0.8)
        if side < smallest:
            return None
        factor = side / max(height, width)
        shape = (max(3, round(height * factor)), max(3, round(width * factor))) + state.image.shape[2:]
        stand_in = dataclasses.replace(state, image=np.zeros(shape, np.float32), undo_images=[])
        if view.layout_for(stand_in, window, None, fullscreen).fits:
            return side
    return None
