"""The command line: options, their checks, and the error for each mistake.

No py5 here, so `--help` and every mistake in the options work without Java
or a display. argparse reports a bad option as one line and exits with 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import demo
import filters
import images
import view

MAX_WINDOW_SIDE = 16000   # Java cannot open windows much larger than this


def kernel_choice(name: str) -> str:
    """argparse type for --kernel: a preset's name (any case, _ or -) or "random"."""
    cleaned = name.strip().lower().replace("_", "-").replace(" ", "-")
    if cleaned in filters.PRESETS or cleaned == demo.RANDOM:
        return cleaned
    raise argparse.ArgumentTypeError(demo.unknown_kernel_message(name))


def positive_int(text: str) -> int:
    """argparse type for --scale: a whole number of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sketch.py",
        description="Show a drawing and the same drawing convolved with a kernel, side by side.",
        epilog="Keys: right/left next/previous kernel, 1-9 pick, r random, s screenshot, h help, q quit.",
    )
    parser.add_argument("--image", type=Path, default=images.DEFAULT_IMAGE, metavar="PATH",
                        help="a PNG or JPEG to filter instead of the bundled cat (any size, grey or colour)")
    parser.add_argument("--kernel", type=kernel_choice, default="identity", metavar="NAME",
                        help=f"the kernel to start with: {', '.join(filters.PRESETS)}, or random")
    parser.add_argument("--scale", type=positive_int, default=None, metavar="N",
                        help=f"enlarge each image pixel to N×N screen pixels (default {view.DEFAULT_SCALE}, "
                             "less for large images)")
    parser.add_argument("--edges", choices=filters.EDGE_MODES, default="skip",
                        help="border handling: skip (the lesson's: border pixels are not computed), "
                             "zero, extend, wrap or reflect")
    parser.add_argument("--flip", action="store_true",
                        help="flip the kernel: true convolution instead of cross-correlation")
    parser.add_argument("--seed", type=int, default=None, metavar="N",
                        help="seed for random kernels, so a demo can be repeated")
    parser.add_argument("--save", type=Path, default=None, metavar="PATH",
                        help="draw one frame, save it as this PNG and exit")
    parser.add_argument("--overwrite", action="store_true",
                        help="with --save: replace PATH if it exists (otherwise that is an error)")
    return parser


def check_save_target(path: Path | None, overwrite: bool) -> Path | None:
    """Refuse a --save path that would fail or destroy a file, before Java starts."""
    if path is None:
        return None
    if path.suffix.lower() != ".png":
        raise ValueError(f"--save {path}: the file name must end in .png")
    if path.is_dir():
        raise ValueError(f"--save {path}: that is a folder; give a file name ending in .png")
    if path.exists() and not overwrite:
        raise ValueError(f"--save {path}: the file exists; choose a new name or add --overwrite")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ValueError(f"--save {path}: the folder {folder} does not exist; create it first")
    return path


def parse_args(argv=None) -> argparse.Namespace:
    """The options from ``argv`` (default: the command line); exits with 2 on a bad one."""
    return build_parser().parse_args(argv)


def prepare(argv=None) -> tuple[demo.Demo, view.Layout, Path | None]:
    """Parse the options and load the image: the demo, its window layout and the --save target.

    Raises ValueError (with a message for the user) when an option cannot be used.
    """
    args = parse_args(argv)
    image = images.load_image(args.image)
    state = demo.new_demo(image, args.kernel, args.edges, args.flip, args.seed)
    height, width = image.shape[:2]
    scale = args.scale or view.auto_scale(width, height)
    layout = view.make_layout(width, height, scale)
    if max(layout.width, layout.height) > MAX_WINDOW_SIDE:
        raise ValueError(f"--scale {scale} makes a {layout.width}\u00d7{layout.height} window, "
                         f"too large to open: use a smaller --scale")
    return state, layout, check_save_target(args.save, args.overwrite)
