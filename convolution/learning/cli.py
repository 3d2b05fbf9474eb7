"""train.py's command line: train the doodle network on Quick Draw files, one file per class, and save it.

    python train.py cats800.bin trains800.bin rainbows800.bin --out doodles.npz
    python train.py --out doodles.npz       # the same, on the drawings that come with it (assets/quickdraw/)
    python train.py full_numpy_bitmap_cat.npy full_numpy_bitmap_bus.npy --out mine.npz --epochs 10 --seed 3

Each FILE is one class, named after the file (``cats800.bin`` → "cat",
``full_numpy_bitmap_bus.npy`` → "bus"; see ``data.class_name``). With no
FILE, it trains on the drawings that come with the project (assets/quickdraw/:
800 cats, rainbows and trains), which is how the shipped network is made. A share
of every class (``--held-out``, 20% by default) is kept apart and never
trained on; at the end the network is judged on it: its accuracy and a
confusion matrix. Progress goes to stderr, one line per epoch (redrawn in
place while the epoch runs, when stderr is a terminal); the results go to
stdout. The same files, options and seed give bitwise the same model. The
model carries the drawings it was trained on (``Network.examples``; at most
model_budget.MAX_EXAMPLES, a random sample of them when there are more).

From few drawings (a class of fewer than CROSS_VALIDATE_BELOW, 50, and no
--held-out given), 20% would leave a handful to judge by, so the figure comes
from cross-validation instead (crossval.py: every drawing judged by a network
trained without it), and the model saved is trained on every drawing. Few
drawings (a class of fewer than recipe.FEW, 100) are also augmented: moved,
turned, resized, bent and mirrored every time they are seen (augment.py).
How it trains (recipe.py, measured in benchmarks/RESULTS.md): block 1 starts
from line detectors (lines.py), and the step size falls to 0 over the epochs
(60 by default; with few drawings 20, each showing every drawing many times).
``--from MODEL`` starts from MODEL's learned conv filters (transfer learning).

Every mistake (a bad file, fewer than two classes, an --out that exists)
ends with one line ``train.py: error: …`` and exit status 2. An existing
--out is never overwritten.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import os
import sys
import time
from pathlib import Path

import numpy as np

import network
from convolution.files import bundled, images, reading, saving
from convolution.learning import crossval, data, recipe
from convolution.learning.trainer import EpochRecord, Trainer, TrainingOptions, confusion_matrix, transfer

DEFAULT_EPOCHS = TrainingOptions().epochs       # many drawings (60); few: recipe.FEW_EPOCHS (20)
DEFAULT_SEED = 1
DEFAULT_HELD_OUT = 0.2
CROSS_VALIDATE_BELOW = 50   # a class of fewer drawings: cross-validation (20% of 50 is 10 to judge by)
BAR_WIDTH = 24


class UsageError(Exception):
    """A mistake in what train.py was asked to do: reported as one line, exit status 2."""


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def seed_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (e.g. 0.2 for 20%), got {text}")
    return value


def build_parser(prog: str = "train.py") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog, description="Train the doodle network on Quick Draw files, one file per class, and save it.",
        epilog="Quick Draw's numpy bitmaps: https://github.com/googlecreativelab/quickdraw-dataset "
               "(The Quick, Draw! Dataset by Google, CC BY 4.0)")
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE",
                        help="Quick Draw bitmap files (.npy or .bin), one per class, at least two (none: the "
                             "drawings that come with it, 800 cats, rainbows and trains, as the shipped "
                             "network is trained)")
    parser.add_argument("--out", type=Path, required=True, metavar="PATH",
                        help="where to save the model (.npz); must not exist yet")
    parser.add_argument("--epochs", type=positive_int, default=None, metavar="N",
                        help=f"passes over the training drawings (default {DEFAULT_EPOCHS}; with few drawings, "
                             f"fewer than {recipe.FEW} in a class, {recipe.FEW_EPOCHS} that show each one "
                             f"several times); the step size falls to 0 over them")
    parser.add_argument("--seed", type=seed_number, default=DEFAULT_SEED, metavar="S",
                        help=f"seed for the split, the first filters and the order of training "
                             f"(default {DEFAULT_SEED}): the same seed gives the same model")
    parser.add_argument("--held-out", type=fraction, default=None, metavar="F",
                        help=f"share of each class kept apart to judge the network on (default "
                             f"{DEFAULT_HELD_OUT}; when a class has fewer than {CROSS_VALIDATE_BELOW} drawings, "
                             f"{crossval.FOLDS}-fold cross-validation instead)")
    parser.add_argument("--from", dest="start_from", type=model_path, default=None, metavar="MODEL",
                        help="start from MODEL's learned conv filters with a new dense layer for these classes: "
                             "transfer learning, often better from few drawings; 'bundled' is the shipped "
                             f"network ({bundled.DOODLES})")
    return parser


def check_out(path: Path) -> None:
    """Refuse an --out that exists (a link to a missing file too) or cannot be written (a missing or
    read-only folder, a name too long), before any training: see saving.check_target."""
    try:
        if os.path.lexists(path):
            what = "a folder" if path.is_dir() else "a file" if path.exists() else "a link (to a missing file)"
            raise UsageError(f"--out {path}: {what} of that name exists; choose a new name "
                             f"(train.py never overwrites)")
    except OSError:
        pass   # a name too long, for instance: check_target says so
    try:
        saving.check_target(path, overwrite_option=None)
    except saving.TargetError as error:
        raise UsageError(f"--out {path}: {error}") from None


class ProgressBar:
    """Training progress on ``stream``: one line per epoch, plain text.

    On a terminal the current epoch's line is redrawn in place (carriage
    return) as its steps go by; elsewhere (CI, a log file) only the finished
    line of each epoch is written, so the log stays readable.
    """

    def __init__(self, stream, epochs: int):
        self.stream = stream
        self.epochs = epochs
        self.live = bool(getattr(stream, "isatty", lambda: False)())
        self.started = time.perf_counter()
        self._last_draw = 0.0

    def line(self, epoch: int, done: float, tail: str) -> str:
        """``epoch  3/20 [######------------------]  tail``: the bar shows all epochs, ``done`` of this one."""
        filled = round(BAR_WIDTH * (epoch - 1 + done) / self.epochs)
        width = len(str(self.epochs))
        return f"epoch {epoch:>{width}}/{self.epochs} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}]  {tail}"

    def step(self, epoch: int, step: int, steps: int) -> None:
        now = time.perf_counter()
        if self.live and (now - self._last_draw > 0.1 or step == steps):
            self._last_draw = now
            self.stream.write("\r" + self.line(epoch, step / steps, f"step {step}/{steps}") + "\x1b[K")
            self.stream.flush()

    def epoch_done(self, record: EpochRecord) -> None:
        tail = (f"loss {record.loss:.3f}  training accuracy {record.accuracy:6.1%}  "
                f"{time.perf_counter() - self.started:5.1f} s")
        self.stream.write(("\r" if self.live else "") + self.line(record.epoch, 1.0, tail)
                          + ("\x1b[K" if self.live else "") + "\n")
        self.stream.flush()


def confusion_text(matrix: np.ndarray, classes: list[str]) -> str:
    """The confusion matrix as aligned text, with the class names along both sides."""
    width = max(max(len(name) for name in classes), len(str(matrix.max())), 4)
    lines = [" " * width + "".join(f"  {name:>{width}}" for name in classes)]
    for name, row in zip(classes, matrix):
        lines.append(f"{name:<{width}}" + "".join(f"  {count:>{width}}" for count in row))
    return "\n".join(lines)


def model_path(text: str) -> Path:
    """argparse type for --from: a model file, or "bundled" (also "doodles") for the shipped network, wherever
    it was installed or unpacked (a file of that name in the folder comes first)."""
    path = Path(text)
    if text.strip().lower() in ("bundled", "doodles", "doodles.npz") and not path.exists():
        return bundled.DOODLES
    return path


def main(argv=None, prog: str = "train.py") -> int:
    """Run train.py with ``argv`` (default: the command line); returns the exit status."""
    args = build_parser(prog).parse_args(argv)
    err, out = sys.stderr, sys.stdout
    try:
        check_out(args.out)
        try:
            drawings, labels, classes = data.load_class_files(args.files) if args.files else data.load_bundled()
        except images.ImageLoadError as error:
            raise UsageError(str(error)) from None
        except ValueError as error:
            raise UsageError(str(error)) from None
        start = None
        if args.start_from is not None:
            try:
                start = transfer(network.load(args.start_from), classes, args.seed)
            except network.ModelError as error:
                raise UsageError(f"--from: {error}") from None
        counts = np.bincount(labels).tolist()
        options = recipe.options_for(counts)
        if args.epochs is not None:
            options = dataclasses.replace(options, epochs=args.epochs)
        args.epochs = options.epochs
        cross_validate = args.held_out is None and min(counts) < CROSS_VALIDATE_BELOW
        listed = ", ".join(f"{name} {count}" for name, count in zip(classes, counts))
        note = recipe.few_drawings_note(classes, counts)
        if note:
            print(f"train.py: note: {note}", file=err, flush=True)
        how = describe(options, args.start_from)
        if start is None and recipe.starts_from_lines(options):
            print(f"train.py: {recipe.LINE_DETECTOR_NOTE}", file=err, flush=True)
        if cross_validate:
            model, held, took, judged = train_cross_validated(args, drawings, labels, classes, options, start,
                                                               listed, how, err)
        else:
            model, held, took, judged = train_held_out(args, drawings, labels, classes, options, start,
                                                       listed, how, err)
        matrix, right, total = held
        score = right / total
        names = ", ".join(Path(path).name for path in args.files) or \
            f"its bundled drawings ({', '.join(bundled.QUICKDRAW_FILES)})"
        model.about = (f"trained by train.py on {names} ({listed}); {args.epochs} epochs, seed {args.seed}"
                       f"{'; ' + how if how else ''}; held-out accuracy {score:.1%} ({right} of {total}"
                       f"{', ' + judged.split(':')[0].removeprefix('drawings, by ') if cross_validate else ''})")
        try:
            network.save(model, args.out)
        except FileExistsError:
            raise UsageError(f"--out {args.out} appeared while training; it was left alone and the model "
                             f"was not saved: run again with a new name") from None
        except OSError as error:
            raise UsageError(f"could not save the model as {args.out} ({error.strerror or error}): "
                             f"check that you can write there") from None
    except UsageError as error:
        print(f"train.py: error: {reading.one_line(str(error))}", file=err, flush=True)
        return 2
    except KeyboardInterrupt:
        print("\ntrain.py: interrupted; nothing was saved", file=err, flush=True)
        return 130

    blocks = " \u2192 ".join(f"{f} filters of {k}\u00d7{k}" for f, k in model.architecture)
    print(f"held-out accuracy: {score:.1%} ({right} of {total} {judged})", file=out)
    print("confusion matrix (rows: the true class; columns: what the network said):", file=out)
    print(confusion_text(matrix, classes), file=out)
    print(f"saved {args.out}: conv blocks of {blocks}, classes {', '.join(classes)} "
          f"({args.out.stat().st_size / 1024:.0f} KB; trained in {took:.1f} s)", file=out, flush=True)
    return 0


def describe(options, start_from: Path | None) -> str:
    """What is done differently from plain training, in words (empty if nothing)."""
    parts = []
    if options.augmentation is not None:
        parts.append("few drawings, so each is moved, turned, resized, bent and mirrored every time it is seen")
    if start_from is not None:
        parts.append(f"starting from the learned filters of {start_from}")
    elif recipe.starts_from_lines(options):
        parts.append("block 1 starting from line detectors")
    return "; ".join(parts)


def train_held_out(args, drawings, labels, classes, options, start, listed: str, how: str, err):
    """Train on all but a held-out share of each class, one progress line per epoch; returns (the
    network, (confusion matrix, right, judged), seconds, what judged it)."""
    held_out = DEFAULT_HELD_OUT if args.held_out is None else args.held_out
    try:
        train_x, train_y, held_x, held_y = data.split(drawings, labels, held_out, args.seed)
    except ValueError as error:
        raise UsageError(str(error)) from None
    print(f"train.py: {len(labels)} drawings of {len(classes)} classes ({listed}); "
          f"{len(train_y)} to train on, {len(held_y)} held out{'; ' + how if how else ''}", file=err, flush=True)
    bar = ProgressBar(err, args.epochs)
    trainer = Trainer(train_x, train_y, classes, seed=args.seed, options=options, network=start)
    for epoch in range(1, args.epochs + 1):
        bar.epoch_done(trainer.run_epoch(functools.partial(bar.step, epoch)))
    took = time.perf_counter() - bar.started
    matrix = confusion_matrix(trainer.network, held_x, held_y)
    return (trainer.network, (matrix, int(np.trace(matrix)), len(held_y)), took,
            f"drawings never trained on, {held_out:.0%} of each class")


def train_cross_validated(args, drawings, labels, classes, options, start, listed: str, how: str, err):
    """Cross-validate (crossval.py) and train on every drawing, one line per network trained; returns
    (the network, (confusion matrix, right, judged), seconds, what judged it)."""
    folds = crossval.fold_count(labels)
    print(f"train.py: {len(labels)} drawings of {len(classes)} classes ({listed}): too few to keep "
          f"{DEFAULT_HELD_OUT:.0%} apart, so {folds}-fold cross-validation: {folds} networks, each trained on "
          f"{folds - 1}/{folds} of the drawings, judge the other 1/{folds}; the one saved is trained on all "
          f"{len(labels)}{'; ' + how if how else ''}", file=err, flush=True)
    started = time.perf_counter()

    def finished(done: int, total: int) -> None:
        print(f"trained {done} of {total} networks  {time.perf_counter() - started:5.1f} s", file=err, flush=True)

    predicted, model, folds = crossval.train_and_judge(drawings, labels, classes, args.epochs, args.seed,
                                                       options, start, finished)
    size = len(classes)
    matrix = np.bincount(labels * size + predicted, minlength=size * size).reshape(size, size)
    return (model, (matrix, int(np.trace(matrix)), len(labels)), time.perf_counter() - started,
            f"drawings, by {folds}-fold cross-validation: each judged by a network trained without it")
