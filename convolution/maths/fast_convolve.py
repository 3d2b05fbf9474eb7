"""The engine behind ``filters.convolve``: the same sums, arranged to be fast.

``filters.py`` is the lesson: every weight of the kernel multiplies a shifted
copy of the image, and the copies are added up,

    out += Σ_j Σ_i k[j, i] · source[j:j+h, i:i+w]

This module computes that same sum, arranged the way a processor likes it.
Nothing here changes *what* is computed: results equal the plain version
within float32 rounding. The ideas, each small:

1. **In place, one buffer.** Each weighted copy is multiplied into one
   preallocated scratch buffer and added into one accumulator, instead of
   building k² new arrays. A weight of 0 is skipped; a weight of ±1 is a
   plain add or subtract, with no multiplication.

2. **Flat rows.** A shift by ``j`` rows and ``i`` columns of a C-contiguous
   array is, in its flat memory, a shift by ``(j·width + i)·channels``
   elements. So every term is one contiguous 1-D slice, which numpy runs at
   full SIMD speed (a 2-D slice with a row stride runs much slower).
   The price: each output row is computed with ``kw − 1`` extra columns of
   junk at its end, dropped when the strip is added into ``out``.

3. **Strips.** The image is processed a band of rows at a time, small enough
   that the band's buffers stay in the core's cache for all the passes,
   instead of streaming the whole image through memory k² times.

4. **Both cores.** numpy lets go of Python's global lock while it computes,
   so strips can run on several threads at once. One pool of threads is
   made the first time a big image needs it and reused after; small images
   (the 28×28 cat) never touch it.

5. **Two 1-D passes for a separable kernel.** A kernel of rank 1 (box and
   Gaussian blurs, Sobel, Prewitt, the lesson's edge kernel …) is a column
   times a row, ``k = c·rᵀ``: filtering each row with ``r``, then each
   column with ``c``, costs kh + kw passes instead of kh·kw. The rank is
   checked with an SVD; the factors are read off the kernel itself (a
   pivot row and column) so integer kernels keep exact integer arithmetic.

6. **A full kernel as one matrix product.** For a kernel with many weights
   (a random 5×5 has 25), two passes per weight is a lot of memory traffic.
   Instead, copy the strip ``kw`` times, shifted by 0 … kw − 1 columns, one
   copy's row after another's: ``X[y·kw + i] = source[y, i:i+w]``. Then the
   kh·kw terms of output row ``y`` are the consecutive rows
   ``X[y·kw : y·kw + kh·kw]``, and the whole sum for that row is one
   vector–matrix product, ``k.ravel() @ X[y·kw : y·kw + kh·kw]``, which
   numpy hands to BLAS for all rows of the strip in one call.

``plan()`` picks, per kernel, whichever of the three ways (one pass per
weight, two 1-D passes, one matrix product) moves the least memory. Only
numpy is needed.

7. **OpenCV for large images.** Where OpenCV is installed (it is a
   requirement, for the camera), an image of a webcam's or a photo's size is
   summed by its ``filter2D`` instead (``convolve_by_opencv``), with its own
   border of the same meaning: the same sums in another order
   (tests/test_fast_convolve.py checks every border mode against the
   lesson's loop).
"""

from __future__ import annotations

import concurrent.futures
import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# Floats in one strip's accumulator (256 KiB): with its scratch buffer and
# the source rows it reads, it stays inside a core's L2 cache (1 MiB here,
# 512 KiB on most laptops). Measured on one thread: 64 Ki floats is the
# fastest of 8 Ki … 4 Mi, and faster than whole-image passes.
STRIP_ELEMENTS = 1 << 16
# With several threads, each numpy call must also be long enough that the
# threads rarely queue for Python's global lock between calls: measured,
# 256 Ki floats per strip is fastest on two cores.
THREADED_STRIP_ELEMENTS = 1 << 18
# The matrix product (see 6. above) makes one numpy call per strip, not one
# per weight: bigger strips are better, on one thread or several (measured:
# 128 Ki–256 Ki floats per strip is fastest).
MATMUL_STRIP_ELEMENTS = 1 << 18

# Below this much work (output elements × passes) threads cost more than they
# save: handing a strip to another thread takes tens of microseconds.
PARALLEL_MIN_WORK = 1 << 21

# Below this much work (output elements × weights) a kernel is not planned (see
# quick_plan): at 28×28 the SVD that finds a separable kernel costs more than the sum.
SMALL_WORK = 1 << 16

