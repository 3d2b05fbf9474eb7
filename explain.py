"""Every number of the network worked out for one drawing, unit by unit: what the network view's readouts say.

It stands beside network.py, the network it explains, among the lesson's numbers (it imports only numpy and
network).

Pure numpy, arrays in and numbers out: the network view draws these, the
tests check them against ``Network.feature_maps`` (the forward pass), and a
student can print them in a notebook::

    maps = model.feature_maps(drawing)               # drawing: 28×28, white strokes on black, 0–255
    conv_unit(model, drawing, maps, 1, 3, 2, 5)      # block 2, filter 4, pixel (2, 5): its 8 partial sums …
    score_unit(model, maps, 0)                       # class 0's score: the largest weight × value …
    evidence(model, maps, 0)                         # where in the drawing the score comes from

Blocks and filters are counted from 0 here (the screen says "block 1").
Values are the network's own: the drawing scaled to 0–1 (pixel / 255).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import network


@dataclass(frozen=True)
class Unit:
    """A unit the mouse can point at: a pixel of a block's map after ReLU ("conv": the sum before it
    is there too), of its pooled map ("pooled"), or a class's "score" or "probability"."""
    kind: str
    block: int = 0         # conv, pooled: which block (0 = the first)
    filter: int = 0        # conv, pooled: which of its filters; score, probability: which class
    y: int = 0
    x: int = 0


@dataclass(frozen=True)
class ConvPixel:
    """One conv pixel worked out: Σ over the C maps coming in of (window × slice), + bias = sum; ReLU.

    windows : C×k×k float, what the filter lies on (block 1: the drawing / 255; then the block before's
              pooled maps)
    slices  : C×k×k float, the filter's weights, one k×k slice per map coming in
    partials: C float, ``(windows[c] * slices[c]).sum()``
    """
    unit: Unit
    windows: np.ndarray
    slices: np.ndarray
    partials: np.ndarray
    bias: float
    total: float           # partials.sum() + bias: maps.blocks[b].conv[f, y, x]
    relu: float            # max(total, 0)


@dataclass(frozen=True)
class PoolPixel:
    """One pooled pixel worked out: the 2×2 window of the map after ReLU it keeps the largest of."""
    unit: Unit
    window: np.ndarray     # 2×2 float, relu[f, 2y:2y+2, 2x:2x+2]
    winner: tuple[int, int]   # (row, column) of the largest within the window (the first, if tied)
    value: float           # maps.blocks[b].pooled[f, y, x]


@dataclass(frozen=True)
class Contribution:
    """One feature's part of a class's score: weight × value."""
    feature: int           # index into FeatureMaps.features
    place: tuple[int, int, int]   # (filter, row, column) in the last block's pooled maps
    weight: float
    value: float
    product: float


@dataclass(frozen=True)
class ScoreReadout:
    """A class's score worked out: the largest contributions weight × value, the rest, + bias = score."""
    unit: Unit
    largest: tuple[Contribution, ...]   # by size (|weight × value|), largest first
    rest: float            # Σ of the other contributions
    others: int            # how many those are
    bias: float
    score: float           # Σ every contribution + bias: maps.scores[class]


@dataclass(frozen=True)
class ProbabilityReadout:
    """A class's probability worked out: e^score / Σ e^scores."""
    unit: Unit
    scores: np.ndarray     # C
    exps: np.ndarray       # C, e^(score − the largest score): the same quotient, and never overflowing
    shift: float           # the largest score, taken off every score first
    probability: float     # exps[class] / exps.sum(): maps.probabilities[class]


@dataclass(frozen=True)
class Evidence:
    """Where a class's score comes from in the drawing.

    shares: h×h float, last-layer position (row, column)'s exact share of the score: Σ over the last
            block's F maps of weight × value there (shares.sum() + bias = score)
    fields: h×h×4 int, the drawing pixels each position sees (top, left, height, width), its receptive field
    heat  : 28×28 float, each share spread evenly over its field and added up (heat.sum() = shares.sum())
    """
    unit: Unit
    shares: np.ndarray
    bias: float
    score: float
    fields: np.ndarray
    heat: np.ndarray


def block_inputs(model: network.Network, drawing: np.ndarray, maps: network.FeatureMaps, block: int) -> np.ndarray:
    """What block ``block`` looks at, C×side×side: the drawing scaled to 0–1 (block 0), else the pooled
    maps of the block before."""
    if block == 0:
        return network.scale_images(drawing)[0][None].astype(np.float64)
    return maps.blocks[block - 1].pooled.astype(np.float64)


def conv_unit(model: network.Network, drawing: np.ndarray, maps: network.FeatureMaps, block: int, f: int,
              y: int, x: int) -> ConvPixel:
    """Conv pixel (y, x) of filter ``f`` of ``block`` worked out, for ``drawing`` (28×28, 0–255, white on
    black) and its ``maps`` (model.feature_maps(drawing))."""
    weights = model.blocks[block]
    k = weights.kernel_size
    windows = block_inputs(model, drawing, maps, block)[:, y:y + k, x:x + k]
    slices = weights.weights[f].astype(np.float64)
    partials = (windows * slices).sum(axis=(1, 2))
    bias = float(weights.biases[f])
    total = float(partials.sum() + bias)
    return ConvPixel(Unit("conv", block, f, y, x), windows, slices, partials, bias, total, max(total, 0.0))


