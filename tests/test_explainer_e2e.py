"""The explainer under Xvfb: hover arithmetic, editing weights, border and value modes, slow motion.

Every expected panel comes from filters.py (see panels.py); the demo's own
functions replay the same edits to say which kernel the sketch must show.
"""

import numpy as np
import pytest

import filters
from convolution.screen import geometry, pixels
from convolution.screen.views import filter as filter_view
from convolution.state import demo
from tests.helpers.live import crop
from tests.helpers.panels import CAT, assert_panels, expected_output, panels_match
from tests.helpers.recording import press

LAYOUT = filter_view.make_layout(28, 28, 10)


def show(sketch, kernel, **modes):
    """Wait until the panels show ``kernel`` with ``modes``; fail with the last frame otherwise."""
    frame = sketch.wait_for(panels_match(CAT, kernel, **modes))
    assert_panels(frame, CAT, kernel, **modes)
    return frame


def cell_centre(shape, row, col):
    left, top, cell = filter_view.kernel_grid(filter_view.make_layout(28, 28, 10, kernel=np.zeros(shape)), *shape)
    return int(left + (col + 0.5) * cell), int(top + (row + 0.5) * cell)


def outline_colour_at(frame, x, y):
    """The colours in a 5×5 patch: an outline drawn through (x, y) shows the highlight in it."""
    patch = frame[y - 2:y + 3, x - 2:x + 3].reshape(-1, 3)
    return {tuple(int(c) for c in p) for p in patch}


def test_hovering_outlines_the_neighbourhood_and_the_pixel_it_makes(live):
    sketch = live("--kernel", "sobel-x")
    show(sketch, filters.PRESETS["sobel-x"])
    y, x = 7, 12
    sketch.move(LAYOUT.source.x + x * 10 + 5, LAYOUT.source.y + y * 10 + 5)
    around = geometry.pixel_rect(LAYOUT.source, 10, y, x, 3, 3)
    frame = sketch.wait_for(lambda f: pixels.HIGHLIGHT in outline_colour_at(f, around.x + 15, around.y))
    assert pixels.HIGHLIGHT in outline_colour_at(frame, around.x + 15, around.y)             # top edge
    assert pixels.HIGHLIGHT in outline_colour_at(frame, around.x, around.y + around.h - 5)   # left edge
    made = geometry.pixel_rect(LAYOUT.output, 10, y, x)
    assert pixels.HIGHLIGHT in outline_colour_at(frame, made.x + 5, made.y)
    # Away from the outlines, the output panel is still exactly the convolution.
    output = crop(frame, LAYOUT.output).astype(int)
    expected = expected_output(CAT, filters.PRESETS["sobel-x"], "skip", False, 10).astype(int)
    far = np.ones(output.shape[:2], bool)
    top, left = made.y - LAYOUT.output.y, made.x - LAYOUT.output.x
    far[top - 4:top + 14, left - 4:left + 14] = False
    np.testing.assert_array_equal(output[far], expected[far])
    # Pointing at the output panel picks the same pixel from there.
    sketch.move(LAYOUT.output.x + 20 * 10 + 5, LAYOUT.output.y + 3 * 10 + 5)
    moved = geometry.pixel_rect(LAYOUT.source, 10, 3, 20, 3, 3)
    frame = sketch.wait_for(lambda f: pixels.HIGHLIGHT in outline_colour_at(f, moved.x + 15, moved.y))
    assert pixels.HIGHLIGHT in outline_colour_at(frame, moved.x + 15, moved.y)
    # Leaving the panels removes the outlines.
    sketch.move(40, 10)
    show(sketch, filters.PRESETS["sobel-x"])


def test_clicking_and_scrolling_a_weight_updates_the_output(live):
    sketch = live("--kernel", "vertical-edge")
    replica = demo.new_demo(CAT, "vertical-edge")
    show(sketch, replica.kernel)
    sketch.click(*cell_centre((3, 3), 1, 2))
    sketch.wheel(+3)
    demo.select_cell(replica, (1, 2))
    for _ in range(3):
        demo.nudge_weight(replica, +1)
    sketch.move(40, 10)
    show(sketch, replica.kernel)
    assert replica.kernel[1, 2] == pytest.approx(0.3)
    sketch.keys("Down", "shift+Down")
    demo.nudge_weight(replica, -1)
    demo.nudge_weight(replica, -1, fine=True)
    show(sketch, replica.kernel)


def test_typing_a_weight_and_escape_leaves_editing_without_quitting(live):
    sketch = live("--kernel", "box-blur-3x3")
    show(sketch, filters.PRESETS["box-blur-3x3"])
    sketch.click(*cell_centre((3, 3), 0, 0))
    sketch.move(40, 10)
    sketch.keys("minus", "2", "Escape")
    kernel = filters.PRESETS["box-blur-3x3"].copy()
    kernel[0, 0] = -2
    show(sketch, kernel)
    assert sketch.alive()
    sketch.keys("Tab", "0", "Return", "n")     # Tab selects the centre; 0 resets it; n normalises
    kernel[1, 1] = 0
    kernel = kernel / kernel.sum()
    show(sketch, kernel)


