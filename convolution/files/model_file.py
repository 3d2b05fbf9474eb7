"""The doodle network's file: a .npz archive of plain arrays, written by ``save``, read by ``load``.

``network.save(net, path)`` and ``network.load(path)`` (the names README documents) hand over to these two.

Format 3 (what ``arrays_to_save`` lays out), for a network of B conv blocks and N examples:

    format_version                 3
    classes                        C names
    about                          one line on how it was made
    conv1_weights, conv1_biases    block 1: F×1×k×k and F (see network.ConvBlock)
    conv2_weights, conv2_biases    block 2: F×C×k×k and F … up to convB_…
    dense_weights, dense_biases    classes × features and classes (see network.Dense)
    examples                       N×28×28 uint8: the drawings it learned from, white on black (N may be 0)
    example_labels                 N int64: each one's class number (into classes)

Format 2 (still read) is format 3 without the examples: a network read from it has none
(``Network.has_examples`` is False). Format 1 (one conv block, the models of before; still read): format_version 1,
classes, about, conv_weights F×k×k, conv_biases F, dense_weights C×F×h×w,
dense_biases C. ``read`` gives all three in format 3's layout (the same numbers,
so the same answers; no examples from formats 1 and 2).

``save`` writes the file through the project's one way of writing files,
``saving.write_new`` (never over an existing file, never half-written),
compressed (the examples are mostly black: 2,400 of them take about 0.4 MB).
Reading is careful, as for every file a user can point the sketch at: only a
regular file is opened (``reading.open_regular``, the project's one way of
opening a file: never a FIFO or a device, which could hang), and its size,
the archive's directory and each array's .npy header (shape, dtype) are
checked before any array's data is read, so a hostile file (a small one
claiming a huge array, a compressed one that would expand to gigabytes) is
refused at once with little memory. Pickled objects are never loaded. Every
problem with a file is a ModelError whose one-line message says what is wrong
and what to do.
"""

from __future__ import annotations

import ast
import math
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

import network
from convolution.files import model_budget, reading, saving
from convolution.files.quickdraw import NPY_MAGIC

FORMAT_VERSION = 3                  # of the .npz files network.save writes
READ_VERSIONS = (1, 2, 3)           # the versions read() understands
TRAIN_COMMAND = "python train.py FILE... --out MODEL.npz"

# Limits far above any doodle model (ml5's network for 3 classes is 18 KB, with its 2,400 drawings 0.4 MB;
# 345 classes of Quick Draw with 64 filters of 3×3 in one block would be 15 MB, and model_budget's
# MAX_EXAMPLES drawings another 16 MB), far below what could trouble a laptop.
MAX_FILE_BYTES = 64 * 2 ** 20       # the .npz file itself
MAX_ARRAY_BYTES = 64 * 2 ** 20      # all its arrays together, uncompressed
MAX_MEMBERS = 200                   # arrays in the archive (two per conv block)
MAX_DIRECTORY_BYTES = 2 ** 17       # the archive's directory of them
MAX_HEADER_BYTES = 10_000           # of one .npy header (numpy's own limit; it writes under 200)
MAX_DIMENSIONS = 8
READ_KINDS = "biufU"                # booleans, integers, floating-point numbers, text: nothing else is read

V1_NAMES = ("conv_weights", "conv_biases", "dense_weights", "dense_biases")
BLOCK_NAME = re.compile(r"conv([1-9][0-9]*)_(weights|biases)")


# A file that cannot be used as a model; the one-line message says why and what to do. Defined beside the
# network (network.ModelError, which callers catch), raised here.
ModelError = network.ModelError


@dataclass(frozen=True)
class Contents:
    """What a model file holds, in format 3's layout whatever its version (shapes as network.Weights)."""
    version: int
    classes: list[str]
    about: str
    blocks: list[tuple[np.ndarray, np.ndarray]]      # (weights F×C×k×k, biases F) of each conv block
    dense: tuple[np.ndarray, np.ndarray]             # (weights classes × features, biases classes)
    examples: np.ndarray                             # N×28×28 uint8 (0×28×28 from formats 1 and 2)
    example_labels: np.ndarray                       # N int64


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------

