"""What the session does with files and processes beside the window: saving screenshots, drawings, networks,
examples and clips, and starting a training on the teach view's examples (no py5 here).

Each function does its chore and returns the line the window shows for a few seconds; what goes to the
terminal it prints itself (a saved file's whole path, a failure's one line that says what to do).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

import network
from convolution.classroom import clips
from convolution.files import autosave, camera, images, saving
from convolution.files import examples as example_files
from convolution.learning import background
from convolution.screen.pixels import THEMES
from convolution.state import demo, teach, teach_keys


def start_folder() -> Path:
    """Where s, d, g and w save: the folder the sketch started in, or where that is not writable (the
    one-download app on a read-only drive, in Program Files) the user's Pictures, Documents or home folder
    (saving.save_folder), said in one line."""
    start = Path.cwd()
    folder = saving.save_folder(start)
    if folder != start:
        print(f"sketch.py: note: {start} is read-only, so s, d, g and w save in {folder}", file=sys.stderr, flush=True)
    return folder


def write_new_file(what: str, path: Path, save: Callable[[], object]) -> str:
    """``save()`` a new file (it returns the path written, else ``path`` is meant) and say so, in the
    terminal and (the line returned) the window; a failure is one line that says what to do."""
    try:
        written = save()
    except FileExistsError:
        return failed_save(what, path, "a file of that name appeared meanwhile and was left alone", "try again")
    except OSError as error:
        return failed_save(what, path, error.strerror or str(error),
                           "check that the folder exists and you can write to it")
    except Exception as error:   # a clip too large, a bug: never a traceback in the terminal
        return failed_save(what, path, str(error) or type(error).__name__, "")
    path = written if isinstance(written, Path) else path
    print(f"saved {what}: {path.resolve()}", flush=True)
    return f"saved {path.name}"


def failed_save(what: str, path: Path, reason: str, advice: str) -> str:
    """A save that failed: one line in the terminal (with ``advice``), a shorter one for the window."""
    line = " ".join(f"could not save the {what} as {path}: {reason}{'; ' + advice if advice else ''}".split())
    print(f"sketch.py: error: {line}", file=sys.stderr, flush=True)
    return " ".join(f"could not save the {what}: {reason}".split())[:160]


def save_screenshot(path: Path, pixels: np.ndarray | None) -> str:
    """The window's ``pixels`` as a new PNG (never over an existing file: the next free name then)."""
    if pixels is None:
        return failed_save("screenshot", path, "the window's pixels could not be read", "try again")
    write = saving.png_writer(pixels)
    return write_new_file("screenshot", path, lambda: saving.write_new_or_next(path, write))


def save_drawing(state: demo.SketchState, folder: Path) -> str:
    """The source image (your drawing) at its own size as a new PNG in ``folder``."""
    path, write = saving.new_png_path(folder, prefix="drawing"), saving.png_writer(state.image)
    return write_new_file("drawing", path, lambda: saving.write_new_or_next(path, write))


def save_frame(path: Path, pixels: np.ndarray | None, overwrite: bool) -> int:
    """--save: write the window's ``pixels`` to ``path`` (saving.write_new: the name as given, never over a
    file without --overwrite). Returns the exit status: 0, or 2 after a one-line error."""
    try:
        if pixels is None:
            raise ValueError("the window's pixels could not be read")
        saving.save_png(pixels, path, overwrite=overwrite)
        print(f"saved {path.resolve()}", flush=True)
        return 0
    except FileExistsError:
        print(f"sketch.py: error: --save {path}: a file of that name appeared while the sketch started; "
              f"it was left alone: choose a new name or add --overwrite", file=sys.stderr, flush=True)
    except Exception as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        print(f"sketch.py: error: could not save {path}: {reason}; check that the folder exists and you can "
              f"write to it", file=sys.stderr, flush=True)
    return 2


