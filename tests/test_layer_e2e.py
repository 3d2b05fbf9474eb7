"""The layer view on the real sketch under Xvfb: every map read back from the window, pixel by pixel."""

import numpy as np

import filters
from convolution.screen import pixels
from convolution.state import demo
from tests.helpers.live import crop, layout_in, read_png, run_sketch, window_layout
from tests.helpers.panels import CAT, enlarged, rgb_of

BANK = ["sobel-x", "sobel-y", "laplacian-4", "vertical-edge"]
ARGS = ["--view", "layer", "--bank", ",".join(BANK), "--relu", "--pool", "2", "--values", "clamp"]


def expected_maps(image, kernel, scale, relu=True):
    """A filter's three maps as the lesson computes them: clamped sums (skipped border in the panel
    background), the same after ReLU, and the 2×2 max pool of the ReLU'd map (of the map, without ``relu``)."""
    sums = filters.convolve(image, kernel)
    inside = np.zeros(image.shape[:2], bool)
    inside[1:-1, 1:-1] = True

    def panel(values):
        shown = rgb_of(np.clip(np.rint(values), 0, 255).astype(np.uint8)).copy()
        shown[~inside] = pixels.PANEL_BACKGROUND
        return enlarged(shown, scale)

    rectified = np.maximum(sums, 0)
    pooled = (rectified if relu else sums).reshape(14, 2, 14, 2).max(axis=(1, 3))
    return panel(sums), panel(rectified), enlarged(rgb_of(np.clip(np.rint(pooled), 0, 255).astype(np.uint8)), 2 * scale)


def assert_layer(frame, image, layout, bank=BANK, relu=True):
    assert frame.shape[:2] == (layout.height, layout.width)
    np.testing.assert_array_equal(crop(frame, layout.source), enlarged(rgb_of(image.astype(np.uint8)),
                                                                       layout.scale))
    for column, name in zip(layout.columns, bank):
        for rect, expected in zip(column.maps, expected_maps(image, filters.PRESETS[name], layout.map_scale, relu)):
            if rect is not None:   # None: pooling is off
                np.testing.assert_array_equal(crop(frame, rect), expected, err_msg=name)


def test_save_draws_every_filters_map_relu_and_pooled_map(xserver, tmp_path):
    out = tmp_path / "layer.png"
    result = run_sketch(xserver, *ARGS, "--save", str(out))
    assert result.returncode == 0, result.stderr
    layout = window_layout(*ARGS)
    frame = read_png(out)
    assert frame.shape[:2] == (layout.height, layout.width)
    assert_layer(frame, CAT, layout)


def test_drawing_on_the_input_updates_every_map(live):
    sketch = live(*ARGS)
    layout = window_layout(*ARGS)

    def shows(image):
        def condition(frame):
            try:
                assert_layer(frame, image, layout)
                return True
            except AssertionError:
                return False
        return condition

    sketch.wait_for(shows(CAT), what="the layer of the cat")
    sketch.keys("c")                                        # a blank page
    blank = np.full((28, 28), 255.0)
    sketch.wait_for(shows(blank), what="the layer of a blank page")
    s, left, top = layout.scale, layout.source.x, layout.source.y
    points = [(left + x * s + s // 2, top + 14 * s + s // 2) for x in range(4, 24, 1)]
    commands = ["search", "--name", "Convolution filter demo", "mousemove", "--window", "%1", *map(str, points[0]),
                "mousedown", "1"]
    for point in points[1:]:
        commands += ["mousemove", "--window", "%1", *map(str, point)]
    commands += ["mouseup", "1", "mousemove", "--window", "%1", "40", "10"]
    sketch.xdotool_chain(commands)

    def drawn(frame):
        return crop(frame, layout.source)[s // 2::s, s // 2::s, 0].astype(float)

    frame = sketch.wait_for(lambda f: drawn(f)[14, 5:23].max() < 60, what="a dark line across the input")
    image = drawn(frame)
    assert image[:10].min() == 255 and image[20:].min() == 255
    frame = sketch.wait_for(shows(image), what="every map of the drawing")
    assert_layer(frame, image, layout)


def test_v_switches_to_the_layer_view_with_the_kernel_shown_first_and_back(live):
    from tests.helpers.panels import panels_match
    sketch = live("--kernel", "sobel-x")
    sketch.wait_for(panels_match(CAT, filters.PRESETS["sobel-x"]), what="the filter view")
    sketch.keys("v")
    bank = ["sobel-x", "vertical-edge", "horizontal-edge", "sobel-y"]   # the kernel shown, then the default bank

    def shows_layer(frame):
        try:
            # In the same window (it keeps its size), with no pooling, as before.
            layout = layout_in(frame, "--view", "layer", "--kernel", "sobel-x", "--pool", "0")
            assert_layer(frame, CAT, layout, bank, relu=False)
            return True
        except (AssertionError, ValueError):
            return False

    frame = sketch.wait_for(shows_layer, what="the layer view")
    assert_layer(frame, CAT, layout_in(frame, "--view", "layer", "--kernel", "sobel-x", "--pool", "0"), bank,
                 relu=False)
    sketch.keys("Right")                                    # the selected filter, sobel-x, steps on
    following = list(filters.PRESETS)[list(filters.PRESETS).index("sobel-x") + 1]
    # On through the views after the layer view, and round to the filter view.
    sketch.keys(*["v"] * (len(demo.VIEW_NAMES) - demo.VIEW_NAMES.index("layer")))
    # The layer view turned ReLU on (a CNN's block has it: Session.switch_view) and it stays on: the filter view's
    # modes line says so, and the window (its size kept) is laid out for that line. Its output is the same
    # clamped (clamp already shows negatives as black), so the panels are checked against the plain convolution.
    sketch.wait_for(panels_match(CAT, filters.PRESETS[following], args=("--kernel", following, "--relu")),
                    what="the filter view with the layer's filter")


def test_pointing_at_a_map_pixel_outlines_its_neighbourhood_on_the_input(live):
    sketch = live(*ARGS)
    layout = window_layout(*ARGS)
    rect = layout.columns[1].maps[0]
    y, x = 10, 12
    sketch.move(rect.x + x * layout.map_scale + 2, rect.y + y * layout.map_scale + 2)
    s = layout.scale
    corner = (layout.source.x + (x - 1) * s, layout.source.y + (y - 1) * s)   # the 3×3 neighbourhood's top-left

    def outlined(frame):
        patch = frame[corner[1] - 2:corner[1] + 3, corner[0] + 8:corner[0] + 14].reshape(-1, 3)
        return any(tuple(int(c) for c in p) == pixels.HIGHLIGHT for p in patch)

    frame = sketch.wait_for(outlined, what="the neighbourhood outlined on the input")
    readout = crop(frame, layout.readout)
    assert (readout != pixels.WINDOW_BACKGROUND).any(axis=2).sum() > 2000   # the sum, worked out
