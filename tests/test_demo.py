"""What each key does to the demo's state, without a window."""

from datetime import datetime

import numpy as np
import pytest

import filters
from convolution.files import saving
from convolution.screen import texts
from convolution.state import demo, keys, slowmo
from tests.helpers.recording import RecordingWindow, press

CAT = np.random.default_rng(0).integers(0, 256, (28, 28)).astype(np.uint8)


def fresh(**options):
    return demo.new_demo(CAT, **options)


def assert_output_is_current(state):
    np.testing.assert_array_equal(
        state.output, filters.convolve(state.image, state.kernel, state.edges, state.flip))


def test_a_new_demo_shows_the_named_preset_already_filtered():
    state = fresh(kernel_name="sobel-x", edges="wrap")
    assert state.kernel_name == "sobel-x"
    np.testing.assert_array_equal(state.kernel, filters.PRESETS["sobel-x"])
    assert_output_is_current(state)


def test_right_arrow_walks_through_the_presets_in_order_and_wraps():
    state = fresh()
    seen = [state.kernel_name]
    for _ in range(len(filters.PRESETS)):
        assert press(state, "RIGHT") is True
        seen.append(state.kernel_name)
        assert_output_is_current(state)
    assert seen == list(filters.PRESETS) + ["identity"]


def test_left_arrow_goes_back_and_wraps_to_the_last_preset():
    state = fresh()
    press(state, "LEFT")
    assert state.kernel_name == list(filters.PRESETS)[-1]
    press(state, "LEFT")
    assert state.kernel_name == list(filters.PRESETS)[-2]


@pytest.mark.parametrize("digit", range(1, 10))
def test_digits_jump_to_a_preset(digit):
    state = fresh()
    press(state, str(digit))
    assert state.kernel_name == list(filters.PRESETS)[digit - 1]
    assert_output_is_current(state)


def test_r_rerolls_a_random_kernel_repeatably_with_a_seed():
    first, second = fresh(seed=11), fresh(seed=11)
    press(first, "r")
    press(second, "r")
    assert first.kernel_name == "random"
    np.testing.assert_array_equal(first.kernel, second.kernel)
    assert first.kernel.shape == (3, 3) and np.abs(first.kernel).max() <= 1
    before = first.kernel.copy()
    press(first, "r")
    assert not np.array_equal(before, first.kernel)
    assert_output_is_current(first)


def test_arrows_after_a_reroll_continue_from_the_last_preset():
    state = fresh(kernel_name="sobel-x")
    press(state, "r")
    press(state, "RIGHT")
    assert state.kernel_name == "sobel-y"
    press(state, "r")
    press(state, "LEFT")
    assert state.kernel_name == "sobel-y"


def test_starting_with_a_random_kernel():
    state = fresh(kernel_name="random", seed=3)
    np.testing.assert_array_equal(state.kernel, filters.random_kernel(np.random.default_rng(3)))


def test_help_toggles_and_save_open_and_quit_ask_the_window():
    state, window = fresh(), RecordingWindow()
    press(state, "h")
    assert state.ui.show_help
    press(state, "?")
    assert not state.ui.show_help
    press(state, "s", "d", "o", "q", "ESC", window=window)
    assert window.asked == ["save screenshot", "save drawing", "open file", "quit", "quit"]


def test_keys_without_a_meaning_change_nothing():
    state = fresh(kernel_name="emboss")
    for key in ["y", "0", " ", ",", "+", "-", "\n", "CODE38", "é", ""]:
        assert press(state, key, view="filter") is False
    assert state.kernel_name == "emboss"


def test_a_storm_of_keys_always_leaves_a_consistent_demo():
    rng = np.random.default_rng(99)
    names = [name for key in keys.KEYS for name in key.actions] + ["y", "CODE40", "0"]
    state = fresh(seed=1)
    presets_before = {name: kernel.copy() for name, kernel in filters.PRESETS.items()}
    for key in rng.choice(names, 500):
        if press(state, str(key), now=0.1) is True:
            assert state.kernel_name in filters.PRESETS or state.kernel_name in ("random", "custom")
    assert_output_is_current(state)
    for name, kernel in filters.PRESETS.items():
        np.testing.assert_array_equal(kernel, presets_before[name])


def test_unknown_kernel_names_are_refused_listing_the_presets():
    with pytest.raises(ValueError, match="sobel-x"):
        fresh(kernel_name="sobel")


