"""Learning from few drawings: augmentation, transfer, cross-validation, train.py's messages, and
live training's epoch 0.

The accuracy targets are on drawings never trained on: 10 generated shapes a
class (tests/helpers/shapes.py; runs everywhere) and 10 real Quick Draw
doodles a class (skipped only where ../shared is absent).
"""

import re
import time

import numpy as np
import pytest
from scipy import ndimage

import network
from convolution.learning import augment, background, crossval, lines, recipe
from convolution.learning import cli as train_cli
from convolution.learning.trainer import Trainer, TrainingOptions, transfer
from tests.helpers import shapes
from tests.helpers.drawings import write_class_file
from tests.helpers.paths import ROOT, shared_quickdraw


def run_main(capsys, *args):
    status = train_cli.main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def scipy_transform(drawing, angle, scale, shift):
    """The reference: scipy's affine_transform (order 1, bilinear), given the map from each output
    pixel back to where it comes from, worked out here from the angle, scale and shift."""
    turn = np.radians(angle)
    back = np.array([[np.cos(turn), np.sin(turn)], [-np.sin(turn), np.cos(turn)]]) / scale
    centre = np.array([13.5, 13.5])
    offset = centre - back @ (centre + np.asarray(shift, float))
    return ndimage.affine_transform(drawing.astype(np.float64), back, offset=offset, order=1, cval=0.0), back, offset


# --------------------------------------------------------------------------
# Augmentation
# --------------------------------------------------------------------------

def test_a_whole_pixel_shift_is_np_roll_of_the_drawing_within_its_margin():
    drawing = shapes.draw("star", 1, seed=2)[0]
    rows, cols = np.nonzero(drawing)
    room = min(rows.min(), cols.min(), 27 - rows.max(), 27 - cols.max())
    assert room >= 1
    for down, right in [(room, -room), (-1, 0), (0, room), (-room, 1)]:
        moved = augment.transform(drawing[None], [0.0], [1.0], [[down, right]])[0]
        np.testing.assert_array_equal(moved, np.roll(drawing, (down, right), axis=(0, 1)))


def test_a_quarter_turn_is_np_rot90_and_any_turn_and_scaling_matches_scipy():
    drawing = shapes.draw("zigzag", 1, seed=4)[0]
    np.testing.assert_allclose(augment.transform(drawing[None], [90.0], [1.0], [[0, 0]])[0], np.rot90(drawing),
                               atol=1e-3)
    for angle, scale, shift in [(12.0, 1.1, (1, -2)), (-15.0, 0.85, (-3, 2)), (7.5, 1.0, (0, 0))]:
        expected, _, _ = scipy_transform(drawing, angle, scale, shift)
        got = augment.transform(drawing[None], [angle], [scale], [shift])[0]
        np.testing.assert_allclose(got, expected, atol=0.05)


def test_random_variants_keep_every_inked_pixel_on_the_canvas():
    """Each inked pixel's centre, carried forward by the inverse of scipy's map, lands on the canvas,
    and the variant (our bilinear reading) equals scipy's within the canvas."""
    rng = np.random.default_rng(5)
    drawings = np.concatenate([shapes.draw(name, 4, seed=9) for name in shapes.SHAPES])
    drawings[0] = 0
    drawings[0, 0, :] = drawings[0, :, 27] = 255           # ink in the very corners: no room at all
    wide = augment.Augmentation(shift=6, rotation=30.0, scaling=0.4)
    for _ in range(3):
        angles = rng.uniform(-30, 30, len(drawings))
        scales = rng.uniform(0.6, 1.4, len(drawings))
        shifts = rng.integers(-6, 7, (len(drawings), 2)).astype(float)
        fitted_scales, fitted_shifts = augment.fit_on_canvas(drawings, angles, scales, shifts)
        for drawing, angle, scale, shift in zip(drawings, angles, fitted_scales, fitted_shifts):
            _, back, offset = scipy_transform(drawing, angle, scale, shift)
            inked = np.argwhere(drawing > 0).astype(float)
            landed = np.linalg.solve(back, (inked - offset).T).T
            assert landed.min() >= -1e-6 and landed.max() <= 27 + 1e-6
        assert np.all(fitted_scales <= scales + 1e-12)
    variants = augment.random_variants(drawings, rng, wide)
    assert variants.shape == drawings.shape and variants.dtype == np.float32
    assert variants.min() >= 0 and variants.max() <= 255.01


def test_the_same_generator_state_gives_the_same_variants():
    drawings = shapes.draw("circle", 5, seed=1)
    first = augment.random_variants(drawings, np.random.default_rng(3), recipe.AUGMENTATION)
    again = augment.random_variants(drawings, np.random.default_rng(3), recipe.AUGMENTATION)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, augment.random_variants(drawings, np.random.default_rng(4),
                                                             recipe.AUGMENTATION))


# --------------------------------------------------------------------------
# The trainer: few drawings, transfer, frozen filters
# --------------------------------------------------------------------------

