"""The doodle network: gradients, predictions, feature maps, saving and loading, training.

Files the tests need are written by the tests; the real Quick Draw drawings in
../shared/quickdraw are used where present (those tests skip elsewhere).
"""

import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest
from scipy.signal import correlate, correlate2d

import filters
import network
from convolution.files import images, model_file, quickdraw
from convolution.learning import data
from convolution.learning.trainer import Trainer, TrainingOptions, accuracy
from tests.helpers.drawings import bars, write_class_file
from tests.helpers.paths import ROOT, shared_quickdraw

SHIPPED = ROOT / "assets" / "doodles.npz"
CLASSES = ["cat", "rainbow", "train"]


TINY = ((2, 5), (3, 5))        # two blocks, as ml5's network, small enough to check every weight by hand


def tiny_weights(seed=0, architecture=TINY, class_count=3, dtype=np.float64):
    """A small network's weights, with non-zero biases so every path is exercised."""
    rng = np.random.default_rng(seed)
    weights = network.random_weights(class_count, seed, architecture, dtype=dtype)
    blocks = tuple(network.ConvBlock(block.weights, rng.normal(0, 0.1, block.filter_count).astype(dtype))
                   for block in weights.blocks)
    dense = network.Dense(weights.dense.weights * 5, rng.normal(0, 0.1, class_count).astype(dtype))
    return network.Weights(blocks, dense)


@pytest.fixture(scope="module")
def shipped():
    return network.load(SHIPPED)


@pytest.fixture(scope="module")
def shared_drawings():
    """The three training files in ../shared (skips where absent): drawings, labels, classes."""
    paths = [shared_quickdraw(name) for name in ("cats800.bin", "trains800.bin", "rainbows800.bin")]
    return data.load_class_files(paths)


# --------------------------------------------------------------------------
# An independent reference: the network written out with scipy, one drawing at a time
# --------------------------------------------------------------------------

def reference_forward(weights, drawing):
    """Every step for one 28×28 drawing (0–255), with scipy's correlate over all the maps coming in."""
    maps = (np.asarray(drawing, np.float64) / 255)[None]          # one map: the drawing
    steps = []
    for block in weights.blocks:
        kernels = block.weights.astype(np.float64)
        conv = np.stack([correlate(maps, kernels[f], mode="valid")[0] + float(block.biases[f])
                         for f in range(len(kernels))])
        relu = np.maximum(conv, 0)
        f, s, _ = relu.shape
        pooled = relu.reshape(f, s // 2, 2, s // 2, 2).max(axis=(2, 4))
        steps.append((conv, relu, pooled))
        maps = pooled
    features = maps.reshape(-1)                                    # filter, row, column
    scores = weights.dense.weights.astype(np.float64) @ features + weights.dense.biases
    exp = np.exp(scores - scores.max())
    return steps, features, scores, exp / exp.sum()


# --------------------------------------------------------------------------
# Gradients
# --------------------------------------------------------------------------

def numerical_gradients(weights, scaled, labels, step=1e-6, **extras):
    """Central differences of the loss for every single weight (slow, obviously right). ``extras``:
    loss_and_gradients's smoothing and keep (dropout), the same for every difference."""
    result = []
    for index, array in enumerate(weights.arrays()):
        gradient = np.zeros_like(array)
        for position in np.ndindex(array.shape):
            values = []
            for sign in (1, -1):
                changed = [a.copy() for a in weights.arrays()]
                changed[index][position] += sign * step
                values.append(network.loss_and_gradients(network.Weights.from_arrays(changed), scaled, labels,
                                                         **extras)[0])
            gradient[position] = (values[0] - values[1]) / (2 * step)
        result.append(gradient)
    return result


@pytest.mark.parametrize("architecture", [TINY, ((2, 3),), ((2, 5), (2, 5), (2, 1))],
                         ids=["two blocks", "one block", "three blocks"])
def test_gradients_match_finite_differences(architecture):
    weights = tiny_weights(architecture=architecture)
    rng = np.random.default_rng(1)
    scaled = rng.uniform(0, 1, (4, 28, 28))          # no ties in the pooling, no sum exactly 0
    labels = np.array([0, 1, 2, 1])
    loss, gradients, _ = network.loss_and_gradients(weights, scaled, labels)
    assert loss > 0
    names = [f"block {n} {part}" for n in range(1, len(architecture) + 1) for part in ("weights", "biases")]
    for name, analytic, numeric in zip(names + ["dense weights", "dense biases"], gradients.arrays(),
                                       numerical_gradients(weights, scaled, labels)):
        assert analytic.shape == numeric.shape, name
        assert np.abs(numeric).max() > 1e-4, name                 # the check is not vacuous
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8, err_msg=name)


