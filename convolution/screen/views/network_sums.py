"""The network view's numbers as shown: rounded so that the shown terms give the shown result to its last digit.

Every readout is a chain of small sums and products (terms + bias = sum; weight × value = product; e^x ÷ Σ e^x
= probability). Rounding each number to the nearest on its own breaks the chain (Σ +14.53 + bias 0.00 = score
+14.52). Here each shown number is a rounding of its true value within one unit of its last digit, chosen so
that the shown terms add up exactly (Hamilton's largest remainders), or, for a product or an exponential, with
as many digits in its factors as make them give it. Decimal arithmetic throughout: what is shown is what
is added. Pure Python and numpy; no drawing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

import numpy as np

import explain
import network

MINUS = "\u2212"


def nearest(value: float, places: int) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN)


def shown(value: Decimal, places: int, sign: bool = True) -> str:
    """``value`` with ``places`` decimals, "+" before a positive one (if ``sign``), "−" before a negative one;
    0 with no sign."""
    value = value.quantize(Decimal(1).scaleb(-places))
    if value == 0:
        return f"{Decimal(0).quantize(Decimal(1).scaleb(-places))}"
    text = f"{abs(value)}"
    return (MINUS if value < 0 else "+" if sign else "") + text


def decimals(value: Decimal) -> int:
    """How many decimals ``value`` carries."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0


def plain(value: Decimal, places: int) -> str:
    return shown(value, places, sign=False)


def apportioned(terms: list[float], total: Decimal, places: int) -> list[Decimal]:
    """``terms`` rounded to ``places`` decimals so that they add up to ``total`` exactly: each rounded down,
    then one unit added to those with the largest remainders (Hamilton); each within one unit of its value
    when ``total`` is within half a unit of the terms' true sum."""
    unit = Decimal(1).scaleb(-places)
    floors = [Decimal(repr(float(t))).quantize(unit, ROUND_FLOOR) for t in terms]
    remainders = [Decimal(repr(float(t))) - f for t, f in zip(terms, floors)]
    extra = int((total - sum(floors, Decimal(0))) / unit)
    order = sorted(range(len(terms)), key=lambda n: -remainders[n])
    result = list(floors)
    step = unit if extra >= 0 else -unit
    for n in range(abs(extra)):   # more than len(terms) only if total is off: go round again
        index = order[n % len(order)] if extra >= 0 else order[::-1][n % len(order)]
        result[index] += step
    return result


@dataclass(frozen=True)
class Chain:
    """A sum as shown: its terms, the bias, the sum; Σ terms + bias == total exactly."""
    terms: tuple[Decimal, ...]
    bias: Decimal
    total: Decimal
    places: int

    @property
    def sum(self) -> Decimal:
        return sum(self.terms, Decimal(0))


def chain(terms, bias: float, total: float, places: int = 3, shown_total: Decimal | None = None) -> Chain:
    """Terms + bias = total, shown at ``places`` decimals: the total the nearest rounding of its value
    (as every other place shows it) or ``shown_total``, the terms and bias apportioned to it."""
    shown_total = nearest(total, places) if shown_total is None else shown_total
    parts = apportioned([float(t) for t in terms] + [float(bias)], shown_total, places)
    return Chain(tuple(parts[:-1]), parts[-1], shown_total, places)


# --------------------------------------------------------------------------
# Products and exponentials: enough digits in the factors
# --------------------------------------------------------------------------

def product_factors(weight: float, value: float, product: Decimal, places: int) -> tuple[Decimal, Decimal] | None:
    """``weight`` and ``value`` rounded to as few decimals (from 3) as make their product round to
    ``product`` at ``places``; None if even 7 do not."""
    for digits in range(3, 8):
        w, v = nearest(weight, digits), nearest(value, digits)
        if (w * v).quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN) == product:
            return w, v
    return None


def significant(value: float, digits: int) -> Decimal:
    if value == 0 or not math.isfinite(value):
        return Decimal(0)
    exponent = math.floor(math.log10(abs(value)))
    return nearest(value, digits - 1 - exponent)


def to_significant(value: Decimal, digits: int) -> Decimal:
    if value == 0:
        return value
    return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1), ROUND_HALF_EVEN)


def scientific(value: Decimal) -> str:
    """A positive number as the readout shows an e^: "1", "0.04532", "1.243e−8" (as many digits as it has)."""
    if value == 0:
        return "0"
    if value >= Decimal("0.001"):
        return f"{value.normalize():f}"
    mantissa, exponent = f"{value.normalize():E}".split("E")
    return f"{mantissa}e{MINUS}{abs(int(exponent))}"


