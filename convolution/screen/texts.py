"""Every word and number the window shows, built from the state: pure Python, no py5.

Views draw these strings; they never build text themselves. So a title, a
caption or the readout's arithmetic can be checked in a test without a
window, and a change of wording happens here only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

import filters
from convolution.state import demo

IDLE_READOUT = "Point at a pixel in either picture to see its sum worked out; click a weight to edit it."
IDLE_LAYER_READOUT = "Point at a pixel of the drawing or of any map to see it worked out; click a kernel to change it."
HELP_TITLE = "Keys"


# --------------------------------------------------------------------------
# The kernel: its name, description and note
# --------------------------------------------------------------------------

def kernel_title(state: demo.SketchState) -> str:
    """The kernel's name as shown: a preset's name, "random …", or "custom (from NAME)"."""
    if state.kernel_name == demo.RANDOM:
        return f"random {state.kernel.shape[0]}\u00d7{state.kernel.shape[1]} (as an untrained network starts)"
    if state.kernel_name == demo.CUSTOM:
        return f"custom (from {state.custom_from})" if state.custom_from else "custom"
    if state.kernel_name == demo.LEARNED:
        return f"learned {demo.learned_number(state)} of {len(state.learned)} ({state.learned_from})"
    return state.kernel_name


def kernel_description(state: demo.SketchState) -> str:
    """The line under the kernel's name."""
    if state.kernel_name in filters.PRESETS:
        return (f"preset {state.preset_index + 1} of {len(demo.PRESET_NAMES)}: "
                f"{filters.DESCRIPTIONS[state.kernel_name]}")
    if state.kernel_name == demo.RANDOM:
        return "each weight drawn uniformly from [\u22121, 1]: press r for another"
    if state.kernel_name == demo.LEARNED:
        return ("a filter the network learned from Quick Draw doodles, not designed by anyone "
                "(weights for pixels 0\u20131)")
    return "weights set by hand: \u2190 \u2192 go back to the presets"


def kernel_note(state: demo.SketchState, factor: str) -> str:
    """The line under the kernel: its size, a common factor ("÷ 16"), and whether it is flipped."""
    rows, cols = state.kernel.shape
    note = f"{rows}\u00d7{cols} kernel  {factor}".strip()
    return note + ("  turned 180\u00b0" if state.flip else "")


def common_divisor(kernel: np.ndarray, largest: int = 256) -> int | None:
    """The smallest d ≤ largest such that kernel·d is all whole numbers, or None.

    Lets the screen show the Gaussian as 1 2 1 / 2 4 2 / 1 2 1 "÷ 16", as it
    is written in the lesson, instead of 0.06 0.12 ….
    """
    divisors = np.arange(1, largest + 1)
    scaled = divisors[:, None] * np.asarray(kernel, dtype=np.float64).ravel()[None, :]   # one row per d
    whole = np.all((np.abs(scaled - np.rint(scaled)) < 1e-6) & (np.abs(scaled) < 1000), axis=1)
    return int(divisors[whole.argmax()]) if whole.any() else None


def format_weight(weight: float) -> str:
    """One weight as a short label: whole numbers bare, others with 1–2 decimals, a real minus sign."""
    if abs(weight - round(weight)) < 5e-4:
        text = f"{round(weight):d}"
    elif abs(weight * 10 - round(weight * 10)) < 1e-9:
        text = f"{weight:.1f}"
    elif abs(weight) < 0.005:
        text = f"{weight:.3f}"   # 1/256 is small, but not 0
    else:
        text = f"{weight:.2f}"
    if text.startswith("-"):
        text = "\u2212" + text[1:]
    return "0" if text == "\u22120" else text


def plain_enough(kernel: np.ndarray) -> bool:
    """Whether every weight reads well as it is, with at most one decimal (−2.5, 0.5; not 0.0625)."""
    tenths = np.asarray(kernel, dtype=np.float64) * 10
    return bool(np.all(np.abs(tenths - np.rint(tenths)) < 1e-6))


