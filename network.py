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

Training is minibatch gradient descent with Adam (``Trainer``); the gradients
are worked out by hand in ``loss_and_gradients`` (checked against finite
differences in the tests).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from convolution.files import bundled, images

SIDE = images.QUICKDRAW_SIDE        # drawings are 28×28
FORMAT_VERSION = 1                  # of the .npz files written by save(); load() reads only this one
POOL = 2                            # max pooling over 2×2 blocks
PREDICT_CHUNK = 64                  # drawings per forward pass in predict()
TRAIN_COMMAND = "python train.py FILE... --out MODEL.npz"
DEFAULT_MODEL = bundled.DOODLES   # the shipped model

# Weights and sums are float32: half the memory (and memory traffic) of
# float64, with far more precision than the network needs. (The gradient
# check in the tests runs in float64: every function follows the weights' dtype.)
DTYPE = np.float32


class ModelError(ValueError):
    """A file could not be used as a model; the one-line message says why and what to do."""


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
    """Each row of scores → probabilities that add up to 1 (the largest score is subtracted first, so exp cannot overflow)."""
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


@dataclass
class _Forward:
    """What the forward pass worked out for a batch, kept for the backward pass (channels last: N×s×s×F)."""
    patches: np.ndarray               # (N·s·s)×(k·k), the im2col rows
    conv: np.ndarray                  # N×s×s×F sums, biases added
    winners: tuple[np.ndarray, ...]   # the four corners' masks from _pool
    pooled_conv: np.ndarray           # N×h×h×F, the largest sum of each block
    pooled: np.ndarray                # N×h×h×F, after the ReLU
    probabilities: np.ndarray         # N×C


def _forward(weights: Weights, scaled: np.ndarray) -> _Forward:
    """The whole network on N×28×28 drawings already scaled to 0–1."""
    filter_count, k, _ = weights.conv_weights.shape
    n, s = len(scaled), SIDE - k + 1
    patches = _patches(scaled, k)
    conv = patches @ weights.conv_weights.reshape(filter_count, k * k).T
    conv += weights.conv_biases
    conv = conv.reshape(n, s, s, filter_count)
    # ReLU then max pool gives exactly what max pool then ReLU gives (both only pick and clip
    # values), and pooling first clips a quarter as many. s = 29 − k is even for every odd k,
    # so the 2×2 blocks cover the maps exactly.
    pooled_conv, winners = _pool(conv)
    pooled = np.maximum(pooled_conv, 0)
    scores = pooled.reshape(n, -1) @ _dense_matrix(weights) + weights.dense_biases
    return _Forward(patches, conv, winners, pooled_conv, pooled, softmax(scores))


