"""Shared test set-up: the project on sys.path, and where the optional shared data lives."""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Real Quick Draw drawings beside the repository, for development only.
SHARED_QUICKDRAW = ROOT.parent / "shared" / "quickdraw"


def shared_quickdraw(name: str) -> Path:
    """``../shared/quickdraw/NAME``, or skip the test where it is absent (it is only in the development checkout)."""
    path = SHARED_QUICKDRAW / name
    if not path.exists():
        pytest.skip(f"../shared/quickdraw/{name} is not here (only in the development checkout)")
    return path


@pytest.fixture
def lesson_cat_path():
    return shared_quickdraw("cat.png")


@pytest.fixture(scope="session")
def xserver():
    """A virtual screen for the end-to-end tests. In CI its absence is a failure, not a skip."""
    import live
    missing = live.missing_tools()
    if missing:
        message = f"{', '.join(missing)} not installed (apt-get install xvfb xdotool imagemagick)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = live.XServer()
    yield server
    server.stop()


@pytest.fixture
def live(xserver, tmp_path):
    """Start sketch.py on the virtual screen: ``live(*args)``; every sketch is stopped afterwards."""
    from live import LiveSketch
    sketches = []

    def start(*args, **options):
        sketch = LiveSketch(xserver, *args, cwd=tmp_path, **options)
        sketches.append(sketch)
        return sketch

    yield start
    for sketch in sketches:
        sketch.stop()
        assert "Traceback" not in sketch.stderr(), sketch.stderr()
