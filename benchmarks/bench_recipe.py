"""The training recipe, measured (issue 30): which of the study's choices pay off in this project's numpy.

Only the 2,400 bundled drawings (the ``*800.bin`` files, assets/quickdraw/; never drawings 800–999 of
``cats1000.bin``). Each candidate adds one change to the one before (a ladder, not a grid search), and every
candidate is trained on the same drawings with the same seeds, so their differences are paired.

- **All drawings**: 5-fold cross-validation (``crossval.deal_folds``, each class spread evenly): for each fold
  a network is trained on the other four (1,920 drawings) and judged on it (480), so every drawing is judged
  once by a network that never saw it. Each figure is the share of all 2,400 judged rightly, plain
  (``predict``) and averaged with the mirror image (``predict(mirror=True)``).
- **Ten drawings a class**: for each of ``--draws`` draws, ten drawings a class at random (seeded by the
  draw's number), one network trained on those 30 and judged on the other 2,370.

CPU seconds are each training's own (``time.process_time`` in its worker: one BLAS thread, ``nice``d as
this script is), so other programs on a shared machine do not stretch them. Trainings run two at a time.
With ``--train-py``, also train.py's whole run with the chosen defaults, as a user runs it (CPU of it and
its workers, and wall time): on all the bundled drawings, and on ten drawings a class.

    nice -n 19 python benchmarks/bench_recipe.py [--only all|few|runs] [--draws 10] [--rows 1,2] [--train-py]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")     # before numpy: one BLAS thread per training

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import multiprocessing  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from common import ROOT  # noqa: E402

from convolution.learning import crossval, data, recipe  # noqa: E402
from convolution.learning.trainer import Trainer, TrainingOptions  # noqa: E402

FOLDS = 5
FOLD_SEED = 1
PER_CLASS = 10
WORKERS = 2

# Before issue 30: Adam 0.01 × 0.9 an epoch, 20 epochs, shifts of ±2, nothing else.
OLD_MANY = TrainingOptions(epochs=20, schedule="decay", shift=2, mirror=False, label_smoothing=0.0, dropout=0.0,
                           start="random")
NEW_MANY = TrainingOptions()
MANY = [
    ("before (0.01 × 0.9 an epoch, 20 epochs, shifts ±2)", OLD_MANY),
    ("shifts ±3", dataclasses.replace(OLD_MANY, shift=3)),
    ("+ cosine 0.01 → 0 a step, 60 epochs", dataclasses.replace(OLD_MANY, shift=3, schedule="cosine", epochs=60)),
    ("+ mirrored half the time", dataclasses.replace(NEW_MANY, label_smoothing=0.0, dropout=0.0, start="random")),
    ("+ dropout 0.2", dataclasses.replace(NEW_MANY, label_smoothing=0.0, dropout=0.2, start="random")),
    ("+ label smoothing 0.1", dataclasses.replace(NEW_MANY, label_smoothing=0.1, dropout=0.2, start="random")),
    ("+ block 1 from line detectors (the new default)", NEW_MANY),
    ("the same without label smoothing", dataclasses.replace(NEW_MANY, label_smoothing=0.0, dropout=0.2,
                                                             start="lines")),
]

OLD_AUGMENTATION = dataclasses.replace(recipe.AUGMENTATION, fit=True)
# Before issue 30: recipe.options_for's few-drawing options (the step size × 0.9 an epoch from 0.006).
OLD_FEW = TrainingOptions(epochs=20, schedule="decay", learning_rate=0.006, epoch_drawings=640,
                          augmentation=OLD_AUGMENTATION, label_smoothing=0.0, dropout=0.0, start="random")
FEW = [
    ("before (0.006 × 0.9 an epoch, 20 epochs of 640, ink kept on the canvas)", OLD_FEW),
    ("block 1 from line detectors", dataclasses.replace(OLD_FEW, start="lines")),
    ("+ cosine 0.006 → 0 a step", dataclasses.replace(OLD_FEW, start="lines", schedule="cosine")),
    ("+ ink may leave the canvas", dataclasses.replace(OLD_FEW, start="lines", schedule="cosine",
                                                       augmentation=recipe.AUGMENTATION)),
    ("+ label smoothing 0.1, dropout 0.2 (the new default)",
     dataclasses.replace(OLD_FEW, start="lines", schedule="cosine", augmentation=recipe.AUGMENTATION,
                         label_smoothing=0.1, dropout=0.2)),
]
FEW.append(("the same, 40 epochs (twice the time)", dataclasses.replace(FEW[-1][1], epochs=40)))


def train_and_judge(job: tuple) -> tuple:
    """One training (in a worker): ``job`` = (key, options, training indices, judged indices, seed); returns
    (key, plain predictions, mirror-averaged predictions, CPU seconds of the training)."""
    key, options, train, judged, seed = job
    drawings, labels, classes = data.load_bundled()
    started = time.process_time()
    trainer = Trainer(drawings[train], labels[train], classes, seed, options)
    for _ in range(options.epochs):
        trainer.run_epoch()
    cpu = time.process_time() - started
    net = trainer.network
    plain, mirrored = net.predict(drawings[judged]), net.predict(drawings[judged], mirror=True)
    return key, plain.argmax(axis=1), mirrored.argmax(axis=1), cpu


def run(jobs: list[tuple]) -> dict:
    """Every job, WORKERS at a time, each in a fresh process; {key: (plain, mirrored, cpu)}."""
    context = multiprocessing.get_context("spawn")
    results = {}
    with context.Pool(WORKERS) as pool:
        for key, plain, mirrored, cpu in pool.imap_unordered(train_and_judge, jobs):
            results[key] = (plain, mirrored, cpu)
            print(f"  done {key}: {cpu:.1f} s of CPU", file=sys.stderr, flush=True)
    return results


def all_drawings(rows: list[int] | None = None) -> list[str]:
    """5-fold cross-validation of each MANY candidate (or those numbered ``rows``, from 1): its table rows."""
    _, labels, _ = data.load_bundled()
    fold = crossval.deal_folds(labels, FOLDS, FOLD_SEED)
    chosen = [MANY[row - 1] for row in rows] if rows else MANY
    jobs = [((name, number), options, np.flatnonzero(fold != number), np.flatnonzero(fold == number),
             1000 + number) for name, options in chosen for number in range(FOLDS)]
    results = run(jobs)
    table = []
    for name, options in chosen:
        plain = mirrored = 0
        cpus, per_fold = [], []
        for number in range(FOLDS):
            truth = labels[fold == number]
            got, got_mirrored, cpu = results[(name, number)]
            plain += int(np.sum(got == truth))
            mirrored += int(np.sum(got_mirrored == truth))
            per_fold.append(f"{np.mean(got == truth):.1%}")
            cpus.append(cpu)
        table.append(f"| {name} | {options.epochs} | {plain / len(labels):.2%} | {mirrored / len(labels):.2%} | "
                     f"{', '.join(per_fold)} | {np.mean(cpus):.1f} s |")
    return table


def draws(count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """``count`` draws of PER_CLASS drawings a class: (training indices, judged indices) each."""
    _, labels, _ = data.load_bundled()
    chosen = []
    for number in range(count):
        rng = np.random.default_rng([number, 30])
        train = np.concatenate([rng.choice(np.flatnonzero(labels == label), PER_CLASS, replace=False)
                                for label in np.unique(labels)])
        chosen.append((np.sort(train), np.setdiff1d(np.arange(len(labels)), train)))
    return chosen


def ten_a_class(count: int, rows: list[int] | None = None) -> list[str]:
    """Each FEW candidate (or those numbered ``rows``, from 1) over ``count`` draws: its table rows."""
    _, labels, _ = data.load_bundled()
    chosen = draws(count)
    ladder = [FEW[row - 1] for row in rows] if rows else FEW
    jobs = [((name, number), options, train, judged, number + 1)
            for name, options in ladder for number, (train, judged) in enumerate(chosen)]
    results = run(jobs)
    table = []
    for name, _ in ladder:
        plain, mirrored, cpus = [], [], []
        for number, (_, judged) in enumerate(chosen):
            got, got_mirrored, cpu = results[(name, number)]
            plain.append(np.mean(got == labels[judged]))
            mirrored.append(np.mean(got_mirrored == labels[judged]))
            cpus.append(cpu)
        table.append(f"| {name} | {np.mean(plain):.1%} (worst {min(plain):.1%}) | "
                     f"{np.mean(mirrored):.1%} (worst {min(mirrored):.1%}) | "
                     f"{', '.join(f'{p:.1%}' for p in plain)} | {np.mean(cpus):.1f} s |")
    return table


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def train_py(*arguments: str) -> tuple[str, float, float]:
    """train.py run as a user runs it: (its result line, CPU seconds of it and its workers, wall seconds)."""
    environment = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}   # train.py's own
    cpu, started = children_cpu(), time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "train.py"), *arguments], capture_output=True, text=True,
                            cwd=ROOT, env=environment)
    wall, cpu = time.perf_counter() - started, children_cpu() - cpu
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1])
    return result.stdout.splitlines()[0], cpu, wall


def whole_runs() -> list[str]:
    """train.py with its defaults: on all the bundled drawings, and on ten a class (draw 0)."""
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        said, cpu, wall = train_py("--out", str(Path(folder) / "all.npz"))
        lines.append(f"- `python train.py --out M.npz` (2,400 drawings, 20% held out): {said}; "
                     f"CPU {cpu:.1f} s, wall {wall:.1f} s")
        drawings, labels, classes = data.load_bundled()
        train, _ = draws(1)[0]
        files = []
        for number, name in enumerate(classes):
            path = Path(folder) / f"{name}.npy"
            np.save(path, drawings[train][labels[train] == number].reshape(-1, 784))
            files.append(str(path))
        said, cpu, wall = train_py(*files, "--out", str(Path(folder) / "few.npz"))
        lines.append(f"- `python train.py cat.npy rainbow.npy train.npy --out M.npz` (ten a class, draw 0; "
                     f"3-fold cross-validation and the saved network: 4 trainings): {said}; "
                     f"CPU {cpu:.1f} s, wall {wall:.1f} s")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("all", "few", "runs"), default=None,
                        help="one part: the all-drawings ladder, the ten-a-class ladder, or train.py's runs")
    parser.add_argument("--draws", type=int, default=10)
    parser.add_argument("--rows", default="", help="only these rows of the ladder(s), e.g. 4,5 (from 1)")
    parser.add_argument("--train-py", action="store_true", help="also time train.py's whole runs")
    args = parser.parse_args()
    # The rows marked "the new default" are what train.py and the teach view train with.
    assert NEW_MANY == recipe.options_for([640, 640, 640]) and FEW[4][1] == recipe.options_for([10, 10, 10])
    started = time.perf_counter()
    rows = [int(row) for row in args.rows.split(",") if row]
    print(f"numpy {np.__version__}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the start")
    if args.only in (None, "all"):
        print(f"\nAll drawings: {FOLDS}-fold cross-validation, 2,400 drawings\n")
        print("| recipe | epochs | 5-fold accuracy | with mirror averaging | each fold | CPU a training |")
        print("|---|---|---|---|---|---|")
        print("\n".join(all_drawings(rows)), flush=True)
    if args.only in (None, "few"):
        print(f"\nTen drawings a class: {args.draws} draws, each judged on the other 2,370\n")
        print("| recipe | mean accuracy | with mirror averaging | each draw | CPU a training |")
        print("|---|---|---|---|---|")
        print("\n".join(ten_a_class(args.draws, rows)), flush=True)
    if args.train_py or args.only == "runs":
        print()
        print("\n".join(whole_runs()))
    print(f"\n{time.perf_counter() - started:.0f} s in all; load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
