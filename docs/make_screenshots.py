"""README's screenshots, made from the sketch as it is: python docs/make_screenshots.py

Each picture is the real window under its own Xvfb (1920×1080), driven as a
user would (xdotool moves the mouse onto a pixel), and saved over the old file
in docs/ (these are the project's own pictures, redone on purpose). Needs
Xvfb, xdotool and ImageMagick, as the end-to-end tests do.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # run as a script: the repository's root

from tests.helpers.live import LiveSketch, XServer, window_layout  # noqa: E402

DOCS = Path(__file__).resolve().parent


def panel_point(rect, scale, row, col):
    """The window point over pixel (row, col) of a picture drawn at ``scale`` in ``rect``."""
    return rect.x + col * scale + scale // 2, rect.y + row * scale + scale // 2


def filter_view(layout):
    return panel_point(layout.source, layout.scale, 9, 11)


def layer_view(layout):
    column = layout.columns[1]
    return panel_point(column.maps[2], layout.map_scale * layout.pool, 5, 6)   # a pooled pixel of the second filter


# name: (arguments, keys pressed first, where the mouse goes given the window's layout)
PICTURES = {
    "screenshot.png": (["--kernel", "vertical-edge"], [], filter_view),
    "layer.png": (["--view", "layer", "--pool", "2"], [], layer_view),
    "classroom-light.png": (["--theme", "light", "--lesson", "lessons/coding-train.toml"], ["Next"], filter_view),
}


def main() -> int:
    root = DOCS.parent
    with XServer(1920, 1080) as server, tempfile.TemporaryDirectory() as scratch:
        for name, (args, keys, point) in PICTURES.items():
            sketch = LiveSketch(server, *args, cwd=root, logs=Path(scratch))
            try:
                first = sketch.settled()
                layout = window_layout(*args)
                assert (first.shape[1], first.shape[0]) == (layout.width, layout.height), "the window's layout"
                if keys:
                    sketch.keys(*keys)
                    sketch.settled()
                sketch.move(*point(layout))
                Image.fromarray(sketch.settled()).save(DOCS / name)
                print(DOCS / name)
            finally:
                sketch.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
