"""--save with no display: the same scene the window would paint, painted offscreen in Pillow.

No Java starts and no window opens: the session lays the view out for
--size (or in a window of its own, as the window's --save does), builds the
view's scene and it is painted with screen/painters/offscreen.py, then saved
as the window's --save saves its pixels. A teacher can make slides on any
machine.
"""

from __future__ import annotations

from convolution.app import events
from convolution.app.session import Session
from convolution.screen.painters import offscreen


def save(session: Session) -> int:
    """Paint what ``session`` shows and write it to its --save target. Returns the exit status: 0, or 2
    after a one-line error."""
    assert session.save_target is not None, "offscreen.save needs a --save target"
    pixels = offscreen.paint(session.scene())
    session.handle(events.Captured(session.save_target, pixels, final=True))
    return session.exit_status
