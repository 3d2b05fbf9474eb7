"""Clips for slides: every frame of a GIF, read back with Pillow, is the convolution as the lesson computes it."""

from datetime import datetime

import numpy as np
import pytest
from PIL import Image, ImageSequence

import filters
from convolution.app.options import prepare
from convolution.classroom import clip_text, clips, lessons
from convolution.screen import pixels
from convolution.state import demo
from tests.helpers.paths import ROOT

CAT = np.asarray(Image.open(ROOT / "assets" / "cat.png").convert("L"))   # read here, not through images.py
SHIPPED = ROOT / "lessons" / "coding-train.toml"


def kron(colours, scale):
    """Each pixel of an H×W×3 picture as a scale×scale square, the way np.kron sees it."""
    return np.kron(colours, np.ones((scale, scale, 1), np.uint8)).astype(np.uint8)


def rgb(grey):
    return np.repeat(grey[:, :, None], 3, axis=2)


def clamp(values):
    return np.clip(np.rint(values), 0, 255).astype(np.uint8)


def crop(frame, rect):
    return frame[rect.y:rect.y + rect.h, rect.x:rect.x + rect.w]


def read_gif(path):
    """Every frame of a GIF as Pillow shows it (H×W×3 uint8), their durations in ms, and the loop count."""
    with Image.open(path) as gif:
        frames, durations = [], []
        for frame in ImageSequence.Iterator(gif):
            frames.append(np.asarray(frame.convert("RGB")))
            durations.append(frame.info["duration"])
        return frames, durations, gif.info.get("loop")


def with_outline(panel, top, left, height, width):
    """``panel`` with the clip's outline around the box (panel pixels): dark, 2 px light, dark, cut to the panel."""
    panel = panel.copy()
    ys, xs = np.mgrid[0:panel.shape[0], 0:panel.shape[1]]

    def within(grow):
        return (ys >= top - grow) & (ys < top + height + grow) & (xs >= left - grow) & (xs < left + width + grow)

    panel[within(2) & ~within(1)] = (0, 0, 0)
    panel[within(1) & ~within(-1)] = (255, 214, 90)
    panel[within(-1) & ~within(-2)] = (0, 0, 0)
    return panel


def assert_background_elsewhere(frame, *rects):
    """Every pixel outside the panels is the window's background."""
    outside = np.ones(frame.shape[:2], bool)
    for rect in rects:
        outside[rect.y:rect.y + rect.h, rect.x:rect.x + rect.w] = False
    assert np.all(frame[outside] == pixels.WINDOW_BACKGROUND)


# --------------------------------------------------------------------------
# The sliding window
# --------------------------------------------------------------------------

def test_a_sliding_window_gif_shows_the_lesson_loop_frame_by_frame(tmp_path):
    state = demo.new_demo(CAT, "vertical-edge")
    frames = clips.sliding_window_frames(state, scale=10, step=40)
    path = clips.save_gif(frames, tmp_path / "window.gif", frame_ms=100, last_frame_ms=1500)
    shown, durations, loop = read_gif(path)

    visited = [(y, x) for y in range(1, 27) for x in range(1, 27)]   # skip: the 26×26 pixels inside, in reading order
    assert len(shown) == len(frames) == 17 + 1    # ceil(676 / 40) frames of the window, then the whole
    assert durations == [100] * 17 + [1500] and loop == 0
    layout = clips.window_layout(state, 10)
    assert shown[0].shape == (layout.height, layout.width, 3)
    assert layout.source.x < layout.kernel.x < layout.output.x and layout.captions.y >= layout.source.y + 280
    output = clamp(filters.convolve(CAT, [[-1, 1, 0], [-1, 1, 0], [-1, 1, 0]]))
    for number, frame in enumerate(shown):
        np.testing.assert_array_equal(frame, frames[number])      # the GIF holds exactly what was rendered
        done = min((number + 1) * 40, 676) if number < 17 else 676
        expected = np.empty((28, 28, 3), np.uint8)
        expected[:] = pixels.PANEL_BACKGROUND
        for y, x in visited[:done]:
            expected[y, x] = output[y, x]
        np.testing.assert_array_equal(crop(frame, layout.output), kron(expected, 10), err_msg=f"frame {number}")
        source = kron(rgb(CAT), 10)
        if number < 17:
            y, x = visited[done - 1]
            source = with_outline(source, (y - 1) * 10, (x - 1) * 10, 30, 30)
        np.testing.assert_array_equal(crop(frame, layout.source), source, err_msg=f"frame {number}")
        assert_background_elsewhere(frame, layout.source, layout.output, layout.kernel, layout.captions)


