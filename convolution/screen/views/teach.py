"""The teach view: a drawing pad, your classes and their examples, and a network that learns them in front of you.

    the pad        what it thinks the pad shows         training
    [pad]          circle                               epoch 4 of 20, 40%   [progress] [curves]
                   93% sure; it only knows: circle, square, triangle
    your classes: examples, the newest first                                        how sure
    1  circle      12  [○][○][○][○][○] +7                                           ████████   93%
    2  square       3  [□][□][□]                                                    ▏           5%
    modes line: how the next training starts (8 line detectors, or the shipped network's filters)
    hint line

Keys 1–9 add what is on the pad as an example of that class (state/teach_keys.py),
Enter trains a network on them beside the window (learning/background.py, as
--train in the network view), and from then on the pad is classified as you
draw: a class's name when the network is sure enough, "not sure" when it is not,
"draw something" on a blank pad (state/teach_answer.py). v shows the new
network's filters in the network view. Where everything goes is teach_layout.py's.
"""

from __future__ import annotations

import functools

import numpy as np

from convolution.screen import pixels
from convolution.screen.canvas import Canvas, Part
from convolution.screen.geometry import PANEL_BAND, Rect
from convolution.screen.views import common, idle, teach_columns, teach_layout
from convolution.screen.views.teach_layout import (  # noqa: F401 - the view's layout, as views/protocol.py asks
    MAX_SCALE,
    THUMB_GAP,
    Layout,
    Row,
    bar_track,
    default_scale,
    layout_for,
)
from convolution.state import demo, keys, teach, teach_answer, teach_keys

NAME = "teach"
SUMMARY = "teach a small CNN classes of your own: draw examples, press 1\u20139, Enter trains it, then it guesses"

prepare = idle.prepare   # nothing to set up: the examples come with the state (demo.SketchState.teaching)


# --------------------------------------------------------------------------
# What is shown: worked out once per change
# --------------------------------------------------------------------------

def probabilities(state: demo.SketchState) -> np.ndarray:
    """What the network makes of the pad: one probability per class (C float32)."""
    return state.running.current_model().predict(teach.as_example(state.image))[0]


def answer_of(state: demo.SketchState) -> teach_answer.Answer:
    """What the view says the pad shows (a class, "not sure", "draw something"): needs a trained network. One
    that carries its examples is asked too whether the pad is like them (Network.judge)."""
    model = state.running.current_model()
    drawing = teach.as_example(state.image)
    judged = None
    if model.has_examples:
        verdict = model.judge(drawing)
        judged = (verdict.answered or verdict.kind == "nothing drawn", verdict.reason)
    return teach_answer.answer(drawing, probabilities(state), model.classes, judged=judged)


def status(state: demo.SketchState) -> str:
    teaching_state = state.teaching
    line = f"the next training starts {teach_keys.start_words(teaching_state.transfer)} (f switches)"
    if teaching_state.typed is not None:
        line = f"renaming class {teaching_state.examples.selected + 1}: type, Enter ends, Esc keeps the old name"
    return line


def table_label(state: demo.SketchState, layout: Layout) -> str:
    """Above the rows: what they show, and which of them when they are a page of the classes."""
    if not layout.paged or not layout.rows:
        return "your classes: examples, the newest first"
    first, last = layout.rows[0].number + 1, layout.rows[-1].number + 1
    return f"your classes {first}\u2013{last} of {layout.classes}: \u2191 \u2193 show the others"


def row_texts(state: demo.SketchState, layout: Layout) -> tuple[tuple[str, str, str, bool, bool], ...]:
    """Each shown row's (number and name, count, "+N", selected, renaming) as drawn."""
    examples = state.teaching.examples
    typed = state.teaching.typed   # the new name so far while a class is renamed, else None
    result = []
    counts = examples.counts()
    for row in layout.rows:
        number, name, count = row.number, examples.names[row.number], counts[row.number]
        renaming = typed is not None and number == examples.selected
        shown = f"{typed}\u258f" if renaming else name
        more = count - min(count, layout.thumbs) if layout.thumbs else 0   # no thumbnails: the count says it
        result.append((teach_layout.row_name(number, shown), str(count), f"+{more}" if more else "",
                       number == examples.selected, renaming))
    return tuple(result)


