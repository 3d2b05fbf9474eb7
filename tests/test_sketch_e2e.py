"""The real sketch on a virtual screen: what it draws, read back pixel by pixel.

Each expected panel is built here from ``filters.convolve`` with the tests' own
enlargement and clamping, so the sketch's drawing code is checked, not reused.
"""

import numpy as np
import pytest
from PIL import Image

import demo
import filters
import images
import view
from live import LiveSketch, crop, read_png, run_sketch

CAT = images.load_image(images.DEFAULT_IMAGE)


def enlarged(rgb, scale):
    return np.kron(rgb, np.ones((scale, scale, 1), dtype=rgb.dtype))


def rgb_of(image):
    return np.dstack([image] * 3) if image.ndim == 2 else image


def expected_source(image, scale):
    return enlarged(rgb_of(image).astype(np.uint8), scale)


def expected_output(image, kernel, edges, flip, scale):
    """The convolution, clamped like a canvas, skipped border in the panel background."""
    kernel = np.asarray(kernel)
    sums = filters.convolve(image, kernel, edges, flip)
    shown = rgb_of(np.clip(np.rint(sums), 0, 255).astype(np.uint8)).copy()
    if edges == "skip":
        ry, rx = kernel.shape[0] // 2, kernel.shape[1] // 2
        inside = np.zeros(image.shape[:2], bool)
        inside[ry:image.shape[0] - ry, rx:image.shape[1] - rx] = True
        shown[~inside] = view.PANEL_BACKGROUND
    return enlarged(shown, scale)


def panels(frame, image, scale):
    layout = view.make_layout(image.shape[1], image.shape[0], scale)
    assert frame.shape[:2] == (layout.height, layout.width)
    return crop(frame, layout.source), crop(frame, layout.output)


def assert_panels(frame, image, kernel, edges="skip", flip=False, scale=10):
    source, output = panels(frame, image, scale)
    np.testing.assert_array_equal(source, expected_source(image, scale))
    np.testing.assert_array_equal(output, expected_output(image, kernel, edges, flip, scale))


def panels_match(image, kernel, edges="skip", flip=False, scale=10):
    """A condition for LiveSketch.wait_for: both panels show exactly this."""
    def condition(frame):
        try:
            assert_panels(frame, image, kernel, edges, flip, scale)
            return True
        except AssertionError:
            return False
    return condition


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

@pytest.fixture
def live(xserver, tmp_path):
    sketches = []

    def start(*args):
        sketch = LiveSketch(xserver, *args, cwd=tmp_path)
        sketches.append(sketch)
        return sketch

    yield start
    for sketch in sketches:
        sketch.stop()


def check(sketch, kernel, **modes):
    frame = sketch.wait_for(panels_match(CAT, kernel, **modes))
    assert_panels(frame, CAT, kernel, **modes)
    return frame


def test_arrow_and_digit_keys_change_the_right_panel(live):
    sketch = live("--seed", "5")
    presets = list(filters.PRESETS.values())
    check(sketch, presets[0])
    sketch.keys("Right")
    check(sketch, presets[1])
    sketch.keys("Left", "Left")
    check(sketch, presets[-1])           # wrapped around to the last preset
    sketch.keys("Right")
    check(sketch, presets[0])
    sketch.keys("7")
    check(sketch, presets[6])
    assert sketch.alive() and "Traceback" not in sketch.stderr()


def test_r_rerolls_the_same_random_kernels_as_the_seed_says(live):
    sketch = live("--seed", "12", "--kernel", "sharpen")
    rng = np.random.default_rng(12)
    sketch.keys("r")
    check(sketch, filters.random_kernel(rng))
    sketch.keys("r")
    check(sketch, filters.random_kernel(rng))


def test_help_overlay_shows_and_hides(live):
    sketch = live("--kernel", "outline" if "outline" in filters.PRESETS else "laplacian-8")
    kernel = filters.PRESETS["laplacian-8"]
    plain = check(sketch, kernel)
    sketch.keys("h")
    covered = sketch.wait_for(lambda frame: not np.array_equal(frame, plain))
    source, _ = panels(covered, CAT, 10)
    assert source.mean() < 60            # the dark help sheet lies over the bright cat
    sketch.keys("question")
    check(sketch, kernel)


def test_s_saves_new_screenshots_and_never_overwrites(live, tmp_path):
    sketch = live("--kernel", "sobel-y")
    check(sketch, filters.PRESETS["sobel-y"])
    sketch.keys("s")
    sketch.wait_for(lambda _: len(list(tmp_path.glob("convolution-*.png"))) >= 1)
    sketch.keys("s")
    sketch.wait_for(lambda _: len(list(tmp_path.glob("convolution-*.png"))) >= 2)
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


# X11 key names the storm presses, and the key the demo sees for each.
STORM_KEYS = {
    "Right": "RIGHT", "Left": "LEFT", "r": "r", "h": "h", "question": "?",
    **{str(d): str(d) for d in range(10)},
    "Up": None, "Down": None, "space": None, "Return": None, "Tab": None, "BackSpace": None,
    "x": None, "F1": None, "Delete": None, "ctrl+c": None, "Home": None, "minus": None,
}


def test_a_storm_of_random_keys_leaves_the_sketch_running_and_right(live):
    sketch = live("--seed", "3")
    check(sketch, filters.PRESETS["identity"])
    names = np.random.default_rng(2026).choice(list(STORM_KEYS), 300)
    # The same keys, applied to the demo's state without a window, say what must be on screen.
    replica = demo.new_demo(CAT, seed=3)
    for name in names:
        if STORM_KEYS[name] is not None:
            demo.press(replica, STORM_KEYS[name])
    sketch.keys(*names, delay_ms=8)
    if replica.show_help:
        sketch.keys("h")
    check(sketch, replica.kernel)
    assert sketch.alive()
    assert "Traceback" not in sketch.stderr() and "error" not in sketch.stderr()