def save(net: network.Network, path) -> None:
    """Write ``net`` to ``path`` as a format-3 .npz of plain arrays (never pickled objects), with its examples.

    Never overwrites: raises FileExistsError if ``path`` exists. A failed write (a full disk) leaves no
    file behind: the project's one way of writing a file (saving.write_new: a temporary file, fsync,
    then an exclusive link).
    """
    weights = net.weights
    contents = arrays_to_save(net.classes, net.about, [(block.weights, block.biases) for block in weights.blocks],
                              (weights.dense.weights, weights.dense.biases), net.examples, net.example_labels)
    saving.write_new(path, lambda file: np.savez_compressed(file, **contents))


def load(path) -> network.Network:
    """The network in a model file written by ``save`` (or train.py): format 3, or 2 or 1 (no examples).

    Raises ModelError, with one line saying what is wrong and what to do, for a file that is missing, not
    a regular file, too large, not a model, damaged, of another format, or whose weights do not fit
    together. Pickled objects are never loaded.
    """
    contents = read(path)
    weights = network.Weights(tuple(network.ConvBlock(*block) for block in contents.blocks),
                              network.Dense(*contents.dense))
    problem = network.check_weights(weights, contents.classes)
    if problem:
        raise not_a_model(path, f"is not a usable doodle model: {problem}")
    try:
        return network.Network(contents.classes, weights, contents.about, contents.examples, contents.example_labels)
    except ValueError as error:
        raise not_a_model(path, f"is not a usable doodle model: {error}") from None


def arrays_to_save(classes, about: str, blocks, dense, examples=None, example_labels=None) -> dict[str, Any]:
    """A network's arrays by their names in a format-3 file: what ``save`` hands to ``np.savez_compressed``.

    ``blocks``: (weights, biases) of each conv block, in order; ``dense``:
    (weights, biases); ``examples``: N×28×28 uint8 and ``example_labels`` N
    (None: none). Plain arrays of numbers and text only (nothing pickled).
    """
    contents: dict[str, Any] = dict(format_version=np.array(FORMAT_VERSION), classes=np.array(list(classes)),
                                    about=np.array(about))
    for number, (weights, biases) in enumerate(blocks, 1):
        contents[f"conv{number}_weights"], contents[f"conv{number}_biases"] = weights, biases
    contents["dense_weights"], contents["dense_biases"] = dense
    contents["examples"] = np.asarray(examples if examples is not None else np.zeros((0, 28, 28)), np.uint8)
    contents["example_labels"] = np.asarray(example_labels if example_labels is not None else [], np.int64)
    return contents


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------

def not_a_model(path, what: str, do: str = "") -> ModelError:
    return ModelError(f"{reading.shown_path(path)} {what}: {do or f'train a model with `{TRAIN_COMMAND}`'}")


def _megabytes(count: int) -> str:
    return f"{count / 2 ** 20:,.0f} MB" if count >= 2 ** 20 else f"{count / 1024:,.0f} KB"


