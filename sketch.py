"""Convolution filter demo: a drawing on the left, the same drawing filtered on the right.

    python sketch.py                       # the bundled cat, identity kernel
    python sketch.py --kernel sobel-x      # start with another preset
    python sketch.py --help                # every option

Keys: → / ← next / previous kernel, 1–9 pick one, r random kernel, e edges,
m value mapping, f flip, a slow motion, s screenshot, h help, q quit; point
at a pixel to see its sum, click a weight to edit it. README.md lists them all.

This file is the py5 part only: the window, drawing and keys. The numbers live
in filters.py, the state and what each key does in demo.py, and where things
go on screen in view.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import cli
import demo
import drawing
import filters
import slowmo
import startup
import view

# py5 is imported by main() once the arguments are known to be good, so that
# --help and mistakes in the options work without Java or a display.
py5 = None

MESSAGE_SECONDS = 4.0
SANS, MONO = "SansSerif", "Monospaced"   # the two font families, as Java names them
PANEL_BAND = 6            # pixels around a panel that belong to it (its frame)
# For benchmarks: when set, the time of every repaint is written here at exit.
TIMINGS_FILE = os.environ.get("CONVOLUTION_TIMINGS_FILE")
# For tests: when set, what the demo showed last is written here at exit.
STATE_FILE = os.environ.get("CONVOLUTION_STATE_FILE")


@dataclass
class App:
    """The running sketch: the demo's state plus what py5 needs to draw it."""
    state: demo.Demo
    layout: view.Layout
    save_target: Path | None = None      # --save: draw once, save here, exit
    exit_status: int = 0
    needs_redraw: bool = True            # draw() repaints only when this is set
    needs_pointing: bool = False         # … or just what follows the mouse, when only this is set
    canvas_resized: bool = False         # the window got a new size: py5 blanks the canvas as the next frame begins
    quit_requested: bool = False         # set by Ctrl+C in the terminal; draw() ends the sketch
    message: str = ""                    # a note shown at the bottom for a few seconds
    message_until: float = 0.0
    pending_screenshot: Path | None = None
    pending_open: Path | None = None     # a file chosen in the file dialog, opened by draw()
    save_folder: Path = field(default_factory=Path.cwd)   # where s and d save (the folder it started in)
    panel_images: dict = field(default_factory=dict)   # py5 images reused between frames
    shown: dict = field(default_factory=dict)          # which arrays those images show
    draw_seconds: list = field(default_factory=list)   # how long each repaint took (for benchmarks)
    style: dict = field(default_factory=dict)   # fill and font py5 has now (see fill(), use_font())
    drawn: dict = field(default_factory=dict)   # what each part of the window shows now (see draw_frame())
    fonts: dict = field(default_factory=dict)   # py5 fonts by (family, size), each made once (see use_font())
    widths: dict = field(default_factory=dict)  # character widths by ((family, size), char), ascents by ((family, size), None)
    per_kernel: dict = field(default_factory=dict)   # what is worked out once per kernel (see for_kernel())
    glyph_hint: tuple | None = None             # Java PGraphics and the Java2D hint for whole-pixel glyphs (see whole_pixel_glyphs())


app: App | None = None


# --------------------------------------------------------------------------
# py5's functions
# --------------------------------------------------------------------------

def settings():
    py5.size(app.layout.width, app.layout.height)


def setup():
    py5.get_surface().set_title("Convolution filter demo")
    from jpype import JClass   # py5 talks to Java through JPype
    hints = JClass("java.awt.RenderingHints")
    app.glyph_hint = (py5.get_graphics()._instance, hints.KEY_FRACTIONALMETRICS, hints.VALUE_FRACTIONALMETRICS_OFF)
    use_font(view.BODY_SIZE, MONO)   # the readout's, made now rather than at the first hover
    use_font(view.BODY_SIZE)


