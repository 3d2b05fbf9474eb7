"""Screenshots of a scripted session, to compare the sketch's pixels before and after a change.

    python tests/screens.py OUT_FOLDER            # run the script, one PNG per step
    python tests/screens.py --compare A B         # which steps differ between two runs

The script drives the real sketch under its own Xvfb with xdotool, as a user
would: presets, pointing at pixels, editing a cell, a 5×5 kernel, border and
value modes, slow motion, the help sheet, drawing; and a few ``--save``
frames. Every step waits until the window stops changing, so two runs of
the same code give the same pictures. A refactoring that changes nothing a
user sees must leave every picture identical.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # run as a script: the repository's root

from tests.helpers.live import LiveSketch, XServer, read_png, run_sketch  # noqa: E402

# The cat at scale 10: window 948×734, panels at these places (the layout of every version so far).
SOURCE = (24, 122)          # the source panel's top-left corner
OUTPUT = (644, 122)         # the output panel's top-left corner
KERNEL_3 = (360, 134, 76)   # the 3×3 kernel's cells: left, top, cell size
AWAY = (40, 10)             # a point on the title, over nothing that reacts


def pixel(panel, y, x):
    return panel[0] + x * 10 + 5, panel[1] + y * 10 + 5


def cell(row, col, grid=KERNEL_3):
    left, top, size = grid
    return left + col * size + size // 2, top + row * size + size // 2


def stroke(sketch: LiveSketch, points):
    """A mouse drag through window points."""
    commands = ["mousemove", "--window", sketch.window, *map(str, points[0]), "mousedown", "1"]
    for point in points[1:]:
        commands += ["mousemove", "--window", sketch.window, *map(str, point), "sleep", "0.03"]
    commands += ["mouseup", "1", "mousemove", "--window", sketch.window, *map(str, AWAY)]
    sketch.xdotool_chain(commands)


# Each step: (name, what to do). The screenshot is taken once the window is still.
STEPS = [
    ("00-start", lambda s: None),
    ("01-next-preset", lambda s: s.keys("Right")),
    ("02-preset-5", lambda s: s.keys("5")),
    ("03-hover-source", lambda s: s.move(*pixel(SOURCE, 7, 12))),
    ("04-hover-output", lambda s: s.move(*pixel(OUTPUT, 3, 20))),
    ("05-hover-corner", lambda s: s.move(*pixel(SOURCE, 0, 0))),
    ("06-cell-selected", lambda s: (s.move(*AWAY), s.click(*cell(0, 0)), s.move(*AWAY))),
    ("07-cell-up", lambda s: s.keys("Up", "Up")),
    ("08-cell-typed", lambda s: s.keys("minus", "2")),
    ("09-cell-done", lambda s: s.keys("Return")),
    ("10-gaussian", lambda s: s.keys("7")),
    ("11-gaussian-editing", lambda s: (s.click(*cell(1, 1)), s.move(*AWAY), s.keys("Up"))),
    ("12-gaussian-edited", lambda s: s.keys("Return")),
    ("13-random-5x5", lambda s: s.keys("k")),
    ("14-hover-5x5", lambda s: s.move(*pixel(SOURCE, 14, 14))),
    ("15-modes", lambda s: (s.move(*AWAY), s.keys("e", "e", "m", "f"))),
    ("16-signed", lambda s: s.keys("m", "m")),
    ("17-slow-motion", lambda s: (s.keys("4", "e", "e", "e", "m", "f"), s.keys("a", "minus", "minus", "minus",
                                                                             "space", delay_ms=5))),
    ("18-slow-motion-steps", lambda s: s.keys("period", "period", "period")),
    ("19-slow-motion-stopped", lambda s: s.keys("a")),
    ("20-help", lambda s: s.keys("h")),
    ("21-help-closed", lambda s: s.keys("question")),   # ? closes the help from any page (h turns its pages)
    ("22-blank-page", lambda s: s.keys("c")),
    ("23-drawn", lambda s: stroke(s, [pixel(SOURCE, 14, x) for x in range(4, 24)]
                                  + [pixel(SOURCE, y, 23) for y in range(14, 24)])),
    ("24-drawn-hover", lambda s: s.move(*pixel(SOURCE, 14, 10))),
    ("25-undone", lambda s: (s.move(*AWAY), s.keys("u"))),
    ("26-inverted", lambda s: s.keys("i")),
]

SAVES = {
    "save-sobel-reflect": ["--kernel", "sobel-x", "--edges", "reflect", "--scale", "4"],
    "save-random-5x5": ["--kernel", "random", "--seed", "2", "--flip"],
    "save-custom": ["--kernel", "1 2 1; 2 4 2; 1 2 1 / 16", "--edges", "wrap"],
}


def still_frame(sketch: LiveSketch, settle: float = 0.4, timeout: float = 15.0) -> np.ndarray:
    """A screenshot of the window once two in a row, ``settle`` seconds apart, are the same."""
    deadline = time.monotonic() + timeout
    time.sleep(settle)
    last = sketch.screenshot()
    while time.monotonic() < deadline:
        time.sleep(settle)
        frame = sketch.screenshot()
        if np.array_equal(frame, last):
            return frame
        last = frame
    raise TimeoutError("the window kept changing")


def run(out: Path) -> None:
    from PIL import Image
    out.mkdir(parents=True, exist_ok=True)
    with XServer() as server, tempfile.TemporaryDirectory() as folder:
        sketch = LiveSketch(server, "--seed", "3", cwd=Path(folder))
        try:
            sketch.move(*AWAY)
            for name, action in STEPS:
                action(sketch)
                Image.fromarray(still_frame(sketch)).save(out / f"{name}.png")
                print(name, flush=True)
        finally:
            sketch.stop()
        for name, args in SAVES.items():
            done = run_sketch(server, *args, "--save", str(out / f"{name}.png"))
            if done.returncode != 0:
                raise RuntimeError(f"{name}: {done.stderr}")
            print(name, flush=True)


def compare(first: Path, second: Path) -> int:
    """Print each picture's verdict; the number of pictures that differ (or are missing)."""
    differing = 0
    for path in sorted(first.glob("*.png")):
        other = second / path.name
        if not other.exists():
            print(f"{path.name}: missing in {second}")
            differing += 1
            continue
        a, b = read_png(path), read_png(other)
        if a.shape != b.shape:
            print(f"{path.name}: sizes differ {a.shape} {b.shape}")
            differing += 1
        elif not np.array_equal(a, b):
            ys, xs = np.nonzero((a != b).any(axis=2))
            print(f"{path.name}: {len(ys)} pixels differ, within x {xs.min()}–{xs.max()}, y {ys.min()}–{ys.max()}")
            differing += 1
        else:
            print(f"{path.name}: identical")
    return differing


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--compare", action="store_true", help="compare two folders of screenshots")
    args = parser.parse_args(argv)
    if args.compare:
        return 1 if compare(*args.folders) else 0
    run(args.folders[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
