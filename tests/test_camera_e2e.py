"""--camera in the real sketch on a virtual screen, fed by lossless videos made here: every panel read back
from screenshots, each output checked against the convolution of the input shown beside it in the same
screenshot."""

import time

import numpy as np
import pytest

import filters
from convolution.files import camera
from convolution.screen import geometry, pixels
from tests.helpers import videos
from tests.helpers.live import crop, layout_in, read_png, run_sketch
from tests.helpers.panels import assert_panels, expected_output, expected_source, panels

pytest.importorskip("cv2")

SOBEL = filters.PRESETS["sobel-x"]


def test_save_shows_the_first_frame_and_its_convolution(xserver, tmp_path):
    frames = videos.moving_frames(6, height=30, width=44, colour=True)
    path = videos.write_video(tmp_path / "clip.avi", frames)
    args = ("--camera", str(path), "--kernel", "sobel-x", "--edges", "reflect")
    result = run_sketch(xserver, *args, "--save", str(tmp_path / "first.png"))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert_panels(read_png(tmp_path / "first.png"), frames[0], SOBEL, "reflect", scale=geometry.auto_scale(44, 30),
                  args=args)


def test_save_of_a_640_by_480_video_frame_is_that_frame_at_one_to_one(xserver, tmp_path):
    frames = videos.moving_frames(2, height=480, width=640)
    path = videos.write_video(tmp_path / "vga.avi", frames)
    args = ("--camera", str(path), "--kernel", "gaussian-5x5")
    result = run_sketch(xserver, *args, "--save", str(tmp_path / "v.png"))
    assert result.returncode == 0, result.stderr
    assert_panels(read_png(tmp_path / "v.png"), frames[0], filters.PRESETS["gaussian-5x5"], scale=1, args=args)


def shown_frame(shot, frames, kernel, edges="skip", args=None):
    """Which of ``frames`` the screenshot's input panel shows (its output checked to be that frame's
    convolution, from the same screenshot); None if the input is none of them. ``args``: the sketch's."""
    source, output, scale = panels(shot, frames[0], None, kernel, args)
    shown = source[::scale, ::scale]
    for number, frame in enumerate(frames):
        rgb = np.dstack([frame] * 3) if frame.ndim == 2 else frame
        if np.array_equal(shown, rgb):
            np.testing.assert_array_equal(source, expected_source(frame, scale))
            np.testing.assert_array_equal(output, expected_output(frame, kernel, edges, False, scale))
            return number
    return None


def colours_near(frame, x, y):
    """The colours in a 5×5 patch round (x, y): an outline drawn through it shows the highlight."""
    return {tuple(int(c) for c in p) for p in frame[y - 2:y + 3, x - 2:x + 3].reshape(-1, 3)}


def test_a_live_window_follows_the_video_and_each_output_is_its_own_inputs(live, tmp_path):
    frames = videos.moving_frames(10, height=30, width=40)
    path = videos.write_video(tmp_path / "clip.avi", frames, fps=8)
    args = ("--camera", str(path), "--kernel", "sobel-x")
    sketch = live(*args)
    sketch.wait_for(lambda shot: shown_frame(shot, frames, SOBEL, args=args) is not None, timeout=30,
                    what="a frame")
    seen = []
    deadline = time.monotonic() + 20
    while len(set(seen)) < 4 and time.monotonic() < deadline:
        number = shown_frame(sketch.screenshot(), frames, SOBEL, args=args)
        assert number is not None, "the input panel shows no frame of the video"
        seen.append(number)
    assert len(set(seen)) >= 4, seen
    sketch.stop()
    made = {path.name for path in tmp_path.iterdir()} - {"clip.avi"}
    assert made <= {"sketch-stderr.txt", "sketch-stdout.txt", "window.png"}, made   # no frame written to disk


