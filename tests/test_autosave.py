"""Nothing a class makes is lost: the teach view's unsaved examples (and a network trained in the window) saved
as the sketch ends and autosaved meanwhile (files/autosave.py), and w's folder built whole before it has its name."""

from __future__ import annotations

import errno
import os
from types import SimpleNamespace

import numpy as np
import pytest

import network
from convolution.app.options import prepare
from convolution.files import autosave, saving
from convolution.files import examples as example_files
from convolution.state import teach
from tests.helpers import shapes
from tests.helpers.hostile import folder_state


def taught(names=("circle", "square"), count=2) -> teach.Teaching:
    examples = teach.Examples.named(names)
    for number, shape in enumerate(("circle", "square", "star")[:len(names)]):
        for drawing in shapes.draw(shape, count, seed=number):
            examples = teach.with_example(examples, number, drawing)
    return teach.Teaching(examples)


def idle() -> SimpleNamespace:
    return SimpleNamespace(model=None, training=None)


def keeping(folder, lines=None, interval=60.0) -> autosave.Safekeeping:
    said = lines if lines is not None else []
    return autosave.Safekeeping(folder, network.save, interval=interval, report=said.append)


def reopened(folder):
    examples, model = example_files.load([folder])
    return {name: drawings for name, drawings in zip(examples.names, examples.drawings)}, model


def test_what_is_unsaved_is_what_was_neither_written_nor_read():
    teaching = teach.Teaching(teach.Examples.default())
    assert not autosave.unsaved_examples(teaching)   # nothing drawn: nothing to lose
    teaching = taught()
    assert autosave.unsaved_examples(teaching)
    teaching.saved = teaching.examples
    assert not autosave.unsaved_examples(teaching)
    teaching.examples = teach.with_example(teaching.examples, 1, shapes.draw("star", 1)[0])
    assert autosave.unsaved_examples(teaching)
    teaching.examples = teach.select(teaching.examples, 1)   # selecting a class changes nothing of the work
    teaching.saved = teaching.examples
    assert not autosave.unsaved_examples(teaching)


def test_examples_opened_with_more_classes_and_nothing_drawn_are_not_unsaved(tmp_path):
    folder, _ = example_files.save(tmp_path, taught().examples)
    state = prepare(["--examples", str(folder), "--classes", "house"]).state
    assert state.teaching.examples.names == ("circle", "square", "house")
    assert not autosave.unsaved_examples(state.teaching)


def test_quitting_saves_the_unsaved_examples_in_a_new_folder_that_reopens_the_same(tmp_path):
    teaching, lines = taught(), []
    written = keeping(tmp_path, lines).on_quit(teaching, idle())
    assert len(written) == 1 and written[0].name.startswith("examples-") and written[0].parent == tmp_path
    drawings, model = reopened(written[0])
    assert model is None and list(drawings) == ["circle", "square"]
    for name, original in zip(teaching.examples.names, teaching.examples.drawings):
        np.testing.assert_array_equal(drawings[name], original)
    assert len(lines) == 1 and "\n" not in lines[0] and str(written[0].resolve()) in lines[0]
    assert "--examples" in lines[0]
    assert teaching.saved is teaching.examples


def test_q_twice_in_a_hurry_saves_once_and_an_example_added_between_is_saved_too(tmp_path):
    teaching, lines = taught(), []
    keeper = keeping(tmp_path, lines)
    first = keeper.on_quit(teaching, idle())
    assert keeper.on_quit(teaching, idle()) == []   # the second q: nothing new
    teaching.examples = teach.with_example(teaching.examples, 0, shapes.draw("star", 1)[0])
    second = keeper.on_quit(teaching, idle())
    assert len(first) == len(second) == 1 and first != second and len(lines) == 2
    assert len(reopened(second[0])[0]["circle"]) == 3


def test_nothing_unsaved_writes_nothing(tmp_path):
    teaching = taught()
    teaching.saved = teaching.examples
    assert keeping(tmp_path).on_quit(teaching, idle()) == [] and list(tmp_path.iterdir()) == []


def test_a_network_trained_in_the_teach_view_goes_with_its_examples(tmp_path):
    teaching = taught()
    teaching.saved = teaching.examples   # w saved the examples, then Enter trained
    model = network.Network.random(["circle", "square"], seed=3)
    teaching.trained_for = ("circle", "square")
    running = SimpleNamespace(model=model, training=SimpleNamespace(error=None))
    written = keeping(tmp_path).on_quit(teaching, running)
    drawings, saved_model = reopened(written[0])
    assert saved_model is not None and network.load(saved_model).classes == ["circle", "square"]
    np.testing.assert_array_equal(network.load(saved_model).predict(drawings["circle"]),
                                  model.predict(drawings["circle"]))
    assert keeping(tmp_path).on_quit(teaching, running) == []   # saved: not again


def test_a_network_trained_live_with_train_is_saved_as_a_new_file(tmp_path):
    teaching, lines = teach.Teaching(teach.Examples.default()), []
    model = network.Network.random(["cat", "train"], seed=1)
    running = SimpleNamespace(model=model, training=SimpleNamespace(error=None))
    written = keeping(tmp_path, lines).on_quit(teaching, running)
    assert [path.name.startswith("doodles-trained-") and path.suffix == ".npz" for path in written] == [True]
    assert network.load(written[0]).classes == ["cat", "train"] and "--model" in lines[0]


