"""fast_convolve.py, the engine behind filters.convolve, against the lesson's nested loops and scipy.

Every way the engine can compute a sum (one pass per weight, two 1-D passes,
one matrix product), on sizes that cross strip boundaries, with and without
threads, for every border mode, on grey and colour images.
"""

import os
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import filters
from convolution.files import images
from convolution.maths import fast_convolve
from tests.helpers.reference import slow_convolve

rng = np.random.default_rng(5)


def close(actual, expected):
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=2e-3)


def outer(column, row):
    return np.outer(np.asarray(column, float), np.asarray(row, float))


FULL_RANK = {
    "3x3 random": rng.uniform(-1, 1, (3, 3)),
    "5x5 random": rng.uniform(-2, 2, (5, 5)),
    "1x3": np.array([[1.0, -2.0, 3.0]]),
    "5x3 random": rng.uniform(-1, 1, (5, 3)),
    "3x5 random": rng.uniform(-1, 1, (3, 5)),
    "laplacian-8": filters.PRESETS["laplacian-8"],
    "sharpen": filters.PRESETS["sharpen"],
}
RANK_ONE = {
    "gaussian-3x3": filters.PRESETS["gaussian-3x3"],
    "gaussian-5x5": filters.PRESETS["gaussian-5x5"],
    "box-blur-5x5": filters.PRESETS["box-blur-5x5"],
    "sobel-x": filters.PRESETS["sobel-x"],
    "prewitt-y": filters.PRESETS["prewitt-y"],
    "vertical-edge": filters.PRESETS["vertical-edge"],
    "5x3 outer": outer(rng.uniform(-1, 1, 5), rng.uniform(-1, 1, 3)),
    "3x1 column": np.array([[0.25], [0.5], [0.25]]),
}
KERNELS = {**FULL_RANK, **RANK_ONE}


@pytest.fixture
def small_strips(monkeypatch):
    """Strips of a few rows, so that small images (quick to check by loops) cross many strip boundaries."""
    monkeypatch.setattr(fast_convolve, "STRIP_ELEMENTS", 64)
    monkeypatch.setattr(fast_convolve, "THREADED_STRIP_ELEMENTS", 96)
    monkeypatch.setattr(fast_convolve, "MATMUL_STRIP_ELEMENTS", 80)


def methods_for(kernel):
    return ["taps", "matmul"] + (["separable"] if fast_convolve.separate(kernel) is not None else [])


def engine_convolve(image, kernel, edges, method=None, workers=None):
    """filters.convolve's padding, with the engine forced to one method and thread count."""
    img = filters.check_image(image)
    k = filters.check_kernel(kernel)
    ry, rx = k.shape[0] // 2, k.shape[1] // 2
    height, width = img.shape[:2]
    out = np.zeros_like(img)
    if edges == "skip":
        if height > 2 * ry and width > 2 * rx:
            fast_convolve.add_weighted_shifts(img, k, out[ry:height - ry, rx:width - rx], workers, method)
        return out
    pad = [(ry, ry), (rx, rx)] + [(0, 0)] * (img.ndim - 2)
    padded = np.pad(img, pad, mode=filters._NUMPY_PAD_MODE[edges])
    fast_convolve.add_weighted_shifts(padded, k, out, workers, method)
    return out


# ---- against the lesson's four nested loops ------------------------------------

@pytest.mark.parametrize("edges", filters.EDGE_MODES)
@pytest.mark.parametrize("kernel_name", KERNELS)
@pytest.mark.parametrize("shape", [(13, 17), (9, 11, 3)], ids=["grey", "colour"])
def test_every_method_matches_the_nested_loops_across_strips(small_strips, shape, kernel_name, edges):
    image = rng.integers(0, 256, shape).astype(np.uint8)
    kernel = KERNELS[kernel_name]
    expected = slow_convolve(image, kernel, edges=edges)
    for method in methods_for(kernel):
        for workers in (1, 3):
            result = engine_convolve(image, kernel, edges, method, workers)
            assert result.dtype == np.float32 and result.shape == image.shape
            close(result, expected)


