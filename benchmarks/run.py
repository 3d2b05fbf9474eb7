"""Issue 5, "Fast where it shows": every figure against its reference and target, in one table.

    python benchmarks/run.py              # everything, a few minutes
    python benchmarks/run.py --quick      # fewer repeats, shorter runs
    python benchmarks/run.py --long       # memory over 10 minutes (after 1 minute vs after 10), idle over 60 s
    python benchmarks/run.py --only convolve      # or: layout, network, fewshot, sketch, camera
    python benchmarks/run.py --markdown benchmarks/RESULTS.md

Exits with status 1 if any target is missed. The sketch-level parts start
their own virtual screens (Xvfb) and need xdotool; the convolution part needs
scipy and opencv-python-headless (pip install -r requirements-bench.txt).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, markdown_table, text_table  # noqa: E402


def machine() -> str:
    """CPU model and core count (lscpu), Python and numpy versions."""
    model, cores = platform.processor() or "unknown CPU", os.cpu_count()
    try:
        lines = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10).stdout.splitlines()
        found = {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}
        model = found.get("Model name", model)
        cores = found.get("CPU(s)", cores)
    except OSError:
        pass
    import numpy
    versions = [f"Python {platform.python_version()}", f"numpy {numpy.__version__}"]
    for name, module in (("scipy", "scipy"), ("OpenCV", "cv2"), ("py5", "py5")):
        try:
            if module == "py5":
                from importlib.metadata import version
                versions.append(f"py5 {version('py5')}")
            else:
                versions.append(f"{name} {__import__(module).__version__}")
        except Exception:
            pass
    return f"{model}, {cores} cores, {platform.system()} {platform.release()}; " + ", ".join(versions)


def load_now() -> str:
    try:
        return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


HOW_MEASURED = """\
How the figures are taken:

- **convolve** rows: `filters.convolve` (float32 grey image, validation, padding and output
  allocation included) against `scipy.ndimage.correlate` and `cv2.filter2D` with the matching
  border mode (zero: constant, extend: nearest/replicate, wrap: grid-wrap/`copyMakeBorder(WRAP)`
  + filter2D, reflect: mirror/reflect-101; skip against their constant mode, compared on the
  valid region). Taking turns, the fastest of 25–40 calls each; every result is checked against
  scipy's (rtol 1e-5, atol 2e-3). "random" kernels are full rank (the slowest case),
  "gaussian" ones rank 1. The 28×28 rows: the cat against `tests/reference.py`'s four nested
  loops.
