"""How the teach view's training should start: from random filters, or from the shipped network's (transfer)?

Trains as Enter does in the teach view (background.py's recipe: augmentation and repeated drawings for few
examples, 20 epochs, a transferred network fine-tuned) on a few examples a class, then scores the network on
drawings it never saw. Two kinds of classes: hand-drawn-style shapes (tests/helpers/shapes.py) and real Quick
Draw doodles from the shared *800.bin files (the development drawings; cats1000.bin's 800–999 are not used).

    OPENBLAS_NUM_THREADS=1 python benchmarks/teach_start.py [--seeds 3] [--examples 5 10]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import network  # noqa: E402
from convolution.files import bundled, quickdraw  # noqa: E402
from convolution.learning import recipe  # noqa: E402
from convolution.learning.trainer import Trainer, accuracy, transfer  # noqa: E402
from tests.helpers import shapes  # noqa: E402

SHARED = ROOT.parent / "shared" / "quickdraw"
EPOCHS = 20
TEST_PER_CLASS = 200


def shape_classes(count: int, seed: int):
    names = ["circle", "square", "triangle"]
    train = [shapes.draw(name, count, seed=seed * 10 + n) for n, name in enumerate(names)]
    test = [shapes.draw(name, TEST_PER_CLASS, seed=1000 + seed * 10 + n) for n, name in enumerate(names)]
    return names, train, test


def doodle_classes(count: int, seed: int):
    names = ["cat", "rainbow", "train"]
    rng = np.random.default_rng(seed)
    train, test = [], []
    for name in names:
        drawings = quickdraw.load_quickdraw(SHARED / f"{name}s800.bin")
        order = rng.permutation(len(drawings))
        train.append(drawings[order[:count]])
        test.append(drawings[order[count:count + TEST_PER_CLASS]])
    return names, train, test


def score(names, train, test, seed: int, start) -> tuple[float, float]:
    """(accuracy on ``test``, seconds) of a network trained as the teach view trains one."""
    drawings = np.concatenate(train)
    labels = np.concatenate([np.full(len(d), n, np.int64) for n, d in enumerate(train)])
    options = recipe.options_for([len(d) for d in train])
    first = transfer(start, names, seed) if start is not None else None
    began = time.perf_counter()
    trainer = Trainer(drawings, labels, names, seed, options, network=first)
    for _ in range(EPOCHS):
        trainer.run_epoch()
    seconds = time.perf_counter() - began
    test_x = np.concatenate(test)
    test_y = np.concatenate([np.full(len(d), n, np.int64) for n, d in enumerate(test)])
    return accuracy(trainer.network, test_x, test_y), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--examples", type=int, nargs="+", default=[5, 10])
    args = parser.parse_args()
    shipped = network.load(bundled.DOODLES)
    kinds = [("shapes", shape_classes)] + ([("doodles", doodle_classes)] if SHARED.is_dir() else [])
    print(f"{'classes':8} {'examples':>8}  {'random filters':>16}  {'shipped filters':>16}  (mean of {args.seeds} "
          f"seeds, {TEST_PER_CLASS} unseen drawings a class; seconds to train)")
    for kind, make in kinds:
        for count in args.examples:
            results = {"random": [], "transfer": []}
            for seed in range(1, args.seeds + 1):
                names, train, test = make(count, seed)
                results["random"].append(score(names, train, test, seed, None))
                results["transfer"].append(score(names, train, test, seed, shipped))
            cells = [f"{100 * np.mean([a for a, _ in r]):5.1f}% {np.mean([s for _, s in r]):5.1f} s"
                     for r in results.values()]
            print(f"{kind:8} {count:8}  {cells[0]:>16}  {cells[1]:>16}", flush=True)


if __name__ == "__main__":
    main()
