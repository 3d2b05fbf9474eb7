"""--camera: frames from a video file (every test: this machine has no camera) read on a thread of their own,
made into what each view shows, frozen and let go; each failure one line."""

import threading
import time

import numpy as np
import pytest

import filters
import network
from convolution.app.options import prepare
from convolution.files import bundled, camera
from convolution.state import demo, keys
from tests.helpers import videos
from tests.helpers.commands import assert_one_line_error, run_without_display
from tests.helpers.recording import press

pytest.importorskip("cv2")


def wait_until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.01)


@pytest.fixture
def clip(tmp_path):
    frames = videos.moving_frames(12, colour=True)
    return videos.write_video(tmp_path / "clip.avi", frames, fps=30), frames


# --------------------------------------------------------------------------
# Reading a video file
# --------------------------------------------------------------------------

def test_a_video_file_gives_its_frames_as_written_in_rgb_and_starts_again_at_its_end(clip):
    path, frames = clip
    source = camera.open_camera(str(path))
    try:
        read = [frame.pixels for frame in source.frames(2 * len(frames) + 1)]
    finally:
        source.close()
    assert source.name == "clip.avi" and source.fps == 30
    for number, pixels in enumerate(read):
        np.testing.assert_array_equal(pixels, frames[number % len(frames)])


def test_a_grey_video_is_grey_as_a_grey_photo_is(tmp_path):
    frames = videos.moving_frames(3)
    source = camera.open_camera(str(videos.write_video(tmp_path / "grey.avi", frames)))
    source.close()
    assert source.first.pixels.ndim == 2
    np.testing.assert_array_equal(source.first.pixels, frames[0])


def test_frames_larger_than_a_photo_may_be_are_scaled_down_as_a_photo_is(tmp_path):
    big = np.full((900, 1200, 3), 40, np.uint8)
    source = camera.open_camera(str(videos.write_video(tmp_path / "big.avi", [big])))
    source.close()
    assert source.first.pixels.shape == (570, 760)   # grey, and 760 on its long side


def test_the_thread_keeps_the_newest_frame_ready_and_a_held_source_reads_nothing(clip):
    path, frames = clip
    source = camera.open_camera(str(path))
    source.start()
    try:
        first = source.newest()
        wait_until(lambda: source.newest().number >= 3)   # the video plays by itself
        frame = source.newest()
        assert frame is not first
        np.testing.assert_array_equal(frame.pixels, frames[frame.number % len(frames)])
        source.hold(True)
        held = source.newest()   # from now on, no newer frame
        time.sleep(0.3)   # ten frames' time at 30 fps
        assert source.newest() is held
        source.hold(False)
        wait_until(lambda: source.newest().number > held.number)
    finally:
        source.close()
    assert not any(thread.name == "frames of clip.avi" for thread in threading.enumerate())


class Unplugged:
    """An OpenCV capture of a real video that stops giving frames after ``good`` of them, as a camera does when
    its cable is pulled; opened again (as when it is plugged back in) it works."""

    def __init__(self, path, good):
        import cv2
        self.capture, self.good = cv2.VideoCapture(str(path)), good

    def isOpened(self):
        return self.capture.isOpened()

    def read(self):
        if self.good <= 0:
            return False, None
        self.good -= 1
        ok, frame = self.capture.read()
        if not ok:   # a camera's frames do not end: the video from its start again
            self.capture.set(1, 0)   # cv2.CAP_PROP_POS_FRAMES
            ok, frame = self.capture.read()
        return ok, frame

    def get(self, prop):
        return self.capture.get(prop)

    def set(self, prop, value):
        return self.capture.set(prop, value)

    def release(self):
        self.capture.release()


def test_a_camera_lost_mid_lesson_keeps_its_last_frame_says_so_and_goes_on_when_it_is_back(clip, monkeypatch):
    path, frames = clip
    monkeypatch.setattr(camera, "RETRY_SECONDS", 0.2)
    plugs = iter([Unplugged(path, 4), Unplugged(path, 100)])
    source = camera.open_camera("0", open_capture=lambda number: next(plugs))
    assert source.name == "camera 0" and source.status() == ""
    source.start()
    try:
        wait_until(lambda: source.status() != "")
        assert "camera 0 stopped giving frames: showing the last one" in source.status()
        assert source.newest().number == 3
        np.testing.assert_array_equal(source.newest().pixels, frames[3])
        wait_until(lambda: source.status() == "" and source.newest().number > 3)   # plugged back in
        frame = source.newest()
        np.testing.assert_array_equal(frame.pixels, frames[(frame.number - 4) % len(frames)])   # the new stream
    finally:
        source.close()


# --------------------------------------------------------------------------
# A drawing held up to the camera, made into a Quick Draw drawing
# --------------------------------------------------------------------------

