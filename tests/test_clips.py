"""Clips for slides: every frame of a GIF, read back with Pillow, is what the window shows, and its numbers are
the convolution as the lesson computes it (scipy's, here)."""

import shutil
import subprocess
from datetime import datetime

import numpy as np
import pytest
from PIL import Image, ImageSequence
from scipy import ndimage

import filters
from convolution.app.options import prepare
from convolution.classroom import clips, gif, lessons
from convolution.screen import pixels, views
from convolution.screen.scene import Builder
from convolution.state import demo
from tests.helpers.paths import ROOT

CAT = np.asarray(Image.open(ROOT / "assets" / "cat.png").convert("L"))   # read here, not through images.py
SHIPPED = ROOT / "lessons" / "coding-train.toml"


def rgb(grey):
    return np.repeat(grey[:, :, None], 3, axis=2)


def crop(frame, rect):
    return frame[rect.y:rect.y + rect.h, rect.x:rect.x + rect.w]


def read_gif(path):
    """Every frame of a GIF as Pillow shows it (H×W×3 uint8), their durations in ms, and the loop count."""
    with Image.open(path) as clip:
        frames, durations = [], []
        for frame in ImageSequence.Iterator(clip):
            frames.append(np.asarray(frame.convert("RGB")))
            durations.append(frame.info["duration"])
        return frames, durations, clip.info.get("loop")


