"""The session without py5: events in, the state changed, effects out (app/session.py), and the window's
adapter (app/window.py) on a recording stand-in for py5. No Java, no display."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import filters
from convolution.app import events, fitting, window
from convolution.app.events import (
    Captured,
    FileChosen,
    Key,
    MouseDrag,
    MouseMove,
    MousePress,
    MouseRelease,
    OpenChooser,
    Quit,
    Repaint,
    Resized,
    ResizeWindow,
    SaveScreenshot,
    Screen,
    Tick,
    Wheel,
)
from convolution.app.options import prepare
from convolution.app.session import MESSAGE_SECONDS, NETWORK_CLIP, Session
from convolution.app.window_size import GAP, SETTLE
from convolution.classroom import lessons
from convolution.files import images
from convolution.state import demo
from tests.helpers.paths import ROOT
from tests.helpers.screen_check import RecordingPy5

CAT = images.load_image(images.DEFAULT_IMAGE)


class Clock:
    """A clock the test moves on by hand."""

    def __init__(self, now=100.0):
        self.now = now

    def __call__(self):
        return self.now


def session_of(*args, folder=None, screen=None, **fields) -> Session:
    """A session as main() makes one for sketch.py ``args``; opened on ``screen`` if given (as settings() does)."""
    options = prepare(list(args))
    options.state.notice = ""
    running = Session(options.state, options.view, options.scale, options.save_target, theme=options.theme,
                      fullscreen=options.fullscreen, overwrite=options.overwrite, seed=options.seed,
                      save_folder=folder or Path.cwd(), clock=Clock(), **fields)
    if screen is not None:
        assert running.handle(Screen(*screen)) == []
    return running


def tick(running: Session, later: float = 0.0) -> list:
    """A frame, ``later`` seconds on (the session's clock moved with it)."""
    running.clock.now += later
    return running.handle(Tick(running.clock.now))


def repaints(effects) -> list[events.Frame]:
    return [effect.frame for effect in effects if isinstance(effect, Repaint)]


def keys_of(running: Session, *names, shift=False) -> list:
    found = []
    for name in names:
        found += running.handle(Key(name, shift))
    return found


def middle_of(rect):
    return rect.x + rect.w / 2, rect.y + rect.h / 2


# --------------------------------------------------------------------------
# The first frame, quitting
# --------------------------------------------------------------------------

def test_the_first_tick_paints_everything_and_then_nothing_until_something_changes():
    running = session_of("--kernel", "sobel-x")
    frame, = repaints(tick(running))
    assert frame.full and frame.view == "filter" and frame.state is running.state and frame.layout == running.layout
    assert frame.bottom_line == "" and not frame.help and not frame.blank and frame.theme == "dark"
    assert tick(running, 0.02) == []   # idle: nothing to paint


@pytest.mark.parametrize("name", ["q", "ESC", "Q"])
def test_q_and_esc_quit_at_the_next_tick(name):
    running = session_of()
    tick(running)
    assert keys_of(running, name) == [] and running.quit_requested
    assert tick(running) == [Quit()]


def test_esc_first_leaves_the_weight_being_edited_then_quits():
    running = session_of()
    demo.select_cell(running.state, (1, 1))
    keys_of(running, "ESC")
    assert running.state.ui.selected is None and not running.quit_requested
    keys_of(running, "ESC")
    assert running.quit_requested and tick(running) == [Quit()]


def test_stop_training_stops_a_run_and_does_nothing_without_one():
    running = session_of()
    running.stop_training()
    run = FakeRun()
    running.state.running.training = run
    running.stop_training()
    assert run.stopped


# --------------------------------------------------------------------------
# Keys through the session
# --------------------------------------------------------------------------

def test_a_key_changes_the_state_and_the_next_tick_paints_it():
    running = session_of("--kernel", "sobel-x")
    tick(running)
    assert keys_of(running, "e") == [] and running.state.edges == "zero"
    frame, = repaints(tick(running))
    assert frame.full


def test_a_key_of_another_view_says_where_it_works():
    running = session_of("--view", "network")
    tick(running)
    keys_of(running, "e")   # the edges: the kernel views' (the network view's arrows move its drawing)
    assert "filter and layer view" in running.message and "v switches views" in running.message
    assert repaints(tick(running))[0].bottom_line == running.message


def test_a_key_that_means_nothing_anywhere_changes_nothing():
    running = session_of()
    tick(running)
    assert keys_of(running, "CODE999") == [] and running.message == "" and tick(running) == []


def test_a_notice_the_state_leaves_becomes_the_message():
    running = session_of("--view", "network")
    keys_of(running, "PAGE_DOWN")
    assert running.message == "Page Down / Page Up step through a lesson plan: start with --lesson FILE.toml"
    assert running.state.notice == ""


def test_v_cycles_the_views_in_the_same_window_and_says_which():
    running = session_of(screen=(1280, 800))
    size = running.window
    seen = []
    for _ in range(4):
        keys_of(running, "v")
        seen.append(running.view_name)
        assert running.message.startswith(f"{running.view_name} view: ")
        assert (running.layout.width, running.layout.height) == size   # the window keeps its size
        frame, = repaints(tick(running))
        assert frame.view == running.view_name and frame.forget_screen
    assert seen == ["layer", "network", "teach", "filter"]
    assert running.state.relu   # the layer view turned ReLU on, as a CNN's block has it


def test_next_view_with_one_view_only_says_so(monkeypatch):
    running = session_of()
    monkeypatch.setattr("convolution.screen.views.VIEWS", {"filter": running.view})
    running.next_view()
    assert running.message == "the filter view is the only one so far"


def test_messages_expire_after_a_few_seconds_on_tick():
    running = session_of()
    tick(running)
    keys_of(running, "t")
    assert running.message == "light theme"
    assert repaints(tick(running, 1.0))[0].bottom_line == "light theme"
    assert tick(running, MESSAGE_SECONDS - 1.5) == []        # still there: nothing to paint
    frame, = repaints(tick(running, 1.0))                     # gone: painted without it
    assert running.message == "" and frame.bottom_line == ""


def test_t_switches_the_theme_and_every_part_and_panel_is_painted_again():
    running = session_of()
    tick(running)
    keys_of(running, "t")
    frame, = repaints(tick(running))
    assert running.theme == frame.theme == "light" and frame.forget_images and frame.forget_screen
    keys_of(running, "t")
    assert repaints(tick(running))[0].theme == "dark"


def test_h_shows_the_help_sheet():
    running = session_of()
    tick(running)
    keys_of(running, "h")
    assert repaints(tick(running))[0].help
    keys_of(running, "?")
    assert not repaints(tick(running))[0].help


def test_b_blanks_the_screen_once_and_brings_it_back_whole():
    running = session_of()
    tick(running)
    keys_of(running, "b")
    frame, = repaints(tick(running))
    assert frame.blank and frame.full
    running.handle(MouseMove(5, 5))
    keys_of(running, "e")                                  # changes go on underneath …
    assert tick(running) == []                             # … but the black screen is not painted again
    keys_of(running, ".")                                  # a clicker's blank key: back
    frame, = repaints(tick(running))
    assert not frame.blank and frame.full and frame.forget_screen and frame.forget_images
    assert running.state.edges == "zero"


def test_s_asks_for_the_windows_pixels_after_the_frame_and_saves_them_as_a_new_png(tmp_path, capsys):
    running = session_of(folder=tmp_path)
    tick(running)
    assert keys_of(running, "s") == []
    effects = tick(running)
    shot, = [effect for effect in effects if isinstance(effect, SaveScreenshot)]
    assert effects.index(shot) > effects.index(repaints(effects) and next(e for e in effects if isinstance(e, Repaint)))
    assert shot.path.parent == tmp_path and shot.path.name.startswith("convolution-") and not shot.final
    pixels = np.full((20, 30, 3), 7, np.uint8)
    assert running.handle(Captured(shot.path, pixels)) == []
    saved, = tmp_path.iterdir()
    assert np.array_equal(np.asarray(Image.open(saved)), pixels) and running.message == f"saved {saved.name}"
    assert f"saved screenshot: {saved.resolve()}" in capsys.readouterr().out
    assert not any(isinstance(effect, SaveScreenshot) for effect in tick(running))   # once


def test_a_screenshot_without_pixels_says_so_in_one_line(tmp_path, capsys):
    running = session_of(folder=tmp_path)
    running.handle(Captured(tmp_path / "shot.png", None))
    assert running.message == "could not save the screenshot: the window's pixels could not be read"
    assert list(tmp_path.iterdir()) == [] and len(capsys.readouterr().err.strip().splitlines()) == 1


def test_d_saves_the_drawing_at_its_own_size(tmp_path):
    running = session_of(folder=tmp_path)
    keys_of(running, "d")
    saved, = tmp_path.iterdir()
    assert saved.name.startswith("drawing-") and running.message == f"saved {saved.name}"
    assert np.array_equal(np.asarray(Image.open(saved)), CAT)


def test_o_opens_the_chooser_and_a_chosen_file_is_shown_at_the_next_tick(tmp_path):
    running = session_of("--invert", folder=tmp_path, screen=(1280, 800))
    tick(running)
    assert keys_of(running, "o") == [OpenChooser(tmp_path)]
    photo = np.full((20, 30), 40, np.uint8)
    Image.fromarray(photo).save(tmp_path / "dark.png")
    assert running.handle(FileChosen(tmp_path / "dark.png")) == []   # from the chooser's thread: only noted
    assert running.state.image.shape == (28, 28)
    frame, = repaints(tick(running))
    assert np.array_equal(running.state.image, photo) and not running.state.inverted
    assert running.message == "opened dark.png" and frame.bottom_line == "opened dark.png"
    sub = tmp_path / "more"
    sub.mkdir()
    running.open_folder = sub
    assert keys_of(running, "o") == [OpenChooser(sub)]   # where the last file came from


def test_a_file_that_cannot_be_opened_leaves_the_drawing_and_says_why(tmp_path, capsys):
    running = session_of(folder=tmp_path)
    (tmp_path / "notes.png").write_text("not a picture")
    running.handle(FileChosen(tmp_path / "notes.png"))
    tick(running)
    assert np.array_equal(running.state.image, CAT) and running.message.startswith("could not open notes.png: ")
    assert capsys.readouterr().err.startswith("sketch.py: error: ")


def test_g_in_the_network_view_says_what_it_can_clip():
    running = session_of("--view", "network")
    keys_of(running, "g")
    assert running.message == NETWORK_CLIP and running.clip_thread is None


def test_g_makes_a_clip_in_the_background_and_says_so(tmp_path, monkeypatch):
    running = session_of("--kernel", "sobel-x", folder=tmp_path)
    gate = threading.Event()
    written = []

    def write(state, path, lesson=None, base=None, **how):
        gate.wait(10)
        written.append((state, path))
        path.write_bytes(b"GIF89a")
        return path

    monkeypatch.setattr("convolution.classroom.clips.write_clip_file", write)
    keys_of(running, "g")
    assert running.message.startswith("making convolution-") and running.message.endswith(".gif \u2026")
    keys_of(running, "g")
    assert running.message == "a clip is being made already"
    gate.set()
    running.clip_thread.join(10)
    (state, path), = written
    assert state is not running.state and path.parent == tmp_path and running.message == f"saved {path.name}"


def test_w_without_training_says_how_to_train():
    running = session_of("--view", "network")
    keys_of(running, "w")
    assert running.message == "nothing trained to save: start the sketch with --train FILE... to train live"


def test_w_saves_the_network_being_trained(tmp_path):
    running = session_of("--view", "network", folder=tmp_path)
    running.state.running.training = FakeRun(model=running.state.running.model)
    keys_of(running, "w")
    saved, = tmp_path.iterdir()
    assert saved.name.startswith("doodles-trained") and saved.suffix == ".npz"
    assert running.message == f"saved {saved.name}"


def test_enter_in_the_teach_view_without_examples_says_what_is_missing():
    running = session_of("--classes", "circle,square")
    keys_of(running, "ENTER")
    assert running.message.startswith("cannot train yet: ") and running.state.running.training is None


def test_w_in_the_teach_view_without_examples_says_so(tmp_path):
    running = session_of("--classes", "circle,square", folder=tmp_path)
    keys_of(running, "w")
    assert running.message == "no examples to save yet: draw one and press 1" and list(tmp_path.iterdir()) == []


def test_a_slide_in_slow_motion_is_painted_as_time_passes():
    running = session_of("--kernel", "sobel-x")
    tick(running)
    keys_of(running, "a")
    assert running.state.motion is not None
    tick(running)
    assert repaints(tick(running, 1.0))   # the window has slid on


# --------------------------------------------------------------------------
# The lesson, Page Down / Page Up
# --------------------------------------------------------------------------

def lesson_session():
    options = prepare(["--lesson", str(ROOT / "lessons" / "coding-train.toml")])
    player = lessons.LessonPlayer(options.lesson, options.lesson_base)
    view = player.forward(options.state)
    options.state.notice = ""
    return Session(options.state, view, lesson=player, clock=Clock()), options.lesson


def test_page_down_and_up_step_through_the_lesson_with_its_captions():
    running, lesson = lesson_session()
    first = repaints(tick(running))[0]
    assert first.bottom_line == running.lesson.caption_line() and "identity" in first.bottom_line
    keys_of(running, "PAGE_DOWN")
    assert np.array_equal(running.state.kernel, filters.PRESETS["vertical-edge"])
    assert repaints(tick(running))[0].bottom_line == running.lesson.caption_line() != first.bottom_line
    keys_of(running, "PAGE_UP")
    assert np.array_equal(running.state.kernel, filters.PRESETS["identity"])
    keys_of(running, "PAGE_UP")
    assert running.message == "the first step of the lesson"


def test_the_lesson_switches_views_quietly_and_says_at_its_end_that_it_ended():
    running, lesson = lesson_session()
    views_seen = set()
    for _ in range(len(lesson.steps) - 1):
        keys_of(running, "PAGE_DOWN")
        views_seen.add(running.view_name)
        assert not running.message.startswith(f"{running.view_name} view: ")   # a step's caption says it
    assert {"filter", "layer", "network", "teach"} <= views_seen
    keys_of(running, "PAGE_DOWN")
    assert running.message == "the last step of the lesson"


def test_page_down_without_a_lesson_steps_the_kernels():
    running = session_of("--kernel", "identity")
    keys_of(running, "PAGE_DOWN")
    assert running.state.kernel_name == demo.PRESET_NAMES[1]


# --------------------------------------------------------------------------
# The mouse
# --------------------------------------------------------------------------

def test_dragging_on_the_drawing_draws_and_the_release_ends_the_stroke():
    running = session_of()
    tick(running)
    source = running.layout.source
    x, y = middle_of(source)
    running.handle(MousePress(x, y, True))
    assert running.state.stroke is not None
    assert repaints(tick(running))[0].full
    for step in range(1, 6):
        running.handle(MouseDrag(x + step * running.layout.scale, y))
    assert repaints(tick(running))[0].full
    running.handle(MouseRelease())
    assert running.state.stroke is None
    assert not np.array_equal(running.state.image, CAT)
    assert not repaints(tick(running))[0].full   # the readout again: only what follows the mouse
    keys_of(running, "u")
    assert np.array_equal(running.state.image, CAT)


def test_pointing_at_a_pixel_repaints_only_what_follows_the_mouse():
    running = session_of("--kernel", "sobel-x")
    tick(running)
    running.handle(MouseMove(*middle_of(running.layout.source)))
    assert running.state.ui.hover is not None
    frame, = repaints(tick(running))
    assert not frame.full
    running.handle(MouseMove(1, 1))
    assert running.state.ui.hover is None


def test_the_wheel_over_a_weight_changes_it_and_shift_finely():
    running = session_of("--kernel", "identity")
    x, y = middle_of(running.layout.kernel)   # the centre weight of a 3×3 kernel
    running.handle(Wheel(x, y, -1))
    assert running.state.ui.selected == (1, 1) and running.state.kernel[1, 1] == pytest.approx(1.1)
    running.handle(Wheel(x, y, 2, fine=True))
    assert running.state.kernel[1, 1] == pytest.approx(1.08)
    assert running.state.kernel_name == demo.CUSTOM
    assert repaints(tick(running))[0].full
    running.handle(Wheel(1, 1, 1))             # over nothing: nothing
    assert tick(running) == []


def test_a_click_on_a_live_frame_freezes_it_so_the_drawing_stays():
    running = session_of()
    running.state.running.camera = FakeCamera()
    x, y = middle_of(running.layout.source)
    running.handle(MousePress(x, y, True))
    assert running.state.running.frozen


# --------------------------------------------------------------------------
# The window's size
# --------------------------------------------------------------------------

def test_the_window_opens_at_the_views_own_size_within_the_screen():
    running = session_of("--kernel", "sobel-x", screen=(1920, 1080))
    own = running.view.layout_for(running.state, None, None)
    assert running.window == (own.width, own.height) and running.sizing.size == running.window
    small = session_of("--view", "network", screen=(1024, 768))
    assert small.window[0] <= 1024 - fitting.SCREEN_EDGES[0] and small.window[1] <= 768 - fitting.SCREEN_EDGES[1]


def test_a_scale_too_big_for_the_screen_says_so():
    running = session_of("--scale", "20", screen=(1024, 768))
    assert running.message.startswith("--scale 20 does not fit this 1024\u00d7768 screen")


def test_f11_asks_for_full_screen_and_the_next_tick_resizes_the_window():
    running = session_of("--kernel", "sobel-x", screen=(1920, 1080))
    running.place = lambda: (40, 30)
    windowed = running.window
    tick(running)
    keys_of(running, "F11")
    assert running.message == "full screen: F11 goes back"
    effects = tick(running, GAP)
    resize, = [effect.resize for effect in effects if isinstance(effect, ResizeWindow)]
    assert effects[-1] == ResizeWindow(resize)   # last: Processing makes the canvas anew as the next frame begins
    assert resize.size == (1920, 1080) and resize.fullscreen and resize.place == (0, 0)
    assert running.fullscreen and (running.layout.width, running.layout.height) == (1920, 1080)
    assert repaints(tick(running))[0].forget_screen
    keys_of(running, "F11")
    assert running.message == "window"
    resize, = [effect.resize for effect in tick(running, GAP) if isinstance(effect, ResizeWindow)]
    assert resize.size == windowed and resize.place == (40, 30) and not running.fullscreen


def test_f11_before_the_window_opens_does_nothing():
    running = session_of()
    keys_of(running, "F11")
    assert running.sizing is None and running.message == ""


def test_the_users_new_size_is_followed_once_resizing_pauses():
    running = session_of(screen=(1920, 1080))
    tick(running)
    running.sizing.report((900, 700))
    resize, = [effect.resize for effect in tick(running, SETTLE) if isinstance(effect, ResizeWindow)]
    assert resize.size == (900, 700) and (running.layout.width, running.layout.height) == (900, 700)


def test_a_resized_canvas_is_painted_whole_and_laid_out_for_its_size():
    running = session_of(screen=(1920, 1080))
    tick(running)
    running.handle(Resized(800, 600))
    assert running.window == (800, 600) and running.sizing.size == (800, 600)
    assert (running.layout.width, running.layout.height) == (800, 600)
    frame, = repaints(tick(running))
    assert frame.full and frame.forget_screen
    running.handle(Resized(800, 600))   # the size it has: painted whole, laid out as it was
    assert repaints(tick(running))[0].forget_screen


def test_a_photo_too_big_for_the_window_is_shown_smaller(tmp_path):
    y, x = np.mgrid[0:700, 0:700]
    Image.fromarray(((x + y) % 256).astype(np.uint8)).save(tmp_path / "big.png")
    running = session_of("--image", str(tmp_path / "big.png"))
    running.handle(Resized(640, 480))
    assert running.layout.fits and running.state.scaled_from == (700, 700) and max(running.state.image.shape) < 700


# --------------------------------------------------------------------------
# --save
# --------------------------------------------------------------------------

def test_save_paints_once_saves_the_frame_and_ends(tmp_path, capsys):
    target = tmp_path / "frame.png"
    running = session_of("--save", str(target))
    effects = tick(running)
    assert isinstance(effects[0], Repaint) and effects[1] == SaveScreenshot(target, final=True)
    pixels = np.full((running.layout.height, running.layout.width, 3), 9, np.uint8)
    assert running.handle(Captured(target, pixels, final=True)) == [Quit()]
    assert running.exit_status == 0 and running.save_target is None and target.exists()
    assert f"saved {target.resolve()}" in capsys.readouterr().out


def test_save_over_a_file_that_appeared_meanwhile_fails_with_status_2(tmp_path, capsys):
    target = tmp_path / "frame.png"
    running = session_of("--save", str(target))
    target.write_bytes(b"mine")
    assert running.handle(Captured(target, np.zeros((4, 4, 3), np.uint8), final=True)) == [Quit()]
    assert running.exit_status == 2 and target.read_bytes() == b"mine"
    assert "add --overwrite" in capsys.readouterr().err


def test_save_without_pixels_fails_with_status_2(tmp_path, capsys):
    running = session_of("--save", str(tmp_path / "frame.png"))
    assert running.handle(Captured(tmp_path / "frame.png", None, final=True)) == [Quit()]
    assert running.exit_status == 2 and "could not save" in capsys.readouterr().err


# --------------------------------------------------------------------------
# Errors: rolled back, one line
# --------------------------------------------------------------------------

def test_a_failing_key_rolls_the_state_back_and_shows_one_line(monkeypatch, capsys):
    running = session_of("--kernel", "emboss")
    tick(running)

    def broken(self):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(demo.SketchState, "refilter", broken)
    assert running.handle(Key("e")) == []
    assert running.state.edges == "skip" and running.state.kernel_name == "emboss"
    assert capsys.readouterr().err.strip() == "sketch.py: error while handling a key: RuntimeError: broken on purpose"
    frame, = repaints(tick(running))
    assert frame.full and frame.forget_images and frame.forget_screen
    assert frame.bottom_line == "error while handling a key: RuntimeError: broken on purpose"


def test_a_failing_drag_rolls_the_stroke_back(monkeypatch, capsys):
    running = session_of()
    x, y = middle_of(running.layout.source)
    running.handle(MousePress(x, y, True))
    image = running.state.image

    def broken(*args):
        raise RuntimeError("pen")

    monkeypatch.setattr(demo.SketchState, "refilter", broken)
    running.handle(MouseDrag(x + 30, y + 30))
    assert running.state.image is image and running.message.startswith("error while drawing with the mouse")


def test_a_failure_while_painting_is_reported_once_not_every_frame(capsys):
    running = session_of()
    effects = tick(running)
    with running.painting():
        assert repaints(effects)
        raise RuntimeError("paint")
    assert "error while drawing: RuntimeError: paint" in capsys.readouterr().err
    assert tick(running) == []   # not painted again at once: a failure in painting would come every frame


def test_a_failing_file_open_is_one_line_and_the_sketch_goes_on(tmp_path, monkeypatch, capsys):
    running = session_of(folder=tmp_path)

    def broken(path):
        raise RuntimeError("disk")

    monkeypatch.setattr("convolution.files.sources.open_source", broken)
    running.handle(FileChosen(tmp_path / "x.png"))
    tick(running)
    assert running.message == "error while opening a file: RuntimeError: disk" and running.pending_open is None


# --------------------------------------------------------------------------
# Beside the window: live training and the camera
# --------------------------------------------------------------------------

class FakeRun:
    """Live training as the state sees it (demo.LiveTraining), updated by hand."""

    def __init__(self, model=None, updates=0, error=""):
        self.network, self.classes, self.updates = model, ["cat", "rainbow", "train"], updates
        self.paused, self.stopped, self.done, self.error = False, False, False, error
        self.epoch, self.epochs, self.progress, self.losses, self.accuracies = 0, 20, 0.0, [], []
        self.held_out, self.version = None, 0

    def poll(self):
        if not self.updates:
            return False
        self.updates -= 1
        self.done = self.updates == 0
        self.accuracies, self.losses = [0.9], [0.3]
        return True

    def toggle_pause(self):
        self.paused = not self.paused

    def stop(self):
        self.stopped = True


def test_live_trainings_new_weights_are_painted_maps_first_then_the_bars_and_its_end_said_once(capsys):
    running = session_of("--view", "network")
    tick(running)
    model = running.state.running.model
    running.state.running.training = FakeRun(model=model, updates=1)
    frame, = repaints(tick(running))
    assert not frame.full                          # the filters and maps …
    assert repaints(tick(running))[0].full         # … then the text and curves
    assert tick(running) == []
    assert capsys.readouterr().out.count("trained: 20 epochs on cat, rainbow, train, accuracy 90%") == 1


def test_a_training_that_stopped_says_why_in_the_terminal(capsys):
    running = session_of("--view", "network")
    running.state.running.training = FakeRun(model=running.state.running.model, updates=1, error="out of memory")
    tick(running)
    assert "sketch.py: error: training stopped: out of memory" in capsys.readouterr().err


def test_space_pauses_live_training_in_the_network_view():
    running = session_of("--view", "network")
    run = running.state.running.training = FakeRun(model=running.state.running.model)
    keys_of(running, " ")
    assert run.paused


class FakeCamera:
    """A frame source (camera.VideoSource as the session asks it) whose frames and status a test sets."""

    def __init__(self, side=28):
        self.name, self.side, self.number, self.why, self.frame = "camera 0", side, 0, "", None
        self.next_frame()

    def next_frame(self):
        from convolution.files.camera import Frame
        self.number += 1
        self.frame = Frame(np.full((self.side, self.side), 10 * self.number % 256, np.uint8), self.number)

    def newest(self):
        return self.frame

    def status(self):
        return self.why

    def hold(self, held):
        self.held = held

    def close(self):
        pass


def test_the_camera_s_newest_frame_is_shown_and_a_frozen_one_stays(capsys):
    running = session_of()
    source = running.state.running.camera = FakeCamera()
    tick(running)
    assert running.shown_frame is source.frame and np.all(running.state.image == 10)
    source.next_frame()
    assert repaints(tick(running))[0].full and np.all(running.state.image == 20)
    assert tick(running) == []                        # no new frame: nothing to paint
    keys_of(running, " ")                             # freeze
    source.next_frame()
    tick(running)
    assert np.all(running.state.image == 20) and running.message.startswith("frozen")
    tick(running, MESSAGE_SECONDS + 1)                # the message gone
    source.why = "camera 0 sends no frames: is it unplugged?"
    frame, = repaints(tick(running))
    assert frame.bottom_line == source.why and source.why in capsys.readouterr().err
    source.why = ""
    tick(running)
    assert "camera 0: frames again" in capsys.readouterr().err


def test_a_view_switched_to_shows_the_camera_s_frame_as_that_view_shows_frames():
    running = session_of()
    running.state.running.camera = FakeCamera(side=64)
    tick(running)
    assert running.state.image.shape == (64, 64)
    for _ in range(2):
        keys_of(running, "v")
    assert running.view_name == "network" and running.state.image.shape == (28, 28)   # a drawing, as networks see


def test_a_failing_frame_is_one_line_and_the_last_one_stays(monkeypatch, capsys):
    running = session_of()
    source = running.state.running.camera = FakeCamera()
    tick(running)

    def broken(*args):
        raise ValueError("bad frame")

    monkeypatch.setattr("convolution.files.camera.frame_image", broken)
    source.next_frame()
    tick(running)
    assert np.all(running.state.image == 10)
    assert running.message == "error while showing the camera's frame: ValueError: bad frame"


def test_opening_a_file_while_the_camera_is_live_freezes_it(tmp_path):
    running = session_of(folder=tmp_path)
    running.state.running.camera = FakeCamera()
    tick(running)
    Image.fromarray(np.full((20, 20), 5, np.uint8)).save(tmp_path / "p.png")
    running.handle(FileChosen(tmp_path / "p.png"))
    tick(running)
    assert running.state.running.frozen and running.shown_frame is None and np.all(running.state.image == 5)


# --------------------------------------------------------------------------
# The adapter: py5's callbacks into events, effects into py5 (on a recording stand-in)
# --------------------------------------------------------------------------

class FakePy5(RecordingPy5):
    """Enough of py5 for window.Sketch without Java: what it was asked, recorded."""
    CODED, LEFT, RIGHT, UP, DOWN = 0xFFFF, 37, 39, 38, 40

    def __init__(self, width, height):
        super().__init__(width, height)
        self.asked, self.key, self.key_code = [], "", 0
        self.mouse_x = self.mouse_y = 0
        self.mouse_button = self.LEFT

    def exit_sketch(self):
        self.asked.append("exit")

    def select_input(self, title, callback, folder):
        self.asked.append(("chooser", folder))
        self.chosen = callback

    def intercept_escape(self):
        self.asked.append("intercept escape")

    def window_resize(self, width, height):
        self.asked.append(("resize", width, height))

    def get_surface(self):
        fake = self

        class Surface:
            def set_location(self, x, y):
                fake.asked.append(("place", x, y))
        return Surface()

    def get_pixels(self):
        class Copy:
            np_pixels = np.zeros((self.height, self.width, 4), np.uint8)

            def load_np_pixels(self):
                pass
        return Copy()


class Shift:
    def __init__(self, shift=False, count=0):
        self.shift, self.count = shift, count

    def is_shift_down(self):
        return self.shift

    def get_count(self):
        return self.count


def adapter_of(*args, folder=None):
    from convolution.screen.painters.window import WindowPainter
    running = session_of(*args, folder=folder, screen=(1280, 800))
    sketch = window.Sketch(running)
    sketch.py5 = FakePy5(*running.window)
    sketch.painter = WindowPainter(sketch.py5)
    return sketch, running


def test_the_adapter_paints_keys_and_the_mouse_through_the_session(tmp_path):
    sketch, running = adapter_of("--kernel", "sobel-x", folder=tmp_path)
    py5 = sketch.py5
    sketch.draw()
    assert any(item.kind == "picture" for item in py5.drawn)
    py5.key = "e"
    sketch.key_pressed(Shift())
    assert running.state.edges == "zero"
    py5.key, py5.key_code = py5.CODED, 122
    sketch.key_pressed(Shift())
    assert running.sizing.wants_fullscreen()
    py5.mouse_x, py5.mouse_y = middle_of(running.layout.source)
    sketch.mouse_moved()
    assert running.state.ui.hover is not None
    sketch.mouse_pressed()
    py5.mouse_x += 20
    sketch.mouse_dragged()
    sketch.mouse_released()
    assert running.state.stroke is None and not np.array_equal(running.state.image, CAT)
    sketch.mouse_wheel(Shift(count=1))
    sketch.draw()
    py5.key, py5.key_code = "s", 0
    sketch.key_pressed(Shift())
    sketch.draw()
    assert len(list(tmp_path.glob("convolution-*.png"))) == 1
    py5.key = "o"
    sketch.key_pressed(Shift())
    assert ("chooser", str(tmp_path) + os.sep) in py5.asked
    sketch.file_chosen(None)
    assert running.pending_open is None
    sketch.file_chosen(str(ROOT / "assets" / "cat.png"))
    assert running.pending_open == ROOT / "assets" / "cat.png"
    py5.width, py5.height = 1000, 700
    sketch.window_resized()
    assert running.window == (1000, 700)
    sketch.draw()
    py5.key = "\x1b"
    sketch.key_pressed(Shift())
    assert "intercept escape" in py5.asked and running.quit_requested
    sketch.draw()
    assert py5.asked[-1] == "exit"


def test_the_adapter_paints_black_the_help_sheet_and_resizes_the_window(tmp_path):
    sketch, running = adapter_of(folder=tmp_path)
    py5 = sketch.py5
    sketch.draw()
    running.handle(Key("h"))
    sketch.draw()
    running.handle(Key("b"))
    sketch.draw()
    assert py5.drawn == []   # black
    running.handle(Key("b"))
    running.place = lambda: (3, 4)
    running.handle(Key("F11"))
    running.sizing.resized_at = float("-inf")
    sketch.draw()
    assert ("resize", 1280, 800) in py5.asked and ("place", 0, 0) in py5.asked


def test_key_names_from_py5s_keys_and_codes():
    py5 = FakePy5(10, 10)
    assert window.key_name(py5, py5.CODED, py5.LEFT) == "LEFT"
    assert window.key_name(py5, py5.CODED, 34) == "PAGE_DOWN"
    assert window.key_name(py5, py5.CODED, 5) == "CODE5"
    assert window.key_name(py5, "\r", 0) == "ENTER" and window.key_name(py5, "r", 0) == "r"


def test_the_adapter_offers_py5_every_callback():
    sketch = window.Sketch(session_of())
    assert set(sketch.callbacks()) == {"settings", "setup", "draw", "key_pressed", "mouse_moved", "mouse_dragged",
                                       "mouse_pressed", "mouse_released", "mouse_wheel", "window_resized"}


def test_the_session_imports_no_py5_and_no_java():
    code = ("import sys; import convolution.app.session, convolution.app.events; "
            "print([m for m in sys.modules if m.split('.')[0] in ('py5', 'jpype')])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stderr


# --------------------------------------------------------------------------
# Chores beside the window: training on examples, saving them, clips (app/chores.py)
# --------------------------------------------------------------------------

def teach_session(folder, *args, **fields):
    from convolution.state import teach_keys
    running = session_of("--classes", "circle,square", *args, folder=folder, **fields)
    for number in (0, 1):
        pad = np.zeros((28, 28), np.float32)
        pad[5 + number * 10:10 + number * 10, 5:20] = 255
        demo.replace_pad(running.state, pad)
        teach_keys.add_example(running.state, number)
    running.state.notice = ""
    return running


def test_enter_starts_training_on_the_examples_beside_the_window(tmp_path, monkeypatch):
    running = teach_session(tmp_path)
    old = running.state.running.training = FakeRun()
    started = []

    def start(drawings, labels, classes, seed=1, initial=None):
        started.append((len(drawings), list(classes), seed, initial))
        run = FakeRun(model=running.state.running.model)
        run.augmented = True
        return run

    monkeypatch.setattr("convolution.learning.background.start", start)
    keys_of(running, "ENTER")
    assert started == [(2, ["circle", "square"], running.seed, running.state.teaching.shipped)] and old.stopped
    assert running.state.teaching.trained_for == ("circle", "square")
    assert running.message == ("training on 2 examples of 2 classes from the shipped network's filters, each "
                               "example moved, turned and resized as it is seen (few examples)")


def test_training_that_cannot_start_says_why(tmp_path, monkeypatch):
    running = teach_session(tmp_path)
    running.state.teaching.shipped = None
    keys_of(running, "ENTER")
    assert running.message == "no shipped network to start from (--model): f switches back to the line detectors"
    keys_of(running, "f")   # from the line detectors

    def refuse(*args, **kwargs):
        raise ValueError("too few")

    monkeypatch.setattr("convolution.learning.background.start", refuse)
    keys_of(running, "ENTER")
    assert running.message == "cannot train: too few" and running.state.running.training is None


def test_w_saves_the_examples_and_the_network_trained_on_them(tmp_path):
    import network
    running = teach_session(tmp_path)
    model = network.Network.random(["circle", "square"], seed=1)
    running.state.running.model, running.state.teaching.trained_for = model, ("circle", "square")
    keys_of(running, "w")
    folder, = tmp_path.glob("examples-*")
    assert sorted(p.name for p in folder.iterdir()) == ["circle.npy", "network.npz", "square.npy"]
    assert running.message == f"saved the examples and the network in {folder.name}{os.sep}"
    running.state.running.model = network.Network.random(["cat", "dog"], seed=1)
    running.state.teaching.trained_for = ("cat", "dog")
    keys_of(running, "w")
    assert running.message.endswith("the network was not saved: it was trained on other classes (Enter trains it "
                                    "again)")


def test_examples_that_cannot_be_saved_say_so_in_one_line(tmp_path, capsys):
    running = teach_session(tmp_path / "gone")
    keys_of(running, "w")
    assert running.message.startswith("could not save the examples: ")
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.parametrize("ending", ["q", "ESC", "signal"])
def test_ending_the_session_saves_the_examples_not_saved_once(tmp_path, capsys, ending):
    from convolution.files import examples as example_files
    running = teach_session(tmp_path)
    if ending == "signal":
        running.quit()   # what main()'s SIGINT and SIGTERM handler calls
    else:
        keys_of(running, ending)
    assert running.quit_requested and tick(running) == [Quit()]
    folder, = tmp_path.glob("examples-*")
    examples, _ = example_files.load([folder])
    assert examples.names == ("circle", "square") and examples.counts() == [1, 1]
    line, = capsys.readouterr().err.strip().splitlines()
    assert "the examples not saved yet are in" in line and f"--examples {folder}" in line
    keys_of(running, "q")
    assert running.save_unsaved() == [] and len(list(tmp_path.glob("examples-*"))) == 1   # main()'s finally, too


def test_examples_saved_with_w_are_not_saved_again_as_the_session_ends(tmp_path):
    running = teach_session(tmp_path)
    keys_of(running, "w")
    assert running.state.teaching.saved is running.state.teaching.examples
    keys_of(running, "q")
    assert len(list(tmp_path.glob("examples-*"))) == 1


def test_the_session_autosaves_the_examples_when_due(tmp_path):
    import network
    from convolution.files import autosave
    lines = []
    keeping = autosave.Safekeeping(tmp_path, network.save, interval=30, report=lines.append)
    running = teach_session(tmp_path, safekeeping=keeping)
    tick(running)
    assert not list(tmp_path.glob(f"{autosave.AUTOSAVE_PREFIX}-*"))
    tick(running, 31)
    folder, = tmp_path.glob(f"{autosave.AUTOSAVE_PREFIX}-*")
    assert sorted(path.name for path in folder.iterdir()) == ["circle.npy", "square.npy"]
    keys_of(running, "q")   # saved as the session ends: the autosave goes
    assert not list(tmp_path.glob(f"{autosave.AUTOSAVE_PREFIX}-*")) and len(list(tmp_path.glob("examples-*"))) == 1


def test_a_save_that_fails_for_any_reason_is_one_line():
    from convolution.app import chores

    def bug():
        raise KeyError("x")

    assert chores.write_new_file("clip", Path("c.gif"), bug) == "could not save the clip: 'x'"

    def taken():
        raise FileExistsError

    assert chores.write_new_file("clip", Path("c.gif"), taken) == ("could not save the clip: a file of that name "
                                                                    "appeared meanwhile and was left alone")


def test_gif_writes_the_clip_without_a_window(tmp_path, capsys):
    from convolution.app import chores
    options = prepare(["--kernel", "sobel-x", "--gif", str(tmp_path / "c.gif")])
    assert chores.write_gif(options) == 0 and (tmp_path / "c.gif").exists()
    assert f"saved {(tmp_path / 'c.gif').resolve()}" in capsys.readouterr().out


@pytest.mark.parametrize("error, words", [(FileExistsError(), "appeared while the clip was made"),
                                          (PermissionError(13, "Permission denied"), "Permission denied"),
                                          (MemoryError(), "use a smaller --scale")])
def test_gif_failures_are_one_line_and_status_2(tmp_path, monkeypatch, capsys, error, words):
    from convolution.app import chores
    options = prepare(["--gif", str(tmp_path / "c.gif")])

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr("convolution.classroom.clips.write_clip_file", fail)
    assert chores.write_gif(options) == 2
    err = capsys.readouterr().err.strip()
    assert words in err and len(err.splitlines()) == 1


def test_full_screen_opens_on_the_whole_screen_and_f11_goes_to_the_views_own_size():
    running = session_of("--fullscreen", screen=(1366, 768))
    assert running.window == (1366, 768) and running.sizing.windowed is not None
    own, place = running.sizing.windowed
    assert own == fitting.own_size(running.view, running.state, None, (1366, 768))


def test_a_large_camera_frame_is_shown_smaller_and_every_frame_after_it_too():
    running = session_of()
    source = running.state.running.camera = FakeCamera(side=600)
    tick(running)
    running.handle(Resized(400, 300))
    assert running.frame_side is not None and max(running.state.image.shape) <= running.frame_side
    source.next_frame()
    tick(running)
    assert max(running.state.image.shape) <= running.frame_side


def test_settings_opens_the_window_at_the_sessions_size_or_full_screen():
    class SettingsPy5(FakePy5):
        display_width, display_height = 1280, 800

        def size(self, width, height):
            self.asked.append(("size", width, height))

        def full_screen(self):
            self.asked.append("full screen")

    for args, expected in [((), None), (("--fullscreen",), "full screen")]:
        running = session_of(*args)
        sketch = window.Sketch(running, SettingsPy5(10, 10))
        sketch.settings()
        assert sketch.py5.asked == [expected or ("size", *running.window)]


def test_the_session_and_its_modules_reach_neither_py5_nor_the_canvas_nor_the_window():
    from tests.test_architecture import GRAPH, under
    for name in ("convolution.app.session", "convolution.app.events", "convolution.app.fitting",
                 "convolution.app.chores"):
        wrong = {imported for imported in GRAPH[name]
                 if under(imported, ("py5", "jpype", "convolution.screen.canvas", "convolution.app.window",
                                     "convolution.app.surface", "convolution.app.startup"))}
        assert not wrong, f"{name} imports {sorted(wrong)}"


def test_a_screenshot_whose_pixels_cannot_be_read_is_one_line_in_the_window(tmp_path, capsys):
    sketch, running = adapter_of(folder=tmp_path)

    def broken():
        raise RuntimeError("no buffer")

    sketch.py5.get_pixels = broken
    running.handle(Key("s"))
    sketch.draw()
    assert running.message == "could not save the screenshot: the window's pixels could not be read"
    assert len(capsys.readouterr().err.strip().splitlines()) == 1 and list(tmp_path.iterdir()) == []