CAT = videos.quickdraw_cats(1)[0]


def test_blank_paper_is_nothing_drawn():
    page = videos.drawing_on_paper(np.zeros((28, 28), np.uint8))
    np.testing.assert_array_equal(camera.as_doodle(page), np.zeros((28, 28), np.uint8))


def test_a_doodle_on_paper_becomes_the_doodle_again_white_strokes_on_black():
    doodle = camera.as_doodle(videos.drawing_on_paper(CAT))
    assert doodle.shape == (28, 28) and doodle.dtype == np.uint8 and doodle.max() == 255
    assert np.corrcoef(doodle.ravel().astype(float), CAT.ravel().astype(float))[0, 1] > 0.9
    assert (doodle[CAT == 0] < 32).mean() > 0.9   # the paper is black (but for the blur round the strokes)


def test_where_and_how_large_the_drawing_is_held_hardly_matters():
    centred = camera.as_doodle(videos.drawing_on_paper(CAT)).astype(float)
    for moved in (videos.drawing_on_paper(CAT, side=250, shift=(30, 25)),
                  videos.drawing_on_paper(CAT, side=400, shift=(-20, -30), seed=3)):
        assert np.corrcoef(camera.as_doodle(moved).astype(float).ravel(), centred.ravel())[0, 1] > 0.9


def test_only_the_centred_square_counts_and_colour_is_its_grey():
    page = videos.drawing_on_paper(CAT)
    edged = page.copy()
    edged[:, :70] = 0   # a dark edge beside the centred 480×480 square
    np.testing.assert_array_equal(camera.as_doodle(edged), camera.as_doodle(page))
    np.testing.assert_array_equal(camera.as_doodle(np.dstack([page] * 3)), camera.as_doodle(page))


def test_the_network_names_a_doodle_held_up_to_the_camera_as_it_names_the_doodle():
    model = network.load(bundled.DOODLES)
    for number, doodle in enumerate(videos.quickdraw_cats(12)):
        clean = model.feature_maps(doodle).probabilities
        if clean.max() < 0.97:   # a doodle the network is unsure of, even drawn cleanly, proves nothing here
            continue
        seen = camera.as_doodle(videos.drawing_on_paper(doodle, seed=number, shift=(10, -20)))
        assert model.classes[int(model.feature_maps(seen).probabilities.argmax())] == "cat", number


def test_the_network_view_starts_with_the_video_frame_made_a_drawing(tmp_path):
    pages = [videos.drawing_on_paper(CAT, seed=n) for n in range(3)]
    path = videos.write_video(tmp_path / "held-up.avi", pages)
    options = prepare(["--camera", str(path), "--view", "network"])
    options.camera.close()
    np.testing.assert_array_equal(options.state.image, camera.as_doodle(pages[0]))
    model = options.state.running.model
    assert model.classes[int(model.feature_maps(options.state.image).probabilities.argmax())] == "cat"


# --------------------------------------------------------------------------
# Freezing, and what follows a new frame
# --------------------------------------------------------------------------

def test_space_freezes_the_frame_and_goes_live_again(clip):
    path, frames = clip
    options = prepare(["--camera", str(path), "--kernel", "sobel-x"])
    state, source = options.state, options.camera
    try:
        assert keys.hint_line("filter", state).count("space freeze") == 1
        assert press(state, " ") and state.running.frozen and "frozen" in state.notice
        source.start()
        time.sleep(0.3)
        assert source.newest() is source.first   # held: nothing read
        assert press(state, " ") and not state.running.frozen
        wait_until(lambda: source.newest().number > 0)
    finally:
        source.close()


def test_while_a_network_trains_in_the_teach_view_space_pauses_it_rather_than_freezing(clip):
    options = prepare(["--camera", str(clip[0]), "--view", "teach"])
    options.camera.close()
    state = options.state

    class Run:
        paused = False

        def toggle_pause(self):
            self.paused = not self.paused

    state.running.training = Run()
    assert press(state, " ", view="teach") and state.running.training.paused and not state.running.frozen
    assert "space freeze" not in keys.hint_line("teach", state)
    state.running.training = None
    assert press(state, " ", view="teach") and state.running.frozen


def test_slow_motion_on_a_live_frame_freezes_it_first(clip):
    options = prepare(["--camera", str(clip[0])])
    options.camera.close()
    press(options.state, "a")
    assert options.state.running.frozen and options.state.motion is not None


def test_without_a_camera_space_means_what_it_did():
    state = demo.new_demo(np.zeros((28, 28), np.uint8))
    assert not press(state, " ", view="filter")   # nothing to pause, nothing to freeze
    assert "space freeze" not in keys.hint_line("filter", state)


