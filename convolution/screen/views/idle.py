"""The View protocol's handlers that do nothing: a view whose mouse does nothing somewhere takes these
(``mouse_wheel = idle.mouse_wheel``) rather than writing its own empty ones.

Their layout is any view's (protocol.Layout): a handler that never looks at it fits every view.
"""

from __future__ import annotations

from convolution.screen.views.protocol import Layout
from convolution.state import demo


def prepare(state: demo.SketchState) -> None:
    """Nothing to set up: what the view shows comes with the state."""


def mouse_moved(state: demo.SketchState, layout: Layout, px: float, py: float) -> bool:
    """Nothing follows the mouse: nothing to draw again."""
    return False


def mouse_pressed(state: demo.SketchState, layout: Layout, px: float, py: float, left_button: bool) -> None:
    """A click does nothing."""


def mouse_dragged(state: demo.SketchState, layout: Layout, px: float, py: float) -> bool:
    """A drag does nothing: the drawing is unchanged."""
    return False


def mouse_wheel(state: demo.SketchState, layout: Layout, px: float, py: float, count: int, fine: bool) -> bool:
    """The wheel does nothing: nothing changed."""
    return False
