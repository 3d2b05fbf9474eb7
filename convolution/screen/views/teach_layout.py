"""Where the teach view puts everything: the pad and what the network says above, the classes' table below.

    title
    description (wrapped)
    the pad        what it thinks the pad shows         training
    [pad]          circle                               epoch 4 of 20, 40%   [progress]
                   93% sure; it only knows: …           [chart] accuracy …, loss …
    your classes: examples, the newest first                                        how sure
    1  circle            40  [○][○][○][○][○][○] +34                                 ████████   93%
    2  square             3  [□][□][□]                                              ▏           5%
    modes line
    hint line (or a passing message, on both lines)

The table takes the whole width, so a class's long name has room on one line (two if need be); the
pad grows into the height the table leaves (its rows grow too, with larger thumbnails, up to a point).
When not every class's row fits below the smallest pad, the table shows a page of them around the
selected class (↑ ↓ move it) and says which. Full screen is a slide: what the pad leaves, the rows take
(thumbnails, bars as high as a row, names up to the title's size) and the answer's words grow into their
column. The answer's and the training's columns keep room for the longest of what they may say
(teach_columns.py). Text is measured here with the glyphs' widths (glyphs.py), as the canvas measures it,
so what is laid out is what fits. No py5.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from convolution.screen import glyphs
from convolution.screen.geometry import MARGIN, Rect, Sizes, largest_whole
from convolution.screen.views.teach_columns import (
    ANSWER_W,
    TRAINING_W,
    answer_need,
    line_h,
    said_for,
    split,
    text_h,
    training_need,
)
from convolution.state import demo, teach, teach_keys

INPUT_SCALE = 10         # the pad at the lesson's 10× in a window of its own
MAX_SCALE = 28
WANTED_SCALE_PER = 90    # the pad at least h / 90 × when there is room (12× on 1080 lines)
LEAST_SCALE = 3          # below this, page the table rather than shrink the pad …
LEAST_SCALE_PER = 110    # … nor below h / 110 × (7× on 768 lines, 10× on 1080: the back row sees the drawing)
GAP = 20                 # between columns and bands (design pixels)
THUMB_GAP = 10
COUNT_W = 44             # the examples' count
MORE_W = 46              # "+12" after the thumbnails
BAR_W = 110              # a probability bar
PERCENT_W = 58           # "100%"
MAX_THUMB_SCALE = 4
MAX_CHART = 260
ROW_GAP = 6              # between one row's text or pictures and the next row's
FULL_GAP, FULL_ROW_GAP = 14, 4   # full screen: the bands and rows closer, the pad and the rows take the rest
FULL_SCALE_PER = 38      # full screen: the pad up to h / 38 × (28× on 1080 lines, 56× on 2160) …
ANSWER_GROWTH = 2.0      # … the answer's words up to twice the title's size, a row's name up to the title's


@dataclass(frozen=True)
class Row:
    """One class's row: its number and name, its count, its newest examples, how many more, and its bar."""
    number: int         # the class (from 0)
    box: Rect           # the whole row (the selected one is framed)
    baseline: int       # the name's first line
    name_x: int
    name_w: int
    count_x: int        # the count's right end
    strip: Rect         # the thumbnails, one picture
    more_x: int
    bar: Rect           # the probability's track: its whole length is a probability of 1
    percent_x: int      # the percentage's right end


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    scale: int                 # the pad's scale
    source: Rect               # the pad
    rows: tuple[Row, ...]      # the classes shown (all, or a page of them)
    classes: int               # how many classes there are
    thumb_scale: int           # each pixel of a thumbnail
    thumbs: int                # thumbnails a row has room for
    title_y: int               # the title's first baseline
    title_lines: int
    description_y: int
    description_lines: int
    pad_label_y: int
    answer: Rect               # what it thinks the pad shows (its label above it)
    training: Rect             # the training's progress and curves (its label above it); w 0: none
    table_label_y: int
    name_size: int             # the classes' names
    name_lines: int            # lines a name may take
    status_y: int
    hint_y: int
    answer_size: int           # the answer's words, at most (smaller if a class's name needs it)
    sizes: Sizes = Sizes()
    fits: bool = True

    @property
    def subtitle_y(self) -> int:   # views/protocol.py's name for the description's line
        return self.description_y

    @property
    def paged(self) -> bool:
        return len(self.rows) < self.classes


