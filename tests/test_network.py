"""The doodle network: gradients, predictions, feature maps, saving and loading, training.

Files the tests need are written by the tests; the real Quick Draw drawings in
../shared/quickdraw are used where present (those tests skip elsewhere).
"""

import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest
from scipy.signal import correlate2d

import filters
import network
from convolution.files import images, model_file, quickdraw
from convolution.learning import data
from convolution.learning.trainer import Trainer, TrainingOptions, accuracy
from tests.helpers.drawings import bars, write_class_file
from tests.helpers.paths import ROOT, shared_quickdraw

SHIPPED = ROOT / "assets" / "doodles.npz"
CLASSES = ["cat", "rainbow", "train"]


def tiny_weights(seed=0, filter_count=2, kernel_size=3, class_count=3, dtype=np.float64):
    """A small network's weights in float64, with non-zero biases so every path is exercised."""
    rng = np.random.default_rng(seed)
    weights = network.random_weights(class_count, seed, filter_count, kernel_size, dtype=dtype)
    return network.Weights(weights.conv_weights, rng.normal(0, 0.1, filter_count).astype(dtype),
                           weights.dense_weights * 5, rng.normal(0, 0.1, class_count).astype(dtype))


@pytest.fixture(scope="module")
def shipped():
    return network.load(SHIPPED)


@pytest.fixture(scope="module")
def shared_drawings():
    """The three training files in ../shared (skips where absent): drawings, labels, classes."""
    paths = [shared_quickdraw(name) for name in ("cats800.bin", "trains800.bin", "rainbows800.bin")]
    return data.load_class_files(paths)


# --------------------------------------------------------------------------
# Gradients
# --------------------------------------------------------------------------

def numerical_gradients(weights, scaled, labels, step=1e-6):
    """Central differences of the loss for every single weight (slow, obviously right)."""
    result = []
    for index, array in enumerate(weights.arrays()):
        gradient = np.zeros_like(array)
        for position in np.ndindex(array.shape):
            values = []
            for sign in (1, -1):
                changed = [a.copy() for a in weights.arrays()]
                changed[index][position] += sign * step
                values.append(network.loss_and_gradients(network.Weights(*changed), scaled, labels)[0])
            gradient[position] = (values[0] - values[1]) / (2 * step)
        result.append(gradient)
    return result


def test_gradients_match_finite_differences():
    weights = tiny_weights()
    rng = np.random.default_rng(1)
    scaled = rng.uniform(0, 1, (4, 28, 28))          # no ties in the pooling, no sum exactly 0
    labels = np.array([0, 1, 2, 1])
    loss, gradients, _ = network.loss_and_gradients(weights, scaled, labels)
    assert loss > 0
    for name, analytic, numeric in zip(network.Weights.NAMES, gradients.arrays(),
                                       numerical_gradients(weights, scaled, labels)):
        assert analytic.shape == numeric.shape, name
        assert np.abs(numeric).max() > 1e-4, name                 # the check is not vacuous
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8, err_msg=name)


def test_tied_pixels_in_a_pool_block_pass_the_gradient_on_once():
    # A blank drawing makes every sum equal to the bias: all four pixels of every block tie.
    weights = tiny_weights()
    weights = network.Weights(weights.conv_weights, np.array([0.3, 0.5]), weights.dense_weights,
                              weights.dense_biases)
    scaled = np.zeros((2, 28, 28))
    labels = np.array([0, 2])
    _, gradients, _ = network.loss_and_gradients(weights, scaled, labels)
    numeric = numerical_gradients(weights, scaled, labels)
    np.testing.assert_allclose(gradients.conv_biases, numeric[1], rtol=1e-5)


def test_loss_is_the_mean_cross_entropy_of_the_probabilities():
    weights = tiny_weights()
    scaled = np.random.default_rng(2).uniform(0, 1, (3, 28, 28))
    labels = np.array([2, 0, 1])
    loss, _, probabilities = network.loss_and_gradients(weights, scaled, labels)
    assert loss == pytest.approx(-np.mean(np.log(probabilities[np.arange(3), labels])))


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


def test_the_shipped_model_is_small_and_knows_the_three_classes(shipped):
    assert SHIPPED.stat().st_size < 100_000
    assert shipped.classes == CLASSES
    f, k, k2 = shipped.filters.shape
    assert (f, k, k2) == (16, 5, 5) and shipped.biases.shape == (16,)
    assert "train.py" in shipped.about


