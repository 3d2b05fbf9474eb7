"""Animated GIFs for slides: the sliding window, or a walk through a lesson.

Pure numpy and Pillow, no py5: every frame is rendered from the demo's
state exactly (not a screenshot), with the panel pixels the sketch shows
(pixels.source_colours and pixels.output_colours, each pixel a scale×scale
square), so a test can compare each frame with filters.convolve.

Where things sit in a frame (``clip_layout`` gives the rectangles)::

    ┌──────────────────────────────────────────────────────────┐  MARGIN all round,
    │  ┌──────────┐        ┌──────────┐        ┌─────┐         │  GAP between panels,
    │  │  source  │  GAP   │  output  │  GAP   │pool │         │  in pixels.WINDOW_BACKGROUND
    │  └──────────┘        └──────────┘        └─────┘         │
    └──────────────────────────────────────────────────────────┘

The source and output panels are the image's size × ``scale``, side by
side, tops aligned; the pooled panel (only in ``still_frame`` with pooling
on) shows each pooled pixel as a (scale·pool)² square.

Memory: a frame is width × height × 3 bytes (a 28×28 cat at scale 10: 600 ×
296, about 0.5 MB), and the frames are kept in a list, so
``sliding_window_frames`` keeps all of them within MAX_CLIP_BYTES by
visiting more pixels per frame when needed (its ``step`` is the least).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from PIL import Image

import filters
from convolution.classroom import lessons
from convolution.files import saving
from convolution.screen import pixels
from convolution.screen.geometry import Rect, pixel_rect
from convolution.state import demo

MARGIN = 8      # background around the panels
GAP = 24        # background between two panels
BACKGROUND = pixels.WINDOW_BACKGROUND
MAX_CLIP_BYTES = 512 * 2 ** 20   # all of a clip's frames together: the cat's 677 frames at scale 10 take 0.36 GB

# The outline around the kernel's neighbourhood on the source panel: rings from
# ``outer`` to ``inner`` pixels outside the neighbourhood's edge (negative:
# inside it), light between two dark ones, so it shows on white, black and
# colour alike (the sketch draws a dark stroke under a light one too).
OUTLINE_RINGS = ((2, 1, pixels.OUTLINE_UNDER), (1, -1, pixels.HIGHLIGHT), (-1, -2, pixels.OUTLINE_UNDER))

MIN_FRAME_MS = 20   # GIF viewers show shorter frames at 100 ms


@dataclass(frozen=True)
class ClipLayout:
    """Where the panels sit in a frame of ``width`` × ``height`` pixels (see the module's docstring)."""
    width: int
    height: int
    source: Rect
    output: Rect
    pooled: Rect | None = None


def clip_layout(image_h: int, image_w: int, scale: int, pooled_shape: tuple[int, int] | None = None,
                pool: int = 1) -> ClipLayout:
    """The frame for an image_h × image_w image at ``scale``; with ``pooled_shape`` (rows, columns)
    a third panel for the pooled map, each of its pixels (scale·pool)² screen pixels."""
    _check_scale(scale)
    panel_w, panel_h = image_w * scale, image_h * scale
    source = Rect(MARGIN, MARGIN, panel_w, panel_h)
    output = Rect(source.x + panel_w + GAP, MARGIN, panel_w, panel_h)
    pooled, right, bottom = None, output.x + panel_w, MARGIN + panel_h
    if pooled_shape is not None:
        rows, cols = pooled_shape
        pooled = Rect(right + GAP, MARGIN, cols * scale * pool, rows * scale * pool)
        right, bottom = pooled.x + pooled.w, max(bottom, MARGIN + pooled.h)
    return ClipLayout(right + MARGIN, bottom + MARGIN, source, output, pooled)


def _check_scale(scale) -> None:
    if isinstance(scale, bool) or not isinstance(scale, (int, np.integer)) or scale < 1:
        raise ValueError(f"scale must be a whole number of 1 or more, got {scale!r}")


def _paste(frame: np.ndarray, rect: Rect, colours: np.ndarray) -> None:
    frame[rect.y:rect.y + rect.h, rect.x:rect.x + rect.w] = colours


def _blank(layout: ClipLayout) -> np.ndarray:
    frame = np.empty((layout.height, layout.width, 3), np.uint8)
    frame[:] = BACKGROUND
    return frame


def draw_outline(frame: np.ndarray, panel: Rect, box: Rect) -> None:
    """Draw OUTLINE_RINGS around ``box`` (window pixels) into ``frame``, clipped to ``panel``."""
    for outer, inner, colour in OUTLINE_RINGS:
        top, left = box.y - outer, box.x - outer
        bottom, right = box.y + box.h + outer, box.x + box.w + outer
        # Paint the outer rectangle, then put back what lies inside the inner one.
        clip = _clipped(panel, top, left, bottom, right)
        if clip is None:
            continue
        top, left, bottom, right = clip
        keep = frame[top:bottom, left:right].copy()
        frame[top:bottom, left:right] = colour
        hole = _clipped(panel, box.y - inner, box.x - inner, box.y + box.h + inner, box.x + box.w + inner)
        if hole is not None:
            ht, hl, hb, hr = hole
            frame[ht:hb, hl:hr] = keep[ht - top:hb - top, hl - left:hr - left]


def _clipped(panel: Rect, top: int, left: int, bottom: int, right: int):
    """(top, left, bottom, right) cut to ``panel``, or None if nothing is left."""
    top, left = max(top, panel.y), max(left, panel.x)
    bottom, right = min(bottom, panel.y + panel.h), min(right, panel.x + panel.w)
    return (top, left, bottom, right) if bottom > top and right > left else None


# --------------------------------------------------------------------------
# Frames
# --------------------------------------------------------------------------

def sliding_window_frames(state: demo.Demo, scale: int = 10, step: int = 1) -> list[np.ndarray]:
    """The lesson's double loop made visible: one frame per ``step`` output pixels, in reading order.

    Each frame (H×W×3 uint8, laid out by ``clip_layout(*state.image.shape[:2], scale)``)
    shows the source panel (the drawing enlarged ``scale``×, the kernel's
    neighbourhood of the current pixel outlined) and the output panel, in
    which the computed pixels visited so far, the current one included,
    show the output as the sketch draws it (``state.display``, through
    pixels.output_colours) and the rest pixels.PANEL_BACKGROUND. Frame i
    (from 0) has min((i + 1)·step, N) of the N computed pixels; after the
    ceil(N / step) frames of the window comes one more: the whole output,
    no outline. If the frames would pass MAX_CLIP_BYTES, ``step`` is raised
    to the least that keeps them within it (a photo: a few hundred frames).
    """
    _check_scale(scale)
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or step < 1:
        raise ValueError(f"step must be a whole number of 1 or more, got {step!r}")
    height, width = state.image.shape[:2]
    layout = clip_layout(height, width, scale)
    order = np.flatnonzero(state.computed)   # reading order, as slow motion visits them
    frame_bytes = layout.width * layout.height * 3
    most = MAX_CLIP_BYTES // frame_bytes - 1   # frames of the window, besides the last one
    if most < 1:
        raise ValueError(f"at scale {scale} a frame is {layout.width}\u00d7{layout.height} pixels, "
                         f"too large for a clip: use a smaller scale")
    step = max(int(step), math.ceil(len(order) / most))

    base = _blank(layout)
    _paste(base, layout.source, filters.enlarge(pixels.source_colours(state.image), scale))
    _paste(base, layout.output, pixels.PANEL_BACKGROUND)
    output = filters.enlarge(pixels.output_colours(state.display, state.computed), scale)
    revealed = np.zeros(height * width, bool)
    rows, cols = state.kernel.shape
    frames = []
    for done in range(step, len(order) + step, step):
        done = min(done, len(order))
        revealed[order[:done]] = True
        frame = base.copy()
        shown = filters.enlarge(revealed.reshape(height, width), scale)
        panel = frame[layout.output.y:layout.output.y + layout.output.h,
                      layout.output.x:layout.output.x + layout.output.w]
        panel[shown] = output[shown]
        y, x = divmod(int(order[done - 1]), width)
        draw_outline(frame, layout.source, pixel_rect(layout.source, scale, y, x, rows, cols))
        frames.append(frame)
    frame = base.copy()
    _paste(frame, layout.output, output)
    frames.append(frame)
    return frames


def still_frame(state: demo.Demo, scale: int = 10) -> np.ndarray:
    """The state as one frame: source | output, and | pooled map when pooling is on. H×W×3 uint8."""
    height, width = state.image.shape[:2]
    pooled = state.pooled_display
    layout = clip_layout(height, width, scale, None if pooled is None else pooled.shape[:2], state.pool)
    frame = _blank(layout)
    _paste(frame, layout.source, filters.enlarge(pixels.source_colours(state.image), scale))
    _paste(frame, layout.output, filters.enlarge(pixels.output_colours(state.display, state.computed), scale))
    if pooled is not None:
        _paste(frame, layout.pooled, filters.enlarge(pixels.as_rgb(pooled), scale * state.pool))
    return frame


def lesson_frames(lesson: lessons.Lesson, state: demo.Demo, scale: int = 10,
                  base: Path | None = None) -> list[np.ndarray]:
    """One ``still_frame`` per step of ``lesson``, each after lessons.apply_step(state, step, base).

    ``state`` is left showing the last step. Frames of different sizes (a
    step with another image, or pooling) are padded with BACKGROUND at the
    right and bottom to the largest, so each panel stays where
    ``clip_layout`` puts it and all frames can go into one GIF.
    """
    frames = []
    for step in lesson.steps:
        lessons.apply_step(state, step, base)
        frames.append(still_frame(state, scale))
    height = max(frame.shape[0] for frame in frames)
    width = max(frame.shape[1] for frame in frames)
    padded = []
    for frame in frames:
        whole = np.empty((height, width, 3), np.uint8)
        whole[:] = BACKGROUND
        whole[:frame.shape[0], :frame.shape[1]] = frame
        padded.append(whole)
    return padded


# --------------------------------------------------------------------------
# Saving: GIF and PNG files, never over an existing one
# --------------------------------------------------------------------------

def save_gif(frames, path, frame_ms: int = 100, last_frame_ms: int = 1500) -> Path:
    """Write ``frames`` (H×W×3 uint8, all one size) as a GIF that loops forever; returns ``path``.

    Each frame shows ``frame_ms`` milliseconds, the last ``last_frame_ms``
    (rounded to 10 ms, GIF's unit; at least MIN_FRAME_MS). Identical
    frames in a row become one frame showing for their total time (Pillow
    would merge them anyway). Colours: GIF has 256 per frame. When all
    frames together have at most 256 colours they share one exact palette;
    else each frame gets its own, exact when it has at most 256 colours (so
    every grey level and panel colour survives: read back with Pillow, every
    frame equals what was rendered); a frame with more keeps 256: the
    panel colours (backgrounds, outline), then the greys (so a grey drawing
    stays exact; only the commonest if they would leave fewer than
    COLOUR_SLOTS), then median cut's choice among the colours left; each
    colour not kept becomes the nearest kept one.

    Never overwrites: raises FileExistsError if ``path`` exists (the file
    is created exclusively, and written only once the GIF is encoded). Use
    ``new_clip_path`` for a fresh name.
    """
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists: choose a new name (clips.new_clip_path picks one)")
    frames = _checked_frames(frames)
    durations = [_gif_ms(frame_ms, "frame_ms")] * (len(frames) - 1) + [_gif_ms(last_frame_ms, "last_frame_ms")]
    merged, merged_durations = [frames[0]], [durations[0]]
    for frame, duration in zip(frames[1:], durations[1:]):
        if np.array_equal(frame, merged[-1]):
            merged_durations[-1] += duration
        else:
            merged.append(frame)
            merged_durations.append(duration)
    images = _paletted(merged)
    buffer = io.BytesIO()
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:], loop=0,
                   duration=merged_durations if len(images) > 1 else merged_durations[0])
    with open(path, "xb") as file:
        file.write(buffer.getvalue())
    return path


