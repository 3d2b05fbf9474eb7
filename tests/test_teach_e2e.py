"""The teach view on the real sketch under Xvfb: examples drawn with the pen and added with keys, saved with w,
opened again with --examples, a network trained on them with Enter, and the pad classified as you draw."""

from __future__ import annotations

import numpy as np
import pytest

from convolution.screen import pixels
from convolution.screen.views import teach as teach_view
from tests.helpers import shapes
from tests.helpers.live import crop, layout_in
from tests.helpers.panels import enlarged, rgb_of


def circle_points(radius=8.0, centre=(14.0, 14.0), count=40):
    """A circle as (x, y) pad pixels, drawn as one stroke."""
    turns = np.linspace(0, 2 * np.pi, count)
    return [(centre[0] + radius * np.cos(a), centre[1] + radius * np.sin(a)) for a in turns]


def square_points(half=8.0, centre=(14.0, 14.0), per_side=8):
    corners = [(-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)]
    points = []
    for (x0, y0), (x1, y1) in zip(corners, corners[1:]):
        for t in np.linspace(0, 1, per_side, endpoint=False):
            points.append((centre[0] + half * (x0 + (x1 - x0) * t), centre[1] + half * (y0 + (y1 - y0) * t)))
    return points + [(centre[0] - half, centre[1] - half)]


def draw_stroke(sketch, layout, points):
    """Drag the mouse through ``points`` (pad pixels) on the pad, as a hand would."""
    s, left, top = layout.scale, layout.source.x, layout.source.y
    where = [(str(int(left + (x + 0.5) * s)), str(int(top + (y + 0.5) * s))) for x, y in points]
    commands = ["search", "--name", "Convolution filter demo", "mousemove", "--window", "%1", *where[0],
                "mousedown", "1"]
    for x, y in where[1:]:
        commands += ["mousemove", "--window", "%1", x, y, "sleep", "0.02"]
    commands += ["mouseup", "1", "sleep", "0.2"]
    sketch.xdotool_chain(commands)


def near_path(drawing, points, reach=2.0):
    """Whether every lit pixel of ``drawing`` (28×28) is within ``reach`` pixels of the stroke through ``points``
    (draw_stroke puts the mouse in the middle of pixel (x, y): there the pixel's centre and the pen's point meet)."""
    ys, xs = np.nonzero(drawing)
    path = np.array(points)
    dense = np.concatenate([np.linspace(a, b, 10) for a, b in zip(path, path[1:])])
    distances = np.min(np.hypot(xs[:, None] - dense[None, :, 0], ys[:, None] - dense[None, :, 1]), axis=1)
    return bool(np.all(distances <= reach))


def thumbnail(frame, layout, row, index=0):
    """Thumbnail ``index`` (0: the newest) of class ``row`` as the window shows it."""
    strip = layout.rows[row].strip
    side = 28 * layout.thumb_scale
    step = side + layout.sizes.px(teach_view.THUMB_GAP)
    return crop(frame, strip)[:, index * step:index * step + side]


def layout_with_examples(frame, args, added):
    """The teach view's layout in a window the size of ``frame`` (Session.make_layout, as the sketch lays its
    window out again) once the pad is cleared and ``added`` examples are in: (class number, drawing white on
    black), oldest first. The rows take a layout of their own once there are examples (larger thumbnails)."""
    from convolution.app.options import prepare
    from convolution.app.session import Session
    from convolution.state import demo, teach
    options = prepare(list(args))
    state = options.state
    demo.clear_canvas(state)
    for number, drawing in added:
        state.teaching.examples = teach.with_example(state.teaching.examples, number, drawing.reshape(28, 28))
    running = Session(state, options.view)
    running.window = (frame.shape[1], frame.shape[0])
    return running.make_layout()


