"""What the window says: the kernel as the lesson writes it, the readout's arithmetic, legends."""

import numpy as np
import pytest

import filters
from convolution.screen import texts


def overlay(texts):
    """Strings of equal length laid over each other, as the sketch draws them in one place."""
    return "".join(next((c for c in column if c != " "), " ") for column in zip(*texts))


@pytest.mark.parametrize("name, cells, note", [
    ("gaussian-3x3", [["1", "2", "1"], ["2", "4", "2"], ["1", "2", "1"]], "÷ 16"),
    ("box-blur-3x3", [["1"] * 3] * 3, "÷ 9"),
    ("sobel-x", [["−1", "0", "1"], ["−2", "0", "2"], ["−1", "0", "1"]], ""),
])
def test_kernels_are_shown_the_way_the_lesson_writes_them(name, cells, note):
    assert texts.kernel_labels(filters.PRESETS[name]) == (cells, note)


def test_the_5x5_gaussian_is_shown_over_256():
    cells, note = texts.kernel_labels(filters.PRESETS["gaussian-5x5"])
    assert note == "÷ 256" and cells[2][2] == "36" and cells[0][0] == "1"


def test_random_weights_show_two_decimals_with_a_real_minus():
    cells, note = texts.kernel_labels(np.array([[0.123, -0.5, 0.0]] * 3))
    assert note == "" and cells[0] == ["0.12", "−0.5", "0"]
    assert texts.format_weight(-0.0001) == "0"
    assert texts.format_weight(1 / 256) == "0.004"     # small, but not shown as 0


@pytest.mark.parametrize("name", filters.PRESETS)
def test_the_common_divisor_is_the_smallest_that_makes_every_weight_whole(name):
    kernel = filters.PRESETS[name]
    slowly = next((d for d in range(1, 257)
                   if all(abs(w * d - round(w * d)) < 1e-6 and abs(w * d) < 1000 for w in kernel.ravel())), None)
    assert texts.common_divisor(kernel) == slowly


def test_random_weights_have_no_common_divisor():
    assert texts.common_divisor(np.array([[0.123456, -0.5, 0.25]])) is None


def test_the_readout_shows_the_lessons_arithmetic():
    image = np.full((5, 5), 255, np.uint8)
    image[:, :2] = 0
    worked = filters.explain_pixel(image, filters.PRESETS["vertical-edge"], 2, 2)
    readout = texts.make_readout(worked, "skip", "clamp", (0, 255))
    assert readout.values == [["0", "255", "255"]] * 3
    assert readout.weights == [["−1", "1", "0"]] * 3
    assert readout.products == [["0", "255", "0"]] * 3
    assert readout.result == "sum = 765 → clamped to 255"
    assert "x 2, y 2" in readout.title


def test_readout_lines_set_the_three_matrices_side_by_side_by_ink():
    image = np.full((5, 5), 255, np.uint8)
    image[:, :2] = 0
    worked = filters.explain_pixel(image, filters.PRESETS["vertical-edge"], 0, 0, "zero")
    lines = texts.readout_lines(texts.make_readout(worked, "zero", "clamp", (0, 255)))
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
    values, weights, products = texts.readout_widths(kernel)
    labels, factor = texts.kernel_labels(kernel)   # the readout shows the weights as the kernel does
    divisor = int(factor.split()[-1]) if factor else 1
    for label, w in zip([label for row in labels for label in row], kernel.ravel().tolist()):
        assert len(label) <= weights
        assert max(len(texts.format_number(v * w * divisor)) for v in range(256)) <= products
    assert values == max(len(texts.format_number(v)) for v in range(256))


def test_the_readout_keeps_its_columns_from_pixel_to_pixel():
    image = np.random.default_rng(3).integers(0, 256, (9, 9)).astype(np.uint8)
    kernel = np.round(np.random.default_rng(5).uniform(-1, 1, (3, 3)), 2)
    widths = texts.readout_widths(kernel)
    layouts = set()
    for y in range(9):
        for x in range(9):
            readout = texts.make_readout(filters.explain_pixel(image, kernel, y, x, "zero"), "zero", "clamp", (0, 255))
            lines = texts.readout_lines(readout, widths)
            weight_columns = tuple(i for i, c in enumerate(lines[0]["weight"]) if c != " ")
            layouts.add((len(lines[0]["value"]), weight_columns))
    assert len(layouts) == 1   # same length, the weights in the same columns, wherever the mouse is


