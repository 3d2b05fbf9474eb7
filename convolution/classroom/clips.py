"""GIF clips for slides, painted from the views' scenes: what the window shows, frame by frame.

No py5 and no display: each frame is a view's scene (screen/scene.py)
painted offscreen (screen/painters/offscreen.py), so a clip shows exactly
what the window would.

- **The sliding window** (g, or --gif without a lesson): the filter view
  with slow motion running, one frame every few output pixels in reading
  order, each with the kernel's neighbourhood outlined and its sum worked
  out, and a last frame of the whole output.
- **A lesson** (--lesson with --gif, or g while a lesson runs): one frame a
  step, each step in its own view (filter, layer, network, teach) with its
  caption on the bottom line, as Page Down shows it.
- **A camera or video** (--camera with --gif): the view of each frame.

Every clip stays within MAX_CLIP_BYTES of frames (width × height × 3 bytes
each): a clip too large at the size asked is made of fewer frames, or
refused in one line (ClipError) that says what would fit.
"""

from __future__ import annotations

import dataclasses
import math
import weakref
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image

from convolution.classroom import gif, lessons
from convolution.classroom.gif import MIN_FRAME_MS, new_clip_path, save_gif
from convolution.screen import pixels, views
from convolution.screen.painters import offscreen
from convolution.screen.scene import Bitmap, Builder, Fill, Picture, Scene, Stroke
from convolution.state import demo, slowmo

MAX_CLIP_BYTES = 512 * 2 ** 20   # all of a clip's frames together
CLIP_FRAMES = 200                # a sliding-window clip has at most this many frames, and a last one
MIN_WINDOW_FRAMES = 20           # a clip whose size leaves fewer frames than this is refused
LESSON_SIZE = (1280, 800)        # a lesson's frames, unless --size says: every view fits it
STEP_MS, LAST_STEP_MS = 2000, 3000   # how long a lesson's step shows (the last a little longer)

__all__ = ["CLIP_FRAMES", "MAX_CLIP_BYTES", "ClipError", "clip_state", "frame_size", "lesson_frames",
           "new_clip_path", "paint_view", "window_layout", "save_gif", "sliding_window_frames", "write_clip_file",
           "write_frames_clip"]


class ClipError(ValueError):
    """A clip cannot be made within MAX_CLIP_BYTES as asked; the one-line message says what to do."""


def clip_state(state: demo.SketchState) -> demo.SketchState:
    """A copy of ``state`` for a clip made beside the window: what it shows now, the network and the
    teach view's classes included, free of what the window goes on changing."""
    return dataclasses.replace(state, image=state.image.copy(), rng=np.random.default_rng(), motion=None,
                               stroke=None, undo_images=[], bank=list(state.bank), ui=demo.Interaction(),
                               running=demo.Running(model=state.running.model))


def frame_size(state: demo.SketchState, view_name: str, scale: int | None = None) -> tuple[int, int]:
    """(width, height) of the window ``view_name`` opens for ``state`` at ``scale`` (None: its own)."""
    layout = views.VIEWS[view_name].layout_for(state, None, scale)
    return layout.width, layout.height


def window_layout(state: demo.SketchState, scale: int | None = None, size: tuple[int, int] | None = None):
    """Where a sliding-window clip of ``state`` puts things: the filter view's layout in a ``size`` window,
    or (no size) in its own window at ``scale``, as write_clip_file makes its frames."""
    view = views.VIEWS["filter"]
    return view.layout_for(state, size or frame_size(state, "filter", scale), None if size else scale)


# A frame as paint_view paints it: (H×W×3 uint8, the packed colours a GIF must keep exact), as gif.save_gif takes.
Painted = tuple[np.ndarray, np.ndarray]


def paint_view(builder: Builder, view_name: str, state: demo.SketchState, size: tuple[int, int],
               message: str = "", scale: int | None = None) -> Painted:
    """What the window of ``size`` shows of ``state`` in view ``view_name``, with ``message`` on its bottom
    line (its drawing at ``scale``, None: as large as fits): H×W×3 uint8, painted offscreen from the view's
    scene; and the colours a GIF must keep exact
    (gif.packed: its pictures', its shapes' and its background's, not the smoothed edges of its text)."""
    view = views.VIEWS[view_name]
    view.prepare(state)
    layout = view.layout_for(state, size, scale)
    scene = builder.build(view, layout, state, message)
    return offscreen.paint(scene), scene_colours(scene)


def scene_colours(scene: Scene) -> np.ndarray:
    """The colours of ``scene``'s pictures, shapes and background, packed as gif.packed packs them (a
    picture's are found once for each version of its pixels)."""
    found = [gif.packed(np.asarray([[scene.background[:3]]], np.uint8)).ravel()]
    for item in scene.items:
        if isinstance(item, Picture):
            held = _PICTURE_COLOURS.get(item.image)
            if held is None or held[0] != item.image.version:
                held = _PICTURE_COLOURS[item.image] = (item.image.version,
                                                       np.unique(gif.packed(item.image.argb[:, :, 1:])))
            found.append(held[1])
        elif isinstance(item, (Fill, Stroke)):
            found.append(gif.packed(np.asarray([[item.colour[:3]]], np.uint8)).ravel())
    return np.unique(np.concatenate(found))


