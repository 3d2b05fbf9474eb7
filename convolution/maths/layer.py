"""A whole convolutional layer: many filters over one drawing, each giving a feature map, then ReLU and pooling.

This is a CNN's first block, the lesson's Parts 1 and 2 run for a bank of
filters at once. Pure numpy on top of filters.py: no py5.

    maps = layer.run(image, kernels, edges="skip", relu=True, pool=2)
    maps.sums[0]      # filter 0's feature map: filters.convolve(image, kernels[0])
    maps.relu[0]      # ... after ReLU
    maps.pooled[0]    # ... pooled 2×2 (from the ReLU'd map when relu is on)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import filters

MAX_FILTERS = 8          # columns that still fit a window side by side
RANDOM_LAYER = 4         # filters in a random (untrained) layer when no count is given


@dataclass
class LayerMaps:
    """Every map of a layer, as numbers and as what is drawn (one entry per filter).

    ``sums[i]`` is H×W(×C) float32, ``relu[i]`` the same after ReLU, and
    ``pooled[i]`` the pooled map (None with pooling off). ``shown[i]`` holds
    the three maps mapped for drawing (uint8, H×W or H×W×3; pooled None when
    off), and ``ranges[i]`` the value range their colours span: per filter,
    or one for the whole layer when ``shared`` (for "stretch" and "signed";
    the other mappings have a fixed range).
    """
    sums: list[np.ndarray]
    computed: list[np.ndarray]          # H×W bool per filter (its kernel's size decides "skip")
    relu: list[np.ndarray]
    pooled: list[np.ndarray | None]
    shown: list[tuple[np.ndarray, np.ndarray, np.ndarray | None]]
    ranges: list[tuple[float, float]]
    shared: bool


def feature_maps(image, kernels, edges: str = "skip", flip: bool = False) -> tuple[list, list]:
    """Each kernel's feature map of ``image``, and which of its pixels were computed: (sums, computed)."""
    sums = [filters.convolve(image, kernel, edges, flip) for kernel in kernels]
    computed = [filters.computed_mask(np.shape(image), np.shape(kernel), edges) for kernel in kernels]
    return sums, computed


def finish(sums, computed, relu: bool = False, pool: int = 0, pool_mode: str = "max",
           mapping: str = "clamp", shared: bool = False) -> LayerMaps:
    """ReLU, pooling and the display mapping for feature maps from ``feature_maps``.

    The pooled map pools the map after ReLU when ``relu`` is on (conv → ReLU →
    pool, a CNN block's order), else the map itself. A filter's three maps
    are drawn on one scale, so a pooled pixel looks like the pixel it came
    from; with ``shared`` every map of the layer is.
    """
    rectified = [filters.relu(values) for values in sums]
    pooled = [filters.pool(r if relu else s, pool, how=pool_mode) if pool else None
              for s, r in zip(sums, rectified)]
    ranges = [filters.display_range(values, mapping, mask) for values, mask in zip(sums, computed)]
    if shared and ranges:
        lows, highs = zip(*ranges)
        ranges = [(min(lows), max(highs))] * len(ranges)
    shown = []
    for values, mask, after, small, value_range in zip(sums, computed, rectified, pooled, ranges):
        shown.append((filters.to_display(values, mapping, mask, value_range),
                      filters.to_display(after, mapping, mask, value_range),
                      None if small is None else filters.to_display(small, mapping, value_range=value_range)))
    return LayerMaps(sums, computed, rectified, pooled, shown, ranges, shared)


def run(image, kernels, edges: str = "skip", flip: bool = False, relu: bool = False, pool: int = 0,
        pool_mode: str = "max", mapping: str = "clamp", shared: bool = False) -> LayerMaps:
    """The whole layer at once: feature_maps() then finish()."""
    sums, computed = feature_maps(image, kernels, edges, flip)
    return finish(sums, computed, relu, pool, pool_mode, mapping, shared)
