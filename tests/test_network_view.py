"""The network view without a window: what the network is shown, what the view draws of its answer."""

import numpy as np
import pytest

import filters
import network
from convolution.app.options import prepare
from convolution.files import bundled, images
from convolution.screen import texts
from convolution.screen.views import network as network_view
from convolution.state import demo

MODEL = network.load(bundled.DOODLES)
CAT = images.load_image(images.DEFAULT_IMAGE)


def test_a_dark_on_light_drawing_is_turned_round_for_the_network_and_a_quick_draw_one_is_not():
    drawn, turned = network_view.network_input(CAT)
    assert turned and np.array_equal(drawn, 255 - CAT)
    assert MODEL.classes[int(np.argmax(MODEL.predict(drawn)))] == "cat"
    quickdraw = 255 - CAT                                  # light strokes on black, as Quick Draw stores them
    drawn, turned = network_view.network_input(quickdraw)
    assert not turned and np.array_equal(drawn, quickdraw)


def test_a_photo_is_made_a_28x28_grey_drawing():
    photo = np.zeros((60, 90, 3), np.uint8)
    photo[20:40, 30:60] = 255
    drawn, turned = network_view.network_input(photo)
    assert drawn.shape == (28, 28) and drawn.dtype == np.uint8 and not turned
    assert drawn[14, 14] > 200 and drawn[2, 2] == 0


def test_the_maps_are_the_networks_pooled_maps_in_the_lessons_units():
    seen = network_view.see(MODEL, CAT, "clamp")
    maps = MODEL.feature_maps(255 - CAT)
    assert len(seen.pooled[0]) == len(maps.blocks[0].pooled) == 8         # the first block's maps
    for shown, pooled in zip(seen.pooled[0], maps.blocks[0].pooled):
        grey = filters.clamp_to_bytes(pooled * 255)
        np.testing.assert_array_equal(shown, np.dstack([grey] * 3))
    np.testing.assert_allclose(seen.probabilities, maps.probabilities)
    # The lesson's units: a map before pooling is filters.convolve of the 0–255 drawing, plus 255 × the bias.
    sums = filters.convolve(255 - CAT, MODEL.filters[3].astype(np.float64), "skip")[2:-2, 2:-2] + 255 * MODEL.biases[3]
    np.testing.assert_allclose(maps.blocks[0].conv[3] * 255, sums, rtol=1e-4, atol=0.05)


def test_a_blank_page_is_said_to_be_a_guess():
    seen = network_view.see(MODEL, np.full((28, 28), 255, np.uint8), "clamp")
    assert seen.blank and texts.network_input_note(seen.turned, seen.blank).startswith("nothing drawn")


def test_the_network_view_lays_out_the_drawing_a_card_for_each_first_block_filter_and_the_bars():
    layout = prepare(["--view", "network"]).layout
    assert len(layout.cards) == MODEL.filters.shape[0]
    assert layout.source.x + layout.source.w < layout.cards[0].kernel.x
    rightmost = max(card.pooled.x + card.pooled.w for card in layout.cards)
    assert rightmost < layout.bars.x and layout.bars.x + layout.bars.w <= layout.width
    for card in layout.cards:
        assert card.kernel.w == MODEL.filters.shape[1] * layout.filter_scale
        assert card.pooled.w == 12 * layout.map_scale
    assert layout.width <= 1880 and layout.height <= 1040


def test_the_learned_filters_follow_the_presets_and_fill_a_learned_bank():
    state = prepare(["--kernel", "emboss"]).state          # the last preset
    demo.step_preset(state, +1)
    assert state.kernel_name == demo.LEARNED and texts.kernel_title(state).startswith("learned 1 of 8")
    np.testing.assert_array_equal(state.kernel, MODEL.filters[0])
    demo.step_preset(state, -1)
    assert state.kernel_name == "emboss"
    layer = prepare(["--view", "layer", "--bank", "learned"]).state
    assert texts.filter_names(layer) == [f"learned {n}" for n in range(1, 9)]


