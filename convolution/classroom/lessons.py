"""Lesson plans: a list of steps a teacher walks through with a clicker (Page Down / Page Up).

A lesson is a TOML file. Pure Python: no py5, no window, so every step of a
lesson can be checked (and a mistake in it reported as one line) before
Java starts, and the same steps can be rendered into a GIF (see clips.py).

The format, with every key a step may set::

    title = "Convolution, from the cat to a CNN"   # optional; default: the file's name

    [[step]]                     # one table per step, in the order they are shown
    caption = "The cat: 28×28 pixels, 0 = black, 255 = white"
    image = "../assets/cat.png"  # PNG/JPEG, or a Quick Draw .npy/.bin; relative to this file's folder
    index = 0                    # which drawing of a Quick Draw file (from 0)
    invert = false               # show 255 − v (Quick Draw's white-on-black becomes dark-on-light)
    kernel = "identity"          # a preset's name (any case), "random", or weights:
                                 #   "1 2 1; 2 4 2; 1 2 1 / 16" (as --kernel takes them),
                                 #   the rows on lines of their own in a multi-line ''' string,
                                 #   or a TOML array of rows: [[1, 2, 1], [2, 4, 2], [1, 2, 1]]
    seed = 7                     # seeds the random numbers (a "random" kernel, and the r key)
    view = "filter"              # one of demo.VIEW_NAMES (the names --view takes)
    edges = "skip"               # skip, zero, extend, wrap or reflect (filters.EDGE_MODES)
    values = "clamp"             # how sums are drawn: clamp, absolute, stretch or signed
    flip = false                 # true: true convolution (the kernel turned 180°)
    relu = false                 # true: negative sums become 0
    pool = 0                     # 0: no pooling; 2 … 9: pool windows of that size
    pool_mode = "max"            # max or average
    probe = ["right", "turn left"]   # the drawing moved so, this step only (state/probe.py's PROBES)

Every key is optional. A step that does not set something keeps what the
step before it had; the first step starts from the sketch's defaults (the
image the sketch was started with, normally the bundled cat; identity; skip;
clamp; no flip, ReLU or pooling; the filter view). Three exceptions, so a
step means what it says:

- ``caption`` belongs to its step: a step without one shows no caption (so does ``probe``).
- ``index`` goes with ``image``: a step that sets ``image`` but no ``index``
  shows the file's first drawing (a step that sets only ``index`` picks
  another drawing of the same file).
- ``seed`` goes with ``kernel``: a step that sets ``kernel`` but no ``seed``
  has no seed. A ``"random"`` kernel without a seed gets one when the lesson
  is loaded, so the step (and every step that keeps its kernel) shows the
  same random kernel each time, going back and forth; it differs from one
  run of the sketch to the next.

``load_lesson`` checks every step when the lesson is loaded (each image is
opened, so a damaged file is caught then) and resolves the "keeps what the
step before had", so each ``Step`` holds its complete settings:
``apply_step`` shows a step the same way whatever was shown before it.
"""

from __future__ import annotations

import difflib
import functools
import math
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import numpy as np

if sys.version_info >= (3, 11):
    import tomllib
else:   # Python 3.10: the same parser, from PyPI
    import tomli as tomllib

import filters
from convolution.files import bundled, images, kernel_text, reading, sources
from convolution.state import demo, probe

# The keys a [[step]] table may set, in the order the docstring lists them.
STEP_KEYS = ("caption", "image", "index", "invert", "kernel", "seed", "view",
             "edges", "values", "flip", "relu", "pool", "pool_mode", "probe")
TOP_KEYS = ("title", "step")
MAX_POOL = 9   # pooling windows from 2×2 to 9×9



class Settings(TypedDict):
    """A step's settings by key, each checked (``_resolve``): what a [[step]] table may set but its caption.
    A Step holds the same fields."""
    image: Path | None
    index: int | None
    invert: bool
    kernel: str | np.ndarray
    seed: int | None
    view: str
    edges: str
    values: str
    flip: bool
    relu: bool
    pool: int
    pool_mode: str
    probe: tuple[str, ...]


# What the first step starts from: the sketch's defaults.
DEFAULTS: Settings = dict(image=None, index=None, invert=False, kernel="identity", seed=None, view="filter",
                          edges="skip", values="clamp", flip=False, relu=False, pool=0, pool_mode="max", probe=())


class LessonError(ValueError):
    """A lesson file cannot be used. The message is one line naming the file (and the step)."""


