"""The numbers behind the demo: kernels, convolution and display mapping.

Pure numpy (and OpenCV for the sums, where installed): no py5, no Java, no screen. Everything here can be used
from a notebook or a test.

The lesson in one sentence: for every pixel, lay the kernel over its k×k neighbourhood, multiply each weight by
the pixel under it, and add the products up. That sum is the new pixel.

Conventions (the same as p5's pixels and the lesson's sketch):

- An image is a numpy array of shape H×W (grey) or H×W×C (C channels, each filtered on its own), with values
  0–255, any numeric dtype.
- A kernel is a 2-D array with an odd number of rows and of columns. Rows are image rows (y), columns are
  image columns (x): ``kernel[j, i]`` weighs the pixel ``j`` rows below and ``i`` columns right of the
  neighbourhood's top-left corner. A kernel is never silently transposed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import numpy as np

# ---- Preset kernels: a table of named arrays, in the order the sketch cycles them. -------------------------

_GAUSS_5_ROW = np.array([1, 4, 6, 4, 1], dtype=float)

PRESETS: dict[str, np.ndarray] = {
    "identity": np.array([[0, 0, 0],
                          [0, 1, 0],
                          [0, 0, 0]], dtype=float),
    # The lesson's kernel: dark-to-light steps going right light it up.
    "vertical-edge": np.array([[-1, 1, 0],
                               [-1, 1, 0],
                               [-1, 1, 0]], dtype=float),
    "horizontal-edge": np.array([[-1, -1, -1],
                                 [1, 1, 1],
                                 [0, 0, 0]], dtype=float),
    "sobel-x": np.array([[-1, 0, 1],
                         [-2, 0, 2],
                         [-1, 0, 1]], dtype=float),
    "sobel-y": np.array([[-1, -2, -1],
                         [0, 0, 0],
                         [1, 2, 1]], dtype=float),
    "box-blur-3x3": np.ones((3, 3)) / 9,
    "gaussian-3x3": np.array([[1, 2, 1],
                              [2, 4, 2],
                              [1, 2, 1]], dtype=float) / 16,
    "sharpen": np.array([[0, -1, 0],
                         [-1, 5, -1],
                         [0, -1, 0]], dtype=float),
    # The 8-neighbour Laplacian, the kernel image tools call "outline".
    "laplacian-8": np.array([[-1, -1, -1],
                             [-1, 8, -1],
                             [-1, -1, -1]], dtype=float),
    "laplacian-4": np.array([[0, -1, 0],
                             [-1, 4, -1],
                             [0, -1, 0]], dtype=float),
    "prewitt-x": np.array([[-1, 0, 1],
                           [-1, 0, 1],
                           [-1, 0, 1]], dtype=float),
    "prewitt-y": np.array([[-1, -1, -1],
                           [0, 0, 0],
                           [1, 1, 1]], dtype=float),
    "box-blur-5x5": np.ones((5, 5)) / 25,
    "gaussian-5x5": np.outer(_GAUSS_5_ROW, _GAUSS_5_ROW) / 256,
    "emboss": np.array([[-2, -1, 0],
                        [-1, 1, 1],
                        [0, 1, 2]], dtype=float),
}

# One line per preset, shown under its name on screen.
DESCRIPTIONS: dict[str, str] = {
    "identity": "copies each pixel: the output is the input",
    "vertical-edge": "the lesson's kernel: lights up dark-to-light steps going right",
    "horizontal-edge": "lights up dark-to-light steps going down",
    "sobel-x": "change from left to right, weighted to the centre row",
    "sobel-y": "change from top to bottom, weighted to the centre column",
    "box-blur-3x3": "the plain average of the 3×3 neighbourhood",
    "gaussian-3x3": "a weighted average: near pixels count more",
    "sharpen": "the pixel minus its neighbours, added back to itself",
    "laplacian-8": "'outline': the pixel against all 8 neighbours",
    "laplacian-4": "the pixel against its 4 nearest neighbours",
    "prewitt-x": "change from left to right, all rows weighted alike",
    "prewitt-y": "change from top to bottom, all columns weighted alike",
    "box-blur-5x5": "the plain average of the 5×5 neighbourhood",
    "gaussian-5x5": "a wider weighted average: a softer blur",
    "emboss": "light from the top left: shapes look raised",
}

# How convolve() fills in neighbours outside the image. "skip" is the lesson's choice: such pixels are not computed.
EDGE_MODES = ("skip", "zero", "extend", "wrap", "reflect")

_NUMPY_PAD_MODE: dict[str, Literal["constant", "edge", "wrap", "reflect"]] = {   # np.pad's names (its type's)
    "zero": "constant", "extend": "edge", "wrap": "wrap", "reflect": "reflect"}

# The kernel name shown after a reroll: ``random_kernel``'s weights, named by no preset; and the sizes a random
# kernel may have (the first is the default; the sketch's k switches between them).
RANDOM = "random"
RANDOM_SIZES = (3, 5)

# Weights stay within ±this (typed, edited, or written in a kernel's text): so they fit the sketch's kernel
# cells, and every sum of a 0–255 image stays far inside float32's range.
WEIGHT_LIMIT = 99.0


def random_kernel(rng: np.random.Generator, size: int = 3) -> np.ndarray:
    """A size×size kernel of weights drawn uniformly from [-1, 1].

    That is how an untrained network's filters start. ``rng`` is a ``numpy.random.Generator``
    (``np.random.default_rng(seed)``), so a seed repeats the same kernels. Returns float64, shape (size,
    size).
    """
    if not isinstance(size, (int, np.integer)) or size < 1 or size % 2 == 0:
        raise ValueError(f"random kernel size must be a positive odd number, got {size!r}")
    return rng.uniform(-1.0, 1.0, size=(size, size))


# ---- Checking inputs: every bad argument gets a ValueError that says what is wrong. ------------------------

# Sums are in float32 (as images and CNN layers usually are): a weight or a sum beyond this would be infinity.
FLOAT32_LARGEST = float(np.finfo(np.float32).max)

def check_kernel(kernel) -> np.ndarray:
    """Return ``kernel`` as a float64 2-D array, or raise ValueError saying why not.

    A valid kernel is 2-D, has an odd number of rows and of columns (so it has a centre pixel), and holds
    finite numbers only.
    """
    try:
        k = np.asarray(kernel, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("kernel must be a grid of numbers with rows of equal length") from None
    if k.ndim != 2:
        raise ValueError(f"kernel must be 2-D (rows × columns), got {k.ndim}-D with shape {k.shape}")
    rows, cols = k.shape
    if rows % 2 == 0 or cols % 2 == 0:
        raise ValueError(f"kernel must have an odd size so it has a centre pixel, got {rows}×{cols}")
    if not np.all(np.isfinite(k)):
        raise ValueError("kernel weights must be finite numbers, not NaN or infinity")
    largest = float(np.abs(k).max()) if k.size else 0.0
    if largest > FLOAT32_LARGEST:
        raise ValueError(f"a kernel weight of {largest:g} is too large: convolve() works in float32, "
                         f"whose numbers stop at about {FLOAT32_LARGEST:.1e}; use smaller weights")
    return k


def check_image(image) -> np.ndarray:
    """Return ``image`` as a float32 H×W or H×W×C array, or raise ValueError saying why not."""
    return _checked_image(image)[0]


def _checked_image(image) -> tuple[np.ndarray, float]:
    """check_image(image), and the largest |value| in it."""
    try:
        img = np.asarray(image, dtype=np.float32)
    except (TypeError, ValueError):
        raise ValueError("image must be an array of numbers (H×W or H×W×C)") from None
    if img.ndim not in (2, 3):
        raise ValueError(f"image must be H×W (grey) or H×W×C (colour), got shape {img.shape}")
    if img.size == 0:
        raise ValueError(f"image is empty (shape {img.shape})")
    if np.asarray(image).dtype == np.uint8:   # a picture as files and cameras give it: 0–255, nothing to look for
        return img, 255.0
    low, high = float(img.min()), float(img.max())   # NaN or infinity anywhere shows in these
    if not (np.isfinite(low) and np.isfinite(high)):
        raise ValueError("image values must be finite numbers, not NaN or infinity")
    return img, max(high, -low)


def check_edges(edges: str) -> str:
    """Return ``edges`` if it is one of EDGE_MODES, else raise ValueError listing them."""
    if edges not in EDGE_MODES:
        raise ValueError(f"unknown edge mode {edges!r}: choose one of {', '.join(EDGE_MODES)}")
    return edges


# ---- The convolution. --------------------------------------------------------------------------------------

def convolve(image, kernel, edges: str = "skip", flip: bool = False) -> np.ndarray:
    """Filter ``image`` with ``kernel``, as the lesson and a CNN layer do.

    - ``image``: H×W or H×W×C, values 0–255, any numeric dtype; each channel is filtered on its own.
    - ``kernel``: kh×kw with kh and kw odd, finite weights; row j, column i weighs the pixel at row offset
      ``j - kh//2`` and column offset ``i - kw//2``.
    - ``edges``: one of EDGE_MODES, what stands in for neighbours outside the image. ``"skip"`` (the
      lesson's choice): pixels whose neighbourhood leaves the image are not computed; they are 0 in the
      result (see ``computed_mask``). ``"zero"``: zeros; ``"extend"``: the nearest edge pixel; ``"wrap"``:
      the pixel from the opposite side; ``"reflect"``: the mirror image without repeating the edge pixel
      (… c b | a b c …).
    - ``flip``: False (default) computes cross-correlation, ``out[y, x] = Σ kernel[j, i] · image[y + j − r,
      x + i − r]``, which is what CNN layers compute; True flips the kernel both ways first: true convolution.

    Returns float32 of the image's shape. Sums are not clamped: values may be negative or above 255 (see
    ``to_display``). Raises ValueError for a kernel that is not 2-D, has an even size or holds NaN/inf;
    weights so large that a sum would overflow float32 (e.g. 1e39); an unknown edge mode; or an empty image.

    The sums are OpenCV's (``cv2.filter2D``): the products of ``shifted_sums``, the lesson's way written out
    below, added in another order, so the two agree within float32 rounding. ``shifted_sums`` does the work
    itself where OpenCV would not give the lesson's numbers: an image no larger than the kernel (OpenCV's
    borders reflect and wrap only once), a kernel of more than MAX_OPENCV_WEIGHTS (filter2D then sums through a
    Fourier transform, whose rounding is not float32's), or no OpenCV installed.
    """
    img, k = _checked(image, kernel, edges, flip)
    cv2 = _opencv()
    height, width = img.shape[:2]
    if cv2 is None or min(height, width) <= max(k.shape) or k.size > MAX_OPENCV_WEIGHTS:
        return _shifted_sums(img, k, edges)
    return _opencv_sums(cv2, img, k, edges)


def shifted_sums(image, kernel, edges: str = "skip", flip: bool = False) -> np.ndarray:
    """``convolve``'s result the lesson's way, in plain numpy: the reference it is checked against.

    Instead of looping over pixels, loop over the kernel's weights: each weight multiplies a whole copy of the
    image shifted by its offset, and the copies are added up. Term by term, the sum is the lesson's::

        padded = the image with r rows and columns added round it, as ``edges`` says
        for j in range(kh):
            for i in range(kw):
                out += kernel[j, i] * padded[j:j + H, i:i + W]

    Same arguments, checks, result (float32, the image's shape) and errors as ``convolve``.
    """
    img, k = _checked(image, kernel, edges, flip)
    return _shifted_sums(img, k, edges)


def _checked(image, kernel, edges: str, flip: bool) -> tuple[np.ndarray, np.ndarray]:
    """The image as float32 and the kernel as float64 (flipped if asked), both checked, or ValueError."""
    img, largest = _checked_image(image)
    k = check_kernel(kernel)
    check_edges(edges)
    _check_sums_fit(largest, k)
    return img, (k[::-1, ::-1] if flip else k)


def _shifted_sums(img: np.ndarray, k: np.ndarray, edges: str) -> np.ndarray:
    """shifted_sums for a checked float32 image and float64 kernel (already flipped, if asked)."""
    ry, rx = k.shape[0] // 2, k.shape[1] // 2
    height, width = img.shape[:2]
    out = np.zeros_like(img)
    if edges == "skip":
        if height > 2 * ry and width > 2 * rx:
            # Only the pixels whose whole neighbourhood is inside the image: the image itself is the padded one.
            _add_weighted_shifts(img, k, out[ry:height - ry, rx:width - rx])
        return out
    padding = [(ry, ry), (rx, rx)] + [(0, 0)] * (img.ndim - 2)
    _add_weighted_shifts(np.pad(img, padding, mode=_NUMPY_PAD_MODE[edges]), k, out)
    return out


def _add_weighted_shifts(source: np.ndarray, k: np.ndarray, out: np.ndarray) -> None:
    """Add Σ k[j, i] · source[j:j+h, i:i+w] into ``out`` (h×w(×C), float32), one weight at a time.

    Each weight is rounded to float32 first, as ``convolve`` (and a CNN) computes.
    """
    h, w = out.shape[:2]
    for j in range(k.shape[0]):
        for i in range(k.shape[1]):
            weight = np.float32(k[j, i])
            if weight != 0.0:   # a zero weight adds nothing: save the work
                out += weight * source[j:j + h, i:i + w]


# OpenCV's borders of the same meaning as EDGE_MODES ("wrap" has none in filter2D: padded first; "skip": the
# ring left out is set to 0 afterwards).
_OPENCV_BORDER = {"skip": "BORDER_CONSTANT", "zero": "BORDER_CONSTANT", "extend": "BORDER_REPLICATE",
                  "reflect": "BORDER_REFLECT_101"}
# filter2D sums a kernel of more weights than this through a Fourier transform, not weight by weight.
MAX_OPENCV_WEIGHTS = 81


def _opencv_sums(cv2, img: np.ndarray, k: np.ndarray, edges: str) -> np.ndarray:
    """convolve's sums by cv2.filter2D: ``img`` H×W(×C) float32, larger than ``k`` (kh×kw) both ways."""
    if img.ndim == 3 and img.shape[2] not in (1, 3, 4):   # what filter2D takes as one image: else a channel at a time
        return np.stack([_opencv_sums(cv2, img[:, :, c], k, edges) for c in range(img.shape[2])], axis=2)
    weights = np.ascontiguousarray(k, dtype=np.float32)
    source = np.ascontiguousarray(img)
    height, width = img.shape[:2]
    ry, rx = k.shape[0] // 2, k.shape[1] // 2
    if edges == "wrap":
        padded = cv2.copyMakeBorder(source, ry, ry, rx, rx, cv2.BORDER_WRAP)
        summed = cv2.filter2D(padded, cv2.CV_32F, weights, borderType=cv2.BORDER_CONSTANT)[ry:ry + height,
                                                                                            rx:rx + width]
    else:
        summed = cv2.filter2D(source, cv2.CV_32F, weights, borderType=getattr(cv2, _OPENCV_BORDER[edges]))
    summed = np.ascontiguousarray(summed).reshape(img.shape)   # filter2D drops a channel axis of 1
    if edges == "skip":
        summed[:ry], summed[height - ry:], summed[:, :rx], summed[:, width - rx:] = 0, 0, 0, 0
    return summed


@functools.cache
def _opencv():
    """OpenCV (cv2), imported on the first convolve (not when filters.py is), or None where it is missing."""
    try:
        import cv2
    except ImportError:
        return None
    return cv2


def _check_sums_fit(largest_value: float, k: np.ndarray) -> None:
    """Refuse weights whose sums could pass float32's largest number (they would become infinity)."""
    bound = float(np.abs(k).sum()) * largest_value
    if bound > FLOAT32_LARGEST:
        raise ValueError(f"the weights are too large for this image: a sum could reach {bound:.1e}, beyond "
                         f"float32's largest number (about {FLOAT32_LARGEST:.1e}); use smaller weights")


def computed_mask(shape, kernel_shape, edges: str = "skip") -> np.ndarray:
    """Which output pixels ``convolve`` actually computes: a bool array of ``shape[:2]``.

    Every pixel for the padding modes; for ``"skip"``, only those whose whole neighbourhood lies inside the
    image (the rest are drawn as background).
    """
    check_edges(edges)
    height, width = shape[:2]
    mask = np.zeros((height, width), dtype=bool)
    if edges != "skip":
        mask[:] = True
        return mask
    ry, rx = kernel_shape[0] // 2, kernel_shape[1] // 2
    if height > 2 * ry and width > 2 * rx:
        mask[ry:height - ry, rx:width - rx] = True
    return mask


# ---- The lesson's Part 2: ReLU and pooling, a CNN layer's next two steps. ----------------------------------

POOL_MODES = ("max", "average")


def relu(values) -> np.ndarray:
    """ReLU, a CNN's activation: negative values become 0, the rest stay. Any shape in, float32 out."""
    return np.maximum(np.asarray(values, dtype=np.float32), np.float32(0))


def pool(values, size: int = 2, stride: int | None = None, how: str = "max") -> np.ndarray:
    """Pool ``values`` (H×W, or H×W×C pooled per channel): each size×size window becomes one value.

    ``how`` is "max" (the largest value in the window, the lesson's) or "average" (their mean). Windows start
    every ``stride`` pixels (default: ``size``, windows side by side). The result has ``(H − size) // stride +
    1`` rows and ``(W − size) // stride + 1`` columns, float32; rows and columns left over at the bottom and
    right are dropped. The lesson's loop, for a 28×28 image and 2×2 windows::

        for y in range(0, 28 - 1, 2):
            for x in range(0, 28 - 1, 2):
                out[y // 2, x // 2] = max(image[y, x], image[y, x + 1],
                                          image[y + 1, x], image[y + 1, x + 1])

    Max pooling and the clamped display commute: ``clamp_to_bytes(pool(x)) == pool(clamp_to_bytes(x))``, since
    clamping never reorders values, so the pooled map of what is drawn is what is drawn of the pooled map.
    Raises ValueError for a size or stride under 1, a window larger than the image, or an unknown ``how``.
    """
    values = np.asarray(values, dtype=np.float32)
    size, stride = _check_pool(values.shape, size, stride, how)
    height, width = values.shape[:2]
    rows, cols = (height - size) // stride + 1, (width - size) // stride + 1
    if stride == size and how == "max":
        # Windows side by side: the pixel at (dy, dx) of every window is one strided slice of the image;
        # the largest of the size² slices, pixel by pixel, is each window's largest value.
        largest = values[0:rows * size:size, 0:cols * size:size].copy()
        for dy in range(size):
            for dx in range(size):
                np.maximum(largest, values[dy:rows * size:size, dx:cols * size:size], out=largest)
        return largest
    if stride == size:
        # Windows side by side: cut off the leftover, then one axis per window row and column.
        tiles = values[:rows * size, :cols * size].reshape((rows, size, cols, size) + values.shape[2:])
        return tiles.mean(axis=(1, 3), dtype=np.float32)
    windows = np.lib.stride_tricks.sliding_window_view(values, (size, size), axis=(0, 1))[::stride, ::stride]
    return windows.max(axis=(-2, -1)) if how == "max" else windows.mean(axis=(-2, -1), dtype=np.float32)


def _check_pool(shape, size, stride, how) -> tuple[int, int]:
    """(size, stride) checked for pool(), or ValueError saying what is wrong."""
    if how not in POOL_MODES:
        raise ValueError(f"unknown pooling {how!r}: choose one of {', '.join(POOL_MODES)}")
    stride = size if stride is None else stride
    for name, value in (("size", size), ("stride", stride)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
            raise ValueError(f"pooling {name} must be a whole number of 1 or more, got {value!r}")
    if len(shape) not in (2, 3):
        raise ValueError(f"pooling needs an H×W or H×W×C map, got shape {tuple(shape)}")
    height, width = shape[:2]
    if size > min(height, width):
        raise ValueError(f"a {size}×{size} pooling window is larger than the {width}×{height} map: "
                         f"use a window of at most {min(height, width)}")
    return int(size), int(stride)


def pool_window(y: int, x: int, size: int, stride: int | None = None) -> tuple[int, int, int, int]:
    """The map pixels pooled into pooled pixel (y, x): (top row, left column, rows, columns)."""
    stride = size if stride is None else stride
    return y * stride, x * stride, size, size


@dataclass
class PoolingWorked:
    """One pooled pixel worked out (see ``explain_pool``)."""
    y: int
    x: int
    window: np.ndarray     # size×size(×C): the values pooled, as the map holds them
    winner: tuple[int, int] | None   # (row, column) in the window of the largest value ("max"; first of ties)
    result: np.ndarray     # the pooled value: a float, or one per channel


def explain_pool(values, y: int, x: int, size: int = 2, stride: int | None = None, how: str = "max") -> PoolingWorked:
    """Pooled pixel (y, x) of ``pool(values, size, stride, how)``, with the window it came from.

    For a colour map the winner is that of the first channel.
    """
    values = np.asarray(values, dtype=np.float32)
    size, stride = _check_pool(values.shape, size, stride, how)
    top, left, _, _ = pool_window(y, x, size, stride)
    window = values[top:top + size, left:left + size]
    if window.shape[:2] != (size, size):
        raise ValueError(f"pooled pixel (x {x}, y {y}) is outside the pooled map")
    if how == "max":
        first = window if window.ndim == 2 else window[:, :, 0]
        row, column = np.unravel_index(np.argmax(first), first.shape)
        winner = (int(row), int(column))
        result = window.max(axis=(0, 1))
    else:
        winner, result = None, window.mean(axis=(0, 1), dtype=np.float32)
    return PoolingWorked(y, x, window, winner, result)


# ---- One pixel, worked out by hand: what the readout in the sketch shows. ----------------------------------

@dataclass
class PixelSum:
    """The lesson's arithmetic for one output pixel (see ``explain_pixel``)."""
    y: int
    x: int
    values: np.ndarray     # kh×kw(×C): the neighbourhood as the kernel sees it
    inside: np.ndarray     # kh×kw bool: which of those neighbours lie inside the image
    weights: np.ndarray    # kh×kw: the kernel, already flipped if flip=True
    products: np.ndarray   # values × weights, kh×kw(×C)
    total: np.ndarray      # the sum of the products: a float, or one per channel
    computed: bool         # False where "skip" leaves the pixel out (total is then 0)


def explain_pixel(image, kernel, y: int, x: int, edges: str = "skip", flip: bool = False) -> PixelSum:
    """Work out output pixel (y, x) the slow way, keeping every step.

    The neighbours outside the image get what the edge mode puts there; with "skip" they are NaN and, if any
    is needed, the pixel is not computed. ``total`` equals ``convolve(image, kernel, edges, flip)[y, x]`` and
    ``shifted_sums(…)[y, x]``, within float32 rounding. Raises ValueError as ``convolve`` does.
    """
    img, k = _checked(image, kernel, edges, flip)
    height, width = img.shape[:2]
    if not (0 <= y < height and 0 <= x < width):
        raise ValueError(f"pixel (x {x}, y {y}) is outside the {width}×{height} image")
    ry, rx = k.shape[0] // 2, k.shape[1] // 2
    rows, cols = np.arange(y - ry, y + ry + 1), np.arange(x - rx, x + rx + 1)
    inside = ((rows >= 0) & (rows < height))[:, None] & ((cols >= 0) & (cols < width))[None, :]
    values = img[_source_index(rows, height, edges)][:, _source_index(cols, width, edges)].astype(np.float64)
    if edges in ("zero", "skip"):
        values[~inside] = 0.0 if edges == "zero" else np.nan
    weights = k if values.ndim == 2 else k[:, :, None]
    products = values * weights
    computed = bool(inside.all()) or edges != "skip"
    total = products.sum(axis=(0, 1)) if computed else np.zeros(img.shape[2:])
    return PixelSum(y, x, values, inside, k, products, total, computed)


def _source_index(positions: np.ndarray, n: int, edges: str) -> np.ndarray:
    """Where in 0..n-1 each position (possibly outside) takes its value from."""
    if edges == "wrap":
        return positions % n
    if edges == "reflect" and n > 1:
        period = 2 * (n - 1)
        folded = positions % period
        return np.where(folded < n, folded, period - folded)
    return np.clip(positions, 0, n - 1)   # extend; zero/skip overwrite these afterwards


# ---- From sums to what is drawn. ---------------------------------------------------------------------------

def clamp_to_bytes(values) -> np.ndarray:
    """Round to the nearest integer and clamp to 0–255, as a canvas stores pixels.

    This is what happens when the lesson writes an out-of-range sum into p5's pixels: −312 becomes 0, 400
    becomes 255 (ties round to even, like ``Uint8ClampedArray``). Any shape in, uint8 of the same shape out.
    """
    return np.clip(np.rint(np.asarray(values, dtype=np.float32)), 0, 255).astype(np.uint8)


def absolute_to_bytes(values, computed=None, value_range=None) -> np.ndarray:
    """|value|, clamped to 0–255: edges of both signs show up bright. Same shape, uint8."""
    return clamp_to_bytes(np.abs(np.asarray(values, dtype=np.float32)))


def stretch_to_bytes(values, computed=None, value_range=None) -> np.ndarray:
    """The lowest computed value becomes 0 and the highest 255, linearly in between.

    ``computed`` (bool H×W, see ``computed_mask``) says which pixels count for the lowest and highest; others
    are mapped the same way but don't set the range. ``value_range`` (low, high) gives the range instead (one
    scale shared by several maps). A flat result (highest = lowest) is drawn mid-grey. Same shape, uint8.
    """
    low, high = value_range or display_range(values, "stretch", computed)
    if high == low:
        return np.full(np.shape(values), 128, dtype=np.uint8)
    return clamp_to_bytes((np.asarray(values, dtype=np.float32) - low) * (255.0 / (high - low)))


def signed_to_colours(values, computed=None, value_range=None) -> np.ndarray:
    """Negative values orange, positive blue, 0 near-white; the stronger the larger |value|.

    The colour scale runs from −m to +m, where m is the largest |value| among computed pixels (or
    ``value_range``'s high end), so 0 is always the neutral middle. A colour image is mapped by the mean of
    its channels. H×W(×C) in, H×W×3 uint8 out.
    """
    values = np.asarray(values, dtype=np.float32)
    if values.ndim == 3:
        values = values.mean(axis=2)
    _, largest = value_range or display_range(values, "signed", computed)
    return diverging_colours(values / largest)


# Okabe & Ito's colour-blind-safe pair: vermillion #D55E00 ("orange" on screen) negative, blue #0072B2 positive.
NEGATIVE_COLOUR = np.array([213, 94, 0], dtype=np.float32)
ZERO_COLOUR = np.array([247, 247, 247], dtype=np.float32)
POSITIVE_COLOUR = np.array([0, 114, 178], dtype=np.float32)


def diverging_colours(t) -> np.ndarray:
    """t in [−1, 1] (clipped) → orange … near-white … blue. Any shape in, shape + (3,) uint8 out."""
    t = np.clip(np.asarray(t, dtype=np.float32), -1.0, 1.0)[..., None]
    towards = np.where(t < 0, NEGATIVE_COLOUR, POSITIVE_COLOUR)
    return np.rint(ZERO_COLOUR + (towards - ZERO_COLOUR) * np.abs(t)).astype(np.uint8)


# The ways output values can become what is drawn, in the order a key cycles them; "clamp" is the lesson's canvas.
DISPLAY_MAPPINGS = {
    "clamp": lambda values, computed=None, value_range=None: clamp_to_bytes(values),
    "absolute": absolute_to_bytes,
    "stretch": stretch_to_bytes,
    "signed": signed_to_colours,
}


def to_display(values, mapping: str = "clamp", computed=None, value_range=None) -> np.ndarray:
    """Map convolution output (any floats) to what is drawn: uint8 0–255.

    Grey mappings return the input's shape; "signed" returns H×W×3 colours. ``computed`` (bool H×W) marks the
    pixels that were computed; "stretch" and "signed" take their range from those only (default: all pixels),
    unless ``value_range`` (from ``display_range``) gives it: one scale for several maps.
    """
    if mapping not in DISPLAY_MAPPINGS:
        raise ValueError(f"unknown display mapping {mapping!r}: choose one of {', '.join(DISPLAY_MAPPINGS)}")
    return DISPLAY_MAPPINGS[mapping](values, computed, value_range)


def display_range(values, mapping: str = "clamp", computed=None) -> tuple[float, float]:
    """The output values drawn at the two ends of the legend, (low, high).

    clamp: (0, 255); absolute: (0, 255) for |value|; stretch: the lowest and
    highest computed values; signed: (−m, +m) with m the largest computed |value|
    (1 if all are 0).
    """
    if mapping in ("clamp", "absolute"):
        return 0.0, 255.0
    values = np.asarray(values, dtype=np.float32)
    if values.ndim == 3 and mapping == "signed":
        values = values.mean(axis=2)
    if computed is not None:
        values = values[computed]
    if values.size == 0:
        return (0.0, 255.0) if mapping == "stretch" else (-1.0, 1.0)
    if mapping == "stretch":
        return float(values.min()), float(values.max())
    if mapping == "signed":
        largest = float(np.abs(values).max()) or 1.0
        return -largest, largest
    raise ValueError(f"unknown display mapping {mapping!r}: choose one of {', '.join(DISPLAY_MAPPINGS)}")


def legend_colours(mapping: str, steps: int = 256) -> np.ndarray:
    """The colours of the legend bar from its low end to its high end: steps×3 uint8."""
    if mapping == "signed":
        return diverging_colours(np.linspace(-1.0, 1.0, steps))
    grey = np.rint(np.linspace(0.0, 255.0, steps)).astype(np.uint8)
    return np.repeat(grey[:, None], 3, axis=1)


def enlarge(pixels: np.ndarray, scale: int) -> np.ndarray:
    """Nearest-neighbour enlargement: each pixel becomes a scale×scale square.

    H×W(×C) in, (scale·H)×(scale·W)(×C) out, same dtype. Crisp pixels, no smoothing, so every square shows
    exactly one value.
    """
    if scale < 1:
        raise ValueError(f"scale must be 1 or more, got {scale}")
    return np.repeat(np.repeat(pixels, scale, axis=0), scale, axis=1)
