"""The help sheet in pages, keys that say why they do nothing, keys that point, and captions true to the state.

All through the Session (events in, scenes out), without Java: the help sheet and the screens are read from
the scenes the window would paint (tests/helpers/screen_check.drawn_of).
"""

from __future__ import annotations

import copy
import hashlib

import pytest

from convolution.app import chores, events
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.screen import views
from convolution.screen.geometry import Sizes
from convolution.screen.scene import Picture, Text
from convolution.screen.views import common
from convolution.state import demo, keys
from tests.helpers.screen_check import drawn_of, problems
from tests.test_session import Clock

SIZES = [(1024, 768, True), (640, 480, False)]


def session(view: str, size=(1024, 768), fullscreen=True, folder=None, *args: str) -> Session:
    options = prepare(["--view", view, *args])
    options.state.notice = ""
    running = Session(options.state, view, clock=Clock(), save_folder=folder or prepare_folder())
    running.window, running.fullscreen = size, fullscreen
    running.layout = running.make_layout()
    return running


def prepare_folder():
    import tempfile
    from pathlib import Path
    return Path(tempfile.mkdtemp())


def texts_of(running: Session) -> list[str]:
    return [item.text for item in drawn_of(running.scene()) if item.kind == "text"]


# --------------------------------------------------------------------------
# The help sheet
# --------------------------------------------------------------------------

@pytest.mark.parametrize("width, height, fullscreen", SIZES)
@pytest.mark.parametrize("view", list(views.VIEWS))
def test_every_key_s_line_is_on_exactly_one_page_and_every_page_fits(view, width, height, fullscreen):
    running = session(view, (width, height), fullscreen)
    running.handle(events.Key("h"))
    lines = keys.help_lines(view)
    count = common.help_page_count(lines, running.layout)
    seen: dict[str, list[int]] = {label: [] for label, _ in lines}
    for page in range(count):
        assert running.state.ui.show_help and running.state.ui.help_page == page
        drawn = drawn_of(running.scene())
        assert not problems(drawn, width, height, fullscreen), problems(drawn, width, height, fullscreen)[:5]
        shown = [item.text for item in drawn if item.kind == "text"]
        for label in seen:
            seen[label] += [page] * shown.count(label)
        foot = " ".join(shown[-3:])
        if page + 1 < count:
            assert f"page {page + 1} of {count} \u2014 h or Page Down: next" in foot
        else:
            assert "h: close" in foot or "h or ?: close" in foot
        running.handle(events.Key("h"))
    assert not running.state.ui.show_help, "h after the last page closes the help"
    labels = [label for label, _ in lines]
    for label, pages in seen.items():
        assert len(pages) == labels.count(label), (label, pages)   # "1–9" is two lines: once each
    # The view's own keys come first, the others after, each saying its view.
    first_other = next((i for i, (_, meaning) in enumerate(lines) if meaning.endswith(" view)")), len(lines))
    assert all(meaning.endswith(" view)") for _, meaning in lines[first_other:])


def test_each_meaning_of_the_help_is_whole_on_its_page():
    lines = keys.help_lines("layer")
    sheet = common.help_sheet(lines, 1024, 768, Sizes.for_window(768, fullscreen=True))
    assert sheet.size >= 26 and len(sheet.pages) > 1
    on_pages = [(key, " ".join(meaning)) for page in sheet.pages for column in page for key, meaning in column]
    assert on_pages == lines   # in order, every word of every meaning, none cut


def test_page_down_turns_the_help_s_pages_and_page_up_goes_back():
    running = session("filter", (640, 480), False)
    running.handle(events.Key("h"))
    count = common.help_page_count(keys.help_lines("filter"), running.layout)
    assert count >= 2
    running.handle(events.Key("PAGE_DOWN"))
    assert running.state.ui.help_page == 1 and running.state.kernel_name == "identity"   # not the next kernel
    running.handle(events.Key("PAGE_UP"))
    assert running.state.ui.help_page == 0
    running.handle(events.Key("?"))
    assert not running.state.ui.show_help


# --------------------------------------------------------------------------
# Every key either does something or says why not
# --------------------------------------------------------------------------

def fingerprint(running: Session) -> list:
    scene = running.scene()
    shown: list = []
    for item in scene.items:
        if isinstance(item, Text):
            shown.append((item.text, item.x, item.y, item.size, item.colour))
        elif isinstance(item, Picture):
            shown.append((hashlib.sha1(item.image.argb.tobytes()).hexdigest(), item.x, item.y, item.crop))
        else:
            shown.append(repr(item))
    return shown


KEY_NAMES = sorted({name for key in keys.KEYS if not key.typing for name in key.actions} | {"j", "\u00e9"})


@pytest.fixture(scope="module")
def prepared_states():
    found = {}
    for view in views.VIEWS:
        options = prepare(["--view", view])
        options.state.notice = ""
        views.VIEWS[view].prepare(options.state)
        found[view] = options.state
    return found


