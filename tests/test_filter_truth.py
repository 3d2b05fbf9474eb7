"""The filter view says what is true, to the last digit (issue 29).

The readout is read back from the scene (what the window paints), its shown numbers parsed, and its
arithmetic done again: each product is its shown pixel × its shown weight, the shown products add up to
the shown sum, the sum divided by the kernel's factor is the value, and the value is drawn as said; where
the readout says "≈" it says why, and the numbers still agree within the rounding it names. The value is
also checked against filters.convolve (an independent reference). ReLU's "changes nothing" caption is
checked against the pictures with ReLU off and on, a still picture given to --camera against its caption,
and the window's own size on a 768-line screen against the text it shows.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import filters
from convolution.app import fitting
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.screen import glyphs, views
from convolution.screen.canvas import MONO
from convolution.screen.scene import Text
from convolution.state import demo

SEVEN = "; ".join(" ".join(str((r * 7 + c) % 5 - 2) for c in range(7)) for r in range(7))
MINUS = "\u2212"


def number(text: str) -> float:
    return float(text.replace(MINUS, "-").lstrip("+"))


def scene_of(state, size=(1920, 1080), fullscreen=True):
    sketch = Session(state, "filter")
    sketch.window, sketch.fullscreen = size, fullscreen
    sketch.layout = sketch.make_layout()
    return sketch.layout, sketch.scene()


def readout_texts(layout, scene):
    """(the readout's sans-serif lines in reading order, its monospaced grid as lines of characters)."""
    box = layout.readout
    inside = [item for item in scene.items if isinstance(item, Text) and box.y - 2 <= item.y <= box.y + box.h + 2]
    words = [item.text for item in sorted((i for i in inside if i.family != MONO), key=lambda i: (i.y, i.x))]
    mono = [item for item in inside if item.family == MONO]
    if not mono:
        return words, []
    char = glyphs.text_width("0", mono[0].size, MONO)
    x0 = min(item.x for item in mono)
    # A scene holds a text block's lines as texts of their own (or one text with newlines): by baseline.
    baselines = sorted({round(item.y + n * 1000) for item in mono for n, _ in enumerate([0])})
    grid: dict[int, dict[int, str]] = {}
    for item in mono:
        column = round((item.x - x0) / char)
        for number_, line in enumerate(item.text.split("\n")):
            row = grid.setdefault(baselines.index(round(item.y)) + number_, {})
            for offset, ch in enumerate(line):
                if ch != " ":
                    row[column + offset] = ch
    lines = []
    for row in sorted(grid):
        width = max(grid[row]) + 1
        lines.append("".join(grid[row].get(i, " ") for i in range(width)))
    return words, lines


def joined_bands(lines, rows):
    """The readout's grid as one line per kernel row: matrices set in bands one under another (the second
    starting with its "=") are read as if side by side."""
    assert len(lines) % rows == 0, lines
    return ["   ".join(lines[band * rows + j] for band in range(len(lines) // rows)) for j in range(rows)]


def matrices_of(lines, cols):
    """The grid's numbers as matrices (rows × cols each), and the symbols between them (middle row)."""
    rows = [[token for token in line.split() if token not in ("\u00d7", "=", "\u2248", "\u2192")] for line in lines]
    count = len(rows[0]) // cols
    assert all(len(row) == count * cols for row in rows), lines
    middle = lines[len(lines) // 2].split()
    symbols = [token for token in middle if token in ("\u00d7", "=", "\u2248", "\u2192")]
    return [[row[m * cols:(m + 1) * cols] for row in rows] for m in range(count)], symbols


def grey_range(low: float, high: float) -> set[int]:
    """Every grey level a value in [low, high] is drawn as (rint, clamped to 0–255), as filters does."""
    levels = {int(filters.clamp_to_bytes(v)) for v in np.linspace(low, high, 41)}
    return levels | {int(filters.clamp_to_bytes(low)), int(filters.clamp_to_bytes(high))}


def check_drawn(rest: str, value: float, state):
    """``rest`` (what follows the value) says how a value shown as ``value`` (to 0.1) is drawn, truly."""
    low, high = value - 0.05 - 1e-9, value + 0.05 + 1e-9
    if rest.startswith(" \u2192 ReLU "):
        assert high <= 0.05 + 1e-9
        return
    if state.mapping in ("clamp", "absolute"):
        if state.mapping == "absolute":
            low, high = (0.0, max(abs(low), abs(high))) if low <= 0 <= high else sorted((abs(low), abs(high)))
        found = re.search(r"(clamped to (\d+)|grey (\d+))", rest)
        assert found, rest
        if found.group(2) == "0":
            assert low < 0
        elif found.group(2) == "255":
            assert high > 255
        else:
            assert int(found.group(3)) in grey_range(low, high), (rest, value)
    elif state.mapping == "stretch":
        found = re.search(r"grey (\d+)  \(the range (\S+) to (\S+) stretched", rest)
        assert found, rest
        lo, hi = number(found.group(2)), number(found.group(3))
        assert (lo, hi) == pytest.approx(state.display_range, abs=0.05 + 1e-9)
        ends = [(a, b) for a in (lo - 0.05, lo + 0.05) for b in (hi - 0.05, hi + 0.05)]
        greys = {int(filters.clamp_to_bytes((v - a) * 255 / (b - a))) for v in (low, high) for a, b in ends} \
            if hi > lo else {128}
        assert min(greys) <= int(found.group(1)) <= max(greys), rest
    else:
        found = re.search(r"(\d+)% of the largest \|value\| (\S+)", rest)
        assert found, rest
        largest = number(found.group(2))
        shares = [100 * abs(v) / b for v in (low, high) for b in (largest - 0.05, largest + 0.05) if b > 0]
        assert math.floor(min(shares)) <= int(found.group(1)) <= math.ceil(max(shares)) + 1, rest


def check_readout(state, size, fullscreen):
    layout, scene = scene_of(state, size, fullscreen)
    words, lines = readout_texts(layout, scene)
    text = " ".join(words)
    y, x = state.ui.hover
    worked = filters.explain_pixel(state.image, state.kernel, y, x, state.edges, state.flip)
    if not worked.computed:
        assert "skipped" in text
        return "skipped"
    rows, cols = state.kernel.shape
    channel = "R: " if state.image.ndim == 3 else "sum "
    found = re.search(re.escape(channel) + r"(=|\u2248) (\S+)( \u00f7 (\d+) (=|\u2248) (\S+))?", text)
    assert found, text
    sign, whole = found.group(1), number(found.group(2))
    divisor = int(found.group(4)) if found.group(4) else 1
    value = number(found.group(6)) if found.group(4) else whole
    if divisor > 1 and found.group(5) == "=":
        assert abs(whole / divisor - value) <= 0.05 + 1e-9, text
    exact = float(np.atleast_1d(worked.total)[0])
    assert abs(value - exact) <= 0.05 + 1e-6, (text, exact)   # the readout is the state's truth, not just sums
    rest = text[found.end():]
    mean = re.search(r"mean of R, G, B: (\S+)", rest)   # a colour picture, signed: the mean is what is drawn
    if mean:
        value, rest = number(mean.group(1)), rest[mean.end():]
        assert abs(value - float(np.mean(worked.total))) <= 0.05 + 1e-6
    check_drawn(rest, value, state)
    form = 0
    if lines:
        lines = joined_bands(lines, rows)
        matrices, symbols = matrices_of(lines, cols)
        form = len(matrices)
        products = matrices[-1]
        total_tenths = sum(round(number(p) * 10) for row in products for p in row)
        if sign == "=":
            assert total_tenths == round(whole * 10), (products, text)
        else:
            assert "rounded" in text and abs(total_tenths / 10 - whole) <= rows * cols * 0.05 + 1e-9
        if form >= 2:
            weights = matrices[-2]
            product_sign = symbols[-1]
            values = matrices[0] if form == 3 else [[str(v) for v in row]
                                                    for row in np.asarray(worked.values).reshape(rows, cols, -1)[
                                                        :, :, 0].tolist()]
            for j in range(rows):
                for i in range(cols):
                    v, w, p = number(values[j][i]), number(weights[j][i]), number(products[j][i])
                    if form == 3 and product_sign == "=":
                        assert abs(v * w - p) <= 0.05 + 1e-9, (v, w, p)
                    elif form == 3:
                        assert "\u2248:" in text and abs(v * w - p) <= 0.005 * abs(v) + 0.05 * abs(w) + 0.05 + 1e-9
                    else:   # the pixel is not shown: the product is the state's pixel × the shown weight
                        tolerance = 0.05 + (0.005 * abs(v) if product_sign == "\u2248" or "\u2248:" in text else 0)
                        assert abs(v * w - p) <= tolerance + 1e-9, (v, w, p)
    return form


def made(args, hover=None, mapping="clamp", random_size=False):
    state = prepare(args).state
    views.VIEWS["filter"].prepare(state)
    if random_size:
        demo.toggle_random_size(state)
    while state.mapping != mapping:
        demo.cycle_mapping(state)
    state.ui.hover = hover
    return state


KERNELS = [["--kernel", "sobel-x"], ["--kernel", "gaussian-3x3"], ["--kernel", "gaussian-5x5"], ["--kernel", SEVEN],
           ["--kernel", "sharpen"], ["--kernel", "box-blur-5x5"]] + [["--kernel", "random", "--seed", str(s)]
                                                                     for s in range(4)]
HOVERS = [(14, 13), (0, 0), (27, 5), (9, 20)]


@pytest.mark.parametrize("mapping", ["clamp", "absolute", "stretch", "signed"])
@pytest.mark.parametrize("args", KERNELS, ids=[" ".join(a[1:])[:20] for a in KERNELS])
def test_every_readout_adds_up_as_shown(args, mapping):
    forms = set()
    for number_, hover in enumerate(HOVERS):
        random_size = args[1] == "random" and number_ % 2 == 1   # a random 5×5 too
        edges = ["--edges", filters.EDGE_MODES[number_ % len(filters.EDGE_MODES)]]
        state = made(args + edges + (["--relu"] if number_ == 3 else []), hover, mapping, random_size)
        for size, full in (((1920, 1080), True), ((1024, 768), True)):
            forms.add(check_readout(state, size, full))
    assert forms - {"skipped"}, "no readout was checked"


def test_a_5x5_is_worked_out_whole_on_a_768_line_screen():
    for args in (["--kernel", "gaussian-5x5"], ["--kernel", "random", "--seed", "3"]):
        state = made(args, (14, 13), random_size=args[1] == "random")
        assert state.kernel.shape == (5, 5)
        assert check_readout(state, (1024, 768), True) >= 1, "the products must show"


def test_a_photo_s_readout_adds_up(tmp_path):
    from PIL import Image
    path = tmp_path / "photo.png"
    rng = np.random.default_rng(5)
    Image.fromarray(rng.integers(0, 255, (60, 90, 3), dtype=np.uint8)).save(path)
    for mapping in ("clamp", "signed"):
        state = made(["--image", str(path), "--kernel", "gaussian-3x3"], (20, 30), mapping)
        check_readout(state, (1920, 1080), True)


@pytest.mark.parametrize("mode", ["max", "average"])
def test_a_pooled_readout_adds_up_as_shown(mode):
    state = made(["--kernel", "random", "--seed", "2", "--pool", "2"])
    if state.pool_mode != mode:
        demo.toggle_pool_mode(state)
    for pooled in ((5, 6), (0, 0), (13, 13)):
        state.ui.hover, state.ui.hover_pooled = None, pooled
        layout, scene = scene_of(state)
        words, lines = readout_texts(layout, scene)
        text = " ".join(words)
        shown = [number(t) for line in lines for t in line.split()]
        assert len(shown) == 4
        found = re.search(r"(max|mean) (=|\u2248) (\S+)", text)
        assert found, text
        value = number(found.group(3))
        if found.group(1) == "max":
            assert value == max(shown)
        elif found.group(2) == "=":
            assert abs(np.mean(shown) - value) <= 0.05 + 1e-9
        else:
            assert "rounded" in text and abs(np.mean(shown) - value) <= 0.05 * 2
        truth = float(np.atleast_1d(filters.explain_pool(state.feature, *pooled, state.pool, how=state.pool_mode)
                                    .result)[0])
        assert abs(value - truth) <= 0.05 + 1e-6


def status_of(state) -> str:
    layout, scene = scene_of(state)
    return " ".join(item.text for item in scene.items if isinstance(item, Text)
                    and layout.status_y - 2 < item.y < layout.readout.y)


@pytest.mark.parametrize("pool", [0, 2])
@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize("mapping", ["clamp", "absolute", "stretch", "signed"])
def test_relu_says_it_changes_nothing_exactly_when_the_pictures_stay_the_same(mapping, mode, pool):
    state = made(["--kernel", "sobel-x", "--pool", str(pool)], mapping=mapping)
    if state.pool_mode != mode:
        demo.toggle_pool_mode(state)
    off = (state.display.copy(), None if state.pooled_display is None else state.pooled_display.copy())
    demo.set_relu(state, True)
    on = (state.display, state.pooled_display)
    same = np.array_equal(off[0], on[0]) and (off[1] is None or np.array_equal(off[1], on[1]))
    said = "clamp already shows negatives as black" in status_of(state)
    assert said == same, (mapping, mode, pool, said, same)
    demo.set_relu(state, False)
    assert "already" not in status_of(state)


def test_a_still_picture_given_to_camera_is_called_still_and_scaled(tmp_path):
    pytest.importorskip("cv2")
    from PIL import Image
    for size, scaled in (((160, 120), False), ((1600, 900), True)):
        path = tmp_path / f"photo{size[0]}.jpg"
        Image.fromarray(np.random.default_rng(1).integers(0, 255, (size[1], size[0], 3), dtype=np.uint8)).save(path)
        options = prepare(["--camera", str(path)])
        options.camera.close()
        sketch = Session(options.state, "filter")
        sketch.window = (1280, 800)
        sketch.layout = sketch.make_layout()
        words = " ".join(item.text for item in sketch.scene().items if isinstance(item, Text))
        assert "still picture" in words and "live" not in words.replace("not live", "")
        height, width = options.state.image.shape[:2]
        if scaled:
            assert f"scaled down from 1600\u00d7900 to {width}\u00d7{height}" in words
        else:
            assert "scaled" not in words


@pytest.mark.parametrize("screen", [(1024, 768), (1366, 768)])
@pytest.mark.parametrize("args", [[], ["--kernel", "gaussian-5x5"], ["--kernel", "random", "--seed", "1"]])
def test_the_window_s_own_size_keeps_digits_and_readout_a_45th_of_the_screen(screen, args):
    state = made(args, (14, 13))
    view = views.VIEWS["filter"]
    window = fitting.own_size(view, state, None, screen)
    sketch = Session(state, "filter")
    sketch.window, sketch.fullscreen = window, False
    sketch.layout = layout = sketch.make_layout()
    least = math.ceil(screen[1] / 45)
    scene = sketch.scene()
    box = layout.kernel
    digits = [item for item in scene.items if isinstance(item, Text) and box.x <= item.x <= box.x + box.w
              and box.y <= item.y <= box.y + box.h]
    readout = [item for item in scene.items if isinstance(item, Text) and item.y >= layout.readout.y]
    assert digits and any(item.family == MONO for item in readout)
    for item in digits + readout:
        assert item.size >= least, (item.text, item.size, least, window)
