"""The command line: options, their checks, and the error for each mistake.

No py5 here, so `--help` and every mistake in the options work without Java
or a display. argparse reports a bad option as one line and exits with 2;
``prepare`` raises ValueError with a one-line message for the rest.
"""

from __future__ import annotations

import argparse
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from convolution.state import demo
import filters
from convolution.screen import geometry
from convolution.files import images
from convolution.state import keys
from convolution.maths import layer
from convolution.classroom import lessons
import network
from convolution.screen import pixels
from convolution.screen import views

MAX_WINDOW_SIDE = 16000   # Java cannot open windows much larger than this
MIN_IMAGE_SIDE = images.MIN_SIDE   # the smallest image worth filtering (3×3)
MAX_KERNEL_SIDE = 7       # larger kernels' weights and sums no longer fit their boxes
MAX_POOL = 9              # pooling windows up to 9×9
KERNEL_EXAMPLE = "'0 -1 0; -1 5 -1; 0 -1 0'"


# --------------------------------------------------------------------------
# Kernels
# --------------------------------------------------------------------------

def parse_kernel_text(text: str) -> np.ndarray:
    """Read a kernel written as text, such as ``"0 -1 0; -1 5 -1; 0 -1 0"``.

    Rows are separated by ``;`` and the numbers in a row by spaces or commas;
    numbers may be negative or have decimals (``-0.5``, ``.25``, ``1e-2``; the
    minus sign − is understood too). An optional ``/ N`` at the end divides
    every weight by N: ``"1 2 1; 2 4 2; 1 2 1 / 16"``. A trailing ``;`` is
    ignored. Nothing is evaluated as code: each number is read with
    ``float()``.

    Returns a float64 array of shape rows × columns. Raises ValueError with a
    one-line message pointing at the problem: an empty row or place, a word
    that is not a number, NaN or infinity, rows of different lengths, an even
    number of rows or columns (a kernel needs a centre), a kernel larger than
    MAX_KERNEL_SIDE, a divisor of 0, or a weight beyond ±demo.WEIGHT_LIMIT.
    """
    text = text.replace("\u2212", "-")
    if text.count("/") > 1:
        raise ValueError("use at most one '/ N', at the end, as in '1 2 1; 2 4 2; 1 2 1 / 16'")
    body, slash, divisor_text = text.partition("/")
    divisor = 1.0
    if slash:
        if not divisor_text.strip():
            raise ValueError("nothing after '/': give the number to divide by, as in '1 2 1; 2 4 2; 1 2 1 / 16'")
        if ";" in divisor_text:
            raise ValueError("'/ N' must come at the end, after the last row")
        divisor = _read_number(divisor_text.strip(), "after '/'")
        if divisor == 0:
            raise ValueError("'/ 0' would divide by zero: divide by another number, or leave '/ N' out")
    row_texts = body.split(";")
    while len(row_texts) > 1 and not row_texts[-1].strip():
        row_texts.pop()   # a trailing ';'
    if not body.strip():
        raise ValueError(f"no weights given: write rows of numbers separated by ';', such as {KERNEL_EXAMPLE}")
    rows: list[list[float]] = []
    for number, row_text in enumerate(row_texts, start=1):
        row_text = row_text.strip()
        if not row_text:
            raise ValueError(f"row {number} is empty: separate rows with one ';', such as {KERNEL_EXAMPLE}")
        words = re.split(r"\s*,\s*|\s+", row_text)
        if "" in words:
            raise ValueError(f"row {number} ({row_text!r}) has an empty place between commas")
        values = [_read_number(word, f"in row {number}") for word in words]
        if rows and len(values) != len(rows[0]):
            raise ValueError(f"row {number} has {_count(len(values))}, row 1 has {_count(len(rows[0]))}: "
                             f"every row needs the same number of weights")
        rows.append(values)
    with np.errstate(over="ignore"):
        kernel = np.array(rows, dtype=np.float64) / divisor
    height, width = kernel.shape
    if height % 2 == 0 or width % 2 == 0:
        raise ValueError(f"the kernel is {height}\u00d7{width}: it needs an odd number of rows and of columns "
                         f"(such as 3\u00d73 or 5\u00d75) so that it has a centre pixel")
    if max(height, width) > MAX_KERNEL_SIDE:
        raise ValueError(f"the kernel is {height}\u00d7{width}: the sketch shows kernels up to "
                         f"{MAX_KERNEL_SIDE}\u00d7{MAX_KERNEL_SIDE}")
    largest = float(np.max(np.abs(kernel)))
    if not math.isfinite(largest):
        raise ValueError(f"dividing by {divisor:g} makes the weights too large: "
                         f"weights must stay within \u00b1{demo.WEIGHT_LIMIT:g}")
    if largest > demo.WEIGHT_LIMIT:
        raise ValueError(f"a weight of {largest:g} is too large: weights must stay within "
                         f"\u00b1{demo.WEIGHT_LIMIT:g} (write smaller numbers, or divide with '/ N' at the end)")
    return kernel


