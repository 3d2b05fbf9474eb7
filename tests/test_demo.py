"""What each key does to the demo's state, without a window."""

from datetime import datetime

import numpy as np
import pytest

import demo
import filters

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
        assert demo.press(state, "RIGHT") == "changed"
        seen.append(state.kernel_name)
        assert_output_is_current(state)
    assert seen == list(filters.PRESETS) + ["identity"]


def test_left_arrow_goes_back_and_wraps_to_the_last_preset():
    state = fresh()
    demo.press(state, "LEFT")
    assert state.kernel_name == list(filters.PRESETS)[-1]
    demo.press(state, "LEFT")
    assert state.kernel_name == list(filters.PRESETS)[-2]


@pytest.mark.parametrize("digit", range(1, 10))
def test_digits_jump_to_a_preset(digit):
    state = fresh()
    demo.press(state, str(digit))
    assert state.kernel_name == list(filters.PRESETS)[digit - 1]
    assert_output_is_current(state)


def test_r_rerolls_a_random_kernel_repeatably_with_a_seed():
    first, second = fresh(seed=11), fresh(seed=11)
    demo.press(first, "r")
    demo.press(second, "r")
    assert first.kernel_name == "random"
    np.testing.assert_array_equal(first.kernel, second.kernel)
    assert first.kernel.shape == (3, 3) and np.abs(first.kernel).max() <= 1
    before = first.kernel.copy()
    demo.press(first, "r")
    assert not np.array_equal(before, first.kernel)
    assert_output_is_current(first)


def test_arrows_after_a_reroll_continue_from_the_last_preset():
    state = fresh(kernel_name="sobel-x")
    demo.press(state, "r")
    demo.press(state, "RIGHT")
    assert state.kernel_name == "sobel-y"
    demo.press(state, "r")
    demo.press(state, "LEFT")
    assert state.kernel_name == "sobel-y"


def test_starting_with_a_random_kernel():
    state = fresh(kernel_name="random", seed=3)
    np.testing.assert_array_equal(state.kernel, filters.random_kernel(np.random.default_rng(3)))


def test_help_toggles_and_save_and_quit_are_left_to_the_sketch():
    state = fresh()
    demo.press(state, "h")
    assert state.show_help
    demo.press(state, "?")
    assert not state.show_help
    assert demo.press(state, "s") == "save"
    assert demo.press(state, "q") == "quit"
    assert demo.press(state, "ESC") == "quit"


def test_keys_without_a_meaning_change_nothing():
    state = fresh(kernel_name="emboss")
    for key in ["x", "0", " ", "\n", "CODE38", "é", ""]:
        assert demo.press(state, key) is None
    assert state.kernel_name == "emboss"


def test_a_storm_of_keys_always_leaves_a_consistent_demo():
    rng = np.random.default_rng(99)
    keys = list(demo.KEYS) + ["x", "CODE40", "0"]
    state = fresh(seed=1)
    for key in rng.choice(keys, 500):
        if demo.press(state, str(key)) == "changed":
            assert state.kernel_name in filters.PRESETS or state.kernel_name == "random"
    assert_output_is_current(state)


def test_unknown_kernel_names_are_refused_listing_the_presets():
    with pytest.raises(ValueError, match="sobel-x"):
        fresh(kernel_name="sobel")


def test_screenshot_names_never_reuse_an_existing_file(tmp_path):
    moment = datetime(2026, 11, 25, 9, 30, 5)
    first = demo.screenshot_path(tmp_path, moment)
    assert first.name == "convolution-20261125-093005.png"
    first.write_bytes(b"a screenshot a teacher made")
    second = demo.screenshot_path(tmp_path, moment)
    assert second != first and not second.exists()
    second.write_bytes(b"another")
    third = demo.screenshot_path(tmp_path, moment)
    assert len({first, second, third}) == 3 and not third.exists()
    assert first.read_bytes() == b"a screenshot a teacher made"