def test_few_drawings_are_shown_several_times_an_epoch():
    drawings = np.concatenate([shapes.draw(name, 10, seed=1) for name in ("circle", "square")])
    labels = np.repeat([0, 1], 10)
    trainer = Trainer(drawings, labels, ["circle", "square"], 1, recipe.options_for([10, 10]))
    assert trainer.repeats == 32                                  # 640 drawings an epoch from 20
    steps = []
    trainer.run_epoch(lambda done, total: steps.append((done, total)))
    assert steps[-1] == (20, 20) and len(steps) == 20 and trainer.epoch == 1


def test_transfer_keeps_every_learned_filter_and_makes_a_dense_layer_for_the_new_classes():
    shipped = network.load(ROOT / "assets" / "doodles.npz")
    classes = ["circle", "square", "star", "triangle", "zigzag"]
    started = transfer(shipped, classes, seed=2)
    for mine, theirs in zip(started.blocks, shipped.blocks):
        np.testing.assert_array_equal(mine.weights, theirs.weights)
        np.testing.assert_array_equal(mine.biases, theirs.biases)
    assert started.dense.weights.shape == (5, shipped.dense.weights.shape[1])
    assert started.classes == classes


def test_frozen_conv_filters_stay_as_they_started_and_the_dense_layer_learns():
    shipped = network.load(ROOT / "assets" / "doodles.npz")
    drawings = np.concatenate([shapes.draw(name, 6, seed=3) for name in ("circle", "star")])
    labels = np.repeat([0, 1], 6)
    start = transfer(shipped, ["circle", "star"])
    trainer = Trainer(drawings, labels, ["circle", "star"], 1, TrainingOptions(freeze_conv=True), network=start)
    for _ in range(5):
        trainer.step()
    for mine, theirs in zip(trainer.network.blocks, shipped.blocks):
        np.testing.assert_array_equal(mine.weights, theirs.weights)
    assert not np.array_equal(trainer.network.dense.weights, start.dense.weights)


def test_folds_spread_every_class_evenly_and_the_same_seed_deals_the_same():
    labels = np.repeat(np.arange(4), [10, 9, 3, 2])
    folds = crossval.deal_folds(labels, 3, seed=1)
    for label in range(4):
        counts = np.bincount(folds[labels == label], minlength=3)
        assert counts.max() - counts.min() <= 1
    assert np.bincount(folds).max() - np.bincount(folds).min() <= 1
    np.testing.assert_array_equal(folds, crossval.deal_folds(labels, 3, seed=1))
    assert crossval.fold_count(np.repeat([0, 1], 2)) == 2


# --------------------------------------------------------------------------
# train.py from few drawings
# --------------------------------------------------------------------------

def shape_files(folder, count, seed):
    return [shapes.write_class_file(folder, name, shapes.draw(name, count, seed=seed)) for name in shapes.SHAPES]


def test_train_py_learns_five_shapes_from_ten_drawings_each(capsys, tmp_path):
    """10 generated drawings a class, train.py's defaults; judged on 100 a class it never saw."""
    out = tmp_path / "shapes.npz"
    status, stdout, stderr = run_main(capsys, *shape_files(tmp_path, 10, seed=21), "--out", out)
    assert status == 0, stderr
    assert "3-fold cross-validation" in stderr and "moved, turned, resized, bent and mirrored" in stderr
    found = re.search(r"held-out accuracy: ([\d.]+)% \((\d+) of 50 drawings, by 3-fold cross-validation", stdout)
    assert found, stdout
    model = network.load(out)
    assert model.classes == sorted(shapes.SHAPES)
    unseen = np.concatenate([shapes.draw(name, 100, seed=77) for name in model.classes])
    truth = np.repeat(np.arange(5), 100)
    accuracy = float(np.mean(model.predict(unseen).argmax(axis=1) == truth))
    assert accuracy >= 0.93, f"{accuracy:.1%} of 500 shapes never seen"


def test_train_py_learns_real_doodles_from_ten_each(capsys, tmp_path):
    """Drawings 0–9 of each *800.bin file, train.py's defaults; judged on their drawings 10–799.

    The issue's target is 88% (goal 90%); with the recipe of issue 30 (block 1 from line detectors)
    train.py reaches 88.5% on average over five draws of ten and 88.9% on this one (benchmarks/
    RESULTS.md, "The training recipe"; 84.8% and about 83% before), so this holds it a little
    below that, for another CPU's rounding."""
    stores = {name: np.fromfile(shared_quickdraw(f"{name}s800.bin"), np.uint8).reshape(-1, 28, 28)
              for name in ("cat", "rainbow", "train")}
    files = [write_class_file(tmp_path, f"{name}.npy", drawings[:10]) for name, drawings in stores.items()]
    out = tmp_path / "doodles.npz"
    status, _, stderr = run_main(capsys, *files, "--out", out)
    assert status == 0, stderr
    model = network.load(out)
    unseen = np.concatenate([stores[name][10:] for name in model.classes])
    truth = np.repeat(np.arange(3), 790)
    accuracy = float(np.mean(model.predict(unseen).argmax(axis=1) == truth))
    assert accuracy >= 0.865, f"{accuracy:.1%} of 2370 doodles never seen"


