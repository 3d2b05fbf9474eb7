"""A whole layer of filters without a window: its maps, the bank in the demo, the layer view's layout and mouse."""

import numpy as np
import pytest

import filters
from convolution.app.options import prepare
from convolution.maths import layer
from convolution.screen.views import layer as layer_view
from convolution.state import demo
from tests.helpers.recording import press
from tests.helpers.reference import slow_convolve

CAT = np.random.default_rng(3).integers(0, 256, (28, 28)).astype(np.uint8)
BANK = ["sobel-x", "sobel-y", "laplacian-4", "vertical-edge"]


def bank_names(state):
    """The bank's kernel names (a preset's, "random", "custom" …), the selected filter's as it is now."""
    return [state.kernel_name if i == state.bank_selected else f.name for i, f in enumerate(state.bank)]


def layer_demo(bank=BANK, **modes):
    state = demo.new_demo(CAT, "identity", seed=5, **modes)
    demo.use_bank(state, bank)
    return state


def test_every_filter_of_the_layer_makes_its_own_map_relu_and_pooled_map():
    maps = layer.run(CAT, [filters.PRESETS[name] for name in BANK], "zero", relu=True, pool=2)
    for index, name in enumerate(BANK):
        sums = slow_convolve(CAT, filters.PRESETS[name], "zero")
        np.testing.assert_allclose(maps.sums[index], sums, atol=2e-3)
        np.testing.assert_allclose(maps.relu[index], np.maximum(sums, 0), atol=2e-3)
        pooled = np.maximum(sums, 0).reshape(14, 2, 14, 2).max(axis=(1, 3))
        np.testing.assert_allclose(maps.pooled[index], pooled, atol=2e-3)
        np.testing.assert_array_equal(maps.shown[index][2], np.clip(np.rint(pooled), 0, 255))


def test_without_relu_pooling_takes_the_maps_themselves():
    maps = layer.run(CAT, [filters.PRESETS["laplacian-8"]], relu=False, pool=2, pool_mode="average")
    expected = filters.convolve(CAT, filters.PRESETS["laplacian-8"]).reshape(14, 2, 14, 2).mean(axis=(1, 3))
    np.testing.assert_allclose(maps.pooled[0], expected, atol=1e-3)


def test_a_shared_scale_spans_every_map_and_a_per_filter_scale_its_own():
    kernels = [filters.PRESETS["sobel-x"], filters.PRESETS["box-blur-3x3"]]
    per_filter = layer.run(CAT, kernels, mapping="stretch")
    shared = layer.run(CAT, kernels, mapping="stretch", shared=True)
    assert per_filter.ranges[0] != per_filter.ranges[1]
    low = min(r[0] for r in per_filter.ranges)
    high = max(r[1] for r in per_filter.ranges)
    assert shared.ranges == [(low, high), (low, high)]
    expected = np.clip(np.rint((shared.sums[1] - low) * 255 / (high - low)), 0, 255)
    inside = shared.computed[1]
    np.testing.assert_array_equal(shared.shown[1][0][inside], expected[inside])


def test_the_selected_filter_is_the_kernel_that_keys_change_and_it_keeps_its_edits():
    state = layer_demo()
    assert state.kernel is filters.PRESETS["sobel-x"] and state.bank_selected == 0
    demo.select_filter(state, 2)
    assert state.kernel_name == "laplacian-4"
    press(state, "RIGHT", view="layer")                   # the next preset, for filter 3 only
    following = demo.PRESET_NAMES[demo.PRESET_NAMES.index("laplacian-4") + 1]
    assert bank_names(state) == ["sobel-x", "sobel-y", following, "vertical-edge"]
    demo.select_cell(state, (1, 1))
    press(state, "UP", view="layer")
    edited = state.kernel.copy()
    demo.select_filter(state, 0)
    demo.select_filter(state, 2)                           # back: the edit is still there
    np.testing.assert_array_equal(state.kernel, edited)
    np.testing.assert_allclose(state.layer.sums[2], filters.convolve(CAT, edited), atol=1e-3)


def test_capital_r_rerolls_the_whole_layer_and_r_only_the_selected_filter():
    state = layer_demo()
    press(state, "r", view="layer")
    assert bank_names(state) == ["random", "sobel-y", "laplacian-4", "vertical-edge"]
    press(state, "R", view="layer")
    assert bank_names(state) == ["random"] * 4
    kernels = demo.bank_kernels(state)
    assert len({k.tobytes() for k in kernels}) == 4
    for index, kernel in enumerate(kernels):
        np.testing.assert_allclose(state.layer.sums[index], filters.convolve(CAT, kernel), atol=1e-3)


