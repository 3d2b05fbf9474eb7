"""Hand-drawn-looking shapes for the few-example tests: circles, squares, triangles, zigzags and stars.

Each drawing is made as a person draws one: a few strokes whose corners wobble
(jitter), the whole turned and resized a little, and then rendered the way
Quick Draw makes its 28×28 bitmaps: the strokes' bounding box scaled to fit
the canvas with a margin and centred, drawn with a round pen at 4× and
averaged down, so the edges are soft. White strokes (255) on black (0),
uint8, as Quick Draw stores them.

    drawings = shapes.draw("star", 10, seed=3)                # 10×28×28 uint8
    path = shapes.write_class_file(folder, "star", drawings)   # folder/star.npy, 10×784
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

SHAPES = ("circle", "square", "triangle", "zigzag", "star")
SIDE = 28
FINE = 4                 # rendered at 4× and averaged down, for Quick Draw's soft edges
MARGIN = 2.5             # pixels of blank around the strokes' bounding box, as in Quick Draw's bitmaps
PEN = 0.8                # the pen's radius in pixels of the 28×28 drawing


def outline(shape: str, rng: np.random.Generator) -> list[np.ndarray]:
    """The strokes of one ``shape`` as a person might draw it: a list of K×2 (x, y) point arrays,
    y downwards, in about −1…1, before any turn or scaling."""
    if shape == "circle":
        start = rng.uniform(0, 2 * np.pi)
        turns = np.linspace(start, start + 2 * np.pi * rng.uniform(0.92, 1.08), 40)
        wobble = 1 + 0.06 * np.sin(3 * turns + rng.uniform(0, 2 * np.pi))
        return [np.stack([np.cos(turns) * wobble * rng.uniform(0.8, 1.2), np.sin(turns) * wobble], axis=1)]
    if shape == "square":
        corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]], float)
        corners[:, 0] *= rng.uniform(0.8, 1.2)
        return [corners]
    if shape == "triangle":
        corners = np.array([[0, -1], [1, 0.8], [-1, 0.8], [0, -1]], float)
        corners[0, 0] += rng.uniform(-0.3, 0.3)
        return [corners]
    if shape == "zigzag":
        teeth = int(rng.integers(3, 6))
        x = np.linspace(-1, 1, teeth + 1)
        y = np.where(np.arange(teeth + 1) % 2 == 0, -0.5, 0.5) * rng.uniform(0.6, 1.4)
        return [np.stack([x, y], axis=1)]
    if shape == "star":
        points = np.arange(6) * 4 * np.pi / 5 - np.pi / 2 + rng.uniform(-0.2, 0.2)
        return [np.stack([np.cos(points), np.sin(points)], axis=1)]
    raise ValueError(f"no shape called {shape!r}: choose one of {', '.join(SHAPES)}")


def hand_drawn(strokes: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """The strokes with every corner moved a little (the many points of a curve less, so it stays
    smooth), then the whole turned by up to 20° and stretched by up to 15% one way."""
    angle = np.radians(rng.uniform(-20, 20))
    turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    stretch = np.diag([rng.uniform(0.85, 1.15), rng.uniform(0.85, 1.15)])
    return [(points + rng.normal(0, 0.06 if len(points) < 10 else 0.012, points.shape)) @ (turn @ stretch).T
            for points in strokes]


def render(strokes: list[np.ndarray]) -> np.ndarray:
    """The strokes drawn as Quick Draw draws its bitmaps: 28×28 uint8, white on black, centred in
    the canvas with a MARGIN, the longer side of their bounding box filling it."""
    points = np.concatenate(strokes)
    low, high = points.min(axis=0), points.max(axis=0)
    scale = (SIDE - 2 * MARGIN) / max(high - low)
    middle = (low + high) / 2
    fine = SIDE * FINE
    centres = (np.arange(fine) + 0.5) / FINE                  # fine pixels' centres in 28×28 units
    x, y = np.meshgrid(centres, centres)
    distance = np.full((fine, fine), np.inf)
    for stroke in strokes:
        placed = (stroke - middle) * scale + SIDE / 2
        for (ax, ay), (bx, by) in zip(placed[:-1], placed[1:]):
            along = np.clip(((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / max((bx - ax) ** 2 + (by - ay) ** 2,
                                                                                 1e-12), 0, 1)
            distance = np.minimum(distance, np.hypot(x - ax - along * (bx - ax), y - ay - along * (by - ay)))
    ink = np.clip(PEN + 0.5 - distance, 0, 1)                # a round pen with a half-pixel soft rim
    coarse = ink.reshape(SIDE, FINE, SIDE, FINE).mean(axis=(1, 3))
    return np.round(255 * np.clip(coarse * 1.4, 0, 1)).astype(np.uint8)


def draw(shape: str, count: int, seed: int = 0) -> np.ndarray:
    """``count`` drawings of ``shape`` (one of SHAPES): count×28×28 uint8, white on black."""
    rng = np.random.default_rng([seed, SHAPES.index(shape) if shape in SHAPES else 99])
    return np.stack([render(hand_drawn(outline(shape, rng), rng)) for _ in range(count)])


def write_class_file(folder, shape: str, drawings: np.ndarray) -> Path:
    """Save drawings as a Quick Draw bitmap file, ``folder/<shape>.npy``: N×784 uint8, white on black."""
    path = Path(folder) / f"{shape}.npy"
    with open(path, "xb") as file:
        np.save(file, np.ascontiguousarray(drawings, np.uint8).reshape(len(drawings), SIDE * SIDE))
    return path
