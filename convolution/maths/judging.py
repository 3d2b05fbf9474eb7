"""Whether a network should answer for a drawing at all ("not sure"), and why not. numpy only.

A network that knows three classes always puts 100% somewhere: the shipped one calls a blank page and a page
of 50% salt-and-pepper noise "cat" at over 99%, and its last pooled features put noise as near the training
drawings as real drawings are. So neither the top probability nor that distance can say "none of these".
``judge`` asks three questions, in this order, and answers only if all three pass:

1. **Is anything drawn?** Less than NOTHING_INK pixels' worth of ink (the pixels' sum / 255): "nothing drawn".
2. **Is it like the drawings it learned from?** Its *likeness*: the mean cosine similarity between its
   first conv block's pooled maps and those of the LIKE_K training drawings most like it, both moved so
   that their ink's box is centred (where on the page it was drawn is not what makes it unlike; Quick Draw
   centres every drawing). The first block's maps say where strokes of each direction are, with a pixel or
   two of give: a scribble or noise has strokes the training drawings do not have. Too low: "unlike every
   drawing it learned from". The bar is set by the training drawings themselves: each one's likeness to
   the others (a sample of CALIBRATION_SAMPLE), and the floor is the LIKE_QUANTILE quantile of those, times
   LIKE_MARGIN. So about LIKE_QUANTILE of new drawings like the training ones fall below it, whatever the
   number of examples (a teach view's 5 a class are less alike to each other than 1,920 are, and the bar
   falls with them). A network with fewer than MIN_EXAMPLES examples is not asked this (``likeness`` None).
   Also unlike them: more than INK_MARGIN times the ink of the inkiest of them (a page of noise; the
   likeness alone lets some through when a network carries few examples, whose floor is low).
3. **Does it lean clearly one way?** The top probability below SURE: "between a and b" (the top two).

The thresholds were set on held-out drawings of the bundled ``*800.bin`` files (5-fold cross-validation)
and on generated scribbles and noise (convolution/learning/strays.py): benchmarks/bench_not_sure.py
measures the trade-off (share answered, accuracy of the answers, share of scribbles and noise refused) and
benchmarks/RESULTS.md records it. This module does not import network.py: the network hands over its
examples and two functions of its weights (``Network.judge``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from convolution.maths.examples import Examples

SIDE = 28
NOTHING_INK = 2.0          # pixels' worth of ink (sum / 255) below which nothing is drawn (a dot of the pen: 3–5)
LIKE_K = 5                 # likeness: the mean over the LIKE_K most alike training drawings
LIKE_QUANTILE = 0.05       # the floor: this quantile of the training drawings' own likeness (each to the others) …
LIKE_MARGIN = 1.0          # … times this
INK_MARGIN = 1.1           # more ink than this times the inkiest example's is unlike them all
SURE = 0.7                 # a top probability below this is "between" the top two
MIN_EXAMPLES = 6           # fewer examples than this: too few to say what is unlike them
CALIBRATION_SAMPLE = 400   # training drawings whose likeness to the others sets the floor (all, if fewer)

NOTHING, UNLIKE, BETWEEN, ANSWERED = "nothing drawn", "unlike", "between", "answered"


@dataclass(frozen=True)
class Answer:
    """What a network says about one drawing, and whether it should say it.

    name            : the class it answers, or None when it should not answer
    kind            : "answered", or why not: "nothing drawn", "unlike" (every drawing it learned from),
                      "between" (two classes)
    reason          : "" when it answers, else one line: "nothing drawn", "unlike every drawing it learned
                      from: the most alike is a cat", "between cat and train"
    best, runner_up : the most and second most probable classes (the bars' top two) …
    probability, runner_up_probability: … and their probabilities
    ink             : pixels' worth of ink in the drawing (its sum / 255)
    likeness        : mean cosine similarity (−1…1, in practice 0…1) of its first block's pooled maps to the
                      LIKE_K most alike training drawings' (centred); None when not asked (too few examples,
                      or nothing drawn)
    likeness_floor  : the likeness below which it is "unlike" (None: not asked)
    ink_ceiling     : the ink above which it is "unlike" (INK_MARGIN × the inkiest example's; None: not asked)
    most_alike      : the index (into ``Network.examples``) of the training drawing most like it by that
                      measure, or None
    """
    name: str | None
    kind: str
    reason: str
    best: str
    probability: float
    runner_up: str
    runner_up_probability: float
    ink: float
    likeness: float | None = None
    likeness_floor: float | None = None
    most_alike: int | None = None
    ink_ceiling: float | None = None

    @property
    def answered(self) -> bool:
        return self.name is not None


def centred(drawings) -> np.ndarray:
    """Each drawing moved (whole pixels, nothing wrapped round) so that its ink's box is centred, as Quick
    Draw centres its drawings: N×28×28 uint8 for N×28×28 (or one 28×28) white on black; a blank page
    stays as it is."""
    array = np.asarray(drawings)
    array = array[None] if array.ndim == 2 else array
    moved = np.zeros(array.shape, np.uint8)
    inked: np.ndarray = np.asarray(array > 0)
    rows = np.any(inked, axis=2).reshape(len(array), SIDE)        # N×28: which rows hold ink …
    columns = np.any(inked, axis=1).reshape(len(array), SIDE)     # … and which columns
    for n in range(len(array)):
        ys, xs = np.flatnonzero(rows[n]), np.flatnonzero(columns[n])
        if not len(ys):
            moved[n] = array[n]
            continue
        dy = int((SIDE - 1 - ys[-1] - ys[0]) // 2)
        dx = int((SIDE - 1 - xs[-1] - xs[0]) // 2)
        moved[n] = np.roll(array[n], (dy, dx), axis=(0, 1))       # the box fits, so nothing wraps round
    return moved


def _unit(vectors: np.ndarray) -> np.ndarray:
    lengths = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(lengths, 1e-12)).astype(np.float32)


@dataclass(frozen=True)
class _Likeness:
    """The examples' centred first-block maps as unit vectors (N×D float32), the floor of likeness, and the
    ceiling of ink."""
    table: np.ndarray
    k: int
    floor: float
    ink_ceiling: float


def _likeness_of(table: np.ndarray, vectors: np.ndarray, k: int, leave_out=None) -> tuple[np.ndarray, np.ndarray]:
    """(mean cosine of each of ``vectors`` (M×D unit) to its k most alike rows of ``table``, the index of
    the most alike); ``leave_out``: M indices into ``table`` not to count (each vector's own row)."""
    cosines = vectors @ table.T
    if leave_out is not None:
        cosines[np.arange(len(vectors)), leave_out] = -np.inf
    top = np.argpartition(-cosines, k - 1, axis=1)[:, :k]
    chosen = np.take_along_axis(cosines, top, axis=1)
    best = top[np.arange(len(top)), chosen.argmax(axis=1)]
    return chosen.mean(axis=1), best


def own_likeness(examples: Examples, block_1: Callable[[np.ndarray], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(the examples' centred first-block maps as unit vectors, N×D float32; the likeness of each of a
    sample of CALIBRATION_SAMPLE of them to the others), from which the floor is taken."""
    table = _unit(block_1(centred(examples.drawings)))
    rng = np.random.default_rng(0)                       # the same sample every time: the same floor
    sample = np.sort(rng.choice(len(table), min(CALIBRATION_SAMPLE, len(table)), replace=False))
    own, _ = _likeness_of(table, table[sample], min(LIKE_K, len(table) - 1), leave_out=sample)
    return table, own


def _calibrated(examples: Examples, block_1: Callable[[np.ndarray], np.ndarray]) -> _Likeness:
    table, own = own_likeness(examples, block_1)
    inkiest = float(examples.drawings.reshape(len(table), -1).sum(axis=1, dtype=np.float64).max() / 255)
    return _Likeness(table, min(LIKE_K, len(table) - 1), float(np.quantile(own, LIKE_QUANTILE)) * LIKE_MARGIN,
                     INK_MARGIN * inkiest)


def likeness(drawings, examples: Examples, token: Any, block_1: Callable[[np.ndarray], np.ndarray]
             ) -> tuple[np.ndarray, np.ndarray, float, float] | None:
    """How alike N drawings (N×28×28, white on black) are to the training drawings (question 2 above):
    (N likenesses float32, N indices of the most alike example, the floor below which one is unlike, the
    ink above which one is unlike), or None when there are fewer than MIN_EXAMPLES examples. ``token``,
    ``block_1``: as ``judge``'s."""
    if len(examples) < MIN_EXAMPLES:
        return None
    known: _Likeness = examples.cached("likeness", token, lambda: _calibrated(examples, block_1))
    mine, nearest = _likeness_of(known.table, _unit(block_1(centred(drawings))), known.k)
    return mine, nearest, known.floor, known.ink_ceiling


def judge(drawing, classes: Sequence[str], examples: Examples, token: Any,
          block_1: Callable[[np.ndarray], np.ndarray], predict: Callable[[np.ndarray], np.ndarray]) -> Answer:
    """``Answer`` for ONE 28×28 ``drawing`` (white on black, 0–255), by the three questions above.

    ``examples``: the network's (``Network``'s ``Examples``); ``token``: its weights (the floor is worked out
    once for them, kept in ``examples``); ``block_1(drawings)``: N×D, the first block's pooled maps of N
    drawings, flattened; ``predict(drawings)``: N×C probabilities; both of the same weights.
    """
    image = np.asarray(drawing)
    probabilities = predict(image)[0]
    order = np.argsort(-probabilities, kind="stable")
    best, second = int(order[0]), int(order[1])
    ink = float(np.sum(image, dtype=np.float64) / 255)
    said = Answer(None, NOTHING, "nothing drawn", classes[best], float(probabilities[best]), classes[second],
                  float(probabilities[second]), ink)
    if ink < NOTHING_INK:
        return said
    measured = likeness(image, examples, token, block_1)
    if measured is not None:
        mine, nearest, floor, ceiling = measured
        said = replace(said, likeness=float(mine[0]), likeness_floor=floor, most_alike=int(nearest[0]),
                       ink_ceiling=ceiling)
        if ink > ceiling:
            return replace(said, kind=UNLIKE, reason="unlike every drawing it learned from: more ink than any")
        if mine[0] < floor:
            alike = examples.classes[int(nearest[0])]
            return replace(said, kind=UNLIKE, reason=f"unlike every drawing it learned from: the most alike is "
                                                     f"{'an' if alike[:1].lower() in 'aeiou' else 'a'} {alike}")
    if probabilities[best] < SURE:
        return replace(said, kind=BETWEEN, reason=f"between {classes[best]} and {classes[second]}")
    return replace(said, name=classes[best], kind=ANSWERED, reason="")