@pytest.mark.parametrize("view", list(views.VIEWS))
def test_every_key_of_the_table_changes_the_screen_or_says_why_not(view, prepared_states, tmp_path, monkeypatch):
    monkeypatch.setattr(chores, "write_clip", lambda *args, **kwargs: "no clip in a test")   # g: no GIF made
    silent = []
    for name in KEY_NAMES:
        running = Session(copy.deepcopy(prepared_states[view]), view, clock=Clock(), save_folder=tmp_path)
        running.open_on((1024, 768))
        running.handle(events.Tick(0.0))
        before = fingerprint(running)
        effects = running.handle(events.Key(name))
        effects += running.handle(events.Tick(0.1))
        asked = [effect for effect in effects if not isinstance(effect, events.Repaint)]
        if not (running.message or asked or running.quit_requested or fingerprint(running) != before):
            silent.append(name)
    assert not silent, f"in the {view} view these keys do nothing and say nothing: {silent}"


def test_a_key_that_needs_something_says_what():
    running = session("filter")
    running.handle(events.Key("+"))
    assert "slow motion" in running.message and "a starts it" in running.message
    running = session("filter")
    running.handle(events.Key("ENTER"))
    assert "click one" in running.message


# --------------------------------------------------------------------------
# Pointing with the keys
# --------------------------------------------------------------------------

def test_shift_and_the_arrows_walk_the_filter_view_s_readout():
    running = session("filter")
    height, width = running.state.image.shape[:2]
    running.handle(events.Key("RIGHT", shift=True))
    assert running.state.ui.hover == (height // 2, width // 2)   # the first press points at the middle …
    assert running.state.kernel_name == "identity"   # Shift: no new kernel
    running.handle(events.Key("RIGHT", shift=True))   # … and the next ones move
    running.handle(events.Key("DOWN", shift=True))
    running.handle(events.Key("DOWN", shift=True))
    y, x = height // 2 + 2, width // 2 + 1
    assert running.state.ui.hover == (y, x)
    assert any(f"x {x}, y {y}" in text for text in texts_of(running)), "the readout works out that pixel"
    for _ in range(width + 3):
        running.handle(events.Key("RIGHT", shift=True))
    assert running.state.ui.hover == (y, width - 1)   # it stops at the edge


def test_shift_and_the_arrows_walk_a_map_of_the_layer_view():
    running = session("layer")
    height, width = running.state.image.shape[:2]
    running.handle(events.Key("LEFT", shift=True))
    running.handle(events.Key("LEFT", shift=True))
    focus = running.state.ui.hover_map
    assert focus == demo.Hit("map", running.state.bank_selected, height // 2, width // 2 - 1)
    running.handle(events.Key("UP", shift=True))
    assert running.state.ui.hover_map == demo.Hit("map", focus.index, height // 2 - 1, width // 2 - 1)
    name = texts_of(running)
    assert any(f"pixel x {width // 2 - 1}, y {height // 2 - 1}" in text for text in name)
    # On a pooled map, the pooled map's own pixels.
    assert running.state.layer is not None
    pooled = running.state.layer.pooled[1]
    assert pooled is not None
    running.state.ui.hover_map = demo.Hit("pooled", 1, 0, pooled.shape[1] - 1)
    running.handle(events.Key("RIGHT", shift=True))
    assert running.state.ui.hover_map == demo.Hit("pooled", 1, 0, pooled.shape[1] - 1)


def test_a_weight_selected_keeps_shift_up_for_its_fine_steps():
    running = session("filter")
    demo.select_cell(running.state, (1, 1))
    before = float(running.state.kernel[1, 1])
    running.handle(events.Key("UP", shift=True))
    assert float(running.state.kernel[1, 1]) == pytest.approx(before + 0.01)


def test_the_network_view_s_units_are_pointed_at_with_the_keys_too():
    running = session("network")
    running.handle(events.Key("RIGHT", shift=True))
    assert running.state.ui.pointed is not None and running.state.ui.pointed.kind == "conv"


# --------------------------------------------------------------------------
# The layer view's captions are true to ReLU and pooling
# --------------------------------------------------------------------------

@pytest.mark.parametrize("relu", [True, False])
@pytest.mark.parametrize("pool", [0, 2, 3])
@pytest.mark.parametrize("mode", ["max", "average"])
def test_the_layer_view_says_what_its_maps_went_through(relu, pool, mode):
    running = session("layer", (1024, 768), True, None, "--pool", str(pool))
    state = running.state
    if state.relu != relu:
        demo.toggle_relu(state)
    if state.pool_mode != mode:
        demo.toggle_pool_mode(state)
    running.after_change()
    running.switch_view("layer")   # what v says as it comes to this view
    message, pooled = running.message, pool > 0
    assert state.relu == relu and state.pool_mode == mode
    assert ("after ReLU" in message) == relu and ("without ReLU" in message or relu or not pooled)
    assert (f"{mode} pooling {pool}\u00d7{pool}" in message) == pooled
    assert ("pooling off" in message) == (not pooled)
    shown = " ".join(texts_of(running))
    assert ("\u2192 ReLU" in shown) == relu
    assert (f"pool {pool}\u00d7{pool}" in shown) == pooled
    # The legend (as much of it as the readout's box holds) says nothing untrue.
    assert "pooling is off" not in shown or not pooled
    assert ("every negative sum becomes 0" not in shown or relu) and ("ReLU is off" not in shown or not relu)