def lines_of(text: str, size: int, width: float) -> int:
    """How many lines ``text`` takes at ``size`` in ``width`` pixels, broken at spaces (as geometry.fit_text)."""
    words, lines, line = text.split(" "), 0, ""
    for word in words:
        trial = f"{line} {word}" if line else word
        if line and glyphs.text_width(trial, size) > width:
            lines, line = lines + 1, word
        else:
            line = trial
    return lines + 1


def row_name(number: int, name: str) -> str:
    return f"{number + 1}  {name}"


# The header's texts: the same whatever the examples, so the header keeps its place as they change.
TITLE = "teach it your own classes"
DESCRIPTION = ("draw on the pad and press a class's number to add it as an example; Enter trains a small CNN on "
               "them, then it guesses what you draw")


def layout_for(state: demo.SketchState, window: tuple[int, int] | None = None, scale: int | None = None,
               fullscreen: bool = False) -> Layout:
    """Everything placed in ``window`` (width, height): the text as large as fits (never below the floor),
    the pad as large as the table leaves room for; or (no window) in a window of its own."""
    if window is None:
        return own_window_layout(state, scale or default_scale(state))
    tried = []
    for described, status in ((True, True), (False, True), (False, False)):
        for sizes in Sizes.for_window(window[1], fullscreen=fullscreen).smaller_choices():
            both = [arranged(state, window, sizes, scale, fullscreen, beside=beside, described=described,
                             status=status) for beside in (False, True)]
            whole = [layout for layout in both if not layout.paged and layout.name_lines == 1]
            if whole:   # every class on one line each: the larger pad
                return max(whole, key=lambda layout: layout.scale)
            tried += both
    return max(tried, key=lambda layout: (len(layout.rows), -layout.name_lines, layout.scale))


