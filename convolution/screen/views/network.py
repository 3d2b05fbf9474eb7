"""The network view: your drawing, what a small trained CNN's filters see in it, and what it thinks you drew.

    drawing     learned filters and their maps     what it thinks you drew
                (each: the filter, its map after    cat      ████████  99%
                ReLU and 2×2 max pooling)           rainbow  ▏          0%
                                                    train    ▏          1%
                                                    (training: progress bar, loss and accuracy curves)
    modes line
    hint line

Everything updates as you draw. The network is network.py's (the shipped
assets/doodles.npz, another --model, or one training live with --train).
The maps are shown in the lesson's units (sums over 0–255 pixels) so that
--values means here what it means in the other views.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

import filters
from convolution.screen import geometry, pixels, texts
from convolution.screen.canvas import Canvas, Part
from convolution.screen.geometry import MARGIN, PANEL_BAND, Rect, Sizes
from convolution.screen.views import common
from convolution.state import demo, keys, pen

NAME = "network"
SUMMARY = "a small CNN trained on Quick Draw doodles: its learned filters, what they see, what it thinks you drew"

HEADER = 80
INPUT_SCALE = 10            # the 28×28 drawing at the lesson's 10×
INPUT_SIDE = 280            # a larger image is shown smaller (the network sees it at 28×28 anyway)
FILTER_SCALE = 10           # each weight of a 5×5 filter a 10×10 square
MAP_SCALE = 7               # each pooled pixel (12×12) a 7×7 square
CARD_GAP = 14               # between a filter's cards
CARDS_PER_ROW = 4
CARD_LABEL = 20
BARS_W = 360
BAR_H = 34
NAME_W = 120                # the class names' column beside the bars
PERCENT_W = 64              # the percentages' column after them
CHART_H = 150
STATUS = 40
HINT = 40
GAP = 40


@dataclass(frozen=True)
class Card:
    """One learned filter: its weights as tinted squares, and the pooled map it makes of the drawing."""
    kernel: Rect
    pooled: Rect
    label_y: int


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    scale: int                 # the input drawing's scale
    source: Rect
    cards: tuple[Card, ...]
    bars: Rect                 # the class probabilities
    training: Rect             # the progress bar and curves, under the bars (used while training)
    title_y: int
    subtitle_y: int
    caption_y: int
    cards_label_y: int
    status_y: int
    hint_y: int
    filter_scale: int = FILTER_SCALE   # each weight of a card's filter a square this big
    map_scale: int = MAP_SCALE         # each pixel of a card's map
    sizes: Sizes = Sizes()
    fits: bool = True


def prepare(state: demo.Demo) -> None:
    """Nothing to set up: the network comes with the state (demo.use_model)."""


MAX_SCALE = 20   # the largest scale of the drawing a full screen tries


def default_scale(state: demo.Demo) -> int:
    """The drawing's scale: the lesson's 10×, less for a big image (the network sees 28×28 anyway)."""
    height, width = state.image.shape[:2]
    return max(1, min(INPUT_SCALE, INPUT_SIDE // max(width, height)))


@dataclass(frozen=True)
class Plan:
    """The choices a layout makes before it places anything."""
    count: int            # the filters (cards)
    side: int             # a filter's side
    pooled: int           # its pooled map's side
    classes: int
    training: bool        # live training: its panel under the bars
    per_row: int          # cards in a row
    beside: bool          # the bars right of the cards (else under them)
    card_scale: int       # 1: the design's card pictures, 2: half as large
    noted: bool = True    # two lines under the drawing's caption (the network view always has its note)


def card_size(plan: Plan, sizes: Sizes) -> tuple[int, int, int, int]:
    """(filter scale, map scale, card width, card height) of one filter's card."""
    px = sizes.px
    filter_scale, map_scale = max(1, px(FILTER_SCALE) // plan.card_scale), max(1, px(MAP_SCALE) // plan.card_scale)
    kernel_w, map_w = plan.side * filter_scale, plan.pooled * map_scale
    return filter_scale, map_scale, kernel_w + px(8) + map_w, max(kernel_w, map_w) + px(CARD_LABEL)


def panel_size(plan: Plan, sizes: Sizes) -> tuple[int, int, int]:
    """(width, bars' height, training panel's height) of the bars and the training panel under them."""
    px = sizes.px
    return px(BARS_W), plan.classes * px(BAR_H), px(CHART_H + 104) if plan.training else 0


def needs(image_w: int, image_h: int, plan: Plan, scale: int, sizes: Sizes) -> tuple[int, int]:
    """The (width, height) a window needs for this plan with the drawing at ``scale``."""
    px = sizes.px
    _, _, card_w, card_h = card_size(plan, sizes)
    rows = -(-plan.count // plan.per_row)
    grid_w = plan.per_row * (card_w + px(CARD_GAP)) - px(CARD_GAP)
    grid_h = px(30) + rows * (card_h + px(CARD_GAP))
    bars_w, bars_h, training_h = panel_size(plan, sizes)
    panel_h = px(30 + CARD_LABEL) + bars_h + px(40) + training_h
    input_h = px(30) + image_h * scale + px(common.CAPTIONS_BELOW)
    if plan.beside:
        width = 2 * px(MARGIN) + image_w * scale + px(GAP) + grid_w + px(GAP) + bars_w
        body = max(grid_h, input_h, panel_h)
    else:
        width = 2 * px(MARGIN) + image_w * scale + px(GAP) + max(grid_w, bars_w)
        body = max(grid_h + panel_h, input_h)
    return width, px(MARGIN + HEADER) + body + px(30 + 16 + HINT)


def layout_for(state: demo.Demo, window: tuple[int, int] | None = None, scale: int | None = None,
               fullscreen: bool = False) -> Layout:
    """The layout for the state's network (its number and size of filters, its classes): in ``window``
    (width, height), the drawing as large as fits (at most ``scale``) and the cards in as many rows as
    that needs, the bars beside them or under them; or (no window) in a window of its own."""
    model = state.running.model
    count, side = model.filters.shape[0], model.filters.shape[1]
    pooled = model.map_sides[0][1]          # the first block's pooled maps are the cards' maps
    image_h, image_w = state.image.shape[:2]
    training = state.running.training is not None
    classes = len(model.classes)
    if window is None:
        plan = Plan(count, side, pooled, classes, training, min(count, CARDS_PER_ROW), True, 1)
        return arranged(image_w, image_h, plan, scale or default_scale(state), Sizes())
    width, height = window
    candidates = []
    for sizes in Sizes.for_window(height).smaller_choices():
        for card_scale in (1, 2):
            for per_row in sorted({min(count, n) for n in (CARDS_PER_ROW, 2 * CARDS_PER_ROW, 2, 1)}, reverse=True):
                for beside in (True, False):
                    plan = Plan(count, side, pooled, classes, training, per_row, beside, card_scale)
                    fitting = geometry.largest_whole(
                        lambda s, plan=plan, sizes=sizes: all(a <= b for a, b in zip(needs(image_w, image_h, plan, s,
                                                                                          sizes), window)),
                        min(scale or MAX_SCALE, MAX_SCALE))
                    candidates.append((fitting, plan, sizes))
    enough = min(max(choice[0] for choice in candidates), max(1, height // WANTED_SCALE_PER))
    fitting, plan, sizes = next(choice for choice in candidates if choice[0] >= enough)
    return arranged(image_w, image_h, plan, max(1, fitting), sizes, window, fits=fitting >= 1)


WANTED_SCALE_PER = 100   # a window h pixels high wants the drawing at h / 100 × (10× on 1080 lines)


def arranged(image_w: int, image_h: int, plan: Plan, scale: int, sizes: Sizes,
             window: tuple[int, int] | None = None, fits: bool = True) -> Layout:
    """The drawing on the left, the filter cards beside it (``plan.per_row`` a row), the bars beside
    the cards or under them, the training panel under the bars; centred in ``window`` if it is larger."""
    px = sizes.px
    margin, gap, card_gap = px(MARGIN), px(GAP), px(CARD_GAP)
    filter_scale, map_scale, card_w, card_h = card_size(plan, sizes)
    kernel_w, map_w = plan.side * filter_scale, plan.pooled * map_scale
    natural_w, natural_h = needs(image_w, image_h, plan, scale, sizes)
    width, height = window or (natural_w, natural_h)
    across, down = max(0, (width - natural_w) // 2), max(0, (height - natural_h) // 2)
    top = margin + px(HEADER) + down
    source = Rect(margin + across, top + px(30), image_w * scale, image_h * scale)
    cards_x, cards_top = source.x + source.w + gap, top + px(30)
    cards = []
    for n in range(plan.count):
        row, col = divmod(n, plan.per_row)
        x, y = cards_x + col * (card_w + card_gap), cards_top + row * (card_h + card_gap) + px(CARD_LABEL)
        cards.append(Card(Rect(x, y + (map_w - kernel_w) // 2, kernel_w, kernel_w),
                          Rect(x + kernel_w + px(8), y, map_w, map_w), y - px(6)))
    grid_w = plan.per_row * (card_w + card_gap) - card_gap
    rows = -(-plan.count // plan.per_row)
    bars_w, bars_h, training_h = panel_size(plan, sizes)
    if plan.beside:
        bars = Rect(cards_x + grid_w + gap, cards_top + px(CARD_LABEL), bars_w, bars_h)
    else:
        bars = Rect(cards_x, cards_top + rows * (card_h + card_gap) + px(30 + CARD_LABEL), bars_w, bars_h)
    training = Rect(bars.x, bars.y + bars.h + px(40), bars_w, training_h)
    status_y = height - down - px(14 + HINT + 16)
    return Layout(width, height, scale, source, tuple(cards), bars, training, down + margin + sizes.title,
                  down + margin + sizes.title + px(12) + sizes.body, source.y + source.h + px(32),
                  cards_top + px(6), status_y, height - down - px(14), filter_scale, map_scale, sizes, fits)


# --------------------------------------------------------------------------
# What the network sees: worked out once per drawing (and per network)
# --------------------------------------------------------------------------

@dataclass
class Seen:
    """The network's view of one drawing, ready to draw."""
    turned: bool                     # the drawing was inverted for the network (it was dark on light)
    blank: bool                      # nothing drawn
    probabilities: np.ndarray        # C
    kernels: list                    # F tinted kernels, side×side×3 uint8
    maps: list                       # F pooled maps as drawn, h×w(×3) uint8


def network_input(image: np.ndarray) -> tuple[np.ndarray, bool]:
    """The drawing as the network was trained on it: 28×28 grey, white strokes on black.

    Colour becomes grey, another size is resized, and a dark-on-light
    drawing (the bundled cat) is turned round. Returns (28×28 uint8, turned).
    """
    grey = image.astype(np.float32)
    if grey.ndim == 3:
        grey = grey.mean(axis=2)
    if grey.shape != (28, 28):
        from PIL import Image
        grey = np.asarray(Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8)).resize((28, 28), Image.BILINEAR),
                          dtype=np.float32)
    turned = pen.ink_for(grey) == 0.0   # dark ink: the network wants light strokes on black
    if turned:
        grey = 255.0 - grey
    return np.clip(np.rint(grey), 0, 255).astype(np.uint8), turned


def see(model, image: np.ndarray, mapping: str) -> Seen:
    """What ``model`` makes of ``image``: its probabilities, and each first-block filter's pooled map,
    mapped for drawing in the lesson's units (×255: the sums filters.convolve gives on 0–255 pixels)."""
    drawn, turned = network_input(image)
    maps = model.feature_maps(drawn)
    pooled = maps.blocks[0].pooled
    count, side = pooled.shape[0], pooled.shape[1]
    # All the maps as one tall map, so they share one scale (and one call): then cut apart again.
    stacked = pooled.reshape(count * side, -1) * 255.0
    shown = filters.to_display(stacked, mapping).reshape((count, side) + stacked.shape[1:] + (-1,))
    kernels = pixels.weight_colours(model.filters)
    return Seen(turned, int(np.count_nonzero(drawn > 32)) == 0, maps.probabilities, list(kernels),
                [pixels.as_rgb(shown[n].squeeze(-1)) if shown.shape[-1] == 1 else shown[n] for n in range(count)])


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------

def draw(canvas: Canvas, layout: Layout, state: demo.Demo, message: str) -> None:
    canvas.use_sizes(layout.sizes)
    full = canvas.is_blank()
    if full:
        canvas.background()
    seen = seen_now(canvas, state)
    canvas.repaint(parts(canvas, layout, state, seen, message), full)
    draw_pointing(canvas, layout, state)


def seen_now(canvas: Canvas, state: demo.Demo) -> Seen:
    """see() for the current drawing and network, worked out only when one of them changed."""
    weights = state.running.model.weights   # a new object after every training step
    return canvas.derived("seen", lambda image, _, mapping: see(state.running.model, image, mapping), state.image,
                          weights, state.mapping)


def parts(canvas: Canvas, layout: Layout, state: demo.Demo, seen: Seen, message: str) -> list[Part]:
    classes = tuple(state.running.model.classes)
    bars = tuple(round(float(p), 3) for p in seen.probabilities)
    sizes, px = layout.sizes, layout.sizes.px
    training = texts.training_lines(state)
    result = [
        Part("header", (texts.network_title(state), texts.network_description(state)),
             Rect(0, 0, layout.width, layout.source.y - px(32)),
             lambda title, line: common.draw_header(canvas, layout, common.header_x(layout), title, line)),
        Part("captions",
             (texts.size_caption(state.image, state.inverted),
              texts.camera_drawing_note(state) or texts.network_input_note(seen.turned, seen.blank)),
             Rect(0, layout.source.y + layout.source.h + PANEL_BAND, layout.source.x + layout.source.w + px(8),
                  px(common.CAPTIONS_BELOW) - PANEL_BAND),
             lambda caption, note: draw_captions(canvas, layout, caption, note)),
        Part("cards label", (texts.cards_label(state),),
             Rect(layout.cards[0].kernel.x - 4, layout.cards_label_y - px(20), layout.bars.x - layout.cards[0].kernel.x,
                  px(26)),
             lambda label: draw_cards_label(canvas, layout, label)),
        Part("bars", (classes, bars), Rect(layout.bars.x - 8, layout.bars.y - px(36), layout.bars.w + 16,
                                           layout.bars.h + px(40)),
             lambda classes, bars: draw_bars(canvas, layout, classes, bars)),
        Part("training", training, Rect(layout.training.x - 8, layout.training.y, layout.width - layout.training.x + 8,
                                        layout.training.h),
             lambda *lines: draw_training(canvas, layout, state, lines)),
        Part("status", (texts.network_status(state),),
             Rect(0, layout.status_y - px(24), layout.width, px(32)),
             lambda status: common.draw_status(canvas, layout.width, layout.status_y, status, sizes)),
        Part("hint", (message, keys.hint_line(NAME, state)),
             Rect(0, layout.status_y + px(10), layout.width, layout.height - layout.status_y - px(10)),
             lambda text, hint: common.draw_hint(canvas, layout.width, layout.hint_y, text, hint, sizes)),
    ]
    return result


def draw_cards_label(canvas: Canvas, layout: Layout, label: str) -> None:
    left = layout.cards[0].kernel.x
    right = max(card.pooled.x + card.pooled.w for card in layout.cards)
    canvas.fitted_text(label, left, layout.cards_label_y, layout.sizes.small, right - left, canvas.theme.text_dim)


def draw_captions(canvas: Canvas, layout: Layout, caption: str, note: str) -> None:
    common.draw_captions(canvas, layout.source.x, layout.caption_y, layout.source.w + layout.sizes.px(8), caption,
                         note, layout.sizes)


def draw_bars(canvas: Canvas, layout: Layout, classes, bars) -> None:
    """What the network thinks you drew: one bar per class, the likeliest highlighted."""
    box, sizes, px = layout.bars, layout.sizes, layout.sizes.px
    canvas.fitted_text("what it thinks you drew", box.x, box.y - px(12), sizes.small, box.w, canvas.theme.text_dim)
    best = int(np.argmax(bars))
    size = canvas.fitting_size(list(classes), sizes.body, px(NAME_W - 12))
    for row, (name, share) in enumerate(zip(classes, bars)):
        track = bar_track(layout, row)
        colour = canvas.theme.highlight if row == best else canvas.theme.text
        canvas.fitted_text(name, box.x, track.y + track.h - px(4), size, px(NAME_W - 12), colour)
        canvas.rect(track, canvas.theme.panel_background)
        if share > 0:
            canvas.rect(Rect(track.x, track.y, max(2, int(track.w * share)), track.h), colour)
        canvas.text(texts.percent(share), box.x + box.w, track.y + track.h - px(4), sizes.body, colour, "right")


def bar_track(layout: Layout, row: int) -> Rect:
    """Where class ``row``'s bar goes: its whole length is a probability of 1."""
    box, px = layout.bars, layout.sizes.px
    return Rect(box.x + px(NAME_W), box.y + row * px(BAR_H) + px(6), box.w - px(NAME_W + PERCENT_W), px(BAR_H - 12))


def draw_training(canvas: Canvas, layout: Layout, state: demo.Demo, lines) -> None:
    """Live training: its progress, and the loss and accuracy after each part of an epoch so far."""
    run = state.running.training
    if run is None:
        return
    box = layout.training
    sizes, px = layout.sizes, layout.sizes.px
    canvas.fitted_text(lines[0], box.x, box.y + px(18), sizes.small, box.w, canvas.theme.text)
    bar = Rect(box.x, box.y + px(28), box.w, px(10))
    canvas.rect(bar, canvas.theme.panel_background)
    canvas.rect(Rect(bar.x, bar.y, max(1, int(bar.w * run.progress)), bar.h), canvas.theme.highlight)
    chart = Rect(box.x, bar.y + px(24), box.w, px(CHART_H))
    curves = [(run.accuracies, 1.0, canvas.theme.accuracy_curve), (run.losses, None, canvas.theme.loss_curve)]
    canvas.picture("chart", chart, lambda: pixels.chart(chart.w, chart.h, curves, canvas.theme.chart_background), lines)
    canvas.fitted_text(lines[1], box.x, chart.y + chart.h + px(22), sizes.note, box.w, canvas.theme.text_dim, lines=2)


def draw_pointing(canvas: Canvas, layout: Layout, state: demo.Demo) -> None:
    """The drawing, and every filter with its map (they change as you draw, or as the network trains)."""
    canvas.use_sizes(layout.sizes)
    if state.ui.show_help:
        return
    seen = seen_now(canvas, state)
    canvas.panel("source", layout.source, lambda: pixels.source_colours(state.image), state.image, layout.scale)
    box = cards_box(layout)
    canvas.panel("cards", box, lambda: cards_picture(layout, seen, box, canvas.theme), seen, 1, framed=False)


def cards_box(layout: Layout) -> Rect:
    """The window area of every filter's card, frames included: one picture, one copy to the window."""
    rects = [rect for card in layout.cards for rect in (card.kernel, card.pooled)]
    reach = pixels.FRAME_REACH
    left, top = min(r.x for r in rects) - reach, min(r.y for r in rects) - reach
    right, bottom = max(r.x + r.w for r in rects) + reach, max(r.y + r.h for r in rects) + reach
    return Rect(left, top, right - left, bottom - top)


@functools.lru_cache(maxsize=4)
def cards_background(layout: Layout, box: Rect, theme: pixels.Theme):
    """The cards' frames on the background, made once per layout and theme."""
    rects = [rect for card in layout.cards for rect in (card.kernel, card.pooled)]
    return pixels.framed_background(box.w, box.h, [(r.x - box.x, r.y - box.y, r.w, r.h) for r in rects], theme)


def cards_picture(layout: Layout, seen: Seen, box: Rect, theme: pixels.Theme):
    """Every card, composed into one picture for ``box``."""
    pieces = []
    for card, kernel, shown in zip(layout.cards, seen.kernels, seen.maps):
        pieces.append((card.kernel.x - box.x, card.kernel.y - box.y, kernel, layout.filter_scale))
        pieces.append((card.pooled.x - box.x, card.pooled.y - box.y, shown, layout.map_scale))
    return pixels.compose(cards_background(layout, box, theme), pieces)


# --------------------------------------------------------------------------
# The mouse: drawing on the input
# --------------------------------------------------------------------------

def mouse_moved(state: demo.Demo, layout: Layout, px: float, py: float) -> bool:
    return False


def mouse_pressed(state: demo.Demo, layout: Layout, px: float, py: float, left_button: bool) -> None:
    if layout.source.contains(px, py) and left_button:
        common.put_pen_down(state, layout, px, py)


def mouse_dragged(state: demo.Demo, layout: Layout, px: float, py: float) -> bool:
    """Draw on with the pen, if it is down; returns whether the drawing changed."""
    return common.drag_pen(state, layout, px, py)


def mouse_wheel(state: demo.Demo, layout: Layout, px: float, py: float, count: int, fine: bool) -> bool:
    return False