def test_the_autosave_is_written_when_due_reopens_and_is_replaced_whole(tmp_path):
    teaching, lines = taught(), []
    keeper = keeping(tmp_path, lines, interval=60)
    assert keeper.tick(teaching, idle(), 1000.0) is None          # the first look starts the clock
    assert keeper.tick(teaching, idle(), 1059.0) is None
    folder = keeper.tick(teaching, idle(), 1060.0)
    assert folder is not None and folder.name.startswith(autosave.AUTOSAVE_PREFIX)
    drawings, _ = reopened(folder)
    assert [len(drawings[name]) for name in ("circle", "square")] == [2, 2]
    assert keeper.tick(teaching, idle(), 1120.0) is None          # nothing changed: not written again
    teaching.examples = teach.renamed(teach.with_example(teaching.examples, 1, shapes.draw("star", 1)[0]), 0, "ring")
    assert keeper.tick(teaching, idle(), 1180.0) == folder        # the same folder, replaced whole
    drawings, _ = reopened(folder)
    assert sorted(drawings) == ["ring", "square"] and len(drawings["square"]) == 3
    assert sorted(path.name for path in tmp_path.iterdir()) == [folder.name]   # no temporary folder left
    assert lines == []
    keeper.on_quit(teaching, idle())   # saved as the sketch ends: the autosave goes
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(autosave.AUTOSAVE_PREFIX)] == []


def test_a_failed_save_on_quitting_keeps_the_autosave_and_says_so_in_one_line(tmp_path, monkeypatch):
    teaching, lines = taught(), []
    keeper = keeping(tmp_path, lines, interval=1)
    keeper.tick(teaching, idle(), 0.0)
    folder = keeper.tick(teaching, idle(), 2.0)
    teaching.examples = teach.with_example(teaching.examples, 0, shapes.draw("star", 1)[0])

    def full(*_):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(example_files, "save", full)
    assert keeper.on_quit(teaching, idle()) == []
    assert len(lines) == 1 and "No space left" in lines[0] and str(folder) in lines[0] and "\n" not in lines[0]
    assert folder.is_dir() and len(reopened(folder)[0]["circle"]) == 2
    assert keeper.on_quit(teaching, idle()) == [] and len(lines) == 1   # not said twice


def test_an_autosave_on_a_full_disk_is_said_once_and_leaves_nothing(tmp_path, monkeypatch):
    teaching, lines = taught(), []
    keeper = keeping(tmp_path, lines, interval=1)
    keeper.tick(teaching, idle(), 0.0)

    def full_disk(path, write, overwrite=False):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(saving, "write_new", full_disk)
    assert keeper.tick(teaching, idle(), 2.0) is None and keeper.tick(teaching, idle(), 4.0) is None
    assert len(lines) == 1 and "autosave" in lines[0] and list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------
# w: the folder is built under a temporary name and renamed into place
# --------------------------------------------------------------------------

def test_w_on_a_full_disk_leaves_nothing_behind(tmp_path, monkeypatch):
    (tmp_path / "mine.txt").write_text("keep")
    before = folder_state(tmp_path)
    real = saving.write_new
    calls = []

    def fills_up(path, write, overwrite=False):
        calls.append(path)
        if len(calls) == 2:   # the second class's file does not fit
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, write, overwrite)
    monkeypatch.setattr(saving, "write_new", fills_up)
    with pytest.raises(OSError, match="No space left"):
        example_files.save(tmp_path, taught().examples)
    assert folder_state(tmp_path) == before


def test_w_into_a_folder_that_vanishes_leaves_nothing_behind(tmp_path):
    parent = tmp_path / "class"
    parent.mkdir()

    def vanish(path):
        for entry in os.scandir(path):
            os.unlink(entry.path)
        os.rmdir(path)
        os.rmdir(parent)
    with pytest.raises(OSError):
        saving.write_new_folder(parent, "examples-x", vanish)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_of_that_name_made_while_w_writes_is_never_replaced(tmp_path):
    def someone_takes_the_name(folder):
        (folder / "a.npy").write_bytes(b"ours")
        (tmp_path / "examples-x").mkdir()
        (tmp_path / "examples-x" / "theirs.txt").write_text("theirs")
    folder = saving.write_new_folder(tmp_path, "examples-x", someone_takes_the_name)
    assert folder.name == "examples-x-2" and (folder / "a.npy").read_bytes() == b"ours"
    assert [p.name for p in (tmp_path / "examples-x").iterdir()] == ["theirs.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["examples-x", "examples-x-2"]


def test_the_window_autosaves_on_a_thread_of_its_own_and_quitting_waits_for_it(tmp_path):
    teaching, lines = taught(), []
    keeper = autosave.Safekeeping(tmp_path, network.save, interval=1, report=lines.append, in_background=True)
    keeper.tick(teaching, idle(), 0.0)
    assert keeper.tick(teaching, idle(), 1.0) is None   # started, not waited for
    assert keeper._writer is not None
    keeper._writer.join(timeout=30)
    [folder] = tmp_path.glob(f"{autosave.AUTOSAVE_PREFIX}-*")
    assert [len(drawings) for drawings in reopened(folder)[0].values()] == [2, 2]
    teaching.examples = teach.with_example(teaching.examples, 0, shapes.draw("star", 1)[0])
    keeper.tick(teaching, idle(), 2.0)                   # a write under way as the sketch ends …
    written = keeper.on_quit(teaching, idle())           # … is waited for, then the quit's save is made
    assert len(written) == 1 and len(reopened(written[0])[0]["circle"]) == 3
    assert not list(tmp_path.glob(f"{autosave.AUTOSAVE_PREFIX}-*")) and lines[-1].startswith("the examples")