def kernel_labels(kernel: np.ndarray, editing_from: np.ndarray | None = None) -> tuple[list[list[str]], str]:
    """The kernel's cells as text, and a note of the common factor ("÷ 16") or "".

    While a weight is being edited, ``editing_from`` is the kernel as it was
    when editing began, and its factor is kept: the other cells keep their
    labels (1 2 1 … ÷ 16) while the edited one shows its own value × 16,
    instead of every label changing with each step (÷ 10, ÷ 5, ÷ 10 …).
    """
    divisor = common_divisor(kernel if editing_from is None else editing_from)
    if divisor is not None and editing_from is None and plain_enough(kernel):
        divisor = None   # weights typed by hand (−2.5) are shown as typed, not ×2 over "÷ 2"
    if divisor is None:
        return [[format_weight(w) for w in row] for row in kernel.tolist()], ""
    scaled = np.asarray(kernel, dtype=np.float64) * divisor
    whole = np.abs(scaled - np.rint(scaled)) < 1e-6
    scaled = np.where(whole, np.rint(scaled), scaled)   # 1.0000000002 is 1; an edited 5.6 stays 5.6
    cells = [[format_weight(w) for w in row] for row in scaled.tolist()]
    return cells, ("" if divisor == 1 else f"\u00f7 {divisor}")


def mode_caption(edges: str, flip: bool, mapping: str, relu: bool = False, pool: int = 0,
                 pool_mode: str = "max") -> str:
    """The modes line: border handling, which operation runs, the value mapping, ReLU and pooling."""
    operation = "true convolution (kernel flipped)" if flip else "cross-correlation"
    line = f"edges: {edges}   \u00b7   {operation}   \u00b7   values: {mapping}"
    if relu:
        line += "   \u00b7   ReLU"
    if pool:
        line += f"   \u00b7   {pool_caption(pool, pool_mode)}"
    return line


def pool_caption(pool: int, pool_mode: str) -> str:
    """"max pool 2×2": the kind and size of pooling."""
    return f"{pool_mode} pool {pool}\u00d7{pool}"


def pooled_caption(state: demo.SketchState) -> str:
    """Under the pooled map: what it is, and its size (none yet if the state has no pooled map)."""
    source = " after ReLU" if state.relu else ""
    if state.pooled is None:   # pool 0: only a layout with a pooled map asks for this caption, so not expected
        return f"{pool_caption(state.pool, state.pool_mode)}{source}"
    rows, cols = state.pooled.shape[:2]
    return f"{pool_caption(state.pool, state.pool_mode)}{source} \u2192 {cols}\u00d7{rows}"


def size_caption(image: np.ndarray, inverted: bool = False) -> str:
    """Under the source panel: the drawing's size and kind."""
    height, width = image.shape[:2]
    kind = "grey" if image.ndim == 2 else "colour"
    return f"input {width}\u00d7{height} ({kind}{', inverted' if inverted else ''})"


def format_number(value: float) -> str:
    """A value or product for the readout: whole numbers bare, else one decimal; "–" for none."""
    if not math.isfinite(value):
        return "\u2013"
    text = f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
    if text in ("-0", "-0.0"):
        text = "0"
    return text.replace("-", "\u2212")


def legend_labels(mapping: str, low: float, high: float) -> list[tuple[float, str]]:
    """Labels along the legend bar: (position 0…1, text)."""
    if mapping == "clamp":
        return [(0.0, "\u2264 0"), (1.0, "\u2265 255")]
    if mapping == "absolute":
        return [(0.0, "|value| 0"), (1.0, "\u2265 255")]
    if mapping == "signed":
        return [(0.0, format_number(low)), (0.5, "0"), (1.0, "+" + format_number(high))]
    return [(0.0, format_number(low)), (1.0, format_number(high))]


def explain_value(total: float, mapping: str, low: float, high: float, relu: bool = False) -> str:
    """How one sum becomes what is drawn, in words: "−312 → clamped to 0" (with ``relu``: "−312 → ReLU 0 → grey 0")."""
    if relu and total < 0:
        return f"{format_number(total)} \u2192 ReLU " + explain_value(0.0, mapping, low, high)
    t = format_number(total)
    if mapping == "clamp":
        if total < 0:
            return f"{t} \u2192 clamped to 0"
        return f"{t} \u2192 clamped to 255" if total > 255 else f"{t} \u2192 grey {int(filters.clamp_to_bytes(total))}"
    if mapping == "absolute":
        size = abs(total)
        drawn = int(filters.clamp_to_bytes(size))
        return f"|{t}| = {format_number(size)} \u2192 " + ("clamped to 255" if size > 255 else f"grey {drawn}")
    if mapping == "stretch":
        drawn = 128 if high == low else int(filters.clamp_to_bytes((total - low) * 255.0 / (high - low)))
        stretched = f"{format_number(low)} \u2026 {format_number(high)}"
        return f"{t} \u2192 grey {drawn}  (stretching {stretched} to 0 \u2026 255)"
    side = "orange (negative)" if total < 0 else "blue (positive)" if total > 0 else "white (zero)"
    share = round(100 * abs(total) / high) if high else 0
    return f"{t} \u2192 {side}, {share}% of the largest |value| {format_number(high)}"