def test_an_ink_block_is_its_lines_in_one_text_without_the_spaces_around_them():
    image = np.full((5, 5), 255, np.uint8)
    worked = filters.explain_pixel(image, filters.PRESETS["vertical-edge"], 0, 0, "zero")
    lines = texts.readout_lines(texts.make_readout(worked, "zero", "clamp", (0, 255)))
    for ink in ("value", "weight", "dim"):
        skip, block = texts.ink_block(lines, ink)
        rows = block.split("\n")
        assert len(rows) == len(lines)
        # Put back where it starts, each line reads exactly as the padded one, trailing spaces aside.
        for text, by_ink in zip(rows, lines):
            assert (" " * skip + text).rstrip() == by_ink[ink].rstrip()
        assert any(text and text[0] != " " for text in rows) and not any(text.endswith(" ") for text in rows)
    assert texts.ink_block([{"dim": "    "}, {"dim": "  "}], "dim") == (0, "")


@pytest.mark.parametrize("edges", filters.EDGE_MODES)
def test_readout_numbers_agree_with_convolve_in_every_border_mode(edges):
    rng = np.random.default_rng(9)
    image = rng.integers(0, 256, (5, 6)).astype(np.uint8)
    kernel = np.round(rng.uniform(-1, 1, (3, 3)), 1)
    out = filters.convolve(image, kernel, edges)
    computed = filters.computed_mask(image.shape, kernel.shape, edges)
    for y, x in [(0, 0), (2, 3), (4, 5)]:
        worked = filters.explain_pixel(image, kernel, y, x, edges)
        readout = texts.make_readout(worked, edges, "clamp", (0, 255))
        if not computed[y, x]:
            assert "skipped" in readout.title and readout.products[0][0] == "–"
            continue
        products = [[float(p.replace("−", "-")) for p in row] for row in readout.products]
        assert sum(map(sum, products)) == pytest.approx(float(out[y, x]), abs=0.5)
        assert readout.result.startswith(f"sum = {texts.format_number(float(out[y, x]))} →")
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
    assert texts.explain_value(total, mapping, low, high).startswith(says)


def test_the_explained_grey_is_the_drawn_grey():
    values = np.array([[-300.0, -12.5, 40.0, 90.25, 310.0]])
    for mapping in ["clamp", "absolute", "stretch"]:
        low, high = filters.display_range(values, mapping)
        drawn = filters.to_display(values, mapping)
        for value, grey in zip(values[0], drawn[0]):
            text = texts.explain_value(float(value), mapping, low, high)
            clamped = 0 if "clamped to 0" in text else 255 if "clamped to 255" in text else None
            shown = clamped if clamped is not None else int(text.split("grey ")[1].split()[0])
            assert shown == grey, (mapping, value, text)


def test_legend_labels_name_the_range():
    assert texts.legend_labels("clamp", 0, 255) == [(0.0, "≤ 0"), (1.0, "≥ 255")]
    assert texts.legend_labels("signed", -40, 40) == [(0.0, "−40"), (0.5, "0"), (1.0, "+40")]
    assert texts.legend_labels("stretch", -12.5, 300) == [(0.0, "−12.5"), (1.0, "300")]


@pytest.mark.parametrize("note, lines", [
    ("nothing drawn yet: the network can only guess", ["nothing drawn yet:", "the network can only guess"]),
    ("Quick Draw drawing 12 of 100 (numbered from 0)", ["Quick Draw drawing 12 of", "100 (numbered from 0)"]),
    ("unbroken", ["unbroken"]),
])
def test_a_note_too_long_for_one_line_breaks_after_its_colon_or_nearest_its_middle(note, lines):
    assert texts.split_in_two(note) == lines
    assert " ".join(lines) == note
