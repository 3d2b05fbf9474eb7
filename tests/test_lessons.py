"""Lesson plans: reading a TOML lesson, one clear line for every mistake in it, and stepping through it."""

import dataclasses
import re
import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

import filters
from convolution.app.options import prepare
from convolution.classroom import lessons
from convolution.classroom.lessons import LessonError, LessonPlayer, apply_step, load_lesson
from convolution.files import images, kernel_text
from convolution.screen import views
from convolution.state import demo, probe
from tests.helpers.paths import ROOT

SHIPPED = ROOT / "lessons" / "coding-train.toml"
CAT = np.asarray(Image.open(ROOT / "assets" / "cat.png").convert("L"))   # read here, not through images.py


def write(tmp_path, text, name="lesson.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(path, **options) -> str:
    """The one-line message load_lesson gives for ``path``."""
    with pytest.raises(LessonError) as caught:
        load_lesson(path, **options)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def quickdraw_bin(tmp_path, count=3, name="cats.bin"):
    """A .bin of ``count`` made-up 28×28 drawings (drawing i has a bright square in row 2i), and the drawings."""
    drawings = np.zeros((count, 28, 28), np.uint8)
    for i in range(count):
        drawings[i, 2 * i:2 * i + 6, 5:15] = 255
    path = tmp_path / name
    path.write_bytes(drawings.tobytes())
    return path, drawings


def fresh_state():
    return prepare([]).state   # the sketch's defaults: the bundled cat, identity, skip


def expected_kernel(step):
    """The step's weights worked out here: the preset's table, the seeded random kernel, or the weights given."""
    if isinstance(step.kernel, np.ndarray):
        return np.asarray(step.kernel)
    if step.kernel == "random":
        return filters.random_kernel(np.random.default_rng(step.seed))
    return filters.PRESETS[step.kernel]


def assert_shows(state, step, image=CAT):
    """``state`` shows ``step``: its output, feature map, what is drawn and the pooled map, computed here."""
    kernel = expected_kernel(step)
    for move in step.probe:   # a step that moves the drawing (tests/test_probe.py checks the moves)
        image = probe.apply(image, move)
    output = filters.convolve(image, kernel, step.edges, step.flip)
    feature = np.maximum(output, 0) if step.relu else output
    computed = filters.computed_mask(image.shape, kernel.shape, step.edges)
    np.testing.assert_array_equal(state.image, image)
    np.testing.assert_array_equal(state.kernel, kernel)
    np.testing.assert_array_equal(state.output, output)
    np.testing.assert_array_equal(state.computed, computed)
    np.testing.assert_array_equal(state.display, filters.to_display(feature, step.values, computed))
    if step.values == "clamp":
        np.testing.assert_array_equal(state.display, np.clip(np.rint(feature), 0, 255).astype(np.uint8))
    assert (state.edges, state.flip, state.mapping, state.relu) == (step.edges, step.flip, step.values, step.relu)
    assert (state.pool, state.pool_mode) == (step.pool, step.pool_mode)
    if step.pool:
        np.testing.assert_array_equal(state.pooled, filters.pool(feature, step.pool, how=step.pool_mode))
    else:
        assert state.pooled is None


# --------------------------------------------------------------------------
# The shipped lesson
# --------------------------------------------------------------------------

def test_the_shipped_lesson_loads_and_every_step_shows_what_it_says():
    lesson = load_lesson(SHIPPED)
    assert lesson.title == "Convolution, from the cat to a CNN" and lesson.path == SHIPPED
    assert [step.number for step in lesson.steps] == list(range(1, len(lesson.steps) + 1))
    state = fresh_state()
    for step in lesson.steps:
        assert apply_step(state, step) == step.view
        assert step.caption
        assert_shows(state, step)
    # Part 2, then a trained network and the drawing moved to probe it, then lesson 8.4: classes of your own
    views = [step.view for step in lesson.steps]
    assert views[-8:] == ["layer"] + ["network"] * 5 + ["teach", "teach"]
    assert {step.view for step in lesson.steps[:-8]} == {"filter"}
    assert [bool(step.probe) for step in lesson.steps[-7:-2]] == [False, True, True, True, False]


def test_the_shipped_lesson_walks_through_the_coding_train_lesson():
    steps = load_lesson(SHIPPED).steps
    kernels = [step.kernel for step in steps]
    for name in ["identity", "vertical-edge", "horizontal-edge", "random", "sobel-x", "gaussian-3x3", "sharpen"]:
        assert name in kernels
    assert steps[0].kernel == "identity"
    edges = [(step.kernel, step.edges) for step in steps]
    start = edges.index(("vertical-edge", "zero")) - 1   # skip, then zero, then reflect, with one kernel
    expected = [("vertical-edge", "skip"), ("vertical-edge", "zero"), ("vertical-edge", "reflect")]
    assert edges[start:start + 3] == expected
    assert any(step.flip for step in steps)
    assert {"absolute", "signed"} <= {step.values for step in steps}
    assert any(step.relu for step in steps)
    assert ("max", 2) in {(step.pool_mode, step.pool) for step in steps}
    assert "average" in {step.pool_mode for step in steps if step.pool}
    random_step = steps[kernels.index("random")]
    assert random_step.seed is not None
    assert "seed" in SHIPPED.read_text(encoding="utf-8")   # seeded in the file, not at load time


def test_the_shipped_lesson_uses_only_the_bundled_cat():
    text = SHIPPED.read_text(encoding="utf-8")
    assert "shared" not in text
    assert {step.image for step in load_lesson(SHIPPED).steps} == {images.DEFAULT_IMAGE.resolve()}


def test_a_step_with_a_view_that_does_not_exist_is_refused_naming_the_views(tmp_path):
    path = write(tmp_path, '[[step]]\nview = "hologram"\n')
    assert f"unknown view 'hologram': choose one of {', '.join(views.VIEWS)}" in error_for(path)


# --------------------------------------------------------------------------
# What a step keeps from the step before
# --------------------------------------------------------------------------

def test_the_first_step_starts_from_the_sketchs_defaults(tmp_path):
    step, = load_lesson(write(tmp_path, '[[step]]\ncaption = "hello"\n')).steps
    assert (step.number, step.caption, step.image, step.index, step.invert) == (1, "hello", None, None, False)
    assert (step.kernel, step.seed, step.view, step.edges, step.values) == ("identity", None, "filter", "skip", "clamp")
    assert (step.flip, step.relu, step.pool, step.pool_mode) == (False, False, 0, "max")


def test_a_step_keeps_what_the_step_before_had_except_its_caption(tmp_path):
    path = write(tmp_path, """
        [[step]]
        caption = "sobel with zero padding"
        kernel = "Sobel_X"
        edges = "zero"
        values = "absolute"
        flip = true
        relu = true
        pool = 3
        pool_mode = "average"
        [[step]]
        edges = "wrap"
    """)
    first, second = load_lesson(path).steps
    assert first.kernel == second.kernel == "sobel-x"            # any case, _ or -, as --kernel
    assert (second.edges, second.values, second.flip, second.relu) == ("wrap", "absolute", True, True)
    assert (second.pool, second.pool_mode) == (3, "average")
    assert second.caption == ""                                   # a caption belongs to its step
    state = fresh_state()
    apply_step(state, second)
    assert_shows(state, second)


def test_index_goes_with_image_and_seed_goes_with_kernel(tmp_path):
    cats, drawings = quickdraw_bin(tmp_path, 4)
    quickdraw_bin(tmp_path, 2, "dogs.bin")
    path = write(tmp_path, """
        [[step]]
        image = "cats.bin"
        index = 3
        kernel = "random"
        seed = 5
        [[step]]
        edges = "zero"
        [[step]]
        image = "dogs.bin"
        kernel = "sharpen"
        [[step]]
        index = 1
        seed = 9
    """)
    steps = load_lesson(path).steps
    assert [step.index for step in steps] == [3, 3, None, 1]
    assert [step.seed for step in steps] == [5, 5, None, 9]
    assert [step.kernel for step in steps] == ["random", "random", "sharpen", "sharpen"]
    assert steps[0].image == steps[1].image == cats.resolve()
    assert steps[2].image == steps[3].image == (tmp_path / "dogs.bin").resolve()
    state = fresh_state()
    apply_step(state, steps[1])
    np.testing.assert_array_equal(state.kernel, filters.random_kernel(np.random.default_rng(5)))
    np.testing.assert_array_equal(state.image, drawings[3])
    assert state.drawing_index == 3 and state.drawings.shape == (4, 28, 28)


def test_a_random_kernel_without_a_seed_is_the_same_each_time_its_step_is_shown(tmp_path):
    path = write(tmp_path, '[[step]]\nkernel = "random"\n[[step]]\nedges = "reflect"\n[[step]]\nkernel = "random"\n')
    first, second, third = load_lesson(path).steps
    assert first.seed is not None and second.seed == first.seed   # given at load time, kept with the kernel
    assert third.seed is not None
    state = fresh_state()
    player = LessonPlayer(load_lesson(path))
    player.forward(state)
    rolled = state.kernel.copy()
    player.forward(state)
    np.testing.assert_array_equal(state.kernel, rolled)           # step 2 keeps step 1's kernel
    player.back(state)
    np.testing.assert_array_equal(state.kernel, rolled)


def test_a_seed_reseeds_the_random_numbers_so_r_repeats_too(tmp_path):
    step, = load_lesson(write(tmp_path, '[[step]]\nkernel = "random"\nseed = 42\n')).steps
    state = fresh_state()
    demo.reroll(state)
    apply_step(state, step)
    expected = np.random.default_rng(42)
    np.testing.assert_array_equal(state.kernel, filters.random_kernel(expected))
    assert state.kernel_name == demo.RANDOM
    demo.reroll(state)                                            # r after the step: the seed's next kernel
    np.testing.assert_array_equal(state.kernel, filters.random_kernel(expected))


@pytest.mark.parametrize("written", [
    '"1 2 1; 2 4 2; 1 2 1 / 16"',
    '"""\n1 2 1\n2 4 2\n1 2 1 / 16\n"""',
    '"""\n1 2 1;\n2 4 2;\n1 2 1 / 16"""',
])
def test_weights_can_be_written_as_text_on_one_line_or_several(tmp_path, written):
    step, = load_lesson(write(tmp_path, f"[[step]]\nkernel = {written}\n")).steps
    np.testing.assert_array_equal(step.kernel, kernel_text.parse_kernel_text("1 2 1; 2 4 2; 1 2 1 / 16"))
    assert step.kernel.dtype == np.float64 and not step.kernel.flags.writeable
    state = fresh_state()
    apply_step(state, step)
    assert state.kernel_name == demo.CUSTOM and state.custom_from == "the lesson"
    assert state.kernel.flags.writeable                            # the window may edit its own copy
    assert_shows(state, step)


def test_weights_can_be_a_toml_array_of_rows(tmp_path):
    step, = load_lesson(write(tmp_path, "[[step]]\nkernel = [[0, -1, 0], [-1, 5, -1], [0, -1, 0.5]]\n")).steps
    np.testing.assert_array_equal(step.kernel, [[0, -1, 0], [-1, 5, -1], [0, -1, 0.5]])


def test_steps_are_frozen(tmp_path):
    step, = load_lesson(write(tmp_path, '[[step]]\nkernel = "1 2 1"\n')).steps
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.edges = "zero"
    with pytest.raises(ValueError):
        step.kernel[0, 0] = 9


def test_a_caption_is_one_line_and_the_title_defaults_to_the_files_name(tmp_path):
    lesson = load_lesson(write(tmp_path, '[[step]]\ncaption = """Two\n   lines"""\n', "edges-101.toml"))
    assert lesson.steps[0].caption == "Two lines"
    assert lesson.title == "edges-101"


# --------------------------------------------------------------------------
# Applying steps in any order
# --------------------------------------------------------------------------

SHIPPED_STEPS = load_lesson(SHIPPED).steps


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, len(SHIPPED_STEPS) - 1), min_size=1, max_size=6))
def test_a_step_shows_the_same_whatever_was_shown_before(order):
    state = fresh_state()
    for index in order:
        apply_step(state, SHIPPED_STEPS[index])
    assert_shows(state, SHIPPED_STEPS[order[-1]])


