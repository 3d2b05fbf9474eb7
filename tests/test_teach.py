"""Teaching classes of your own, without a window: examples added with keys, taken back, undone; names; folders
of examples saved and opened again (and trained on by train.py); every bad input one line."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field

import numpy as np
import pytest
from PIL import Image

import network
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.files import examples as example_files
from convolution.state import demo, teach, teach_keys
from tests.helpers import shapes
from tests.helpers.paths import ROOT
from tests.helpers.recording import press


def pad_state(*args):
    return prepare(["--view", "teach", *args]).state


def drawn(state, drawing):
    """Put ``drawing`` (28×28, white on black) on the pad with the pen's own steps (a drawing step u takes back)."""
    demo.begin_stroke(state, (0.0, 0.0))
    demo.end_stroke(state)
    demo.replace_pad(state, drawing.astype(np.float32))


def test_keys_1_to_9_add_the_pad_as_an_example_white_on_black_and_clear_the_pad():
    state = pad_state("--classes", "circle,square")
    cat = state.image.copy()                                 # the bundled cat: dark strokes on light paper
    assert press(state, "1", view="teach")
    examples = state.teaching.examples
    assert examples.counts() == [1, 0] and examples.selected == 0
    np.testing.assert_array_equal(examples.drawings[0][0], 255 - cat)   # turned round, as Quick Draw stores it
    assert np.all(state.image == 255)                        # a blank page, in the cat's paper colour
    assert "added to 'circle': 1 example" in state.notice
    circle = shapes.draw("circle", 1)[0]
    drawn(state, circle)
    press(state, "2", view="teach")
    np.testing.assert_array_equal(state.teaching.examples.drawings[1][0], circle)   # white on black: as it is
    press(state, "2", view="teach")                          # a blank pad adds nothing
    assert state.teaching.examples.counts() == [1, 1] and "the pad is empty" in state.notice


def test_a_key_past_the_last_class_starts_a_class_and_one_further_says_which_key_to_press():
    state = pad_state()
    assert state.teaching.examples.names == ("class 1", "class 2")
    drawn(state, shapes.draw("star", 1)[0])
    press(state, "3", view="teach")
    assert state.teaching.examples.names == ("class 1", "class 2", "class 3")
    drawn(state, shapes.draw("star", 1)[0])
    press(state, "5", view="teach")
    assert state.teaching.examples.counts() == [0, 0, 1] and "press 4 to start class 4" in state.notice


def test_a_photo_on_the_pad_becomes_a_28x28_example_as_pillow_shrinks_it():
    rng = np.random.default_rng(3)
    photo = rng.integers(0, 256, (60, 90, 3)).astype(np.float32)
    grey = Image.fromarray(np.clip(photo.mean(axis=2), 0, 255).astype(np.uint8)).resize((28, 28),
                                                                                        Image.Resampling.BILINEAR)
    expected = np.asarray(grey)
    expected = 255 - expected if np.median(expected) >= 128 else expected
    np.testing.assert_array_equal(teach.as_example(photo), expected)


def test_backspace_takes_the_newest_back_and_u_undoes_changes_and_strokes_in_the_order_they_were_made():
    state = pad_state("--classes", "a,b")
    first, second = shapes.draw("circle", 2)
    drawn(state, first)
    press(state, "1", view="teach")
    drawn(state, second)
    press(state, "1", view="teach")
    press(state, "BACKSPACE", view="teach")
    assert state.teaching.examples.counts() == [1, 0]
    np.testing.assert_array_equal(state.teaching.examples.drawings[0][0], first)
    zigzag = shapes.draw("zigzag", 1)[0]
    drawn(state, zigzag)                                     # a stroke after the change
    press(state, "u")
    assert state.teaching.examples.counts() == [1, 0]        # u takes the stroke back first …
    press(state, "u")
    assert state.teaching.examples.counts() == [2, 0]        # … then Backspace's change
    press(state, "u")
    assert state.teaching.examples.counts() == [1, 0]        # … then the second example, and its drawing is back
    np.testing.assert_array_equal(state.image, second)
    press(state, "DOWN", "BACKSPACE", view="teach")
    assert "'b' has no examples to take back" in state.notice


def test_n_renames_the_selected_class_by_typing_and_enter_ends_digits_and_q_are_letters_then():
    state = pad_state("--classes", "circle,square")
    press(state, "DOWN", "n", view="teach")
    for char in "sq 2q":
        assert press(state, char, view="teach")
    press(state, "BACKSPACE", "ENTER", view="teach")
    assert state.teaching.examples.names == ("circle", "sq 2") and state.teaching.typed is None
    press(state, "n", "x", "ESC", view="teach")
    assert state.teaching.examples.names == ("circle", "sq 2")
    press(state, "n", *"x" * 41, view="teach")
    assert state.notice == "a class's name is at most 40 characters" and state.teaching.typed == "x" * 40