def loss_and_gradients(weights: Weights, scaled: np.ndarray, labels: np.ndarray
                       ) -> tuple[float, Weights, np.ndarray]:
    """The mean cross-entropy loss of a batch, its gradient for every weight, and the probabilities.

    ``scaled``: N×28×28 drawings scaled to 0–1 (``scale_images``); ``labels``:
    N class numbers 0…C−1. Works in the dtype of ``weights`` (float64 for the
    gradient check). Returns (loss, gradients with the shapes of
    ``weights``, N×C probabilities).

    The backward pass is the chain rule, layer by layer from the end:
    softmax + cross-entropy → probabilities − one-hot; dense → a matrix
    product each way; ReLU → only where the pooled sum was positive; pool →
    to the winning pixel; conv → the patches (im2col rows) times the sums'
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
    d_pooled *= forward.pooled_conv > 0
    d_conv = _unpool(d_pooled, forward.winners).reshape(-1, filter_count)
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
    def random(cls, classes, seed: int = 0, filter_count: int = 16, kernel_size: int = 5) -> "Network":
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
# Saving and loading
# --------------------------------------------------------------------------

def save(network: Network, path) -> None:
    """Write ``network`` to ``path`` as a .npz file (plain arrays only, no pickled objects).

    Never overwrites: raises FileExistsError if ``path`` exists (the file is
    opened with mode "xb", so not even a file that appears meanwhile is
    replaced). A half-written file is removed if writing fails.
    """
    path = Path(path)
    weights = network.weights
    contents = dict(format_version=np.array(FORMAT_VERSION), classes=np.array(network.classes),
                    about=np.array(network.about),
                    **{name: array for name, array in zip(Weights.NAMES, weights.arrays())})
    with open(path, "xb") as file:
        try:
            np.savez(file, **contents)
        except BaseException:
            file.close()
            path.unlink(missing_ok=True)
            raise


def _not_a_model(path: Path, what: str, do: str = "") -> ModelError:
    return ModelError(f"{path} {what}: {do or f'train a model with `{TRAIN_COMMAND}`'}")


def load(path) -> Network:
    """Read a network written by ``save`` (or train.py).

    Raises ModelError, with one line saying what is wrong and what to do, for
    a missing file, a folder, a file that is not a .npz archive (a text file,
    a .npy array …), a damaged archive, missing or extra-shaped arrays, a
    different format_version, or NaN/infinite weights. Pickled objects are
    never loaded.
    """
    path = Path(path)
    if not path.exists():
        raise _not_a_model(path, "not found", f"check the path, or train a model with `{TRAIN_COMMAND}`")
    if path.is_dir():
        raise _not_a_model(path, "is a folder, not a model file", "give the path of a .npz made by train.py")
    try:
        with open(path, "rb") as file:
            start = file.read(4)
    except OSError as error:
        raise _not_a_model(path, f"could not be read ({error.strerror or error})",
                           "check the file's permissions") from None
    if start == images.NPY_MAGIC[:4]:
        raise _not_a_model(path, "is a single numpy array (.npy), not a doodle model (.npz) made by train.py")
    if start != b"PK\x03\x04":
        raise _not_a_model(path, "is not a doodle model made by train.py (not a .npz archive)")
    try:
        with np.load(path, allow_pickle=False) as archive:
            if "format_version" not in archive.files:
                raise _not_a_model(path, "is not a doodle model made by train.py (no 'format_version')")
            version = archive["format_version"]
            if version.shape != () or version.dtype.kind not in "iu":
                raise _not_a_model(path, "is not a doodle model made by train.py ('format_version' is not a number)")
            if int(version) != FORMAT_VERSION:
                raise _not_a_model(path, f"is a doodle model of format {int(version)}, but this network.py "
                                         f"reads format {FORMAT_VERSION}",
                                   f"train it again with this version: `{TRAIN_COMMAND}`")
            missing = [name for name in ("classes",) + Weights.NAMES if name not in archive.files]
            if missing:
                names = ", ".join(f"'{name}'" for name in missing)
                raise _not_a_model(path, f"is not a complete doodle model (no {names})")
            classes = archive["classes"]
            about = archive["about"] if "about" in archive.files else np.array("")
            weights = Weights(*(archive[name] for name in Weights.NAMES))
    except ModelError:
        raise
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, zlib.error) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        if "pickle" in reason or "object" in reason.lower():
            raise _not_a_model(path, "holds Python objects, which are never loaded (they could run code)") from None
        raise _not_a_model(path, f"is damaged or not a doodle model ({reason})") from None
    if classes.ndim != 1 or classes.dtype.kind != "U":
        raise _not_a_model(path, "is not a doodle model: 'classes' is not a list of names")
    if len(classes) < 2 or len(set(classes.tolist())) != len(classes) or not all(classes.tolist()):
        raise _not_a_model(path, f"is not a usable doodle model: its classes {classes.tolist()} are not "
                                 f"two or more distinct names")
    problem = check_weights(weights, classes)
    if problem:
        raise _not_a_model(path, f"is not a usable doodle model: {problem}")
    return Network(classes.tolist(), weights, str(about) if about.dtype.kind == "U" else "")


# --------------------------------------------------------------------------
# Data: one file per class, and a held-out split
# --------------------------------------------------------------------------

QUICKDRAW_PREFIX = "full_numpy_bitmap_"


def class_name(path) -> str:
    """The class a file of drawings stands for, from its name.

    - Quick Draw's own files keep their category exactly:
      ``full_numpy_bitmap_cat.npy`` → "cat", ``full_numpy_bitmap_bus.npy`` →
      "bus" (also ``cat.npy`` → "cat").
    - Otherwise trailing digits (a count) are dropped, and then one plural
      "s" if digits were dropped: ``cats800.bin`` → "cat",
      ``trains1000.bin`` → "train", ``glasses.npy`` → "glasses".

    Case is kept. Raises ValueError if nothing is left (``800.bin``).
    """
    stem = Path(path).stem
    if stem.startswith(QUICKDRAW_PREFIX):
        name = stem[len(QUICKDRAW_PREFIX):]
    else:
        name = stem
        counted = re.fullmatch(r"(.*?)[ _-]*\d+", stem)
        if counted:
            name = counted.group(1)
            if name.endswith("s") and not name.endswith("ss") and len(name) > 1:
                name = name[:-1]
    name = name.strip()
    if not name:
        raise ValueError(f"{path}: the file name gives no class name; name the file after its class, "
                         f"e.g. cats800.bin or full_numpy_bitmap_cat.npy")
    return name


def load_class_files(paths) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Drawings from several Quick Draw files, one class per file, the class named by ``class_name``.

    Returns (drawings N×28×28 uint8 as stored, labels N int64 numbers into
    the class names, class names sorted alphabetically). The classes are
    sorted, and the drawings put in that order, so the order the files are
    given in changes nothing. Raises images.ImageLoadError for a bad file
    and ValueError for fewer than two classes or two files of one class.
    """
    by_class: dict[str, tuple[Path, np.ndarray]] = {}
    for path in map(Path, paths):
        name = class_name(path)
        drawings = images.load_quickdraw(path)       # a bad file is reported first, whatever its name
        if name in by_class:
            raise ValueError(f"{by_class[name][0]} and {path} both give the class '{name}': "
                             f"give one file per class")
        by_class[name] = (path, drawings)
    if len(by_class) < 2:
        found = f"one class ('{next(iter(by_class))}')" if by_class else "no files"
        raise ValueError(f"a network tells classes apart, so it needs files of at least two classes, got {found}")
    classes = sorted(by_class)
    drawings = np.concatenate([by_class[name][1] for name in classes])
    labels = np.concatenate([np.full(len(by_class[name][1]), number, np.int64)
                             for number, name in enumerate(classes)])
    return drawings, labels, classes


