"""A network's examples made ready to ask, beside the window: their features for ``Network.nearest`` and the
judge's bar for ``Network.judge`` (about a second of work for the shipped network's 1,920 drawings, once per
network and weights). The session starts it when a network arrives or finishes training (``follow``), so the
network view's first frame never waits for it; while it runs, the view says it is finding the drawings
(``pending``) rather than asking the network itself.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from convolution.state.parts import Running

# One worker: a new network's warm-up waits for the one before, and the window's thread never does this work.
_WARMER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="examples")
KEPT = 4   # the warm-ups remembered (the newest): a network swapped back and forth is not warmed again


@dataclass
class _Job:
    weights: object      # the weights it was for (held, so their id is not reused while remembered)
    future: Future
    reported: bool = False


_JOBS: dict[int, _Job] = {}


def _warm(model) -> None:
    drawing = model.examples[0]             # some ink: a blank page would not reach the judge's bar
    model.neighbours(drawing, 1, "features")
    model.neighbours(drawing, 1, "pixels")
    model.judge(drawing)


def _job(model) -> _Job | None:
    job = _JOBS.get(id(model.weights))
    return job if job is not None and job.weights is model.weights else None


def start(model) -> None:
    """Begin making ``model``'s examples ready for its current weights (if it carries any, and not begun)."""
    if not model.has_examples or _job(model) is not None:
        return
    while len(_JOBS) >= KEPT:
        _JOBS.pop(next(iter(_JOBS)))
    _JOBS[id(model.weights)] = _Job(model.weights, _WARMER.submit(_warm, model))


def pending(model) -> bool:
    """Whether a warm-up of ``model``'s current weights is under way (ask it nothing that would wait for it)."""
    job = _job(model)
    return job is not None and not job.future.done()


def follow(running: Running) -> bool:
    """Once a tick: warm the network up if it is new (not while it is being trained: its weights change at
    every step); True once, when a warm-up has just finished (the screen shows the nearest drawings then)."""
    model, run = running.model, running.training
    if model is None or not model.has_examples or (run is not None and not (run.done or run.error)):
        return False
    job = _job(model)
    if job is None:
        start(model)
        return False
    if job.future.done() and not job.reported:
        job.reported = True
        return True
    return False
