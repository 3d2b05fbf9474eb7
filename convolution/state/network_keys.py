"""What the network view's own keys do to the state: the evidence on the drawing, the drawing moved to probe
what the network knows (a pixel, 15°, 10%, a mirror: u takes each back), the sweep of every small shift, and
which nearest drawings are shown. Pure state changes; the key table (keys.py) says which key does which.
"""

from __future__ import annotations

from convolution.state import demo, probe, teach


def toggle_evidence(state: demo.SketchState) -> None:
    """The evidence overlay on the drawing: on ↔ off."""
    state.ui.show_evidence = not state.ui.show_evidence


def move_drawing(state: demo.SketchState, name: str) -> None:
    """Move the drawing as the probe ``name`` says (a key of probe.PROBES), as a drawing step (u takes it
    back); the maps, the evidence and the probabilities follow, and a sweep of the old drawing is put away."""
    demo.change_drawing(state, probe.apply(state.image, name))
    state.running.sweep = None
    state.notice = f"the drawing {probe.PROBES[name].name}: u takes it back"


def start_sweep(state: demo.SketchState) -> None:
    """Slide the drawing over every shift of ±SWEEP_REACH pixels and ask the network for its likeliest class
    each time, beside the window (poll ``state.running.sweep``); again on the same drawing: the sweep is put away
    (on a drawing changed since, a new one starts)."""
    model = state.running.current_model()
    drawing, _ = teach.drawing_for_network(state.image)
    best = int(model.predict(drawing)[0].argmax())
    sweep = state.running.sweep
    if sweep is not None and sweep.shows(drawing, best):   # again on the same drawing: put away
        state.running.sweep = None
        return
    state.running.sweep = probe.start_sweep(model.predict, drawing, best)
    reach = probe.SWEEP_REACH
    state.notice = (f"sliding the drawing over every shift of \u00b1{reach} pixels: "
                    f"how sure it stays of {model.classes[best]}")


def toggle_nearest_space(state: demo.SketchState) -> None:
    """The nearest training drawings by the network's own features ↔ by their pixels."""
    state.ui.nearest_by_pixels = not state.ui.nearest_by_pixels
    state.notice = ("the nearest drawings it learned from, by their pixels" if state.ui.nearest_by_pixels
                    else "the nearest drawings it learned from, in its own features (the last block's maps)")
