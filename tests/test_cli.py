"""The command line: options, and one clear line for every mistake (no Java or window needed)."""

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import filters
from convolution.app import cli
from convolution.app.options import MAX_WINDOW_SIDE, check_save_target, check_window, largest_scale, prepare
from convolution.files import kernel_text
from convolution.screen import geometry, texts
from convolution.screen.views import filter as filter_view
from convolution.state import demo
from tests.helpers.commands import assert_one_line_error, empty_png, run_without_display


def test_help_lists_every_option_without_starting_java():
    result = run_without_display("--help")
    assert result.returncode == 0
    for option in ["--image", "--kernel", "--scale", "--edges", "--seed", "--save", "--flip"]:
        assert option in result.stdout


def test_defaults_are_the_bundled_cat_identity_skip_and_10x():
    options = prepare([])
    state, layout, save_target = options.state, options.layout, options.save_target
    assert state.kernel_name == "identity" and state.edges == "skip"
    assert state.image.shape == (28, 28)
    assert layout.scale == 10 and layout.source.w == 280
    assert save_target is None


def test_options_reach_the_demo(tmp_path):
    options = prepare(["--kernel", "Sobel_X", "--edges", "wrap", "--scale", "2",
                           "--flip", "--save", str(tmp_path / "x.png")])
    state, layout, save_target = options.state, options.layout, options.save_target
    assert state.kernel_name == "sobel-x" and state.edges == "wrap" and state.flip
    assert layout.source.w == 56
    assert save_target == tmp_path / "x.png"
    np.testing.assert_array_equal(state.output, filters.convolve(state.image, filters.PRESETS["sobel-x"],
                                                                 "wrap", flip=True))


def test_a_seed_repeats_the_random_kernel():
    first = prepare(["--kernel", "random", "--seed", "42"]).state.kernel
    again = prepare(["--kernel", "random", "--seed", "42"]).state.kernel
    np.testing.assert_array_equal(first, again)


def test_another_image_sets_the_panel_size(tmp_path):
    path = tmp_path / "wide.png"
    Image.fromarray(np.zeros((20, 50, 3), np.uint8)).save(path)
    options = prepare(["--image", str(path)])
    state, layout = options.state, options.layout
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


def test_no_display_is_explained_with_the_headless_command():
    result = run_without_display("--kernel", "sobel-x")
    assert_one_line_error(result, "no display", "python sketch.py --save out.png")
    assert len(result.stderr.strip().splitlines()) == 1


def test_save_without_a_display_paints_offscreen_without_java(tmp_path):
    """The headless command the error suggests works: the picture is the view's own size, the cat on it."""
    out = tmp_path / "out.png"
    result = run_without_display("--kernel", "sobel-x", "--size", "1000x700", "--save", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and Image.open(out).size == (1000, 700)


def test_help_explains_the_new_options():
    result = run_without_display("--help")
    assert result.returncode == 0
    flat = " ".join(result.stdout.split())
    for words in ["--index N", "--invert", ".npy", ".bin", "/ 16", "255 - v"]:
        assert words in flat


# --------------------------------------------------------------------------
# --kernel: preset names and weights written out
# --------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("0 -1 0; -1 5 -1; 0 -1 0", [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    ("1 2 1; 2 4 2; 1 2 1 / 16", np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16),
    ("1,2,1;2,4,2;1,2,1/16", np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16),
    ("1, 0, -1 ; 2, 0, -2 ; 1, 0, -1", [[1, 0, -1], [2, 0, -2], [1, 0, -1]]),
    ("  -0.5 .25 1e-1; 0 1 0;  +2 -3.5 0;  ", [[-0.5, 0.25, 0.1], [0, 1, 0], [2, -3.5, 0]]),
    ("0 \u22121 0; \u22121 5 \u22121; 0 \u22121 0", [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),   # README's minus
    ("1 2 1", [[1, 2, 1]]),
    ("2", [[2]]),
    ("1 1 1; 1 1 1; 1 1 1 / -9", -np.ones((3, 3)) / 9),
    ("1 2 3 4 5 6 7; " * 6 + "1 2 3 4 5 6 7 / 100", np.tile(np.arange(1, 8), (7, 1)) / 100),
])
def test_weights_written_as_text_are_read_exactly(text, expected):
    kernel = kernel_text.parse_kernel_text(text)
    assert kernel.dtype == np.float64
    np.testing.assert_allclose(kernel, expected, rtol=0, atol=1e-15)