def test_the_network_wants_white_strokes_on_black_as_quick_draw_stores_them(shipped):
    # The bundled cat is dark on white, like the lesson's: inverted, it is a Quick Draw cat.
    lesson_cat = images.load_image(images.DEFAULT_IMAGE)
    white_on_black = shipped.predict(255 - lesson_cat)[0]
    dark_on_white = shipped.predict(lesson_cat)[0]
    assert shipped.classes[white_on_black.argmax()] == "cat" and white_on_black[0] > 0.99
    assert dark_on_white[0] < 0.8                   # the wrong polarity: the network is unsure at best


def test_the_shipped_model_knows_real_cats_it_never_saw_but_not_inverted_ones(shipped):
    cats = quickdraw.load_quickdraw(shared_quickdraw("cats1000.bin"))[800:]     # held out from training
    as_stored = np.mean(np.array(shipped.classify(cats)) == "cat")
    inverted = np.mean(np.array(shipped.classify(255 - cats)) == "cat")
    assert as_stored >= 0.93
    assert inverted < 0.5


def test_feature_maps_have_one_map_per_filter_and_agree_with_predict(shipped):
    drawing = bars(3)[0][1]
    maps = shipped.feature_maps(drawing)
    assert maps.conv.shape == (16, 24, 24) and maps.relu.shape == (16, 24, 24)
    assert maps.pooled.shape == (16, 12, 12) and maps.probabilities.shape == (3,)
    np.testing.assert_allclose(maps.probabilities, shipped.predict(drawing)[0], rtol=1e-5)
    np.testing.assert_array_equal(maps.relu, np.maximum(maps.conv, 0))
    blocks = maps.relu.reshape(16, 12, 2, 12, 2).max(axis=(2, 4))
    np.testing.assert_array_equal(maps.pooled, blocks)
    with pytest.raises(ValueError, match="one 28×28 drawing"):
        shipped.feature_maps(bars(2)[0])


def test_the_first_layer_sums_are_the_filters_slid_over_the_scaled_drawing(shipped):
    drawing = 255 - images.load_image(images.DEFAULT_IMAGE)      # white on black, 0–255
    scaled = drawing / 255.0                                    # how the network scales it
    np.testing.assert_allclose(network.scale_images(drawing)[0], scaled, rtol=1e-6)
    conv = shipped.feature_maps(drawing).conv
    for f in range(len(shipped.filters)):
        reference = correlate2d(scaled, shipped.filters[f].astype(float), mode="valid") + shipped.biases[f]
        np.testing.assert_allclose(conv[f], reference, rtol=1e-4, atol=1e-4)
    # … which is the lesson's convolution with "skip" edges, inside the border it skips.
    lesson = filters.convolve(scaled, shipped.filters[3], edges="skip")[2:-2, 2:-2] + shipped.biases[3]
    np.testing.assert_allclose(conv[3], lesson, rtol=1e-4, atol=1e-4)


def test_the_first_layer_sums_match_a_brute_force_loop():
    net = network.Network(CLASSES, tiny_weights(kernel_size=5, dtype=np.float32))
    drawing = np.random.default_rng(4).integers(0, 256, (28, 28))
    scaled = drawing / 255.0
    conv = net.feature_maps(drawing).conv
    kernel = net.filters[1].astype(float)
    for y in range(0, 24, 5):
        for x in range(24):
            total = sum(kernel[j, i] * scaled[y + j, x + i] for j in range(5) for i in range(5))
            assert conv[1, y, x] == pytest.approx(total + float(net.biases[1]), abs=1e-4)


def test_filters_are_read_only_so_no_reader_can_change_them(shipped):
    with pytest.raises(ValueError):
        shipped.filters[0, 0, 0] = 1.0


# --------------------------------------------------------------------------
# Saving and loading
# --------------------------------------------------------------------------

def test_a_saved_network_loads_with_identical_predictions(tmp_path):
    net = network.Network(CLASSES, tiny_weights(dtype=np.float32), about="made in a test")
    path = tmp_path / "model.npz"
    network.save(net, path)
    again = network.load(path)
    drawings, _ = bars(6)
    np.testing.assert_array_equal(again.predict(drawings), net.predict(drawings))
    np.testing.assert_array_equal(again.filters, net.filters)
    assert again.classes == CLASSES and again.about == "made in a test"


