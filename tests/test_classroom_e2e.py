"""The classroom on the real sketch: full screen on three projector sizes, a lesson stepped with a
clicker's Page Down, blanking, the light theme, and a GIF clip from the g key."""

import numpy as np
import pytest
from PIL import Image

import filters
from convolution.classroom import lessons
from convolution.screen import pixels
from convolution.state import demo
from tests.helpers.live import LiveSketch, XServer, crop, window_layout
from tests.helpers.panels import CAT, enlarged, rgb_of

LESSON = lessons.load_lesson(lessons.Path(__file__).resolve().parent.parent / "lessons" / "coding-train.toml")


def expected_panels(image, kernel, scale, edges="skip", theme=pixels.DARK):
    sums = filters.convolve(image, kernel, edges)
    shown = rgb_of(np.clip(np.rint(sums), 0, 255).astype(np.uint8)).copy()
    if edges == "skip":
        ry, rx = kernel.shape[0] // 2, kernel.shape[1] // 2
        inside = np.zeros(image.shape[:2], bool)
        inside[ry:image.shape[0] - ry, rx:image.shape[1] - rx] = True
        shown[~inside] = theme.panel_background
    return enlarged(rgb_of(image.astype(np.uint8)), scale), enlarged(shown, scale)


def shows(layout, image, kernel, edges="skip", theme=pixels.DARK):
    source, output = expected_panels(image, kernel, layout.scale, edges, theme)

    def condition(frame):
        return (frame.shape[:2] == (layout.height, layout.width) and np.array_equal(crop(frame, layout.source), source)
                and np.array_equal(crop(frame, layout.output), output))
    condition.__doc__ = f"the panels at {layout.scale}× in a {layout.width}×{layout.height} window"
    return condition


# As tests/test_classroom.py: the text a full screen's back row reads (1/30 of its height) takes its room.
@pytest.mark.parametrize("screen, least", [((1920, 1080), 14), ((1280, 800), 10), ((1024, 768), 7)])
def test_full_screen_fills_each_projector_and_draws_the_panels_at_their_scale(tmp_path, screen, least):
    with XServer(*screen) as server:
        sketch = LiveSketch(server, "--fullscreen", "--kernel", "sobel-x", cwd=tmp_path)
        try:
            layout = window_layout("--fullscreen", "--kernel", "sobel-x", screen=screen)
            assert (layout.width, layout.height) == screen and layout.scale >= least
            frame = sketch.wait_for(shows(layout, CAT, filters.PRESETS["sobel-x"]))
            title = crop(frame, pixels_rect(0, 0, screen[0], layout.source.y - 10))
            assert (title != pixels.DARK.window_background).any()          # the title is there, above
        finally:
            sketch.stop()
        assert "Traceback" not in sketch.stderr()


def pixels_rect(x, y, w, h):
    from convolution.screen.geometry import Rect
    return Rect(x, y, w, h)


def lesson_layouts(count: int, screen=(1920, 1080)) -> list:
    """The window's layout at each of the lesson's first ``count`` steps, as sketch.py lays them out (its
    window opened for step 1 keeps its size; each step's captions may take other room in it)."""
    from convolution.app import events
    from convolution.app.options import prepare
    from convolution.app.session import Session
    from convolution.classroom import lessons
    options = prepare(["--lesson", str(LESSON.path)])
    player = lessons.LessonPlayer(options.lesson, options.lesson_base)
    view = player.forward(options.state) or options.view
    running = Session(options.state, view, options.scale, lesson=player)
    running.open_on(screen)
    layouts = [running.layout]
    for _ in range(count - 1):
        running.handle(events.Key("PAGE_DOWN", False))
        layouts.append(running.layout)
    return layouts


def test_a_lesson_plan_steps_with_page_down_and_back_with_page_up(live):
    sketch = live("--lesson", str(LESSON.path))
    steps = LESSON.steps
    layouts = lesson_layouts(3)
    kernel = lambda step: filters.PRESETS[step.kernel]   # noqa: E731
    sketch.wait_for(shows(layouts[0], CAT, kernel(steps[0])), what="step 1")
    sketch.keys("Next")                                    # a clicker's Page Down
    sketch.wait_for(shows(layouts[1], CAT, kernel(steps[1])), what="step 2")
    sketch.keys("Next")
    sketch.wait_for(shows(layouts[2], CAT, kernel(steps[2])), what="step 3")
    sketch.keys("Prior")                                   # Page Up
    layout = layouts[1]
    frame = sketch.wait_for(shows(layout, CAT, kernel(steps[1])), what="step 2 again")
    # The step's caption is on the bottom line, in the highlight colour.
    bottom = crop(frame, pixels_rect(0, layout.hint_y - 22, layout.width, 28))
    assert np.all(bottom == pixels.HIGHLIGHT, axis=2).sum() > 300


def test_b_blanks_the_screen_and_shows_it_again(live):
    sketch = live("--kernel", "laplacian-8")
    layout = window_layout("--kernel", "laplacian-8")
    sketch.wait_for(shows(layout, CAT, filters.PRESETS["laplacian-8"]))
    sketch.keys("b")
    sketch.wait_for(lambda f: np.all(f == 0), what="a black screen")
    sketch.keys("period")                                  # some clickers send "." instead
    sketch.wait_for(shows(layout, CAT, filters.PRESETS["laplacian-8"]), what="the window back")


def test_the_light_theme_and_t_to_go_dark(live):
    sketch = live("--theme", "light", "--kernel", "sobel-y")
    layout = window_layout("--theme", "light", "--kernel", "sobel-y")
    frame = sketch.wait_for(shows(layout, CAT, filters.PRESETS["sobel-y"], theme=pixels.LIGHT))
    assert tuple(frame[5, layout.width // 2]) == pixels.LIGHT.window_background
    sketch.keys("t")
    frame = sketch.wait_for(shows(layout, CAT, filters.PRESETS["sobel-y"], theme=pixels.DARK), what="the dark theme")
    assert tuple(frame[5, layout.width // 2]) == pixels.DARK.window_background


def test_g_saves_a_gif_clip_of_the_sliding_window(live, tmp_path):
    from convolution.classroom import clips
    sketch = live("--kernel", "sharpen", "--edges", "zero")
    layout = window_layout("--kernel", "sharpen", "--edges", "zero")
    sketch.wait_for(shows(layout, CAT, filters.PRESETS["sharpen"], "zero"))
    sketch.keys("g")
    sketch.wait_for(lambda _: "saved clip" in sketch.stdout(), timeout=30, what="the clip saved")
    saved, = tmp_path.glob("convolution-*.gif")
    with Image.open(saved) as gif:
        assert gif.n_frames > 10
        gif.seek(gif.n_frames - 1)
        last = np.asarray(gif.convert("RGB"))
    # The clip is the window's size, laid out as the window is.
    clip = clips.window_layout(demo.new_demo(CAT, "sharpen", edges="zero"), size=(layout.width, layout.height))
    expected = np.clip(np.rint(filters.convolve(CAT, filters.PRESETS["sharpen"], "zero")), 0, 255).astype(np.uint8)
    np.testing.assert_array_equal(crop(last, clip.output), enlarged(rgb_of(expected), clip.scale))
    assert sketch.alive()
