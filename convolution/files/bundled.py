"""Where the files that come with the sketch are: the cat, the shipped network and its drawings, the lessons.

In a clone they stand in the repository's ``assets/`` and ``lessons/``
folders; installed with pip, they travel inside the package
(``convolution/assets/``, ``convolution/lessons/``). Either way the same
names work. The lessons are also found by name (``coding-train``): ``lesson_names``.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent        # convolution/
REPOSITORY = PACKAGE.parent                             # the clone's root (or site-packages, installed)


def bundled(folder: str, name: str) -> Path:
    """The path of bundled file ``folder/name``: inside the package when installed, else in the clone."""
    inside = PACKAGE / folder / name
    return inside if inside.exists() else REPOSITORY / folder / name


CAT = bundled("assets", "cat.png")               # the drawing the sketch shows when no --image is given
DOODLES = bundled("assets", "doodles.npz")       # the shipped network (cat, rainbow, train)
LESSONS = bundled("lessons", "")                 # the lesson plans' folder
# The drawings the shipped network learned from: Quick Draw's cats, rainbows and trains, 800 of each, as
# .bin files (784 bytes a drawing, white on black) compressed with gzip. CC BY 4.0: assets/quickdraw/README.md.
QUICKDRAW = bundled("assets", "quickdraw")
QUICKDRAW_FILES = ("cats800.bin.gz", "rainbows800.bin.gz", "trains800.bin.gz")


def lesson_names() -> list[str]:
    """The names of the bundled lessons, as --lesson takes them (``coding-train``)."""
    try:
        return sorted(path.stem for path in LESSONS.glob("*.toml"))
    except OSError:
        return []