@dataclass
class Readout:
    """One output pixel's arithmetic as text, for the readout under the panels."""
    title: str
    values: list[list[str]]      # the neighbourhood (one channel)
    weights: list[list[str]]
    products: list[list[str]]
    inside: np.ndarray           # kh×kw bool: cells inside the image (others drawn dimmed)
    result: str                  # the sum and what is drawn


def make_readout(worked: filters.PixelSum, edges: str, mapping: str, display_range, relu: bool = False) -> Readout:
    """Turn ``filters.explain_pixel``'s numbers into the readout's text (``relu``: the sum goes through ReLU)."""
    low, high = display_range
    values, products = worked.values, worked.products
    colour = values.ndim == 3
    channel_note = ", red channel shown" if colour else ""
    where = f"pixel x {worked.x}, y {worked.y}"
    # As Python floats (tolist), which format several times faster than numpy's scalars.
    weights = [[format_weight(w) for w in row] for row in worked.weights.tolist()]
    if colour:
        values, products = values[:, :, 0], products[:, :, 0]
    cells = [[format_number(v) for v in row] for row in values.tolist()]
    product_cells = [[format_number(p) for p in row] for row in products.tolist()]
    if not worked.computed:
        nothing = [["\u2013"] * len(row) for row in product_cells]
        return Readout(f"{where} is skipped: its neighbourhood leaves the image (edges: skip)",
                       cells, weights, nothing, worked.inside,
                       "not computed: drawn as the panel's background")
    if colour:
        names = "RGB"
        per_channel = "clamp" if mapping == "signed" else mapping
        result = "   ".join(f"{names[c]}: {explain_value(float(t), per_channel, low, high, relu)}"
                           for c, t in enumerate(worked.total))
        if mapping == "signed":
            result = f"mean {explain_value(float(np.mean(worked.total)), mapping, low, high, relu)}"
    else:
        result = f"sum = {explain_value(float(worked.total), mapping, low, high, relu)}"
    outside = "" if worked.inside.all() else f"; dim: outside the image, filled in by edges: {edges}"
    return Readout(f"{where}{channel_note}: neighbourhood \u00d7 weights, added up{outside}",
                   cells, weights, product_cells, worked.inside, result)


@dataclass
class PoolReadout:
    """One pooled pixel worked out as text: the window's values and the value they pool to."""
    title: str
    lines: list[dict[str, str]]   # one per window row: ink → text (see readout_lines): "weight" marks the winner
    result: str


def make_pool_readout(worked: filters.PoolingWorked, how: str, mapping: str, display_range,
                      relu: bool = False) -> PoolReadout:
    """Turn ``filters.explain_pool``'s numbers into text: the window (the winner marked) and its max or mean."""
    window = worked.window if worked.window.ndim == 2 else worked.window[:, :, 0]
    size = window.shape[0]
    texts = [[format_number(v) for v in row] for row in window.tolist()]
    width = max(len(text) for row in texts for text in row)
    lines = []
    for j, row in enumerate(texts):
        parts: dict[str, list[str]] = {"value": [], "weight": [], "dim": []}
        for i, text in enumerate(row):
            cell = (" " if i else "") + text.rjust(width)
            ink = "weight" if (j, i) == worked.winner else "value"
            for name in parts:
                parts[name].append(cell if name == ink else " " * len(cell))
        lines.append({name: "".join(cells) for name, cells in parts.items()})
    what = "the map after ReLU" if relu else "the filtered map"
    low, high = display_range
    result = np.atleast_1d(worked.result)
    if how == "max":
        title = (f"pooled pixel x {worked.x}, y {worked.y}: the largest of the {size}\u00d7{size} window of {what} "
                 f"(max pooling)")
        verb = "max"
    else:
        title = f"pooled pixel x {worked.x}, y {worked.y}: the mean of the {size}\u00d7{size} window of {what}"
        verb = "mean"
    if len(result) > 1:
        value = "   ".join(f"{'RGB'[c]}: {format_number(float(v))}" for c, v in enumerate(result))
        return PoolReadout(title + ", red channel shown", lines, f"{verb} = {value}")
    return PoolReadout(title, lines, f"{verb} = {explain_value(float(result[0]), mapping, low, high)}")


