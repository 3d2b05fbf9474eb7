"""Training the doodle network live, beside the window: the filters start random and change as it learns.

The training runs in a process of its own (Trainer there), so the
window's drawing never waits for it: a Python thread would share one
interpreter lock with the sketch and stall its frames. Every fraction of a
second the worker sends its latest weights and figures through a pipe;
``TrainingRun.poll()``, called by the sketch each frame, reads what has
arrived without waiting. No py5 here.

    run = background.start(drawings, labels, classes, seed=1)                 # from random filters
    run = background.start(drawings, labels, classes, initial=shipped)      # from the shipped network's filters
    ...
    if run.poll():           # new weights: run.network, run.losses, run.progress …
        redraw()
    run.pause(); run.resume(); run.stop()

The first update is epoch 0 before any step: the filters as training starts
(random ones, unless ``initial`` is given), so a class sees where they begin.
The worker takes no step until the window has taken that update (it has
opened and is drawing), and then waits EPOCH_0_SECONDS more. From then on it
trains as fast as train.py would and never waits for the window: it sends its
weights every UPDATE_SECONDS (every FIRST_EPOCH_UPDATE_SECONDS in the first
epoch, where the random filters turn into strokes, so they are seen changing
from the start) and at the end of every epoch.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import network
from convolution.learning import data, recipe
from convolution.learning.trainer import Trainer, accuracy, first_weights, transfer

UPDATE_SECONDS = 0.25     # how often the worker sends its weights: a few changes a second are easy to follow
FIRST_EPOCH_UPDATE_SECONDS = 0.1   # … and in the first epoch, where the random filters turn into strokes
EPOCH_0_SECONDS = 1.0     # the filters as training starts stay this long before the first step
EPOCHS = 20               # then it stops, as train.py does by default
HELD_OUT = 0.2            # the share of drawings kept out of training, to measure it on …
HOLD_OUT_FROM = 25        # … when every class has at least this many, so at least 5 judge each (fewer: all are
                          # trained on, and run.held_out stays None)
MAX_POINTS = 240          # the curves keep at most this many points (older ones are thinned out)
FREEZE_TRANSFERRED = False  # a network started from learned filters fine-tunes them too (see start)


@dataclass
class TrainingRun:
    """A training run in another process, as the window knows it."""
    classes: list[str]
    network: network.Network            # the latest weights received
    process: Any = None                 # the worker (a multiprocessing Process)
    connection: Any = None              # our end of the pipe to it
    paused: bool = False
    epoch: int = 0                      # finished epochs
    epochs: int = EPOCHS                # … of this many; then it stops
    progress: float = 0.0               # of the current epoch, 0–1
    losses: list[float] = field(default_factory=list)       # mean loss of each update's batches
    accuracies: list[float] = field(default_factory=list)   # their accuracy
    held_out: float | None = None       # accuracy on the held-out drawings after the last finished epoch
    error: str = ""                     # why the worker stopped, if it did
    done: bool = False                  # all its epochs are trained
    version: int = 0                    # counts the updates received: the screen repaints when it changes
    held_out_count: int = 0             # drawings kept out to judge it by (0: too few, all are trained on)
    augmented: bool = False             # drawings moved, turned and resized each time they are seen
    started_from: str = "random filters"   # or "learned filters" (initial=…), "line detectors" (recipe.FEW_START)
    started: bool = False               # the worker has been told to begin (at the first poll)
    examples: np.ndarray | None = None  # the drawings it learns from (not the held-out ones), N×28×28 uint8 …
    example_labels: np.ndarray | None = None   # … and their labels: every network received carries them

    def poll(self) -> bool:
        """Take in every update that has arrived, without waiting; returns whether anything changed.

        Epoch 0's filters come alone; once they are taken, the worker is told to begin (it waits
        until then, and shows them for EPOCH_0_SECONDS before its first step).
        """
        changed = False
        try:
            while self.connection is not None and self.connection.poll():
                self._take(self.connection.recv())
                changed = True
                if self.version == 1:
                    break            # epoch 0's filters: this frame shows them, before anything else arrives
        except (EOFError, OSError):
            if not self.error:
                self.error = "the training process ended"
                changed = True
            self.connection = None
        if not self.started and self.version >= 1:
            self.started = True
            self._send("go")
        return changed

    def _take(self, message: dict) -> None:
        if message.get("error"):
            self.error = message["error"]
            return
        self.network = network.Network(self.classes, network.Weights.from_arrays(message["weights"]), "trained live",
                                       self.examples, self.example_labels)
        self.epoch, self.progress, self.done = message["epoch"], message["progress"], message["done"]
        if message["loss"] is not None:             # None: epoch 0's filters, before any step
            self.losses.append(message["loss"])
            self.accuracies.append(message["accuracy"])
        if len(self.losses) > MAX_POINTS:
            self.losses, self.accuracies = self.losses[::2], self.accuracies[::2]
        if message.get("held_out") is not None:
            self.held_out = message["held_out"]
        self.version += 1

    def pause(self) -> None:
        self._send("pause")
        self.paused = True

    def resume(self) -> None:
        self._send("resume")
        self.paused = False

    def toggle_pause(self) -> None:
        self.resume() if self.paused else self.pause()

    def stop(self) -> None:
        """End the worker (when the sketch ends)."""
        self._send("stop")
        if self.process is not None:
            self.process.join(timeout=2)
            if self.process.is_alive():
                self.process.terminate()
        self.connection = None

    def _send(self, command: str) -> None:
        try:
            if self.connection is not None:
                self.connection.send(command)
        except (OSError, ValueError):
            self.connection = None


def start(drawings: np.ndarray, labels: np.ndarray, classes: list[str], seed: int = 1,
          epochs: int = EPOCHS, initial: network.Network | None = None, augment: bool | None = None) -> TrainingRun:
    """Start training a network on ``drawings`` (N×28×28 uint8, white on black) in a process of its own.

    ``labels``: N class numbers into ``classes`` (two or more names). ``seed``: the same seed
    gives the same run. ``epochs``: then it stops (``run.done``).

    ``initial``: None starts from the recipe's first weights (``trainer.first_weights``: block 1's line
    detectors, the rest random; ``run.started_from`` says which); a Network (the shipped one, ``network.load``)
    starts from its learned conv filters, all its blocks, with a fresh dense layer for
    ``classes`` (``trainer.transfer``; transfer learning); they are fine-tuned, not frozen
    (FREEZE_TRANSFERRED): every weight goes on learning.

    ``augment``: every drawing moved, turned, resized, bent a little, mirrored (half the time)
    and partly blanked each time it is seen (``recipe.AUGMENTATION``), and few drawings shown
    several times an epoch; None (the default) does so when a class has fewer than
    ``recipe.FEW`` drawings (100), as train.py does. (Mirrored: a class cannot be told from
    its mirror image.) ``run.augmented`` and ``run.started_from`` say what was chosen, for
    the screen.

    Every class keeps 20% of its drawings apart to judge the network by (``run.held_out``) when
    each has at least HOLD_OUT_FROM (25); with fewer, every drawing is trained on and
    ``run.held_out_count`` is 0. ``run.network`` (every one received) carries the drawings it is
    trained on (``Network.examples``; ``run.examples``), so the window can show the nearest ones.
    Raises ValueError (one line) for a class with no drawings,
    labels that do not fit ``classes``, or drawings that are not N×28×28.

    The worker is a fresh Python ("spawn": nothing of the window's Java is
    copied into it) with one BLAS thread and a lower priority, so the window
    keeps its core. Its first update is epoch 0's filters (``run.network`` already holds
    them); it takes its first step EPOCH_0_SECONDS after ``poll`` has taken that update.
    """
    drawings, labels = np.asarray(drawings), np.asarray(labels)
    if len(classes) < 2:
        raise ValueError(f"training needs at least two classes, got {len(classes)}")
    if len(labels) != len(drawings) or (len(labels) and (labels.min() < 0 or labels.max() >= len(classes))):
        raise ValueError(f"training needs one label 0–{len(classes) - 1} per drawing")
    network.scale_images(drawings[:1] if len(drawings) else np.zeros((1, 28, 28)))   # the shape check
    counts = np.bincount(labels.astype(np.int64), minlength=len(classes)).tolist()
    problem = recipe.empty_class(classes, counts)
    if problem:
        raise ValueError(problem)
    options = recipe.options_for(counts, augment, freeze_conv=initial is not None and FREEZE_TRANSFERRED)
    options = dataclasses.replace(options, epochs=epochs)     # the step size falls to 0 over this run's epochs
    held = sum(min(count - 1, max(1, round(HELD_OUT * count))) for count in counts) if min(counts) >= HOLD_OUT_FROM \
        else 0
    first = transfer(initial, classes, seed) if initial is not None else \
        network.Network(classes, first_weights(len(classes), seed, options))     # the recipe's start
    # The split is made here, so that the window's networks carry the drawings the worker trains on.
    if held:
        train_x, train_y, held_x, held_y = data.split(drawings, labels, HELD_OUT, seed)
    else:
        train_x, train_y, held_x, held_y = drawings, labels, drawings[:0], labels[:0]
    examples, example_labels = data.carried(train_x, train_y, seed)
    first = network.Network(classes, first.weights, first.about, examples, example_labels)
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    saved = os.environ.get("OPENBLAS_NUM_THREADS")
    os.environ["OPENBLAS_NUM_THREADS"] = "1"   # read by the worker's numpy as it starts
    try:
        process = context.Process(target=work, args=(theirs, train_x, train_y, classes, seed, epochs, options,
                                                     first.weights.arrays(), (held_x, held_y)),
                                  daemon=True, name="doodle-training")
        process.start()
    finally:
        if saved is None:
            os.environ.pop("OPENBLAS_NUM_THREADS", None)
        else:
            os.environ["OPENBLAS_NUM_THREADS"] = saved
    theirs.close()
    return TrainingRun(list(classes), first, process, ours, epochs=epochs, held_out_count=held,
                       augmented=options.augmentation is not None,
                       started_from="learned filters" if initial is not None else
                       "line detectors" if recipe.starts_from_lines(options) else "random filters",
                       examples=examples, example_labels=example_labels)


def work(connection, drawings, labels, classes, seed: int, epochs: int = EPOCHS, options=None,
         first_weights=None, held=None) -> None:
    """The worker: train on ``drawings`` and ``labels`` (the training share), judged after each epoch by
    ``held`` (the held-out drawings and labels; None or empty: none). Send epoch 0's weights, wait for
    "go", then train ``epochs`` epochs, sending the weights every UPDATE_SECONDS (FIRST_EPOCH_UPDATE_SECONDS
    in the first epoch) and at each epoch's end; obey "pause", "resume" and "stop" (once done, wait for
    "stop")."""
    try:
        os.nice(10)   # the window first
    except (AttributeError, OSError):
        pass
    try:
        train_x, train_y = drawings, labels
        held_x, held_y = held if held is not None else (drawings[:0], labels[:0])
        start_network = None
        if first_weights is not None:
            start_network = network.Network(classes, network.Weights.from_arrays(first_weights))
        trainer = Trainer(train_x, train_y, classes, seed, options, network=start_network)
        connection.send({"weights": trainer.network.weights.arrays(), "epoch": 0, "progress": 0.0,
                         "loss": None, "accuracy": None, "held_out": None, "done": False})
        started, paused = False, False
        losses, rights = [], []
        held_out = None
        while True:
            while connection.poll() or not started or paused or trainer.epoch >= epochs:
                command = connection.recv()   # waits until "go", while paused, and once done
                if command == "stop":
                    return
                if command == "go":
                    started = True
                    time.sleep(EPOCH_0_SECONDS)
                else:
                    paused = command == "pause"
            interval = FIRST_EPOCH_UPDATE_SECONDS if trainer.epoch == 0 else UPDATE_SECONDS
            began = time.perf_counter()
            epoch = trainer.epoch
            # Steps until the next update is due or the epoch ends; then the weights go to the window. The
            # worker never sleeps here: the window shows the newest weights whenever it draws.
            while trainer.epoch == epoch and time.perf_counter() - began < interval:
                result = trainer.step()
                losses.append(result.loss)
                rights.append(result.accuracy)
            if trainer.epoch != epoch and len(held_y):
                held_out = accuracy(trainer.network, held_x, held_y)
            progress = 1.0 if trainer.epoch != epoch else trainer.steps_done_in_epoch / trainer.steps_per_epoch
            connection.send({"weights": trainer.network.weights.arrays(), "epoch": epoch, "progress": progress,
                             "loss": float(np.mean(losses)), "accuracy": float(np.mean(rights)),
                             "held_out": held_out, "done": trainer.epoch >= epochs})
            losses, rights, held_out = [], [], None
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        return
    except Exception as error:   # the window shows this one line
        try:
            connection.send({"error": f"{type(error).__name__}: {error}"})
        except OSError:
            pass