@pytest.mark.parametrize("text, says", [
    ("1 2 1; 2 4; 1 2 1", "row 2 has 2 numbers, row 1 has 3"),
    ("1 2 1; 2 4 2 9; 1 2 1", "row 2 has 4 numbers, row 1 has 3"),
    ("1; 2 3; 4", "row 2 has 2 numbers, row 1 has 1 number"),
    ("1 x 1; 2 4 2; 1 2 1", "'x' in row 1 is not a number"),
    ("1 2 1; 2 4 2; 1 2 one", "'one' in row 3 is not a number"),
    ("1 - 1", "'-' in row 1 is not a number"),
    ("1 2 1; 2 nan 2; 1 2 1", "'nan' in row 2 is not a finite number"),
    ("1 2 1; 2 inf 2; 1 2 1", "'inf' in row 2 is not a finite number"),
    ("1 2 1; 2 1e999 2; 1 2 1", "'1e999' in row 2 is not a finite number"),
    ("1 1; 1 1", "the kernel is 2\u00d72: it needs an odd number of rows and of columns"),
    ("1 1 1; 1 1 1", "the kernel is 2\u00d73"),
    ("1 2 1; 2 4 2; 1 2 1 / 0", "'/ 0' would divide by zero"),
    ("1 2 1; 2 4 2; 1 2 1 / 0.0", "would divide by zero"),
    ("1 2 1; 2 4 2; 1 2 1 /", "nothing after '/'"),
    ("1 2 1; 2 4 2; 1 2 1 / sixteen", "'sixteen' after '/' is not a number"),
    ("1 2 1 / 4; 2 4 2", "'/ N' must come at the end"),
    ("1 2 1; 2 4 2; 1 2 1 / 4 / 4", "at most one '/ N'"),
    ("1 2 1;; 1 2 1", "row 2 is empty"),
    ("; 1 2 1", "row 1 is empty"),
    ("1,,2", "row 1 ('1,,2') has an empty place between commas"),
    ("", "no weights given"),
    ("/ 2", "no weights given"),
    ("; ".join(["1 " * 9] * 9), "the kernel is 9\u00d79: the sketch shows kernels up to 7\u00d77"),
    ("0 0 0; 0 100 0; 0 0 0", "a weight of 100 is too large"),
    ("1e300 0 0 / 1e-300", "dividing by 1e-300 makes the weights too large"),
])
def test_weights_with_a_mistake_get_a_message_that_points_at_it(text, says):
    with pytest.raises(ValueError) as caught:
        kernel_text.parse_kernel_text(text)
    assert says in str(caught.value)
    assert "\n" not in str(caught.value)


def test_weights_are_never_evaluated_as_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "ran"
    text = "__import__('pathlib').Path('ran').touch() 0 0"
    with pytest.raises(ValueError, match="is not a number"):
        kernel_text.parse_kernel_text(text)
    with pytest.raises(ValueError):
        kernel_text.parse_kernel_text("1 2 1; 2 4 2; 1 2 1 / (lambda: 16)()")
    assert not marker.exists()


@pytest.mark.parametrize("text", ["SHARPEN", "Box Blur 3x3", "gaussian_5x5", " Laplacian-8 ", "RANDOM"])
def test_preset_names_still_work_in_any_case(text):
    assert cli.kernel_choice(text) in [*filters.PRESETS, "random"]


@pytest.mark.parametrize("text, is_numbers", [
    ("sharpen", False), ("gaussian-7x7", False), ("laplacian 6", False), ("",  False),
    ("1 2 1", True), ("-1 0 1", True), ("x 1; 2 3", True), ("1,2,1", True), ("/ 2", True), (".5", True),
])
def test_weights_are_told_apart_from_names(text, is_numbers):
    assert kernel_text.looks_like_numbers(text) is is_numbers


