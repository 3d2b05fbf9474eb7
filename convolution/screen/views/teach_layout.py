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
selected class (↑ ↓ move it) and says which. Text is measured here with the glyphs' widths (glyphs.py),
as the canvas measures it, so what is laid out is what fits. No py5.
"""

from __future__ import annotations

from dataclasses import dataclass

from convolution.screen import glyphs
from convolution.screen.geometry import MARGIN, Rect, Sizes
from convolution.state import demo, teach, teach_keys

INPUT_SCALE = 10         # the pad at the lesson's 10× in a window of its own
MAX_SCALE = 28
WANTED_SCALE_PER = 90    # the pad at least h / 90 × when there is room (12× on 1080 lines)
LEAST_SCALE = 3          # below this, page the table rather than shrink the pad …
LEAST_SCALE_PER = 110    # … nor below h / 110 × (7× on 768 lines, 10× on 1080: the back row sees the drawing)
GAP = 20                 # between columns and bands (design pixels)
LINE = 1.25              # a line's height, of its text size
THUMB_GAP = 10
COUNT_W = 44             # the examples' count
MORE_W = 46              # "+12" after the thumbnails
BAR_W = 110              # a probability bar
PERCENT_W = 58           # "100%"
ANSWER_W = 300           # the answer's column at least; the training column takes the rest of the band
TRAINING_W = 260
LEAST_CHART = 36
MAX_THUMB_SCALE = 4
MAX_CHART = 260


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
    sizes: Sizes = Sizes()
    fits: bool = True

    @property
    def subtitle_y(self) -> int:   # views/protocol.py's name for the description's line
        return self.description_y

    @property
    def paged(self) -> bool:
        return len(self.rows) < self.classes


def line_h(size: int) -> int:
    return round(size * LINE)


def text_h(size: int) -> int:
    """The height a line of text covers (ascent and descent)."""
    return round(size * (glyphs.ASCENT + glyphs.DESCENT))


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
    height = header + sizes.px(GAP) + line_h(sizes.small) + max(state.image.shape[0] * scale,
                                                                 _answer_h(sizes, state), _training_h(sizes)) \
        + classes * sizes.px(72) + _footer_h(sizes) + 2 * sizes.px(GAP)
    return arranged(state, (width, height), sizes, scale, False, exact_scale=True)


def _header_h(sizes: Sizes, width: int) -> int:
    room = width - 2 * sizes.px(MARGIN)
    return (sizes.px(MARGIN) + lines_of(TITLE, sizes.title, room) * line_h(sizes.title)
            + lines_of(DESCRIPTION, sizes.small, room) * line_h(sizes.small))


def _footer_h(sizes: Sizes) -> int:
    """The modes line and the hint line (a passing message takes both), and the margin under them."""
    return 2 * line_h(sizes.hint) + sizes.px(MARGIN) // 2


def _answer_h(sizes: Sizes, state: demo.SketchState) -> int:
    """The answer's column at its least: the answer (a line of the title's size) and two lines under it."""
    return line_h(sizes.title) + 2 * line_h(sizes.small) + sizes.px(6)


def _training_h(sizes: Sizes) -> int:
    """The training's column at its least: a line, the progress bar, the least chart, two lines of figures."""
    return 3 * line_h(sizes.small) + sizes.px(24)


@dataclass(frozen=True)
class Names:
    """How the classes' names are set in a table ``width`` wide: their size, column, lines, and whether the
    thumbnails have room beside them (when the bars are there, the thumbnails fold away first)."""
    size: int
    width: int
    lines: int
    thumbs: bool