READOUT_GAP = 3   # characters between the readout's matrices, where × and = stand


def readout_widths(kernel: np.ndarray) -> tuple[int, int, int]:
    """The most characters a number in each readout matrix can take with this kernel:
    (neighbourhood, weights, products).

    Pixel values are 0…255; a product is at most 255·|weight|, with one
    decimal and a minus sign. Set to these widths, the readout keeps its
    columns and its size while the mouse moves from pixel to pixel.
    """
    kernel = np.asarray(kernel, dtype=np.float64)
    weights = max(len(format_weight(w)) for w in kernel.ravel().tolist())
    products = len(f"{255 * float(np.abs(kernel).max()):.1f}") + int(bool((kernel < 0).any()))
    return 3, weights, products


def readout_lines(readout: Readout, widths=(0, 0, 0)) -> list[dict[str, str]]:
    """The readout's three matrices side by side, set for a monospaced font.

    One dict per kernel row: ink → the whole line in that ink, with spaces
    where the other inks' characters stand, so that drawing each ink's string
    at the same place composes the line. Inks: "value" (neighbourhood and
    products), "weight" (the kernel) and "dim" (cells outside the image, and
    × and = on the middle row). Every string of a readout has the same length.
    Each matrix's numbers are right-aligned to at least ``widths`` characters
    (see readout_widths()), and to its longest number.
    """
    matrices = [readout.values, readout.weights, readout.products]
    rows = len(readout.values)
    widths = [max([least] + [len(text) for row in m for text in row]) for m, least in zip(matrices, widths)]
    lines = []
    for j in range(rows):
        parts: dict[str, list[str]] = {"value": [], "weight": [], "dim": []}
        for number, (matrix, width) in enumerate(zip(matrices, widths)):
            for i, text in enumerate(matrix[j]):
                ink = "weight" if number == 1 else "value" if readout.inside[j, i] else "dim"
                cell = (" " if i else "") + text.rjust(width)
                for name in parts:
                    parts[name].append(cell if name == ink else " " * len(cell))
            if number < 2:
                symbol = (" \u00d7 " if number == 0 else " = ") if j == rows // 2 else "   "
                for name in parts:
                    parts[name].append(symbol if name == "dim" else " " * READOUT_GAP)
        lines.append({name: "".join(texts) for name, texts in parts.items()})
    return lines


def ink_block(lines: list[dict[str, str]], ink: str) -> tuple[int, str]:
    """One ink's part of readout_lines(), ready for a single text() call.

    Returns (columns to skip, text): the ink's lines joined by newlines,
    without the spaces that lead every line or trail any of them (Java
    lays out every space it is given), and how many columns the text then
    starts to the right. ``text`` is "" when the ink has nothing to show.
    """
    texts = [by_ink[ink].rstrip() for by_ink in lines]
    filled = [text for text in texts if text]
    if not filled:
        return 0, ""
    skip = min(len(text) - len(text.lstrip(" ")) for text in filled)
    return skip, "\n".join(text[skip:] for text in texts)


# --------------------------------------------------------------------------
# The lines around the panels
# --------------------------------------------------------------------------

def status_line(state: demo.SketchState) -> str:
    """The modes line: border handling, operation, value mapping, and slow motion if running."""
    pool = state.pool if state.pooled is not None else 0
    status = mode_caption(state.edges, state.flip, state.mapping, state.relu, pool, state.pool_mode)
    motion = state.motion
    if motion is not None and not motion.finished():
        status += f"   \u00b7   slow motion {motion.speed} px/s" + (" (paused)" if motion.paused else "")
    return status


def quickdraw_note(index: int, count: int) -> str:
    """The caption for drawing ``index`` (from 0) of a Quick Draw file of ``count`` drawings."""
    return f"Quick Draw drawing {index} of {count} (numbered from 0)"


def split_in_two(text: str) -> list[str]:
    """``text`` as two lines: after its first ": " if it has one, else at the space nearest its middle."""
    head, colon, tail = text.partition(": ")
    if colon:
        return [head + ":", tail]
    spaces = [i for i, char in enumerate(text) if char == " "]
    if not spaces:
        return [text]
    middle = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return [text[:middle], text[middle + 1:]]


