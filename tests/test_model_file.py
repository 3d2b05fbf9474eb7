"""Model files that are not what network.load needs: each one line (ModelError) saying what to do, read
with little memory and refused quickly, whatever the file claims. Every file here is made by the tests."""

from __future__ import annotations

import io
import os
import struct
import textwrap
import time
import zipfile
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import network
from convolution.files import model_file
from tests.helpers import hostile
from tests.helpers.paths import ROOT

CLASSES = ["cat", "rainbow", "train"]
GIB = 2 ** 30


def good_arrays(architecture=((2, 5), (3, 5))):
    """A small format-2 model's arrays, as network.save writes them."""
    weights = network.random_weights(len(CLASSES), 0, architecture)
    arrays = dict(format_version=np.array(2), classes=np.array(CLASSES), about=np.array("made in a test"))
    for number, block in enumerate(weights.blocks, 1):
        arrays[f"conv{number}_weights"], arrays[f"conv{number}_biases"] = block.weights, block.biases
    arrays["dense_weights"], arrays["dense_biases"] = weights.dense.weights, weights.dense.biases
    return arrays


def version_1_arrays():
    weights = network.random_weights(len(CLASSES), 0, ((2, 5),))
    return dict(format_version=np.array(1), classes=np.array(CLASSES), conv_weights=weights.blocks[0].weights[:, 0],
                conv_biases=weights.blocks[0].biases,
                dense_weights=weights.dense.weights.reshape(3, 2, 12, 12), dense_biases=weights.dense.biases)


def changed(arrays=None, **changes):
    arrays = dict(good_arrays() if arrays is None else arrays)
    for name, value in changes.items():
        if value is None:
            del arrays[name]
        else:
            arrays[name] = value
    return arrays