def dropout_keep(rng, count, features, p):
    """A dropout mask as the Trainer makes one: 0 for a dropped feature, 1/(1 − p) for a kept one."""
    return (rng.random((count, features)) >= p) / (1 - p)


@pytest.mark.parametrize("smoothing, dropout", [(0.1, 0.0), (0.0, 0.5), (0.2, 0.3)],
                         ids=["label smoothing", "dropout", "both"])
@pytest.mark.parametrize("architecture", [TINY, ((2, 3),)], ids=["two blocks", "one block"])
def test_gradients_with_label_smoothing_and_dropout_match_finite_differences(architecture, smoothing, dropout):
    weights = tiny_weights(architecture=architecture)
    rng = np.random.default_rng(4)
    scaled = rng.uniform(0, 1, (4, 28, 28))
    labels = np.array([0, 1, 2, 1])
    keep = dropout_keep(rng, 4, weights.dense.weights.shape[1], dropout) if dropout else None
    if keep is not None:
        assert 0 < np.mean(keep == 0) < 1                         # some features dropped, not all
    extras = {"smoothing": smoothing, "keep": keep}
    loss, gradients, _ = network.loss_and_gradients(weights, scaled, labels, **extras)
    assert loss > 0
    for number, (analytic, numeric) in enumerate(zip(gradients.arrays(),
                                                     numerical_gradients(weights, scaled, labels, **extras))):
        assert np.abs(numeric).max() > 1e-4, number
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8, err_msg=str(number))
    if keep is not None:   # a dropped feature's dense weights learn nothing from that drawing: none dropped
        never_kept = np.all(keep == 0, axis=0)                    # … by every drawing get no gradient at all
        assert np.all(gradients.dense.weights[:, never_kept] == 0)


def test_smoothed_loss_with_dropout_is_the_cross_entropy_against_the_smoothed_targets():
    weights = tiny_weights()
    rng = np.random.default_rng(5)
    scaled = rng.uniform(0, 1, (3, 28, 28))
    labels = np.array([2, 0, 1])
    keep = dropout_keep(rng, 3, weights.dense.weights.shape[1], 0.25)
    loss, _, probabilities = network.loss_and_gradients(weights, scaled, labels, 0.3, keep)
    expected_loss, expected_probabilities = 0.0, []
    for drawing, label, kept in zip(scaled, labels, keep):     # written out one drawing at a time, with scipy
        _, features, _, _ = reference_forward(weights, drawing * 255)
        scores = weights.dense.weights @ (features * kept) + weights.dense.biases
        p = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
        target = np.full(3, 0.3 / 3)
        target[label] += 0.7
        expected_loss -= np.sum(target * np.log(p)) / 3
        expected_probabilities.append(p)
    assert loss == pytest.approx(expected_loss, rel=1e-9)
    np.testing.assert_allclose(probabilities, expected_probabilities, rtol=1e-9)


def test_tied_pixels_in_a_pool_block_pass_the_gradient_on_once():
    # A blank drawing makes every sum of block 1 equal to its bias: all four pixels of every block tie,
    # and so, on block 1's equal maps, do block 2's.
    weights = tiny_weights()
    first = network.ConvBlock(weights.blocks[0].weights, np.array([0.3, 0.5]))
    weights = network.Weights((first, *weights.blocks[1:]), weights.dense)
    scaled = np.zeros((2, 28, 28))
    labels = np.array([0, 2])
    _, gradients, _ = network.loss_and_gradients(weights, scaled, labels)
    numeric = numerical_gradients(weights, scaled, labels)
    for analytic, expected in zip(gradients.arrays(), numeric):
        np.testing.assert_allclose(analytic, expected, rtol=1e-5, atol=1e-9)
    assert np.abs(numeric[1]).max() > 1e-4


def test_loss_is_the_mean_cross_entropy_of_the_probabilities():
    weights = tiny_weights()
    scaled = np.random.default_rng(2).uniform(0, 1, (3, 28, 28))
    labels = np.array([2, 0, 1])
    loss, _, probabilities = network.loss_and_gradients(weights, scaled, labels)
    assert loss == pytest.approx(-np.mean(np.log(probabilities[np.arange(3), labels])))


