"""The training recipe's options: line detectors, the cosine schedule, mirroring, dropout, ink off the canvas."""

import dataclasses
import math

import numpy as np
import pytest

from convolution.learning import augment, lines, recipe
from convolution.learning.trainer import Trainer, TrainingOptions
from tests.helpers.drawings import bars


def line_picture(angle: float, side: int = 5) -> np.ndarray:
    """A thin straight line through the middle of a side×side picture at ``angle`` (radians, anticlockwise as
    seen, 0 level), drawn by sampling many points along it: its pixels are 1 where the line passes."""
    picture = np.zeros((side, side))
    middle = (side - 1) / 2
    for t in np.linspace(-side, side, 400):
        column = round(middle + t * math.cos(angle))
        row = round(middle - t * math.sin(angle))                 # rows grow downwards
        if 0 <= row < side and 0 <= column < side:
            picture[row, column] = 1
    return picture


def test_line_detectors_follow_the_formula_written_out_pixel_by_pixel():
    detectors = lines.line_detectors()
    assert detectors.shape == (8, 5, 5)
    for n in range(8):
        a = math.pi * n / 8
        expected = np.zeros((5, 5))
        for row in range(5):
            for column in range(5):
                x, y = column - 2, 2 - row
                d = -math.sin(a) * x + math.cos(a) * y
                along = math.cos(a) * x + math.sin(a) * y
                expected[row, column] = ((1 - d * d / 0.49) * math.exp(-d * d / (2 * 0.49))
                                         * math.exp(-along * along / 18))
        expected -= expected.mean()
        expected *= math.sqrt(2 / 25) / math.sqrt(np.mean(expected ** 2))
        np.testing.assert_allclose(detectors[n], expected, rtol=1e-12, atol=1e-12)


def test_each_line_detector_answers_most_to_a_line_of_its_own_direction():
    detectors = lines.line_detectors()
    answers = np.array([[np.sum(detector * line_picture(math.pi * m / 8)) for m in range(8)]
                        for detector in detectors])
    assert list(answers.argmax(axis=1)) == list(range(8))        # filter n likes line n best …
    assert np.allclose(detectors.sum(axis=(1, 2)), 0)            # … and a blank or evenly inked patch gives 0


def test_a_training_started_from_lines_begins_with_them_and_a_random_one_does_not():
    drawings, labels = bars(6)
    lined = Trainer(drawings, labels, ["level", "upright"], 1, TrainingOptions(start="lines"))
    np.testing.assert_allclose(lined.network.filters, lines.line_detectors(), rtol=1e-6)
    assert np.all(lined.network.biases == 0)
    plain = Trainer(drawings, labels, ["level", "upright"], 1, TrainingOptions(start="random"))
    assert not np.allclose(plain.network.filters, lines.line_detectors(), atol=0.05)
    # Only block 1 differs: block 2 and the dense layer start as the random ones of the same seed.
    for a, b in zip(lined.network.weights.arrays()[2:], plain.network.weights.arrays()[2:]):
        np.testing.assert_array_equal(a, b)
    assert recipe.starts_from_lines(recipe.options_for([10, 10]))          # the recipe's, few drawings …
    assert recipe.starts_from_lines(recipe.options_for([800, 800]))        # … and many
    assert not recipe.starts_from_lines(TrainingOptions(start="random"))
    assert "line detectors" in recipe.LINE_DETECTOR_NOTE


def test_the_cosine_schedule_falls_from_the_first_step_size_to_zero_over_the_epochs():
    drawings, labels = bars(16)                   # 16 drawings, batches of 4: 4 steps an epoch
    options = TrainingOptions(batch_size=4, epochs=3, learning_rate=0.02)
    trainer = Trainer(drawings, labels, ["level", "upright"], 1, options)
    rates = []
    for _ in range(3 * 4):
        rates.append(trainer.learning_rate)
        trainer.step()
    expected = [0.02 * 0.5 * (1 + math.cos(math.pi * step / 12)) for step in range(12)]
    np.testing.assert_allclose(rates, expected, rtol=1e-12)
    assert trainer.learning_rate == pytest.approx(0.0, abs=1e-15)   # done: it has settled
    before = trainer.network.weights.arrays()
    trainer.step()                                                  # a step past the end changes nothing
    for a, b in zip(before, trainer.network.weights.arrays()):
        np.testing.assert_array_equal(a, b)


def test_the_decay_schedule_is_the_old_one():
    drawings, labels = bars(8)
    trainer = Trainer(drawings, labels, ["level", "upright"], 1,
                      TrainingOptions(batch_size=4, schedule="decay", learning_rate=0.01, decay=0.5))
    assert trainer.learning_rate == pytest.approx(0.01)
    trainer.run_epoch()
    assert trainer.learning_rate == pytest.approx(0.005)


@pytest.mark.parametrize("bad", [{"schedule": "steps"}, {"start": "gabor"}, {"dropout": 1.0},
                                 {"label_smoothing": -0.1}])
def test_options_out_of_their_range_are_refused(bad):
    with pytest.raises(ValueError):
        TrainingOptions(**bad)


def test_shift_training_mirrors_about_half_of_the_drawings():
    drawings = np.zeros((400, 28, 28), np.uint8)
    drawings[:, 10:18, 2:5] = 255                               # a bar at the left edge of every drawing
    labels = np.zeros(400, np.int64)
    labels[1] = 1
    trainer = Trainer(drawings, labels, ["a", "b"], 1, TrainingOptions(shift=0))
    seen = trainer._varied(drawings)
    on_the_right = np.mean(seen[:, :, 23:].sum(axis=(1, 2)) > 0)
    assert 0.4 < on_the_right < 0.6
    np.testing.assert_array_equal(seen[seen[:, :, 23:].sum(axis=(1, 2)) > 0][0], drawings[0][:, ::-1])
    unmirrored = Trainer(drawings, labels, ["a", "b"], 1, TrainingOptions(shift=0, mirror=False))
    np.testing.assert_array_equal(unmirrored._varied(drawings), drawings)


def test_without_the_keep_on_canvas_rule_ink_may_leave_the_canvas():
    drawings = np.zeros((300, 28, 28), np.uint8)
    drawings[:, 1:27, 1:3] = 255                               # a stroke along the left edge: no room to move
    moves = augment.Augmentation(shift=3, rotation=0.0, scaling=0.0)          # whole-pixel shifts only
    kept = augment.random_variants(drawings, np.random.default_rng(2), moves)
    free = augment.random_variants(drawings, np.random.default_rng(2), dataclasses.replace(moves, fit=False))
    ink = drawings.sum(axis=(1, 2)).astype(float)
    assert np.all(kept.sum(axis=(1, 2)) >= 24 / 26 * ink)     # kept on: it moves at most 1 pixel left, up or down
    assert np.mean(free.sum(axis=(1, 2)) < 0.6 * ink) > 0.2   # free: often moved off, most of it lost


def test_dropout_and_smoothing_change_the_training_and_zero_gives_the_plain_loss():
    drawings, labels = bars(8)
    plain = TrainingOptions(label_smoothing=0.0, dropout=0.0, mirror=False, shift=0)
    first = Trainer(drawings, labels, ["level", "upright"], 1, plain).step()
    smoothed = Trainer(drawings, labels, ["level", "upright"], 1, dataclasses.replace(plain, label_smoothing=0.2))
    # The first step's batch is the same: the smoothed loss is the cross-entropy against softer targets.
    assert smoothed.step().loss > first.loss
    dropped = Trainer(drawings, labels, ["level", "upright"], 1, dataclasses.replace(plain, dropout=0.5))
    assert dropped.step().loss != first.loss
