"""Whether a network's weights fit together, and the sides of its maps: network.py's checks. numpy only.

network.py names both (``network.check_weights``, ``network.map_sides``); they stand here so that network.py
stays a readable front. They read only the weights' shapes (``Weights``: ``.blocks`` of ``ConvBlock`` with
``.weights`` F×C×k×k and ``.biases`` F, and ``.dense``), so this module does not import network.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

SIDE = 28                           # network.SIDE: drawings are 28×28
POOL = 2                            # network.POOL: max pooling over 2×2 blocks


def map_sides(blocks: Sequence[Any]) -> list[tuple[int, int]]:
    """For each block, the side of its conv maps and of its pooled maps: [(24, 12), (8, 4)] for ml5's."""
    sides, side = [], SIDE
    for block in blocks:
        conv = side - block.kernel_size + 1
        side = conv // POOL
        sides.append((conv, side))
    return sides


def check_weights(weights: Any, classes) -> str | None:
    """What is wrong with ``weights`` for these ``classes`` (a short phrase), or None if they fit together."""
    if not weights.blocks:
        return "it has no conv blocks"
    named = [(f"block {n}'s {part}", array) for n, block in enumerate(weights.blocks, 1)
             for part, array in (("weights", block.weights), ("biases", block.biases))]
    named += [("the dense weights", weights.dense.weights), ("the dense biases", weights.dense.biases)]
    for name, array in named:
        if not isinstance(array, np.ndarray) or array.dtype.kind != "f":
            kind = getattr(array, "dtype", type(array).__name__)
            return f"{name} hold {kind}, not floating-point numbers"
    maps, side = 1, SIDE                  # what comes into block 1: one map, the drawing
    for n, block in enumerate(weights.blocks, 1):
        shape = block.weights.shape
        if len(shape) != 4 or shape[0] == 0 or shape[1] != maps or shape[2] != shape[3] or shape[3] % 2 == 0:
            return (f"block {n}'s weights have shape {shape}, not F×{maps}×k×k filters with k odd "
                    f"(one k×k slice per map coming in)")
        k = shape[3]
        conv = side - k + 1
        if conv < POOL or conv % POOL:
            return f"block {n}'s {k}×{k} filters do not fit its {side}×{side} maps (then pooled 2×2)"
        if block.biases.shape != (shape[0],):
            return f"block {n}'s biases have shape {block.biases.shape}, not ({shape[0]},) for {shape[0]} filters"
        maps, side = shape[0], conv // POOL
    expected = (len(classes), maps * side * side)
    if weights.dense.weights.shape != expected:
        return (f"the dense weights have shape {weights.dense.weights.shape}, not {expected}: "
                f"{len(classes)} classes × {expected[1]} features ({maps} maps of {side}×{side})")
    if weights.dense.biases.shape != (len(classes),):
        return (f"the dense biases have shape {weights.dense.biases.shape}, not ({len(classes)},) "
                f"for {len(classes)} classes")
    for name, array in named:
        if not np.all(np.isfinite(array)):
            return f"{name} hold NaN or infinite weights"
    return None
