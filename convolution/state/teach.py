"""Teaching the network classes of your own: the examples, by class, and the plain functions that change them.

The teach view (screen/views/teach.py) shows a drawing pad and a row per
class. Keys 1–9 add what is on the pad as an example of that class (and
clear the pad for the next one), Backspace takes the selected class's newest
example back, u undoes either. Every example is stored as Quick Draw stores
a drawing: 28×28 uint8, white strokes (255) on black (0), whatever the pad
shows (the bundled cat is dark on light: it is turned round). No py5.

    examples = teach.Examples.named(["circle", "square"])
    teach.add_example(state, 0, pad)     # state.examples: circle has 1 example
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import numpy as np

# What a folder of examples holds, and the rules for a class's name (it becomes a file's name), are
# files/examples.py's; teach.Examples, teach.MAX_NAME … stay the names its callers use.
from convolution.files.examples import (  # noqa: F401 - DEFAULT_CLASSES, MAX_NAME, NOT_IN_NAMES: for callers
    DEFAULT_CLASSES,
    MAX_CLASSES,
    MAX_NAME,
    NOT_IN_NAMES,
    SIDE,
    Examples,
    default_name,
    name_problem,
)
from convolution.state import pen


class DrawingSource(Protocol):
    """Where a new example comes from: the pad (``Pad``; with --camera the pad shows the camera's frame made
    into a drawing), or any other source of drawings. ``drawing()`` is the 28×28 uint8 drawing, white on
    black, or None if none is ready."""

    def drawing(self) -> np.ndarray | None: ...


@dataclass
class Teaching:
    """The teach view's part of the state (SketchState.teaching): the examples, what u takes back, the name
    being typed, how the next training starts, and the classes the running network was trained on."""
    examples: Examples
    undo: list = field(default_factory=list)   # (Examples, pad image, drawing steps then): what u takes back
    typed: str | None = None            # a new name being typed for the selected class (None: not renaming)
    transfer: bool = True               # train from the shipped network's filters (else from random ones): with
    #                                     few examples it learns better so (benchmarks/teach_start.py)
    trained_for: tuple[str, ...] = ()   # the classes of the network being trained, once it is
    trained_on: int = 0                 # … and how many drawings it was given (0: not known, e.g. read from a file)
    shipped: Any = None                 # the network whose learned filters a transfer starts from (--model's)
    saved: Any = None                   # the Examples last written (w, or on quitting) or read (--examples): what
    #                                     differs from them is unsaved (files/autosave.py)
    saved_network: Any = None           # the network last written (w, or on quitting)


UNDO_DEPTH = 30


# --------------------------------------------------------------------------
# A drawing made an example
# --------------------------------------------------------------------------

def as_example(image: np.ndarray) -> np.ndarray:
    """What is on the pad as Quick Draw stores a drawing: 28×28 uint8, white strokes (255) on black (0).
    See ``drawing_for_network``."""
    return drawing_for_network(image)[0]


def drawing_for_network(image: np.ndarray) -> tuple[np.ndarray, bool]:
    """A picture as the network was trained on drawings: 28×28 uint8, white strokes (255) on black (0),
    and whether it was turned round to be so.

    ``image``: H×W or H×W×3, values 0–255. Colour becomes grey, another size
    is resized, and a dark-on-light drawing (the bundled cat) is turned round.
    """
    grey = np.asarray(image, dtype=np.float32)
    if grey.ndim == 3:
        grey = grey.mean(axis=2)
    if grey.shape != (SIDE, SIDE):
        from PIL import Image
        shrunk = Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8)).resize((SIDE, SIDE), Image.Resampling.BILINEAR)
        grey = np.asarray(shrunk, dtype=np.float32)
    turned = pen.ink_for(grey) == 0.0   # dark ink on light paper: Quick Draw's strokes are light on black
    if turned:
        grey = 255.0 - grey
    return np.clip(np.rint(grey), 0, 255).astype(np.uint8), turned


def is_blank(drawing: np.ndarray) -> bool:
    """Whether a 28×28 white-on-black drawing has nothing on it (no pixel brighter than a faint grey)."""
    return not np.any(drawing > 32)


@dataclass(frozen=True)
class Pad:
    """The pad as a DrawingSource: what the pen has drawn on ``image``."""
    image: np.ndarray

    def drawing(self) -> np.ndarray | None:
        return as_example(self.image)


# --------------------------------------------------------------------------
# Changes (each returns the new Examples, or raises ValueError with one line for the screen)
# --------------------------------------------------------------------------

def with_example(examples: Examples, number: int, drawing: np.ndarray) -> Examples:
    """``examples`` with ``drawing`` (28×28 uint8) added as the newest example of class ``number`` (from 0);
    a number just past the last class makes a new class (default_name). The class becomes the selected one."""
    if not 0 <= number < MAX_CLASSES:
        raise ValueError(f"only keys 1\u2013{MAX_CLASSES} add examples (one key a class)")
    names, drawings = list(examples.names), list(examples.drawings)
    if number > len(names):
        raise ValueError(f"there are {len(names)} classes: press {len(names) + 1} to start class "
                         f"{len(names) + 1}, or a key from 1 to {len(names)}")
    if number == len(names):
        names.append(fresh_name(names, number))
        drawings.append(np.zeros((0, SIDE, SIDE), np.uint8))
    drawings[number] = np.concatenate([drawings[number], drawing[None].astype(np.uint8)])
    return Examples(tuple(names), tuple(drawings), number)


def fresh_name(names, number: int) -> str:
    """default_name(number), or if a class is already called that, the first "class N" no class is."""
    candidates = [default_name(number)] + [default_name(n) for n in range(MAX_CLASSES * 2)]
    return next(name for name in candidates if name not in names)


def without_newest(examples: Examples) -> Examples:
    """``examples`` without the selected class's newest example."""
    number = examples.selected
    if not examples.drawings[number].shape[0]:
        raise ValueError(f"'{examples.names[number]}' has no examples to take back")
    drawings = list(examples.drawings)
    drawings[number] = drawings[number][:-1]
    return replace(examples, drawings=tuple(drawings))


def renamed(examples: Examples, number: int, name: str) -> Examples:
    """``examples`` with class ``number`` called ``name`` (checked: name_problem)."""
    name = name.strip()
    problem = name_problem(name, [other for n, other in enumerate(examples.names) if n != number])
    if problem:
        raise ValueError(problem)
    names = list(examples.names)
    names[number] = name
    return replace(examples, names=tuple(names))


def training_problem(examples: Examples) -> str:
    """Why training cannot start on ``examples``, in one line ("" if it can)."""
    empty = [name for name, count in zip(examples.names, examples.counts()) if count == 0]
    if empty:
        number = examples.names.index(empty[0]) + 1
        return (f"'{empty[0]}' has no examples: draw one and press {number}"
                + (f" ({len(empty)} classes have none yet)" if len(empty) > 1 else ""))
    if len(examples.names) < 2:
        return f"a network tells classes apart: add examples of a second class (press {len(examples.names) + 1})"
    return ""


def training_set(examples: Examples) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The examples as a training run takes them: (drawings N×28×28 uint8, labels N int64, class names)."""
    drawings = np.concatenate(examples.drawings)
    labels = np.concatenate([np.full(count, number, np.int64) for number, count in enumerate(examples.counts())])
    return drawings, labels, list(examples.names)


def select(examples: Examples, step: int) -> Examples:
    """The next (+1) or previous (−1) class selected, wrapping around."""
    return replace(examples, selected=(examples.selected + step) % len(examples.names))