def test_a_step_on_the_image_already_shown_does_not_load_it_again(tmp_path):
    lesson = load_lesson(write(tmp_path, '[[step]]\nkernel = "sobel-x"\n[[step]]\nvalues = "signed"\n'))
    state = fresh_state()
    apply_step(state, lesson.steps[0])
    image = state.image
    state.undo_images = ["a stroke to undo"]
    apply_step(state, lesson.steps[1])
    assert state.image is image and state.undo_images == ["a stroke to undo"]


def test_a_drawing_made_during_a_step_gives_way_to_the_next_steps_image(tmp_path):
    lesson = load_lesson(write(tmp_path, '[[step]]\nkernel = "sobel-x"\n[[step]]\nedges = "zero"\n'))
    state = fresh_state()
    apply_step(state, lesson.steps[0])
    demo.begin_stroke(state, (2.0, 2.0))
    demo.extend_stroke(state, (20.0, 2.0))
    demo.end_stroke(state)
    assert not np.array_equal(state.image, CAT)
    apply_step(state, lesson.steps[1])
    assert_shows(state, lesson.steps[1])


def test_quick_draw_steps_show_the_drawing_asked_for_inverted_or_not(tmp_path):
    cats, drawings = quickdraw_bin(tmp_path, 3)
    path = write(tmp_path, '[[step]]\nimage = "cats.bin"\nindex = 2\ninvert = true\n'
                           '[[step]]\nindex = 1\ninvert = false\n[[step]]\nimage = "../assets/cat.png"\n'.replace(
                               "../assets/cat.png", str(ROOT / "assets" / "cat.png")))
    steps = load_lesson(path).steps
    state = fresh_state()
    apply_step(state, steps[0])
    np.testing.assert_array_equal(state.image, 255 - drawings[2])
    assert state.inverted and state.drawing_index == 2 and len(state.drawings) == 3
    assert_shows(state, steps[0], 255 - drawings[2])
    apply_step(state, steps[1])
    assert_shows(state, steps[1], drawings[1])
    assert not state.inverted and state.drawing_index == 1
    apply_step(state, steps[2])
    assert_shows(state, steps[2], CAT)
    assert state.drawings is None
    apply_step(state, steps[0])                                    # Page Up twice: back to the drawing
    assert_shows(state, steps[0], 255 - drawings[2])