def _count(n: int) -> str:
    return "1 number" if n == 1 else f"{n} numbers"


def _read_number(word: str, where: str) -> float:
    """One weight from its text, or ValueError naming the word and where it is."""
    try:
        value = float(word)
    except ValueError:
        raise ValueError(f"{word!r} {where} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{word!r} {where} is not a finite number: use ordinary numbers such as 2, -1 or 0.5")
    return value


def looks_like_numbers(text: str) -> bool:
    """Whether --kernel's text is meant as weights rather than a name:
    it has ';', ',' or '/', or starts with a number."""
    if any(mark in text for mark in ";,/"):
        return True
    first = text.replace("\u2212", "-").split()[:1]
    try:
        float(first[0]) if first else float("x")
    except ValueError:
        return False
    return True


def kernel_choice(text: str) -> str | np.ndarray:
    """argparse type for --kernel: a preset's name (any case, _ or -), "random",
    or weights written as text (see parse_kernel_text), returned as an array."""
    cleaned = text.strip().lower().replace("_", "-").replace(" ", "-")
    if cleaned in filters.PRESETS or cleaned == demo.RANDOM:
        return cleaned
    if looks_like_numbers(text):
        try:
            return parse_kernel_text(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    raise argparse.ArgumentTypeError(f"{demo.unknown_kernel_message(text)}, or weights such as {KERNEL_EXAMPLE}")


def kernel_shape(kernel: str | np.ndarray) -> tuple[int, int]:
    """The rows × columns of the kernel --kernel starts with."""
    if isinstance(kernel, str):
        if kernel == demo.RANDOM:
            return demo.RANDOM_SIZES[0], demo.RANDOM_SIZES[0]
        return filters.PRESETS[kernel].shape
    return kernel.shape


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------

def positive_int(text: str) -> int:
    """argparse type for --scale: a whole number of 1 or more."""
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def bank_choice(text: str) -> list[str]:
    """argparse type for --bank: preset names separated by commas (any case), each "random" one
    random filter; "random" alone is a whole untrained layer (layer.RANDOM_LAYER filters);
    "learned" the loaded network's first filters."""
    names = [part.strip().lower().replace("_", "-") for part in text.split(",")]
    if "" in names:
        raise argparse.ArgumentTypeError(f"{text!r} has an empty name: separate preset names with single commas, "
                                         f"as in sobel-x,sobel-y,laplacian-4")
    if names == [demo.RANDOM]:
        names = [demo.RANDOM] * layer.RANDOM_LAYER
    for name in names:
        if name not in filters.PRESETS and name not in (demo.RANDOM, demo.LEARNED):
            raise argparse.ArgumentTypeError(demo.unknown_kernel_message(name))
    if len(names) > layer.MAX_FILTERS:
        raise argparse.ArgumentTypeError(f"{len(names)} filters is more than the {layer.MAX_FILTERS} a window shows "
                                         f"side by side: leave some out")
    return names


def pool_size(text: str) -> int:
    """argparse type for --pool: 0 (off) or a window of 2 to MAX_POOL pixels."""
    value = _whole_number(text)
    if value != 0 and not 2 <= value <= MAX_POOL:
        raise argparse.ArgumentTypeError(f"must be 0 (no pooling) or a window of 2 to {MAX_POOL} pixels, got {value}")
    return value


def drawing_number(text: str) -> int:
    """argparse type for --index: a whole number of 0 or more."""
    value = _whole_number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more (the first drawing is 0), got {value}")
    return value


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


# --------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sketch.py",
        description="Show a drawing and the same drawing convolved with a kernel, side by side.",
        epilog=keys.epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,   # keeps the key list's columns
    )
    parser.add_argument("--image", type=Path, default=images.DEFAULT_IMAGE, metavar="PATH",
                        help="a PNG or JPEG to filter instead of the bundled cat (any size, grey or colour; "
                             f"larger than {geometry.MAX_AUTO_PANEL} pixels a side is scaled down to fit), "
                             "or a Quick Draw bitmap file: <category>.npy (N×784) or a raw .bin "
                             "(784 bytes a drawing)")
    parser.add_argument("--index", type=drawing_number, default=None, metavar="N",
                        help="with a Quick Draw .npy or .bin file: which drawing to show, from 0 (default 0)")
    parser.add_argument("--invert", action="store_true",
                        help="show the image inverted (every value v becomes 255 - v), for the filter too: "
                             "Quick Draw's white-on-black drawings become dark-on-light")
    parser.add_argument("--kernel", type=kernel_choice, default="identity", metavar="NAME|WEIGHTS",
                        help=f"the kernel to start with: {', '.join(filters.PRESETS)}, or random; or "
                             "weights in quotes, rows separated by ';' and an optional '/ N' at the end, "
                             "e.g. \"0 -1 0; -1 5 -1; 0 -1 0\" or \"1 2 1; 2 4 2; 1 2 1 / 16\" "
                             f"(odd sizes up to {MAX_KERNEL_SIDE}×{MAX_KERNEL_SIDE}; if the first weight is "
                             "negative and there are no spaces, write --kernel=...)")
    parser.add_argument("--view", choices=list(views.VIEWS), default="filter",
                        help="what the window shows: " + "; ".join(f"{name}: {module.SUMMARY}"
                                                                  for name, module in views.VIEWS.items()))
    parser.add_argument("--bank", type=bank_choice, default=None, metavar="NAME,NAME,…",
                        help="the layer view's filters: preset names separated by commas (at most "
                             f"{layer.MAX_FILTERS}; default {','.join(views.VIEWS['layer'].DEFAULT_BANK)}), "
                             "each 'random' one random filter, or 'random' alone for a whole untrained layer; "
                             f"'learned' for the network's first {layer.MAX_FILTERS} learned filters")
    parser.add_argument("--model", type=Path, default=network.DEFAULT_MODEL, metavar="PATH",
                        help="the trained network (.npz, made by train.py) whose filters are the learned "
                             "kernels and which the network view asks (default: the shipped doodles.npz)")
    parser.add_argument("--train", type=Path, nargs="+", default=None, metavar="FILE",
                        help="train a network live in the network view, from random filters: each FILE one class "
                             "of Quick Draw drawings (.npy or .bin, the class named after the file, as train.py "
                             "takes them); space pauses, w saves it")
    parser.add_argument("--lesson", type=Path, default=None, metavar="FILE.toml",
                        help="a lesson plan: steps that Page Down / Page Up (a presentation clicker) walk "
                             "through, each setting the image, kernel, view, modes and a caption (see "
                             "lessons/coding-train.toml)")
    parser.add_argument("--gif", type=Path, default=None, metavar="PATH",
                        help="save a GIF clip for slides and exit, without a window: the kernel's window "
                             "sliding over the image, or with --lesson one frame a step (never over a file "
                             "unless --overwrite)")
    parser.add_argument("--fullscreen", action="store_true",
                        help="fill the screen (F11 in the window switches): the drawing as large as fits, "
                             "text scaled to be read from the back of the room")
    parser.add_argument("--theme", choices=list(pixels.THEMES), default="dark",
                        help="dark (the default: the panels the brightest thing in a dim room) or light "
                             "(for a bright room, where projectors wash dark themes out)")
    parser.add_argument("--scale", type=positive_int, default=None, metavar="N",
                        help=f"enlarge each image pixel to N×N screen pixels (default {geometry.DEFAULT_SCALE}, "
                             "less for large images)")
    parser.add_argument("--edges", choices=filters.EDGE_MODES, default="skip",
                        help="border handling: skip (the lesson's: border pixels are not computed), "
                             "zero, extend, wrap or reflect")
    parser.add_argument("--values", choices=list(filters.DISPLAY_MAPPINGS), default="clamp",
                        help="how sums become what is drawn, in every view: clamp (the lesson's: below 0 is "
                             "black, above 255 white), absolute, stretch (lowest to highest) or signed "
                             "(orange negative, blue positive)")
    parser.add_argument("--relu", action="store_true",
                        help="ReLU, a CNN's activation: negative sums become 0 before they are drawn and pooled")
    parser.add_argument("--pool", type=pool_size, default=None, metavar="N",
                        help="pool the filtered map in N×N windows (2 is the lesson's Part 2; 0 is off, the "
                             "filter view's default; the layer view's is 2); in the filter view the pooled map "
                             "is drawn under the output")
    parser.add_argument("--pool-mode", choices=filters.POOL_MODES, default="max",
                        help="max (the lesson's) or average pooling")
    parser.add_argument("--flip", action="store_true",
                        help="flip the kernel: true convolution instead of cross-correlation")
    parser.add_argument("--seed", type=int, default=None, metavar="N",
                        help="seed for random kernels, so a demo can be repeated")
    parser.add_argument("--save", type=Path, default=None, metavar="PATH",
                        help="draw one frame, save it as this PNG and exit")
    parser.add_argument("--overwrite", action="store_true",
                        help="with --save: replace PATH if it exists (otherwise that is an error)")
    return parser


