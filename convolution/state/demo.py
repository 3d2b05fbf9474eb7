"""The sketch's state in one place (``SketchState``), and the plain functions that change it (its pieces: parts.py).

The session (app/session.py) calls these functions as events come; the views build their scenes from what is
here. No py5: every key's effect can be tested without a window.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

import filters
import network
from convolution.files.kernel_text import unknown_kernel_message  # demo.unknown_kernel_message for its callers
from convolution.maths import layer
from convolution.state import pen, slowmo, teach

# The pieces the state is made of (demo.Stroke, demo.Hit … for its callers).
from convolution.state.parts import (  # noqa: F401
    BankFilter,
    Hit,
    Interaction,
    LiveTraining,
    Running,
    Stroke,
    cell_exists,
    flipped_cell,
    same_place,
)
from filters import RANDOM, RANDOM_SIZES, WEIGHT_LIMIT  # the lesson's numbers: demo.RANDOM … for its callers

PRESET_NAMES = list(filters.PRESETS)
MAPPING_NAMES = list(filters.DISPLAY_MAPPINGS)
CUSTOM = "custom"   # the kernel name of weights given or edited by hand
LEARNED = "learned"   # the kernel name of a filter a network learned
# The sketch's screens, in the order v cycles them: the names --view and a lesson's view take
# (screen/views/ has one module for each).
VIEW_NAMES = ("filter", "layer", "network", "teach")
DRAWING_VIEWS = ("network", "teach")   # the views that make a camera's frame a 28×28 drawing, as a network sees one
DEFAULT_BANK = ("vertical-edge", "horizontal-edge", "sobel-x", "sobel-y")   # the layer view's: four edge detectors

WEIGHT_STEP = 0.1         # Up/Down or one notch of the mouse wheel
FINE_WEIGHT_STEP = 0.01   # the same with Shift held
UNDO_DEPTH = 30           # how many drawing steps u can take back


@dataclass
class SketchState:
    """Everything the picture depends on.

    ``output`` is always ``filters.convolve(image, kernel, edges, flip)``, ``feature`` is that after ReLU
    (when ``relu`` is on), ``display`` is ``feature`` mapped for drawing, and ``pooled`` is ``feature`` pooled
    (when ``pool`` is not 0): the functions below recompute them whenever an input changes, so they are
    computed once per change, never per frame.
    """
    image: np.ndarray                 # H×W or H×W×3, values 0–255
    kernel: np.ndarray                # odd-sized 2-D weights
    kernel_name: str                  # a preset's name, RANDOM or CUSTOM
    preset_index: int                 # the preset last chosen; arrows step from here
    rng: np.random.Generator
    edges: str = "skip"
    flip: bool = False
    scaled_from: tuple[int, int] | None = None   # (width, height) of a photo before it was scaled down to fit
    drawings: np.ndarray | None = None  # N×28×28 when the image came from a Quick Draw file
    drawing_index: int = 0            # which of ``drawings`` is shown
    inverted: bool = False            # the image is 255 − the file's values
    mapping: str = "clamp"            # how output values become what is drawn
    relu: bool = False                # negative sums become 0 before they are drawn and pooled
    pool: int = 0                     # pooling window (and stride) in pixels; 0: no pooling
    pool_mode: str = "max"            # "max" or "average" pooling
    custom_from: str = ""             # the kernel an edited (CUSTOM) kernel started as
    random_size: int = 3              # the size r rerolls
    learned: list = field(default_factory=list)   # a network's first-layer filters (after the presets for → ←)
    learned_from: str = ""            # the model file they came from, e.g. "doodles.npz"
    motion: slowmo.SlowMotion | None = None   # the sliding-window animation, when running
    notice: str = ""                  # a one-off message for the sketch to show
    stroke: Stroke | None = None      # the mouse stroke being drawn
    undo_images: list = field(default_factory=list)   # images before each drawing step
    # The layer view's bank of filters. The selected one is the kernel above (kernel, kernel_name …),
    # so every key that changes the kernel changes it; bank[bank_selected] is stale until another is selected.
    bank: list[BankFilter] = field(default_factory=list)
    bank_selected: int = 0
    shared_scale: bool = False        # the layer's maps on one colour scale, instead of one per filter
    ui: Interaction = field(default_factory=lambda: Interaction())     # what only the screen needs
    running: Running = field(default_factory=lambda: Running())        # the network, and training beside the window
    teaching: teach.Teaching = field(default_factory=lambda: teach.Teaching(teach.Examples.default()))   # teach view
    drawing_steps: int = 0            # drawing steps u can take back (the teach view's changes interleave with them)
    output: np.ndarray = field(init=False)
    computed: np.ndarray = field(init=False)   # H×W bool: pixels convolve computed
    display: np.ndarray = field(init=False)    # output mapped to uint8 (H×W, or H×W×3)
    display_range: tuple = field(init=False)   # the output values at the legend's two ends
    feature: np.ndarray = field(init=False)    # output, after ReLU if relu is on
    pooled: np.ndarray | None = field(init=False)          # feature pooled, or None with pooling off
    pooled_display: np.ndarray | None = field(init=False)  # pooled mapped to uint8, on the output's scale
    layer_sums: tuple[list, list] = field(init=False)      # (sums, computed) of every bank filter (layer.feature_maps)
    layer: layer.LayerMaps | None = field(init=False)      # the bank's maps, or None without a bank

    def __post_init__(self):
        self.refilter()

    def refilter(self) -> None:
        """Recompute the output (and what is drawn) from the image, kernel and modes."""
        self.output = filters.convolve(self.image, self.kernel, self.edges, self.flip)
        self.computed = filters.computed_mask(self.image.shape, self.kernel.shape, self.edges)
        if self.ui.selected is not None and not cell_exists(self.kernel, self.ui.selected):
            self.ui.selected, self.ui.typed, self.ui.editing_from = None, "", None
        if self.motion is not None:
            self.motion.order = np.argwhere(self.computed)
        self.layer_sums = layer.feature_maps(self.image, bank_kernels(self), self.edges, self.flip)
        self.remap()

    def remap(self) -> None:
        """Recompute what follows the sums (ReLU, pooling) and what is drawn, after a mode changed."""
        self.feature = filters.relu(self.output) if self.relu else self.output
        self.display_range = filters.display_range(self.feature, self.mapping, self.computed)
        self.display = filters.to_display(self.feature, self.mapping, self.computed, self.display_range)
        self.pooled = self.pooled_display = None
        if self.pool and self.pool <= min(self.image.shape[:2]):
            # The whole map is pooled, the border "skip" leaves at 0 included, as the lesson's loops do.
            self.pooled = filters.pool(self.feature, self.pool, how=self.pool_mode)
            self.pooled_display = filters.to_display(self.pooled, self.mapping, value_range=self.display_range)
        self.layer = None
        if self.bank:
            pool = self.pool if self.pool <= min(self.image.shape[:2]) else 0
            self.layer = layer.finish(*self.layer_sums, self.relu, pool, self.pool_mode, self.mapping,
                                      self.shared_scale)


# ---- Rolling back a change that failed half-way ------------------------------------------------------------

def checkpoint(demo: SketchState) -> dict:
    """Everything an event may change, as it is now, for ``restore`` (the window rolls a failed change back with
    these). Arrays are shared, not copied: the functions here replace an array when it changes, never write into
    one; what they do change in place (the lists, the pen's stroke, slow motion, the interaction, the random
    generator's position) is copied. ``running`` is not: a training process is not rolled back."""
    saved = dict(vars(demo))
    saved.update(ui=dataclasses.replace(demo.ui), undo_images=list(demo.undo_images), bank=list(demo.bank),
                 learned=list(demo.learned), rng_state=demo.rng.bit_generator.state,
                 teaching=dataclasses.replace(demo.teaching, undo=list(demo.teaching.undo)),
                 stroke=None if demo.stroke is None else dataclasses.replace(demo.stroke),
                 motion=None if demo.motion is None else dataclasses.replace(demo.motion))
    return saved


def restore(demo: SketchState, saved: dict) -> None:
    """Make ``demo`` what it was when ``checkpoint`` saved it."""
    saved = dict(saved)
    rng_state = saved.pop("rng_state")
    vars(demo).update(saved)
    demo.rng.bit_generator.state = rng_state
    demo.ui = dataclasses.replace(demo.ui)   # the checkpoint's own copies stay untouched, for another restore
    demo.bank, demo.undo_images, demo.learned = list(demo.bank), list(demo.undo_images), list(demo.learned)
    demo.teaching = dataclasses.replace(demo.teaching, undo=list(demo.teaching.undo))


def new_demo(image: np.ndarray, kernel_name="identity", edges: str = "skip",
             flip: bool = False, seed: int | None = None, **source) -> SketchState:
    """A demo showing ``image`` with the given modes and kernel.

    ``kernel_name`` is a preset's name, RANDOM, or a 2-D array of weights (shown as CUSTOM). ``source`` may
    set any other field of SketchState: scaled_from, drawings, drawing_index, inverted, mapping, relu, pool,
    pool_mode.
    """
    rng = np.random.default_rng(seed)
    filters.check_edges(edges)
    if not isinstance(kernel_name, str):
        kernel, name, index = filters.check_kernel(kernel_name), CUSTOM, 0
        source.setdefault("custom_from", "the command line")
    elif kernel_name == RANDOM:
        kernel, name, index = filters.random_kernel(rng), RANDOM, 0
    elif kernel_name in filters.PRESETS:
        kernel, name, index = filters.PRESETS[kernel_name], kernel_name, PRESET_NAMES.index(kernel_name)
    else:
        raise ValueError(unknown_kernel_message(kernel_name))
    return SketchState(image, kernel, name, index, rng, edges, flip, **source)


def use_model(demo: SketchState, model: network.Network, name: str) -> None:
    """Ask ``model`` (a network.Network) in the network view, and offer its first-layer filters as kernels ("learned
    1" …, after the presets) and as the layer view's bank "learned"."""
    demo.running.model, demo.learned_from = model, name
    demo.learned = [np.asarray(kernel, dtype=np.float64) for kernel in model.filters]


def snapshot(demo: SketchState) -> SketchState:
    """A copy of what ``demo`` shows now (image, kernel, modes), free of the original: for work done beside the
    window, such as a GIF clip, while the original goes on changing."""
    return SketchState(demo.image.copy(), demo.kernel, demo.kernel_name, demo.preset_index,
                np.random.default_rng(), demo.edges, demo.flip, mapping=demo.mapping, relu=demo.relu,
                pool=demo.pool, pool_mode=demo.pool_mode, inverted=demo.inverted)


def bank_kernels(demo: SketchState) -> list[np.ndarray]:
    """The layer view's kernels, in order, the selected one as it is now."""
    return [demo.kernel if i == demo.bank_selected else bank_filter.kernel for i, bank_filter in enumerate(demo.bank)]


def use_bank(demo: SketchState, names, keep_current: bool = False) -> None:
    """Give the layer view these filters: preset names, RANDOM (one random filter each), or LEARNED (the loaded
    network's filters, up to layer.MAX_FILTERS). The first is selected. With ``keep_current``, the kernel shown now
    (unless it is the identity) takes the first place, so it stays in view. Raises ValueError for an unknown
    name."""
    current = BankFilter(demo.kernel, demo.kernel_name, demo.preset_index, demo.custom_from)
    bank = []
    for name in names:
        if name == LEARNED:
            if not demo.learned:
                raise ValueError("no learned filters: load a model (--model) to use 'learned'")
            start = len(PRESET_NAMES)
            learned = demo.learned[:layer.MAX_FILTERS]
            bank += [BankFilter(kernel, LEARNED, start + i) for i, kernel in enumerate(learned)]
        elif name == RANDOM:
            bank.append(BankFilter(filters.random_kernel(demo.rng, demo.random_size), RANDOM))
        elif name in filters.PRESETS:
            bank.append(BankFilter(filters.PRESETS[name], name, PRESET_NAMES.index(name)))
        else:
            raise ValueError(unknown_kernel_message(name))
    if not bank:
        raise ValueError("a layer needs at least one filter")
    if keep_current and current.name != "identity":
        bank = [current] + [f for f in bank if f.name != current.name][:len(bank) - 1]
    demo.bank, demo.bank_selected = bank, 0
    _load_filter(demo, bank[0])
    demo.refilter()


def _load_filter(demo: SketchState, chosen: BankFilter) -> None:
    demo.kernel, demo.kernel_name = chosen.kernel, chosen.name
    demo.preset_index, demo.custom_from = chosen.preset_index, chosen.custom_from
    demo.ui.selected = demo.ui.editing_from = None
    demo.ui.typed = ""


def select_filter(demo: SketchState, index: int) -> None:
    """Make bank filter ``index`` the one keys and edits change (it becomes the kernel)."""
    if not demo.bank or index == demo.bank_selected or not 0 <= index < len(demo.bank):
        return
    demo.bank[demo.bank_selected] = BankFilter(demo.kernel, demo.kernel_name, demo.preset_index, demo.custom_from)
    demo.bank_selected = index
    _load_filter(demo, demo.bank[index])
    demo.refilter()


def reroll_layer(demo: SketchState) -> None:
    """A whole untrained layer: every filter of the bank new random weights (of ``random_size``)."""
    if not demo.bank:
        reroll(demo)
        return
    for i in range(len(demo.bank)):
        demo.bank[i] = BankFilter(filters.random_kernel(demo.rng, demo.random_size), RANDOM)
    _load_filter(demo, demo.bank[demo.bank_selected])
    demo.refilter()


def toggle_shared_scale(demo: SketchState) -> None:
    """The layer's maps on one colour scale ↔ one scale per filter."""
    demo.shared_scale = not demo.shared_scale
    if demo.mapping in ("clamp", "absolute"):
        demo.notice = f"values: {demo.mapping} has one fixed scale; the choice shows with stretch or signed (m)"
    demo.remap()


# ---- Choosing kernels and modes ----------------------------------------------------------------------------

def set_kernel(demo: SketchState, kernel: np.ndarray, name: str) -> None:
    """Show ``kernel`` under ``name``. A selected cell stays selected, at the same place relative to the centre (the
    nearest cell if a smaller kernel has no such place)."""
    if demo.ui.selected is not None:
        demo.ui.selected = same_place(demo.ui.selected, demo.kernel.shape, kernel.shape)
        demo.ui.editing_from = kernel
    demo.kernel, demo.kernel_name, demo.custom_from, demo.ui.typed = kernel, name, "", ""
    demo.refilter()


def choose_preset(demo: SketchState, index: int) -> None:
    """Show preset number ``index`` (0-based): the presets, then the learned filters, if a network's are loaded
    (``demo.learned``); wraps around."""
    demo.preset_index = index % (len(PRESET_NAMES) + len(demo.learned))
    if demo.preset_index < len(PRESET_NAMES):
        name = PRESET_NAMES[demo.preset_index]
        set_kernel(demo, filters.PRESETS[name], name)
    else:
        set_kernel(demo, demo.learned[demo.preset_index - len(PRESET_NAMES)], LEARNED)


def learned_number(demo: SketchState, preset_index: int | None = None) -> int:
    """Which learned filter (from 1) a LEARNED kernel is."""
    return (demo.preset_index if preset_index is None else preset_index) - len(PRESET_NAMES) + 1


def step_preset(demo: SketchState, step: int) -> None:
    """Next (+1) or previous (−1) kernel of the presets and learned filters. After a reroll or an edit, +1 goes to
    the one after the one last shown and −1 back to that one itself."""
    if demo.kernel_name in (RANDOM, CUSTOM) and step < 0:
        step += 1
    choose_preset(demo, demo.preset_index + step)


def reroll(demo: SketchState) -> None:
    """A fresh random kernel of ``random_size``, weights uniform in [−1, 1]."""
    set_kernel(demo, filters.random_kernel(demo.rng, demo.random_size), RANDOM)


def toggle_random_size(demo: SketchState) -> None:
    """Switch the size of random kernels between 3×3 and 5×5, and reroll one."""
    demo.random_size = RANDOM_SIZES[(RANDOM_SIZES.index(demo.random_size) + 1) % len(RANDOM_SIZES)]
    reroll(demo)


def cycle_edges(demo: SketchState) -> None:
    """skip → zero → extend → wrap → reflect → skip …"""
    modes = filters.EDGE_MODES
    demo.edges = modes[(modes.index(demo.edges) + 1) % len(modes)]
    demo.refilter()


def cycle_mapping(demo: SketchState) -> None:
    """clamp → absolute → stretch → signed → clamp …"""
    demo.mapping = MAPPING_NAMES[(MAPPING_NAMES.index(demo.mapping) + 1) % len(MAPPING_NAMES)]
    demo.remap()


POOL_SIZES = (0, 2, 3, 4)   # the pooling windows p steps through; 0 is off


def cycle_pool(demo: SketchState) -> None:
    """Pooling off → 2×2 → 3×3 → 4×4 → off …, skipping windows larger than the image."""
    fits = [size for size in POOL_SIZES if size <= min(demo.image.shape[:2])]
    demo.pool = fits[(fits.index(demo.pool) + 1) % len(fits)] if demo.pool in fits else 0
    demo.remap()


def toggle_pool_mode(demo: SketchState) -> None:
    """Max pooling (the lesson's) ↔ average pooling."""
    demo.pool_mode = "average" if demo.pool_mode == "max" else "max"
    if not demo.pool:
        demo.notice = f"{demo.pool_mode} pooling, once pooling is on (p)"
    demo.remap()


def set_relu(demo: SketchState, on: bool) -> None:
    """ReLU on or off."""
    if demo.relu != on:
        demo.relu = on
        demo.remap()


def toggle_relu(demo: SketchState) -> None:
    """ReLU on ↔ off: with it, negative sums become 0 before they are drawn and pooled."""
    demo.relu = not demo.relu
    demo.remap()


def toggle_flip(demo: SketchState) -> None:
    """Cross-correlation (what CNNs compute) ↔ true convolution (kernel turned 180°)."""
    demo.flip = not demo.flip
    demo.refilter()


def toggle_help(demo: SketchState) -> None:
    demo.ui.show_help = not demo.ui.show_help


# ---- Editing the kernel's weights --------------------------------------------------------------------------

def set_weight(demo: SketchState, cell: tuple[int, int], value: float) -> None:
    """Set one weight (limited to ±WEIGHT_LIMIT); the kernel becomes CUSTOM."""
    if not np.isfinite(value):
        demo.notice = "a weight must be a finite number"
        return
    if abs(value) > WEIGHT_LIMIT:
        demo.notice = f"weights are limited to \u00b1{WEIGHT_LIMIT:g}"
        value = float(np.clip(value, -WEIGHT_LIMIT, WEIGHT_LIMIT))
    if demo.kernel_name != CUSTOM:
        demo.custom_from = demo.kernel_name if demo.kernel_name != RANDOM else "random"
        demo.kernel_name = CUSTOM
    kernel = demo.kernel.copy()   # never change a preset's own array
    kernel[cell] = value
    demo.kernel = kernel
    demo.refilter()


def select_cell(demo: SketchState, cell: tuple[int, int] | None) -> None:
    """Select a kernel cell for editing (None: select nothing, and editing ends)."""
    demo.ui.selected = cell if cell is not None and cell_exists(demo.kernel, cell) else None
    if demo.ui.selected is None:
        demo.ui.editing_from = None
    elif demo.ui.editing_from is None:
        demo.ui.editing_from = demo.kernel
    demo.ui.typed = ""


def centre_cell(demo: SketchState) -> tuple[int, int]:
    return demo.kernel.shape[0] // 2, demo.kernel.shape[1] // 2


def move_selection(demo: SketchState, step: int = 1) -> None:
    """Tab: the next cell in reading order (the centre if none was selected)."""
    rows, cols = demo.kernel.shape
    if demo.ui.selected is None:
        select_cell(demo, centre_cell(demo))
        return
    index = (demo.ui.selected[0] * cols + demo.ui.selected[1] + step) % (rows * cols)
    select_cell(demo, divmod(index, cols))


def nudge_weight(demo: SketchState, steps: float, fine: bool = False) -> None:
    """Change the selected weight by ``steps`` steps (0.1, or 0.01 when fine).

    With no cell selected, the centre cell is selected first.
    """
    if demo.ui.selected is None:
        select_cell(demo, centre_cell(demo))
    cell = demo.ui.selected or centre_cell(demo)
    step = FINE_WEIGHT_STEP if fine else WEIGHT_STEP
    value = round(float(demo.kernel[cell]) + steps * step, 10)  # drop float noise only
    demo.ui.typed = ""
    set_weight(demo, cell, value)


def type_into_cell(demo: SketchState, char: str) -> None:
    """Typing a number into the selected cell: digits, "-", "." and Backspace.

    The weight follows the text as soon as it reads as a number, so "0" resets the cell at once and "-0.5"
    ends as −0.5.
    """
    if char == "BACKSPACE":
        demo.ui.typed = demo.ui.typed[:-1]
    elif len(demo.ui.typed) < 7:
        demo.ui.typed += char
    try:
        value = float(demo.ui.typed)
    except ValueError:
        return   # "", "-" or "." on the way to a number
    if demo.ui.selected is not None:
        set_weight(demo, demo.ui.selected, value)


def normalise(demo: SketchState) -> None:
    """Divide the weights by their sum, so a flat grey stays the same grey."""
    total = float(demo.kernel.sum())
    if abs(total) < 1e-9:
        demo.notice = "the weights add up to 0: there is nothing to divide by"
        return
    if abs(total - 1.0) < 1e-9:
        demo.notice = "the weights already add up to 1"
        return
    source = demo.kernel_name if demo.kernel_name != CUSTOM else demo.custom_from
    demo.kernel = demo.kernel / total
    demo.kernel_name, demo.custom_from = CUSTOM, source
    demo.refilter()
    demo.notice = f"divided every weight by their sum, {total:g}"


# ---- Drawing, and other images -----------------------------------------------------------------------------

def _remember_image(demo: SketchState) -> None:
    demo.undo_images.append(demo.image)
    del demo.undo_images[:-UNDO_DEPTH]
    demo.drawing_steps += 1


def _show_image(demo: SketchState, image: np.ndarray) -> None:
    demo.image = image
    demo.refilter()


def begin_stroke(demo: SketchState, point: tuple[float, float]) -> None:
    """Put the pen down at ``point`` (x, y in image pixels) in the drawing's ink colour."""
    _remember_image(demo)
    base = demo.image.astype(np.float32)
    demo.stroke = Stroke(base, np.zeros(base.shape[:2], np.float32), point, pen.ink_for(base))
    extend_stroke(demo, point)


def extend_stroke(demo: SketchState, point: tuple[float, float]) -> None:
    """Draw on to ``point``; the output follows at once."""
    stroke = demo.stroke
    if stroke is None:
        return
    segment = pen.segment_coverage(stroke.base.shape, stroke.last, point)
    stroke = demo.stroke = dataclasses.replace(stroke, coverage=np.maximum(stroke.coverage, segment), last=point)
    # Whole grey levels, as a canvas would store them.
    _show_image(demo, np.rint(pen.paint(stroke.base, stroke.coverage, stroke.ink)))


def end_stroke(demo: SketchState) -> None:
    demo.stroke = None


def undo(demo: SketchState) -> None:
    """Take back the last stroke, clear or drawing change, or the teach view's last change of its examples (an
    example added, with the drawing it was made from, or one taken back), whichever came last."""
    changes = demo.teaching.undo
    if changes and (changes[-1][2] >= demo.drawing_steps or not demo.undo_images):
        examples, image, demo.drawing_steps = changes.pop()
        demo.teaching.examples, demo.stroke = examples, None
        _show_image(demo, image)
        return
    if not demo.undo_images:
        demo.notice = "nothing to undo"
        return
    demo.stroke = None
    demo.drawing_steps = max(0, demo.drawing_steps - 1)
    _show_image(demo, demo.undo_images.pop())


def change_drawing(demo: SketchState, image: np.ndarray) -> None:
    """Show ``image`` (H×W float32) in place of the drawing, a drawing step of its own (u takes it back)."""
    _remember_image(demo)
    demo.stroke = None
    _show_image(demo, image)


def clear_canvas(demo: SketchState) -> None:
    """A blank page to draw on, in the drawing's paper colour (u brings the drawing back)."""
    change_drawing(demo, np.full(demo.image.shape, pen.paper_for(demo.image), np.float32))


def replace_pad(demo: SketchState, image: np.ndarray) -> None:
    """Show ``image`` as the drawing without a drawing step of its own (the teach view clears the pad once it has
    taken an example: u takes the two back together)."""
    _show_image(demo, image)


def invert_image(demo: SketchState) -> None:
    """Dark-on-light ↔ light-on-dark: every value v becomes 255 − v, for the filter too."""
    demo.inverted = not demo.inverted
    demo.undo_images = [255 - image for image in demo.undo_images]
    _show_image(demo, 255 - demo.image.astype(np.float32))


def replace_image(demo: SketchState, image: np.ndarray, **source) -> None:
    """Show another image (a file just opened); ``source`` as for new_demo. The drawing history, the pointer and
    slow motion start afresh; kernel and modes stay."""
    demo.scaled_from, demo.drawings, demo.drawing_index, demo.inverted = None, None, 0, False
    for name, value in source.items():
        setattr(demo, name, value)
    demo.undo_images, demo.stroke, demo.ui.hover, demo.motion = [], None, None, None
    _show_image(demo, image)


def show_frame(demo: SketchState, image: np.ndarray, scaled_from: tuple[int, int] | None = None) -> None:
    """Show the camera's newest frame (H×W or H×W×3 uint8) in place of the last one: the output, maps and readout
    follow it; the pointer and kernel stay. Frames are not drawing steps: u does not go through them."""
    demo.scaled_from, demo.stroke = scaled_from, None
    _show_image(demo, image)


def toggle_freeze(demo: SketchState) -> None:
    """Hold the camera's frame (then it is an image like any other: point, draw, save it) ↔ live again."""
    camera = demo.running.camera
    if camera is None:
        demo.notice = "nothing to freeze: start the sketch with --camera (a camera) or --camera FILE (a video)"
        return
    demo.running.frozen = not demo.running.frozen
    camera.hold(demo.running.frozen)
    if not demo.running.frozen:
        demo.undo_images, demo.stroke, demo.motion = [], None, None   # live frames take the drawing's place
    demo.notice = ("frozen: point, draw, a, d and s work on this frame; space goes live again" if demo.running.frozen
                   else f"live: {camera.name}")


def live(demo: SketchState) -> bool:
    """Whether the picture follows a camera now (not frozen)."""
    return demo.running.camera is not None and not demo.running.frozen


def step_drawing(demo: SketchState, step: int) -> None:
    """The next (+1) or previous (−1) drawing of a Quick Draw file, shown as the user chose."""
    if demo.drawings is None:
        demo.notice = "] and [ step through Quick Draw files: open one with --image cats.npy or .bin"
        return
    demo.drawing_index = (demo.drawing_index + step) % len(demo.drawings)
    image = demo.drawings[demo.drawing_index].astype(np.float32)
    _remember_image(demo)
    _show_image(demo, 255 - image if demo.inverted else image)


# ---- Pointing at pixels, and slow motion -------------------------------------------------------------------

def focus_pixel(demo: SketchState) -> tuple[int, int] | None:
    """The (y, x) pixel the readout explains: the sliding window's, else the mouse's."""
    if demo.motion is not None and not demo.motion.finished():
        return demo.motion.current()
    return demo.ui.hover


def toggle_slow_motion(demo: SketchState, now: float) -> None:
    """Start the sliding-window animation from the first pixel, or stop it. A live camera's frame is frozen first:
    the window slides over one picture."""
    if live(demo):
        toggle_freeze(demo)
    if demo.motion is None or demo.motion.finished():
        speed = demo.motion.speed_index if demo.motion else slowmo.DEFAULT_SPEED
        demo.motion = slowmo.start(demo.computed, now, speed)
    else:
        demo.motion = None
