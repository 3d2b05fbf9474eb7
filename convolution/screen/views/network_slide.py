"""The network view's full-screen layout: a slide for the back row, its text at least 1/30 of the screen's height.

    title (on one line, smaller than a window's if it must be, never below the body's size)
    where the network learned from, wrapped
    drawing   block 1 …     block 2 …     scores, probabilities      ← the drawing as large as the floor asks
              maps (as large as fit)      the classes (the likeliest, "+ N more classes" when not all fit)
    input 28×28 (grey) · turned round: …  (the drawing's caption and note, one paragraph under everything)
    readout: the rest of the height (READOUT_LINES at least, fewer only if nothing else fits)   [why / training]
    message, hint

A window's layout (network_layout.py) puts the captions under the drawing and the readout at its design
size; at 1/30 of the screen's height that leaves too few rows, so here the captions run across under the
body, the gaps are tighter, the score's bar graphic goes when the bars are too wide for the maps (its number
stays), and classes beyond what fits are folded away with a note. Beside the readout goes the why panel
(network_why.py: not sure, the sweep, the nearest drawings), or while training the progress and the curves.
Everything is measured (screen/glyphs.py): nothing is cut short.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from convolution.screen import glyphs, pixels
from convolution.screen.geometry import MARGIN, Rect, Sizes, largest_whole
from convolution.screen.views.network_layout import (
    CHART_H,
    MAX_SCALE,
    MAX_TILE,
    PERCENT_EXAMPLE,
    READOUT_LINES,
    SCORE_EXAMPLE,
    WANTED_SCALE_PER,
    Bars,
    Layout,
    Plan,
    Words,
    block_width,
    line_h,
    maps_height,
    picture_side,
    placed_blocks,
    plan_for,
    smallest_tile,
    tile_scales,
    widest_word,
    wrapped,
)
from convolution.screen.views.network_why import least_height
from convolution.state import demo

SLIDE_TILE_GAP = 6      # between a filter's pictures (design pixels): tighter than a window's
SLIDE_CARD_GAP = 8
SEPARATOR = "  \u00b7  "   # between the drawing's caption and its note on one line
LEAST_SIDE = 16         # a map's picture at least this many design pixels wide (else the layout looks further)
TOP = 12                # above the title (design pixels): a slide uses its height
SPACE = 6               # between the body, the captions and the readout
WHY_SHARES = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65)   # of the width under the captions: the why panel's


@dataclass(frozen=True)
class Header:
    title_size: int
    title_lines: int
    description_lines: int
    height: int
    named: bool = True


def header_for(words: Words, sizes: Sizes, room: int) -> Header:
    """The title as large as fits on one line (sizes.title down to sizes.body, wrapped at that if need be),
    the description under it at the body's size (without the classes' names if they take it past two lines)."""
    px = sizes.px
    size = next((s for s in range(sizes.title, sizes.body - 1, -1) if glyphs.text_width(words.title, s) <= room),
                sizes.body)
    title_lines = len(wrapped(words.title, size, room))
    description_lines = len(wrapped(words.description, sizes.body, room))
    named = description_lines <= 2 or not words.unnamed
    if not named:   # the classes' names are on the bars (or said folded away there)
        description_lines = len(wrapped(words.unnamed, sizes.body, room))
    height = px(TOP) + title_lines * line_h(size) + px(6) + description_lines * line_h(sizes.body) + px(8)
    return Header(size, title_lines, description_lines, height, named)


def bars_for(words: Words, sizes: Sizes, score_bar: bool, narrow: bool = False) -> Bars:
    """The bars' columns at the slide's sizes: the names (on two lines if longer than NAME_W; ``narrow``: on
    as many as a column of 110 design pixels needs, and a shorter probability bar), the score's bar (unless
    ``score_bar`` is False: its number only), its number, the probability's bar and its percentage."""
    px, body, small = sizes.px, sizes.body, sizes.small
    widest = max(glyphs.text_width(name, body) for name in words.names)
    name_w = math.ceil(min(widest, max(px(110 if narrow else 170), widest_word(list(words.names), body))))
    name_lines = max(len(wrapped(name, body, name_w)) for name in words.names)
    gap = px(8)
    value_w = math.ceil(glyphs.text_width(SCORE_EXAMPLE, small)) + gap
    percent_w = math.ceil(glyphs.text_width(PERCENT_EXAMPLE, small)) + gap
    score_w = px(56) if score_bar else 0
    score_x = name_w + gap
    prob_x = score_x + score_w + value_w + gap
    row_h = name_lines * line_h(body) + px(2)   # at least: grown() gives them what the body has spare
    return Bars(name_w, score_x, score_w, value_w, prob_x, px(44 if narrow else 72), percent_w, row_h, name_lines)


