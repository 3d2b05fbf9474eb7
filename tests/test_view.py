"""Where things go on screen and what the panels' pixels are, without a window."""

import numpy as np
import pytest

import filters
import view


def overlaps(a, b):
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


@pytest.mark.parametrize("size, scale", [((28, 28), 10), ((28, 28), 2), ((28, 28), 1), ((64, 40), 6), ((300, 200), 1)])
def test_panels_sit_side_by_side_inside_the_window_with_the_kernel_between(size, scale):
    w, h = size
    layout = view.make_layout(w, h, scale)
    src, ker, out = layout.source, layout.kernel, layout.output
    assert (src.w, src.h) == (out.w, out.h) == (w * scale, h * scale)
    assert src.y == out.y
    assert src.x + src.w <= ker.x and ker.x + ker.w <= out.x
    assert not overlaps(src, out)
    for rect in (src, ker, out):
        assert rect.x >= 0 and rect.y >= 0
        assert rect.x + rect.w <= layout.width and rect.y + rect.h <= layout.height
    # Text lines are above or below the panels, never across them.
    assert layout.title_y < layout.subtitle_y < src.y - 10
    assert src.y + src.h + 10 < layout.caption_y < layout.hint_y < layout.height


def test_the_default_scale_is_the_lessons_10x_and_shrinks_for_big_images():
    assert view.auto_scale(28, 28) == 10
    assert view.auto_scale(100, 50) == 7
    assert view.auto_scale(2000, 1000) == 1


def test_source_panel_is_the_drawing_enlarged_in_grey():
    image = np.array([[0, 128], [255, 7]], np.uint8)
    pixels = filters.enlarge(view.source_colours(image), 3)
    assert pixels.shape == (6, 6, 3) and pixels.dtype == np.uint8
    assert tuple(pixels[4, 4]) == (7, 7, 7) and tuple(pixels[0, 5]) == (128, 128, 128)


def test_output_panel_clamps_and_paints_skipped_pixels_as_background():
    image = np.random.default_rng(4).integers(0, 256, (6, 7)).astype(np.uint8)
    kernel = filters.PRESETS["laplacian-8"]
    out = filters.convolve(image, kernel)
    pixels = filters.enlarge(view.output_colours(filters.to_display(out),
                                                filters.computed_mask(out.shape, kernel.shape)), 2)
    assert pixels.shape == (12, 14, 3)
    for y in range(6):
        for x in range(7):
            block = pixels[2 * y:2 * y + 2, 2 * x:2 * x + 2].reshape(-1, 3)
            if 1 <= y <= 4 and 1 <= x <= 5:
                expected = min(255, max(0, round(float(out[y, x]))))
                assert np.all(block == expected)
            else:
                assert np.all(block == view.PANEL_BACKGROUND)


