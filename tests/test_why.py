"""Why it says that, and when it should say nothing (issue 30), the lower layer: a network carries the
drawings it learned from (model format 3; formats 1 and 2 still load, with none), finds the ones nearest a
drawing, and says when it should not answer. Everything here runs on the bundled drawings (assets/quickdraw/),
without ../shared."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest

import network
from convolution.files import bundled, images, model_budget
from convolution.learning import background, data, strays
from convolution.learning import cli as train_cli
from convolution.learning.trainer import Trainer, TrainingOptions
from convolution.maths import judging
from tests.helpers.drawings import write_class_file
from tests.test_model_file import good_arrays, version_1_arrays

CLASSES = ["cat", "rainbow", "train"]


@pytest.fixture(scope="module")
def bundle():
    return data.load_bundled()


@pytest.fixture(scope="module")
def shipped():
    return network.load(bundled.DOODLES)


@pytest.fixture(scope="module")
def held_out(bundle, shipped):
    """The bundled drawings the shipped network never trained on (its 20% held out), with their labels."""
    drawings, labels, _ = bundle
    known = {example.tobytes() for example in shipped.examples}
    unseen = np.array([drawing.tobytes() not in known for drawing in drawings])
    return drawings[unseen], labels[unseen]


def npz_bytes(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)          # as the writers of formats 1 and 2 did: uncompressed, no examples
    return buffer.getvalue()


# --------------------------------------------------------------------------
# The drawings it learned from, in the model file
# --------------------------------------------------------------------------

def test_the_bundled_drawings_are_the_three_training_files_and_never_the_kept_apart_cats(bundle):
    drawings, labels, classes = bundle
    assert classes == CLASSES and drawings.shape == (2400, 28, 28) and drawings.dtype == np.uint8
    assert np.bincount(labels).tolist() == [800, 800, 800]
    shipped_files = sorted(path.name for path in bundled.QUICKDRAW.iterdir())
    assert shipped_files == ["README.md", "cats800.bin.gz", "rainbows800.bin.gz", "trains800.bin.gz"]
    assert "CC BY 4.0" in (bundled.QUICKDRAW / "README.md").read_text()


def test_format_3_round_trip_keeps_the_examples_and_their_classes(tmp_path, bundle):
    drawings, labels, _ = bundle
    chosen = np.arange(0, 2400, 40)
    net = network.Network(CLASSES, network.random_weights(3, 4), "made in a test", drawings[chosen], labels[chosen])
    path = tmp_path / "m.npz"
    network.save(net, path)
    again = network.load(path)
    np.testing.assert_array_equal(again.examples, drawings[chosen])
    np.testing.assert_array_equal(again.example_labels, labels[chosen])
    assert again.example_classes == tuple(CLASSES[label] for label in labels[chosen]) and again.has_examples
    assert again.examples.dtype == np.uint8 and not again.examples.flags.writeable
    np.testing.assert_array_equal(again.predict(drawings[:10]), net.predict(drawings[:10]))
    np.testing.assert_array_equal(again.nearest(drawings[5]), net.nearest(drawings[5]))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("examples.npy").compress_type == zipfile.ZIP_DEFLATED
    with np.load(path, allow_pickle=False) as arrays:
        assert int(arrays["format_version"]) == 3


@pytest.mark.parametrize("arrays", [good_arrays(), version_1_arrays()], ids=["format 2", "format 1"])
def test_formats_1_and_2_still_load_with_no_examples(tmp_path, arrays):
    path = tmp_path / "old.npz"
    path.write_bytes(npz_bytes(**arrays))
    old = network.load(path)
    assert not old.has_examples and old.examples.shape == (0, 28, 28) and old.example_classes == ()
    assert old.nearest(np.zeros((28, 28))).shape == (0,)
    answer = old.judge(strays.scribbles(1, 2)[0])   # only ink and the probabilities can be weighed
    assert answer.likeness is None and answer.kind in (judging.ANSWERED, judging.BETWEEN)


def test_the_examples_size_is_checked_from_its_header_before_it_is_read(tmp_path, monkeypatch):
    arrays = good_arrays()
    arrays.update(format_version=np.array(3), examples=np.zeros((model_budget.MAX_EXAMPLES + 1, 28, 28), np.uint8),
                  example_labels=np.zeros(model_budget.MAX_EXAMPLES + 1, np.int64))
    path = tmp_path / "many.npz"
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    path.write_bytes(buffer.getvalue())
    read_sizes = []
    real_read = zipfile.ZipExtFile.read

    def read(self, size=-1):
        read_sizes.append(size)
        return real_read(self, size)
    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    with pytest.raises(network.ModelError, match="example drawings, more than the 10,000"):
        network.load(path)
    assert max(read_sizes) < 28 * 28 * 1000     # the drawings' bytes were never asked for


@pytest.mark.parametrize("change, says", [
    (dict(examples=np.zeros((3, 28, 27), np.uint8)), "not N×28×28"),
    (dict(examples=np.zeros((3, 28, 28), np.float32)), "not N×28×28"),
    (dict(example_labels=np.zeros(2, np.int64)), "one class number for each"),
    (dict(example_labels=np.array([0, 1, 3])), "outside 0 to 2"),
    (dict(example_labels=None), "no 'example_labels'"),
])
def test_bad_examples_in_a_format_3_file_are_one_line(tmp_path, change, says):
    arrays = good_arrays()
    arrays.update(format_version=np.array(3), examples=np.zeros((3, 28, 28), np.uint8),
                  example_labels=np.array([0, 1, 2]))
    for name, value in change.items():
        if value is None:
            del arrays[name]
        else:
            arrays[name] = value
    path = tmp_path / "bad.npz"
    path.write_bytes(npz_bytes(**arrays))
    with pytest.raises(network.ModelError, match=says) as error:
        network.load(path)
    assert "\n" not in str(error.value)


def test_a_network_refuses_examples_that_do_not_fit():
    weights = network.random_weights(3, 0)
    with pytest.raises(ValueError, match="N×28×28"):
        network.Network(CLASSES, weights, "", np.zeros((2, 28, 28, 1)), [0, 1])
    with pytest.raises(ValueError, match="0 to 2"):
        network.Network(CLASSES, weights, "", np.zeros((2, 28, 28)), [0, 3])
    with pytest.raises(ValueError, match="one class number each"):
        network.Network(CLASSES, weights, "", np.zeros((2, 28, 28)), [0])


# --------------------------------------------------------------------------
# Networks carry the drawings they learned from
# --------------------------------------------------------------------------

def test_train_py_with_no_files_trains_on_the_bundled_drawings_and_the_model_carries_them(tmp_path, capsys, bundle):
    status = train_cli.main(["--out", str(tmp_path / "m.npz"), "--epochs", "1"])
    assert status == 0, capsys.readouterr().err
    made = network.load(tmp_path / "m.npz")
    drawings, labels, _ = bundle
    train_x, train_y, _, _ = data.split(drawings, labels, train_cli.DEFAULT_HELD_OUT, train_cli.DEFAULT_SEED)
    np.testing.assert_array_equal(made.examples, train_x)          # the 80% it trained on, not the rest
    np.testing.assert_array_equal(made.example_labels, train_y)
    assert "bundled drawings" in made.about


def test_train_py_on_files_carries_them_too(tmp_path, capsys, bundle):
    drawings, _, _ = bundle
    paths = [write_class_file(tmp_path, "cats.bin", drawings[:30]), write_class_file(tmp_path, "trains.bin",
                                                                                      drawings[1600:1630])]
    status = train_cli.main([*map(str, paths), "--out", str(tmp_path / "m.npz"), "--epochs", "1", "--held-out", "0.2"])
    assert status == 0, capsys.readouterr().err
    made = network.load(tmp_path / "m.npz")
    assert len(made.examples) == 48 and np.bincount(made.example_labels).tolist() == [24, 24]
    known = {drawing.tobytes() for drawing in np.concatenate([drawings[:30], drawings[1600:1630]])}
    assert all(example.tobytes() in known for example in made.examples)


def test_a_trainer_network_carries_its_drawings_and_at_most_the_budget(bundle):
    drawings, labels, _ = bundle
    trainer = Trainer(drawings[::100], labels[::100], CLASSES, seed=1, options=TrainingOptions())
    np.testing.assert_array_equal(trainer.network.examples, drawings[::100])
    kept_x, kept_y = data.carried(drawings, labels, seed=2, limit=500)
    assert len(kept_x) == 500 and np.bincount(kept_y).min() > 100
    again_x, _ = data.carried(drawings, labels, seed=2, limit=500)
    np.testing.assert_array_equal(kept_x, again_x)


def test_the_live_run_carries_the_drawings_it_trains_on(bundle):
    drawings, labels, _ = bundle
    chosen = np.concatenate([np.arange(0, 30), np.arange(800, 830), np.arange(1600, 1630)])
    run = background.start(drawings[chosen], labels[chosen], CLASSES, seed=3, epochs=1)
    try:
        train_x, train_y, _, _ = data.split(drawings[chosen], labels[chosen], background.HELD_OUT, 3)
        np.testing.assert_array_equal(run.network.examples, train_x)
        np.testing.assert_array_equal(run.network.example_labels, train_y)
        assert run.held_out_count == len(chosen) - len(train_x) > 0
    finally:
        run.stop()


# --------------------------------------------------------------------------
# nearest: against a plain loop over every example
# --------------------------------------------------------------------------

def slow_nearest(vectors, query, k):
    """The k nearest rows, nearest first, by a plain loop: (index, distance) pairs."""
    found = []
    for index, vector in enumerate(vectors):
        total = 0.0
        for a, b in zip(np.asarray(vector, np.float64), np.asarray(query, np.float64)):
            total += (a - b) ** 2
        found.append((total ** 0.5, index))
    return sorted(found)[:k]


def assert_same_neighbours(got: network.Neighbours, expected):
    np.testing.assert_allclose(got.distances, [distance for distance, _ in expected], rtol=1e-5, atol=1e-5)
    for rank, (distance, index) in enumerate(expected):
        # The same drawing, or one exactly as far (a tie, which float32 features may order either way).
        assert got.indices[rank] == index or abs(got.distances[rank] - distance) < 1e-5


def test_nearest_is_a_plain_loop_over_every_examples_features(bundle, shipped):
    drawings, labels, _ = bundle
    chosen = np.arange(3, 2400, 12)                                  # 200 examples
    net = network.Network(CLASSES, shipped.weights, "", drawings[chosen], labels[chosen])
    features = [net.feature_maps(example).features for example in net.examples]     # one drawing at a time
    for query in (drawings[5], drawings[1000], drawings[2000], drawings[chosen[7]], strays.scribbles(1, 1)[0]):
        got = net.neighbours(query, 5)
        assert got.space == "features" and len(got.indices) == 5
        assert_same_neighbours(got, slow_nearest(features, net.feature_maps(query).features, 5))
        np.testing.assert_array_equal(net.nearest(query), got.indices)
        np.testing.assert_array_equal(got.labels, net.example_labels[got.indices])
    assert net.nearest(drawings[chosen[7]])[0] == 7                # a training drawing is nearest itself


def test_nearest_pixels_is_a_plain_loop_over_the_pixels(bundle, shipped):
    drawings, labels, _ = bundle
    chosen = np.arange(0, 2400, 15)
    net = network.Network(CLASSES, shipped.weights, "", drawings[chosen], labels[chosen])
    pixels = [example.reshape(-1) / 255 for example in net.examples]
    for query in (drawings[7], drawings[1234], strays.salt_and_pepper(1, 0.2)[0]):
        got = net.neighbours(query, 4, space="pixels")
        assert_same_neighbours(got, slow_nearest(pixels, query.reshape(-1) / 255, 4))
        np.testing.assert_array_equal(net.nearest_pixels(query, 4), got.indices)


def test_nearest_follows_new_weights_and_asks_for_no_more_than_there_are(bundle):
    drawings, labels, _ = bundle
    chosen = np.arange(0, 2400, 100)
    net = network.Network(CLASSES, network.random_weights(3, 1), "", drawings[chosen], labels[chosen])
    before = net.neighbours(drawings[50])
    net._replace_weights(network.random_weights(3, 2))               # as a Trainer does, step by step
    after = net.neighbours(drawings[50])
    features = [net.feature_maps(example).features for example in net.examples]
    assert_same_neighbours(after, slow_nearest(features, net.feature_maps(drawings[50]).features, 5))
    assert not np.allclose(before.distances, after.distances)
    assert len(net.nearest(drawings[50], k=100)) == len(chosen)
    assert len(net.nearest(drawings[50], k=0)) == 0
    with pytest.raises(ValueError, match="space"):
        net.neighbours(drawings[50], space="colours")


def test_block_features_are_each_blocks_pooled_maps_flattened(bundle, shipped):
    drawings, _, _ = bundle
    batch = shipped.block_features(drawings[:3], 0)
    for drawing, row in zip(drawings[:3], batch):
        np.testing.assert_allclose(row, shipped.feature_maps(drawing).blocks[0].pooled.reshape(-1), rtol=1e-5,
                                   atol=1e-6)
    np.testing.assert_allclose(shipped.block_features(drawings[3]), shipped.feature_maps(drawings[3]).features[None],
                               rtol=1e-5, atol=1e-6)


# --------------------------------------------------------------------------
# answer and judge: when to say nothing (rates as measured by benchmarks/bench_not_sure.py, with margin)
# --------------------------------------------------------------------------

def test_a_blank_page_is_nothing_drawn(shipped):
    for blank in (np.zeros((28, 28), np.uint8), np.zeros((28, 28))):
        assert shipped.answer(blank) is None
        said = shipped.judge(blank)
        assert said.kind == judging.NOTHING and said.reason == "nothing drawn" and said.best in CLASSES
        assert shipped.predict(blank)[0].max() == pytest.approx(said.probability)


def test_noise_is_refused(shipped):
    noise = strays.salt_and_pepper(40, 0.5, seed=21)
    said = [shipped.judge(page) for page in noise]
    assert all(answer.name is None and answer.kind == judging.UNLIKE for answer in said)   # measured: all
    assert all(answer.reason.startswith("unlike every drawing it learned from") for answer in said)
    assert all(0 <= answer.most_alike < len(shipped.examples) for answer in said if answer.likeness is not None)
    sparse = strays.salt_and_pepper(40, 0.05, seed=22)
    assert np.mean([shipped.answer(page) is None for page in sparse]) >= 0.85


def test_scribbles_are_mostly_refused(shipped):
    scribbles = strays.scribbles(120, seed=23)
    refused = np.mean([shipped.answer(scribble) is None for scribble in scribbles])
    assert refused >= 0.6                   # measured 73% by cross-validation (bench_not_sure.py)


def test_real_drawings_it_never_saw_are_mostly_answered_and_rightly(shipped, held_out):
    drawings, labels = held_out
    assert len(drawings) == 480
    said = [shipped.judge(drawing) for drawing in drawings]
    answered = np.array([answer.name is not None for answer in said])
    right = np.array([answer.name == CLASSES[label] for answer, label in zip(said, labels)])
    assert answered.mean() >= 0.85                       # measured 92.5% by cross-validation
    assert right[answered].mean() >= 0.96                # measured 97.7% (96.0% of all, answered or not)
    assert right[answered].mean() > np.mean(shipped.predict(drawings).argmax(axis=1) == labels)
    for answer, drawing in zip(said, drawings):          # the bars' top class, whether it answers or not
        assert answer.best == shipped.classify(drawing)[0]
        if answer.kind == judging.BETWEEN:
            assert answer.reason == f"between {answer.best} and {answer.runner_up}"
            assert answer.probability < judging.SURE
    assert {answer.kind for answer in said} >= {judging.ANSWERED, judging.BETWEEN}


def test_the_lessons_cat_is_answered(shipped):
    cat = 255 - images.load_image(images.DEFAULT_IMAGE)          # dark on white → Quick Draw's white on black
    assert shipped.answer(cat) == "cat"


def test_where_a_drawing_is_on_the_page_does_not_make_it_unlike(shipped, held_out):
    drawings, _ = held_out
    for drawing in drawings[:40]:
        rows, columns = np.flatnonzero(drawing.any(axis=1)), np.flatnonzero(drawing.any(axis=0))
        moved = np.roll(drawing, (-rows[0], -columns[0]), axis=(0, 1))       # into the top left corner
        assert shipped.judge(moved).likeness == pytest.approx(shipped.judge(drawing).likeness, abs=1e-5)


def test_the_floor_is_the_examples_own_quantile(bundle, shipped):
    drawings, labels, _ = bundle
    few = np.concatenate([np.flatnonzero(labels == label)[:10] for label in range(3)])
    net = network.Network(CLASSES, shipped.weights, "", drawings[few], labels[few])
    said = net.judge(drawings[500])
    table = np.array([net.block_features(judging.centred(example), 0)[0] for example in net.examples])
    table /= np.linalg.norm(table, axis=1, keepdims=True)
    own = []
    for n, row in enumerate(table):                     # every example against the others (all 30: under 400)
        cosines = sorted((float(row @ other) for m, other in enumerate(table) if m != n), reverse=True)
        own.append(np.mean(cosines[:judging.LIKE_K]))
    assert said.likeness_floor == pytest.approx(np.quantile(own, judging.LIKE_QUANTILE) * judging.LIKE_MARGIN,
                                                abs=1e-5)
    assert said.likeness_floor < shipped.judge(drawings[500]).likeness_floor     # fewer examples, a lower bar