@dataclass(frozen=True, eq=False)   # eq=False: a kernel array cannot say whether two steps are "equal"
class Step:
    """One step of a lesson, checked, with every setting resolved (nothing left to inherit)."""
    number: int                  # 1-based, as the teacher counts them
    caption: str                 # one line of text ("" for none)
    image: Path | None           # an absolute path, or None: the image the sketch started with
    index: int | None            # the drawing of a Quick Draw file; None for a single image (or drawing 0)
    invert: bool
    kernel: str | np.ndarray     # a preset's name, "random", or float64 weights (read-only)
    seed: int | None             # set for every "random" kernel (see the module's docstring)
    view: str                    # a name in demo.VIEW_NAMES
    edges: str                   # one of filters.EDGE_MODES
    values: str                  # one of filters.DISPLAY_MAPPINGS
    flip: bool
    relu: bool
    pool: int                    # 0, or a window size from 2 to MAX_POOL
    pool_mode: str               # one of filters.POOL_MODES
    probe: tuple[str, ...] = ()  # the drawing moved so (probe.PROBES' names), this step only: "does it still know?"
    origin: str = ""             # "lessons/intro.toml step 3": where it was written, for messages


@dataclass(frozen=True)
class Lesson:
    """A lesson plan: its title and its steps, in order."""
    title: str
    steps: tuple[Step, ...]
    path: Path


# --------------------------------------------------------------------------
# Reading a lesson file
# --------------------------------------------------------------------------

def find_lesson(path) -> Path:
    """The lesson plan --lesson ``path`` names: that file if anything of that name exists, else the bundled
    lesson of that name (``coding-train``, ``coding-train.toml`` or ``lessons/coding-train.toml``, from any
    folder). Raises LessonError naming the bundled lessons when neither is there."""
    path = Path(path)
    if path.exists() or path.is_symlink():
        return path                                   # load_lesson says what is wrong with it, if anything
    names = bundled.lesson_names()
    if len(path.parts) == 1 or (len(path.parts) == 2 and path.parts[0] == "lessons"):
        name = path.stem if path.suffix.lower() == ".toml" else path.name
        if name in names:
            return bundled.LESSONS / f"{name}.toml"
    known = ", ".join(names) if names else "none"
    raise LessonError(f"lesson file not found: {path}; the bundled lessons, by name: {known} "
                      f"(e.g. --lesson {names[0] if names else 'coding-train'})")


def load_lesson(path, base: Path | None = None) -> Lesson:
    """Read and check the lesson in the TOML file ``path``.

    ``base`` is the image shown by steps that set no ``image`` (the sketch's
    --image; default the bundled cat); those steps are checked against it.
    Every step is checked, and every image it names opened, now. Raises
    LessonError with one line that names the file and, for a mistake in a
    step, the step: ``lessons/intro.toml step 3: unknown kernel 'sobel': …``.
    """
    path = Path(path)
    data = _read_toml(path)
    name = reading.shown_path(path)   # one line, whatever the name holds
    unknown = [key for key in data if key not in TOP_KEYS]
    if unknown:
        raise LessonError(f"{name}: unknown key {unknown[0]!r} at the top of the file"
                          f"{_did_you_mean(unknown[0], TOP_KEYS)}: "
                          f"the top may set title, and each step goes in a [[step]] table")
    title = data.get("title", path.stem)
    if not isinstance(title, str):
        raise LessonError(f"{name}: title must be text in quotes, got {_shown(title)}")
    tables = data.get("step", [])
    if isinstance(tables, dict):
        raise LessonError(f"{name}: write each step as [[step]] (two brackets), not [step]")
    if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
        raise LessonError(f"{name}: 'step' must be a list of [[step]] tables, got {_shown(tables)}")
    if not tables:
        raise LessonError(f"{name} has no steps: add at least one [[step]] table, "
                          f"such as a line [[step]] and under it kernel = \"vertical-edge\"")
    if len(tables) > MAX_STEPS:
        raise LessonError(f"{name} has {len(tables):,} steps, more than the {MAX_STEPS:,} a lesson may have: "
                          f"split it into several lessons")

    folder = path.parent
    base = Path(base) if base is not None else images.DEFAULT_IMAGE
    settings = DEFAULTS.copy()
    shapes: dict[tuple, tuple[int, ...]] = {}   # image shapes by (the file itself, index, invert): opened once
    decoded: dict[tuple, int] = {}               # … and the pixels each took to read (MAX_PIXELS together)
    steps = []
    for number, table in enumerate(tables, 1):
        origin = f"{name} step {number}"
        try:
            settings, caption = _resolve(table, settings, folder)
            _check_fits(settings, base, shapes, decoded)
        except ValueError as error:   # the checks here, and cli's and images' (ImageLoadError is one)
            raise LessonError(_one_line(f"{origin}: {error}")) from None
        image = settings["image"]
        resolved: Settings = {**settings, "image": image.resolve() if image is not None else None}
        steps.append(Step(number=number, caption=caption, origin=origin, **resolved))
    return Lesson(_one_line(title.strip()) or path.stem, tuple(steps), path)


