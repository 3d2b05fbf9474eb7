"""Drawings of nothing the network knows: scribbles and noise, made up, to see whether it says "not sure".

A network of three classes always puts 100% somewhere; ``Network.judge`` should refuse what is none of them.
Its thresholds are set on held-out Quick Draw drawings (which it should answer) and on these (which it
should not): benchmarks/bench_not_sure.py measures the trade-off, the tests check it. No py5.

- ``scribbles``: random pen strokes of four kinds (zigzags, wandering curves, shading loops, loose strokes),
  each fitted into the 28×28 page as Quick Draw fits a drawing (centred, its longer side filling the page
  but for a margin) and drawn with a round pen as wide as Quick Draw's lines; white on black, uint8.
- ``salt_and_pepper``: every pixel white with probability ``share``, else black.
"""

from __future__ import annotations

import numpy as np

SIDE = 28
MARGIN = 1.5             # pixels left blank at the page's edge when a scribble is fitted in
PEN_RADIUS = 0.75        # a line as wide as Quick Draw's (measured: the same share of full-white pixels in a
                         # stroke, 0.39 against 0.42; the sketch's pen, 1.0, draws a little wider)
KINDS = ("zigzag", "wander", "loops", "strokes")

_ys, _xs = np.mgrid[0:SIDE, 0:SIDE].astype(np.float64) + 0.5     # pixel centres


def _draw(strokes: list[np.ndarray]) -> np.ndarray:
    """Polylines (each P×2 of x, y in page pixels) drawn with the round pen: 28×28 uint8, white on black."""
    coverage = np.zeros((SIDE, SIDE))
    for points in strokes:
        if len(points) == 1:
            points = np.vstack([points, points])
        for (x0, y0), (x1, y1) in zip(points[:-1], points[1:]):
            dx, dy = x1 - x0, y1 - y0
            length2 = dx * dx + dy * dy
            t = np.zeros_like(_xs) if length2 == 0 else np.clip(((_xs - x0) * dx + (_ys - y0) * dy) / length2, 0, 1)
            distance = np.hypot(_xs - (x0 + t * dx), _ys - (y0 + t * dy))
            np.maximum(coverage, np.clip(PEN_RADIUS + 0.5 - distance, 0, 1), out=coverage)
    return np.round(coverage * 255).astype(np.uint8)


def _fitted(strokes: list[np.ndarray]) -> list[np.ndarray]:
    """The strokes scaled and moved so that their box is centred and its longer side spans the page."""
    every = np.vstack(strokes)
    low, high = every.min(axis=0), every.max(axis=0)
    scale = (SIDE - 2 * MARGIN - 2 * PEN_RADIUS) / max(float((high - low).max()), 1e-6)
    centre = (low + high) / 2
    return [(points - centre) * scale + SIDE / 2 for points in strokes]


def _strokes(kind: str, rng: np.random.Generator) -> list[np.ndarray]:
    if kind == "zigzag":                      # a few sharp turns between random points
        return [rng.uniform(0, 1, (rng.integers(4, 12), 2))]
    if kind == "wander":                      # a smooth line that turns as it goes
        steps = rng.integers(30, 90)
        angle = rng.uniform(0, 2 * np.pi) + np.cumsum(rng.normal(0, rng.uniform(0.15, 0.6), steps))
        return [np.cumsum(np.column_stack([np.cos(angle), np.sin(angle)]), axis=0)]
    if kind == "loops":                       # shading: overlapping loops moving along
        steps = rng.integers(40, 120)
        t = np.linspace(0, rng.uniform(3, 8) * 2 * np.pi, steps)
        drift = np.linspace(0, rng.uniform(4, 12), steps)
        radius = rng.uniform(1.0, 2.5)
        return [np.column_stack([radius * np.cos(t) + drift, radius * np.sin(t) + rng.normal(0, 0.2, steps)])]
    if kind == "strokes":                     # loose straight strokes, anywhere
        return [rng.uniform(0, 1, (2, 2)) for _ in range(rng.integers(2, 7))]
    raise ValueError(f"no scribble of kind {kind!r}: {', '.join(KINDS)}")


def scribbles(count: int, seed: int = 0, kinds=KINDS) -> np.ndarray:
    """``count`` random scribbles, the kinds taken in turn: count×28×28 uint8, white on black.
    The same seed gives the same scribbles."""
    rng = np.random.default_rng([seed, 5])
    pages = []
    for n in range(count):
        turn = rng.uniform(0, 2 * np.pi)          # any way round
        rotation = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
        pages.append(_draw(_fitted([points @ rotation.T for points in _strokes(kinds[n % len(kinds)], rng)])))
    return np.array(pages, np.uint8).reshape(count, SIDE, SIDE)


def salt_and_pepper(count: int, share: float = 0.5, seed: int = 0) -> np.ndarray:
    """``count`` pages of noise: each pixel white (255) with probability ``share``, else black; uint8."""
    rng = np.random.default_rng([seed, 6])
    return np.where(rng.random((count, SIDE, SIDE)) < share, 255, 0).astype(np.uint8)