def test_a_class_of_fewer_than_five_drawings_gets_one_note_and_still_trains(capsys, tmp_path):
    few = shapes.write_class_file(tmp_path, "star", shapes.draw("star", 3, seed=1))
    many = shapes.write_class_file(tmp_path, "circle", shapes.draw("circle", 10, seed=1))
    status, stdout, stderr = run_main(capsys, few, many, "--out", tmp_path / "m.npz", "--epochs", "2")
    assert status == 0, stderr
    notes = [line for line in stderr.splitlines() if line.startswith("train.py: note:")]
    assert len(notes) == 1 and "'star' 3" in notes[0] and "fewer than 5" in notes[0]
    assert "(13 of 13" in stdout or re.search(r"\(\d+ of 13 drawings", stdout)


def test_a_class_of_no_drawings_is_one_line(capsys, tmp_path):
    empty = write_class_file(tmp_path, "house.npy", np.zeros((0, 28, 28), np.uint8))
    many = shapes.write_class_file(tmp_path, "circle", shapes.draw("circle", 10, seed=1))
    status, stdout, stderr = run_main(capsys, empty, many, "--out", tmp_path / "m.npz")
    assert status == 2 and stdout == ""
    assert stderr.strip() == f"train.py: error: {empty} holds no drawings (0\u00d7784): use a file with at least one"
    assert not (tmp_path / "m.npz").exists()


def test_from_a_model_that_is_not_one_is_one_line(capsys, tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    status, _, stderr = run_main(capsys, *shape_files(tmp_path, 4, seed=1)[:2], "--out", tmp_path / "m.npz",
                                 "--from", bad)
    assert status == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("train.py: error: --from: ") and str(bad) in lines[0]


# --------------------------------------------------------------------------
# Live training: epoch 0 first, then as fast as it trains, the window sent every epoch's end
# --------------------------------------------------------------------------

def updates_until(run, epoch, timeout=60):
    """Poll as the window does (every frame) until an update of ``epoch`` arrives; returns
    (epoch, progress, block 1's filters, updates received so far, loss points) at every poll that took one."""
    seen, ends = [], time.monotonic() + timeout
    while time.monotonic() < ends:
        if run.poll():
            seen.append((run.epoch, run.progress, run.network.filters.copy(), run.version, len(run.losses)))
            if run.epoch >= epoch:
                return seen
        assert not run.error, run.error
        time.sleep(0.01)
    raise AssertionError(f"no update of epoch {epoch} within {timeout} s: {[s[:2] for s in seen]}")


def test_live_training_shows_epoch_0s_starting_filters_first_then_every_epoch_s_end():
    drawings = np.concatenate([shapes.draw(name, 10, seed=2) for name in ("circle", "square", "star")])
    labels = np.repeat(np.arange(3), 10)
    run = background.start(drawings, labels, ["circle", "square", "star"], seed=4)
    try:
        # No network to start from: block 1 starts from the recipe's line detectors (and says so).
        assert recipe.starts_from_lines(recipe.options_for([10, 10, 10]))
        assert run.augmented and run.started_from == "line detectors" and run.held_out_count == 0
        time.sleep(1.0)                         # the worker waits for the window: no step meanwhile
        seen = updates_until(run, 1)
        epoch, progress, filters, version, points = seen[0]
        assert (epoch, progress, version, points) == (0, 0.0, 1, 0)     # the filters before any step
        np.testing.assert_allclose(filters, lines.line_detectors(), rtol=1e-6)
        first_epoch = [entry for entry in seen[1:] if entry[0] == 0]
        progresses = [entry[1] for entry in first_epoch]
        assert progresses == sorted(progresses) and progresses[-1] == 1.0
        assert not np.array_equal(first_epoch[-1][2], filters)
        later = updates_until(run, 2)
        assert later[-1][3] >= 3   # epoch 0's filters, then at least each epoch's end
    finally:
        run.stop()


def test_live_training_from_learned_filters_starts_with_them():
    shipped = network.load(ROOT / "assets" / "doodles.npz")
    drawings = np.concatenate([shapes.draw(name, 4, seed=2) for name in ("circle", "square")])
    run = background.start(drawings, np.repeat([0, 1], 4), ["circle", "square"], seed=1, initial=shipped,
                           augment=False)
    try:
        assert run.started_from == "learned filters" and not run.augmented and run.held_out_count == 0
        np.testing.assert_array_equal(run.network.filters, shipped.filters)
        seen = updates_until(run, 0)
        np.testing.assert_array_equal(seen[0][2], shipped.filters)
        assert seen[0][3] == 1
    finally:
        run.stop()


def test_live_training_of_a_class_with_no_drawings_is_refused_in_one_line():
    drawings = shapes.draw("circle", 5, seed=1)
    with pytest.raises(ValueError, match=r"^the class 'square' has no drawings: give every class at least 5"):
        background.start(drawings, np.zeros(5, np.int64), ["circle", "square"])