MAX_LESSON_BYTES = 2 ** 20   # a lesson of 40 steps is about 5 KB
MAX_STEPS = 1000             # a lecture's worth many times over; each step is checked when the lesson loads
MAX_IMAGES = 100             # different pictures a lesson shows (a file, a drawing of a file, inverted or not)
MAX_PIXELS = 200_000_000     # their pixels together (4 photos of the largest size the sketch opens)


def _read_toml(path: Path) -> dict:
    """The lesson file's TOML as a dict, or LessonError saying why it cannot be read.

    Only a regular file of at most MAX_LESSON_BYTES is read (never a FIFO).
    """
    with reading.open_regular(path, LessonError, "lesson file", "a .toml file") as file:
        size = reading.size_of(file)
        if size > MAX_LESSON_BYTES:
            raise LessonError(f"{path} is {reading.megabytes(size)}, larger than a lesson plan can be "
                              f"({reading.megabytes(MAX_LESSON_BYTES)}): is it the right file?")
        try:
            raw = bytes(reading.read_exactly(file, MAX_LESSON_BYTES + 1))
        except OSError as error:
            raise LessonError(f"{path} could not be read ({error.strerror or error})") from None
    if len(raw) > MAX_LESSON_BYTES:   # it grew while it was read
        raise LessonError(f"{path} is larger than a lesson plan can be ({reading.megabytes(MAX_LESSON_BYTES)})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LessonError(f"{path} is not UTF-8 text (byte {error.start}): save it as UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib says where: "Invalid value (at line 3, column 10)".
        raise LessonError(_one_line(f"{path} is not valid TOML: {error}")) from None
    except RecursionError:
        raise LessonError(f"{path} is not a lesson plan: its arrays or tables are nested too deeply for TOML "
                          f"to be read") from None


def _resolve(table: dict, previous: Settings, folder: Path) -> tuple[Settings, str]:
    """This step's complete settings (the previous step's, with this table's changes), and its caption.

    Raises ValueError with the message for the step (without the "file step N: " in front).
    """
    for key in table:
        if key not in STEP_KEYS:
            raise ValueError(f"unknown key {key!r}{_did_you_mean(key, STEP_KEYS)}: "
                             f"a step may set {', '.join(STEP_KEYS)}")
    settings = previous.copy()
    caption = _caption(table["caption"]) if "caption" in table else ""
    if "image" in table:
        settings["image"] = _image_path(table["image"], folder)
        settings["index"] = None   # index goes with image: a new file starts at its first drawing
    if "index" in table:
        settings["index"] = _whole(table["index"], "index", lowest=0)
    if "invert" in table:
        settings["invert"] = _true_or_false(table["invert"], "invert")
    if "flip" in table:
        settings["flip"] = _true_or_false(table["flip"], "flip")
    if "relu" in table:
        settings["relu"] = _true_or_false(table["relu"], "relu")
    if "kernel" in table:
        settings["kernel"] = _kernel(table["kernel"])
        settings["seed"] = None    # seed goes with kernel
    if "seed" in table:
        settings["seed"] = _whole(table["seed"], "seed", lowest=0)
    if isinstance(settings["kernel"], str) and settings["kernel"] == demo.RANDOM and settings["seed"] is None:
        settings["seed"] = secrets.randbelow(2 ** 32)   # the same random kernel each time the step is shown
    if "view" in table:
        settings["view"] = _choice(table["view"], "view", demo.VIEW_NAMES)
    if "edges" in table:
        settings["edges"] = _choice(table["edges"], "edge mode", filters.EDGE_MODES)
    if "values" in table:
        settings["values"] = _choice(table["values"], "value mapping", list(filters.DISPLAY_MAPPINGS))
    if "pool" in table:
        settings["pool"] = _pool_size(table["pool"])
    if "pool_mode" in table:
        settings["pool_mode"] = _choice(table["pool_mode"], "pooling", filters.POOL_MODES)
    moves = table.get("probe", [])   # not inherited: a step moves the drawing it shows, from the file's
    moves = moves if isinstance(moves, list) else [moves]
    settings["probe"] = tuple(_choice(move, "probe", list(probe.PROBES)) for move in moves)
    return settings, caption


def _check_fits(settings: Settings, base: Path, shapes: dict[tuple, tuple[int, ...]],
                decoded: dict[tuple, int]) -> None:
    """Open the step's image (once per file, index and inversion) and check the kernel and pooling fit it."""
    path = settings["image"] if settings["image"] is not None else base
    index, invert = settings["index"], settings["invert"]
    kernel_shape = _kernel_shape(settings["kernel"])
    key = (_file_identity(path), index, invert)   # one file named through many paths is one file
    if key not in shapes:
        image, source = sources.open_source(path, (1, 1), index, invert)   # the kernel is checked below, per step
        shapes[key] = image.shape   # only the shape is kept: a Quick Draw file can be 100 MB
        decoded[key] = math.prod(source["scaled_from"] or image.shape[:2])   # pixels read, before scaling down
        _check_budget(decoded)
    shape = shapes[key]
    sources.check_image_size(np.broadcast_to(np.uint8(0), shape), kernel_shape, _kernel_label(settings["kernel"]),
                         str(path))
    pool, height, width = settings["pool"], shape[0], shape[1]
    if pool > min(height, width):
        raise ValueError(f"pool = {pool}: a {pool}\u00d7{pool} pooling window is larger than the "
                         f"{width}\u00d7{height} image: use a window of at most {min(height, width)}")


def _file_identity(path: Path) -> tuple:
    """The file ``path`` names, whatever the path's text: (device, inode); the path itself if it cannot be
    asked (opening it says why)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return (str(path),)
    return (info.st_dev, info.st_ino)


def _check_budget(decoded: dict) -> None:
    """ValueError once the lesson's distinct pictures are more than MAX_IMAGES, or the pixels read to open them
    (``decoded``: by picture) more than MAX_PIXELS: each is read as the lesson loads, and again as it is shown."""
    if len(decoded) > MAX_IMAGES:
        raise ValueError(f"the lesson names more than {MAX_IMAGES} different pictures (files, drawings of a file, "
                         f"inverted or not): split it into several lessons")
    pixels = sum(decoded.values())
    if pixels > MAX_PIXELS:
        raise ValueError(f"the lesson's pictures hold {pixels / 1e6:,.0f} megapixels together, more than the "
                         f"{MAX_PIXELS / 1e6:,.0f} a lesson may: use smaller pictures or fewer of them")


# --------------------------------------------------------------------------
# One value each: checked, or a ValueError that says what is wrong
# --------------------------------------------------------------------------

def _caption(value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"caption must be text in quotes, got {_shown(value)}")
    return " ".join(value.split())   # one line on screen: line breaks and runs of spaces become one space


def _image_path(value, folder: Path) -> Path:
    """The image's path as the lesson names it, joined to the lesson's folder (resolved when stored)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"image must be a file's path in quotes, such as \"../assets/cat.png\", got {_shown(value)}")
    try:
        expanded = Path(value.strip()).expanduser()
    except RuntimeError:   # ~user of no one known here, or no home folder
        raise ValueError(f"image {_shown(value.strip())}: the home folder of {value.strip().split('/')[0]!r} "
                         f"is not known on this computer: write the path without ~") from None
    return folder / expanded


