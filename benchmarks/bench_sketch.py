"""Parts 2 and 3: the live sketch under Xvfb against an empty py5 sketch of the same size.

- idle CPU: both windows open, nobody touching them, CPU time from /proc;
- start-up: process start until the window is on screen (+ the first frame's draw());
- memory: resident memory after a long scripted lesson against after its first part;
- draw(): the duration of every repaint (sketch.py writes them to
  CONVOLUTION_TIMINGS_FILE at exit: benchmarks/timed_sketch.py) while a script presses keys, hovers,
  draws or edits weights.

Interaction scenarios are data (``SCENARIOS``): a name, the sketch's
arguments and a function that returns xdotool commands for its window.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from common import Figure, median, percentile
from xsketch import Sketch, VirtualScreen

from convolution.app.options import prepare
from convolution.screen import geometry
from convolution.screen.views import filter as filter_view

IDLE_TARGET = 1.3            # × an empty sketch's CPU
START_UP_TARGET = 1.0        # seconds later than an empty sketch's first frame
MEMORY_TARGET = 1.10         # × the resident memory after the first part
DRAW_BUDGET = 0.004          # seconds per repaint at scale 10 while hovering, drawing or editing weights
INPUT_BUDGET = 0.006         # seconds from an event's handler starting to its repaint done (hover, pen, weights)
FRAME_BUDGET = 1 / 60        # a key press repaints most of the window: it must fit in one frame at 60 fps


def cat_layout(args=()):
    """The window layout sketch.py makes for these arguments (the bundled cat by default)."""
    layout = prepare(list(args)).layout
    return layout


# --------------------------------------------------------------------------
# Interaction scenarios: xdotool commands for a window with this layout
# --------------------------------------------------------------------------

def pixel_centre(rect: geometry.Rect, scale: int, y: int, x: int) -> tuple[int, int]:
    return rect.x + x * scale + scale // 2, rect.y + y * scale + scale // 2


def move(window: str, point) -> list[str]:
    return ["mousemove", "--window", window, str(int(point[0])), str(int(point[1]))]


def keys(names, delay_ms: int = 90) -> list[str]:
    return ["key", "--delay", str(delay_ms), *names]


def press_keys(layout, window, rng) -> list[str]:
    names = (["Right"] * 14 + ["Left"] * 4 + ["r"] * 10 + ["k"] + ["r"] * 5 + ["k"]
             + ["e"] * 5 + ["m"] * 4 + ["f", "f", "n"] + [str(d) for d in range(1, 10)])
    return keys(names)


def hover(layout, window, rng) -> list[str]:
    """Point at pixels of both pictures, one after another, like a student tracing the cat."""
    commands = []
    side = layout.source.w // layout.scale
    for rect in (layout.source, layout.output):
        for _ in range(60):
            y, x = int(rng.integers(0, side)), int(rng.integers(0, side))
            commands += move(window, pixel_centre(rect, layout.scale, y, x)) + ["sleep", "0.04"]
    return commands


def hover_5x5(layout, window, rng) -> list[str]:
    """A 5×5 random kernel (the biggest readout), then pointing at pixels."""
    return keys(["k"]) + ["sleep", "0.3"] + hover(layout, window, rng)


def draw_strokes(layout, window, rng) -> list[str]:
    """Drag across the left picture: the output (or every map of the layer) follows every pen move."""
    commands = []
    scale = getattr(layout, "input_scale", layout.scale)   # the layer view draws its input larger than its maps
    side = layout.source.w // scale
    for _ in range(4):
        y, x = rng.uniform(3, side - 3, 2)
        commands += move(window, pixel_centre(layout.source, scale, int(y), int(x))) + ["mousedown", "1"]
        angle = rng.uniform(0, 2 * np.pi)
        for _ in range(30):
            angle += rng.normal(0, 0.4)
            y = float(np.clip(y + 0.7 * np.sin(angle), 1, side - 2))
            x = float(np.clip(x + 0.7 * np.cos(angle), 1, side - 2))
            commands += move(window, (layout.source.x + x * scale, layout.source.y + y * scale))
            commands += ["sleep", "0.04"]
        commands += ["mouseup", "1", "sleep", "0.2"]
    return commands


def layer_hover(layout, window, rng) -> list[str]:
    """The layer view: point at pixels of random maps (each a readout and outlines), and of the input."""
    commands = []
    side = layout.source.w // layout.scale
    for _ in range(120):
        column = layout.columns[int(rng.integers(0, len(layout.columns)))]
        maps = [rect for rect in column.maps if rect is not None]
        row = int(rng.integers(0, len(maps)))
        rect, step = maps[row], layout.map_scale * (layout.pool if row == 2 else 1)
        y, x = (int(v) for v in rng.integers(0, rect.w // step, 2))
        commands += move(window, pixel_centre(rect, step, y, x)) + ["sleep", "0.04"]
    for _ in range(30):
        y, x = (int(v) for v in rng.integers(0, side, 2))
        commands += move(window, pixel_centre(layout.source, layout.scale, y, x)) + ["sleep", "0.04"]
    return commands


def edit_weights(layout, window, rng) -> list[str]:
    """Click the centre weight, nudge it with ↑/↓ and the wheel, type values; about 100 repaints,
    so that the 95th percentile is not just the third-slowest of a few dozen."""
    left, top, cell = filter_view.kernel_grid(layout, 3, 3)
    centre = (left + 1.5 * cell, top + 1.5 * cell)
    corner = (left + 0.5 * cell, top + 0.5 * cell)
    commands = move(window, centre) + ["click", "1", "sleep", "0.2"]
    commands += keys(["Up"] * 15 + ["Down"] * 15 + ["shift+Up"] * 8 + ["shift+Down"] * 4)
    for button in ["4"] * 12 + ["5"] * 12:
        commands += ["click", button, "sleep", "0.09"]
    commands += move(window, corner) + ["click", "1", "sleep", "0.2"]
    commands += keys(["minus", "0", "period", "5", "Return", "Tab", "Up", "Up", "Tab", "Down"])
    commands += keys(["Tab", "2", "period", "2", "5", "Return", "Tab", "minus", "1", "Return"])
    return commands


SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "quickdraw"
TRAIN_ARGS = ("--train", *(str(SHARED / name) for name in ("cats800.bin", "trains800.bin", "rainbows800.bin")))
FPS_TARGET = 30              # frames a second while the network trains live


def train_and_draw(layout, window, rng) -> list[str]:
    """The network view while it trains live: two seconds of watching, then drawing on the input."""
    return ["sleep", "2"] + draw_strokes(layout, window, rng) + ["sleep", "1"]


LAYER_ARGS = ("--view", "layer", "--relu", "--bank",
              "sobel-x,sobel-y,laplacian-4,vertical-edge,horizontal-edge,gaussian-3x3,sharpen,emboss")


@dataclass
class Scenario:
    name: str
    args: tuple
    commands: Callable      # (layout, window id, rng) -> xdotool commands
    budget: float = DRAW_BUDGET   # seconds per repaint (95th percentile)
    input_budget: float | None = INPUT_BUDGET   # event handling + repaint (95th percentile); None: not measured
    needs_shared: bool = False    # uses ../shared/quickdraw (the development checkout only)


SCENARIOS = [
    Scenario("keys (presets, random, border, mapping, flip)", (), press_keys, FRAME_BUDGET, None),
    Scenario("hover, 3×3 kernel (outlines + readout)", ("--kernel", "sobel-x"), hover),
    Scenario("hover, 5×5 random kernel", ("--seed", "3"), hover_5x5),
    Scenario("drawing with the mouse", ("--kernel", "laplacian-8"), draw_strokes),
    Scenario("editing weights (click, ↑/↓, wheel, typing)", ("--kernel", "sobel-x"), edit_weights),
    Scenario("layer view, 8 filters: hover over maps and the input", LAYER_ARGS, layer_hover),
    Scenario("layer view, 8 filters: drawing with the mouse", LAYER_ARGS, draw_strokes),
    Scenario("network view training live (drawing meanwhile)", TRAIN_ARGS, train_and_draw, needs_shared=True),
]


# --------------------------------------------------------------------------
# The measurements
# --------------------------------------------------------------------------

def draw_times(quick: bool, log=print) -> list[Figure]:
    """Per scenario: the 95th percentile repaint time against its budget (4 ms; a key press: one
    frame), and the time from input to pixels (the event's handler and the repaint it caused, 6 ms)."""
    figures = []
    for number, scenario in enumerate(SCENARIOS):
        if scenario.needs_shared and not SHARED.exists():
            figures.append(Figure(f"draw() per repaint: {scenario.name}", "not run", "needs ../shared/quickdraw",
                                  "—", "—", None))
            continue
        try:
            figures += retrying(lambda: scenario_draw_times(number, scenario, log), log)
        except Exception as error:   # one scenario that cannot run must not hide the others
            figures.append(Figure(f"draw() per repaint: {scenario.name}", "not measured",
                                  f"budget {scenario.budget * 1e3:.1f} ms", "—", "≤ 1.00×", False,
                                  f"{scenario.name}: {type(error).__name__}: {str(error)[:200]}"))
    return figures


def retrying(measure, log=print, attempts: int = 2):
    """``measure()``, once more if it fails: other programs on a shared machine start and
    stop X servers too, and now and then a fresh one cannot be reached."""
    for attempt in range(1, attempts + 1):
        try:
            return measure()
        except (RuntimeError, TimeoutError) as error:
            if attempt == attempts:
                raise
            log(f"  (retrying after: {str(error)[:160]})")


def scenario_draw_times(number: int, scenario: Scenario, log=print) -> list[Figure]:
    """One scenario in a sketch of its own, on a screen of its own."""
    rng = np.random.default_rng(8 + number)
    layout = cat_layout(scenario.args)
    with tempfile.TemporaryDirectory() as folder, VirtualScreen() as screen:
        folder = Path(folder)
        timings = folder / "timings.json"
        sketch = Sketch(screen, scenario.args, cwd=folder, env={"CONVOLUTION_TIMINGS_FILE": str(timings)},
                        name=f"draw-{number}")
        try:
            sketch.wait_for_window()
            time.sleep(1.0)
            sketch.focus()
            time.sleep(0.3)
            sketch.run(scenario.commands(layout, sketch.window, rng))
            time.sleep(0.5)
        finally:
            status = sketch.quit()   # q: sketch.py writes the timings file as it ends
        if not timings.exists():
            raise RuntimeError(f"no timings: sketch exited with {status}: {sketch.output()[-300:]}")
        trouble = "Traceback" in sketch.output() or "error" in sketch.output()
        recorded = json.loads(timings.read_text())
    # The first two repaints are the start-up frame and the focusing click, not the scenario.
    figures = [percentile_figure(f"draw() per repaint, 95th percentile, scale {layout.scale}: {scenario.name}",
                                 recorded["draw_seconds"][2:], scenario.budget, "repaints", trouble, log)]
    if scenario.needs_shared:   # the training scenario: is the window still fluent?
        frames = recorded["frames"]
        start = frames[0] + 3.0 if frames else 0.0
        counted = [t for t in frames if t >= start]
        fps = (len(counted) - 1) / (counted[-1] - counted[0]) if len(counted) > 1 else 0.0
        log(f"  {scenario.name}: {fps:.1f} frames a second")
        figures.append(Figure(f"frames a second while the network trains live ({len(counted)} frames)",
                              f"{fps:.1f} fps", f"target {FPS_TARGET} fps", f"{fps / FPS_TARGET:.2f}×", "≥ 1.00×",
                              fps >= FPS_TARGET and not trouble))
    if scenario.input_budget is not None:
        figures.append(percentile_figure(
            f"input to pixels (event handling + repaint), 95th percentile, scale {layout.scale}: {scenario.name}",
            recorded["input_to_pixels"][1:], scenario.input_budget, "events", trouble, log))
    return figures


def percentile_figure(name: str, seconds: list[float], budget: float, counted: str, trouble: bool,
                      log=print) -> Figure:
    """A row for the 95th percentile of ``seconds`` against ``budget``, with the median and the slowest."""
    p95, mid, worst = percentile(seconds, 0.95), median(seconds), max(seconds, default=float("nan"))
    log(f"  {name}: {len(seconds)} {counted}, median {mid * 1e3:.2f} ms, p95 {p95 * 1e3:.2f} ms, "
        f"max {worst * 1e3:.1f} ms")
    return Figure(name + (" — SKETCH REPORTED AN ERROR" if trouble else ""),
                  f"{p95 * 1e3:.2f} ms (median {mid * 1e3:.2f}, max {worst * 1e3:.1f}, {len(seconds)} {counted})",
                  f"budget {budget * 1e3:.1f} ms", f"{p95 / budget:.2f}×", "≤ 1.00×",
                  bool(seconds) and p95 <= budget and not trouble)


def idle_cpu(seconds: float, log=print) -> list[Figure]:
    """CPU of the open, untouched sketch against an empty py5 sketch, measured over the same seconds."""
    layout = cat_layout()
    size = (layout.width, layout.height)
    with tempfile.TemporaryDirectory() as folder, VirtualScreen() as one, VirtualScreen() as two:
        folder = Path(folder)
        sketch = Sketch(one, (), cwd=folder, name="idle-sketch")
        empty = Sketch(two, (), empty_size=size, cwd=folder, name="idle-empty")
        try:
            sketch.wait_for_window()
            empty.wait_for_window()
            time.sleep(3.0)   # past start-up
            before = sketch.cpu_seconds(), empty.cpu_seconds()
            started = time.perf_counter()
            time.sleep(seconds)
            after = sketch.cpu_seconds(), empty.cpu_seconds()
            elapsed = time.perf_counter() - started
        finally:
            sketch.stop()
            empty.stop()
    used, baseline = ((a - b) / elapsed for a, b in zip(after, before))
    ratio = used / baseline if baseline > 0 else float("inf")
    log(f"  idle over {elapsed:.0f} s: sketch {100 * used:.2f} %, empty sketch {100 * baseline:.2f} % of a core")
    return [Figure(f"idle CPU, window open, no input ({layout.width}×{layout.height}, {elapsed:.0f} s)",
                   f"{100 * used:.2f} % of a core", f"empty py5 sketch {100 * baseline:.2f} %",
                   f"{ratio:.2f}×", f"≤ {IDLE_TARGET}×", ratio <= IDLE_TARGET)]


def start_up(repeats: int, log=print) -> list[Figure]:
    """Seconds from process start to the first frame: sketch.py against the empty sketch.

    Both: until the titled window is on screen (xdotool, polled every
    20 ms). For sketch.py the first draw() comes on top (its duration from
    CONVOLUTION_TIMINGS_FILE); the empty sketch's draw() is empty. Turns
    alternate; the fastest start of each counts.
    """
    layout = cat_layout()
    size = (layout.width, layout.height)
    ours, empties = [], []
    with tempfile.TemporaryDirectory() as folder, VirtualScreen() as screen:
        folder = Path(folder)
        for turn in range(repeats):
            empty = Sketch(screen, (), empty_size=size, cwd=folder, name=f"start-empty-{turn}")
            try:
                empties.append(empty.wait_for_window())
            finally:
                empty.stop()
            timings = folder / f"start-{turn}.json"
            sketch = Sketch(screen, (), cwd=folder, env={"CONVOLUTION_TIMINGS_FILE": str(timings)},
                            name=f"start-sketch-{turn}")
            try:
                window = sketch.wait_for_window()
                time.sleep(1.5)
            finally:
                sketch.stop()
            first_draw = json.loads(timings.read_text())["draw_seconds"][0] if timings.exists() else float("nan")
            ours.append(window + first_draw)
            log(f"  start-up turn {turn + 1}: empty {empties[-1]:.2f} s, sketch {window:.2f} s "
                f"+ first draw() {first_draw * 1e3:.0f} ms")
    late = min(ours) - min(empties)
    return [Figure("start-up: process start to first frame (window on screen + first draw())",
                   f"{min(ours):.2f} s", f"empty py5 sketch {min(empties):.2f} s", f"{late:+.2f} s",
                   f"≤ +{START_UP_TARGET:.1f} s", late <= START_UP_TARGET)]


def lesson_chunk(layout, window, rng) -> list[str]:
    """A few seconds of a scripted lesson: keys, hovering, drawing, weight edits."""
    kind = rng.choice(["keys", "hover", "draw", "weights"])
    if kind == "keys":
        names = list(rng.choice(["Right", "Left", "r", "k", "e", "m", "f", "n", "h", "h", "i", "u", "c"]
                                + [str(d) for d in range(1, 10)], 25))
        return keys(names, 60)
    if kind == "hover":
        return hover(layout, window, rng)[:4 * 40]
    if kind == "draw":
        return draw_strokes(layout, window, rng)
    # Esc would quit the sketch; a click on the title area ends editing instead.
    return edit_weights(layout, window, rng) + move(window, (40, 10)) + ["click", "1"]


def memory(first_seconds: float, total_seconds: float, log=print) -> list[Figure]:
    """Resident memory after ``total_seconds`` of scripted use against after ``first_seconds`` of warm-up."""
    layout = cat_layout(("--seed", "4"))
    rng = np.random.default_rng(9)
    samples = []
    with tempfile.TemporaryDirectory() as folder, VirtualScreen() as screen:
        sketch = Sketch(screen, ("--seed", "4"), cwd=Path(folder), name="memory")
        try:
            sketch.wait_for_window()
            sketch.focus()
            started = time.perf_counter()
            first = None
            while time.perf_counter() - started < total_seconds:
                sketch.run(lesson_chunk(layout, sketch.window, rng))
                if not sketch.alive():
                    raise RuntimeError(f"the sketch stopped: {sketch.output()[-500:]}")
                elapsed = time.perf_counter() - started
                samples.append((elapsed, sketch.resident_mib()))
                if first is None and elapsed >= first_seconds:
                    first = samples[-1]
            last = samples[-1]
        finally:
            sketch.stop()
        trouble = "Traceback" in sketch.output()
    ratio = last[1] / first[1]
    log(f"  memory: {first[1]:.0f} MiB after {first[0]:.0f} s, {last[1]:.0f} MiB after {last[0]:.0f} s "
        f"(highest {max(m for _, m in samples):.0f} MiB)")
    return [Figure(f"resident memory after {last[0]:.0f} s of scripted keys, hover, drawing, weight edits, "
                   f"against after {first[0]:.0f} s of warm-up"
                   + (" — SKETCH REPORTED AN ERROR" if trouble else ""),
                   f"{last[1]:.0f} MiB", f"after {first[0]:.0f} s: {first[1]:.0f} MiB", f"{ratio:.3f}×",
                   f"≤ {MEMORY_TARGET:.2f}×", ratio <= MEMORY_TARGET and not trouble)]
