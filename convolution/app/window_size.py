"""The window's size: chosen once as it opens, then changed only by the user (dragging it, F11).

Pure logic, no py5 and no Java: the sketch tells a ``WindowSize`` what
happened (F11 was pressed; the native window reported a new size) and asks it,
at the start of every frame, what to do now (``due``): resize the window, or
nothing.

Why not resize at once, every time? A resize goes to the window system and
comes back later as an event with the new size. Processing answered every such
event by resizing the window to the size the event reported, so a second
resize, asked before the first one's event came back, was undone by that
event: after a storm of F11 the window swung between old sizes for seconds.
Here the window's events only note its size, and

- the sketch resizes the window at most once every ``GAP`` seconds, and the
  newest request wins (ten quick F11s are at most a few resizes);
- a size the window reports is believed only ``SETTLE`` seconds after the
  sketch last resized it (before that it may be the echo of an older resize);
  then the sketch follows the user's size, or, in full screen, fills the
  screen again.
"""

from __future__ import annotations

from dataclasses import dataclass

GAP = 0.25      # seconds between two resizes the sketch makes
SETTLE = 0.3    # seconds after one before the window's own reports are believed

Size = tuple[int, int]
Place = tuple[int, int]


@dataclass(frozen=True)
class Resize:
    """What the window should be now: ``size`` (width, height) in pixels, at ``place`` (x, y; None: where it
    is), full screen or not."""
    size: Size
    place: Place | None
    fullscreen: bool


@dataclass
class WindowSize:
    """The window's size as the sketch last set it (``size``: what the layout is for) and what is due."""
    screen: Size
    size: Size
    fullscreen: bool = False
    windowed: tuple[Size, Place] | None = None   # in full screen: the size and place to go back to
    wanted_fullscreen: bool | None = None        # F11 was pressed: full screen or not, once the GAP is over
    reported: Size | None = None                 # the size the native window last reported, not yet acted on
    resized_at: float = float("-inf")            # when the sketch last resized the window

    def wants_fullscreen(self) -> bool:
        """Full screen once what is asked for is done (F11 pressed twice quickly asks for nothing)."""
        return self.fullscreen if self.wanted_fullscreen is None else self.wanted_fullscreen

    def toggle(self, place: Place) -> None:
        """F11: full screen ↔ the window as it was. ``place`` is where the window is now (kept to go back to,
        if it is windowed now)."""
        going_full = not self.wants_fullscreen()
        if going_full and not self.fullscreen:
            self.windowed = (self.size, place)
        self.wanted_fullscreen = going_full

    def report(self, size: Size) -> None:
        """The native window says its drawing area is ``size`` now (called from Java's event thread)."""
        self.reported = size

    def due(self, now: float) -> Resize | None:
        """What to do at time ``now`` (seconds, monotonic): a ``Resize`` to make the window (its ``size`` is
        the new ``self.size``, which the layout is for), or None."""
        if self.wanted_fullscreen is not None and now - self.resized_at >= GAP:
            full, self.wanted_fullscreen = self.wanted_fullscreen, None
            if full != self.fullscreen:
                if full:
                    return self._resize(now, self.screen, (0, 0), True)
                size, place = self.windowed or (self.size, (0, 0))
                self.windowed = None
                return self._resize(now, size, place, False)
        if self.reported is not None and now - self.resized_at >= SETTLE:
            reported, self.reported = self.reported, None
            if self.fullscreen and reported != self.screen:
                return self._resize(now, self.screen, (0, 0), True)   # full screen stays full screen
            if not self.fullscreen and reported != self.size:
                return self._resize(now, reported, None, False)       # the user's new size
        return None

    def _resize(self, now: float, size: Size, place: Place | None, fullscreen: bool) -> Resize:
        self.size, self.fullscreen, self.resized_at = size, fullscreen, now
        return Resize(size, place, fullscreen)
