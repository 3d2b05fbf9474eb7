"""The camera: frames from a camera (by number) or a video file (looped at its own frame rate), read
on a thread of their own, so the window takes the newest frame and never waits for one.

    source = open_camera("0")            # or open_camera("clip.avi"); ValueError with one line if not
    source.first                         # the first frame, read before anything else starts
    source.start()                       # from now on a thread reads frames …
    source.newest()                      # … and this is the latest one (a Frame), at once
    source.close()

OpenCV's VideoCapture reads both cameras and files; it is imported only here, and only when
``--camera`` is given, so the sketch runs without it otherwise. Frames are held in memory only:
nothing is ever written to disk. No py5.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from PIL import Image

from convolution.files import images, reading

DEFAULT_CAMERA = "0"       # --camera alone: the first camera
CAMERAS_TRIED = 10         # --camera N that cannot be opened: the message names which of 0 … 9 can be
MAX_CAMERA = 63            # camera numbers OpenCV takes as cameras (a larger one chooses a capture API, or overflows)
LARGEST_SIDE = images.LARGEST_SIDE   # a frame longer than this a side is scaled down, as a photo is
MAX_PIXELS = images.MAX_PIXELS       # a video whose frames are larger is refused before a frame is decoded
DEFAULT_FPS = 30.0         # a file that does not say its frame rate is played at this one
RETRY_SECONDS = 1.0        # a lost camera is looked for again this often
MAX_FILE_FAILURES = 3      # a file that will not give a frame this many times running has stopped working
CLIP_FRAMES = 60           # --camera with --gif: a clip of this many frames (fewer if they do not fit its budget)
DOODLE_SIDE = 28           # Quick Draw's drawings: 28×28
BLANK_CONTRAST = 40        # ink less than this much darker than the paper (0–255) is no drawing
WORKING_SIDE = 224         # the frame's square is looked at this size to find the strokes (8× Quick Draw's)
INK_LEVEL = 96             # stretched ink above this is part of a stroke (0–255), for the strokes' extent
PAPER_REACH = 3            # the paper's light is the lightest within this many pixels at 28×28
DOODLE_PADDING = 0.08      # room left round the strokes, of their extent (Quick Draw's fill their square)
NO_OPENCV = ("--camera needs OpenCV, which is not installed: run `pip install opencv-python-headless` "
             "(it is in requirements.txt)")


@dataclass(frozen=True)
class Frame:
    """One frame as the sketch shows it: H×W (grey) or H×W×3 (RGB) uint8, 0–255, at most LARGEST_SIDE a side;
    ``number`` counts the frames read (a new frame has a new number)."""
    pixels: np.ndarray
    number: int


class Capture(Protocol):
    """What is used of OpenCV's VideoCapture (tests hand in one that drops out, as an unplugged camera does)."""
    def isOpened(self) -> bool: ...
    def read(self) -> tuple[bool, Any]: ...
    def get(self, prop: int) -> float: ...
    def set(self, prop: int, value: float) -> bool: ...
    def release(self) -> None: ...


# --------------------------------------------------------------------------
# Frames, as the sketch shows them (pure)
# --------------------------------------------------------------------------

def as_shown(bgr: np.ndarray) -> np.ndarray:
    """OpenCV's frame (H×W×3 BGR, or H×W grey, uint8) as the sketch shows a photo: RGB, or H×W when its
    three channels are equal, scaled down (area averages) to at most LARGEST_SIDE a side."""
    if max(bgr.shape[:2]) > LARGEST_SIDE:   # smaller first, before any copy of the whole frame is made
        cv2 = load_cv2()
        factor = LARGEST_SIDE / max(bgr.shape[:2])
        size = (max(1, round(bgr.shape[1] * factor)), max(1, round(bgr.shape[0] * factor)))
        bgr = cv2.resize(bgr, size, interpolation=cv2.INTER_AREA)
    if bgr.ndim == 3 and bgr.shape[2] == 3:
        cv2 = load_cv2()
        frame = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)   # many times quicker than numpy's [..., ::-1]
    else:
        frame = np.ascontiguousarray(bgr if bgr.ndim == 2 else bgr[:, :, 0])
    return images.fit_within(images.as_grey_if_grey(frame), LARGEST_SIDE, images.MIN_SIDE)


