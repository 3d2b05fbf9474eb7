"""Issue 5, "Fast where it shows": every figure against its reference and target, in one table.

    python benchmarks/run.py              # everything, a few minutes
    python benchmarks/run.py --quick      # fewer repeats, shorter runs
    python benchmarks/run.py --long       # memory over 10 minutes (after 1 minute vs after 10), idle over 60 s
    python benchmarks/run.py --only convolve      # or: sketch
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and shorter runs (about a minute)")
    parser.add_argument("--long", action="store_true",
                        help="memory over 10 minutes of interaction (against the first minute) and idle over 60 s")
    parser.add_argument("--only", choices=["convolve", "sketch"], help="run one part only")
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
            log(f"idle CPU over {idle_seconds} s …")
            figures += bench_sketch.idle_cpu(idle_seconds, log)
            log("start-up …")
            figures += bench_sketch.start_up(1 if args.quick else 3 if args.long else 2, log)
            first, total = (60, 600) if args.long else (10, 30) if args.quick else (20, 60)
            log(f"memory: {total} s of scripted interaction …")
            figures += bench_sketch.memory(first, total, log)

    minutes = (time.perf_counter() - started) / 60
    failed = [f for f in figures if f.passed is False]
    print(text_table(figures))
    notes = sorted({f.note.strip("; ") for f in figures if f.note})
    for note in notes:
        print(f"note: {note}")
    print(f"\n{len(figures) - len(failed)} of {len(figures)} figures meet their targets; "
          f"{len(failed)} missed. ({minutes:.1f} min; {load_now()})")

    if args.markdown:
        when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        command = "python benchmarks/run.py" + "".join(f" {a}" for a in (argv if argv is not None else sys.argv[1:])
                                                        if a not in ("--markdown",) and not str(a).endswith(".md"))
        text = [f"# Benchmark results", "",
                f"Taken {when} with `{command}` on: {machine()}.", "",
                f"Ratios are measured side by side in one run; {load_now()} at the end "
                "(other work on the machine shares its two cores).", "",
                markdown_table(figures), ""]
        text += [f"- {note}" for note in notes]
        text += ["", f"{len(figures) - len(failed)} of {len(figures)} figures meet their targets; "
                 f"{len(failed)} missed.", ""]
        args.markdown.write_text("\n".join(text))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
