"""Drawing with the mouse: the pen, undo, clear, invert, stepping through Quick Draw files."""

import numpy as np
import pytest
from PIL import Image

import filters
from convolution.files import saving
from convolution.screen import texts
from convolution.state import demo, pen
from tests.helpers.recording import press

PAPER = np.full((28, 28), 255, np.uint8)


def test_the_pen_draws_a_soft_line_about_two_pixels_wide():
    cover = pen.segment_coverage((28, 28), (4, 14), (24, 14))
    across = cover[:, 14]                      # a column through the middle of the line
    assert across[13] == 1 and across[14] == 1
    assert 1.5 <= across.sum() <= 2.5          # about 2 px of ink across the line
    assert 0 < across[12] < 1 or 0 < across[15] < 1 or across.sum() == 2   # soft edges
    assert cover[:, 0].max() == 0 and cover[:, 27].max() == 0   # nothing beyond the ends


def test_a_click_without_moving_leaves_a_round_dot():
    cover = pen.segment_coverage((9, 9), (4.5, 4.5), (4.5, 4.5))
    assert cover[4, 4] == 1
    np.testing.assert_allclose(cover, cover.T)            # round: the same across and down
    assert cover[0, 0] == 0


def test_ink_is_dark_on_light_drawings_and_light_on_dark_ones():
    assert pen.ink_for(PAPER) == 0 and pen.paper_for(PAPER) == 255
    assert pen.ink_for(255 - PAPER) == 255 and pen.paper_for(255 - PAPER) == 0


def test_a_stroke_paints_and_the_output_follows():
    state = demo.new_demo(PAPER, "sobel-x")
    demo.begin_stroke(state, (4.0, 10.0))
    demo.extend_stroke(state, (20.0, 10.0))
    demo.extend_stroke(state, (20.0, 20.0))
    demo.end_stroke(state)
    assert state.image[10, 10] == 0 and state.image[15, 20] == 0 and state.image[25, 5] == 255
    np.testing.assert_array_equal(state.output, filters.convolve(state.image, state.kernel))
    assert np.all(state.image == np.rint(state.image))       # whole grey levels, like a canvas


def test_going_over_the_same_place_in_one_stroke_does_not_darken_it_twice():
    grey = np.full((10, 10), 200, np.uint8)
    state = demo.new_demo(grey)
    demo.begin_stroke(state, (5.0, 1.0))
    demo.extend_stroke(state, (5.0, 8.0))
    once = state.image.copy()
    demo.extend_stroke(state, (5.0, 1.0))
    np.testing.assert_array_equal(state.image, once)


def test_undo_takes_back_strokes_one_at_a_time():
    state = demo.new_demo(PAPER)
    demo.begin_stroke(state, (3.0, 3.0))
    demo.end_stroke(state)
    after_one = state.image.copy()
    demo.begin_stroke(state, (20.0, 20.0))
    demo.end_stroke(state)
    press(state, "u")
    np.testing.assert_array_equal(state.image, after_one)
    press(state, "u")
    np.testing.assert_array_equal(state.image, PAPER)
    press(state, "u")
    assert state.notice == "nothing to undo"


def test_clear_gives_a_blank_page_and_invert_swaps_ink_and_paper():
    cat = np.random.default_rng(1).integers(0, 256, (28, 28)).astype(np.uint8)
    cat[:20] = 255                                  # mostly light: a dark-on-light drawing
    state = demo.new_demo(cat, "identity")
    press(state, "c")
    assert np.all(state.image == 255)
    press(state, "i")
    assert state.inverted and np.all(state.image == 0)
    demo.begin_stroke(state, (14.5, 14.5))          # white ink on the black page
    assert state.image[14, 14] == 255
    demo.end_stroke(state)
    press(state, "u")
    press(state, "u")                          # back to the cat, as inverted now
    np.testing.assert_array_equal(state.image, 255 - cat)
    np.testing.assert_array_equal(state.output, filters.convolve(255 - cat, filters.PRESETS["identity"]))


def test_brackets_step_through_quick_draw_drawings_as_the_user_chose():
    drawings = np.random.default_rng(2).integers(0, 256, (3, 28, 28)).astype(np.uint8)
    state = demo.new_demo(255 - drawings[0], "identity", drawings=drawings, drawing_index=0, inverted=True)
    press(state, "]")
    np.testing.assert_array_equal(state.image, 255 - drawings[1])
    press(state, "[")
    press(state, "[")
    assert state.drawing_index == 2 and "2" in texts.source_note(state)
    np.testing.assert_array_equal(state.image, 255 - drawings[2])
    np.testing.assert_array_equal(state.output, filters.convolve(255 - drawings[2], state.kernel))


def test_brackets_explain_themselves_without_a_quick_draw_file():
    state = demo.new_demo(PAPER)
    press(state, "]")
    assert "Quick Draw" in state.notice
    np.testing.assert_array_equal(state.image, PAPER)


def test_saving_a_drawing_never_replaces_a_file(tmp_path):
    picture = np.arange(28 * 28, dtype=np.float32).reshape(28, 28) % 256
    path = saving.save_new_png(picture, tmp_path / "mine.png")
    np.testing.assert_array_equal(np.asarray(Image.open(path)), picture.astype(np.uint8))
    with pytest.raises(FileExistsError):
        saving.save_new_png(PAPER, path)
    np.testing.assert_array_equal(np.asarray(Image.open(path)), picture.astype(np.uint8))
