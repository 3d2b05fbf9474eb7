"""The network view's layout: where the drawing, each block's maps, the bars and the readout go.

    title (on as many lines as it needs, at its own size)
    where the network learned from (its classes), wrapped
    drawing    block 1 …        block 2 …       scores, probabilities      ← "wide": the bars beside the maps
    captions   maps (as large as the height leaves)   bars, training
    readout: READOUT_LINES lines, left of the why panel      why panel (network_why.py): from under the bars down
    hint

or, where the screen is too narrow for that (4:3 with the back row's text), "stacked": the bars under the maps,
right of the drawing's captions. A layout is planned (``Plan``: which blocks, how many filters to a column, the
ReLU maps shown or folded away, the bars beside or under) and then sized: the drawing as large as a class needs,
the maps as large as then fit, and what is left of the height given to the drawing and the maps again, so that
a full screen is used. Every text is measured (screen/glyphs.py's widths) and given the lines it needs: nothing
is cut short.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from convolution.screen import glyphs, pixels, texts
from convolution.screen.geometry import MARGIN, Rect, Sizes, largest_whole
from convolution.state import demo
from network import POOL

INPUT_SCALE = 10            # the 28×28 drawing at the lesson's 10×
INPUT_SIDE = 280            # a larger image is shown smaller (the network sees it at 28×28 anyway)
INPUT_W = 150               # the drawing's column is at least this wide: its captions on a few lines
TILE_GAP = 8                # between a filter's pictures, and between its row and the next
CARD_GAP = 12               # between two columns of one block's filters
GAP = 24                    # between the drawing, the blocks and the bars
MAX_TILE = 200              # a map's picture is at most this wide (design pixels)
NAME_W = 170                # the class names' column at most (a longer name goes on two lines)
SCORE_W = 56                # a score's bar (signed, from its middle) …
PROB_W = 72                 # a probability's bar
BAR_H = 32                  # a class's row, at least
CHART_H = 90
READOUT_LINES = 8           # the readout at least: its title, its lines, its result (more where there is room)
LEADING = 1.22              # a line of text is this many times its size
MAX_SCALE = 20              # the largest scale of the drawing a full screen tries
WANTED_SCALE_PER = 100      # a window h pixels high wants the drawing at h / 100 × (10× on 1080 lines) …
WANTED_TILE_PER = 24        # … and each map h / 24 pixels wide (45 on 1080 lines)
SCORE_EXAMPLE = "\u221299.99"   # the widest score the bars show …
PERCENT_EXAMPLE = "100%"        # … and percentage
BAR_LABELS = ("scores, and probabilities (softmax)", "scores, probabilities", "classes")


@dataclass(frozen=True)
class Card:
    """One filter of a block: its kernel (block 1 only), its map after ReLU (unless folded away for
    room) and its pooled map."""
    block: int
    filter: int
    kernel: Rect | None
    relu: Rect | None
    pooled: Rect


@dataclass(frozen=True)
class Scales:
    """Each pixel of a block's pictures is this many window pixels wide."""
    kernel: int
    relu: int
    pooled: int


@dataclass(frozen=True)
class Bars:
    """The bars' columns: x offsets from the bars' left, widths, and the rows' height (window pixels)."""
    name_w: int
    score_x: int
    score_w: int
    value_w: int
    prob_x: int
    prob_w: int
    percent_w: int
    row_h: int
    name_lines: int