def read(path) -> Contents:
    """Read a model file written by ``save`` (format 3) or by an earlier version (formats 1 and 2).

    Raises ModelError, with one line saying what is wrong and what to do, for
    a missing file, a folder, a FIFO or a device, a file larger than
    MAX_FILE_BYTES, a file that is not a .npz archive (a text file, a .npy
    array …), a damaged archive, arrays larger than they may be or than the
    file holds, pickled objects, missing arrays, another format_version.
    (``load`` checks that the weights fit together.)
    """
    path = Path(path)
    with _open_model(path) as file:
        start = file.read(4)
        if start == NPY_MAGIC[:4]:
            raise not_a_model(path, "is a single numpy array (.npy), not a doodle model (.npz) made by train.py")
        if start != b"PK\x03\x04":
            raise not_a_model(path, "is not a doodle model made by train.py (not a .npz archive)")
        try:
            _check_directory(path, file)
            with zipfile.ZipFile(file) as archive:
                arrays = _read_arrays(path, archive)
        except ModelError:
            raise
        except (OSError, EOFError, ValueError, KeyError, IndexError, OverflowError, struct.error,
                zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise not_a_model(path, f"is damaged or not a doodle model ({reason})",
                              f"train it again with `{TRAIN_COMMAND}`") from None
    return _contents(path, arrays)


def _open_model(path: Path) -> BinaryIO:
    """``path`` opened for reading (reading.open_regular: a regular file, never a wait), if it is at most
    MAX_FILE_BYTES (asked of the file system, nothing read); else ModelError."""
    file = reading.open_regular(path, ModelError, "model file", "a .npz made by train.py",
                                if_missing=f"check the path, or train a model with `{TRAIN_COMMAND}`")
    size = reading.size_of(file)
    if size > MAX_FILE_BYTES:
        file.close()
        raise not_a_model(path, f"is {_megabytes(size)}, more than the {_megabytes(MAX_FILE_BYTES)} "
                                f"a doodle model may be, so it is not read")
    return file


def _check_directory(path: Path, file: BinaryIO) -> None:
    """Refuse an archive whose directory is larger than a doodle model's could be, before zipfile reads it.

    zipfile reads the whole directory into memory at once, so a small file
    could otherwise claim millions of members. The directory's size and count
    are in the archive's last record (the "end of central directory", within
    the last 64 KB + 22 bytes); a zip64 record (for archives of over 65,535
    files or 4 GB) has no place in a doodle model.
    """
    size = file.seek(0, os.SEEK_END)
    tail_length = min(size, 22 + 0xFFFF)
    file.seek(size - tail_length)
    tail = file.read(tail_length)
    at = len(tail) - 22 if tail[-22:-18] == b"PK\x05\x06" else tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        raise not_a_model(path, "is damaged or not a doodle model (the archive has no directory: cut short?)",
                          f"train it again with `{TRAIN_COMMAND}`")
    entries, directory_bytes = struct.unpack("<HI", tail[at + 10:at + 16])
    zip64 = at >= 20 and tail[at - 20:at - 16] == b"PK\x06\x07"
    if entries > MAX_MEMBERS or directory_bytes > MAX_DIRECTORY_BYTES or zip64:
        raise not_a_model(path, f"is not a doodle model made by train.py (its archive lists "
                                f"{'over 65,535' if zip64 else f'{entries:,}'} files in "
                                f"{_megabytes(directory_bytes)})")
    file.seek(0)


def _read_arrays(path: Path, archive: zipfile.ZipFile) -> dict[str, np.ndarray]:
    """Every array of the archive by name, each checked by its header (and the directory) before it is read."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise not_a_model(path, f"is not a doodle model made by train.py (it holds {len(members)} files)")
    total = sum(member.file_size for member in members)
    if total > MAX_ARRAY_BYTES:
        raise not_a_model(path, f"holds {_megabytes(total)} of arrays, more than the "
                                f"{_megabytes(MAX_ARRAY_BYTES)} a doodle model may hold, so it is not read")
    arrays = {}
    for member in members:
        name = member.filename.removesuffix(".npy")
        if name == member.filename or name in arrays:
            raise not_a_model(path, f"is not a doodle model made by train.py ({member.filename!r} is not "
                                    f"one of its arrays)")
        with archive.open(member) as stream:
            arrays[name] = _read_npy(path, name, stream, member.file_size)
    return arrays


def _read_npy(path: Path, name: str, stream, size: int) -> np.ndarray:
    """One array of ``size`` bytes from ``stream``: its .npy header first (shape, dtype), then its data."""
    if stream.read(len(NPY_MAGIC)) != NPY_MAGIC:
        raise not_a_model(path, f"is damaged or not a doodle model ('{name}' is not a numpy array)")
    version = tuple(stream.read(2))
    if version not in ((1, 0), (2, 0)):
        raise not_a_model(path, f"is damaged or not a doodle model ('{name}' has a .npy header of "
                                f"version {version})")
    length_bytes = 2 if version == (1, 0) else 4
    header_length = int.from_bytes(stream.read(length_bytes), "little")
    if header_length > MAX_HEADER_BYTES:
        raise not_a_model(path, f"is damaged or not a doodle model ('{name}' has a header of "
                                f"{header_length:,} bytes)")
    header = stream.read(header_length)
    fields = _header_fields(header)
    if fields is None:
        raise not_a_model(path, f"is damaged or not a doodle model ('{name}' has an unreadable .npy header)")
    descr, fortran_order, shape = fields
    dtype = np.dtype(descr)
    if dtype.hasobject:
        raise not_a_model(path, "holds Python objects, which are never loaded (they could run code)")
    if dtype.kind not in READ_KINDS or dtype.subdtype is not None or dtype.names is not None:
        raise not_a_model(path, f"is not a doodle model made by train.py ('{name}' holds {dtype} values)")
    data_bytes = math.prod(shape) * dtype.itemsize
    if len(NPY_MAGIC) + 2 + length_bytes + header_length + data_bytes != size:
        shown = "×".join(map(str, shape)) or "a single value"
        raise not_a_model(path, f"is damaged or not a doodle model ('{name}' claims {shown} values of {dtype}, "
                                f"but the archive holds {size:,} bytes for it)")
    _check_budget(path, model_budget.array_problem(name, shape))   # the work its shape asks, before its data
    data = stream.read(data_bytes)
    if len(data) != data_bytes:
        raise not_a_model(path, f"is damaged or not a doodle model ('{name}' is cut short)")
    return np.frombuffer(data, dtype).reshape(shape, order="F" if fortran_order else "C")


def _header_fields(header: bytes) -> tuple[str, bool, tuple[int, ...]] | None:
    """The (descr, fortran_order, shape) of a .npy header, or None if it is not a plain, sensible one."""
    try:
        # A dict of literals, as numpy writes it; literal_eval never runs code (and the header is short).
        values = ast.literal_eval(header.decode("latin1"))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if not isinstance(values, dict) or set(values) != {"descr", "fortran_order", "shape"}:
        return None
    descr, fortran_order, shape = values["descr"], values["fortran_order"], values["shape"]
    if not isinstance(descr, str) or not isinstance(fortran_order, bool) or not isinstance(shape, tuple):
        return None
    if len(shape) > MAX_DIMENSIONS or not all(type(n) is int and n >= 0 for n in shape):
        return None
    try:
        np.dtype(descr)
    except (TypeError, ValueError):
        return None
    return descr, fortran_order, shape


def _contents(path: Path, arrays: dict[str, np.ndarray]) -> Contents:
    """The classes, the about line, the weights and the examples of a model's arrays, in format 3's layout."""
    if "format_version" not in arrays:
        raise not_a_model(path, "is not a doodle model made by train.py (no 'format_version')")
    version = arrays["format_version"]
    if version.shape != () or version.dtype.kind not in "iu":
        raise not_a_model(path, "is not a doodle model made by train.py ('format_version' is not a number)")
    if int(version) not in READ_VERSIONS:
        raise not_a_model(path, f"is a doodle model of format {int(version)}, but this network.py reads "
                                f"formats {', '.join(map(str, READ_VERSIONS[:-1]))} and {READ_VERSIONS[-1]}",
                          f"train it again with this version: `{TRAIN_COMMAND}`")
    # Blocks 1 to block_count: if a number is skipped, a name below block_count is missing.
    block_count = max(1, len({match.group(1) for match in map(BLOCK_NAME.fullmatch, arrays) if match}))
    if int(version) == 1:
        names = ["classes", *V1_NAMES]
    else:
        names = ["classes", *(f"conv{n}_{part}" for n in range(1, block_count + 1) for part in ("weights", "biases")),
                 "dense_weights", "dense_biases"] + (["examples", "example_labels"] if int(version) >= 3 else [])
    missing = [name for name in names if name not in arrays]
    if missing:
        raise not_a_model(path, f"is not a complete doodle model (no {', '.join(repr(n) for n in missing)})")
    classes = arrays["classes"]
    if classes.ndim != 1 or classes.dtype.kind != "U":
        raise not_a_model(path, "is not a doodle model: 'classes' is not a list of names")
    if len(classes) < 2 or len(set(classes.tolist())) != len(classes) or not all(classes.tolist()):
        raise not_a_model(path, f"is not a usable doodle model: its classes {classes.tolist()[:10]} are not "
                                f"two or more distinct names")
    if not all(name.isprintable() for name in classes.tolist()):
        raise not_a_model(path, "is not a usable doodle model: a class name holds a line break or another "
                                "control character")
    about = arrays.get("about", np.array(""))
    about_text = str(about) if about.shape == () and about.dtype.kind == "U" else ""
    if int(version) == 1:
        blocks, dense = _version_1_weights(path, arrays)
    else:
        blocks = [(arrays[f"conv{n}_weights"], arrays[f"conv{n}_biases"]) for n in range(1, block_count + 1)]
        dense = (arrays["dense_weights"], arrays["dense_biases"])
    _check_budget(path, model_budget.model_problem(blocks, dense))   # the work and the weights, before any use
    examples, labels = _examples(path, arrays, len(classes)) if int(version) >= 3 else (
        np.zeros((0, network.SIDE, network.SIDE), np.uint8), np.zeros(0, np.int64))
    return Contents(int(version), classes.tolist(), about_text, blocks, dense, examples, labels)


def _examples(path: Path, arrays: dict[str, np.ndarray], class_count: int) -> tuple[np.ndarray, np.ndarray]:
    """A format-3 model's examples and their labels, checked (their sizes were, from the headers)."""
    examples, labels = arrays["examples"], arrays["example_labels"]
    if examples.ndim != 3 or examples.shape[1:] != (network.SIDE, network.SIDE) or examples.dtype != np.uint8:
        raise not_a_model(path, f"is not a usable doodle model: 'examples' holds {examples.dtype} of shape "
                                f"{examples.shape}, not N×28×28 drawings (uint8)")
    if labels.shape != (len(examples),) or labels.dtype.kind not in "iu":
        raise not_a_model(path, f"is not a usable doodle model: 'example_labels' has shape {labels.shape}, not "
                                f"one class number for each of its {len(examples)} examples")
    if len(labels) and (labels.min() < 0 or labels.max() >= class_count):
        raise not_a_model(path, f"is not a usable doodle model: 'example_labels' holds numbers outside 0 to "
                                f"{class_count - 1} (its classes)")
    return examples, labels.astype(np.int64)


def _check_budget(path: Path, problem: str) -> None:
    """ModelError if the model asks more than a classroom laptop gives (model_budget.py says what)."""
    if problem:
        raise not_a_model(path, f"cannot be used: {problem}")


def _version_1_weights(path: Path, arrays: dict[str, np.ndarray]):
    """A format-1 model's one block and dense layer in format 3's shapes: the same numbers in the same order.

    conv_weights F×k×k → F×1×k×k (one input map, the drawing); dense_weights C×F×h×w → C×(F·h·w), which
    is format 3's filter, row, column order of the features.
    """
    conv, dense = arrays["conv_weights"], arrays["dense_weights"]
    if conv.ndim != 3:
        raise not_a_model(path, f"is not a usable doodle model: 'conv_weights' has shape {conv.shape}, "
                                f"not F×k×k filters with k odd")
    if dense.ndim != 4 or dense.shape[1] != conv.shape[0]:
        raise not_a_model(path, f"is not a usable doodle model: 'dense_weights' has shape {dense.shape}, "
                                f"not classes × {conv.shape[0]} filters × h × w")
    return [(conv[:, None], arrays["conv_biases"])], (dense.reshape(len(dense), -1), arrays["dense_biases"])
