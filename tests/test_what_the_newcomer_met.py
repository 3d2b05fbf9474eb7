"""What a newcomer met on the way through the views, each mended and kept so."""

import numpy as np
from PIL import Image

import filters
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.screen import texts
from convolution.screen.views import common
from convolution.screen.views import filter as filter_view
from convolution.state import demo, keys
from tests.helpers.recording import press
from tests.helpers.screen_check import recording_canvas


def drawn_weights(state, layout):
    """The weights the filter view writes in its kernel's cells, row by row, read off a recording canvas."""
    canvas, fake = recording_canvas(layout.width, layout.height)
    filter_view.draw(canvas, layout, state, "")
    left, top, cell = filter_view.kernel_grid(layout, *state.kernel.shape)
    rows, cols = state.kernel.shape
    grid = [[None] * cols for _ in range(rows)]
    for item in fake.drawn:
        if item.kind == "text":
            middle_x, middle_y = item.box.x + item.box.w / 2, item.box.y + item.box.h / 2
            col, row = int((middle_x - left) // cell), int((middle_y - top) // cell)
            if 0 <= row < rows and 0 <= col < cols:
                grid[row][col] = item.text
    return grid


def test_a_weight_typed_by_hand_is_shown_as_typed():
    state = prepare(["--kernel", "vertical-edge"]).state
    demo.select_cell(state, (1, 1))
    press(state, "-", "2", ".", "5")
    press(state, "ENTER")
    labels, factor = texts.kernel_labels(state.kernel)
    assert labels == [["\u22121", "1", "0"], ["\u22121", "\u22122.5", "0"], ["\u22121", "1", "0"]] and factor == ""
    assert texts.kernel_labels(filters.PRESETS["gaussian-3x3"]) == ([["1", "2", "1"], ["2", "4", "2"], ["1", "2", "1"]],
                                                                 "\u00f7 16")   # a preset keeps its factor


def test_a_flipped_kernel_shows_the_weights_that_are_used_where_they_are_used():
    state = prepare(["--kernel", "sobel-x"]).state
    layout = filter_view.layout_for(state)
    assert drawn_weights(state, layout) == [["\u22121", "0", "1"], ["\u22122", "0", "2"], ["\u22121", "0", "1"]]
    press(state, "f")
    assert drawn_weights(state, layout) == [["1", "0", "\u22121"], ["2", "0", "\u22122"], ["1", "0", "\u22121"]]
    # Clicking the top-left cell now edits the weight shown there: the kernel's bottom-right one.
    left, top, cell = filter_view.kernel_grid(layout, 3, 3)
    filter_view.mouse_pressed(state, layout, left + cell // 2, top + cell // 2, True)
    assert state.ui.selected == (2, 2)


def test_the_layer_view_starts_with_relu_on_and_says_what_it_does():
    state = prepare(["--view", "layer"]).state
    assert state.relu and "ReLU" in texts.layer_description(state)
    state = prepare(["--view", "layer", "--no-relu"]).state
    assert not state.relu and "\u2192 ReLU" not in texts.layer_description(state)
    assert not prepare([]).state.relu   # the filter view begins as the lesson does


def test_an_opened_file_is_shown_as_it_is_not_inverted_like_the_last_one(tmp_path):
    photo = np.full((20, 30), 40, np.uint8)
    Image.fromarray(photo).save(tmp_path / "dark.png")
    sketch = Session(prepare(["--invert"]).state)
    sketch.open_chosen_file(tmp_path / "dark.png")
    assert not sketch.state.inverted and np.array_equal(sketch.state.image, photo)
    assert sketch.open_folder == tmp_path   # the file chooser opens there next time


def test_keys_of_other_views_say_where_they_work_and_the_hint_offers_only_what_works():
    assert "filter and layer view" in keys.elsewhere("e", "network")
    assert keys.elsewhere("RIGHT", "filter") == "" and keys.elsewhere("RIGHT", "network") == ""
    assert keys.elsewhere("?", "network") == ""
    state = prepare(["--view", "network"]).state
    assert "space pause" not in keys.hint_line("network", state)
    state.running.training = object()
    assert "space pause" in keys.hint_line("network", state)
    assert common.KEPT_HINTS[0] in keys.hint_line("network", state)
