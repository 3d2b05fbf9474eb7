"""Drawing with the mouse and stepping through Quick Draw files, on the real sketch under Xvfb."""

import numpy as np

import filters
from tests.helpers.live import crop, window_layout
from tests.helpers.panels import CAT, assert_panels, panels_match

LAYOUT = window_layout("--kernel", "laplacian-8")   # the window sketch.py opens with these arguments


def source_image(frame):
    """The 28×28 image the source panel shows, read back from the centres of its squares."""
    scale = LAYOUT.scale
    return crop(frame, LAYOUT.source)[scale // 2::scale, scale // 2::scale, 0].astype(float)


def test_dragging_on_the_source_panel_draws_and_the_output_follows(live):
    sketch = live("--kernel", "laplacian-8")
    kernel = filters.PRESETS["laplacian-8"]
    sketch.wait_for(panels_match(CAT, kernel))
    sketch.keys("c")                                            # a blank white page
    blank = np.full((28, 28), 255.0)
    sketch.wait_for(panels_match(blank, kernel))
    left, top, scale = LAYOUT.source.x, LAYOUT.source.y, LAYOUT.scale
    row = top + 14 * scale + scale // 2   # through the middle of row 14, from column 4 to 23
    sketch.xdotool_chain(["search", "--name", "Convolution filter demo",
                          "mousemove", "--window", "%1", str(left + 4 * scale + scale // 2), str(row), "mousedown", "1",
                          *[arg for x in range(5, 24)
                            for arg in ("mousemove", "--window", "%1", str(left + x * scale + scale // 2), str(row))],
                          "mouseup", "1", "mousemove", "--window", "%1", "40", "10"])
    frame = sketch.wait_for(lambda f: source_image(f)[14, 4:23].max() < 60)
    drawn = source_image(frame)
    assert drawn[14, 5:23].max() < 60                 # a dark line along row 14
    assert drawn[:10].min() == 255 and drawn[20:].min() == 255   # and nothing far from it
    assert 0 < ((drawn > 0) & (drawn < 255)).sum()    # with soft grey edges
    assert_panels(frame, drawn, kernel)               # the output is that drawing, filtered
    sketch.keys("u")                                  # undo the stroke
    sketch.wait_for(panels_match(blank, kernel))
    sketch.keys("i")                                  # invert: a black page, filtered as black
    assert_panels(sketch.wait_for(panels_match(blank * 0, kernel)), blank * 0, kernel)


def test_brackets_step_through_a_quick_draw_file(live, tmp_path):
    drawings = np.zeros((3, 784), np.uint8)
    for n in range(3):
        drawings[n].reshape(28, 28)[5 + 5 * n, 3:25] = 255     # a light bar, lower each time
    np.save(tmp_path / "bars.npy", drawings)
    args = ("--image", str(tmp_path / "bars.npy"), "--kernel", "sobel-y")   # its captions name the file
    sketch = live(*args)
    kernel = filters.PRESETS["sobel-y"]
    bars = drawings.reshape(3, 28, 28).astype(float)

    def shows(image):
        return sketch.wait_for(panels_match(image, kernel, args=args))
    assert_panels(shows(bars[0]), bars[0], kernel, args=args)
    sketch.keys("bracketright")
    assert_panels(shows(bars[1]), bars[1], kernel, args=args)
    sketch.keys("bracketleft", "bracketleft")                   # wraps round to the last one
    assert_panels(shows(bars[2]), bars[2], kernel, args=args)
    sketch.keys("i")
    assert_panels(shows(255 - bars[2]), 255 - bars[2], kernel, args=args)
    sketch.keys("bracketright")                                 # stays inverted, as chosen
    assert_panels(shows(255 - bars[0]), 255 - bars[0], kernel, args=args)


def test_d_saves_the_drawing_itself_as_a_new_28x28_png(live, tmp_path):
    from PIL import Image
    sketch = live()
    sketch.wait_for(panels_match(CAT, filters.PRESETS["identity"]))
    sketch.keys("d")
    sketch.wait_for(lambda f: "saved drawing" in sketch.stdout())
    saved = list(tmp_path.glob("drawing-*.png"))
    assert len(saved) == 1
    np.testing.assert_array_equal(np.asarray(Image.open(saved[0])), CAT)
