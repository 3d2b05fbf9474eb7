"""A change that fails half-way leaves the state exactly as it was: the window's promise after an error.

The window wraps every event in Session.reporting_errors, which keeps a
demo.checkpoint and restores it when an exception escapes. These tests break
a change in its middle (the recompute at its end raises) and compare every
field of the state, arrays and all, with a deep copy taken before.
"""

import dataclasses

import numpy as np
import pytest

from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.state import demo


def everything(value):
    """A value as plain, comparable data: arrays as lists with their dtype, dataclasses as dicts."""
    if isinstance(value, np.ndarray):
        return ("array", str(value.dtype), value.shape, value.tolist())
    if isinstance(value, np.random.Generator):
        return ("rng", repr(value.bit_generator.state))
    if isinstance(value, demo.Running):
        return ("running", id(value))   # process handles are not rolled back: the same object must stay
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: everything(getattr(value, field.name)) for field in dataclasses.fields(value)
                if hasattr(value, field.name)}
    if isinstance(value, (list, tuple)):
        return [everything(item) for item in value]
    return value


def sketch_of(*args):
    sketch = Session(prepare(list(args)).state, "layer" if "layer" in args else "filter")
    sketch.state.notice = ""
    return sketch


def fail_midway(sketch, monkeypatch, change):
    """Run ``change(state)`` with the recompute at its end raising, as a window event would."""
    before = everything(sketch.state)
    calls = []

    def broken(self):
        calls.append(1)
        raise RuntimeError("broken on purpose")

    with monkeypatch.context() as patched:
        patched.setattr(demo.SketchState, "refilter", broken)
        patched.setattr(demo.SketchState, "remap", broken)
        with sketch.reporting_errors("testing"):
            change(sketch.state)
    assert calls, "the change never reached its recompute: the test did not test anything"
    return before


@pytest.mark.parametrize("change", [
    lambda state: demo.select_filter(state, 2),
    lambda state: demo.reroll_layer(state),
    lambda state: demo.use_bank(state, ["random", "sobel-x"]),
    lambda state: demo.set_weight(state, (0, 0), 3.5),
    lambda state: demo.toggle_random_size(state),
], ids=["select a filter", "reroll the layer", "a new bank", "edit a weight", "new random size"])
def test_a_bank_change_that_fails_leaves_the_layer_as_it_was(monkeypatch, capsys, change):
    sketch = sketch_of("--view", "layer", "--seed", "4")
    demo.select_cell(sketch.state, (1, 1))
    before = fail_midway(sketch, monkeypatch, change)
    assert everything(sketch.state) == before
    assert "error while testing: RuntimeError: broken on purpose" in capsys.readouterr().err


def test_a_stroke_that_fails_half_way_leaves_the_drawing_and_the_pen_as_they_were(monkeypatch, capsys):
    sketch = sketch_of("--seed", "1")
    demo.begin_stroke(sketch.state, (5.0, 5.0))
    demo.extend_stroke(sketch.state, (9.0, 5.0))
    before = fail_midway(sketch, monkeypatch, lambda state: demo.extend_stroke(state, (20.0, 18.0)))
    assert everything(sketch.state) == before
    demo.extend_stroke(sketch.state, (20.0, 18.0))   # and drawing goes on from where the pen was
    assert sketch.state.stroke.last == (20.0, 18.0)


def test_a_failed_change_leaves_the_random_kernels_to_come_as_they_were(monkeypatch, capsys):
    sketch, twin = sketch_of("--seed", "9"), sketch_of("--seed", "9")
    fail_midway(sketch, monkeypatch, demo.reroll)
    demo.reroll(sketch.state)
    demo.reroll(twin.state)
    np.testing.assert_array_equal(sketch.state.kernel, twin.state.kernel)


def test_an_error_in_slow_motion_keys_leaves_the_animation_as_it_was(monkeypatch, capsys):
    sketch = sketch_of()
    demo.toggle_slow_motion(sketch.state, now=0.0)
    before = everything(sketch.state)

    def fails(state):
        state.motion.paused = True
        state.motion.position = 40.0
        raise RuntimeError("broken on purpose")

    with sketch.reporting_errors("testing"):
        fails(sketch.state)
    assert everything(sketch.state) == before
