"""The teach view: a drawing pad, your classes and their examples, and a network that learns them in front of you.

    pad          your classes                              what it thinks the pad shows
                 1 circle     12  [○][○][○][○][○] +7       circle  ████████  93%
                 2 square      3  [□][□][□]                square  ▏          5%
                 3 triangle    0                           (training: progress bar, loss and accuracy curves)
    modes line: how the next training starts (random filters, or the shipped network's)
    hint line

Keys 1–9 add what is on the pad as an example of that class (state/teach_keys.py),
Enter trains a network on them beside the window (learning/background.py, as
--train in the network view), and from then on the pad is classified as you
draw; v shows the new network's filters in the network view.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import numpy as np

from convolution.screen import geometry, pixels
from convolution.screen.canvas import Canvas, Part
from convolution.screen.geometry import MARGIN, PANEL_BAND, Rect, Sizes
from convolution.screen.views import common, idle
from convolution.state import demo, keys, teach, teach_keys

NAME = "teach"
SUMMARY = "teach a small CNN classes of your own: draw examples, press 1\u20139, Enter trains it, then it guesses"

HEADER = 80
INPUT_SCALE = 10         # the pad at the lesson's 10×
MAX_SCALE = 20
LABEL = 30               # a column's label above it
GAP = 40
ROW_H = 64               # a class's row at most (design pixels)
NAME_W = 190             # the number and name column
COUNT_W = 56             # the examples' count
MORE_W = 64              # "+12" after the thumbnails
THUMB_GAP = 10
THUMBS = 6               # thumbnails a row shows in a window of its own
PANEL_W = 340            # the bars and the training panel
PANEL_LEAST = 280        # … in a narrow window
BAR_H = 34
NAME_BAR_W = 120
PERCENT_W = 64
CHART_H = 150
LEAST_CHART = 40
TRAINING_TEXT = 104      # the training panel without its chart: a line, the progress bar, two lines under it
STATUS = 40
HINT = 40
WANTED_SCALE_PER = 90    # the pad at most h / 90 × (12× on 1080 lines) but 10×: room for the rows
NAME_LEAST = 130         # the name column in a narrow window
LEAST_THUMBS = 2


@dataclass(frozen=True)
class Row:
    """One class: its number and name, its count, its newest examples, and how many more it has."""
    box: Rect           # the whole row (the selected one is framed)
    baseline: int
    name_x: int
    name_w: int
    count_x: int        # the count's right end
    strip: Rect         # the thumbnails, one picture
    more_x: int


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    scale: int                 # the pad's scale
    source: Rect               # the pad
    rows: tuple[Row, ...]
    thumb_scale: int           # each pixel of a thumbnail
    thumbs: int                # thumbnails a row has room for
    panel: Rect                # the bars and the training panel
    bar_pitch: int
    chart_h: int               # 0: no room for the curves
    title_y: int
    subtitle_y: int
    caption_y: int
    rows_label_y: int
    status_y: int
    hint_y: int
    sizes: Sizes = Sizes()
    fits: bool = True


prepare = idle.prepare   # nothing to set up: the examples come with the state (demo.SketchState.teaching)


def default_scale(state: demo.SketchState) -> int:
    """The pad's scale: the lesson's 10×, less for a big image."""
    height, width = state.image.shape[:2]
    return max(1, min(INPUT_SCALE, 280 // max(width, height)))


@dataclass(frozen=True)
class Plan:
    classes: int
    thumb_scale: int
    row_pitch: int         # pixels
    bar_pitch: int
    chart_h: int
    panel_w: int = PANEL_W   # design pixels


def _footer(sizes: Sizes) -> int:
    return sizes.px(30 + 16 + HINT)


def _top(sizes: Sizes) -> int:
    return sizes.px(MARGIN + HEADER)


def least_pitch(sizes: Sizes) -> int:
    """The least height of a class's row or bar: its text, and a little room."""
    return max(round(sizes.body * 1.35), sizes.px(24))


def rows_width(sizes: Sizes, thumb_scale: int, thumbs: int, name_w: int = NAME_W) -> int:
    return sizes.px(name_w + COUNT_W + MORE_W) + thumbs * (teach.SIDE * thumb_scale + sizes.px(THUMB_GAP))


