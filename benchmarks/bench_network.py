"""Part 3: the doodle network's training epoch against what a user would reach for instead.

One epoch over the 2,400 shared Quick Draw drawings (cats800, trains800,
rainbows800 in ../shared/quickdraw) with Trainer, timed in the same
run, taking turns, against:

- scikit-learn's ``MLPClassifier`` (one hidden layer of 100, Adam, batches
  of 32: one ``partial_fit`` is one epoch), the library a user would try first;
- a plain numpy CNN with the same layers and optimiser written the way a
  first numpy CNN usually is (float64, im2col by a loop over the kernel's
  offsets, channels first, max-pool backward through a mask of the maxima).

Beside each time: the accuracy on a held-out 20% of each class after the same
number of epochs (train.py's default, fewer with --quick). Also train.py's
whole default run (load, train, judge, save) against its 60 s target.

    python benchmarks/bench_network.py [--quick]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import ROOT, Figure, interleaved_min, text_table

from convolution.learning import cli as train_cli
from convolution.learning import data
from convolution.learning.trainer import Trainer, TrainingOptions, accuracy

SHARED = ROOT.parent / "shared" / "quickdraw"
FILES = ("cats800.bin", "trains800.bin", "rainbows800.bin")
EPOCH_BUDGET = 2.0            # seconds for one epoch over the 2,400 drawings (issue 12)
TRAIN_PY_BUDGET = 60.0        # seconds for train.py with its defaults
HELD_OUT_TARGET = 0.92


def seconds(value: float) -> str:
    return f"{value:.2f} s"


class PlainCNN:
    """The reference: the same network (16 filters 5×5 'valid', ReLU, 2×2 max pool, dense, softmax; Adam,
    batches of 32, the same step sizes and shifts), written as a first numpy CNN usually is."""

    def __init__(self, classes: int, seed: int, options: TrainingOptions):
        self.options = options
        rng = np.random.default_rng(seed)
        f, k = options.filter_count, options.kernel_size
        self.k, self.s = k, 28 - k + 1
        self.h = self.s // 2
        self.params = [rng.normal(0, np.sqrt(2 / (k * k)), (f, k * k)), np.zeros(f),
                       rng.normal(0, np.sqrt(1 / (f * self.h * self.h)), (f * self.h * self.h, classes)),
                       np.zeros(classes)]
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.t, self.epoch, self.rng = 0, 0, rng

    def im2col(self, x):
        n, k, s = len(x), self.k, self.s
        cols = np.empty((n, k * k, s * s))
        for j in range(k):
            for i in range(k):
                cols[:, j * k + i, :] = x[:, j:j + s, i:i + s].reshape(n, -1)
        return cols

    def forward(self, x):
        w1, b1, w2, b2 = self.params
        n, f = len(x), len(b1)
        cols = self.im2col(x)
        conv = (w1 @ cols + b1[:, None]).reshape(n, f, self.s, self.s)
        relu = np.maximum(conv, 0)
        pooled = relu.reshape(n, f, self.h, 2, self.h, 2).max(axis=(3, 5))
        scores = pooled.reshape(n, -1) @ w2 + b2
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return cols, conv, relu, pooled, scores / scores.sum(axis=1, keepdims=True)

    def predict(self, drawings):
        return self.forward(drawings.astype(np.float64) / 255)[-1]

    def run_epoch(self, drawings, labels):
        o = self.options
        order = self.rng.permutation(len(labels))
        for start in range(0, len(labels), o.batch_size):
            chosen = order[start:start + o.batch_size]
            x = shifted(drawings[chosen], self.rng, o.shift).astype(np.float64) / 255
            y = labels[chosen]
            cols, conv, relu, pooled, p = self.forward(x)
            n, f = len(x), len(self.params[1])
            d = p.copy()
            d[np.arange(n), y] -= 1
            d /= n
            g_w2, g_b2 = pooled.reshape(n, -1).T @ d, d.sum(axis=0)
            d_pooled = (d @ self.params[2].T).reshape(pooled.shape)
            up = d_pooled.repeat(2, axis=2).repeat(2, axis=3)
            mask = relu == pooled.repeat(2, axis=2).repeat(2, axis=3)
            d_conv = (up * mask * (conv > 0)).reshape(n, f, -1)
            g_w1 = np.einsum("nfp,ncp->fc", d_conv, cols)
            g_b1 = d_conv.sum(axis=(0, 2))
            self.t += 1
            rate = o.learning_rate * o.decay ** self.epoch * np.sqrt(1 - 0.999 ** self.t) / (1 - 0.9 ** self.t)
            for index, gradient in enumerate((g_w1, g_b1, g_w2, g_b2)):
                self.m[index] = 0.9 * self.m[index] + 0.1 * gradient
                self.v[index] = 0.999 * self.v[index] + 0.001 * gradient ** 2
                self.params[index] = self.params[index] - rate * self.m[index] / (np.sqrt(self.v[index]) + 1e-8)
        self.epoch += 1


def shifted(batch, rng, limit):
    """Each drawing moved by up to ``limit`` pixels each way (as Trainer does)."""
    padded = np.pad(batch, ((0, 0), (limit, limit), (limit, limit)))
    moves = rng.integers(0, 2 * limit + 1, size=(len(batch), 2))
    return np.stack([padded[n, dy:dy + 28, dx:dx + 28] for n, (dy, dx) in enumerate(moves)])


def make_mlp(seed: int):
    from sklearn.neural_network import MLPClassifier
    return MLPClassifier(hidden_layer_sizes=(100,), solver="adam", batch_size=32, learning_rate_init=0.001,
                         random_state=seed)


def flat(drawings):
    return drawings.reshape(len(drawings), -1).astype(np.float64) / 255


def train_py_run(log) -> Figure:
    """train.py with its defaults on the three shared files, as a user runs it (a fresh process)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "doodles.npz"
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(ROOT / "train.py"), *(str(SHARED / n) for n in FILES),
                                 "--out", str(out)], capture_output=True, text=True, cwd=folder)
        took = time.perf_counter() - started
    held = next((line for line in result.stdout.splitlines() if line.startswith("held-out accuracy")), "")
    accuracy = held.split()[2] if held else "?"
    log(f"  train.py defaults: {took:.1f} s, held-out {accuracy}")
    ok = result.returncode == 0 and took <= TRAIN_PY_BUDGET
    return Figure(f"train.py with its defaults ({train_cli.DEFAULT_EPOCHS} epochs) on the 3 shared files: "
                  f"load, train, judge, save (held-out {accuracy})",
                  f"{took:.1f} s", f"budget {TRAIN_PY_BUDGET:.0f} s", f"{took / TRAIN_PY_BUDGET:.2f}×", "≤ 1.00×",
                  ok, "" if result.returncode == 0 else f"train.py failed: {result.stderr.strip()[-200:]}")


