"""The session's input and output as plain values: events (what happened) and effects (what only the window can do).

py5's side of the sketch (window.py) makes the events from py5's callbacks and carries out the effects;
session.py handles the one and returns the other. No py5 here, nor anything that needs a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from convolution.app.window_size import Resize
from convolution.screen.scene import Scene
from convolution.state import demo

# --------------------------------------------------------------------------
# Events: what happened, as plain values
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Key:
    """A key pressed: its name as keys.py names keys ("r", "LEFT", "ESC", "F11", "PAGE_DOWN" …)."""
    name: str
    shift: bool = False


@dataclass(frozen=True)
class MouseMove:
    x: float
    y: float


@dataclass(frozen=True)
class MousePress:
    x: float
    y: float
    left: bool = True


@dataclass(frozen=True)
class MouseDrag:
    x: float
    y: float


@dataclass(frozen=True)
class MouseRelease:
    pass


@dataclass(frozen=True)
class Wheel:
    """The mouse wheel turned ``count`` notches over (x, y); ``fine``: Shift held."""
    x: float
    y: float
    count: int
    fine: bool = False


@dataclass(frozen=True)
class Resized:
    """The canvas has a new size (py5 blanks it): everything is painted again, laid out for it."""
    width: int
    height: int


@dataclass(frozen=True)
class Tick:
    """A frame begins, at ``now`` (time.monotonic()): time passes (messages, slow motion), the camera's
    newest frame and live training's newest weights are taken up, and what changed is painted."""
    now: float


@dataclass(frozen=True)
class FileChosen:
    """The file chooser's answer (from the chooser's own thread): opened at the next Tick."""
    path: Path


@dataclass(frozen=True)
class Screen:
    """The screen the window opens on: its size is chosen for it, once."""
    width: int
    height: int


@dataclass(frozen=True)
class Captured:
    """The window's pixels, as a SaveScreenshot asked (``final``: --save's frame, then the sketch ends)."""
    path: Path
    pixels: Any
    final: bool = False


Event = (Key | MouseMove | MousePress | MouseDrag | MouseRelease | Wheel | Resized | Tick | FileChosen | Screen
         | Captured)


# --------------------------------------------------------------------------
# Effects: what only the window can do
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Frame:
    """What to paint: ``view`` (a name in views.VIEWS) with ``layout`` showing ``state``, ``bottom_line`` (a
    message or caption; "" for the keys' hint), the help sheet over it or not. ``full``: every part whose
    content changed; else only what follows the mouse. ``blank``: the screen is black instead.
    ``forget_screen``: what the canvas remembers of the screen is stale (resized, laid out anew);
    ``forget_images``: its panels' images too (the theme changed, the state was rolled back)."""
    view: str
    layout: Any
    state: demo.SketchState
    bottom_line: str
    help: bool
    full: bool
    blank: bool
    theme: str
    forget_screen: bool = False
    forget_images: bool = False
    scene: Scene | None = None     # what to paint (screen/scene.py), built by the session

@dataclass(frozen=True)
class Repaint:
    frame: Frame


@dataclass(frozen=True)
class SaveScreenshot:
    """Take the window's pixels once painted and hand them back as ``Captured(path, pixels, final)``."""
    path: Path
    final: bool = False


@dataclass(frozen=True)
class OpenChooser:
    """The file chooser, opened in ``folder``; its answer comes back as FileChosen."""
    folder: Path


@dataclass(frozen=True)
class ResizeWindow:
    """Make the window ``resize.size`` (full screen or not, at ``resize.place``): window_size.Resize."""
    resize: Resize


@dataclass(frozen=True)
class Quit:
    pass


Effect = Repaint | SaveScreenshot | OpenChooser | ResizeWindow | Quit
