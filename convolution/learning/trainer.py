"""Training the doodle network: minibatches, Adam, epochs; and how well a network does.

network.py works out the loss and its gradients for a batch
(``loss_and_gradients``); a Trainer takes a step downhill with them, batch
after batch, so a window (or train.py) can show it learning. No py5.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from convolution.learning import data
from convolution.learning.augment import Augmentation, random_variants
from convolution.learning.lines import line_detectors
from network import (
    ARCHITECTURE,
    SIDE,
    ConvBlock,
    Dense,
    Network,
    Weights,
    loss_and_gradients,
    random_weights,
    scale_images,
)


def accuracy(network: Network, drawings, labels) -> float:
    """The fraction of ``drawings`` (white on black) whose most probable class is their label (0–1)."""
    return float(np.mean(network.predict(drawings).argmax(axis=1) == np.asarray(labels)))


def confusion_matrix(network: Network, drawings, labels) -> np.ndarray:
    """C×C counts: row = the true class, column = the class the network chose (int64)."""
    chosen = network.predict(drawings).argmax(axis=1)
    size = len(network.classes)
    return np.bincount(np.asarray(labels) * size + chosen, minlength=size * size).reshape(size, size)


def keep_freed_memory() -> None:
    """Ask the C library's memory allocator, on Linux (glibc), to keep freed memory for reuse.

    Every training step makes and drops a few megabytes of temporary arrays.
    By default glibc gives memory of that size back to the system as soon as
    it is freed, so the next step has to fault every page of it in again,
    which takes longer than the step's arithmetic. Keeping up to 128 MB
    (arrays of up to 32 MB) for reuse ends that. Elsewhere nothing changes.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    m_trim_threshold, m_mmap_threshold = -1, -3          # glibc's <malloc.h>
    mallopt(m_mmap_threshold, 32 * 2 ** 20)
    mallopt(m_trim_threshold, 128 * 2 ** 20)


SCHEDULES = ("cosine", "decay")
STARTS = ("random", "lines")


@dataclass(frozen=True)
class TrainingOptions:
    """How a Trainer trains. The defaults are train.py's for many drawings (recipe.py picks them; the study
    behind them is in benchmarks/RESULTS.md, "The training recipe")."""
    architecture: tuple[tuple[int, int], ...] = ARCHITECTURE   # (filters, kernel size) of each conv block
    batch_size: int = 32           # drawings per step
    epochs: int = 60               # how long a training is: train.py's default, and what the schedule spans
    learning_rate: float = 0.01    # Adam's step size at the start, then …
    schedule: str = "cosine"       # … "cosine": down to 0 along half a cosine wave, a little every step, over
                                   # ``epochs``: big steps first, then settling down; "decay": × decay each epoch
    decay: float = 0.9             # (the "decay" schedule only)
    shift: int = 3                 # each drawing is moved by up to this many pixels each time it is seen …
    mirror: bool = True            # … and mirrored left to right half the time (a cat facing either way)
    augmentation: Augmentation | None = None   # or, for few drawings, moved, turned and resized (augment.py)
    epoch_drawings: int = 0        # an epoch shows at least this many: few drawings are each seen several
                                   # times an epoch, in a new variant each time (with augmentation)
    label_smoothing: float = 0.1   # aim at 1 − ε + ε/C for the right class, not 100% (loss_and_gradients)
    dropout: float = 0.2           # the share of the features left out of each step, at random (ditto)
    start: str = "lines"           # block 1's first filters: "lines" (lines.line_detectors) or "random" (He)
    freeze_conv: bool = False      # only the dense layer learns: the conv filters stay as they started
                                   # (for a network started from another one's filters: see transfer)

    def __post_init__(self) -> None:
        if self.schedule not in SCHEDULES:
            raise ValueError(f"schedule must be one of {SCHEDULES}, got {self.schedule!r}")
        if self.start not in STARTS:
            raise ValueError(f"start must be one of {STARTS}, got {self.start!r}")
        if not 0 <= self.dropout < 1 or not 0 <= self.label_smoothing < 1:
            raise ValueError(f"dropout and label smoothing must be 0 or more and below 1, got {self.dropout} "
                             f"and {self.label_smoothing}")