def parse_args(argv=None) -> argparse.Namespace:
    """The options from ``argv`` (default: the command line); exits with 2 on a bad one."""
    return build_parser().parse_args(argv)


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------

def check_save_target(path: Path | None, overwrite: bool, suffix: str = ".png", option: str = "--save") -> Path | None:
    """Refuse a --save (or --gif) path that would fail or destroy a file, before Java starts."""
    if path is None:
        return None
    if path.is_dir():
        raise ValueError(f"{option} {path}: that is a folder; give a file name ending in {suffix}")
    if path.suffix.lower() != suffix:
        raise ValueError(f"{option} {path}: the file name must end in {suffix}")
    if path.exists() and not overwrite:
        raise ValueError(f"{option} {path}: the file exists; choose a new name or add --overwrite")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ValueError(f"{option} {path}: the folder {folder} does not exist; create it first")
    if not os.access(folder, os.W_OK):
        raise ValueError(f"{option} {path}: no permission to write in the folder {folder}; "
                         f"save into a folder of your own")
    if path.exists() and not os.access(path, os.W_OK):
        raise ValueError(f"{option} {path}: no permission to replace that file; choose a new name")
    return path


def check_image_size(image: np.ndarray, shape: tuple[int, int], kernel_label: str = "", name: str = "") -> None:
    """Refuse an image too small to convolve: under MIN_IMAGE_SIDE a side, or smaller than the kernel.

    ``kernel_label`` names the kernel and ``name`` the file in the message.
    """
    height, width = image.shape[:2]
    prefix = f"{name}: " if name else ""
    if min(height, width) < MIN_IMAGE_SIDE:
        raise ValueError(prefix + images.too_small_message(width, height))
    rows, cols = shape
    if height < rows or width < cols:
        named = f" {kernel_label}" if kernel_label else ""
        raise ValueError(f"{prefix}the image is {width}\u00d7{height} pixels, smaller than the "
                         f"{cols}\u00d7{rows} kernel{named}: use a larger image or a smaller kernel")