def test_weights_on_the_command_line_become_a_custom_kernel():
    state = prepare(["--kernel", "0 -1 0; -1 5 -1; 0 -1 0", "--edges", "zero"]).state
    assert state.kernel_name == "custom"
    np.testing.assert_array_equal(state.kernel, [[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
    np.testing.assert_array_equal(state.output, filters.convolve(state.image, filters.PRESETS["sharpen"], "zero"))


@pytest.mark.parametrize("argv", [
    ["--kernel", "-1 0 1; -2 0 2; -1 0 1"],      # spaces: argparse takes it as a value
    ["--kernel=-1,0,1;-2,0,2;-1,0,1"],           # no spaces: needs the = form
])
def test_weights_that_start_negative_are_accepted(argv):
    state = prepare(argv).state
    np.testing.assert_array_equal(state.kernel, [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])


def test_a_name_that_is_no_preset_also_suggests_weights():
    with pytest.raises(Exception, match="unknown kernel 'gaussian-7x7': choose one of .*or weights such as"):
        cli.kernel_choice("gaussian-7x7")


@pytest.mark.parametrize("text, says", [
    ("1 2; 3 4 5", "argument --kernel: row 2 has 3 numbers, row 1 has 2 numbers"),
    ("1 2 1; 2 x 2; 1 2 1", "'x' in row 2 is not a number"),
    ("1 2 1; 2 4 2; 1 2 1 / 0", "divide by zero"),
    ("1 1; 1 1", "2\u00d72"),
])
def test_bad_weights_from_the_command_line_are_one_line(text, says):
    assert_one_line_error(run_without_display("--kernel", text), says)


# --------------------------------------------------------------------------
# --image: sizes
# --------------------------------------------------------------------------

def save_png(tmp_path, array, name="picture.png"):
    path = tmp_path / name
    Image.fromarray(np.asarray(array, np.uint8)).save(path)
    return path



@pytest.mark.parametrize("shape, says", [
    ((1, 1), "the image is 1\u00d71 pixels, too small to filter: use one of at least 3\u00d73"),
    ((2, 5), "the image is 5\u00d72 pixels, too small"),
    ((40, 2), "the image is 2\u00d740 pixels, too small"),
])
def test_a_tiny_image_is_refused_with_the_minimum_size(tmp_path, shape, says):
    with pytest.raises(ValueError, match=says):
        prepare(["--image", str(save_png(tmp_path, np.zeros(shape)))])


def test_a_0x0_image_is_refused_from_the_command_line(tmp_path):
    assert_one_line_error(run_without_display("--image", str(empty_png(tmp_path))),
                          "0\u00d70 pixels, too small", "at least 3\u00d73")


def test_a_3x3_image_is_just_big_enough(tmp_path):
    state = prepare(["--image", str(save_png(tmp_path, np.full((3, 3), 200)))]).state
    assert state.image.shape == (3, 3)


def test_an_image_smaller_than_the_kernel_names_both_sizes(tmp_path):
    path = save_png(tmp_path, np.zeros((4, 6)))
    with pytest.raises(ValueError, match="the image is 6\u00d74 pixels, smaller than the 5\u00d75 kernel "
                                         "gaussian-5x5: use a larger image or a smaller kernel"):
        prepare(["--image", str(path), "--kernel", "gaussian-5x5"])
    with pytest.raises(ValueError, match="smaller than the 7\u00d71 kernel:"):
        prepare(["--image", str(path), "--kernel", "1 1 1 1 1 1 1"])
    assert prepare(["--image", str(path), "--kernel", "sharpen"]).state.image.shape == (4, 6)


def test_an_image_smaller_than_the_kernel_from_the_command_line(tmp_path):
    path = save_png(tmp_path, np.zeros((3, 3)))
    assert_one_line_error(run_without_display("--image", str(path), "--kernel", "box-blur-5x5"),
                          "3\u00d73 pixels, smaller than the 5\u00d75 kernel box-blur-5x5")


@pytest.mark.parametrize("height, width, fitted", [
    (1080, 1920, (428, 760)),
    (3000, 500, (760, 127)),
    (761, 761, (760, 760)),
    (5, 4000, (3, 760)),          # a long thin strip keeps 3 rows
])
def test_a_large_image_is_scaled_down_to_fit_at_scale_1(tmp_path, height, width, fitted):
    colour = np.zeros((height, width, 3), np.uint8)
    colour[..., 0] = 200
    colour[: height // 2, :, 2] = 90
    options = prepare(["--image", str(save_png(tmp_path, colour))])
    state, layout = options.state, options.layout
    assert state.image.shape[:2] == fitted
    assert texts.source_note(state) == f"scaled down from {width}\u00d7{height} to {fitted[1]}\u00d7{fitted[0]}"
    assert layout.scale == 1
    assert layout.source.w <= geometry.MAX_AUTO_PANEL and layout.source.h <= geometry.MAX_AUTO_PANEL
    assert layout.output.w <= geometry.MAX_AUTO_PANEL and layout.output.h <= geometry.MAX_AUTO_PANEL
    assert max(layout.width, layout.height) <= MAX_WINDOW_SIDE
    assert abs(int(state.image[..., 0].mean()) - 200) <= 1         # the picture, not a crop of it
    np.testing.assert_array_equal(state.output, filters.convolve(state.image, filters.PRESETS["identity"]))


def test_an_image_that_fits_is_not_scaled_and_has_no_note(tmp_path):
    options = prepare(["--image", str(save_png(tmp_path, np.zeros((760, 300))))])
    state, layout = options.state, options.layout
    assert state.image.shape == (760, 300) and texts.source_note(state) == "" and layout.scale == 1


def test_invert_applies_to_any_image_and_is_what_gets_filtered(tmp_path):
    grey = np.random.default_rng(4).integers(0, 256, (9, 12)).astype(np.uint8)
    state = prepare(["--image", str(save_png(tmp_path, grey)), "--invert", "--kernel", "sobel-x"]).state
    np.testing.assert_array_equal(state.image, 255 - grey)
    assert state.inverted and state.drawings is None
    np.testing.assert_array_equal(state.output, filters.convolve(255 - grey, filters.PRESETS["sobel-x"]))


def test_without_invert_the_file_is_shown_as_it_is(tmp_path):
    grey = np.random.default_rng(5).integers(0, 256, (9, 12)).astype(np.uint8)
    state = prepare(["--image", str(save_png(tmp_path, grey))]).state
    np.testing.assert_array_equal(state.image, grey)
    assert not state.inverted


# --------------------------------------------------------------------------
# --scale
# --------------------------------------------------------------------------

@pytest.mark.parametrize("value, says", [
    ("0", "must be 1 or more, got 0"),
    ("-3", "must be 1 or more, got -3"),
    ("2.5", "'2.5' is not a whole number"),
    ("900", "use --scale 278 or less"),
    ("10" * 30, "use --scale 278 or less"),
])
def test_a_bad_scale_says_what_to_use_instead(value, says):
    assert_one_line_error(run_without_display("--scale", value), says)


def blank_demo(width, height, **modes):
    return demo.new_demo(np.zeros((height, width), np.uint8), **modes)


def test_the_largest_scale_is_the_largest_window_that_opens():
    for width, height in [(28, 28), (50, 20), (760, 428), (3, 700)]:
        state = blank_demo(width, height)
        best = largest_scale(filter_view, state)
        assert best >= 1
        fits = filter_view.make_layout(width, height, best)
        too_big = filter_view.make_layout(width, height, best + 1)
        assert max(fits.width, fits.height) <= MAX_WINDOW_SIDE < max(too_big.width, too_big.height)
        check_window(filter_view, state, best)
        with pytest.raises(ValueError, match=f"use --scale {best} or less"):
            check_window(filter_view, state, best + 1)


def test_an_absurd_scale_does_not_print_an_absurd_window_size():
    with pytest.raises(ValueError) as caught:
        check_window(filter_view, blank_demo(28, 28), 10 ** 40)
    assert len(str(caught.value)) < 200 and "use --scale 278 or less" in str(caught.value)


# --------------------------------------------------------------------------
# --save
# --------------------------------------------------------------------------

def test_save_into_a_folder_you_cannot_write_is_refused(tmp_path, monkeypatch):
    # Root (as in CI) may write anywhere, so stand in for the operating system's refusal.
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if str(path) == str(locked) else real_access(path, mode))
    with pytest.raises(ValueError, match=f"no permission to write in the folder {locked}"):
        check_save_target(locked / "out.png", overwrite=False)
    assert check_save_target(tmp_path / "out.png", overwrite=False) == tmp_path / "out.png"


def test_save_over_a_file_you_cannot_replace_is_refused(tmp_path, monkeypatch):
    target = tmp_path / "slide.png"
    target.write_bytes(b"old")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if str(path) == str(target) else real_access(path, mode))
    with pytest.raises(ValueError, match="no permission to replace that file"):
        check_save_target(target, overwrite=True)


@pytest.mark.parametrize("name", ["slides", "frame.png"])
def test_save_to_a_folder_says_it_is_a_folder(tmp_path, name):
    (tmp_path / name).mkdir()
    assert_one_line_error(run_without_display("--save", str(tmp_path / name)),
                          "that is a folder; give a file name ending in .png")


def test_save_in_the_current_folder_is_fine(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert check_save_target(Path("out.png"), overwrite=False) == Path("out.png")
