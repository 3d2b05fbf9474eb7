"""The real sketch on a virtual screen: what it draws, read back pixel by pixel.

Each expected panel is built here from ``filters.convolve`` with the tests' own
enlargement and clamping, so the sketch's drawing code is checked, not reused.
"""

import numpy as np
import pytest
from PIL import Image

import filters
import network
from convolution.app.options import prepare
from convolution.files import bundled
from convolution.screen import pixels
from convolution.screen.views import common
from convolution.state import keys as key_map
from tests.helpers.live import layout_in, read_png, run_sketch
from tests.helpers.panels import CAT, assert_panels, panels, panels_match
from tests.helpers.recording import RecordingWindow, press

# ---- --save: one frame to a PNG ------------------------------------------------

@pytest.mark.parametrize("args, kernel, edges, flip, scale", [
    (["--kernel", "sobel-x"], filters.PRESETS["sobel-x"], "skip", False, 10),
    (["--kernel", "gaussian-5x5", "--edges", "reflect", "--scale", "4"],
     filters.PRESETS["gaussian-5x5"], "reflect", False, 4),
    (["--kernel", "emboss", "--flip", "--edges", "wrap", "--scale", "2"],
     filters.PRESETS["emboss"], "wrap", True, 2),
    (["--kernel", "box-blur-5x5", "--scale", "3"], filters.PRESETS["box-blur-5x5"], "skip", False, 3),
])
def test_save_writes_the_cat_and_its_convolution(xserver, tmp_path, args, kernel, edges, flip, scale):
    out = tmp_path / "frame.png"
    result = run_sketch(xserver, *args, "--save", str(out))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    assert "Traceback" not in result.stderr
    assert_panels(read_png(out), CAT, kernel, edges, flip, scale)


def test_save_with_a_seeded_random_kernel_is_repeatable(xserver, tmp_path):
    result = run_sketch(xserver, "--kernel", "random", "--seed", "7", "--save", str(tmp_path / "r.png"))
    assert result.returncode == 0, result.stderr
    kernel = filters.random_kernel(np.random.default_rng(7))
    assert_panels(read_png(tmp_path / "r.png"), CAT, kernel)


def test_save_with_a_colour_photo_filters_each_channel(xserver, tmp_path):
    rng = np.random.default_rng(8)
    photo = rng.integers(0, 256, (24, 36, 3)).astype(np.uint8)
    Image.fromarray(photo).save(tmp_path / "photo.png")
    result = run_sketch(xserver, "--image", str(tmp_path / "photo.png"), "--kernel", "sharpen",
                        "--edges", "extend", "--save", str(tmp_path / "out.png"))
    assert result.returncode == 0, result.stderr
    assert_panels(read_png(tmp_path / "out.png"), photo, filters.PRESETS["sharpen"], "extend", False, 10)


# ---- live keys ---------------------------------------------------------------------

def check(sketch, kernel, **modes):
    frame = sketch.wait_for(panels_match(CAT, kernel, **modes))
    assert_panels(frame, CAT, kernel, **modes)
    return frame


def assert_panel_frames(frame, *args):
    """The thin frame around each panel is whole (the kernel between them is redrawn without touching it),
    where the sketch lays the panels out in its window (``args``: a command line showing the same)."""
    layout = layout_in(frame, *args)
    for panel in (layout.source, layout.output):
        rows, cols = slice(panel.y, panel.y + panel.h), slice(panel.x, panel.x + panel.w)
        for line in (frame[rows, panel.x - 3], frame[rows, panel.x + panel.w + 2],
                     frame[panel.y - 3, cols], frame[panel.y + panel.h + 2, cols]):
            assert np.all(line == pixels.TEXT_DIM)


def test_arrow_and_digit_keys_change_the_right_panel(live):
    sketch = live("--seed", "5")
    names = list(filters.PRESETS)
    presets = list(filters.PRESETS.values())
    learned = list(network.load(bundled.DOODLES).filters)   # after the presets come the learned filters
    check(sketch, presets[0])
    sketch.keys("Right")
    # The window keeps the size it opened at: each kernel is laid out in it as its own command line would be.
    assert_panel_frames(check(sketch, presets[1]), "--seed", "5", "--kernel", names[1])
    sketch.keys("Left", "Left")
    check(sketch, learned[-1])           # wrapped around to the last learned filter
    sketch.keys("Right")
    check(sketch, presets[0])
    sketch.keys("7")
    assert_panel_frames(check(sketch, presets[6]), "--seed", "5", "--kernel", names[6])
    assert sketch.alive() and "Traceback" not in sketch.stderr()


def test_r_rerolls_the_same_random_kernels_as_the_seed_says(live):
    sketch = live("--seed", "12", "--kernel", "sharpen")
    rng = np.random.default_rng(12)
    sketch.keys("r")
    check(sketch, filters.random_kernel(rng))
    sketch.keys("r")
    check(sketch, filters.random_kernel(rng))