def knows(names, room_lines: int, fits) -> str:
    """"it only knows: a, b, c" when that fits on one line (``fits(text, lines)``; broken, a line could hold a
    class's name alone, and read as the answer), else a shorter way of saying it (``room_lines``: the lines
    left for it, at least one)."""
    full = teach_columns.knows_long(names)
    return full if room_lines >= 1 and fits(full, 1) else teach_columns.knows_short(len(names))


def answer_lines(state: demo.SketchState) -> tuple[str, str, str]:
    """The answer: (kind, the large words, the line under them). Kinds: "none" (no network for these classes
    yet), "blank", "unsure", "class"."""
    if not teach_keys.trained(state):
        return ("none", "no network yet", teach_columns.NO_NETWORK)
    found = answer_of(state)
    names = state.running.current_model().classes
    if found.kind == "blank":
        return ("blank", found.words, "")
    if found.kind == "unsure":
        return ("unsure", found.words, found.reason or f"at most {100 * found.share:.0f}% sure ({names[found.best]})")
    return ("class", found.words, f"{100 * found.share:.0f}% sure" + nearest_example(state))


def nearest_example(state: demo.SketchState) -> str:
    """Which of the class's own examples the pad is most like, in the network's own features: the drawing it
    learned from nearest this one (Network.nearest), said after the answer; "" for a network without them."""
    model = state.running.current_model()
    if not model.has_examples:
        return ""
    nearest = model.nearest(teach.as_example(state.image), k=1)
    return teach_columns.nearest_words(model.example_classes[int(nearest[0])]) if len(nearest) else ""


def training_lines(state: demo.SketchState) -> tuple:
    """The training panel's lines: how far it is (or what to do), the curves' legend, and the run's version."""
    run = state.running.training
    if run is None or not teach_keys.trained(state):
        if teach_keys.trained(state):
            return ("the network saved with the examples", "Enter trains a new one", 0)
        return ("Enter trains a network on the examples",
                f"it starts {teach_keys.start_words(state.teaching.transfer)}", 0)
    started = getattr(run, "started_from", "")   # background.TrainingRun says how it started
    line = f"epoch {run.epoch + 1} of {run.epochs}, {100 * run.progress:.0f}% of it"
    if run.paused:
        line += " \u00b7 paused"
    if run.done:
        line = f"trained: {run.epochs} epochs" + (f", from {started}" if started else "")
    if run.error:
        line = f"training stopped: {run.error}"
    figures = "accuracy (blue line), loss (orange dashes) so far" + (f"; it started from {started}" if started else "")
    if run.accuracies:
        figures = f"accuracy {100 * run.accuracies[-1]:.0f}% (blue line), loss {run.losses[-1]:.2f} (orange dashes)"
        if run.held_out is not None:
            figures += f"; kept out: {100 * run.held_out:.0f}%"
    return line, figures, run.version


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------

def draw(canvas: Canvas, layout: Layout, state: demo.SketchState, message: str) -> None:
    common.begin_frame(canvas, layout.sizes)
    canvas.draw_parts(parts(canvas, layout, state, message))
    draw_pointing(canvas, layout, state)


