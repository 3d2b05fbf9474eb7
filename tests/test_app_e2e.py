"""The one-download app (`python packaging/build_app.py`): unpacked into a read-only folder named
``Übung-猫``, run in a bare environment (as `env -i`: no PATH, no JAVA_HOME, no Python of ours), it draws
what `python sketch.py` draws, walks the bundled lesson by name, saves where it can, and trains.

The zip is built by the build script, not here (it takes a minute or two and most of a core): without one
in dist/ these tests are skipped, except where CONVOLUTION_APP_REQUIRED is set (.ci/run builds it first
and sets it), where a missing zip is a failure. As root (CI), the app runs as the user nobody, for whom the
folder really is read-only.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

import filters
from convolution.classroom import lessons
from tests.helpers.live import LiveSketch, read_png, run_sketch
from tests.helpers.panels import CAT, assert_panels, panels_match
from tests.helpers.paths import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
import build_app  # noqa: E402 - packaging/ is not a package: its platform name and folders

REQUIRED = "CONVOLUTION_APP_REQUIRED"
NOBODY = 65534
LESSON = lessons.load_lesson(ROOT / "lessons" / "coding-train.toml")


def built_zip() -> Path | None:
    """The newest dist/convolution-sketch-VERSION-PLATFORM.zip for this system, if one was built."""
    found = sorted(build_app.DIST.glob(f"convolution-sketch-*-{build_app.platform_name()}.zip"),
                   key=lambda path: path.stat().st_mtime)
    return found[-1] if found else None


def unzip(archive: Path, folder: Path) -> Path:
    """Unpack ``archive`` into ``folder`` as unzip does (modes and symbolic links kept); its top folder."""
    with zipfile.ZipFile(archive) as opened:
        for info in opened.infolist():
            target = folder / info.filename
            mode = info.external_attr >> 16
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if stat.S_ISLNK(mode):
                os.symlink(opened.read(info).decode(), target)
            else:
                with opened.open(info) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out, 1 << 20)
                os.chmod(target, stat.S_IMODE(mode) or 0o644)
        tops = {Path(name).parts[0] for name in opened.namelist()}
    assert len(tops) == 1, f"the zip should hold one top folder, not {sorted(tops)}"
    return folder / tops.pop()


def read_only(folder: Path) -> None:
    for where, _folders, files in os.walk(folder):
        for name in files:
            path = Path(where) / name
            if not path.is_symlink():
                path.chmod(path.stat().st_mode & ~0o222 | 0o444)
        Path(where).chmod(0o555)


@dataclass
class App:
    folder: Path          # the unpacked top folder (read-only), inside Übung-猫
    out: Path             # a folder anyone may write in
    home: Path            # the user's home, with a Pictures folder
    as_user: list[str]    # what runs a program as a user who cannot write in ``folder`` (empty: we cannot)

    def command(self, name: str) -> list[str]:
        return [*self.as_user, str(self.folder / (f"{name}.exe" if os.name == "nt" else name))]

    def run(self, name: str, *args, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
        """``name`` from the app's folder, in a bare environment (``env``: all it has)."""
        return subprocess.run([*self.command(name), *map(str, args)], cwd=self.folder, env=env or {},
                              capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def app():
    archive = built_zip()
    if archive is None:
        message = f"no app built for {build_app.platform_name()}: python packaging/build_app.py makes one in dist/"
        if os.environ.get(REQUIRED):
            pytest.fail(message)
        pytest.skip(message)
    top = Path(tempfile.mkdtemp(prefix="convolution-app-"))   # not pytest's tmp_path: nobody cannot enter that
    top.chmod(0o755)
    try:
        folder = unzip(archive, top / "Übung-猫")
        read_only(folder)
        out, home = top / "out", top / "home"
        (home / "Pictures").mkdir(parents=True)
        out.mkdir()
        for writable in (out, home, home / "Pictures"):
            writable.chmod(0o777)
        setpriv = shutil.which("setpriv")
        as_user = ([setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
                   if hasattr(os, "geteuid") and os.geteuid() == 0 and setpriv else [])
        yield App(folder, out, home, as_user)
    finally:
        for where, _folders, _ in os.walk(top):
            Path(where).chmod(0o755)
        for link in Path(tempfile.gettempdir()).glob("convolution-app-*"):   # the app's ASCII links to itself
            if link.is_symlink() and os.readlink(link).startswith(str(top)):
                link.unlink()
        shutil.rmtree(top, ignore_errors=True)


def test_the_zip_is_small_and_holds_both_programs(app):
    assert built_zip().stat().st_size <= 150e6
    for name in ("convolution-sketch", "convolution-train"):
        assert (app.folder / (f"{name}.exe" if os.name == "nt" else name)).is_file()
    assert app.folder.parent.name == "Übung-猫" and not app.folder.stat().st_mode & 0o222


@pytest.mark.parametrize("args", [("--kernel", "sobel-x"), ("--view", "network")], ids=["filter", "network"])
def test_the_app_in_a_bare_environment_saves_what_sketch_py_draws(app, xserver, tmp_path, args):
    ours = app.out / f"app-{args[-1]}.png"
    done = app.run("convolution-sketch", *args, "--save", ours, env={"DISPLAY": xserver.display})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"saved {ours}"
    assert done.stderr == ""   # not even Java's trace for a class path with Ü and 猫 in it (startup.ascii_app_folder)
    clone = tmp_path / "clone.png"
    assert run_sketch(xserver, *args, "--save", str(clone)).returncode == 0
    frame = read_png(ours)
    assert np.array_equal(frame, read_png(clone))            # the same pixels as python sketch.py, Java 17 or not
    if args[-1] == "sobel-x":
        assert_panels(frame, CAT, filters.PRESETS["sobel-x"])   # and those are the cat, filtered


def test_the_app_films_a_video_as_sketch_py_does(app, xserver, tmp_path):
    """--camera in the app: OpenCV travels with it, its video reading (FFmpeg) included."""
    from tests.helpers import videos
    video = videos.write_video(app.out / "paper.avi", videos.moving_frames(3, height=48, width=64))
    video.chmod(0o644)
    ours = app.out / "app-camera.png"
    args = ("--camera", str(video), "--kernel", "sobel-x")
    done = app.run("convolution-sketch", *args, "--save", ours, env={"DISPLAY": xserver.display})
    assert done.returncode == 0 and done.stderr == "", done.stderr
    clone = tmp_path / "clone.png"
    assert run_sketch(xserver, *args, "--save", str(clone)).returncode == 0
    assert np.array_equal(read_png(ours), read_png(clone))   # the video's first frame, filtered, as python draws it


def test_the_bundled_lesson_by_name_saves_its_first_step(app, xserver):
    ours = app.out / "lesson.png"
    done = app.run("convolution-sketch", "--lesson", "coding-train", "--save", ours, env={"DISPLAY": xserver.display})
    assert done.returncode == 0, done.stderr
    assert_panels(read_png(ours), CAT, filters.PRESETS[LESSON.steps[0].kernel])


def test_walking_the_lesson_from_a_read_only_folder_saves_in_pictures_and_says_so(app, xserver, tmp_path):
    """s in a folder nobody may write in: the screenshot goes to ~/Pictures, and one line says so."""
    sketch = LiveSketch(xserver, "--lesson", "coding-train", cwd=app.folder, logs=tmp_path,
                        command=app.command("convolution-sketch"), bare_env={"HOME": str(app.home)})
    try:
        steps = [filters.PRESETS[step.kernel] for step in LESSON.steps[:3]]
        sketch.wait_for(panels_match(CAT, steps[0]), what="step 1")
        sketch.keys("Next")
        sketch.wait_for(panels_match(CAT, steps[1]), what="step 2")
        sketch.keys("Next")
        shown = sketch.wait_for(panels_match(CAT, steps[2]), what="step 3")
        sketch.keys("s")
        sketch.wait_for(lambda _: "saved screenshot" in sketch.stdout(), timeout=20, what="the screenshot saved")
        sketch.keys("q")
        assert sketch.wait_exit() == 0
    finally:
        sketch.stop()
    saved, = (app.home / "Pictures").glob("convolution-*.png")
    assert np.array_equal(read_png(saved), shown)
    assert f"saved screenshot: {saved}" in sketch.stdout()
    if app.as_user or not os.access(app.folder, os.W_OK):
        note = [line for line in sketch.stderr().splitlines() if "read-only" in line]
        assert note == [f"convolution-sketch: note: {app.folder} is read-only, so s, d, g and w save in "
                        f"{app.home / 'Pictures'}"], sketch.stderr()
    assert "Traceback" not in sketch.stderr()


def test_the_apps_own_names_in_help_and_errors(app):
    help_text = app.run("convolution-sketch", "--help")
    assert help_text.returncode == 0 and help_text.stdout.startswith("usage: convolution-sketch ")
    unknown = app.run("convolution-sketch", "--lesson", "nosuch")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == ("convolution-sketch: error: lesson file not found: nosuch; the bundled "
                                      "lessons, by name: coding-train (e.g. --lesson coding-train)")
    no_display = app.run("convolution-sketch")
    assert no_display.stderr.startswith("convolution-sketch: error: no display found") and \
        len(no_display.stderr.strip().splitlines()) == 1
    train = app.run("convolution-train", "--help")
    assert train.returncode == 0 and train.stdout.startswith("usage: convolution-train ")


def test_the_app_trains_a_network_from_few_drawings_and_the_sketch_asks_it(app, xserver):
    """convolution-train with few drawings cross-validates in worker processes (multiprocessing's spawn:
    new processes of the app itself), then the sketch's network view shows the model it saved."""
    rng = np.random.default_rng(3)
    for name, row in (("circles", slice(4, 12)), ("bars", slice(14, 24))):
        drawings = np.zeros((12, 28, 28), np.uint8)
        drawings[:, row, 6:22] = 200
        drawings += rng.integers(0, 40, drawings.shape, dtype=np.uint8)
        np.save(app.out / f"{name}.npy", drawings.reshape(12, 784))
    model = app.out / "mine.npz"
    done = app.run("convolution-train", app.out / "circles.npy", app.out / "bars.npy", "--out", model,
                   "--epochs", "2", "--from", "bundled", timeout=300)
    assert done.returncode == 0, done.stderr
    assert model.is_file() and "Traceback" not in done.stderr
    shot = app.out / "mine.png"
    shown = app.run("convolution-sketch", "--view", "network", "--model", model, "--save", shot,
                    env={"DISPLAY": xserver.display})
    assert shown.returncode == 0, shown.stderr
    assert read_png(shot).std() > 10


def test_without_a_display_the_app_paints_a_saved_frame_as_sketch_py_does(app, tmp_path):
    ours, clone = app.out / "offscreen.png", tmp_path / "clone.png"
    done = app.run("convolution-sketch", "--view", "network", "--save", ours)   # no DISPLAY at all
    assert done.returncode == 0 and done.stderr == "", done.stderr
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    theirs = subprocess.run([sys.executable, str(ROOT / "sketch.py"), "--view", "network", "--save", str(clone)],
                            capture_output=True, text=True, env=environment, timeout=120)
    assert theirs.returncode == 0, theirs.stderr
    assert np.array_equal(read_png(ours), read_png(clone))
