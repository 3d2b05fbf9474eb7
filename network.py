"""A small convolutional network that tells Quick Draw doodles apart, in plain numpy.

No py5 here, and nothing but numpy: the network can be trained and asked about a drawing from a notebook, a
test or a background thread of the sketch (``save`` and ``load`` hand over to convolution/files/model_file.py).

The network, step by step, for one 28×28 drawing (the sizes are those of ml5's default image classifier, which
train.py trains and ``assets/doodles.npz`` is: two conv blocks, of 8 and of 16 filters of 5×5, and 3 classes):

1. **scale**: pixel values 0–255 are divided by 255, so a white stroke is 1.0 and the black background 0.0
   (see ``scale_images``).
2. **conv block 1**, three steps:

   a. **conv**: each of the 8 filters is slid over the drawing exactly as ``filters.convolve`` does with the
      lesson's "skip" edges (cross-correlation, no flip), and its bias is added: 8 maps of 24×24 sums.
   b. **ReLU**: negative sums become 0.
   c. **max pool**: each 2×2 block of a map keeps its largest value: 8 maps of 12×12.

3. **conv block 2**: the same three steps on block 1's 8 pooled maps, with one thing new: each of its 16
   filters has one 5×5 slice per map coming in (8×5×5 weights), and its sum at a pixel is the sum over those 8
   maps of (the map's 5×5 window × that map's slice), plus the filter's bias: 16 maps of 8×8, pooled to 16
   maps of 4×4. A model file may hold any number of blocks; each works like this one on the maps of the
   block before it.
4. **dense**: the last pooled maps, read filter by filter, row by row, are the network's 16×4×4 = 256
   **features**; every class has one weight per feature and a bias, and the weighted sum is its **score**.
5. **softmax**: the scores become probabilities that add up to 1.

Why "valid" convolution (only where the filter lies wholly on its input, 28 − 5 + 1 = 24 sums a row) rather
than "same" (padded to 28): it is the lesson's "skip" edge mode, so the sketch can show a filter's map next to
``filters.convolve(..., edges="skip")`` and they agree; no made-up border pixels are needed (Quick Draw
centres each drawing with a blank margin: under 2% of the training drawings' ink lies within 2 pixels of the
edge, where "valid" centres no sum); and the sides halve evenly: 28 → 24 → 12 → 8 → 4.

Why two blocks: it is the network the lesson's series trains next (ml5's default for image classification).
Block 1's filters look at the pixels, block 2's at block 1's maps: strokes, then arrangements of strokes. On
these three classes it is no more accurate than one block of 16 filters (held out after train.py's 20 epochs,
three 80/20 splits of the 2,400 training drawings: 95.7% against 96.0%), with a tenth of the dense weights
(16×4×4 = 256 features a class, against 16×12×12 = 2,304).

Drawings must be as Quick Draw stores them: **white strokes (255) on a black background (0)**. A dark-on-light
drawing (such as ``assets/cat.png``) has to be inverted first (``255 - image``); otherwise the network sees a
white page with black lines, which it was never shown, and its answer means nothing.

Training is minibatch gradient descent with Adam (``Trainer``, in convolution/learning/trainer.py, with the
drawings' files in learning/data.py); the gradients are worked out by hand in ``loss_and_gradients`` (checked
against finite differences in the tests).

Inside, a batch's maps are kept as maps × rows × columns × drawings, so that every block's sums are one matrix
product (filters × windows: see ``_patches``) and every copy and sum runs along long stretches of memory (the
drawings of a batch side by side); ``feature_maps`` returns one drawing's maps, maps × rows × columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from convolution.maths import judging
from convolution.maths.batched import POOL as POOL  # max pooling over 2×2 blocks
from convolution.maths.batched import max_pool as _pool
from convolution.maths.batched import patches as _patches
from convolution.maths.batched import unpatches as _unpatches
from convolution.maths.batched import unpool as _unpool
from convolution.maths.examples import Examples, Neighbours, Table, pixels
from convolution.maths.weights_check import check_weights, map_sides

SIDE = 28                           # drawings are 28×28, as Quick Draw's bitmaps
PREDICT_CHUNK = 64                  # drawings per forward pass in predict()

# ml5's default image classifier: (filters, kernel size) of each conv block, in order.
ARCHITECTURE: tuple[tuple[int, int], ...] = ((8, 5), (16, 5))

# Weights and sums are float32: half the memory (and memory traffic) of float64, with far more precision than
# the network needs. (The gradient check in the tests runs in float64: every function follows the weights' dtype.)
DTYPE = np.float32


# --------------------------------------------------------------------------
# The weights
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class ConvBlock:
    """One conv block's learnt numbers: F filters, each with C slices of k×k (C: the maps coming in).

    weights: F×C×k×k  ``weights[f, c]`` is filter f's slice for input map c (block 1: C = 1, the
                      drawing scaled to 0–1; block 2: C = block 1's F pooled maps)
    biases : F        added to every sum of filter f
    """
    weights: np.ndarray
    biases: np.ndarray

    @property
    def filter_count(self) -> int:
        return self.weights.shape[0]

    @property
    def kernel_size(self) -> int:
        return self.weights.shape[-1]


@dataclass(frozen=True)
class Dense:
    """The last layer: one weight per feature and class.

    weights: classes × features  features = the last block's pooled maps flattened in filter, row, column order
    biases : classes             added to each class's score
    """
    weights: np.ndarray
    biases: np.ndarray


@dataclass(frozen=True)
class Weights:
    """Every number the network has learnt: its conv blocks, in order, and the dense layer.

    The arrays never change once a Weights is made (training makes a new one each step): never seen half-updated.
    """
    blocks: tuple[ConvBlock, ...]
    dense: Dense

    def arrays(self) -> tuple[np.ndarray, ...]:
        """Every array, in order: block 1's weights and biases, block 2's …, the dense weights and biases."""
        return tuple(array for block in self.blocks for array in (block.weights, block.biases)) + (
            self.dense.weights, self.dense.biases)

    @classmethod
    def from_arrays(cls, arrays: Sequence[np.ndarray]) -> Weights:
        """The Weights whose ``arrays()`` are ``arrays`` (2 per block, then 2 for the dense layer)."""
        arrays = list(arrays)
        if len(arrays) < 4 or len(arrays) % 2:
            raise ValueError(f"weights come in pairs, two per block and two for the dense layer, got {len(arrays)}")
        blocks = tuple(ConvBlock(arrays[n], arrays[n + 1]) for n in range(0, len(arrays) - 2, 2))
        return cls(blocks, Dense(arrays[-2], arrays[-1]))


# map_sides(blocks) and check_weights(weights, classes), the checks of the weights' shapes: convolution/maths/
# weights_check.py. Judging whether to answer (``Answer``): maths/judging.py; the examples: maths/examples.py.
Answer = judging.Answer


def _frozen(array, dtype=DTYPE) -> np.ndarray:
    """A private read-only copy: nobody can change a weight behind a reader's back."""
    copy = np.array(array, dtype=dtype, copy=True)
    copy.flags.writeable = False
    return copy