# From this many output pixels on (a webcam's frame, a photo), the sum is handed to OpenCV's filter2D
# when it is installed: benchmarks/RESULTS.md has it several times faster there than the ways below. The
# lesson's 28×28 drawings stay with numpy. (The benchmark sets it past any image to time numpy's ways.)
OPENCV_MIN_PIXELS = 96 * 96
MAX_OPENCV_TAPS = 81   # kernels up to 9×9: filter2D sums larger ones through a Fourier transform

# The ways plan() can choose (see Plan).
METHODS = ("taps", "separable", "matmul")



def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity where the system tells it (Linux),
    else all the machine's cores. A container or `taskset` may allow fewer than os.cpu_count()."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):   # macOS and Windows have no sched_getaffinity
        return os.cpu_count() or 1


# Threads that work on strips, counting the calling thread.
MAX_WORKERS = max(1, min(usable_cores(), 8))

# Relative cost, in "passes over the strip", of the matrix product: the kw
# shifted copies cost about two passes each, reading the kh·kw rows of X
# from the cache a third of a pass per weight. Fitted to timings of every
# preset and of random 3×3 and 5×5 kernels on a 1920×1080 image on two
# cores (benchmarks/bench_convolve.py times each method).
MATMUL_COST_PER_WEIGHT = 0.3
MATMUL_COST_PER_COPY = 2.2


# --------------------------------------------------------------------------
# Planning: which terms to add up, and how
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    """How ``add_weighted_shifts`` computes one kernel's sum.

    ``method`` is one of

    - ``"taps"``: one pass per nonzero weight, listed in ``taps`` as
      ``(j, i, weight)`` with ``weight`` a numpy float32;
    - ``"separable"``: two 1-D passes, ``row`` holding ``(i, weight)`` for
      the pass along each row and ``column`` holding ``(j, weight)`` for the
      pass down each column;
    - ``"matmul"``: one vector–matrix product per output row with
      ``weights``, the kernel's kh·kw weights row by row (float32).
    """
    shape: tuple[int, int]
    method: str
    taps: tuple = ()
    row: tuple = ()
    column: tuple = ()
    weights: np.ndarray | None = None

    @property
    def passes(self) -> float:
        """Estimated cost of one strip, in array passes (for choosing a method and threads)."""
        if self.method == "separable":
            return 1.1 * _passes(w for _, w in self.row) + _passes(w for _, w in self.column)
        if self.method == "matmul":
            return MATMUL_COST_PER_WEIGHT * self.shape[0] * self.shape[1] + MATMUL_COST_PER_COPY * self.shape[1]
        return _passes(w for _, _, w in self.taps)


def kernel_rank(kernel) -> int:
    """The numerical rank of a 2-D kernel (float array kh×kw), from its singular values.

    Singular values below ``max(kh, kw) · eps · largest`` count as zero,
    as in ``numpy.linalg.matrix_rank``. An all-zero kernel has rank 0.
    """
    k = np.asarray(kernel, dtype=np.float64)
    singular = np.linalg.svd(k, compute_uv=False)
    if singular.size == 0 or singular[0] == 0.0:
        return 0
    return int(np.sum(singular > max(k.shape) * np.finfo(np.float64).eps * singular[0]))


def separate(kernel) -> tuple[np.ndarray, np.ndarray] | None:
    """Split a rank-1 kernel into ``(column, row)`` with ``np.outer(column, row) == kernel``.

    ``kernel`` is a float array kh×kw. Returns float64 arrays of length kh
    and kw, or None when the kernel is not of rank 1 (checked with an SVD,
    see ``kernel_rank``) or the factors do not reproduce it to within
    float64 rounding. The factors are a column of the kernel and a row
    divided by their shared (pivot) weight, not the SVD's unit vectors, so
    that e.g. Sobel splits into [−1, −2, −1] and [1, 0, −1] exactly.
    """
    k = np.asarray(kernel, dtype=np.float64)
    if k.ndim != 2 or kernel_rank(k) != 1:
        return None
    q, p = np.unravel_index(np.argmax(np.abs(k)), k.shape)   # the largest weight: a safe divisor
    column, row = k[:, p].copy(), k[q, :] / k[q, p]
    largest = abs(k[q, p])
    if not np.allclose(np.outer(column, row), k, rtol=0.0, atol=8 * np.finfo(np.float64).eps * largest):
        return None
    return column, row