def test_steps_without_an_image_show_the_image_the_sketch_started_with(tmp_path):
    grey = np.random.default_rng(3).integers(0, 256, (12, 16)).astype(np.uint8)
    Image.fromarray(grey).save(tmp_path / "photo.png")
    lesson = load_lesson(write(tmp_path, '[[step]]\nkernel = "emboss"\n'), base=tmp_path / "photo.png")
    state = fresh_state()
    apply_step(state, lesson.steps[0], base=tmp_path / "photo.png")
    assert_shows(state, lesson.steps[0], grey)


def test_an_image_that_goes_missing_after_loading_is_one_line_and_leaves_the_state_alone(tmp_path):
    shutil.copy(ROOT / "assets" / "cat.png", tmp_path / "cat.png")
    lesson = load_lesson(write(tmp_path, '[[step]]\nimage = "cat.png"\nkernel = "sharpen"\n'))
    (tmp_path / "cat.png").unlink()
    state = fresh_state()
    before = state.output
    with pytest.raises(LessonError) as caught:
        apply_step(state, lesson.steps[0])
    missing = (tmp_path / "cat.png").resolve()
    assert str(caught.value) == f"{tmp_path / 'lesson.toml'} step 1: image file not found: {missing}"
    assert state.output is before and state.kernel_name == "identity"