def plan_for(classes: int, body_h: int, sizes: Sizes, design: bool = False) -> Plan | None:
    """How the rows and the panel fill ``body_h`` pixels: None if the classes do not fit."""
    px = sizes.px
    least = least_pitch(sizes)
    rows_room = body_h - px(LABEL)
    pitch = min(px(ROW_H), rows_room // max(classes, 1))
    if pitch < max(least, teach.SIDE + px(6)):
        return None
    thumb_scale = max(1, min(2, (pitch - px(8)) // teach.SIDE))
    panel_room = body_h - px(LABEL)
    bar_pitch = min(px(BAR_H), (panel_room - px(TRAINING_TEXT + 40)) // max(classes, 1))
    if bar_pitch < least:
        return None
    chart = min(px(CHART_H), panel_room - classes * bar_pitch - px(TRAINING_TEXT + 40))
    if design:
        chart = px(CHART_H)
    return Plan(classes, thumb_scale, pitch, bar_pitch, chart if chart >= px(LEAST_CHART) else 0)


def layout_for(state: demo.SketchState, window: tuple[int, int] | None = None, scale: int | None = None,
               fullscreen: bool = False) -> Layout:
    """The pad on the left, the classes' rows beside it, the bars and the training panel on the right:
    in ``window`` (width, height), the pad as large as fits (at most ``scale``) and as many thumbnails
    as the rows have room for; or (no window) in a window of its own."""
    if window is None:
        return own_window_layout(state, scale or default_scale(state))
    image_h, image_w = state.image.shape[:2]
    classes = len(state.teaching.examples.names)
    width, height = window
    want = min(scale or MAX_SCALE, MAX_SCALE, max(INPUT_SCALE, height // WANTED_SCALE_PER))
    choices = []
    for sizes in Sizes.for_window(height, fullscreen=fullscreen).smaller_choices():
        body_h = height - _top(sizes) - _footer(sizes)
        plan = plan_for(classes, body_h, sizes)
        if plan is None:
            continue
        for thumb_scale in sorted({plan.thumb_scale, 1}, reverse=True):
            for panel_w in (PANEL_W, PANEL_LEAST):
                rows_least = rows_width(sizes, thumb_scale, LEAST_THUMBS, NAME_LEAST)
                fixed = 2 * sizes.px(MARGIN) + 2 * sizes.px(GAP) + sizes.px(panel_w) + rows_least

                def fits(s, body_h=body_h, fixed=fixed, sizes=sizes):
                    return (fixed + image_w * s <= width
                            and sizes.px(LABEL) + image_h * s + sizes.px(common.CAPTIONS_BELOW) <= body_h)
                choices.append((geometry.largest_whole(fits, want),
                                dataclasses.replace(plan, thumb_scale=thumb_scale, panel_w=panel_w), sizes))
    if not choices:   # not even the smallest text leaves room for every class: draw it as well as it goes
        sizes = Sizes.for_window(height, fullscreen=fullscreen).smaller_choices()[-1]
        plan = Plan(classes, 1, least_pitch(sizes), least_pitch(sizes), 0)
        return arranged(state, window, plan, 1, sizes, fits=False)
    # The pad as large as the window wants it (h / WANTED_SCALE_PER), then the larger text and thumbnails.
    enough = min(max(choice[0] for choice in choices), max(1, height // WANTED_SCALE_PER))
    fitting, plan, sizes = next(choice for choice in choices if choice[0] >= enough)
    return arranged(state, window, plan, max(1, fitting), sizes, fits=fitting >= 1)


def own_window_layout(state: demo.SketchState, scale: int) -> Layout:
    """The layout in a window of the view's own: the pad at ``scale``, text at the design's sizes."""
    image_h, image_w = state.image.shape[:2]
    classes = len(state.teaching.examples.names)
    sizes = Sizes()
    px = sizes.px
    plan = Plan(classes, 2, px(ROW_H), px(BAR_H), px(CHART_H))
    width = 2 * px(MARGIN) + image_w * scale + 2 * px(GAP) + rows_width(sizes, 2, THUMBS) + px(PANEL_W)
    body = max(px(LABEL) + image_h * scale + px(common.CAPTIONS_BELOW), px(LABEL) + classes * plan.row_pitch,
               px(LABEL) + classes * plan.bar_pitch + px(TRAINING_TEXT + 40) + plan.chart_h)
    return arranged(state, (width, _top(sizes) + body + _footer(sizes)), plan, scale, sizes)


def arranged(state: demo.SketchState, window: tuple[int, int], plan: Plan, scale: int, sizes: Sizes,
             fits: bool = True) -> Layout:
    """Everything placed for ``plan``, the pad at ``scale``, in ``window``; the rows take the width left."""
    px = sizes.px
    width, height = window
    image_h, image_w = state.image.shape[:2]
    margin, gap = px(MARGIN), px(GAP)
    top = _top(sizes)
    source = Rect(margin, top + px(LABEL), image_w * scale, image_h * scale)
    panel_w = px(plan.panel_w)
    rows_x = source.x + source.w + gap
    rows_w = max(0, width - margin - panel_w - gap - rows_x)
    thumb = teach.SIDE * plan.thumb_scale
    name_w = NAME_W if rows_w >= rows_width(sizes, plan.thumb_scale, 3) else NAME_LEAST
    strip_x = rows_x + px(name_w + COUNT_W)
    thumbs = max(0, (rows_w - px(name_w + COUNT_W + MORE_W) + px(THUMB_GAP)) // (thumb + px(THUMB_GAP)))
    strip_w = max(1, thumbs * (thumb + px(THUMB_GAP)) - px(THUMB_GAP))
    rows = []
    for number in range(plan.classes):
        y = top + px(LABEL) + number * plan.row_pitch
        inner = plan.row_pitch - px(6)
        baseline = y + inner // 2 + round(sizes.body * 0.35)
        rows.append(Row(Rect(rows_x - px(6), y, rows_w + px(6), inner), baseline, rows_x, px(name_w - 10),
                        rows_x + px(name_w + COUNT_W - 12), Rect(strip_x, y + (inner - thumb) // 2, strip_w, thumb),
                        strip_x + strip_w + px(THUMB_GAP)))
    panel_x = width - margin - panel_w
    panel_h = plan.classes * plan.bar_pitch + px(TRAINING_TEXT + 40) + plan.chart_h
    status_y = height - px(14 + HINT + 16)
    return Layout(width, height, scale, source, tuple(rows), plan.thumb_scale, thumbs,
                  Rect(panel_x, top + px(LABEL), panel_w, panel_h), plan.bar_pitch, plan.chart_h,
                  margin + sizes.title, margin + sizes.title + px(12) + sizes.body, source.y + source.h + px(32),
                  top + px(LABEL) - px(10), status_y, height - px(14), sizes, fits)


# --------------------------------------------------------------------------
# What is shown: worked out once per change
# --------------------------------------------------------------------------

def probabilities(state: demo.SketchState) -> np.ndarray:
    """What the network makes of the pad: one probability per class (C float32)."""
    return state.running.current_model().predict(teach.as_example(state.image))[0]


def title(state: demo.SketchState) -> str:
    if state.running.training is not None and not state.running.training.done and teach_keys.trained(state):
        return "teach it your own classes: a small CNN learning them, live"
    return "teach it your own classes: draw examples, train, and it guesses"


def description(state: demo.SketchState) -> str:
    examples = state.teaching.examples
    total = examples.total()
    classes = len(examples.names)
    return (f"{classes} classes, {total} example{'s' if total != 1 else ''}: draw on the pad, press a class's "
            f"number to add it; Enter trains a network on them")


def status(state: demo.SketchState) -> str:
    teaching_state = state.teaching
    line = f"the next training starts {teach_keys.start_words(teaching_state.transfer)} (f switches)"
    if teaching_state.typed is not None:
        line = f"renaming class {teaching_state.examples.selected + 1}: type, Enter ends, Esc keeps the old name"
    return line


def row_texts(state: demo.SketchState, layout: Layout) -> tuple[tuple[str, str, str, bool, bool], ...]:
    """Each row's (number and name, count, "+N", selected, renaming) as drawn."""
    examples = state.teaching.examples
    typed = state.teaching.typed   # the new name so far while a class is renamed, else None
    result = []
    for number, (name, count) in enumerate(zip(examples.names, examples.counts())):
        renaming = typed is not None and number == examples.selected
        shown = f"{typed}\u258f" if renaming else name
        more = count - min(count, layout.thumbs)
        result.append((f"{number + 1}  {shown}", str(count), f"+{more}" if more else "", number == examples.selected,
                       renaming))
    return tuple(result)


def training_lines(state: demo.SketchState) -> tuple:
    """The training panel's lines: how far it is (or what to do), the curves' legend, and the run's version."""
    run = state.running.training
    if run is None or not teach_keys.trained(state):
        if teach_keys.trained(state):
            return ("the network saved with them", "Enter trains a new one", 0)
        return ("no network yet: add examples to every class, then Enter trains one",
                f"it starts {teach_keys.start_words(state.teaching.transfer)}", 0)
    started = getattr(run, "started_from", "")   # background.TrainingRun says how it started
    line = f"training: epoch {run.epoch + 1} of {run.epochs}, {100 * run.progress:.0f}% of it"
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
            figures += f"; on examples kept out: {100 * run.held_out:.0f}%"
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
    names: tuple[str, ...] = ()
    if teach_keys.trained(state):
        model = state.running.current_model()
        names = tuple(model.classes)
        shares = canvas.derived("teach bars", lambda image, weights: probabilities(state), state.image,
                                model.weights)
        bars = tuple(round(float(p), 3) for p in shares)
    rows_right = layout.panel.x - px(GAP) + px(8)
    rows_left = layout.source.x + layout.source.w + px(GAP) - px(8)
    rows_bottom = layout.rows[-1].box.y + layout.rows[-1].box.h + px(4) if layout.rows else layout.panel.y
    panel = layout.panel
    result = [
        Part("header", (title(state), description(state)), Rect(0, 0, layout.width, layout.source.y - px(32)),
             lambda title, line: common.draw_header(canvas, layout, common.header_x(layout), title, line)),
        Part("captions", (pad_caption(state),),
             Rect(0, layout.source.y + layout.source.h + PANEL_BAND, layout.source.x + layout.source.w + px(8),
                  px(common.CAPTIONS_BELOW) - PANEL_BAND),
             lambda caption: common.draw_captions(canvas, layout.source.x, layout.caption_y,
                                                  layout.source.w + px(8), caption[0], caption[1], sizes)),
        Part("rows", (row_texts(state, layout), examples, layout.thumbs),   # Examples compare by identity
             Rect(rows_left, layout.rows_label_y - px(22), rows_right - rows_left, rows_bottom - layout.rows_label_y
                  + px(22)),
             lambda texts, shown, _: draw_rows(canvas, layout, texts, shown.drawings)),
        Part("bars", (names, bars, ()) if bars else ((), (), training_lines(state)),
             Rect(panel.x - 8, panel.y - px(30), panel.w + 16,
                  (len(layout.rows) * layout.bar_pitch if bars else panel.h) + px(32)),
             lambda names, shares, lines: draw_bars(canvas, layout, names, shares, lines)),
        Part("training", training_lines(state) if bars else ("",),
             Rect(panel.x - 8, panel.y + len(layout.rows) * layout.bar_pitch + px(8), panel.w + 16,
                  panel.h - len(layout.rows) * layout.bar_pitch - px(8)),
             lambda *lines: draw_training(canvas, layout, state, lines)),
        Part("status", (status(state),), Rect(0, layout.status_y - px(24), layout.width, px(32)),
             lambda line: common.draw_status(canvas, layout.width, layout.status_y, line, sizes)),
        Part("hint", (message, keys.hint_line(NAME, state)),
             Rect(0, layout.status_y + px(10), layout.width, layout.height - layout.status_y - px(10)),
             lambda text, hint: common.draw_hint(canvas, layout.width, layout.hint_y, text, hint, sizes)),
    ]
    return result


def pad_caption(state: demo.SketchState) -> tuple[str, str]:
    if state.running.camera is not None:
        return ("the pad (1\u20139 take the camera's picture)", "")
    note = "draw here; 1\u20139 add it to that class, c clears"
    return (f"the pad, {state.image.shape[1]}\u00d7{state.image.shape[0]}", note)


def draw_rows(canvas: Canvas, layout: Layout, texts, drawings) -> None:
    """Each class: its number and name, its count, its newest examples (newest first), and how many more."""
    sizes, px = layout.sizes, layout.sizes.px
    if not layout.rows:
        return
    first = layout.rows[0]
    canvas.fitted_text("your classes: examples, the newest first", first.name_x, layout.rows_label_y, sizes.small,
                       first.box.w, canvas.theme.text_dim)
    for number, (row, (name, count, more, selected, renaming), examples) in enumerate(zip(layout.rows, texts,
                                                                                          drawings)):
        colour = canvas.theme.highlight if selected else canvas.theme.text
        if selected:
            canvas.frame(row.box, canvas.theme.highlight if renaming else canvas.theme.text_dim, 2)
        canvas.fitted_text(name, row.name_x, row.baseline, sizes.body, row.name_w, colour)
        canvas.text(count, row.count_x, row.baseline, sizes.body, colour, "right")
        if layout.thumbs and len(examples):
            picture = functools.partial(strip_picture, layout, row.strip, examples, canvas.theme)
            canvas.panel(f"teach row {number}", row.strip, picture, examples, 1, framed=False)
        if more:
            canvas.fitted_text(more, row.more_x, row.baseline, sizes.small,
                               row.box.x + row.box.w - row.more_x - px(4), canvas.theme.text_dim)


def strip_picture(layout: Layout, strip: Rect, examples: np.ndarray, theme: pixels.Theme) -> np.ndarray:
    """A row's newest examples, newest first, as one picture for ``strip``: uint32 ARGB words."""
    thumb = teach.SIDE * layout.thumb_scale
    step = thumb + layout.sizes.px(THUMB_GAP)
    shown = examples[::-1][:layout.thumbs]
    pieces = [(n * step, 0, pixels.as_rgb(drawing), layout.thumb_scale) for n, drawing in enumerate(shown)]
    return pixels.compose(strip_background(strip.w, strip.h, theme), pieces)


@functools.lru_cache(maxsize=8)
def strip_background(width: int, height: int, theme: pixels.Theme) -> np.ndarray:
    return np.full((height, width), pixels.word(theme.window_background), np.uint32)


def draw_bars(canvas: Canvas, layout: Layout, names, shares, lines) -> None:
    """What the network thinks the pad shows: a bar per class, the likeliest highlighted; before there is
    a network for these classes, what to do (``lines``)."""
    panel, sizes, px = layout.panel, layout.sizes, layout.sizes.px
    canvas.fitted_text("what it thinks the pad shows", panel.x, panel.y - px(10), sizes.small, panel.w,
                       canvas.theme.text_dim)
    if not shares:
        top = panel.y + px(14) + sizes.small
        used = canvas.fitted_text(lines[0], panel.x, top, sizes.small, panel.w, canvas.theme.text, lines=2)
        canvas.fitted_text(lines[1], panel.x, top + used * round(sizes.small * 1.25) + px(4), sizes.note, panel.w,
                           canvas.theme.text_dim, lines=2)
        return
    best = int(np.argmax(shares))
    size = canvas.fitting_size(list(names), sizes.body, px(NAME_BAR_W - 12))
    for row, (name, share) in enumerate(zip(names, shares)):
        track = bar_track(layout, row)
        colour = canvas.theme.highlight if row == best else canvas.theme.text
        baseline = track.y + track.h // 2 + round(sizes.body * 0.35)
        canvas.fitted_text(name, panel.x, baseline, size, px(NAME_BAR_W - 12), colour)
        canvas.rect(track, canvas.theme.panel_background)
        if share > 0:
            canvas.rect(Rect(track.x, track.y, max(2, int(track.w * share)), track.h), colour)
        canvas.text(f"{100 * share:.0f}%", panel.x + panel.w, baseline, sizes.body, colour, "right")


def bar_track(layout: Layout, row: int) -> Rect:
    """Where class ``row``'s bar goes: its whole length is a probability of 1."""
    panel, px = layout.panel, layout.sizes.px
    height = max(4, min(px(BAR_H - 12), layout.bar_pitch - px(14)))
    return Rect(panel.x + px(NAME_BAR_W), panel.y + row * layout.bar_pitch + (layout.bar_pitch - height) // 2,
                panel.w - px(NAME_BAR_W + PERCENT_W), height)


def draw_training(canvas: Canvas, layout: Layout, state: demo.SketchState, lines) -> None:
    """Live training: its progress, and the loss and accuracy so far; before it, what to do."""
    panel, sizes, px = layout.panel, layout.sizes, layout.sizes.px
    top = panel.y + len(layout.rows) * layout.bar_pitch + px(40)
    run = state.running.training
    if len(lines) < 2:
        return
    if run is None:   # a network saved with the examples
        canvas.fitted_text(lines[0], panel.x, top, sizes.small, panel.w, canvas.theme.text)
        canvas.fitted_text(lines[1], panel.x, top + px(30), sizes.note, panel.w, canvas.theme.text_dim)
        return
    canvas.fitted_text(lines[0], panel.x, top, sizes.small, panel.w, canvas.theme.text)
    bar = Rect(panel.x, top + px(10), panel.w, px(10))
    canvas.rect(bar, canvas.theme.panel_background)
    canvas.rect(Rect(bar.x, bar.y, max(1, int(bar.w * run.progress)), bar.h), canvas.theme.highlight)
    chart = Rect(panel.x, bar.y + px(24), panel.w, layout.chart_h)
    if layout.chart_h:
        curves = [(run.accuracies, 1.0, canvas.theme.accuracy_curve), (run.losses, None, canvas.theme.loss_curve)]
        canvas.picture("teach chart", chart,
                       lambda: pixels.chart(chart.w, chart.h, curves, canvas.theme.chart_background), lines)
    canvas.fitted_text(lines[1], panel.x, chart.y + chart.h + px(22), sizes.note, panel.w, canvas.theme.text_dim,
                       lines=2)


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
    for number, row in enumerate(layout.rows):
        if row.box.contains(px, py) and state.teaching.typed is None:
            state.teaching.examples = teach.select(state.teaching.examples, number - state.teaching.examples.selected)


mouse_dragged = common.drag_pen   # draw on the pad with the pen, if it is down
mouse_wheel = idle.mouse_wheel    # the wheel changes nothing here
