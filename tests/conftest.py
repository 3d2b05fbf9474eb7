"""Shared test set-up: the project on sys.path, and where the optional shared data lives."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Real Quick Draw drawings beside the repository, for development only.
SHARED_QUICKDRAW = ROOT.parent / "shared" / "quickdraw"


@pytest.fixture
def lesson_cat_path():
    path = SHARED_QUICKDRAW / "cat.png"
    if not path.exists():
        pytest.skip("../shared/quickdraw/cat.png is not here (only in the development checkout)")
    return path
