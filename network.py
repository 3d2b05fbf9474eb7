"""A small convolutional network that tells Quick Draw doodles apart, in plain numpy.

No py5 here, and nothing but numpy: the network can be trained, saved, loaded
and asked about a drawing from a notebook, a test or a background thread of
the sketch.

The network, layer by layer, for one 28×28 drawing (sizes for the defaults:
F = 16 filters of 5×5, 3 classes):

1. **scale**: pixel values 0–255 are divided by 255, so a white stroke is 1.0
   and the black background 0.0 (see ``scale_images``).
2. **conv**: each of the F filters is slid over the drawing exactly as
   ``filters.convolve`` does with the lesson's "skip" edges (cross-correlation,
   no flip), and its bias is added: F maps of 24×24 sums.
3. **ReLU**: negative sums become 0.
4. **max pool**: each 2×2 block of a map keeps its largest value: F maps of 12×12.
5. **dense**: every class has one weight per pooled value (F×12×12 of them)
   and a bias; the weighted sum is that class's score.
6. **softmax**: the scores become probabilities that add up to 1.

Why "valid" convolution (only where the filter lies wholly on the drawing,
28 − 5 + 1 = 24 sums a row) rather than "same" (padded to 28): it is the
lesson's "skip" edge mode, so the sketch can show a filter's map next to
``filters.convolve(..., edges="skip")`` and they agree; no made-up border
pixels are needed (Quick Draw centres each drawing with a blank margin:
under 2% of the training drawings' ink lies within 2 pixels of the edge,
where "valid" centres no sum); and 24 halves evenly to 12.

Why one conv block: measured by 5-fold cross-validation on the 2,400
training drawings (held-out accuracy, 20 epochs): 8 filters 94.8%, 16 filters
96.4%, and 16 filters with a second block of 32 3×3 filters 96.5% at twice
the time per epoch. A second block does not earn its place; 16 filters do.

Drawings must be as Quick Draw stores them: **white strokes (255) on a black
background (0)**. A dark-on-light drawing (such as ``assets/cat.png``) has to be
inverted first (``255 - image``); otherwise the network sees a white page
with black lines, which it was never shown, and its answer means nothing.

Training is minibatch gradient descent with Adam (``Trainer``, in
convolution/learning/trainer.py, with the drawings' files in learning/data.py); the gradients
are worked out by hand in ``loss_and_gradients`` (checked against finite
differences in the tests).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from convolution.files import model_file

SIDE = 28                           # drawings are 28×28, as Quick Draw's bitmaps
POOL = 2                            # max pooling over 2×2 blocks
PREDICT_CHUNK = 64                  # drawings per forward pass in predict()

# Weights and sums are float32: half the memory (and memory traffic) of
# float64, with far more precision than the network needs. (The gradient
# check in the tests runs in float64: every function follows the weights' dtype.)
DTYPE = np.float32


# --------------------------------------------------------------------------
# The weights
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Weights:
    """Every number the network has learnt. F filters of k×k, C classes, h = w = (28 − k + 1) // 2.

    conv_weights : F×k×k   the first layer's filters (``Network.filters``), for images scaled to 0–1
    conv_biases  : F       added to every sum of filter f
    dense_weights: C×F×h×w how much each pooled value adds to each class's score
    dense_biases : C       added to each class's score

    The arrays are never changed once a Weights is made (training makes a new
    one each step), so a reader holding them never sees them half-updated.
    """
    conv_weights: np.ndarray
    conv_biases: np.ndarray
    dense_weights: np.ndarray
    dense_biases: np.ndarray

    NAMES = ("conv_weights", "conv_biases", "dense_weights", "dense_biases")

    def arrays(self) -> tuple[np.ndarray, ...]:
        return tuple(getattr(self, name) for name in self.NAMES)

    @property
    def kernel_size(self) -> int:
        return self.conv_weights.shape[1]


def pooled_side(kernel_size: int) -> int:
    """The side of a pooled map: a 'valid' k×k convolution of 28×28, then 2×2 pooling (12 for k = 5)."""
    return (SIDE - kernel_size + 1) // POOL


def check_weights(weights: Weights, classes) -> str | None:
    """What is wrong with ``weights`` for these ``classes`` (a short phrase), or None if they fit together."""
    conv, conv_b, dense, dense_b = weights.arrays()
    for name, array in zip(Weights.NAMES, weights.arrays()):
        if not isinstance(array, np.ndarray) or array.dtype.kind != "f":
            kind = getattr(array, "dtype", type(array).__name__)
            return f"'{name}' holds {kind}, not floating-point numbers"
    if conv.ndim != 3 or conv.shape[1] != conv.shape[2] or conv.shape[1] % 2 == 0 or conv.shape[0] == 0:
        return f"'conv_weights' has shape {conv.shape}, not F×k×k filters with k odd"
    filter_count, k = conv.shape[:2]
    if not 1 <= k <= SIDE - 1:
        return f"'conv_weights' holds {k}×{k} filters, too large for 28×28 drawings"
    if conv_b.shape != (filter_count,):
        return f"'conv_biases' has shape {conv_b.shape}, not ({filter_count},) for {filter_count} filters"
    side = pooled_side(k)
    expected = (len(classes), filter_count, side, side)
    if dense.shape != expected:
        return f"'dense_weights' has shape {dense.shape}, not {expected} (classes × filters × {side} × {side})"
    if dense_b.shape != (len(classes),):
        return f"'dense_biases' has shape {dense_b.shape}, not ({len(classes)},) for {len(classes)} classes"
    for name, array in zip(Weights.NAMES, weights.arrays()):
        if not np.all(np.isfinite(array)):
            return f"'{name}' holds NaN or infinite weights"
    return None


def _frozen(array, dtype=DTYPE) -> np.ndarray:
    """A private read-only copy: nobody can change a weight behind a reader's back."""
    copy = np.array(array, dtype=dtype, copy=True)
    copy.flags.writeable = False
    return copy


