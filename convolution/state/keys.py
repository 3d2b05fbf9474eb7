"""Every key: what it does and its line of help, written once, in one table.

The help sheet, the hint line at the bottom of the window, ``--help`` and
README.md's key tables are all made from ``KEYS`` (a test fails when README
disagrees), so a key is described in one place only. ``press`` looks a key
up and runs its action. No py5: every key can be tested without a window.

    python keys.py      # print the key tables for README.md
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from convolution.state import demo, network_keys, pointing, slowmo, teach, teach_keys


class Window(Protocol):
    """What only the window can do, for the keys that ask it (the sketch provides these)."""

    def save_screenshot(self) -> None: ...
    def save_drawing(self) -> None: ...
    def open_file(self) -> None: ...
    def next_view(self) -> None: ...
    def save_model(self) -> None: ...
    def train_examples(self) -> None: ...
    def save_examples(self) -> None: ...
    def toggle_theme(self) -> None: ...
    def toggle_fullscreen(self) -> None: ...
    def save_clip(self) -> None: ...
    def step(self, direction: int) -> None: ...
    def toggle_blank(self) -> None: ...
    def next_help_page(self) -> None: ...
    def quit(self) -> None: ...


@dataclass(frozen=True)
class Press:
    """One key press, as an action sees it."""
    state: demo.SketchState
    window: Window
    shift: bool = False      # Shift held: finer steps
    now: float = 0.0         # time.monotonic() of the press, for slow motion
    view: str | None = None  # the view it is pressed in (None: any)


# An action changes ``press.state`` (or asks ``press.window``); it returns False
# when the key means nothing just now (a slow-motion key with no animation running).
Action = Callable[[Press], object]


@dataclass(frozen=True)
class Key:
    """One line of the help: the keys as written there, what they do, and each key's action.

    Key names are py5's characters ("r", "?", " ") or names for special keys:
    LEFT RIGHT UP DOWN ESC ENTER BACKSPACE TAB. A line with no actions (the
    mouse) is there for the help only.
    """
    label: str                                 # "→  /  ←"
    help: str                                  # "next / previous preset kernel (wraps around)"
    actions: dict[str, Action] = field(default_factory=dict)
    hint: str = ""                             # its words in the hint line ("r random"); "" for none
    only_while: Callable[[demo.SketchState], bool] | None = None   # the actions apply only while this holds
    views: tuple[str, ...] = ()                # the views it works in; () for every view
    hint_while: Callable[[demo.SketchState], bool] | None = None   # its hint shows only while this holds
    typing: bool = False                       # a line for typing text (any character): never said to work elsewhere
    needs: str = ""                            # when only_while does not hold: what the keys need ("a starts it")


def _editing(state: demo.SketchState) -> bool:
    return state.ui.selected is not None


def _sliding(state: demo.SketchState) -> bool:
    return state.motion is not None and not state.motion.finished()


def _with_motion(change) -> Action:
    """An action for a slow-motion key (its line applies only while the animation runs: _sliding)."""
    return lambda press: change(press.state.motion, press.now)


def _probe(name: str) -> Action:
    """An action moving the network view's drawing as probe.PROBES[name] says."""
    return lambda press: network_keys.move_drawing(press.state, name)


def _camera_not_training(state: demo.SketchState) -> bool:
    """Space freezes the camera's frame, except while a network trains: then it pauses the training."""
    return state.running.camera is not None and state.running.training is None


def _toggle_training(state: demo.SketchState):
    if state.running.training is None:
        state.notice = "no training running: start the sketch with --train FILE... to train live"
        return
    state.running.training.toggle_pause()


def _pause_teaching(state: demo.SketchState):
    if state.running.training is None:
        state.notice = "nothing is training: Enter trains a network on the examples"
        return
    state.running.training.toggle_pause()


def _help_key(press: Press):
    """h: the help sheet, then its next page; after the last page, closed (the window knows how many)."""
    if press.state.ui.show_help:
        press.window.next_help_page()
    else:
        demo.toggle_help(press.state)
        press.state.ui.help_page = 0


def _toggle_help(press: Press):
    """?: the help sheet, from its first page, or away."""
    demo.toggle_help(press.state)
    press.state.ui.help_page = 0