def why_width(words: Words, sizes: Sizes, room: int) -> int:
    """Beside the readout, the why panel's (or while training, the training panel's) width: the least share of
    the room (WHY_SHARES) at which it is no taller than READOUT_LINES readout lines (the readout takes the whole
    width while what it shows does not fit beside it: network.draw_pointing)."""
    lines = READOUT_LINES * line_h(sizes.small)
    return next((round(room * share) for share in WHY_SHARES
                 if least_height(words, sizes, round(room * share)) + message_height(sizes) <= lines),
                round(room * WHY_SHARES[-1]))


def bars_width(bars: Bars) -> int:
    return bars.prob_x + bars.prob_w + bars.percent_w


def band_lines(words: Words, sizes: Sizes, room: int) -> int:
    """The lines the drawing's caption and its longest note take as one paragraph ``room`` wide."""
    return max(len(wrapped(words.notes[0] + (SEPARATOR + note if note else ""), sizes.small, room))
               for note in words.notes[1:])


def labels_width(words: Words, sizes: Sizes) -> tuple[int, ...]:
    """Each block's label's short form ("block 2"): a block is at least this wide."""
    return tuple(math.ceil(glyphs.text_width(label.split(":")[0], sizes.small)) for label in words.block_labels)


def message_height(sizes: Sizes) -> int:
    """A two-line message's first line, above the hint's (common.draw_hint's spacing)."""
    return round(sizes.hint * 1.2)


def hint_height(sizes: Sizes) -> int:
    """From the top of a two-line message to the window's bottom (common.draw_hint's places)."""
    return sizes.px(14) + round(sizes.hint * 1.2) + math.ceil(glyphs.ASCENT * sizes.hint) + sizes.px(4)


@dataclass(frozen=True)
class Try:
    """One way to lay the slide out, and what it gives."""
    plan: Plan
    scale: int
    tile: int
    bars: Bars
    gap: int
    lines: int          # the readout's lines (at the readout's size) it leaves room for
    shown: int          # the classes the bars show
    lower: int          # the height under the captions the readout (and the why panel beside it) keeps


