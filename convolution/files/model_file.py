"""The doodle network's file: a .npz archive of plain arrays, written by network.save, read by network.load.

    format_version  1
    classes         C names
    about           one line on how it was made
    conv_weights, conv_biases, dense_weights, dense_biases   (network.Weights)

Pickled objects are never loaded. Every problem with a file is a ModelError
whose one-line message says what is wrong and what to do.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import numpy as np

from convolution.files.quickdraw import NPY_MAGIC

FORMAT_VERSION = 1                  # of the .npz files written by save(); load() reads only this one
TRAIN_COMMAND = "python train.py FILE... --out MODEL.npz"


class ModelError(ValueError):
    """A file could not be used as a model; the one-line message says why and what to do."""


def write(path, classes, about: str, weights: dict) -> None:
    """Write a network's ``classes``, ``about`` line and ``weights`` (name → array) to ``path`` as a .npz
    file (plain arrays only, no pickled objects).

    Never overwrites: raises FileExistsError if ``path`` exists (the file is
    opened with mode "xb", so not even a file that appears meanwhile is
    replaced). A half-written file is removed if writing fails.
    """
    path = Path(path)
    contents = dict(format_version=np.array(FORMAT_VERSION), classes=np.array(list(classes)),
                    about=np.array(about), **weights)
    with open(path, "xb") as file:
        try:
            np.savez(file, **contents)
        except BaseException:
            file.close()
            path.unlink(missing_ok=True)
            raise


def not_a_model(path: Path, what: str, do: str = "") -> ModelError:
    return ModelError(f"{path} {what}: {do or f'train a model with `{TRAIN_COMMAND}`'}")


def read(path, weight_names) -> tuple[list[str], dict[str, np.ndarray], str]:
    """Read a model file written by ``write``: its classes, its arrays named ``weight_names``, its about line.

    Raises ModelError, with one line saying what is wrong and what to do, for
    a missing file, a folder, a file that is not a .npz archive (a text file,
    a .npy array …), a damaged archive, missing or extra-shaped arrays, a
    different format_version. (network.load checks the weights.) Pickled objects are
    never loaded.
    """
    path = Path(path)
    if not path.exists():
        raise not_a_model(path, "not found", f"check the path, or train a model with `{TRAIN_COMMAND}`")
    if path.is_dir():
        raise not_a_model(path, "is a folder, not a model file", "give the path of a .npz made by train.py")
    try:
        with open(path, "rb") as file:
            start = file.read(4)
    except OSError as error:
        raise not_a_model(path, f"could not be read ({error.strerror or error})",
                           "check the file's permissions") from None
    if start == NPY_MAGIC[:4]:
        raise not_a_model(path, "is a single numpy array (.npy), not a doodle model (.npz) made by train.py")
    if start != b"PK\x03\x04":
        raise not_a_model(path, "is not a doodle model made by train.py (not a .npz archive)")
    try:
        with np.load(path, allow_pickle=False) as archive:
            if "format_version" not in archive.files:
                raise not_a_model(path, "is not a doodle model made by train.py (no 'format_version')")
            version = archive["format_version"]
            if version.shape != () or version.dtype.kind not in "iu":
                raise not_a_model(path, "is not a doodle model made by train.py ('format_version' is not a number)")
            if int(version) != FORMAT_VERSION:
                raise not_a_model(path, f"is a doodle model of format {int(version)}, but this network.py "
                                         f"reads format {FORMAT_VERSION}",
                                   f"train it again with this version: `{TRAIN_COMMAND}`")
            missing = [name for name in ("classes", *weight_names) if name not in archive.files]
            if missing:
                names = ", ".join(f"'{name}'" for name in missing)
                raise not_a_model(path, f"is not a complete doodle model (no {names})")
            classes = archive["classes"]
            about = archive["about"] if "about" in archive.files else np.array("")
            weights = {name: archive[name] for name in weight_names}
    except ModelError:
        raise
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, zlib.error) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        if "pickle" in reason or "object" in reason.lower():
            raise not_a_model(path, "holds Python objects, which are never loaded (they could run code)") from None
        raise not_a_model(path, f"is damaged or not a doodle model ({reason})") from None
    if classes.ndim != 1 or classes.dtype.kind != "U":
        raise not_a_model(path, "is not a doodle model: 'classes' is not a list of names")
    if len(classes) < 2 or len(set(classes.tolist())) != len(classes) or not all(classes.tolist()):
        raise not_a_model(path, f"is not a usable doodle model: its classes {classes.tolist()} are not "
                                 f"two or more distinct names")
    return classes.tolist(), weights, str(about) if about.dtype.kind == "U" else ""
