"""What the network sees of a drawing, worked out once per drawing (and per network): its maps as drawn."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import filters
from convolution.screen import pixels
from convolution.state import teach
from network import FeatureMaps, Network


@dataclass
class Seen:
    """The network's view of one drawing, ready to draw."""
    drawn: np.ndarray                # the 28×28 uint8 drawing the network was given
    turned: bool                     # the drawing was inverted for the network (it was dark on light)
    blank: bool                      # nothing drawn
    maps: FeatureMaps                # the forward pass: every block's maps, the scores
    probabilities: np.ndarray        # C floats
    kernels: list[np.ndarray]        # block 1's F tinted kernels, k×k×3 uint8
    relu: list[list[np.ndarray]]     # per block: F ReLU maps as drawn, s×s×3 uint8
    pooled: list[list[np.ndarray]]   # per block: F pooled maps as drawn, s×s×3 uint8


def network_input(image: np.ndarray) -> tuple[np.ndarray, bool]:
    """The drawing as the network was trained on it (teach.drawing_for_network): (28×28 uint8, turned)."""
    return teach.drawing_for_network(image)


def shown_maps(stack: np.ndarray, mapping: str, lesson_units: bool) -> list[np.ndarray]:
    """F maps (F×s×s) as drawn, each s×s×3 uint8: block 1's in the lesson's units (×255, --values'
    mapping, one scale for all), a later block's from 0 (black) to the block's largest value (white)."""
    count, side = stack.shape[0], stack.shape[1]
    if lesson_units:
        # All the maps as one tall map, so they share one scale (and one call): then cut apart again.
        tall = stack.reshape(count * side, -1) * 255.0
        # F×s×s×channels: one channel for a grey mapping, three for "signed"'s colours.
        shown = filters.to_display(tall, mapping).reshape(count, side, tall.shape[1], -1)
        return [pixels.as_rgb(picture[..., 0]) if picture.shape[-1] == 1 else picture for picture in shown]
    return [pixels.as_rgb(grey) for grey in block_greys(stack, float(stack.max()))]


def block_greys(stack: np.ndarray, largest: float) -> np.ndarray:
    """Values 0…``largest`` as grey bytes 0…255 (uint8, the same shape)."""
    return filters.clamp_to_bytes(stack * (255.0 / largest)) if largest > 0 else np.zeros(stack.shape, np.uint8)


def see(model: Network, image: np.ndarray, mapping: str) -> Seen:
    """What ``model`` makes of ``image``: every block's maps mapped for drawing, and its probabilities."""
    drawn, turned = network_input(image)
    maps = model.feature_maps(drawn)
    relu: list[list[np.ndarray]] = []
    pooled: list[list[np.ndarray]] = []
    for number, block in enumerate(maps.blocks):
        if number == 0:
            relu.append(shown_maps(block.relu, mapping, True))
            pooled.append(shown_maps(block.pooled, mapping, True))
        else:   # ReLU and pooled maps on the block's one scale (pooling keeps the largest, so it is the same)
            largest = float(block.relu.max())
            relu.append([pixels.as_rgb(grey) for grey in block_greys(block.relu, largest)])
            pooled.append([pixels.as_rgb(grey) for grey in block_greys(block.pooled, largest)])
    return Seen(drawn, turned, int(np.count_nonzero(drawn > 32)) == 0, maps, maps.probabilities,
                list(pixels.weight_colours(model.filters)), relu, pooled)