def parts(canvas: Canvas, layout: Layout, state: demo.SketchState, message: str) -> list[Part]:
    sizes, px = layout.sizes, layout.sizes.px
    examples = state.teaching.examples
    bars: tuple[float, ...] = ()        # each class's probability, once the network is trained on them
    said = ("none", "", "")
    if teach_keys.trained(state):
        model = state.running.current_model()
        shares = canvas.derived("teach bars", lambda image, weights: probabilities(state), state.image,
                                model.weights)
        bars = tuple(round(float(p), 3) for p in shares)
        said = canvas.derived("teach answer", lambda image, weights: answer_lines(state), state.image, model.weights)
    else:
        said = answer_lines(state)
    turned = canvas.derived("teach pad turned", lambda image: teach.drawing_for_network(image)[1], state.image)
    answer, training = layout.answer, layout.training
    band_top = layout.pad_label_y - sizes.small
    table_top = layout.table_label_y - sizes.small
    bottom = layout.rows[-1].box.y + layout.rows[-1].box.h + px(4) if layout.rows else table_top + px(30)
    header_bottom = band_top - px(4)
    result = [
        Part("header", (teach_layout.TITLE, teach_layout.DESCRIPTION), Rect(0, 0, layout.width, header_bottom),
             lambda title, line: draw_header(canvas, layout, title, line)),
        Part("pad label", (teach_layout.pad_label(state),),
             Rect(0, band_top, answer.x - px(8), layout.source.y - band_top - PANEL_BAND),
             lambda label: canvas.text(label, layout.source.x, layout.pad_label_y, sizes.small, canvas.theme.text_dim)),
        Part("answer", (said, tuple(state.teaching.trained_for)),
             Rect(answer.x - px(8), band_top, answer.w + px(16), answer.y + answer.h - band_top),
             lambda said, names: draw_answer(canvas, layout, state, said, names)),
        Part("training", training_lines(state),
             Rect(training.x - px(8), band_top, training.w + px(16), training.y + training.h - band_top),
             lambda *lines: draw_training(canvas, layout, state, lines)),
        Part("rows", (table_label(state, layout), row_texts(state, layout), examples, layout.thumbs, bars, turned),
             Rect(0, table_top, layout.width, bottom - table_top),
             lambda label, texts, shown, _, shares, turned: draw_rows(canvas, layout, label, texts, shown.drawings,
                                                                     shares, turned)),
        Part("footer", (message, status(state), keys.hint_line(NAME, state)),
             Rect(0, (layout.status_y or layout.hint_y) - sizes.hint - layout.sizes.px(4), layout.width,
                  layout.height - (layout.status_y or layout.hint_y) + sizes.hint + layout.sizes.px(4)),
             lambda text, line, hint: draw_footer(canvas, layout, text, line, hint)),
    ]
    return result


def draw_header(canvas: Canvas, layout: Layout, title: str, description: str) -> None:
    """The title and the description, each on the lines the layout gave it."""
    sizes, x = layout.sizes, layout.source.x
    room = layout.width - 2 * x
    canvas.fitted_text(title, x, layout.title_y, sizes.title, room, lines=layout.title_lines)
    if layout.description_lines:   # folded away when the rows need its room
        canvas.fitted_text(description, x, layout.description_y, sizes.small, room, canvas.theme.text_dim,
                           lines=layout.description_lines)


