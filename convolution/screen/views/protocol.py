"""What a view is, for the window (app/window.py), the command line and the tests: two Protocols.

A view is a module (screen/views/filter.py is the first): ``View`` lists
every name the rest of the sketch takes from it, and ``Layout`` what every
view's layout has in common. Each view has a layout of its own (a dataclass
with Layout's fields and more), so ``View`` is generic in it: ``View[LayoutT]``
makes and takes one kind of layout. views/__init__.py has mypy check each view
module against it; tests/test_views.py checks them when the tests run.

A view whose mouse does nothing somewhere takes idle.py's handlers, which do nothing.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from convolution.screen.canvas import Canvas
from convolution.screen.geometry import Rect, Sizes
from convolution.state import demo


class Layout(Protocol):
    """Where a view's parts go in a window: every view's layout has at least these."""

    @property
    def width(self) -> int: ...          # the window's size, in pixels
    @property
    def height(self) -> int: ...
    @property
    def scale(self) -> int: ...          # each pixel of the input drawing is scale×scale, in every view
    @property
    def source(self) -> Rect: ...        # the input drawing, the one the pen draws on
    @property
    def title_y(self) -> int: ...        # the baselines of the title and its description
    @property
    def subtitle_y(self) -> int: ...
    @property
    def sizes(self) -> Sizes: ...        # text sizes, and the gaps that grow with them; no text below sizes.floor
    @property
    def fits(self) -> bool: ...          # False: not even at 1× does the drawing fit the window


# A view's own layout type. Invariant: a view makes layouts of this type (layout_for) and takes them.
LayoutT = TypeVar("LayoutT", bound=Layout)


class View(Protocol[LayoutT]):
    """A view module: what is on screen, where, and what the mouse does there.

    ``layout``: what this view's ``layout_for`` returned (its own Layout, which
    has Layout's fields and more); ``state``: the sketch's demo.SketchState.
    """

    NAME: str            # as --view, a lesson's view and demo.VIEW_NAMES name it
    SUMMARY: str         # one line, for --help and the message when v switches to it
    MAX_SCALE: int       # the largest scale of its drawing a window tries

    def prepare(self, state: demo.SketchState) -> None:
        """Make ``state`` ready for this view (the layer view gives it a bank of filters)."""

    def default_scale(self, state: demo.SketchState) -> int | None:
        """The drawing's scale in a window of its own (None: layout_for chooses for the room)."""

    def layout_for(self, state: demo.SketchState, window: tuple[int, int] | None = ..., scale: int | None = ...,
                   fullscreen: bool = ...) -> LayoutT:
        """Where everything goes in ``window`` (width, height): the drawing as large as fits (at most
        ``scale``), text from the window's height; or, with no window, in a window of the view's own at
        ``scale`` (None: the view's own), text at the design's sizes (the size a window opens at)."""

    def draw(self, canvas: Canvas, layout: LayoutT, state: demo.SketchState, message: str) -> None:
        """Repaint the parts whose content changed; ``message`` goes on the bottom line (else the hint)."""

    def draw_pointing(self, canvas: Canvas, layout: LayoutT, state: demo.SketchState) -> None:
        """Repaint only what follows the mouse (panels, outlines, the readout)."""

    def mouse_moved(self, state: demo.SketchState, layout: LayoutT, px: float, py: float) -> bool:
        """Follow the mouse at window point (px, py); whether what follows it must be drawn again."""

    def mouse_pressed(self, state: demo.SketchState, layout: LayoutT, px: float, py: float, left_button: bool) -> None:
        """A click at (px, py): put the pen down, select a weight or a filter …"""

    def mouse_dragged(self, state: demo.SketchState, layout: LayoutT, px: float, py: float) -> bool:
        """A drag to (px, py): draw on if the pen is down; whether the drawing changed."""

    def mouse_wheel(self, state: demo.SketchState, layout: LayoutT, px: float, py: float, count: int,
                    fine: bool) -> bool:
        """The wheel turned ``count`` notches over (px, py) (``fine``: Shift held); whether anything changed."""