def draw():
    """Repaint the whole window, but only when something changed since the last frame.

    py5 keeps the previous frame on screen, so an idle sketch does no work
    here at all.
    """
    if app.quit_requested:
        py5.exit_sketch()
        return
    if app.canvas_resized:   # py5 has blanked the canvas for its new size: repaint every part
        app.canvas_resized = False
        app.drawn.clear()
        app.needs_redraw = True
    if app.pending_open is not None:
        with reporting_errors("opening a file"):
            open_file(app.pending_open)
        app.pending_open = None
    now = time.monotonic()
    if app.message and now > app.message_until:
        app.message = ""
        app.needs_redraw = True
    motion = app.state.motion
    if motion is not None and slowmo.advance(motion, now):
        app.needs_redraw = True
    if not (app.needs_redraw or app.needs_pointing):
        return
    app.style.clear()   # trust nothing from before this frame
    started = time.perf_counter()
    with reporting_errors("drawing"):
        whole_pixel_glyphs()
        if app.needs_redraw:
            draw_frame()
        else:
            draw_pointing()   # only the mouse moved: panels, outlines and readout
    app.needs_redraw = app.needs_pointing = False
    if TIMINGS_FILE:
        app.draw_seconds.append(time.perf_counter() - started)
    if app.pending_screenshot is not None:
        with reporting_errors("saving a screenshot"):
            save_screenshot(app.pending_screenshot)
        app.pending_screenshot = None
    if app.save_target is not None:
        finish_save(app.save_target)


def whole_pixel_glyphs():
    """Place this frame's glyphs on whole pixels: Java then draws text twice as fast.

    Processing asks Java2D for fractional glyph positions at the start of
    every frame and has no setting against it, so this changes the hint on
    its Graphics2D directly. Should that ever fail, text is drawn as
    Processing draws it, only slower.
    """
    if app.glyph_hint is None:
        return
    try:
        graphics, key, value = app.glyph_hint   # Processing's PGraphics: its Graphics2D is new each frame
        graphics.getNative().setRenderingHint(key, value)
    except Exception:  # not Java2D, or py5 changed: nothing is lost but speed
        app.glyph_hint = None


def key_pressed(event):
    with reporting_errors("handling a key"):
        name = key_name(py5.key, py5.key_code)
        result = demo.press(app.state, name, shift=event.is_shift_down(), now=time.monotonic())
        if name == "ESC" and result != "quit":
            py5.intercept_escape()   # Esc left editing a weight: it must not also quit
        if result == "quit":
            py5.exit_sketch()
        elif result == "save":
            app.pending_screenshot = demo.screenshot_path(app.save_folder)
        elif result == "save drawing":
            save_drawing()
        elif result == "open":
            py5.select_input("Open a drawing: PNG, JPEG, or Quick Draw .npy / .bin", file_chosen)
        if result is not None:
            after_change()


SPECIAL_KEYS = {"\x1b": "ESC", "\n": "ENTER", "\r": "ENTER", "\b": "BACKSPACE", "\t": "TAB", "\x7f": "DELETE"}


def key_name(key, key_code) -> str:
    """py5's key and key_code as one name: "LEFT", "UP", "ESC", "ENTER" … or the character typed."""
    if key == py5.CODED:
        arrows = {py5.LEFT: "LEFT", py5.RIGHT: "RIGHT", py5.UP: "UP", py5.DOWN: "DOWN"}
        return arrows.get(key_code, f"CODE{key_code}")
    return SPECIAL_KEYS.get(key, str(key))


def mouse_moved():
    with reporting_errors("following the mouse"):
        pixel = view.pixel_at(app.layout, py5.mouse_x, py5.mouse_y)
        if pixel != app.state.hover:
            app.state.hover = pixel
            app.needs_pointing = True


def mouse_dragged():
    with reporting_errors("drawing with the mouse"):
        if app.state.stroke is not None:
            demo.extend_stroke(app.state, pen_point())
            app.needs_redraw = True
    mouse_moved()


def mouse_pressed():
    with reporting_errors("handling a click"):
        layout, state = app.layout, app.state
        if layout.source.contains(py5.mouse_x, py5.mouse_y) and py5.mouse_button == py5.LEFT:
            demo.begin_stroke(state, pen_point())
        else:
            # A click on a weight selects it; a click anywhere else selects nothing.
            demo.select_cell(state, view.kernel_cell_at(layout, state.kernel.shape, py5.mouse_x, py5.mouse_y))
        app.needs_redraw = True


def mouse_released():
    demo.end_stroke(app.state)


def pen_point() -> tuple[float, float]:
    """The mouse position in the source image's pixels (x, y), as floats."""
    source, scale = app.layout.source, app.layout.scale
    return (py5.mouse_x - source.x) / scale, (py5.mouse_y - source.y) / scale


def mouse_wheel(event):
    with reporting_errors("handling the mouse wheel"):
        cell = view.kernel_cell_at(app.layout, app.state.kernel.shape, py5.mouse_x, py5.mouse_y)
        if cell is None:
            return
        if cell != app.state.selected:
            demo.select_cell(app.state, cell)
        # Wheel up (a negative count) raises the weight.
        demo.nudge_weight(app.state, -event.get_count(), fine=event.is_shift_down())
        after_change()


def window_resized():
    app.canvas_resized = True