def random_weights(class_count: int, seed: int = 0, filter_count: int = 16, kernel_size: int = 5,
                   dtype=DTYPE) -> Weights:
    """Untrained weights: random filters, the starting point of training.

    He initialisation (normal, standard deviation √(2 / fan-in)) for the
    filters, so their ReLU outputs neither die out nor blow up; small random
    dense weights; biases 0. The same seed gives the same weights.
    """
    if kernel_size % 2 == 0 or not 1 <= kernel_size <= SIDE - 1:
        raise ValueError(f"kernel size must be odd and at most {SIDE - 1}, got {kernel_size}")
    if filter_count < 1:
        raise ValueError(f"a network needs at least one filter, got {filter_count}")
    rng = np.random.default_rng(seed)
    side = pooled_side(kernel_size)
    fan_in = filter_count * side * side
    return Weights(
        _frozen(rng.normal(0.0, np.sqrt(2.0 / kernel_size ** 2), (filter_count, kernel_size, kernel_size)), dtype),
        _frozen(np.zeros(filter_count), dtype),
        _frozen(rng.normal(0.0, np.sqrt(1.0 / fan_in), (class_count, filter_count, side, side)), dtype),
        _frozen(np.zeros(class_count), dtype),
    )


# --------------------------------------------------------------------------
# Forward and backward
# --------------------------------------------------------------------------

def scale_images(drawings, dtype=DTYPE) -> np.ndarray:
    """Drawings as the network sees them: N×28×28 values 0–1 (pixel / 255), white strokes = 1.

    ``drawings``: N×28×28 or one 28×28 drawing, uint8 as Quick Draw stores
    them (white on black) or any numbers 0–255. Returns ``dtype`` (float32),
    always N×28×28. Raises ValueError for another shape or NaN/infinite values.
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


def _patches(scaled: np.ndarray, k: int) -> np.ndarray:
    """Every k×k neighbourhood of every drawing, one per row: (N·s·s)×(k·k), s = 28 − k + 1.

    This is "im2col": with the neighbourhoods laid out as rows, all the
    filters' sums for all the pixels of all the drawings are one matrix
    product instead of six nested loops. sliding_window_view makes the
    neighbourhoods without copying; the reshape copies them into one block.
    """
    windows = sliding_window_view(scaled, (k, k), axis=(1, 2))      # N×s×s×k×k, a view
    return windows.reshape(-1, k * k)


def _dense_matrix(weights: Weights) -> np.ndarray:
    """The dense weights as one (h·w·F)×C matrix, in the order the pooled maps are flattened (y, x, f)."""
    dense = weights.dense_weights
    return dense.transpose(2, 3, 1, 0).reshape(-1, dense.shape[0])


def _pool(maps: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """2×2 max pooling of N×s×s×F maps (s even): the N×h×h×F maxima, and where each came from.

    The four pixels of every block are four strided views (top left, top
    right, bottom left, bottom right), so the maxima are three elementwise
    ``maximum`` calls and nothing is copied. Also returned: four N×h×h×F
    masks, True where that corner is the block's winner (the first, in that
    order, if several are equal), for the backward pass: only the winning
    pixel passed its value on, so only it gets a gradient. (Ties are common:
    a blank patch gives the same sum everywhere. Sharing the gradient among
    the tied pixels would count it up to four times.)
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


def _unpool(d_pooled: np.ndarray, winners: tuple[np.ndarray, ...]) -> np.ndarray:
    """The backward pass of ``_pool``: each block's gradient goes to its winning pixel (N×s×s×F)."""
    n, h, _, f = d_pooled.shape
    d_maps = np.empty((n, h * POOL, h * POOL, f), d_pooled.dtype)
    for number, won in enumerate(winners):
        dy, dx = divmod(number, POOL)
        np.multiply(d_pooled, won, out=d_maps[:, dy::POOL, dx::POOL])
    return d_maps


