"""Nothing a class makes is lost, on the real sketch under Xvfb: examples drawn in the teach view and not saved
are saved as the sketch ends (q, Esc pressed twice in a hurry, SIGTERM), one line on stderr names the folder,
and the folder opens again with --examples; after kill -9 the autosave holds them."""

from __future__ import annotations

import signal
import time

import numpy as np
import pytest

from convolution.files import autosave
from convolution.files import examples as example_files
from tests.helpers.live import layout_in
from tests.test_teach_e2e import circle_points, draw_stroke, near_path, square_points

ARGS = ("--classes", "circle,square")


def draw_two_examples(sketch):
    """A circle added to class 1, a square to class 2, with the pen; returns the layout."""
    frame = sketch.settled()
    layout = layout_in(frame, *ARGS)
    sketch.keys("c")
    draw_stroke(sketch, layout, circle_points())
    sketch.keys("1")
    draw_stroke(sketch, layout, square_points())
    sketch.keys("2")
    sketch.wait_for(lambda _: True)   # a frame after the keys: they have been handled
    return layout


def saved_folder_from(stderr: str):
    """The one line naming the folder, and the folder."""
    lines = [line for line in stderr.splitlines() if "not saved yet are in" in line]
    assert len(lines) == 1, stderr
    path = lines[0].split(" are in ", 1)[1].split(": reopen them", 1)[0]
    return lines[0], path


@pytest.mark.parametrize("ending", ["q", "Escape Escape", "SIGTERM"])
def test_examples_not_saved_are_saved_as_the_sketch_ends_and_open_again(live, tmp_path, ending):
    sketch = live(*ARGS)
    draw_two_examples(sketch)
    if ending == "SIGTERM":
        sketch.process.send_signal(signal.SIGTERM)
    else:
        sketch.keys(*ending.split(), delay_ms=5)   # twice in a hurry: saved once
    assert sketch.wait_exit(timeout=30) == 0
    line, path = saved_folder_from(sketch.stderr())
    folders = sorted(tmp_path.glob("examples-*"))
    assert [str(folder) for folder in folders] == [path], (folders, line)
    assert f"--examples {path}" in line
    examples, model = example_files.load([path])
    assert examples.names == ("circle", "square") and examples.counts() == [1, 1] and model is None
    assert near_path(examples.drawings[0][0], circle_points()) and near_path(examples.drawings[1][0], square_points())
    assert not list(tmp_path.glob(".convolution-*"))   # no temporary folder left


def test_saved_work_is_not_saved_again_and_the_reopened_folder_shows_it(live, tmp_path):
    sketch = live(*ARGS)
    draw_two_examples(sketch)
    sketch.keys("w")
    sketch.wait_for(lambda _: "saved the examples" in sketch.stdout(), what="w to save")
    sketch.keys("q")
    assert sketch.wait_exit(timeout=30) == 0
    assert "not saved yet" not in sketch.stderr()
    [folder] = tmp_path.glob("examples-*")
    again = live("--examples", str(folder))
    again.settled()
    again.keys("q")
    assert again.wait_exit(timeout=30) == 0 and "not saved yet" not in again.stderr()   # nothing new: nothing saved
    assert len(list(tmp_path.glob("examples-*"))) == 1


def test_after_kill_9_the_autosave_holds_the_examples(live, tmp_path):
    sketch = live(*ARGS, env={"CONVOLUTION_AUTOSAVE_SECONDS": "1"})
    draw_two_examples(sketch)
    deadline = time.monotonic() + 20
    found = []
    while time.monotonic() < deadline:
        found = [folder for folder in tmp_path.glob(f"{autosave.AUTOSAVE_PREFIX}-*")
                 if len(list(folder.glob("*.npy"))) == 2]
        if found:
            break
        time.sleep(0.2)
    assert found, sketch.stderr()
    sketch.process.kill()
    sketch.process.wait(timeout=10)
    examples, _ = example_files.load(found)
    assert examples.counts() == [1, 1]
    assert near_path(examples.drawings[0][0], circle_points())
    # … and the sketch opens it again
    again = live("--examples", str(found[0]))
    again.settled()
    again.keys("q")
    assert again.wait_exit(timeout=30) == 0
    np.testing.assert_array_equal(example_files.load(found)[0].drawings[0], examples.drawings[0])


