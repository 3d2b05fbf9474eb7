"""New files: names that are never taken, and writing a file that never replaces another.

Every file the sketch writes (screenshots, drawings, GIF clips, trained
networks) is named here and written without overwriting anything.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
from PIL import Image


def save_new_png(image: np.ndarray, path: Path) -> Path:
    """Write ``image`` (H×W or H×W×3, 0–255) as a PNG at ``path``, which must not exist yet.

    The file is created exclusively, so an existing file is never replaced
    (FileExistsError instead). Returns ``path``.
    """
    pixels = np.clip(np.rint(np.asarray(image, dtype=np.float32)), 0, 255).astype(np.uint8)
    with open(path, "xb") as file:
        Image.fromarray(pixels).save(file, format="PNG")
    return path


def new_png_path(folder: Path, now: datetime | None = None, prefix: str = "convolution") -> Path:
    """A new, unused PNG name in ``folder``: PREFIX-YYYYmmdd-HHMMSS.png (see new_file_path)."""
    return new_file_path(folder, prefix, ".png", now)


def new_file_path(folder, prefix: str, suffix: str, now: datetime | None = None) -> Path:
    """A new, unused name in ``folder``: PREFIX-YYYYmmdd-HHMMSS plus ``suffix`` (".png", ".gif",
    ".npz"), with -2, -3 … appended if that name is taken. Never an existing file."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = Path(folder)
    candidate, number = folder / f"{prefix}-{stamp}{suffix}", 2
    while candidate.exists():
        candidate = folder / f"{prefix}-{stamp}-{number}{suffix}"
        number += 1
    return candidate