def _frozen_weights(weights: Weights, dtype=DTYPE) -> Weights:
    return Weights.from_arrays([_frozen(array, dtype) for array in weights.arrays()])


def random_weights(class_count: int, seed: int = 0, architecture: Sequence[tuple[int, int]] = ARCHITECTURE,
                   dtype=DTYPE) -> Weights:
    """Untrained weights: random filters, the starting point of training.

    ``architecture``: (filters, kernel size) of each conv block, in order. He initialisation (normal, standard
    deviation √(2 / fan-in), fan-in = C·k·k) for the filters, so their ReLU outputs neither die out nor blow
    up; small random dense weights; biases 0. The same seed gives the same weights. Raises ValueError for an
    architecture that does not fit 28×28.
    """
    rng = np.random.default_rng(seed)
    blocks, maps = [], 1
    for filter_count, k in architecture:
        if filter_count < 1:
            raise ValueError(f"a conv block needs at least one filter, got {filter_count}")
        if k % 2 == 0 or k < 1:
            raise ValueError(f"kernel sizes must be odd, got {k}")
        blocks.append(ConvBlock(rng.normal(0.0, np.sqrt(2.0 / (maps * k * k)), (filter_count, maps, k, k)),
                                np.zeros(filter_count)))
        maps = filter_count
    if not blocks:
        raise ValueError("a network needs at least one conv block")
    side = map_sides(blocks)[-1][1]
    features = maps * side * side
    dense = Dense(rng.normal(0.0, np.sqrt(1.0 / max(features, 1)), (class_count, features)), np.zeros(class_count))
    weights = _frozen_weights(Weights(tuple(blocks), dense), dtype)
    problem = check_weights(weights, range(class_count))
    if problem:
        raise ValueError(f"the architecture {list(architecture)} does not fit 28×28 drawings: {problem}")
    return weights