def test_a_name_typed_on_screen_is_refused_or_kept_and_the_folder_reopens_with_it(live, tmp_path):
    sketch = live(*ARGS)
    draw_two_examples(sketch)
    sketch.keys("Up", "n")                     # rename the first class (selected: the second, the last added to)
    sketch._xdotool("type", "--delay", "40", "nul.txt")
    sketch.keys("Return")
    sketch.wait_for(lambda _: True)
    sketch.keys("Escape")                      # the refused name: Esc keeps the old one (and does not quit)
    sketch.keys("n")
    sketch._xdotool("type", "--delay", "40", "petit café-2")
    sketch.keys("Return", "q")
    assert sketch.wait_exit(timeout=30) == 0
    _, path = saved_folder_from(sketch.stderr())
    examples, _ = example_files.load([path])
    assert examples.names == ("petit café-2", "square") and examples.counts() == [1, 1]
    again = live("--examples", path)
    again.settled()
    again.keys("q")
    assert again.wait_exit(timeout=30) == 0 and "error" not in again.stderr()


def test_a_network_trained_in_the_teach_view_and_not_saved_is_saved_with_its_examples_on_q(live, tmp_path):
    import network
    from tests.helpers import shapes
    folder = tmp_path / "examples-class"
    folder.mkdir()
    for number, shape in enumerate(("circle", "square")):
        shapes.write_class_file(folder, shape, shapes.draw(shape, 10, seed=number))
    sketch = live("--examples", str(folder))
    sketch.settled()
    sketch.keys("Return")                                 # train
    sketch.wait_for(lambda _: "trained: " in sketch.stdout(), timeout=180, what="the training to finish")
    sketch.keys("q")
    assert sketch.wait_exit(timeout=30) == 0
    line, path = saved_folder_from(sketch.stderr())
    assert "the examples and the network" in line
    examples, model_path = example_files.load([path])
    assert examples.counts() == [10, 10] and model_path is not None
    assert network.load(model_path).classes == ["circle", "square"]


def close_window(display: str, window: int) -> None:
    """Ask ``window`` to close as a window manager's close button does: a WM_DELETE_WINDOW message (libX11 through
    ctypes: xdotool here has no windowclose, and Xvfb runs no window manager)."""
    import ctypes
    import ctypes.util

    class ClientMessage(ctypes.Structure):
        _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                    ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                    ("format", ctypes.c_int), ("data", ctypes.c_long * 5)]

    class Event(ctypes.Union):
        _fields_ = [("message", ClientMessage), ("pad", ctypes.c_long * 24)]

    x11 = ctypes.CDLL(ctypes.util.find_library("X11"))
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.POINTER(Event)]
    x11.XFlush.argtypes = x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    connection = x11.XOpenDisplay(display.encode())
    assert connection, f"cannot open display {display}"
    event = Event()
    event.message.type = 33   # ClientMessage
    event.message.window = window
    event.message.message_type = x11.XInternAtom(connection, b"WM_PROTOCOLS", 0)
    event.message.format = 32
    event.message.data[0] = x11.XInternAtom(connection, b"WM_DELETE_WINDOW", 0)
    x11.XSendEvent(connection, window, 0, 0, ctypes.byref(event))
    x11.XFlush(connection)
    x11.XCloseDisplay(connection)


def test_closing_the_window_saves_the_examples_not_saved(live, xserver, tmp_path):
    sketch = live(*ARGS)
    draw_two_examples(sketch)
    close_window(xserver.display, int(sketch.window))
    assert sketch.wait_exit(timeout=30) == 0
    _, path = saved_folder_from(sketch.stderr())
    assert example_files.load([path])[0].counts() == [1, 1]