def first_weights(class_count: int, seed: int, options: TrainingOptions) -> Weights:
    """The weights a training starts from: ``random_weights``, with block 1's filters replaced by
    ``lines.line_detectors`` (as many as it has, of its size; biases 0) when ``options.start`` is "lines"."""
    weights = random_weights(class_count, seed, options.architecture)
    if options.start != "lines":
        return weights
    first = weights.blocks[0]
    count, _, size, _ = first.weights.shape
    detectors = line_detectors(count, size)[:, None].astype(first.weights.dtype)
    detectors.flags.writeable = False          # as every weight: never changed behind a reader's back
    return Weights((ConvBlock(detectors, first.biases), *weights.blocks[1:]), weights.dense)


def transfer(start: Network, classes, seed: int = 0) -> Network:
    """A network for ``classes`` that begins with ``start``'s learned conv filters (all its blocks,
    as they are) and a fresh dense layer, random as in ``random_weights``, for the new classes.

    Transfer learning: filters that already find strokes, corners and curves in doodles are a
    better start for a few examples of new classes than random ones; only the last layer has to
    be learned from scratch (Teachable Machine learns from few examples this way).
    """
    features = start.dense.weights.shape[1]
    rng = np.random.default_rng([seed, 2])
    dense = Dense(rng.normal(0.0, np.sqrt(1.0 / features), (len(classes), features)), np.zeros(len(classes)))
    return Network(classes, Weights(start.weights.blocks, dense),
                   f"started from the learned filters of {start.about or 'another network'}")


@dataclass(frozen=True)
class StepResult:
    """One step's minibatch: its mean loss and the fraction it got right (before the step's update)."""
    loss: float
    accuracy: float


@dataclass(frozen=True)
class EpochRecord:
    """One finished pass over the training drawings: the mean loss and accuracy of its minibatches."""
    epoch: int
    loss: float
    accuracy: float