def test_one_pixel_a_frame_visits_every_computed_pixel_then_shows_the_whole(tmp_path):
    state = demo.new_demo(CAT, "sobel-x", edges="skip")
    frames = clips.sliding_window_frames(state, scale=1)
    assert len(frames) == 26 * 26 + 1
    layout = clips.window_layout(state, 1)
    revealed = [np.any(crop(frame, layout.output) != pixels.PANEL_BACKGROUND, axis=2).sum() for frame in frames]
    output = clamp(filters.convolve(CAT, filters.PRESETS["sobel-x"]))
    np.testing.assert_array_equal(crop(frames[-1], layout.output)[1:27, 1:27], rgb(output)[1:27, 1:27])
    # One more pixel each frame: output pixels are grey, never the panel background's blue-grey.
    assert revealed == list(range(1, 677)) + [676]


def test_with_padding_the_window_starts_at_the_corner_and_its_outline_is_cut_to_the_panel(tmp_path):
    image = np.random.default_rng(4).integers(0, 256, (6, 7)).astype(np.uint8)
    state = demo.new_demo(image, "sobel-x", edges="zero")
    frames = clips.sliding_window_frames(state, scale=5)
    assert len(frames) == 6 * 7 + 1
    layout = clips.window_layout(state, 5)
    output = clamp(filters.convolve(image, filters.PRESETS["sobel-x"], "zero"))
    first, last = frames[0], frames[-1]
    np.testing.assert_array_equal(crop(first, layout.source), with_outline(kron(rgb(image), 5), -5, -5, 15, 15))
    expected = np.empty((6, 7, 3), np.uint8)
    expected[:] = pixels.PANEL_BACKGROUND
    expected[0, 0] = output[0, 0]
    np.testing.assert_array_equal(crop(first, layout.output), kron(expected, 5))
    np.testing.assert_array_equal(crop(last, layout.output), kron(rgb(output), 5))
    np.testing.assert_array_equal(crop(frames[-2], layout.source),
                                  with_outline(kron(rgb(image), 5), 20, 25, 15, 15))   # pixel (5, 6), the last


def test_the_output_panel_is_drawn_as_the_state_maps_its_values():
    state = demo.new_demo(CAT, "sobel-y", mapping="signed", relu=True)
    frames = clips.sliding_window_frames(state, scale=2, step=100)
    layout = clips.window_layout(state, 2)
    sums = filters.relu(filters.convolve(CAT, filters.PRESETS["sobel-y"]))
    computed = np.zeros((28, 28), bool)
    computed[1:27, 1:27] = True
    colours = filters.to_display(sums, "signed", computed)
    colours[~computed] = pixels.PANEL_BACKGROUND
    np.testing.assert_array_equal(crop(frames[-1], layout.output), kron(colours, 2))


def test_a_colour_photo_is_shown_in_colour():
    photo = np.random.default_rng(5).integers(0, 256, (9, 11, 3)).astype(np.uint8)
    state = demo.new_demo(photo, "box-blur-3x3", edges="reflect")
    frames = clips.sliding_window_frames(state, scale=3, step=20)
    layout = clips.window_layout(state, 3)
    np.testing.assert_array_equal(crop(frames[-1], layout.source), kron(photo, 3))
    np.testing.assert_array_equal(crop(frames[-1], layout.output),
                                  kron(clamp(filters.convolve(photo, np.ones((3, 3)) / 9, "reflect")), 3))


