"""Pooling in the filter view, on the real sketch: the pooled map under the output, read back pixel by pixel."""

import numpy as np
import pytest

import filters
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.screen import pixels
from tests.helpers.live import crop, read_png, run_sketch, window_layout
from tests.helpers.panels import CAT, enlarged


def expected_pooled(image, kernel, size, how="max", relu=False, scale=10):
    """The pooled map as the lesson computes it, clamped like a canvas, each pixel size×scale square."""
    sums = filters.convolve(image, kernel)
    if relu:
        sums = np.maximum(sums, 0)
    rows, cols = sums.shape[0] // size, sums.shape[1] // size
    windows = sums[:rows * size, :cols * size].reshape(rows, size, cols, size)
    pooled = windows.max(axis=(1, 3)) if how == "max" else windows.mean(axis=(1, 3))
    grey = np.clip(np.rint(pooled), 0, 255).astype(np.uint8)
    return enlarged(np.dstack([grey] * 3), size * scale)


def saved_layout(*args):
    """The layout sketch.py with these arguments saves with --save: no window yet, so the view's own
    layout for the state the command line makes, at --scale or the view's scale (Session.make_layout);
    its texts (the kernel's name and description, the modes line with the pooling) take their room."""
    options = prepare(list(args))
    return Session(options.state, options.view, options.scale).make_layout()


@pytest.mark.parametrize("args, size, how, relu", [
    (["--pool", "2"], 2, "max", False),
    (["--pool", "3", "--pool-mode", "average", "--relu"], 3, "average", True),
])
def test_save_draws_the_pooled_map_under_the_output(xserver, tmp_path, args, size, how, relu):
    out = tmp_path / "pooled.png"
    result = run_sketch(xserver, "--kernel", "sobel-x", *args, "--save", str(out))
    assert result.returncode == 0, result.stderr
    frame = read_png(out)
    layout = saved_layout("--kernel", "sobel-x", *args)
    assert frame.shape[:2] == (layout.height, layout.width)
    scale = layout.scale
    assert scale == 10                   # a 28×28 picture saves at the view's 10× (no --scale)
    kernel = filters.PRESETS["sobel-x"]
    np.testing.assert_array_equal(crop(frame, layout.pooled), expected_pooled(CAT, kernel, size, how, relu, scale))
    # The pooled map covers the output's area, less the leftover rows and columns.
    assert layout.pooled.x == layout.output.x and layout.pooled.w == (28 // size) * size * scale
    np.testing.assert_array_equal(crop(frame, layout.source), enlarged(np.dstack([CAT] * 3), scale))


def test_pointing_at_a_pooled_pixel_outlines_its_window_and_explains_it(live):
    sketch = live("--kernel", "sobel-x", "--pool", "2")
    layout = window_layout("--kernel", "sobel-x", "--pool", "2")   # smaller than 10×: 1080 pixels are not enough
    step = 2 * layout.scale
    y, x = 6, 5
    sketch.move(layout.pooled.x + x * step + step // 2, layout.pooled.y + y * step + step // 2)
    window = (layout.output.x + x * step, layout.output.y + y * step)   # the 2×2 window's top-left on the output

    def outlined(frame):
        patch = frame[window[1] - 2:window[1] + 3, window[0] + 8:window[0] + 12].reshape(-1, 3)
        return any(tuple(int(c) for c in p) == pixels.HIGHLIGHT for p in patch)

    frame = sketch.wait_for(outlined, what="the pooled pixel's 2×2 window outlined on the output")
    # The readout names the pooled pixel: its title row has text, in the readout's box.
    title = crop(frame, layout.readout)[:30]
    assert (title != pixels.WINDOW_BACKGROUND).any(axis=2).sum() > 500
    # Away from the outline the pooled panel is still the pooled map.
    pooled = crop(frame, layout.pooled).astype(int)
    expected = expected_pooled(CAT, filters.PRESETS["sobel-x"], 2, scale=layout.scale).astype(int)
    far = np.ones(pooled.shape[:2], bool)
    far[y * step - 6:y * step + step + 6, x * step - 6:x * step + step + 6] = False
    np.testing.assert_array_equal(pooled[far], expected[far])
