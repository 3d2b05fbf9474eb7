"""The pieces the sketch's state (demo.SketchState) is made of: a stroke being drawn, a filter of the layer view's
bank, what a point is over, what only the screen needs, and what runs beside the picture (the network, live
training, the camera); and where a kernel's cells go when it is resized or turned. Plain data; no py5.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

import explain
import network
from convolution.state import probe
from convolution.state.frames import FrameSource


@dataclass
class Stroke:
    """A mouse stroke being drawn: the image before it, and how much the pen has covered."""
    base: np.ndarray          # the image when the stroke began, float32
    coverage: np.ndarray      # H×W 0–1: the pen's cover so far (a stroke never darkens itself twice)
    last: tuple[float, float]  # the pen's last (x, y), in image pixels
    ink: float


@dataclass
class BankFilter:
    """One filter of the layer view's bank, while another one is selected (see SketchState.bank)."""
    kernel: np.ndarray
    name: str                 # a preset's name, RANDOM, CUSTOM or LEARNED
    preset_index: int = 0
    custom_from: str = ""


@dataclass(frozen=True)
class Hit:
    """What a window point is over in the layer view: the input ("source"), a map ("map", "relu",
    "pooled") of filter ``index`` with its pixel (y, x), a kernel ("kernel", cell as (y, x)), or a
    column's head ("column")."""
    kind: str
    index: int = 0
    y: int = 0
    x: int = 0


@dataclass
class Interaction:
    """What only the screen needs, not the picture's numbers: where the mouse points, the weight being
    edited and what is typed into it, and whether the help sheet is up. (SketchState.ui)"""
    hover: tuple[int, int] | None = None           # the (y, x) pixel under the mouse
    hover_pooled: tuple[int, int] | None = None    # the (y, x) pooled pixel under the mouse
    hover_map: Hit | None = None                   # the layer view: the map pixel the mouse points at
    selected: tuple[int, int] | None = None        # the (row, column) kernel cell being edited
    editing_from: np.ndarray | None = None         # the kernel when editing began: its labels keep that one's factor
    typed: str = ""                                # a number being typed into the selected cell
    show_help: bool = False
    help_page: int = 0                             # the help sheet's page shown (h turns them)
    pointed: explain.Unit | None = None            # the network view: the unit the mouse points at
    show_evidence: bool = False                    # the network view: the evidence overlay on the drawing (y)
    nearest_by_pixels: bool = False                # the network view: the nearest drawings by pixels, not features (n)


class LiveTraining(Protocol):
    """A network training beside the window (learning/background.py's TrainingRun), as the state and
    the screen see it: the latest weights, how far it is, and its curves."""
    classes: list[str]
    network: network.Network          # the latest weights received
    paused: bool
    epoch: int                        # finished epochs
    epochs: int                       # … of this many
    progress: float                   # of the current epoch, 0–1
    losses: list[float]
    accuracies: list[float]
    held_out: float | None            # accuracy on the drawings kept apart, after the last finished epoch
    error: str                        # why it stopped, if it did
    done: bool
    version: int                      # counts the updates received: what is drawn changes with it

    def poll(self) -> bool: ...
    def toggle_pause(self) -> None: ...
    def stop(self) -> None: ...


@dataclass
class Running:
    """What runs beside the picture: the network the network view asks (and the learned kernels
    come from), and live training, if any. (SketchState.running; never rolled back after an error.)"""
    model: network.Network | None = None
    training: LiveTraining | None = None
    camera: FrameSource | None = None   # --camera: the frames the picture follows
    frozen: bool = False                # … unless the frame is held (the freeze key)
    sweep: probe.Sweep | None = None    # the network view's shift sweep (a), worked out beside the window

    def current_model(self) -> network.Network:
        """``model``, which the sketch always has (--model, else the shipped doodles network; live training
        replaces it): its absence is a mistake in the caller (ValueError), not something to show."""
        if self.model is None:
            raise ValueError("no network to ask: load one with demo.use_model (the sketch's --model)")
        return self.model


# ---- A kernel's cells (row, column) --------------------------------------------------------------------------

def cell_exists(kernel: np.ndarray, cell) -> bool:
    """Whether ``cell`` (row, column) is one of ``kernel``'s (a 2-D array)."""
    return 0 <= cell[0] < kernel.shape[0] and 0 <= cell[1] < kernel.shape[1]


def flipped_cell(cell: tuple[int, int], shape) -> tuple[int, int]:
    """Where weight ``cell`` (row, column) of a kernel of ``shape`` is once the kernel is turned by 180° (and
    back: turning twice is no turn)."""
    return shape[0] - 1 - cell[0], shape[1] - 1 - cell[1]


def same_place(cell: tuple[int, int], old_shape, new_shape) -> tuple[int, int]:
    """The cell of a ``new_shape`` kernel at ``cell``'s offset from the centre of an ``old_shape`` one, clamped."""
    row, column = (int(min(max(c - old // 2 + new // 2, 0), new - 1))
                   for c, old, new in zip(cell, old_shape, new_shape))
    return row, column