def test_drawing_updates_every_map():
    state = layer_demo(relu=True, pool=2)
    demo.begin_stroke(state, (3.0, 14.0))
    demo.extend_stroke(state, (24.0, 14.0))
    demo.end_stroke(state)
    for index, kernel in enumerate(demo.bank_kernels(state)):
        np.testing.assert_allclose(state.layer.sums[index], filters.convolve(state.image, kernel), atol=1e-3)


def test_the_bank_option_takes_preset_names_or_a_whole_random_layer():
    options = prepare(["--view", "layer", "--bank", "Sobel_X,laplacian-4", "--relu"])
    assert bank_names(options.state) == ["sobel-x", "laplacian-4"] and options.state.pool == 2
    options = prepare(["--view", "layer", "--bank", "random", "--seed", "1"])
    assert bank_names(options.state) == ["random"] * layer.RANDOM_LAYER
    assert prepare(["--view", "layer"]).state.bank[0].name == demo.DEFAULT_BANK[0]


@pytest.mark.parametrize("bank, says", [
    ("sobel-x,,sobel-y", "empty name"),
    ("sobel-x,sobel-z", "unknown kernel 'sobel-z'"),
    (",".join(["sobel-x"] * 9), "more than the 8"),
])
def test_a_bad_bank_is_refused_in_one_line(bank, says):
    from tests.helpers.commands import assert_one_line_error, run_without_display
    assert_one_line_error(run_without_display("--view", "layer", "--bank", bank), says)


@pytest.mark.parametrize("count, side", [(1, 3), (4, 3), (4, 5), (8, 3), (8, 5)])
def test_on_a_1080p_projector_each_filter_has_its_four_pictures_two_by_two(count, side):
    kernels = ["sobel-x" if side == 3 else "gaussian-5x5"] * count
    state = layer_demo(kernels, pool=2)
    layout = layer_view.layout_for(state, (1920, 1080), fullscreen=True)
    assert (layout.width, layout.height) == (1920, 1080)
    columns = layout.columns
    assert len(columns) == count
    for left, right in zip(columns, columns[1:]):
        if left.name_y == right.name_y:
            assert left.x + left.w < right.x                  # side by side, never overlapping …
        else:
            assert right.kernel.y > left.maps[1].y + left.maps[1].h   # … or in a row of their own under them
    for column in columns:
        map_rect, relu_rect, pooled_rect = column.maps
        assert column.kernel.x + column.kernel.w < map_rect.x                  # kernel, then its sums …
        assert map_rect.y + map_rect.h < relu_rect.y and relu_rect.x == map_rect.x   # … ReLU under them …
        assert pooled_rect.y == relu_rect.y and pooled_rect.x + pooled_rect.w < relu_rect.x   # … pooled beside
        assert pooled_rect.w == map_rect.w                    # 28 = 14 × 2: the same area
        assert relu_rect.y + relu_rect.h < layout.hint_y - layout.sizes.hint     # above the key hint …
        if layout.status_box is None:                         # … and the modes: under the pictures, or beside them
            assert relu_rect.y + relu_rect.h < layout.status_y - 20
        else:
            assert all(not layout.status_box.overlaps(rect) for rect in column.maps + (column.kernel,) if rect)
    assert layout.source.x + layout.source.w < columns[0].x


def test_pointing_finds_the_map_pixel_the_pooled_pixel_and_the_kernel_cell():
    state = layer_demo(pool=2)
    layout = layer_view.layout_for(state, None)
    rect = layout.columns[2].maps[1]
    found = layer_view.hit(layout, state, rect.x + 7 * layout.map_scale + 1, rect.y + 3 * layout.map_scale + 1)
    assert found == layer_view.Hit("relu", 2, 3, 7)
    pooled = layout.columns[1].maps[2]
    step = 2 * layout.map_scale   # a pooled pixel covers 2×2 map pixels
    found = layer_view.hit(layout, state, pooled.x + 2 * step + 1, pooled.y + 5 * step + 1)
    assert found == layer_view.Hit("pooled", 1, 5, 2)
    left, top, cell = layer_view.kernel_grid(layout, 3, (3, 3))
    assert layer_view.hit(layout, state, left + 2 * cell + 1, top + 1) == layer_view.Hit("kernel", 3, 0, 2)
    layer_view.mouse_pressed(state, layout, left + 2 * cell + 1, top + 1, True)
    assert state.bank_selected == 3 and state.ui.selected == (0, 2) and state.kernel_name == "vertical-edge"
    assert layer_view.mouse_wheel(state, layout, left + 2 * cell + 1, top + 1, -2, False)
    assert state.kernel[0, 2] == pytest.approx(0.2)


def test_dragging_on_the_input_draws_in_its_pixels():
    state = layer_demo()
    layout = layer_view.layout_for(state, None)
    x, y = layout.source.x + 5 * layout.scale + 2, layout.source.y + 9 * layout.scale + 2
    layer_view.mouse_pressed(state, layout, x, y, True)
    assert state.stroke is not None and state.image[9, 5] != CAT[9, 5]