# --------------------------------------------------------------------------
# Forward and backward
# --------------------------------------------------------------------------

def scale_images(drawings, dtype=DTYPE) -> np.ndarray:
    """Drawings as the network sees them: N×28×28 values 0–1 (pixel / 255), white strokes = 1.

    ``drawings``: N×28×28 or one 28×28 drawing, uint8 as Quick Draw stores them (white on black) or any
    numbers 0–255. Returns ``dtype`` (float32), always N×28×28. Raises ValueError for another shape or
    NaN/infinite values.
    """
    try:
        array = np.asarray(drawings)
    except (TypeError, ValueError):
        raise ValueError("drawings must be an array of numbers, N×28×28 or 28×28") from None
    if array.dtype.kind not in "biuf":
        raise ValueError(f"drawings must be numbers 0–255, got an array of {array.dtype}")
    if array.ndim == 2:
        array = array[None]
    if array.ndim != 3 or array.shape[1:] != (SIDE, SIDE):
        raise ValueError(f"drawings must be 28×28 (one) or N×28×28 (several), got shape {np.shape(drawings)}")
    scaled = array.astype(dtype) / dtype(255)
    if not np.all(np.isfinite(scaled)):
        raise ValueError("drawings must hold finite numbers, not NaN or infinity")
    return scaled


def softmax(scores: np.ndarray) -> np.ndarray:
    """Each row of scores → probabilities that add up to 1.

    The largest score is subtracted first, so exp cannot overflow; the probabilities stay the same.
    """
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


@dataclass
class _BlockForward:
    """What one block worked out for a batch (maps × rows × columns × drawings), kept for the backward pass."""
    patches: np.ndarray               # (C·k·k)×(s·s·N), the im2col columns of its input
    conv: np.ndarray                  # F×s×s×N sums, biases added
    winners: tuple[np.ndarray, ...]   # the four corners' masks from _pool (of the sums)
    pooled: np.ndarray                # F×h×h×N, the largest value of each 2×2 block after the ReLU


@dataclass
class _Forward:
    """What the forward pass worked out for a batch."""
    blocks: list[_BlockForward]
    features: np.ndarray              # N×features, the last pooled maps in filter, row, column order
    scores: np.ndarray                # N×C
    probabilities: np.ndarray         # N×C


def _forward(weights: Weights, scaled: np.ndarray, keep: np.ndarray | None = None) -> _Forward:
    """The whole network on N×28×28 drawings already scaled to 0–1 (``keep``: dropout, see loss_and_gradients).

    For one drawing, a conv block is the lesson's loops (``maps``: the C maps coming in, C×side×side; block
    1's one map is the drawing)::

        for f in range(F):                          # each filter …
            for y in range(s):                      # … at each pixel of its map
                for x in range(s):
                    total = biases[f]
                    for c in range(C):              # the sum over every map coming in
                        for j in range(k):
                            for i in range(k):
                                total += weights[f, c, j, i] * maps[c, y + j, x + i]
                    conv[f, y, x] = total
        relu = np.maximum(conv, 0)
        for f in range(F):
            for y in range(0, s, 2):
                for x in range(0, s, 2):
                    pooled[f, y // 2, x // 2] = relu[f, y:y + 2, x:x + 2].max()

    Here the same sums are one matrix product for all the pixels, filters and drawings of a batch (im2col: see
    ``_patches``), and the pooling four strided views (``_pool``); the tests check them against scipy's
    correlation over the maps and against these loops, term by term.
    """
    n = len(scaled)
    maps = np.ascontiguousarray(scaled.transpose(1, 2, 0))[None]   # 1×28×28×N: the drawing is block 1's map
    blocks = []
    for block in weights.blocks:
        f, _, k, _ = block.weights.shape
        s = maps.shape[1] - k + 1
        patches = _patches(maps, k)
        conv = block.weights.reshape(f, -1) @ patches       # 2. conv: Σ window × slice over all maps …
        conv += block.biases[:, None]                       #    … plus the bias
        conv = conv.reshape(f, s, s, n)
        # 3. ReLU and 4. max pool, done as pool then ReLU: the same numbers (the largest of four sums, if
        # positive, is also the largest after ReLU; if not, both give 0) for a quarter of the work.
        pooled, winners = _pool(conv)
        np.maximum(pooled, 0, out=pooled)
        blocks.append(_BlockForward(patches, conv, winners, pooled))
        maps = pooled
    features = maps.reshape(-1, n).T                        # each drawing's maps: filter, row, column
    if keep is not None:
        features = features * keep                          # dropout: some features dropped, the rest scaled up
    scores = features @ weights.dense.weights.T + weights.dense.biases
    return _Forward(blocks, features, scores, softmax(scores))


