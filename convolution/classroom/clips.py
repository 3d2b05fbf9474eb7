"""Animated GIFs for slides: the sliding window, or a walk through a lesson.

Pure numpy and Pillow, no py5: every frame is rendered from the demo's
state exactly (not a screenshot), with the panel pixels the sketch shows
(pixels.source_colours and pixels.output_colours, each pixel a scale×scale
square), so a test can compare each frame with filters.convolve.

Where things sit in a frame (``clip_layout`` gives the rectangles)::

    ┌───────────────────────────────────────────────────────────────┐  MARGIN all round,
    │  ┌──────────┐       ┌──────┐       ┌──────────┐       ┌─────┐ │  GAP between panels,
    │  │  source  │  GAP  │kernel│  GAP  │  output  │  GAP  │pool │ │  in pixels.WINDOW_BACKGROUND
    │  └──────────┘       └──────┘       └──────────┘       └─────┘ │
    │  the caption (the lesson step's, or the kernel's name)        │
    │  the modes: edges, operation, values, ReLU, pooling (dimmer)  │
    └───────────────────────────────────────────────────────────────┘

The source and output panels are the image's size × ``scale``, side by
side, tops aligned; between them the kernel's weights as the sketch shows
them (tinted cells with their numbers, turned 180° when flipped, its note
under it); the pooled panel (only in ``still_frame`` with pooling on) shows
each pooled pixel as a (scale·pool)² square. Under them the captions
(clip_text: the bundled font, sized to the panels). ``clip_layout`` without
``words`` gives the two panels alone.

Memory: a frame is width × height × 3 bytes (a 28×28 cat at scale 10, with
its kernel and captions: about 0.6 MB). Every clip stays within MAX_CLIP_BYTES of frames:
``sliding_window_frames`` visits more pixels per frame when needed (its
``step`` is the least that fits), ``write_clip_file`` chooses a smaller scale
(or refuses a --scale, or a lesson of too many steps, with one line), and a
GIF is written from frames made one at a time (``save_gif`` takes a
generator), each kept as one byte a pixel once it has its palette.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from PIL import Image

import filters
from convolution.classroom import clip_text, lessons
from convolution.files import saving
from convolution.screen import pixels, texts
from convolution.screen.geometry import Rect, auto_scale, pixel_rect
from convolution.state import demo

MARGIN = 8      # background around the panels
GAP = 24        # background between two panels
BACKGROUND = pixels.WINDOW_BACKGROUND
MAX_CLIP_BYTES = 512 * 2 ** 20   # all of a clip's frames together: the cat's 677 frames at scale 10 take 0.36 GB
MIN_WINDOW_FRAMES = 20           # a sliding-window clip at a scale that leaves fewer frames than this is refused

# The outline around the kernel's neighbourhood on the source panel: rings from
# ``outer`` to ``inner`` pixels outside the neighbourhood's edge (negative:
# inside it), light between two dark ones, so it shows on white, black and
# colour alike (the sketch draws a dark stroke under a light one too).
OUTLINE_RINGS = ((2, 1, pixels.OUTLINE_UNDER), (1, -1, pixels.HIGHLIGHT), (-1, -2, pixels.OUTLINE_UNDER))

MIN_FRAME_MS = 20   # GIF viewers show shorter frames at 100 ms


@dataclass(frozen=True)
class FrameWords:
    """What a frame shows besides its pictures: the kernel (its weights as shown, their labels and the
    note under them), the caption and the modes line. See ``frame_words``."""
    kernel: np.ndarray | None = None            # k×k weights, turned when flipped: as they meet the pixels
    labels: tuple[tuple[str, ...], ...] = ()    # texts.kernel_labels of ``kernel``
    note: str = ""                              # "3×3 kernel  ÷ 16  turned 180°"
    caption: str = ""                           # the lesson step's caption, or the kernel's name
    modes: str = ""                             # edges, operation, values, ReLU, pooling

    def __eq__(self, other):   # the kernel is an array: compare what is shown
        return isinstance(other, FrameWords) and self.key() == other.key()

    def __hash__(self):
        return hash(self.key())

    def key(self) -> tuple:
        shape = None if self.kernel is None else self.kernel.shape
        return (shape, self.labels, self.note, self.caption, self.modes)


def frame_words(state: demo.Demo, caption: str | None = None) -> FrameWords:
    """The words of a frame of ``state``: the kernel as the sketch shows it, and ``caption`` (a lesson
    step's; None: the kernel's name and what it is) over the modes line."""
    shown = np.rot90(state.kernel, 2) if state.flip else state.kernel
    labels, factor = texts.kernel_labels(shown)
    title = texts.kernel_title(state)
    modes = texts.mode_caption(state.edges, state.flip, state.mapping, state.relu, state.pool, state.pool_mode)
    if caption is None:
        caption = f"{title}: {texts.kernel_description(state)}"
    else:
        modes = f"kernel: {title}   \u00b7   {modes}"
    return FrameWords(np.array(shown), tuple(tuple(row) for row in labels), texts.kernel_note(state, factor),
                      caption, modes)


@dataclass(frozen=True)
class ClipLayout:
    """Where the panels sit in a frame of ``width`` × ``height`` pixels (see the module's docstring)."""
    width: int
    height: int
    source: Rect
    output: Rect
    pooled: Rect | None = None
    kernel: Rect | None = None                   # the kernel's column, between source and output
    captions: Rect | None = None                 # the caption's and modes' lines, under the panels
    text: int = clip_text.SMALLEST_TEXT          # the captions' size (px)
    grid: clip_text.KernelSize | None = None     # the kernel's cells
    lines: tuple[str, ...] = ()                  # the captions, wrapped to the frame's width
    dim_from: int = 0                            # lines from this one on are the modes (dimmer)


def clip_layout(image_h: int, image_w: int, scale: int, pooled_shape: tuple[int, int] | None = None,
                pool: int = 1, words: FrameWords | None = None) -> ClipLayout:
    """The frame for an image_h × image_w image at ``scale``; with ``pooled_shape`` (rows, columns)
    a third panel for the pooled map, each of its pixels (scale·pool)² screen pixels; with ``words``
    the kernel between the pictures and the captions under them."""
    _check_scale(scale)
    panel_w, panel_h = image_w * scale, image_h * scale
    size = clip_text.text_size(panel_h)
    source = Rect(MARGIN, MARGIN, panel_w, panel_h)
    x, kernel, grid = source.x + panel_w + GAP, None, None
    if words is not None and words.kernel is not None:
        grid = clip_text.kernel_size(words.kernel.shape, panel_h, size, words.note)
        kernel = Rect(x, MARGIN, grid.width, max(panel_h, grid.height))
        x += grid.width + GAP
    output = Rect(x, MARGIN, panel_w, panel_h)
    pooled, right, bottom = None, output.x + panel_w, MARGIN + max(panel_h, kernel.h if kernel else 0)
    if pooled_shape is not None:
        rows, cols = pooled_shape
        pooled = Rect(right + GAP, MARGIN, cols * scale * pool, rows * scale * pool)
        right, bottom = pooled.x + pooled.w, max(bottom, MARGIN + pooled.h)
    captions, lines, dim_from = None, [], 0
    if words is not None and (words.caption or words.modes):
        room = right - MARGIN
        lines = clip_text.wrap(words.caption, room, size) if words.caption else []
        dim_from = len(lines)
        lines += clip_text.wrap(words.modes, room, size, most=2) if words.modes else []
        captions = Rect(MARGIN, bottom + GAP // 2, room, len(lines) * clip_text.line_height(size))
        bottom = captions.y + captions.h
    return ClipLayout(right + MARGIN, bottom + MARGIN, source, output, pooled, kernel, captions, size, grid,
                      tuple(lines), dim_from)


def draw_words(frame: np.ndarray, layout: ClipLayout, words: FrameWords) -> None:
    """The kernel and the captions of ``words`` into ``frame``, where ``layout`` (made with them) puts them."""
    if layout.kernel is not None and layout.grid is not None and words.kernel is not None:
        clip_text.draw_kernel(frame, layout.kernel, words.kernel, [list(row) for row in words.labels], words.note,
                              layout.grid, layout.text)
    if layout.captions is not None:
        clip_text.draw_lines(frame, layout.captions, list(layout.lines), layout.text, layout.dim_from)


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
    return list(iter_sliding_window(state, scale, step))


def window_step(state: demo.Demo, scale: int, step: int = 1) -> int:
    """The least step from ``step`` up whose sliding-window frames at ``scale`` stay within MAX_CLIP_BYTES.

    Raises ValueError if not even two frames (one of the window, the last) fit.
    """
    _check_scale(scale)
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or step < 1:
        raise ValueError(f"step must be a whole number of 1 or more, got {step!r}")
    layout = window_layout(state, scale)
    most = MAX_CLIP_BYTES // (layout.width * layout.height * 3) - 1   # frames of the window, besides the last one
    if most < 1:
        raise ValueError(f"at scale {scale} a frame is {layout.width}\u00d7{layout.height} pixels, "
                         f"too large for a clip: use a smaller scale")
    return max(int(step), math.ceil(int(state.computed.sum()) / most))


def iter_sliding_window(state: demo.Demo, scale: int = 10, step: int = 1) -> Iterator[np.ndarray]:
    """``sliding_window_frames``' frames one at a time (each a new array), so none need be kept."""
    step = window_step(state, scale, step)
    height, width = state.image.shape[:2]
    words = frame_words(state)
    layout = clip_layout(height, width, scale, words=words)
    order = np.flatnonzero(state.computed)   # reading order, as slow motion visits them
    running = _blank(layout)   # the source, the kernel, the captions, and the output revealed so far (no outline)
    draw_words(running, layout, words)
    _paste(running, layout.source, filters.enlarge(pixels.source_colours(state.image), scale))
    _paste(running, layout.output, pixels.PANEL_BACKGROUND)
    output = filters.enlarge(pixels.output_colours(state.display, state.computed), scale)
    panel = running[layout.output.y:layout.output.y + layout.output.h,
                    layout.output.x:layout.output.x + layout.output.w]
    new = np.zeros(height * width, bool)
    rows, cols = state.kernel.shape
    shown = 0
    for done in range(step, len(order) + step, step):
        done = min(done, len(order))
        # Reveal the pixels new in this frame: only the rows they lie on are touched.
        new[order[shown:done]] = True
        first, last = int(order[shown]) // width, int(order[done - 1]) // width
        band = slice(first * scale, (last + 1) * scale)
        reveal = filters.enlarge(new.reshape(height, width)[first:last + 1], scale)
        panel[band][reveal] = output[band][reveal]
        new[order[shown:done]] = False
        shown = done
        frame = running.copy()
        y, x = divmod(int(order[done - 1]), width)
        draw_outline(frame, layout.source, pixel_rect(layout.source, scale, y, x, rows, cols))
        yield frame
    _paste(running, layout.output, output)
    yield running


def window_layout(state: demo.Demo, scale: int) -> ClipLayout:
    """Where a sliding-window clip of ``state`` at ``scale`` puts the panels, the kernel and the captions."""
    height, width = state.image.shape[:2]
    return clip_layout(height, width, scale, words=frame_words(state))


def still_frame(state: demo.Demo, scale: int = 10, caption: str | None = None) -> np.ndarray:
    """The state as one frame: source | kernel | output, and | pooled map when pooling is on, with
    ``caption`` (None: the kernel's name) and the modes under them. H×W×3 uint8."""
    words = frame_words(state, caption)
    layout = still_layout(state, scale, words)
    pooled = state.pooled_display
    frame = _blank(layout)
    _paste(frame, layout.source, filters.enlarge(pixels.source_colours(state.image), scale))
    _paste(frame, layout.output, filters.enlarge(pixels.output_colours(state.display, state.computed), scale))
    if pooled is not None and layout.pooled is not None:
        _paste(frame, layout.pooled, filters.enlarge(pixels.as_rgb(pooled), scale * state.pool))
    draw_words(frame, layout, words)
    return frame


def still_layout(state: demo.Demo, scale: int = 10, words: FrameWords | None = None) -> ClipLayout:
    """Where ``still_frame`` puts the panels of ``state`` at ``scale`` (nothing is drawn); ``words``
    defaults to frame_words(state)."""
    height, width = state.image.shape[:2]
    pooled = state.pooled_display
    return clip_layout(height, width, scale, None if pooled is None else pooled.shape[:2], state.pool,
                       frame_words(state) if words is None else words)


def lesson_frames(lesson: lessons.Lesson, state: demo.Demo, scale: int = 10,
                  base: Path | None = None) -> list[np.ndarray]:
    """One ``still_frame`` per step of ``lesson``, each after lessons.apply_step(state, step, base),
    with the step's caption under the pictures.

    ``state`` is left showing the last step. Frames of different sizes (a
    step with another image, or pooling) are padded with BACKGROUND at the
    right and bottom to the largest, so each panel stays where
    ``clip_layout`` puts it and all frames can go into one GIF.
    """
    return list(iter_lesson(lesson, state, scale, base))


def lesson_frame_size(lesson: lessons.Lesson, state: demo.Demo, scale: int = 10,
                      base: Path | None = None) -> tuple[int, int]:
    """(width, height) of ``lesson_frames``' frames at ``scale``, found without drawing any
    (each step is shown on ``state``, which is left showing the last)."""
    return _padded_size(_step_shapes(lesson, state, base), scale)


def _step_shapes(lesson: lessons.Lesson, state: demo.Demo, base: Path | None) -> list[tuple]:
    """For each step, what its frame's layout depends on: (image height, width, pooled shape or None, pool,
    frame words)."""
    shapes = []
    for step in lesson.steps:
        lessons.apply_step(state, step, base)
        pooled = state.pooled_display
        shapes.append((*state.image.shape[:2], None if pooled is None else pooled.shape[:2], state.pool,
                       frame_words(state, step.caption)))
    return shapes


def _padded_size(shapes: list[tuple], scale: int) -> tuple[int, int]:
    """The (width, height) every frame is padded to: the largest of the steps' layouts at ``scale``."""
    layouts = [clip_layout(height, width, scale, pooled, pool, words) for height, width, pooled, pool, words in shapes]
    return max(layout.width for layout in layouts), max(layout.height for layout in layouts)


def iter_lesson(lesson: lessons.Lesson, state: demo.Demo, scale: int = 10,
                base: Path | None = None) -> Iterator[np.ndarray]:
    """``lesson_frames``' frames one at a time, so none need be kept."""
    width, height = lesson_frame_size(lesson, state, scale, base)
    for step in lesson.steps:
        with lessons.naming(step):
            lessons.apply_step(state, step, base)
            frame = still_frame(state, scale, step.caption)
        whole = np.empty((height, width, 3), np.uint8)
        whole[:] = BACKGROUND
        whole[:frame.shape[0], :frame.shape[1]] = frame
        yield whole


# --------------------------------------------------------------------------
# Saving: GIF and PNG files, never over an existing one
# --------------------------------------------------------------------------

def save_gif(frames: Iterable[np.ndarray], path, frame_ms: int = 100, last_frame_ms: int = 1500,
             overwrite: bool = False, palette_from: np.ndarray | None = None) -> Path:
    """Write ``frames`` (H×W×3 uint8, all one size) as a GIF that loops forever; returns ``path``.

    ``frames`` may be a list or a generator: frames are taken one at a time
    and each is kept as one byte a pixel (its palette's indices) once read.
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
    colour not kept becomes the nearest kept one. With ``palette_from`` (an
    H×W×3 uint8 picture holding the clip's colours, such as a sliding
    window's last frame) frames past 256 colours all share one palette, made
    so from that picture's colours: much quicker for a photo, whose every
    frame has thousands.

    Written through saving.write_new: never over an existing file (raises
    FileExistsError, before any frame is encoded) unless ``overwrite``, and
    never half-written. Use ``new_clip_path`` for a fresh name.
    """
    path = Path(path)
    if not overwrite and os.path.lexists(path):
        raise FileExistsError(f"{path} exists: choose a new name (clips.new_clip_path picks one)")
    every_ms, last_ms = _gif_ms(frame_ms, "frame_ms"), _gif_ms(last_frame_ms, "last_frame_ms")
    encoded = _Paletted(palette_from)
    durations: list[int] = []
    previous = None
    for number, frame in enumerate(frames, 1):
        frame = _checked_frame(frame, number, None if previous is None else previous.shape)
        if previous is not None and np.array_equal(frame, previous):
            durations[-1] += every_ms
            continue
        encoded.add(frame)
        durations.append(every_ms)
        previous = frame
    if previous is None:
        raise ValueError("no frames to save")
    durations[-1] += last_ms - every_ms
    images = encoded.images()
    del encoded, previous

    def write(file):
        images[0].save(file, format="GIF", save_all=True, append_images=images[1:], loop=0,
                       duration=durations if len(images) > 1 else durations[0])
    return saving.write_new(path, write, overwrite)


def new_clip_path(folder, prefix: str = "convolution", suffix: str = ".gif", now: datetime | None = None) -> Path:
    """A new, unused name in ``folder``: PREFIX-YYYYmmdd-HHMMSS.gif, with -2, -3 … if taken
    (saving.new_file_path): never an existing file."""
    return saving.new_file_path(folder, prefix, suffix, now)


def _checked_frame(frame, number: int, shape: tuple | None) -> np.ndarray:
    """Frame ``number`` (from 1) as an H×W×3 uint8 array of ``shape`` (the first frame's), or ValueError."""
    frame = np.asarray(frame)
    if frame.dtype != np.uint8 or frame.ndim != 3 or frame.shape[2] != 3:
        raise ValueError(f"frame {number} is {frame.dtype} {frame.shape}: frames must be H\u00d7W\u00d73 uint8")
    if shape is not None and frame.shape != shape:
        raise ValueError(f"frame {number} is {frame.shape[1]}\u00d7{frame.shape[0]}, frame 1 is "
                         f"{shape[1]}\u00d7{shape[0]}: every frame of a clip must have the same size")
    return frame


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


class _Paletted:
    """Frames turned into palette indices as they come (one byte a pixel), then into Pillow "P" images.

    While all frames so far have at most 256 colours between them, each is
    indexed into the colours seen so far; once there are more, each frame
    gets a palette of its own (_frame_palette), or with ``palette_from`` (an
    H×W×3 picture with the clip's colours) all of them one palette made from
    that picture's colours and the frame's, each frame's pixels that did not
    change since the frame before keeping their indices (a sliding window
    over a photo changes a few pixels a frame). At the end the frames of the
    first kind are re-indexed into one shared palette, if every frame is of
    that kind: the same images as indexing all frames into the union of
    their colours, without holding the frames.
    """

    def __init__(self, palette_from: np.ndarray | None = None):
        self.frames: list[tuple[np.ndarray, np.ndarray]] = []   # (H×W uint8 indices, its palette: packed colours)
        self.shared: np.ndarray | None = np.zeros(0, np.uint32)  # the colours of all frames so far; None past 256
        self.before: np.ndarray | None = None                    # the last frame, packed
        self.palette_from = palette_from
        self.fixed: np.ndarray | None = None                     # the one palette made from palette_from

    def add(self, frame: np.ndarray) -> None:
        now = _packed(frame)
        if self.shared is not None:
            # Only pixels that changed can bring a new colour: cheap for a sliding window.
            new = np.unique(now) if self.before is None else np.unique(now[now != self.before])
            shared = np.union1d(self.shared, new)
            self.shared = shared if len(shared) <= 256 else None
        if self.shared is not None:
            palette, index = self.shared, _indices(now, self.shared)
        elif self.palette_from is not None:
            index = self._fixed_indices(now)
            palette = self.fixed
        else:
            palette = _frame_palette(now)
            index = _indices(now, palette)
        self.before = now
        self.frames.append((index, palette))

    def _fixed_indices(self, now: np.ndarray) -> np.ndarray:
        """``now``'s indices into the one palette made from palette_from (made at the first call)."""
        if self.fixed is None:
            self.fixed = _frame_palette(np.concatenate([_packed(self.palette_from).ravel(), now.ravel()]))
            return _indices(now, self.fixed)
        last_index, last_palette = self.frames[-1]
        if last_palette is not self.fixed or self.before is None or self.before.shape != now.shape:
            return _indices(now, self.fixed)
        index = last_index.copy()
        changed = now != self.before
        index[changed] = _indices(now[changed], self.fixed)
        return index

    def images(self) -> list[Image.Image]:
        shared = self.shared
        images = []
        for index, palette in self.frames:
            if shared is not None and len(palette) != len(shared):
                index = np.searchsorted(shared, palette).astype(np.uint8)[index]   # into the shared palette
                palette = shared
            images.append(_as_p(index, palette))
        return images


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
    if free == 0 or not rest.any():   # the panel colours and the greys fill the palette: the rest go to the nearest
        return np.unique(kept)
    # The colours left (greys that did not fit among them), each as often as it occurs, for median cut.
    spread = np.repeat(values[rest], counts[rest])
    strip = np.stack([(spread >> 16) & 255, (spread >> 8) & 255, spread & 255], axis=-1).astype(np.uint8)
    chosen = Image.fromarray(strip[None]).quantize(free, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    found = np.asarray(chosen.getpalette()[:3 * free], np.uint8).reshape(-1, 3)
    return np.unique(np.concatenate([kept, _packed(found[None])[0]]))


def _indices(colours: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """H×W packed colours → H×W uint8 indices into ``palette`` (sorted packed colours, at most 256);
    a colour not in the palette becomes the nearest one in it."""
    index = np.searchsorted(palette, colours).clip(0, len(palette) - 1)
    missing = palette[index] != colours
    if missing.any():
        index[missing] = _nearest(colours[missing], palette)
    return index.astype(np.uint8)


def _as_p(index: np.ndarray, palette: np.ndarray) -> Image.Image:
    """H×W uint8 indices and their palette (packed colours) as a Pillow "P" image."""
    image = Image.fromarray(index, "P")
    rgb = np.stack([(palette >> 16) & 255, (palette >> 8) & 255, palette & 255], axis=1).astype(np.uint8)
    image.putpalette(rgb.ravel().tobytes())
    return image


EXACT_NEAREST = 16384   # up to this many different colours the nearest is found for each; beyond, for each cell
NEAREST_CELL = 8        # … of 8×8×8 colour levels: the palette colour nearest the cell's centre


def _nearest(colours: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """For each packed colour, the index of the nearest palette colour (RGB distance).

    Exact for up to EXACT_NEAREST different colours; a photo's hundreds of
    thousands each take the colour nearest the centre of their NEAREST_CELL³
    cell (at most a few levels farther than the nearest), so a frame takes
    milliseconds, not seconds.
    """
    unique, back = np.unique(colours, return_inverse=True)
    if len(unique) <= EXACT_NEAREST:
        return _nearest_to(_channels(unique), palette)[back.ravel()]
    levels = 256 // NEAREST_CELL
    centres = np.arange(levels) * NEAREST_CELL + NEAREST_CELL // 2
    cells = np.stack(np.meshgrid(centres, centres, centres, indexing="ij"), axis=-1).reshape(-1, 3)
    table = _nearest_to(cells.astype(np.int32), palette)
    red, green, blue = (((unique >> shift) & 255) // NEAREST_CELL for shift in (16, 8, 0))
    return table[(red * levels + green) * levels + blue][back.ravel()]


def _channels(packed: np.ndarray) -> np.ndarray:
    return np.stack([(packed >> 16) & 255, (packed >> 8) & 255, packed & 255], axis=-1).astype(np.int32)


def _nearest_to(targets: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """For each of N×3 int32 colours, the index of the nearest palette colour (packed).

    |t − c|² = |t|² − 2 t·c + |c|², and |t|² is the same for every c: the
    nearest c has the least |c|² − 2 t·c, a matrix product (exact: every
    number is a whole number far below 2⁵³).
    """
    choices = _channels(palette).astype(np.float64)
    lengths = (choices ** 2).sum(axis=1)
    nearest = np.empty(len(targets), np.intp)
    for start in range(0, len(targets), 4096):   # a block at a time: 4096 × 256 distances
        block = targets[start:start + 4096].astype(np.float64)
        nearest[start:start + 4096] = (lengths[None, :] - 2 * block @ choices.T).argmin(axis=1)
    return nearest


CLIP_FRAMES = 200   # a sliding-window clip has at most this many frames (several pixels a frame on big images)


class ClipError(ValueError):
    """A clip cannot be made within MAX_CLIP_BYTES as asked; the one-line message says what to do."""


def write_clip_file(state: demo.Demo, path: Path, lesson=None, base=None, scale: int | None = None,
                    overwrite: bool = False) -> Path:
    """The GIF a clip is: the lesson's steps (one frame each) if there is a lesson, else the sliding
    window over ``state``'s image (at most CLIP_FRAMES frames and the last). Written to ``path``
    through saving.write_new (never over a file unless ``overwrite``).

    ``scale`` (--scale) enlarges each pixel; None chooses geometry.auto_scale (10 for the cat,
    less for larger images). Either way the clip stays within MAX_CLIP_BYTES: a scale chosen
    here is made smaller if needed; a ``scale`` given that is too large, or a lesson of more
    steps than fit even at scale 1, is a ClipError naming what would fit.
    """
    if lesson is not None:
        scale = lesson_scale(lesson, state, base, scale)
        return save_gif(iter_lesson(lesson, state, scale, base), path, frame_ms=2000, last_frame_ms=3000,
                        overwrite=overwrite)
    scale = window_scale(state, scale)
    visited = int(state.computed.sum())
    # Every colour of the clip is in the still frame (the drawing and all of its output): its palette serves all.
    return save_gif(iter_sliding_window(state, scale, max(1, -(-visited // CLIP_FRAMES))), path,
                    overwrite=overwrite, palette_from=still_frame(state, scale))


def write_frames_clip(state: demo.Demo, pictures: list[np.ndarray], path: Path, fps: float = 30.0,
                      scale: int | None = None, overwrite: bool = False) -> Path:
    """A GIF of a camera's or a video's frames (``pictures``: H×W or H×W×3 uint8, all one size), each frame
    one picture beside its output under ``state``'s kernel and modes (still_frame), shown 1/``fps`` s each.
    ``scale`` as for write_clip_file (ClipError if too large); frames past MAX_CLIP_BYTES are left out."""
    shown = demo.snapshot(state)
    demo.show_frame(shown, pictures[0])
    height, width = pictures[0].shape[:2]

    def fits(candidate: int) -> bool:
        layout = still_layout(shown, candidate)
        return min(len(pictures), MIN_WINDOW_FRAMES) * layout.width * layout.height * 3 <= MAX_CLIP_BYTES

    best = _largest(fits, scale or auto_scale(width, height))
    if scale is not None and best != scale or not best:
        raise ClipError(f"--scale {scale or 1} makes clip frames too large for a clip within "
                        f"{MAX_CLIP_BYTES // 2 ** 20} MB: "
                        + (f"use --scale {best} or less" if best else "use a smaller video"))
    layout = still_layout(shown, best)
    count = max(1, min(len(pictures), MAX_CLIP_BYTES // (layout.width * layout.height * 3)))

    def frames() -> Iterator[np.ndarray]:
        for picture in pictures[:count]:
            demo.show_frame(shown, picture)
            yield still_frame(shown, best)

    frame_ms = max(MIN_FRAME_MS, round(1000 / fps / 10) * 10)
    return save_gif(frames(), path, frame_ms=frame_ms, last_frame_ms=frame_ms, overwrite=overwrite,
                    palette_from=still_frame(shown, best))


def _fits_window(state: demo.Demo, scale: int) -> bool:
    """Whether a sliding-window clip at ``scale`` keeps MIN_WINDOW_FRAMES frames (or all it has) in budget."""
    layout = window_layout(state, scale)
    wanted = min(MIN_WINDOW_FRAMES, int(state.computed.sum()) + 1, CLIP_FRAMES + 1)
    return max(wanted, 2) * layout.width * layout.height * 3 <= MAX_CLIP_BYTES


def window_scale(state: demo.Demo, scale: int | None = None) -> int:
    """The scale of a sliding-window clip: ``scale`` (ClipError if too large for the budget) or,
    for None, geometry.auto_scale of the image, made smaller until the clip fits."""
    height, width = state.image.shape[:2]
    if scale is not None:
        _check_scale(scale)
        if not _fits_window(state, scale):
            best = _largest(lambda s: _fits_window(state, s), scale)
            raise ClipError(f"--scale {scale} makes clip frames of {_frame_text(window_layout(state, scale))}, "
                            f"too large for a clip within {MAX_CLIP_BYTES // 2 ** 20} MB: "
                            + (f"use --scale {best} or less" if best else "use a smaller image"))
        return scale
    best = _largest(lambda s: _fits_window(state, s), auto_scale(width, height))
    if not best:
        raise ClipError(f"a {width}\u00d7{height} image makes clip frames too large for a clip within "
                        f"{MAX_CLIP_BYTES // 2 ** 20} MB: use a smaller image")
    return best


def lesson_scale(lesson: lessons.Lesson, state: demo.Demo, base=None, scale: int | None = None) -> int:
    """The scale of a lesson's clip: ``scale`` or, for None, the least geometry.auto_scale of the steps'
    images, made smaller until one frame a step fits MAX_CLIP_BYTES; ClipError if it cannot."""
    shapes = _step_shapes(lesson, state, base)
    steps, budget = len(shapes), f"{MAX_CLIP_BYTES // 2 ** 20} MB"

    def fits(candidate: int) -> bool:
        width, height = _padded_size(shapes, candidate)
        return steps * width * height * 3 <= MAX_CLIP_BYTES

    if scale is not None:
        _check_scale(scale)
        if fits(scale):
            return scale
        best = _largest(fits, scale)
        raise ClipError(f"--scale {scale} makes a clip of the lesson's {steps} steps larger than {budget}: "
                        + (f"use --scale {best} or less" if best else "use a lesson of fewer steps"))
    best = _largest(fits, min(auto_scale(width, height) for height, width, *_ in shapes))
    if not best:
        width, height = _padded_size(shapes, 1)
        raise ClipError(f"a clip of the lesson's {steps} steps, one frame each, would be larger than {budget} "
                        f"even at scale 1: make a clip of a lesson of at most "
                        f"{MAX_CLIP_BYTES // (width * height * 3)} steps")
    return best


def _largest(fits, start: int) -> int:
    """The largest scale from ``start`` down to 1 for which ``fits(scale)``, or 0 if none (a binary search:
    whether a clip fits only gets truer as the scale shrinks)."""
    if start < 1 or not fits(1):
        return 0
    low, high = 1, start   # fits(low); the answer is in low … high
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(middle) else (low, middle - 1)
    return low


def _frame_text(layout: ClipLayout) -> str:
    return f"{layout.width}\u00d7{layout.height} pixels"
