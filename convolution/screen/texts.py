"""Every word and number the window shows, built from the state: pure Python, no py5.

Views draw these strings; they never build text themselves. So a title, a
caption or the readout's arithmetic can be checked in a test without a
window, and a change of wording happens here only.
"""

from __future__ import annotations

import math

import numpy as np

import filters

# The kernel's labels and the readouts have modules of their own; their names are texts' too (texts.make_readout …).
from convolution.screen.numbers import common_divisor as common_divisor
from convolution.screen.numbers import format_number as format_number
from convolution.screen.numbers import format_weight as format_weight
from convolution.screen.numbers import kernel_labels as kernel_labels
from convolution.screen.numbers import plain_enough as plain_enough
from convolution.screen.readouts import READOUT_GAP as READOUT_GAP
from convolution.screen.readouts import PoolReadout as PoolReadout
from convolution.screen.readouts import Readout as Readout
from convolution.screen.readouts import explain_value as explain_value
from convolution.screen.readouts import ink_block as ink_block
from convolution.screen.readouts import make_pool_readout as make_pool_readout
from convolution.screen.readouts import make_readout as make_readout
from convolution.screen.readouts import readout_lines as readout_lines
from convolution.screen.readouts import readout_widths as readout_widths
from convolution.state import demo, teach_keys

IDLE_READOUT = "Point at a pixel in either picture to see its sum worked out; click a weight to edit it."
IDLE_LAYER_READOUT = "Point at a pixel of the drawing or of any map to see it worked out; click a kernel to change it."
# The key to every tint of a signed number (weights, the "signed" values, the evidence): words and signs, so
# the colour is never all that tells a sign (the pair itself is filters.NEGATIVE_COLOUR and POSITIVE_COLOUR).
SIGN_KEY = "blue +, orange \u2212"
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


def legend_labels(mapping: str, low: float, high: float) -> list[tuple[float, str]]:
    """Labels along the legend bar: (position 0…1, text)."""
    if mapping == "clamp":
        return [(0.0, "\u2264 0"), (1.0, "\u2265 255")]
    if mapping == "absolute":
        return [(0.0, "|value| 0"), (1.0, "\u2265 255")]
    if mapping == "signed":
        return [(0.0, format_number(low)), (0.5, "0"), (1.0, "+" + format_number(high))]
    return [(0.0, format_number(low)), (1.0, format_number(high))]


# --------------------------------------------------------------------------
# The lines around the panels
# --------------------------------------------------------------------------

def status_line(state: demo.SketchState) -> str:
    """The modes line: border handling, operation, value mapping, and slow motion if running."""
    pool = state.pool if state.pooled is not None else 0
    status = mode_caption(state.edges, state.flip, state.mapping, state.relu, pool, state.pool_mode)
    if relu_changes_nothing(state):
        status = status.replace("   \u00b7   ReLU", "   \u00b7   ReLU on: clamp already shows negatives as black")
    motion = state.motion
    if motion is not None and not motion.finished():
        status += slow_motion_note(motion.speed, motion.paused)
    return status


def slow_motion_note(speed: int, paused: bool) -> str:
    """What the modes line adds while slow motion runs."""
    return f"   \u00b7   slow motion {speed} px/s" + (" (paused)" if paused else "")