# --------------------------------------------------------------------------
# Page Down, Page Up
# --------------------------------------------------------------------------

def test_forward_and_back_walk_the_steps_and_stop_at_either_end(tmp_path):
    path = write(tmp_path, '[[step]]\ncaption = "one"\n[[step]]\nkernel = "sobel-x"\ncaption = "two"\n'
                           '[[step]]\nkernel = "sharpen"\n')
    lesson = load_lesson(path)
    player, state = LessonPlayer(lesson), fresh_state()
    assert player.current is None and player.caption_line() == "lesson: 3 steps, Page Down to begin"
    assert player.back(state) is None and player.number == 0
    assert [player.forward(state) for _ in range(3)] == ["filter"] * 3
    assert player.current is lesson.steps[2] and player.caption_line() == "step 3 of 3"
    shown = state.output
    assert player.forward(state) is None                         # after the last: nothing changes
    assert player.number == 3 and state.output is shown and state.kernel_name == "sharpen"
    assert player.back(state) == "filter"
    assert player.caption_line() == "step 2 of 3: two" and state.kernel_name == "sobel-x"
    assert_shows(state, lesson.steps[1])
    assert player.back(state) == "filter" and player.caption_line() == "step 1 of 3: one"
    assert_shows(state, lesson.steps[0])
    shown = state.output
    assert player.back(state) is None and player.number == 1 and state.output is shown