def _arrow(dy: int, dx: int, plain: Action) -> Action:
    """An arrow key: with Shift, move the pointed pixel (pointing.py); else its own action ``plain``."""
    return lambda press: pointing.move(press.state, press.view, dy, dx) if press.shift else plain(press)


def _up_down(dy: int) -> Action:
    """↑ ↓: the selected weight ±0.1 (Shift: ±0.01); with Shift and no weight selected, move the pointed pixel."""
    def action(press: Press):
        if press.shift and press.state.ui.selected is None:
            return pointing.move(press.state, press.view, dy, 0)
        return demo.nudge_weight(press.state, -dy, fine=press.shift)
    return action


def _preset(number: int) -> Action:
    def action(press: Press):
        if press.state.kernel_name == demo.PRESET_NAMES[number - 1]:
            press.state.notice = f"preset {number}, {demo.PRESET_NAMES[number - 1]}, is the kernel already"
            return True
        return demo.choose_preset(press.state, number - 1)
    return action


def _type(char: str) -> Action:
    return lambda press: demo.type_into_cell(press.state, char)


def _add_example(number: int) -> Action:
    return lambda press: teach_keys.add_example(press.state, number - 1)


def _type_name(char: str) -> Action:
    return lambda press: teach_keys.type_name(press.state, char)


# The characters a class's name may be typed with (teach.name_problem says which it may not have).
NAME_CHARACTERS = "".join(chr(code) for code in [*range(32, 127), *range(0xA0, 0x250)])

_more_speed = _with_motion(lambda motion, now: slowmo.change_speed(motion, +1))
KERNEL_VIEWS = ("filter", "layer")   # the views that show a kernel you can change

