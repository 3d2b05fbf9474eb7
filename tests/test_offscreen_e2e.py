"""One scene, painted twice: --save with no display paints offscreen what the window paints.

Each command is run twice: with no display at all (no Java starts: Pillow paints the view's scene) and on
a virtual screen (the window paints the same scene through py5, and --save reads the window's pixels
back). Outside the text the two pictures are the same pixel for pixel, within the smoothing of a
rectangle's outline; every picture in the scene (the drawing, the maps, the kernels' tints) is identical.
"""

import time

import numpy as np
import pytest

from convolution.app.options import prepare
from convolution.app.session import Session
from tests.helpers.commands import run_without_display
from tests.helpers.live import read_png, run_sketch

COMMANDS = {
    "network": ["--view", "network", "--size", "1280x800"],
    "filter": ["--kernel", "gaussian-5x5", "--pool", "2", "--size", "1280x800"],
    "layer": ["--view", "layer", "--size", "1280x800"],
    "teach": ["--classes", "circle,square,triangle", "--size", "1280x800"],
    "light": ["--view", "network", "--theme", "light", "--size", "1024x768"],
}


def scene_of(args):
    """The scene the session builds for ``args``, built here in the test's own process."""
    options = prepare(args)
    return Session(options.state, options.view, options.scale, None, theme=options.theme, size=options.size).scene()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_save_without_a_display_paints_what_the_window_paints(name, xserver, tmp_path):
    args = COMMANDS[name]
    started = time.monotonic()
    offscreen = run_without_display(*args, "--save", "offscreen.png", cwd=tmp_path)
    seconds = time.monotonic() - started
    assert offscreen.returncode == 0 and offscreen.stderr == "", offscreen.stderr
    assert seconds < 15, f"painting offscreen took {seconds:.1f} s"
    window = run_sketch(xserver, *args, "--save", "window.png", cwd=tmp_path)
    assert window.returncode == 0 and "Traceback" not in window.stderr, window.stderr
    painted, shown = read_png(tmp_path / "offscreen.png").astype(int), read_png(tmp_path / "window.png").astype(int)
    scene = scene_of(args)
    assert painted.shape == shown.shape == (scene.height, scene.width, 3)
    for picture in scene.pictures():
        box = picture.box()
        np.testing.assert_array_equal(painted[box.y:box.y + box.h, box.x:box.x + box.w],
                                      shown[box.y:box.y + box.h, box.x:box.x + box.w], err_msg=f"picture at {box}")
    outside_text = np.ones(painted.shape[:2], bool)
    for text in scene.texts():
        reach = text.reach()
        outside_text[max(0, reach.y):reach.y + reach.h, max(0, reach.x):reach.x + reach.w] = False
    error = np.abs(painted - shown).max(axis=2)[outside_text]
    assert error.max() <= 3, f"{np.count_nonzero(error > 3)} pixels outside text differ by more than 3 levels"
    assert outside_text.mean() > 0.5 and len(scene.texts()) > 5   # the comparison covers most of the picture