def test_help_overlay_shows_and_hides(live):
    sketch = live("--kernel", "laplacian-8")
    kernel = filters.PRESETS["laplacian-8"]
    plain = check(sketch, kernel)
    args = ("--kernel", "laplacian-8")
    # As many pages as the sheet takes in this window (h turns them; past the last, the help goes).
    pages = common.help_page_count(key_map.help_lines("filter"), layout_in(plain, *args))
    assert pages >= 1

    def covered_by_help(frame):
        source, _, _ = panels(frame, CAT, args=args)
        return bool(source.mean() < 60)   # the dark help sheet lies over the bright cat

    # ? opens the sheet and closes it again.
    sketch.keys("question")
    sketch.wait_for(covered_by_help, what="the help sheet over the cat")
    sketch.keys("question")
    check(sketch, kernel)
    # h opens it, turns each page (each different, each over the cat), and closes it after the last.
    sketch.keys("h")
    shown = sketch.wait_for(covered_by_help, what="the help sheet's first page")
    for page in range(1, pages):
        sketch.keys("h")
        shown = sketch.wait_for(lambda frame, previous=shown: covered_by_help(frame)
                                and not np.array_equal(frame, previous),
                                what=f"the help sheet's page {page + 1} of {pages}")
    sketch.keys("h")
    check(sketch, kernel)


def test_s_saves_new_screenshots_and_never_overwrites(live, tmp_path):
    sketch = live("--kernel", "sobel-y")
    check(sketch, filters.PRESETS["sobel-y"])
    # The sketch says where each file went once it is written.
    sketch.keys("s")
    sketch.wait_for(lambda _: sketch.stdout().count("saved screenshot") >= 1)
    sketch.keys("s")
    sketch.wait_for(lambda _: sketch.stdout().count("saved screenshot") >= 2)
    shots = sorted(tmp_path.glob("convolution-*.png"))
    assert len(shots) == 2
    for shot in shots:
        assert_panels(read_png(shot), CAT, filters.PRESETS["sobel-y"])
        assert str(shot.resolve()) in sketch.stdout()


def test_q_quits_cleanly(live):
    sketch = live()
    check(sketch, filters.PRESETS["identity"])
    sketch.keys("q")
    assert sketch.wait_exit() == 0
    assert "Traceback" not in sketch.stderr()


def test_escape_quits_cleanly(live):
    sketch = live()
    check(sketch, filters.PRESETS["identity"])
    sketch.keys("Escape")
    assert sketch.wait_exit() == 0


# X11 key names the storm presses, and the key the demo sees for each (None: no meaning).
# Left out: q and Escape (they quit), s (files), a and space (they depend on time).
STORM_KEYS = {
    "Right": "RIGHT", "Left": "LEFT", "Up": "UP", "Down": "DOWN", "r": "r", "k": "k", "e": "e",
    "m": "m", "f": "f", "n": "n", "h": "h", "question": "?", "Tab": "TAB", "Return": "ENTER",
    "BackSpace": "BACKSPACE", "minus": "-", "period": ".", "plus": "+",
    **{str(d): str(d) for d in range(10)},
    "x": "x", "y": None, "F1": None, "Delete": None, "ctrl+c": None, "Home": None, "Insert": None,
}


def test_a_storm_of_random_keys_leaves_the_sketch_running_and_right(live):
    sketch = live("--seed", "3")
    check(sketch, filters.PRESETS["identity"])
    names = np.random.default_rng(2026).choice(list(STORM_KEYS), 300)
    # The same keys, applied to the demo's state without a window, say what must be on screen.
    replica, window = prepare(["--seed", "3"]).state, RecordingWindow()
    for name in names:
        if STORM_KEYS[name] is not None:
            press(replica, STORM_KEYS[name], window=window, view="filter")
    sketch.keys(*names, delay_ms=8)
    if window.asked.count("toggle blank") % 2:
        sketch.keys("b")                   # "." blanks the screen when slow motion is not running
    if replica.ui.show_help:
        sketch.keys("h")
    check(sketch, replica.kernel, edges=replica.edges, flip=replica.flip, mapping=replica.mapping)
    assert replica.kernel_name == "custom" and replica.edges != "skip"   # the storm reached the new keys
    assert sketch.alive()
    assert "Traceback" not in sketch.stderr() and "error" not in sketch.stderr()


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM"])
def test_ctrl_c_or_a_kill_in_the_terminal_ends_it_quietly(live, how):
    import signal
    sketch = live()
    check(sketch, filters.PRESETS["identity"])
    sketch.process.send_signal(getattr(signal, how))
    assert sketch.wait_exit() == 0
    assert sketch.stderr() == ""