def _probabilities(weights: Weights, scaled: np.ndarray) -> np.ndarray:
    """N×C probabilities of N scaled drawings. In chunks: their patches stay in the CPU's cache, which is
    faster than one huge product, and a large file never needs all its patches at once."""
    chunks = [np.zeros((0, len(weights.dense.biases)), weights.dense.weights.dtype)]
    chunks += [_forward(weights, scaled[start:start + PREDICT_CHUNK]).probabilities
               for start in range(0, len(scaled), PREDICT_CHUNK)]
    return np.concatenate(chunks)


def _block_features(weights: Weights, scaled: np.ndarray, block: int) -> np.ndarray:
    """Block ``block``'s pooled maps of N scaled drawings, flattened: N×D, a chunk at a time (as predict)."""
    f = weights.blocks[block].filter_count
    side = map_sides(weights.blocks)[block][1]
    chunks = [np.zeros((0, f * side * side), weights.dense.weights.dtype)]
    for start in range(0, len(scaled), PREDICT_CHUNK):
        pooled = _forward(weights, scaled[start:start + PREDICT_CHUNK]).blocks[block].pooled
        chunks.append(pooled.reshape(f * side * side, -1).T)
    return np.concatenate(chunks)


def loss_and_gradients(weights: Weights, scaled: np.ndarray, labels: np.ndarray, smoothing: float = 0.0,
                       keep: np.ndarray | None = None) -> tuple[float, Weights, np.ndarray]:
    """The mean cross-entropy loss of a batch, its gradient for every weight, and the probabilities.

    ``scaled``: N×28×28 drawings scaled to 0–1 (``scale_images``); ``labels``: N class numbers 0…C−1. Works in
    the dtype of ``weights`` (float64 for the gradient check). Returns (loss, gradients with the shapes of
    ``weights``, N×C probabilities). Two guards against learning the drawings by heart, both off by default:
    ``smoothing`` ε (label smoothing) aims at 1 − ε + ε/C for the right class and ε/C for each other one;
    ``keep`` (dropout), N×features: 0 for a feature dropped in this step, 1/(1 − p) for a kept one.

    The backward pass is the chain rule, step by step from the end: softmax + cross-entropy → probabilities −
    targets; dense → a matrix product each way (and × ``keep``); then for each block, last first: pool → to
    the winning pixel; ReLU → only where the sum was positive; conv → the filters' gradients are the sums'
    gradients times the windows (im2col columns), and the maps coming in get the filters times the sums'
    gradients (not needed for block 1: nothing learns below the drawing).
    """
    forward = _forward(weights, scaled.astype(weights.dense.weights.dtype, copy=False), keep)
    n, classes = forward.scores.shape
    targets = np.full_like(forward.scores, smoothing / classes)
    targets[np.arange(n), labels] += 1 - smoothing
    shifted = forward.scores - forward.scores.max(axis=1, keepdims=True)
    log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))   # never log(0)
    loss = float(-np.mean((targets * log_probabilities).sum(axis=1)))

    d_scores = (forward.probabilities - targets) / n
    dense = Dense(d_scores.T @ forward.features, d_scores.sum(axis=0))
    d_features = d_scores @ weights.dense.weights
    d_features *= 1 if keep is None else keep
    d_maps = d_features.T.reshape(forward.blocks[-1].pooled.shape)

    blocks: list[ConvBlock] = []
    for number in reversed(range(len(weights.blocks))):
        block, done = weights.blocks[number], forward.blocks[number]
        f, _, k, _ = block.weights.shape
        # ReLU: only where the sum was positive (the winner's sum is its pooled value, so the pooled
        # value says); pool: to the winning pixel.
        d_conv = _unpool(d_maps * (done.pooled > 0), done.winners)
        d_sums = d_conv.reshape(f, -1)
        blocks.insert(0, ConvBlock((d_sums @ done.patches.T).reshape(block.weights.shape), d_sums.sum(axis=1)))
        if number > 0:
            below = forward.blocks[number - 1].pooled
            d_maps = _unpatches(block.weights.reshape(f, -1).T @ d_sums, below.shape, k)
    return loss, Weights(tuple(blocks), dense), forward.probabilities


