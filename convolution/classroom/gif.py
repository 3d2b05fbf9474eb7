"""GIF files: frames (H×W×3 uint8 pictures) written as an animated GIF that loops, never over a file.

Pure numpy and Pillow. ``save_gif`` takes frames one at a time (a generator
will do) and keeps each as one byte a pixel once it has its palette; the
palette keeps the panels' colours and every grey exact where it can (see
save_gif). clips.py makes the frames, from the views' scenes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import numpy as np
from PIL import Image

from convolution.files import saving
from convolution.screen import pixels

MIN_FRAME_MS = 20   # GIF viewers show shorter frames at 100 ms


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
    for number, given in enumerate(frames, 1):
        frame, keep = given if isinstance(given, tuple) else (given, None)
        frame = _checked_frame(frame, number, None if previous is None else previous.shape)
        if previous is not None and np.array_equal(frame, previous):
            durations[-1] += every_ms
            continue
        encoded.add(frame, keep)
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

def packed(frame: np.ndarray) -> np.ndarray:
    """H×W×3 uint8 → H×W uint32 0xRRGGBB, one number per colour (save_gif's ``keep`` colours are these)."""
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

    def add(self, frame: np.ndarray, keep: np.ndarray | None = None) -> None:
        now = packed(frame)
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
            palette = _frame_palette(now, keep)
            index = _indices(now, palette)
        self.before = now
        self.frames.append((index, palette))

    def _fixed_indices(self, now: np.ndarray) -> np.ndarray:
        """``now``'s indices into the one palette made from palette_from (made at the first call)."""
        if self.fixed is None:
            self.fixed = _frame_palette(np.concatenate([packed(self.palette_from).ravel(), now.ravel()]))
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
TEXT_SLOTS = 24     # with the colours to keep given: slots left for the rest (the smoothed edges of text)


def _frame_palette(colours: np.ndarray, keep: np.ndarray | None = None) -> np.ndarray:
    """The frame's colours (packed, sorted) if at most 256. Else 256 colours: the panel colours, then
    ``keep`` (packed colours: a scene's pictures and shapes) or, without it, the greys (the commonest, if
    they would leave fewer than COLOUR_SLOTS, or TEXT_SLOTS with ``keep``), and Pillow's median-cut choice
    among the colours left for the slots left."""
    values, counts = np.unique(colours, return_counts=True)
    if len(values) <= 256:
        return values
    red, green, blue = (values >> 16) & 255, (values >> 8) & 255, values & 255
    ui = np.isin(values, packed(np.array([_KEPT_FIRST], np.uint8))[0])
    if keep is not None:
        preferred, slots = np.isin(values, keep) & ~ui, TEXT_SLOTS
    else:
        preferred, slots = (red == green) & (green == blue) & ~ui, COLOUR_SLOTS
    others = ~(ui | preferred)
    preferred_kept = min(int(preferred.sum()), 256 - int(ui.sum()) - min(slots, int(others.sum())))
    commonest = np.flatnonzero(preferred)[np.argsort(-counts[preferred], kind="stable")[:preferred_kept]]
    exact = ui.copy()
    exact[commonest] = True
    kept, rest = values[exact], ~exact
    free = 256 - len(kept)
    if free == 0 or not rest.any():   # the panel colours and the greys fill the palette: the rest go to the nearest
        return np.unique(kept)
    # The colours left (greys that did not fit among them), each as often as it occurs, for median cut.
    spread = np.repeat(values[rest], counts[rest])
    strip = np.stack([(spread >> 16) & 255, (spread >> 8) & 255, spread & 255], axis=-1).astype(np.uint8)
    chosen = Image.fromarray(strip[None]).quantize(free, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    found = np.asarray(chosen.getpalette()[:3 * free], np.uint8).reshape(-1, 3)
    return np.unique(np.concatenate([kept, packed(found[None])[0]]))


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