def test_a_file_that_is_not_a_model_is_one_line(tmp_path):
    from tests.helpers.commands import assert_one_line_error, run_without_display
    bad = tmp_path / "model.npz"
    bad.write_text("not a model")
    assert_one_line_error(run_without_display("--view", "network", "--model", str(bad)), "model.npz")


@pytest.mark.parametrize("files, says", [
    (["one.bin"], "two"),
    (["missing.bin", "other.bin"], "missing.bin"),
])
def test_live_training_needs_two_good_class_files(tmp_path, files, says):
    from tests.helpers.commands import assert_one_line_error, run_without_display
    for name in files:
        if name != "missing.bin":
            (tmp_path / name).write_bytes(np.zeros((3, 784), np.uint8).tobytes())
    result = run_without_display("--train", *[str(tmp_path / name) for name in files])
    assert_one_line_error(result, says)


def test_the_header_names_every_block_and_the_cards_the_first(tmp_path):
    state = prepare(["--view", "network"]).state
    assert texts.network_layers(state).startswith(
        "8 filters of 5\u00d75 (blue +, orange \u2212) \u2192 ReLU \u2192 2\u00d72 max pool \u2192 16 filters of "
        "8\u00d75\u00d75 \u2192 ReLU")
    assert "block 1" in texts.cards_label(state)


def test_a_version_1_model_runs_in_the_views(tmp_path):
    # A one-block model of format 1, as train.py wrote them before conv blocks: 4 filters of 3×3.
    rng = np.random.default_rng(5)
    path = tmp_path / "old.npz"
    with open(path, "wb") as file:
        np.savez(file, format_version=np.array(1), classes=np.array(["cat", "rainbow", "train"]),
                 conv_weights=rng.normal(0, 0.5, (4, 3, 3)).astype(np.float32), conv_biases=np.zeros(4, np.float32),
                 dense_weights=rng.normal(0, 0.1, (3, 4, 13, 13)).astype(np.float32),
                 dense_biases=np.zeros(3, np.float32))
    options = prepare(["--view", "network", "--model", str(path)])
    model, layout = options.state.running.model, options.layout
    assert len(model.blocks) == 1 and len(layout.cards) == 4
    assert all(card.pooled.w == 13 * layout.map_scale and card.kernel.w == 3 * layout.filter_scale
               for card in layout.cards)
    seen = network_view.see(model, CAT, "clamp")
    maps = model.feature_maps(255 - CAT)
    for shown, pooled in zip(seen.pooled[0], maps.blocks[0].pooled):
        np.testing.assert_array_equal(shown, np.dstack([filters.clamp_to_bytes(pooled * 255)] * 3))
    np.testing.assert_allclose(seen.probabilities, model.predict(255 - CAT)[0], rtol=1e-5)
    assert texts.network_layers(options.state).startswith("4 filters of 3\u00d73 (blue +, orange \u2212) \u2192 "
                                                          "ReLU \u2192 2\u00d72 max pool \u2192 dense")
    assert texts.cards_label(options.state).startswith("each learned filter,")
    layer = prepare(["--view", "layer", "--bank", "learned", "--model", str(path)]).state
    assert texts.filter_names(layer) == [f"learned {n}" for n in range(1, 5)]


@pytest.mark.parametrize("window", [(1920, 1080), (1024, 768), (640, 480), (1200, 500), (3840, 2160)])
def test_the_drawing_is_never_smaller_than_its_maps_and_every_map_lies_in_the_window(window):
    state = prepare(["--view", "network"]).state
    layout = network_view.layout_for(state, window, fullscreen=window[1] >= 768)
    pictures = [rect for cards in layout.blocks for card in cards for rect in (card.kernel, card.relu, card.pooled)
                if rect is not None]
    assert max(layout.source.w, layout.source.h) >= max(max(rect.w, rect.h) for rect in pictures)
    bounds = network_view.Rect(0, 0, *window)
    assert all(rect.within(bounds) for rect in pictures + [layout.source, layout.bars])