def test_a_large_clip_visits_more_pixels_a_frame_to_stay_within_memory(monkeypatch):
    state = demo.new_demo(CAT, "sharpen", edges="wrap")
    layout = clips.window_layout(state, 4)
    monkeypatch.setattr(clips, "MAX_CLIP_BYTES", 50 * layout.width * layout.height * 3)
    frames = clips.sliding_window_frames(state, scale=4, step=1)
    assert len(frames) <= 50
    assert len(frames) == -(-784 // -(-784 // 49)) + 1              # the least step that fits: ceil(784 / 49) = 17
    np.testing.assert_array_equal(crop(frames[-1], layout.output),
                                  kron(rgb(clamp(filters.convolve(CAT, filters.PRESETS["sharpen"], "wrap"))), 4))


def test_nothing_computed_gives_one_frame_of_background():
    tiny = np.full((4, 4), 90, np.uint8)
    state = demo.new_demo(tiny, np.ones((5, 5)) / 25, edges="skip")
    frames = clips.sliding_window_frames(state, scale=3)
    assert len(frames) == 1
    assert np.all(crop(frames[0], clips.window_layout(state, 3).output) == pixels.PANEL_BACKGROUND)


@pytest.mark.parametrize("scale, step", [(0, 1), (2.5, 1), (2, 0), (2, True)])
def test_a_scale_or_step_that_is_not_a_whole_number_of_1_or_more_is_refused(scale, step):
    with pytest.raises(ValueError, match="must be a whole number of 1 or more"):
        clips.sliding_window_frames(demo.new_demo(CAT), scale=scale, step=step)


# --------------------------------------------------------------------------
# A lesson, one frame a step
# --------------------------------------------------------------------------

def test_a_lesson_gives_one_frame_a_step_with_the_pooled_map_when_pooling_is_on(tmp_path):
    lesson = lessons.load_lesson(SHIPPED)
    state = prepare([]).state
    frames = clips.lesson_frames(lesson, state, scale=4)
    assert len(frames) == len(lesson.steps)
    assert len({frame.shape for frame in frames}) == 1
    for step, frame in zip(lesson.steps, frames):
        kernel = (filters.random_kernel(np.random.default_rng(step.seed)) if step.kernel == "random"
                  else filters.PRESETS[step.kernel])
        sums = filters.convolve(CAT, kernel, step.edges, step.flip)
        feature = np.maximum(sums, 0) if step.relu else sums
        computed = filters.computed_mask(CAT.shape, kernel.shape, step.edges)
        if step.values == "clamp":
            shown = rgb(clamp(feature))
        elif step.values == "absolute":
            shown = rgb(clamp(np.abs(feature)))
        else:
            shown = pixels.as_rgb(filters.to_display(feature, step.values, computed))
        shown[~computed] = pixels.PANEL_BACKGROUND
        pooled_shape = (14, 14) if step.pool == 2 else None
        lessons.apply_step(state, step)
        layout = clips.clip_layout(28, 28, 4, pooled_shape, step.pool or 1, clips.frame_words(state, step.caption))
        np.testing.assert_array_equal(crop(frame, layout.source), kron(rgb(CAT), 4), err_msg=f"step {step.number}")
        np.testing.assert_array_equal(crop(frame, layout.output), kron(shown, 4), err_msg=f"step {step.number}")
        if step.pool:
            pooled = filters.pool(feature, 2, how=step.pool_mode)
            scale = filters.display_range(feature, step.values, computed)
            np.testing.assert_array_equal(
                crop(frame, layout.pooled),
                kron(pixels.as_rgb(filters.to_display(pooled, step.values, value_range=scale)), 8))
            assert_background_elsewhere(frame, layout.source, layout.output, layout.pooled, layout.kernel,
                                        layout.captions)
        else:
            assert_background_elsewhere(frame, layout.source, layout.output, layout.kernel, layout.captions)
    path = clips.save_gif(frames, tmp_path / "lesson.gif", frame_ms=2000, last_frame_ms=4000)
    shown_frames, durations, _ = read_gif(path)
    # Every step has its own caption, so every step is a frame of its own, even where the pictures repeat.
    assert len({step.caption for step in lesson.steps}) == len(lesson.steps)
    assert len(shown_frames) == len(lesson.steps) and durations == [2000] * (len(frames) - 1) + [4000]


# --------------------------------------------------------------------------
# GIF colours: 256 a frame
# --------------------------------------------------------------------------

def test_frames_of_exactly_256_colours_survive_exactly(tmp_path):
    frame = np.zeros((16, 16, 3), np.uint8)
    frame.reshape(256, 3)[:] = [(g, g, g) for g in range(253)] + [pixels.PANEL_BACKGROUND, pixels.HIGHLIGHT,
                                                                   pixels.WINDOW_BACKGROUND]
    frames = [frame, frame[::-1].copy(), frame[:, ::-1].copy()]
    shown, _, _ = read_gif(clips.save_gif(frames, tmp_path / "greys.gif"))
    for got, rendered in zip(shown, frames):
        np.testing.assert_array_equal(got, rendered)


def test_frames_with_more_than_256_colours_between_them_each_survive_exactly(tmp_path):
    rng = np.random.default_rng(6)
    frames = []
    for _ in range(3):
        colours = rng.integers(0, 256, (256, 3)).astype(np.uint8)
        frames.append(np.repeat(colours.reshape(16, 16, 3), 2, axis=0))
    assert len(np.unique(np.concatenate(frames).reshape(-1, 3), axis=0)) > 256
    shown, _, _ = read_gif(clips.save_gif(frames, tmp_path / "colours.gif"))
    for got, rendered in zip(shown, frames):
        np.testing.assert_array_equal(got, rendered)


@pytest.mark.parametrize("levels, grey_error", [(150, 0), (256, 12)])
def test_a_frame_of_more_than_256_colours_keeps_its_panel_colours_and_greys_exact(tmp_path, levels, grey_error):
    greys = rgb(np.arange(levels, dtype=np.uint8)[:, None])[:, 0]
    signed = filters.diverging_colours(np.linspace(-1, 1, 301))                  # 301 oranges and blues
    panel = np.array([pixels.PANEL_BACKGROUND, pixels.HIGHLIGHT, pixels.WINDOW_BACKGROUND], np.uint8)
    frame = np.concatenate([greys, signed, np.repeat(panel, 40, axis=0)])[None]   # one row of pixels
    shown, _, _ = read_gif(clips.save_gif([frame], tmp_path / "many.gif"))
    error = np.abs(shown[0].astype(int) - frame).max(axis=2)[0]
    assert error[levels + 301:].max() == 0                         # the panel colours, always exact
    assert error[:levels].max() <= grey_error                      # every grey, when 64 slots are left for colours
    assert error.max() <= 12                                       # the rest: the nearest colour kept


def test_a_lesson_gif_keeps_the_drawing_exact_even_where_a_frame_has_more_than_256_colours(tmp_path):
    lesson = lessons.load_lesson(SHIPPED)
    frames = clips.lesson_frames(lesson, prepare([]).state, scale=4)
    shown, _, _ = read_gif(clips.save_gif(frames, tmp_path / "lesson.gif"))
    state = prepare([]).state
    many = 0
    for step, got, rendered in zip(lesson.steps, shown, frames):
        lessons.apply_step(state, step)
        layout = clips.still_layout(state, 4, clips.frame_words(state, step.caption))
        if len(np.unique(rendered.reshape(-1, 3), axis=0)) <= 256:
            np.testing.assert_array_equal(got, rendered)
        else:
            many += 1
            np.testing.assert_array_equal(crop(got, layout.source), crop(rendered, layout.source))
            error = np.abs(got.astype(int) - rendered)
            assert crop(error, layout.output).max() <= 24                # the map: the nearest colour kept
            assert error.mean() < 0.05                                 # a few smoothed pixels of the text at most
    assert many >= 1                                               # the signed steps: orange, blue and the cat's greys


def test_identical_frames_in_a_row_become_one_longer_frame(tmp_path):
    one, two = np.zeros((5, 5, 3), np.uint8), np.full((5, 5, 3), 200, np.uint8)
    path = clips.save_gif([one, one, two, two, two], tmp_path / "pause.gif", frame_ms=100, last_frame_ms=1500)
    shown, durations, _ = read_gif(path)
    assert len(shown) == 2 and durations == [200, 1700]


def test_durations_are_rounded_to_gifs_10_ms_and_too_short_ones_are_refused(tmp_path):
    frames = [np.zeros((3, 3, 3), np.uint8), np.ones((3, 3, 3), np.uint8)]
    _, durations, _ = read_gif(clips.save_gif(frames, tmp_path / "a.gif", frame_ms=33, last_frame_ms=1004))
    assert durations == [30, 1000]
    with pytest.raises(ValueError, match="at least 20 ms"):
        clips.save_gif(frames, tmp_path / "b.gif", frame_ms=10)
    assert not (tmp_path / "b.gif").exists()


@pytest.mark.parametrize("frames, says", [
    ([], "no frames"),
    ([np.zeros((3, 3), np.uint8)], "H\u00d7W\u00d73 uint8"),
    ([np.zeros((3, 3, 3), np.float32)], "H\u00d7W\u00d73 uint8"),
    ([np.zeros((3, 3, 3), np.uint8), np.zeros((3, 4, 3), np.uint8)], "the same size"),
])
def test_frames_that_cannot_make_a_clip_are_refused(tmp_path, frames, says):
    with pytest.raises(ValueError, match=says):
        clips.save_gif(frames, tmp_path / "x.gif")
    assert not (tmp_path / "x.gif").exists()


# --------------------------------------------------------------------------
# Never over a file the user made
# --------------------------------------------------------------------------

FRAMES = [np.full((4, 6, 3), value, np.uint8) for value in (10, 120, 250)]


def test_save_gif_never_overwrites_a_file(tmp_path):
    slide = tmp_path / "slide.gif"
    slide.write_bytes(b"the teacher's own GIF")
    with pytest.raises(FileExistsError, match="new_clip_path"):
        clips.save_gif(FRAMES, slide)
    assert slide.read_bytes() == b"the teacher's own GIF"


def test_new_clip_names_never_reuse_an_existing_file(tmp_path):
    moment = datetime(2026, 11, 25, 9, 30, 5)
    first = clips.new_clip_path(tmp_path, now=moment)
    assert first.name == "convolution-20261125-093005.gif"
    clips.save_gif(FRAMES, first)
    second = clips.new_clip_path(tmp_path, now=moment)
    assert second.name == "convolution-20261125-093005-2.gif" and not second.exists()


# --------------------------------------------------------------------------
# The kernel and the captions in a frame
# --------------------------------------------------------------------------

def cell_corner(frame, layout, row, col):
    """The colour just inside a kernel cell's top-left corner (where no number is written)."""
    cell = layout.grid.cell    # the 3×3 grid is centred in its column
    left = layout.kernel.x + (layout.kernel.w - 3 * cell) // 2
    top = layout.kernel.y + (layout.kernel.h - layout.grid.height) // 2
    return tuple(frame[top + row * cell + 2, left + col * cell + 2])


@pytest.mark.parametrize("flip", [False, True])
def test_a_frame_shows_the_kernels_weights_as_they_meet_the_pixels(flip):
    state = demo.new_demo(CAT, "sobel-x", flip=flip)
    frame = clips.still_frame(state, scale=6)
    layout = clips.still_layout(state, 6)
    shown = np.rot90(filters.PRESETS["sobel-x"], 2) if flip else filters.PRESETS["sobel-x"]
    largest = np.abs(shown).max()
    for row in range(3):
        for col in range(3):
            expected = tuple(int(c) for c in filters.diverging_colours(0.85 * shown[row, col] / largest))
            assert cell_corner(frame, layout, row, col) == expected, (row, col)
    # Sobel-x turned is sobel-x negated: the left column is blue when flipped, orange when not.
    assert (cell_corner(frame, layout, 0, 0)[2] > cell_corner(frame, layout, 0, 0)[0]) == flip


def test_every_caption_line_fits_the_frame_and_a_long_caption_is_cut_with_an_ellipsis():
    state = demo.new_demo(CAT, "gaussian-5x5" if "gaussian-5x5" in filters.PRESETS else "sharpen", edges="zero")
    long = "a caption of many words " * 30
    for scale in (1, 3, 10):
        words = clips.frame_words(state, long)
        layout = clips.clip_layout(28, 28, scale, words=words)
        assert layout.dim_from == clip_text.MAX_CAPTION_LINES and layout.lines[layout.dim_from - 1].endswith("\u2026")
        for line in layout.lines:
            assert clip_text.text_width(line, layout.text) <= layout.width - 2 * clips.MARGIN, (scale, line)
        assert layout.captions.y + layout.captions.h <= layout.height - clips.MARGIN
        assert layout.kernel.y + layout.kernel.h <= layout.captions.y


def test_each_lesson_steps_frame_carries_its_own_caption():
    lesson = lessons.load_lesson(SHIPPED)
    state = prepare([]).state
    frames = clips.lesson_frames(lesson, state, scale=4)
    state = prepare([]).state
    for number, (step, frame) in enumerate(zip(lesson.steps, frames)):
        lessons.apply_step(state, step)
        layout = clips.still_layout(state, 4, clips.frame_words(state, step.caption))
        lines = crop(frame, layout.captions)
        inked = np.any(np.abs(lines.astype(int) - pixels.WINDOW_BACKGROUND).sum(axis=2) > 60, axis=1)
        assert inked.any() and layout.lines[0] == clip_text.wrap(step.caption, layout.captions.w, layout.text)[0]
        if number:
            assert not np.array_equal(frames[number - 1], frame), f"step {step.number} looks like the one before"
