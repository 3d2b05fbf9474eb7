"""What the teach view's keys do to the sketch's state: add the pad's drawing, take one back, rename a class.

The examples themselves, and the checks on them, are in teach.py; these
functions change a demo.SketchState (its ``teaching``, and the pad, which is the
demo's image) and leave a one-line ``notice`` for the window to show. Each
change of the examples can be taken back with u (demo.undo), in the order
it was made among the pen's strokes. No py5.
"""

from __future__ import annotations

import numpy as np

from convolution.state import demo, pen, teach


def _remember(state: demo.SketchState) -> None:
    """Keep the examples and the pad as they are now, for u."""
    changes = state.teaching.undo
    changes.append((state.teaching.examples, state.image, state.drawing_steps))
    del changes[:-teach.UNDO_DEPTH]


def trained(state: demo.SketchState) -> bool:
    """Whether the network the state asks is one trained on the teach view's classes (here, or saved with them)."""
    model = state.running.model
    names = state.teaching.trained_for
    return bool(names) and model is not None and tuple(model.classes) == names


def new_drawing(state: demo.SketchState, source: teach.DrawingSource | None = None) -> np.ndarray | None:
    """The drawing a new example is made of: ``source``'s, by default what is on the pad (with --camera the
    pad shows the camera's frame made into a 28×28 drawing, so the key takes the frame)."""
    return (source or teach.Pad(state.image)).drawing()


def add_example(state: demo.SketchState, number: int) -> None:
    """Keys 1–9: what is on the pad (or the camera's frame) becomes the newest example of class ``number``
    (from 0), and the pad is cleared for the next one (Quick Draw's rhythm)."""
    teaching = state.teaching
    if teaching.typed is not None:
        return
    drawing = new_drawing(state)
    if drawing is None:
        state.notice = "no picture to take yet: wait a moment, then press the key again"
        return
    names = teaching.examples.names
    name = names[number] if number < len(names) else teach.default_name(number)
    if teach.is_blank(drawing):
        state.notice = f"the pad is empty: draw a {name} on it, then press {number + 1}"
        return
    try:
        examples = teach.with_example(teaching.examples, number, drawing)
    except ValueError as error:
        state.notice = str(error)
        return
    _remember(state)
    teaching.examples = examples
    count = examples.counts()[number]
    state.notice = f"added to '{examples.names[number]}': {count} example{'s' if count != 1 else ''}"
    if state.running.camera is None:   # the pad is blank again, in its paper's colour (u brings the drawing back);
        # with a camera the next frame takes its place
        state.stroke = None
        demo.replace_pad(state, np.full(state.image.shape, pen.paper_for(state.image), np.float32))


def remove_newest(state: demo.SketchState) -> None:
    """Backspace: take the selected class's newest example back (u brings it back again)."""
    try:
        examples = teach.without_newest(state.teaching.examples)
    except ValueError as error:
        state.notice = str(error)
        return
    _remember(state)
    state.teaching.examples = examples
    number = examples.selected
    state.notice = f"took back the newest example of '{examples.names[number]}': {examples.counts()[number]} left"


def select_class(state: demo.SketchState, step: int) -> None:
    """↑ / ↓: the previous or next class becomes the selected one."""
    state.teaching.examples = teach.select(state.teaching.examples, step)


def start_renaming(state: demo.SketchState) -> None:
    """n: type a new name for the selected class (Enter ends, Esc keeps the old name)."""
    state.teaching.typed = ""


def renaming(state: demo.SketchState) -> bool:
    return state.teaching.typed is not None


def type_name(state: demo.SketchState, char: str) -> None:
    """A key typed while renaming: a character of the name, or Backspace."""
    teaching = state.teaching
    if teaching.typed is None:
        return
    if char == "BACKSPACE":
        teaching.typed = teaching.typed[:-1]
    elif len(teaching.typed) < teach.MAX_NAME:
        teaching.typed += char
    else:
        state.notice = f"a class's name is at most {teach.MAX_NAME} characters"


def finish_renaming(state: demo.SketchState) -> None:
    """Enter: the typed name becomes the selected class's, if it can be one (else say why and go on typing)."""
    teaching = state.teaching
    if teaching.typed is None:
        return
    examples = teaching.examples
    try:
        teaching.examples = teach.renamed(examples, examples.selected, teaching.typed)
    except ValueError as error:
        state.notice = str(error)
        return
    teaching.typed = None
    state.notice = f"class {examples.selected + 1} is '{teaching.examples.names[examples.selected]}'"


def cancel_renaming(state: demo.SketchState) -> None:
    """Esc while renaming: the class keeps its name."""
    state.teaching.typed = None


def toggle_transfer(state: demo.SketchState) -> None:
    """f: the next training starts from the shipped network's learned filters ↔ from 8 line detectors."""
    teaching = state.teaching
    teaching.transfer = not teaching.transfer
    state.notice = f"the next training starts {start_words(teaching.transfer)} (Enter trains)"


def start_words(transfer: bool) -> str:
    return "from the shipped network's filters" if transfer else "from 8 line detectors"