KEYS: list[Key] = [
    Key("\u2192  /  \u2190", "next / previous preset kernel (wraps around)",
        {"RIGHT": _arrow(0, +1, lambda p: demo.step_preset(p.state, +1)),
         "LEFT": _arrow(0, -1, lambda p: demo.step_preset(p.state, -1))},
        hint="\u2190 \u2192 kernels", views=KERNEL_VIEWS),
    Key("1\u20139", "jump to preset 1\u20139", {str(n): _preset(n) for n in range(1, 10)}, views=KERNEL_VIEWS),
    Key("r  /  k", "random kernel, weights in [\u22121, 1]  /  switch its size 3\u00d73 \u2194 5\u00d75",
        {"r": lambda p: demo.reroll(p.state), "k": lambda p: demo.toggle_random_size(p.state)},
        hint="r random", views=KERNEL_VIEWS),
    Key("click, Tab", "select a weight;  \u2191 \u2193 or wheel: \u00b10.1 (Shift: \u00b10.01)",
        {"TAB": lambda p: demo.move_selection(p.state), "UP": _up_down(-1), "DOWN": _up_down(+1)},
        views=KERNEL_VIEWS),
    Key("Shift + arrows", "move the pointed pixel, one at a time: walk its sum without a mouse (from the middle)",
        views=pointing.VIEWS),
    Key("0\u20139 . \u2212", "type a weight (0 resets it);  Enter / Esc: done",
        {**{char: _type(char) for char in "0123456789.-"}, "BACKSPACE": _type("BACKSPACE"),
         # Esc leaves editing; it quits only when nothing is selected.
         "ENTER": lambda p: demo.select_cell(p.state, None), "ESC": lambda p: demo.select_cell(p.state, None)},
        only_while=_editing, views=KERNEL_VIEWS, needs="type into a weight: click one (or Tab) first"),
    Key("e", "cycle the border mode: skip, zero, extend, wrap, reflect", {"e": lambda p: demo.cycle_edges(p.state)},
        hint="e edges", views=KERNEL_VIEWS),
    Key("m", "cycle how values are drawn: clamp, absolute, stretch, signed",
        {"m": lambda p: demo.cycle_mapping(p.state)}, hint="m values", views=KERNEL_VIEWS),
    Key("n  /  f", "normalise (divide by the sum)  /  flip: true convolution",
        {"n": lambda p: demo.normalise(p.state), "f": lambda p: demo.toggle_flip(p.state)},
        hint="f flip", views=KERNEL_VIEWS),
    Key("z  /  p  /  x", "ReLU on/off  /  pooling off, 2\u00d72, 3\u00d73, 4\u00d74  /  max \u2194 average pooling",
        {"z": lambda p: demo.toggle_relu(p.state), "p": lambda p: demo.cycle_pool(p.state),
         "x": lambda p: demo.toggle_pool_mode(p.state)},
        hint="p pool", views=KERNEL_VIEWS),
    Key("R  /  l", "the whole layer: new random filters  /  colours: one scale per filter \u2194 one for the layer",
        {"R": lambda p: demo.reroll_layer(p.state), "l": lambda p: demo.toggle_shared_scale(p.state)},
        hint="R new layer", views=("layer",)),
    Key("a", "slow motion: the kernel's window slides over the image pixel by pixel",
        {"a": lambda p: demo.toggle_slow_motion(p.state, p.now)}, hint="a slow motion", views=("filter",)),
    Key("space . + \u2212", "while slow motion runs: pause,  one pixel on,  faster / slower",
        {" ": _with_motion(slowmo.toggle_pause),
         ".": _with_motion(lambda motion, now: slowmo.step(motion)),
         "+": _more_speed, "=": _more_speed,
         "-": _with_motion(lambda motion, now: slowmo.change_speed(motion, -1))},
        only_while=_sliding, views=("filter",), needs="work while slow motion runs: a starts it"),
    Key("space", "with --camera: freeze the frame (point, draw, a, d and s work on it)  /  live again "
        "(while a network trains, space pauses it)",
        {" ": lambda p: demo.toggle_freeze(p.state)}, hint="space freeze", only_while=_camera_not_training,
        hint_while=_camera_not_training, needs="freezes a camera's frame: start the sketch with --camera"),
    Key("space  /  w", "pause or go on with live training (--train)  /  save the trained network as a new .npz",
        {" ": lambda p: _toggle_training(p.state), "w": lambda p: p.window.save_model()},
        hint="space pause   w save", views=("network",),
        hint_while=lambda state: state.running.training is not None),
    Key("y", "why it says that: on the drawing, where the evidence for the pointed (or likeliest) class lies",
        {"y": lambda p: network_keys.toggle_evidence(p.state)}, hint="y why", views=("network",)),
    Key("← → ↑ ↓  < >  + −  f",
        "move the drawing a pixel,  turn it 15°,  10% larger / smaller,  mirror it: does it still know? (u undoes)",
        {**{key: _arrow(dy, dx, _probe(name)) for key, name, dy, dx in (
            ("LEFT", "left", 0, -1), ("RIGHT", "right", 0, 1), ("UP", "up", -1, 0), ("DOWN", "down", 1, 0))},
         **{key: _probe(name) for key, name in (("<", "turn left"), (">", "turn right"), ("+", "larger"),
                                                ("=", "larger"), ("-", "smaller"), ("f", "mirror"))}},
        hint="←→ move", views=("network",)),
    Key("a  /  n", "how far a shift can go: every shift of ±6 pixels, asked  /  the nearest drawings it learned "
        "from: by its features ↔ by pixels",
        {"a": lambda p: network_keys.start_sweep(p.state), "n": lambda p: network_keys.toggle_nearest_space(p.state)},
        hint="a shifts", views=("network",)),
    Key("1\u20139", f"add the pad to class 1\u20139 (only 1\u2013{teach.MAX_CLASSES} have keys), and clear the pad",
        {str(n): _add_example(n) for n in range(1, 10)}, hint="1\u20139 add", views=("teach",)),
    Key("\u2191 \u2193  /  n", "select a class  /  rename it: type the name, Enter (Esc keeps the old one)",
        {"UP": lambda p: teach_keys.select_class(p.state, -1), "DOWN": lambda p: teach_keys.select_class(p.state, +1),
         "n": lambda p: teach_keys.start_renaming(p.state)}, hint="n rename", views=("teach",)),
    Key("typing", "while renaming: the name's letters, digits, spaces, - and _;  Backspace;  Enter / Esc",
        {**{char: _type_name(char) for char in NAME_CHARACTERS},
         "BACKSPACE": lambda p: teach_keys.type_name(p.state, "BACKSPACE"),
         "ENTER": lambda p: teach_keys.finish_renaming(p.state), "ESC": lambda p: teach_keys.cancel_renaming(p.state)},
        only_while=teach_keys.renaming, views=("teach",), typing=True, needs="type a class's name: n starts renaming"),
    Key("Backspace", "take back the selected class's newest example (u brings it back)",
        {"BACKSPACE": lambda p: teach_keys.remove_newest(p.state)}, views=("teach",)),
    Key("Enter  /  space", "train a network on the examples (again: afresh)  /  pause or go on",
        {"ENTER": lambda p: p.window.train_examples(), " ": lambda p: _pause_teaching(p.state)},
        hint="Enter train", views=("teach",)),
    Key("f  /  w", "train from random \u2194 the shipped network's filters  /  save all in a new examples folder",
        {"f": lambda p: teach_keys.toggle_transfer(p.state), "w": lambda p: p.window.save_examples()},
        hint="f filters   w save", views=("teach",)),
    Key("mouse", "point at a pixel to see its sum worked out (network view: any map's pixel, score or bar)"),
    Key("drag", "draw on the left picture;  c clear,  u undo,  i invert",
        {"c": lambda p: demo.clear_canvas(p.state), "u": lambda p: demo.undo(p.state),
         "i": lambda p: demo.invert_image(p.state)}),
    Key("[  /  ]", "previous / next drawing of a Quick Draw file",
        {"[": lambda p: demo.step_drawing(p.state, -1), "]": lambda p: demo.step_drawing(p.state, +1)}),
    Key("d  /  o", "save your drawing as a PNG  /  open another file",
        {"d": lambda p: p.window.save_drawing(), "o": lambda p: p.window.open_file()}),
    Key("s  /  g", "save a screenshot as a new PNG  /  a GIF clip: the sliding window, or the lesson's steps",
        {"s": lambda p: p.window.save_screenshot(), "g": lambda p: p.window.save_clip()}),
    Key("Page Down / Up",
        "next / previous step of the lesson (--lesson), else kernel; the help's pages while it is up: a clicker",
        {"PAGE_DOWN": lambda p: p.window.step(+1), "PAGE_UP": lambda p: p.window.step(-1)}),
    Key("b  or  .", "blank the screen, and show it again (a clicker's blank key)",
        {"b": lambda p: p.window.toggle_blank(), ".": lambda p: p.window.toggle_blank()}),
    Key("v", "next view (the sketch's screens, as --view names them)", {"v": lambda p: p.window.next_view()}),
    Key("t", "light theme \u2194 dark theme (light for a bright room)", {"t": lambda p: p.window.toggle_theme()}),
    Key("F11", "full screen \u2194 window (the layout grows with the screen)",
        {"F11": lambda p: p.window.toggle_fullscreen()}),
    Key("h  or  ?", "this help;  h again: its next page, then closed  /  ?: closed at once",
        {"h": _help_key, "?": _toggle_help}, hint="h help"),
    Key("q  or  Esc", "quit", {"q": lambda p: p.window.quit(), "ESC": lambda p: p.window.quit()}, hint="q quit"),
]


