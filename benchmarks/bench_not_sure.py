"""When should the network say nothing? The trade-off behind ``Network.judge``'s thresholds (issue 30).

Five-fold cross-validation on the 2,400 bundled drawings (the ``*800.bin`` files, assets/quickdraw/; never
drawings 800–999 of ``cats1000.bin``): five networks, each trained with train.py's defaults on four folds
(and carrying them as its examples), are shown

- the fold they never saw (which they should answer, and rightly),
- the same drawings moved by up to 3 pixels each way and drawn with a wider pen (the sketch's pen is a
  little wider than Quick Draw's lines, and people do not centre their drawings),
- 1,000 generated scribbles (convolution/learning/strays.py: zigzags, wandering curves, shading loops,
  loose strokes), salt-and-pepper noise (5%, 20% and 50% of the pixels white) and blank pages, which
  they should refuse.

For each pair of thresholds (the likeness floor's quantile, ``judging.LIKE_QUANTILE``, and the top
probability below which it is "between", ``judging.SURE``) it prints the share answered, the accuracy of the
answers and the share of scribbles and noise refused, as a Markdown table for benchmarks/RESULTS.md; the
row of the defaults is marked, and checked against ``Network.judge`` itself. Also: the same networks
carrying only 10 examples a class (the floor follows the examples: the teach view's case).

    nice -n 19 python benchmarks/bench_not_sure.py [--quick]     # --quick: 2 folds, 300 scribbles
"""

from __future__ import annotations

import sys
import time

import numpy as np
from common import ROOT  # noqa: F401  (puts the project on the path)

import network
from convolution.learning import crossval, data, recipe, strays
from convolution.learning.trainer import Trainer
from convolution.maths import judging
from convolution.maths.examples import Examples

FOLDS = 5
EPOCHS = recipe.options_for([640, 640, 640]).epochs      # train.py's default for many drawings
QUANTILES = (0.01, 0.02, 0.05, 0.10)
SURES = (0.0, 0.6, 0.7, 0.8, 0.9)
FEW = 10                     # examples a class, for the teach view's case


def moved(drawings: np.ndarray, rng: np.random.Generator, limit: int = 3) -> np.ndarray:
    """Each drawing moved by −limit…limit pixels each way (blank fills in; ink pushed off the page is lost)."""
    padded = np.pad(drawings, ((0, 0), (limit, limit), (limit, limit)))
    out = np.empty_like(drawings)
    for n, (dy, dx) in enumerate(rng.integers(0, 2 * limit + 1, (len(drawings), 2))):
        out[n] = padded[n, dy:dy + 28, dx:dx + 28]
    return out


def wider(drawings: np.ndarray) -> np.ndarray:
    """Drawn with a wider pen: every pixel at least half as bright as its brightest neighbour."""
    padded = np.pad(drawings, ((0, 0), (1, 1), (1, 1))).astype(np.float32)
    around = np.max([padded[:, 1 + dy:29 + dy, 1 + dx:29 + dx] for dy in (-1, 0, 1) for dx in (-1, 0, 1)], axis=0)
    return np.maximum(drawings, around * 0.5).astype(np.uint8)


