"""How sure must the teach view's network be before it names a class? (the "not sure" threshold)

Trains as Enter does in the teach view (background.py's recipe for few examples, 20 epochs, started from the
shipped network's filters as the view does by default) on a few examples a class, then asks it about
drawings it never saw of its classes (it should answer) and about what is not a drawing of any of its classes
(it should refuse): scribbles (a few random pen strokes, as a hand makes them), noise (random grey pixels)
and sparse dots. A blank pad is told apart before the network is asked (state/teach_answer.py); it is
measured here too, to show why. For each threshold on the top probability: the share of unseen drawings
answered (and answered rightly), and the share of each kind of non-drawing refused.

Two kinds of classes: hand-drawn-style shapes (tests/helpers/shapes.py) and real Quick Draw doodles from the
shared *800.bin files (the development drawings; cats1000.bin's 800–999 are never used).

    OPENBLAS_NUM_THREADS=1 python benchmarks/teach_threshold.py [--seeds 3] [--examples 5 10]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from teach_start import SHARED, doodle_classes, shape_classes  # noqa: E402 - beside this script

import network  # noqa: E402
from convolution.files import bundled  # noqa: E402
from convolution.learning import recipe  # noqa: E402
from convolution.learning.trainer import Trainer, transfer  # noqa: E402
from convolution.state import pen  # noqa: E402
from convolution.state.teach_answer import INK  # noqa: E402

EPOCHS = 20
JUNK = 200                  # non-drawings of each kind
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.98, 0.99)


def scribbles(count: int, seed: int) -> np.ndarray:
    """``count`` 28×28 uint8 scribbles, white on black: 1–4 strokes of 2–6 random points each, drawn with the
    pad's pen (state/pen.py), as a hand scribbling on the pad makes them."""
    rng = np.random.default_rng(seed)
    result = np.zeros((count, 28, 28), np.float32)
    for n in range(count):
        image = np.zeros((28, 28), np.float32)
        for _ in range(rng.integers(1, 5)):
            points = rng.uniform(2, 26, (rng.integers(2, 7), 2))
            for start, end in zip(points, points[1:]):
                image = pen.paint(image, pen.segment_coverage(image.shape, start, end), 255.0)
        result[n] = image
    return result.astype(np.uint8)


def noise(count: int, seed: int) -> np.ndarray:
    """``count`` 28×28 uint8 pictures of random grey pixels."""
    return np.random.default_rng(seed).integers(0, 256, (count, 28, 28), dtype=np.uint8)


def dots(count: int, seed: int) -> np.ndarray:
    """``count`` 28×28 uint8 pictures with 5–40 white pixels at random places."""
    rng = np.random.default_rng(seed)
    result = np.zeros((count, 28 * 28), np.uint8)
    for n in range(count):
        result[n, rng.choice(28 * 28, rng.integers(5, 41), replace=False)] = 255
    return result.reshape(count, 28, 28)


def trained(names, train, seed: int, shipped):
    drawings = np.concatenate(train)
    labels = np.concatenate([np.full(len(d), n, np.int64) for n, d in enumerate(train)])
    trainer = Trainer(drawings, labels, names, seed, recipe.options_for([len(d) for d in train]),
                      network=transfer(shipped, names, seed))
    for _ in range(EPOCHS):
        trainer.run_epoch()
    return trainer.network


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--examples", type=int, nargs="+", default=[5, 10])
    args = parser.parse_args()
    shipped = network.load(bundled.DOODLES)
    kinds = [("shapes", shape_classes)] + ([("doodles", doodle_classes)] if SHARED.is_dir() else [])
    junk = {"blank": np.zeros((1, 28, 28), np.uint8)}
    tops: dict[tuple[str, int], dict[str, np.ndarray]] = {}
    for kind, make in kinds:
        for count in args.examples:
            found: dict[str, list] = {"drawings": [], "right": [], "ink drawings": []}
            for name in ("blank", "scribbles", "noise", "dots"):
                found[name], found[f"ink {name}"] = [], []
            for seed in range(1, args.seeds + 1):
                names, train, test = make(count, seed)
                model = trained(names, train, seed, shipped)
                test_x = np.concatenate(test)
                test_y = np.concatenate([np.full(len(d), n, np.int64) for n, d in enumerate(test)])
                shares = model.predict(test_x)
                found["drawings"].append(shares.max(axis=1))
                found["right"].append(shares.argmax(axis=1) == test_y)
                found["ink drawings"].append((test_x > INK).mean(axis=(1, 2)))
                for name, pictures in (("blank", junk["blank"]), ("scribbles", scribbles(JUNK, seed)),
                                       ("noise", noise(JUNK, seed)), ("dots", dots(JUNK, seed))):
                    found[name].append(model.predict(pictures).max(axis=1))
                    found[f"ink {name}"].append((pictures > INK).mean(axis=(1, 2)))
            tops[(kind, count)] = {name: np.concatenate(values) for name, values in found.items()}
            got = tops[(kind, count)]
            inks = ", ".join(f"{name} {100 * np.percentile(got[f'ink {name}'], 5):.0f}–"
                             f"{100 * np.percentile(got[f'ink {name}'], 95):.0f}%"
                             for name in ("drawings", "scribbles", "noise", "dots"))
            print(f"{kind} {count} a class, {args.seeds} seeds: accuracy {100 * got['right'].mean():.1f}%; "
                  f"a blank pad's top probability {got['blank'].mean():.2f}; inked pixels (5th–95th percentile): "
                  f"{inks}", flush=True)
    print()
    print("| classes | examples | threshold | drawings answered | answered rightly | scribbles refused | noise refused "
          "| dots refused |")
    print("|---|---|---|---|---|---|---|---|")
    for (kind, count), got in tops.items():
        for threshold in THRESHOLDS:
            answered = got["drawings"] >= threshold
            rightly = got["right"][answered].mean() if answered.any() else float("nan")
            cells = [f"{100 * answered.mean():.0f}%", f"{100 * rightly:.0f}%"] + [
                f"{100 * (got[name] < threshold).mean():.0f}%" for name in ("scribbles", "noise", "dots")]
            print(f"| {kind} | {count} | {threshold:.2f} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