def test_screenshot_names_never_reuse_an_existing_file(tmp_path):
    moment = datetime(2026, 11, 25, 9, 30, 5)
    first = saving.new_png_path(tmp_path, moment)
    assert first.name == "convolution-20261125-093005.png"
    first.write_bytes(b"a screenshot a teacher made")
    second = saving.new_png_path(tmp_path, moment)
    assert second != first and not second.exists()
    second.write_bytes(b"another")
    third = saving.new_png_path(tmp_path, moment)
    assert len({first, second, third}) == 3 and not third.exists()
    assert first.read_bytes() == b"a screenshot a teacher made"


# ---- borders, mappings, flip -------------------------------------------------------

def test_e_cycles_the_border_modes_and_recomputes():
    state = fresh(kernel_name="sobel-x")
    seen = []
    for _ in filters.EDGE_MODES:
        seen.append(state.edges)
        press(state, "e")
        assert_output_is_current(state)
    assert seen == list(filters.EDGE_MODES) and state.edges == "skip"


def test_m_cycles_the_mappings_and_updates_what_is_drawn():
    state = fresh(kernel_name="sobel-x")
    for expected in ["absolute", "stretch", "signed", "clamp"]:
        press(state, "m")
        assert state.mapping == expected
        np.testing.assert_array_equal(state.display, filters.to_display(state.output, expected, state.computed))


def test_f_flips_between_cross_correlation_and_convolution():
    state = fresh(kernel_name="emboss")
    press(state, "f")
    assert state.flip
    assert_output_is_current(state)
    np.testing.assert_allclose(state.output, filters.convolve(CAT, filters.PRESETS["emboss"][::-1, ::-1]))


# ---- editing weights ----------------------------------------------------------------

def test_up_and_down_change_the_selected_weight_in_steps():
    state = fresh(kernel_name="sobel-x")
    demo.select_cell(state, (0, 2))
    press(state, "UP")
    press(state, "UP")
    assert state.kernel[0, 2] == pytest.approx(1.2)
    press(state, "DOWN", shift=True)
    assert state.kernel[0, 2] == pytest.approx(1.19)
    assert state.kernel_name == "custom" and texts.kernel_title(state) == "custom (from sobel-x)"
    assert filters.PRESETS["sobel-x"][0, 2] == 1          # the preset itself is untouched
    assert_output_is_current(state)


def test_up_with_nothing_selected_edits_the_centre_cell():
    state = fresh()
    press(state, "UP")
    assert state.ui.selected == (1, 1) and state.kernel[1, 1] == pytest.approx(1.1)


def test_typing_a_number_sets_the_selected_weight():
    state = fresh(kernel_name="box-blur-3x3")
    demo.select_cell(state, (1, 1))
    for key in "-2.5":
        press(state, key)
    assert state.kernel[1, 1] == -2.5
    press(state, "BACKSPACE")
    assert state.kernel[1, 1] == -2.0
    press(state, "ENTER")
    assert state.ui.selected is None
    assert press(state, "2") is True and state.kernel_name == "vertical-edge"  # digits pick presets again
    assert_output_is_current(state)


def test_zero_resets_the_selected_cell():
    state = fresh(kernel_name="sharpen")
    demo.select_cell(state, (1, 1))
    press(state, "0")
    assert state.kernel[1, 1] == 0 and state.kernel_name == "custom"


def test_escape_leaves_editing_before_it_quits():
    state = fresh()
    demo.select_cell(state, (0, 0))
    window = RecordingWindow()
    assert press(state, "ESC", window=window) is True and state.ui.selected is None and window.asked == []
    press(state, "ESC", window=window)
    assert window.asked == ["quit"]


def test_weights_stay_within_limits():
    state = fresh()
    demo.select_cell(state, (0, 0))
    for key in "1234567":
        press(state, key)
    assert state.kernel[0, 0] == demo.WEIGHT_LIMIT and "limited" in state.notice


def test_tab_walks_the_cells_in_reading_order():
    state = fresh()
    press(state, "TAB")
    assert state.ui.selected == (1, 1)
    press(state, "TAB")
    assert state.ui.selected == (1, 2)
    press(state, "TAB")
    assert state.ui.selected == (2, 0)


