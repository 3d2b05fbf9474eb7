"""Shared test set-up: a virtual screen for the end-to-end tests, and the live sketch on it.

The tests are a package (``tests``), run from the repository's root, so the
project (``filters``, ``network``, ``convolution``) and the helpers
(``tests.helpers``) import as they would for a user.
"""

import os

import pytest

from tests.helpers.paths import shared_quickdraw


@pytest.fixture
def lesson_cat_path():
    return shared_quickdraw("cat.png")


@pytest.fixture(scope="session")
def xserver():
    """A virtual screen for the end-to-end tests. In CI its absence is a failure, not a skip."""
    from tests.helpers import live
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
    from tests.helpers.live import LiveSketch
    sketches = []

    def start(*args, **options):
        sketch = LiveSketch(xserver, *args, cwd=tmp_path, **options)
        sketches.append(sketch)
        return sketch

    yield start
    for sketch in sketches:
        sketch.stop()
        assert "Traceback" not in sketch.stderr(), sketch.stderr()


def pytest_collection_modifyitems(items):
    """Mark every test that starts the real sketch (or an install) as e2e: `-m "not e2e"` is the quick loop."""
    for item in items:
        starts_it = {"xserver", "live"} & set(getattr(item, "fixturenames", ()))
        if starts_it or item.path.name.endswith("_e2e.py") or item.path.name == "test_soak.py":
            item.add_marker(pytest.mark.e2e)