@dataclass(frozen=True)
class Layout:
    """Where everything goes in the network view (a protocol.Layout, with the blocks' cards and the bars)."""
    width: int
    height: int
    scale: int                 # the input drawing's scale
    source: Rect
    blocks: tuple[tuple[Card, ...], ...]     # each block's cards, in order
    scales: tuple[Scales, ...]
    labels: tuple[tuple[int, int, int], ...]  # each block's label, then the bars': (x, baseline, width)
    bars: Rect                 # the scores and probabilities, one row per class
    training: Rect             # the progress bar and curves, by the bars (used while training)
    title_y: int
    subtitle_y: int
    caption_y: int
    readout: Rect
    hint_y: int
    sizes: Sizes = Sizes()
    fits: bool = True
    relu_shown: bool = True    # False: only the pooled maps (the ReLU maps' pixels are in the pooled readouts)
    columns: Bars = Bars(110, 110, 64, 70, 260, 80, 64, 32, 1)
    header: tuple[int, int] = (1, 1)   # the title's and the description's lines
    caption_w: int = 0         # the drawing's captions' width
    readout_line: int = 26     # a readout line's height
    stacked: bool = False      # the bars under the maps, not beside them
    title_size: int = 0        # the title's text size (0: sizes.title); a full screen's fits it on one line
    classes_shown: int = 0     # the bars' rows (0: every class); fewer: the likeliest, "+ N more classes" under them
    caption_x: int = -1        # >= 0: the drawing's caption and note as one paragraph from here, under the body
    readout_least: int = READOUT_LINES   # the readout's lines at its text size, at least
    slide: bool = False        # a full screen's layout (network_slide.py)
    message_h: int = 0         # a slide: what a two-line message takes off the readout's bottom
    band_lines: int = 0        # a slide: the lines kept for the captions (the longest note's); fewer give the readout
    named: bool = True         # the description names the classes (a slide's leaves them to the bars if they are long)
    why: Rect = Rect(0, 0, 0, 0)   # the "why" panel (network_why.py): the verdict, the sweep, the nearest drawings
    words: Words | None = None     # the texts it was laid out for

    @property
    def cards(self) -> tuple[Card, ...]:
        """Block 1's cards."""
        return self.blocks[0]

    @property
    def filter_scale(self) -> int:
        return self.scales[0].kernel

    @property
    def map_scale(self) -> int:
        """Block 1's pooled maps' scale."""
        return self.scales[0].pooled