def centres(panel, scale):
    """The colour at the middle of each scale×scale square of a panel: its pixels, H×W×3."""
    return panel[scale // 2::scale, scale // 2::scale]


def assert_nearly_exact(shown, expected):
    """A GIF keeps 256 colours a frame: with all 256 greys (a legend's gradient) and the text's smoothed edges
    in one frame, the commonest greys stay exact and the others come within a few levels."""
    error = np.abs(shown.astype(int) - expected)
    assert np.mean(error <= 6) >= 0.98 and error.mean() <= 0.5, (error.max(), error.mean(), np.mean(error <= 6))


# --------------------------------------------------------------------------
# The sliding window: the filter view, frame by frame
# --------------------------------------------------------------------------

def test_a_sliding_window_gif_reveals_the_lesson_sums_pixel_by_pixel(tmp_path):
    state = demo.new_demo(CAT, "vertical-edge")
    size = clips.frame_size(state, "filter")
    layout = clips.window_layout(state, clips.window_scale(state, None))   # as the clip lays its frames out
    path = clips.write_clip_file(clips.clip_state(state), tmp_path / "window.gif")
    frames, durations, loop = read_gif(path)
    kernel = filters.PRESETS["vertical-edge"]
    sums = ndimage.correlate(CAT.astype(float), kernel, mode="constant")        # scipy's, not ours
    expected = rgb(np.clip(np.rint(sums), 0, 255).astype(np.uint8))
    order = np.argwhere(state.computed)                                       # reading order, skip's border left out
    step = -(-len(order) // clips.CLIP_FRAMES)
    assert len(frames) == -(-len(order) // step) + 1 and loop == 0 and frames[0].shape[:2] == size[::-1]
    for number in (0, len(frames) // 3, len(frames) - 2):
        shown = centres(crop(frames[number], layout.output), layout.scale)
        done = order[:min((number + 1) * step, len(order))]
        visited = np.zeros(CAT.shape, bool)
        visited[tuple(done.T)] = True
        assert_nearly_exact(shown[visited], expected[visited])
        assert np.all(shown[~visited] == pixels.PANEL_BACKGROUND)
    last = centres(crop(frames[-1], layout.output), layout.scale)
    assert_nearly_exact(last[state.computed], expected[state.computed])
    assert_nearly_exact(centres(crop(frames[-1], layout.source), layout.scale), rgb(CAT))
    assert durations[-1] >= 1500


def test_a_large_picture_visits_more_pixels_a_frame_to_stay_within_memory(monkeypatch):
    state = demo.new_demo(CAT, "sharpen", edges="zero")
    size = clips.frame_size(state, "filter")
    monkeypatch.setattr(clips, "MAX_CLIP_BYTES", 50 * size[0] * size[1] * 3)
    step = clips.window_step(state, size)
    assert -(-int(state.computed.sum()) // step) + 1 <= 50 and step > 1
    monkeypatch.setattr(clips, "MAX_CLIP_BYTES", 5 * size[0] * size[1] * 3)
    with pytest.raises(clips.ClipError, match="make the window smaller"):
        clips.window_step(state, size)


def test_a_clip_is_the_size_of_the_window_it_is_made_in(tmp_path):
    state = demo.new_demo(CAT, "sobel-x")
    frames, _, _ = read_gif(clips.write_clip_file(clips.clip_state(state), tmp_path / "w.gif", size=(1024, 700)))
    assert frames[0].shape == (700, 1024, 3)


# --------------------------------------------------------------------------
# A lesson: each step in its own view
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lesson_clip(tmp_path_factory):
    lesson = lessons.load_lesson(SHIPPED)
    path = clips.write_clip_file(prepare([]).state, tmp_path_factory.mktemp("clip") / "lesson.gif", lesson)
    return lesson, read_gif(path)


def test_a_lesson_gif_has_one_frame_a_step_each_in_its_own_view(lesson_clip):
    lesson, (frames, durations, _) = lesson_clip
    assert len(frames) == len(lesson.steps) and durations[0] == clips.STEP_MS
    state, player, builder = prepare([]).state, lessons.LessonPlayer(lesson), Builder()
    seen_views = set()
    for number, frame in enumerate(frames, 1):
        view_name = player.go_to(state, number)
        seen_views.add(view_name)
        view = views.VIEWS[view_name]
        view.prepare(state)
        layout = view.layout_for(state, clips.LESSON_SIZE, None)
        scene = builder.build(view, layout, state, player.caption_line())
        for picture in scene.pictures():   # every picture of the step's own view, where that view puts it
            painted = picture.image.argb[:, :, 1:]
            if picture.crop is not None:
                u, v, w, h = picture.crop
                painted = painted[v:v + h, u:u + w]
            shown = crop(frame, picture.box())
            if np.all(painted == painted[:, :, :1]):
                assert_nearly_exact(shown, painted)
            else:   # oranges and blues beside all the greys: more colours than a GIF frame's 256, so the nearest
                error = np.abs(shown.astype(int) - painted)
                assert error.max() <= 64 and error.mean() < 8, (number, view_name, error.max(), error.mean())
        drawing = crop(frame, layout.source)
        shown = centres(drawing, layout.scale)
        assert shown.shape[:2] == state.image.shape[:2], (number, view_name)
    assert seen_views == set(views.VIEWS), seen_views   # the lesson walks every view, and the clip shows each


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")
def test_each_frame_of_a_lesson_says_its_step_on_the_bottom_line(lesson_clip, tmp_path):
    lesson, (frames, _, _) = lesson_clip
    for number in (1, 12, len(frames)):
        bottom = frames[number - 1][-90:]
        picture = tmp_path / f"bottom-{number}.png"
        Image.fromarray(255 - bottom.max(axis=2)).resize((bottom.shape[1] * 2, 180)).save(picture)
        read = subprocess.run(["tesseract", str(picture), "-", "--psm", "6"], capture_output=True, text=True).stdout
        assert f"step {number} of {len(lesson.steps)}" in " ".join(read.split()), read


def test_a_lesson_too_long_for_frames_of_the_size_asked_is_refused_in_one_line(monkeypatch, tmp_path):
    lesson = lessons.load_lesson(SHIPPED)
    monkeypatch.setattr(clips, "MAX_CLIP_BYTES", 5 * 1280 * 800 * 3)
    with pytest.raises(clips.ClipError, match="at most 5 steps"):
        clips.write_clip_file(prepare([]).state, tmp_path / "x.gif", lesson, size=clips.LESSON_SIZE)
    assert not (tmp_path / "x.gif").exists()


def test_a_lesson_too_long_for_full_size_frames_gets_smaller_frames_within_the_budget(monkeypatch, tmp_path):
    lesson = lessons.load_lesson(SHIPPED)
    budget = 8 * 1280 * 800 * 3
    monkeypatch.setattr(clips, "MAX_CLIP_BYTES", budget)
    frames, _, _ = read_gif(clips.write_clip_file(prepare([]).state, tmp_path / "small.gif", lesson))
    height, width = frames[0].shape[:2]
    assert len(frames) == len(lesson.steps) and len(frames) * width * height * 3 <= budget
    assert abs(width / height - 1280 / 800) < 0.02   # the same picture, smaller


# --------------------------------------------------------------------------
# GIF colours: 256 a frame
# --------------------------------------------------------------------------

def test_frames_of_exactly_256_colours_survive_exactly(tmp_path):
    frame = np.zeros((16, 16, 3), np.uint8)
    frame.reshape(256, 3)[:] = [(g, g, g) for g in range(253)] + [pixels.PANEL_BACKGROUND, pixels.HIGHLIGHT,
                                                                   pixels.WINDOW_BACKGROUND]
    frames = [frame, frame[::-1].copy(), frame[:, ::-1].copy()]
    shown, _, _ = read_gif(gif.save_gif(frames, tmp_path / "greys.gif"))
    for got, rendered in zip(shown, frames):
        np.testing.assert_array_equal(got, rendered)


def test_frames_with_more_than_256_colours_between_them_each_survive_exactly(tmp_path):
    rng = np.random.default_rng(6)
    frames = []
    for _ in range(3):
        colours = rng.integers(0, 256, (256, 3)).astype(np.uint8)
        frames.append(np.repeat(colours.reshape(16, 16, 3), 2, axis=0))
    assert len(np.unique(np.concatenate(frames).reshape(-1, 3), axis=0)) > 256
    shown, _, _ = read_gif(gif.save_gif(frames, tmp_path / "colours.gif"))
    for got, rendered in zip(shown, frames):
        np.testing.assert_array_equal(got, rendered)


@pytest.mark.parametrize("levels, grey_error", [(150, 0), (256, 12)])
def test_a_frame_of_more_than_256_colours_keeps_its_panel_colours_and_greys_exact(tmp_path, levels, grey_error):
    greys = rgb(np.arange(levels, dtype=np.uint8)[:, None])[:, 0]
    signed = filters.diverging_colours(np.linspace(-1, 1, 301))                  # 301 oranges and blues
    panel = np.array([pixels.PANEL_BACKGROUND, pixels.HIGHLIGHT, pixels.WINDOW_BACKGROUND], np.uint8)
    frame = np.concatenate([greys, signed, np.repeat(panel, 40, axis=0)])[None]   # one row of pixels
    shown, _, _ = read_gif(gif.save_gif([frame], tmp_path / "many.gif"))
    error = np.abs(shown[0].astype(int) - frame).max(axis=2)[0]
    assert error[levels + 301:].max() == 0                         # the panel colours, always exact
    assert error[:levels].max() <= grey_error                      # every grey, when 64 slots are left for colours
    assert error.max() <= 12                                       # the rest: the nearest colour kept


def test_identical_frames_in_a_row_become_one_longer_frame(tmp_path):
    one, two = np.zeros((5, 5, 3), np.uint8), np.full((5, 5, 3), 200, np.uint8)
    path = gif.save_gif([one, one, two, two, two], tmp_path / "pause.gif", frame_ms=100, last_frame_ms=1500)
    shown, durations, _ = read_gif(path)
    assert len(shown) == 2 and durations == [200, 1700]


def test_durations_are_rounded_to_gifs_10_ms_and_too_short_ones_are_refused(tmp_path):
    frames = [np.zeros((3, 3, 3), np.uint8), np.ones((3, 3, 3), np.uint8)]
    _, durations, _ = read_gif(gif.save_gif(frames, tmp_path / "a.gif", frame_ms=33, last_frame_ms=1004))
    assert durations == [30, 1000]
    with pytest.raises(ValueError, match="at least 20 ms"):
        gif.save_gif(frames, tmp_path / "b.gif", frame_ms=10)
    assert not (tmp_path / "b.gif").exists()


@pytest.mark.parametrize("frames, says", [
    ([], "no frames"),
    ([np.zeros((3, 3), np.uint8)], "H\u00d7W\u00d73 uint8"),
    ([np.zeros((3, 3, 3), np.float32)], "H\u00d7W\u00d73 uint8"),
    ([np.zeros((3, 3, 3), np.uint8), np.zeros((3, 4, 3), np.uint8)], "the same size"),
])
def test_frames_that_cannot_make_a_clip_are_refused(tmp_path, frames, says):
    with pytest.raises(ValueError, match=says):
        gif.save_gif(frames, tmp_path / "x.gif")
    assert not (tmp_path / "x.gif").exists()


# --------------------------------------------------------------------------
# Never over a file the user made
# --------------------------------------------------------------------------

FRAMES = [np.full((4, 6, 3), value, np.uint8) for value in (10, 120, 250)]


def test_save_gif_never_overwrites_a_file(tmp_path):
    slide = tmp_path / "slide.gif"
    slide.write_bytes(b"the teacher's own GIF")
    with pytest.raises(FileExistsError, match="new_clip_path"):
        gif.save_gif(FRAMES, slide)
    assert slide.read_bytes() == b"the teacher's own GIF"


def test_new_clip_names_never_reuse_an_existing_file(tmp_path):
    moment = datetime(2026, 11, 25, 9, 30, 5)
    first = gif.new_clip_path(tmp_path, now=moment)
    assert first.name == "convolution-20261125-093005.gif"
    gif.save_gif(FRAMES, first)
    second = gif.new_clip_path(tmp_path, now=moment)
    assert second.name == "convolution-20261125-093005-2.gif" and not second.exists()


