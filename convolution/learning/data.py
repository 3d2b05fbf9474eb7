"""The drawings a network learns from: one Quick Draw file per class, and a held-out split.

No py5. ``load_class_files`` reads the files (a bad one is a one-line
error), names each class after its file, ``load_bundled`` reads the drawings
that come with the project (the shipped network's), and ``split`` keeps a
share of every class apart to judge the network on.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

from convolution.files import bundled, model_budget, quickdraw

# A file's class name is a matter of its name: files/quickdraw.py says it (data.class_name for its callers).
from convolution.files.quickdraw import QUICKDRAW_PREFIX as QUICKDRAW_PREFIX
from convolution.files.quickdraw import class_name

MIN_DRAWINGS = 2   # a class needs one drawing to train on and one held out to judge by
MAX_BUNDLED = 10_000 * 784   # bytes of one bundled file unpacked (they hold 800 drawings)


def load_class_files(paths) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Drawings from several Quick Draw files, one class per file, the class named by ``class_name``.

    Returns (drawings N×28×28 uint8 as stored, labels N int64 numbers into
    the class names, class names sorted alphabetically). The classes are
    sorted, and the drawings put in that order, so the order the files are
    given in changes nothing. Raises images.ImageLoadError for a bad file
    and ValueError for a class of fewer than MIN_DRAWINGS drawings (naming
    its file), fewer than two classes or two files of one class: all before
    any training.
    """
    return _by_class((path, class_name(path), quickdraw.load_quickdraw) for path in map(Path, paths))


def load_bundled() -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The drawings that come with the project (assets/quickdraw/: 800 cats, rainbows and trains, the
    shipped network's), as ``load_class_files`` gives them: the same arrays, in the same order, as
    ``load_class_files`` of the three unpacked .bin files, so training on either makes the same network."""
    return _by_class((bundled.QUICKDRAW / name, class_name(Path(name).stem), _read_gzip)
                     for name in bundled.QUICKDRAW_FILES)


def _read_gzip(path: Path) -> np.ndarray:
    """A bundled .bin.gz: N×28×28 uint8 (the project's own file, read whole; at most MAX_BUNDLED bytes)."""
    with gzip.open(path, "rb") as file:
        data = file.read(MAX_BUNDLED + 1)
    if len(data) > MAX_BUNDLED or len(data) % quickdraw.QUICKDRAW_BYTES:
        raise ValueError(f"{path} is not one of the project's drawing files (reinstall it)")
    return np.frombuffer(data, np.uint8).reshape(-1, quickdraw.QUICKDRAW_SIDE, quickdraw.QUICKDRAW_SIDE)


def _by_class(files) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(path, class name, reader) of each file → load_class_files's (drawings, labels, sorted classes)."""
    by_class: dict[str, tuple[Path, np.ndarray]] = {}
    for path, name, read in files:
        drawings = read(path)                           # a bad file is reported first, whatever its name
        if name in by_class:
            raise ValueError(f"{by_class[name][0]} and {path} both give the class '{name}': "
                             f"give one file per class")
        if len(drawings) < MIN_DRAWINGS:
            count = f"{len(drawings)} drawing{'s' if len(drawings) != 1 else ''}"
            raise ValueError(f"{path} (the class '{name}') has {count}: a class needs at least {MIN_DRAWINGS}, "
                             f"one to train on and one to judge the network by; use a file with more")
        by_class[name] = (path, drawings)
    if len(by_class) < 2:
        found = f"one class ('{next(iter(by_class))}')" if by_class else "no files"
        raise ValueError(f"a network tells classes apart, so it needs files of at least two classes, got {found}")
    classes = sorted(by_class)
    drawings = np.concatenate([by_class[name][1] for name in classes])
    labels = np.concatenate([np.full(len(by_class[name][1]), number, np.int64)
                             for number, name in enumerate(classes)])
    return drawings, labels, classes


def split(drawings, labels, held_out_fraction: float = 0.2, seed: int = 0
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Keep ``held_out_fraction`` of each class apart for testing (a stratified split).

    Returns (training drawings, training labels, held-out drawings, held-out
    labels), each in a shuffled order; the same seed gives the same split.
    Every class keeps round(fraction × its count) drawings apart, at least
    one, and at least one for training. Raises ValueError for a fraction
    outside (0, 1) or a class with fewer than two drawings.
    """
    drawings, labels = np.asarray(drawings), np.asarray(labels)
    if not 0 < held_out_fraction < 1:
        raise ValueError(f"the held-out fraction must be between 0 and 1, got {held_out_fraction}")
    if len(drawings) != len(labels):
        raise ValueError(f"{len(drawings)} drawings but {len(labels)} labels")
    rng = np.random.default_rng(seed)
    train, held = [], []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        if len(members) < 2:
            raise ValueError(f"class {label} has {len(members)} drawing(s): a split needs at least two")
        members = rng.permutation(members)
        count = min(len(members) - 1, max(1, round(held_out_fraction * len(members))))
        held.append(members[:count])
        train.append(members[count:])
    train_order, held_order = rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(held))
    return drawings[train_order], labels[train_order], drawings[held_order], labels[held_order]


def carried(drawings, labels, seed: int = 0, limit: int = model_budget.MAX_EXAMPLES) -> tuple[np.ndarray, np.ndarray]:
    """The drawings a network carries of those it learned from (``Network.examples``), with their labels:
    all of them, or, when there are more than ``limit`` (a model file holds at most that many), ``limit``
    of them chosen at random (the same seed, the same ones), in their order."""
    drawings, labels = np.asarray(drawings), np.asarray(labels)
    if len(labels) <= limit:
        return drawings, labels
    chosen = np.sort(np.random.default_rng([seed, 4]).choice(len(labels), limit, replace=False))
    return drawings[chosen], labels[chosen]
