"""sketch.py that says, as it ends, what it showed last: for end-to-end tests to check against.

    CONVOLUTION_STATE_FILE=s.json python tests/helpers/reporting_sketch.py [sketch.py's options]

Runs the sketch exactly as sketch.py does; at exit it writes the last
state's image, kernel and modes to the JSON file CONVOLUTION_STATE_FILE names.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from convolution.app.window import Sketch, main  # noqa: E402  (after the path is set)

PROGRAM = Path(__file__).resolve()


class ReportingSketch(Sketch):
    last: ReportingSketch | None = None

    def __init__(self, session, py5=None):
        super().__init__(session, py5)
        ReportingSketch.last = self


def report(state) -> dict:
    """What the demo showed, as plain JSON."""
    return {"image": state.image.tolist(), "kernel": state.kernel.tolist(), "edges": state.edges,
            "flip": state.flip, "mapping": state.mapping, "show_help": state.ui.show_help}


def run(argv=None) -> int:
    status = main(argv, ReportingSketch)
    target = os.environ.get("CONVOLUTION_STATE_FILE")
    if ReportingSketch.last is not None and target:
        Path(target).write_text(json.dumps(report(ReportingSketch.last.session.state)))
    return status


if __name__ == "__main__":
    sys.exit(run())