def as_doodle(frame: np.ndarray, side: int = DOODLE_SIDE) -> np.ndarray:
    """A frame of a drawing on paper held up to the camera, made into what a Quick Draw drawing is:
    the centred square of the frame, grey, turned round so dark ink on light paper becomes light strokes
    on black, its contrast stretched (the paper 0, the darkest ink 255), and (as Quick Draw's drawings
    are) the strokes centred and scaled to fill the ``side``×``side`` square, each pixel the average of
    those it covers.

    ``frame``: H×W or H×W×3 uint8 (0–255). Returns side×side uint8. A frame with no ink clearly darker
    than its paper (less than BLANK_CONTRAST) gives all zeros: nothing drawn.
    """
    height, width = frame.shape[:2]
    square = min(height, width)
    top, left = (height - square) // 2, (width - square) // 2
    cropped = frame[top:top + square, left:left + square]
    grey = cropped.mean(axis=2) if cropped.ndim == 3 else cropped
    work = min(square, WORKING_SIDE)
    small = _shrunk(grey, work)
    ink = stretched(np.maximum(paper_light(small) - small, 0))
    if ink is None:
        return np.zeros((side, side), np.uint8)
    rows, cols = np.nonzero(ink > INK_LEVEL)
    centre_y, centre_x = (rows.min() + rows.max() + 1) / 2, (cols.min() + cols.max() + 1) / 2
    reach = max(rows.max() + 1 - rows.min(), cols.max() + 1 - cols.min()) * (1 + DOODLE_PADDING) / 2
    span = max(1, int(np.ceil(2 * reach)))
    framed = np.zeros((span, span), np.float32)   # the strokes' square, paper (0) where it leaves the frame
    y0, x0 = int(round(centre_y - span / 2)), int(round(centre_x - span / 2))
    sy, sx = max(0, y0), max(0, x0)
    ey, ex = min(work, y0 + span), min(work, x0 + span)
    framed[sy - y0:ey - y0, sx - x0:ex - x0] = ink[sy:ey, sx:ex]
    drawing = _shrunk(framed, side)
    return np.rint(drawing * (255.0 / max(float(drawing.max()), 1.0))).astype(np.uint8)


def stretched(values: np.ndarray, contrast: float = BLANK_CONTRAST) -> np.ndarray | None:
    """``values`` (float, 0–255, mostly paper) stretched so the paper is 0 and the largest 255, clipped to
    0–255; None when the largest is less than ``contrast`` above the paper. The paper is their median and
    the camera's noise on it (three times its spread, robustly measured), so a noisy page stays black."""
    middle = float(np.median(values))
    paper = middle + 3 * 1.4826 * float(np.median(np.abs(values - middle)))
    darkest = float(values.max())
    if darkest - paper < contrast:
        return None
    return np.clip((values - paper) * (255.0 / (darkest - paper)), 0, 255)


def paper_light(grey: np.ndarray) -> np.ndarray:
    """How light the paper is under each pixel of a square grey picture (float32, 0–255): the lightest pixel
    near it, at Quick Draw's size (where a stroke is narrower than the neighbourhood), smoothed back up to
    the picture's size. Ink is what is darker than this, however the page is lit."""
    side, reach = grey.shape[0], PAPER_REACH
    low = _shrunk(grey, DOODLE_SIDE)
    padded = np.pad(low, reach, mode="edge")
    lightest = np.lib.stride_tricks.sliding_window_view(padded, (2 * reach + 1, 2 * reach + 1)).max(axis=(2, 3))
    return np.asarray(Image.fromarray(lightest.astype(np.float32), mode="F").resize((side, side),
                                                                                  Image.Resampling.BILINEAR))


