"""Part 3: the doodle network (ml5's default: conv 8 5×5, pool, conv 16 5×5, pool, dense) against what a
user would reach for instead.

One training epoch over the 2,400 shared Quick Draw drawings (cats800,
trains800, rainbows800 in ../shared/quickdraw) with Trainer, and the forward
pass (``Network.predict`` of all 2,400; ``feature_maps`` of one drawing, what
the network view asks after each pen move), timed in the same run, taking
turns, against:

- a plain numpy CNN with the same layers and optimiser written the way a
  first numpy CNN usually is (float64, channels first, im2col by a loop over
  the kernel's offsets, max-pool backward through a mask of the maxima);
- scikit-learn's ``MLPClassifier`` (one hidden layer of 100, Adam, batches
  of 32: one ``partial_fit`` is one epoch), the library a user would try first.

Beside each time: the accuracy on a held-out 20% of each class after the same
number of epochs (train.py's default, fewer with --quick). Also train.py's
whole default run (load, train, judge, save) against its 60 s target.

And ``Network.nearest`` (issue 30): the 5 training drawings nearest one drawing
in the network's own features, among 2,400 examples (the shipped network's
weights carrying all 2,400 bundled drawings), against its 5 ms budget (fast
enough to follow the pen), beside ``nearest_pixels`` and ``judge``.

    python benchmarks/bench_network.py [--quick] [--nearest]     # --nearest: only nearest()'s figures
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import ROOT, Figure, interleaved_min, min_of, ms, text_table

import network
from convolution.learning import cli as train_cli
from convolution.learning import data
from convolution.learning.trainer import Trainer, TrainingOptions, accuracy

SHARED = ROOT.parent / "shared" / "quickdraw"
FILES = ("cats800.bin", "trains800.bin", "rainbows800.bin")
EPOCH_BUDGET = 0.5            # seconds for one epoch over the 2,400 drawings on 2 cores (issue 19)
TRAIN_PY_BUDGET = 60.0        # seconds for train.py with its defaults
HELD_OUT_TARGET = 0.95        # train.py's defaults, on the 20% of each file it never trained on


NEAREST_BUDGET = 0.005       # seconds for nearest(drawing, k=5) among 2,400 examples (issue 30)


def nearest_figures(quick: bool, log=print) -> list[Figure]:
    """nearest(), nearest_pixels() and judge() of one drawing, among the 2,400 bundled drawings (the
    examples' features worked out once beforehand, as the network keeps them), one BLAS thread."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        log("  threadpoolctl is not installed (pip install -r requirements-bench.txt): BLAS keeps its threads")
        return _nearest_figures(quick, log)
    with threadpool_limits(1):
        return _nearest_figures(quick, log)


def _nearest_figures(quick: bool, log) -> list[Figure]:
    from convolution.files import bundled
    drawings, labels, classes = data.load_bundled()
    shipped = network.load(bundled.DOODLES)
    net = network.Network(classes, shipped.weights, "", drawings, labels)
    started = time.perf_counter()
    net.nearest(drawings[0]), net.nearest_pixels(drawings[0]), net.judge(drawings[0])
    first = time.perf_counter() - started
    picks = np.random.default_rng(3).choice(len(drawings), 20, replace=False)
    calls = {"features": lambda: [net.nearest(drawings[n], 5) for n in picks],
             "pixels": lambda: [net.nearest_pixels(drawings[n], 5) for n in picks],
             "judge": lambda: [net.judge(drawings[n]) for n in picks]}
    best = {key: value / len(picks) for key, value in interleaved_min(calls, 5 if quick else 15).items()}
    log(f"  nearest among {len(drawings):,}: features {ms(best['features'])}, pixels {ms(best['pixels'])}, "
        f"judge {ms(best['judge'])}; the first call, working out the examples' vectors, {ms(first)}")
    return [
        Figure(f"nearest(drawing, k=5) among {len(drawings):,} examples, in the network's features (one forward "
               f"pass and one product)", ms(best["features"]), f"budget {ms(NEAREST_BUDGET)}",
               f"{best['features'] / NEAREST_BUDGET:.2f}×", "≤ 1.00×", best["features"] <= NEAREST_BUDGET),
        Figure(f"nearest_pixels(drawing, k=5) among {len(drawings):,}; judge(drawing) (not sure?)",
               f"{ms(best['pixels'])}; {ms(best['judge'])}", f"budget {ms(NEAREST_BUDGET)}", "—", "info", None),
        Figure(f"the first nearest/nearest_pixels/judge of a network: the {len(drawings):,} examples' features, "
               f"pixels and likeness floor, worked out once", ms(first), "—", "—", "info", None),
    ]


def seconds(value: float) -> str:
    return f"{value:.2f} s"


class PlainCNN:
    """The reference: the same network (two blocks of 'valid' conv, ReLU, 2×2 max pool; dense, softmax;
    Adam, the same batches, step sizes and shifts), written as a first numpy CNN usually is."""

    def __init__(self, classes: int, seed: int, options: TrainingOptions):
        self.options = options
        rng = np.random.default_rng(seed)
        self.params, channels, side = [], 1, 28
        for filters, k in options.architecture:
            self.params += [rng.normal(0, np.sqrt(2 / (channels * k * k)), (filters, channels * k * k)),
                            np.zeros(filters)]
            channels, side = filters, (side - k + 1) // 2
        features = channels * side * side
        self.params += [rng.normal(0, np.sqrt(1 / features), (features, classes)), np.zeros(classes)]
        self.kernels = [k for _, k in options.architecture]
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.t, self.epoch, self.rng = 0, 0, rng

    @staticmethod
    def im2col(x, k):
        """N×C×side×side → N×(C·k·k)×(s·s), one row per weight of a C×k×k filter."""
        n, c, side, _ = x.shape
        s = side - k + 1
        cols = np.empty((n, c, k, k, s, s))
        for j in range(k):
            for i in range(k):
                cols[:, :, j, i] = x[:, :, j:j + s, i:i + s]
        return cols.reshape(n, c * k * k, s * s)

    @staticmethod
    def col2im(d_cols, shape, k):
        n, c, side, _ = shape
        s = side - k + 1
        d_cols = d_cols.reshape(n, c, k, k, s, s)
        d_x = np.zeros(shape)
        for j in range(k):
            for i in range(k):
                d_x[:, :, j:j + s, i:i + s] += d_cols[:, :, j, i]
        return d_x

    def forward(self, x):
        """x: N×28×28 scaled 0–1. Returns what each block kept for the backward pass, and the probabilities."""
        maps, kept = x[:, None], []
        for number, k in enumerate(self.kernels):
            w, b = self.params[2 * number], self.params[2 * number + 1]
            n, side = len(maps), maps.shape[2] - k + 1
            cols = self.im2col(maps, k)
            conv = (w @ cols + b[:, None]).reshape(n, len(b), side, side)
            relu = np.maximum(conv, 0)
            h = side // 2
            pooled = relu.reshape(n, len(b), h, 2, h, 2).max(axis=(3, 5))
            kept.append((maps.shape, cols, conv, relu, pooled))
            maps = pooled
        scores = maps.reshape(len(maps), -1) @ self.params[-2] + self.params[-1]
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return kept, scores / scores.sum(axis=1, keepdims=True)

    def predict(self, drawings):
        return self.forward(drawings.astype(np.float64) / 255)[-1]

    def gradients(self, x, y):
        kept, p = self.forward(x)
        n = len(x)
        d = p.copy()
        d[np.arange(n), y] -= 1
        d /= n
        last = kept[-1][-1]
        grads = [None] * len(self.params)
        grads[-2], grads[-1] = last.reshape(n, -1).T @ d, d.sum(axis=0)
        d_maps = (d @ self.params[-2].T).reshape(last.shape)
        for number in reversed(range(len(self.kernels))):
            shape, cols, conv, relu, pooled = kept[number]
            w = self.params[2 * number]
            up = d_maps.repeat(2, axis=2).repeat(2, axis=3)
            mask = relu == pooled.repeat(2, axis=2).repeat(2, axis=3)
            d_conv = (up * mask * (conv > 0)).reshape(n, len(w), -1)
            grads[2 * number] = np.einsum("nfp,ncp->fc", d_conv, cols)
            grads[2 * number + 1] = d_conv.sum(axis=(0, 2))
            if number > 0:
                d_maps = self.col2im(np.einsum("fc,nfp->ncp", w, d_conv), shape, self.kernels[number])
        return grads

    def run_epoch(self, drawings, labels):
        o = self.options
        order = self.rng.permutation(len(labels))
        for start in range(0, len(labels), o.batch_size):
            chosen = order[start:start + o.batch_size]
            x = shifted(drawings[chosen], self.rng, o.shift).astype(np.float64) / 255
            grads = self.gradients(x, labels[chosen])
            self.t += 1
            rate = o.learning_rate * o.decay ** self.epoch * np.sqrt(1 - 0.999 ** self.t) / (1 - 0.9 ** self.t)
            for index, gradient in enumerate(grads):
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
    """ml5's network on the 2,400 shared drawings: a training epoch and the forward pass, ours against a plain
    numpy CNN and scikit-learn's MLP; held-out accuracy after train.py's epochs; train.py's default run.

    Everything with one BLAS thread, as train.py and the sketch's training process use (two threads
    taking turns on two busy cores are many times slower for matrices this small).
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        log("  threadpoolctl is not installed (pip install -r requirements-bench.txt): BLAS keeps its threads")
        return _training_epoch(quick, log)
    with threadpool_limits(1):
        return _training_epoch(quick, log)


def _training_epoch(quick: bool, log) -> list[Figure]:
    name = "doodle CNN: one training epoch on the 2,400 shared drawings"
    if not all((SHARED / file).exists() for file in FILES):
        return [Figure(name, "not run", "../shared/quickdraw is absent", "—", f"≤ {EPOCH_BUDGET} s", None,
                       "the doodle network figures need ../shared/quickdraw/*800.bin")]
    drawings, labels, classes = data.load_class_files([SHARED / file for file in FILES])
    options = TrainingOptions()
    try:
        make_mlp(0)
        have_sklearn = True
    except ImportError:
        have_sklearn = False
        log("  scikit-learn is not installed (pip install -r requirements-bench.txt): its rows are marked FAIL")

    # The budget: epochs one after another, as train.py runs them, the fastest.
    alone = min_of(Trainer(drawings, labels, classes, seed=1, options=options).run_epoch, 3 if quick else 6)
    log(f"  one epoch, ours alone: {seconds(alone)}")

    # Epoch times side by side: each contender trains on all 2,400 drawings, taking turns (so a burst of
    # load hits all alike), the fastest epoch of each.
    ours = Trainer(drawings, labels, classes, seed=1, options=options)
    plain = PlainCNN(len(classes), 1, options)
    contenders = {"ours": ours.run_epoch, "plain": lambda: plain.run_epoch(drawings, labels)}
    mlp_x = flat(drawings)
    if have_sklearn:
        mlp = make_mlp(1)
        contenders["mlp"] = lambda: mlp.partial_fit(mlp_x, labels, classes=np.arange(len(classes)))
    best = interleaved_min(contenders, 2 if quick else 4)
    log("  one epoch: " + ", ".join(f"{key} {seconds(value)}" for key, value in best.items()))

    # The forward pass, with the weights one epoch gave each: all 2,400 drawings, and one drawing.
    net, one = ours.network, drawings[1]
    forward = {"ours": lambda: net.predict(drawings), "plain": lambda: plain.predict(drawings)}
    single = {"ours": lambda: net.feature_maps(one), "plain": lambda: plain.predict(one[None])}
    if have_sklearn:
        forward["mlp"] = lambda: mlp.predict_proba(flat(drawings))
        single["mlp"] = lambda: mlp.predict_proba(flat(one[None]))
    forward_best = interleaved_min(forward, 5 if quick else 15)
    single_best = interleaved_min({key: lambda f=f: [f() for _ in range(20)] for key, f in single.items()},
                                  5 if quick else 15)
    single_best = {key: value / 20 for key, value in single_best.items()}
    log("  forward, 2,400 drawings: " + ", ".join(f"{key} {ms(value)}" for key, value in forward_best.items()))
    log("  forward, one drawing: " + ", ".join(f"{key} {ms(value)}" for key, value in single_best.items()))

    # Accuracy beside time: the same epochs on 80% of each class, judged on the other 20% (as train.py does).
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

    blocks = " → ".join(f"{f}×{k}×{k}" for f, k in network.ARCHITECTURE)
    ours_text = f"{seconds(best['ours'])}, {held_out['ours']:.1%} held out"
    target = HELD_OUT_TARGET if not quick else 0.9
    figures = [
        Figure(f"{name} (conv {blocks}, batches of {options.batch_size}; epochs in a row, as train.py)",
               seconds(alone), f"budget {EPOCH_BUDGET} s", f"{alone / EPOCH_BUDGET:.2f}×", "≤ 1.00×",
               alone <= EPOCH_BUDGET),
        Figure(f"doodle CNN held-out accuracy after {epochs} epochs (20% of each class)", f"{held_out['ours']:.1%}",
               f"target {target:.0%}", "—", f"≥ {target:.0%}", held_out["ours"] >= target),
        Figure("doodle CNN epoch (taking turns) vs a plain numpy CNN (same layers and Adam; float64, im2col by loops)",
               ours_text, f"plain CNN {seconds(best['plain'])}, {held_out['plain']:.1%} held out",
               f"{best['ours'] / best['plain']:.2f}×", "info", None,
               "held-out accuracies are on one split of 480 drawings: equal methods differ by 1–2% from seed to seed"),
        Figure("doodle CNN forward pass, predict() of the 2,400 drawings, vs the plain numpy CNN",
               ms(forward_best["ours"]), f"plain CNN {ms(forward_best['plain'])}",
               f"{forward_best['ours'] / forward_best['plain']:.2f}×", "info", None),
        Figure("doodle CNN forward pass of one drawing: feature_maps() (every map kept) vs the plain CNN's predict",
               ms(single_best["ours"]), f"plain CNN {ms(single_best['plain'])}",
               f"{single_best['ours'] / single_best['plain']:.2f}×", "info", None),
    ]
    if have_sklearn:
        figures += [
            Figure("doodle CNN epoch vs scikit-learn MLPClassifier (784-100-3, Adam, batches of 32)", ours_text,
                   f"MLPClassifier {seconds(best['mlp'])}, {held_out['mlp']:.1%} held out",
                   f"{best['ours'] / best['mlp']:.2f}×", "info", None,
                   "MLP accuracy after the same epochs on the same split; it sees each drawing as 784 separate pixels"),
            Figure("doodle CNN predict() of the 2,400 drawings vs MLPClassifier.predict_proba",
                   ms(forward_best["ours"]), f"MLPClassifier {ms(forward_best['mlp'])}",
                   f"{forward_best['ours'] / forward_best['mlp']:.2f}×", "info", None),
        ]
    else:
        figures.append(Figure("doodle CNN epoch vs scikit-learn MLPClassifier", ours_text, "not installed",
                              "—", "info", False))
    figures.append(train_py_run(log))
    return figures


if __name__ == "__main__":
    quick = "--quick" in sys.argv[1:]
    say = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    results = [] if "--nearest" in sys.argv[1:] else training_epoch(quick, say)
    results += nearest_figures(quick, say)
    print(text_table(results))
    for note in sorted({figure.note for figure in results if figure.note}):
        print(f"note: {note}")
    sys.exit(1 if any(figure.passed is False for figure in results) else 0)