def softmax(scores: np.ndarray) -> np.ndarray:
    """Each row of scores → probabilities that add up to 1.

    The largest score is subtracted first, so exp cannot overflow; the probabilities stay the same.
    """
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


@dataclass
class _Forward:
    """What the forward pass worked out for a batch, kept for the backward pass (channels last: N×s×s×F)."""
    patches: np.ndarray               # (N·s·s)×(k·k), the im2col rows
    conv: np.ndarray                  # N×s×s×F sums, biases added
    winners: tuple[np.ndarray, ...]   # the four corners' masks from _pool
    pooled: np.ndarray                # N×h×h×F, the largest value of each block after the ReLU
    probabilities: np.ndarray         # N×C


def _forward(weights: Weights, scaled: np.ndarray) -> _Forward:
    """The whole network on N×28×28 drawings already scaled to 0–1."""
    filter_count, k, _ = weights.conv_weights.shape
    n, s = len(scaled), SIDE - k + 1
    patches = _patches(scaled, k)
    conv = patches @ weights.conv_weights.reshape(filter_count, k * k).T
    conv += weights.conv_biases
    conv = conv.reshape(n, s, s, filter_count)
    relu = np.maximum(conv, 0)          # 3. ReLU
    pooled, winners = _pool(relu)       # 4. max pool (s = 29 − k is even for every odd k: 2×2 blocks cover it)
    scores = pooled.reshape(n, -1) @ _dense_matrix(weights) + weights.dense_biases
    return _Forward(patches, conv, winners, pooled, softmax(scores))


def loss_and_gradients(weights: Weights, scaled: np.ndarray, labels: np.ndarray
                       ) -> tuple[float, Weights, np.ndarray]:
    """The mean cross-entropy loss of a batch, its gradient for every weight, and the probabilities.

    ``scaled``: N×28×28 drawings scaled to 0–1 (``scale_images``); ``labels``:
    N class numbers 0…C−1. Works in the dtype of ``weights`` (float64 for the
    gradient check). Returns (loss, gradients with the shapes of
    ``weights``, N×C probabilities).

    The backward pass is the chain rule, layer by layer from the end:
    softmax + cross-entropy → probabilities − one-hot; dense → a matrix
    product each way; pool → to the winning pixel; ReLU → only where the sum
    was positive; conv → the patches (im2col rows) times the sums'
    gradients.
    """
    forward = _forward(weights, scaled.astype(weights.conv_weights.dtype, copy=False))
    n = len(scaled)
    filter_count, k, _ = weights.conv_weights.shape
    class_count = weights.dense_biases.shape[0]
    picked = forward.probabilities[np.arange(n), labels]
    loss = float(-np.mean(np.log(np.maximum(picked, np.finfo(picked.dtype).tiny))))

    d_scores = forward.probabilities.copy()
    d_scores[np.arange(n), labels] -= 1
    d_scores /= n
    flat = forward.pooled.reshape(n, -1)
    h = forward.pooled.shape[1]
    d_dense = (flat.T @ d_scores).reshape(h, h, filter_count, class_count).transpose(3, 2, 0, 1)
    d_dense_b = d_scores.sum(axis=0)

    d_pooled = (d_scores @ _dense_matrix(weights).T).reshape(forward.pooled.shape)
    d_relu = _unpool(d_pooled, forward.winners)   # pool: to the winning pixel
    d_relu *= forward.conv > 0                     # ReLU: only where the sum was positive
    d_conv = d_relu.reshape(-1, filter_count)
    d_filters = (d_conv.T @ forward.patches).reshape(filter_count, k, k)
    d_conv_b = d_conv.sum(axis=0)
    gradients = Weights(d_filters, d_conv_b, np.ascontiguousarray(d_dense), d_dense_b)
    return loss, gradients, forward.probabilities


# --------------------------------------------------------------------------
# The network
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class FeatureMaps:
    """What the network worked out for one drawing, layer by layer (F filters of k×k, C classes).

    conv          : F×s×s float32, s = 28 − k + 1 (24 for 5×5 filters): filter f's sums over the
                    scaled drawing plus its bias, ``conv[f, y, x] = Σ filters[f, j, i] ·
                    scaled[y + j, x + i] + biases[f]`` (what ``filters.convolve`` with "skip" edges
                    computes for the pixel at row y + k//2, column x + k//2)
    relu          : F×s×s, ``max(conv, 0)``
    pooled        : F×h×h, h = s // 2 (12): the largest value of each 2×2 block of ``relu``
    probabilities : C, one per class of ``Network.classes``, adding up to 1
    """
    conv: np.ndarray
    relu: np.ndarray
    pooled: np.ndarray
    probabilities: np.ndarray