def file_chosen(selection):
    """py5 calls this from the file dialog's thread; draw() opens the file on the sketch's own."""
    if selection is not None:
        app.pending_open = Path(str(selection))


def open_file(path: Path):
    """Show another image or Quick Draw file, resizing the window to fit it.

    A file that cannot be used leaves the current drawing in place and says why.
    """
    state = app.state
    try:
        image, source = cli.open_source(path, invert=state.inverted)
    except ValueError as error:
        print(f"sketch.py: error: {error}", file=sys.stderr, flush=True)
        show_message(f"could not open {path.name}: {error}"[:160])
        return
    demo.replace_image(state, image, **source)
    height, width = image.shape[:2]
    layout = view.make_layout(width, height, view.auto_scale(width, height))
    if (layout.width, layout.height) != (app.layout.width, app.layout.height):
        py5.window_resize(layout.width, layout.height)
        app.canvas_resized = True   # py5 does not call window_resized() for this
        # Keep the grown (or shrunk) window on the screen.
        py5.get_surface().set_location(max(0, (py5.display_width - layout.width) // 2),
                                       max(0, (py5.display_height - layout.height) // 2))
    app.layout = layout
    show_message(f"opened {path.name}")


def after_change():
    """Show any notice the demo left, and repaint."""
    if app.state.notice:
        show_message(app.state.notice)
        app.state.notice = ""
    app.needs_redraw = True


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------

def draw_frame():
    """Repaint the parts of the window whose content changed, then what follows the mouse.

    Processing keeps the last frame on screen, so an unchanged part (the
    title, the legend …) is left as it is: each py5 call is a round trip to
    Java, and this keeps a weight edit within a few milliseconds.
    """
    layout, state = app.layout, app.state
    full = state.show_help or not app.drawn
    if full:
        py5.background(*view.WINDOW_BACKGROUND)
        app.drawn.clear()
    labels, factor = for_kernel("labels", view.kernel_labels)
    for name, content, box, draw_part in frame_parts(layout, state, factor):
        if app.drawn.get(name) != content:
            if not full:
                no_stroke_rect(box, view.WINDOW_BACKGROUND)
                forget_frames_under(box)
            draw_part(*content)
            app.drawn[name] = content
    draw_kernel_cells(labels)
    draw_pointing()
    if state.show_help:
        draw_help()
        app.drawn.clear()   # the sheet covers everything: repaint it all once it goes


def frame_parts(layout: view.Layout, state: demo.Demo, factor: str):
    """The window's parts besides the panels: (name, content, box, how to draw it).

    ``content`` is everything the part shows, so a part is repainted exactly
    when it changes; ``box`` is the area cleared before it is repainted.
    ``factor`` is the kernel's common factor ("÷ 16" or ""), from view.kernel_labels.
    """
    boxes = part_boxes(layout)
    return [
        ("header", (demo.kernel_title(state), kernel_description(state)), boxes["header"], draw_header),
        ("kernel", (state.kernel.shape,), layout.kernel, draw_kernel_frame),
        ("kernel note", (kernel_note(state, factor),), kernel_note_box(layout, state.kernel.shape), draw_kernel_note),
        ("captions", (view.size_caption(state.image, state.inverted), state.source_note), boxes["captions"],
         draw_captions),
        ("legend", (state.mapping, state.display_range), boxes["legend"], lambda *_: draw_legend(layout.legend)),
        ("status", (status_line(state),), boxes["status"], draw_status),
        ("hint", (app.message,), boxes["hint"], draw_hint),
    ]


def part_boxes(layout: view.Layout) -> dict:
    """Where each part of frame_parts() lies, to be cleared before it is repainted."""
    below_panels = layout.source.y + layout.source.h + PANEL_BAND
    status_top = layout.status_y - 20
    readout_end = layout.readout.y + layout.readout.h
    return {
        "header": view.Rect(0, 0, layout.width, layout.kernel.y),
        "captions": view.Rect(0, below_panels, layout.output.x - 4, status_top - below_panels),
        "legend": view.Rect(layout.output.x - 4, below_panels, layout.width - layout.output.x + 4,
                            status_top - below_panels),
        "status": view.Rect(0, status_top, layout.width, layout.readout.y - status_top),
        "hint": view.Rect(0, readout_end, layout.width, layout.height - readout_end),
    }


def forget_frames_under(box: view.Rect):
    """Note that a panel's frame must be drawn again when ``box``, just cleared, reached it."""
    for name, panel in (("source", app.layout.source), ("output", app.layout.output)):
        band = view.Rect(panel.x - PANEL_BAND, panel.y - PANEL_BAND, panel.w + 2 * PANEL_BAND, panel.h + 2 * PANEL_BAND)
        if box.overlaps(band):
            app.drawn.pop(("frame", name), None)


def no_stroke_rect(box: view.Rect, colour):
    py5.no_stroke()
    fill(colour)
    py5.rect(box.x, box.y, box.w, box.h)


def draw_pointing():
    """The parts that change as the mouse moves: the panels, their outlines and the readout.

    Drawn over the previous frame, so a mouse move repaints only these.
    """
    layout, state = app.layout, app.state
    if state.show_help:
        return   # the help sheet covers them
    draw_panel("source", layout.source, lambda: view.source_colours(state.image), state.image)
    draw_panel("output", layout.output, lambda: view.output_colours(state.display, state.computed), state.display)
    if state.motion is not None:
        draw_slow_motion_cover(state.motion)
    box, focus = layout.readout, demo.focus_pixel(state)
    if focus is None and app.drawn.get("readout") == "idle":
        return   # the hint is on screen already
    no_stroke_rect(box, view.WINDOW_BACKGROUND)
    if focus is None:
        draw_text(view.IDLE_READOUT, layout.width / 2, box.y + 40, view.BODY_SIZE, view.TEXT_DIM, py5.CENTER)
        app.drawn["readout"] = "idle"
        return
    draw_focus_outlines(focus)
    draw_readout(box, focus)
    app.drawn["readout"] = focus


def draw_panel(name: str, rect: view.Rect, make_colours, source_array):
    """Show a panel's picture with no outline on it, from a py5 image refilled only when its array changed.

    When the picture on screen is still the current one, only the pixels
    under the last outlines are put back: a mouse move copies a few
    thousand pixels instead of the whole panel.
    """
    image, refilled = cached_image(name, rect, make_colours, source_array, app.layout.scale)
    covered = app.drawn.get(("covered", name))   # None: the panel is not on screen as it is now
    if refilled or covered is None:
        # Copied straight into the window's pixels: no blending, a tenth of what image() costs.
        py5.set_pixels(rect.x, rect.y, image)
    else:
        for box in covered:
            u, v = box.x - rect.x, box.y - rect.y
            py5.image(image, box.x, box.y, box.w, box.h, u, v, u + box.w, v + box.h)
    app.drawn[("covered", name)] = []
    if app.drawn.get(("frame", name)) != rect:   # drawn once, again only when something cleared it
        draw_panel_frame(rect)
        app.drawn[("frame", name)] = rect


def draw_panel_frame(rect: view.Rect):
    """A thin frame just outside the panel, so the panel's own pixels stay untouched."""
    no_fill()
    py5.stroke(*view.TEXT_DIM)
    py5.stroke_weight(2)
    py5.rect(rect.x - 3, rect.y - 3, rect.w + 5, rect.h + 5)
    py5.no_stroke()


def cached_image(name: str, rect: view.Rect, make_colours, key, scale: int = 1):
    """A py5 image of rect's size showing ``make_colours()`` (H×W×3) enlarged ``scale``×,
    and whether it was refilled just now.

    The image is made once per size and refilled in place, only when ``key``
    (the array it shows) is a different object: a mouse move that changes
    nothing in it costs no copying.
    """
    image = app.panel_images.get(name)
    if image is None or (image.width, image.height) != (rect.w, rect.h):
        image = app.panel_images[name] = py5.create_image(rect.w, rect.h, py5.RGB)
        image.load_np_pixels()
        app.shown.pop(name, None)
    refilled = app.shown.get(name) is not key
    if refilled:
        view.enlarge_into(image.np_pixels, make_colours(), scale)
        image.update_np_pixels()
        app.shown[name] = key
    return image, refilled


def draw_slow_motion_cover(motion):
    """Hide the output pixels the sliding window has not reached yet."""
    app.drawn[("covered", "output")] = None   # not the picture: the next frame draws it whole
    fill(view.PANEL_BACKGROUND)
    for rect in view.hidden_rects(app.layout.output, app.layout.scale, motion.order, motion.done_count()):
        py5.rect(rect.x, rect.y, rect.w, rect.h)


OUTLINE_REACH = 4   # pixels the outlines' strokes reach beyond their rectangles (smoothed edges included)


def draw_focus_outlines(pixel):
    """Outline the k×k neighbourhood on the source and the pixel it makes on the output.

    The outlines stay inside the panels, and where they went is noted, so
    that draw_panel() can wipe them by putting back just those pixels.
    """
    layout, (y, x) = app.layout, pixel
    rows, cols = app.state.kernel.shape
    outlines = [("source", layout.source, view.pixel_rect(layout.source, layout.scale, y, x, rows, cols)),
                ("output", layout.output, view.pixel_rect(layout.output, layout.scale, y, x))]
    no_fill()
    # Dark under light: visible on white, black and coloured pixels alike.
    for colour, weight in (((0, 0, 0), 5), (view.HIGHLIGHT, 2)):
        py5.stroke(*colour)
        py5.stroke_weight(weight)
        for _, panel, rect in outlines:
            reaches_out = not rect.within(panel, OUTLINE_REACH)
            if reaches_out:
                py5.clip(panel.x, panel.y, panel.w, panel.h)
            py5.rect(rect.x, rect.y, rect.w, rect.h)
            if reaches_out:
                py5.no_clip()
    py5.no_stroke()
    for name, panel, rect in outlines:
        covered, notes = rect.grown_within(OUTLINE_REACH, panel), app.drawn.get(("covered", name))
        if covered is not None and notes is not None:
            notes.append(covered)


def fill(colour):
    """py5.fill, skipped when it is already set: each py5 call is a round trip to Java."""
    if app.style.get("fill") != colour:
        py5.fill(*colour)
        app.style["fill"] = colour


def no_fill():
    py5.no_fill()
    app.style.pop("fill", None)


def use_font(size: int, family: str = SANS):
    """Set text to ``size`` pixels in ``family`` (SANS or MONO).

    Every size gets a font of its own, made the first time it is asked for:
    py5 draws text at the size its font was made ten times faster than text
    scaled by text_size(), and measures it twenty times faster.
    """
    key = (family, int(size))
    if app.style.get("font") != key:
        font = app.fonts.get(key)
        if font is None:
            font = app.fonts[key] = py5.create_font(family, key[1])
        py5.text_font(font)
        app.style["font"] = key


def draw_text(text: str, x: float, y: float, size: int, colour=view.TEXT, align=None):
    """One line of ``text`` at ``size`` pixels, its baseline at ``y``; ``x`` is where it starts,
    or its middle or end when ``align`` is py5.CENTER or py5.RIGHT.

    The alignment is worked out here, from memoised widths, and py5 keeps its
    own (left, baseline) throughout: aligned by py5, the text would be
    measured again, in Java, on every call.
    """
    use_font(size)
    if align == py5.CENTER:
        x -= text_width(text) / 2
    elif align == py5.RIGHT:
        x -= text_width(text)
    fill(colour)
    py5.text(text, x, y)


def fitting_text_size(texts, size: int, width: float, family: str = SANS) -> int:
    """``size``, or smaller so that the widest of ``texts`` fits in ``width`` pixels (view.shrunk_size)."""
    use_font(size, family)
    return view.shrunk_size(size, max(text_width(text) for text in texts), width)


def text_ascent() -> float:
    """py5.text_ascent of the current font, asked of Java once per font."""
    key = (app.style["font"], None)
    if key not in app.widths:
        app.widths[key] = py5.text_ascent()
    return app.widths[key]


def text_width(text: str) -> float:
    """py5.text_width of ``text`` in the current font, from its characters' widths, each asked of Java
    once per font: with glyphs on whole pixels (whole_pixel_glyphs()) a text is exactly as wide as
    its characters together, and a new number needs no trip to Java."""
    font, widths = app.style["font"], app.widths
    total = 0.0
    for char in text:
        width = widths.get((font, char))
        if width is None:
            width = widths[(font, char)] = py5.text_width(char)
        total += width
    return total


def kernel_description(state: demo.Demo) -> str:
    """The line under the kernel's name."""
    if state.kernel_name in filters.PRESETS:
        return (f"preset {state.preset_index + 1} of {len(demo.PRESET_NAMES)}: "
                f"{filters.DESCRIPTIONS[state.kernel_name]}")
    if state.kernel_name == demo.RANDOM:
        return "each weight drawn uniformly from [\u22121, 1]: press r for another"
    return "weights set by hand: \u2190 \u2192 go back to the presets"


def draw_header(title: str, description: str):
    layout = app.layout
    x = min(layout.source.x, view.MARGIN)
    draw_text(title, x, layout.title_y, view.TITLE_SIZE)
    draw_text(description, x, layout.subtitle_y, view.BODY_SIZE, view.TEXT_DIM)


def kernel_note(state: demo.Demo, factor: str) -> str:
    """The line under the kernel: its size, a common factor ("÷ 16"), and whether it is flipped."""
    rows, cols = state.kernel.shape
    note = f"{rows}\u00d7{cols} kernel  {factor}".strip()
    return note + ("  (flipped)" if state.flip else "")


def draw_kernel_frame(shape):
    """What stands around the kernel's cells: * and = between the panels.

    The kernel's box was cleared before this, so every cell and the note
    under them are drawn anew too.
    """
    box = app.layout.kernel
    middle = box.y + box.h // 2
    draw_text("*", box.x + 18, middle + 18, view.TITLE_SIZE + 6, view.TEXT_DIM, py5.CENTER)
    draw_text("=", box.x + box.w - 18, middle + 10, view.TITLE_SIZE, view.TEXT_DIM, py5.CENTER)
    app.drawn["cells"] = {}
    app.drawn.pop("kernel note", None)   # frame_parts() lists the note after this part


def kernel_note_box(layout: view.Layout, shape) -> view.Rect:
    """The strip under the kernel's cells where kernel_note() goes, within the kernel's box."""
    box = layout.kernel
    _, top, cell = view.kernel_grid(box, *shape)
    below_cells = top + shape[0] * cell + 2
    return view.Rect(box.x + PANEL_BAND, below_cells, box.w - 2 * PANEL_BAND, box.y + box.h - below_cells)


def draw_kernel_note(note: str):
    box = kernel_note_box(app.layout, app.state.kernel.shape)
    draw_text(note, box.x + box.w / 2, box.y + 28, view.BODY_SIZE, view.TEXT, py5.CENTER)


def for_kernel(name: str, compute):
    """``compute(kernel)`` for the current kernel, worked out once per kernel.

    A changed kernel is a new array (demo.py never edits one in place), so
    the memo holds while the kernel is the same object.
    """
    kernel, memo = app.state.kernel, app.per_kernel
    if memo.get("kernel") is not kernel:
        memo.clear()
        memo["kernel"] = kernel
    if name not in memo:
        memo[name] = compute(kernel)
    return memo[name]


def draw_kernel_cells(labels):
    """The kernel's weights as a grid of tinted cells; ``labels`` is view.kernel_labels()'s text.

    Only the cells whose label, tint or selection changed are drawn: editing
    one weight redraws one cell (or all, when the tints' scale changes), and
    a repaint that leaves the kernel alone draws none.
    """
    state = app.state
    rows, cols = state.kernel.shape
    if state.selected is not None and state.typed:
        labels = [list(row) for row in labels]   # the memo stays the kernel's own
        labels[state.selected[0]][state.selected[1]] = state.typed.replace("-", "\u2212") + "\u258f"
    left, top, cell = view.kernel_grid(app.layout.kernel, rows, cols)
    longest = max((label for row in labels for label in row), key=len)   # measure one, not all
    size = fitting_text_size([longest], int(cell * 0.42), cell * 0.86)
    colours = for_kernel("cell colours", view.cell_colours)
    drawn = app.drawn.setdefault("cells", {})
    py5.no_stroke()
    for j in range(rows):
        for i in range(cols):
            content = (labels[j][i], colours[j][i], (j, i) == state.selected, size)
            if drawn.get((j, i)) != content:
                draw_cell(left + i * cell, top + j * cell, cell, *content)
                drawn[(j, i)] = content


def draw_cell(x: int, y: int, cell: int, label: str, colour, selected: bool, size: int):
    """One weight: a tinted square (a 1-pixel gap to its neighbours), its number, and the
    selection outline inside it, so a cell can be redrawn without touching the others."""
    fill(colour)   # covers all the cell showed before, its selection outline too; the gap stays as it was
    py5.rect(x + 1, y + 1, cell - 2, cell - 2)
    use_font(size)
    # Centred both ways, as py5.text_align(CENTER, CENTER) would place it.
    draw_text(label, x + cell / 2, y + cell / 2 - size * 0.08 + text_ascent() / 2, size, view.ink_on(colour),
              py5.CENTER)
    if selected:
        no_fill()
        py5.stroke(*view.HIGHLIGHT)
        py5.stroke_weight(4)
        py5.rect(x + 4, y + 4, cell - 8, cell - 8)   # its smoothed edge stays inside the tint
        py5.no_stroke()


def draw_captions(caption: str, note: str):
    layout = app.layout
    # Under the source panel, and under the kernel beside it, never under the legend.
    room = layout.output.x - layout.source.x - 16
    size = fitting_text_size([caption], view.BODY_SIZE, room)
    draw_text(caption, layout.source.x, layout.caption_y, size, view.TEXT_DIM)
    if note:
        size = fitting_text_size([note], view.BODY_SIZE - 3, room)
        draw_text(note, layout.source.x, layout.caption_y + 21, size, view.TEXT_DIM)


def status_line(state: demo.Demo) -> str:
    """The modes line: border handling, operation, value mapping, and slow motion if running."""
    status = view.mode_caption(state.edges, state.flip, state.mapping)
    motion = state.motion
    if motion is not None and not motion.finished():
        status += f"   \u00b7   slow motion {motion.speed} px/s" + (" (paused)" if motion.paused else "")
    return status


def draw_status(status: str):
    layout = app.layout
    size = fitting_text_size([status], view.BODY_SIZE, layout.width - 2 * view.MARGIN)   # slow motion makes it long
    draw_text(status, layout.width / 2, layout.status_y, size, view.TEXT, py5.CENTER)


def draw_legend(bar: view.Rect):
    """The colour bar of the current mapping, with the values at its ends (and 0)."""
    state = app.state
    bar_pixels = lambda: np.repeat(filters.legend_colours(state.mapping, bar.w)[None], bar.h, axis=0)
    py5.image(cached_image("legend", bar, bar_pixels, state.mapping)[0], bar.x, bar.y)
    for position, label in view.legend_labels(state.mapping, *state.display_range):
        align = py5.LEFT if position == 0 else py5.RIGHT if position == 1 else py5.CENTER
        draw_text(label, bar.x + position * bar.w, bar.y + bar.h + 20, view.BODY_SIZE - 2, view.TEXT_DIM, align)


def draw_readout(box: view.Rect, pixel):
    """One output pixel's sum worked out: neighbourhood × weights = products, and the total.

    The three matrices are set in a monospaced font, all their lines in one
    string per ink, so the numbers line up and a repaint takes three text calls.
    """
    state = app.state
    worked = filters.explain_pixel(state.image, state.kernel, pixel[0], pixel[1], state.edges, state.flip)
    readout = view.make_readout(worked, state.edges, state.mapping, state.display_range)
    rows = len(readout.values)
    title_size = fitting_text_size([readout.title, readout.result], view.BODY_SIZE, box.w)
    draw_text(readout.title, box.x, box.y + title_size, title_size, view.TEXT)
    line = min(28, (box.h - 2 * view.BODY_SIZE - 24) // rows)
    lines = view.readout_lines(readout, for_kernel("readout widths", view.readout_widths))
    chars = len(lines[0]["value"])
    size = fitting_text_size(["0" * chars], min(view.BODY_SIZE, line - 4), box.w, MONO)
    use_font(size, MONO)
    x = box.x + (box.w - text_width("0" * chars)) / 2
    top = box.y + view.BODY_SIZE + 14
    py5.text_leading(line)   # after use_font(), which resets it
    inks = {"value": view.TEXT, "weight": view.HIGHLIGHT, "dim": view.TEXT_DIM}
    for ink, colour in inks.items():
        skip, block = view.ink_block(lines, ink)   # every line of one ink in one call
        if block:
            fill(colour)
            py5.text(block, x + skip * text_width("0"), top + line - 6)
    draw_text(readout.result, box.x + box.w / 2, top + rows * line + view.BODY_SIZE + 6, title_size,
              view.HIGHLIGHT, py5.CENTER)


def draw_hint(message: str):
    layout = app.layout
    if message:
        draw_text(message, layout.width / 2, layout.hint_y, view.HINT_SIZE, view.HIGHLIGHT, py5.CENTER)
    else:
        size = fitting_text_size([view.HINT_TEXT], view.HINT_SIZE, layout.width - 2 * view.MARGIN)
        draw_text(view.HINT_TEXT, layout.width / 2, layout.hint_y, size, view.TEXT, py5.CENTER)


def draw_help():
    """A dark sheet over the window listing every key, sized to fit the window."""
    layout = app.layout
    fill((10, 12, 16, 240))
    py5.rect(0, 0, layout.width, layout.height)
    keys = [key for key, _ in view.HELP_LINES]
    meanings = [meaning for _, meaning in view.HELP_LINES]
    size = 24
    use_font(size)
    key_w = max(text_width(key) for key in keys) + size
    meaning_w = max(text_width(meaning) for meaning in meanings)
    scale = min(1.0, (layout.width - 2 * view.MARGIN) / (key_w + meaning_w))
    size, key_w, meaning_w = int(size * scale), key_w * scale, meaning_w * scale
    left = (layout.width - key_w - meaning_w) / 2
    line = size * 1.55
    y = max(view.TITLE_SIZE + 10, (layout.height - line * (len(keys) + 2)) / 2 + view.TITLE_SIZE)
    draw_text("Keys", left, y, view.TITLE_SIZE)
    for key, meaning in view.HELP_LINES:
        y += line
        draw_text(key, left, y, size, view.HIGHLIGHT)
        draw_text(meaning, left + key_w, y, size)
    draw_text("press h to close", left, y + line * 1.3, view.BODY_SIZE, view.TEXT_DIM)


# --------------------------------------------------------------------------
# Saving and reporting
# --------------------------------------------------------------------------

def show_message(text: str):
    """A note at the bottom of the window for a few seconds."""
    app.message = text
    app.message_until = time.monotonic() + MESSAGE_SECONDS
    app.needs_redraw = True


@contextlib.contextmanager
def reporting_errors(doing: str):
    """Report an exception as one line (stderr and window) and keep the sketch running
    with the demo as it was before: a half-done change is rolled back.

    py5 would otherwise stop the sketch at the first exception in draw() or
    an event function.
    """
    state = app.state
    before = dict(vars(state), undo_images=list(state.undo_images))  # arrays are replaced, not changed
    try:
        yield
    except Exception as error:  # the boundary between py5 and our code
        vars(state).update(before)
        app.shown.clear()        # repaint the panels and every part from the restored state
        app.drawn.clear()
        app.needs_redraw = True
        line = f"error while {doing}: {type(error).__name__}: {error}"
        print(f"sketch.py: {line}", file=sys.stderr, flush=True)
        show_message(line[:120])


def save_screenshot(path: Path):
    """Save the window as a new PNG (never over an existing file) and say where."""
    py5.load_np_pixels()
    save_new_file(py5.np_pixels[:, :, 1:].copy(), path, "screenshot")   # ARGB → RGB


def save_drawing():
    """Save the source image (your drawing) at its own size as a new PNG, and say where."""
    save_new_file(app.state.image, demo.screenshot_path(app.save_folder, prefix="drawing"), "drawing")


def save_new_file(pixels, path: Path, what: str):
    """Write ``pixels`` to the new file ``path``; a failure is one line, and the sketch goes on."""
    try:
        drawing.save_new_png(pixels, path)
    except OSError as error:
        reason = error.strerror or str(error)
        line = (f"could not save the {what} as {path}: {reason}; "
                f"check that the folder exists and you can write to it")
        print(f"sketch.py: error: {line}", file=sys.stderr, flush=True)
        show_message(f"could not save the {what}: {reason}")
        return
    print(f"saved {what}: {path.resolve()}", flush=True)
    show_message(f"saved {path.name}")


def finish_save(path: Path):
    """--save: write this frame to ``path`` and end the sketch."""
    try:
        py5.save_frame(str(path), use_thread=False)
        print(f"saved {path.resolve()}", flush=True)
    except Exception as error:
        print(f"sketch.py: error: could not save {path}: {error}", file=sys.stderr, flush=True)
        app.exit_status = 2
    app.save_target = None
    py5.exit_sketch()


# --------------------------------------------------------------------------
# Starting
# --------------------------------------------------------------------------

def main(argv=None) -> int:
    global app, py5
    try:
        state, layout, save_target = cli.prepare(argv)
        app = App(state, layout, save_target=save_target)
        py5 = startup.import_py5()
    except (ValueError, startup.StartupError) as error:
        print(f"sketch.py: error: {error}", file=sys.stderr)
        return 2
    # Ctrl+C in the terminal, or a polite kill, ends the sketch like q does:
    # without this, Java would stop underneath py5 with pages of stack traces.
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: setattr(app, "quit_requested", True))
    py5.run_sketch(block=True, sketch_functions=dict(
        settings=settings, setup=setup, draw=draw, key_pressed=key_pressed, mouse_moved=mouse_moved,
        mouse_dragged=mouse_dragged, mouse_pressed=mouse_pressed, mouse_released=mouse_released,
        mouse_wheel=mouse_wheel, window_resized=window_resized))
    if TIMINGS_FILE:
        Path(TIMINGS_FILE).write_text(json.dumps({"draw_seconds": app.draw_seconds}))
    if STATE_FILE:
        Path(STATE_FILE).write_text(json.dumps(state_report(app.state)))
    return app.exit_status


def state_report(state: demo.Demo) -> dict:
    """What the demo showed, for tests to check the last frame against."""
    return {"image": state.image.tolist(), "kernel": state.kernel.tolist(), "edges": state.edges,
            "flip": state.flip, "mapping": state.mapping, "show_help": state.show_help}


if __name__ == "__main__":
    sys.exit(main())