@pytest.mark.parametrize("edges", filters.EDGE_MODES)
@pytest.mark.parametrize("kernel_name", ["3x3 random", "5x5 random", "gaussian-5x5", "sobel-x", "1x3", "5x3 random"])
def test_filters_convolve_matches_the_nested_loops_on_the_28x28_cat(edges, kernel_name):
    cat = images.load_image(images.DEFAULT_IMAGE)
    assert cat.shape == (28, 28)
    kernel = KERNELS[kernel_name]
    for flip in (False, True):
        close(filters.convolve(cat, kernel, edges, flip), slow_convolve(cat, kernel, edges=edges, flip=flip))


@pytest.mark.parametrize("rows", [1, 2, 3, 4, 5, 6, 7])
def test_strip_edges_fall_anywhere(small_strips, rows):
    # Heights around the kernel and strip sizes: first, last and partial strips.
    image = rng.uniform(0, 255, (rows, 9)).astype(np.float32)
    for kernel in (KERNELS["3x3 random"], KERNELS["gaussian-3x3"], KERNELS["5x5 random"]):
        for edges in filters.EDGE_MODES:
            expected = slow_convolve(image, kernel, edges=edges)
            for method in methods_for(kernel):
                close(engine_convolve(image, kernel, edges, method, workers=2), expected)


# ---- against scipy, at sizes where the real strip sizes and threads kick in -----

SCIPY_MODE = {"zero": "constant", "extend": "nearest", "wrap": "grid-wrap", "reflect": "mirror"}


@pytest.mark.parametrize("edges", filters.EDGE_MODES)
@pytest.mark.parametrize("kernel_name", ["3x3 random", "5x5 random", "gaussian-5x5", "sobel-x", "5x3 random"])
@pytest.mark.parametrize("shape", [(301, 517), (203, 151, 3)], ids=["grey", "colour"])
def test_big_images_match_scipy_with_every_method_and_thread_count(shape, kernel_name, edges):
    ndimage = pytest.importorskip("scipy.ndimage")
    image = rng.uniform(0, 255, shape).astype(np.float32)
    kernel = KERNELS[kernel_name]
    weights = kernel if image.ndim == 2 else kernel[:, :, None]
    expected = ndimage.correlate(image.astype(np.float64), weights, mode=SCIPY_MODE.get(edges, "constant"))
    if edges == "skip":
        expected[~filters.computed_mask(image.shape, kernel.shape, "skip")] = 0
    close(filters.convolve(image, kernel, edges), expected)
    for method in methods_for(kernel):
        for workers in (1, 2, 4):
            close(engine_convolve(image, kernel, edges, method, workers), expected)


def test_a_1920x1080_colour_photo_matches_scipy():
    ndimage = pytest.importorskip("scipy.ndimage")
    photo = rng.uniform(0, 255, (1080, 1920, 3)).astype(np.float32)
    kernel = KERNELS["3x3 random"]
    expected = ndimage.correlate(photo, kernel.astype(np.float32)[:, :, None], mode="mirror")
    close(filters.convolve(photo, kernel, "reflect"), expected)


# ---- exactness where the lesson's tests ask for it -----------------------------

@pytest.mark.parametrize("name", ["sobel-x", "sobel-y", "prewitt-x", "vertical-edge", "horizontal-edge",
                                  "laplacian-4", "laplacian-8", "identity", "emboss", "sharpen"])
def test_integer_kernels_on_integer_images_are_exact(small_strips, name):
    image = rng.integers(0, 256, (23, 29)).astype(np.uint8)
    kernel = filters.PRESETS[name]
    expected = slow_convolve(image, kernel, edges="extend")
    for method in methods_for(kernel):
        np.testing.assert_array_equal(engine_convolve(image, kernel, "extend", method, 2), expected)