def _other_views_last(keys: list[Key], view: str | None) -> list[Key]:
    """``keys``, those of ``view`` first (in the table's order), then those of the other views."""
    return [key for key in keys if in_view(key, view)] + [key for key in keys if not in_view(key, view)]


def in_view(key: Key, view: str | None) -> bool:
    """Whether ``key`` works in ``view`` (None: any view)."""
    return view is None or not key.views or view in key.views


def action_for(name: str, state: demo.SketchState, view: str | None = None, table: list[Key] = KEYS) -> Action | None:
    """The action key ``name`` has now in ``view``, or None.

    A line that applies only while something holds (a weight being edited)
    comes before the usual meaning of its keys; a capital letter (Caps Lock)
    means what its small letter does, unless the capital has a meaning of its own.
    """
    for candidate in (name, name.lower()) if len(name) == 1 and name != name.lower() else (name,):
        action = _lookup(candidate, state, view, table)
        if action is not None:
            return action
    return None


def _lookup(name: str, state: demo.SketchState, view: str | None, table: list[Key]) -> Action | None:
    for conditional in (True, False):
        for key in table:
            if (key.only_while is not None) != conditional or not in_view(key, view):
                continue
            if key.only_while is not None and not key.only_while(state):
                continue
            if name in key.actions:
                return key.actions[name]
    return None


