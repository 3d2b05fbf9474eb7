"""Where the project and the optional shared data live, for the tests."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

# Real Quick Draw drawings beside the repository, for development only.
SHARED_QUICKDRAW = ROOT.parent / "shared" / "quickdraw"


def shared_quickdraw(name: str) -> Path:
    """``../shared/quickdraw/NAME``, or skip the test where it is absent (it is only in the development checkout)."""
    path = SHARED_QUICKDRAW / name
    if not path.exists():
        pytest.skip(f"../shared/quickdraw/{name} is not here (only in the development checkout)")
    return path
