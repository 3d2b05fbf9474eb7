"""The window: py5's side of the sketch, and nothing else.

py5's callbacks become the plain events of session.py (``Key``, ``MouseMove`` …, a ``Tick`` every frame),
the session changes the state and answers with effects, and the effects become py5 calls: ``paint``
(the one method that paints), the screenshot's pixels, the file chooser, the window's size. The keeper
(surface.py) keeps the window alive; what the window's size should be is window_size.py's, through the
session. ``main`` is what sketch.py runs.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import time
from pathlib import Path
from typing import NoReturn

from convolution.app import chores, events, offscreen, startup
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.app.surface import Keeper, fit_frame, note_window_sizes
from convolution.app.window_size import Resize
from convolution.classroom import lessons
from convolution.files import reading
from convolution.learning import background
from convolution.screen import scene, views
from convolution.screen.painters.window import WindowPainter

WINDOW_TITLE = "Convolution filter demo"
CHOOSER_TITLE = "Open a drawing: PNG, JPEG, or Quick Draw .npy / .bin"

CODED_KEYS = {122: "F11", 33: "PAGE_UP", 34: "PAGE_DOWN"}   # Java's key codes (what presentation clickers send)
SPECIAL_KEYS = {"\x1b": "ESC", "\n": "ENTER", "\r": "ENTER", "\b": "BACKSPACE", "\t": "TAB", "\x7f": "DELETE"}


class Sketch:
    """The sketch's window: py5's callbacks (its methods, by py5's names) into events for ``session``, and
    the session's effects into py5."""

    def __init__(self, session: Session, py5=None):
        self.session = session
        self.py5 = py5                           # the py5 module, once started
        self.painter: WindowPainter | None = None   # made in setup(): paints the session's scenes
        self.keeper: Keeper | None = None        # started in setup(): keeps the window alive (surface.py)
        self.size_listener = None                # told by Java of the window's sizes (surface.note_window_sizes)

    # ----------------------------------------------------------------------
    # py5's callbacks, into events
    # ----------------------------------------------------------------------

    def settings(self):
        py5, session = self.py5, self.session
        if session.save_target is None:   # a saved frame keeps its size; a window must fit the screen it opens on
            self.send(events.Screen(py5.display_width, py5.display_height))
        if session.fullscreen:
            py5.full_screen()
        else:
            py5.size(*session.window) if session.window else py5.size(session.layout.width, session.layout.height)

    def setup(self):
        py5, session = self.py5, self.session
        self.keeper = Keeper(py5, lambda: session.quit_requested, session.stop_training, lambda: session.exit_status)
        self.keeper.start()
        py5.get_surface().set_title(WINDOW_TITLE)
        session.place = lambda: (py5.window_x, py5.window_y)
        if session.save_target is None:
            py5.window_resizable(True)   # the layout follows the size a user gives it
            if session.sizing is not None:
                self.size_listener = note_window_sizes(py5, session.sizing.report)
        self.painter = WindowPainter(py5)
        self.painter.find_glyph_hint()
        self.painter.prepare_fonts(scene.fonts_for(session.layout.sizes))   # made now, not at the first hover
        # What start-up made (Java's bridge, py5, numpy, the fonts) lives as long as the sketch: kept out of
        # Python's collections of old objects, which would otherwise walk all of it in the middle of a frame.
        gc.freeze()

    def draw(self):
        """A frame: the session says what is due (py5 keeps the previous frame on screen, so an idle sketch
        paints nothing here at all)."""
        self.send(events.Tick(time.monotonic()))

    def key_pressed(self, event):
        py5 = self.py5
        name = key_name(py5, py5.key, py5.key_code)
        if name == "ESC":
            py5.intercept_escape()   # Esc quits through the key table (or leaves editing a weight)
        self.send(events.Key(name, event.is_shift_down()))

    def mouse_moved(self):
        self.send(events.MouseMove(self.py5.mouse_x, self.py5.mouse_y))

    def mouse_dragged(self):
        self.send(events.MouseDrag(self.py5.mouse_x, self.py5.mouse_y))

    def mouse_pressed(self):
        py5 = self.py5
        self.send(events.MousePress(py5.mouse_x, py5.mouse_y, py5.mouse_button == py5.LEFT))

    def mouse_released(self):
        self.send(events.MouseRelease())

    def mouse_wheel(self, event):
        self.send(events.Wheel(self.py5.mouse_x, self.py5.mouse_y, event.get_count(), event.is_shift_down()))

    def window_resized(self):
        self.send(events.Resized(self.py5.width, self.py5.height))

    def file_chosen(self, selection):
        """py5 calls this from the file chooser's thread; the session opens the file at the next frame."""
        if selection is not None:
            self.send(events.FileChosen(Path(str(selection))))

    def callbacks(self) -> dict:
        """py5's callbacks, by the names py5 knows them, for py5.run_sketch."""
        names = ("settings", "setup", "draw", "key_pressed", "mouse_moved", "mouse_dragged", "mouse_pressed",
                 "mouse_released", "mouse_wheel", "window_resized")
        return {name: getattr(self, name) for name in names}

    # ----------------------------------------------------------------------
    # Effects, into py5
    # ----------------------------------------------------------------------

    def send(self, event: events.Event) -> None:
        """Hand ``event`` to the session and carry out what it answers."""
        for effect in self.session.handle(event):
            if isinstance(effect, events.Quit):
                self.py5.exit_sketch()
                return
            if isinstance(effect, events.Repaint):
                with self.session.painting():
                    self.paint(effect.frame)
            elif isinstance(effect, events.SaveScreenshot):
                self.send(events.Captured(effect.path, self.window_pixels(), effect.final))
            elif isinstance(effect, events.OpenChooser):
                self.py5.select_input(CHOOSER_TITLE, self.file_chosen, str(effect.folder) + os.sep)
            elif isinstance(effect, events.ResizeWindow):
                self.resize(effect.resize)

    def paint(self, frame: events.Frame) -> None:
        """Paint ``frame``'s scene (built by the session: nothing is worked out here), where it differs from
        the scene on screen; all of it after the window was resized or laid out anew."""
        painter = self.painter
        assert painter is not None and frame.scene is not None, "paint() before setup(), or a frame without a scene"
        if frame.forget_screen:
            painter.forget()
            painter.prepare_fonts(scene.fonts_for(self.session.layout.sizes))
        painter.paint(frame.scene)

    def window_pixels(self):
        """The window as it is painted (H×W×3), or None if the canvas cannot give it."""
        try:
            return self.painter.window_pixels() if self.painter is not None else None
        except Exception:   # the session says, in one line, that the screenshot could not be saved
            return None

    def resize(self, resize: Resize) -> None:
        """Make the window the size window_size.py says is due now (the session has laid it out for it)."""
        py5 = self.py5
        if (py5.width, py5.height) == resize.size:
            fit_frame(py5, resize.size)   # the window itself was resized (full screen held): Processing knew nothing
        else:
            py5.window_resize(*resize.size)
        if resize.place is not None:
            py5.get_surface().set_location(*resize.place)


def key_name(py5, key, key_code) -> str:
    """py5's key and key_code as one name: "LEFT", "UP", "ESC", "ENTER" … or the character typed."""
    if key == py5.CODED:
        arrows = {py5.LEFT: "LEFT", py5.RIGHT: "RIGHT", py5.UP: "UP", py5.DOWN: "DOWN"}
        return arrows.get(key_code) or CODED_KEYS.get(key_code, f"CODE{key_code}")
    return SPECIAL_KEYS.get(key, str(key))


def run(argv: list[str] | None = None) -> NoReturn:
    """sketch.py and the convolution-sketch command: run the sketch, then end the process at once.

    Once the window has closed, Java takes a second or more to shut down by
    itself; a class that pressed q should not wait for it (nothing is left to
    save: live training and clips are done by then).
    """
    status = main(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def main(argv=None, sketch_class: type[Sketch] = Sketch) -> int:
    """sketch.py: start the sketch with the options in ``argv`` (default: the command line), in a
    window of ``sketch_class`` (benchmarks and tests start one that records what it does).
    Returns the exit status: 0, or 2 after a one-line error."""
    try:
        options = prepare(argv)
        player = None
        if options.lesson is not None:
            player = lessons.LessonPlayer(options.lesson, options.lesson_base)
            options.view = player.forward(options.state) or options.view   # the first step (a lesson has one)
            views.VIEWS[options.view].prepare(options.state)
        if options.gif is not None:   # a clip for slides needs no window, nor Java
            return chores.write_gif(options)
        session = Session(options.state, options.view, options.scale, options.save_target, theme=options.theme,
                          fullscreen=options.fullscreen, lesson=player, overwrite=options.overwrite, seed=options.seed,
                          size=options.size)
        if options.save_target is not None and not startup.has_display():
            status = offscreen.save(session)   # painted offscreen, the same scene: no Java, no window
            if options.camera is not None:
                options.camera.close()
            return status
        sketch = sketch_class(session)
        sketch.py5 = startup.import_py5()
    except (ValueError, startup.StartupError) as error:
        print(f"sketch.py: error: {reading.one_line(str(error))}", file=sys.stderr)   # one line, whatever it names
        return 2
    # Ctrl+C in the terminal, or a polite kill, ends the sketch like q does (the work not saved yet saved first):
    # without this, Java would stop underneath py5 with pages of stack traces.
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: session.quit())
    if options.training is not None:
        drawings, labels, classes = options.training
        training = session.state.running.training = background.start(drawings, labels, classes, seed=options.seed)
        session.state.running.model = training.network
    if options.camera is not None and options.save_target is None:
        options.camera.start()   # --save shows the first frame only
    try:
        sketch.py5.run_sketch(block=True, sketch_functions=sketch.callbacks())
        if sketch.keeper is not None:   # run_sketch returns while Java's drawing thread is being started again
            sketch.keeper.wait_until_ended(sketch.py5.get_current_sketch())
    finally:
        if sketch.keeper is not None:
            sketch.keeper.finished = True
        session.stop_training()
        session.save_unsaved()   # the window closed (or anything else ended it): the class's work is kept
        if options.camera is not None:
            options.camera.close()
        clip = session.clip_thread
        if clip is not None and clip.is_alive():
            print("finishing the GIF clip before the sketch ends …", flush=True)
            clip.join(timeout=60)   # a clip being written is the user's: it is not cut off
    return session.exit_status