def press(state: demo.SketchState, name: str, window: Window, shift: bool = False, now: float = 0.0,
          view: str | None = None) -> bool:
    """Carry out key ``name`` on ``state`` (and ``window``) in ``view``. Returns whether it did anything."""
    action = action_for(name, state, view)
    if action is None:
        return False
    return action(Press(state, window, shift, now, view)) is not False


# --------------------------------------------------------------------------
# Text made from the table
# --------------------------------------------------------------------------

def help_lines(view: str | None = None, table: list[Key] = KEYS) -> list[tuple[str, str]]:
    """(keys, what they do) for every line of the help sheet of ``view``: its own keys first, then every other
    view's, each saying which view it is of (None: every key, as the table has them)."""
    if view is None:
        return [(key.label, key.help) for key in described(table)]
    return [(key.label, key.help + ("" if in_view(key, view) else where(key)))
            for key in _other_views_last(described(table), view)]


def described(table: list[Key] = KEYS) -> list[Key]:
    """The lines the help sheet, --help and README show: all but typing lines (n says what typing does)."""
    return [key for key in table if not key.typing]


def hint_line(view: str | None = None, state: demo.SketchState | None = None, table: list[Key] = KEYS) -> str:
    """The line at the bottom of ``view``'s window: the most used keys in a few words (those that
    mean something now, when ``state`` is given)."""
    return "   ".join(key.hint for key in table if key.hint and in_view(key, view)
                      and (state is None or key.hint_while is None or key.hint_while(state)))


def elsewhere(name: str, view: str, table: list[Key] = KEYS) -> str:
    """Why key ``name`` does nothing in ``view``, in one line, if another view has it; else "" (also when a line
    of this view has it: the arrows are the kernel views' presets and the network view's moves)."""
    if any(name in key.actions and in_view(key, view) for key in table):
        return ""
    for key in table:
        if name in key.actions and key.views and view not in key.views and not key.typing:
            return f"{key.label}: {key.help}, in the {' and '.join(key.views)} view (v switches views)"
    return ""


def why_not(name: str, state: demo.SketchState, view: str, table: list[Key] = KEYS) -> str:
    """Why key ``name`` did nothing in ``view`` just now, in one line: it works in another view, or only while
    something holds (slow motion, a weight selected, a camera …); "" for a key the table does not have."""
    shown = SHOWN.get(name, name)
    for candidate in (name, name.lower()):
        for key in table:
            if candidate in key.actions and in_view(key, view) and key.only_while is not None \
                    and not key.only_while(state) and key.needs:
                return f"{shown}: {key.needs}"
    elsewhere_line = elsewhere(name, view, table)
    if elsewhere_line:
        return elsewhere_line
    if any(name in key.actions for key in table):
        return f"{shown} does nothing in the {view} view just now (h: the keys)"
    return ""


SHOWN = {" ": "space", "ENTER": "Enter", "ESC": "Esc", "BACKSPACE": "Backspace", "TAB": "Tab",
         "UP": "\u2191", "DOWN": "\u2193", "LEFT": "\u2190", "RIGHT": "\u2192", "PAGE_DOWN": "Page Down",
         "PAGE_UP": "Page Up", "-": "\u2212"}   # how a key's name is written in a message


def where(key: Key) -> str:
    """" (layer view)" for a key of some views only; "" for one of every view."""
    return f" ({' and '.join(key.views)} view)" if key.views else ""


def epilog(table: list[Key] = KEYS) -> str:
    """The key list at the end of ``--help``."""
    width = max(len(key.label) for key in table)
    return "keys in the window:\n" + "\n".join(f"  {key.label.ljust(width)}  {key.help}{where(key)}"
                                               for key in described(table))


def markdown(table: list[Key] = KEYS) -> str:
    """The key table as README.md shows it."""
    rows = ["| key | what it does |", "|---|---|"]
    rows += [f"| {key.label} | {key.help}{where(key)} |" for key in described(table)]
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown())