def exponent_for(x: float, shown_exp: Decimal, digits: int) -> Decimal | None:
    """``x`` rounded to as few decimals (from 4) as make e^x round to ``shown_exp`` at ``digits``
    significant digits; None if even 9 do not."""
    for places in range(4, 10):
        x_shown = nearest(x, places)
        if significant(math.exp(float(x_shown)), digits) == shown_exp:
            return x_shown
    return None


# --------------------------------------------------------------------------
# A class's score, and the bars
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One weight × value = product of a score, as shown (factors None: the product only, "≈")."""
    place: tuple[int, int, int]
    factors: tuple[Decimal, Decimal] | None
    product: Decimal


@dataclass(frozen=True)
class Score:
    """A class's score as shown: the largest products (3 decimals), the others' sum (3 decimals), their Σ (2
    decimals, the items' exact sum rounded), the bias and the score (2 decimals, Σ + bias exactly)."""
    items: tuple[Item, ...]
    others: int
    rest: Decimal
    total: Decimal
    bias: Decimal
    score: Decimal


def score_shown(worked: explain.ScoreReadout) -> Score:
    items = []
    for part in worked.largest:
        product = nearest(part.product, 3)
        items.append(Item(part.place, product_factors(part.weight, part.value, product, 3), product))
    rest = nearest(worked.rest, 3)
    exact = sum((item.product for item in items), rest)
    total = exact.quantize(Decimal("0.01"), ROUND_HALF_EVEN)
    unit = Decimal("0.01")
    low = Decimal(repr(worked.bias)).quantize(unit, ROUND_FLOOR)
    target = Decimal(repr(worked.score))
    bias = min((low, low + unit), key=lambda b: abs(total + b - target))
    return Score(tuple(items), worked.others, rest, total, bias, total + bias)


def scores_shown(model: network.Network, maps: network.FeatureMaps) -> tuple[Decimal | None, ...]:
    """Every class's score as the bars and its readout show it (None: not a number)."""
    found: list[Decimal | None] = []
    for cls in range(len(model.classes)):
        worked = explain.score_unit(model, maps, cls)
        found.append(score_shown(worked).score if math.isfinite(worked.score) else None)
    return tuple(found)


def whole_percents(probabilities) -> tuple[int, ...] | None:
    """The probabilities as whole percents adding up to 100 (Hamilton's largest remainders), each within 1 of
    its value; None if any is not a number."""
    values = np.asarray(probabilities, np.float64) * 100
    if not np.isfinite(values).all() or values.sum() <= 0:
        return None
    values = values * (100 / values.sum())
    floors = np.floor(values).astype(int)
    extra = 100 - int(floors.sum())
    for n in np.argsort(-(values - floors), kind="stable")[:extra]:
        floors[n] += 1
    return tuple(int(v) for v in floors)


# --------------------------------------------------------------------------
# A probability
# --------------------------------------------------------------------------

EXP_DIGITS = 4


@dataclass(frozen=True)
class Softmax:
    """A class's probability as shown: each shown class's e^x (x its score less the largest), the folded
    classes' Σ e^x, the Σ over all, the quotient as a percentage."""
    rows: tuple[tuple[int, Decimal | None, Decimal], ...]   # (class, x shown (None: "≈"), e^x shown)
    folded: tuple[int, ...]        # the classes summed in one line
    folded_sum: Decimal
    total: Decimal
    numerator: Decimal
    percent: Decimal
    percent_places: int


def softmax_shown(worked: explain.ProbabilityReadout, shown_classes: list[int]) -> Softmax:
    cls = worked.unit.filter
    xs = worked.scores - worked.shift
    exps = [significant(float(e), EXP_DIGITS) for e in worked.exps]
    rows = tuple((c, exponent_for(float(xs[c]), exps[c], EXP_DIGITS), exps[c]) for c in shown_classes)
    folded = tuple(c for c in range(len(exps)) if c not in shown_classes)
    folded_sum = significant(float(sum(float(exps[c]) for c in folded)), EXP_DIGITS) if folded else Decimal(0)
    exact = sum((e for _, _, e in rows), folded_sum)
    total = exact
    for digits in range(6, 16):   # enough digits that the total is not shown as 1 when it is more
        total = to_significant(exact, digits)
        if total != 1 or exact == 1:
            break
    total = total.normalize()
    percent, places = Decimal(0), 2
    numerator = exps[cls]
    if total:
        value = numerator * 100 / total
        for places in range(2, 9):
            percent = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN)
            if percent not in (0, 100) or value in (0, 100):
                break
    return Softmax(rows, folded, folded_sum, total, numerator, percent, places)