def trained_layout(frame, args, view="teach"):
    """``view``'s layout in a window the size of ``frame`` (Session.make_layout) once Enter has trained a network
    on the examples the sketch opened with ``args``: the rows get their bars, the answer its words for the
    network's classes, the training its finished run (the layout depends on the network's classes and the run's
    epochs, not on its weights: any network with these classes is laid out alike)."""
    import types

    import network
    from convolution.app.options import prepare
    from convolution.app.session import Session
    from convolution.learning import background
    options = prepare(list(args))
    state = options.state
    names = list(state.teaching.examples.names)
    model = network.Network.random(names, seed=0)
    state.running.model, state.teaching.trained_for = model, tuple(names)
    state.running.training = types.SimpleNamespace(   # a finished run (parts.LiveTraining), as the sketch keeps it
        classes=names, network=model, paused=False, epoch=background.EPOCHS, epochs=background.EPOCHS, progress=1.0,
        losses=[], accuracies=[], held_out=None, error="", done=True, version=1)
    running = Session(state, view)
    running.window = (frame.shape[1], frame.shape[0])
    return running.make_layout()


def test_strokes_become_examples_white_on_black_and_w_saves_them_as_quick_draw_files(live, tmp_path):
    args = ("--classes", "circle,square")
    sketch = live(*args)
    frame = sketch.settled()
    layout = layout_in(frame, *args)
    sketch.keys("c")                                      # a blank page (the bundled cat is on the pad)
    circle, square = circle_points(), square_points()
    draw_stroke(sketch, layout, circle)
    sketch.keys("1")
    draw_stroke(sketch, layout, square)
    sketch.keys("2")
    draw_stroke(sketch, layout, circle_points(radius=5))
    sketch.keys("1")
    sketch.keys("w")
    sketch.wait_for(lambda _: "saved the examples" in sketch.stdout(), what="the examples saved")
    folders = list(tmp_path.glob("examples-*"))
    assert len(folders) == 1 and sorted(p.name for p in folders[0].iterdir()) == ["circle.npy", "square.npy"]
    circles, squares = np.load(folders[0] / "circle.npy"), np.load(folders[0] / "square.npy")
    assert circles.shape == (2, 784) and squares.shape == (1, 784) and circles.dtype == np.uint8
    first = circles[0].reshape(28, 28)
    # White strokes on black, as Quick Draw stores them, where the pen went: the page itself is 0.
    assert first[0, 0] == 0 and first.max() == 255 and near_path(first, circle)
    # … and the pen went all round: beside every point of the circle (a busy machine joins far apart mouse
    # events with straight strokes) a pixel is lit.
    assert all(first[int(y) - 1:int(y) + 2, int(x) - 1:int(x) + 2].max() > 100 for x, y in circle)
    assert near_path(squares[0].reshape(28, 28), square) and not near_path(squares[0].reshape(28, 28), circle)
    # The rows show them, the newest first, as the pad showed them (dark on its light paper: the cleared pad's paper
    # is white, so each is the saved drawing turned round); the pad is blank again. The window was laid out again
    # for the rows with examples (the thumbnails grow), so the thumbnails are found in that layout.
    frame = sketch.settled()
    layout = layout_with_examples(frame, args, [(0, first), (1, squares[0]), (0, circles[1])])
    np.testing.assert_array_equal(thumbnail(frame, layout, 0, 0), enlarged(rgb_of(255 - circles[1].reshape(28, 28)),
                                                                         layout.thumb_scale))
    np.testing.assert_array_equal(thumbnail(frame, layout, 0, 1), enlarged(rgb_of(255 - first), layout.thumb_scale))
    np.testing.assert_array_equal(thumbnail(frame, layout, 1, 0), enlarged(rgb_of(255 - squares[0].reshape(28, 28)),
                                                                         layout.thumb_scale))
    assert np.all(crop(frame, layout.source) == 255)
    # Backspace takes the selected class's newest example back, u brings it back; w saves anew, never over.
    sketch.keys("BackSpace", "w")
    sketch.wait_for(lambda _: sketch.stdout().count("saved the examples") == 2, what="a second folder")
    sketch.keys("u", "w")
    sketch.wait_for(lambda _: sketch.stdout().count("saved the examples") == 3, what="a third folder")
    saved = sorted(tmp_path.glob("examples-*"), key=lambda p: p.stat().st_mtime_ns)
    assert len(saved) == 3 and np.array_equal(np.load(saved[0] / "circle.npy"), circles)
    counts = [len(np.load(folder / "circle.npy")) for folder in saved]
    assert counts == [2, 1, 2]


