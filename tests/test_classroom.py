"""The classroom, without a window: screens of every size, full screen, text sizes, GIF clips from the command line."""

import numpy as np
import pytest
from PIL import Image

import filters
from convolution.app import fitting, session
from convolution.app.options import prepare
from convolution.files import images
from convolution.screen import geometry
from convolution.state import demo, keys
from tests.helpers.commands import run_without_display

CAT = images.load_image(images.DEFAULT_IMAGE)


def layout_on(screen, *args, fullscreen=False):
    """The layout sketch.py takes on a screen of this size (Session.open_on, as settings() calls it)."""
    options = prepare(list(args))
    running = session.Session(options.state, options.view, options.scale, fullscreen=fullscreen or options.fullscreen)
    running.open_on(screen)
    return running.layout, running


# The least scales with the back row's text (1/30 of the screen's height) and the readout's room.
@pytest.mark.parametrize("screen, least", [((1920, 1080), 14), ((1280, 800), 10), ((1024, 768), 7)])
def test_full_screen_shows_the_drawing_as_large_as_it_fits(screen, least):
    layout, _ = layout_on(screen, "--kernel", "sobel-x", fullscreen=True)
    assert (layout.width, layout.height) == screen
    assert layout.scale >= least
    assert layout.source.w == 28 * layout.scale and layout.output.x + layout.output.w <= screen[0]
    bigger, _ = layout_on(screen, "--kernel", "sobel-x", "--scale", str(layout.scale + 1), fullscreen=True)
    assert bigger.scale == layout.scale                 # one step larger would not fit


@pytest.mark.parametrize("screen", [(1920, 1080), (1366, 768), (1024, 768)])
@pytest.mark.parametrize("view", ["filter", "layer", "network", "teach"])
def test_f11_from_fullscreen_goes_to_the_window_the_sketch_opens_without_it_in_the_middle_of_the_screen(screen, view):
    _, windowed = layout_on(screen, "--view", view)
    _, running = layout_on(screen, "--view", view, fullscreen=True)
    running.sizing.toggle(place=(0, 0))
    resize = running.sizing.due(now=1.0)
    assert not resize.fullscreen and resize.size == windowed.window
    x, y = resize.place
    assert (x + resize.size[0] // 2, y + resize.size[1] // 2) in {(screen[0] // 2 - dx, screen[1] // 2 - dy)
                                                                   for dx in (0, 1) for dy in (0, 1)}


@pytest.mark.parametrize("height", [768, 800, 1080, 1440])
def test_the_smallest_text_is_at_least_a_45th_of_the_screen(height):
    sizes = geometry.Sizes.for_screen(height)
    assert min(sizes.note, sizes.small, sizes.body, sizes.hint, sizes.title) >= height / 45


@pytest.mark.parametrize("view", ["filter", "layer", "network"])
@pytest.mark.parametrize("screen", [(1366, 768), (1024, 768)])
def test_no_view_opens_larger_than_a_small_laptops_screen(view, screen):
    layout, _ = layout_on(screen, "--view", view, "--pool", "2")
    edges_w, edges_h = fitting.SCREEN_EDGES
    assert layout.width <= screen[0] - edges_w and layout.height <= screen[1] - edges_h


def test_a_big_photo_is_shown_smaller_with_its_note_until_the_window_fits(tmp_path):
    y, x = np.mgrid[0:1080, 0:1920]
    photo = np.dstack([(x // 8) % 256, (y // 8) % 256, ((x + y) // 16) % 256]).astype(np.uint8)
    Image.fromarray(photo).save(tmp_path / "photo.png")
    layout, running = layout_on((1366, 768), "--image", str(tmp_path / "photo.png"))
    assert layout.width <= 1366 - fitting.SCREEN_EDGES[0] and layout.height <= 768 - fitting.SCREEN_EDGES[1]
    height, width = running.state.image.shape[:2]
    assert width < 760 and running.state.scaled_from == (1920, 1080)
    from convolution.screen import texts
    assert texts.source_note(running.state) == f"scaled down from 1920\u00d71080 to {width}\u00d7{height}"
    np.testing.assert_array_equal(running.state.output, filters.convolve(running.state.image, running.state.kernel))


def test_a_scale_too_big_for_the_screen_becomes_the_largest_that_fits_and_says_so():
    layout, running = layout_on((1024, 768), "--scale", "20")
    assert layout.scale < 20 and layout.height <= 768 - fitting.SCREEN_EDGES[1]
    assert "--scale 20 does not fit" in running.message


def test_the_clicker_keys_and_blank_are_in_the_key_table():
    names = {name for key in keys.KEYS for name in key.actions}
    assert {"PAGE_DOWN", "PAGE_UP", "b", ".", "F11", "t", "g"} <= names


def test_a_gif_for_slides_is_made_without_a_window_and_shows_the_convolution(tmp_path):
    out = tmp_path / "slide.gif"
    result = run_without_display("--kernel", "sobel-x", "--edges", "zero", "--gif", str(out))
    assert result.returncode == 0, result.stderr
    from convolution.classroom import clips
    with Image.open(out) as gif:
        assert gif.n_frames > 10
        gif.seek(gif.n_frames - 1)                       # the last frame: the whole output
        last = np.asarray(gif.convert("RGB"))
    layout = clips.window_layout(demo.new_demo(CAT, "sobel-x", edges="zero"), 10)
    output = last[layout.output.y:layout.output.y + layout.output.h, layout.output.x:layout.output.x + layout.output.w]
    expected = np.clip(np.rint(filters.convolve(CAT, filters.PRESETS["sobel-x"], "zero")), 0, 255).astype(np.uint8)
    np.testing.assert_array_equal(output, np.kron(np.dstack([expected] * 3), np.ones((10, 10, 1), np.uint8)))


def test_a_gif_never_replaces_a_file(tmp_path):
    out = tmp_path / "slide.gif"
    out.write_bytes(b"a clip a teacher made")
    result = run_without_display("--gif", str(out))
    assert result.returncode == 2 and "the file exists" in result.stderr
    assert out.read_bytes() == b"a clip a teacher made"


def test_a_lesson_with_a_mistake_stops_before_a_window_opens(tmp_path):
    lesson = tmp_path / "plan.toml"
    lesson.write_text('[[step]]\nkernel = "sobel"\n')
    result = run_without_display("--lesson", str(lesson))
    assert result.returncode == 2
    line, = result.stderr.strip().splitlines()
    assert "plan.toml step 1: unknown kernel 'sobel'" in line