def training_epoch(quick: bool, log=print) -> list[Figure]:
    """One training epoch on the 2,400 shared drawings: ours, scikit-learn's MLP and a plain numpy CNN."""
    name = "doodle CNN: one training epoch on the 2,400 shared drawings"
    if not all((SHARED / file).exists() for file in FILES):
        return [Figure(name, "not run", "../shared/quickdraw is absent", "—", f"≤ {EPOCH_BUDGET:.0f} s", None,
                       "the doodle network figures need ../shared/quickdraw/*800.bin")]
    drawings, labels, classes = data.load_class_files([SHARED / file for file in FILES])
    options = TrainingOptions()
    try:
        make_mlp(0)
        have_sklearn = True
    except ImportError:
        have_sklearn = False
        log("  scikit-learn is not installed (pip install -r requirements-bench.txt): its rows are marked FAIL")

    # Epoch times: each contender trains on all 2,400 drawings, taking turns, the fastest epoch of each.
    ours = Trainer(drawings, labels, classes, seed=1, options=options)
    plain = PlainCNN(len(classes), 1, options)
    contenders = {"ours": ours.run_epoch, "plain": lambda: plain.run_epoch(drawings, labels)}
    if have_sklearn:
        mlp, mlp_x = make_mlp(1), flat(drawings)
        contenders["mlp"] = lambda: mlp.partial_fit(mlp_x, labels, classes=np.arange(len(classes)))
    best = interleaved_min(contenders, 2 if quick else 4)
    log("  one epoch: " + ", ".join(f"{key} {seconds(value)}" for key, value in best.items()))

    # Accuracy beside time: the same epochs on 80% of each class, judged on the other 20%.
    epochs = 5 if quick else train_cli.DEFAULT_EPOCHS
    train_x, train_y, held_x, held_y = data.split(drawings, labels, 0.2, seed=1)
    trainer = Trainer(train_x, train_y, classes, seed=1, options=options)
    reference = PlainCNN(len(classes), 1, options)
    mlp_held = make_mlp(1) if have_sklearn else None
    for _ in range(epochs):
        trainer.run_epoch()
        reference.run_epoch(train_x, train_y)
        if mlp_held is not None:
            mlp_held.partial_fit(flat(train_x), train_y, classes=np.arange(len(classes)))
    held_out = {"ours": accuracy(trainer.network, held_x, held_y),
                "plain": float(np.mean(reference.predict(held_x).argmax(axis=1) == held_y))}
    if mlp_held is not None:
        held_out["mlp"] = float(np.mean(mlp_held.predict(flat(held_x)) == held_y))
    log(f"  held-out accuracy after {epochs} epochs: "
        + ", ".join(f"{key} {value:.1%}" for key, value in held_out.items()))

    f, k = options.filter_count, options.kernel_size
    ours_text = f"{seconds(best['ours'])}, {held_out['ours']:.1%} held out"
    figures = [
        Figure(f"{name} ({f} filters {k}×{k}, batches of {options.batch_size})", seconds(best["ours"]),
               f"budget {EPOCH_BUDGET:.0f} s", f"{best['ours'] / EPOCH_BUDGET:.2f}×", "≤ 1.00×",
               best["ours"] <= EPOCH_BUDGET),
        Figure(f"doodle CNN held-out accuracy after {epochs} epochs (20% of each class)", f"{held_out['ours']:.1%}",
               f"target {HELD_OUT_TARGET:.0%}", "—", f"≥ {HELD_OUT_TARGET:.0%}", held_out["ours"] >= HELD_OUT_TARGET),
        Figure("doodle CNN epoch vs a plain numpy CNN (same layers and Adam; float64, im2col by loops)",
               ours_text, f"plain CNN {seconds(best['plain'])}, {held_out['plain']:.1%} held out",
               f"{best['ours'] / best['plain']:.2f}×", "info", None,
               "held-out accuracies are on one split of 480 drawings: equal methods differ by 1–2% from seed to seed"),
    ]
    if have_sklearn:
        figures.append(Figure(
            "doodle CNN epoch vs scikit-learn MLPClassifier (784-100-3, Adam, batches of 32)", ours_text,
            f"MLPClassifier {seconds(best['mlp'])}, {held_out['mlp']:.1%} held out",
            f"{best['ours'] / best['mlp']:.2f}×", "info", None,
            "MLP accuracy after the same epochs on the same split; it sees each drawing as 784 separate pixels"))
    else:
        figures.append(Figure("doodle CNN epoch vs scikit-learn MLPClassifier", ours_text, "not installed",
                              "—", "info", False))
    figures.append(train_py_run(log))
    return figures


if __name__ == "__main__":
    quick = "--quick" in sys.argv[1:]
    results = training_epoch(quick, lambda line: print(line, file=sys.stderr, flush=True))
    print(text_table(results))
    for note in sorted({figure.note for figure in results if figure.note}):
        print(f"note: {note}")
    sys.exit(1 if any(figure.passed is False for figure in results) else 0)
