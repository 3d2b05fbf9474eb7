"""Pointing with the keys: Shift + arrows move the pointed pixel one at a time, as the mouse would point.

So a readout's sum can be walked pixel by pixel with a keyboard (or a clicker's arrows), without a mouse.
Each view that can be pointed at with the keys has a mover in ``MOVERS`` (the view's name → a function
that moves what the view points at by (dy, dx) and returns whether it did); a view without one says so in
one line. No py5, no layout: the pointed pixel is the state's (SketchState.ui), in the picture's own pixels.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import explain
from convolution.state import demo


def _clamped(value: int, size: int) -> int:
    return min(max(value, 0), size - 1)


def move_filter(state: demo.SketchState, dy: int, dx: int) -> bool:
    """The filter view: the (y, x) pixel of the drawing and of the filtered picture (ui.hover), from the middle."""
    height, width = state.image.shape[:2]
    y, x = state.ui.hover if state.ui.hover is not None else (height // 2 - dy, width // 2 - dx)
    state.ui.hover = (_clamped(y + dy, height), _clamped(x + dx, width))
    state.ui.hover_pooled = None
    return True


def move_layer(state: demo.SketchState, dy: int, dx: int) -> bool:
    """The layer view: the pixel pointed at on a map (ui.hover_map), on the map it is on; at first the
    middle of the selected filter's feature map. A pooled map's pixels are its own (fewer)."""
    height, width = state.image.shape[:2]
    focus = state.ui.hover_map
    if focus is None or focus.kind not in ("source", "map", "relu", "pooled"):
        focus = demo.Hit("map", state.bank_selected, height // 2 - dy, width // 2 - dx)
    pooled = state.layer.pooled[focus.index] if state.layer is not None and focus.kind == "pooled" else None
    if pooled is not None:
        height, width = pooled.shape[:2]
    elif focus.kind == "pooled":   # pooling went off: the same place on the map after ReLU (or the sums)
        focus = demo.Hit("relu" if state.relu else "map", focus.index, focus.y * state.pool, focus.x * state.pool)
    moved = demo.Hit(focus.kind, focus.index, _clamped(focus.y + dy, height), _clamped(focus.x + dx, width))
    state.ui.hover_map = moved
    state.ui.hover = (moved.y, moved.x) if moved.kind != "pooled" else None
    return True


def move_network(state: demo.SketchState, dy: int, dx: int) -> bool:
    """The network view: the pointed unit's pixel on its map (a conv or pooled pixel of a block), or, on the
    bars, the class above or below (its score or probability); at first the middle of block 1's first map."""
    model = state.running.current_model()
    unit = state.ui.pointed
    if unit is None or unit.kind not in ("conv", "pooled", "score", "probability"):
        conv, _ = model.map_sides[0]
        unit = explain.Unit("conv", 0, 0, conv // 2 - dy, conv // 2 - dx)
    if unit.kind in ("score", "probability"):
        state.ui.pointed = dataclasses.replace(unit, filter=_clamped(unit.filter + dy, len(model.classes)))
        return True
    conv, pooled = model.map_sides[unit.block]
    side = conv if unit.kind == "conv" else pooled
    state.ui.pointed = dataclasses.replace(unit, y=_clamped(unit.y + dy, side), x=_clamped(unit.x + dx, side))
    return True


# The views whose pixels (or units) the keys point at, and how; the help's line names them through VIEWS.
MOVERS: dict[str, Callable[[demo.SketchState, int, int], bool]] = {"filter": move_filter, "layer": move_layer,
                                                                  "network": move_network}
VIEWS = tuple(MOVERS)


def move(state: demo.SketchState, view: str | None, dy: int, dx: int) -> bool:
    """Move what ``view`` points at by ``dy`` rows and ``dx`` columns (a step of one); whether it moved."""
    mover = MOVERS.get(view or "")
    if mover is None:
        state.notice = f"Shift + arrows point at pixels in the {' and '.join(VIEWS)} views; here, point with the mouse"
        return True   # said, in one line
    return mover(state, dy, dx)