def _shrunk(grey: np.ndarray, side: int) -> np.ndarray:
    """A square grey picture (float or uint8, 0–255) as side×side float32, each pixel the average of those it
    covers."""
    picture = Image.fromarray(np.rint(grey).astype(np.uint8))
    return np.asarray(picture.resize((side, side), Image.Resampling.BOX), dtype=np.float32)


def frame_image(pixels: np.ndarray, as_drawing: bool = False, side: int | None = None,
                inverted: bool = False) -> tuple[np.ndarray, tuple[int, int] | None]:
    """A frame's pixels as the picture a view shows: the frame itself, scaled down to at most ``side`` pixels
    a side if given (as a photo too large for the window is), or (``as_drawing``) made a Quick Draw-like
    drawing (as_doodle); ``inverted``: 255 − that. Returns (uint8 picture, (width, height) it was scaled from
    or None)."""
    scaled_from = None
    if as_drawing:
        image = as_doodle(pixels)
    elif side is not None and max(pixels.shape[:2]) > side:
        image, scaled_from = images.fit_within(pixels, side, images.MIN_SIDE), (pixels.shape[1], pixels.shape[0])
    else:
        image = pixels
    return (255 - image if inverted else image), scaled_from


# --------------------------------------------------------------------------
# Opening a camera or a video file
# --------------------------------------------------------------------------

def lost_message(name: str, is_file: bool = False) -> str:
    """What the window says while a camera (or a video file) gives no frames."""
    if is_file:
        return f"{name} stopped giving frames: showing the last one; it goes on by itself if it can be read again"
    return f"{name} stopped giving frames: showing the last one; it goes on by itself when the camera is back"


def load_cv2():
    """OpenCV, quiet (its own warnings would fill the terminal), or ValueError saying how to install it."""
    os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
    try:
        import cv2
    except ImportError:
        raise ValueError(NO_OPENCV) from None
    return cv2


def is_camera_number(text: str) -> bool:
    """Whether ``--camera text`` names a camera by number: digits only (any script's: "²" is then refused by
    camera_number, not looked for as a file)."""
    return text.strip().isdigit()