def largest_scale(view, state: demo.Demo, limit: int = MAX_WINDOW_SIDE) -> int:
    """The largest --scale whose window in ``view`` (a views module) showing ``state`` fits within
    limit×limit (0 if not even 1 does)."""
    def fits(scale):
        layout = view.layout_for(state, scale)
        return max(layout.width, layout.height) <= limit
    low, high = 0, 1
    while fits(high):
        low, high = high, high * 2
    while high - low > 1:   # fits(low), not fits(high)
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    return low


def check_window(view, state: demo.Demo, scale: int | None):
    """The layout of ``view`` (a views module) showing ``state`` at ``scale`` (None: the view's own), or
    ValueError naming the largest --scale that fits."""
    layout = view.layout_for(state, scale)
    if max(layout.width, layout.height) > MAX_WINDOW_SIDE:
        best = largest_scale(view, state)
        size = (f"a {layout.width}\u00d7{layout.height} window"
                if max(layout.width, layout.height) < 100 * MAX_WINDOW_SIDE else "a window")
        raise ValueError(f"--scale {scale} makes {size}, too large to open (at most {MAX_WINDOW_SIDE} "
                         f"pixels a side): use --scale {best} or less")
    return layout


# --------------------------------------------------------------------------
# From a file to what the demo shows
# --------------------------------------------------------------------------