def default_scale(state: demo.SketchState) -> int:
    """The drawing's scale: the lesson's 10×, less for a big image (the network sees 28×28 anyway)."""
    height, width = state.image.shape[:2]
    return max(1, min(INPUT_SCALE, INPUT_SIDE // max(width, height)))


# --------------------------------------------------------------------------
# Text, measured as the canvas sets it
# --------------------------------------------------------------------------

def line_h(size: int) -> int:
    return round(size * LEADING)


def wrapped(text: str, size: int, width: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` at ``size`` (a word wider than that
    alone on its line); never shrunk, never cut."""
    return list(_wrapped(text, size, width))


@functools.lru_cache(maxsize=4096)
def _wrapped(text: str, size: int, width: float) -> tuple[str, ...]:
    """wrapped(), kept: the layout tries many plans that wrap the same texts in the same widths."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and glyphs.text_width(lines[-1] + " " + word, size) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines) or ("",)


def widest_word(texts_, size: int) -> float:
    """The widest word of ``texts_`` at ``size``: no column may be narrower."""
    return _widest_word(tuple(texts_), size)


@functools.lru_cache(maxsize=1024)
def _widest_word(texts_: tuple[str, ...], size: int) -> float:
    return max((glyphs.text_width(word, size) for text in texts_ for word in text.split(" ")), default=0.0)


# --------------------------------------------------------------------------
# The plan, and what it needs
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    """The choices a layout makes before it places anything."""
    filters: tuple[int, ...]       # each block's filters
    sides: tuple[tuple[int, int], ...]   # each block's ReLU and pooled maps' sides
    kernel: int                    # block 1's kernel size
    classes: int
    training: bool
    rows: int                      # filters a column of a block holds
    relu: bool                     # the ReLU maps shown beside the pooled ones
    stacked: bool = False          # the bars under the maps (else beside them)
    wide_captions: bool = False    # the drawing's column twice INPUT_W wide, for its captions' sake
    tile_gap: int = TILE_GAP       # design pixels between a filter's pictures (a full screen's slide: fewer)
    card_gap: int = CARD_GAP


@dataclass(frozen=True)
class Words:
    """The state's texts the layout makes room for (everything measured depends only on these)."""
    title: str
    description: str
    names: tuple[str, ...]
    block_labels: tuple[str, ...]
    notes: tuple[str, ...]         # every text that may go under the drawing (its caption, then its notes)
    legend: tuple[str, ...]        # the training panel's longest lines (() without training)
    image_w: int
    image_h: int
    unnamed: str = ""              # the description without the classes' names (a slide's, when they take room)
    verdicts: tuple[str, ...] = ()   # the longest verdicts the why panel may say (network_why.worst_verdicts)
    examples: int = 0              # the nearest drawings it shows (0: the network carries none)


def block_labels(state: demo.SketchState) -> tuple[str, ...]:
    """Over each block's maps: what they are (over block 1's, the key to its filters' tints)."""
    model = state.running.current_model()
    labels = []
    for number, block in enumerate(model.blocks):
        size = texts.block_filter_size(block.weights.shape)
        label = (f"block {number + 1}: {block.filter_count} filters of {size}" if len(model.blocks) == 1
                 else f"block {number + 1}: {block.filter_count} filters")
        labels.append(f"{label} ({texts.SIGN_KEY})" if number == 0 else label)
    return tuple(labels)


def words_of(state: demo.SketchState) -> Words:
    model = state.running.current_model()
    names = tuple(model.classes)
    notes = (texts.network_input_caption(state),
             *(texts.network_input_note(turned, blank) for turned, blank in ((True, False), (False, False),
                                                                             (False, True))),
             texts.camera_drawing_note(state), *(texts.evidence_caption(name) for name in names))
    legend: tuple[str, ...] = ()
    if state.running.training is not None:   # the longest its lines get
        legend = ("training: epoch 20 of 20, 100% of it \u00b7 paused",
                  "accuracy 100% (blue), loss 10.00 (orange); on drawings kept out: 100%")
    height, width = state.image.shape[:2]
    from convolution.screen.views.network_why import K, worst_verdicts
    return Words(texts.network_title(state), texts.network_description(state), names, block_labels(state),
                 notes, legend, width, height, texts.network_description(state, named=False), worst_verdicts(names),
                 min(K, len(model.examples)))


def plan_for(state: demo.SketchState, rows: int, relu: bool, stacked: bool = False, wide: bool = False) -> Plan:
    """What the state's network needs laid out: its blocks' filters and maps, its classes; ``rows`` filters
    to a column (fewer if no block has that many), the ReLU maps shown if ``relu``, the bars under the maps
    if ``stacked``."""
    model = state.running.current_model()
    return Plan(tuple(block.filter_count for block in model.blocks), tuple(model.map_sides),
                model.blocks[0].kernel_size, len(model.classes), state.running.training is not None,
                min(rows, max(block.filter_count for block in model.blocks)), relu, stacked, wide)


def tile_scales(plan: Plan, tile: int) -> tuple[Scales, ...]:
    """Each block's pictures' scales for maps ``tile`` pixels wide (each map as large as fits its tile)."""
    # With the ReLU maps shown, each pooled map covers the same square as its ReLU map.
    return tuple(Scales(max(1, tile // plan.kernel), max(1, tile // relu),
                        POOL * max(1, tile // relu) if plan.relu else max(1, tile // pooled))
                 for relu, pooled in plan.sides)


def picture_side(plan: Plan, tile: int) -> int:
    """The smallest of the maps' pictures in tiles ``tile`` wide (what a class sees of them)."""
    return min(min(relu * scales.relu, pooled * scales.pooled) if plan.relu else pooled * scales.pooled
               for (relu, pooled), scales in zip(plan.sides, tile_scales(plan, tile)))


def smallest_tile(plan: Plan) -> int:
    """The least width of a map's picture: one window pixel for each pixel of the largest map."""
    return max(max(relu if plan.relu else pooled for relu, pooled in plan.sides), plan.kernel)


def pictures_of(plan: Plan, block: int) -> int:
    return (1 if block == 0 else 0) + (1 if plan.relu else 0) + 1


def card_width(plan: Plan, block: int, tile: int, sizes: Sizes) -> int:
    pictures = pictures_of(plan, block)
    return pictures * tile + (pictures - 1) * sizes.px(plan.tile_gap)


def block_width(plan: Plan, block: int, tile: int, sizes: Sizes, label_w: int) -> int:
    columns = -(-plan.filters[block] // plan.rows)
    return max(columns * card_width(plan, block, tile, sizes) + (columns - 1) * sizes.px(plan.card_gap), label_w)


def maps_height(plan: Plan, tile: int, sizes: Sizes) -> int:
    rows = min(max(plan.filters), plan.rows)
    return rows * (tile + sizes.px(plan.tile_gap)) - sizes.px(plan.tile_gap)


@dataclass(frozen=True)
class Fixed:
    """What a layout needs that does not grow with the drawing or the maps (window pixels)."""
    header_h: int
    header: tuple[int, int]
    label_h: int
    block_label_w: tuple[int, ...]
    bars: Bars
    bars_w: int
    bars_label: str
    panel_h: int                   # the bars (and the training panel under them)
    training_h: int
    readout_h: int
    readout_line: int
    hint_h: int
    why_h: int                     # the why panel's least height (where the training panel goes, and down)


@functools.lru_cache(maxsize=64)
def fixed_for(words: Words, plan_classes: int, training: bool, sizes: Sizes, width: int) -> Fixed:
    px, room = sizes.px, width - 2 * sizes.px(MARGIN)
    title_lines = len(wrapped(words.title, sizes.title, room))
    description_lines = len(wrapped(words.description, sizes.body, room))
    header_h = (px(MARGIN) + title_lines * line_h(sizes.title) + px(6) + description_lines * line_h(sizes.body)
                + px(10))
    small = sizes.small
    label_h = line_h(small) + px(6)
    block_label_w = tuple(math.ceil(glyphs.text_width(label.split(":")[0], small)) for label in words.block_labels)
    # The bars: a name column as wide as the widest name (on two lines if that is wider than NAME_W)
    body = sizes.body
    widest = max(glyphs.text_width(name, body) for name in words.names)
    name_w = math.ceil(min(widest, max(px(NAME_W), widest_word(list(words.names), body))))
    name_lines = max(len(wrapped(name, body, name_w)) for name in words.names)
    gap = px(8)
    value_w = math.ceil(glyphs.text_width(SCORE_EXAMPLE, small)) + gap
    percent_w = math.ceil(glyphs.text_width(PERCENT_EXAMPLE, small)) + gap
    score_x = name_w + gap
    prob_x = score_x + px(SCORE_W) + value_w + gap
    bars_w = prob_x + px(PROB_W) + percent_w
    row_h = max(px(BAR_H), name_lines * line_h(body) + px(6))
    bars = Bars(name_w, score_x, px(SCORE_W), value_w, prob_x, px(PROB_W), percent_w, row_h, name_lines)
    bars_label = next((label for label in BAR_LABELS if glyphs.text_width(label, small) <= bars_w), BAR_LABELS[-1])
    training_h = 0
    if training:
        training_h = (len(wrapped(words.legend[0], small, bars_w)) * line_h(small) + px(4 + 10 + 10 + CHART_H + 6)
                      + len(wrapped(words.legend[1], sizes.note, bars_w)) * line_h(sizes.note))
    from convolution.screen.views.network_why import least_height
    why_h = least_height(words, sizes, bars_w)
    panel_h = plan_classes * row_h + (px(16) + training_h if training else 0)
    readout_line = line_h(small)
    readout_h = READOUT_LINES * readout_line + px(8)
    hint_h = 2 * line_h(sizes.hint) + px(10)
    return Fixed(header_h, (title_lines, description_lines), label_h, block_label_w, bars, bars_w, bars_label,
                 panel_h, training_h, readout_h, readout_line, hint_h, why_h)


def column_height(words: Words, scale: int, sizes: Sizes, wide: bool = False) -> tuple[int, int]:
    """(width, height) of the drawing's column at ``scale``: the drawing, its caption and its longest note
    (``wide``: the column twice INPUT_W wide, the captions on fewer lines)."""
    width = max(words.image_w * scale, sizes.px(INPUT_W * (2 if wide else 1)),
                math.ceil(widest_word(list(words.notes), sizes.note)))
    caption = len(wrapped(words.notes[0], sizes.small, width)) * line_h(sizes.small)
    note = max(len(wrapped(note, sizes.note, width)) for note in words.notes[1:] if note) * line_h(sizes.note)
    return width, words.image_h * scale + sizes.px(10) + caption + note


def needs(words: Words, plan: Plan, scale: int, tile: int, sizes: Sizes, width: int) -> tuple[int, int]:
    """The (width, height) this plan needs with the drawing at ``scale`` and maps ``tile`` wide (``width``:
    the window's, which the header's lines depend on)."""
    fixed = fixed_for(words, plan.classes, plan.training, sizes, width)
    px = sizes.px
    column_w, column_h = column_height(words, scale, sizes, plan.wide_captions)
    blocks_w = sum(block_width(plan, b, tile, sizes, fixed.block_label_w[b]) for b in range(len(plan.filters)))
    blocks_w += (len(plan.filters) - 1) * px(GAP)
    maps_h = fixed.label_h + maps_height(plan, tile, sizes)
    if plan.stacked:
        right_w = max(blocks_w, 2 * fixed.bars_w + px(GAP))   # the training or the why panel beside the bars
        right_h = maps_h + px(16) + fixed.label_h + max(plan.classes * fixed.bars.row_h, fixed.training_h)
        body_w, body_h = column_w + px(GAP) + right_w, max(column_h, right_h)
        why_top = maps_h + px(16) + px(4)   # the why panel beside the bars, down to the readout's bottom
    else:
        body_w = column_w + px(GAP) + blocks_w + px(GAP) + fixed.bars_w
        body_h = max(column_h, maps_h, fixed.label_h + fixed.panel_h)
        why_top = fixed.label_h + plan.classes * fixed.bars.row_h + px(16)   # under the bars, to the readout's bottom
    return (2 * px(MARGIN) + body_w,
            fixed.header_h + max(body_h + px(12) + fixed.readout_h, why_top + fixed.why_h) + fixed.hint_h)


def fits_in(words: Words, plan: Plan, scale: int, tile: int, sizes: Sizes, window: tuple[int, int]) -> bool:
    w, h = needs(words, plan, scale, tile, sizes, window[0])
    return w <= window[0] and h <= window[1]


# --------------------------------------------------------------------------
# Choosing a layout
# --------------------------------------------------------------------------

def layout_for(state: demo.SketchState, window: tuple[int, int] | None = None, scale: int | None = None,
               fullscreen: bool = False) -> Layout:
    """The layout for the state's network (its blocks, filters and classes): in ``window`` (width,
    height), the drawing as large as a class needs, the maps as large as then fit, then both larger
    while the height allows; or (no window) in a window of its own at the drawing's ``scale``."""
    words = words_of(state)
    if window is None:
        sizes = Sizes()
        plan = plan_for(state, 8, True)
        drawing, tile = scale or default_scale(state), smallest_tile(plan) * 2
        width = 1280
        for _ in range(3):   # the header's lines depend on the width: settle it
            width = needs(words, plan, drawing, tile, sizes, width)[0]
        return arranged(words, plan, drawing, tile, sizes, needs(words, plan, drawing, tile, sizes, width))
    if fullscreen:   # a slide for the back row: its own arrangement (network_slide.py)
        from convolution.screen.views.network_slide import slide_layout
        return slide_layout(state, words, window, Sizes.for_window(window[1], fullscreen=True),
                            max(1, min(scale or MAX_SCALE, MAX_SCALE)))
    width, height = window
    largest_side = max(words.image_w, words.image_h)
    wanted_scale = max(1, min(height // WANTED_SCALE_PER, MAX_SCALE))
    most_scale = max(1, min(scale or MAX_SCALE, MAX_SCALE))
    # (drawing's scale, smallest picture's side, plan, sizes, tile), in the order a class would want them
    candidates: list[tuple[int, int, Plan, Sizes, int]] = []
    for sizes in Sizes.for_window(height, fullscreen=fullscreen).smaller_choices():
        for relu in (True, False):
            for stacked, wide in ((False, False), (False, True), (True, False), (True, True)):
                for rows in (8, 4, 16, 6, 2):
                    plan = plan_for(state, rows, relu, stacked, wide)
                    least = smallest_tile(plan)
                    drawing = largest_whole(
                        lambda s, plan=plan, least=least, sizes=sizes: fits_in(words, plan, s, least, sizes, window),
                                            min(wanted_scale, most_scale))
                    if drawing < 1:
                        candidates.append((0, 0, plan, sizes, least))
                        continue
                    most_tile = min(sizes.px(MAX_TILE), largest_side * drawing)
                    tile = largest_whole(
                        lambda t, plan=plan, drawing=drawing, sizes=sizes:
                        fits_in(words, plan, drawing, t, sizes, window),
                        most_tile, least)
                    candidates.append((drawing, picture_side(plan, tile) if tile >= least else 0, plan, sizes,
                                       max(tile, least)))
        if any(c[0] >= wanted_scale and c[1] >= height // WANTED_TILE_PER for c in candidates):
            break   # smaller text is tried only when larger text leaves the pictures too small
    best_scale = max(c[0] for c in candidates)
    large = [c for c in candidates if c[0] >= min(best_scale, wanted_scale)]
    # The ReLU maps shown when they leave the pictures as large as a class needs, else the largest pictures.
    enough = min(max(c[1] for c in large), height // WANTED_TILE_PER)
    first = next(c for c in large if c[1] >= enough)
    drawing, _, plan, sizes, tile = max((c for c in large if c[3] == first[3] and c[2].relu == first[2].relu),
                                        key=lambda c: (c[1], c[0]))
    fits = drawing >= 1
    if not fits:   # too many classes, or names too long, for a window's arrangement: a slide's folds them away
        from convolution.screen.views.network_slide import slide_layout
        slide = slide_layout(state, words, window, Sizes.for_window(height).smaller_choices()[-1], most_scale)
        if slide.slide:
            return slide
    drawing = max(1, drawing)
    # What height is left: the drawing larger (up to its most), then the maps again.
    if fits:
        drawing = largest_whole(lambda s: fits_in(words, plan, s, tile, sizes, window) and
                                s * largest_side >= tile, most_scale, drawing)
        tile = largest_whole(lambda t: fits_in(words, plan, drawing, t, sizes, window),
                             min(sizes.px(MAX_TILE), largest_side * drawing), tile)
    return arranged(words, plan, drawing, tile, sizes, window, fits=fits)


# --------------------------------------------------------------------------
# Placing everything
# --------------------------------------------------------------------------

def placed_blocks(plan: Plan, tile: int, sizes: Sizes, x: int, body_top: int, label_y: int,
                  label_w: tuple[int, ...], gap: int) -> tuple[list[tuple[Card, ...]], list[tuple[int, int, int]], int]:
    """Each block's cards from ``x`` (maps ``tile`` wide from ``body_top``), their labels' places over them, and
    the x after the last block and its ``gap``."""
    px, scales = sizes.px, tile_scales(plan, tile)
    blocks: list[tuple[Card, ...]] = []
    labels: list[tuple[int, int, int]] = []
    for b, count in enumerate(plan.filters):
        card_w = card_width(plan, b, tile, sizes)
        cards = []
        for f in range(count):
            column, row = divmod(f, plan.rows)
            left, y = x + column * (card_w + px(plan.card_gap)), body_top + row * (tile + px(plan.tile_gap))
            kernel = None
            if b == 0:
                side = plan.kernel * scales[0].kernel
                kernel = Rect(left + (tile - side) // 2, y + (tile - side) // 2, side, side)
                left += tile + px(plan.tile_gap)
            relu = None
            if plan.relu:
                side = plan.sides[b][0] * scales[b].relu
                relu = Rect(left + (tile - side) // 2, y + (tile - side) // 2, side, side)
                left += tile + px(plan.tile_gap)
            side = plan.sides[b][1] * scales[b].pooled
            cards.append(Card(b, f, kernel, relu, Rect(left + (tile - side) // 2, y + (tile - side) // 2, side, side)))
        block_w = block_width(plan, b, tile, sizes, label_w[b])
        labels.append((x, label_y, block_w + gap - px(8)))   # the gap after it too
        blocks.append(tuple(cards))
        x += block_w + gap
    return blocks, labels, x


def arranged(words: Words, plan: Plan, scale: int, tile: int, sizes: Sizes, window: tuple[int, int],
             fits: bool = True) -> Layout:
    """The header on top; the drawing on the left, each block's cards beside it in order, the bars beside
    or under them; the readout under everything and the hint at the bottom. The body is centred across
    the window, and the readout put under the body's tallest column."""
    px = sizes.px
    width, height = window
    fixed = fixed_for(words, plan.classes, plan.training, sizes, width)
    natural_w, natural_h = needs(words, plan, scale, tile, sizes, width)
    across = max(0, (width - natural_w) // 2)
    title_y = px(MARGIN) + round(glyphs.ASCENT * sizes.title)
    subtitle_y = (px(MARGIN) + fixed.header[0] * line_h(sizes.title) + px(6) + round(glyphs.ASCENT * sizes.body))
    top = fixed.header_h
    body_top = top + fixed.label_h
    column_w, column_h = column_height(words, scale, sizes, plan.wide_captions)
    source = Rect(px(MARGIN) + across + (column_w - words.image_w * scale) // 2, top,
                  words.image_w * scale, words.image_h * scale)
    x = px(MARGIN) + across + column_w + px(GAP)
    scales = tile_scales(plan, tile)
    # The labels' baseline: their descenders clear the maps' frames.
    label_y = body_top - pixels.FRAME_REACH - math.ceil(glyphs.DESCENT * sizes.small) - 1
    blocks, labels, x = placed_blocks(plan, tile, sizes, x, body_top, label_y, fixed.block_label_w, px(GAP))
    maps_bottom = body_top + maps_height(plan, tile, sizes)
    bars_h = plan.classes * fixed.bars.row_h
    if plan.stacked:
        bars_x = px(MARGIN) + across + column_w + px(GAP)
        bars_top = maps_bottom + px(16) + fixed.label_h
        bars = Rect(bars_x, bars_top, fixed.bars_w, bars_h)
        labels.append((bars_x, bars_top - pixels.FRAME_REACH - math.ceil(glyphs.DESCENT * sizes.small) - 1,
                       fixed.bars_w))
        training = Rect(bars_x + fixed.bars_w + px(GAP), bars_top - fixed.label_h + px(4), fixed.bars_w,
                        fixed.training_h)
        body_bottom = max(top + column_h, bars_top + max(bars_h, fixed.training_h - fixed.label_h))
    else:
        bars = Rect(x, body_top, fixed.bars_w, bars_h)
        labels.append((x, label_y, fixed.bars_w))
        training = Rect(bars.x, bars.y + bars.h + px(16), fixed.bars_w, fixed.training_h)
        body_bottom = max(top + column_h, maps_bottom, bars.y + bars.h + (px(16) + fixed.training_h
                                                                               if plan.training else 0))
    # The readout right under the body; what height is left goes between it and the hint.
    readout_top = body_bottom + px(12)
    # The why panel where the training's goes (under or beside the bars), down to the readout's bottom; the
    # readout left of it (network.draw_pointing gives it the whole width while what it shows does not fit).
    readout_h = max(fixed.readout_h, height - fixed.hint_h - readout_top)
    why = Rect(training.x, training.y, training.w, readout_top + readout_h - training.y)
    readout = Rect(px(MARGIN), readout_top, why.x - px(GAP) - px(MARGIN), readout_h)
    hint_y = height - px(14)
    del natural_h
    return Layout(width, height, scale, source, tuple(blocks), scales, tuple(labels), bars, training,
                  title_y, subtitle_y, source.y + source.h + px(10) + round(glyphs.ASCENT * sizes.small), readout,
                  hint_y, sizes, fits, plan.relu, fixed.bars, fixed.header, column_w, fixed.readout_line,
                  plan.stacked, why=why, words=words)
