"""Work made in the window and not saved yet: saved as the sketch ends, and kept in an autosave folder meanwhile.

A class's examples (the teach view) and a network trained in the window are
the class's work. When the sketch ends (q, Esc, the window closed, Ctrl+C or
SIGTERM) whatever of it is unsaved is written as ``w`` writes it:

* examples (and the network trained on them) in a new ``examples-YYYYmmdd-HHMMSS/``
  folder, built under a temporary name and renamed into place once complete;
* a network trained live with --train (w in the network view) in a new ``doodles-trained-….npz``;

and one line on stderr names it. Meanwhile, every ``AUTOSAVE_SECONDS`` while
something is unsaved, the same is written to ``examples-autosave-YYYYmmdd-HHMMSS/``
(replaced whole each time), so that a crash (kill -9, a power cut) loses at
most that much: ``python sketch.py --examples examples-autosave-…`` reopens it.
The autosave folder goes once everything is saved as the sketch ends. No py5::

    keeping = autosave.Safekeeping(Path.cwd(), network.save)
    keeping.tick(state.teaching, state.running, time.monotonic())   # every frame
    keeping.on_quit(state.teaching, state.running)                  # as the sketch ends
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from convolution.files import examples as example_files
from convolution.files import saving
from convolution.files.reading import shown_path

AUTOSAVE_PREFIX = "examples-autosave"
NETWORK_PREFIX = "doodles-trained"
# at most this old, the work an autosave holds (CONVOLUTION_AUTOSAVE_SECONDS: tests make it shorter)
AUTOSAVE_SECONDS = float(os.environ.get("CONVOLUTION_AUTOSAVE_SECONDS", "") or 30.0)


def _to_stderr(line: str) -> None:
    print(f"sketch.py: {line}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# What is unsaved
# --------------------------------------------------------------------------

def unsaved_examples(teaching) -> bool:
    """Whether ``teaching`` (state.teach.Teaching) holds examples that were neither written (w, on quitting)
    nor read (--examples) as they are: a class whose drawings are not the very ones saved."""
    examples, saved = teaching.examples, teaching.saved
    if not examples.total():
        return False
    if saved is None:
        return True
    saved_drawings = dict(zip(saved.names, saved.drawings))
    return any(len(drawings) and saved_drawings.get(name) is not drawings
               for name, drawings in zip(examples.names, examples.drawings))


def taught_network(teaching, running) -> Any:
    """The network trained in the teach view on its classes as they are now, if there is one (else None)."""
    model, run = running.model, running.training
    if run is None or model is None or getattr(run, "error", None) or not teaching.trained_for:
        return None
    return model if tuple(model.classes) == tuple(teaching.trained_for) == tuple(teaching.examples.names) else None


def live_network(teaching, running) -> Any:
    """The network trained live with --train (not in the teach view), if there is one and it is unsaved."""
    model, run = running.model, running.training
    if run is None or model is None or getattr(run, "error", None) or teaching.trained_for:
        return None
    return None if model is teaching.saved_network else model


def unsaved_work(teaching, running) -> tuple[bool, Any]:
    """(whether the examples are to be saved, the network to save beside them or None). A network trained
    on the examples and not saved makes the examples worth saving again: a network goes with its classes."""
    network = taught_network(teaching, running)
    if network is teaching.saved_network:
        network = None
    if network is not None and not teaching.examples.total():
        network = None
    return unsaved_examples(teaching) or network is not None, network


# --------------------------------------------------------------------------
# Keeping it
# --------------------------------------------------------------------------

@dataclass
class Safekeeping:
    """Saves a session's unsaved work in ``folder`` (the folder the sketch started in): ``tick`` every
    frame (an autosave when due), ``on_quit`` as the sketch ends. ``write_network(model, path)`` writes a
    network (network.save); ``report(line)`` says what happened, in one line (stderr by default).
    Safe to call from several threads (a key's, a signal handler's, the drawing thread's)."""
    folder: Path
    write_network: Callable[[Any, Path], object]
    interval: float = AUTOSAVE_SECONDS
    report: Callable[[str], None] = _to_stderr
    autosave_folder: Path | None = None   # this session's autosave, once written
    autosaved: tuple = ()                 # … of what: (examples, network) as they were
    checked_at: float | None = None
    quitting: bool = False
    failed_for: tuple = ()                # the work a failed save was of: not tried again, not said again
    _lock: threading.RLock = field(default_factory=threading.RLock)
    in_background: bool = False           # tick writes on a thread of its own (the window's choice)
    _busy: bool = False                   # on_quit is running (a signal may call it again in the same thread)
    _writer: threading.Thread | None = None

    def tick(self, teaching, running, now: float) -> Path | None:
        """Write the autosave if ``interval`` seconds have passed since the last look and the unsaved work
        changed since the last autosave: here, or with ``in_background`` on a thread of its own (the window's
        frames go on while a large set of examples is written). Returns the autosave folder when written here
        (else None)."""
        if self.quitting:
            return None
        if self.checked_at is None:
            self.checked_at = now
        if now - self.checked_at < self.interval:
            return None
        self.checked_at = now
        with self._lock:
            if self.quitting or (self._writer is not None and self._writer.is_alive()):
                return None
            due, network = unsaved_work(teaching, running)
            marker = (teaching.examples, network)   # both never change in place: safe to write from a thread
            if not due or _same(marker, self.autosaved) or _same(marker, self.failed_for):
                return None
            if self.in_background:
                self._writer = threading.Thread(target=self._autosave, args=(marker,), name="autosave", daemon=True)
                self._writer.start()
                return None
            return self._autosave(marker)

    def _autosave(self, marker: tuple) -> Path | None:
        with self._lock:   # on_quit waits for a write under way, then saves
            if self.quitting:
                return None
            examples, network = marker
            try:
                self.autosave_folder = write_autosave(self.folder, self.autosave_folder, examples,
                                                      self._network_writer(network))
            except Exception as error:   # a full disk: said once, and the class's work goes on
                self.failed_for = marker
                self.report(f"could not autosave the examples in {shown_path(self.folder)}: {_reason(error)}; "
                            f"save them with w into a folder you can write to")
                return None
            self.autosaved = marker
            return self.autosave_folder

    def on_quit(self, teaching, running) -> list[Path]:
        """The sketch ends: save whatever is unsaved (a new examples folder, a new network file), say where
        in one line each, and remove the autosave once nothing is left unsaved. Returns what was written.
        Called again (a second key, then the end of main), it saves only what is new since."""
        with self._lock:
            self.quitting = True
            if self._busy:   # a signal handler, inside an on_quit of the same thread: that one saves
                return []
            self._busy = True
            try:
                return self._save_all(teaching, running)
            finally:
                self._busy = False

    def _save_all(self, teaching, running) -> list[Path]:
        written = []
        due, network = unsaved_work(teaching, running)
        if due and not _same((teaching.examples, network), self.failed_for):
            path = self._save_examples(teaching, network)
            if path is not None:
                written.append(path)
        model = live_network(teaching, running)
        if model is not None and not _same(((), model), self.failed_for):
            path = self._save_live_network(teaching, model)
            if path is not None:
                written.append(path)
        if not self.failed_for and self.autosave_folder is not None:
            saving.remove_own_folder(self.autosave_folder)
            self.autosave_folder = None
        return written

    def _save_examples(self, teaching, network) -> Path | None:
        examples = teaching.examples
        try:
            folder, _ = example_files.save(self.folder, examples, self._network_writer(network))
        except Exception as error:
            self.failed_for = (examples, network)
            kept = (f"; the autosave {shown_path(self.autosave_folder)} holds them as they were at most "
                    f"{self.interval:g} s before" if self.autosave_folder is not None else "")
            self.report(f"error: could not save the examples not saved yet in {shown_path(self.folder)}: "
                        f"{_reason(error)}{kept}")
            return None
        teaching.saved = examples
        if network is not None:
            teaching.saved_network = network
        what = "the examples and the network" if network is not None else "the examples"
        self.report(f"{what} not saved yet are in {shown_path(folder.resolve())}: reopen them with "
                    f"python sketch.py --examples {shown_path(folder.resolve())}")
        return folder

    def _save_live_network(self, teaching, model) -> Path | None:
        path = saving.new_file_path(self.folder, NETWORK_PREFIX, ".npz")
        try:
            self.write_network(model, path)
        except Exception as error:
            self.failed_for = ((), model)
            self.report(f"error: could not save the network trained live as {shown_path(path)}: {_reason(error)}")
            return None
        teaching.saved_network = model
        self.report(f"the network trained live, not saved yet, is in {shown_path(path.resolve())}: use it with "
                    f"python sketch.py --model {shown_path(path.resolve())}")
        return path

    def _network_writer(self, network) -> Callable[[Path], object] | None:
        if network is None:
            return None
        return lambda path: self.write_network(network, path)


def write_autosave(parent: Path, previous: Path | None, examples, save_network=None) -> Path:
    """The examples (and the network, through ``save_network(path)``) written as a folder --examples
    reopens: the first time a new ``examples-autosave-…/`` folder, then that folder replaced whole
    (saving.replace_own_folder). Returns the folder."""
    def fill(folder: Path) -> None:
        for name, drawings in zip(examples.names, examples.drawings):
            if len(drawings):
                saving.write_new(folder / example_files.file_name(name), example_files.drawings_writer(drawings))
        if save_network is not None:
            save_network(folder / example_files.NETWORK_FILE)

    if previous is not None and previous.is_dir():
        return saving.replace_own_folder(previous, fill)
    return saving.write_new_folder(parent, example_files.folder_stem(prefix=AUTOSAVE_PREFIX), fill)


def _same(marker: tuple, other: tuple) -> bool:
    return len(marker) == len(other) and all(a is b for a, b in zip(marker, other))


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return " ".join(str(error).split()) or type(error).__name__
