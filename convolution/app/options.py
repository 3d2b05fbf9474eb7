"""The command line's options, checked: the demo to show, the view, its window and the --save target.

``prepare`` turns ``sys.argv`` into ``Options`` (see cli.py for the options
themselves), or raises ValueError with a one-line message for the user.
No py5 here.
"""

from __future__ import annotations

import contextlib
import errno
from dataclasses import dataclass
from pathlib import Path

import network
from convolution.app import cli
from convolution.classroom import lessons
from convolution.files import camera, images, kernel_text, saving, sources
from convolution.files import examples as example_files
from convolution.learning import data
from convolution.screen import views
from convolution.state import demo, teach

MAX_WINDOW_SIDE = 16000   # Java cannot open windows much larger than this


def check_save_target(path: Path | None, overwrite: bool, suffix: str = ".png", option: str = "--save") -> Path | None:
    """Refuse a --save (or --gif) path that would fail or destroy a file, before Java starts
    (see saving.check_target)."""
    if path is None:
        return None
    try:
        return saving.check_target(path, overwrite, suffix)
    except saving.TargetError as error:
        raise ValueError(f"{option} {path}: {error}") from None


def largest_scale(view, state: demo.SketchState, limit: int = MAX_WINDOW_SIDE) -> int:
    """The largest --scale whose window in ``view`` (a views module) showing ``state`` fits within
    limit×limit (0 if not even 1 does)."""
    def fits(scale):
        layout = view.layout_for(state, None, scale)
        return max(layout.width, layout.height) <= limit
    low, high = 0, 1
    while fits(high):
        low, high = high, high * 2
    while high - low > 1:   # fits(low), not fits(high)
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    return low


def check_window(view, state: demo.SketchState, scale: int | None):
    """The layout of ``view`` (a views module) showing ``state`` at ``scale`` (None: the view's own), or
    ValueError naming the largest --scale that fits."""
    layout = view.layout_for(state, None, scale)
    if max(layout.width, layout.height) > MAX_WINDOW_SIDE:
        best = largest_scale(view, state)
        size = (f"a {layout.width}\u00d7{layout.height} window"
                if max(layout.width, layout.height) < 100 * MAX_WINDOW_SIDE else "a window")
        raise ValueError(f"--scale {scale} makes {size}, too large to open (at most {MAX_WINDOW_SIDE} "
                         f"pixels a side): use --scale {best} or less")
    return layout


@dataclass
class Options:
    """What the command line asks for, checked: the demo to show and how to show it."""
    state: demo.SketchState
    view: str                    # a name in views.VIEWS
    scale: int | None            # --scale, or None for the automatic scale
    layout: object               # the view's layout at that scale (checked to fit a window)
    save_target: Path | None     # --save
    training: tuple | None = None   # --train: (drawings, labels, classes) to train on live
    seed: int = 1                # --seed, for live training too
    theme: str = "dark"          # --theme
    fullscreen: bool = False     # --fullscreen
    lesson: lessons.Lesson | None = None   # --lesson, loaded and checked
    lesson_base: Path | None = None   # the image a lesson's steps show when they name none (--image)
    gif: Path | None = None      # --gif
    overwrite: bool = False      # --overwrite: --save or --gif may replace a file
    camera: camera.VideoSource | None = None   # --camera: opened, its first frame read, not yet started
    size: tuple[int, int] | None = None        # --size: the window's (and --save's picture's) width and height


