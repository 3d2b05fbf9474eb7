"""The demo's state in one place, and the plain functions that change it.

Events in the sketch call these functions; ``draw()`` only draws what is
here. No py5: every key's effect can be tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np

import filters

PRESET_NAMES = list(filters.PRESETS)
RANDOM = "random"   # the kernel name shown after a reroll
CUSTOM = "custom"   # the kernel name of weights given by hand (e.g. on the command line)


@dataclass
class Demo:
    """Everything the picture depends on.

    ``output`` is always ``filters.convolve(image, kernel, edges, flip)``:
    the functions below recompute it whenever one of those changes, so it is
    computed once per change, never per frame.
    """
    image: np.ndarray                 # H×W or H×W×3, values 0–255
    kernel: np.ndarray                # odd-sized 2-D weights
    kernel_name: str                  # a preset's name, or RANDOM
    preset_index: int                 # the preset last chosen; arrows step from here
    rng: np.random.Generator
    edges: str = "skip"
    flip: bool = False
    show_help: bool = False
    source_note: str = ""             # how the image was prepared, e.g. "scaled down from 1920×1080"
    drawings: np.ndarray | None = None  # N×28×28 when the image came from a Quick Draw file
    drawing_index: int = 0            # which of ``drawings`` is shown
    inverted: bool = False            # the image is 255 − the file's values
    output: np.ndarray = field(init=False)

    def __post_init__(self):
        self.refilter()

    def refilter(self) -> None:
        """Recompute ``output`` from the image, kernel and modes."""
        self.output = filters.convolve(self.image, self.kernel, self.edges, self.flip)


def new_demo(image: np.ndarray, kernel_name="identity", edges: str = "skip",
             flip: bool = False, seed: int | None = None, **source) -> Demo:
    """A demo showing ``image`` with the given modes and kernel.

    ``kernel_name`` is a preset's name, RANDOM, or a 2-D array of weights
    (shown as CUSTOM). ``source`` may set source_note, drawings,
    drawing_index and inverted (see Demo).
    """
    rng = np.random.default_rng(seed)
    filters.check_edges(edges)
    if not isinstance(kernel_name, str):
        kernel, name, index = filters.check_kernel(kernel_name), CUSTOM, 0
    elif kernel_name == RANDOM:
        kernel, name, index = filters.random_kernel(rng), RANDOM, 0
    elif kernel_name in filters.PRESETS:
        kernel, name, index = filters.PRESETS[kernel_name], kernel_name, PRESET_NAMES.index(kernel_name)
    else:
        raise ValueError(unknown_kernel_message(kernel_name))
    return Demo(image, kernel, name, index, rng, edges, flip, **source)


def unknown_kernel_message(name: str) -> str:
    """The error for a kernel name that is not a preset, listing the ones that are."""
    return f"unknown kernel {name!r}: choose one of {', '.join(PRESET_NAMES)}, or {RANDOM}"


def choose_preset(demo: Demo, index: int) -> None:
    """Show preset number ``index`` (0-based, wraps around the list of presets)."""
    demo.preset_index = index % len(PRESET_NAMES)
    demo.kernel_name = PRESET_NAMES[demo.preset_index]
    demo.kernel = filters.PRESETS[demo.kernel_name]
    demo.refilter()


def step_preset(demo: Demo, step: int) -> None:
    """Next (+1) or previous (−1) preset. After a reroll, +1 goes to the preset
    after the one last shown and −1 back to that preset itself."""
    if demo.kernel_name == RANDOM and step < 0:
        step += 1
    choose_preset(demo, demo.preset_index + step)


def reroll(demo: Demo, size: int = 3) -> None:
    """A fresh random size×size kernel, weights uniform in [−1, 1]."""
    demo.kernel = filters.random_kernel(demo.rng, size)
    demo.kernel_name = RANDOM
    demo.refilter()


def toggle_help(demo: Demo) -> None:
    demo.show_help = not demo.show_help


# What each key does. Keys are py5's characters, or "LEFT"/"RIGHT" for arrows.
# Values are either a function of the demo, or the name of a command only the
# sketch can carry out ("save", "quit").
KEYS = {
    "RIGHT": lambda demo: step_preset(demo, +1),
    "LEFT": lambda demo: step_preset(demo, -1),
    "r": reroll,
    "R": reroll,
    "h": toggle_help,
    "H": toggle_help,
    "?": toggle_help,
    "s": "save",
    "S": "save",
    "q": "quit",
    "Q": "quit",
    "ESC": "quit",
}
for _digit in range(1, 10):
    KEYS[str(_digit)] = (lambda n: lambda demo: choose_preset(demo, n - 1))(_digit)


def press(demo: Demo, key: str) -> str | None:
    """Apply the key's action to ``demo``.

    Returns "save" or "quit" when the sketch must act itself, "changed" when
    the demo changed, and None for a key that does nothing.
    """
    action = KEYS.get(key)
    if action is None:
        return None
    if isinstance(action, str):
        return action
    action(demo)
    return "changed"


def screenshot_path(folder: Path, now: datetime | None = None) -> Path:
    """A new, unused PNG name in ``folder``: convolution-YYYYmmdd-HHMMSS.png,
    with -2, -3 … appended if that name is taken. Never an existing file."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"convolution-{stamp}.png"
    number = 2
    while candidate.exists():
        candidate = folder / f"convolution-{stamp}-{number}.png"
        number += 1
    return candidate