def open_source(path, kernel_shape: tuple[int, int] = (3, 3), index: int | None = None,
                invert: bool = False, kernel_label: str = "") -> tuple[np.ndarray, dict]:
    """Load ``path`` as the sketch shows it: the image, and the demo's source fields.

    A PNG or JPEG is loaded as it is, scaled down (``scaled_from`` says from what size)
    when a side is longer than geometry.MAX_AUTO_PANEL, so both panels fit the
    window at scale 1. A Quick Draw ``.npy`` or ``.bin`` file gives drawing
    ``index`` (default 0) and all its drawings, as stored (light on dark).
    ``invert`` shows 255 − the values. Returns (image, fields) where fields
    are the keyword arguments for demo.new_demo: scaled_from, drawings,
    drawing_index, inverted. Raises ValueError (ImageLoadError for the file
    itself) with a one-line message.
    """
    path = Path(path)
    scaled_from, drawings, drawing_index = None, None, 0
    if images.is_quickdraw_path(path):
        drawings = images.load_quickdraw(path)
        drawing_index = 0 if index is None else index
        if drawing_index >= len(drawings):
            raise ValueError(f"--index {drawing_index}: {path.name} has {len(drawings)} "
                             f"drawing{'s' if len(drawings) != 1 else ''}, numbered 0 to {len(drawings) - 1}")
        image = drawings[drawing_index]
    else:
        if index is not None:
            raise ValueError(f"--index {index} picks a drawing from a Quick Draw .npy or .bin file, "
                             f"but {path.name} is a single image: leave --index out")
        image = images.load_image(path)
    check_image_size(image, (MIN_IMAGE_SIDE, MIN_IMAGE_SIDE), name=str(path))
    height, width = image.shape[:2]
    fitted = images.fit_within(image, geometry.MAX_AUTO_PANEL, MIN_IMAGE_SIDE)
    if fitted is not image:
        scaled_from, image = (width, height), fitted
    check_image_size(image, kernel_shape, kernel_label, str(path))
    if invert:
        image = 255 - image
    return image, dict(scaled_from=scaled_from, drawings=drawings, drawing_index=drawing_index, inverted=invert)


@dataclass
class Options:
    """What the command line asks for, checked: the demo to show and how to show it."""
    state: demo.Demo
    view: str                    # a name in views.VIEWS
    scale: int | None            # --scale, or None for the automatic scale
    layout: object               # the view's layout at that scale (checked to fit a window)
    save_target: Path | None     # --save
    training: tuple | None = None   # --train: (drawings, labels, classes) to train on live
    seed: int = 1                # --seed, for live training too
    theme: str = "dark"          # --theme
    fullscreen: bool = False     # --fullscreen
    lesson: object = None        # --lesson, loaded and checked (lessons.Lesson)
    lesson_base: Path | None = None   # the image a lesson's steps show when they name none (--image)
    gif: Path | None = None      # --gif


def prepare(argv=None) -> Options:
    """Parse the options and load the image: the demo, the view, its layout and the --save target.

    Raises ValueError (with a message for the user) when an option cannot be used.
    """
    args = parse_args(argv)
    if args.train and args.view != "network":
        args.view = "network"   # live training is shown in the network view
    training = network.load_class_files(args.train) if args.train else None
    lesson_base = args.image if args.image != images.DEFAULT_IMAGE else None
    lesson = lessons.load_lesson(args.lesson, lesson_base) if args.lesson else None
    label = args.kernel if isinstance(args.kernel, str) and args.kernel != demo.RANDOM else ""
    image, source = open_source(args.image, kernel_shape(args.kernel), args.index, args.invert, label)
    height, width = image.shape[:2]
    pool = args.pool if args.pool is not None else (2 if args.view == "layer" else 0)
    if pool > min(height, width):
        raise ValueError(f"--pool {pool}: the image is {width}\u00d7{height} pixels, smaller than the "
                         f"pooling window: use --pool {min(height, width)} or less")
    state = demo.new_demo(image, args.kernel, args.edges, args.flip, args.seed, mapping=args.values,
                          relu=args.relu, pool=pool, pool_mode=args.pool_mode, **source)
    demo.use_model(state, network.load(args.model), args.model.name)
    if args.bank:
        demo.use_bank(state, args.bank)
    view = views.VIEWS[args.view]
    view.prepare(state)
    layout = check_window(view, state, args.scale)
    return Options(state, args.view, args.scale, layout, check_save_target(args.save, args.overwrite), training,
                   1 if args.seed is None else args.seed, args.theme, args.fullscreen, lesson, lesson_base,
                   check_save_target(args.gif, args.overwrite, ".gif", "--gif"))