def test_border_and_value_modes_cycle_with_e_and_m(live):
    sketch = live("--kernel", "laplacian-8")
    kernel = filters.PRESETS["laplacian-8"]
    show(sketch, kernel)
    for edges in ["zero", "extend", "wrap", "reflect", "skip"]:
        sketch.keys("e")
        show(sketch, kernel, edges=edges)
    for mapping in ["absolute", "stretch", "signed", "clamp"]:
        sketch.keys("m")
        show(sketch, kernel, mapping=mapping)
    sketch.keys("f")
    show(sketch, kernel, flip=True)


def test_5x5_random_kernels_and_flip(live):
    sketch = live("--seed", "4", "--kernel", "emboss")
    replica = demo.new_demo(CAT, "emboss", seed=4)
    sketch.keys("k", "f")
    press(replica, "k")
    press(replica, "f")
    assert replica.kernel.shape == (5, 5)
    show(sketch, replica.kernel, flip=True)


def revealed(frame):
    """Which output pixels are shown (not the panel background), as a 28×28 bool array."""
    output = crop(frame, LAYOUT.output)[5::10, 5::10]
    return np.any(output != np.array(pixels.PANEL_BACKGROUND), axis=2)


def test_slow_motion_reveals_the_output_in_reading_order_and_steps(live):
    sketch = live("--kernel", "vertical-edge", "--edges", "zero")
    kernel = filters.PRESETS["vertical-edge"]
    show(sketch, kernel, edges="zero")
    sketch.keys("a", "space")                     # start, and pause at once
    frame = sketch.wait_for(lambda f: revealed(f).sum() < 28 * 28)
    shown = revealed(frame)
    count = int(shown.sum())
    assert 0 < count < 28 * 28
    # A prefix in reading order is shown, and it is the real output there.
    assert shown.reshape(-1)[:count].all() and not shown.reshape(-1)[count:].any()
    sketch.keys("period")
    frame = sketch.wait_for(lambda f: revealed(f).sum() == count + 1)
    assert revealed(frame).sum() == count + 1
    expected = expected_output(CAT, kernel, "zero", False, 10)
    got = crop(frame, LAYOUT.output)[5::10, 5::10]
    # Compare the revealed pixels away from the outline around the current one.
    flat = np.argwhere(revealed(frame))[:-3]
    for y, x in flat[::7]:
        np.testing.assert_array_equal(got[y, x], expected[y * 10 + 5, x * 10 + 5])
    sketch.keys("a")                              # stop: the whole output again
    sketch.move(40, 10)
    show(sketch, kernel, edges="zero")


def test_o_opens_another_image_in_a_file_dialog_and_a_bad_file_changes_nothing(live, tmp_path):
    from PIL import Image

    from tests.helpers.live import open_with_file_dialog
    from tests.helpers.panels import window_layout_of
    photo = np.zeros((30, 40, 3), np.uint8)
    photo[:, :20] = (200, 40, 40)
    photo[8:22, 25:35] = 250
    Image.fromarray(photo).save(tmp_path / "photo.png")
    (tmp_path / "notes.png").write_text("not a picture")
    sketch = live("--kernel", "sobel-y")
    show(sketch, filters.PRESETS["sobel-y"])
    open_with_file_dialog(sketch, tmp_path / "notes.png")
    sketch.wait_for(lambda f: "notes.png" in sketch.stderr())
    assert "not an image" in sketch.stderr() and sketch.alive()
    show(sketch, filters.PRESETS["sobel-y"])          # the cat is still there
    opening = sketch.screenshot()
    open_with_file_dialog(sketch, tmp_path / "photo.png")
    # The window keeps its size: the photo is laid out in it, as large as fits.
    frame = sketch.wait_for(panels_match(photo, filters.PRESETS["sobel-y"]), what="the photo and its filtered copy")
    assert frame.shape == opening.shape
    layout = window_layout_of(frame, photo, None, filters.PRESETS["sobel-y"])
    # The whole window is drawn again for its new content, not only the panels: the title, the modes line.
    for part in (geometry.Rect(0, 0, layout.width, layout.kernel.y),
                 geometry.Rect(0, layout.status_y - 20, layout.width, 24)):
        assert (crop(frame, part) != pixels.WINDOW_BACKGROUND).any(axis=2).sum() > 300


def test_the_modes_line_fits_the_window_at_its_longest(live):
    sketch = live("--kernel", "sobel-x", "--edges", "reflect", "--flip")
    show(sketch, filters.PRESETS["sobel-x"], edges="reflect", flip=True)

    def inked_columns(frame):
        return np.nonzero((frame != pixels.WINDOW_BACKGROUND).any(axis=2).any(axis=0))[0]

    before = sketch.settled()
    # values: stretch, slow motion, paused: "edges: reflect · true convolution … slow motion 10 px/s (paused)"
    sketch.keys("m", "m", "a", "space")
    frame = sketch.wait_for(lambda f: f.shape == before.shape and not np.array_equal(f, before),
                            what="the modes line to grow with slow motion")
    frame = sketch.settled()
    columns = inked_columns(frame)   # it wraps rather than run off the window's edges
    assert columns.min() >= geometry.MARGIN // 2 and columns.max() < frame.shape[1] - geometry.MARGIN // 2
