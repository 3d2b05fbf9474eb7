"""Redraw assets/cat.png from the strokes in assets/cat_strokes.json.

    python assets/make_cat.py          # writes assets/cat.png next to this file

The strokes use Quick Draw's simplified-drawing layout: each stroke is
``[xs, ys]`` on a 256×256 canvas. Like Quick Draw's own 28×28 bitmaps, the
drawing is centred, drawn with a round pen on a large canvas and shrunk by
averaging, which gives soft grey stroke edges about 2 px wide. Unlike the
Quick Draw bitmaps (light on black), the cat is dark strokes on white, like
the lesson's cat.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZE = 28          # pixels of the final bitmap, each side
MARGIN = 2         # blank pixels kept around the drawing, each side
SUPERSAMPLE = 16   # draw this many times larger, then average down
PEN_WIDTH = 1.4    # pen width in final pixels


def load_strokes(path: Path) -> list[np.ndarray]:
    """Strokes from a Quick Draw style JSON file: a list of N×2 float arrays of (x, y)."""
    drawing = json.loads(path.read_text())["drawing"]
    return [np.column_stack([xs, ys]).astype(float) for xs, ys in drawing]


def fit_to_canvas(strokes: list[np.ndarray], canvas: float, margin: float) -> list[np.ndarray]:
    """Scale and move the strokes so their bounding box is centred in the canvas."""
    points = np.vstack(strokes)
    low, high = points.min(axis=0), points.max(axis=0)
    scale = (canvas - 2 * margin) / (high - low).max()
    offset = (canvas - (high - low) * scale) / 2
    return [(s - low) * scale + offset for s in strokes]


def rasterise(strokes: list[np.ndarray]) -> np.ndarray:
    """Draw the strokes dark on white; returns a SIZE×SIZE uint8 array."""
    big = SIZE * SUPERSAMPLE
    pen = PEN_WIDTH * SUPERSAMPLE
    canvas = Image.new("L", (big, big), 255)
    draw = ImageDraw.Draw(canvas)
    for stroke in fit_to_canvas(strokes, big, MARGIN * SUPERSAMPLE):
        points = [tuple(p) for p in stroke]
        draw.line(points, fill=0, width=round(pen), joint="curve")
        for x, y in (points[0], points[-1]):  # round pen ends
            draw.ellipse([x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2], fill=0)
    return np.asarray(canvas.resize((SIZE, SIZE), Image.Resampling.BOX))


def main(argv: list[str]) -> int:
    source = HERE / "cat_strokes.json"
    target = Path(argv[1]) if len(argv) > 1 else HERE / "cat.png"
    Image.fromarray(rasterise(load_strokes(source)), mode="L").save(target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
