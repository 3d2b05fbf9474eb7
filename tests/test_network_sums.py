"""The network view's readouts add up as shown (issue 29): over many states (units pointed at in each
block, several drawings, random networks with seeds), the numbers in the scene's texts are parsed and the
arithmetic redone from them, to the last digit shown; and each shown number is within one unit of its last
digit of the forward pass's own value (network.py, an independent reference)."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
import pytest

import explain
import network
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.screen.scene import Text
from convolution.state import demo

NUMBER = r"[+\u2212-]?\d+(?:\.\d+)?(?:e[\u2212-]\d+)?"


def found_in(pattern: str, text: str, group: int = 1) -> str:
    match = re.search(pattern, text)
    assert match, (pattern, text)
    return match.group(group)


def number(text: str) -> Decimal:
    return Decimal(text.replace("\u2212", "-").replace("+", ""))


def places(text: str) -> int:
    mantissa = text.split("e")[0]
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


def rounded(value: Decimal, shown: str) -> Decimal:
    """``value`` rounded as ``shown`` is (its decimals, or its significant digits in e notation)."""
    if "e" in shown:
        exponent = int(shown.split("e")[1].replace("\u2212", "-"))
        return value.quantize(Decimal(1).scaleb(exponent - places(shown)), ROUND_HALF_EVEN)
    return value.quantize(Decimal(1).scaleb(-places(shown)), ROUND_HALF_EVEN)


def scene_texts(state, width=1920, height=1080):
    running = Session(state, "network")
    running.window, running.fullscreen = (width, height), True
    running.layout = layout = running.make_layout()
    scene = running.scene()
    texts = [item for item in scene.items if isinstance(item, Text)]
    box = layout.readout
    readout = " ".join(t.text for t in texts if box.y <= t.y <= box.y + box.h)
    bars = [t for t in texts if layout.bars.y <= t.y <= layout.bars.y + layout.bars.h and t.x >= layout.bars.x]
    return layout, readout, bars


def states():
    """(name, state, model) for many drawings and networks."""
    rng = np.random.default_rng(7)
    found = []
    for seed, architecture in ((3, None), (11, ((4, 3),)), (5, None)):
        names = ["cat", "rainbow", "train", "cup", "pen"][: 3 + seed % 3]
        weights = network.random_weights(len(names), seed, architecture=architecture) if architecture else None
        model = network.Network(names, weights) if weights else network.Network.random(names, seed=seed)
        for drawing in range(2):
            state = prepare(["--view", "network"]).state
            demo.use_model(state, model, f"random-{seed}.npz")
            if drawing:
                state.image = rng.integers(0, 256, state.image.shape).astype(state.image.dtype)
            found.append((f"seed {seed} drawing {drawing}", state, model))
    return found


STATES = states()


def units_for(model, rng):
    units = []
    for block, (conv, pooled) in enumerate(model.map_sides):
        for _ in range(2):
            f = int(rng.integers(model.blocks[block].filter_count))
            units.append(explain.Unit("conv", block, f, int(rng.integers(conv)), int(rng.integers(conv))))
            units.append(explain.Unit("pooled", block, f, int(rng.integers(pooled)), int(rng.integers(pooled))))
    for cls in range(len(model.classes)):
        units += [explain.Unit("score", 0, cls), explain.Unit("probability", 0, cls)]
    return units


def check_chain(text: str, label: str) -> None:
    """"Σ … A   + bias B   = <label> C": A + B == C exactly."""
    found = re.search(rf"({NUMBER})\s+\+ bias ({NUMBER})\s+= {label}\s*({NUMBER})", text)
    assert found, text
    a, b, c = found.groups()
    assert number(a) + number(b) == number(c), text
    relu = re.search(rf"= {label}\s*{NUMBER}\s+\u2192 ReLU ({NUMBER})", text)
    if relu:
        assert number(relu.group(1)) == max(number(c), Decimal(0)), text


@pytest.mark.parametrize("name, state, model", STATES, ids=[s[0] for s in STATES])
def test_every_readout_adds_up_as_shown(name, state, model):
    rng = np.random.default_rng(len(name))
    maps = model.feature_maps(network.scale_images(state.image)[0] * 0 + explain_drawing(state))
    for unit in units_for(model, rng):
        state.ui.pointed = unit
        layout, readout, bars = scene_texts(state)
        if unit.kind == "conv":
            check_chain(readout, "sum")
            partials = re.findall(rf"map \d+: ({NUMBER})", readout)
            if partials:   # a later block: the partial sums shown add up to their Σ
                total = found_in(rf"\u03a3 \d+ partial sums ({NUMBER})", readout)
                assert sum(number(p) for p in partials) == number(total), readout
            truth = float(maps.blocks[unit.block].conv[unit.filter, unit.y, unit.x])
            shown = found_in(rf"= sum\s*({NUMBER})", readout)
            assert abs(float(number(shown)) - truth) <= 0.0005 + 1e-6, (readout, truth)
        elif unit.kind == "pooled":
            window = [number(v) for v in re.findall(r"\[?(\d+\.\d{3})\]?", readout.split("max =")[0])]
            largest = number(found_in(rf"max = ({NUMBER})", readout))
            assert largest == max(window[:4]), readout
            truth = float(maps.blocks[unit.block].pooled[unit.filter, unit.y, unit.x])
            assert abs(float(largest) - truth) <= 0.0005 + 1e-6
        elif unit.kind == "score":
            products = re.findall(rf"({NUMBER}) \u00d7 ({NUMBER}) = ({NUMBER})", readout)
            for weight, value, product in products:
                assert rounded(number(weight) * number(value), product) == number(product), readout
            items = [number(p) for _, _, p in products]
            items.append(number(found_in(rf"the \d+ others: ({NUMBER})", readout)))
            total = found_in(rf"\u03a3 ({NUMBER})\s+\+ bias", readout)
            assert rounded(sum(items, Decimal(0)), total) == number(total), readout
            check_chain(readout, "score")
            score = found_in(rf"= score\s*({NUMBER})", readout)
            assert abs(float(number(score)) - float(maps.scores[unit.filter])) < 0.01, readout
            # the bars show the very same score
            assert any(t.text == score for t in bars), (score, [t.text for t in bars])
        else:
            powers = re.findall(rf"e\^\(({NUMBER})\) = ({NUMBER})", readout)
            for x, value in powers:
                assert rounded(Decimal(math.exp(float(number(x)))), value) == number(value), readout
            values = [number(v) for _, v in powers]
            folded = re.search(rf"other classes: \u03a3 e\^x = ({NUMBER})", readout)
            if folded:
                values.append(number(folded.group(1)))
            quotient = re.search(rf"({NUMBER}) \u00f7 ({NUMBER}) = ({NUMBER})%", readout)
            assert quotient, readout
            top, total, percent = quotient.groups()
            assert rounded(sum(values, Decimal(0)), total) == number(total), readout
            assert rounded(number(top) * 100 / number(total), percent) == number(percent), readout
            truth = 100 * float(maps.probabilities[unit.filter])
            assert abs(float(number(percent)) - truth) <= 2 * 10 ** -places(percent) + 1e-9, (readout, truth)
            bar = re.search(r"\u2248 (\d+)% on its bar", readout)
            assert bar and abs(int(bar.group(1)) - truth) < 1, readout
        # the bars' whole percentages add up to 100, each within 1 of its probability
        percents = [int(t.text[:-1]) for t in bars if re.fullmatch(r"\d+%", t.text)]
        assert len(percents) == len(model.classes) and sum(percents) == 100
        assert all(abs(p - 100 * q) < 1 for p, q in zip(percents, maps.probabilities))


def explain_drawing(state):
    from convolution.screen.views.network_seen import network_input
    return network_input(state.image)[0]


@pytest.mark.parametrize("name, state, model", STATES[:3], ids=[s[0] for s in STATES[:3]])
def test_the_evidence_adds_up_to_the_score_the_bars_show(name, state, model):
    state.ui.show_evidence = True
    state.ui.pointed = None
    layout, readout, bars = scene_texts(state)
    check_chain(readout, "score")
    shares = found_in(rf"\u03a3 shares ({NUMBER})", readout)
    listed = readout.split("\u03a3 shares")[0].split("pixels it sees")[-1]
    parts = [number(v) for v in re.findall(r"(?<![\d.])([+\u2212]\d+\.\d+|0\.00)", listed)]   # the signed shares
    assert sum(parts, Decimal(0)) == number(shares), readout
    score = found_in(rf"= score\s*({NUMBER})", readout)
    assert any(t.text == score for t in bars)