def prepare(argv=None) -> Options:
    """Parse the options and load the image: the demo, the view, its layout and the --save target.

    Raises ValueError (with a message for the user) when an option cannot be used, also for
    what the operating system refuses (a name too long, a file it cannot read).
    """
    args = cli.parse_args(argv)
    if args.camera is not None:
        check_camera_options(args)
    with _reporting("--save", args.save):
        save_target = check_save_target(args.save, args.overwrite)
    with _reporting("--gif", args.gif):
        gif = check_save_target(args.gif, args.overwrite, ".gif", "--gif")
    if args.train and args.view != "network":
        args.view = "network"   # live training is shown in the network view
    if (args.examples or args.classes) and not args.train:
        args.view = "teach"     # examples are taught in the teach view
    with _reporting("--examples", None):
        examples, saved_network = example_files.load(args.examples) if args.examples else (None, None)
    with _reporting("--train", None):
        training = data.load_class_files(args.train) if args.train else None
    lesson_base = args.image if args.image != images.DEFAULT_IMAGE else None
    with _reporting("--lesson", args.lesson):
        lesson = lessons.load_lesson(lessons.find_lesson(args.lesson), lesson_base) if args.lesson else None
    label = args.kernel if isinstance(args.kernel, str) and args.kernel != demo.RANDOM else ""
    frames = None
    if args.camera is not None:
        with _reporting("--camera", args.camera):
            frames = open_frames(args.camera)
        image, source = first_image(frames, args.view, kernel_text.kernel_shape(args.kernel), label, args.invert)
    else:
        with _reporting("--image", args.image):
            image, source = sources.open_source(args.image, kernel_text.kernel_shape(args.kernel), args.index,
                                                args.invert, label)
    height, width = image.shape[:2]
    pool = args.pool if args.pool is not None else (2 if args.view == "layer" else 0)
    if pool > min(height, width):
        raise ValueError(f"--pool {pool}: the image is {width}\u00d7{height} pixels, smaller than the "
                         f"pooling window: use --pool {min(height, width)} or less")
    relu = args.view == "layer" if args.relu is None else args.relu   # a CNN's block has ReLU on
    state = demo.new_demo(image, args.kernel, args.edges, args.flip, args.seed, mapping=args.values,
                          relu=relu, pool=pool, pool_mode=args.pool_mode, **source)
    with _reporting("--model", args.model):
        demo.use_model(state, network.load(args.model), args.model.name)
    if args.bank:
        demo.use_bank(state, args.bank)
    state.teaching = teaching_for(examples, args.classes, state.running.model)
    if saved_network is not None:
        with _reporting("--examples", saved_network):
            saved = network.load(saved_network)
        if tuple(saved.classes) == state.teaching.examples.names:   # trained on these very classes: it goes on
            state.running.model, state.teaching.trained_for = saved, tuple(saved.classes)
            state.teaching.saved_network = saved   # read from the folder: saved already
    view = views.VIEWS[args.view]
    view.prepare(state)
    layout = check_window(view, state, args.scale)
    state.running.camera = frames
    return Options(state, args.view, args.scale, layout, save_target, training,
                   1 if args.seed is None else args.seed, args.theme, args.fullscreen, lesson, lesson_base, gif,
                   args.overwrite, frames, args.size)


def check_camera_options(args) -> None:
    """Refuse what --camera cannot go with: another picture to show, or a network being trained."""
    for given, option in ((args.image != images.DEFAULT_IMAGE, "--image"), (args.index is not None, "--index"),
                          (args.lesson is not None, "--lesson"), (args.train is not None, "--train")):
        if given:
            raise ValueError(f"--camera and {option} both say what the window shows: leave one of them out")


def open_frames(spec: str) -> camera.VideoSource:
    """The camera or video ``--camera spec`` names, opened and its first frame read (ValueError: one line)."""
    try:
        return camera.open_camera(spec)
    except ValueError as error:
        message = str(error)
        raise ValueError(message if message.startswith("--camera") else f"--camera {spec}: {message}") from None


def first_image(frames: camera.VideoSource, view: str, kernel_shape, label: str, invert: bool):
    """The picture the sketch starts with from the camera's first frame (as the view shows frames), and its
    source fields for demo.new_demo."""
    image = frames.first.pixels
    if view in demo.DRAWING_VIEWS:
        image = camera.as_doodle(image)
    sources.check_image_size(image, kernel_shape, label, frames.name)
    if invert:
        image = 255 - image
    return image, dict(inverted=invert)


def teaching_for(examples: teach.Examples | None, names: list[str] | None, shipped) -> teach.Teaching:
    """The teach view's classes: those of --examples, then any of --classes they do not have (or, with
    neither, "class 1", "class 2"). Raises ValueError for more than teach.MAX_CLASSES."""
    if examples is None:
        examples = teach.Examples.named(names) if names else teach.Examples.default()
    elif names:
        known = [name.lower() for name in examples.names]
        extra = teach.Examples.named([name for name in names if name.lower() not in known])
        examples = teach.Examples(examples.names + extra.names, examples.drawings + extra.drawings)
    if len(examples.names) > teach.MAX_CLASSES:
        raise ValueError(f"--examples and --classes give {len(examples.names)} classes, but only keys "
                         f"1\u2013{teach.MAX_CLASSES} add examples: give at most {teach.MAX_CLASSES}")
    return teach.Teaching(examples, shipped=shipped, saved=examples)   # what --examples read is saved already


@contextlib.contextmanager
def _reporting(option: str, path: Path | None):
    """An OSError inside (a file name too long, a file the system will not read) as a ValueError naming
    ``option`` and ``path``: one line for the user, not a traceback."""
    try:
        yield
    except OSError as error:
        named = f"{option} {path}" if path is not None else option
        if error.errno == errno.ENAMETOOLONG:
            raise ValueError(f"{named}: the file name is too long ({error.filename or path}); "
                             f"use a shorter one") from None
        raise ValueError(f"{named}: {error.strerror or error}"
                         f"{f' ({error.filename})' if error.filename else ''}; check the path") from None
