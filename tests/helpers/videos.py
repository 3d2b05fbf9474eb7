"""Videos made by the tests: lossless (FFV1 in .avi, written with OpenCV), so every pixel read back is the pixel
written, and a drawing on paper as a camera would see it (for the network view)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from tests.helpers.paths import ROOT

SHARED_CATS = ROOT.parent / "shared" / "quickdraw" / "cats1000.bin"   # not in CI: the bundled cat is used there


def write_video(path: Path, frames, fps: float = 30.0) -> Path:
    """``frames`` (H×W×3 RGB or H×W grey uint8, all one size) as a lossless video at ``fps``."""
    import cv2
    first = frames[0]
    height, width = first.shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"FFV1"), fps, (width, height))
    assert writer.isOpened(), "OpenCV cannot write FFV1 videos here"
    for frame in frames:
        rgb = np.dstack([frame] * 3) if frame.ndim == 2 else frame
        writer.write(np.ascontiguousarray(rgb[:, :, ::-1]))   # OpenCV writes BGR
    writer.release()
    return path


def moving_frames(count: int = 12, height: int = 30, width: int = 40, colour: bool = False, seed: int = 0):
    """Frames that all differ from each other: a bright square moving over random texture."""
    rng = np.random.default_rng(seed)
    shape = (height, width, 3) if colour else (height, width)
    base = rng.integers(0, 200, shape, dtype=np.uint8)
    frames = []
    for number in range(count):
        frame = base.copy()
        left = (3 * number) % (width - 8)
        frame[8:16, left:left + 8] = 255
        frame[0, number % width] = 0   # a mark of its own, so no two frames are alike
        frames.append(frame)
    return frames


def quickdraw_cats(count: int = 1) -> list[np.ndarray]:
    """Quick Draw cats (28×28 uint8, white strokes on black): held-out ones (drawings 800 on of
    cats1000.bin) when ../shared is there, else the bundled cat turned to Quick Draw's colours."""
    if SHARED_CATS.is_file():
        data = np.fromfile(SHARED_CATS, np.uint8).reshape(-1, 28, 28)
        return [data[800 + n] for n in range(count)]
    from convolution.files import images
    return [255 - images.load_image(images.DEFAULT_IMAGE)]


def drawing_on_paper(doodle: np.ndarray, height: int = 480, width: int = 640, side: int = 336, seed: int = 0,
                     shift: tuple[int, int] = (0, 0)) -> np.ndarray:
    """A Quick Draw doodle (28×28, white on black) drawn dark on a light page, as a camera sees it held up:
    ``side`` pixels across in the middle of a height×width frame, a little off centre by ``shift``,
    blurred, with uneven light and noise. H×W grey uint8."""
    rng = np.random.default_rng(seed)
    ink = np.asarray(Image.fromarray(doodle).resize((side, side), Image.Resampling.BILINEAR), np.float32)
    page = np.full((height, width), 225.0, np.float32)
    page += np.linspace(-15, 15, width)[None, :]          # light from one side
    top, left = (height - side) // 2 + shift[0], (width - side) // 2 + shift[1]
    page[top:top + side, left:left + side] -= ink * (190 / 255)
    blurred = np.asarray(Image.fromarray(np.clip(page, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(2)),
                         np.float32)
    return np.clip(blurred + rng.normal(0, 6, blurred.shape), 0, 255).astype(np.uint8)
