"""The running sketch without py5: events in, the state changed, effects out. One way, and testable without Java.

The window (window.py, py5's side) turns py5's callbacks into plain event values (events.py: ``Key``,
``MouseMove`` …, and a ``Tick`` every frame) and hands each to ``Session.handle``, which changes the
state through the small state functions (state/demo.py, keys.py, teach_keys.py, slowmo.py …) and
returns the effects only py5 can carry out (events.py): ``Repaint`` (with the ``Frame`` to paint),
``SaveScreenshot``, ``OpenChooser``, ``ResizeWindow``, ``Quit``. Everything else is here: messages, the
lesson player, blanking, the theme, switching views, choosing the layout, following the camera, polling
live training, saving files (chores.py), and keeping the class's work: what is unsaved is autosaved every
half minute and saved as the sketch ends (files/autosave.py, through ``safekeeping``).

A change that fails half-way is rolled back (``reporting_errors``, around the handling of each event)
and reported as one line, in the terminal and at the bottom of the window.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from convolution.app import chores, events, fitting
from convolution.app.window_size import WindowSize
from convolution.classroom import clips, lessons
from convolution.files import autosave, camera, images, saving, sources
from convolution.screen import views
from convolution.screen.pixels import THEMES
from convolution.screen.scene import Builder, Scene
from convolution.screen.views import common
from convolution.state import demo, keys, slowmo, teach_keys, warming

MESSAGE_SECONDS = 4.0
BLANK = (0, 0, 0)         # a blanked screen: black, as a projector's own blank

NETWORK_CLIP = ("g clips the filter view's sliding window or a lesson's steps, not the network: v switches views; "
                "s saves this screen as a PNG")


@dataclass
class Session:
    """The running sketch: what it shows (``state``), how (``view_name``, ``layout``), and what it has to say.

    It is the keys' ``keys.Window``: the keys that ask the window call its methods under "What keys ask
    of the window"; what only py5 can do becomes an effect.
    """
    state: demo.SketchState
    view_name: str = "filter"
    scale: int | None = None               # --scale, or None: the automatic scale
    save_target: Path | None = None        # --save: paint once, save here, end
    overwrite: bool = False                # --overwrite: --save may replace a file (once the new one is complete)
    save_folder: Path = field(default_factory=chores.start_folder)   # where s, d, w and g save (chores.py)
    theme: str = "dark"                    # a name in pixels.THEMES
    fullscreen: bool = False               # --fullscreen, or F11: the window fills the screen
    lesson: lessons.LessonPlayer | None = None   # --lesson, stepped by Page Down / Page Up
    seed: int = 1                          # --seed: training's random numbers
    exit_status: int = 0
    quit_requested: bool = False           # q, Esc, Ctrl+C in the terminal: the next Tick ends the sketch
    needs_redraw: bool = True              # the next Tick paints what changed …
    needs_pointing: bool = False           # … or just what follows the mouse, when only this is set
    forget_screen: bool = False            # the canvas's memory of the screen is stale (the next Frame says so)
    forget_images: bool = False            # … and of its panels' images
    message: str = ""                      # a note shown at the bottom for a few seconds
    message_until: float = 0.0
    pending_screenshot: Path | None = None
    pending_open: Path | None = None       # a file chosen in the file chooser, opened at the next Tick
    open_folder: Path | None = None        # where the last file opened was: the file chooser opens there
    training_reported: Any = None          # the training run whose end was printed
    training_parts_due: bool = False       # live training: the text and curves of the last update are still to paint
    window: tuple[int, int] | None = None  # the window's (width, height): chosen once as it opens, then the user's
    sizing: WindowSize | None = None       # … and what is due to it (F11, the user's resizes): window_size.py
    blank: bool = False                    # b or . (a clicker's blank key): the screen is black
    blank_shown: bool = False              # … and has been painted black
    clip_thread: threading.Thread | None = None   # a GIF clip being made in the background
    frame_side: int | None = None          # --camera: frames are shown at most this long a side (to fit the window)
    shown_frame: Any = None                # … the camera.Frame the picture comes from now
    camera_status: str = ""                # … why no frames come, while none do
    clock: Callable[[], float] = time.monotonic          # the time messages and slow motion go by
    place: Callable[[], tuple[int, int]] = lambda: (0, 0)   # where the window is on the screen (the adapter's)
    size: tuple[int, int] | None = None    # --size: the window's width and height (else the view's own size)
    effects: list = field(default_factory=list)            # effects due, handed out with the next handle()
    safekeeping: autosave.Safekeeping | None = None        # work not saved yet (examples, a network trained here):
    #                                                        autosaved, and saved as the sketch ends (issue 27)

    def __post_init__(self):
        camera_source = self.state.running.camera
        self.shown_frame = camera_source.newest() if camera_source is not None else None
        self.view = views.VIEWS[self.view_name]
        self.view.prepare(self.state)
        if self.size is not None and not self.fullscreen:
            self.window = self.size
        self.layout = self.make_layout()
        self.builder = Builder(THEMES[self.theme])   # the scenes of the window: built here, painted by the window
        if self.safekeeping is None:
            self.safekeeping = chores.safekeeping(self.save_folder)

    # ----------------------------------------------------------------------
    # Events in, effects out
    # ----------------------------------------------------------------------

    def handle(self, event: events.Event) -> list[events.Effect]:
        """Change the state as ``event`` asks (a failure rolls it back, one line says why); the effects due."""
        if isinstance(event, events.FileChosen):   # from the chooser's thread: only noted (the effects are the frames')
            self.pending_open = event.path
            return []
        if isinstance(event, events.Tick):
            self.tick(event.now)
        else:
            handler, doing = HANDLERS[type(event)]
            with self.handling_input(doing):
                handler(self, event)
        effects, self.effects = self.effects, []
        return effects

    def handling_input(self, doing: str) -> contextlib.AbstractContextManager:
        """reporting_errors() for an event (benchmarks/timed_sketch.py times these)."""
        return self.reporting_errors(doing)

    def on_key(self, event: events.Key) -> None:
        if keys.press(self.state, event.name, self, shift=event.shift, now=self.clock(), view=self.view_name):
            self.after_change()
        else:   # not silently: say where (or when) it works
            why = keys.why_not(event.name, self.state, self.view_name)
            if why:
                self.show_message(why)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self.view.mouse_moved(self.state, self.layout, event.x, event.y):
            self.needs_pointing = True

    def on_mouse_drag(self, event: events.MouseDrag) -> None:
        if self.view.mouse_dragged(self.state, self.layout, event.x, event.y):
            self.needs_redraw = True
        if self.view.mouse_moved(self.state, self.layout, event.x, event.y):
            self.needs_pointing = True

    def on_mouse_press(self, event: events.MousePress) -> None:
        self.view.mouse_pressed(self.state, self.layout, event.x, event.y, event.left)
        if self.state.stroke is not None and demo.live(self.state):
            demo.toggle_freeze(self.state)   # a drawing on a frame that the next one replaced would be lost
            self.after_change()
        self.needs_redraw = True

    def on_mouse_release(self, event: events.MouseRelease) -> None:
        demo.end_stroke(self.state)
        self.needs_pointing = True   # a view may leave the readout out while the pen is down

    def on_wheel(self, event: events.Wheel) -> None:
        if self.view.mouse_wheel(self.state, self.layout, event.x, event.y, event.count, event.fine):
            self.after_change()

    def on_resized(self, event: events.Resized) -> None:
        """The canvas has a new size: paint it whole. (Its size is the one a ResizeWindow gave it; only if
        Processing's own listener is still there, its size is the user's, and the layout follows.)"""
        self.forget_screen = self.needs_redraw = True
        size = (event.width, event.height)
        if size != self.window:
            self.window, self.scale, self.frame_side = size, None, None
            if self.sizing is not None:
                self.sizing.size = size
            self.relayout()

    def on_screen(self, event: events.Screen) -> None:
        self.open_on((event.width, event.height))

    def on_captured(self, event: events.Captured) -> None:
        if not event.final:
            self.show_message(chores.save_screenshot(event.path, event.pixels))
            return
        self.exit_status = chores.save_frame(event.path, event.pixels, self.overwrite)
        self.save_target = None
        self.effects.append(events.Quit())

    def tick(self, now: float) -> None:
        """A frame: time passes, the camera and live training are followed, and what changed is painted."""
        if self.quit_requested:
            self.effects.append(events.Quit())
            return
        self.keeping().tick(self.state.teaching, self.state.running, now)   # the autosave, when due (a thread's)
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
        self.follow_training()
        if self.needs_redraw or self.needs_pointing:
            self.paint_due()
        if self.pending_screenshot is not None:
            self.effects.append(events.SaveScreenshot(self.pending_screenshot))
            self.pending_screenshot = None
        if self.save_target is not None:
            self.effects.append(events.SaveScreenshot(self.save_target, final=True))
        elif self.sizing is not None:   # last: Processing makes the canvas anew as the next frame begins
            resize = self.sizing.due(now)
            if resize is not None:
                self.fullscreen, self.window, self.scale, self.frame_side = resize.fullscreen, resize.size, None, None
                self.forget_screen = self.needs_redraw = True   # the next frame paints every part
                self.relayout()
                self.effects.append(events.ResizeWindow(resize))

    def paint_due(self) -> None:
        """The Repaint of what changed (a blanked screen is painted black once)."""
        full = self.needs_redraw or self.forget_screen
        if self.blank:
            if not self.blank_shown:
                self.effects.append(events.Repaint(self.frame(full=True)))
                self.blank_shown = True
        else:
            self.effects.append(events.Repaint(self.frame(full)))
        self.needs_redraw = self.needs_pointing = self.forget_screen = self.forget_images = False

    def frame(self, full: bool = True) -> events.Frame:
        """What the window shows now, to paint: its scene, built here, once for this change of state."""
        if self.forget_images:
            self.builder.canvas.forget_images()   # the panels' pictures made again (a roll-back, a theme)
        return events.Frame(self.view_name, self.layout, self.state, self.bottom_line(), self.state.ui.show_help,
                            full, self.blank, self.theme, self.forget_screen, self.forget_images, self.scene())

    def scene(self) -> Scene:
        """What the window shows now, as plain data (screen/scene.py): pictures, shapes and texts."""
        if self.blank:
            return Scene(self.layout.width, self.layout.height, BLANK, ())
        help_lines = keys.help_lines(self.view_name) if self.state.ui.show_help else None
        return self.builder.build(self.view, self.layout, self.state, self.bottom_line(), help_lines)

    def follow_training(self) -> None:
        run = self.state.running.training
        if self.training_parts_due:
            self.training_parts_due = False
            self.needs_redraw = True
        if run is not None and run.poll():
            # New weights: the filters and maps this frame, the bars and curves the next, so that
            # neither frame takes long (the window paints 60 a second while it trains).
            self.state.running.model = run.network
            self.needs_pointing = True
            self.training_parts_due = True
            if (run.done or run.error) and self.training_reported is not run:   # said once, in the terminal too
                self.training_reported = run
                chores.report_training(run)
        sweep = self.state.running.sweep
        if sweep is not None and sweep.poll():   # the shift sweep, worked out beside the window, has come
            if sweep.error:
                self.show_message(sweep.error)
            self.needs_redraw = True
        # The network's examples made ready beside the window (the network view's nearest drawings, "not sure");
        # a --save frame is painted once, whole: it works them out as it is built, as the offscreen one does.
        if self.save_target is None and self.view_name in ("network", "teach") and warming.follow(self.state.running):
            self.needs_redraw = True

    # ----------------------------------------------------------------------
    # The layout
    # ----------------------------------------------------------------------

    def make_layout(self):
        """The current view's layout for what the state shows, in the window it has (the window is never
        resized for it); before the window opens (--save), in a window of its own at --scale or the
        view's scale. A picture too large for the window even at 1× (a photo) is shown smaller."""
        if self.window is None:
            return self.view.layout_for(self.state, None, self.scale)
        if not self.fullscreen:   # the window the view opens for what it shows: laid out as it was sized
            own = self.view.layout_for(self.state, None, self.scale)
            if (own.width, own.height) == self.window:
                return own
        layout = self.view.layout_for(self.state, self.window, self.scale, self.fullscreen)
        if not layout.fits:
            side = fitting.fitting_side(self.view, self.state, self.window, self.fullscreen)
            if side is not None:
                self.shrink_image(side)
                layout = self.view.layout_for(self.state, self.window, self.scale, self.fullscreen)
        return layout

    def open_on(self, screen: tuple[int, int]) -> None:
        """Choose the window's size, once, for the screen it opens on: the whole screen (--fullscreen), or
        the view's own size (fitting.own_size). F11 from --fullscreen goes to a window of the view's own size,
        in the middle of the screen."""
        own = self.size or fitting.own_size(self.view, self.state, self.scale, screen)
        self.window = screen if self.fullscreen else own
        self.sizing = WindowSize(screen, self.window, self.fullscreen)
        if self.fullscreen:
            self.sizing.windowed = (own, ((screen[0] - own[0]) // 2, (screen[1] - own[1]) // 2))
        self.layout = self.make_layout()
        if self.scale and self.layout.scale < self.scale and not self.fullscreen:
            self.show_message(f"--scale {self.scale} does not fit this {screen[0]}\u00d7{screen[1]} screen: "
                              f"{self.layout.scale}\u00d7")

    def shrink_image(self, side: int) -> None:
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

    def relayout(self) -> None:
        """Lay the window out again for what it shows now (a new image, view, pooling …), in the size it
        has: the window itself never changes size for its content. Every part is painted again if anything
        moved."""
        old, self.layout = self.layout, self.make_layout()
        if self.layout != old:
            self.forget_screen = True

    # ----------------------------------------------------------------------
    # What keys ask of the window (keys.Window)
    # ----------------------------------------------------------------------

    def save_screenshot(self) -> None:
        """Save the window, as it is after this frame, as a new PNG in the folder it started in."""
        self.pending_screenshot = saving.new_png_path(self.save_folder)

    def save_drawing(self) -> None:
        self.show_message(chores.save_drawing(self.state, self.save_folder))

    def open_file(self) -> None:
        """The file chooser, in the folder a file was last opened from (at first, the folder the sketch started in)."""
        self.effects.append(events.OpenChooser(self.open_folder or self.save_folder))

    def save_model(self) -> None:
        self.show_message(chores.save_model(self.state, self.save_folder))

    def train_examples(self) -> None:
        self.show_message(chores.train_examples(self.state, self.seed, self.stop_training))

    def save_examples(self) -> None:
        self.show_message(chores.save_examples(self.state, self.save_folder))

    def step(self, direction: int) -> None:
        """Page Down (+1) / Page Up (−1): the lesson's next or previous step, else the next or previous kernel."""
        state = self.state
        if state.ui.show_help:   # a clicker turns the help's pages
            self.turn_help_page(direction)
            return
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

    def next_help_page(self) -> None:
        """h with the help up: its next page; after the last, the help goes."""
        self.turn_help_page(+1)

    def turn_help_page(self, direction: int) -> None:
        """The help's next (+1) or previous (−1) page, as many as it takes in this window; past the last, closed."""
        ui = self.state.ui
        count = common.help_page_count(keys.help_lines(self.view_name), self.layout)
        page = min(ui.help_page, count - 1) + direction
        if page >= count:
            ui.show_help, ui.help_page = False, 0
        else:
            ui.help_page = max(0, page)

    def toggle_blank(self) -> None:
        """Black screen ↔ the window as it was (a clicker's blank key)."""
        self.blank, self.blank_shown = not self.blank, False
        self.forget_screen = self.forget_images = self.needs_redraw = True

    def save_clip(self) -> None:
        """A GIF of the sliding window (or, with a lesson, of its steps) as a new file in the folder the
        sketch started in, made in the background so the window goes on."""
        if self.view_name == "network":   # a clip is of a sliding window or a lesson's steps, not of the network
            self.show_message(NETWORK_CLIP)
            return
        if self.clip_thread is not None and self.clip_thread.is_alive():
            self.show_message("a clip is being made already")
            return
        path = clips.new_clip_path(self.save_folder)
        snapshot = clips.clip_state(self.state)   # the clip shows the state as it is now, whatever comes next
        self.show_message(f"making {path.name} \u2026")   # first: a clip that fails at once replaces it with why
        self.clip_thread = threading.Thread(target=self.write_clip, args=(snapshot, path), daemon=True,
                                            name="gif-clip")
        self.clip_thread.start()

    def write_clip(self, state: demo.SketchState, path: Path) -> None:
        """Runs in the clip's thread: the GIF written, and said so (or why not) in one line."""
        size = self.window or (self.layout.width, self.layout.height)
        self.show_message(chores.write_clip(state, path, self.lesson, size, self.theme))

    def toggle_fullscreen(self) -> None:
        """Fill the screen ↔ back to the size and place the window had, laid out again either way: at the
        next Tick, or, right after another resize, a moment later (window_size.py). (The one size change
        the sketch makes itself, because the user asked for it.)"""
        if self.sizing is None:
            return
        self.sizing.toggle(self.place())
        self.show_message("full screen: F11 goes back" if self.sizing.wants_fullscreen() else "window")

    def toggle_theme(self) -> None:
        """Light ↔ dark: every part and panel is painted again in the other colours."""
        self.theme = "light" if self.theme == "dark" else "dark"
        self.builder.set_theme(THEMES[self.theme])
        self.forget_screen = self.forget_images = True
        self.show_message(f"{self.theme} theme")

    def next_view(self) -> None:
        """Switch to the next of views.VIEWS, laid out in the same window."""
        names = list(views.VIEWS)
        following = names[(names.index(self.view_name) + 1) % len(names)]
        if self.view_name == "teach" and "network" in names and teach_keys.trained(self.state):
            following = "network"   # the class's own network, just trained: ask it (issue 29)
        if following == self.view_name:
            self.show_message(f"the {self.view_name} view is the only one so far")
            return
        self.switch_view(following)

    def switch_view(self, name: str, quietly: bool = False) -> None:
        if name == "layer" and not self.state.bank and not quietly:
            demo.set_relu(self.state, True)   # a CNN's block has ReLU on (a lesson step says for itself)
        self.view_name, self.view = name, views.VIEWS[name]
        self.view.prepare(self.state)
        if self.shown_frame is not None:   # the camera's frame as this view shows frames
            self.frame_side = None
            self.show_frame(self.shown_frame)
        self.relayout()
        if not quietly:
            summary = getattr(self.view, "summary_for", None)   # a view whose summary follows the state
            self.show_message(f"{name} view: {summary(self.state) if summary else self.view.SUMMARY}")

    def quit(self) -> None:
        """q, Esc, Ctrl+C or SIGTERM: the work not saved yet is saved first, then the next Tick ends the sketch
        (the keeper makes sure)."""
        self.quit_requested = True
        self.save_unsaved()

    def save_unsaved(self) -> list[Path]:
        """The sketch ends (a key, a signal, the window closed): whatever the class made and did not save is
        saved (a new examples-…/ folder, a new doodles-trained-….npz), each said in one line on stderr.
        Called again, it saves only what is new since. Returns what was written."""
        return self.keeping().on_quit(self.state.teaching, self.state.running)

    def keeping(self) -> autosave.Safekeeping:
        assert self.safekeeping is not None, "made in __post_init__"
        return self.safekeeping

    def stop_training(self) -> None:
        """End live training's process, if any (when the sketch ends)."""
        if self.state.running.training is not None:
            self.state.running.training.stop()

    # ----------------------------------------------------------------------
    # Files and the camera
    # ----------------------------------------------------------------------

    def open_chosen_file(self, path: Path) -> None:
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

    def follow_camera(self) -> None:
        """Show the camera's newest frame, if it is a new one (never waiting for one), and say why, while
        none come; a frozen frame stays."""
        source = self.state.running.camera
        if source is None:
            return
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

    def show_frame(self, frame) -> None:
        """Make ``frame`` (a camera.Frame) the picture, as this view shows frames; the input and everything
        computed from it change together, in this one call, before anything is painted."""
        state = self.state
        image, scaled_from = camera.frame_image(frame.pixels, self.view_name in demo.DRAWING_VIEWS,
                                                self.frame_side, state.inverted)
        shape = state.image.shape
        demo.show_frame(state, image, scaled_from)
        self.shown_frame = frame
        if image.shape != shape:
            self.relayout()
        self.needs_redraw = True

    # ----------------------------------------------------------------------
    # Messages and errors
    # ----------------------------------------------------------------------

    def bottom_line(self) -> str:
        """The line at the bottom: a passing message, else the lesson's caption, else (for the view) the keys."""
        if self.message:
            return self.message
        if self.camera_status:
            return self.camera_status
        return self.lesson.caption_line() if self.lesson is not None else ""

    def after_change(self) -> None:
        """Lay the window out again if needed, show any notice the state left, and paint."""
        self.relayout()
        if self.state.notice:
            self.show_message(self.state.notice)
            self.state.notice = ""
        self.needs_redraw = True

    def show_message(self, text: str) -> None:
        """A note at the bottom of the window for a few seconds."""
        self.message = text
        self.message_until = self.clock() + MESSAGE_SECONDS
        self.needs_redraw = True

    @contextlib.contextmanager
    def painting(self) -> Iterator[None]:
        """The boundary around painting a Frame: a failure is reported and rolled back as an event's is, but
        not painted again at once (a failure in painting would come back every frame)."""
        with self.reporting_errors("drawing"):
            yield
        self.needs_redraw = self.needs_pointing = False

    @contextlib.contextmanager
    def reporting_errors(self, doing: str) -> Iterator[None]:
        """Report an exception as one line (stderr and window) and go on with the state as it was
        before: a half-done change is rolled back.

        py5 would otherwise stop the sketch at the first exception in draw() or an event function.
        """
        state = self.state
        before = demo.checkpoint(state)
        try:
            yield
        except Exception as error:  # the boundary between the window and our code
            demo.restore(state, before)
            self.forget_screen = self.forget_images = True   # every part painted again from the restored state
            self.needs_redraw = True
            line = f"error while {doing}: {type(error).__name__}: {error}"
            print(f"sketch.py: {line}", file=sys.stderr, flush=True)
            self.show_message(line[:120])


HANDLERS: dict[type, tuple[Callable[[Session, Any], None], str]] = {
    events.Key: (Session.on_key, "handling a key"),
    events.MouseMove: (Session.on_mouse_move, "following the mouse"),
    events.MouseDrag: (Session.on_mouse_drag, "drawing with the mouse"),
    events.MousePress: (Session.on_mouse_press, "handling a click"),
    events.MouseRelease: (Session.on_mouse_release, "handling a click"),
    events.Wheel: (Session.on_wheel, "handling the mouse wheel"),
    events.Resized: (Session.on_resized, "laying the window out"),
    events.Screen: (Session.on_screen, "opening the window"),
    events.Captured: (Session.on_captured, "saving a screenshot"),
}