def slide_layout(state: demo.SketchState, words: Words, window: tuple[int, int], sizes: Sizes,
                 most_scale: int = MAX_SCALE) -> Layout:
    """The full-screen layout (see the module's docstring) for ``window`` at ``sizes`` (its floor's)."""
    width, height = window
    px = sizes.px
    room = width - 2 * px(MARGIN)
    header = header_for(words, sizes, room)
    label_h = line_h(sizes.small) + px(6)
    band_h = band_lines(words, sizes, room) * line_h(sizes.small)
    readout_line = line_h(sizes.small)
    # What the body (drawing, maps, bars) may take with ``lines`` readout lines under it.
    # The readout's lines are counted down to the hint's line: a message on two lines, passing, takes one off.
    fixed_h = header.height + 2 * px(SPACE) + pixels.FRAME_REACH + band_h + hint_height(sizes) - message_height(sizes)
    largest_side = max(words.image_w, words.image_h)
    wanted = max(1, min(height // WANTED_SCALE_PER, most_scale))
    side_w = why_width(words, sizes, room)
    label_w = labels_width(words, sizes)
    tries: list[tuple[tuple, Try]] = []
    for lines in (READOUT_LINES, READOUT_LINES - 1, READOUT_LINES - 2):
        for score_bar, narrow in ((True, False), (False, False), (False, True)):
            bars = bars_for(words, sizes, score_bar, narrow)
            bars_w = bars_width(bars)
            # The readout's lines, and the why panel's least height beside them (less a message's line).
            lower = max(lines * readout_line, least_height(words, sizes, side_w) + message_height(sizes))
            body_h = height - fixed_h - lower
            # The classes the bars hold (the last row for the note on the rest, if not all fit).
            rows = (body_h - label_h) // bars.row_h
            shown = len(words.names) if rows >= len(words.names) else (body_h - label_h - readout_line) // bars.row_h
            if shown < 1:
                continue   # not even one class's row, and the note on the rest
            for gap in (px(24), px(16)):
                for relu in (True, False):
                    for per_column in (4, 8, 2, 16, 6, 3):
                        plan = replace(plan_for(state, per_column, relu), tile_gap=SLIDE_TILE_GAP,
                                       card_gap=SLIDE_CARD_GAP)
                        least = smallest_tile(plan)

                        def fits(scale: int, tile: int, plan: Plan = plan, gap: int = gap, bars_w: int = bars_w,
                                 body_h: int = body_h) -> bool:
                            blocks_w = sum(block_width(plan, b, tile, sizes, label_w[b])
                                           for b in range(len(plan.filters)))
                            across = (words.image_w * scale + gap + blocks_w + len(plan.filters) * gap + bars_w)
                            return (across <= room and words.image_h * scale <= body_h
                                    and label_h + maps_height(plan, tile, sizes) <= body_h)

                        for scale in range(min(wanted, MAX_SCALE), 0, -1):
                            tile = largest_whole(lambda t, s=scale: fits(s, t),
                                                 min(px(MAX_TILE), largest_side * scale), least)
                            if tile >= least:
                                side = picture_side(plan, tile)
                                key = (scale >= wanted - 1, shown == len(words.names) and lines >= READOUT_LINES - 1,
                                       shown == len(words.names) or shown >= 3,
                                       side >= px(LEAST_SIDE), lines, scale >= wanted, shown, side, scale, relu,
                                       score_bar, gap, -per_column)
                                tries.append((key, Try(plan, scale, tile, bars, gap, lines, shown, lower)))
                                break
    if not tries:   # nothing fits even at scale 1: the window's layout says so (fits False)
        from convolution.screen.views.network_layout import arranged
        plan = plan_for(state, 8, True)
        return arranged(words, plan, 1, smallest_tile(plan), sizes, window, fits=False)
    best = max(tries, key=lambda t: t[0])[1]
    return grown(words, best, header, sizes, window, band_h, label_h, side_w, most_scale)


def grown(words: Words, chosen: Try, header: Header, sizes: Sizes, window: tuple[int, int], band_h: int,
          label_h: int, side_w: int, most_scale: int) -> Layout:
    """``chosen`` placed: the drawing and the maps as large as the room left allows (the readout keeping its
    lines), the bars' rows as tall as the body, the readout down to the hint."""
    width, height = window
    px = sizes.px
    plan, bars, gap = chosen.plan, chosen.bars, chosen.gap
    room = width - 2 * px(MARGIN)
    readout_line = line_h(sizes.small)
    body_h = (height - header.height - 2 * px(SPACE) - pixels.FRAME_REACH - band_h - hint_height(sizes)
              + message_height(sizes) - chosen.lower)
    largest_side = max(words.image_w, words.image_h)
    bars_w = bars_width(bars)
    label_w = labels_width(words, sizes)

    def across(scale: int, tile: int) -> int:
        blocks_w = sum(block_width(plan, b, tile, sizes, label_w[b]) for b in range(len(plan.filters)))
        return words.image_w * scale + gap + blocks_w + len(plan.filters) * gap + bars_w

    # The body as tall as its tallest part needs (at least the drawing, the maps, the bars' rows).
    classes = len(words.names)
    bars_h = chosen.shown * bars.row_h + (readout_line if chosen.shown < classes else 0)
    scale, tile = chosen.scale, chosen.tile
    tall = max(words.image_h * scale, label_h + maps_height(plan, tile, sizes), label_h + bars_h)
    # The drawing larger while it fits beside the maps and within the body.
    scale = largest_whole(lambda s: across(s, tile) <= room and words.image_h * s <= max(tall, body_h)
                          and s * largest_side >= tile, min(most_scale, MAX_SCALE), scale)
    tile = largest_whole(lambda t: across(scale, t) <= room and label_h + maps_height(plan, t, sizes) <= body_h,
                         min(px(MAX_TILE), largest_side * scale), tile)
    used = max(words.image_h * scale, label_h + maps_height(plan, tile, sizes), label_h + bars_h)
    # The bars' rows share what the body leaves them (up to one and a half times their height).
    if chosen.shown == classes:
        row_h = min((used - label_h) // classes, bars.row_h * 3 // 2)
        bars = replace(bars, row_h=max(bars.row_h, row_h))
        bars_h = chosen.shown * bars.row_h
    spare = max(0, room - across(scale, tile))
    left = px(MARGIN) + spare // 2
    top = header.height
    body_top = top + label_h
    source = Rect(left, top, words.image_w * scale, words.image_h * scale)
    label_y = body_top - pixels.FRAME_REACH - math.ceil(glyphs.DESCENT * sizes.small) - 1
    blocks, labels, x = placed_blocks(plan, tile, sizes, left + source.w + gap, body_top, label_y, label_w, gap)
    bars_rect = Rect(x, body_top, bars_w, chosen.shown * bars.row_h)
    labels.append((x, label_y, bars_w))
    body_bottom = top + max(source.h, label_h + maps_height(plan, tile, sizes), label_h + bars_h)
    caption_top = body_bottom + pixels.FRAME_REACH + px(SPACE)   # below the maps' frames
    readout_top = caption_top + band_h + px(SPACE)
    # Down to the hint's line: a message on two lines takes message_h off it while it shows (network.draw).
    message_h = message_height(sizes)
    hint_top = height - hint_height(sizes) + message_h
    readout = Rect(px(MARGIN), readout_top, room - side_w - px(24), hint_top - readout_top)
    training = Rect(px(MARGIN) + room - side_w, readout_top, side_w, readout.h - message_h)
    title_y = px(TOP) + round(glyphs.ASCENT * header.title_size)
    subtitle_y = (px(TOP) + header.title_lines * line_h(header.title_size) + px(6)
                  + round(glyphs.ASCENT * sizes.body))
    return Layout(width, height, scale, source, tuple(blocks), tile_scales(plan, tile), tuple(labels), bars_rect,
                  training, title_y, subtitle_y, caption_top + round(glyphs.ASCENT * sizes.small), readout,
                  height - px(14), sizes, True, plan.relu, bars, (header.title_lines, header.description_lines),
                  room, readout_line, False, header.title_size,
                  chosen.shown if chosen.shown < classes else 0, px(MARGIN), chosen.lines, True, message_h,
                  band_h // line_h(sizes.small), header.named, why=training, words=words)


def training_chart_h(layout: Layout, legend: tuple[str, str]) -> int:
    """The curves' height in a slide's training panel: what its lines leave (CHART_H's design height at most)."""
    sizes, px, box = layout.sizes, layout.sizes.px, layout.training
    text = (len(wrapped(legend[0], sizes.small, box.w)) * line_h(sizes.small)
            + len(wrapped(legend[1], sizes.note, box.w)) * line_h(sizes.note))
    return max(px(20), min(px(CHART_H) * 2, box.h - text - px(4 + 10 + 10 + 6)))
