"""The filter view without a window: where things go, and what is under the mouse."""

import numpy as np
import pytest

import filters
from convolution.screen import geometry
from convolution.screen.views import filter as filter_view


def overlaps(a, b):
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


@pytest.mark.parametrize("size, scale", [((28, 28), 10), ((28, 28), 2), ((28, 28), 1), ((64, 40), 6), ((300, 200), 1)])
def test_panels_sit_side_by_side_inside_the_window_with_the_kernel_between(size, scale):
    w, h = size
    layout = filter_view.make_layout(w, h, scale)
    src, ker, out = layout.source, layout.kernel, layout.output
    assert (src.w, src.h) == (out.w, out.h) == (w * scale, h * scale)
    assert src.y == out.y
    assert src.x + src.w <= ker.x and ker.x + ker.w <= out.x
    assert not overlaps(src, out)
    for rect in (src, ker, out):
        assert rect.x >= 0 and rect.y >= 0
        assert rect.x + rect.w <= layout.width and rect.y + rect.h <= layout.height
    # Text lines are above or below the panels, never across them.
    assert layout.title_y < layout.subtitle_y < src.y - 10
    assert src.y + src.h + 10 < layout.caption_y < layout.hint_y < layout.height


def test_pointing_at_either_panel_picks_the_same_pixel():
    layout = filter_view.make_layout(28, 28, 10)
    for panel in (layout.source, layout.output):
        assert filter_view.pixel_at(layout, panel.x + 125, panel.y + 79) == (7, 12)
        assert filter_view.pixel_at(layout, panel.x, panel.y) == (0, 0)
        assert filter_view.pixel_at(layout, panel.x + panel.w - 1, panel.y + panel.h - 1) == (27, 27)
    assert filter_view.pixel_at(layout, layout.kernel.x + 5, layout.kernel.y + 5) is None
    assert filter_view.pixel_at(layout, 0, 0) is None


def test_kernel_cells_are_found_under_the_mouse():
    for shape in [(3, 3), (5, 5)]:
        layout = filter_view.make_layout(28, 28, 10, kernel=np.zeros(shape))
        left, top, cell = filter_view.kernel_grid(layout, *shape)
        assert filter_view.kernel_cell_at(layout, shape, left + 1, top + 1) == (0, 0)
        assert filter_view.kernel_cell_at(layout, shape, left + cell * 1.5, top + cell * 2.5) == (2, 1)
        assert filter_view.kernel_cell_at(layout, shape, left - 1, top + 1) is None
        assert filter_view.kernel_cell_at(layout, shape, left + cell * shape[1] + 1, top + 1) is None
        assert layout.kernel.contains(left, top) and layout.kernel.contains(left + cell * shape[1] - 1,
                                                                          top + cell * shape[0] - 1)


def test_slow_motion_hides_exactly_the_pixels_not_yet_reached():
    computed = filters.computed_mask((6, 7), (3, 3))
    order = np.argwhere(computed)
    panel = geometry.Rect(0, 0, 7, 6)
    for done in range(len(order) + 1):
        hidden = np.zeros((6, 7), bool)
        for r in filter_view.hidden_rects(panel, 1, order, done):
            hidden[r.y:r.y + r.h, r.x:r.x + r.w] = True
        expected = np.zeros((6, 7), bool)
        for y, x in order[done:]:
            expected[y, x] = True
        np.testing.assert_array_equal(hidden, expected)
