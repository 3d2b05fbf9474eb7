"""The drawings a network learns from: one Quick Draw file per class, and a held-out split.

No py5. ``load_class_files`` reads the files (a bad one is a one-line
error), names each class after its file, and ``split`` keeps a share of
every class apart to judge the network on.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from convolution.files import names, quickdraw
from convolution.files.reading import shown_path

QUICKDRAW_PREFIX = "full_numpy_bitmap_"
MIN_DRAWINGS = 2   # a class needs one drawing to train on and one held out to judge by


def class_name(path) -> str:
    """The class a file of drawings stands for, from its name.

    - Quick Draw's own files keep their category exactly:
      ``full_numpy_bitmap_cat.npy`` → "cat", ``full_numpy_bitmap_bus.npy`` →
      "bus" (also ``cat.npy`` → "cat").
    - Otherwise trailing digits (a count) are dropped, and then one plural
      "s" if digits were dropped: ``cats800.bin`` → "cat",
      ``trains1000.bin`` → "train", ``glasses.npy`` → "glasses".

    Case is kept. Raises ValueError if nothing is left (``800.bin``), or for a name that cannot be a file's
    (files/names.py: control or format characters, a Windows device name, a dot or space at the end).
    """
    stem = Path(path).stem
    if stem.startswith(QUICKDRAW_PREFIX):
        name = stem[len(QUICKDRAW_PREFIX):]
    else:
        name = stem
        counted = re.fullmatch(r"(.*?)[ _-]*\d+", stem)
        if counted:
            name = counted.group(1)
            if name.endswith("s") and not name.endswith("ss") and len(name) > 1:
                name = name[:-1]
    name = name.strip()
    if not name:
        raise ValueError(f"{shown_path(path)}: the file name gives no class name; name the file after its class, "
                         f"e.g. cats800.bin or full_numpy_bitmap_cat.npy")
    problem = names.file_name_problem(name)
    if problem:   # a model of that class could not be saved, loaded or opened again with --examples
        raise ValueError(f"{shown_path(path)}: the class {names.shown(name)} cannot be a class's name: {problem}; "
                         f"rename the file (letters, digits, spaces, - or _)")
    return name


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
    by_class: dict[str, tuple[Path, np.ndarray]] = {}
    for path in map(Path, paths):
        name = class_name(path)
        drawings = quickdraw.load_quickdraw(path)       # a bad file is reported first, whatever its name
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
