"""What sketch.py, train.py, the installed commands and the one-download app run.

A missing package is one line naming it and the command that installs it (not
a traceback), and every line the program writes about itself starts with its
own name: ``convolution-sketch: error: …`` when installed or unpacked,
``sketch.py: error: …`` in a clone (startup.program_name). Only the standard
library is imported before that line could be needed.
"""

from __future__ import annotations

import os
import sys

from convolution.app.startup import COMMANDS, OwnName, missing_message, program_name


def _start(script: str):
    """The program's name, with sys.stderr renaming ``script`` to it when they differ. In the app, a
    training worker (a new process of the same program, multiprocessing's "spawn") runs its work here."""
    import multiprocessing
    multiprocessing.freeze_support()
    for stream in (sys.stdout, sys.stderr):   # a path with 猫 printed into a pipe on Windows (cp1252): not a crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    name = program_name(script)
    if name != script and not isinstance(sys.stderr, OwnName) and sys.stderr is not None:
        sys.stderr = OwnName(sys.stderr, script, name)
    return name


def sketch_command(argv=None) -> None:
    """sketch.py, the convolution-sketch command and the app: run the sketch (window.run ends the process).
    The app's convolution-train is the same program under another name (a link to it: one copy of Python's
    modules in the download, not two), and trains."""
    if getattr(sys, "frozen", False) and program_name("sketch.py") == COMMANDS["train.py"]:
        sys.exit(train_command(argv))
    name = _start("sketch.py")
    try:
        from convolution.app import window
    except ModuleNotFoundError as error:
        print(f"{name}: error: {missing_message(error)}", file=sys.stderr)
        sys.exit(2)
    window.run(argv)


def train_command(argv=None) -> int:
    """train.py, the convolution-train command and the app's: train a network (learning/cli.py)."""
    name = _start("train.py")
    # The network's matrices are small: one BLAS thread multiplies them faster than several taking turns on
    # a busy machine, and gives the same bits whatever the number of cores. numpy reads these as it starts.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    try:
        from convolution.learning import cli
    except ModuleNotFoundError as error:
        print(f"{name}: error: {missing_message(error)}", file=sys.stderr)
        return 2
    return cli.main(argv, prog=name)