def default_scale(state: demo.SketchState) -> int:
    """The pad's scale in a window of its own: the lesson's 10×, less for a big image."""
    height, width = state.image.shape[:2]
    return max(1, min(INPUT_SCALE, 280 // max(width, height)))


def wanted_scale(height: int, scale: int | None) -> int:
    return min(scale or MAX_SCALE, MAX_SCALE, max(INPUT_SCALE, height // WANTED_SCALE_PER))


def own_window_layout(state: demo.SketchState, scale: int) -> Layout:
    """The layout in a window of the view's own: text at the design's sizes, the pad at ``scale``, the window as
    tall as the table needs."""
    sizes = Sizes()
    classes = len(state.teaching.examples.names)
    width = 1200
    header = _header_h(sizes, width)
    answer = answer_need(said_for(state), sizes, sizes.px(ANSWER_W), sizes.title, True)   # at its narrowest
    height = header + sizes.px(GAP) + line_h(sizes.small) + max(state.image.shape[0] * scale, answer,
                                                                 training_need(state, sizes, sizes.px(TRAINING_W))) \
        + classes * sizes.px(72) + _footer_h(sizes) + 2 * sizes.px(GAP)
    return arranged(state, (width, height), sizes, scale, False, exact_scale=True)


def _header_h(sizes: Sizes, width: int) -> int:
    room = width - 2 * sizes.px(MARGIN)
    return (sizes.px(MARGIN) + lines_of(TITLE, sizes.title, room) * line_h(sizes.title)
            + lines_of(DESCRIPTION, sizes.small, room) * line_h(sizes.small))


def _footer_h(sizes: Sizes) -> int:
    """The modes line and the hint line (a passing message takes both), and the margin under them."""
    return 2 * line_h(sizes.hint) + sizes.px(MARGIN) // 2


@dataclass(frozen=True)
class Names:
    """How the classes' names are set in a table ``width`` wide: their size, column, lines, and whether the
    thumbnails have room beside them (when the bars are there, the thumbnails fold away first)."""
    size: int
    width: int
    lines: int
    thumbs: bool


def count_w(sizes: Sizes, size: int) -> int:
    """The examples' count's column (up to "999" at the names' ``size``)."""
    return max(sizes.px(COUNT_W), math.ceil(glyphs.text_width("999", size)))


def more_w(sizes: Sizes) -> int:
    """"+12" after the thumbnails (at the small size)."""
    return max(sizes.px(MORE_W), math.ceil(glyphs.text_width("+99", sizes.small)))


def percent_w(sizes: Sizes, size: int) -> int:
    """"100%" at the names' ``size``, and a little room before it."""
    return max(sizes.px(PERCENT_W), math.ceil(glyphs.text_width("100%", size)) + sizes.px(THUMB_GAP))


def beside_names(sizes: Sizes, size: int, bars: bool) -> int:
    """What a row holds besides its name and its thumbnails, at the names' ``size``: the count, "+N", the gaps,
    and (``bars``) the bar and its percentage."""
    px = sizes.px
    rest = count_w(sizes, size) + more_w(sizes) + 4 * px(THUMB_GAP)
    return rest + (px(BAR_W + THUMB_GAP) + percent_w(sizes, size) if bars else 0)


def names_at(sizes: Sizes, labels: list[str], width: int, bars: bool, size: int, thumbs: bool,
             thumb: int = teach.SIDE) -> Names | None:
    """The names on one line each at ``size`` in a table ``width`` wide, with room (``thumbs``) for a thumbnail
    ``thumb`` pixels wide beside them; None if they do not fit."""
    room = width - beside_names(sizes, size, bars) - (thumb if thumbs else 0)
    widest = max((glyphs.text_width(label, size) for label in labels), default=0.0)
    if widest + sizes.px(16) + 1 <= room:
        return Names(size, int(widest + sizes.px(16) + 1), 1, thumbs)
    return None


def names_in(sizes: Sizes, names, width: int, bars: bool) -> Names:
    """The largest way the names fit in a table ``width`` wide: one line at the body size, else at the floor,
    else (with the bars) without thumbnails, else on two lines."""
    px = sizes.px
    labels = [row_name(n, name) for n, name in enumerate(names)]
    for thumbs in ((True, False) if bars else (True,)):
        for size in dict.fromkeys((sizes.body, max(sizes.floor, sizes.small))):
            found = names_at(sizes, labels, width, bars, size, thumbs)
            if found is not None:
                return found
    size = max(sizes.floor, sizes.small)
    room = max(width // 3, width - beside_names(sizes, size, bars) - teach.SIDE)
    lines = max((lines_of(label, size, room - px(16)) for label in labels), default=1)
    return Names(size, room, min(lines, 3), True)


def broken(text: str, size: int, width: float) -> list[str]:
    """``text`` broken at spaces into the lines it takes at ``size`` in ``width`` pixels (as lines_of counts them:
    the canvas sets a grown name's lines with these, rather than shrinking it onto fewer)."""
    result: list[str] = []
    line = ""
    for word in text.split(" "):
        trial = f"{line} {word}" if line else word
        if line and glyphs.text_width(trial, size) > width:
            result, line = result + [line], word
        else:
            line = trial
    return result + [line]


def grown_names(sizes: Sizes, names, width: int, bars: bool, now: Names, inner: int, thumb: int) -> Names:
    """Full screen: the names as large as a row ``inner`` pixels high and the table's ``width`` allow, up to the
    title's size, with room for a thumbnail ``thumb`` wide (when there are any): on one line each, or on two or
    three at a size at least a quarter larger (a few long names in tall rows)."""
    if now.lines > 1:
        return now
    labels = [row_name(n, name) for n, name in enumerate(names)]
    pad = sizes.px(16)

    def room(size: int) -> int:   # the names' column, the rest of the row at its least
        return width - beside_names(sizes, size, bars) - (thumb if now.thumbs else 0)

    def fits(size: int, lines: int) -> bool:
        if lines == 1:
            return names_at(sizes, labels, width, bars, size, now.thumbs, thumb) is not None
        words = [word for label in labels for word in label.split(" ")]
        return (max(glyphs.text_width(word, size) for word in words) + pad <= room(size)
                and all(len(broken(label, size, room(size) - pad)) <= lines for label in labels))

    best = now
    for lines in (1, 2, 3):
        most = min(sizes.title, largest_whole(
            functools.partial(lambda size, lines: (lines - 1) * line_h(size) + text_h(size) <= inner, lines=lines),
            sizes.title))
        size = largest_whole(functools.partial(fits, lines=lines), most, now.size + 1)
        if size <= now.size or (lines > 1 and size < 1.25 * best.size):
            continue
        if lines == 1:
            best = names_at(sizes, labels, width, bars, size, now.thumbs, thumb) or best
        else:
            best = Names(size, room(size), lines, now.thumbs)
    return best


def row_h(set_names: Names, thumb: int) -> int:
    """A row's content: its name's lines (the last one only as high as its text), or its thumbnails."""
    words = (set_names.lines - 1) * line_h(set_names.size) + text_h(set_names.size)
    return max(words, thumb if set_names.thumbs else 0)


def arranged(state: demo.SketchState, window: tuple[int, int], sizes: Sizes, scale: int | None, fullscreen: bool,
             exact_scale: bool = False, beside: bool = False, described: bool = True, status: bool = True) -> Layout:
    """Everything placed at ``sizes`` in ``window``: the header; then the pad and, beside it, the answer and
    the training, the table under them across the window; or (``beside``) the table beside the pad, under the
    answer. The pad as large as the rows leave room for (at most the wanted scale), a page of rows if even the
    least pad leaves too little. Not ``described``: without the description under the title; not ``status``:
    without the modes line (what the rows need comes first: both fold away before the rows are paged).
    Full screen, what is left grows: the pad (up to h / FULL_SCALE_PER ×), then the rows (their thumbnails,
    bars and names as large as a row's height allows) and the answer's words, so that the view fills the
    screen as a slide does."""
    px = sizes.px
    width, height = window
    margin, gap = px(MARGIN), px(FULL_GAP if fullscreen else GAP)
    row_gap = px(FULL_ROW_GAP if fullscreen else ROW_GAP)
    image_h, image_w = state.image.shape[:2]
    examples = state.teaching.examples
    names = list(examples.names)
    if state.teaching.typed is not None:   # a class being renamed: its row shows the name typed so far
        names[examples.selected] = f"{state.teaching.typed}\u258f"
    classes = len(names)
    room = width - 2 * margin
    bars = teach_keys.trained(state)
    said = said_for(state)
    # The header and the footer.
    title_lines = lines_of(TITLE, sizes.title, room)
    description_lines = lines_of(DESCRIPTION, sizes.small, room) if described else 0
    title_y = margin + round(sizes.title * glyphs.ASCENT)
    description_y = title_y + (title_lines - 1) * line_h(sizes.title) + line_h(sizes.small) + px(6)
    top = (description_y + (description_lines - 1) * line_h(sizes.small) + round(sizes.small * glyphs.DESCENT)
           if described else title_y + (title_lines - 1) * line_h(sizes.title) + round(sizes.title * glyphs.DESCENT)) \
        + gap
    hint_y = height - margin // 2 - round(sizes.hint * glyphs.DESCENT)
    status_y = hint_y - line_h(sizes.hint) if status else 0
    bottom = (status_y if status else hint_y) - round(sizes.hint * glyphs.ASCENT) - px(12)
    body = bottom - top
    label_h = line_h(sizes.small)
    pad_label_w = round(glyphs.text_width(pad_label(state), sizes.small))
    want = scale if exact_scale and scale else wanted_scale(height, scale)
    least = min(want, max(LEAST_SCALE, round(height / LEAST_SCALE_PER)))

    def right_x(s: int) -> int:   # the answer's column (and, beside, the table's)
        return margin + max(image_w * s, pad_label_w) + gap

    def table_x(s: int) -> int:
        return right_x(s) if beside else margin

    shares: dict[int, tuple[int, bool, int]] = {}

    def columns(s: int) -> tuple[int, bool, int]:   # the answer's width, whether the training has a column, height
        if s not in shares:
            shares[s] = split(said, state, sizes, width - margin - right_x(s), gap)
        return shares[s]

    def strip_h(s: int) -> int:   # the answer and the training, at their least
        return columns(s)[2]

    def band_h(s: int) -> int:   # the pad's label and the pad, and beside it the answer and the training
        return label_h + (strip_h(s) if beside else max(image_h * s, strip_h(s)))

    def pad_fits(s: int) -> bool:
        return (label_h + image_h * s <= body and width - margin - table_x(s) >= px(ANSWER_W)
                and (beside or image_w * s + gap + px(ANSWER_W) <= room))

    def pitch_for(set_names: Names, thumb_scale: int) -> int:
        return row_h(set_names, teach.SIDE * thumb_scale) + row_gap

    def rows_room(s: int) -> int:
        return body - band_h(s) - gap - label_h

    set_names = names_in(sizes, names, width - margin - table_x(least), bars)
    least_pitch = pitch_for(set_names, 1)
    shown = classes
    pad_scale = next((s for s in range(want, 0, -1) if s >= least or exact_scale
                      if pad_fits(s) and rows_room(s) >= classes * pitch_for(
                          names_in(sizes, names, width - margin - table_x(s), bars), 1)), 0)
    if not pad_scale:   # page the rows rather than shrink the pad further
        pad_scale = max(1, least)
        while pad_scale > 1 and not pad_fits(pad_scale):
            pad_scale -= 1
        shown = max(1, min(classes, rows_room(pad_scale) // least_pitch))
    set_names = names_in(sizes, names, width - margin - table_x(pad_scale), bars)
    # The rows grow (larger thumbnails) into what the pad leaves, up to a point; then the pad takes the rest.
    most_thumb = max(MAX_THUMB_SCALE, round(sizes.ui * 2)) if fullscreen else MAX_THUMB_SCALE
    thumb_scale = 1
    if examples.total() > 0 and set_names.thumbs:
        thumb_scale = next(t for t in range(min(most_thumb, max(1, round(sizes.ui * 2))), 0, -1)
                           if t == 1 or rows_room(pad_scale) >= shown * pitch_for(set_names, t))
    pitch = pitch_for(set_names, thumb_scale)
    most = want if exact_scale or scale else max(MAX_SCALE, height // FULL_SCALE_PER if fullscreen else 0)
    while (shown == classes and pad_scale < most and pad_fits(pad_scale + 1)
           and rows_room(pad_scale + 1) >= shown * pitch
           and names_in(sizes, names, width - margin - table_x(pad_scale + 1), bars) == set_names):
        pad_scale += 1
    band_height = band_h(pad_scale)
    if exact_scale:
        body = band_height + gap + label_h + shown * pitch
    spare = max(0, rows_room(pad_scale) - shown * pitch)
    if state.running.training is not None and bars:   # what is left: some to the training's chart …
        band_height += spare // 3 if beside else spare // 2
        spare -= spare // 3 if beside else spare // 2
    pitch += spare // max(shown, 1)                    # … the rest to the rows (else all of it)
    inner = pitch - row_gap
    table_w = width - margin - table_x(pad_scale)
    if examples.total() > 0 and set_names.thumbs:   # the thumbnails as large as the rows now are
        thumb_scale = max(thumb_scale, min(most_thumb, inner // teach.SIDE))
    if fullscreen:   # the names as large as the rows now are, with room for a thumbnail beside them
        set_names = grown_names(sizes, names, table_w, bars, set_names, inner, teach.SIDE * thumb_scale)
    # The band.
    pad_label_y = top + round(sizes.small * glyphs.ASCENT)
    source = Rect(margin, top + label_h, image_w * pad_scale, image_h * pad_scale)
    band_bottom = top + band_height
    answer_w, with_training, _ = columns(pad_scale)
    answer = Rect(right_x(pad_scale), top + label_h, answer_w, band_bottom - top - label_h)
    if with_training:
        training = Rect(answer.x + answer_w + gap, answer.y, width - margin - answer.x - answer_w - gap, answer.h)
    else:   # no room for the curves beside the answer: the progress goes under it
        training = Rect(answer.x, band_bottom, 0, 0)
    answer_size = sizes.title
    if fullscreen:   # the answer's words as large as its column allows
        answer_size = largest_whole(lambda big: answer_need(said, sizes, answer.w, big, not with_training)
                                    <= answer.h, round(sizes.title * ANSWER_GROWTH), sizes.title)
        answer_size = max(answer_size, sizes.title)
    # The table.
    left = table_x(pad_scale)
    table_top = band_bottom + gap
    table_label_y = table_top + round(sizes.small * glyphs.ASCENT)
    first = first_shown(examples.selected, classes, shown)
    size, lines = set_names.size, set_names.lines
    percent_right = width - margin
    bar_x = percent_right - percent_w(sizes, size) - px(BAR_W)
    bar = Rect(bar_x, 0, px(BAR_W), 0) if bars else Rect(percent_right, 0, 0, 0)
    count_right = left + set_names.width + count_w(sizes, size)
    strip_x = count_right + px(THUMB_GAP) * 2
    strip_room = bar.x - px(THUMB_GAP) - more_w(sizes) - strip_x

    def thumbs_of(t: int) -> int:
        return max(0, (strip_room + px(THUMB_GAP)) // (teach.SIDE * t + px(THUMB_GAP))) if set_names.thumbs else 0

    while thumb_scale > 1 and thumbs_of(thumb_scale) < 1:
        thumb_scale -= 1
    thumb, thumbs = teach.SIDE * thumb_scale, thumbs_of(thumb_scale)
    strip_w = max(1, thumbs * (thumb + px(THUMB_GAP)) - px(THUMB_GAP))
    rows = []
    for place, number in enumerate(range(first, first + shown)):
        y = table_top + label_h + place * pitch
        name_top = y + (inner - row_h(set_names, 0)) // 2
        baseline = name_top + round(size * glyphs.ASCENT)
        if fullscreen:   # a bar as high as the row: it reads from the back of the room
            bar_h = inner
        else:
            bar_h = max(4, min(inner - px(8), px(28) + max(0, thumb - px(28)) // 2))
        rows.append(Row(number, Rect(left - px(6), y, width - margin - left + px(12), inner), baseline, left,
                        set_names.width - px(16), count_right, Rect(strip_x, y + (inner - thumb) // 2, strip_w, thumb),
                        strip_x + strip_w + px(THUMB_GAP),
                        Rect(bar.x, y + (inner - bar_h) // 2, bar.w, bar_h), percent_right))
    return Layout(width, height, pad_scale, source, tuple(rows), classes, thumb_scale, thumbs, title_y, title_lines,
                  description_y, description_lines, pad_label_y, answer, training, table_label_y, size,
                  lines, status_y, hint_y, answer_size, sizes, fits=pad_fits(pad_scale))


def first_shown(selected: int, classes: int, shown: int) -> int:
    """The first class of the page of ``shown`` rows that holds the selected class."""
    return min(max(0, selected - shown // 2), classes - shown)


def pad_label(state: demo.SketchState) -> str:
    height, width = state.image.shape[:2]
    if state.running.camera is not None:
        return "the pad: the camera's picture"
    return f"the pad, {width}\u00d7{height}"


def bar_track(layout: Layout, number: int) -> Rect:
    """Where class ``number``'s bar goes (its whole length is a probability of 1); an empty Rect if its row is
    not on this page."""
    return next((row.bar for row in layout.rows if row.number == number), Rect(0, 0, 0, 0))