def test_save_never_overwrites_a_file(tmp_path):
    path = tmp_path / "precious.npz"
    path.write_bytes(b"the teacher's model")
    with pytest.raises(FileExistsError):
        network.save(network.Network.random(CLASSES), path)
    assert path.read_bytes() == b"the teacher's model"


def write_npz(path, **arrays):
    with open(path, "wb") as file:
        np.savez(file, **arrays)
    return path


def good_arrays():
    weights = tiny_weights(dtype=np.float32)
    return dict(format_version=np.array(model_file.FORMAT_VERSION), classes=np.array(CLASSES),
                **dict(zip(network.Weights.NAMES, weights.arrays())))


def changed(**changes):
    arrays = good_arrays()
    for name, value in changes.items():
        if value is None:
            del arrays[name]
        else:
            arrays[name] = value
    return arrays


BAD_MODELS = {
    "missing": (None, "not found"),
    "folder": ("folder", "is a folder"),
    "text file": (b"this is not a model\n", "not a .npz archive"),
    "npy array": ("npy", "single numpy array"),
    "cut short": ("truncated", "damaged"),
    "no format_version": (changed(format_version=None), "no 'format_version'"),
    "another version": (changed(format_version=np.array(99)), "format 99"),
    "version not a number": (changed(format_version=np.array("one")), "'format_version' is not a number"),
    "no filters": (changed(conv_weights=None), "no 'conv_weights'"),
    "no classes": (changed(classes=None), "no 'classes'"),
    "one class": (changed(classes=np.array(["cat"])), "two or more distinct names"),
    "classes not names": (changed(classes=np.array([1, 2, 3])), "not a list of names"),
    "wrong filter shape": (changed(conv_weights=np.zeros((2, 4, 4), np.float32)), "k odd"),
    "wrong dense shape": (changed(dense_weights=np.zeros((3, 2, 5, 5), np.float32)), "'dense_weights' has shape"),
    "integer weights": (changed(conv_biases=np.zeros(2, np.int64)), "not floating-point"),
    "NaN weights": (changed(dense_biases=np.array([0, np.nan, 0], np.float32)), "NaN"),
    "pickled objects": (changed(classes=np.array(CLASSES, dtype=object)), "Python objects"),
}


def make_bad_model(tmp_path, kind):
    path = tmp_path / "model.npz"
    if kind is None:
        return path
    if kind == "folder":
        path.mkdir()
    elif isinstance(kind, bytes):
        path.write_bytes(kind)
    elif kind == "npy":
        with open(path, "wb") as file:
            np.save(file, np.zeros((3, 3)))
    elif kind == "truncated":
        write_npz(tmp_path / "whole.npz", **good_arrays())
        path.write_bytes((tmp_path / "whole.npz").read_bytes()[:700])
    else:
        write_npz(path, **kind)
    return path


@pytest.mark.parametrize("name", list(BAD_MODELS))
def test_every_kind_of_bad_model_file_gives_one_line_saying_what_to_do(tmp_path, name):
    kind, says = BAD_MODELS[name]
    path = make_bad_model(tmp_path, kind)
    with pytest.raises(network.ModelError) as raised:
        network.load(path)
    message = str(raised.value)
    assert isinstance(raised.value, ValueError)
    assert "\n" not in message and says in message and str(path) in message
    assert "train" in message or "check" in message or "give" in message


def test_the_good_arrays_of_the_bad_model_tests_do_load(tmp_path):
    # So each bad model above fails for its one change, not for something else.
    net = network.load(write_npz(tmp_path / "model.npz", **good_arrays()))
    assert net.classes == CLASSES and net.about == ""


def test_a_saved_model_holds_plain_arrays_only(tmp_path):
    path = tmp_path / "model.npz"
    network.save(network.Network.random(CLASSES), path)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == sorted(f"{name}.npy" for name in (
            "format_version", "classes", "about") + network.Weights.NAMES)
    with np.load(path, allow_pickle=False) as data:
        assert int(data["format_version"]) == model_file.FORMAT_VERSION


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
                if not np.allclose(p.sum(axis=1), 1) or maps.conv.shape != (16, 24, 24):
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