def test_the_engine_adds_into_out_and_leaves_the_rest_alone():
    image = rng.uniform(0, 255, (40, 50)).astype(np.float32)
    kernel = KERNELS["3x3 random"]
    for method in methods_for(kernel):
        out = np.full((40, 50), 7.0, np.float32)
        fast_convolve.add_weighted_shifts(image, kernel, out[1:-1, 1:-1], method=method)
        close(out[1:-1, 1:-1], 7.0 + slow_convolve(image, kernel)[1:-1, 1:-1])
        assert np.all(out[0] == 7) and np.all(out[-1] == 7) and np.all(out[:, 0] == 7) and np.all(out[:, -1] == 7)


def test_a_non_contiguous_source_is_read_correctly():
    big = rng.uniform(0, 255, (30, 44)).astype(np.float32)
    source = big[::2, ::2]                      # every other row and column: not contiguous
    kernel = KERNELS["5x5 random"]
    out = np.zeros((11, 18), np.float32)
    fast_convolve.add_weighted_shifts(source, kernel, out)
    close(out, slow_convolve(source, kernel)[2:-2, 2:-2])


def test_an_all_zero_kernel_adds_nothing():
    out = np.ones((5, 5), np.float32)
    fast_convolve.add_weighted_shifts(np.full((7, 7), 9, np.float32), np.zeros((3, 3)), out)
    assert np.all(out == 1)


@pytest.mark.parametrize("source, out, says", [
    (np.zeros((10, 10), np.float32), np.zeros((9, 8), np.float32), "cannot fill"),
    (np.zeros((10, 10, 3), np.float32), np.zeros((8, 8), np.float32), "cannot fill"),
    (np.zeros((10, 10), np.float64), np.zeros((8, 8), np.float32), "float32"),
    (np.zeros((10, 10), np.float32), np.zeros((8, 8), np.float64), "float32"),
])
def test_shapes_and_dtypes_that_do_not_fit_are_refused(source, out, says):
    with pytest.raises(ValueError, match=says):
        fast_convolve.add_weighted_shifts(source, np.ones((3, 3)), out)


# ---- planning: rank, factors, method ------------------------------------------

def test_rank_comes_from_the_singular_values():
    assert fast_convolve.kernel_rank(np.zeros((3, 3))) == 0
    assert fast_convolve.kernel_rank(filters.PRESETS["gaussian-5x5"]) == 1
    assert fast_convolve.kernel_rank(filters.PRESETS["laplacian-4"]) == 2   # first row = last row
    assert fast_convolve.kernel_rank(filters.PRESETS["emboss"]) == 3
    assert fast_convolve.kernel_rank(outer([1, 2, 3], [4, 5, 6]) + outer([1, 0, 0], [0, 0, 1])) == 2
    assert fast_convolve.kernel_rank(rng.uniform(-1, 1, (5, 5))) == 5


@pytest.mark.parametrize("name", ["sobel-x", "sobel-y", "prewitt-x", "prewitt-y", "box-blur-3x3",
                                  "box-blur-5x5", "gaussian-3x3", "gaussian-5x5", "vertical-edge",
                                  "horizontal-edge", "identity"])
def test_rank_one_presets_split_into_a_column_and_a_row(name):
    kernel = filters.PRESETS[name]
    column, row = fast_convolve.separate(kernel)
    np.testing.assert_allclose(np.outer(column, row), kernel, rtol=0, atol=1e-15)


def test_integer_kernels_split_into_integer_factors():
    column, row = fast_convolve.separate(filters.PRESETS["sobel-x"])
    np.testing.assert_array_equal(column, [-1, -2, -1])
    np.testing.assert_array_equal(row, [1, 0, -1])


@pytest.mark.parametrize("name", ["laplacian-4", "laplacian-8", "sharpen", "emboss"])
def test_full_rank_kernels_do_not_split(name):
    assert fast_convolve.separate(filters.PRESETS[name]) is None
    with pytest.raises(ValueError, match="separable"):
        fast_convolve.plan(filters.PRESETS[name], "separable")


def test_the_plan_is_the_cheapest_way():
    assert fast_convolve.plan(filters.PRESETS["identity"]).method == "taps"
    assert fast_convolve.plan(filters.PRESETS["gaussian-5x5"]).method == "separable"
    assert fast_convolve.plan(filters.PRESETS["sobel-x"]).method == "separable"
    assert fast_convolve.plan(rng.uniform(-1, 1, (3, 3))).method == "matmul"
    assert fast_convolve.plan(rng.uniform(-1, 1, (5, 5))).method == "matmul"