def test_an_architecture_that_does_not_fit_28x28_is_refused():
    with pytest.raises(ValueError, match="13×13"):
        network.random_weights(3, 0, ((4, 3), (4, 3)))             # 28 → 26 → 13: no 2×2 pooling of 11
    with pytest.raises(ValueError, match="odd"):
        network.Network.random(CLASSES, 0, ((4, 4),))


# --------------------------------------------------------------------------
# predict and feature_maps
# --------------------------------------------------------------------------

def test_predict_gives_one_row_of_probabilities_per_drawing(shipped):
    drawings, _ = bars(5)
    probabilities = shipped.predict(drawings)
    assert probabilities.shape == (5, 3) and probabilities.dtype.kind == "f"
    np.testing.assert_allclose(probabilities.sum(axis=1), 1, rtol=1e-6)
    assert np.all(probabilities >= 0)
    assert shipped.predict(drawings[2]).shape == (1, 3)                       # one drawing → 1×C
    np.testing.assert_allclose(shipped.predict(drawings[2])[0], probabilities[2], rtol=1e-5)
    np.testing.assert_allclose(shipped.predict(drawings.astype(float)), probabilities, rtol=1e-6)
    assert shipped.predict(np.zeros((0, 28, 28), np.uint8)).shape == (0, 3)


def test_predict_with_mirror_is_the_mean_of_the_drawing_and_its_mirror_image(shipped):
    drawings = np.random.default_rng(6).integers(0, 256, (3, 28, 28)).astype(np.uint8)
    drawings[0] = 0
    drawings[0, 5:20, 3:6] = 255                                  # a bar on the left, not symmetric
    mirrored = shipped.predict(drawings, mirror=True)
    for drawing, row in zip(drawings, mirrored):                 # one drawing at a time, with scipy
        expected = (reference_forward(shipped.weights, drawing)[3]
                    + reference_forward(shipped.weights, drawing[:, ::-1])[3]) / 2
        np.testing.assert_allclose(row, expected, rtol=1e-4, atol=1e-6)
    assert not np.allclose(mirrored[0], shipped.predict(drawings[0])[0], atol=1e-4)   # it did look at both
    assert shipped.predict(drawings[1], mirror=True).shape == (1, 3)


@pytest.mark.parametrize("bad, says", [
    (np.zeros((28, 27)), "28×28"),
    (np.zeros((2, 3, 28, 28)), "28×28"),
    (np.full((28, 28), np.nan), "finite"),
    (np.array([["a"] * 28] * 28), "numbers"),
])
def test_predict_refuses_what_is_not_a_28x28_drawing(shipped, bad, says):
    with pytest.raises(ValueError, match=says):
        shipped.predict(bad)


def test_a_large_batch_is_predicted_as_its_parts(shipped):
    drawings = np.random.default_rng(3).integers(0, 256, (1100, 28, 28)).astype(np.uint8)
    whole = shipped.predict(drawings)
    np.testing.assert_allclose(whole[1000:], shipped.predict(drawings[1000:]), rtol=1e-5, atol=1e-7)


def test_the_shipped_model_is_ml5s_default_network_small_and_knows_the_three_classes(shipped):
    assert SHIPPED.stat().st_size < 600_000        # with the 1,920 drawings it learned from, compressed
    assert shipped.classes == CLASSES
    assert shipped.architecture == network.ARCHITECTURE == ((8, 5), (16, 5))
    assert [block.weights.shape for block in shipped.blocks] == [(8, 1, 5, 5), (16, 8, 5, 5)]
    assert [block.biases.shape for block in shipped.blocks] == [(8,), (16,)]
    assert shipped.dense.weights.shape == (3, 16 * 4 * 4) and shipped.dense.biases.shape == (3,)
    assert shipped.map_sides == [(24, 12), (8, 4)]                    # 28 → 24 → 12 → 8 → 4
    assert shipped.filters.shape == (8, 5, 5) and shipped.biases.shape == (8,)
    np.testing.assert_array_equal(shipped.filters, shipped.blocks[0].weights[:, 0])
    assert "train.py" in shipped.about
    # It carries the drawings it learned from: 80% of each class of the bundled 800 (the rest judged it).
    assert shipped.examples.shape == (1920, 28, 28) and shipped.examples.dtype == np.uint8
    assert np.bincount(shipped.example_labels).tolist() == [640, 640, 640]