- **weight change**: what the sketch recomputes when a weight changes, on a 1920×1080 colour
  image at scale 1 (`convolve`, `computed_mask`, `to_display`, `display_range`,
  `pixels.output_colours` into the panel's ARGB buffer with `pixels.enlarge_into`); the median of
  21 runs. py5's drawing of the panel is not included.
- **network**: ml5's network (conv 8 5×5, pool, conv 16 8×5×5, pool, dense).
  `Trainer.run_epoch` (convolution/learning/trainer.py) over the 2,400 shared Quick Draw
  drawings against scikit-learn's `MLPClassifier` (784-100-3) and a plain numpy im2col CNN
  with the same layers and Adam (float64, channels first, im2col by loops over the kernel's
  offsets), taking turns, the fastest of 2 (`--quick`) or 4 epochs each; the forward pass
  (`predict` of the 2,400 drawings; `feature_maps` of one) against the same two, the fastest
  of 5 or 15 turns; accuracy on a held-out 20% after train.py's 20 epochs (5 with `--quick`);
  train.py's whole default run in a fresh process.
- **draw()**: sketch.py under Xvfb, timed by `benchmarks/timed_sketch.py` (its repaints and events),
  driven by xdotool (one
  sketch per scenario, quit with q); the duration of every repaint but the first two (start-up
  frame, focusing click). Budget 4 ms while hovering, drawing or editing weights; a key press
  (new kernel, border or mapping) repaints most of the window and is held to one 60 fps frame.
- **idle CPU**: sketch.py and `benchmarks/empty_sketch.py` (same window size, default frame
  rate, same start-up path) open side by side on two Xvfb screens; CPU time from
  /proc/PID/stat over the same seconds, after 3 s of settling.
- **start-up**: process start until the titled window is on screen (xdotool, polled every
  20 ms), plus sketch.py's first draw(); turns alternate, fastest of each.
- **memory**: VmRSS of sketch.py during scripted keys, hovering, drawing and weight edits:
  at the end against after a minute of warm-up (Java's JIT, fonts and glyph caches fill up in
  the first minute, so growth before that is not a leak): default 60 s vs 150 s; `--long`:
  60 s vs 10 min.
- **camera** rows: a 640×480 colour Motion-JPEG video at 30 fps (made by the benchmark; what most
  webcams send) through sketch.py
  under Xvfb (`benchmarks/timed_sketch.py`): *frame to pixels* is from draw() taking a new frame
  (the output, maps and what is drawn computed from it) to the end of the repaint that shows it;
  reading and decoding the video happen on the camera's own thread and are not in it. *Frames on
  screen* counts the frames repainted a second after two seconds of warm-up, beside the frames the
  video gave in that time. *Frozen idle*: the sketch with its frame frozen (space) against
  sketch.py showing a 640×480 photo, side by side on two screens. *Against OpenCV*: as the convolve
  rows, on grey float32 images of a webcam's 640×480 and the largest photo side (760×760).
- **input to pixels**: for hovering, drawing and weight edits, the time sketch.py spends in the
  event handlers since the last repaint plus that repaint (`CONVOLUTION_TIMINGS_FILE`), per
  repaint that followed input; budget 6 ms. Time spent waiting for the next frame is not counted.
"""


def markdown_report(figures, notes, argv) -> str:
    """benchmarks/RESULTS.md: when, on what machine, with which command; the table; how it was measured."""
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    shown, skip = [], False
    for arg in argv:                       # the command without --markdown PATH
        if skip:
            skip = False
        elif arg == "--markdown":
            skip = True
        elif not arg.startswith("--markdown="):
            shown.append(arg)
    failed = sum(f.passed is False for f in figures)
    lines = ["# Benchmark results", "",
             f"Taken {when} with `python benchmarks/run.py{''.join(' ' + a for a in shown)}` on: {machine()}. "
             f"Ratios are measured side by side in one run; {load_now()} at the end.", "",
             markdown_table(figures), ""]
    lines += [f"- {note}" for note in notes]
    lines += ["", f"{len(figures) - failed} of {len(figures)} figures meet their targets; {failed} missed.", "",
              HOW_MEASURED]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and shorter runs (about a minute)")
    parser.add_argument("--long", action="store_true",
                        help="memory over 10 minutes of interaction (against after a minute of warm-up) "
                             "and idle over 60 s")
    parser.add_argument("--only", choices=["convolve", "layout", "network", "fewshot", "sketch", "camera"],
                        help="run one part only")
    parser.add_argument("--markdown", type=Path, metavar="PATH", help="also write the table and machine to PATH")
    args = parser.parse_args(argv)

    figures: list[Figure] = []
    started = time.perf_counter()
    log = lambda line: print(line, file=sys.stderr, flush=True)   # noqa: E731  progress on stderr
    log(f"machine: {machine()}")
    log(f"before: {load_now()}")

    if args.only in (None, "convolve"):
        import bench_convolve
        log("convolve against scipy and OpenCV (512×512, 1920×1080) …")
        try:
            figures += bench_convolve.large_images(args.quick, log)
        except ImportError as error:
            figures.append(Figure("convolve against scipy/OpenCV", "not run", str(error), "—", "—", False))
        log("convolve against the nested loops (28×28 cat) …")
        figures += bench_convolve.the_cat(args.quick, log)
        log("weight change on a 1920×1080 photo, computation …")
        figures += bench_convolve.weight_change_pipeline(args.quick, log)
        log("the layer view after a pen move, computation …")
        figures += bench_convolve.layer_after_a_stroke(args.quick, log)

    if args.only in (None, "layout"):
        import bench_layout
        log("relayout of every view, state and size …")
        figures += bench_layout.relayout(args.quick, log)

    if args.only in (None, "network"):
        import bench_network
        log("doodle network: a training epoch against scikit-learn and a plain numpy CNN …")
        figures += bench_network.training_epoch(args.quick, log)
        log("nearest(): the training drawings nearest one drawing …")
        figures += bench_network.nearest_figures(args.quick, log)

    if args.only in (None, "fewshot"):
        import bench_fewshot
        log("train.py from ten drawings a class, against the nearest neighbour …")
        figures += bench_fewshot.few_examples(args.quick, log)

    if args.only in (None, "sketch"):
        import bench_sketch
        import xsketch
        missing = xsketch.missing_tools()
        if missing:
            figures.append(Figure("sketch-level figures", "not run", f"missing {', '.join(missing)}",
                                  "—", "—", False))
        else:
            log("draw() per repaint while interacting …")
            figures += bench_sketch.draw_times(args.quick, log)
            idle_seconds = 8 if args.quick else 60 if args.long else 20
            # Memory grows while Java and py5 warm up (JIT, fonts, glyph caches); a leak shows as growth after that.
            first, total = (60, 600) if args.long else (20, 50) if args.quick else (60, 150)
            parts = [
                (f"idle CPU over {idle_seconds} s", lambda: bench_sketch.retrying(
                    lambda: bench_sketch.idle_cpu(idle_seconds, log), log)),
                ("start-up", lambda: bench_sketch.start_up(1 if args.quick else 3 if args.long else 2, log)),
                (f"memory: {total} s of scripted interaction", lambda: bench_sketch.memory(first, total, log)),
            ]
            for title, measure in parts:
                log(f"{title} …")
                try:
                    figures += bench_sketch.retrying(measure, log)
                except Exception as error:   # report it as a missed figure and go on with the others
                    figures.append(Figure(title, "not measured", f"{type(error).__name__}", "—", "—", False,
                                          f"{title}: {str(error)[:200]}"))

    if args.only in (None, "camera"):
        import bench_camera
        import xsketch
        log("camera: convolve against OpenCV at 640×480 and 760×760 …")
        try:
            figures += bench_camera.against_opencv(args.quick, log)
        except ImportError as error:
            figures.append(Figure("camera: convolve against OpenCV", "not run", str(error), "—", "—", False))
        missing = xsketch.missing_tools()
        if missing:
            figures.append(Figure("camera: live figures", "not run", f"missing {', '.join(missing)}", "—", "—", False))
        else:
            log("camera: a frame's computing, without py5 …")
            figures += bench_camera.frame_computation(args.quick, log)
            log("camera: a 640×480 video through the live sketch …")
            figures += bench_camera.live_frames(args.quick, log)
            log("camera: idle CPU with a frozen frame …")
            figures += bench_camera.frozen_idle(8 if args.quick else 20, log)

    minutes = (time.perf_counter() - started) / 60
    failed = [f for f in figures if f.passed is False]
    print(text_table(figures))
    notes = sorted({f.note.strip("; ") for f in figures if f.note})
    for note in notes:
        print(f"note: {note}")
    print(f"\n{len(figures) - len(failed)} of {len(figures)} figures meet their targets; "
          f"{len(failed)} missed. ({minutes:.1f} min; {load_now()})")

    if args.markdown:
        args.markdown.write_text(markdown_report(figures, notes, argv if argv is not None else sys.argv[1:]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