@pytest.mark.parametrize("scale", [1, 3])
def test_enlarging_into_a_py5_buffer_writes_opaque_squares_of_each_colour(scale):
    colours = np.random.default_rng(5).integers(0, 256, (4, 3, 3)).astype(np.uint8)
    argb = np.full((4 * scale, 3 * scale, 4), 7, np.uint8)   # as py5's np_pixels: alpha, red, green, blue
    view.enlarge_into(argb, colours, scale)
    for y in range(4 * scale):
        for x in range(3 * scale):
            assert argb[y, x, 0] == 255
            assert tuple(argb[y, x, 1:]) == tuple(colours[y // scale, x // scale])


def test_enlarging_into_a_buffer_of_the_wrong_size_says_what_is_needed():
    with pytest.raises(ValueError, match="8×6×4"):
        view.enlarge_into(np.zeros((8, 8, 4), np.uint8), np.zeros((4, 3, 3), np.uint8), 2)


def test_colour_output_keeps_its_channels():
    image = np.zeros((5, 5, 3), np.uint8)
    image[..., 0] = 200
    out = filters.convolve(image, filters.PRESETS["identity"], "zero")
    pixels = view.output_colours(filters.to_display(out), filters.computed_mask(out.shape, (3, 3), "zero"))
    assert tuple(pixels[2, 2]) == (200, 0, 0)


@pytest.mark.parametrize("name, cells, note", [
    ("gaussian-3x3", [["1", "2", "1"], ["2", "4", "2"], ["1", "2", "1"]], "÷ 16"),
    ("box-blur-3x3", [["1"] * 3] * 3, "÷ 9"),
    ("sobel-x", [["−1", "0", "1"], ["−2", "0", "2"], ["−1", "0", "1"]], ""),
])
def test_kernels_are_shown_the_way_the_lesson_writes_them(name, cells, note):
    assert view.kernel_labels(filters.PRESETS[name]) == (cells, note)


def test_the_5x5_gaussian_is_shown_over_256():
    cells, note = view.kernel_labels(filters.PRESETS["gaussian-5x5"])
    assert note == "÷ 256" and cells[2][2] == "36" and cells[0][0] == "1"


def test_random_weights_show_two_decimals_with_a_real_minus():
    cells, note = view.kernel_labels(np.array([[0.123, -0.5, 0.0]] * 3))
    assert note == "" and cells[0] == ["0.12", "−0.5", "0"]
    assert view.format_weight(-0.0001) == "0"
    assert view.format_weight(1 / 256) == "0.004"     # small, but not shown as 0


@pytest.mark.parametrize("name", filters.PRESETS)
def test_the_common_divisor_is_the_smallest_that_makes_every_weight_whole(name):
    kernel = filters.PRESETS[name]
    slowly = next((d for d in range(1, 257)
                   if all(abs(w * d - round(w * d)) < 1e-6 and abs(w * d) < 1000 for w in kernel.ravel())), None)
    assert view.common_divisor(kernel) == slowly


def test_random_weights_have_no_common_divisor():
    assert view.common_divisor(np.array([[0.123456, -0.5, 0.25]])) is None


def test_a_kernels_cell_colours_are_each_weights_colour():
    kernel = filters.PRESETS["emboss"]
    largest = float(np.abs(kernel).max())
    assert view.cell_colours(kernel) == [[view.cell_colour(float(w), largest) for w in row] for row in kernel]
    assert view.cell_colours(np.zeros((3, 3))) == [[view.NEUTRAL_CELL] * 3] * 3


def test_cell_colours_tell_sign_and_size_apart():
    negative, zero, positive = (view.cell_colour(w, 2.0) for w in (-2.0, 0.0, 2.0))
    assert zero == view.NEUTRAL_CELL
    assert negative != positive
    assert view.cell_colour(-1.0, 2.0) != negative          # weaker is paler
    assert sum(view.cell_colour(-1.0, 2.0)) > sum(negative)
    for colour in (negative, zero, positive):
        assert view.ink_on(colour) in ((0, 0, 0), (255, 255, 255))


# ---- pointing, the readout and the legend -------------------------------------------

def test_pointing_at_either_panel_picks_the_same_pixel():
    layout = view.make_layout(28, 28, 10)
    for panel in (layout.source, layout.output):
        assert view.pixel_at(layout, panel.x + 125, panel.y + 79) == (7, 12)
        assert view.pixel_at(layout, panel.x, panel.y) == (0, 0)
        assert view.pixel_at(layout, panel.x + panel.w - 1, panel.y + panel.h - 1) == (27, 27)
    assert view.pixel_at(layout, layout.kernel.x + 5, layout.kernel.y + 5) is None
    assert view.pixel_at(layout, 0, 0) is None


def test_kernel_cells_are_found_under_the_mouse():
    layout = view.make_layout(28, 28, 10)
    for shape in [(3, 3), (5, 5)]:
        left, top, cell = view.kernel_grid(layout.kernel, *shape)
        assert view.kernel_cell_at(layout, shape, left + 1, top + 1) == (0, 0)
        assert view.kernel_cell_at(layout, shape, left + cell * 1.5, top + cell * 2.5) == (2, 1)
        assert view.kernel_cell_at(layout, shape, left - 1, top + 1) is None
        assert view.kernel_cell_at(layout, shape, left + cell * shape[1] + 1, top + 1) is None
        assert layout.kernel.contains(left, top) and layout.kernel.contains(left + cell * shape[1] - 1,
                                                                          top + cell * shape[0] - 1)


def test_the_neighbourhood_outline_is_centred_on_the_pixel():
    panel = view.Rect(100, 50, 280, 280)
    assert view.pixel_rect(panel, 10, 7, 12, 3, 3) == view.Rect(100 + 110, 50 + 60, 30, 30)
    assert view.pixel_rect(panel, 10, 0, 0, 5, 5) == view.Rect(80, 30, 50, 50)   # reaches outside


def test_a_rectangle_grown_within_a_panel_stops_at_its_edges():
    panel = view.Rect(100, 50, 280, 280)
    assert view.Rect(200, 100, 30, 30).grown_within(4, panel) == view.Rect(196, 96, 38, 38)
    assert view.Rect(80, 30, 50, 50).grown_within(4, panel) == view.Rect(100, 50, 34, 34)
    assert view.Rect(370, 320, 10, 10).grown_within(4, panel) == view.Rect(366, 316, 14, 14)
    assert view.Rect(0, 0, 10, 10).grown_within(4, panel) is None
    assert view.Rect(380, 60, 30, 30).overlaps(panel.grown_within(6, view.Rect(0, 0, 999, 999)))
    assert not view.Rect(380, 60, 30, 30).overlaps(panel)
    assert view.Rect(104, 54, 30, 30).within(panel, 4) and not view.Rect(103, 54, 30, 30).within(panel, 4)
    assert view.Rect(346, 296, 30, 30).within(panel, 4) and not view.Rect(346, 297, 30, 30).within(panel, 4)


def test_slow_motion_hides_exactly_the_pixels_not_yet_reached():
    computed = filters.computed_mask((6, 7), (3, 3))
    order = np.argwhere(computed)
    panel = view.Rect(0, 0, 7, 6)
    for done in range(len(order) + 1):
        hidden = np.zeros((6, 7), bool)
        for r in view.hidden_rects(panel, 1, order, done):
            hidden[r.y:r.y + r.h, r.x:r.x + r.w] = True
        expected = np.zeros((6, 7), bool)
        for y, x in order[done:]:
            expected[y, x] = True
        np.testing.assert_array_equal(hidden, expected)


def test_the_readout_shows_the_lessons_arithmetic():
    image = np.full((5, 5), 255, np.uint8)
    image[:, :2] = 0
    worked = filters.explain_pixel(image, filters.PRESETS["vertical-edge"], 2, 2)
    readout = view.make_readout(worked, "skip", "clamp", (0, 255))
    assert readout.values == [["0", "255", "255"]] * 3
    assert readout.weights == [["−1", "1", "0"]] * 3
    assert readout.products == [["0", "255", "0"]] * 3
    assert readout.result == "sum = 765 → clamped to 255"
    assert "x 2, y 2" in readout.title


def overlay(texts):
    """Strings of equal length laid over each other, as the sketch draws them in one place."""
    return "".join(next((c for c in column if c != " "), " ") for column in zip(*texts))


def test_readout_lines_set_the_three_matrices_side_by_side_by_ink():
    image = np.full((5, 5), 255, np.uint8)
    image[:, :2] = 0
    worked = filters.explain_pixel(image, filters.PRESETS["vertical-edge"], 0, 0, "zero")
    lines = view.readout_lines(view.make_readout(worked, "zero", "clamp", (0, 255)))
    assert len(lines) == 3
    assert len({len(text) for by_ink in lines for text in by_ink.values()}) == 1   # one column grid
    # Row 0 lies outside the image (zero padding): its values are dimmed, the weights never are.
    assert lines[0]["value"].strip() == ""
    assert lines[0]["dim"].split()[:3] == ["0", "0", "0"]
    assert lines[0]["weight"].split() == ["−1", "1", "0"]
    # The middle row reads as the lesson writes it: values × weights = products.
    assert overlay(lines[1].values()).split() == ["0", "0", "0", "×", "−1", "1", "0", "=", "0", "0", "0"]
    assert overlay(lines[2].values()).split() == ["0", "0", "0", "−1", "1", "0", "0", "0", "0"]
    for by_ink in lines:   # the inks never overlap
        assert all(sum(c != " " for c in column) <= 1 for column in zip(*by_ink.values()))


@pytest.mark.parametrize("kernel", [filters.PRESETS["sobel-x"], filters.PRESETS["gaussian-5x5"],
                                    np.round(np.random.default_rng(4).uniform(-1, 1, (5, 5)), 2),
                                    np.array([[0.2, -3.75, 0], [1, 12.5, 1], [0, 0, 0]])])
def test_readout_widths_hold_every_number_the_kernel_can_make(kernel):
    values, weights, products = view.readout_widths(kernel)
    for w in kernel.ravel().tolist():
        assert len(view.format_weight(w)) <= weights
        assert max(len(view.format_number(v * w)) for v in range(256)) <= products
    assert values == max(len(view.format_number(v)) for v in range(256))


def test_the_readout_keeps_its_columns_from_pixel_to_pixel():
    image = np.random.default_rng(3).integers(0, 256, (9, 9)).astype(np.uint8)
    kernel = np.round(np.random.default_rng(5).uniform(-1, 1, (3, 3)), 2)
    widths = view.readout_widths(kernel)
    layouts = set()
    for y in range(9):
        for x in range(9):
            readout = view.make_readout(filters.explain_pixel(image, kernel, y, x, "zero"), "zero", "clamp", (0, 255))
            lines = view.readout_lines(readout, widths)
            weight_columns = tuple(i for i, c in enumerate(lines[0]["weight"]) if c != " ")
            layouts.add((len(lines[0]["value"]), weight_columns))
    assert len(layouts) == 1   # same length, the weights in the same columns, wherever the mouse is


def test_an_ink_block_is_its_lines_in_one_text_without_the_spaces_around_them():
    image = np.full((5, 5), 255, np.uint8)
    worked = filters.explain_pixel(image, filters.PRESETS["vertical-edge"], 0, 0, "zero")
    lines = view.readout_lines(view.make_readout(worked, "zero", "clamp", (0, 255)))
    for ink in ("value", "weight", "dim"):
        skip, block = view.ink_block(lines, ink)
        rows = block.split("\n")
        assert len(rows) == len(lines)
        # Put back where it starts, each line reads exactly as the padded one, trailing spaces aside.
        for text, by_ink in zip(rows, lines):
            assert (" " * skip + text).rstrip() == by_ink[ink].rstrip()
        assert any(text and text[0] != " " for text in rows) and not any(text.endswith(" ") for text in rows)
    assert view.ink_block([{"dim": "    "}, {"dim": "  "}], "dim") == (0, "")


@pytest.mark.parametrize("edges", filters.EDGE_MODES)
def test_readout_numbers_agree_with_convolve_in_every_border_mode(edges):
    rng = np.random.default_rng(9)
    image = rng.integers(0, 256, (5, 6)).astype(np.uint8)
    kernel = np.round(rng.uniform(-1, 1, (3, 3)), 1)
    out = filters.convolve(image, kernel, edges)
    computed = filters.computed_mask(image.shape, kernel.shape, edges)
    for y, x in [(0, 0), (2, 3), (4, 5)]:
        worked = filters.explain_pixel(image, kernel, y, x, edges)
        readout = view.make_readout(worked, edges, "clamp", (0, 255))
        if not computed[y, x]:
            assert "skipped" in readout.title and readout.products[0][0] == "–"
            continue
        products = [[float(p.replace("−", "-")) for p in row] for row in readout.products]
        assert sum(map(sum, products)) == pytest.approx(float(out[y, x]), abs=0.5)
        assert readout.result.startswith(f"sum = {view.format_number(float(out[y, x]))} →")
        if edges != "skip" and (y, x) == (0, 0):
            assert "dim" in readout.title and not readout.inside[0, 0]


@pytest.mark.parametrize("total, mapping, low, high, says", [
    (-312, "clamp", 0, 255, "−312 → clamped to 0"),
    (400, "clamp", 0, 255, "400 → clamped to 255"),
    (127.4, "clamp", 0, 255, "127.4 → grey 127"),
    (-312, "absolute", 0, 255, "|−312| = 312 → clamped to 255"),
    (-20, "absolute", 0, 255, "|−20| = 20 → grey 20"),
    (0, "stretch", -500, 500, "0 → grey 128"),
    (-250, "signed", -500, 500, "−250 → orange (negative), 50% of the largest |value| 500"),
    (500, "signed", -500, 500, "500 → blue (positive), 100%"),
])
def test_each_mapping_is_explained_in_words(total, mapping, low, high, says):
    assert view.explain_value(total, mapping, low, high).startswith(says)


def test_the_explained_grey_is_the_drawn_grey():
    values = np.array([[-300.0, -12.5, 40.0, 90.25, 310.0]])
    for mapping in ["clamp", "absolute", "stretch"]:
        low, high = filters.display_range(values, mapping)
        drawn = filters.to_display(values, mapping)
        for value, grey in zip(values[0], drawn[0]):
            text = view.explain_value(float(value), mapping, low, high)
            shown = 0 if "clamped to 0" in text else 255 if "clamped to 255" in text else int(text.split("grey ")[1].split()[0])
            assert shown == grey, (mapping, value, text)


def test_legend_labels_name_the_range():
    assert view.legend_labels("clamp", 0, 255) == [(0.0, "≤ 0"), (1.0, "≥ 255")]
    assert view.legend_labels("signed", -40, 40) == [(0.0, "−40"), (0.5, "0"), (1.0, "+40")]
    assert view.legend_labels("stretch", -12.5, 300) == [(0.0, "−12.5"), (1.0, "300")]


def test_help_lists_every_key_the_demo_knows():
    import demo
    help_text = " ".join(key for key, _ in view.HELP_LINES)
    for key in ["r", "k", "n", "f", "e", "m", "a", "s", "h", "?", "q", "Esc", "Tab"]:
        assert key in help_text, key
    assert set("rkemfnahsq?").issubset(demo.KEYS)


def test_text_that_does_not_fit_shrinks_in_steps():
    assert view.shrunk_size(20, 300, 400) == 20                     # fits: as asked
    assert view.shrunk_size(20, 500, 400) == 16                     # would fit at 16.0
    assert view.shrunk_size(31, 100, 80) == 24                      # 24.8 → the step below
    assert view.shrunk_size(20, 10_000, 100) == 8                   # never smaller than 8
    # Every size between two steps shrinks to the same step: the font does not change for a pixel.
    assert {view.shrunk_size(31, 100 + extra, 80) for extra in range(0, 12)} <= {22, 24}


def test_argb_words_hold_alpha_red_green_blue_in_py5s_byte_order():
    colours = np.random.default_rng(8).integers(0, 256, (5, 8, 3)).astype(np.uint8)[:, ::2]   # not contiguous
    words = view.argb_words(colours)
    as_bytes = words.view(np.uint8).reshape(5, 4, 4)
    assert np.all(as_bytes[..., 0] == 255)
    np.testing.assert_array_equal(as_bytes[..., 1:], colours)