def npz_bytes(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def npy_member(shape, descr="<f4", data=b"", header_extra="") -> bytes:
    """A .npy file's bytes with a header saying ``shape`` and ``descr``, followed by ``data`` (which may lie)."""
    header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape!r}, {header_extra}}}"
    header = header.encode("latin1")
    header += b" " * (63 - (len(header) + 10) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + data


def zip_of(members: dict, compression=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def with_member(name: str, content: bytes) -> bytes:
    """The good model's archive with one member's bytes replaced (or added)."""
    members = {f"{key}.npy": npy_of(value) for key, value in good_arrays().items()}
    members[f"{name}.npy"] = content
    return zip_of(members)


def npy_of(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def claiming_sizes(content: bytes, claimed: int) -> bytes:
    """A one-member stored archive whose directory says the member is ``claimed`` bytes long (it is not)."""
    data = bytearray(zip_of({"format_version.npy": content}))
    struct.pack_into("<I", data, 22, claimed)                            # the local header's size
    directory = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, directory + 24, claimed)               # the directory's
    return bytes(data)


BAD_MODELS = {
    # the file itself
    "text file": (b"this is not a model\n", "not a .npz archive"),
    "empty file": (b"", "not a .npz archive"),
    "npy array": (npy_of(np.zeros((3, 3))), "single numpy array"),
    "cut short": ("truncated", "damaged"),
    "zip of other files": (zip_of({"readme.txt": b"hello"}), "'readme.txt' is not one of its arrays"),
    # the format
    "no format_version": (changed(format_version=None), "no 'format_version'"),
    "another version": (changed(format_version=np.array(99)), "format 99"),
    "version not a number": (changed(format_version=np.array("one")), "'format_version' is not a number"),
    "no classes": (changed(classes=None), "no 'classes'"),
    "one class": (changed(classes=np.array(["cat"])), "two or more distinct names"),
    "classes not names": (changed(classes=np.array([1, 2, 3])), "not a list of names"),
    "pickled objects": (changed(classes=np.array(CLASSES, dtype=object)), "Python objects"),
    "complex weights": (changed(conv1_biases=np.zeros(2, complex)), "complex128 values"),
    # format 2's weights
    "no block 1": (changed(conv1_weights=None, conv1_biases=None), "no 'conv1_weights', 'conv1_biases'"),
    "no block 2 biases": (changed(conv2_biases=None), "no 'conv2_biases'"),
    "a block skipped": (changed(conv2_weights=None, conv2_biases=None, conv3_weights=np.zeros((3, 2, 5, 5), "f4"),
                                conv3_biases=np.zeros(3, "f4")), "no 'conv2_weights'"),
    "no dense layer": (changed(dense_weights=None), "no 'dense_weights'"),
    "block 2 of another width": (changed(conv2_weights=np.zeros((3, 4, 5, 5), "f4")), "not F×2×k×k filters"),
    "even filters": (changed(conv1_weights=np.zeros((2, 1, 4, 4), "f4")), "k odd"),
    "filters too large": (changed(conv2_weights=np.zeros((3, 2, 13, 13), "f4")), "13×13, larger than 9×9"),
    "wrong biases": (changed(conv1_biases=np.zeros(3, "f4")), "block 1's biases have shape (3,)"),
    "wrong dense shape": (changed(dense_weights=np.zeros((3, 40), "f4")), "dense weights have shape (3, 40)"),
    "integer weights": (changed(conv1_biases=np.zeros(2, np.int64)), "not floating-point"),
    "NaN weights": (changed(dense_biases=np.array([0, np.nan, 0], "f4")), "NaN"),
    "infinite weights": (changed(conv2_weights=np.full((3, 2, 5, 5), np.inf, "f4")), "infinite"),
    # format 1's
    "v1 without filters": (changed(version_1_arrays(), conv_weights=None), "no 'conv_weights'"),
    "v1 filters of the wrong shape": (changed(version_1_arrays(), conv_weights=np.zeros((2, 4, 4), "f4")), "k odd"),
    "v1 dense of the wrong shape": (changed(version_1_arrays(), dense_weights=np.zeros((3, 2, 5, 5), "f4")),
                                    "dense weights have shape (3, 50)"),
    "v1 dense of another rank": (changed(version_1_arrays(), dense_weights=np.zeros((3, 288), "f4")),
                                 "'dense_weights' has shape (3, 288)"),
    # hostile: headers and directories that lie
    "a 4 KB file claiming a huge array": (with_member("dense_weights", npy_member((10 ** 9, 10 ** 6))),
                                          "claims 1000000000×1000000 values"),
    "an array longer than its header says": (with_member("dense_biases", npy_member((3,), data=b"\0" * 400)),
                                             "claims 3 values"),
    "a header far too long": (with_member("about", npy_member((), "<U1", header_extra=" " * 20_000)),
                              "a header of"),
    "a header that is not a dict": (with_member("about", b"\x93NUMPY\x01\x00\x08\x00[1, 2]\n "), "unreadable"),
    "a header of code": (with_member("about", npy_member((), header_extra="'x': __import__('os').getcwd(), ")),
                         "unreadable"),
    "a structured dtype": (with_member("about", npy_member((), "|V8", data=b"\0" * 8)), "|V8 values"),
    "a class name with a line break": (changed(classes=np.array(["cat", "rain\nbow"])), "line break"),
    "an npy of version 9": (with_member("about", b"\x93NUMPY\x09\x00" + b"\0" * 60), "version (9, 0)"),
    "a directory claiming 3 GB": (claiming_sizes(npy_of(np.array(2)), 3 * GIB), "3,072 MB of arrays"),
    "a directory of a million files": ("many members", "files in"),
}


def make_bad_model(tmp_path, kind):
    path = tmp_path / "model.npz"
    if kind == "truncated":
        path.write_bytes(npz_bytes(**good_arrays())[:700])
    elif kind == "many members":
        path.write_bytes(many_members(300))
    elif isinstance(kind, bytes):
        path.write_bytes(kind)
    else:
        path.write_bytes(npz_bytes(**kind))
    return path


def many_members(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(count):
            archive.writestr(f"m{number}.npy", b"")
    return buffer.getvalue()


def assert_one_line(error: BaseException, path, says: str) -> None:
    message = str(error)
    assert isinstance(error, network.ModelError) and isinstance(error, ValueError)
    assert "\n" not in message and says in message and str(path) in message, message
    assert "train" in message or "check" in message or "give" in message


@pytest.mark.parametrize("name", list(BAD_MODELS))
def test_every_kind_of_bad_model_file_gives_one_line_saying_what_to_do(tmp_path, name):
    kind, says = BAD_MODELS[name]
    path = make_bad_model(tmp_path, kind)
    with pytest.raises(network.ModelError) as raised:
        network.load(path)
    assert_one_line(raised.value, path, says)


@pytest.mark.parametrize("arrays", [good_arrays(), version_1_arrays(), good_arrays(((2, 5), (2, 5), (2, 1)))],
                         ids=["format 2", "format 1", "three blocks"])
def test_the_good_arrays_of_the_bad_model_tests_do_load(tmp_path, arrays):
    # So each bad model above fails for its one change, not for something else.
    path = tmp_path / "model.npz"
    path.write_bytes(npz_bytes(**arrays))
    net = network.load(path)
    assert net.classes == CLASSES and net.about in ("", "made in a test")


def test_a_compressed_model_loads_too(tmp_path):
    path = tmp_path / "model.npz"
    with open(path, "wb") as file:
        np.savez_compressed(file, **good_arrays())
    assert network.load(path).architecture == ((2, 5), (3, 5))


def test_what_is_not_a_file_is_refused_without_being_opened(tmp_path):
    cases = [(tmp_path / "missing.npz", "not found"), (tmp_path, "is a folder")]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.npz")                    # opening it to read would wait forever for a writer
        cases.append((tmp_path / "pipe.npz", "not a regular file"))
    if os.path.exists("/dev/zero"):
        cases.append(("/dev/zero", "not a regular file"))   # reading it would never end
    for path, says in cases:
        with pytest.raises(network.ModelError) as raised:
            network.load(path)
        assert_one_line(raised.value, path, says)


def test_a_file_larger_than_any_model_is_refused_by_its_size(tmp_path):
    path = tmp_path / "huge.npz"
    with open(path, "wb") as file:                          # sparse: no disk space used
        file.write(b"PK\x03\x04")
        file.truncate(8 * GIB)
    started = time.perf_counter()
    with pytest.raises(network.ModelError) as raised:
        network.load(path)
    assert_one_line(raised.value, path, "more than the 64 MB")
    assert time.perf_counter() - started < 1


def test_a_name_too_long_for_the_file_system_is_one_line(tmp_path):
    path = tmp_path / ("n" * 300 + ".npz")
    with pytest.raises(network.ModelError) as raised:
        network.load(path)
    # The same words as for any file the sketch opens (convolution/files/reading.py).
    assert str(raised.value) == f"{path}: the file name is too long; use a shorter one"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_fifo_given_as_model_is_refused_at_once_and_never_waits(tmp_path):
    # Opening a FIFO to read waits for a writer, forever; in a child with a timeout, so a hang fails the test
    # rather than the suite. (--gif: should the model ever load, the child makes a clip instead of a window.)
    hostile.fifo(tmp_path / "pipe.npz")
    run = hostile.run_measured("sketch.py", "--model", "pipe.npz", "--gif", "clip.gif", cwd=tmp_path,
                               timeout=30)
    assert run.returncode == 2, (run.returncode, run.stderr[-2000:])
    assert run.stderr.strip() == ("sketch.py: error: pipe.npz is a named pipe (FIFO), not a regular file: "
                                  "give the path of a .npz made by train.py"), run.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pipe.npz"]


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_one_line(tmp_path):
    path = tmp_path / "model.npz"
    path.write_bytes(npz_bytes(**good_arrays()))
    path.chmod(0)
    with pytest.raises(network.ModelError) as raised:
        network.load(path)
    assert_one_line(raised.value, path, "permission")


# --------------------------------------------------------------------------
# Memory and time, in a child process, for the files meant to hurt
# --------------------------------------------------------------------------

def deflate_member(name: str, head: bytes, zeros: int, claimed: int | None = None) -> bytes:
    """A one-member deflated archive of ``head`` then ``zeros`` zero bytes (a few KB for hundreds of MB);
    its directory says the member is ``claimed`` bytes long (default: the true length), with the CRC
    of the claimed bytes when they are just ``head``.

    Each MB of zeros is compressed once and its bytes repeated: with a full flush after every MB the
    compressor starts afresh, so every MB compresses to the same bytes.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = b"\0" * 2 ** 20
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    once = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert once == again
    data = start + once * (zeros // len(block)) + compressor.flush()
    size = len(head) + zeros // len(block) * len(block) if claimed is None else claimed
    crc = zlib.crc32(head)
    encoded = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0)
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size,
                          len(encoded), 0, 0, 0, 0, 0, 0)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central) + len(encoded),
                      len(local) + len(encoded) + len(data), 0)
    return local + encoded + data + central + encoded + end


def load_in_a_child(path):
    """network.load(path) in a fresh Python: (its one line or "loaded", seconds, peak resident bytes)."""
    code = textwrap.dedent(f"""
        import network
        try:
            network.load({str(path)!r})
            print("loaded")
        except network.ModelError as error:
            print(error)
    """)
    run = hostile.run_measured("-c", code, cwd=ROOT, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    return run.stdout.strip(), run.seconds, run.peak_bytes


@pytest.fixture(scope="module")
def start_seconds(tmp_path_factory):
    """How long a child takes to import network.py and refuse a text file: the baseline for the others."""
    path = tmp_path_factory.mktemp("start") / "text.npz"
    path.write_text("not a model")
    return min(load_in_a_child(path)[1] for _ in range(2))


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="peak memory of a child is measured with os.wait4")
@pytest.mark.parametrize("kind, says", [
    ("a 3 MB file of a 3 GB array", "MB of arrays"),
    ("a small file hiding 3 GB past its stated size", "loaded"),
    ("a 4 KB file claiming a huge array", "claims"),
    ("a million directory entries", "files in"),
])
def test_a_hostile_model_file_is_read_in_bounded_memory_and_time(tmp_path, start_seconds, kind, says):
    path = tmp_path / "model.npz"
    good = {f"{key}.npy": npy_of(value) for key, value in good_arrays().items()}
    if kind == "a 3 MB file of a 3 GB array":
        path.write_bytes(deflate_member("dense_weights.npy", npy_member((3, 2 ** 28)), 3 * GIB))
    elif kind == "a small file hiding 3 GB past its stated size":
        archive = zip_of(good)                       # a good model, then a member whose stream goes on and on
        head = npy_of(np.array("hidden"))
        extra = deflate_member("about.npy", head, 3 * GIB, claimed=len(head))
        path.write_bytes(merge_archives(archive, extra))
    elif kind == "a 4 KB file claiming a huge array":
        path.write_bytes(with_member("dense_weights", npy_member((10 ** 9, 10 ** 6))))
    else:
        entry = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0)
        directory = (entry + b"x") * 10 ** 6
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0)   # one empty member first
        path.write_bytes(local + directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF,
                                                 min(len(directory), 2 ** 32 - 1), 0, 0))
    assert path.stat().st_size < 50 * 2 ** 20
    line, seconds, peak = load_in_a_child(path)
    assert says in line and "\n" not in line, line
    assert peak <= 300 * 2 ** 20, f"{peak / 2 ** 20:.0f} MiB"
    assert seconds - start_seconds <= 2.0, f"{seconds:.2f} s, a start takes {start_seconds:.2f} s"


def merge_archives(archive: bytes, extra: bytes) -> bytes:
    """``archive`` with the one member of ``extra`` added in place of its own 'about' (a deflated
    stream far longer than its directory says)."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    members = {info.filename: source.read(info) for info in source.infolist() if info.filename != "about.npy"}
    first = zip_of(members)
    end = first.rindex(b"PK\x05\x06")
    directory_at = struct.unpack_from("<I", first, end + 16)[0]
    extra_end = extra.rindex(b"PK\x05\x06")
    extra_directory_at = struct.unpack_from("<I", extra, extra_end + 16)[0]
    local, extra_directory = extra[:extra_directory_at], bytearray(extra[extra_directory_at:extra_end])
    struct.pack_into("<I", extra_directory, 42, directory_at)            # its local header's new place
    directory = first[directory_at:end] + bytes(extra_directory)
    count = len(members) + 1
    tail = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), directory_at + len(local), 0)
    return first[:directory_at] + local + directory + tail


# --------------------------------------------------------------------------
# Any bytes at all
# --------------------------------------------------------------------------

@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_damage_to_a_model_file_is_a_model_error_or_a_model(tmp_path, data):
    original = npz_bytes(**good_arrays())
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 8), label="changes")):
        at = data.draw(st.integers(0, len(damaged) - 1), label="at")
        damaged[at] = data.draw(st.integers(0, 255), label="byte")
    cut = data.draw(st.integers(0, len(damaged)), label="cut")
    path = tmp_path / "model.npz"
    path.write_bytes(bytes(damaged[:cut]) if data.draw(st.booleans(), label="cut short") else bytes(damaged))
    try:
        net = network.load(path)
    except network.ModelError as error:
        assert "\n" not in str(error) and str(path) in str(error)
    else:
        assert net.predict(np.zeros((28, 28))).shape == (1, 3)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=200))
def test_any_npy_header_is_a_model_error_or_read(tmp_path, header):
    content = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1")
    path = tmp_path / "model.npz"
    path.write_bytes(with_member("about", content))
    try:
        network.load(path)
    except network.ModelError as error:
        assert "\n" not in str(error)


def test_the_limits_hold_a_real_model_many_times_over():
    # Quick Draw's 345 classes with ml5's blocks (256 features): far under the limits.
    weights = network.random_weights(345, 0)
    total = sum(array.nbytes for array in weights.arrays())
    assert 40 * total < model_file.MAX_ARRAY_BYTES