def source_note(state: demo.SketchState) -> str:
    """The second line under the source panel: which Quick Draw drawing, or how a photo was scaled; or ""."""
    if state.drawings is not None:
        return quickdraw_note(state.drawing_index, len(state.drawings))
    camera = state.running.camera
    held = "" if camera is None else f"{camera.name}, {'frozen (space: live)' if state.running.frozen else 'live'}"
    if state.scaled_from is not None:
        (width, height), (new_h, new_w) = state.scaled_from, state.image.shape[:2]
        scaled = f"scaled down from {width}\u00d7{height} to {new_w}\u00d7{new_h}"
        return f"{held}: {scaled}" if held else scaled
    return held


# --------------------------------------------------------------------------
# The layer view
# --------------------------------------------------------------------------

def filter_names(state: demo.SketchState) -> list[str]:
    """The bank's filters' names over their columns: the preset's, "random 3×3", "custom", "learned 2"."""
    names = []
    for index, kernel in enumerate(demo.bank_kernels(state)):
        chosen = state.bank[index]
        name, preset_index = chosen.name, chosen.preset_index
        if index == state.bank_selected:
            name, preset_index = state.kernel_name, state.preset_index
        if name == demo.RANDOM:
            names.append(f"random {kernel.shape[0]}\u00d7{kernel.shape[1]}")
        elif name == demo.LEARNED:
            names.append(f"learned {demo.learned_number(state, preset_index)}")
        else:
            names.append(name)
    return names


def layer_title(state: demo.SketchState) -> str:
    count = len(state.bank)
    return f"one convolutional layer: {count} filter{'s' if count != 1 else ''} at once"


def layer_summary(state: demo.SketchState) -> str:
    """What the layer view shows, in one line (when v switches to it), true to ReLU and pooling as they are."""
    pooled = state.layer is not None and state.layer.pooled[0] is not None
    pooling = pool_caption(state.pool, state.pool_mode).replace(" pool ", " pooling ")
    if state.relu and pooled:
        maps = f"each map after ReLU and {pooling}"
    elif state.relu:
        maps = "each map after ReLU (pooling off: p)"
    elif pooled:
        maps = f"each map after {pooling}, without ReLU (z)"
    else:
        maps = "each filter's feature map (ReLU and pooling off: z, p)"
    return f"many filters at once, {maps} (the lesson's Part 2, a CNN's first block)"


def layer_description_parts(state: demo.SketchState) -> tuple[str, str]:
    """The line under the layer view's title, in two parts: the block's steps as a CNN runs them (those that
    are on), and where each filter's pictures are."""
    pooled = state.layer is not None and state.layer.pooled[0] is not None
    steps = ["filters", "feature maps"] + (["ReLU"] if state.relu else []) + (
        [pool_caption(state.pool, state.pool_mode)] if pooled else [])
    where = "each filter: kernel, its sums; under them: " + " and ".join(
        (["pooled"] if pooled else []) + (["after ReLU"] if state.relu else ["ReLU off (z)"]))
    return " \u2192 ".join(steps), where


def layer_description(state: demo.SketchState) -> str:
    """The line under the layer view's title: its steps, and where each filter's pictures are."""
    steps, where = layer_description_parts(state)
    return f"{steps}   ({where})"


def layer_legend(state: demo.SketchState, numbered: list[tuple[int, str]] | None = None,
                 pointing_keys: str = "Shift + arrows") -> list[str]:
    """How to read the layer view, a line each, while nothing is pointed at (true to ReLU and pooling);
    ``numbered``: the filters shown by their number over their column, (number, name)."""
    pooled = state.layer is not None and state.layer.pooled[0] is not None
    lines = [f"Point at a pixel of the drawing or of any map (or press {pointing_keys}) to see it worked out."]
    lines.append("after ReLU: every negative sum becomes 0" if state.relu else
                 "ReLU is off (z): the picture under the sums shows what it would make; nothing uses it")
    if pooled:
        kept = "the largest" if state.pool_mode == "max" else "the mean"
        source = "the map after ReLU" if state.relu else "the sums"
        lines.append(f"pooled: {kept} of each {state.pool}\u00d7{state.pool} window of {source}, "
                     f"1/{state.pool * state.pool} of the pixels")
    else:
        lines.append("pooling is off (p turns it on)")
    if numbered:
        lines.insert(1, "filters: " + ",  ".join(f"{number} {name}" for number, name in numbered))
    return lines + ["kernel: the filter's weights (click one to change it: \u2191 \u2193, typing)",
                    "its sums (the feature map): each pixel's neighbourhood \u00d7 the weights, added up"]


