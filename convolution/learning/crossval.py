"""An honest figure from few drawings: k-fold cross-validation, its networks trained side by side.

Keeping 20% of ten drawings apart leaves two to judge a network by: one
mistake more or less moves the figure by half. Cross-validation judges every
drawing instead: the drawings are dealt into k folds (each class spread
evenly over them), and for each fold a network is trained on the other folds
and asked about that one, so every drawing is judged by a network that never
saw it. The network that is kept is then trained on all of them. The k + 1
trainings are independent, so they run in WORKERS processes at once. No py5.

    predicted, network = crossval.train_and_judge(drawings, labels, classes, epochs, seed, options)
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
from collections.abc import Callable

import numpy as np

from convolution.learning import data
from convolution.learning.trainer import Trainer, TrainingOptions
from network import Network, Weights

FOLDS = 3        # each network that judges is trained on 2/3 of the drawings: 4 trainings in all
WORKERS = 2      # trainings at once (each on one core)


def deal_folds(labels, folds: int, seed: int) -> np.ndarray:
    """The fold (0…folds−1) of each drawing: every class's drawings shuffled and dealt in turn, so
    each fold holds about 1/folds of every class. The same seed deals the same folds."""
    labels = np.asarray(labels)
    rng = np.random.default_rng([seed, 3])
    fold = np.empty(len(labels), np.int64)
    start = 0
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        fold[members] = (start + np.arange(len(members))) % folds
        start += len(members)             # the next class starts where this one ended: folds stay even
    return fold


def fold_count(labels) -> int:
    """How many folds: FOLDS, or fewer when no class has that many drawings (a fold needs one)."""
    return int(min(FOLDS, np.bincount(np.asarray(labels)).max()))


def train_weights(job: tuple) -> tuple[int, tuple[np.ndarray, ...]]:
    """One training (in a worker): ``job`` = (number, drawings, labels, classes, epochs, seed, options,
    starting weights or None); returns (number, the trained weights' arrays)."""
    number, drawings, labels, classes, epochs, seed, options, start = job
    first = Network(classes, Weights.from_arrays(start)) if start is not None else None
    trainer = Trainer(drawings, labels, classes, seed, options, network=first)
    for _ in range(epochs):
        trainer.run_epoch()
    return number, trainer.network.weights.arrays()


def _quiet_worker() -> None:
    """Ctrl+C is for train.py itself, which ends the workers: they do not each print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def train_and_judge(drawings, labels, classes, epochs: int, seed: int, options: TrainingOptions,
                    start: Network | None = None, finished: Callable[[int, int], None] | None = None
                    ) -> tuple[np.ndarray, Network, int]:
    """Cross-validate and train: (each drawing's class as judged by the network that never saw it
    (N int64), the network trained on all the drawings, the number of folds).

    ``drawings``: N×28×28 uint8 white on black; ``labels``: N class numbers; ``start``: begin every
    network from its weights (e.g. ``trainer.transfer(...)``) instead of random ones.
    ``finished(done, total)`` is called as each training ends. The same arguments give bitwise the
    same results, however the trainings are shared out among the workers.
    """
    drawings, labels = np.ascontiguousarray(drawings), np.asarray(labels, np.int64)
    options = dataclasses.replace(options, epochs=epochs)     # the step size's schedule spans them
    folds = fold_count(labels)
    fold = deal_folds(labels, folds, seed)
    start_arrays = start.weights.arrays() if start is not None else None
    jobs = [(0, drawings, labels, classes, epochs, seed, options, start_arrays)]
    for number in range(folds):
        keep = fold != number
        jobs.append((number + 1, drawings[keep], labels[keep], classes, epochs, seed + 1000 * (number + 1),
                     options, start_arrays))
    results = dict(_run(jobs, finished))
    predicted = np.empty(len(labels), np.int64)
    for number in range(folds):
        judged = fold == number
        network = Network(classes, Weights.from_arrays(results[number + 1]))
        predicted[judged] = network.predict(drawings[judged]).argmax(axis=1)
    examples, example_labels = data.carried(drawings, labels, seed)      # as Trainer's network carries them
    return predicted, Network(classes, Weights.from_arrays(results[0]), "", examples, example_labels), folds


def _run(jobs: list[tuple], finished: Callable[[int, int], None] | None) -> list[tuple[int, tuple]]:
    """Every job through ``train_weights``, WORKERS at a time in fresh processes (one BLAS thread each)."""
    context = multiprocessing.get_context("spawn")
    saved = os.environ.get("OPENBLAS_NUM_THREADS")
    os.environ["OPENBLAS_NUM_THREADS"] = "1"       # read by each worker's numpy as it starts
    try:
        pool = context.Pool(min(WORKERS, len(jobs)), initializer=_quiet_worker)
    finally:
        if saved is None:
            os.environ.pop("OPENBLAS_NUM_THREADS", None)
        else:
            os.environ["OPENBLAS_NUM_THREADS"] = saved
    results = []
    try:
        for result in pool.imap_unordered(train_weights, jobs):
            results.append(result)
            if finished is not None:
                finished(len(results), len(jobs))
        pool.close()
    finally:
        pool.terminate()
        pool.join()
    return results
