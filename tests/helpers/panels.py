"""What the panels must show, built independently of the sketch's drawing code.

Each expected panel comes from ``filters.convolve`` (and ``filters.to_display``
for the non-default mappings) with the tests' own enlargement and border
painting, so the sketch's drawing is checked rather than reused.
"""

import numpy as np

import filters
from convolution.files import images
from convolution.screen import pixels
from convolution.state import demo
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


def window_layout_of(frame, image, scale, kernel=None, pool=0, args=None, edges="skip", flip=False,
                     mapping="clamp"):
    """The filter view's layout of ``frame``, showing ``image`` with ``kernel`` at ``scale``, as the sketch
    lays it out (app/session.py's Session.make_layout): in a window the frame's size, or (a --save frame)
    in a window of its own at that scale. ``args``: the sketch's command line, when its captions (a camera's,
    a file's) take room the layout keeps (its state is then the one the sketch starts with)."""
    from convolution.app.options import prepare
    from convolution.app.session import Session
    if args is not None:
        options = prepare(list(args))
        state = options.state
        if options.camera is not None:
            options.camera.close()
    else:   # the state the sketch shows: a preset by its name (its captions say it), with these modes
        weights = filters.PRESETS["identity"] if kernel is None else np.asarray(kernel)
        name = next((preset for preset, known in filters.PRESETS.items()
                     if known.shape == weights.shape and np.array_equal(known, weights)), weights)
        state = demo.new_demo(np.asarray(image, np.float32), name, edges=edges, flip=flip, pool=pool,
                              mapping=mapping)
    sketch = Session(state, scale=scale)
    own = sketch.make_layout()
    if scale is not None and (own.width, own.height) == (frame.shape[1], frame.shape[0]):
        return own
    sketch.window, sketch.scale = (frame.shape[1], frame.shape[0]), None
    return sketch.make_layout()


def panels(frame, image, scale=None, kernel=None, args=None, edges="skip", flip=False, mapping="clamp"):
    """The source and output panels cut from ``frame`` (and the scale they are at: the sketch's for the
    window, when ``scale`` is None); ``args``, the modes as window_layout_of takes them."""
    layout = window_layout_of(frame, image, scale, kernel, args=args, edges=edges, flip=flip, mapping=mapping)
    assert scale is None or layout.scale == scale, (layout.scale, scale)
    return crop(frame, layout.source), crop(frame, layout.output), layout.scale


def assert_panels(frame, image, kernel, edges="skip", flip=False, scale=None, mapping="clamp", args=None):
    source, output, scale = panels(frame, image, scale, np.asarray(kernel), args, edges, flip, mapping)
    np.testing.assert_array_equal(source, expected_source(image, scale))
    np.testing.assert_array_equal(output, expected_output(image, kernel, edges, flip, scale, mapping))


def panels_match(image, kernel, edges="skip", flip=False, scale=None, mapping="clamp", args=None):
    """A condition for LiveSketch.wait_for: both panels show exactly this (``args``: the sketch's)."""
    def condition(frame):
        try:
            assert_panels(frame, image, kernel, edges, flip, scale, mapping, args)
            return True
        except AssertionError:
            return False
    condition.__doc__ = f"both panels to show the image filtered ({edges}, flip {flip}, {mapping}) at scale {scale}"
    return condition
