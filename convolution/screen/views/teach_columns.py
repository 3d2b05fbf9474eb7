"""The teach view's answer and training columns: what they may say, and the height that needs.

The layout (teach_layout.py) keeps a place for the longest of what each column may say for the classes on
screen (whatever the pad shows, however far the training is), so the columns keep their places as the pad
and the training change, and no line is squeezed out. Text is measured with the glyphs' widths (glyphs.py)
and set as the canvas sets it (geometry.fit_text), so what is measured is what is drawn. No py5.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from convolution.screen import glyphs
from convolution.screen.geometry import Sizes, fit_text
from convolution.state import demo, teach_answer, teach_keys

LINE = 1.25              # a line's height, of its text size
ANSWER_W = 300           # the answer's column at least …
TRAINING_W = 220         # … and the training's, beside it
LEAST_CHART = 36         # the training's chart at its least (design pixels)


def line_h(size: int) -> int:
    return round(size * LINE)


def text_h(size: int) -> int:
    """The height a line of text covers (ascent and descent)."""
    return round(size * (glyphs.ASCENT + glyphs.DESCENT))


@dataclass(frozen=True)
class Said:
    """Everything the answer's column may have to say for these classes, whatever the pad shows: the large
    words, the line under them, how it says what it knows (the short way: the long one is used only where it
    fits), and the training's progress (said under the answer when there is no column for it)."""
    words: tuple[str, ...]
    under: tuple[str, ...]
    knows: str
    progress: tuple[str, ...]
    knows_all: str = ""          # the long way: every class's name


@functools.lru_cache(maxsize=64)
def widest_said(said: Said, size: int) -> int:
    """The widest line under the answer at ``size``, each on one line: the answer's column is this wide when
    the training's column leaves room (names are not broken across lines)."""
    return math.ceil(max(glyphs.text_width(text, size) for text in said.under + (said.knows_all,))) + 1


def nearest_words(name: str) -> str:
    """After "N% sure": the class of the example the pad is most like (views/teach.py's nearest_example)."""
    return f"; most like your examples of {name}"


def said_for(state: demo.SketchState) -> Said:
    """What the answer's column may say for ``state``'s classes (views/teach.py's answer_lines and
    training_lines say it): the widest of each kind, so the column keeps its place as the pad changes."""
    model = state.running.model
    names = tuple(state.teaching.trained_for) or tuple(model.classes if model is not None else ())
    names = names or tuple(state.teaching.examples.names)
    words = ("no network yet", teach_answer.BLANK, teach_answer.UNSURE) + names
    under = (NO_NETWORK, "100% sure") + tuple(f"at most 100% sure ({name})" for name in names)
    under += tuple("100% sure" + nearest_words(name) for name in names)
    # Network.judge's reasons (convolution/maths/judging.py), for each class it may name
    under += ("unlike every drawing it learned from: more ink than any",)
    under += tuple(f"unlike every drawing it learned from: the most alike is an {name}" for name in names)
    under += tuple(f"between {a} and {b}" for a in names for b in names if a != b)
    run = state.running.training
    progress: tuple[str, ...] = ()
    if run is not None:
        epochs = run.epochs
        progress = (f"epoch {epochs} of {epochs}, 100% of it \u00b7 paused",
                    f"trained: {epochs} epochs, from random filters", f"trained: {epochs} epochs, from learned filters",
                    f"trained: {epochs} epochs, from line detectors")
        if run.error:
            progress += (f"training stopped: {run.error}",)
    return Said(words, under, knows_short(len(names)), progress, knows_long(names))


NO_NETWORK = "add examples to every class, then Enter trains one on them"


def knows_long(names) -> str:
    return "it only knows: " + ", ".join(names)


def knows_short(classes: int) -> str:
    return f"it only knows the {classes} classes below"


def fitted(text: str, size: int, floor: int, width: float, lines: int) -> tuple[int, list[str]]:
    """``text`` set as the canvas sets it (Canvas.fit: ``size`` or smaller down to ``floor``, on up to ``lines``
    lines), measured with the glyphs' widths."""
    return fit_text(glyphs.text_width, text, max(size, floor), floor, width, lines)


def lines_at(text: str, size: int, width: float) -> int:
    """The lines ``text`` takes at ``size`` in ``width`` pixels, as many as it needs (Canvas.fit at ``size``)."""
    return len(fitted(text, size, size, width, 50)[1])