def test_examples_open_again_train_with_enter_and_the_pad_is_classified_live(live, tmp_path):
    folder = tmp_path / "examples-class"
    folder.mkdir()
    for number, shape in enumerate(("circle", "square", "triangle")):
        shapes.write_class_file(folder, shape, shapes.draw(shape, 10, seed=number))
    args = ("--examples", str(folder))
    sketch = live(*args)
    frame = sketch.settled()
    layout = layout_in(frame, *args)
    stored = np.load(folder / "circle.npy").reshape(-1, 28, 28)
    np.testing.assert_array_equal(thumbnail(frame, layout, 0, 0),
                                  enlarged(rgb_of(255 - stored[-1]), layout.thumb_scale))
    sketch.keys("Return")                                 # train
    sketch.wait_for(lambda _: "trained: " in sketch.stdout(), timeout=120, what="the training to finish")
    assert "circle, square, triangle" in sketch.stdout()
    # The window is laid out again for the network trained: the rows get their bars, the training its chart.
    layout = trained_layout(frame, args)
    sketch.keys("c")
    draw_stroke(sketch, layout, circle_points(radius=9))

    def bars(frame):
        lengths = []
        for row in range(3):
            track = teach_view.bar_track(layout, row)
            line = frame[track.y + track.h // 2, track.x:track.x + track.w]
            lengths.append(float(np.mean(np.any(line != pixels.PANEL_BACKGROUND, axis=1))))
        return lengths

    frame = sketch.wait_for(lambda f: bars(f)[0] == max(bars(f)) and bars(f)[0] > 0.5,
                            what="the circle's bar to be the longest")
    assert sum(bars(frame)) > 0.9                         # the bars are probabilities: they add up to 1
    # v: straight to the network view (Session.next_view: the class's own network, just trained, is asked); its
    # bars are the teach view's classes, in the same window.
    from convolution.screen.views import network as network_view
    sketch.keys("v")
    network_layout = trained_layout(frame, args, "network")

    def network_bars(frame):
        return [float(np.mean(np.any(frame[t.y + t.h // 2, t.x:t.x + t.w] != pixels.PANEL_BACKGROUND, axis=1)))
                for t in (network_view.bar_track(network_layout, row) for row in range(3))]
    sketch.wait_for(lambda f: network_bars(f)[0] == max(network_bars(f)) and abs(network_bars(f)[0] - bars(frame)[0])
                    < 0.05, what="the network view's circle bar, as in the teach view")
    # w saves the examples and the network trained on them, beside them.
    sketch.keys("v", "w")                                 # back to the teach view (network → teach)
    sketch.wait_for(lambda _: "saved the examples and the network" in sketch.stdout(), what="the folder saved")
    saved = next(path for path in tmp_path.glob("examples-*") if path != folder)
    import network
    assert network.load(saved / "network.npz").classes == ["circle", "square", "triangle"]
    assert np.array_equal(np.load(saved / "square.npy"), np.load(folder / "square.npy"))


def test_with_a_camera_a_key_takes_the_frame_made_into_a_drawing(live, tmp_path):
    """Lesson 8.4's rhythm: hold a thing up to the camera, press its key."""
    pytest.importorskip("cv2")
    from convolution.files import camera
    from tests.helpers import videos
    circle, square = shapes.draw("circle", 1)[0], shapes.draw("square", 1)[0]
    held = [videos.drawing_on_paper(doodle, 240, 320, side=168) for doodle in (circle, square)]
    video = videos.write_video(tmp_path / "held.avi", [held[0]] * 20 + [held[1]] * 20, fps=10)
    args = ("--camera", str(video), "--classes", "circle,square")
    sketch = live(*args)
    frame = sketch.settled()
    layout = layout_in(frame, *args)
    expected = [camera.as_doodle(picture) for picture in held]

    def pad_shows(number):
        return lambda f: np.array_equal(crop(f, layout.source), enlarged(rgb_of(expected[number]), layout.scale))
    sketch.wait_for(pad_shows(0), what="the circle held up on the pad")
    sketch.keys("1")
    sketch.wait_for(pad_shows(1), what="the square held up on the pad")
    sketch.keys("2", "w")
    sketch.wait_for(lambda _: "saved the examples" in sketch.stdout(), what="the examples saved")
    folder = next(tmp_path.glob("examples-*"))
    np.testing.assert_array_equal(np.load(folder / "circle.npy").reshape(28, 28), expected[0])
    np.testing.assert_array_equal(np.load(folder / "square.npy").reshape(28, 28), expected[1])
