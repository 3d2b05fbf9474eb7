"""Where live frames come from, as the state sees it: a Protocol, so the state needs no camera.

``convolution/files/camera.py``'s ``VideoSource`` (a camera or a video file, read on a thread of its own)
is one; a test may hand in any object with these members. No py5, no OpenCV.
"""

from __future__ import annotations

from typing import Protocol

from convolution.files.camera import Frame


class FrameSource(Protocol):
    """Where live frames come from, as the window and the state see it."""
    name: str                                  # "camera 0", or the video file's name

    def newest(self) -> Frame | None: ...      # the latest frame, at once (None: none yet)
    def status(self) -> str: ...               # "" while frames come, else one line: why none do
    def hold(self, held: bool) -> None: ...    # held: stop reading (a frozen frame), else go on
    def close(self) -> None: ...