def test_a_new_frame_brings_its_own_output_maps_and_pooled_map(clip):
    path, frames = clip
    options = prepare(["--camera", str(path), "--view", "layer"])
    options.camera.close()
    state = options.state
    demo.show_frame(state, frames[5])
    np.testing.assert_array_equal(state.image, frames[5])
    np.testing.assert_array_equal(state.output, filters.convolve(frames[5], state.kernel, state.edges))
    for kernel, sums in zip(demo.bank_kernels(state), state.layer_sums[0]):
        np.testing.assert_array_equal(sums, filters.convolve(frames[5], kernel, state.edges))


# --------------------------------------------------------------------------
# Failures: one line each, exit 2, before any window
# --------------------------------------------------------------------------

def test_no_camera_n_names_the_cameras_that_open_or_says_none_can():
    assert_one_line_error(run_without_display("--camera", "9"), "--camera 9: no camera can be opened on this computer")


def test_no_camera_n_lists_those_that_can_be_opened(clip):
    path, _ = clip
    opener = lambda number: Unplugged(path, 5 if number in (0, 2) else 0)   # noqa: E731
    with pytest.raises(ValueError, match=r"^--camera 9: no camera 9 can be opened here; these can: 0, 2"):
        camera.open_camera("9", open_capture=opener)


@pytest.mark.parametrize("name, content, fragment", [
    ("missing.avi", None, "video file not found"),
    ("notes.mp4", b"not a video at all", "is not a video OpenCV can read"),
    ("empty.avi", b"", "is not a video OpenCV can read"),
])
def test_a_file_that_is_no_video_is_one_line(tmp_path, name, content, fragment):
    if content is not None:
        (tmp_path / name).write_bytes(content)
    assert_one_line_error(run_without_display("--camera", name, cwd=tmp_path), f"--camera {name}", fragment)


def test_a_fifo_or_a_folder_is_refused_without_waiting(tmp_path):
    import os
    os.mkfifo(tmp_path / "pipe.avi")
    assert_one_line_error(run_without_display("--camera", "pipe.avi", cwd=tmp_path), "named pipe (FIFO)")
    assert_one_line_error(run_without_display("--camera", str(tmp_path)), "is a folder")


def test_the_camera_with_another_picture_is_one_line(clip):
    for other in (["--image", "x.png"], ["--train", "a.npy"], ["--index", "2"]):
        assert_one_line_error(run_without_display("--camera", str(clip[0]), *other), "--camera and ", "leave one")


def test_without_opencv_the_camera_says_how_to_install_it(clip, tmp_path):
    blocker = tmp_path / "no_cv2"
    blocker.mkdir()
    (blocker / "cv2.py").write_text("raise ImportError('no cv2 here')\n")
    import os
    import subprocess
    import sys

    from tests.helpers.paths import ROOT
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PYTHONPATH"] = str(blocker)
    result = subprocess.run([sys.executable, str(ROOT / "sketch.py"), "--camera", str(clip[0])],
                            capture_output=True, text=True, timeout=60, env=env)
    assert_one_line_error(result, "--camera needs OpenCV", "pip install opencv-python-headless")
    assert len(result.stderr.strip().splitlines()) == 1


# --------------------------------------------------------------------------
# --gif: a clip of the camera's frames, each beside its own output
# --------------------------------------------------------------------------

def test_a_gif_of_a_video_shows_each_frame_beside_its_convolution(tmp_path):
    from convolution.classroom import clips
    from convolution.screen import views
    from tests.helpers.panels import expected_output, expected_source
    from tests.test_clips import crop, read_gif
    frames = videos.moving_frames(7, height=20, width=26)   # grey: every colour of the clip is exact in a GIF
    path = videos.write_video(tmp_path / "clip.avi", frames, fps=10)
    result = run_without_display("--camera", "clip.avi", "--kernel", "sobel-x", "--gif", "clip.gif", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    shown, durations, loop = read_gif(tmp_path / "clip.gif")
    assert len(shown) == camera.CLIP_FRAMES and set(durations) == {100} and loop == 0
    state = prepare(["--camera", str(path), "--kernel", "sobel-x"]).state
    state.running.camera.close()
    shown_state = clips.clip_state(state)   # what a clip paints: the state as it is, the camera left behind
    layout = views.VIEWS["filter"].layout_for(shown_state, clips.frame_size(shown_state, "filter"), None)
    for number, frame in enumerate(shown):
        video_frame = frames[number % len(frames)]   # the video from its start again after its end
        np.testing.assert_array_equal(crop(frame, layout.source), expected_source(video_frame, layout.scale))
        np.testing.assert_array_equal(crop(frame, layout.output),
                                      expected_output(video_frame, SOBEL, "skip", False, layout.scale))


SOBEL = filters.PRESETS["sobel-x"]