# Each bitmap's colours at its version; an entry goes with its bitmap (a clip's builder, once the clip is done).
_PICTURE_COLOURS: weakref.WeakKeyDictionary[Bitmap, tuple[int, np.ndarray]] = weakref.WeakKeyDictionary()


# --------------------------------------------------------------------------
# The sliding window
# --------------------------------------------------------------------------

def sliding_window_frames(state: demo.SketchState, size: tuple[int, int], step: int = 1,
                          theme: pixels.Theme = pixels.DARK, scale: int | None = None) -> Iterator[Painted]:
    """The filter view of ``state`` (which is changed: slow motion runs on it) in a ``size`` window, one
    frame each ``step`` output pixels in reading order, the window on the last pixel of each; then one
    frame of the whole output. Frame i (from 0) shows min((i + 1)·step, N) of the N computed pixels."""
    builder = Builder(theme)
    state.motion = slowmo.start(state.computed, 0.0)   # it never advances by itself here: each frame sets it
    visited = len(state.motion.order)
    for done in range(step, visited + step, step):
        state.motion.position = float(min(done, visited) - 1)
        yield paint_view(builder, "filter", state, size, "the sliding window: each output pixel is its "
                                                          "neighbourhood × the weights, added up", scale)
    state.motion = None
    yield paint_view(builder, "filter", state, size, "", scale)


def window_step(state: demo.SketchState, size: tuple[int, int]) -> int:
    """Output pixels a sliding-window frame moves on: at most CLIP_FRAMES frames, within MAX_CLIP_BYTES."""
    visited = int(state.computed.sum())
    if not fits_window(state, size):
        raise ClipError(f"clip frames of {size[0]}\u00d7{size[1]} pixels are too large for a clip within "
                        f"{MAX_CLIP_BYTES // 2 ** 20} MB: make the window smaller (or use a smaller --size or --scale)")
    fitting = MAX_CLIP_BYTES // (size[0] * size[1] * 3) - 1
    return max(1, math.ceil(visited / min(CLIP_FRAMES, max(fitting, 1))))


def fits_window(state: demo.SketchState, size: tuple[int, int]) -> bool:
    """Whether a sliding-window clip of ``size`` frames keeps MIN_WINDOW_FRAMES frames (or all it has) and a
    last one within MAX_CLIP_BYTES."""
    wanted = min(MIN_WINDOW_FRAMES, int(state.computed.sum()))
    return (max(wanted, 1) + 1) * size[0] * size[1] * 3 <= MAX_CLIP_BYTES


def window_scale(state: demo.SketchState, scale: int | None = None) -> int:
    """The scale of a sliding-window clip in the filter view's own window: ``scale`` (ClipError if its frames
    are too large for the budget) or, for None, the view's own scale made smaller until the clip fits."""
    def fits(candidate: int) -> bool:
        return fits_window(state, frame_size(state, "filter", candidate))

    start = scale or views.VIEWS["filter"].default_scale(state) or 1
    best = next((candidate for candidate in range(start, 0, -1) if fits(candidate)), 0)
    if scale is not None and best != scale:
        width, height = frame_size(state, "filter", scale)
        raise ClipError(f"--scale {scale} makes clip frames of {width}\u00d7{height} pixels, too large for a clip "
                        f"within {MAX_CLIP_BYTES // 2 ** 20} MB: "
                        + (f"use --scale {best} or less" if best else "use a smaller image"))
    if not best:
        height, width = state.image.shape[:2]
        raise ClipError(f"a {width}\u00d7{height} image makes clip frames too large for a clip within "
                        f"{MAX_CLIP_BYTES // 2 ** 20} MB: use a smaller image")
    return best


# --------------------------------------------------------------------------
# A lesson
# --------------------------------------------------------------------------

def lesson_frames(lesson: lessons.Lesson, state: demo.SketchState, size: tuple[int, int], base: Path | None = None,
                  theme: pixels.Theme = pixels.DARK) -> Iterator[Painted]:
    """One frame a step of ``lesson``: ``state`` made to show the step (lessons.apply_step), in the step's
    own view, its caption on the bottom line as the window shows it. ``state`` is left at the last step."""
    builder, player = Builder(theme), lessons.LessonPlayer(lesson, base)
    for number in range(1, len(lesson.steps) + 1):
        view_name = player.go_to(state, number)
        if view_name is None:
            raise ClipError(f"step {number} of the lesson could not be shown")
        try:
            frame = paint_view(builder, view_name, state, size, player.caption_line())
        except Exception as error:   # whatever Pillow raises for a picture it cannot paint: one line naming the step
            reason = " ".join(str(error).split()) or type(error).__name__
            raise ClipError(f"the clip's step {number} could not be painted: {reason}") from error
        yield frame