def test_plans_are_remembered():
    kernel = rng.uniform(-1, 1, (5, 5))
    assert fast_convolve.plan(kernel) is fast_convolve.plan(kernel.copy())


# ---- threads: one pool, made lazily, never for small images --------------------

def test_small_images_never_start_threads_and_big_ones_share_one_pool():
    script = textwrap.dedent("""
        import numpy as np
        import filters
        from convolution.files import images
        from convolution.maths import fast_convolve
        fast_convolve.OPENCV_MIN_PIXELS = 10 ** 12   # the numpy ways only, as without OpenCV
        cat = images.load_image(images.DEFAULT_IMAGE)
        rng = np.random.default_rng(1)
        for name, kernel in filters.PRESETS.items():
            for edges in filters.EDGE_MODES:
                filters.convolve(cat, kernel, edges)
        for size in (3, 5):
            filters.convolve(cat, rng.uniform(-1, 1, (size, size)), "reflect")
        assert not fast_convolve.pool_started(), "a 28x28 image started the thread pool"
        photo = rng.uniform(0, 255, (1080, 1920)).astype(np.float32)
        filters.convolve(photo, rng.uniform(-1, 1, (3, 3)), "reflect")
        assert fast_convolve.pool_started()
        pool = fast_convolve._pool()
        for _ in range(3):
            filters.convolve(photo, rng.uniform(-1, 1, (5, 5)), "wrap")
        assert fast_convolve._pool() is pool
        assert pool._max_workers == fast_convolve.MAX_WORKERS - 1 or fast_convolve.MAX_WORKERS == 1
        print("ok")
    """)
    from tests.helpers.paths import ROOT
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_buffers_are_reused_between_calls():
    image = rng.uniform(0, 255, (200, 300)).astype(np.float32)
    kernel = rng.uniform(-1, 1, (3, 3))
    filters.convolve(image, kernel, "wrap")
    held = [id(buffer) for buffer in fast_convolve._local.buffers]
    for _ in range(5):
        filters.convolve(image, kernel, "wrap")
    assert [id(buffer) for buffer in fast_convolve._local.buffers] == held