def relu_changes_nothing(state: demo.SketchState) -> bool:
    """Whether ReLU, on, leaves every picture of the filter view as it was: with the clamp mapping a negative
    sum is drawn black with or without it, and max pooling (or none) keeps the largest of the same values;
    an average over a window with negatives is not the same after ReLU."""
    pooled = state.pooled is not None and state.pool > 0
    return state.relu and state.mapping == "clamp" and not (pooled and state.pool_mode != "max")


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
    if camera is not None and getattr(camera, "still", False):   # a picture given to --camera: one frame only
        # From the file's own size: its frames are scaled once as they are read, and again to fit the window.
        (width, height), (new_h, new_w) = getattr(camera, "size", None) or state.scaled_from or (0, 0), \
            state.image.shape[:2]
        held = f"{camera.name}: a still picture, not live"
        if (width, height) not in ((0, 0), (new_w, new_h)):
            return f"{held}, scaled down from {width}\u00d7{height} to {new_w}\u00d7{new_h}"
        return held
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
    are on, with the key to the kernels' tints), and where each filter's pictures are."""
    pooled = state.layer is not None and state.layer.pooled[0] is not None
    steps = [f"filters ({SIGN_KEY})", "feature maps"] + (["ReLU"] if state.relu else []) + (
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

def class_network(state: demo.SketchState) -> tuple[int, tuple[str, ...]] | None:
    """(drawings, class names) of the network the class trained in the teach view, if that is the one asked;
    else None (the shipped network, or another --model)."""
    if not teach_keys.trained(state):
        return None
    teaching = state.teaching
    # How many it was given; read with its examples from a folder (not known), the examples it was saved with.
    return teaching.trained_on or teaching.examples.total(), teaching.trained_for


def learned_from(state: demo.SketchState, named: bool = True) -> str:
    """What the network asked learned from: "your class's 36 drawings of 3 classes: circle, square, triangle"
    (without ``named``, the classes' names left to the bars), else "Quick Draw doodles"."""
    found = class_network(state)
    if found is None:
        return "Quick Draw doodles"
    count, names = found
    listed = f": {', '.join(names)}" if named else ""
    return f"your class's {count} drawing{'s' if count != 1 else ''} of {len(names)} classes{listed}"


def network_title(state: demo.SketchState) -> str:
    """Short, to stand large on one line: whose network, and whether it is learning."""
    learning = state.running.training is not None and not state.running.training.done
    if class_network(state) is not None:
        return "your class's CNN, learning live" if learning else "your class's CNN: what it sees"
    if state.running.training is not None:
        return "a small CNN, learning live"
    return "what a small CNN sees in your drawing"


def network_summary(state: demo.SketchState) -> str:
    """What v says on arriving in the network view: the network and what it learned from."""
    return f"a small CNN trained on {learned_from(state)}: every map, score and probability worked out where you point"


def network_layers(state: demo.SketchState) -> str:
    """The network's layers, in order: "8 filters of 5×5 → ReLU → 2×2 max pool → … → dense → 3 classes"."""
    return network_layers_of(state.running.current_model())


def network_layers_of(model) -> str:
    """network_layers for a network.Network."""
    # The first block's filters are drawn as tints beside the maps: the key says which sign is which.
    blocks = "".join(f"{block.filter_count} filters of {block_filter_size(block.weights.shape)}"
                     f"{f' ({SIGN_KEY})' if number == 0 else ''} \u2192 ReLU \u2192 2\u00d72 max pool \u2192 "
                     for number, block in enumerate(model.blocks))
    return f"{blocks}dense \u2192 {len(model.classes)} classes"


def network_description(state: demo.SketchState, named: bool = True) -> str:
    """The line under the title: what the network learned from (its classes; without ``named``, how many, their
    names left to the bars), and what to do. (Its layers are over its maps, and in the readout's legend:
    network_layers.)"""
    model = state.running.current_model()
    classes = ", ".join(model.classes) if named else f"{len(model.classes)} classes"
    if class_network(state) is not None:
        source = ("learning from " if state.running.training is not None and not state.running.training.done
                  else "learned from ") + learned_from(state, named)
    elif state.running.training is not None:
        source = f"learning from Quick Draw doodles of {classes}, live"
    else:
        source = f"trained on Quick Draw doodles: {classes}" if named else f"trained on Quick Draw doodles of {classes}"
        if state.learned_from:
            source += f" ({state.learned_from})"
    return f"{source}; draw to ask it"


def folded_classes_note(count: int) -> str:
    """Under the network view's bars when only the likeliest classes fit: how many more there are."""
    return f"+ {count} more class{'es' if count > 1 else ''}, less likely"


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


def network_input_caption(state: demo.SketchState) -> str:
    """Under the network view's drawing: its size, and the key to block 1's tinted filters beside it."""
    return f"{size_caption(state.image, state.inverted)}  \u00b7  block 1's filters: {SIGN_KEY}"


def evidence_caption(name: str) -> str:
    """Under the drawing when y lays class ``name``'s evidence over it: what the tints mean, signs too."""
    return f"y: the evidence for {name}: {SIGN_KEY}"


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
    figures = "accuracy (blue line), loss (orange dashes) so far"
    if run.accuracies:
        figures = f"accuracy {100 * run.accuracies[-1]:.0f}% (blue line), loss {run.losses[-1]:.2f} (orange dashes)"
        if run.held_out is not None:
            figures += f"; on drawings kept out: {100 * run.held_out:.0f}%"
    return line, figures, run.version


NO_EXAMPLES = "this network file carries no training drawings"   # a model file of format 1 or 2
SWEEP_WORKING, SWEEP_STALE = "working out every shift...", "the sweep was of the drawing before: a sweeps this one"


def verdict(answer) -> str:
    """Near the bars: whether the network answers (judging.Answer), and if not, why not."""
    return f"its answer: {answer.name}" if answer.answered else f"not sure: {answer.reason}"


def nearest_heading(by_pixels: bool) -> str:
    return "nearest by pixels" if by_pixels else "nearest in its own features"


def sweep_caption(name: str, reach: int) -> str:
    return f"how sure of {name} as the drawing slides \u00b1{reach} pixels: centre = as drawn"


def nearest_distance(distance: float, by_pixels: bool) -> str:
    return f"distance {distance:.1f} in " + ("pixels" if by_pixels else "its features (the last block's pooled maps)")
