"""How to train on the drawings at hand: the same choices for train.py and for training live.

Many drawings (the 800 a class of the shipped doodles) are trained with
TrainingOptions' defaults: block 1 starts from line detectors (lines.py)
rather than random filters; 60 epochs, each drawing moved by up to 3 pixels
and mirrored half the time every time it is seen; Adam's step size falling
along a cosine from 0.01 to 0; label smoothing and dropout. With ten drawings
a class a network learns those ten by heart, so few drawings are trained
differently: every drawing is moved, turned, resized, bent and mirrored every
time it is seen (augment.py), and an epoch shows each drawing many times
(always a new variant) so that an epoch is a similar amount of learning
whatever the number of drawings. Each choice was measured by cross-validation
on the bundled drawings: benchmarks/RESULTS.md, "The training recipe". No py5.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from convolution.learning.augment import Augmentation
from convolution.learning.lines import line_detectors as line_detectors
from convolution.learning.trainer import TrainingOptions

FEW = 100                 # a class of fewer drawings than this counts as few: augment, repeat them in an epoch
ADVISED = 5               # fewer drawings than this in a class earns a note: it is too few to learn from well
FEW_EPOCHS = 20           # a training on few drawings: 20 epochs …
FEW_EPOCH_DRAWINGS = 640  # … each showing this many (each drawing several times, varied)
FEW_LEARNING_RATE = 0.006 # Adam's first step for few drawings (measured on ten a class: larger is no better)
# Moved, turned, resized, bent, mirrored and partly blanked; ink may go off the canvas (fit=False measured better).
AUGMENTATION = Augmentation(shift=3, rotation=15.0, scaling=0.15, warp=2.0, flip=True, cutout=10, fit=False)

# Said on screen (and by train.py) when a training starts from line detectors.
LINE_DETECTOR_NOTE = ("block 1 starts from 8 line detectors, one for each direction, not random filters: "
                      "networks trained on many drawings learn filters much like them")


def is_few(counts: Sequence[int]) -> bool:
    """Whether the smallest class has fewer than FEW drawings (and so is trained with augmentation)."""
    return min(counts) < FEW


def options_for(counts: Sequence[int], augment: bool | None = None, freeze_conv: bool = False) -> TrainingOptions:
    """The TrainingOptions for classes of ``counts`` drawings each (``.epochs``: how many to train).

    ``augment``: move, turn and resize every drawing each time it is seen; None (the default)
    does so when the drawings are few (``is_few``). Few drawings are also shown several times an
    epoch (FEW_EPOCH_DRAWINGS), for FEW_EPOCHS. Both start block 1 from line detectors.
    ``freeze_conv``: only the dense layer learns (see trainer.transfer).
    """
    few = is_few(counts)
    augmented = few if augment is None else augment
    options = TrainingOptions(augmentation=AUGMENTATION if augmented else None, freeze_conv=freeze_conv)
    if few:
        options = dataclasses.replace(options, epochs=FEW_EPOCHS, epoch_drawings=FEW_EPOCH_DRAWINGS,
                                      learning_rate=FEW_LEARNING_RATE)
    return options


def starts_from_lines(options: TrainingOptions) -> bool:
    """Whether a training with ``options`` (and no network to start from) starts from line detectors:
    then LINE_DETECTOR_NOTE is true of it."""
    return options.start == "lines"


def empty_class(classes: Sequence[str], counts: Sequence[int]) -> str | None:
    """The one-line problem if a class has no drawings at all (training cannot start), else None."""
    empty = [name for name, count in zip(classes, counts) if count == 0]
    if not empty:
        return None
    names = ", ".join(f"'{name}'" for name in empty)
    return (f"the class{'es' if len(empty) > 1 else ''} {names} {'have' if len(empty) > 1 else 'has'} no drawings: "
            f"give every class at least {ADVISED} (10 is better) before training")


def few_drawings_note(classes: Sequence[str], counts: Sequence[int]) -> str | None:
    """One line about the classes of fewer than ADVISED drawings (training goes on), else None."""
    few = [f"'{name}' {count}" for name, count in zip(classes, counts) if 0 < count < ADVISED]
    if not few:
        return None
    return (f"few drawings in {', '.join(few)}: with fewer than {ADVISED} a class the network can hardly learn "
            f"the class; 10 or more a class do much better")