def _passes(weights) -> int:
    """Array passes to add up terms with these weights (see ``_weighted_sum``)."""
    cost, first = 0, True
    for weight in weights:
        if weight == 0.0:
            continue
        cost += 1 if (first or abs(weight) == 1.0) else 2
        first = False
    return cost


@lru_cache(maxsize=256)
def _cached_plan(shape: tuple[int, int], data: bytes) -> Plan:
    k = np.frombuffer(data, dtype=np.float64).reshape(shape)
    candidates = _candidates(k)
    if len(candidates[0].taps) <= 2:
        return candidates[0]      # one or two weights: nothing beats plain passes
    # The cheapest; on a tie the earliest, so the plain passes win when nothing is gained.
    return min(candidates, key=lambda candidate: candidate.passes)


def _candidates(k: np.ndarray) -> list[Plan]:
    """Every way to compute kernel ``k`` (float64 kh×kw): taps, matmul, and separable if rank 1."""
    shape = k.shape
    taps = tuple((j, i, np.float32(k[j, i])) for j in range(shape[0]) for i in range(shape[1])
                 if np.float32(k[j, i]) != 0.0)
    candidates = [Plan(shape, "taps", taps=taps),
                  Plan(shape, "matmul", taps=taps, weights=np.ascontiguousarray(k.astype(np.float32).ravel()))]
    factors = separate(k) if taps else None
    if factors is not None:
        column, row = factors
        pivot = column[np.argmax(np.abs(column))]
        # The kernel's scale can sit on either factor: try both.
        for c, r in ((column, row), (column / pivot, row * pivot)):
            c32, r32 = c.astype(np.float32), r.astype(np.float32)
            candidates.append(Plan(shape, "separable", taps=taps,
                                   row=tuple((i, w) for i, w in enumerate(r32) if w != 0.0),
                                   column=tuple((j, w) for j, w in enumerate(c32) if w != 0.0)))
    return candidates


def quick_plan(kernel) -> Plan:
    """A plan made without looking for the cheapest: plain passes for one or two weights, else the
    matrix product. For small images, where finding the cheapest way (an SVD) would take longer
    than the sum itself, so that a new kernel each call (a reroll, a weight edit) stays fast."""
    k32 = np.ascontiguousarray(kernel, dtype=np.float32)
    rows, cols = np.nonzero(k32)
    taps = tuple(zip(rows.tolist(), cols.tolist(), k32[rows, cols]))
    if len(taps) <= 2:
        return Plan(k32.shape, "taps", taps=taps)
    return Plan(k32.shape, "matmul", taps=taps, weights=k32.ravel())


def plan(kernel, method: str | None = None) -> Plan:
    """The plan for a kernel (a float array kh×kw): passes, two 1-D passes, or a matrix product.

    ``method`` None picks the cheapest; "taps", "separable" or "matmul"
    forces one (for tests and benchmarks; "separable" raises ValueError for
    a kernel that is not of rank 1). Plans are remembered for the last 256
    kernels, so the SVD is paid once per kernel, not once per frame.
    """
    k = np.ascontiguousarray(kernel, dtype=np.float64)
    if k.ndim != 2:
        raise ValueError(f"kernel must be 2-D, got shape {k.shape}")
    if method is None:
        return _cached_plan(k.shape, k.tobytes())
    candidates = [c for c in _candidates(k) if c.method == method]
    if not candidates:
        raise ValueError(f"no {method!r} plan for this {k.shape[0]}×{k.shape[1]} kernel "
                         f"(methods: {', '.join(METHODS)})")
    return min(candidates, key=lambda candidate: candidate.passes)


# --------------------------------------------------------------------------
# The engine
# --------------------------------------------------------------------------