def signals(net: network.Network, drawings: np.ndarray, examples: Examples):
    """(N×C probabilities, N ink, N likeness, the ink ceiling) of ``drawings`` as ``judge`` weighs them."""
    weights = net.weights
    measured = judging.likeness(drawings, examples, weights, lambda x: net.block_features(x, 0))
    assert measured is not None
    ink = drawings.reshape(len(drawings), -1).sum(axis=1) / 255
    return net.predict(drawings), ink, measured[0], measured[3]


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    folds = 2 if quick else FOLDS
    started = time.perf_counter()
    drawings, labels, classes = data.load_bundled()
    fold = crossval.deal_folds(labels, FOLDS, seed=11)
    rng = np.random.default_rng(5)
    stray_sets = {"scribbles": strays.scribbles(300 if quick else 1000, seed=7),
                  "noise": np.concatenate([strays.salt_and_pepper(100, share, seed=8 + n)
                                           for n, share in enumerate((0.05, 0.2, 0.5))]),
                  "blank": np.zeros((10, 28, 28), np.uint8)}
    # group → lists over folds of (probabilities, ink, likeness, labels, floor by quantile)
    seen: dict[str, list] = {}
    few_seen: dict[str, list] = {}
    checked = 0
    for number in range(folds):
        train = fold != number
        counts = np.bincount(labels[train]).tolist()
        options = recipe.options_for(counts)
        trainer = Trainer(drawings[train], labels[train], classes, seed=number, options=options)
        for _ in range(options.epochs):
            trainer.run_epoch()
        net = trainer.network
        held_x, held_y = drawings[~train], labels[~train]
        sets = {"held out": (held_x, held_y), "moved ±3, wider pen": (wider(moved(held_x, rng)), held_y)}
        sets.update({name: (x, np.full(len(x), -1)) for name, x in stray_sets.items()})
        for kept, store in ((None, seen), (FEW, few_seen)):
            if kept is None:
                chosen = np.arange(len(net.examples))
            else:
                chosen = np.concatenate([np.flatnonzero(net.example_labels == c)[:kept] for c in range(len(classes))])
            examples = Examples(net.examples[chosen], net.example_labels[chosen], classes)
            _, own = judging.own_likeness(examples, lambda x: net.block_features(x, 0))   # as judge's floor
            floors = {q: float(np.quantile(own, q)) * judging.LIKE_MARGIN for q in QUANTILES}
            for name, (x, y) in sets.items():
                store.setdefault(name, []).append((*signals(net, x, examples), y, floors))
        # The decision rule below is judge's: check it on a few drawings of each set.
        for name, (x, _) in sets.items():
            probabilities, ink, like, ceiling, _, floors = seen[name][-1]
            for n in range(0, len(x), max(1, len(x) // 15)):
                said = net.judge(x[n])
                rule = answered(probabilities[n:n + 1], ink[n:n + 1], like[n:n + 1], ceiling,
                                floors[judging.LIKE_QUANTILE], judging.SURE)[0]
                assert said.answered == rule, (name, n, said)
                checked += 1
        print(f"fold {number + 1} of {folds}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)

    print(f"Not sure: {folds}-fold cross-validation on the 2,400 bundled drawings, train.py's defaults "
          f"({EPOCHS} epochs); judge() agreed with the rule below on {checked} drawings.\n")
    print(table(seen, "every example carried (1,920 a network)"))
    print()
    print(table(few_seen, f"only {FEW} examples a class carried (the same networks)", only_defaults=True))
    return 0


def answered(probabilities, ink, like, ceiling: float, floor: float, sure: float) -> np.ndarray:
    return ((ink >= judging.NOTHING_INK) & (ink <= ceiling) & (like >= floor)
            & (probabilities.max(axis=1) >= sure))


def table(seen: dict[str, list], title: str, only_defaults: bool = False) -> str:
    """One Markdown row per pair of thresholds: answered and right, for the real drawings; refused, for
    the rest."""
    real = ["held out", "moved ±3, wider pen"]
    stray = ["scribbles", "noise", "blank"]
    head = (["floor: quantile", "sure ≥"] + [f"{name}: answered, right" for name in real]
            + [f"{name} refused" for name in stray])
    lines = [f"{title}:", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for quantile in QUANTILES:
        for sure in SURES:
            default = quantile == judging.LIKE_QUANTILE and sure == judging.SURE
            if only_defaults and not default:
                continue
            cells = [f"{quantile:.0%}", f"{sure:.1f}"]
            for name in real + stray:
                said, right = [], []
                for probabilities, ink, like, ceiling, y, floors in seen[name]:
                    yes = answered(probabilities, ink, like, ceiling, floors[quantile], sure)
                    said.append(yes)
                    right.append(probabilities.argmax(axis=1) == y)
                yes, good = np.concatenate(said), np.concatenate(right)
                if name in real:
                    cells.append(f"{yes.mean():.1%}, {good[yes].mean() if yes.any() else 0:.1%} "
                                 f"(all: {good.mean():.1%})")
                else:
                    cells.append(f"{1 - yes.mean():.1%}")
            if default:
                cells = [f"**{cell}**" for cell in cells]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