def test_the_player_stays_on_its_step_when_a_step_cannot_be_shown(tmp_path):
    shutil.copy(ROOT / "assets" / "cat.png", tmp_path / "cat.png")
    lesson = load_lesson(write(tmp_path, '[[step]]\n[[step]]\nimage = "cat.png"\n'))
    player, state = LessonPlayer(lesson), fresh_state()
    player.forward(state)
    (tmp_path / "cat.png").unlink()
    with pytest.raises(LessonError, match="step 2: image file not found"):
        player.forward(state)
    assert player.number == 1


# --------------------------------------------------------------------------
# Every mistake: one line, naming the file and the step
# --------------------------------------------------------------------------

@pytest.mark.parametrize("step_text, says", [
    ('kernal = "sobel-x"', "unknown key 'kernal' (did you mean 'kernel'?): a step may set caption, image, index, "
                           "invert, kernel, seed, view, edges, values, flip, relu, pool, pool_mode"),
    ('colour = "red"', "unknown key 'colour': a step may set caption, image"),
    ('kernel = "sobel"', "unknown kernel 'sobel': choose one of identity, vertical-edge, horizontal-edge, sobel-x"),
    ('kernel = "1 2 1; 2 4"', "kernel '1 2 1; 2 4': row 2 has 2 numbers, row 1 has 3"),
    ('kernel = "1 1; 1 1"', "the kernel is 2\u00d72: it needs an odd number of rows and of columns"),
    ('kernel = "1 2 1 / 0"', "'/ 0' would divide by zero"),
    ("kernel = 5", "kernel must be a preset's name or weights in quotes"),
    ('kernel = [[1, "a", 1]]', "kernel row 1: 'a' is not a number"),
    ("kernel = [1, 2, 1]", "kernel as an array must be a list of rows"),
    ('view = "hologram"', f"unknown view 'hologram': choose one of {', '.join(views.VIEWS)}"),
    ("view = 2", "view must be text in quotes"),
    ('edges = "mirror"', "unknown edge mode 'mirror': choose one of skip, zero, extend, wrap, reflect"),
    ('values = "abs"', "unknown value mapping 'abs': choose one of clamp, absolute, stretch, signed"),
    ('pool_mode = "min"', "unknown pooling 'min': choose one of max, average"),
    ("pool = 1", "pool must be 0 (no pooling) or a window size from 2 to 9, got 1"),
    ("pool = 10", "pool must be 0 (no pooling) or a window size from 2 to 9, got 10"),
    ("pool = true", "pool must be 0 (no pooling) or a window size from 2 to 9, got true"),
    ("pool = 2.0", "pool must be 0 (no pooling) or a window size from 2 to 9, got 2.0"),
    ('flip = "yes"', "flip must be true or false (no quotes), got 'yes'"),
    ("relu = 1", "relu must be true or false (no quotes), got 1"),
    ('invert = "true"', "invert must be true or false (no quotes), got 'true'"),
    ('index = "3"', "index must be a whole number, got '3'"),
    ("index = -1", "index must be 0 or more, got -1"),
    ("seed = 1.5", "seed must be a whole number, got 1.5"),
    ("seed = -4", "seed must be 0 or more, got -4"),
    ("caption = 7", "caption must be text in quotes, got 7"),
    ("image = 3", "image must be a file's path in quotes"),
    ("index = 2", "--index 2 picks a drawing from a Quick Draw .npy or .bin file, but cat.png is a single image"),
])
def test_each_mistake_in_a_step_is_one_line_naming_the_file_and_the_step(tmp_path, step_text, says):
    path = write(tmp_path, f'[[step]]\ncaption = "fine"\n[[step]]\nkernel = "sharpen"\n[[step]]\n{step_text}\n')
    message = error_for(path)
    assert message.startswith(f"{path} step 3: "), message
    assert says in message, message