def names_in(sizes: Sizes, names, width: int, bars: bool) -> Names:
    """The largest way the names fit in a table ``width`` wide: one line at the body size, else at the floor,
    else (with the bars) without thumbnails, else on two lines."""
    px = sizes.px
    rest = px(COUNT_W + MORE_W) + 4 * px(THUMB_GAP) + (px(BAR_W + PERCENT_W + THUMB_GAP) if bars else 0)
    labels = [row_name(n, name) for n, name in enumerate(names)]
    choices = [(size, thumbs) for thumbs in ((True, False) if bars else (True,))
               for size in dict.fromkeys((sizes.body, max(sizes.floor, sizes.small)))]
    for size, thumbs in choices:
        room = width - rest - (teach.SIDE if thumbs else 0)
        widest = max((glyphs.text_width(label, size) for label in labels), default=0.0)
        if widest + px(16) + 1 <= room:
            return Names(size, int(widest + px(16) + 1), 1, thumbs)
    size = max(sizes.floor, sizes.small)
    room = max(width // 3, width - rest - teach.SIDE)
    lines = max((lines_of(label, size, room - px(16)) for label in labels), default=1)
    return Names(size, room, min(lines, 3), True)


def arranged(state: demo.SketchState, window: tuple[int, int], sizes: Sizes, scale: int | None, fullscreen: bool,
             exact_scale: bool = False, beside: bool = False, described: bool = True, status: bool = True) -> Layout:
    """Everything placed at ``sizes`` in ``window``: the header; then the pad and, beside it, the answer and
    the training, the table under them across the window; or (``beside``) the table beside the pad, under the
    answer. The pad as large as the rows leave room for (at most the wanted scale), a page of rows if even the
    least pad leaves too little. Not ``described``: without the description under the title; not ``status``:
    without the modes line (what the rows need comes first: both fold away before the rows are paged)."""
    px = sizes.px
    width, height = window
    margin, gap = px(MARGIN), px(GAP)
    image_h, image_w = state.image.shape[:2]
    examples = state.teaching.examples
    names = list(examples.names)
    if state.teaching.typed is not None:   # a class being renamed: its row shows the name typed so far
        names[examples.selected] = f"{state.teaching.typed}\u258f"
    classes = len(names)
    room = width - 2 * margin
    bars = teach_keys.trained(state)
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
    strip_h = max(_answer_h(sizes, state), _training_h(sizes))   # the answer and the training, at their least
    want = scale if exact_scale and scale else wanted_scale(height, scale)
    least = min(want, max(LEAST_SCALE, round(height / LEAST_SCALE_PER)))

    def table_x(s: int) -> int:
        return margin + max(image_w * s, pad_label_w) + gap if beside else margin

    def band_h(s: int) -> int:   # the pad's label and the pad, and beside it the answer and the training
        return label_h + (strip_h if beside else max(image_h * s, strip_h))

    def pad_fits(s: int) -> bool:
        return (label_h + image_h * s <= body and width - margin - table_x(s) >= px(ANSWER_W)
                and (beside or image_w * s + gap + px(ANSWER_W) <= room))

    def pitch_for(set_names: Names, thumb_scale: int) -> int:
        thumb = teach.SIDE * thumb_scale if set_names.thumbs else 0
        return max(set_names.lines * line_h(set_names.size), thumb) + px(6)

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
    thumb_scale = 1
    if examples.total() > 0 and set_names.thumbs:
        thumb_scale = next(t for t in range(min(MAX_THUMB_SCALE, max(1, round(sizes.ui * 2))), 0, -1)
                           if t == 1 or rows_room(pad_scale) >= shown * pitch_for(set_names, t))
    pitch = pitch_for(set_names, thumb_scale)
    most = want if exact_scale or scale else MAX_SCALE   # the pad grows into what the rows leave
    while (shown == classes and pad_scale < most and pad_fits(pad_scale + 1)
           and rows_room(pad_scale + 1) >= shown * pitch
           and names_in(sizes, names, width - margin - table_x(pad_scale + 1), bars) == set_names):
        pad_scale += 1
    band_height = band_h(pad_scale)
    if exact_scale:
        body = band_height + gap + label_h + shown * pitch
    spare = max(0, rows_room(pad_scale) - shown * pitch)
    if beside:
        band_height += spare // 3                       # what is left: a third to the answer (a taller chart) …
        pitch += (spare - spare // 3) // max(shown, 1)  # … the rest to the rows
    else:
        band_height += spare // 2
        pitch += (spare - spare // 2) // max(shown, 1)
    if examples.total() > 0 and set_names.thumbs:   # the thumbnails as large as the rows now are
        thumb_scale = max(thumb_scale, min(MAX_THUMB_SCALE, (pitch - px(8)) // teach.SIDE))
    # The band.
    pad_label_y = top + round(sizes.small * glyphs.ASCENT)
    source = Rect(margin, top + label_h, image_w * pad_scale, image_h * pad_scale)
    right_x = margin + max(source.w, pad_label_w) + gap
    right_w = width - margin - right_x
    band_bottom = top + band_height
    if right_w >= px(ANSWER_W + TRAINING_W) + gap:
        answer_w = max(px(ANSWER_W), (right_w - gap) // 2)
        answer = Rect(right_x, top + label_h, answer_w, band_bottom - top - label_h)
        training = Rect(right_x + answer_w + gap, top + label_h, width - margin - right_x - answer_w - gap,
                        band_bottom - top - label_h)
    else:   # no room for the curves beside the answer: the progress goes under it
        answer = Rect(right_x, top + label_h, right_w, band_bottom - top - label_h)
        training = Rect(right_x, band_bottom, 0, 0)
    # The table.
    left = table_x(pad_scale)
    table_top = band_bottom + gap
    table_label_y = table_top + round(sizes.small * glyphs.ASCENT)
    first = first_shown(examples.selected, classes, shown)
    thumb = teach.SIDE * thumb_scale
    percent_right = width - margin
    bar = Rect(percent_right - px(PERCENT_W + BAR_W), 0, px(BAR_W), 0) if bars else Rect(percent_right, 0, 0, 0)
    count_right = left + set_names.width + px(COUNT_W)
    strip_x = count_right + px(THUMB_GAP) * 2
    strip_room = bar.x - px(THUMB_GAP) - px(MORE_W) - strip_x
    thumbs = max(0, (strip_room + px(THUMB_GAP)) // (thumb + px(THUMB_GAP))) if set_names.thumbs else 0
    strip_w = max(1, thumbs * (thumb + px(THUMB_GAP)) - px(THUMB_GAP))
    rows = []
    size, lines = set_names.size, set_names.lines
    for place, number in enumerate(range(first, first + shown)):
        y = table_top + label_h + place * pitch
        inner = pitch - px(6)
        name_top = y + (inner - lines * line_h(size)) // 2
        baseline = name_top + round(size * glyphs.ASCENT) + (line_h(size) - text_h(size)) // 2
        bar_h = max(4, min(inner - px(8), px(28) + max(0, thumb - px(28)) // 2))
        rows.append(Row(number, Rect(left - px(6), y, width - margin - left + px(12), inner), baseline, left,
                        set_names.width - px(16), count_right, Rect(strip_x, y + (inner - thumb) // 2, strip_w, thumb),
                        strip_x + strip_w + px(THUMB_GAP),
                        Rect(bar.x, y + (inner - bar_h) // 2, bar.w, bar_h), percent_right))
    return Layout(width, height, pad_scale, source, tuple(rows), classes, thumb_scale, thumbs, title_y, title_lines,
                  description_y, description_lines, pad_label_y, answer, training, table_label_y, size,
                  lines, status_y, hint_y, sizes, fits=pad_fits(pad_scale))


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
