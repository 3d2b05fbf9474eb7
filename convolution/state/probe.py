"""Move it and see: the drawing moved by a pixel, turned, scaled or mirrored, to probe what the network knows.

A class draws a cat and asks: does it still know it one pixel to the left? Turned by 15°? Smaller? The
moves here are plain geometry on the drawing (H×W float32, 0–255), the page's own colour filling what
comes in from outside: the state then shows the moved drawing as if it had been drawn so (u takes a
move back, as it takes back a stroke). ``shift_sweep`` slides a drawing over every shift of ±reach
pixels and asks the network each time, for the map of how far its tolerance of small shifts goes.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from convolution.state import pen

TURN_DEGREES = 15.0     # one press turns the drawing by this much
SCALE_STEP = 1.10       # one press makes it 10% larger (or smaller: 1 / SCALE_STEP)
SWEEP_REACH = 6         # the sweep slides the drawing up to this many pixels each way: a 13×13 map


@dataclass(frozen=True)
class Probe:
    """One move of the drawing: its name as the key table and the message say it, and what it does."""
    name: str
    move: Callable[[np.ndarray, float], np.ndarray]    # (drawing, paper colour) → the moved drawing


def moved(image: np.ndarray, dx: int, dy: int, paper: float) -> np.ndarray:
    """``image`` (H×W, any dtype) moved ``dx`` pixels right and ``dy`` down: what leaves the page is gone,
    what comes in is ``paper``. Same shape and dtype."""
    height, width = image.shape[:2]
    result = np.full_like(image, paper)
    if abs(dx) >= width or abs(dy) >= height:
        return result
    rows_to = slice(max(0, dy), height + min(0, dy))
    cols_to = slice(max(0, dx), width + min(0, dx))
    rows_from = slice(max(0, -dy), height + min(0, -dy))
    cols_from = slice(max(0, -dx), width + min(0, -dx))
    result[rows_to, cols_to] = image[rows_from, cols_from]
    return result


def transformed(image: np.ndarray, degrees: float, factor: float, paper: float) -> np.ndarray:
    """``image`` (H×W float32, 0–255) turned ``degrees`` anticlockwise and scaled by ``factor`` about its
    centre, each pixel taken from where it came from by bilinear interpolation (``paper`` outside)."""
    height, width = image.shape[:2]
    centre_x, centre_y = (width - 1) / 2, (height - 1) / 2
    angle = np.radians(degrees)
    cos, sin = np.cos(angle) / factor, np.sin(angle) / factor
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float64)
    # For each pixel of the result, where it comes from: the inverse turn and scale.
    source_x = cos * (xs - centre_x) - sin * (ys - centre_y) + centre_x
    source_y = sin * (xs - centre_x) + cos * (ys - centre_y) + centre_y
    left, top = np.floor(source_x).astype(int), np.floor(source_y).astype(int)
    fx, fy = source_x - left, source_y - top
    padded = np.pad(image.astype(np.float64), 1, constant_values=paper)

    def at(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        inside = (rows >= -1) & (rows <= height) & (cols >= -1) & (cols <= width)
        values = padded[np.clip(rows + 1, 0, height + 1), np.clip(cols + 1, 0, width + 1)]
        return np.where(inside, values, paper)

    top_row = at(top, left) * (1 - fx) + at(top, left + 1) * fx
    bottom_row = at(top + 1, left) * (1 - fx) + at(top + 1, left + 1) * fx
    return np.rint(top_row * (1 - fy) + bottom_row * fy).astype(np.float32)


PROBES = {
    "left": Probe("one pixel left", lambda image, paper: moved(image, -1, 0, paper)),
    "right": Probe("one pixel right", lambda image, paper: moved(image, 1, 0, paper)),
    "up": Probe("one pixel up", lambda image, paper: moved(image, 0, -1, paper)),
    "down": Probe("one pixel down", lambda image, paper: moved(image, 0, 1, paper)),
    "turn left": Probe(f"turned {TURN_DEGREES:g}° anticlockwise",
                       lambda image, paper: transformed(image, TURN_DEGREES, 1.0, paper)),
    "turn right": Probe(f"turned {TURN_DEGREES:g}° clockwise",
                        lambda image, paper: transformed(image, -TURN_DEGREES, 1.0, paper)),
    "larger": Probe("10% larger", lambda image, paper: transformed(image, 0.0, SCALE_STEP, paper)),
    "smaller": Probe("10% smaller", lambda image, paper: transformed(image, 0.0, 1 / SCALE_STEP, paper)),
    "mirror": Probe("mirrored", lambda image, paper: image[:, ::-1].copy()),
}


def apply(image: np.ndarray, name: str) -> np.ndarray:
    """The drawing (H×W or H×W×3 float32, 0–255) after the probe ``name`` (a key of PROBES), on its own paper
    (a colour picture channel by channel)."""
    paper = pen.paper_for(image)
    if image.ndim == 3:
        channels = [PROBES[name].move(image[..., c], paper) for c in range(image.shape[2])]
        return np.stack(channels, axis=2).astype(np.float32)
    return PROBES[name].move(image, paper).astype(np.float32)


def shift_sweep(predict: Callable[[np.ndarray], np.ndarray], drawing: np.ndarray, class_index: int,
                reach: int = SWEEP_REACH) -> np.ndarray:
    """The probability of class ``class_index`` for ``drawing`` moved by every (dy, dx) from −reach to
    +reach: a (2·reach+1)² float32 map, row dy + reach, column dx + reach (the middle is the drawing as
    it is). ``drawing``: 28×28, white on black as the network takes it (0 comes in from outside);
    ``predict``: N×28×28 → N×C probabilities (Network.predict), asked once for all the shifts."""
    shifts = [(dy, dx) for dy in range(-reach, reach + 1) for dx in range(-reach, reach + 1)]
    batch = np.stack([moved(drawing, dx, dy, 0) for dy, dx in shifts])
    side = 2 * reach + 1
    return predict(batch)[:, class_index].astype(np.float32).reshape(side, side)


# One worker for every sweep: a new sweep waits for the one before, and the window's thread never computes one.
_SWEEPER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shift-sweep")


@dataclass
class Sweep:
    """A shift sweep asked for (see shift_sweep), worked out beside the window: ``probabilities`` is None
    until it is done (``poll``). ``drawing`` (28×28 uint8, white on black) and ``class_index`` say what it
    is of, so the screen shows it only beside that drawing."""
    drawing: np.ndarray
    class_index: int
    reach: int = SWEEP_REACH
    probabilities: np.ndarray | None = None     # (2·reach+1)² float32 once done
    error: str = ""                             # one line, if it failed
    future: Future | None = field(default=None, repr=False)

    def poll(self) -> bool:
        """Take the result if it has arrived (never waits); whether anything changed."""
        future = self.future
        if future is None or not future.done():
            return False
        self.future = None
        try:
            self.probabilities = future.result()
        except Exception as error:   # the screen says it in one line; the sketch goes on
            self.error = f"the sweep failed: {type(error).__name__}: {error}"
        return True

    def shows(self, drawing: np.ndarray, class_index: int) -> bool:
        """Whether this sweep is of ``drawing`` and ``class_index`` (else it is out of date)."""
        return class_index == self.class_index and np.array_equal(drawing, self.drawing)


def start_sweep(predict: Callable[[np.ndarray], np.ndarray], drawing: np.ndarray, class_index: int,
                reach: int = SWEEP_REACH) -> Sweep:
    """Begin a shift sweep of ``drawing`` for ``class_index`` on the sweep's own thread; poll() the Sweep."""
    drawing = np.array(drawing, np.uint8)
    sweep = Sweep(drawing, class_index, reach)
    sweep.future = _SWEEPER.submit(shift_sweep, predict, drawing, class_index, reach)
    return sweep
