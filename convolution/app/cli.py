"""The command line: every option of sketch.py, argparse's types for them, and ``--help``.

No py5 here, so `--help` and every mistake in the options work without Java
or a display. argparse reports a bad option as one line and exits with 2;
options.py checks what the options ask for together (and opens the files).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import filters
from convolution.app import startup
from convolution.files import bundled, camera, kernel_text
from convolution.maths import layer
from convolution.screen import geometry, pixels, views
from convolution.state import demo, keys, teach

MAX_POOL = 9              # pooling windows up to 9×9


# --------------------------------------------------------------------------
# argparse's types
# --------------------------------------------------------------------------

def kernel_choice(text: str) -> str | np.ndarray:
    """argparse type for --kernel: a preset's name, "random", or weights (see kernel_text.read_kernel)."""
    try:
        return kernel_text.read_kernel(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def model_path(text: str) -> Path:
    """argparse type for --model: a .npz file, or "bundled" (also "doodles") for the network the sketch
    comes with, wherever it was installed or unpacked (a file of that name in the folder comes first)."""
    path = Path(text)
    if text.strip().lower() in BUNDLED_NAMES and not path.exists():
        return bundled.DOODLES
    return path


BUNDLED_NAMES = ("bundled", "doodles", "doodles.npz")


def positive_int(text: str) -> int:
    """argparse type for --scale: a whole number of 1 or more."""
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


SMALLEST_SIZE = (240, 160)     # a window smaller than this shows only a line asking for a larger one
LARGEST_SIDE = 8192            # and none is made longer than this a side


def size_choice(text: str) -> tuple[int, int]:
    """argparse type for --size: WIDTHxHEIGHT in pixels, e.g. 1280x800 (an × works too)."""
    parts = text.lower().replace("\u00d7", "x").split("x")
    if len(parts) != 2 or not all(part.strip().isdigit() and part.strip().isascii() for part in parts):
        raise argparse.ArgumentTypeError(f"{text!r} is not a size: give WIDTHxHEIGHT in pixels, e.g. 1280x800")
    width, height = (int(part) for part in parts)
    if width < SMALLEST_SIZE[0] or height < SMALLEST_SIZE[1]:
        raise argparse.ArgumentTypeError(f"{width}x{height} is too small to show anything: give at least "
                                         f"{SMALLEST_SIZE[0]}x{SMALLEST_SIZE[1]}")
    if max(width, height) > LARGEST_SIDE:
        raise argparse.ArgumentTypeError(f"{width}x{height} is larger than the {LARGEST_SIDE} pixels a side the "
                                         f"sketch paints: give a smaller size, e.g. 3840x2160")
    return width, height


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


def class_names(text: str) -> list[str]:
    """argparse type for --classes: names separated by commas, each one a file's name (teach.name_problem),
    at most teach.MAX_CLASSES (keys 1–9 add their examples)."""
    names = [part.strip() for part in text.split(",")]
    if len(names) > teach.MAX_CLASSES:
        raise argparse.ArgumentTypeError(f"{len(names)} classes, but only keys 1\u2013{teach.MAX_CLASSES} add "
                                         f"examples: give at most {teach.MAX_CLASSES}")
    for number, name in enumerate(names):
        problem = teach.name_problem(name, names[:number])
        if problem:
            raise _name_error(problem)
    return names


def _name_error(problem: str) -> argparse.ArgumentTypeError:
    return argparse.ArgumentTypeError(problem.replace(": type one, then Enter (Esc keeps the old name)",
                                                      ": separate names with single commas, as in circle,square"))


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


def seed_number(text: str) -> int:
    """argparse type for --seed: a whole number of 0 or more (numpy's random numbers take no negative seeds)."""
    value = _whole_number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
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
        prog=startup.program_name("sketch.py"),   # convolution-sketch when installed or unpacked
        description="Show a drawing and the same drawing convolved with a kernel, side by side.",
        epilog=keys.epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,   # keeps the key list's columns
    )
    parser.add_argument("--image", type=Path, default=bundled.CAT, metavar="PATH",
                        help="a PNG or JPEG to filter instead of the bundled cat (any size, grey or colour; "
                             f"larger than {geometry.MAX_AUTO_PANEL} pixels a side is scaled down to fit), "
                             "or a Quick Draw bitmap file: <category>.npy (N×784) or a raw .bin "
                             "(784 bytes a drawing)")
    parser.add_argument("--camera", nargs="?", const=camera.DEFAULT_CAMERA, default=None, metavar="N|FILE",
                        help="filter live frames instead of a picture: camera number N (default 0), or a video "
                             "file played in a loop at its own frame rate; in the network view each frame is "
                             "made a 28×28 drawing (hold a drawing on paper up to the camera); space "
                             "freezes the frame (needs opencv-python-headless, in requirements.txt)")
    parser.add_argument("--index", type=drawing_number, default=None, metavar="N",
                        help="with a Quick Draw .npy or .bin file: which drawing to show, from 0 (default 0)")
    parser.add_argument("--invert", action="store_true",
                        help="show the image inverted (every value v becomes 255 - v), for the filter too: "
                             "Quick Draw's white-on-black drawings become dark-on-light")
    parser.add_argument("--kernel", type=kernel_choice, default="identity", metavar="NAME|WEIGHTS",
                        help=f"the kernel to start with: {', '.join(filters.PRESETS)}, or random; or "
                             "weights in quotes, rows separated by ';' and an optional '/ N' at the end, "
                             "e.g. \"0 -1 0; -1 5 -1; 0 -1 0\" or \"1 2 1; 2 4 2; 1 2 1 / 16\" "
                             f"(odd sizes up to {kernel_text.MAX_KERNEL_SIDE}×{kernel_text.MAX_KERNEL_SIDE}; "
                             "if the first weight is "
                             "negative and there are no spaces, write --kernel=...)")
    parser.add_argument("--view", choices=list(views.VIEWS), default="filter",
                        help="what the window shows: " + "; ".join(f"{name}: {module.SUMMARY}"
                                                                  for name, module in views.VIEWS.items()))
    parser.add_argument("--bank", type=bank_choice, default=None, metavar="NAME,NAME,…",
                        help="the layer view's filters: preset names separated by commas (at most "
                             f"{layer.MAX_FILTERS}; default {','.join(demo.DEFAULT_BANK)}), "
                             "each 'random' one random filter, or 'random' alone for a whole untrained layer; "
                             f"'learned' for the network's first {layer.MAX_FILTERS} learned filters")
    parser.add_argument("--model", type=model_path, default=bundled.DOODLES, metavar="PATH",
                        help="the trained network (.npz, made by train.py) whose filters are the learned "
                             "kernels and which the network view asks (default: 'bundled', the shipped "
                             f"network: {bundled.DOODLES})")
    parser.add_argument("--train", type=Path, nargs="+", default=None, metavar="FILE",
                        help="train a network live in the network view (block 1 from 8 line detectors): each FILE "
                             "a class "
                             "of Quick Draw drawings (.npy or .bin, the class named after the file, as train.py "
                             "takes them); space pauses, w saves it")
    parser.add_argument("--classes", type=class_names, default=None, metavar="NAME,NAME,\u2026",
                        help="the teach view's classes, separated by commas, e.g. circle,square,triangle (at most "
                             f"{teach.MAX_CLASSES}: keys 1\u20139 add their examples; default 'class 1', 'class 2', "
                             "and n renames the selected class)")
    parser.add_argument("--examples", type=Path, nargs="+", default=None, metavar="DIR|FILE",
                        help="open examples in the teach view: a folder saved with w (examples-\u2026/) or Quick "
                             "Draw files (.npy or .bin, one class a file, named as train.py names them, e.g. "
                             "cats800.bin); --classes adds classes of your own (f trains from the filters of "
                             f"the shipped network, {bundled.DOODLES})")
    parser.add_argument("--lesson", type=Path, default=None, metavar="NAME|FILE.toml",
                        help="a lesson plan: steps that Page Down / Page Up (a presentation clicker) walk "
                             "through, each setting the image, kernel, view, modes and a caption: a .toml file, "
                             f"or a bundled one by name: {', '.join(bundled.lesson_names())} (in "
                             f"{bundled.LESSONS})")
    parser.add_argument("--gif", type=Path, default=None, metavar="PATH",
                        help="save a GIF clip for slides and exit, without a window: the kernel's window "
                             "sliding over the image, with --lesson one frame a step, with --camera "
                             f"{camera.CLIP_FRAMES} frames of the camera or video (never over a file unless "
                             "--overwrite)")
    parser.add_argument("--fullscreen", action="store_true",
                        help="fill the screen (F11 in the window switches): the drawing as large as fits, "
                             "text scaled to be read from the back of the room")
    parser.add_argument("--theme", choices=list(pixels.THEMES), default="dark",
                        help="dark (the default: the panels the brightest thing in a dim room) or light "
                             "(for a bright room, where projectors wash dark themes out)")
    parser.add_argument("--size", type=size_choice, default=None, metavar="WxH",
                        help="the window's size in pixels, e.g. 1280x800 (and the picture's, with --save); "
                             "the layout fits it (default: as large as the view needs, within the screen)")
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
    parser.add_argument("--relu", action=argparse.BooleanOptionalAction, default=None,
                        help="ReLU, a CNN's activation: negative sums become 0 before they are drawn and pooled "
                             "(on in the layer view, as in a CNN's block; off in the filter view, as the lesson "
                             "begins; --no-relu turns it off)")
    parser.add_argument("--pool", type=pool_size, default=None, metavar="N",
                        help="pool the filtered map in N×N windows (2 is the lesson's Part 2; 0 is off, the "
                             "filter view's default; the layer view's is 2); in the filter view the pooled map "
                             "is drawn under the output")
    parser.add_argument("--pool-mode", choices=filters.POOL_MODES, default="max",
                        help="max (the lesson's) or average pooling")
    parser.add_argument("--flip", action="store_true",
                        help="flip the kernel: true convolution instead of cross-correlation")
    parser.add_argument("--seed", type=seed_number, default=None, metavar="N",
                        help="seed for random kernels, so a demo can be repeated")
    parser.add_argument("--save", type=Path, default=None, metavar="PATH",
                        help="draw one frame, save it as this PNG and exit (with no display, it is painted "
                             "offscreen, without Java)")
    parser.add_argument("--overwrite", action="store_true",
                        help="with --save or --gif: replace PATH if it exists (otherwise that is an error); "
                             "the old file stays until the new one is complete")
    return parser


def parse_args(argv=None) -> argparse.Namespace:
    """The options from ``argv`` (default: the command line); exits with 2 on a bad one."""
    return build_parser().parse_args(argv)
