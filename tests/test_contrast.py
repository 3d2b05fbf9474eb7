"""Every text the sketch shows stands out from what is behind it: a contrast of at least 4.5:1 (WCAG's AA for
body text), in both themes, in every state the layout matrix reaches.

What is behind a text is read off the scene itself: the scene painted offscreen without its texts (the
same painter as --save without a display), and the colour most of the text's box covers there.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from convolution.app.session import Session
from convolution.screen import pixels
from convolution.screen.painters import offscreen
from convolution.screen.scene import Fill, Scene, Text
from tests.test_colours import SIGNED_CASES
from tests.test_layout_matrix import CASES, prepared

LEAST_CONTRAST = 4.5


def luminance(colour) -> float:
    """WCAG 2's relative luminance of an sRGB colour (0–255 channels)."""
    channels = np.asarray(colour[:3], np.float64) / 255
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def contrast(a, b) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def behind(painted: np.ndarray, text: Text) -> tuple[int, ...]:
    """The colour that most of the middle of ``text``'s box covers in ``painted`` (the scene without its
    texts): the middle, where the letters' strokes are, not the room a font leaves above and below them."""
    box = text.box()
    height, width = painted.shape[:2]
    top, bottom = box.y + box.h // 4, box.y + box.h - box.h // 4
    left, right = box.x + box.w // 8, box.x + box.w - box.w // 8
    area = painted[max(0, top):min(height, max(bottom, top + 1)), max(0, left):min(width, max(right, left + 1))]
    colours, counts = np.unique(area.reshape(-1, 3), axis=0, return_counts=True)
    return tuple(int(c) for c in colours[counts.argmax()])


def shown_texts(scene: Scene) -> list[Text]:
    """The texts a viewer reads: those after the last sheet laid over the whole window (the help), if any."""
    sheets = [number for number, item in enumerate(scene.items) if isinstance(item, Fill)
              and item.box.w >= scene.width and item.box.h >= scene.height and len(item.colour) == 4]
    first = sheets[-1] + 1 if sheets else 0
    return [item for item in scene.items[first:] if isinstance(item, Text)]


def low_contrast(scene: Scene) -> list[str]:
    without_text = tuple(item for item in scene.items if not isinstance(item, Text))
    painted = offscreen.paint(dataclasses.replace(scene, items=without_text))
    found = []
    for text in shown_texts(scene):
        ratio = contrast(text.colour, behind(painted, text))
        if ratio < LEAST_CONTRAST:
            found.append(f"{text.text!r} in {text.colour} on {behind(painted, text)}: {ratio:.2f}:1")
    return found


def test_the_contrast_formula_gives_wcags_figures():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)   # WCAG's lightest grey on white


@pytest.mark.parametrize("theme", list(pixels.THEMES))
def test_each_themes_text_colours_stand_out_from_its_backgrounds(theme):
    """Every colour a theme writes text in, on the window's background and on the charts' (the training
    curves' legend is written beside them); the texts over kernel tints are test_colours.py's."""
    colours = pixels.THEMES[theme]
    for ink in (colours.text, colours.text_dim, colours.highlight):
        for ground in (colours.window_background, colours.chart_background):
            assert contrast(ink, ground) >= LEAST_CONTRAST, (ink, ground, round(contrast(ink, ground), 2))


# The layout matrix's cases, and the ones drawing signed tints: numbers on kernel cells of every strength, the
# signed legend's labels, the evidence's caption (tests/test_colours.py).
EVERY_CASE = CASES + SIGNED_CASES


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("case", EVERY_CASE, ids=[f"{c[0]} {c[1]}" for c in EVERY_CASE])
def test_every_text_stands_out_from_what_is_behind_it(case, theme, tmp_path_factory):
    if "VIDEO" in case[2] or "PHOTO" in case[2]:
        pytest.skip("the camera's and photos' states are the same texts over the same panels as the others")
    view, state, message = prepared(case, None)
    session = Session(state, view.NAME, theme=theme)
    session.window = (1366, 768)
    session.layout = session.make_layout()
    session.message = message
    scene = session.scene()
    assert scene.texts(), "no text: the check would pass vacuously"
    problems = low_contrast(scene)
    assert not problems, "\n".join(problems[:10])