# --------------------------------------------------------------------------
# The network
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class BlockMaps:
    """What one conv block made of one drawing, filter first (F filters, maps of s×s, pooled h×h).

    conv  : F×s×s float32, s = side coming in − k + 1 (24 for block 1, 8 for block 2): filter f's
            sums plus its bias, ``conv[f, y, x] = Σ_c Σ_j Σ_i weights[f, c, j, i] · input[c, y + j, x + i]
            + biases[f]``, where the input is the scaled drawing (block 1; then
            ``filters.convolve(drawing / 255, filters[f], edges="skip")`` + bias gives the same sums,
            at the pixel in row y + k//2, column x + k//2) or the block before's ``pooled``
    relu  : F×s×s, ``max(conv, 0)``: values 0 and up
    pooled: F×h×h, h = s // 2 (12, 4): the largest value of each 2×2 block of ``relu``
    """
    conv: np.ndarray
    relu: np.ndarray
    pooled: np.ndarray


@dataclass(frozen=True)
class FeatureMaps:
    """What the network worked out for one drawing, step by step (C classes).

    blocks       : one BlockMaps per conv block, in order
    features     : the last block's ``pooled`` flattened in filter, row, column order (256 for ml5's)
    scores       : C, before softmax: ``scores = dense.weights @ features + dense.biases``
    probabilities: C, softmax of the scores, one per class of ``Network.classes``, adding up to 1
    """
    blocks: tuple[BlockMaps, ...]
    features: np.ndarray
    scores: np.ndarray
    probabilities: np.ndarray