def add_weighted_shifts(source: np.ndarray, kernel, out: np.ndarray, workers: int | None = None,
                        method: str | None = None) -> None:
    """Add ``Σ_j Σ_i kernel[j, i] · source[j:j+h, i:i+w]`` into ``out``, in place.

    Parameters
    ----------
    source : float32 array, shape (h + kh − 1) × (w + kw − 1), or that × C
        The image, already padded by the border mode (or not padded, for
        "skip"). Any memory layout (a non-contiguous one is copied first).
    kernel : array kh×kw of finite weights (any float dtype)
        Weights are rounded to float32, as ``filters.py`` does.
    out : float32 array, shape h × w, or h × w × C
        Where the sum is added; may be a view into a bigger array (e.g. the
        inner part of an image). Its old values are kept and added to.
    workers : int, optional
        Threads to use, counting the calling one; default: all cores
        (``MAX_WORKERS``) for big images, 1 for small ones.
    method : str, optional
        Force "taps", "separable" or "matmul" (see ``plan``); default: the
        cheapest for this kernel.

    Returns None; ``out`` holds the result. Raises ValueError when the
    shapes or dtypes do not fit together.
    """
    small = method is None and out.size * np.size(kernel) < SMALL_WORK
    the_plan = quick_plan(kernel) if small else plan(kernel, method)
    kh, kw = the_plan.shape
    if source.dtype != np.float32 or out.dtype != np.float32:
        raise ValueError(f"source and out must be float32, got {source.dtype} and {out.dtype}")
    h, w = out.shape[:2]
    if (source.ndim not in (2, 3) or source.shape[:2] != (h + kh - 1, w + kw - 1)
            or source.shape[2:] != out.shape[2:]):
        raise ValueError(f"a {kh}×{kw} kernel over source {source.shape} cannot fill out {out.shape}")
    if h == 0 or w == 0 or not the_plan.taps:
        return
    source = np.ascontiguousarray(source)
    channels = math.prod(out.shape[2:])
    row_length = source.shape[1] * channels        # elements per source row

    if workers is None:
        workers = MAX_WORKERS if out.size * (the_plan.passes + 1) >= PARALLEL_MIN_WORK else 1
    if the_plan.method == "matmul":
        strip_elements = MATMUL_STRIP_ELEMENTS
    else:
        strip_elements = STRIP_ELEMENTS if workers == 1 else THREADED_STRIP_ELEMENTS
    rows = max(1, min(h, strip_elements // row_length))
    strips = [(y, min(y + rows, h)) for y in range(0, h, rows)]
    workers = max(1, min(workers, len(strips)))

    job = _Job(source.reshape(-1), the_plan, out, row_length, channels, rows)
    if workers == 1:
        job.run(strips)
        return
    # Contiguous groups of strips, one per thread; this thread takes the first.
    groups = [strips[g * len(strips) // workers:(g + 1) * len(strips) // workers] for g in range(workers)]
    futures = [_pool().submit(job.run, group) for group in groups[1:]]
    try:
        job.run(groups[0])
    finally:
        # Every thread must be done writing into ``out`` before this returns or raises.
        concurrent.futures.wait(futures)
    for future in futures:
        future.result()   # re-raise the first thread's error, if any


def convolve_by_opencv(image: np.ndarray, kernel: np.ndarray, edges: str) -> np.ndarray | None:
    """filters.convolve's sums for a large image, by OpenCV's filter2D where OpenCV is installed; None
    (filters.py then sums them itself) for a small image, a kernel past MAX_OPENCV_TAPS weights (filter2D
    sums those through a Fourier transform, whose rounding is not float32's), more than 4 channels, or
    without OpenCV.

    ``image``: H×W or H×W×C float32; ``kernel``: kh×kw (already flipped, if asked); ``edges``: one of
    filters.EDGE_MODES. filter2D computes cross-correlation with the kernel's centre on the pixel, in
    float32, with OpenCV's border of the same meaning (zero: constant 0, extend: replicate, reflect:
    reflect-101; wrap: padded here first, as OpenCV's filter has no wrap; skip: the ring left out set to
    0): the same sums as the lesson's, added in another order, so equal within float32 rounding.
    """
    height, width = image.shape[:2]
    kh, kw = kernel.shape
    cv2 = _opencv()
    if (cv2 is None or height * width < OPENCV_MIN_PIXELS or min(height, width) <= max(kh, kw)
            or kh * kw > MAX_OPENCV_TAPS or (image.ndim == 3 and image.shape[2] not in (1, 3, 4))):
        return None
    weights = np.ascontiguousarray(kernel, dtype=np.float32)
    source = np.ascontiguousarray(image)
    ry, rx = kh // 2, kw // 2
    if edges == "wrap":
        padded = cv2.copyMakeBorder(source, ry, ry, rx, rx, cv2.BORDER_WRAP)
        summed = cv2.filter2D(padded, cv2.CV_32F, weights, borderType=cv2.BORDER_CONSTANT)[ry:ry + height,
                                                                                            rx:rx + width]
    else:
        border = {"zero": cv2.BORDER_CONSTANT, "skip": cv2.BORDER_CONSTANT, "extend": cv2.BORDER_REPLICATE,
                  "reflect": cv2.BORDER_REFLECT_101}[edges]
        summed = cv2.filter2D(source, cv2.CV_32F, weights, borderType=border)
    summed = np.ascontiguousarray(summed).reshape(image.shape)
    if edges == "skip":   # only the pixels whose whole neighbourhood is inside the image
        summed[:ry], summed[height - ry:], summed[:, :rx], summed[:, width - rx:] = 0, 0, 0, 0
    return summed


_OPENCV: list = []   # [cv2] or [None], once looked for


def _opencv():
    """OpenCV (cv2), or None where it is not installed (the numpy way above then does all the work)."""
    if not _OPENCV:
        try:
            import cv2
            _OPENCV.append(cv2)
        except ImportError:
            _OPENCV.append(None)
    return _OPENCV[0]


@dataclass
class _Job:
    """One call's data, shared by the threads that work on its strips."""
    flat: np.ndarray        # the source, 1-D
    plan: Plan
    out: np.ndarray
    row_length: int         # source elements per row (padded width × channels)
    channels: int
    strip_rows: int

    def run(self, strips) -> None:
        """Compute the given strips (a list of (first row, end row) of ``out``) and add them into ``out``."""
        plan, out = self.plan, self.out
        kh, kw = plan.shape
        rl, ch = self.row_length, self.channels
        out_row = out.shape[1] * ch                  # elements per output row
        sizes: tuple[int, ...]
        if plan.method == "matmul":
            sizes = (self.strip_rows * out_row, (self.strip_rows + kh - 1) * kw * out_row)
        else:
            sizes = ((self.strip_rows + kh - 1) * rl,) * 3
        buffers = _buffers(sizes)
        for y0, y1 in strips:
            if plan.method == "matmul":
                strip = self._matmul_strip(y0, y1, buffers, out_row)
            else:
                strip = self._passes_strip(y0, y1, buffers)
            target = out[y0:y1]
            np.add(target, strip.reshape(target.shape), out=target)

    def _passes_strip(self, y0: int, y1: int, buffers) -> np.ndarray:
        """Rows y0…y1 of the sum, one pass per weight (or two 1-D passes): an n × w(·C) view."""
        plan, flat = self.plan, self.flat
        kh, kw = plan.shape
        rl, ch = self.row_length, self.channels
        acc, scratch, across = buffers
        n = y1 - y0
        # Flat length that covers every wanted element of n output rows
        # (the last row's junk columns are left out: they would read past the source).
        length = n * rl - (kw - 1) * ch
        start = y0 * rl
        if plan.method == "separable":
            # Pass 1, along the rows: n + kh − 1 source rows filtered with the row factor.
            long = length + (kh - 1) * rl
            _weighted_sum(across, scratch, long, flat, start, [(i * ch, w) for i, w in plan.row])
            # Pass 2, down the columns: row j of the strip is j·row_length further on.
            _weighted_sum(acc, scratch, length, across, 0, [(j * rl, w) for j, w in plan.column])
        else:
            _weighted_sum(acc, scratch, length, flat, start, [(j * rl + i * ch, w) for j, i, w in plan.taps])
        # The strip as rows of the padded width; keep the first w(·C) elements of each.
        return acc[:n * rl].reshape(n, rl)[:, :rl - (kw - 1) * ch]

    def _matmul_strip(self, y0: int, y1: int, buffers, out_row: int) -> np.ndarray:
        """Rows y0…y1 of the sum as one batch of vector–matrix products: an n × w(·C) array."""
        kh, kw = self.plan.shape
        rl, ch = self.row_length, self.channels
        acc, copies = buffers
        n = y1 - y0
        m = n + kh - 1                                   # source rows the strip needs
        source = self.flat[y0 * rl:(y0 + m) * rl].reshape(m, rl)
        # X[y·kw + i] = source row y shifted left by i columns.
        shifted = copies[:m * kw * out_row].reshape(m, kw, out_row)
        for i in range(kw):
            np.copyto(shifted[:, i], source[:, i * ch:i * ch + out_row])
        # For output row y, the kh·kw rows X[y·kw …] are exactly its terms, in the kernel's order.
        item = copies.itemsize
        terms = np.ndarray((n, kh * kw, out_row), np.float32, buffer=copies,
                           strides=(kw * out_row * item, out_row * item, item))
        result = acc[:n * out_row].reshape(n, out_row)
        assert self.plan.weights is not None   # a "matmul" plan always carries its weights
        np.matmul(self.plan.weights, terms, out=result)
        return result


def _weighted_sum(acc: np.ndarray, scratch: np.ndarray, length: int, source: np.ndarray, start: int,
                  terms) -> None:
    """acc[:length] = Σ weight · source[start + offset:][:length] over ``terms`` = [(offset, weight), …].

    All 1-D float32. The first term is written (not added), the others are
    added in order, each weight × term rounded to float32 first, exactly like
    ``out += np.float32(weight) * term``. Weights ±1 need no multiplication.
    """
    multiply, add = np.multiply, np.add
    a, s = acc[:length], scratch[:length]
    first = True
    for offset, weight in terms:
        term = source[start + offset:start + offset + length]
        if first:
            if weight == 1.0:
                np.copyto(a, term)
            elif weight == -1.0:
                np.negative(term, a)
            else:
                multiply(term, weight, a)
            first = False
        elif weight == 1.0:
            add(a, term, a)
        elif weight == -1.0:
            np.subtract(a, term, a)
        else:
            multiply(term, weight, s)
            add(a, s, a)
    if first:
        a[:] = 0.0


# --------------------------------------------------------------------------
# Padding
# --------------------------------------------------------------------------

# Below this many elements an image is padded by indexing (see pad): np.pad spends
# most of its time in Python, which is most of the work at 28×28.
SMALL_PAD = 1 << 16


def pad(image: np.ndarray, ry: int, rx: int, mode: str) -> np.ndarray:
    """``np.pad(image, [(ry, ry), (rx, rx)] (+ [(0, 0)] for channels), mode=mode)``.

    ``mode`` is one of numpy's "constant" (zeros), "edge", "wrap" or
    "reflect". Big images go to np.pad; small ones are padded by taking
    rows and then columns through index arrays that say where each padded
    row and column comes from, the same values np.pad gives.
    """
    if image.size > SMALL_PAD:
        return np.pad(image, [(ry, ry), (rx, rx)] + [(0, 0)] * (image.ndim - 2), mode=mode)  # type: ignore[call-overload]
    height, width = image.shape[:2]
    if mode == "constant":
        padded = np.zeros((height + 2 * ry, width + 2 * rx) + image.shape[2:], image.dtype)
        padded[ry:ry + height, rx:rx + width] = image
        return padded
    return image.take(_pad_index(height, ry, mode), axis=0).take(_pad_index(width, rx, mode), axis=1)


@lru_cache(maxsize=64)
def _pad_index(n: int, r: int, mode: str) -> np.ndarray:
    """For each of the n + 2r positions of a padded row or column, which of the n it copies."""
    positions = np.arange(-r, n + r)
    if mode == "wrap":
        return positions % n
    if mode == "reflect" and n > 1:
        period = 2 * (n - 1)               # … 2 1 | 0 1 2 … n-1 | n-2 … : no edge pixel twice
        folded = positions % period
        return np.where(folded < n, folded, period - folded)
    if mode in ("edge", "reflect"):        # a single row reflects onto itself
        return np.clip(positions, 0, n - 1)
    raise ValueError(f"unknown padding mode {mode!r}")


# --------------------------------------------------------------------------
# Threads and their buffers, made once and reused
# --------------------------------------------------------------------------

_pool_lock = threading.Lock()
_the_pool: ThreadPoolExecutor | None = None
_local = threading.local()


def _pool() -> ThreadPoolExecutor:
    """The one thread pool (MAX_WORKERS − 1 threads), made on first use."""
    global _the_pool
    with _pool_lock:
        if _the_pool is None:
            _the_pool = ThreadPoolExecutor(max_workers=max(1, MAX_WORKERS - 1),
                                           thread_name_prefix="fast_convolve")
        return _the_pool


def pool_started() -> bool:
    """Whether the thread pool has been made yet (for tests: small images must not make it)."""
    return _the_pool is not None


def _buffers(sizes: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    """This thread's 1-D float32 buffers, at least ``sizes`` elements long.

    Kept between calls and grown when a bigger strip needs more, so a steady
    stream of frames allocates nothing.
    """
    held = getattr(_local, "buffers", ())
    grown = tuple(held[i] if i < len(held) and held[i].size >= size else np.empty(size, dtype=np.float32)
                  for i, size in enumerate(sizes))
    if len(held) > len(grown):
        grown += held[len(grown):]
    _local.buffers = grown
    return grown[:len(sizes)]
