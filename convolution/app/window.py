"""The window: one ``Sketch`` object holds the window's state, and py5's callbacks are its methods.

What each key does is in state/keys.py, the numbers in filters.py, the
state and its changes in state/demo.py, and what is drawn where in the view
modules (screen/views/). ``main`` is what sketch.py runs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

import network
from convolution.app import startup
from convolution.app.options import prepare
from convolution.app.surface import Keeper, fit_frame, note_window_sizes
from convolution.app.window_size import WindowSize
from convolution.classroom import clips, lessons
from convolution.files import autosave, camera, images, reading, saving, sources
from convolution.files import examples as example_files
from convolution.learning import background
from convolution.screen import geometry, views
from convolution.screen.canvas import Canvas
from convolution.screen.pixels import THEMES  # (not "import pixels": py5 keeps a name "pixels" of its own in __main__)
from convolution.screen.views import common
from convolution.state import demo, keys, slowmo, teach, teaching

MESSAGE_SECONDS = 4.0
BLANK = (0, 0, 0)         # a blanked screen: black, as a projector's own blank
SCREEN_EDGES = (16, 64)   # of a screen's width and height, left for the window's frame, title bar and taskbar
MAX_SHRINKS = 20          # times a picture too big for the window is made smaller (0.8× each) …
SMALLEST_SHRUNK = 64      # … but never below this many pixels a side: then the text is what does not fit
SMALLEST_FRAME = 28       # … a camera's frames, down to a Quick Draw drawing's size
TOO_SMALL = (240, 160)    # a window smaller than this shows only a line asking for a larger one
WINDOW_TITLE = "Convolution filter demo"

CODED_KEYS = {122: "F11", 33: "PAGE_UP", 34: "PAGE_DOWN"}   # Java's key codes (what presentation clickers send)
SPECIAL_KEYS = {"\x1b": "ESC", "\n": "ENTER", "\r": "ENTER", "\b": "BACKSPACE", "\t": "TAB", "\x7f": "DELETE"}


NETWORK_CLIP = ("g clips the filter view's sliding window or a lesson's steps, not the network: v switches views; "
                "s saves this screen as a PNG")


@dataclass
class Sketch:
    """The running sketch: what it shows (``state``), how (``view``), and the window's own business.

    py5 calls the methods under "py5's callbacks"; keys reach the state
    through keys.py, and keys that need the window call the methods under
    "What only the window can do".
    """
    state: demo.Demo
    view_name: str = "filter"
    scale: int | None = None               # --scale, or None: the automatic scale
    save_target: Path | None = None        # --save: draw once, save here, exit
    overwrite: bool = False                # --overwrite: --save may replace a file (once the new one is complete)
    save_folder: Path = field(default_factory=Path.cwd)   # where s and d save (the folder it started in)
    exit_status: int = 0
    needs_redraw: bool = True              # draw() repaints only when this is set
    needs_pointing: bool = False           # … or just what follows the mouse, when only this is set
    canvas_resized: bool = False           # the window got a new size: py5 blanks the canvas as the next frame begins
    quit_requested: bool = False           # q, Esc, Ctrl+C in the terminal: draw() ends the sketch
    message: str = ""                      # a note shown at the bottom for a few seconds
    message_until: float = 0.0
    pending_screenshot: Path | None = None
    pending_open: Path | None = None       # a file chosen in the file dialog, opened by draw()
    open_folder: Path | None = None        # where the last file opened was: the file chooser opens there
    training_reported: Any = None          # the training run whose end was printed
    training_parts_due: bool = False       # live training: the text and curves of the last update are still to draw
    fullscreen: bool = False               # --fullscreen, or F11: the window fills the screen
    window: tuple | None = None            # the window's (width, height): chosen once as it opens, then the user's
    sizing: WindowSize | None = None       # … and what is due to it (F11, the user's resizes): window_size.py
    size_listener: Any = None              # … told by Java of the window's sizes (surface.note_window_sizes)
    lesson: Any = None                     # --lesson: a lessons.LessonPlayer, stepped by Page Down / Page Up
    blank: bool = False                    # b or . (a clicker's blank key): the screen is black
    blank_shown: bool = False              # … and has been painted black
    clip_thread: Any = None                # a GIF clip being made in the background
    theme: str = "dark"                    # a name in THEMES (pixels.py)
    seed: int = 1                          # --seed: live training's random numbers
    py5: Any = None                        # the py5 module, once started
    canvas: Canvas | None = None           # made in setup()
    keeper: Keeper | None = None           # started in setup(): keeps the window alive (surface.py)
    frame_side: int | None = None          # --camera: frames are shown at most this long a side (to fit the window)
    shown_frame: Any = None                # … the camera.Frame the picture comes from now
    camera_status: str = ""                # … why no frames come, while none do

    def __post_init__(self):
        camera_source = self.state.running.camera
        self.shown_frame = camera_source.newest() if camera_source is not None else None
        self.view = views.VIEWS[self.view_name]
        self.view.prepare(self.state)
        self.layout = self.make_layout()
        # Work not saved yet (examples, a network trained here): autosaved, and saved as the sketch ends (issue 27)
        self.safekeeping = autosave.Safekeeping(self.save_folder, network.save, in_background=True)

    def make_layout(self):
        """The current view's layout for what the state shows, in the window it has (the window is never
        resized for it); before the window opens (--save), in a window of its own at --scale or the
        view's scale. A picture too large for the window even at 1× (a photo) is shown smaller."""
        if self.window is None:
            return self.view.layout_for(self.state, None, self.scale)
        layout = self.view.layout_for(self.state, self.window, self.scale, self.fullscreen)
        if not layout.fits:
            side = self.fitting_side()
            if side is not None:
                self.shrink_image(side)
                layout = self.view.layout_for(self.state, self.window, self.scale, self.fullscreen)
        return layout

    def open_on(self, screen: tuple[int, int]):
        """Choose the window's size, once, for the screen it opens on: the whole screen (--fullscreen), or
        the view's own size (own_size). F11 from --fullscreen goes to a window of the view's own size, in
        the middle of the screen."""
        own = self.own_size(screen)
        self.window = screen if self.fullscreen else own
        self.sizing = WindowSize(screen, self.window, self.fullscreen)
        if self.fullscreen:
            self.sizing.windowed = (own, ((screen[0] - own[0]) // 2, (screen[1] - own[1]) // 2))
        self.layout = self.make_layout()
        if self.scale and self.layout.scale < self.scale and not self.fullscreen:
            self.show_message(f"--scale {self.scale} does not fit this {screen[0]}\u00d7{screen[1]} screen: "
                              f"{self.layout.scale}\u00d7")

    def own_size(self, screen: tuple[int, int]) -> tuple[int, int]:
        """The view's own size at --scale (or its own scale), at smaller scales until it fits ``screen`` (less
        the room a window's frame and the taskbar take); all of that room if not even 1× fits."""
        room = (screen[0] - SCREEN_EDGES[0], screen[1] - SCREEN_EDGES[1])
        wanted = self.scale or self.view.default_scale(self.state) or 1
        for scale in range(wanted, 0, -1):
            own = self.view.layout_for(self.state, None, scale)
            if own.width <= room[0] and own.height <= room[1]:
                return (own.width, own.height)
        return room

    def fitting_side(self) -> int | None:
        """The longest side (0.8× steps down from the picture's own, not under SMALLEST_SHRUNK) at which
        the picture fits the window, tried on a stand-in of the state; None if none does."""
        state = self.state
        height, width = state.image.shape[:2]
        side = max(height, width)
        # A photo is never made tiny; live frames are, rather than drawn outside the window (a small window
        # showing a whole layer)
        smallest = SMALLEST_FRAME if state.running.camera is not None else SMALLEST_SHRUNK
        for _ in range(MAX_SHRINKS):
            side = int(side * 0.8)
            if side < smallest:
                return None
            factor = side / max(height, width)
            shape = (max(3, round(height * factor)), max(3, round(width * factor))) + state.image.shape[2:]
            stand_in = dataclasses.replace(state, image=np.zeros(shape, np.float32), undo_images=[])
            if self.view.layout_for(stand_in, self.window, None, self.fullscreen).fits:
                return side
        return None

    def shrink_image(self, side: int):
        """Show the picture smaller, ``side`` pixels along its longer side (a photo too big for the
        screen), saying from what size it was scaled."""
        state = self.state
        height, width = state.image.shape[:2]
        original = state.scaled_from or (width, height)
        smaller = images.fit_within(np.clip(state.image, 0, 255).astype(np.uint8), side)
        if state.running.camera is not None:
            self.frame_side = side   # every frame after this one is shown at this size too
        demo.replace_image(state, smaller.astype(np.float32), scaled_from=original, inverted=state.inverted,
                           drawings=state.drawings, drawing_index=state.drawing_index)

    # ----------------------------------------------------------------------
    # py5's callbacks
    # ----------------------------------------------------------------------

    def settings(self):
        py5 = self.py5
        if self.save_target is None:   # a saved frame keeps its size; a window must fit the screen it opens on
            self.open_on((py5.display_width, py5.display_height))
        if self.fullscreen:
            py5.full_screen()
        else:
            py5.size(*self.window) if self.window else py5.size(self.layout.width, self.layout.height)

    def setup(self):
        self.keeper = Keeper(self.py5, lambda: self.quit_requested, self.stop_training, lambda: self.exit_status)
        self.keeper.start()
        self.py5.get_surface().set_title(WINDOW_TITLE)
        if self.save_target is None:
            self.py5.window_resizable(True)   # the layout follows the size a user gives it
            if self.sizing is not None:
                self.size_listener = note_window_sizes(self.py5, self.sizing.report)
        self.canvas = Canvas(self.py5, theme=THEMES[self.theme])
        self.canvas.find_glyph_hint()
        # The readout's font, made now rather than at the first hover.
        self.canvas.use_font(geometry.BODY_SIZE, "Monospaced")
        self.canvas.use_font(geometry.BODY_SIZE)

    def draw(self):
        """Repaint what changed since the last frame, if anything did.

        py5 keeps the previous frame on screen, so an idle sketch does no work
        here at all.
        """
        if self.quit_requested:
            self.py5.exit_sketch()
            return
        now = time.monotonic()
        self.safekeeping.tick(self.state.teaching, self.state.running, now)   # autosave, when due (issue 27)
        if self.canvas_resized:   # py5 has blanked the canvas for its new size: repaint every part
            self.canvas_resized = False
            self.canvas.forget_screen()
            self.needs_redraw = True
        if self.pending_open is not None:
            with self.reporting_errors("opening a file"):
                self.open_chosen_file(self.pending_open)
            self.pending_open = None
        if self.message and now > self.message_until:
            self.message = ""
            self.needs_redraw = True
        motion = self.state.motion
        if motion is not None and slowmo.advance(motion, now):
            self.needs_redraw = True
        if self.state.running.camera is not None:
            self.follow_camera()
        run = self.state.running.training
        if self.training_parts_due:
            self.training_parts_due = False
            self.needs_redraw = True
        if run is not None and run.poll():
            # New weights: the filters and maps this frame, the bars and curves the next, so that
            # neither frame takes long (the window draws 60 a second while it trains).
            self.state.running.model = run.network
            self.needs_pointing = True
            self.training_parts_due = True
            if (run.done or run.error) and self.training_reported is not run:   # said once, in the terminal too
                self.training_reported = run
                report_training(run)
        if self.needs_redraw or self.needs_pointing:
            self.repaint()
        if self.pending_screenshot is not None:
            with self.reporting_errors("saving a screenshot"):
                self.write_screenshot(self.pending_screenshot)
            self.pending_screenshot = None
        if self.save_target is not None:
            self.finish_save(self.save_target)
        elif self.sizing is not None:   # last: Processing makes the canvas anew as the next frame begins
            self.follow_window_size(now)

    def repaint(self):
        canvas, state = self.canvas, self.state
        with self.reporting_errors("drawing"):
            canvas.begin_frame()
            if self.blank:
                if not self.blank_shown:   # once: everything is drawn again when it comes back
                    canvas.background(BLANK)
                    self.blank_shown = True
            elif self.needs_redraw:
                if state.ui.show_help:
                    canvas.forget_screen()   # the sheet goes over a freshly drawn window
                self.view.draw(canvas, self.layout, state, self.bottom_line())
                if state.ui.show_help:
                    common.draw_help(canvas, self.layout, keys.help_lines(self.view_name))
            else:
                self.view.draw_pointing(canvas, self.layout, state)   # only the mouse moved
        self.needs_redraw = self.needs_pointing = False

    def key_pressed(self, event):
        with self.handling_input("handling a key"):
            py5 = self.py5
            name = key_name(py5, py5.key, py5.key_code)
            if name == "ESC":
                py5.intercept_escape()   # Esc quits through the key table (or leaves editing a weight)
            if keys.press(self.state, name, self, shift=event.is_shift_down(), now=time.monotonic(),
                          view=self.view_name):
                self.after_change()
            elif keys.elsewhere(name, self.view_name):   # not silently: say where it works
                self.show_message(keys.elsewhere(name, self.view_name))

    def mouse_moved(self):
        with self.handling_input("following the mouse"):
            if self.view.mouse_moved(self.state, self.layout, self.py5.mouse_x, self.py5.mouse_y):
                self.needs_pointing = True

    def mouse_dragged(self):
        with self.handling_input("drawing with the mouse"):
            if self.view.mouse_dragged(self.state, self.layout, self.py5.mouse_x, self.py5.mouse_y):
                self.needs_redraw = True
            if self.view.mouse_moved(self.state, self.layout, self.py5.mouse_x, self.py5.mouse_y):
                self.needs_pointing = True

    def mouse_pressed(self):
        with self.handling_input("handling a click"):
            py5 = self.py5
            self.view.mouse_pressed(self.state, self.layout, py5.mouse_x, py5.mouse_y, py5.mouse_button == py5.LEFT)
            if self.state.stroke is not None and demo.live(self.state):
                demo.toggle_freeze(self.state)   # a drawing on a frame that the next one replaced would be lost
                self.after_change()
            self.needs_redraw = True

    def mouse_released(self):
        demo.end_stroke(self.state)
        self.needs_pointing = True   # a view may leave the readout out while the pen is down

    def mouse_wheel(self, event):
        with self.handling_input("handling the mouse wheel"):
            if self.view.mouse_wheel(self.state, self.layout, self.py5.mouse_x, self.py5.mouse_y,
                                     event.get_count(), event.is_shift_down()):
                self.after_change()

    def window_resized(self):
        """py5 saw the canvas change size: repaint it whole. (Its size is the one follow_window_size gave it;
        only if Processing's own listener is still there, its size is the user's, and the layout follows.)"""
        self.canvas_resized = True
        size = (self.py5.width, self.py5.height)
        if size != self.window:
            self.window, self.scale, self.frame_side = size, None, None
            if self.sizing is not None:
                self.sizing.size = size
            self.relayout()

    def follow_window_size(self, now: float):
        """Make the window the size due now (window_size.py: F11, or the user's size once resizes pause), and
        lay it out for that size."""
        resize = self.sizing.due(now)
        if resize is None:
            return
        py5 = self.py5
        if (py5.width, py5.height) == resize.size:
            fit_frame(py5, resize.size)   # the window itself was resized (full screen held): Processing knew nothing
        else:
            py5.window_resize(*resize.size)
        if resize.place is not None:
            py5.get_surface().set_location(*resize.place)
        self.fullscreen, self.window, self.scale, self.frame_side = resize.fullscreen, resize.size, None, None
        self.canvas_resized = True   # the next frame repaints every part (py5 may not call window_resized())
        self.relayout()

    def callbacks(self) -> dict:
        """py5's callbacks, by the names py5 knows them, for py5.run_sketch."""
        names = ("settings", "setup", "draw", "key_pressed", "mouse_moved", "mouse_dragged", "mouse_pressed",
                 "mouse_released", "mouse_wheel", "window_resized")
        return {name: getattr(self, name) for name in names}

    # ----------------------------------------------------------------------
    # What only the window can do (keys.Window)
    # ----------------------------------------------------------------------

    def save_screenshot(self):
        """Save the window, as it is after this frame, as a new PNG in the folder it started in."""
        self.pending_screenshot = saving.new_png_path(self.save_folder)

    def save_drawing(self):
        """Save the source image (your drawing) at its own size as a new PNG, and say where."""
        path, write = saving.new_png_path(self.save_folder, prefix="drawing"), saving.png_writer(self.state.image)
        self.write_new_file("drawing", path, lambda: saving.write_new_or_next(path, write))

    def open_file(self):
        """The file chooser, in the folder a file was last opened from (at first, the folder the sketch started in)."""
        folder = self.open_folder or self.save_folder
        self.py5.select_input("Open a drawing: PNG, JPEG, or Quick Draw .npy / .bin", self.file_chosen,
                              str(folder) + os.sep)

    def save_model(self):
        """Save the network being trained as a new .npz in the folder the sketch started in."""
        run = self.state.running.training
        if run is None:
            self.show_message("nothing trained to save: start the sketch with --train FILE... to train live")
            return
        path, model = saving.new_file_path(self.save_folder, "doodles-trained", ".npz"), run.network
        self.write_new_file("network", path, lambda: network.save(model, path))
        if path.exists():
            self.state.teaching.saved_network = model   # not saved again on quitting (issue 27)

    def train_examples(self):
        """Enter in the teach view: train a network on the examples, beside the window (a run going on is
        ended first), from random filters or the shipped network's (f)."""
        state = self.state
        examples = state.teaching.examples
        problem = teach.training_problem(examples)
        if problem:
            self.show_message(f"cannot train yet: {problem}")
            return
        drawings, labels, classes = teach.training_set(examples)
        initial = state.teaching.shipped if state.teaching.transfer else None
        if state.teaching.transfer and initial is None:
            self.show_message("no shipped network to start from (--model): f switches back to random filters")
            return
        try:
            run = background.start(drawings, labels, classes, seed=self.seed, initial=initial)
        except ValueError as error:
            self.show_message(f"cannot train: {error}")
            return
        self.stop_training()
        state.running.training, state.running.model = run, run.network
        state.teaching.trained_for = tuple(classes)
        how = teaching.start_words(state.teaching.transfer)
        if getattr(run, "augmented", False):
            how += ", each example moved, turned and resized as it is seen (few examples)"
        self.show_message(f"training on {len(drawings)} examples of {len(classes)} classes {how}")

    def save_examples(self):
        """w in the teach view: the examples (and the network trained on them, if there is one) in a new
        folder examples-YYYYmmdd-HHMMSS/ in the folder the sketch started in; never over anything."""
        state = self.state
        examples = state.teaching.examples
        if not examples.total():
            self.show_message("no examples to save yet: draw one and press 1")
            return
        run, save_network, note = state.running.training, None, ""
        if teaching.trained(state):
            model = state.running.model
            if run is not None and run.error:
                note = "; the network was not saved: its training stopped"
            elif tuple(model.classes) != examples.names:
                note = "; the network was not saved: it was trained on other classes (Enter trains it again)"
            else:
                def save_network(path, model=model):
                    network.save(model, path)
        try:
            folder, left_out = example_files.save(self.save_folder, examples, save_network)
        except OSError as error:
            self.report_failed_save("examples", self.save_folder, error.strerror or str(error),
                                    "check that the folder exists and you can write to it")
            return
        state.teaching.saved = examples   # saved: not saved again on quitting (issue 27)
        if save_network is not None:
            state.teaching.saved_network = model
        if left_out:
            note += f"; {', '.join(left_out)} had no examples"
        saved = "the examples and the network" if save_network else "the examples"
        print(f"saved {saved}: {folder.resolve()}", flush=True)
        self.show_message(f"saved {saved} in {folder.name}{os.sep}{note}")

    def bottom_line(self) -> str:
        """The line at the bottom: a passing message, else the lesson's caption, else (for the view) the keys."""
        if self.message:
            return self.message
        if self.camera_status:
            return self.camera_status
        return self.lesson.caption_line() if self.lesson is not None else ""

    def step(self, direction: int):
        """Page Down (+1) / Page Up (−1): the lesson's next or previous step, else the next or previous kernel."""
        state = self.state
        if self.lesson is None:
            if self.view_name in keys.KERNEL_VIEWS:
                demo.step_preset(state, direction)
            else:
                state.notice = "Page Down / Page Up step through a lesson plan: start with --lesson FILE.toml"
            return
        view = self.lesson.forward(state) if direction > 0 else self.lesson.back(state)
        if view is None:
            state.notice = "the last step of the lesson" if direction > 0 else "the first step of the lesson"
        elif view != self.view_name:
            self.switch_view(view, quietly=True)

    def toggle_blank(self):
        """Black screen ↔ the window as it was (a clicker's blank key)."""
        self.blank, self.blank_shown = not self.blank, False
        self.canvas.forget_screen()
        self.canvas.forget_images()

    def save_clip(self):
        """A GIF of the sliding window (or, with a lesson, of its steps) as a new file in the folder the
        sketch started in, made in the background so the window goes on."""
        if self.view_name == "network":   # a clip is of a sliding window or a lesson's steps, not of the network
            self.show_message(NETWORK_CLIP)
            return
        if self.clip_thread is not None and self.clip_thread.is_alive():
            self.show_message("a clip is being made already")
            return
        path = clips.new_clip_path(self.save_folder)
        snapshot = demo.snapshot(self.state)   # the clip shows the state as it is now, whatever comes next
        self.show_message(f"making {path.name} …")   # first: a clip that fails at once replaces it with why
        self.clip_thread = threading.Thread(target=self.write_clip, args=(snapshot, path), daemon=True,
                                            name="gif-clip")
        self.clip_thread.start()

    def write_clip(self, state, path: Path):
        """Runs in the clip's thread: render the frames, write the GIF, and say so; any failure is
        one line in the window and the terminal (the thread ends quietly)."""
        lesson = self.lesson
        self.write_new_file("clip", path, lambda: clips.write_clip_file(state, path, lesson.lesson if lesson else None,
                                                                        lesson.base if lesson else None))

    def toggle_fullscreen(self):
        """Fill the screen ↔ back to the size and place the window had, laid out again either way: at once,
        or, right after another resize, a moment later (window_size.py). (The one size change the sketch
        makes itself, because the user asked for it.)"""
        if self.sizing is None:
            return
        self.sizing.toggle((self.py5.window_x, self.py5.window_y))   # made at the end of this frame
        self.show_message("full screen: F11 goes back" if self.sizing.wants_fullscreen() else "window")

    def toggle_theme(self):
        """Light ↔ dark: every part and panel is drawn again in the other colours."""
        self.theme = "light" if self.theme == "dark" else "dark"
        self.canvas.theme = THEMES[self.theme]
        self.canvas.forget_images()
        self.canvas.forget_screen()
        self.show_message(f"{self.theme} theme")

    def next_view(self):
        """Switch to the next of views.VIEWS, laid out in the same window."""
        names = list(views.VIEWS)
        following = names[(names.index(self.view_name) + 1) % len(names)]
        if following == self.view_name:
            self.show_message(f"the {self.view_name} view is the only one so far")
            return
        self.switch_view(following)

    def switch_view(self, name: str, quietly: bool = False):
        if name == "layer" and not self.state.bank and not quietly:
            demo.set_relu(self.state, True)   # a CNN's block has ReLU on (a lesson step says for itself)
        self.view_name, self.view = name, views.VIEWS[name]
        self.view.prepare(self.state)
        if self.shown_frame is not None:   # the camera's frame as this view shows frames
            self.frame_side = None
            self.show_frame(self.shown_frame)
        self.relayout()
        if not quietly:
            self.show_message(f"{name} view: {self.view.SUMMARY}")

    def quit(self):
        self.quit_requested = True   # draw() ends the sketch at the next frame (the keeper makes sure)
        self.safekeeping.on_quit(self.state.teaching, self.state.running)   # unsaved work saved first (issue 27)

    def stop_training(self):
        """End live training's process, if any (when the sketch ends)."""
        if self.state.running.training is not None:
            self.state.running.training.stop()

    # ----------------------------------------------------------------------
    # Files
    # ----------------------------------------------------------------------

    def file_chosen(self, selection):
        """py5 calls this from the file dialog's thread; draw() opens the file on the sketch's own."""
        if selection is not None:
            self.pending_open = Path(str(selection))

    def open_chosen_file(self, path: Path):
        """Show another image or Quick Draw file, laid out in the window as it is.

        A file that cannot be used leaves the current drawing in place and says why.
        """
        state = self.state
        try:
            image, source = sources.open_source(path)   # as the file is: i inverts it, if wanted
        except ValueError as error:
            print(f"sketch.py: error: {error}", file=sys.stderr, flush=True)
            self.show_message(f"could not open {path.name}: {error}"[:160])
            return
        if demo.live(state):
            demo.toggle_freeze(state)   # the camera's next frame would replace the file at once: space goes back
        self.shown_frame = None          # … and a view switched to shows the file, not the last frame
        demo.replace_image(state, image, **source)
        self.open_folder = path.parent
        self.scale = None   # --scale was for the image it started with
        self.relayout()
        self.show_message(f"opened {path.name}")

    # ----------------------------------------------------------------------
    # The camera
    # ----------------------------------------------------------------------

    def follow_camera(self):
        """Show the camera's newest frame, if it is a new one (never waiting for one), and say why, while
        none come; a frozen frame stays."""
        source = self.state.running.camera
        status = source.status()
        if status != self.camera_status:
            self.camera_status, self.needs_redraw = status, True
            print(f"sketch.py: {status}" if status else f"{source.name}: frames again", file=sys.stderr, flush=True)
        if self.state.running.frozen:
            return
        frame = source.newest()
        if frame is None or frame is self.shown_frame:
            return
        with self.reporting_errors("showing the camera's frame"):
            self.show_frame(frame)

    def show_frame(self, frame):
        """Make ``frame`` (a camera.Frame) the picture, as this view shows frames; the input and everything
        computed from it change together, in this one call, before anything is drawn."""
        state = self.state
        image, scaled_from = camera.frame_image(frame.pixels, self.view_name in demo.DRAWING_VIEWS,
                                                self.frame_side, state.inverted)
        shape = state.image.shape
        demo.show_frame(state, image, scaled_from)
        self.shown_frame = frame
        if image.shape != shape:
            self.relayout()
        self.needs_redraw = True

    def relayout(self):
        """Lay the window out again for what it shows now (a new image, view, pooling …), in the size it
        has: the window itself never changes size for its content. Every part is drawn again if anything
        moved."""
        old, self.layout = self.layout, self.make_layout()
        if self.layout != old and self.canvas is not None:
            self.canvas.forget_screen()

    def write_screenshot(self, path: Path):
        """Save the window as a new PNG (never over an existing file) and say where."""
        write = saving.png_writer(self.canvas.window_pixels())
        self.write_new_file("screenshot", path, lambda: saving.write_new_or_next(path, write))

    def write_new_file(self, what: str, path: Path, save):
        """``save()`` a new file (it returns the path written, else ``path`` is meant) and say so, in the
        terminal and the window; a failure is one line that says what to do, and the sketch goes on."""
        try:
            written = save()
        except FileExistsError:
            self.report_failed_save(what, path, "a file of that name appeared meanwhile and was left alone",
                                    "try again")
            return
        except OSError as error:
            self.report_failed_save(what, path, error.strerror or str(error),
                                    "check that the folder exists and you can write to it")
            return
        except Exception as error:   # a clip too large, a bug: never a traceback in the terminal
            self.report_failed_save(what, path, str(error) or type(error).__name__, "")
            return
        path = written if isinstance(written, Path) else path
        print(f"saved {what}: {path.resolve()}", flush=True)
        self.show_message(f"saved {path.name}")

    def report_failed_save(self, what: str, path: Path, reason: str, advice: str):
        line = " ".join(f"could not save the {what} as {path}: {reason}{'; ' + advice if advice else ''}".split())
        print(f"sketch.py: error: {line}", file=sys.stderr, flush=True)
        self.show_message(" ".join(f"could not save the {what}: {reason}".split())[:160])

    def finish_save(self, path: Path):
        """--save: write this frame to ``path`` (saving.write_new: the name as given, never over a file
        without --overwrite) and end the sketch."""
        try:
            saving.save_png(self.canvas.window_pixels(), path, overwrite=self.overwrite)
            print(f"saved {path.resolve()}", flush=True)
        except FileExistsError:
            print(f"sketch.py: error: --save {path}: a file of that name appeared while the sketch started; "
                  f"it was left alone: choose a new name or add --overwrite", file=sys.stderr, flush=True)
            self.exit_status = 2
        except Exception as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            print(f"sketch.py: error: could not save {path}: {reason}; check that the folder exists and you can "
                  f"write to it", file=sys.stderr, flush=True)
            self.exit_status = 2
        self.save_target = None
        self.py5.exit_sketch()

    # ----------------------------------------------------------------------
    # Messages and errors
    # ----------------------------------------------------------------------

    def after_change(self):
        """Lay the window out again if needed, show any notice the demo left, and repaint."""
        self.relayout()
        if self.state.notice:
            self.show_message(self.state.notice)
            self.state.notice = ""
        self.needs_redraw = True

    def show_message(self, text: str):
        """A note at the bottom of the window for a few seconds."""
        self.message = text
        self.message_until = time.monotonic() + MESSAGE_SECONDS
        self.needs_redraw = True

    def handling_input(self, doing: str):
        """reporting_errors() for an event (benchmarks/timed_sketch.py times these)."""
        return self.reporting_errors(doing)

    @contextlib.contextmanager
    def reporting_errors(self, doing: str):
        """Report an exception as one line (stderr and window) and keep the sketch running
        with the demo as it was before: a half-done change is rolled back.

        py5 would otherwise stop the sketch at the first exception in draw() or
        an event function.
        """
        state = self.state
        before = demo.checkpoint(state)
        try:
            yield
        except Exception as error:  # the boundary between py5 and our code
            demo.restore(state, before)
            if self.canvas is not None:
                self.canvas.forget_images()   # repaint the panels and every part from the restored state
                self.canvas.forget_screen()
            self.needs_redraw = True
            line = f"error while {doing}: {type(error).__name__}: {error}"
            print(f"sketch.py: {line}", file=sys.stderr, flush=True)
            self.show_message(line[:120])


def report_training(run) -> None:
    """A training run's end, in the terminal: what it learned and how well, or why it stopped."""
    if run.error:
        print(f"sketch.py: error: training stopped: {run.error}", file=sys.stderr, flush=True)
        return
    figures = f", accuracy {100 * run.accuracies[-1]:.0f}% on what it trained on" if run.accuracies else ""
    if run.held_out is not None:
        figures += f", {100 * run.held_out:.0f}% on drawings kept out"
    print(f"trained: {run.epochs} epochs on {', '.join(run.classes)}{figures}", flush=True)


def key_name(py5, key, key_code) -> str:
    """py5's key and key_code as one name: "LEFT", "UP", "ESC", "ENTER" … or the character typed."""
    if key == py5.CODED:
        arrows = {py5.LEFT: "LEFT", py5.RIGHT: "RIGHT", py5.UP: "UP", py5.DOWN: "DOWN"}
        return arrows.get(key_code) or CODED_KEYS.get(key_code, f"CODE{key_code}")
    return SPECIAL_KEYS.get(key, str(key))


def run(argv=None) -> None:
    """sketch.py and the convolution-sketch command: run the sketch, then end the process at once.

    Once the window has closed, Java takes a second or more to shut down by
    itself; a class that pressed q should not wait for it (nothing is left to
    save: live training and clips are done by then).
    """
    status = main(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def write_gif(options) -> int:
    """--gif: write the clip (through saving.write_new: an --overwrite'n file is replaced only once the new one
    is complete) and say where; a failure is one line. Returns the exit status."""
    try:
        if options.camera is not None:
            path = write_camera_gif(options)
        else:
            path = clips.write_clip_file(options.state, options.gif, options.lesson, options.lesson_base,
                                         scale=options.scale, overwrite=options.overwrite)
    except FileExistsError:
        print(f"sketch.py: error: --gif {options.gif}: a file of that name appeared while the clip was made; "
              f"it was left alone: choose a new name or add --overwrite", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"sketch.py: error: could not save {options.gif}: {error.strerror or error}; nothing was "
              f"written (an older file of that name is as it was)", file=sys.stderr)
        return 2
    except MemoryError:
        print(f"sketch.py: error: --gif {options.gif}: the clip does not fit in this computer's memory: "
              f"use a smaller --scale", file=sys.stderr)
        return 2
    finally:
        if options.camera is not None:
            options.camera.close()
    print(f"saved {path.resolve()}")
    return 0


def write_camera_gif(options) -> Path:
    """--camera with --gif: camera.CLIP_FRAMES frames of the camera or video, each beside its output, at the
    video's frame rate."""
    source, state = options.camera, options.state
    as_drawing = options.view in demo.DRAWING_VIEWS
    pictures = [camera.frame_image(frame.pixels, as_drawing, None, state.inverted)[0]
                for frame in source.frames(camera.CLIP_FRAMES)]
    return clips.write_frames_clip(state, pictures, options.gif, fps=source.fps or camera.DEFAULT_FPS,
                                   scale=options.scale, overwrite=options.overwrite)


def main(argv=None, sketch_class: type[Sketch] = Sketch) -> int:
    """sketch.py: start the sketch with the options in ``argv`` (default: the command line), in a
    window of ``sketch_class`` (benchmarks and tests start one that records what it does).
    Returns the exit status: 0, or 2 after a one-line error."""
    try:
        options = prepare(argv)
        player = None
        if options.lesson is not None:
            player = lessons.LessonPlayer(options.lesson, options.lesson_base)
            options.view = player.forward(options.state)   # the first step
            views.VIEWS[options.view].prepare(options.state)
        if options.gif is not None:   # a clip for slides needs no window, nor Java
            return write_gif(options)
        sketch = sketch_class(options.state, options.view, options.scale, options.save_target,
                              theme=options.theme, fullscreen=options.fullscreen, lesson=player,
                              overwrite=options.overwrite, seed=options.seed)
        sketch.py5 = startup.import_py5()
    except (ValueError, startup.StartupError) as error:
        print(f"sketch.py: error: {reading.one_line(str(error))}", file=sys.stderr)   # one line (issue 27)
        return 2
    # Ctrl+C in the terminal, or a polite kill, ends the sketch like q does:
    # without this, Java would stop underneath py5 with pages of stack traces.
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: sketch.quit())   # (quit saves unsaved work first: issue 27)
    if options.training is not None:
        run = sketch.state.running.training = background.start(*options.training, seed=options.seed)
        sketch.state.running.model = run.network
    if options.camera is not None and options.save_target is None:
        options.camera.start()   # --save shows the first frame only
    try:
        sketch.py5.run_sketch(block=True, sketch_functions=sketch.callbacks())
        if sketch.keeper is not None:   # run_sketch returns while Java's drawing thread is being started again
            sketch.keeper.wait_until_ended(sketch.py5.get_current_sketch())
    finally:
        if sketch.keeper is not None:
            sketch.keeper.finished = True
        sketch.stop_training()
        sketch.safekeeping.on_quit(sketch.state.teaching, sketch.state.running)   # the window closed (issue 27)
        if options.camera is not None:
            options.camera.close()
        if sketch.clip_thread is not None and sketch.clip_thread.is_alive():
            print("finishing the GIF clip before the sketch ends …", flush=True)
            sketch.clip_thread.join(timeout=60)   # a clip being written is the user's: it is not cut off
    return sketch.exit_status

