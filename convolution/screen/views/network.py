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
from convolution.screen import pixels, texts
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


def prepare(state: demo.Demo) -> None:
    """Nothing to set up: the network comes with the state (demo.use_model)."""


MAX_SCALE = 20   # the largest scale of the drawing a full screen tries


def default_scale(state: demo.Demo) -> int:
    """The drawing's scale: the lesson's 10×, less for a big image (the network sees 28×28 anyway)."""
    height, width = state.image.shape[:2]
    return max(1, min(INPUT_SCALE, INPUT_SIDE // max(width, height)))


def layout_for(state: demo.Demo, scale: int | None, sizes: Sizes = Sizes(), window=None, room=None) -> Layout:
    """The layout for the state's network (its number and size of filters) at input ``scale``, with
    text at ``sizes`` (the cards grow with it), filling ``window`` (width, height) if given."""
    model = state.running.model
    count, side = model.filters.shape[0], model.filters.shape[1]
    pooled = model.map_sides[0][1]          # the first block's pooled maps are the cards' maps
    height, width = state.image.shape[:2]
    return make_layout(width, height, scale or default_scale(state), count, side, pooled, sizes, window)


def make_layout(image_w: int, image_h: int, scale: int, count: int, side: int, pooled: int,
                sizes: Sizes = Sizes(), window=None) -> Layout:
    """The drawing on the left, the filter cards (CARDS_PER_ROW a row) beside it, the bars on the right;
    centred in ``window`` (width, height) if it is larger."""
    px = sizes.px
    margin, gap, card_gap = px(MARGIN), px(GAP), px(CARD_GAP)
    filter_scale, map_scale = px(FILTER_SCALE), px(MAP_SCALE)
    kernel_w, map_w = side * filter_scale, pooled * map_scale
    card_w, card_h = kernel_w + px(8) + map_w, max(kernel_w, map_w) + px(CARD_LABEL)
    columns, rows = min(count, CARDS_PER_ROW), -(-count // CARDS_PER_ROW)
    bars_w, bars_h, training_h = px(BARS_W), 4 * px(BAR_H), px(CHART_H + 80)
    natural_w = margin + image_w * scale + gap + columns * (card_w + card_gap) - card_gap + gap + bars_w + margin
    body_h = max(px(30) + rows * (card_h + card_gap), px(30) + image_h * scale + px(common.CAPTIONS_BELOW),
                 px(30 + CARD_LABEL) + bars_h + px(40) + training_h)
    natural_h = margin + px(HEADER) + body_h + px(30 + 16 + HINT)
    width, height = (max(natural_w, window[0]), max(natural_h, window[1])) if window else (natural_w, natural_h)
    across, down = (width - natural_w) // 2, (height - natural_h) // 2   # centred in a full screen
    top = margin + px(HEADER) + down
    source = Rect(margin + across, top + px(30), image_w * scale, image_h * scale)
    cards_x = source.x + source.w + gap
    cards_top = top + px(30)
    cards = []
    for n in range(count):
        row, col = divmod(n, CARDS_PER_ROW)
        x, y = cards_x + col * (card_w + card_gap), cards_top + row * (card_h + card_gap) + px(CARD_LABEL)
        cards.append(Card(Rect(x, y + (map_w - kernel_w) // 2, kernel_w, kernel_w),
                          Rect(x + kernel_w + px(8), y, map_w, map_w), y - px(6)))
    bars_x = cards_x + columns * (card_w + card_gap) - card_gap + gap
    bars = Rect(bars_x, cards_top + px(CARD_LABEL), bars_w, bars_h)
    training = Rect(bars_x, bars.y + bars.h + px(40), bars_w, training_h)
    status_y = top + body_h + px(30)
    return Layout(width, height, scale, source, tuple(cards), bars, training, down + margin + sizes.title,
                  down + margin + sizes.title + px(12) + sizes.body, source.y + source.h + px(32),
                  cards_top + px(10), status_y, height - down - px(14), filter_scale, map_scale, sizes)


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
             lambda title, line: common.draw_header(canvas, layout, layout.source.x, title, line)),
        Part("captions",
             (texts.size_caption(state.image, state.inverted), texts.network_input_note(seen.turned, seen.blank)),
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
        Part("hint", (message,),
             Rect(0, layout.status_y + px(10), layout.width, layout.height - layout.status_y - px(10)),
             lambda text: common.draw_hint(canvas, layout.width, layout.hint_y, text, keys.hint_line(view=NAME),
                                           sizes)),
    ]
    return result


def draw_cards_label(canvas: Canvas, layout: Layout, label: str) -> None:
    left = layout.cards[0].kernel.x
    size = canvas.fitting_size([label], layout.sizes.small, layout.bars.x - layout.sizes.px(GAP) // 2 - left)
    canvas.text(label, left, layout.cards_label_y, size, canvas.theme.text_dim)


def draw_captions(canvas: Canvas, layout: Layout, caption: str, note: str) -> None:
    common.draw_captions(canvas, layout.source.x, layout.caption_y, layout.source.w + layout.sizes.px(8), caption,
                         note, layout.sizes)


def draw_bars(canvas: Canvas, layout: Layout, classes, bars) -> None:
    """What the network thinks you drew: one bar per class, the likeliest highlighted."""
    box, sizes, px = layout.bars, layout.sizes, layout.sizes.px
    canvas.text("what it thinks you drew", box.x, box.y - px(12), sizes.small, canvas.theme.text_dim)
    best = int(np.argmax(bars))
    size = canvas.fitting_size(list(classes), sizes.body, px(NAME_W - 12))
    for row, (name, share) in enumerate(zip(classes, bars)):
        track = bar_track(layout, row)
        colour = canvas.theme.highlight if row == best else canvas.theme.text
        canvas.text(name, box.x, track.y + track.h - px(4), size, colour)
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
    canvas.text(lines[0], box.x, box.y + px(18), canvas.fitting_size([lines[0]], sizes.small, box.w), canvas.theme.text)
    bar = Rect(box.x, box.y + px(28), box.w, px(10))
    canvas.rect(bar, canvas.theme.panel_background)
    canvas.rect(Rect(bar.x, bar.y, max(1, int(bar.w * run.progress)), bar.h), canvas.theme.highlight)
    chart = Rect(box.x, bar.y + px(24), box.w, px(CHART_H))
    curves = [(run.accuracies, 1.0, canvas.theme.accuracy_curve), (run.losses, None, canvas.theme.loss_curve)]
    canvas.picture("chart", chart, lambda: pixels.chart(chart.w, chart.h, curves, canvas.theme.chart_background), lines)
    canvas.text(lines[1], box.x, chart.y + chart.h + px(22), canvas.fitting_size([lines[1]], sizes.note, box.w),
                canvas.theme.text_dim)


def draw_pointing(canvas: Canvas, layout: Layout, state: demo.Demo) -> None:
    """The drawing, and every filter with its map (they change as you draw, or as the network trains)."""
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