class Trainer:
    """Trains a Network on drawings, one minibatch at a time, so a GUI can show it learning.

    ``drawings``: N×28×28 (uint8, white on black); ``labels``: N numbers
    into ``classes``. Each epoch goes through the drawings once in a new
    random order, ``options.batch_size`` at a time. The same seed (and the
    same calls) gives bitwise the same weights.

    Threads: call ``step``/``run_epoch``/``restart`` from ONE thread. Another
    thread may meanwhile use ``trainer.network`` (predict, feature_maps,
    filters), ``epoch`` and ``history``: each step computes the new weights
    in new arrays and swaps them into the network in one assignment, so a
    reader sees the weights before or after a step, never half of each.
    """

    def __init__(self, drawings, labels, classes, seed: int = 0, options: TrainingOptions | None = None,
                 network: Network | None = None):
        """``network``: start from its weights (e.g. ``transfer(shipped, classes)``) rather than random ones."""
        self.options = options or TrainingOptions()
        self.classes = [str(name) for name in classes]
        self._drawings = np.ascontiguousarray(drawings)
        self._labels = np.asarray(labels, dtype=np.int64)
        if len(self._drawings) != len(self._labels) or len(self._labels) == 0:
            raise ValueError(f"training needs drawings with one label each, got {len(self._drawings)} drawings "
                             f"and {len(self._labels)} labels")
        if self._labels.min() < 0 or self._labels.max() >= len(self.classes):
            raise ValueError(f"labels must be 0 to {len(self.classes) - 1}, one per class of {self.classes}")
        scale_images(self._drawings[:1])           # the shape check, with its message
        if network is not None and network.classes != self.classes:
            raise ValueError(f"the network's classes {network.classes} are not the training classes {self.classes}")
        self._start_network = network
        keep_freed_memory()
        self.restart(seed)

    def restart(self, seed: int | None = None) -> None:
        """Start again from ``first_weights`` of ``seed`` (default: the last seed): epoch 0, no history.

        A Trainer made with ``network=`` starts again from that network's weights instead.
        """
        self.seed: int = self.seed if seed is None else seed
        options = self.options
        start = self._start_network
        weights = start.weights if start is not None else first_weights(len(self.classes), self.seed, options)
        if getattr(self, "network", None) is None:
            # It carries the drawings it learns from (as given: the variants it is shown are made afresh).
            examples, example_labels = data.carried(self._drawings, self._labels, self.seed)
            self.network = Network(self.classes, weights, start.about if start is not None else "", examples,
                                   example_labels)
        else:
            # The same Network object, so a reader holding it sees the fresh filters too.
            self.network._replace_weights(weights)
        # One generator for everything random in training (order and shifts), so a seed repeats it all.
        self._rng = np.random.default_rng([self.seed, 1])
        self._adam_m = [np.zeros_like(array) for array in weights.arrays()]
        self._adam_v = [np.zeros_like(array) for array in weights.arrays()]
        self._updates = 0
        self._order = self._new_order()
        self._position = 0
        self._epoch_sums = [0.0, 0.0, 0]          # loss × size, right answers, drawings seen this epoch
        self.epoch = 0                            # finished epochs
        self._history: list[EpochRecord] = []

    @property
    def history(self) -> list[EpochRecord]:
        """One EpochRecord per finished epoch (a copy)."""
        return list(self._history)

    @property
    def repeats(self) -> int:
        """How many times an epoch shows each drawing: enough to show ``options.epoch_drawings``."""
        return max(1, -(-self.options.epoch_drawings // len(self._labels)))

    @property
    def steps_per_epoch(self) -> int:
        return -(-len(self._labels) * self.repeats // self.options.batch_size)

    def _new_order(self) -> np.ndarray:
        """The next epoch's drawings: each one ``repeats`` times, in a random order."""
        indices = np.arange(len(self._labels))
        return self._rng.permutation(np.tile(indices, self.repeats) if self.repeats > 1 else len(indices))

    @property
    def steps_done_in_epoch(self) -> int:
        return -(-self._position // self.options.batch_size)

    def _shifted(self, batch: np.ndarray) -> np.ndarray:
        """The batch with each drawing moved by a random −shift…+shift pixels each way (blank fills in), and
        mirrored left to right half the time (``options.mirror``).

        People draw anywhere on the canvas; moving each drawing a little every
        time it is seen teaches the filters the shape, not its place.
        """
        limit = self.options.shift
        if self.options.mirror:
            batch = np.where(self._rng.random(len(batch))[:, None, None] < 0.5, batch[:, :, ::-1], batch)
        if limit == 0:
            return batch
        padded = np.pad(batch, ((0, 0), (limit, limit), (limit, limit)))
        moves = self._rng.integers(0, 2 * limit + 1, size=(len(batch), 2))
        rows = moves[:, 0, None] + np.arange(SIDE)
        cols = moves[:, 1, None] + np.arange(SIDE)
        return padded[np.arange(len(batch))[:, None, None], rows[:, :, None], cols[:, None, :]]

    def _varied(self, batch: np.ndarray) -> np.ndarray:
        """The batch as this step shows it: shifted, or moved, turned and resized (``options.augmentation``)."""
        if self.options.augmentation is None:
            return self._shifted(batch)
        return random_variants(batch, self._rng, self.options.augmentation)

    def step(self) -> StepResult:
        """Train on the next minibatch; returns its loss and accuracy. Ends the epoch after its last batch."""
        options = self.options
        chosen = self._order[self._position:self._position + options.batch_size]
        scaled = scale_images(self._varied(self._drawings[chosen]))
        labels = self._labels[chosen]
        weights = self.network.weights
        keep = None
        if options.dropout > 0:     # each feature kept with probability 1 − p, and then scaled up by 1/(1 − p)
            kept = self._rng.random((len(chosen), weights.dense.weights.shape[1])) >= options.dropout
            keep = kept.astype(weights.dense.weights.dtype) / weights.dense.weights.dtype.type(1 - options.dropout)
        loss, gradients, probabilities = loss_and_gradients(weights, scaled, labels, options.label_smoothing, keep)
        right = int(np.sum(probabilities.argmax(axis=1) == labels))
        self.network._replace_weights(self._adam(weights, gradients))

        sums = self._epoch_sums
        sums[0] += loss * len(chosen)
        sums[1] += right
        sums[2] += len(chosen)
        self._position += len(chosen)
        if self._position >= len(self._order):
            self.epoch += 1
            self._history.append(EpochRecord(self.epoch, sums[0] / sums[2], sums[1] / sums[2]))
            self._epoch_sums = [0.0, 0.0, 0]
            self._order = self._new_order()
            self._position = 0
        return StepResult(loss, right / len(chosen))

    def run_epoch(self, progress: Callable[[int, int], None] | None = None) -> EpochRecord:
        """Train until the current epoch ends; returns its record.

        ``progress(steps_done, steps_per_epoch)`` is called after every step
        (from this thread), e.g. to move a progress bar.
        """
        finished = self.epoch
        while self.epoch == finished:
            self.step()
            if progress is not None:
                done = self.steps_done_in_epoch if self.epoch == finished else self.steps_per_epoch
                progress(done, self.steps_per_epoch)
        return self._history[-1]

    @property
    def learning_rate(self) -> float:
        """Adam's step size for the next step: ``options.learning_rate`` × ½(1 + cos(π · steps done / steps in
        ``options.epochs``)) for the "cosine" schedule (0 once they are done), × decay^epoch for "decay"."""
        options = self.options
        if options.schedule == "decay":
            return options.learning_rate * options.decay ** self.epoch
        done = min(1.0, self._updates / (options.epochs * self.steps_per_epoch))
        return options.learning_rate * 0.5 * (1 + float(np.cos(np.pi * done)))

    def _adam(self, weights: Weights, gradients: Weights) -> Weights:
        """One Adam update (Kingma & Ba's defaults, β1 0.9, β2 0.999): new frozen arrays, old ones untouched.

        Adam scales each weight's step by a running estimate of its gradient's
        size, so filters and dense weights learn at a similar pace without
        tuning a learning rate for each layer.
        """
        beta1, beta2, epsilon = 0.9, 0.999, 1e-8
        step = self.learning_rate
        self._updates += 1
        rate = step * np.sqrt(1 - beta2 ** self._updates) / (1 - beta1 ** self._updates)
        new = []
        arrays = weights.arrays()
        learning = len(arrays) - 2 if self.options.freeze_conv else 0    # the dense layer's two come last
        for number, (m, v, array, gradient) in enumerate(zip(self._adam_m, self._adam_v, arrays, gradients.arrays())):
            if number < learning:
                new.append(array)
                continue
            m *= beta1
            m += (1 - beta1) * gradient
            v *= beta2
            v += (1 - beta2) * gradient * gradient
            updated = array - (rate * m / (np.sqrt(v) + epsilon)).astype(array.dtype)
            updated.flags.writeable = False
            new.append(updated)
        return Weights.from_arrays(new)


def train(drawings, labels, classes, epochs: int, seed: int = 0, options: TrainingOptions | None = None,
          progress: Callable[[int, int, int, int], None] | None = None) -> tuple[Network, list[EpochRecord]]:
    """Train a new network for ``epochs`` epochs: returns it and the per-epoch records.

    ``progress(epoch, epochs, step, steps_per_epoch)`` is called after every step.
    """
    trainer = Trainer(drawings, labels, classes, seed, options)
    for epoch in range(epochs):
        def report(step: int, steps: int, epoch: int = epoch) -> None:
            if progress is not None:
                progress(epoch, epochs, step, steps)
        trainer.run_epoch(report)
    return trainer.network, trainer.history