def new_clip_path(folder, prefix: str = "convolution", suffix: str = ".gif", now: datetime | None = None) -> Path:
    """A new, unused name in ``folder``: PREFIX-YYYYmmdd-HHMMSS.gif, with -2, -3 … if taken
    (saving.new_file_path): never an existing file."""
    return saving.new_file_path(folder, prefix, suffix, now)


def _checked_frames(frames) -> list[np.ndarray]:
    frames = [np.asarray(frame) for frame in frames]
    if not frames:
        raise ValueError("no frames to save")
    shape = frames[0].shape
    for number, frame in enumerate(frames, 1):
        if frame.dtype != np.uint8 or frame.ndim != 3 or frame.shape[2] != 3:
            raise ValueError(f"frame {number} is {frame.dtype} {frame.shape}: frames must be H\u00d7W\u00d73 uint8")
        if frame.shape != shape:
            raise ValueError(f"frame {number} is {frame.shape[1]}\u00d7{frame.shape[0]}, frame 1 is "
                             f"{shape[1]}\u00d7{shape[0]}: every frame of a clip must have the same size")
    return frames


def _gif_ms(ms, name: str) -> int:
    """A duration in ms, rounded to GIF's 10 ms, as Pillow takes it (in ms)."""
    if isinstance(ms, bool) or not isinstance(ms, (int, float)) or not ms >= MIN_FRAME_MS:
        raise ValueError(f"{name} must be at least {MIN_FRAME_MS} ms (viewers show shorter frames "
                         f"at 100 ms), got {ms!r}")
    return int(round(ms / 10)) * 10