@pytest.mark.parametrize("typed, says", [
    ("", "a class needs a name"),
    ("a/b", "cannot be a file's name: it has '/'"),
    ("what?", "cannot be a file's name: it has '?'"),
    ("soft\u00adhyphen", "control or format character (U+00AD SOFT HYPHEN)"),
    ("Con", "Con is the name of a device on Windows"),
    ("nul.txt", "nul is the name of a device on Windows"),
    ("cat.", "nor end in a dot"),
    ("..", "cannot be a file's name"),
    ("Circle", "another class is called 'Circle' already"),
])
def test_a_name_that_is_empty_or_not_a_file_name_is_one_line_and_typing_goes_on(typed, says):
    state = pad_state("--classes", "circle,square")
    press(state, "DOWN", "n", *typed, "ENTER", view="teach")
    assert says in state.notice and "\n" not in state.notice
    assert state.teaching.examples.names == ("circle", "square")
    assert state.teaching.typed is not None                  # still renaming: Esc keeps the old name


def test_the_examples_are_what_a_training_run_takes():
    examples = teach.Examples.named(["a", "b"])
    for number, shape in ((0, "circle"), (1, "square"), (1, "square")):
        examples = teach.with_example(examples, number, shapes.draw(shape, 1)[0])
    drawings, labels, classes = teach.training_set(examples)
    assert drawings.shape == (3, 28, 28) and labels.tolist() == [0, 1, 1] and classes == ["a", "b"]
    assert teach.training_problem(examples) == ""
    one = teach.with_example(teach.Examples.named(["a", "b"]), 0, shapes.draw("star", 1)[0])
    assert teach.training_problem(one) == "'b' has no examples: draw one and press 2"
    assert teach.training_problem(teach.Examples.named(["a", "b", "c"])) == \
        "'a' has no examples: draw one and press 1 (3 classes have none yet)"


