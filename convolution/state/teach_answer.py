"""What the teach view says the pad shows: a class's name, "not sure", or "draw something". Pure numpy, no py5.

A network names one of its classes for anything, even for a blank pad (softmax shares 1 among them) or a
scribble. So the view answers only when there is a drawing and the network is sure enough of it:

    found = teach_answer.answer(drawing, probabilities, ["circle", "square", "triangle"])
    found.kind       # "blank", "unsure" or "class"
    found.words      # "draw something", "not sure" or "circle"

SURE, the least top probability that is answered, was measured (benchmarks/teach_threshold.py; the numbers
are in benchmarks/RESULTS.md, "The teach view: when to say 'not sure'"). A network that carries the drawings
it learned from is also asked whether the drawing is like them at all (``Network.judge``:
convolution/maths/judging.py), and its reason is said: "unlike every drawing it learned from: the most
alike is a circle", "between circle and square".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# The least top probability the view answers with a class's name. Measured (see the module's docstring): at 0.98 a
# network trained on 5–10 examples a class answers 80–100% of drawings it never saw and refuses about half of the
# scribbles; lower, it names a class for nearly every scribble.
SURE = 0.98
INK = 32          # a pixel brighter than this (0–255, white strokes on black) is ink; as teach.is_blank
MOST_INK = 0.6    # more of the pad inked than this is no line drawing (drawings: at most 37% of their pixels;
#                   random noise 85–89%, measured with SURE): "not sure", whatever the network says
BLANK = "draw something"
UNSURE = "not sure"


@dataclass(frozen=True)
class Answer:
    """The view's answer: ``kind`` "blank" (nothing drawn), "unsure" (the top probability is below the
    threshold) or "class"; ``best`` the likeliest class's number (-1 for a blank pad); ``share`` its
    probability (0 for a blank pad)."""
    kind: str
    best: int
    share: float
    words: str
    reason: str = ""     # why "not sure", when the network's own judge says (else "")


def answer(drawing: np.ndarray, probabilities: np.ndarray, classes: Sequence[str], sure: float = SURE,
           judged: tuple[bool, str] | None = None) -> Answer:
    """What to say about ``drawing`` (28×28, white strokes on black, 0–255, as teach.as_example makes it) given
    the network's ``probabilities`` for it (C floats adding up to 1, one per name of ``classes``) and, when the
    network can judge it (it carries its examples), ``judged``: (whether it would answer, its reason if not),
    which then decides in place of ``sure`` (a network trained with label smoothing is rarely 98% sure)."""
    inked = np.asarray(drawing) > INK
    if not np.any(inked):
        return Answer("blank", -1, 0.0, BLANK)
    shares = np.asarray(probabilities, dtype=np.float64).reshape(-1)
    best = int(np.argmax(shares))
    share = float(shares[best])
    if judged is not None:   # the network's own judge (it carries its examples) decides: its bar, measured
        if not judged[0]:
            return Answer("unsure", best, share, UNSURE, judged[1])
    elif share < sure:       # no examples to judge by: the top probability's bar, measured for the teach view
        return Answer("unsure", best, share, UNSURE)
    if inked.mean() > MOST_INK:
        return Answer("unsure", best, share, UNSURE)
    return Answer("class", best, share, str(classes[best]))