class Network:
    """A trained (or untrained) doodle network: its classes and weights, and what it says about drawings.

    ``classes``: the class names, in the order of ``predict``'s columns.
    ``filters``: F×k×k float32, the first layer's filters, read-only. They
    apply to drawings scaled to 0–1 (pixel / 255, white strokes 1.0) and
    each has a bias, ``biases[f]``, added to its sums.

    Safe to read from one thread while a ``Trainer`` trains it in another:
    training replaces all the weights at once (``weights`` is one frozen
    object, swapped whole), and every method reads it once at its start.
    """

    def __init__(self, classes, weights: Weights, about: str = ""):
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
        self._weights = Weights(*(_frozen(array) for array in weights.arrays()))

    @classmethod
    def random(cls, classes, seed: int = 0, filter_count: int = 16, kernel_size: int = 5) -> Network:
        """An untrained network with random filters (the same seed gives the same filters)."""
        return cls(classes, random_weights(len(classes), seed, filter_count, kernel_size))

    @property
    def weights(self) -> Weights:
        """All the weights, as one frozen snapshot."""
        return self._weights

    def _replace_weights(self, weights: Weights) -> None:
        """Swap in new weights (already checked and frozen), in one assignment: for the Trainer."""
        self._weights = weights

    @property
    def filters(self) -> np.ndarray:
        """The first layer's filters, F×k×k float32 (read-only), for drawings scaled to 0–1."""
        return self._weights.conv_weights

    @property
    def biases(self) -> np.ndarray:
        """The first layer's biases, F float32: ``biases[f]`` is added to every sum of ``filters[f]``."""
        return self._weights.conv_biases

    def predict(self, drawings) -> np.ndarray:
        """Class probabilities for drawings: N×C float32, each row adds up to 1, columns as ``classes``.

        ``drawings``: N×28×28 (or one 28×28 drawing, giving 1×C), white
        strokes on black as Quick Draw stores them: uint8, or any numbers
        0–255. Invert dark-on-light drawings first (255 − drawing). Raises
        ValueError for another shape or NaN/infinite values.
        """
        weights = self._weights
        scaled = scale_images(drawings)
        if len(scaled) == 0:
            return np.zeros((0, len(self.classes)), DTYPE)
        # In chunks of 64: their patches stay in the CPU's cache (64 × 576 × 25 float32, under 4 MB), which is
        # faster than one huge product, and a large file never needs all its patches at once.
        chunks = [_forward(weights, scaled[start:start + PREDICT_CHUNK]).probabilities
                  for start in range(0, len(scaled), PREDICT_CHUNK)]
        return np.concatenate(chunks)

    def classify(self, drawings) -> list[str]:
        """The most probable class name for each drawing (N×28×28 or one 28×28; white on black)."""
        return [self.classes[index] for index in self.predict(drawings).argmax(axis=1)]

    def feature_maps(self, drawing) -> FeatureMaps:
        """Every layer's output for ONE 28×28 drawing (white on black, 0–255), as ``FeatureMaps``.

        The maps come filter first (F×s×s), the way they are shown: one picture per filter.
        """
        scaled = scale_images(drawing)
        if len(scaled) != 1:
            raise ValueError(f"feature_maps takes one 28×28 drawing, got {len(scaled)}")
        forward = _forward(self._weights, scaled)
        conv = forward.conv[0].transpose(2, 0, 1).copy()
        return FeatureMaps(conv, np.maximum(conv, 0), forward.pooled[0].transpose(2, 0, 1).copy(),
                           forward.probabilities[0].copy())

    def __repr__(self) -> str:
        f, k, _ = self.filters.shape
        return f"Network(classes={self.classes}, {f} filters of {k}×{k})"


# --------------------------------------------------------------------------
# Saving and loading (the file's format: convolution/files/model_file.py)
# --------------------------------------------------------------------------

ModelError = model_file.ModelError


def save(network: Network, path) -> None:
    """Write ``network`` to ``path`` as a .npz file of plain arrays (never pickled objects).

    Never overwrites: raises FileExistsError if ``path`` exists.
    """
    model_file.write(path, network.classes, network.about, dict(zip(Weights.NAMES, network.weights.arrays())))


def load(path) -> Network:
    """Read a network written by ``save`` (or train.py).

    Raises ModelError, with one line saying what is wrong and what to do, for
    a file that is missing, not a model, damaged, of another format, or whose
    weights do not fit together. Pickled objects are never loaded.
    """
    classes, arrays, about = model_file.read(path, Weights.NAMES)
    weights = Weights(*(arrays[name] for name in Weights.NAMES))
    problem = check_weights(weights, classes)
    if problem:
        raise model_file.not_a_model(path, f"is not a usable doodle model: {problem}")
    return Network(classes, weights, about)
