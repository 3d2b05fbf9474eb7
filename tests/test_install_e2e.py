"""A fresh `pip install .` gives commands that work from any folder, with the bundled cat, network and lessons.

One virtual environment per test session: the repository's tracked files are
copied out (so the clone stays clean), installed with pip as a user would,
and the commands are run from a folder of their own, far from the clone.
"""

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

import filters
from convolution.classroom import lessons
from tests.helpers.live import read_png, run_sketch
from tests.helpers.panels import CAT, assert_panels
from tests.helpers.paths import ROOT


def tracked_files() -> list[str]:
    done = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip("not a git checkout: the tracked files are what a user's clone holds")
    return [name for name in done.stdout.split("\0") if name]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the venv's bin folder, an empty folder to run in) after `pip install` of a copy of the clone."""
    top = tmp_path_factory.mktemp("install")
    source = top / "clone"
    for name in tracked_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    venv = top / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_folder = venv / ("Scripts" if os.name == "nt" else "bin")
    done = subprocess.run([str(bin_folder / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                           str(source)], capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    elsewhere = top / "elsewhere"
    elsewhere.mkdir()
    return bin_folder, elsewhere


def run(installed, command, *args, env=None):
    bin_folder, elsewhere = installed
    return subprocess.run([str(bin_folder / command), *args], capture_output=True, text=True, timeout=120,
                          cwd=elsewhere, env=env)


def test_help_works_from_another_folder_without_a_display(installed):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    sketch = run(installed, "convolution-sketch", "--help", env=env)
    assert sketch.returncode == 0 and "--kernel" in sketch.stdout and "keys in the window" in sketch.stdout
    train = run(installed, "convolution-train", "--help", env=env)
    assert train.returncode == 0 and "--out" in train.stdout


def test_filters_and_network_import_from_the_install_not_the_clone(installed):
    code = ("import filters, network; from convolution.files import bundled; "
            "print(filters.__file__); print(network.load(bundled.DOODLES).classes); print(bundled.LESSONS.is_dir())")
    done = run(installed, "python", "-c", code)
    assert done.returncode == 0, done.stderr
    where, classes, lessons = done.stdout.splitlines()
    assert "site-packages" in where and str(ROOT) not in where
    assert classes == "['cat', 'rainbow', 'train']" and lessons == "True"


@pytest.mark.parametrize("args", [("--kernel", "sobel-x"), ("--view", "network"), ("--view", "layer")])
def test_the_installed_command_draws_what_the_clone_draws(installed, xserver, tmp_path, args):
    """The bundled cat and network travel with the package: the same frame, pixel for pixel."""
    ours = installed[1] / f"installed-{args[-1]}.png"
    done = run(installed, "convolution-sketch", *args, "--save", str(ours), env=xserver.env())
    assert done.returncode == 0, done.stderr
    clone = tmp_path / "clone.png"
    assert run_sketch(xserver, *args, "--save", str(clone)).returncode == 0
    assert (read_png(ours) == read_png(clone)).all()


def test_the_bundled_lesson_runs_from_the_install(installed):
    bin_folder, elsewhere = installed
    lesson = subprocess.run([str(bin_folder / "python"), "-c",
                             "from convolution.files import bundled; print(bundled.LESSONS / 'coding-train.toml')"],
                            capture_output=True, text=True, cwd=elsewhere).stdout.strip()
    done = run(installed, "convolution-sketch", "--lesson", lesson, "--gif", str(elsewhere / "lesson.gif"))
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "lesson.gif").stat().st_size > 1000
    # The clip's captions are set in the font that travels inside the package, not in a stand-in.
    clone = subprocess.run([sys.executable, "sketch.py", "--lesson", "lessons/coding-train.toml", "--gif",
                            str(elsewhere / "clone.gif")], capture_output=True, text=True, cwd=ROOT)
    assert clone.returncode == 0, clone.stderr
    with Image.open(elsewhere / "lesson.gif") as ours, Image.open(elsewhere / "clone.gif") as theirs:
        assert ours.n_frames == theirs.n_frames
        for number in range(ours.n_frames):
            ours.seek(number)
            theirs.seek(number)
            assert np.array_equal(np.asarray(ours.convert("RGB")), np.asarray(theirs.convert("RGB")))


def test_the_installed_commands_use_their_own_names(installed):
    sketch = run(installed, "convolution-sketch", "--help")
    assert sketch.returncode == 0 and sketch.stdout.startswith("usage: convolution-sketch ")
    unknown = run(installed, "convolution-sketch", "--lesson", "nosuch")
    assert unknown.returncode == 2
    assert unknown.stderr == ("convolution-sketch: error: lesson file not found: nosuch; the bundled lessons, "
                              "by name: coding-train (e.g. --lesson coding-train)\n")
    train = run(installed, "convolution-train", "--from", "nowhere.npz")
    assert train.returncode == 2 and train.stderr.splitlines()[-1].startswith("convolution-train: error: ")
    # --from's help says where the shipped network is: inside the install, not in a clone.
    helped = "".join(run(installed, "convolution-train", "--help").stdout.split())
    assert "site-packages/convolution/assets/doodles.npz" in helped and str(ROOT) not in helped


def test_the_bundled_lesson_by_name_and_the_bundled_model_from_another_folder(installed, xserver):
    bin_folder, elsewhere = installed
    frame = elsewhere / "lesson-by-name.png"
    done = run(installed, "convolution-sketch", "--lesson", "coding-train", "--model", "bundled", "--save", str(frame),
               env=xserver.env())
    assert done.returncode == 0, done.stderr
    first = lessons.load_lesson(ROOT / "lessons" / "coding-train.toml").steps[0]
    assert_panels(read_png(frame), CAT, filters.PRESETS[first.kernel])