def lesson_shrink(steps: int) -> float:
    """How much smaller than LESSON_SIZE a lesson's frames are made (1: not at all) to keep ``steps`` frames
    within MAX_CLIP_BYTES."""
    whole = steps * LESSON_SIZE[0] * LESSON_SIZE[1] * 3
    return min(1.0, math.sqrt(MAX_CLIP_BYTES / whole) * 0.99)


def shrunk(frames: Iterator[tuple[np.ndarray, np.ndarray]], factor: float
           ) -> Iterator[tuple[np.ndarray, np.ndarray | None]]:
    """``frames`` (with their colours to keep) as they are, or each made ``factor`` × as large (smoothed: a
    picture that small is only to see the steps go by)."""
    for frame, keep in frames:
        if factor >= 1.0:
            yield frame, keep
            continue
        height, width = frame.shape[:2]
        smaller = Image.fromarray(frame).resize((max(1, int(width * factor)), max(1, int(height * factor))),
                                                Image.Resampling.BOX)
        yield np.asarray(smaller), None   # smoothed: new colours, none of them to keep first


def check_lesson_size(lesson: lessons.Lesson, size: tuple[int, int]) -> None:
    steps, frame = len(lesson.steps), size[0] * size[1] * 3
    if steps * frame > MAX_CLIP_BYTES:
        raise ClipError(f"a clip of the lesson's {steps} steps at {size[0]}\u00d7{size[1]} would be larger than "
                        f"{MAX_CLIP_BYTES // 2 ** 20} MB: use a smaller --size, or a lesson of at most "
                        f"{MAX_CLIP_BYTES // frame} steps")


# --------------------------------------------------------------------------
# Writing clips
# --------------------------------------------------------------------------

def write_clip_file(state: demo.SketchState, path: Path, lesson=None, base=None, scale: int | None = None,
                    overwrite: bool = False, size: tuple[int, int] | None = None,
                    theme: pixels.Theme = pixels.DARK) -> Path:
    """The GIF a clip is: the lesson's steps if there is a lesson, else the sliding window over ``state``
    (which the clip changes: give it a clip_state copy). Frames are ``size`` (a window's) or, without it,
    the filter view's own window at ``scale`` (a lesson: LESSON_SIZE). Written through saving.write_new
    (never over a file unless ``overwrite``)."""
    if lesson is not None:
        painted = lesson_frames(lesson, state, size or LESSON_SIZE, base, theme)
        if size is not None:
            check_lesson_size(lesson, size)
        # a very long lesson: its frames made smaller, so that the clip stays within its budget
        frames = shrunk(painted, 1.0 if size is not None else lesson_shrink(len(lesson.steps)))
        return save_gif(frames, path, frame_ms=STEP_MS, last_frame_ms=LAST_STEP_MS, overwrite=overwrite)
    if size is None:
        scale = window_scale(state, scale)
        size = frame_size(state, "filter", scale)
    step = window_step(state, size)
    return save_gif(sliding_window_frames(state, size, step, theme, scale), path, overwrite=overwrite)


def write_frames_clip(state: demo.SketchState, pictures: list[np.ndarray], path: Path, fps: float = 30.0,
                      view_name: str = "filter", scale: int | None = None, size: tuple[int, int] | None = None,
                      overwrite: bool = False, theme: pixels.Theme = pixels.DARK) -> Path:
    """A GIF of a camera's or a video's frames (``pictures``: H×W or H×W×3 uint8, all one size): each the
    view's picture of that frame, shown 1/``fps`` s each; frames past MAX_CLIP_BYTES are left out."""
    shown = clip_state(state)
    demo.show_frame(shown, pictures[0])
    size = size or frame_size(shown, view_name, scale)
    count = min(len(pictures), MAX_CLIP_BYTES // (size[0] * size[1] * 3))
    if count < min(MIN_WINDOW_FRAMES, len(pictures)):
        raise ClipError(f"clip frames of {size[0]}\u00d7{size[1]} pixels are too large for a clip within "
                        f"{MAX_CLIP_BYTES // 2 ** 20} MB: make the window smaller (or use a smaller --size or --scale)")
    builder = Builder(theme)

    def frames() -> Iterator[Painted]:
        for picture in pictures[:count]:
            demo.show_frame(shown, picture)
            yield paint_view(builder, view_name, shown, size)

    frame_ms = max(MIN_FRAME_MS, round(1000 / fps / 10) * 10)
    return save_gif(frames(), path, frame_ms=frame_ms, last_frame_ms=frame_ms, overwrite=overwrite)