def save_model(state: demo.SketchState, folder: Path) -> str:
    """The network being trained live, as a new .npz in ``folder``."""
    run = state.running.training
    if run is None:
        return "nothing trained to save: start the sketch with --train FILE... to train live"
    path, model = saving.new_file_path(folder, "doodles-trained", ".npz"), run.network
    said = write_new_file("network", path, lambda: network.save(model, path))
    if path.exists():
        state.teaching.saved_network = model   # the network saved: not saved again as the sketch ends (issue 27)
    return said


def train_examples(state: demo.SketchState, seed: int, stop: Callable[[], None]) -> str:
    """Enter in the teach view: train a network on the examples, beside the window (``stop()`` ends a run
    going on first), from 8 line detectors (recipe.LINE_DETECTOR_NOTE) or the shipped network's filters (f)."""
    examples = state.teaching.examples
    problem = teach.training_problem(examples)
    if problem:
        return f"cannot train yet: {problem}"
    drawings, labels, classes = teach.training_set(examples)
    initial = state.teaching.shipped if state.teaching.transfer else None
    if state.teaching.transfer and initial is None:
        return "no shipped network to start from (--model): f switches back to the line detectors"
    try:
        run = background.start(drawings, labels, classes, seed=seed, initial=initial)
    except ValueError as error:
        return f"cannot train: {error}"
    stop()
    state.running.training, state.running.model = run, run.network
    state.teaching.trained_for, state.teaching.trained_on = tuple(classes), len(drawings)
    how = teach_keys.start_words(state.teaching.transfer)
    if getattr(run, "started_from", "") == "line detectors":   # a lesson in itself: say why
        how += " (the filters networks learn from many drawings look much like them)"
    if getattr(run, "augmented", False):
        how += ", each example moved, turned and resized as it is seen (few examples)"
    return f"training on {len(drawings)} examples of {len(classes)} classes {how}"


def save_examples(state: demo.SketchState, folder: Path) -> str:
    """w in the teach view: the examples (and the network trained on them, if there is one) in a new
    folder examples-YYYYmmdd-HHMMSS/ in ``folder``; never over anything."""
    examples = state.teaching.examples
    if not examples.total():
        return "no examples to save yet: draw one and press 1"
    run, note = state.running.training, ""
    save_network: Callable[[Path], None] | None = None
    if teach_keys.trained(state):
        model = state.running.model
        if run is not None and run.error:
            note = "; the network was not saved: its training stopped"
        elif model is None or tuple(model.classes) != examples.names:
            note = "; the network was not saved: it was trained on other classes (Enter trains it again)"
        else:
            def save_network(path, model=model):
                network.save(model, path)
    try:
        saved_in, left_out = example_files.save(folder, examples, save_network)
    except OSError as error:
        return failed_save("examples", folder, error.strerror or str(error),
                           "check that the folder exists and you can write to it")
    state.teaching.saved = examples   # saved: not saved again as the sketch ends (issue 27)
    if save_network is not None:
        state.teaching.saved_network = state.running.model
    if left_out:
        note += f"; {', '.join(left_out)} had no examples"
    saved = "the examples and the network" if save_network else "the examples"
    print(f"saved {saved}: {saved_in.resolve()}", flush=True)
    return f"saved {saved} in {saved_in.name}{os.sep}{note}"


def safekeeping(folder: Path) -> autosave.Safekeeping:
    """What keeps a session's unsaved work (examples, a network trained in the window) in ``folder``: autosaved
    on a thread of its own (a large set of examples does not stall frames), and saved as the sketch ends."""
    return autosave.Safekeeping(folder, network.save, in_background=True)


def write_clip(state: demo.SketchState, path: Path, lesson, size: tuple[int, int] | None = None,
               theme: str = "dark") -> str:
    """A clip's thread: paint the frames (the lesson's steps, with ``lesson`` a LessonPlayer, else the
    sliding window over ``state``) at the window's ``size``, write the GIF, and say so; a failure is one line."""
    return write_new_file("clip", path, lambda: clips.write_clip_file(
        state, path, lesson.lesson if lesson else None, lesson.base if lesson else None, size=size,
        theme=THEMES[theme]))


