"""The batched machinery under network.py's forward and backward passes: im2col windows and 2×2 max pooling.

A batch's maps are kept as maps × rows × columns × drawings (see network.py), so every block's sums are one
matrix product over ``patches``'s columns and the pooling four strided views. numpy only; network.py names
these (``POOL`` too) and is where they are explained step by step with the lesson's loops.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

POOL = 2                            # max pooling over 2×2 blocks


def patches(maps: np.ndarray, k: int) -> np.ndarray:
    """Every k×k window of every map, as columns: (C·k·k)×(N·s·s), s = side − k + 1.

    ``maps``: C×side×side×N (C maps of N drawings). This is "im2col": with the windows laid out as columns,
    one row per weight of a C×k×k filter (in the order of ``ConvBlock.weights[f]``), all the filters' sums at
    all the pixels of all the drawings are one matrix product, filters × windows, and for block 2 that product
    also adds up the C maps' partial sums. sliding_window_view makes the windows without copying; the reshape
    copies them into one block.
    """
    windows = sliding_window_view(maps, (k, k), axis=(1, 2))      # C×s×s×N×k×k, a view
    return windows.transpose(0, 4, 5, 1, 2, 3).reshape(maps.shape[0] * k * k, -1)


def unpatches(d_patches: np.ndarray, shape: tuple[int, ...], k: int) -> np.ndarray:
    """The backward pass of ``patches``: each input pixel gets the gradients of every window it lies in.

    ``d_patches``: (C·k·k)×(s·s·N); returns C×side×side×N (``shape``).
    """
    maps, side, _, n = shape
    s = side - k + 1
    d_windows = d_patches.reshape(maps, k, k, s, s, n)
    d_maps = np.zeros(shape, d_patches.dtype)
    for j in range(k):
        for i in range(k):
            d_maps[:, j:j + s, i:i + s] += d_windows[:, j, i]
    return d_maps


def max_pool(maps: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """2×2 max pooling of F×s×s×N maps (s even): the F×h×h×N maxima, and where each came from.

    The four pixels of every block are four strided views (top left, top right, bottom left, bottom right), so
    the maxima are three elementwise ``maximum`` calls and nothing is copied. Also returned: four F×h×h×N
    masks, True where that corner is the block's winner (the first, in that order, if several are equal), for
    the backward pass: only the winning pixel passed its value on, so only it gets a gradient. (Ties are
    common: a blank patch gives the same sum everywhere. Sharing the gradient among the tied pixels would
    count it up to four times.)
    """
    corners = [maps[:, dy::POOL, dx::POOL] for dy in range(POOL) for dx in range(POOL)]
    pooled = np.maximum(np.maximum(corners[0], corners[1]), np.maximum(corners[2], corners[3]))
    taken = np.zeros(pooled.shape, bool)
    winners = []
    for corner in corners[:-1]:
        won = corner == pooled
        won &= ~taken
        taken |= won
        winners.append(won)
    winners.append(~taken)
    return pooled, tuple(winners)


def unpool(d_pooled: np.ndarray, winners: tuple[np.ndarray, ...]) -> np.ndarray:
    """The backward pass of ``max_pool``: each block's gradient goes to its winning pixel (F×s×s×N)."""
    f, h, _, n = d_pooled.shape
    d_maps = np.empty((f, h * POOL, h * POOL, n), d_pooled.dtype)
    for number, won in enumerate(winners):
        dy, dx = divmod(number, POOL)
        np.multiply(d_pooled, won, out=d_maps[:, dy::POOL, dx::POOL])
    return d_maps
