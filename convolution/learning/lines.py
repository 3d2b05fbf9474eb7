"""Block 1's filters before any training: random ones, or line detectors of every direction.

A network trained on many doodles ends up with first filters that look like
short strokes at different angles: each one answers where the drawing has a
line in its direction. From ten drawings a class there is too little to learn
them from, so the recipe for few drawings (recipe.py) starts block 1 from
such filters, drawn by a formula, and lets training adjust them from there.
No py5; numpy only.

    filters = line_detectors()          # 8×5×5 float64: lines at 0°, 22.5°, 45° … 157.5°
"""

from __future__ import annotations

import numpy as np

WIDTH = 0.7          # w: how far across its line (pixels) a filter's positive middle reaches
LENGTH = 3.0         # how far along its line it looks (the standard deviation of its fall-off, pixels)


def line_detectors(count: int = 8, size: int = 5, width: float = WIDTH) -> np.ndarray:
    """``count`` filters of ``size``×``size`` that each answer to a line through the middle at one angle:
    count×size×size float64, filter n at a = πn/count (0: a level line; then turning anticlockwise as
    seen on the screen, rows growing downwards).

    For a pixel at (x, y) from the filter's middle (x to the right, y upwards):

        d     = −sin a · x + cos a · y            how far the pixel is across the line
        along =  cos a · x + sin a · y            how far it is along the line
        f     = (1 − d²/w²) · exp(−d²/2w²) · exp(−along²/2·LENGTH²)

    ``(1 − d²/w²) · exp(−d²/2w²)`` is a "Mexican hat" across the line: positive on the line, negative
    beside it, so a stroke of the filter's direction gives a large sum and a patch of ink or a stroke
    across it gives little. ``exp(−along²/18)`` fades it out along the line. Each filter's mean is then
    removed (a blank or evenly inked patch gives 0) and it is scaled to a root mean square of √(2/size²),
    the size of He's random start (``network.random_weights``), so training starts from the same scale.
    """
    if count < 1 or size < 1:
        raise ValueError(f"line detectors need a count and a size of 1 or more, got {count} and {size}")
    offsets = np.arange(size) - (size - 1) / 2
    x = offsets[None, :]                      # columns, to the right
    y = -offsets[:, None]                     # rows go down the screen; y goes up
    filters = np.empty((count, size, size))
    for n in range(count):
        a = np.pi * n / count
        d = -np.sin(a) * x + np.cos(a) * y
        along = np.cos(a) * x + np.sin(a) * y
        f = (1 - d ** 2 / width ** 2) * np.exp(-d ** 2 / (2 * width ** 2)) * np.exp(-along ** 2 / (2 * LENGTH ** 2))
        f -= f.mean()
        rms = np.sqrt(np.mean(f ** 2))
        filters[n] = f * (np.sqrt(2 / size ** 2) / rms) if rms > 0 else f
    return filters
