"""--save with no display: the same scene the window would paint, painted offscreen in Pillow.

No Java starts and no window opens: the sketch lays the view out for
--size (or in a window of its own, as the window's --save does), builds
the view's scene and paints it with screen/painters/offscreen.py, so a
teacher can make slides on any machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from convolution.files import saving
from convolution.screen.painters import offscreen


def save(sketch) -> int:
    """Paint what ``sketch`` (a window.Sketch, never started) shows and write it to its --save target.
    Returns the exit status: 0, or 2 after a one-line error."""
    pixels = offscreen.paint(sketch.scene())
    return write_frame(pixels, sketch.save_target, sketch.overwrite)


def write_frame(pixels: np.ndarray, path: Path, overwrite: bool) -> int:
    """Write ``pixels`` (H×W×3 uint8) as the PNG ``path`` (saving.save_png: never over a file without
    ``overwrite``) and say where; a failure is one line. Returns the exit status."""
    try:
        saving.save_png(pixels, path, overwrite=overwrite)
    except FileExistsError:
        print(f"sketch.py: error: --save {path}: a file of that name appeared while the sketch started; "
              f"it was left alone: choose a new name or add --overwrite", file=sys.stderr, flush=True)
        return 2
    except Exception as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        print(f"sketch.py: error: could not save {path}: {reason}; check that the folder exists and you can "
              f"write to it", file=sys.stderr, flush=True)
        return 2
    print(f"saved {path.resolve()}", flush=True)
    return 0
