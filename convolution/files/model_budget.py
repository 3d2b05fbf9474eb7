"""How much a model file may ask of a classroom laptop: its filters, classes, kernels, parameters and work.

A model file is small on the disk but its shapes say how much work every
drawing costs: 80,000 filters of 1×1 fit in a 62 KB compressed file, and
make every drawing (and every training step) take gigabytes. model_file.read
asks ``array_problem`` of every array's .npy header, before its data is read
(the examples' count too: at most MAX_EXAMPLES drawings), and ``model_problem``
of the whole model before anything computes with it: a model past a limit is
refused in one line. Every network made here
(network.ARCHITECTURE: 8 filters of 5×5, then 16 of 5×5; --classes up to 9,
Quick Draw's 345 categories) fits with room to spare. No py5.
"""

from __future__ import annotations

import math

import numpy as np

SIDE = 28                       # a drawing's side (network.SIDE)
MAX_CLASSES = 345               # all of Quick Draw's categories; the network view shows a bar for each
MAX_FILTERS = 256               # of one conv block (the ones here have 8 and 16)
MAX_KERNEL = 9                  # a filter's side (the ones here are 5×5)
MAX_PARAMETERS = 4_000_000      # weights and biases together (16 MB as float32; the ones here: under 10,000)
MAX_WORK = 50_000_000           # multiply-adds for one drawing through the conv blocks (here: 320,000)
MAX_FLOATS = 1_000_000          # numbers kept for one drawing as it goes through (maps and their patches)
MAX_WEIGHT = 1e6                # a weight's size: trained ones stay below 10; float32 sums of 3e38 overflow
POOL = 2
MAX_EXAMPLES = 10_000           # drawings a model carries (7.5 MB; the shipped one: its 1,920 training drawings);
                                # nearest() works out all their features once, about 1 s for 10,000


def array_problem(name: str, shape: tuple[int, ...]) -> str:
    """Why an array of a model file, by its ``name`` and the ``shape`` its header claims, is past a limit
    (a phrase; "" if it is not). Asked before the array's data is read."""
    count = math.prod(shape)
    if name in ("examples", "example_labels"):
        drawings = shape[0] if shape else 1
        if drawings > MAX_EXAMPLES or count > MAX_EXAMPLES * SIDE * SIDE:
            return (f"it carries {drawings:,} example drawings, more than the {MAX_EXAMPLES:,} a doodle model may "
                    f"(train.py keeps a sample of that many)")
        return ""
    if count > MAX_PARAMETERS:
        return f"'{name}' holds {count:,} numbers, more than the {MAX_PARAMETERS:,} a doodle model may have"
    if name in ("classes", "dense_biases", "dense_weights") and shape and shape[0] > MAX_CLASSES:
        return f"it has {shape[0]:,} classes, more than the {MAX_CLASSES} a doodle model may have"
    if name.endswith("_weights") and name.startswith("conv") and len(shape) >= 3:
        if shape[0] > MAX_FILTERS or (len(shape) == 4 and shape[1] > MAX_FILTERS):
            return (f"'{name}' has {max(shape[0], shape[1] if len(shape) == 4 else 0):,} filters, more than the "
                    f"{MAX_FILTERS} a block may have")
        if max(shape[-2:]) > MAX_KERNEL:
            return f"'{name}' has filters of {shape[-2]}\u00d7{shape[-1]}, larger than {MAX_KERNEL}\u00d7{MAX_KERNEL}"
    return ""


def model_problem(blocks, dense) -> str:
    """Why a whole model (format 2's layout: ``blocks`` of (weights F×C×k×k, biases F), ``dense`` (weights,
    biases)) asks too much of a laptop, or holds weights float32 cannot compute with (a phrase; "" if not)."""
    arrays = [array for block in blocks for array in block] + list(dense)
    parameters = sum(int(np.size(array)) for array in arrays)
    if parameters > MAX_PARAMETERS:
        return f"it has {parameters:,} weights, more than the {MAX_PARAMETERS:,} a doodle model may have"
    work = floats = 0
    side = SIDE
    for weights, _ in blocks:
        shape = np.shape(weights)
        if len(shape) != 4 or shape[3] > side:
            break   # network.check_weights says what is wrong with it
        filters, maps, k = shape[0], shape[1], shape[3]
        conv = side - k + 1
        work += filters * maps * k * k * conv * conv
        floats += filters * conv * conv + maps * k * k * conv * conv
        side = conv // POOL
    if work > MAX_WORK or floats > MAX_FLOATS:
        return (f"its filters take {work:,} multiply-adds and {floats:,} numbers for every drawing, more than the "
                f"{MAX_WORK:,} and {MAX_FLOATS:,} a doodle model may")
    for number, array in enumerate(arrays):
        if not (isinstance(array, np.ndarray) and array.dtype.kind == "f" and array.size):
            continue
        finite = np.abs(array[np.isfinite(array)].astype(np.float64))   # NaN, ∞: network.check_weights says so
        largest = float(np.max(finite)) if finite.size else 0.0
        if largest > MAX_WEIGHT:
            where = "the dense layer" if number >= 2 * len(blocks) else f"block {number // 2 + 1}"
            return (f"{where} has weights as large as {largest:.3g}, beyond what float32 computes with "
                    f"(a doodle model's stay below {MAX_WEIGHT:g})")
    return ""
