"""Every unit of the network view worked out: the readouts' numbers against the forward pass and plain loops.

The unit comes from the state, as the mouse leaves it there (the view's
mouse_moved at a window point the layout gives), and its numbers from
explain.py, the module the readout is drawn from.
"""

import numpy as np
import pytest

import explain
import network
from convolution.app.options import prepare
from convolution.files import images
from convolution.screen.views import network as network_view
from convolution.state import demo, keys

CAT = 255 - images.load_image(images.DEFAULT_IMAGE)     # white strokes on black, as the network learned them
ML5 = network.Network.random(["cat", "rainbow", "train"], seed=4)
ONE_BLOCK = network.Network(["cat", "rainbow", "train"], network.random_weights(3, 2, architecture=((4, 3),)))


def pointed_at(model, where):
    """The state and layout of the network view with ``model``, and the unit the mouse leaves in the
    state at the window point ``where(layout)``."""
    options = prepare(["--view", "network"])
    demo.use_model(options.state, model, "test.npz")
    layout = network_view.layout_for(options.state)
    x, y = where(layout)
    network_view.mouse_moved(options.state, layout, x, y)
    return options.state, layout


def centre_of(rect, scale, y, x):
    return rect.x + x * scale + scale // 2, rect.y + y * scale + scale // 2


@pytest.mark.parametrize("model", [ML5, ONE_BLOCK], ids=["ml5", "one block"])
def test_a_block_1_pixel_is_its_window_times_the_kernel_plus_the_bias(model):
    state, layout = pointed_at(model, lambda at: centre_of(at.blocks[0][2].relu, at.scales[0].relu, 9, 7))
    assert state.ui.pointed == explain.Unit("conv", 0, 2, 9, 7)
    maps = model.feature_maps(CAT)
    worked = explain.worked_out(model, CAT, maps, state.ui.pointed)
    k = model.blocks[0].kernel_size
    by_hand = sum(CAT[9 + j, 7 + i] / 255 * float(model.filters[2, j, i]) for j in range(k) for i in range(k))
    assert worked.partials[0] == pytest.approx(by_hand, abs=1e-6)
    assert worked.total == pytest.approx(by_hand + float(model.biases[2]), abs=1e-6)
    assert worked.total == pytest.approx(float(maps.blocks[0].conv[2, 9, 7]), abs=1e-5)
    assert worked.relu == pytest.approx(float(maps.blocks[0].relu[2, 9, 7]), abs=1e-5)
    readout = network_view.conv_readout(model, worked)
    assert network_view.signed(worked.total, 3) in readout.result and len(readout.lines) == k


def test_a_block_2_pixel_is_the_sum_over_block_1s_maps_of_window_times_slice_plus_the_bias():
    state, layout = pointed_at(ML5, lambda at: centre_of(at.blocks[1][6].relu, at.scales[1].relu, 4, 3))
    assert state.ui.pointed == explain.Unit("conv", 1, 6, 4, 3)
    maps = ML5.feature_maps(CAT)
    worked = explain.worked_out(ML5, CAT, maps, state.ui.pointed)
    below, weights = maps.blocks[0].pooled, ML5.blocks[1].weights[6]
    assert len(worked.partials) == 8
    for c in range(8):   # each map's partial sum, by a plain loop
        by_hand = sum(float(below[c, 4 + j, 3 + i]) * float(weights[c, j, i]) for j in range(5) for i in range(5))
        assert worked.partials[c] == pytest.approx(by_hand, abs=1e-5)
    assert worked.total == pytest.approx(float(maps.blocks[1].conv[6, 4, 3]), abs=1e-5)
    assert worked.total == pytest.approx(worked.partials.sum() + float(ML5.blocks[1].biases[6]), abs=1e-9)
    # Each map's window as drawn beside the filter's slice for it, captioned with its partial sum.
    seen = network_view.see(ML5, CAT, "clamp")
    pictures = network_view.conv_readout(ML5, worked, seen.pooled[0]).pictures
    for c, (window, tints, caption) in enumerate(pictures):
        np.testing.assert_array_equal(window, seen.pooled[0][c][4:9, 3:8])
        # its partial sum, rounded within one unit of its last digit so that the eight add up as shown
        assert tints.shape == (5, 5, 3) and caption.startswith(f"map {c + 1}: ")
        assert abs(float(caption.split(": ")[1].replace("\u2212", "-")) - worked.partials[c]) < 0.001
    # The eight windows are outlined on block 1's pooled maps, and its field on the drawing.
    marks = network_view.outlines(layout, ML5, CAT, network_view.see(ML5, CAT, "clamp"), state.ui.pointed)
    on_block_1 = [rect for panel, _, rect in marks if panel == "block 0"]
    assert len(on_block_1) == 8 and all(rect.w == 5 * layout.scales[0].pooled for rect in on_block_1)
    assert ("source", layout.source, network_view.on_drawing(layout, (8, 6, 14, 14))) in marks


@pytest.mark.parametrize("model", [ML5, ONE_BLOCK], ids=["ml5", "one block"])
def test_a_pooled_pixel_is_the_largest_of_its_window(model):
    last = len(model.blocks) - 1
    state, layout = pointed_at(model, lambda at: centre_of(at.blocks[last][1].pooled, at.scales[last].pooled, 2, 1))
    assert state.ui.pointed == explain.Unit("pooled", last, 1, 2, 1)
    maps = model.feature_maps(CAT)
    worked = explain.worked_out(model, CAT, maps, state.ui.pointed)
    window = maps.blocks[last].relu[1, 4:6, 2:4]
    np.testing.assert_array_equal(worked.window, window)
    assert worked.value == float(maps.blocks[last].pooled[1, 2, 1]) == float(window.max())
    assert window[worked.winner] == window.max()