def pool_unit(maps: network.FeatureMaps, block: int, f: int, y: int, x: int) -> PoolPixel:
    """Pooled pixel (y, x) of filter ``f`` of ``block`` worked out: its 2×2 window after ReLU, the winner."""
    size = network.POOL
    window = maps.blocks[block].relu[f, size * y:size * y + size, size * x:size * x + size].astype(np.float64)
    winner = np.unravel_index(int(np.argmax(window)), window.shape)
    return PoolPixel(Unit("pooled", block, f, y, x), window, (int(winner[0]), int(winner[1])),
                     float(window.max()))


def contributions(model: network.Network, maps: network.FeatureMaps, cls: int) -> np.ndarray:
    """Every feature's weight × value in class ``cls``'s score (float64, one per feature)."""
    return model.dense.weights[cls].astype(np.float64) * maps.features.astype(np.float64)


def score_unit(model: network.Network, maps: network.FeatureMaps, cls: int, count: int = 6) -> ScoreReadout:
    """Class ``cls``'s score worked out: its ``count`` largest contributions (by size), the rest, the bias."""
    products = contributions(model, maps, cls)
    order = np.argsort(-np.abs(products), kind="stable")[:count]
    shape = maps.blocks[-1].pooled.shape
    places = [tuple(int(i) for i in np.unravel_index(int(n), shape)) for n in order]
    largest = tuple(Contribution(int(n), (f, y, x), float(model.dense.weights[cls, n]), float(maps.features[n]),
                                 float(products[n])) for n, (f, y, x) in zip(order, places))
    rest = float(products.sum() - products[order].sum())
    bias = float(model.dense.biases[cls])
    return ScoreReadout(Unit("score", 0, cls), largest, rest, len(products) - len(order), bias,
                        float(products.sum() + bias))


def probability_unit(maps: network.FeatureMaps, cls: int) -> ProbabilityReadout:
    """Class ``cls``'s probability worked out: softmax, e^score / Σ e^scores (the largest score taken off
    every score first, which changes no quotient and keeps e^ from overflowing)."""
    scores = maps.scores.astype(np.float64)
    shift = float(scores.max())
    exps = np.exp(scores - shift)
    return ProbabilityReadout(Unit("probability", 0, cls), scores, exps, shift, float(exps[cls] / exps.sum()))


def receptive_field(model: network.Network, unit: Unit) -> tuple[int, int, int, int]:
    """The drawing pixels (top, left, height, width) a conv or pooled ``unit`` depends on."""
    rows, cols = (unit.y, unit.y), (unit.x, unit.x)
    block, pooled = unit.block, unit.kind == "pooled"
    while block >= 0:
        if pooled:   # a pooled pixel: its 2×2 window of the conv map
            rows, cols = (rows[0] * network.POOL, rows[1] * network.POOL + 1), (cols[0] * network.POOL,
                                                                                 cols[1] * network.POOL + 1)
        k = model.blocks[block].kernel_size   # a conv pixel: its k×k window of the maps coming in
        rows, cols = (rows[0], rows[1] + k - 1), (cols[0], cols[1] + k - 1)
        block, pooled = block - 1, True
    return rows[0], cols[0], rows[1] - rows[0] + 1, cols[1] - cols[0] + 1


def evidence(model: network.Network, maps: network.FeatureMaps, cls: int) -> Evidence:
    """Where class ``cls``'s score lies in the drawing: each last-layer position's exact share of it."""
    last = maps.blocks[-1].pooled.astype(np.float64)                  # F×h×h
    weights = model.dense.weights[cls].astype(np.float64).reshape(last.shape)
    shares = (weights * last).sum(axis=0)                              # h×h
    side = last.shape[1]
    fields = np.zeros((side, side, 4), int)
    heat = np.zeros((network.SIDE, network.SIDE))
    for y in range(side):
        for x in range(side):
            top, left, height, width = receptive_field(model, Unit("pooled", len(model.blocks) - 1, 0, y, x))
            fields[y, x] = (top, left, height, width)
            heat[top:top + height, left:left + width] += shares[y, x] / (height * width)
    bias = float(model.dense.biases[cls])
    return Evidence(Unit("score", 0, cls), shares, bias, float(shares.sum() + bias), fields, heat)


def worked_out(model: network.Network, drawing: np.ndarray, maps: network.FeatureMaps, unit: Unit):
    """The readout of ``unit``: a ConvPixel, PoolPixel, ScoreReadout or ProbabilityReadout."""
    if unit.kind == "conv":
        return conv_unit(model, drawing, maps, unit.block, unit.filter, unit.y, unit.x)
    if unit.kind == "pooled":
        return pool_unit(maps, unit.block, unit.filter, unit.y, unit.x)
    if unit.kind == "score":
        return score_unit(model, maps, unit.filter)
    if unit.kind == "probability":
        return probability_unit(maps, unit.filter)
    raise ValueError(f"no readout for a unit of kind {unit.kind!r}")