# --------------------------------------------------------------------------
# Palettes: a GIF frame holds 256 colours
# --------------------------------------------------------------------------

def _packed(frame: np.ndarray) -> np.ndarray:
    """H×W×3 uint8 → H×W uint32 0xRRGGBB, one number per colour."""
    return (frame[..., 0].astype(np.uint32) << 16) | (frame[..., 1].astype(np.uint32) << 8) | frame[..., 2]


def _paletted(frames: list[np.ndarray]) -> list[Image.Image]:
    """Each frame as a Pillow "P" image with its colours in its palette (exact up to 256 colours)."""
    shared, before = None, None
    for frame in frames:   # one frame's colours at a time: a clip's frames can fill half a gigabyte
        now = _packed(frame)
        # Only pixels that changed can bring a new colour: cheap for a sliding window.
        shared = np.unique(now) if before is None else np.union1d(shared, now[now != before])
        before = now
        if len(shared) > 256:
            return [_as_p(colours, _frame_palette(colours)) for colours in map(_packed, frames)]
    return [_as_p(_packed(frame), shared) for frame in frames]


# Colours a frame with more than 256 keeps first: the panels' own, then greys (a drawing's levels),
# leaving at least COLOUR_SLOTS for the other colours (a signed map's oranges and blues).
_KEPT_FIRST = [pixels.WINDOW_BACKGROUND, pixels.PANEL_BACKGROUND, pixels.HIGHLIGHT, pixels.OUTLINE_UNDER]
COLOUR_SLOTS = 64