def test_a_missing_image_is_named_as_the_lesson_names_it(tmp_path):
    path = write(tmp_path, '[[step]]\n[[step]]\nimage = "cats.npy"\n')
    assert error_for(path) == f"{path} step 2: image file not found: {tmp_path / 'cats.npy'}"


def test_an_index_past_the_last_drawing_says_how_many_there_are(tmp_path):
    quickdraw_bin(tmp_path, 3)
    path = write(tmp_path, '[[step]]\nimage = "cats.bin"\n[[step]]\n[[step]]\n[[step]]\nindex = 1200\n')
    assert error_for(path) == f"{path} step 4: --index 1200: cats.bin has 3 drawings, numbered 0 to 2"


@pytest.mark.parametrize("content, says", [
    (b"not a picture at all", "is not an image Pillow can read"),
    (None, "is damaged or truncated"),
])
def test_a_damaged_image_is_caught_when_the_lesson_is_loaded(tmp_path, content, says):
    picture = tmp_path / "cat.png"
    if content is None:
        shutil.copy(ROOT / "assets" / "cat.png", picture)
        content = picture.read_bytes()[:-40]   # cut short: the image data ends early
    picture.write_bytes(content)
    path = write(tmp_path, '[[step]]\nimage = "cat.png"\n')
    message = error_for(path)
    assert message.startswith(f"{path} step 1: {picture}") and says in message


def test_a_bad_quick_draw_file_is_caught_when_the_lesson_is_loaded(tmp_path):
    (tmp_path / "cats.bin").write_bytes(b"\x00" * 1000)
    message = error_for(write(tmp_path, '[[step]]\nimage = "cats.bin"\n'))
    assert "step 1: " in message and "is 1000 bytes, not a whole number of 784-byte" in message


def test_a_kernel_larger_than_the_image_is_refused(tmp_path):
    Image.fromarray(np.full((4, 4), 200, np.uint8)).save(tmp_path / "tiny.png")
    path = write(tmp_path, '[[step]]\nimage = "tiny.png"\n[[step]]\nkernel = "gaussian-5x5"\n')
    assert error_for(path) == (f"{path} step 2: {tmp_path / 'tiny.png'}: the image is 4\u00d74 pixels, smaller "
                               f"than the 5\u00d75 kernel gaussian-5x5: use a larger image or a smaller kernel")


def test_a_pooling_window_larger_than_the_image_is_refused(tmp_path):
    Image.fromarray(np.full((4, 6), 200, np.uint8)).save(tmp_path / "tiny.png")
    path = write(tmp_path, '[[step]]\nimage = "tiny.png"\npool = 5\n')
    assert error_for(path) == (f"{path} step 1: pool = 5: a 5\u00d75 pooling window is larger than the "
                               f"6\u00d74 image: use a window of at most 4")


