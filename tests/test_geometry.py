"""Rectangles, scales and text sizes shared by every view."""

from convolution.screen import geometry


def overlaps(a, b):
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def test_the_default_scale_is_the_lessons_10x_and_shrinks_for_big_images():
    assert geometry.auto_scale(28, 28) == 10
    assert geometry.auto_scale(100, 50) == 7
    assert geometry.auto_scale(2000, 1000) == 1


def test_the_neighbourhood_outline_is_centred_on_the_pixel():
    panel = geometry.Rect(100, 50, 280, 280)
    assert geometry.pixel_rect(panel, 10, 7, 12, 3, 3) == geometry.Rect(100 + 110, 50 + 60, 30, 30)
    assert geometry.pixel_rect(panel, 10, 0, 0, 5, 5) == geometry.Rect(80, 30, 50, 50)   # reaches outside


def test_a_rectangle_grown_within_a_panel_stops_at_its_edges():
    panel = geometry.Rect(100, 50, 280, 280)
    assert geometry.Rect(200, 100, 30, 30).grown_within(4, panel) == geometry.Rect(196, 96, 38, 38)
    assert geometry.Rect(80, 30, 50, 50).grown_within(4, panel) == geometry.Rect(100, 50, 34, 34)
    assert geometry.Rect(370, 320, 10, 10).grown_within(4, panel) == geometry.Rect(366, 316, 14, 14)
    assert geometry.Rect(0, 0, 10, 10).grown_within(4, panel) is None
    assert geometry.Rect(380, 60, 30, 30).overlaps(panel.grown_within(6, geometry.Rect(0, 0, 999, 999)))
    assert not geometry.Rect(380, 60, 30, 30).overlaps(panel)
    assert geometry.Rect(104, 54, 30, 30).within(panel, 4) and not geometry.Rect(103, 54, 30, 30).within(panel, 4)
    assert geometry.Rect(346, 296, 30, 30).within(panel, 4) and not geometry.Rect(346, 297, 30, 30).within(panel, 4)


def test_text_that_does_not_fit_shrinks_in_steps():
    assert geometry.shrunk_size(20, 300, 400) == 20                     # fits: as asked
    assert geometry.shrunk_size(20, 500, 400) == 16                     # would fit at 16.0
    assert geometry.shrunk_size(31, 100, 80) == 24                      # 24.8 → the step below
    assert geometry.shrunk_size(20, 10_000, 100) == 8                   # never smaller than 8
    # Every size between two steps shrinks to the same step: the font does not change for a pixel.
    assert {geometry.shrunk_size(31, 100 + extra, 80) for extra in range(0, 12)} <= {22, 24}
