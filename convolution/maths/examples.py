"""The drawings a network learned from, and which of them lie nearest a new drawing. numpy only.

A network carries the drawings it was trained on (``Network.examples``, N×28×28 uint8, white on black, with
``Network.example_labels``, N class numbers). Asked about a new drawing, it can say which of them are nearest:

- in its own **features** (the last conv block's pooled maps, flattened: 256 numbers for ml5's network), so
  "alike" means alike to the network: what its dense layer weighs;
- in **pixels** (the drawing scaled to 0–1, 784 numbers): alike to a pixel-by-pixel comparison.

Both by Euclidean distance. The examples' vectors are worked out once per network (and again only when its
weights change: ``Examples.cached``), so asking costs one forward pass and one matrix-vector product (under
a millisecond for 2,400 examples). This module does not import network.py (network.py imports it): the
network hands over its vectors.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

SIDE = 28
CANDIDATES = 8        # nearest() re-measures k + this many candidates exactly, so float32 rounding never
                      # puts a farther drawing before a nearer one


@dataclass(frozen=True)
class Neighbours:
    """The k training drawings nearest one drawing, nearest first (ties: the lower index first).

    indices  : k int64, into ``Network.examples`` (fewer than k when it carries fewer)
    distances: k float64, Euclidean, in the space's own units (features: the network's pooled values;
               pixels: the drawing scaled to 0–1, so two drawings differing by one full pixel are 1 apart)
    labels   : k int64, each one's class number (into ``Network.classes``)
    space    : "features" or "pixels"
    """
    indices: np.ndarray
    distances: np.ndarray
    labels: np.ndarray
    space: str


def checked(examples, labels, class_count: int) -> tuple[np.ndarray, np.ndarray]:
    """Read-only copies of a network's examples: (N×28×28 uint8, N int64 labels 0…class_count−1).

    ``examples``: N×28×28 numbers 0–255 (white on black) or None (none: 0×28×28); ``labels``: N class
    numbers (None with no examples). Raises ValueError for another shape, values outside 0–255, or labels
    that are not one class number per drawing.
    """
    if examples is None and labels is None:
        examples, labels = np.zeros((0, SIDE, SIDE), np.uint8), np.zeros(0, np.int64)
    array = np.asarray(examples)
    if array.ndim != 3 or array.shape[1:] != (SIDE, SIDE) or array.dtype.kind not in "biuf":
        raise ValueError(f"examples must be N×28×28 drawings, got shape {array.shape} of {array.dtype}")
    if array.size and (not np.all(np.isfinite(array)) or array.min() < 0 or array.max() > 255):
        raise ValueError("examples must hold pixel values 0–255")
    numbers = np.asarray(labels if labels is not None else [])
    if numbers.shape != (len(array),) or (len(numbers) and numbers.dtype.kind not in "iu"):
        raise ValueError(f"examples need one class number each: {len(array)} drawings, labels of shape "
                         f"{numbers.shape}")
    if len(numbers) and (numbers.min() < 0 or numbers.max() >= class_count):
        raise ValueError(f"example labels must be 0 to {class_count - 1}, one per class")
    drawings = np.array(np.round(array) if array.dtype.kind == "f" else array, np.uint8, copy=True)
    numbers = np.array(numbers, np.int64, copy=True)
    drawings.flags.writeable = numbers.flags.writeable = False
    return drawings, numbers


class Table:
    """N vectors (N×D) to be asked which lie nearest a query vector (D), by Euclidean distance.

    Held as float32 with each one's squared length, so a query is one matrix-vector product:
    |v − q|² = |v|² − 2 v·q + |q|².
    """

    def __init__(self, vectors: np.ndarray):
        array = np.asarray(vectors, np.float32)
        self.vectors = np.ascontiguousarray(array.reshape(len(array), int(np.prod(array.shape[1:]))))
        self.squares = np.einsum("nd,nd->n", self.vectors, self.vectors, dtype=np.float64)

    def __len__(self) -> int:
        return len(self.vectors)

    def nearest(self, query, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(indices, distances) of the k vectors nearest ``query`` (D numbers), nearest first; ties by index.

        The product form finds the k + CANDIDATES likeliest quickly; those are then measured directly in
        float64 and sorted, so the order is exact (float32's rounding in the product can be larger than
        the gap between two close neighbours).
        """
        count = len(self.vectors)
        k = max(0, min(int(k), count))
        if k == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float64)
        query = np.asarray(query, np.float32).reshape(-1)
        rough = self.squares - 2.0 * (self.vectors @ query)
        take = min(count, k + CANDIDATES)
        candidates = np.argpartition(rough, take - 1)[:take] if take < count else np.arange(count)
        exact = self.distances(query, candidates)
        order = np.lexsort((candidates, exact))[:k]
        return candidates[order].astype(np.int64), exact[order]

    def distances(self, query, indices=None) -> np.ndarray:
        """The Euclidean distances (float64) from ``query`` to the vectors at ``indices`` (default: all)."""
        chosen = self.vectors if indices is None else self.vectors[indices]
        differences = chosen.astype(np.float64) - np.asarray(query, np.float64).reshape(-1)
        return np.sqrt(np.einsum("nd,nd->n", differences, differences))


def pixels(drawings) -> np.ndarray:
    """Drawings as pixel vectors: N×784 float32, scaled to 0–1 (as the network sees them)."""
    array = np.asarray(drawings, np.float32)
    return array.reshape(-1, SIDE * SIDE) / np.float32(255)


class Examples:
    """A network's examples (``checked``) and what is worked out from them once, kept until it goes stale.

    ``cached(key, token, make)``: the value ``make()`` gave for ``key`` the last time, if ``token`` (e.g. the
    network's weights object, swapped whole when it learns) is the same object; else ``make()`` again.
    Two threads asking at once may both make it; either result is right.
    """

    def __init__(self, drawings, labels, classes: Sequence[str]):
        self.drawings, self.labels = checked(drawings, labels, len(classes))
        self.classes = tuple(classes[label] for label in self.labels.tolist())
        self._memo: dict[str, tuple[Any, Any]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.labels)

    def __deepcopy__(self, memo) -> Examples:
        """The same examples (they are read-only; what is worked out from them is kept by the weights it
        came from): a copied network, or a copied state, shares them."""
        return self

    def cached(self, key: str, token: Any, make: Callable[[], Any]) -> Any:
        with self._lock:
            held = self._memo.get(key)
        if held is not None and held[0] is token:
            return held[1]
        value = make()
        with self._lock:
            self._memo[key] = (token, value)
        return value

    def neighbours(self, table: Table, query, k: int, space: str) -> Neighbours:
        """The k examples nearest ``query`` in ``table`` (the examples' vectors in ``space``)."""
        indices, distances = table.nearest(query, k)
        return Neighbours(indices, distances, self.labels[indices], space)
