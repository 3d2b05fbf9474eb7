"""The command line: options, and one clear line for every mistake (no Java or window needed)."""

import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

import cli
import filters
from conftest import ROOT


def run_without_display(*args, cwd=None):
    """Run sketch.py with no display at all, as on a headless server."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([sys.executable, str(ROOT / "sketch.py"), *args], capture_output=True,
                          text=True, timeout=60, env=env, cwd=cwd)


def assert_one_line_error(result, *fragments):
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def test_help_lists_every_option_without_starting_java():
    result = run_without_display("--help")
    assert result.returncode == 0
    for option in ["--image", "--kernel", "--scale", "--edges", "--seed", "--save", "--flip"]:
        assert option in result.stdout


def test_defaults_are_the_bundled_cat_identity_skip_and_10x():
    state, layout, save_target = cli.prepare([])
    assert state.kernel_name == "identity" and state.edges == "skip"
    assert state.image.shape == (28, 28)
    assert layout.scale == 10 and layout.source.w == 280
    assert save_target is None


def test_options_reach_the_demo(tmp_path):
    state, layout, save_target = cli.prepare(["--kernel", "Sobel_X", "--edges", "wrap", "--scale", "2",
                                              "--flip", "--save", str(tmp_path / "x.png")])
    assert state.kernel_name == "sobel-x" and state.edges == "wrap" and state.flip
    assert layout.source.w == 56
    assert save_target == tmp_path / "x.png"
    np.testing.assert_array_equal(state.output, filters.convolve(state.image, filters.PRESETS["sobel-x"],
                                                                 "wrap", flip=True))


def test_a_seed_repeats_the_random_kernel():
    first = cli.prepare(["--kernel", "random", "--seed", "42"])[0].kernel
    again = cli.prepare(["--kernel", "random", "--seed", "42"])[0].kernel
    np.testing.assert_array_equal(first, again)


def test_another_image_sets_the_panel_size(tmp_path):
    path = tmp_path / "wide.png"
    Image.fromarray(np.zeros((20, 50, 3), np.uint8)).save(path)
    state, layout, _ = cli.prepare(["--image", str(path)])
    assert (layout.source.w, layout.source.h) == (500, 200)
    assert state.image.shape == (20, 50)        # black RGB is grey


def test_an_unknown_kernel_lists_the_valid_names():
    result = run_without_display("--kernel", "blurry")
    assert_one_line_error(result, "unknown kernel 'blurry'", "sobel-x", "gaussian-5x5", "random")


@pytest.mark.parametrize("args, says", [
    (["--edges", "mirror"], "invalid choice: 'mirror'"),
    (["--scale", "0"], "must be 1 or more"),
    (["--scale", "big"], "not a whole number"),
    (["--scale", "900"], "too large to open"),
    (["--image", "no/such/cat.png"], "image file not found"),
    (["--save", "no/such/folder/out.png"], "does not exist"),
    (["--save", "out.jpg"], "must end in .png"),
])
def test_bad_options_get_one_line_that_says_what_to_do(args, says):
    assert_one_line_error(run_without_display(*args), says)


def test_save_never_overwrites_a_file_unless_asked(tmp_path):
    precious = tmp_path / "slide.png"
    precious.write_bytes(b"the teacher's slide")
    result = run_without_display("--save", str(precious))
    assert_one_line_error(result, "exists", "--overwrite")
    assert precious.read_bytes() == b"the teacher's slide"


def test_no_display_is_explained_with_the_headless_command(tmp_path):
    result = run_without_display("--save", str(tmp_path / "out.png"))
    assert_one_line_error(result, "no display", "xvfb-run -a python sketch.py --save out.png")
    assert len(result.stderr.strip().splitlines()) == 1
