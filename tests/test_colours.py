"""A sign is never told by colour alone, and the two colours that tell it stay apart for colour-blind eyes.

- The negative/positive pair (filters.NEGATIVE_COLOUR, POSITIVE_COLOUR, at every strength the views draw) is
  simulated as a protanope, a deuteranope and a tritanope see it (Machado, Oliveira & Fernandes 2009) and the
  two sides must stay far apart in CIELAB: no strength of one side may look like any strength of the other.
- Every scene that draws a signed tint (a kernel's weights, a "signed" map, the network's evidence) also writes
  what the signs are: a key naming each colour with its sign, or a legend bar whose ends are labelled − and +;
  and every tinted kernel cell carries its own sign: its number (with "−" if negative) or a − / + mark.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import filters
from convolution.app.session import Session
from convolution.screen import pixels
from convolution.screen.scene import Fill, Picture, Scene, Text
from tests.helpers.screen_check import Box, drawn_of
from tests.test_layout_matrix import CASES, prepared

# Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation of Color Vision
# Deficiency", IEEE TVCG 15(6): 1291–1298, the matrices for severity 1.0 (full dichromacy) from the authors'
# table (www.inf.ufrgs.br/~oliveira/pubs_files/CVD_Simulation/CVD_Simulation.html). They act on linear RGB.
PROTANOPIA = np.array([[0.152286, 1.052583, -0.204868],
                       [0.114503, 0.786281, 0.099216],
                       [-0.003882, -0.048116, 1.051998]])
DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968],
                         [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]])
TRITANOPIA = np.array([[1.255528, -0.076749, -0.178779],
                       [-0.078411, 0.930809, 0.147602],
                       [0.004733, 0.691367, 0.303900]])
VISIONS = {"typical": np.eye(3), "protanopia": PROTANOPIA, "deuteranopia": DEUTERANOPIA, "tritanopia": TRITANOPIA}

# The strengths a viewer has to read as a sign: from a quarter of the largest |value| up. Weaker tints are
# near-white on purpose (they say "about 0" whatever the sign).
STRENGTHS = np.linspace(0.25, 1.0, 31)
# CIE76 ΔE*ab: about 2.3 is just noticeable (Sharma & Trussell 1997); typical vision sees the two sides at a
# quarter strength some 29 apart. A dichromat must still see at least 20 (some nine just-noticeable steps, as
# far as white from a light grey of 80 %) between any tint of one side and any tint of the other, and keep at
# least three quarters of what typical vision sees: a red/green pair fails both (see the control below).
LEAST_APART = 20.0
LEAST_KEPT = 0.75


def linear(colours) -> np.ndarray:
    """sRGB 0–255 (… × 3) → linear RGB 0–1 (IEC 61966-2-1)."""
    c = np.asarray(colours, np.float64) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(linear_rgb) -> np.ndarray:
    """Linear sRGB (… × 3) → CIELAB (D65 white)."""
    to_xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = np.clip(linear_rgb, 0, 1) @ to_xyz.T / [0.95047, 1.0, 1.08883]
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def seen_as(colours, vision: np.ndarray) -> np.ndarray:
    """How ``colours`` (… × 3, sRGB 0–255) look with ``vision`` (a Machado matrix), in CIELAB."""
    return lab(linear(colours) @ vision.T)


def closest(negative: np.ndarray, positive: np.ndarray, vision: np.ndarray) -> float:
    """The smallest ΔE*ab between any of ``negative``'s colours and any of ``positive``'s, as ``vision`` sees."""
    a, b = seen_as(negative, vision), seen_as(positive, vision)
    return float(np.linalg.norm(a[:, None] - b[None], axis=-1).min())


def sides(negative_end, positive_end, zero=filters.ZERO_COLOUR) -> tuple[np.ndarray, np.ndarray]:
    """The tints of a diverging scale from ``zero`` to each end, at STRENGTHS (the scale drawn, worked out anew)."""
    z = np.asarray(zero, np.float64)
    towards = STRENGTHS[:, None]
    return (np.rint(z + (np.asarray(negative_end) - z) * towards),
            np.rint(z + (np.asarray(positive_end) - z) * towards))


def test_the_sign_pair_is_okabe_and_itos_vermillion_and_blue_and_is_what_every_tint_is_made_of():
    assert tuple(filters.NEGATIVE_COLOUR) == (0xD5, 0x5E, 0x00) and tuple(filters.POSITIVE_COLOUR) == (0, 0x72, 0xB2)
    negative, positive = sides(filters.NEGATIVE_COLOUR, filters.POSITIVE_COLOUR)
    np.testing.assert_allclose(filters.diverging_colours(-STRENGTHS), negative, atol=1)
    np.testing.assert_allclose(filters.diverging_colours(STRENGTHS), positive, atol=1)


@pytest.mark.parametrize("vision", list(VISIONS))
def test_no_tint_of_one_sign_looks_like_a_tint_of_the_other_even_to_colour_blind_eyes(vision):
    negative = filters.diverging_colours(-STRENGTHS)          # the tints as the views draw them
    positive = filters.diverging_colours(STRENGTHS)
    apart = closest(negative, positive, VISIONS[vision])
    typical = closest(negative, positive, np.eye(3))
    assert apart >= LEAST_APART, f"{vision}: the two signs come within ΔE {apart:.1f}"
    assert apart >= LEAST_KEPT * typical, f"{vision}: ΔE {apart:.1f} of the typical {typical:.1f}"


@pytest.mark.parametrize("theme", list(pixels.THEMES))
@pytest.mark.parametrize("vision", list(VISIONS))
def test_the_highlight_is_neither_sign_even_to_colour_blind_eyes(theme, vision):
    """The highlight (a selected cell's frame over its tint, the likeliest class) is not taken for a sign."""
    highlight = [pixels.THEMES[theme].highlight]
    for end in (filters.NEGATIVE_COLOUR, filters.POSITIVE_COLOUR):
        apart = closest(np.array(highlight), np.array([end]), VISIONS[vision])
        assert apart >= LEAST_APART, f"{theme}'s highlight is within ΔE {apart:.1f} of {end} ({vision})"


def test_the_check_tells_a_red_green_pair_from_a_safe_one():
    """The control: the simulation and the bounds reject what a deuteranope or protanope cannot tell apart."""
    red, green = sides((213, 0, 0), (0, 158, 0))
    assert closest(red, green, np.eye(3)) >= LEAST_APART                  # plain to typical vision …
    assert closest(red, green, DEUTERANOPIA) < LEAST_APART / 2            # … nearly one colour to a deuteranope
    assert closest(red, green, PROTANOPIA) < LEAST_KEPT * closest(red, green, np.eye(3))
    # The simulation keeps what it should: white stays white, and a grey stays that grey.
    for vision in VISIONS.values():
        np.testing.assert_allclose(seen_as([255, 255, 255], vision), [100, 0, 0], atol=0.5)
        np.testing.assert_allclose(seen_as([118, 118, 118], vision)[1:], [0, 0], atol=0.5)


# --------------------------------------------------------------------------
# Every signed tint on a screen comes with its signs in writing
# --------------------------------------------------------------------------

def on_scale(colours: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of ``colours`` (N×3) are a tint of the signed scale of at least a quarter strength: (negative,
    positive) masks. A colour counts when it lies within 12 of the straight line from the zero colour to an end,
    a quarter of the way out or further (the evidence, laid over white, stays that close)."""
    zero = filters.ZERO_COLOUR.astype(np.float64)
    found = []
    for end in (filters.NEGATIVE_COLOUR, filters.POSITIVE_COLOUR):
        towards = end.astype(np.float64) - zero
        t = (colours - zero) @ towards / (towards @ towards)
        off = np.linalg.norm(colours - (zero + t[:, None] * towards), axis=1)
        found.append((t >= 0.25) & (t <= 1.05) & (off <= 12))
    return found[0], found[1]


def shown_items(scene: Scene) -> tuple:
    """The items a viewer sees: those after the last sheet laid over the whole window (the help), if any."""
    sheets = [n for n, item in enumerate(scene.items) if isinstance(item, Fill) and len(item.colour) == 4
              and item.box.w >= scene.width and item.box.h >= scene.height]
    return scene.items[sheets[-1] + 1 if sheets else 0:]


def picture_colours(picture: Picture) -> np.ndarray:
    """A picture's pixels as H×W×3 (its ARGB's R, G, B), cropped as the scene shows it."""
    rgb = picture.image.argb[..., 1:4]
    if picture.crop is not None:
        u, v, w, h = picture.crop
        rgb = rgb[v:v + h, u:u + w]
    return rgb


def colour_name(colour) -> str:
    """What a viewer calls a tint of the pair: blue if it has more blue than red, else orange."""
    return "blue" if colour[2] > colour[0] else "orange"


def written_keys(scene: Scene) -> list[dict[str, str]]:
    """Each text that names the pair with signs ("blue +", "orange −"), as {colour name: sign}."""
    keys = []
    for text in drawn_of(scene):
        if text.kind == "text":
            pairs = dict(re.findall(r"\b(blue|orange) ([+\u2212])", text.text))
            if len(set(pairs.values())) == 2:
                keys.append(pairs)
    return keys


def legend_bars(scene: Scene, items) -> list[Box]:
    """Pictures that run from a negative tint at the left to a positive one at the right with a text
    starting "−" under the left end and one starting "+" under the right end: a signed legend."""
    texts = [d for d in drawn_of(scene) if d.kind == "text"]
    bars = []
    for picture in (item for item in items if isinstance(item, Picture)):
        rgb = picture_colours(picture).astype(np.float64)
        negative, _ = on_scale(rgb[:, 0])
        _, positive = on_scale(rgb[:, -1])
        if not (negative.all() and positive.all()):
            continue
        box = picture.box()
        below = [t for t in texts if box.y + box.h <= t.box.y <= box.y + box.h + 3 * t.box.h]
        left = any(t.text.startswith("\u2212") and abs(t.box.x - box.x) <= t.box.w for t in below)
        right = any(t.text.startswith("+") and abs(t.box.x + t.box.w - box.x - box.w) <= t.box.w for t in below)
        if left and right:
            bars.append(Box(box.x, box.y, box.w, box.h))
    return bars


def signed_tints(items) -> dict[str, int]:
    """How many pixels of pictures, and how many filled cells, are tints of the signed scale."""
    count = {"pixels": 0, "cells": 0}
    for item in items:
        if isinstance(item, Picture):
            negative, positive = on_scale(picture_colours(item).reshape(-1, 3).astype(np.float64))
            count["pixels"] += int(negative.sum() + positive.sum())
        elif isinstance(item, Fill) and len(item.colour) == 3:
            negative, positive = on_scale(np.array([item.colour], np.float64))
            count["cells"] += int(negative[0] or positive[0])
    return count


def box_of(rect) -> Box:
    return Box(rect.x, rect.y, rect.w, rect.h)


def cell_signs(items) -> list[str]:
    """Every tinted cell whose sign is not also written on it: its number with the wrong sign, or no
    number and no mark of its sign (a bar across for −; a bar across and one down for +) inside it."""
    problems = []
    fills = [item for item in items if isinstance(item, Fill) and len(item.colour) == 3]
    texts = [item for item in items if isinstance(item, Text) and item.text.strip()]
    for cell in fills:
        negative, positive = on_scale(np.array([cell.colour], np.float64))
        if not (negative[0] or positive[0]):
            continue
        inside = [t for t in texts if box_of(t.box()).inside(box_of(cell.box), slack=2)]
        marks = [f for f in fills if f is not cell and box_of(f.box).inside(box_of(cell.box))
                 and f.box.w * f.box.h <= cell.box.w * cell.box.h / 2]
        if inside:
            written = inside[0].text.startswith("\u2212")
            if written != bool(negative[0]):
                problems.append(f"the cell {cell.colour} at {cell.box} says {inside[0].text!r}")
            continue
        across = [f for f in marks if f.box.w > 2 * f.box.h]
        down = [f for f in marks if f.box.h > 2 * f.box.w]
        if not across or bool(down) != bool(positive[0]):
            problems.append(f"the cell {cell.colour} at {cell.box} shows its sign by colour only")
    return problems


SIGNED_CASES = [
    ("filter", "signed", ["--values", "signed", "--kernel", "sobel-x"], "readout"),
    ("filter", "signed 7x7", ["--values", "signed", "--kernel", "random", "--seed", "2", "--pool", "2"], None),
    ("filter", "every strength", ["--values", "signed", "--kernel", "-4 -3 -2; -1 0 1; 2 3 4", "--pool", "2"], None),
    ("layer", "signed", ["--view", "layer", "--values", "signed"], None),
    ("layer", "signed eight", ["--view", "layer", "--values", "signed", "--bank", "random,gaussian-5x5,sobel-x,"
                                                                                 "sobel-y,emboss,laplacian-8"], None),
    ("network", "signed", ["--view", "network", "--values", "signed"], "ml5 evidence"),
]
ALL_CASES = [case for case in CASES if "VIDEO" not in case[2] and "PHOTO" not in case[2]] + SIGNED_CASES


def scene_for(case, theme: str, size=(1366, 768), fullscreen: bool = False) -> Scene:
    view, state, message = prepared(case, None)
    session = Session(state, view.NAME, theme=theme)
    session.window, session.fullscreen = size, fullscreen
    session.layout = session.make_layout()
    session.message = message
    return session.scene()


@pytest.mark.parametrize("case", ALL_CASES, ids=[f"{c[0]} {c[1]}" for c in ALL_CASES])
def test_every_signed_tint_comes_with_its_signs_in_writing(case):
    for size, fullscreen in (((1366, 768), False), ((1024, 768), True)):
        scene = scene_for(case, "dark", size, fullscreen)
        items = shown_items(scene)
        tints = signed_tints(items)
        if not any(tints.values()):
            continue
        assert not cell_signs(items), "\n".join(cell_signs(items))
        if tints["pixels"]:
            keys, bars = written_keys(scene), legend_bars(scene, items)
            assert keys or bars, f"{size}: {tints['pixels']} pixels of signed tints and no key to their signs"
            truth = {colour_name(filters.POSITIVE_COLOUR): "+", colour_name(filters.NEGATIVE_COLOUR): "\u2212"}
            assert all(key == truth for key in keys), f"a key says {keys}: the tints are {truth}"


@pytest.mark.parametrize("case", SIGNED_CASES[:2] + SIGNED_CASES[3:4] + [CASES[0], CASES[12], CASES[20]],
                         ids=["filter signed", "filter signed 7x7", "layer signed", "filter", "layer", "network"])
def test_the_cases_that_draw_signs_are_found_drawing_them(case):
    """The check above is not vacuous: the kernels, the signed maps and the network's filters are found."""
    assert any(signed_tints(shown_items(scene_for(case, "dark"))).values())


def test_a_cells_number_and_sign_mark_stand_out_from_its_tint_at_every_strength():
    """Digits and marks on a kernel cell (pixels.ink_on over pixels.cell_colour) reach WCAG's 4.5:1 at every
    weight from −1 to 1 of the largest (the tints are the same in both themes)."""
    from tests.test_contrast import LEAST_CONTRAST, contrast
    for weight in np.linspace(-1, 1, 201):
        tint = pixels.cell_colour(float(weight), 1.0)
        assert contrast(pixels.ink_on(tint), tint) >= LEAST_CONTRAST, (weight, tint)
