"""Training the doodle network live, beside the window: the filters start random and change as it learns.

The training runs in a process of its own (Trainer there), so the
window's drawing never waits for it: a Python thread would share one
interpreter lock with the sketch and stall its frames. Every fraction of a
second the worker sends its latest weights and figures through a pipe;
``TrainingRun.poll()``, called by the sketch each frame, reads what has
arrived without waiting. No py5 here.

    run = training.start(drawings, labels, classes, seed=1)
    ...
    if run.poll():           # new weights: run.network, run.losses, run.progress …
        redraw()
    run.pause(); run.resume(); run.stop()
"""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import network
from convolution.learning import data
from convolution.learning.trainer import Trainer, accuracy

UPDATE_SECONDS = 0.25     # how often the worker sends its weights: a few changes a second are easy to follow
UPDATES_PER_EPOCH = 4     # an epoch takes at least UPDATES_PER_EPOCH × UPDATE_SECONDS: slow enough to watch
EPOCHS = 20               # then it stops, as train.py does by default
HELD_OUT = 0.2            # the share of drawings kept out of training, to measure it on
MAX_POINTS = 240          # the curves keep at most this many points (older ones are thinned out)


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

    def poll(self) -> bool:
        """Take in every update that has arrived, without waiting; returns whether anything changed."""
        changed = False
        try:
            while self.connection is not None and self.connection.poll():
                self._take(self.connection.recv())
                changed = True
        except (EOFError, OSError):
            if not self.error:
                self.error = "the training process ended"
                changed = True
            self.connection = None
        return changed

    def _take(self, message: dict) -> None:
        if message.get("error"):
            self.error = message["error"]
            return
        self.network = network.Network(self.classes, network.Weights.from_arrays(message["weights"]), "trained live")
        self.epoch, self.progress, self.done = message["epoch"], message["progress"], message["done"]
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
          epochs: int = EPOCHS) -> TrainingRun:
    """Start training a network from random filters on ``drawings`` (N×28×28 uint8, white on black).

    The worker is a fresh Python ("spawn": nothing of the window's Java is
    copied into it) with one BLAS thread and a lower priority, so the window
    keeps its core.
    """
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    saved = os.environ.get("OPENBLAS_NUM_THREADS")
    os.environ["OPENBLAS_NUM_THREADS"] = "1"   # read by the worker's numpy as it starts
    try:
        process = context.Process(target=work, args=(theirs, drawings, labels, classes, seed, epochs), daemon=True,
                                  name="doodle-training")
        process.start()
    finally:
        if saved is None:
            os.environ.pop("OPENBLAS_NUM_THREADS", None)
        else:
            os.environ["OPENBLAS_NUM_THREADS"] = saved
    theirs.close()
    first = network.Network.random(classes, seed)
    return TrainingRun(list(classes), first, process, ours, epochs=epochs)


def work(connection, drawings, labels, classes, seed: int, epochs: int = EPOCHS) -> None:
    """The worker: train ``epochs`` epochs, a part of one every UPDATE_SECONDS, sending the weights
    after each part; obey "pause", "resume" and "stop" (once done, wait for "stop")."""
    try:
        os.nice(10)   # the window first
    except (AttributeError, OSError):
        pass
    try:
        train_x, train_y, held_x, held_y = data.split(drawings, labels, HELD_OUT, seed)
        trainer = Trainer(train_x, train_y, classes, seed)
        paused = False
        losses, rights = [], []
        held_out = None
        steps = -(-trainer.steps_per_epoch // UPDATES_PER_EPOCH)
        while True:
            while connection.poll() or paused or trainer.epoch >= epochs:
                command = connection.recv()   # waits while paused, and once done
                if command == "stop":
                    return
                paused = command == "pause"
            started = time.perf_counter()
            epoch = trainer.epoch
            for _ in range(steps):
                result = trainer.step()
                losses.append(result.loss)
                rights.append(result.accuracy)
                if trainer.epoch != epoch:
                    held_out = accuracy(trainer.network, held_x, held_y)
                    break
            progress = 1.0 if trainer.epoch != epoch else trainer.steps_done_in_epoch / trainer.steps_per_epoch
            connection.send({"weights": trainer.network.weights.arrays(), "epoch": epoch, "progress": progress,
                             "loss": float(np.mean(losses)), "accuracy": float(np.mean(rights)),
                             "held_out": held_out, "done": trainer.epoch >= epochs})
            losses, rights, held_out = [], [], None
            time.sleep(max(0.0, UPDATE_SECONDS - (time.perf_counter() - started)))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        return
    except Exception as error:   # the window shows this one line
        try:
            connection.send({"error": f"{type(error).__name__}: {error}"})
        except OSError:
            pass