def test_the_network_wants_white_strokes_on_black_as_quick_draw_stores_them(shipped):
    # The bundled cat is dark on white, like the lesson's: inverted, it is a Quick Draw cat.
    lesson_cat = images.load_image(images.DEFAULT_IMAGE)
    white_on_black = shipped.predict(255 - lesson_cat)[0]
    dark_on_white = shipped.predict(lesson_cat)[0]
    # Sure of it: label smoothing (train.py's recipe, ε = 0.1) aims at 1 − ε + ε/3 ≈ 93% for the right class.
    assert shipped.classes[white_on_black.argmax()] == "cat" and white_on_black[0] > 1 - 0.1 + 0.1 / 3 - 0.02
    assert dark_on_white[0] < 0.8                   # the wrong polarity: the network is unsure at best


def test_the_shipped_model_knows_real_cats_it_never_saw_but_not_inverted_ones(shipped):
    cats = quickdraw.load_quickdraw(shared_quickdraw("cats1000.bin"))[800:]     # held out from training
    as_stored = np.mean(np.array(shipped.classify(cats)) == "cat")
    inverted = np.mean(np.array(shipped.classify(255 - cats)) == "cat")
    assert as_stored >= 0.93
    assert inverted < 0.5


def test_feature_maps_are_every_step_of_the_scipy_reference(shipped):
    drawing = 255 - images.load_image(images.DEFAULT_IMAGE)
    maps = shipped.feature_maps(drawing)
    steps, features, scores, probabilities = reference_forward(shipped.weights, drawing)
    assert len(maps.blocks) == len(steps) == 2
    for block, (conv, relu, pooled), (f, _) in zip(maps.blocks, steps, shipped.architecture):
        side, half = conv.shape[1], conv.shape[1] // 2
        assert block.conv.shape == block.relu.shape == (f, side, side) and block.pooled.shape == (f, half, half)
        assert block.conv.dtype == np.float32
        np.testing.assert_allclose(block.conv, conv, rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(block.relu, relu, rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(block.pooled, pooled, rtol=1e-4, atol=1e-4)
        assert np.count_nonzero(block.pooled) > 0                     # the comparison is not all zeros
    np.testing.assert_allclose(maps.features, features, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(maps.scores, scores, rtol=1e-4, atol=1e-3)
    np.testing.assert_allclose(maps.probabilities, probabilities, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(maps.probabilities, shipped.predict(drawing)[0], rtol=1e-5)


def test_feature_maps_take_one_drawing():
    net = network.Network.random(CLASSES, 0)
    with pytest.raises(ValueError, match="one 28×28 drawing"):
        net.feature_maps(bars(2)[0])


def test_the_first_block_sums_are_the_lessons_convolution_of_the_scaled_drawing(shipped):
    drawing = 255 - images.load_image(images.DEFAULT_IMAGE)      # white on black, 0–255
    scaled = drawing / 255.0                                    # how the network scales it
    np.testing.assert_allclose(network.scale_images(drawing)[0], scaled, rtol=1e-6)
    conv = shipped.feature_maps(drawing).blocks[0].conv
    for f in range(len(shipped.filters)):
        reference = correlate2d(scaled, shipped.filters[f].astype(float), mode="valid") + shipped.biases[f]
        np.testing.assert_allclose(conv[f], reference, rtol=1e-4, atol=1e-4)
    # … which is the lesson's convolution with "skip" edges, inside the border it skips.
    lesson = filters.convolve(scaled, shipped.filters[3], edges="skip")[2:-2, 2:-2] + shipped.biases[3]
    np.testing.assert_allclose(conv[3], lesson, rtol=1e-4, atol=1e-4)


def test_a_block_2_sum_is_every_map_of_block_1_times_its_slice_plus_the_bias_by_brute_force():
    net = network.Network(CLASSES, tiny_weights(dtype=np.float32))
    drawing = np.random.default_rng(4).integers(0, 256, (28, 28))
    maps = net.feature_maps(drawing)
    scaled = drawing / 255.0
    first, second = net.blocks
    for y, x in [(0, 0), (3, 5), (23, 23)]:
        total = sum(first.weights[1, 0, j, i] * scaled[y + j, x + i] for j in range(5) for i in range(5))
        assert maps.blocks[0].conv[1, y, x] == pytest.approx(total + float(first.biases[1]), abs=1e-4)
    below = maps.blocks[0].pooled                                   # 2 maps of 12×12
    for f, y, x in [(0, 0, 0), (2, 4, 7), (1, 7, 7)]:
        partial = [sum(float(second.weights[f, c, j, i]) * float(below[c, y + j, x + i])
                       for j in range(5) for i in range(5)) for c in range(2)]
        assert maps.blocks[1].conv[f, y, x] == pytest.approx(sum(partial) + float(second.biases[f]), abs=1e-4)
    features = maps.blocks[1].pooled                                # 3 maps of 4×4: filter, row, column
    assert maps.features[1 * 16 + 2 * 4 + 3] == features[1, 2, 3]
    score = sum(float(w) * float(v) for w, v in zip(net.dense.weights[2], maps.features)) + float(net.dense.biases[2])
    assert maps.scores[2] == pytest.approx(score, abs=1e-4)


def test_weights_are_read_only_so_no_reader_can_change_them(shipped):
    for array in (shipped.filters, shipped.blocks[1].weights, shipped.dense.weights, shipped.dense.biases):
        with pytest.raises(ValueError):
            array.flat[0] = 1.0


# --------------------------------------------------------------------------
# Saving and loading (bad files: test_model_file.py)
# --------------------------------------------------------------------------

@pytest.mark.parametrize("architecture", [network.ARCHITECTURE, ((3, 5), (4, 5), (5, 1)), ((6, 3),)],
                         ids=["ml5's", "three blocks", "one block"])
def test_a_saved_network_loads_with_identical_weights_and_predictions(tmp_path, architecture):
    net = network.Network(CLASSES, tiny_weights(architecture=architecture, dtype=np.float32), about="made in a test")
    path = tmp_path / "model.npz"
    network.save(net, path)
    again = network.load(path)
    assert again.classes == CLASSES and again.about == "made in a test" and again.architecture == architecture
    for saved, loaded in zip(net.weights.arrays(), again.weights.arrays()):
        np.testing.assert_array_equal(loaded, saved)
    drawings, _ = bars(6)
    np.testing.assert_array_equal(again.predict(drawings), net.predict(drawings))
    with np.load(path, allow_pickle=False) as archive:
        assert int(archive["format_version"]) == model_file.FORMAT_VERSION == 3
        assert archive["conv1_weights"].shape == net.blocks[0].weights.shape
        assert archive["examples"].shape == (0, 28, 28) and not again.has_examples   # none came with it


def test_save_never_overwrites_a_file_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "precious.npz"
    path.write_bytes(b"the teacher's model")
    with pytest.raises(FileExistsError):
        network.save(network.Network.random(CLASSES), path)
    assert path.read_bytes() == b"the teacher's model"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious.npz"]


def test_a_failed_save_leaves_nothing_behind(tmp_path, monkeypatch):
    # As on a full disk: the archive cannot be finished.
    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(np, "savez_compressed", fail)
    with pytest.raises(OSError, match="No space"):
        network.save(network.Network.random(CLASSES), tmp_path / "model.npz")
    assert list(tmp_path.iterdir()) == []


def test_a_saved_model_holds_plain_arrays_only(tmp_path):
    path = tmp_path / "model.npz"
    network.save(network.Network.random(CLASSES), path)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == sorted(f"{name}.npy" for name in (
            "format_version", "classes", "about", "conv1_weights", "conv1_biases", "conv2_weights", "conv2_biases",
            "dense_weights", "dense_biases", "examples", "example_labels"))


def write_version_1(path, weights, classes=CLASSES, about="made by the old train.py"):
    """A format-1 model file, as network.save wrote them before conv blocks: one block, F×k×k filters and
    C×F×h×w dense weights."""
    (block,), dense = weights.blocks, weights.dense
    f, _, k, _ = block.weights.shape
    side = (28 - k + 1) // 2
    with open(path, "wb") as file:
        np.savez(file, format_version=np.array(1), classes=np.array(classes), about=np.array(about),
                 conv_weights=block.weights[:, 0], conv_biases=block.biases,
                 dense_weights=dense.weights.reshape(len(classes), f, side, side), dense_biases=dense.biases)
    return path


def version_1_reference(conv_weights, conv_biases, dense_weights, dense_biases, drawing):
    """Format 1's network as it was: F filters slid over the drawing, ReLU, 2×2 max pool, then
    Σ dense_weights[c, f, y, x] · pooled[f, y, x] + dense_biases[c], softmax."""
    scaled = drawing / 255.0
    conv = np.stack([correlate2d(scaled, kernel, mode="valid") + bias
                     for kernel, bias in zip(conv_weights, conv_biases)])
    f, s, _ = conv.shape
    pooled = np.maximum(conv, 0).reshape(f, s // 2, 2, s // 2, 2).max(axis=(2, 4))
    scores = np.einsum("cfyx,fyx->c", dense_weights, pooled) + dense_biases
    exp = np.exp(scores - scores.max())
    return exp / exp.sum()


def test_a_version_1_model_loads_and_gives_the_answers_it_gave(tmp_path):
    weights = tiny_weights(architecture=((16, 5),), dtype=np.float32)
    path = write_version_1(tmp_path / "old.npz", weights)
    old = network.load(path)
    assert old.classes == CLASSES and old.about == "made by the old train.py" and old.architecture == ((16, 5),)
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name].astype(np.float64) for name in model_file.V1_NAMES}
    np.testing.assert_array_equal(old.filters, arrays["conv_weights"])
    drawings, _ = bars(8, seed=3)
    drawings = np.concatenate([drawings, [255 - images.load_image(images.DEFAULT_IMAGE)]])
    expected = np.stack([version_1_reference(*arrays.values(), drawing) for drawing in drawings])
    np.testing.assert_allclose(old.predict(drawings), expected, rtol=1e-4, atol=1e-6)
    assert expected.max(axis=1).min() < 0.99                      # answers of some doubt: a real comparison
    maps = old.feature_maps(drawings[-1])
    assert len(maps.blocks) == 1 and maps.blocks[0].pooled.shape == (16, 12, 12)
    # Saved again, it is a format-2 file with the same answers.
    network.save(old, tmp_path / "new.npz")
    np.testing.assert_array_equal(network.load(tmp_path / "new.npz").predict(drawings), old.predict(drawings))


# --------------------------------------------------------------------------
# Class files and the split
# --------------------------------------------------------------------------

@pytest.mark.parametrize("file_name, name", [
    ("full_numpy_bitmap_cat.npy", "cat"),
    ("full_numpy_bitmap_bus.npy", "bus"),
    ("cats800.bin", "cat"),
    ("trains1000.bin", "train"),
    ("rainbows_800.bin", "rainbow"),
    ("glasses.npy", "glasses"),
    ("grass100.npy", "grass"),
    ("cat.npy", "cat"),
])
def test_a_file_is_named_after_its_class(file_name, name):
    assert data.class_name(Path("some/folder") / file_name) == name


def test_a_file_name_without_a_class_is_refused():
    with pytest.raises(ValueError, match="no class name"):
        data.class_name("800.bin")


def test_class_files_load_sorted_by_class_whatever_their_order(tmp_path):
    drawings, labels = bars(10)
    trains = write_class_file(tmp_path, "trains5.bin", drawings[labels == 0])
    cats = write_class_file(tmp_path, "full_numpy_bitmap_cat.npy", drawings[labels == 1])
    loaded, loaded_labels, classes = data.load_class_files([trains, cats])
    assert classes == ["cat", "train"]
    np.testing.assert_array_equal(loaded[:5], drawings[labels == 1])
    np.testing.assert_array_equal(loaded_labels, [0] * 5 + [1] * 5)
    again = data.load_class_files([cats, trains])
    np.testing.assert_array_equal(again[0], loaded)


def test_two_files_of_one_class_or_a_single_class_are_refused(tmp_path):
    drawings, _ = bars(4)
    first = write_class_file(tmp_path, "cats4.bin", drawings)
    second = write_class_file(tmp_path, "full_numpy_bitmap_cat.npy", drawings)
    with pytest.raises(ValueError, match="both give the class 'cat'"):
        data.load_class_files([first, second])
    with pytest.raises(ValueError, match="at least two classes"):
        data.load_class_files([first])


def test_a_bad_class_file_gives_the_image_loaders_error(tmp_path):
    good = write_class_file(tmp_path, "cats4.bin", bars(4)[0])
    bad = tmp_path / "trains.bin"
    bad.write_bytes(b"\x00" * 1000)
    with pytest.raises(images.ImageLoadError, match="not a whole number of 784-byte"):
        data.load_class_files([good, bad])


def test_the_split_keeps_the_same_share_of_every_class_apart():
    drawings = np.arange(100 * 28 * 28).reshape(100, 28, 28) % 251
    labels = np.array([0] * 60 + [1] * 40)
    train_x, train_y, held_x, held_y = data.split(drawings, labels, 0.25, seed=3)
    assert np.bincount(held_y).tolist() == [15, 10] and np.bincount(train_y).tolist() == [45, 30]
    seen = {row.tobytes() for row in train_x}
    assert not any(row.tobytes() in seen for row in held_x)                  # disjoint
    assert len(seen | {row.tobytes() for row in held_x}) == 100               # nothing lost
    again = data.split(drawings, labels, 0.25, seed=3)
    np.testing.assert_array_equal(again[2], held_x)
    assert not np.array_equal(data.split(drawings, labels, 0.25, seed=4)[2], held_x)
    with pytest.raises(ValueError, match="between 0 and 1"):
        data.split(drawings, labels, 1.0, seed=3)


# --------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------

def test_the_same_seed_trains_bitwise_the_same_weights():
    drawings, labels = bars(64)
    runs = []
    for seed in (5, 5, 6):
        trainer = Trainer(drawings, labels, ["horizontal", "vertical"], seed=seed)
        for _ in range(5):
            trainer.step()
        runs.append(trainer.network.weights.arrays())
    for same, again in zip(runs[0], runs[1]):
        np.testing.assert_array_equal(same, again)
    assert not np.array_equal(runs[0][0], runs[2][0])


def test_a_step_replaces_the_weights_and_leaves_arrays_a_reader_holds_alone():
    drawings, labels = bars(64)
    trainer = Trainer(drawings, labels, ["horizontal", "vertical"], seed=1)
    net = trainer.network
    held = net.filters
    before = held.copy()
    result = trainer.step()
    assert 0 < result.loss and 0 <= result.accuracy <= 1
    np.testing.assert_array_equal(held, before)             # the old array is untouched …
    assert not np.array_equal(net.filters, before)          # … and the network has new filters
    assert trainer.network is net


def test_epochs_are_counted_and_recorded_and_restart_begins_again():
    drawings, labels = bars(70)
    trainer = Trainer(drawings, labels, ["horizontal", "vertical"], seed=2,
                              options=TrainingOptions(batch_size=32))
    first_filters = trainer.network.filters
    assert trainer.steps_per_epoch == 3
    calls = []
    record = trainer.run_epoch(lambda step, steps: calls.append((step, steps)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert trainer.epoch == 1 and record.epoch == 1 and trainer.history == [record]
    trainer.run_epoch()
    assert [r.epoch for r in trainer.history] == [1, 2]
    net = trainer.network
    trainer.restart()
    assert trainer.epoch == 0 and trainer.history == [] and trainer.network is net
    np.testing.assert_array_equal(trainer.network.filters, first_filters)


def test_another_thread_can_predict_while_training_runs():
    drawings, labels = bars(96)
    trainer = Trainer(drawings, labels, ["horizontal", "vertical"], seed=3)
    problems, stop = [], threading.Event()

    def watch():
        while not stop.is_set():
            try:
                p = trainer.network.predict(drawings[:8])
                maps = trainer.network.feature_maps(drawings[0])
                shapes = [(block.conv.shape, block.pooled.shape) for block in maps.blocks]
                if not np.allclose(p.sum(axis=1), 1) or shapes != [((8, 24, 24), (8, 12, 12)),
                                                                   ((16, 8, 8), (16, 4, 4))]:
                    problems.append("bad prediction")
            except Exception as error:        # noqa: BLE001 - any failure in the reader is the finding
                problems.append(repr(error))

    reader = threading.Thread(target=watch)
    reader.start()
    try:
        for _ in range(3):
            trainer.run_epoch()
    finally:
        stop.set()
        reader.join()
    assert problems == []
    assert accuracy(trainer.network, drawings, labels) > 0.9


def test_a_short_training_run_on_real_doodles_tells_them_apart(shared_drawings):
    drawings, labels, classes = shared_drawings
    train_x, train_y, held_x, held_y = data.split(drawings, labels, 0.2, seed=7)
    trainer = Trainer(train_x, train_y, classes, seed=7)
    for _ in range(3):
        trainer.run_epoch()
    assert accuracy(trainer.network, held_x, held_y) >= 0.90


