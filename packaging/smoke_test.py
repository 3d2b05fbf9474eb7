"""Try the one-download app as a user would: unpack the zip into a folder named Übung-猫 and run it there
with next to no environment (no PATH, no JAVA_HOME, no Python of ours).

    python packaging/smoke_test.py [dist/convolution-sketch-VERSION-PLATFORM.zip]

It checks the programs' names in --help and errors, saves the filter view, the network view and the
bundled lesson's first step with --save and reads the PNGs back (a cat, filtered: not one flat colour),
and trains a network from a few drawings. Needs a screen (Linux: run it under xvfb-run). The same on
Linux, Windows and macOS (.github/workflows/app.yml runs it on each); tests/test_app_e2e.py goes further
on Linux. Prints one line per check; exit status 1 at the first that fails.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_app  # noqa: E402 - the platform's name, dist/

PROGRAM = "smoke_test.py"


class Failed(AssertionError):
    pass


def unzip(archive: Path, folder: Path) -> Path:
    """Unpack as unzip does (modes and links kept); the zip's top folder."""
    with zipfile.ZipFile(archive) as opened:
        for info in opened.infolist():
            target = folder / info.filename
            mode = info.external_attr >> 16
            target.parent.mkdir(parents=True, exist_ok=True)
            if info.is_dir():
                continue
            if stat.S_ISLNK(mode):
                os.symlink(opened.read(info).decode(), target)
            else:
                with opened.open(info) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out, 1 << 20)
                if mode:
                    os.chmod(target, stat.S_IMODE(mode))
        return folder / Path(opened.namelist()[0]).parts[0]


def bare_environment() -> dict:
    """What a desktop gives every program, and nothing else: the display on Linux; on Windows the
    variables without which Windows programs cannot start at all."""
    keep = {"win32": ("SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "USERPROFILE", "TEMP", "TMP", "LOCALAPPDATA"),
            "darwin": ("HOME", "TMPDIR")}.get(sys.platform, ("DISPLAY", "HOME", "XAUTHORITY"))
    return {name: os.environ[name] for name in keep if name in os.environ}


def run(folder: Path, program: str, *args, status: int = 0, timeout: float = 300) -> subprocess.CompletedProcess:
    path = folder / (f"{program}.exe" if sys.platform == "win32" else program)
    done = subprocess.run([str(path), *map(str, args)], cwd=folder, env=bare_environment(), capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=timeout)
    if done.returncode != status:
        raise Failed(f"{program} {' '.join(map(str, args))}: exit status {done.returncode}, not {status}: "
                     f"{done.stderr.strip()[-600:]}")
    return done


def saved_picture(path: Path) -> np.ndarray:
    if not path.is_file():
        raise Failed(f"{path} was not saved")
    with Image.open(path) as image:
        pixels = np.asarray(image.convert("RGB"))
    if pixels.std() < 5 or min(pixels.shape[:2]) < 200:
        raise Failed(f"{path.name} is {pixels.shape[1]}×{pixels.shape[0]}, nearly one colour: not the sketch")
    return pixels


def check(archive: Path, work: Path) -> None:
    size = archive.stat().st_size
    say(f"{archive.name}: {size / 1e6:.0f} MB")
    if size > 150e6:
        raise Failed(f"{archive.name} is {size / 1e6:.0f} MB, more than 150 MB")
    folder = unzip(archive, work / "Übung-猫")
    out = work / "out"
    out.mkdir()
    usage = run(folder, "convolution-sketch", "--help").stdout
    if not usage.startswith("usage: convolution-sketch "):
        raise Failed(f"--help begins {usage[:60]!r}")
    if not run(folder, "convolution-train", "--help").stdout.startswith("usage: convolution-train "):
        raise Failed("convolution-train --help does not name convolution-train")
    error = run(folder, "convolution-sketch", "--lesson", "nosuch", status=2).stderr.strip()
    if error != ("convolution-sketch: error: lesson file not found: nosuch; the bundled lessons, by name: "
                 "coding-train (e.g. --lesson coding-train)"):
        raise Failed(f"--lesson nosuch said {error!r}")
    say("names in --help and errors: convolution-sketch, convolution-train")
    for name, args in (("filter", ["--kernel", "sobel-x"]), ("network", ["--view", "network"]),
                       ("lesson", ["--lesson", "coding-train"])):
        run(folder, "convolution-sketch", *args, "--save", out / f"{name}.png")
        shape = saved_picture(out / f"{name}.png").shape
        say(f"--save {' '.join(args)}: {shape[1]}×{shape[0]} pixels")
    rng = np.random.default_rng(3)
    for name, rows in (("circles", slice(4, 12)), ("bars", slice(14, 24))):
        drawings = np.zeros((12, 28, 28), np.uint8)
        drawings[:, rows, 6:22] = 200
        np.save(out / f"{name}.npy", (drawings + rng.integers(0, 40, drawings.shape, dtype=np.uint8)).reshape(12, 784))
    run(folder, "convolution-train", out / "circles.npy", out / "bars.npy", "--out", out / "mine.npz", "--epochs", "2")
    run(folder, "convolution-sketch", "--view", "network", "--model", out / "mine.npz", "--save", out / "mine.png")
    saved_picture(out / "mine.png")
    say("convolution-train from 24 drawings, and the network view asking its model")


def say(line: str) -> None:
    print(f"{PROGRAM}: {line}", flush=True)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv:
        archive = Path(argv[0])
    else:
        found = sorted(build_app.DIST.glob(f"convolution-sketch-*-{build_app.platform_name()}.zip"))
        if not found:
            print(f"{PROGRAM}: error: no zip in {build_app.DIST}: python packaging/build_app.py makes one",
                  file=sys.stderr)
            return 1
        archive = found[-1]
    work = Path(tempfile.mkdtemp(prefix="convolution-smoke-"))
    try:
        check(archive, work)
    except (Failed, subprocess.TimeoutExpired, OSError) as error:
        print(f"{PROGRAM}: error: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say("all well")
    return 0


if __name__ == "__main__":
    sys.exit(main())