def test_saved_examples_open_again_and_train_py_trains_on_them(tmp_path):
    examples = teach.Examples.named(["circle", "class 2", "square"])
    for number, shape in enumerate(("circle", "triangle", "square")):
        for drawing in shapes.draw(shape, 6, seed=number):
            examples = teach.with_example(examples, number, drawing)
    folder, left_out = example_files.save(tmp_path, examples)
    assert folder.name.startswith("examples-") and left_out == []
    # "class 2.npy" would be the class "class" to train.py: Quick Draw's own naming keeps it whole.
    assert sorted(p.name for p in folder.iterdir()) == ["circle.npy", "full_numpy_bitmap_class 2.npy", "square.npy"]
    stored = np.load(folder / "circle.npy")
    assert stored.shape == (6, 784) and stored.dtype == np.uint8
    np.testing.assert_array_equal(stored.reshape(-1, 28, 28), examples.drawings[0])
    again, model = example_files.load([folder])
    assert again.names == ("circle", "class 2", "square") and model is None
    for before, after in zip(examples.drawings, again.drawings):
        np.testing.assert_array_equal(before, after)
    out = tmp_path / "m.npz"
    done = subprocess.run([sys.executable, str(ROOT / "train.py"), *map(str, sorted(folder.glob("*.npy"))),
                           "--out", str(out), "--epochs", "2"], capture_output=True, text=True, timeout=300,
                          env={"OPENBLAS_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert network.load(out).classes == ["circle", "class 2", "square"]


def test_a_new_folder_is_never_one_that_exists(tmp_path):
    from datetime import datetime
    now = datetime(2026, 12, 2, 9, 30, 0)
    (tmp_path / "examples-20261202-093000").mkdir()
    (tmp_path / "examples-20261202-093000" / "mine.txt").write_text("keep")
    examples = teach.with_example(teach.Examples.named(["a"]), 0, shapes.draw("star", 1)[0])
    folder, _ = example_files.save(tmp_path, examples, now=now)
    assert folder.name == "examples-20261202-093000-2"
    assert sorted(p.name for p in (tmp_path / "examples-20261202-093000").iterdir()) == ["mine.txt"]


def test_the_shipped_classes_open_with_a_class_of_your_own(tmp_path):
    for shape in ("cats800", "trains800"):
        shapes.write_class_file(tmp_path, shape, shapes.draw("circle", 4))
    state = prepare(["--examples", str(tmp_path / "cats800.npy"), str(tmp_path / "trains800.npy"),
                     "--classes", "house"]).state
    assert state.teaching.examples.names == ("cat", "train", "house")
    assert state.teaching.examples.counts() == [4, 4, 0]


def run_sketch_options(*args, cwd=None):
    return subprocess.run([sys.executable, str(ROOT / "sketch.py"), *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def bad_files(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    not_quickdraw = tmp_path / "notes"
    not_quickdraw.mkdir()
    (not_quickdraw / "circle.npy").write_bytes(b"these are not drawings")
    return {"missing": tmp_path / "nowhere", "empty": empty, "not quick draw": not_quickdraw}


@pytest.mark.parametrize("case, args, says", [
    ("missing", ["--examples", "{missing}"], "no such folder or file"),
    ("empty", ["--examples", "{empty}"], "holds no Quick Draw .npy or .bin files"),
    ("not quick draw", ["--examples", "{not quick draw}"], "is not a numpy .npy file"),
    ("ten classes", ["--classes", "a,b,c,d,e,f,g,h,i,j"], "10 classes, but only keys 1\u20139 add examples"),
    ("not a file name", ["--classes", "circle,a:b"], "cannot be a file's name: it has ':'"),
    ("empty name", ["--classes", "circle,,square"], "a class needs a name"),
])
def test_every_bad_input_at_start_is_one_line_and_exit_2(tmp_path, case, args, says):
    paths = bad_files(tmp_path)
    done = run_sketch_options(*[arg.format(**{k: str(v) for k, v in paths.items()}) for arg in args])
    assert done.returncode == 2 and "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and says in errors[0], done.stderr


@dataclass
class FailedRun:
    """A training run whose worker stopped (demo.LiveTraining)."""
    classes: list
    network: network.Network
    error: str = "MemoryError: "
    done: bool = False
    paused: bool = False
    epoch: int = 0
    epochs: int = 20
    progress: float = 0.0
    losses: list = field(default_factory=list)
    accuracies: list = field(default_factory=list)
    held_out: float | None = None
    version: int = 1

    def poll(self):
        return False

    def toggle_pause(self):
        pass

    def stop(self):
        pass


def test_training_with_an_empty_class_says_so_and_w_saves_the_examples_even_after_a_failed_training(tmp_path):
    options = prepare(["--classes", "circle,square"])
    sketch = Session(options.state, options.view, save_folder=tmp_path)
    state = sketch.state
    drawn(state, shapes.draw("circle", 1)[0])
    teach_keys.add_example(state, 0)
    sketch.train_examples()
    assert sketch.message == "cannot train yet: 'square' has no examples: draw one and press 2"
    assert state.running.training is None
    model = network.Network.random(["circle", "square"], seed=1)
    state.running.training, state.running.model = FailedRun(["circle", "square"], model), model
    state.teaching.trained_for = ("circle", "square")
    sketch.save_examples()
    folder = next(tmp_path.glob("examples-*"))
    assert sorted(p.name for p in folder.iterdir()) == ["circle.npy"]
    assert "the network was not saved: its training stopped" in sketch.message
    assert "square had no examples" in sketch.message


def test_f_switches_how_the_next_training_starts_and_the_screen_says_which():
    from convolution.screen.views import teach as teach_view
    state = pad_state()
    assert state.teaching.transfer and state.teaching.shipped is state.running.model   # measured: the better start
    assert "from the shipped network's filters" in teach_view.status(state)
    press(state, "f", view="teach")
    assert not state.teaching.transfer and "from 8 line detectors" in state.notice
    assert "from 8 line detectors" in teach_view.status(state)


def test_a_folder_saved_with_its_network_opens_with_the_network_asking_the_pad(tmp_path):
    examples = teach.Examples.named(["circle", "square"])
    for number, shape in enumerate(("circle", "square")):
        for drawing in shapes.draw(shape, 3, seed=number):
            examples = teach.with_example(examples, number, drawing)
    model = network.Network.random(["circle", "square"], seed=4)
    folder, _ = example_files.save(tmp_path, examples, lambda path: network.save(model, path))
    assert (folder / "network.npz").is_file()
    state = prepare(["--examples", str(folder)]).state
    assert teach_keys.trained(state) and state.running.model.classes == ["circle", "square"]
    circles = examples.drawings[0]
    np.testing.assert_array_equal(state.running.model.predict(circles), model.predict(circles))
    # A class more: the network does not know it, so the pad waits for Enter.
    assert not teach_keys.trained(prepare(["--examples", str(folder), "--classes", "house"]).state)