def _whole(value, key: str, lowest: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key} must be a whole number, got {_shown(value)}")
    if value < lowest:
        raise ValueError(f"{key} must be {lowest} or more, got {value}")
    return value


def _true_or_false(value, key: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{key} must be true or false (no quotes), got {_shown(value)}")
    return value


def _choice(value, what: str, choices) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text in quotes, one of {', '.join(choices)}; got {_shown(value)}")
    if value not in choices:
        raise ValueError(f"unknown {what} {value!r}: choose one of {', '.join(choices)}")
    return value


def _pool_size(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not (value == 0 or 2 <= value <= MAX_POOL):
        raise ValueError(f"pool must be 0 (no pooling) or a window size from 2 to {MAX_POOL}, got {_shown(value)}")
    return value


def _kernel(value) -> str | np.ndarray:
    """A preset's name, "random", or weights (as text or a TOML array of rows) as a read-only float64 array."""
    if isinstance(value, list):
        value = _rows_as_text(value)
    elif not isinstance(value, str):
        raise ValueError(f"kernel must be a preset's name or weights in quotes, such as "
                         f"{kernel_text.KERNEL_EXAMPLE}, got {_shown(value)}")
    else:
        # Rows may sit on lines of their own in a """…""" string.
        lines = [line.strip().rstrip(";") for line in value.splitlines() if line.strip()]
        value = "; ".join(lines) if len(lines) > 1 else value.strip()
    try:
        choice = kernel_text.read_kernel(value)
    except ValueError as error:
        message = str(error)
        raise ValueError(message if message.startswith("unknown kernel") else f"kernel {value!r}: {message}") from None
    if isinstance(choice, np.ndarray):
        choice.flags.writeable = False   # the Step is frozen: so are its weights
    return choice


def _rows_as_text(rows: list) -> str:
    """A TOML array of rows of numbers as --kernel text, so the same checks (and messages) apply."""
    if not rows or not all(isinstance(row, list) for row in rows):
        raise ValueError(f"kernel as an array must be a list of rows, such as [[0, -1, 0], [-1, 5, -1], "
                         f"[0, -1, 0]], got {_shown(rows)}")
    for number, row in enumerate(rows, 1):
        for weight in row:
            if isinstance(weight, bool) or not isinstance(weight, (int, float)):
                raise ValueError(f"kernel row {number}: {_shown(weight)} is not a number")
    return "; ".join(" ".join(repr(float(weight)) for weight in row) for row in rows)


def _kernel_shape(kernel) -> tuple[int, int]:
    return kernel_text.kernel_shape(kernel)


def _kernel_label(kernel) -> str:
    """The kernel's name for messages: a preset's, or nothing for random and written-out weights."""
    return kernel if isinstance(kernel, str) and kernel != demo.RANDOM else ""


def _did_you_mean(word: str, known) -> str:
    close = difflib.get_close_matches(word, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _shown(value) -> str:
    """A TOML value as the lesson file writes it, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------
# Showing a step
# --------------------------------------------------------------------------

def open_step_image(step: Step, base: Path | None = None) -> tuple[np.ndarray, dict]:
    """The image ``step`` shows and the demo's source fields for it (see sources.open_source).

    ``base`` is the image for steps that set none (default the bundled cat).
    Raises LessonError (one line, naming the step) when the file has become
    unusable since the lesson was loaded.
    """
    path = step.image if step.image is not None else Path(base) if base is not None else images.DEFAULT_IMAGE
    try:
        stat = Path(path).stat()
        image, source = _opened(str(path), stat.st_size, stat.st_mtime_ns, step.index, step.invert)
        sources.check_image_size(image, _kernel_shape(step.kernel), _kernel_label(step.kernel), str(path))
    except MemoryError:
        raise
    except Exception as error:   # OSError, ValueError, and whatever Pillow raises for a damaged picture
        text = (f"image file not found: {path}" if isinstance(error, FileNotFoundError)
                else str(error) or type(error).__name__)
        raise LessonError(_one_line(f"{step.origin or f'step {step.number}'}: {text}")) from None
    return image, dict(source)


@functools.lru_cache(maxsize=1)
def _opened(path: str, size: int, modified: int, index: int | None, invert: bool) -> tuple[np.ndarray, dict]:
    """sources.open_source of a file, kept for the next call with the same file, unchanged (its size and time):
    Page Down and Page Up through steps that share a file then need not read it again."""
    return sources.open_source(path, (1, 1), index, invert)


def apply_step(state: demo.SketchState, step: Step, base: Path | None = None) -> str:
    """Make ``state`` show ``step``, whatever it showed before; returns the step's view name.

    The kernel, modes, ReLU and pooling are set; the image is replaced only
    if it differs from what is shown (a drawing made on it gives way to the
    file's, through demo.replace_image); then comes the one recompute all
    that needs (``refilter`` if the image, kernel, edges or flip changed,
    else ``remap`` if the value mapping, ReLU or pooling did, else none).
    The sketch switches to the returned view. A step with a ``seed`` re-seeds
    ``state.rng`` first, so its random kernel (and the r key after it) is
    the same every time. Weight editing in progress ends. ``base`` is the
    image for steps that set none (default the bundled cat). Raises
    LessonError, leaving ``state`` alone, if the step's image file can no
    longer be used.
    """
    image, source = open_step_image(step, base)   # the only part that can fail: before anything changes
    for move in step.probe:
        image = probe.apply(image, move)
    if step.seed is not None:
        state.rng = np.random.default_rng(step.seed)
    demo.select_cell(state, None)
    refilter = remap = False
    kernel, name, custom_from = _kernel_for(step, state)
    if not np.array_equal(kernel, state.kernel):
        state.kernel, refilter = kernel, True
    state.kernel_name, state.custom_from, state.ui.typed = name, custom_from, ""
    if name in filters.PRESETS:
        state.preset_index = demo.PRESET_NAMES.index(name)   # the arrows go on from this preset
    for field, value in (("edges", step.edges), ("flip", step.flip)):
        if getattr(state, field) != value:
            setattr(state, field, value)
            refilter = True
    for name, setting in (("mapping", step.values), ("relu", step.relu), ("pool", step.pool),
                          ("pool_mode", step.pool_mode)):
        if getattr(state, name) != setting:
            setattr(state, name, setting)
            remap = True
    if not _shows(state, image, source):
        # A copy: the state's image is its own, whatever the window does to it. One recompute, with all the above.
        demo.replace_image(state, image.copy(), **source)
    elif refilter:
        state.refilter()   # recomputes what remap does too
    elif remap:
        state.remap()
    return step.view


def _kernel_for(step: Step, state: demo.SketchState) -> tuple[np.ndarray, str, str]:
    """(weights, kernel_name, custom_from) for the step's kernel; a random one is rolled from state.rng."""
    if isinstance(step.kernel, np.ndarray):
        return np.array(step.kernel), demo.CUSTOM, "the lesson"   # a copy the window may edit
    if step.kernel == demo.RANDOM:
        return filters.random_kernel(state.rng, demo.RANDOM_SIZES[0]), demo.RANDOM, ""
    return filters.PRESETS[step.kernel], step.kernel, ""


def _shows(state: demo.SketchState, image: np.ndarray, source: dict) -> bool:
    """Whether ``state`` already shows ``image`` from the same source (file, drawing, inversion)."""
    if state.image.shape != image.shape or not np.array_equal(state.image, image):
        return False
    if (state.inverted, state.scaled_from) != (source["inverted"], source["scaled_from"]):
        return False
    drawings = source["drawings"]
    if drawings is None or state.drawings is None:
        return drawings is None and state.drawings is None
    return state.drawing_index == source["drawing_index"] and (
        state.drawings is drawings or np.array_equal(state.drawings, drawings))


# --------------------------------------------------------------------------
# Walking through a lesson
# --------------------------------------------------------------------------

class LessonPlayer:
    """Where the teacher is in a lesson: Page Down (``forward``) and Page Up (``back``).

    ``number`` is the step shown (1-based); 0 before the first is shown, so
    the sketch calls ``forward`` once at the start to show step 1.
    """

    def __init__(self, lesson: Lesson, base: Path | None = None):
        self.lesson = lesson
        self.base = base      # the image for steps that set none (the sketch's --image)
        self.number = 0

    @property
    def current(self) -> Step | None:
        """The step shown, or None before the first."""
        return self.lesson.steps[self.number - 1] if self.number else None

    def forward(self, state: demo.SketchState) -> str | None:
        """Show the next step; its view name, or None after the last (the state is left alone)."""
        return self.go_to(state, self.number + 1)

    def back(self, state: demo.SketchState) -> str | None:
        """Show the step before, in full; its view name, or None at the first (the state is left alone)."""
        return self.go_to(state, self.number - 1)

    def go_to(self, state: demo.SketchState, number: int) -> str | None:
        """Show step ``number`` (1-based); its view name, or None if there is no such step."""
        if not 1 <= number <= len(self.lesson.steps):
            return None
        view = apply_step(state, self.lesson.steps[number - 1], self.base)
        self.number = number   # only once the step is shown: a failed step leaves the player where it was
        return view

    def caption_line(self) -> str:
        """"step 3 of 9: The lesson's kernel …", or how to begin before the first step."""
        total = len(self.lesson.steps)
        step = self.current
        if step is None:
            return f"{self.lesson.title}: {total} step{'s' if total != 1 else ''}, Page Down to begin"
        line = f"step {step.number} of {total}"
        return f"{line}: {step.caption}" if step.caption else line
