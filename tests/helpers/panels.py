"""What the panels must show, built independently of the sketch's drawing code.

Each expected panel comes from ``filters.convolve`` (and ``filters.to_display``
for the non-default mappings) with the tests' own enlargement and border
painting, so the sketch's drawing is checked rather than reused.
"""

import numpy as np

import filters
from convolution.files import images
from convolution.screen import pixels
from convolution.screen.views import filter as filter_view
from tests.helpers.live import crop

CAT = images.load_image(images.DEFAULT_IMAGE)


def enlarged(rgb, scale):
    return np.kron(rgb, np.ones((scale, scale, 1), dtype=rgb.dtype))


def rgb_of(image):
    return np.dstack([image] * 3) if image.ndim == 2 else image


def expected_source(image, scale):
    return enlarged(rgb_of(image).astype(np.uint8), scale)


def expected_output(image, kernel, edges, flip, scale, mapping="clamp"):
    """The convolution, clamped like a canvas (or mapped), skipped border in the panel background."""
    kernel = np.asarray(kernel)
    sums = filters.convolve(image, kernel, edges, flip)
    if mapping == "clamp":
        shown = rgb_of(np.clip(np.rint(sums), 0, 255).astype(np.uint8)).copy()
    else:
        computed = filters.computed_mask(sums.shape, kernel.shape, edges)
        shown = rgb_of(filters.to_display(sums, mapping, computed)).copy()
    if edges == "skip":
        ry, rx = kernel.shape[0] // 2, kernel.shape[1] // 2
        inside = np.zeros(image.shape[:2], bool)
        inside[ry:image.shape[0] - ry, rx:image.shape[1] - rx] = True
        shown[~inside] = pixels.PANEL_BACKGROUND
    return enlarged(shown, scale)


def panels(frame, image, scale):
    layout = filter_view.make_layout(image.shape[1], image.shape[0], scale)
    assert frame.shape[:2] == (layout.height, layout.width)
    return crop(frame, layout.source), crop(frame, layout.output)


def assert_panels(frame, image, kernel, edges="skip", flip=False, scale=10, mapping="clamp"):
    source, output = panels(frame, image, scale)
    np.testing.assert_array_equal(source, expected_source(image, scale))
    np.testing.assert_array_equal(output, expected_output(image, kernel, edges, flip, scale, mapping))


def panels_match(image, kernel, edges="skip", flip=False, scale=10, mapping="clamp"):
    """A condition for LiveSketch.wait_for: both panels show exactly this."""
    def condition(frame):
        try:
            assert_panels(frame, image, kernel, edges, flip, scale, mapping)
            return True
        except AssertionError:
            return False
    condition.__doc__ = f"both panels to show the image filtered ({edges}, flip {flip}, {mapping}) at scale {scale}"
    return condition