def camera_number(text: str) -> int:
    """The camera number ``text`` gives, or ValueError in one line: ASCII digits 0–9, 0 to MAX_CAMERA."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"--camera {ascii(text)[1:-1]}: a camera's number is written with the digits 0\u20139 "
                         f"(--camera 0 is the first camera)")
    if len(text) > 4 or int(text) > MAX_CAMERA:
        raise ValueError(f"--camera {text[:12]}{'…' if len(text) > 12 else ''}: camera numbers go from 0 to "
                         f"{MAX_CAMERA} (--camera 0 is the first camera)")
    return int(text)


def open_camera(spec: str, open_capture: Callable[[Any], Capture] | None = None) -> VideoSource:
    """The source ``--camera spec`` names: a camera by number ("0"), else a video file by path. Reads the
    first frame (not started: start() begins reading the rest). ``open_capture`` opens a number or a path
    (default OpenCV's VideoCapture). Raises ValueError with a one-line message."""
    cv2 = load_cv2()
    if is_camera_number(spec):
        return _open_device(camera_number(spec), open_capture or cv2.VideoCapture)
    # OpenCV (FFmpeg) opens the file that was checked: an absolute path, so a prefix in the name ("file:",
    # "concat:" …) is never read as a protocol that opens something else
    return _open_file(Path(os.path.abspath(spec)), open_capture or open_video_file, Path(spec))


def open_video_file(path: str) -> Capture:
    """OpenCV's capture of a video file, decoded on one thread: FFmpeg keeps a frame's buffers for each of its
    threads, which for frames of 49 megapixels is hundreds of MB each (OpenCV's own choice if that fails)."""
    cv2 = load_cv2()
    try:
        capture = cv2.VideoCapture(path, cv2.CAP_FFMPEG, [cv2.CAP_PROP_N_THREADS, 1])
        if capture.isOpened():
            return capture
        capture.release()
    except (cv2.error, TypeError, AttributeError):   # an OpenCV without FFmpeg, or without open parameters
        pass
    return cv2.VideoCapture(path)


def _open_device(number: int, opener) -> VideoSource:
    capture = opener(number)
    first = _read(capture) if capture.isOpened() else None
    if first is None:
        capture.release()
        working = [n for n in range(CAMERAS_TRIED) if n != number and _can_open(n, opener)]
        if working:
            listed = ", ".join(str(n) for n in working)
            raise ValueError(f"--camera {number}: no camera {number} can be opened here; these can: {listed} "
                             f"(e.g. --camera {working[0]})")
        raise ValueError(f"--camera {number}: no camera can be opened on this computer (none of 0 to "
                         f"{CAMERAS_TRIED - 1}): plug one in, or give a video file, e.g. --camera clip.mp4")
    return VideoSource(f"camera {number}", capture, first, lambda: opener(number), fps=0.0)


def _can_open(number: int, opener) -> bool:
    capture = opener(number)
    try:
        return capture.isOpened() and _read(capture) is not None
    finally:
        capture.release()


def _open_file(path: Path, opener, given: Path | None = None) -> VideoSource:
    """``path`` (absolute) opened with ``opener``; ``given`` is the path as the user wrote it, for messages."""
    expected = "a video file (.mp4, .avi, .mov …) or a camera number"
    with reading.open_regular(given or path, ValueError, "video file", expected):
        pass   # missing, a folder, a FIFO, a device: refused here, before OpenCV opens anything
    name = given or path
    path_shown = reading.shown_path(name)
    cv2 = load_cv2()
    capture = opener(str(path))
    if not capture.isOpened():
        capture.release()
        raise ValueError(f"{path_shown} is not a video OpenCV can read: give {expected}")
    width, height = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
    if width * height > MAX_PIXELS:
        capture.release()
        raise ValueError(f"{path_shown}: its frames are {width}\u00d7{height} pixels, more than the "
                         f"{MAX_PIXELS / 1e6:.0f} megapixels the sketch opens: use a smaller video")
    first = _read(capture)
    if first is None:
        capture.release()
        raise ValueError(f"{path_shown} has no frame OpenCV can read (an empty or damaged video): give {expected}")
    if min(first.shape[:2]) < images.MIN_SIDE:
        capture.release()
        raise ValueError(f"{path_shown}: {images.too_small_message(first.shape[1], first.shape[0])}")
    fps = capture.get(cv2.CAP_PROP_FPS)
    fps = fps if np.isfinite(fps) and 1 <= fps <= 240 else DEFAULT_FPS
    source = VideoSource(name.name, capture, first, lambda: opener(str(path)), fps=fps,
                         rewind=lambda c: c.set(cv2.CAP_PROP_POS_FRAMES, 0))
    # A picture (photo.jpg) opens as a video of one frame: the captions call it a still picture, not live.
    source.still, source.size = capture.get(cv2.CAP_PROP_FRAME_COUNT) == 1, (width, height)
    return source


def _read(capture: Capture) -> np.ndarray | None:
    """The capture's next frame as the sketch shows it, or None when there is none (or OpenCV fails)."""
    try:
        ok, bgr = capture.read()
        if not ok or bgr is None or bgr.ndim not in (2, 3) or min(bgr.shape[:2]) < 1:
            return None
        return as_shown(bgr)
    except Exception:   # OpenCV's own error on a damaged stream: no frame, as a lost camera gives none
        return None


# --------------------------------------------------------------------------
# Reading on a thread of its own
# --------------------------------------------------------------------------

class VideoSource:
    """A camera or a video file, its frames read on a thread of its own (a state.frames.FrameSource).

    A file is played at its own frame rate (``fps``) and starts again at its end; a camera gives frames
    as fast as it makes them. A camera that stops giving frames (unplugged) leaves the last frame as the
    newest, says so in status(), and is looked for again every RETRY_SECONDS until it comes back.
    """

    def __init__(self, name: str, capture: Capture, first: np.ndarray, reopen: Callable[[], Capture],
                 fps: float = 0.0, rewind: Callable[[Capture], object] | None = None):
        self.name, self.fps = name, fps
        self.still = False   # a still picture given to --camera (one frame, shown again and again), not a camera
        self.size: tuple[int, int] | None = None   # a file's frames' (width, height) before they are scaled down
        self.first = Frame(first, 0)
        self._capture, self._reopen, self._rewind = capture, reopen, rewind
        self._frame = self.first
        self._status = ""
        self._held = False
        self._publishing = threading.Lock()
        self._running = threading.Event()   # set: read frames; clear: held (frozen) or closed
        self._closed = threading.Event()
        self._thread: threading.Thread | None = None

    # What the window asks (from its own thread): each answer is one object, swapped whole by the reader.
    def newest(self) -> Frame:
        return self._frame

    def status(self) -> str:
        return self._status

    def hold(self, held: bool) -> None:
        with self._publishing:   # once this returns held, no newer frame is published
            self._held = held
            if held:
                self._running.clear()
            elif not self._closed.is_set() and self._thread is not None:
                self._running.set()

    def start(self) -> None:
        """Begin reading frames after the first on a thread of their own (unless held: then once let go)."""
        if self._thread is None:
            if not self._held:
                self._running.set()
            self._thread = threading.Thread(target=self._read_on, name=f"frames of {self.name}", daemon=True)
            self._thread.start()

    def close(self) -> None:
        """Stop reading (within a frame's time) and let the camera or file go."""
        self._closed.set()
        self._running.set()   # wakes a held reader, which then sees it is closed
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
        if self._thread is None or not self._thread.is_alive():
            self._capture.release()

    def frames(self, count: int) -> list[Frame]:
        """The first ``count`` frames, read here and now, without the thread (for --gif): a file's frames in
        order (from its start again after its end), a camera's as it gives them."""
        frames, failures = [self.first], 0
        while len(frames) < count and failures < MAX_FILE_FAILURES:
            pixels = self._next_pixels()
            if pixels is None:
                failures += 1
                continue
            failures = 0
            frames.append(Frame(pixels, len(frames)))
        return frames

    # The reader's thread.
    def _read_on(self) -> None:
        number, started = 1, time.monotonic()
        failures = 0
        while not self._closed.is_set():
            if not self._running.is_set():
                self._running.wait()
                number, started = self._frame.number + 1, time.monotonic() - self._frame_time(1)
                continue
            pixels = self._next_pixels()
            if pixels is None:
                failures += 1
                if self._rewind is None or failures >= MAX_FILE_FAILURES:
                    self._lost()
                    failures = 0
                continue
            failures = 0
            if self.fps:   # a file: each frame at its own time, as the video plays
                wait = started + self._frame_time(number) - time.monotonic()
                if wait > 0:
                    self._closed.wait(wait)
                elif wait < -1.0:   # far behind (the machine was busy): go on from now
                    started = time.monotonic() - self._frame_time(number)
            with self._publishing:
                if not self._running.is_set():   # held meanwhile: this frame is not shown
                    continue
                self._frame = Frame(pixels, number)
                self._status = ""
            number += 1

    def _frame_time(self, number: int) -> float:
        return number / self.fps if self.fps else 0.0

    def _next_pixels(self) -> np.ndarray | None:
        pixels = _read(self._capture)
        if pixels is None and self._rewind is not None:   # a file's end: from its start again
            try:
                self._rewind(self._capture)
            except Exception:
                return None
            pixels = _read(self._capture)
        return pixels

    def _lost(self) -> None:
        """No frame comes: say so, keep the last frame, and look for the camera (or file) again until it is back."""
        self._status = lost_message(self.name, self._rewind is not None)
        self._capture.release()
        while not self._closed.wait(RETRY_SECONDS):
            try:
                capture = self._reopen()
                if capture.isOpened():
                    self._capture = capture
                    return
                capture.release()
            except Exception:   # OpenCV refused: try again later
                pass