def test_a_score_is_its_largest_contributions_the_rest_and_the_bias():
    state, layout = pointed_at(ML5, lambda at: (at.bars.x + 5, at.bars.y + at.columns.row_h + 5))
    assert state.ui.pointed == explain.Unit("score", 0, 1)
    maps = ML5.feature_maps(CAT)
    worked = explain.worked_out(ML5, CAT, maps, state.ui.pointed)
    assert worked.score == pytest.approx(float(maps.scores[1]), abs=1e-5)
    assert sum(part.product for part in worked.largest) + worked.rest + worked.bias == pytest.approx(worked.score)
    sizes = [abs(part.product) for part in worked.largest]
    everything = np.abs(ML5.dense.weights[1].astype(np.float64) * maps.features)
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == pytest.approx(everything.max())
    for part in worked.largest:   # each the weight and the value of that pooled pixel of block 2
        f, y, x = part.place
        assert part.value == float(maps.blocks[1].pooled[f, y, x])
        assert part.weight == float(ML5.dense.weights[1].reshape(16, 4, 4)[f, y, x])


def test_a_probability_is_e_to_its_score_over_the_sum_of_e_to_the_scores():
    state, layout = pointed_at(ML5, lambda at: (at.bars.x + at.bars.w - 5, at.bars.y + 5))
    assert state.ui.pointed == explain.Unit("probability", 0, 0)
    maps = ML5.feature_maps(CAT)
    worked = explain.worked_out(ML5, CAT, maps, state.ui.pointed)
    scores = maps.scores.astype(np.float64)
    assert worked.probability == pytest.approx(np.exp(scores[0]) / np.exp(scores).sum(), rel=1e-9)
    assert worked.probability == pytest.approx(float(maps.probabilities[0]), rel=1e-5)


@pytest.mark.parametrize("model", [ML5, ONE_BLOCK], ids=["ml5", "one block"])
def test_the_evidence_shares_add_up_to_the_score_less_the_bias(model):
    maps = model.feature_maps(CAT)
    for cls in range(3):
        found = explain.evidence(model, maps, cls)
        assert found.shares.sum() + found.bias == pytest.approx(float(maps.scores[cls]), abs=1e-4)
        assert found.heat.sum() == pytest.approx(found.shares.sum(), abs=1e-9)
    side = model.map_sides[-1][1]
    assert found.shares.shape == (side, side) and found.fields.shape == (side, side, 4)


@pytest.mark.parametrize("unit", [explain.Unit("conv", 1, 3, 5, 2), explain.Unit("pooled", 1, 0, 3, 0),
                                  explain.Unit("pooled", 0, 5, 11, 4)])
def test_a_units_receptive_field_is_every_pixel_it_depends_on(unit):
    top, left, height, width = explain.receptive_field(ML5, unit)
    rng = np.random.default_rng(2)

    def value(drawing):
        maps = ML5.feature_maps(drawing).blocks[unit.block]
        return (maps.conv if unit.kind == "conv" else maps.pooled)[unit.filter, unit.y, unit.x]

    outside = rng.integers(0, 256, CAT.shape).astype(np.uint8)
    outside[top:top + height, left:left + width] = CAT[top:top + height, left:left + width]
    assert value(outside) == value(CAT)                # the pixels outside change nothing
    assert 0 <= top and top + height <= 28 and 0 <= left and left + width <= 28


def test_y_shows_the_evidence_in_the_network_view_and_says_where_it_works_elsewhere():
    state = prepare(["--view", "network"]).state
    assert keys.press(state, "y", window=None, view="network") and state.ui.show_evidence
    assert "y why" in keys.hint_line("network", state)
    assert not keys.press(state, "y", window=None, view="filter")
    assert "network view" in keys.elsewhere("y", "filter")
    assert "filter and layer view" in keys.elsewhere("e", "network")   # (its arrows move the drawing there)


def test_with_the_relu_maps_folded_away_a_pooled_pixel_works_out_its_winners_sum_too():
    options = prepare(["--view", "network"])
    demo.use_model(options.state, ML5, "ml5.npz")
    layout = network_view.layout_for(options.state, (1024, 768), fullscreen=True)
    assert not layout.relu_shown and all(card.relu is None for cards in layout.blocks for card in cards)
    card, scale = layout.blocks[1][9], layout.scales[1].pooled
    network_view.mouse_moved(options.state, layout, *centre_of(card.pooled, scale, 1, 3))
    unit = options.state.ui.pointed
    assert unit == explain.Unit("pooled", 1, 9, 1, 3)
    seen = network_view.see(ML5, CAT, "clamp")
    pooled = explain.pool_unit(seen.maps, 1, 9, 1, 3)
    y, x = 2 + pooled.winner[0], 6 + pooled.winner[1]
    winner = explain.conv_unit(ML5, CAT, seen.maps, 1, 9, y, x)
    assert winner.relu == pytest.approx(pooled.value, abs=1e-5)     # the winner is the pooled value
    readout = network_view.readout_for(ML5, seen, unit, False, 0, relu_shown=False)
    items = [entry for entry in readout.lines if not isinstance(entry, str)]
    assert [item.split(": ")[0] for item in items[0]] == [f"map {c + 1}" for c in range(len(winner.partials))]
    assert all(abs(float(item.split(": ")[1].replace("\u2212", "-")) - p) < 0.001
               for item, p in zip(items[0], winner.partials))
    assert network_view.signed(winner.total, 3) in items[1][0]
    windows = [rect for panel, _, rect in network_view.outlines(layout, ML5, CAT, seen, unit) if panel == "block 0"]
    below = layout.scales[0].pooled
    assert windows == [network_view.map_rect(other.pooled, below, y, x, 5, 5) for other in layout.blocks[0]]