def test_space_freezes_the_frame_hover_explains_it_and_space_goes_live_again(live, tmp_path):
    frames = videos.moving_frames(10, height=30, width=40)
    path = videos.write_video(tmp_path / "clip.avi", frames, fps=8)
    args = ("--camera", str(path), "--kernel", "sobel-x")
    sketch = live(*args)
    sketch.wait_for(lambda shot: shown_frame(shot, frames, SOBEL, args=args) is not None, timeout=30,
                    what="a frame")
    sketch.keys("space")
    time.sleep(0.5)
    held = [shown_frame(sketch.screenshot(), frames, SOBEL, args=args) for _ in range(2)]
    time.sleep(1.0)   # eight frames' time
    held.append(shown_frame(sketch.settled(), frames, SOBEL, args=args))
    assert held[0] is not None and len(set(held)) == 1, held
    # Pointing at a pixel of the frozen frame outlines its 3×3 neighbourhood there, and the pixel it makes.
    shot = sketch.screenshot()
    layout = layout_in(shot, "--camera", str(path), "--kernel", "sobel-x")
    y, x = 15, 20
    spot = geometry.pixel_rect(layout.source, layout.scale, y, x)
    sketch.move(spot.x + spot.w // 2, spot.y + spot.h // 2)
    around = geometry.pixel_rect(layout.source, layout.scale, y, x, 3, 3)
    hovered = sketch.wait_for(lambda s: pixels.HIGHLIGHT in colours_near(s, around.x + around.w // 2, around.y),
                              what="the outline round the pointed pixel")
    made = geometry.pixel_rect(layout.output, layout.scale, y, x)
    assert pixels.HIGHLIGHT in colours_near(hovered, made.x + made.w // 2, made.y)
    time.sleep(1.0)   # the outline stays on the same frozen frame
    still = sketch.screenshot()
    np.testing.assert_array_equal(crop(still, layout.source), crop(hovered, layout.source))
    sketch.keys("d")   # d saves the frozen frame, as it saves a drawing
    deadline = time.monotonic() + 15
    while not list(tmp_path.glob("drawing-*.png")) and time.monotonic() < deadline:
        time.sleep(0.2)
    saved = list(tmp_path.glob("drawing-*.png"))
    assert len(saved) == 1, sketch.stderr()
    time.sleep(0.5)
    from PIL import Image
    with Image.open(saved[0]) as picture:
        np.testing.assert_array_equal(np.asarray(picture.convert("L")), frames[held[0]])
    sketch.move(5, 5)   # off the pictures: no outline over them
    sketch.wait_for(lambda s: shown_frame(s, frames, SOBEL, args=args) is not None,
                    what="the frozen frame without outlines")
    sketch.keys("space")
    later = set()
    deadline = time.monotonic() + 15
    while len(later) < 3 and time.monotonic() < deadline:
        later.add(shown_frame(sketch.screenshot(), frames, SOBEL, args=args))
    assert len(later - {None}) >= 2 and None not in later, later


def test_the_network_view_shows_the_28_by_28_drawing_it_makes_of_a_doodle_held_up(live, tmp_path):
    doodle = videos.quickdraw_cats(1)[0]
    pages = [videos.drawing_on_paper(doodle, seed=n, height=120, width=160, side=84) for n in range(4)]
    path = videos.write_video(tmp_path / "held-up.avi", pages, fps=4)
    sketch = live("--camera", str(path), "--view", "network")
    drawings = [camera.as_doodle(page) for page in pages]

    def shows_a_drawing(shot):
        layout = layout_in(shot, "--camera", str(path), "--view", "network")
        source = crop(shot, layout.source)
        return any(np.array_equal(source, expected_source(drawing, layout.scale)) for drawing in drawings)

    sketch.wait_for(shows_a_drawing, timeout=20, what="the network view's input: a frame made a 28×28 drawing")


def test_drawing_on_a_live_frame_freezes_it_and_the_output_follows_the_drawing(live, tmp_path):
    frames = videos.moving_frames(10, height=30, width=40)
    path = videos.write_video(tmp_path / "clip.avi", frames, fps=8)
    args = ("--camera", str(path), "--kernel", "laplacian-8")
    sketch = live(*args)
    laplacian = filters.PRESETS["laplacian-8"]
    shot = sketch.wait_for(lambda s: shown_frame(s, frames, laplacian, args=args) is not None, timeout=30,
                           what="a frame")
    layout = layout_in(shot, *args)
    left, top, scale = layout.source.x, layout.source.y, layout.scale
    row = top + 22 * scale + scale // 2
    sketch.xdotool_chain(["search", "--name", "Convolution filter demo",
                          "mousemove", "--window", "%1", str(left + 3 * scale), str(row), "mousedown", "1",
                          *[arg for x in range(4, 36) for arg in ("mousemove", "--window", "%1",
                                                                  str(left + x * scale), str(row))],
                          "mouseup", "1", "mousemove", "--window", "%1", "5", "5"])
    time.sleep(1.0)
    drawn = sketch.settled()
    source = crop(drawn, layout.source)[::scale, ::scale, 0]
    assert shown_frame(drawn, frames, laplacian, args=args) is None   # a frame with a stroke: no frame of the video
    time.sleep(1.0)                                        # eight frames' time: it stays
    later = sketch.screenshot()
    np.testing.assert_array_equal(crop(later, layout.source), crop(drawn, layout.source))
    np.testing.assert_array_equal(crop(later, layout.output),
                                  expected_output(source, laplacian, "skip", False, scale))


@pytest.mark.parametrize("screen", [(1920, 1080), (1366, 768), (1024, 768)], ids=["1920x1080", "1366x768", "1024x768"])
def test_full_screen_on_each_projector_shows_the_frames_as_large_as_fit_each_beside_its_output(screen, tmp_path):
    from convolution.app import session
    from convolution.app.options import prepare
    from tests.helpers.live import LiveSketch, XServer, missing_tools
    if missing_tools():
        pytest.skip("Xvfb, xdotool or ImageMagick missing")
    frames = videos.moving_frames(6, height=480, width=640, colour=True)
    path = videos.write_video(tmp_path / "webcam.avi", frames, fps=5)
    args = ["--camera", str(path), "--kernel", "sobel-x"]
    options = prepare(args)
    options.camera.close()
    running = session.Session(options.state, options.view, fullscreen=True)
    running.open_on(screen)   # the layout the sketch makes for this screen, and the size frames are shown at
    layout, side = running.layout, running.frame_side
    shown = [camera.frame_image(frame, False, side)[0] for frame in frames]
    assert layout.source.w == shown[0].shape[1] * layout.scale and layout.scale >= 1
    server = XServer(*screen)
    try:
        sketch = LiveSketch(server, "--fullscreen", *args, cwd=tmp_path)
        sketch.move(screen[0] - 2, 2)

        def a_frame_beside_its_output(shot):
            source, output = crop(shot, layout.source), crop(shot, layout.output)
            for picture in shown:
                if np.array_equal(source, expected_source(picture, layout.scale)):
                    return np.array_equal(output, expected_output(picture, SOBEL, "skip", False, layout.scale))
            return False

        sketch.wait_for(a_frame_beside_its_output, timeout=40, what="a frame beside its own output, full screen")
        assert sketch.alive(), sketch.stderr()
        sketch.keys("q")
        sketch.wait_exit()
    finally:
        server.stop()
    if side is not None:   # said on screen: the caption names the size it was scaled from
        from convolution.screen import texts
        assert "scaled down from 640\u00d7480" in texts.source_note(options.state)
