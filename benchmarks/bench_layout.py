"""A relayout: what laying a view out again costs when the window is resized, F11 pressed, or p changes pooling.

Each view is laid out (its layout_for, as Session.make_layout calls it) for
every state of tests/test_layout_matrix.py at every screen and window size
there; the figure is the slowest of those cases, each the fastest of a few
runs, against a budget of 5 ms (a relayout happens in an event, between two
frames of a 60 fps window).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import Figure, min_of, ms

BUDGET = 0.005


def relayout(quick: bool, log=print) -> list[Figure]:
    from tests.test_layout_matrix import CASES, SIZES, photo, prepared

    class Folders:
        def mktemp(self, name):
            return Path(tempfile.mkdtemp())

    photo_path = photo(Folders())
    repeats = 3 if quick else 7
    worst: dict[str, tuple[float, str]] = {}
    for case in CASES:
        if "VIDEO" in case[2]:
            continue   # the camera's states lay out as the others do (a frame is a picture); they need a video
        view, state, _ = prepared(case, photo_path)
        for width, height, fullscreen in SIZES:
            seconds = min_of(lambda: view.layout_for(state, (width, height), fullscreen=fullscreen), repeats)
            if seconds > worst.get(case[0], (0.0, ""))[0]:
                worst[case[0]] = (seconds, f"{case[1]}, {width}×{height}")
    figures = []
    for name, (seconds, where) in worst.items():
        log(f"  {name} view: slowest relayout {ms(seconds)} ({where})")
        figures.append(Figure(f"relayout, {name} view: the slowest of {len(SIZES)} sizes × its states ({where})",
                              ms(seconds), f"budget {ms(BUDGET)}", f"{seconds / BUDGET:.2f}×", "≤ 1.00×",
                              seconds <= BUDGET))
    return figures