def lines_in(height: int, size: int) -> int:
    return max(1, height // teach_columns.line_h(size))


def draw_answer(canvas: Canvas, layout: Layout, state: demo.SketchState, said, names) -> None:
    """What it thinks the pad shows: the answer large, how sure it is under it, the training's progress when it
    has no column of its own, and the classes it knows; before there is a network for these classes, what to do.
    The column is as tall as the longest of these needs (teach_columns.answer_need)."""
    sizes, box = layout.sizes, layout.answer
    canvas.text("what it thinks the pad shows", box.x, layout.pad_label_y, sizes.small, canvas.theme.text_dim)
    kind, words, under = said
    colour = canvas.theme.highlight if kind == "class" else canvas.theme.text
    big = layout.answer_size
    y = box.y + round(big * 0.8)
    size, parts = canvas.fit(words, big, box.w, lines=2)
    for number, part in enumerate(parts):
        canvas.text(part, box.x, y + number * teach_columns.line_h(size), size, colour)
    y += (len(parts) - 1) * teach_columns.line_h(size) + round(big * 0.25) + teach_columns.line_h(sizes.small)
    small = sizes.small
    room = box.y + box.h - y + small                # from this baseline to the box's foot
    lines = max(1, room // teach_columns.line_h(small))
    texts = [under] if under else []
    if not layout.training.w and state.running.training is not None and kind != "none":
        texts.append(training_lines(state)[0])       # no room for the training's column: its progress here
    if kind != "none":
        texts.append(knows(names, max(1, lines - sum(fitted_lines(canvas, t, small, box.w) for t in texts)),
                           lambda text, most: fitted_lines(canvas, text, small, box.w) <= most))
    for text in texts:
        used = canvas.fitted_text(text, box.x, y, small, box.w, canvas.theme.text_dim, lines=lines)
        y += used * teach_columns.line_h(small)
        lines -= used
        if lines <= 0:
            break


def fitted_lines(canvas: Canvas, text: str, size: int, width: float) -> int:
    """The lines ``text`` takes at ``size`` in ``width`` (as many as it needs)."""
    return len(canvas.fit(text, size, width, lines=50)[1])


def draw_training(canvas: Canvas, layout: Layout, state: demo.SketchState, lines) -> None:
    """Live training: its progress, and the loss and accuracy so far; before it, what Enter does."""
    box, sizes, px = layout.training, layout.sizes, layout.sizes.px
    if not box.w or len(lines) < 2:
        return
    small = sizes.small
    step = teach_columns.line_h(small)
    canvas.text("training", box.x, layout.pad_label_y, small, canvas.theme.text_dim)
    run = state.running.training
    y = box.y + round(small * 0.8)
    first = canvas.fitted_text(lines[0], box.x, y, small, box.w, canvas.theme.text, lines=teach_columns.FIRST_LINES)
    y += (first - 1) * step
    figures_lines = fitted_lines(canvas, lines[1], small, box.w)
    if run is None or not teach_keys.trained(state):
        canvas.fitted_text(lines[1], box.x, y + step, small, box.w, canvas.theme.text_dim, lines=3)
        return
    bar = Rect(box.x, y + px(12), box.w, px(10))
    canvas.rect(bar, canvas.theme.panel_background)
    canvas.rect(Rect(bar.x, bar.y, max(1, int(bar.w * run.progress)), bar.h), canvas.theme.highlight)
    chart_top = bar.y + bar.h + px(10)
    chart_h = box.y + box.h - chart_top - figures_lines * step - px(4)
    below = chart_top
    if chart_h >= px(teach_columns.LEAST_CHART):
        chart = Rect(box.x, chart_top, box.w, chart_h)
        curves = [(run.accuracies, 1.0, canvas.theme.accuracy_curve), (run.losses, None, canvas.theme.loss_curve)]
        canvas.picture("teach chart", chart,
                       lambda: pixels.chart(chart.w, chart.h, curves, canvas.theme.chart_background), lines)
        below = chart.y + chart.h
    canvas.fitted_text(lines[1], box.x, below + round(small * 0.8) + px(4), small, box.w, canvas.theme.text_dim,
                       lines=max(1, (box.y + box.h - below) // step))


def draw_rows(canvas: Canvas, layout: Layout, label: str, texts, drawings, shares, turned: bool) -> None:
    """Each class shown: its number and name, its count, its newest examples (newest first) as the pad shows
    them, how many more, and how likely the network finds the pad is of it."""
    sizes, px = layout.sizes, layout.sizes.px
    if not layout.rows:
        return
    first = layout.rows[0]
    label_room = (first.bar.x if shares else first.box.x + first.box.w) - first.name_x - px(16)
    if canvas.width_of(label, sizes.small) > label_room:   # beside a narrow pad: the short way of saying it
        label = label.split(":")[0]
    canvas.fitted_text(label, first.name_x, layout.table_label_y, sizes.small, label_room, canvas.theme.text_dim,
                       lines=1)
    if shares:
        canvas.text("how sure", first.bar.x, layout.table_label_y, sizes.small, canvas.theme.text_dim)
    best = int(np.argmax(shares)) if shares else -1
    for row, (name, count, more, selected, renaming) in zip(layout.rows, texts):
        colour = canvas.theme.highlight if selected else canvas.theme.text
        if selected:
            canvas.frame(row.box, canvas.theme.highlight if renaming else canvas.theme.text_dim, 2)
        draw_name(canvas, layout, row, name, colour)
        canvas.text(count, row.count_x, row.baseline, layout.name_size, colour, "right")
        examples = drawings[row.number]
        if layout.thumbs and len(examples):
            colours = canvas.derived(f"teach row {row.number} colours", strip_colours, examples, turned,
                                     layout.thumbs, layout.thumb_scale,
                                     teach.SIDE * layout.thumb_scale + px(THUMB_GAP), row.strip.w, canvas.theme)
            canvas.panel(f"teach row {row.number}", row.strip, functools.partial(np.asarray, colours), colours, 1,
                         framed=False)
        if more:
            canvas.text(more, row.more_x, row.baseline, sizes.small, canvas.theme.text_dim)
        if shares:
            share = shares[row.number]
            ink = canvas.theme.highlight if row.number == best else canvas.theme.text
            canvas.rect(row.bar, canvas.theme.panel_background)
            if share > 0:
                canvas.rect(Rect(row.bar.x, row.bar.y, max(2, int(row.bar.w * share)), row.bar.h), ink)
            canvas.text(f"{100 * share:.0f}%", row.percent_x, row.baseline, layout.name_size, ink, "right")


def draw_name(canvas: Canvas, layout: Layout, row: Row, name: str, colour) -> None:
    """A row's number and name on the lines the layout gave it: broken at spaces at the layout's size when they
    fit so (a name grown onto two lines stays that large), else fitted (smaller, or wrapped, at the floor)."""
    size, step = layout.name_size, teach_columns.line_h(layout.name_size)
    parts = teach_layout.broken(name, size, row.name_w)
    if len(parts) <= layout.name_lines and all(canvas.width_of(part, size) <= row.name_w for part in parts):
        for number, part in enumerate(parts):
            canvas.text(part, row.name_x, row.baseline + number * step, size, colour)
        return
    canvas.fitted_text(name, row.name_x, row.baseline, size, row.name_w, colour, lines=layout.name_lines)


def strip_colours(examples: np.ndarray, turned: bool, thumbs: int, thumb_scale: int, step: int, width: int,
                  theme: pixels.Theme) -> np.ndarray:
    """A row's newest examples, newest first, as one picture ``width`` wide: uint32 ARGB words, H = 28 ×
    ``thumb_scale``, one every ``step`` pixels. Each is shown as the pad shows a drawing: stored white on black,
    turned round (black on white) when the pad's drawing is dark on light (``turned``, as
    teach.drawing_for_network says)."""
    thumb = teach.SIDE * thumb_scale
    shown = examples[::-1][:thumbs]
    pieces = [(n * step, 0, pixels.source_colours(255 - drawing if turned else drawing), thumb_scale)
              for n, drawing in enumerate(shown)]
    base = np.full((thumb, width), pixels.word(theme.window_background), np.uint32)
    return pixels.compose(base, pieces)


def draw_footer(canvas: Canvas, layout: Layout, message: str, status_line: str, hint: str) -> None:
    """The modes line and the hint line; a passing message (a lesson's caption, a notice) takes both."""
    sizes = layout.sizes
    room = layout.width - 2 * layout.source.x
    if message:
        size, lines = canvas.fit(message, sizes.hint, room, lines=2)
        for number, line in enumerate(lines):
            canvas.text(line, layout.width / 2, layout.hint_y - (len(lines) - 1 - number) * teach_columns.line_h(size),
                        size, canvas.theme.highlight, "center")
        return
    if layout.status_y:   # folded away when the rows need its room
        canvas.fitted_text(status_line, layout.width / 2, layout.status_y, sizes.hint, room, canvas.theme.text,
                           "center", lines=1)
    common.draw_hint(canvas, layout.width, layout.hint_y, "", hint, sizes)


def draw_pointing(canvas: Canvas, layout: Layout, state: demo.SketchState) -> None:
    """The pad (it changes as you draw)."""
    canvas.use_sizes(layout.sizes)
    if state.ui.show_help:
        return
    canvas.panel("source", layout.source, lambda: pixels.source_colours(state.image), state.image, layout.scale)


# --------------------------------------------------------------------------
# The mouse: drawing on the pad
# --------------------------------------------------------------------------

mouse_moved = idle.mouse_moved   # nothing follows the mouse here


def mouse_pressed(state: demo.SketchState, layout: Layout, px: float, py: float, left_button: bool) -> None:
    """A click on the pad puts the pen down; a click on a class's row selects it."""
    if layout.source.contains(px, py) and left_button:
        common.put_pen_down(state, layout, px, py)
        return
    for row in layout.rows:
        if row.box.contains(px, py) and state.teaching.typed is None:
            state.teaching.examples = teach.select(state.teaching.examples,
                                                   row.number - state.teaching.examples.selected)


mouse_dragged = common.drag_pen   # draw on the pad with the pen, if it is down
mouse_wheel = idle.mouse_wheel    # the wheel changes nothing here
