"""How soon the one-download app shows its first frame, against `python sketch.py` on the same machine.

    python benchmarks/bench_app_start.py [--runs 5] [ZIP]

Unpacks the zip (default: the newest in dist/ for this system) into a temporary folder and, turn about
(so a busy moment hurts both alike), starts `python sketch.py` and the app's convolution-sketch, each
on its own Xvfb screen, timing

- window: process start until the titled window is on screen (xdotool, polled every 20 ms);
- --save: process start until `--save out.png` has drawn its first frame, saved it and exited.

The target (issue 28): the app's first frame within 2 s more than python sketch.py's. Prints the
medians and one line per run; benchmarks/RESULTS.md has the latest figures. Needs Xvfb and xdotool.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "packaging"))

import build_app  # noqa: E402
from smoke_test import unzip  # noqa: E402

from tests.helpers.live import XServer  # noqa: E402

TITLE = "Convolution filter demo"
TARGET = 2.0   # seconds more than python sketch.py


def time_window(server: XServer, command: list[str], env: dict, cwd: Path) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - started < 120:
            if process.poll() is not None:
                raise RuntimeError(f"{command[-1]} exited with {process.returncode}")
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{TITLE}$"],
                                   capture_output=True, text=True, env=server.env()).stdout.split()
            if found:
                return time.perf_counter() - started
            time.sleep(0.02)
        raise TimeoutError("no window within 120 s")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def time_save(command: list[str], env: dict, cwd: Path, out: Path) -> float:
    out.unlink(missing_ok=True)
    started = time.perf_counter()
    done = subprocess.run([*command, "--save", str(out)], cwd=cwd, env=env, capture_output=True, timeout=120)
    took = time.perf_counter() - started
    if done.returncode != 0 or not out.is_file():
        raise RuntimeError(f"--save failed: {done.stderr.decode(errors='replace')[-300:]}")
    return took


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench_app_start.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("zip", nargs="?", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    archive = args.zip or max(build_app.DIST.glob(f"convolution-sketch-*-{build_app.platform_name()}.zip"),
                              key=lambda path: path.stat().st_mtime, default=None)
    if archive is None:
        print("bench_app_start.py: error: no zip in dist/: python packaging/build_app.py makes one", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="convolution-bench-"))
    try:
        folder = unzip(archive, work / "Übung-猫")
        (work / "home").mkdir()
        figures: dict[str, list[float]] = {"python sketch.py window": [], "app window": [],
                                           "python sketch.py --save": [], "app --save": []}
        with XServer() as server:
            contenders = {"python sketch.py": ([sys.executable, str(ROOT / "sketch.py")], server.env(), ROOT),
                          "app": ([str(folder / "convolution-sketch")],
                                  {"DISPLAY": server.display, "HOME": str(work / "home")}, folder)}
            for run in range(args.runs):
                for name, (command, env, cwd) in contenders.items():
                    figures[f"{name} window"].append(time_window(server, command, env, cwd))
                    figures[f"{name} --save"].append(time_save(command, env, cwd, work / "out.png"))
                print(f"run {run + 1}: " + ", ".join(f"{key} {values[-1]:.2f} s" for key, values in figures.items()),
                      flush=True)
        medians = {key: statistics.median(values) for key, values in figures.items()}
        for key, value in medians.items():
            print(f"{key}: median {value:.2f} s (from {min(figures[key]):.2f} to {max(figures[key]):.2f})")
        for what in ("window", "--save"):
            more = medians[f"app {what}"] - medians[f"python sketch.py {what}"]
            print(f"{what}: the app {more:+.2f} s against python sketch.py (target ≤ +{TARGET:.1f} s): "
                  f"{'pass' if more <= TARGET else 'FAIL'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
