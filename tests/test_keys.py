"""The key table: one line per key in the help, the hint, --help and README.md, all made from keys.KEYS."""

import re

import numpy as np

from convolution.app import cli
from convolution.state import demo, keys
from tests.helpers.paths import ROOT
from tests.helpers.recording import RecordingWindow, press

STATE = demo.new_demo(np.zeros((28, 28), np.uint8), "identity")


def readme_key_rows() -> list[tuple[str, str]]:
    """(key, what it does) from every table under README's "Keys and mouse" heading."""
    section = ROOT.joinpath("README.md").read_text().split("## Keys and mouse", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        is_row = line.startswith("|") and len(cells) == 2
        if is_row and cells != ["key", "what it does"] and not set(cells[0]) <= set("-"):
            rows.append((cells[0], cells[1]))
    return rows


def test_readme_lists_exactly_the_keys_of_the_table():
    table = [(key.label, key.help + keys.where(key)) for key in keys.described()]
    assert readme_key_rows() == table, "update README.md with the output of `python -m convolution.state.keys`"


def test_the_help_sheet_and_the_hint_come_from_the_table():
    lines = keys.help_lines()
    assert len(lines) == len(keys.described()) == len(keys.KEYS) - sum(key.typing for key in keys.KEYS)
    assert any(label.startswith("s") and "screenshot" in meaning for label, meaning in lines)
    hint = keys.hint_line()
    assert hint.startswith("\u2190 \u2192 kernels") and hint.endswith("q quit")
    assert all(key.hint in hint for key in keys.KEYS)


def test_help_on_the_command_line_lists_every_line_of_the_table():
    text = cli.build_parser().format_help()
    for key in keys.described():
        assert re.search(re.escape(key.label) + r"\s+" + re.escape(key.help + keys.where(key)), text), key.label


def test_every_letter_key_is_named_in_its_help_line():
    for key in (key for key in keys.KEYS if not key.typing):   # a typing line takes every letter as itself
        for name in key.actions:
            if len(name) == 1 and name.isalpha():
                assert name in key.label or f" {name} " in f" {key.help} ", (name, key.label)


def test_no_key_means_two_things_at_once_in_a_view():
    from convolution.screen import views
    for view in views.VIEWS:
        seen = {}
        for key in keys.KEYS:
            if not keys.in_view(key, view):
                continue
            for name in key.actions:
                context = key.only_while   # keys that apply only while something holds come first
                other = seen.get((name, context))
                assert (name, context) not in seen, f"{view}: {name!r} is in {other!r} and {key.label!r}"
                seen[(name, context)] = key.label


def test_while_a_weight_is_edited_digits_type_into_it_instead_of_choosing_presets():
    state = demo.new_demo(np.zeros((28, 28), np.uint8), "sobel-x")
    demo.select_cell(state, (1, 1))
    press(state, "7")
    assert state.kernel[1, 1] == 7 and state.kernel_name == "custom"
    press(state, "ENTER", "7")
    assert state.kernel_name == "gaussian-3x3"


def test_capital_letters_do_what_small_ones_do():
    state, window = demo.new_demo(np.zeros((28, 28), np.uint8), "identity"), RecordingWindow()
    press(state, "E", window=window)
    assert state.edges == "zero"
    press(state, "Q", window=window)
    assert window.asked == ["quit"]


def test_a_line_without_keys_is_there_for_the_help_only():
    mouse = next(key for key in keys.KEYS if key.label == "mouse")
    assert mouse.actions == {} and keys.action_for("mouse", STATE) is None