@functools.lru_cache(maxsize=512)
def answer_need(said: Said, sizes: Sizes, width: int, big: int, progress: bool) -> int:
    """The height the answer's column needs ``width`` wide with its words at ``big``: the words (on up to two
    lines, smaller if need be, as draw_answer sets them), then the small lines under them at their most: the
    line under the words, what it knows (the short way), and (``progress``) the training's progress."""
    small = sizes.small
    words = 0                      # what the words' second line adds
    for text in said.words:
        size, parts = fitted(text, big, sizes.floor, width, 2)
        words = max(words, (len(parts) - 1) * line_h(size))
    under = max(lines_at(text, small, width) for text in said.under)
    knows = lines_at(said.knows, small, width)
    going = max((lines_at(text, small, width) for text in said.progress), default=0) if progress else 0
    lines = max(lines_at(NO_NETWORK, small, width) + going, under + knows + going)
    return answer_top(big, small) + words + (lines - 1) * line_h(small) + round(small * glyphs.DESCENT) + 1


def answer_top(big: int, small: int) -> int:
    """From the answer's top to the first small line's baseline under a line of words at ``big``."""
    return round(big * 0.8) + round(big * 0.25) + line_h(small)


def training_texts(state: demo.SketchState) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The lines the training's column may show for ``state`` (views/teach.py's training_lines): the first
    (what to do, or how far it is) and the second (what it starts from, or the curves' figures), at their
    widest, so that the column keeps its place as the training goes on."""
    starts = tuple(f"it starts {teach_keys.start_words(transfer)}" for transfer in (True, False))
    first: tuple[str, ...] = ("the network saved with the examples", "Enter trains a network on the examples")
    second = ("Enter trains a new one",) + starts
    run = state.running.training
    if run is not None:
        first += tuple(said_for(state).progress)
        second += ("accuracy (blue) and loss (orange) so far; it started from learned filters",
                   "accuracy 100% (blue), loss 9.99 (orange); kept out: 100%")
    return first, second


FIRST_LINES = 3   # the training's first line at most


def training_need(state: demo.SketchState, sizes: Sizes, width: int) -> int:
    """The height the training's column needs ``width`` wide: its first line (on up to FIRST_LINES), and
    the second under it; while a network is trained, the progress bar and the least chart between them (as
    views/teach.py's draw_training sets them)."""
    return _training_need(training_texts(state), sizes, width,
                          state.running.training is not None and teach_keys.trained(state))


@functools.lru_cache(maxsize=512)
def _training_need(texts: tuple[tuple[str, ...], tuple[str, ...]], sizes: Sizes, width: int, chart: bool) -> int:
    small, step, px = sizes.small, line_h(sizes.small), sizes.px
    first = min(FIRST_LINES, max(lines_at(text, small, width) for text in texts[0]))
    second = max(lines_at(text, small, width) for text in texts[1])
    top = round(small * 0.8) + (first - 1) * step
    if chart:
        return top + px(32) + px(LEAST_CHART) + second * step + px(4)
    return top + second * step + round(small * glyphs.DESCENT) + 1


def split(said: Said, state: demo.SketchState, sizes: Sizes, width: int, gap: int) -> tuple[int, bool, int]:
    """The answer's and the training's columns side by side in ``width`` pixels, ``gap`` apart: (the answer's
    width, whether the training has a column, the height they need). Of the ways to share the width, the one
    that needs the least height (the answer the wider of two that need the same); no column for the training
    when the width cannot hold both at their least (its progress is said under the answer)."""
    px = sizes.px
    if width < px(ANSWER_W + TRAINING_W) + gap:
        answer_w = max(1, width)
        return answer_w, False, answer_need(said, sizes, answer_w, sizes.title, True)
    least, most = px(ANSWER_W), width - gap - px(TRAINING_W)
    choices = {least, most, min(max(least, widest_said(said, sizes.small)), most)}
    choices |= {least + (most - least) * n // 8 for n in range(1, 8)}
    best = (0, True, 0)
    for answer_w in sorted(choices, reverse=True):
        need = max(answer_need(said, sizes, answer_w, sizes.title, False),
                   training_need(state, sizes, width - gap - answer_w))
        if not best[0] or need < best[2]:
            best = (answer_w, True, need)
    return best