def _frame_palette(colours: np.ndarray) -> np.ndarray:
    """The frame's colours (packed, sorted) if at most 256. Else 256 colours: the panel colours, the
    greys (the commonest, if they would leave fewer than COLOUR_SLOTS), and Pillow's median-cut
    choice among the colours left for the slots left."""
    values, counts = np.unique(colours, return_counts=True)
    if len(values) <= 256:
        return values
    red, green, blue = (values >> 16) & 255, (values >> 8) & 255, values & 255
    ui = np.isin(values, _packed(np.array([_KEPT_FIRST], np.uint8))[0])
    grey = (red == green) & (green == blue) & ~ui
    others = ~(ui | grey)
    greys_kept = min(int(grey.sum()), 256 - int(ui.sum()) - min(COLOUR_SLOTS, int(others.sum())))
    commonest_greys = np.flatnonzero(grey)[np.argsort(-counts[grey], kind="stable")[:greys_kept]]
    exact = ui.copy()
    exact[commonest_greys] = True
    kept, rest = values[exact], ~exact
    free = 256 - len(kept)
    # The colours left (greys that did not fit among them), each as often as it occurs, for median cut.
    spread = np.repeat(values[rest], counts[rest])
    strip = np.stack([(spread >> 16) & 255, (spread >> 8) & 255, spread & 255], axis=-1).astype(np.uint8)
    chosen = Image.fromarray(strip[None]).quantize(free, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    found = np.asarray(chosen.getpalette()[:3 * free], np.uint8).reshape(-1, 3)
    return np.unique(np.concatenate([kept, _packed(found[None])[0]]))


def _as_p(colours: np.ndarray, palette: np.ndarray) -> Image.Image:
    """H×W packed colours → a "P" image with ``palette`` (sorted packed colours, at most 256);
    a colour not in the palette becomes the nearest one in it."""
    index = np.searchsorted(palette, colours).clip(0, len(palette) - 1)
    missing = palette[index] != colours
    if missing.any():
        index[missing] = _nearest(colours[missing], palette)
    image = Image.fromarray(index.astype(np.uint8), "P")
    rgb = np.stack([(palette >> 16) & 255, (palette >> 8) & 255, palette & 255], axis=1).astype(np.uint8)
    image.putpalette(rgb.ravel().tobytes())
    return image


def _nearest(colours: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """For each packed colour, the index of the nearest palette colour (RGB distance)."""
    def channels(packed):
        return np.stack([(packed >> 16) & 255, (packed >> 8) & 255, packed & 255], axis=-1).astype(np.int32)
    unique, back = np.unique(colours, return_inverse=True)
    targets, choices = channels(unique), channels(palette)
    nearest = np.empty(len(unique), np.intp)
    for start in range(0, len(unique), 4096):   # a block at a time: 4096 × 256 distances
        block = targets[start:start + 4096]
        distance = ((block[:, None, :] - choices[None, :, :]) ** 2).sum(axis=2)
        nearest[start:start + 4096] = distance.argmin(axis=1)
    return nearest[back.ravel()]


CLIP_FRAMES = 200   # a sliding-window clip has at most this many frames (several pixels a frame on big images)
def write_clip_file(state: demo.Demo, path: Path, lesson=None, base=None) -> Path:
    """The GIF a clip is: the lesson's steps (one frame each) if there is a lesson, else the sliding
    window over ``state``'s image. Written to the new file ``path`` (never over a file)."""
    if lesson is not None:
        frames = lesson_frames(lesson, state, base=base)
        return save_gif(frames, path, frame_ms=2000, last_frame_ms=3000)
    visited = int(state.computed.sum())
    frames = sliding_window_frames(state, step=max(1, -(-visited // CLIP_FRAMES)))
    return save_gif(frames, path)