def split(drawings, labels, held_out_fraction: float = 0.2, seed: int = 0
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Keep ``held_out_fraction`` of each class apart for testing (a stratified split).

    Returns (training drawings, training labels, held-out drawings, held-out
    labels), each in a shuffled order; the same seed gives the same split.
    Every class keeps round(fraction × its count) drawings apart, at least
    one, and at least one for training. Raises ValueError for a fraction
    outside (0, 1) or a class with fewer than two drawings.
    """
    drawings, labels = np.asarray(drawings), np.asarray(labels)
    if not 0 < held_out_fraction < 1:
        raise ValueError(f"the held-out fraction must be between 0 and 1, got {held_out_fraction}")
    if len(drawings) != len(labels):
        raise ValueError(f"{len(drawings)} drawings but {len(labels)} labels")
    rng = np.random.default_rng(seed)
    train, held = [], []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        if len(members) < 2:
            raise ValueError(f"class {label} has {len(members)} drawing(s): a split needs at least two")
        members = rng.permutation(members)
        count = min(len(members) - 1, max(1, round(held_out_fraction * len(members))))
        held.append(members[:count])
        train.append(members[count:])
    train_order, held_order = rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(held))
    return drawings[train_order], labels[train_order], drawings[held_order], labels[held_order]


def accuracy(network: Network, drawings, labels) -> float:
    """The fraction of ``drawings`` (white on black) whose most probable class is their label (0–1)."""
    return float(np.mean(network.predict(drawings).argmax(axis=1) == np.asarray(labels)))


def confusion_matrix(network: Network, drawings, labels) -> np.ndarray:
    """C×C counts: row = the true class, column = the class the network chose (int64)."""
    chosen = network.predict(drawings).argmax(axis=1)
    size = len(network.classes)
    return np.bincount(np.asarray(labels) * size + chosen, minlength=size * size).reshape(size, size)


# --------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class TrainingOptions:
    """How a Trainer trains. The defaults are train.py's."""
    filter_count: int = 16         # F: filters in the conv layer (what the sketch shows)
    kernel_size: int = 5           # k: each filter is k×k (odd)
    batch_size: int = 32           # drawings per step
    learning_rate: float = 0.006   # Adam's step size in the first epoch …
    decay: float = 0.9             # … times decay^epoch later: big steps first, then settling down
    shift: int = 2                 # each drawing is moved by up to this many pixels each time it is seen


@dataclass(frozen=True)
class StepResult:
    """One step's minibatch: its mean loss and the fraction it got right (before the step's update)."""
    loss: float
    accuracy: float


@dataclass(frozen=True)
class EpochRecord:
    """One finished pass over the training drawings: the mean loss and accuracy of its minibatches."""
    epoch: int
    loss: float
    accuracy: float


class Trainer:
    """Trains a Network on drawings, one minibatch at a time, so a GUI can show it learning.

    ``drawings``: N×28×28 (uint8, white on black); ``labels``: N numbers
    into ``classes``. Each epoch goes through the drawings once in a new
    random order, ``options.batch_size`` at a time. The same seed (and the
    same calls) gives bitwise the same weights.

    Threads: call ``step``/``run_epoch``/``restart`` from ONE thread. Another
    thread may meanwhile use ``trainer.network`` (predict, feature_maps,
    filters), ``epoch`` and ``history``: each step computes the new weights
    in new arrays and swaps them into the network in one assignment, so a
    reader sees the weights before or after a step, never half of each.
    """

    def __init__(self, drawings, labels, classes, seed: int = 0, options: TrainingOptions | None = None,
                 network: Network | None = None):
        self.options = options or TrainingOptions()
        self.classes = [str(name) for name in classes]
        self._drawings = np.ascontiguousarray(drawings)
        self._labels = np.asarray(labels, dtype=np.int64)
        if len(self._drawings) != len(self._labels) or len(self._labels) == 0:
            raise ValueError(f"training needs drawings with one label each, got {len(self._drawings)} drawings "
                             f"and {len(self._labels)} labels")
        if self._labels.min() < 0 or self._labels.max() >= len(self.classes):
            raise ValueError(f"labels must be 0 to {len(self.classes) - 1}, one per class of {self.classes}")
        scale_images(self._drawings[:1])           # the shape check, with its message
        if network is not None and network.classes != self.classes:
            raise ValueError(f"the network's classes {network.classes} are not the training classes {self.classes}")
        self._start_network = network
        self.restart(seed)

    def restart(self, seed: int | None = None) -> None:
        """Start again: random filters from ``seed`` (default: the last seed), epoch 0, no history.

        A Trainer made with ``network=`` starts again from that network's weights instead.
        """
        self.seed = self.seed if seed is None else seed
        options = self.options
        start = self._start_network
        weights = (start.weights if start is not None else
                   random_weights(len(self.classes), self.seed, options.filter_count, options.kernel_size))
        if getattr(self, "network", None) is None:
            self.network = Network(self.classes, weights, start.about if start is not None else "")
        else:
            # The same Network object, so a reader holding it sees the fresh filters too.
            self.network._replace_weights(weights)
        # One generator for everything random in training (order and shifts), so a seed repeats it all.
        self._rng = np.random.default_rng([self.seed, 1])
        self._adam_m = [np.zeros_like(array) for array in weights.arrays()]
        self._adam_v = [np.zeros_like(array) for array in weights.arrays()]
        self._updates = 0
        self._order = self._rng.permutation(len(self._labels))
        self._position = 0
        self._epoch_sums = [0.0, 0.0, 0]          # loss × size, right answers, drawings seen this epoch
        self.epoch = 0                            # finished epochs
        self._history: list[EpochRecord] = []

    @property
    def history(self) -> list[EpochRecord]:
        """One EpochRecord per finished epoch (a copy)."""
        return list(self._history)

    @property
    def steps_per_epoch(self) -> int:
        return -(-len(self._labels) // self.options.batch_size)

    @property
    def steps_done_in_epoch(self) -> int:
        return -(-self._position // self.options.batch_size)

    def _shifted(self, batch: np.ndarray) -> np.ndarray:
        """The batch with each drawing moved by a random −shift…+shift pixels each way (blank fills in).

        People draw anywhere on the canvas; moving each drawing a little every
        time it is seen teaches the filters the shape, not its place.
        """
        limit = self.options.shift
        if limit == 0:
            return batch
        padded = np.pad(batch, ((0, 0), (limit, limit), (limit, limit)))
        moves = self._rng.integers(0, 2 * limit + 1, size=(len(batch), 2))
        rows = moves[:, 0, None] + np.arange(SIDE)
        cols = moves[:, 1, None] + np.arange(SIDE)
        return padded[np.arange(len(batch))[:, None, None], rows[:, :, None], cols[:, None, :]]

    def step(self) -> StepResult:
        """Train on the next minibatch; returns its loss and accuracy. Ends the epoch after its last batch."""
        options = self.options
        chosen = self._order[self._position:self._position + options.batch_size]
        scaled = scale_images(self._shifted(self._drawings[chosen]))
        labels = self._labels[chosen]
        weights = self.network.weights
        loss, gradients, probabilities = loss_and_gradients(weights, scaled, labels)
        right = int(np.sum(probabilities.argmax(axis=1) == labels))
        self.network._replace_weights(self._adam(weights, gradients))

        sums = self._epoch_sums
        sums[0] += loss * len(chosen)
        sums[1] += right
        sums[2] += len(chosen)
        self._position += len(chosen)
        if self._position >= len(self._labels):
            self.epoch += 1
            self._history.append(EpochRecord(self.epoch, sums[0] / sums[2], sums[1] / sums[2]))
            self._epoch_sums = [0.0, 0.0, 0]
            self._order = self._rng.permutation(len(self._labels))
            self._position = 0
        return StepResult(loss, right / len(chosen))

    def run_epoch(self, progress: Callable[[int, int], None] | None = None) -> EpochRecord:
        """Train until the current epoch ends; returns its record.

        ``progress(steps_done, steps_per_epoch)`` is called after every step
        (from this thread), e.g. to move a progress bar.
        """
        finished = self.epoch
        while self.epoch == finished:
            self.step()
            if progress is not None:
                done = self.steps_done_in_epoch if self.epoch == finished else self.steps_per_epoch
                progress(done, self.steps_per_epoch)
        return self._history[-1]

    def _adam(self, weights: Weights, gradients: Weights) -> Weights:
        """One Adam update (Kingma & Ba's defaults, β1 0.9, β2 0.999): new frozen arrays, old ones untouched.

        Adam scales each weight's step by a running estimate of its gradient's
        size, so filters and dense weights learn at a similar pace without
        tuning a learning rate for each layer.
        """
        beta1, beta2, epsilon = 0.9, 0.999, 1e-8
        self._updates += 1
        rate = self.options.learning_rate * self.options.decay ** self.epoch * np.sqrt(1 - beta2 ** self._updates) / (1 - beta1 ** self._updates)
        new = []
        for m, v, array, gradient in zip(self._adam_m, self._adam_v, weights.arrays(), gradients.arrays()):
            m *= beta1
            m += (1 - beta1) * gradient
            v *= beta2
            v += (1 - beta2) * gradient * gradient
            updated = array - (rate * m / (np.sqrt(v) + epsilon)).astype(array.dtype)
            updated.flags.writeable = False
            new.append(updated)
        return Weights(*new)


def train(drawings, labels, classes, epochs: int, seed: int = 0, options: TrainingOptions | None = None,
          progress: Callable[[int, int, int, int], None] | None = None) -> tuple[Network, list[EpochRecord]]:
    """Train a new network for ``epochs`` epochs: returns it and the per-epoch records.

    ``progress(epoch, epochs, step, steps_per_epoch)`` is called after every step.
    """
    trainer = Trainer(drawings, labels, classes, seed, options)
    for epoch in range(epochs):
        trainer.run_epoch(None if progress is None else
                          lambda step, steps, epoch=epoch: progress(epoch, epochs, step, steps))
    return trainer.network, trainer.history