def test_an_error_in_a_worker_thread_reaches_the_caller(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("worker failed")
    image = rng.uniform(0, 255, (64, 64)).astype(np.float32)
    monkeypatch.setattr(fast_convolve, "STRIP_ELEMENTS", 256)
    monkeypatch.setattr(fast_convolve, "THREADED_STRIP_ELEMENTS", 256)
    monkeypatch.setattr(fast_convolve._Job, "_passes_strip", broken)
    with pytest.raises(RuntimeError, match="worker failed"):
        fast_convolve.add_weighted_shifts(image, filters.PRESETS["laplacian-4"], np.zeros((62, 62), np.float32),
                                          workers=2, method="taps")


def test_an_error_in_one_thread_is_raised_only_after_every_thread_is_done(monkeypatch):
    """No strip may still be writing into ``out`` when the caller sees the error."""
    finished = []
    real_run = fast_convolve._Job.run

    def run(job, strips):
        if strips[0][0] == 0:
            return real_run(job, strips)           # the calling thread's strips
        if strips[0][0] < 40:                      # the second group of strips fails at once
            finished.append("failed")
            raise RuntimeError("worker failed")
        time.sleep(0.2)                            # a slow strip, still busy when the error happens
        real_run(job, strips)
        finished.append("slow strip done")

    image = rng.uniform(0, 255, (64, 64)).astype(np.float32)
    monkeypatch.setattr(fast_convolve, "STRIP_ELEMENTS", 256)
    monkeypatch.setattr(fast_convolve, "THREADED_STRIP_ELEMENTS", 256)
    monkeypatch.setattr(fast_convolve._Job, "run", run)
    with pytest.raises(RuntimeError, match="worker failed"):
        fast_convolve.add_weighted_shifts(image, filters.PRESETS["laplacian-4"], np.zeros((62, 62), np.float32),
                                          workers=3, method="taps")
    assert finished == ["failed", "slow strip done"]


def test_the_worker_count_follows_the_cores_this_process_may_use():
    if hasattr(os, "sched_getaffinity"):
        assert fast_convolve.usable_cores() == len(os.sched_getaffinity(0))
    assert 1 <= fast_convolve.MAX_WORKERS <= max(1, fast_convolve.usable_cores())


@pytest.mark.parametrize("mode", ["constant", "edge", "wrap", "reflect"])
@pytest.mark.parametrize("shape", [(1, 1), (1, 5), (2, 3), (3, 3), (5, 4, 3), (28, 28), (300, 300)])
@pytest.mark.parametrize("r", [(1, 1), (2, 3), (3, 2), (4, 4)])
def test_padding_gives_what_np_pad_gives(mode, shape, r):
    image = rng.uniform(0, 255, shape).astype(np.float32)
    ry, rx = r
    expected = np.pad(image, [(ry, ry), (rx, rx)] + [(0, 0)] * (image.ndim - 2), mode=mode)
    np.testing.assert_array_equal(fast_convolve.pad(image, ry, rx, mode), expected)


def test_small_images_with_a_new_kernel_each_call_are_not_planned():
    """A reroll or a weight edit on the 28×28 cat must not pay for finding the cheapest plan."""
    before = fast_convolve._cached_plan.cache_info().misses
    cat = images.load_image(images.DEFAULT_IMAGE)
    for _ in range(20):
        kernel = rng.uniform(-1, 1, (5, 5))
        np.testing.assert_allclose(filters.convolve(cat, kernel, "wrap"), slow_convolve(cat, kernel, "wrap"),
                                   rtol=1e-5, atol=2e-3)
    assert fast_convolve._cached_plan.cache_info().misses == before


# --------------------------------------------------------------------------
# Large images go to OpenCV's filter2D: the same sums, every border mode
# --------------------------------------------------------------------------

@pytest.fixture
def filter2d_calls(monkeypatch):
    """Counts the engine's calls of cv2.filter2D (which still does the work)."""
    cv2 = pytest.importorskip("cv2")
    calls = []
    real = cv2.filter2D
    monkeypatch.setattr(cv2, "filter2D", lambda *args, **named: calls.append(1) or real(*args, **named))
    return calls


@pytest.mark.parametrize("edges", filters.EDGE_MODES)
@pytest.mark.parametrize("channels", [None, 3])
def test_a_large_image_handed_to_opencv_gives_the_lessons_sums_in_every_border_mode(edges, channels, filter2d_calls):
    shape = (100, 117) if channels is None else (100, 117, channels)
    image = rng.integers(0, 256, shape).astype(np.uint8)
    for kernel in (rng.uniform(-1, 1, (3, 3)), rng.uniform(-2, 2, (5, 5)), rng.uniform(-1, 1, (7, 5))):
        for flip in (False, True):
            before = len(filter2d_calls)
            close(filters.convolve(image, kernel, edges, flip), slow_convolve(image, kernel, edges=edges, flip=flip))
            assert len(filter2d_calls) == before + 1   # OpenCV did it
    # Whole-number weights on whole-number pixels: float32 holds every sum exactly, whatever the order.
    sobel = filters.PRESETS["sobel-x"]
    np.testing.assert_array_equal(filters.convolve(image, sobel, edges), slow_convolve(image, sobel, edges=edges))


def test_the_lessons_drawing_and_kernels_past_9x9_stay_with_numpy(filter2d_calls):
    cat = images.load_image(images.DEFAULT_IMAGE)
    close(filters.convolve(cat, FULL_RANK["3x3 random"], "reflect"), slow_convolve(cat, FULL_RANK["3x3 random"],
                                                                                   edges="reflect"))
    big = rng.integers(0, 256, (120, 120)).astype(np.uint8)
    eleven = rng.uniform(-1, 1, (11, 11))
    close(filters.convolve(big, eleven, "wrap"), slow_convolve(big, eleven, edges="wrap"))
    assert filter2d_calls == []