def report_training(run: demo.LiveTraining) -> None:
    """A training run's end, in the terminal: what it learned and how well, or why it stopped."""
    if run.error:
        print(f"sketch.py: error: training stopped: {run.error}", file=sys.stderr, flush=True)
        return
    figures = f", accuracy {100 * run.accuracies[-1]:.0f}% on what it trained on" if run.accuracies else ""
    if run.held_out is not None:
        figures += f", {100 * run.held_out:.0f}% on drawings kept out"
    print(f"trained: {run.epochs} epochs on {', '.join(run.classes)}{figures}", flush=True)


def write_gif(options) -> int:
    """--gif: write the clip (through saving.write_new: an --overwrite'n file is replaced only once the new one
    is complete) and say where; a failure is one line. Returns the exit status."""
    try:
        if options.camera is not None:
            path = write_camera_gif(options)
        else:
            path = clips.write_clip_file(options.state, options.gif, options.lesson, options.lesson_base,
                                         scale=options.scale, overwrite=options.overwrite, size=options.size,
                                         theme=THEMES[options.theme])
    except FileExistsError:
        print(f"sketch.py: error: --gif {options.gif}: a file of that name appeared while the clip was made; "
              f"it was left alone: choose a new name or add --overwrite", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"sketch.py: error: could not save {options.gif}: {error.strerror or error}; nothing was "
              f"written (an older file of that name is as it was)", file=sys.stderr)
        return 2
    except MemoryError:
        print(f"sketch.py: error: --gif {options.gif}: the clip does not fit in this computer's memory: "
              f"use a smaller --scale", file=sys.stderr)
        return 2
    finally:
        if options.camera is not None:
            options.camera.close()
    print(f"saved {path.resolve()}")
    return 0


SLIDE_PIXELS = 1920 * 1080   # a --gif clip's frames made smaller than the clip budget allows are made this large


def clip_side(options, pixels: np.ndarray) -> int | None:
    """The longest side a camera's frames are shown at in a --gif clip without --size: as they are (None), or,
    when the view's window for frames that large would leave fewer than clips.MIN_WINDOW_FRAMES frames within
    clips.MAX_CLIP_BYTES (a 49-megapixel video in the layer view), small enough for frames of a full-HD
    screen's pixels (SLIDE_PIXELS: a clip is for slides)."""
    side, fits = None, False
    for _ in range(8):
        picture = camera.frame_image(pixels, False, side, options.state.inverted)[0]
        shown = clips.clip_state(options.state)
        demo.show_frame(shown, picture)
        width, height = clips.frame_size(shown, options.view, options.scale)
        if side is None:
            fits = clips.MAX_CLIP_BYTES // (width * height * 3) >= min(clips.MIN_WINDOW_FRAMES, camera.CLIP_FRAMES)
        if fits or width * height <= SLIDE_PIXELS:
            return side
        shrink = min(0.9, (SLIDE_PIXELS / (width * height)) ** 0.5 * 0.97)
        side = max(images.MIN_SIDE, int(max(picture.shape[:2]) * shrink))
    return side


def write_camera_gif(options) -> Path:
    """--camera with --gif: camera.CLIP_FRAMES frames of the camera or video, each beside its output, at the
    video's frame rate."""
    source, state = options.camera, options.state
    as_drawing = options.view in demo.DRAWING_VIEWS
    frames = source.frames(camera.CLIP_FRAMES)
    side = None if options.size or as_drawing else clip_side(options, frames[0].pixels)
    pictures = [camera.frame_image(frame.pixels, as_drawing, side, state.inverted)[0] for frame in frames]
    del frames   # the frames as read (up to LARGEST_SIDE a side) go before the clip's frames are painted
    return clips.write_frames_clip(state, pictures, options.gif, fps=source.fps or camera.DEFAULT_FPS,
                                   view_name=options.view, scale=options.scale, size=options.size,
                                   overwrite=options.overwrite, theme=THEMES[options.theme])
