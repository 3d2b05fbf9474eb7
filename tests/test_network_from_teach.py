"""v from the teach view once the class has trained a network there: the network view, asking the class's
network, and saying so (issue 29). The session without py5: keys in, the scene read back."""

from pathlib import Path

import numpy as np

import network
from convolution.app.events import Key, Screen, Tick
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.state import teach
from tests.helpers.screen_check import drawn_of
from tests.test_layout_matrix import FakeRun

NAMES = ("circle", "square", "triangle")


class FinishedRun(FakeRun):
    """A training run that has finished, as the state sees one (parts.LiveTraining)."""

    def __init__(self, model):
        super().__init__(model)
        self.paused, self.epoch, self.epochs, self.progress = False, 20, 20, 1.0
        self.losses, self.accuracies = [1.0, 0.2], [0.4, 0.9]
        self.held_out, self.error, self.done, self.version = None, "", True, 2


def teach_session(per_class: int, trained: bool) -> Session:
    """The teach view with ``per_class`` examples of each of NAMES, and (``trained``) a network trained on them."""
    options = prepare(["--view", "teach", "--classes", ",".join(NAMES)])
    running = Session(options.state, options.view, save_folder=Path("/nonexistent"), clock=lambda: 100.0)
    assert running.handle(Screen(1280, 800)) == []
    state = running.state
    rng = np.random.default_rng(3)
    found = teach.Examples.named(NAMES)
    for number in range(len(NAMES)):
        for _ in range(per_class):
            found = teach.with_example(found, number, rng.integers(0, 256, (28, 28), dtype=np.uint8))
    state.teaching.examples = found
    if trained:
        model = network.Network.random(list(NAMES), seed=4)
        state.running.training, state.running.model, state.teaching.trained_for = FinishedRun(model), model, NAMES
    return running


def shown_texts(running: Session) -> list[str]:
    running.handle(Tick(100.0))
    return [item.text for item in drawn_of(running.scene()) if item.kind == "text"]


def test_v_after_training_in_the_teach_view_asks_the_class_s_network():
    running = teach_session(7, trained=True)
    running.handle(Key("v", False))
    assert running.view_name == "network"
    said = " ".join(shown_texts(running))
    total = 7 * len(NAMES)
    assert f"your class's {total} drawings of {len(NAMES)} classes: circle, square, triangle" in said
    assert "Quick Draw" not in said
    assert running.message.startswith("network view: ") and f"{total} drawings" in running.message
    # The bars are the class's network's classes, not the shipped network's.
    assert all(name in said for name in NAMES) and "rainbow" not in said


def test_the_count_said_is_the_drawings_trained_on_not_those_added_since():
    running = teach_session(5, trained=True)
    running.state.teaching.trained_on = 15
    running.state.teaching.examples = teach.with_example(running.state.teaching.examples, 0,
                                                         np.zeros((28, 28), np.uint8))
    running.handle(Key("v", False))
    assert "your class's 15 drawings of 3 classes" in " ".join(shown_texts(running))


def test_v_in_the_teach_view_before_training_goes_on_to_the_filter_view():
    running = teach_session(7, trained=False)
    running.handle(Key("v", False))
    assert running.view_name == "filter"


def test_the_shipped_network_says_it_learned_from_quick_draw_doodles():
    options = prepare(["--view", "network"])
    running = Session(options.state, options.view, save_folder=Path("/nonexistent"), clock=lambda: 100.0)
    running.handle(Screen(1280, 800))
    said = " ".join(shown_texts(running))
    assert "Quick Draw doodles" in said and "your class" not in said