def layer_status(state: demo.SketchState) -> str:
    """The layer view's modes line: as the filter view's, and whether the maps share one colour scale."""
    pooled = state.layer is not None and state.layer.pooled[0] is not None
    line = mode_caption(state.edges, state.flip, state.mapping, state.relu, state.pool if pooled else 0,
                        state.pool_mode)
    if state.mapping in ("stretch", "signed"):
        line += "   \u00b7   colours: " + ("one scale for the layer" if state.shared_scale else "one scale per filter")
    return line


# --------------------------------------------------------------------------
# The network view
# --------------------------------------------------------------------------

def network_title(state: demo.SketchState) -> str:
    if state.running.training is not None:
        return "a small CNN learning its filters from Quick Draw doodles, live"
    return "a small CNN trained on Quick Draw doodles: what it sees in your drawing"


def network_description(state: demo.SketchState) -> str:
    """The line under the title: the network's filters and classes, and where it came from."""
    model = state.running.current_model()
    blocks = "".join(f"{block.filter_count} filters of {block_filter_size(block.weights.shape)} \u2192 ReLU \u2192 "
                     f"2\u00d72 max pool \u2192 " for block in model.blocks)
    classes = ", ".join(model.classes)
    source = "training now" if state.running.training is not None else state.learned_from
    return f"{blocks}dense \u2192 {classes}   ({source}; draw to ask it)"


def block_filter_size(shape) -> str:
    """A conv block's filter size as the description says it: "5×5" for the drawing's, "8×5×5" after it."""
    _, maps, side, _ = shape
    return f"{side}\u00d7{side}" if maps == 1 else f"{maps}\u00d7{side}\u00d7{side}"


def camera_drawing_note(state: demo.SketchState) -> str:
    """Under the network view's input, with --camera: that it is the camera's frame made a drawing; else ""."""
    camera = state.running.camera
    if camera is None:
        return ""
    held = "frozen (space: live)" if state.running.frozen else "live"
    return f"{camera.name}, {held}: the frame's middle square as a Quick Draw drawing"


def network_input_note(turned: bool, blank: bool) -> str:
    """Under the drawing: how the network sees it."""
    if blank:
        return "nothing drawn yet: the network can only guess"
    if turned:
        return "turned round: it learned light strokes on black"
    return "light strokes on black, as it learned them"


def network_status(state: demo.SketchState) -> str:
    """The network view's modes line: how the maps are drawn (the network itself has one way to run)."""
    return (f"values: {state.mapping} (maps in the lesson's units: sums over 0\u2013255 pixels, one scale for all)"
            f"   \u00b7   the network's convolution is edges: skip, cross-correlation")


def cards_label(state: demo.SketchState) -> str:
    blocks = len(state.running.current_model().blocks)
    first = "each learned filter" if blocks == 1 else "each learned filter of block 1"
    return f"{first}, and what it finds in your drawing (after ReLU and max pooling)"


def percent(share: float) -> str:
    """A probability as the bars show it: "99%", "<1%"; "?" when there is none to show (a network whose
    huge weights overflow gives NaN, not a probability)."""
    value = 100 * share
    if not math.isfinite(value):
        return "?"
    return "<1%" if 0 < value < 0.5 else f"{value:.0f}%"


def training_lines(state: demo.SketchState) -> tuple[str] | tuple[str, str, int]:
    """The training panel's two lines: progress, then the curves' legend with the latest figures; and the
    curves' version (a new one after each part of an epoch: the chart is drawn again). ("",): no training."""
    run = state.running.training
    if run is None:
        return ("",)
    line = f"training: epoch {run.epoch + 1} of {run.epochs}, {100 * run.progress:.0f}% of it"
    if run.paused:
        line += " \u00b7 paused"
    if run.done:
        line = f"trained: {run.epochs} epochs"
    if run.error:
        line = f"training stopped: {run.error}"
    figures = "accuracy (blue) and loss (orange) so far"
    if run.accuracies:
        figures = f"accuracy {100 * run.accuracies[-1]:.0f}% (blue), loss {run.losses[-1]:.2f} (orange)"
        if run.held_out is not None:
            figures += f"; on drawings kept out: {100 * run.held_out:.0f}%"
    return line, figures, run.version