class Network:
    """A trained (or untrained) doodle network: its classes and weights, and what it says about drawings.

    ``classes``: the class names, in the order of ``predict``'s columns. ``blocks``: the conv blocks, in order
    (``ConvBlock``: ``.weights`` F×C×k×k, ``.biases`` F). ``dense``: the last layer (``Dense``: ``.weights``
    classes × features, ``.biases``). ``filters``: block 1's filters as F×k×k, for the views that show a
    kernel. All weights are float32 and read-only, for drawings scaled to 0–1 (pixel / 255, white strokes 1).

    Safe to read from one thread while a ``Trainer`` trains it in another: training replaces all the weights
    at once (``weights`` is one frozen object, swapped whole), and every method reads it once at its start.

    ``examples``, ``example_labels``: the drawings it learned from (N×28×28, white on black, and N class
    numbers; None: none came with it). ``nearest`` finds the ones nearest a drawing; ``judge`` and ``answer``
    say whether it should answer at all (a blank page, noise, a scribble: no).
    """

    def __init__(self, classes, weights: Weights, about: str = "", examples=None, example_labels=None):
        classes = [str(name) for name in classes]
        if len(classes) < 2:
            raise ValueError(f"a network needs at least two classes, got {classes}")
        if len(set(classes)) != len(classes) or not all(classes):
            raise ValueError(f"class names must be distinct and not empty, got {classes}")
        problem = check_weights(weights, classes)
        if problem:
            raise ValueError(problem)
        self.classes: list[str] = classes
        self.about = str(about)    # a line on how it was made, saved with it (train.py writes one)
        self._weights = _frozen_weights(weights)
        self._examples = Examples(examples, example_labels, classes)   # read-only copies, checked

    @classmethod
    def random(cls, classes, seed: int = 0, architecture: Sequence[tuple[int, int]] = ARCHITECTURE) -> Network:
        """An untrained network with random filters (the same seed gives the same filters).

        ``architecture``: (filters, kernel size) of each conv block, ml5's default ((8, 5), (16, 5)).
        """
        return cls(classes, random_weights(len(classes), seed, architecture))

    @property
    def weights(self) -> Weights:
        """All the weights, as one frozen snapshot."""
        return self._weights

    def _replace_weights(self, weights: Weights) -> None:
        """Swap in new weights (already checked and frozen), in one assignment: for the Trainer."""
        self._weights = weights

    @property
    def blocks(self) -> tuple[ConvBlock, ...]:
        """The conv blocks, in order: ``.weights`` F×C×k×k and ``.biases`` F, float32, read-only."""
        return self._weights.blocks

    @property
    def dense(self) -> Dense:
        """The dense layer: ``.weights`` classes × features and ``.biases`` classes, float32, read-only."""
        return self._weights.dense

    @property
    def architecture(self) -> tuple[tuple[int, int], ...]:
        """(filters, kernel size) of each conv block: ((8, 5), (16, 5)) for ml5's network."""
        return tuple((block.filter_count, block.kernel_size) for block in self.blocks)

    @property
    def map_sides(self) -> list[tuple[int, int]]:
        """For each block, the side of its conv maps and of its pooled maps: [(24, 12), (8, 4)]."""
        return map_sides(self.blocks)

    @property
    def filters(self) -> np.ndarray:
        """Block 1's filters, F×k×k float32 (read-only), for drawings scaled to 0–1 (its C is 1)."""
        return self._weights.blocks[0].weights[:, 0]

    @property
    def biases(self) -> np.ndarray:
        """Block 1's biases, F float32: ``biases[f]`` is added to every sum of ``filters[f]``."""
        return self._weights.blocks[0].biases

    def predict(self, drawings, mirror: bool = False) -> np.ndarray:
        """Class probabilities for drawings: N×C float32, each row adds up to 1, columns as ``classes``.

        ``drawings``: N×28×28 (or one 28×28 drawing, giving 1×C), white strokes on black as Quick Draw stores
        them: uint8, or any numbers 0–255. Invert dark-on-light drawings first (255 − drawing). Raises
        ValueError for another shape or NaN/infinite values. ``mirror``: the mean of the drawing's and its
        mirror image's (left to right) probabilities: a cat facing left is still a cat, and the two answers'
        mistakes partly cancel (train.py's networks learn from mirror images too).
        """
        weights, scaled = self._weights, scale_images(drawings)
        if not mirror:
            return _probabilities(weights, scaled)
        return (_probabilities(weights, scaled) + _probabilities(weights, scaled[:, :, ::-1].copy())) / 2

    def classify(self, drawings) -> list[str]:
        """The most probable class name for each drawing (N×28×28 or one 28×28; white on black)."""
        return [self.classes[index] for index in self.predict(drawings).argmax(axis=1)]

    def feature_maps(self, drawing) -> FeatureMaps:
        """Every step's output for ONE 28×28 drawing (white on black, 0–255), as ``FeatureMaps``.

        The maps come filter first (F×s×s), the way they are shown: one picture per filter.
        """
        scaled = scale_images(drawing)
        if len(scaled) != 1:
            raise ValueError(f"feature_maps takes one 28×28 drawing, got {len(scaled)}")
        forward = _forward(self._weights, scaled)
        blocks = []
        for done in forward.blocks:
            conv = done.conv[..., 0].copy()
            blocks.append(BlockMaps(conv, np.maximum(conv, 0), done.pooled[..., 0].copy()))
        return FeatureMaps(tuple(blocks), forward.features[0].copy(), forward.scores[0].copy(),
                           forward.probabilities[0].copy())

    @property
    def examples(self) -> np.ndarray:
        """The drawings it learned from: N×28×28 uint8, white on black, read-only (0×28×28 if none came
        with it, e.g. from a model file of format 1 or 2: ``has_examples``)."""
        return self._examples.drawings

    @property
    def example_labels(self) -> np.ndarray:
        """Each example's class number: N int64 into ``classes``."""
        return self._examples.labels

    @property
    def example_classes(self) -> tuple[str, ...]:
        """Each example's class name: N names from ``classes``."""
        return self._examples.classes

    @property
    def has_examples(self) -> bool:
        """Whether it carries the drawings it learned from (model files of format 1 and 2 did not)."""
        return len(self._examples) > 0

    def block_features(self, drawings, block: int = -1) -> np.ndarray:
        """Conv block ``block``'s pooled maps (-1: the last, whose are ``FeatureMaps.features``) for each of
        ``drawings`` (N×28×28 or one 28×28, white on black), flattened filter, row, column: N×D float32."""
        return _block_features(self._weights, scale_images(drawings), block)

    def neighbours(self, drawing, k: int = 5, space: str = "features") -> Neighbours:
        """The k examples nearest ONE 28×28 ``drawing`` (white on black), nearest first, by Euclidean distance:
        ``Neighbours`` (.indices into ``examples``, .distances, .labels). ``space``: "features" (the last
        block's pooled maps: alike to the network) or "pixels" (scaled to 0–1: alike pixel by pixel). The
        examples' vectors are worked out at the first call and kept until the weights change."""
        if space not in ("features", "pixels"):
            raise ValueError(f"space must be 'features' or 'pixels', got {space!r}")
        scaled, weights = scale_images(drawing), self._weights
        if len(scaled) != 1:
            raise ValueError(f"neighbours takes one 28×28 drawing, got {len(scaled)}")
        if space == "pixels":
            table = self._examples.cached("pixels", None, lambda: Table(pixels(self.examples)))
            return self._examples.neighbours(table, scaled[0], k, space)
        table = self._examples.cached("features", weights, lambda: Table(
            _block_features(weights, scale_images(self.examples), -1)))
        return self._examples.neighbours(table, _block_features(weights, scaled, -1)[0], k, space)

    def nearest(self, drawing, k: int = 5) -> np.ndarray:
        """Indices into ``examples`` of the k training drawings nearest ``drawing`` in the network's own
        features (the last block's pooled maps, flattened; Euclidean), nearest first: int64, at most k."""
        return self.neighbours(drawing, k, "features").indices

    def nearest_pixels(self, drawing, k: int = 5) -> np.ndarray:
        """As ``nearest``, by the distance between the pixels (scaled to 0–1) instead."""
        return self.neighbours(drawing, k, "pixels").indices

    def judge(self, drawing) -> Answer:
        """Whether it should answer for ONE 28×28 ``drawing`` (white on black), and if not, why: ``Answer``
        (.name: a class or None, .reason, …; convolution/maths/judging.py says how it decides)."""
        weights = self._weights     # one snapshot for every number it weighs
        return judging.judge(drawing, self.classes, self._examples, weights,
                             lambda drawings: _block_features(weights, scale_images(drawings), 0),
                             lambda drawings: _probabilities(weights, scale_images(drawings)))

    def answer(self, drawing) -> str | None:
        """The class it answers for ``drawing``, or None when it should not answer (``judge`` says why)."""
        return self.judge(drawing).name

    def __repr__(self) -> str:
        blocks = ", ".join(f"{f} filters of {k}×{k}" for f, k in self.architecture)
        return f"Network(classes={self.classes}, conv blocks: {blocks})"