def test_a_step_without_an_image_is_checked_against_the_sketchs_image(tmp_path):
    Image.fromarray(np.full((4, 4), 200, np.uint8)).save(tmp_path / "tiny.png")
    path = write(tmp_path, '[[step]]\nkernel = "box-blur-5x5"\n')
    load_lesson(path)                                               # fits the 28×28 cat
    assert "smaller than the 5\u00d75 kernel box-blur-5x5" in error_for(path, base=tmp_path / "tiny.png")


@pytest.mark.parametrize("text, says", [
    ('title = "x"\n[[step]]\nkernel = sobel-x\n', "is not valid TOML: Invalid value (at line 3, column 10)"),
    ('[[step]\n', "is not valid TOML:"),
    ('title = "Edges"\n', "has no steps: add at least one [[step]] table"),
    ('', "has no steps"),
    ('[step]\nkernel = "sobel-x"\n', "write each step as [[step]] (two brackets), not [step]"),
    ('step = 3\n', "'step' must be a list of [[step]] tables, got 3"),
    ('[[steps]]\nkernel = "sobel-x"\n', "unknown key 'steps' at the top of the file (did you mean 'step'?)"),
    ('title = 5\n[[step]]\n', "title must be text in quotes, got 5"),
])
def test_mistakes_in_the_whole_file_are_one_line_naming_it(tmp_path, text, says):
    path = write(tmp_path, text)
    message = error_for(path)
    assert message.startswith(str(path)) and says in message, message
    assert not re.search(r"step \d", message)                    # no step to name


def test_not_toml_gives_the_line_tomllib_reports(tmp_path):
    path = write(tmp_path, '[[step]]\ncaption = "fine"\n\n[[step]]\nflip = yes\n')
    assert "(at line 5," in error_for(path)


def test_a_missing_folder_or_binary_lesson_file_is_one_line(tmp_path):
    assert error_for(tmp_path / "nope.toml") == f"lesson file not found: {tmp_path / 'nope.toml'}"
    assert error_for(tmp_path) == f"{tmp_path} is a folder, not a lesson file: give the path of a .toml file"
    (tmp_path / "latin1.toml").write_bytes('caption = "caf\u00e9"'.encode("latin-1"))
    assert "is not UTF-8 text" in error_for(tmp_path / "latin1.toml")


def test_the_first_bad_step_is_the_one_named(tmp_path):
    path = write(tmp_path, '[[step]]\n[[step]]\nkernel = "sobel-x"\n[[step]]\nedges = "mirror"\n'
                           '[[step]]\nvalues = "abs"\n')
    assert error_for(path).startswith(f"{path} step 3: unknown edge mode 'mirror'")


def test_a_lesson_error_is_a_value_error_the_sketch_already_reports():
    assert issubclass(LessonError, ValueError)
    assert lessons.DEFAULTS["kernel"] == "identity" and set(lessons.DEFAULTS) | {"caption"} == set(lessons.STEP_KEYS)


def test_a_probe_step_moves_the_file_s_drawing_for_that_step_only(tmp_path):
    lesson = load_lesson(write(tmp_path, '[[step]]\nview = "network"\nprobe = ["right", "mirror"]\n'
                                         '[[step]]\ncaption = "as drawn"\n'))
    moved, unmoved = lesson.steps
    assert moved.probe == ("right", "mirror") and unmoved.probe == ()
    state = fresh_state()
    apply_step(state, moved)
    np.testing.assert_array_equal(state.image, probe.apply(probe.apply(CAT.astype(np.float32), "right"), "mirror"))
    apply_step(state, unmoved)
    np.testing.assert_array_equal(state.image, CAT)


@pytest.mark.parametrize("value", ['"sideways"', "3", '["left", 2]'])
def test_an_unknown_probe_is_one_line_naming_the_moves(tmp_path, value):
    with pytest.raises(LessonError) as error:
        load_lesson(write(tmp_path, f"[[step]]\nprobe = {value}\n"))
    message = str(error.value)
    assert "\n" not in message and "probe" in message and "turn left" in message