def test_n_normalises_by_the_sum_and_explains_a_zero_sum():
    state = fresh(kernel_name="identity")
    demo.select_cell(state, (1, 1))
    press(state, "4")
    press(state, "ENTER")
    press(state, "n")
    assert state.kernel.sum() == pytest.approx(1.0) and state.kernel[1, 1] == pytest.approx(1.0)
    demo.choose_preset(state, demo.PRESET_NAMES.index("sobel-x"))
    press(state, "n")
    assert "add up to 0" in state.notice and state.kernel_name == "sobel-x"


def test_k_switches_random_kernels_between_3x3_and_5x5():
    state = fresh(seed=2)
    press(state, "k")
    assert state.kernel.shape == (5, 5) and state.kernel_name == "random"
    press(state, "r")
    assert state.kernel.shape == (5, 5)
    demo.select_cell(state, (4, 4))
    press(state, "k")
    assert state.kernel.shape == (3, 3) and state.ui.selected == (2, 2)   # the same corner, nearest cell
    assert_output_is_current(state)


def test_edited_5x5_kernels_work_like_3x3_ones():
    state = fresh(kernel_name="gaussian-5x5", edges="reflect")
    demo.select_cell(state, (4, 0))
    press(state, "UP")
    assert state.kernel[4, 0] == pytest.approx(1 / 256 + 0.1)
    assert_output_is_current(state)


# ---- slow motion ----------------------------------------------------------------------

def test_slow_motion_walks_the_computed_pixels_in_reading_order():
    state = fresh()
    press(state, "a", now=100.0)
    assert demo.focus_pixel(state) == (1, 1)          # skip mode: the first computed pixel
    motion = state.motion
    slowmo.advance(motion, 100.5)                      # 10 pixels a second by default
    assert demo.focus_pixel(state) == (1, 6) and motion.done_count() == 6
    press(state, ".")                             # step one pixel, paused
    assert motion.paused and demo.focus_pixel(state) == (1, 7)
    assert not slowmo.advance(motion, 200.0)           # paused: time passes, nothing moves
    press(state, " ", now=200.0)
    press(state, "+")
    assert motion.speed == 25
    slowmo.advance(motion, 202.0)
    assert motion.done_count() == 6 + 1 + 50
    slowmo.advance(motion, 1000.0)
    assert motion.finished() and demo.focus_pixel(state) is None


def test_slow_motion_follows_the_hover_when_it_is_not_running():
    state = fresh()
    state.ui.hover = (5, 6)
    assert demo.focus_pixel(state) == (5, 6)
    press(state, "a", now=0.0)
    assert demo.focus_pixel(state) == (1, 1)
    press(state, "a", now=0.0)
    assert state.motion is None and demo.focus_pixel(state) == (5, 6)


def test_slow_motion_covers_every_pixel_in_padding_modes():
    state = fresh(edges="wrap")
    press(state, "a", now=0.0)
    assert len(state.motion.order) == 28 * 28 and demo.focus_pixel(state) == (0, 0)


@pytest.mark.parametrize("cell, after", [((1, 1), (2, 2)), ((0, 2), (1, 3)), ((2, 0), (3, 1))])
def test_a_selected_cell_stays_selected_at_its_place_when_k_changes_the_size(cell, after):
    state = fresh(kernel_name="sobel-x")
    demo.select_cell(state, cell)
    press(state, "k")                                  # 5×5 now: the same place relative to the centre
    assert state.kernel.shape == (5, 5) and state.ui.selected == after
    press(state, "k")                                  # and back to 3×3
    assert state.kernel.shape == (3, 3) and state.ui.selected == cell


def test_a_corner_of_a_5x5_kernel_becomes_the_nearest_cell_of_a_3x3_one():
    state = fresh(seed=2)
    press(state, "k")
    demo.select_cell(state, (0, 4))
    press(state, "k")
    assert state.ui.selected == (0, 2)


def test_editing_keeps_the_factor_the_kernel_had_when_editing_began():
    state = fresh(kernel_name="gaussian-3x3")
    press(state, "TAB")                                # the centre, 4/16
    assert state.ui.editing_from is filters.PRESETS["gaussian-3x3"]
    press(state, "UP")                                 # 0.35: alone it would make every label ÷ 80
    labels, factor = texts.kernel_labels(state.kernel, state.ui.editing_from)
    assert factor == "÷ 16" and labels == [["1", "2", "1"], ["2", "5.6", "2"], ["1", "2", "1"]]
    press(state, "ENTER")                              # done: the kernel's own factor again
    assert state.ui.editing_from is None
    assert texts.kernel_labels(state.kernel, state.ui.editing_from)[1] == "÷ 80"