# --------------------------------------------------------------------------
# Saving and loading: the file's format, its careful reading and the one way of writing a file live in
# convolution/files/model_file.py; these two names are where README and a notebook find them.
# --------------------------------------------------------------------------

class ModelError(ValueError):
    """A file could not be used as a model; the one-line message says what is wrong and what to do."""


def save(network: Network, path) -> None:
    """Write ``network`` to ``path`` as a .npz file of plain arrays (never pickled objects), format 3: with its
    examples.

    Never overwrites: raises FileExistsError if ``path`` exists. A failed write (a full disk) leaves no file
    behind. (``convolution.files.model_file.save`` does it.)
    """
    # The one import from a package above the lesson's numbers (tests/test_architecture.py names it): inside
    # the function, so that network.py itself needs only numpy, and files/ may import network freely.
    from convolution.files import model_file
    model_file.save(network, path)


def load(path) -> Network:
    """Read a network written by ``save`` (or train.py): format 3, or 2 or 1 (then with no examples).

    Raises ModelError, with one line saying what is wrong and what to do, for a file that is missing, not a
    regular file, too large, not a model, damaged, of another format, or whose weights do not fit together.
    Pickled objects are never loaded. (``convolution.files.model_file.load`` does it.)
    """
    from convolution.files import model_file  # the named exception, as in save
    return model_file.load(path)
