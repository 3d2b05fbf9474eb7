"""A child process measured as a hostile-input test needs it: exit status, output, seconds and peak memory;
and files made to be as bad as a file can be: headers that lie, pipes that never end, disks that fill up."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.paths import ROOT

GIB = 2 ** 30


@dataclass
class Run:
    """How a child process ended, and what it took."""
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_bytes: int      # the child's largest resident set, its own, not its children's (see run_measured)


def run_measured(program: str, *args, cwd, timeout: float = 60, prefix: tuple = (), env: dict | None = None) -> Run:
    """Run ``python PROGRAM ARGS`` (sketch.py, train.py, or ``-c CODE``) in ``cwd`` without a display and
    return how it went. A child still running after ``timeout`` seconds is killed (returncode −9):
    a hang fails the test instead of stopping the suite.

    The peak memory is the child's own: on Linux its VmHWM, read from /proc every few milliseconds
    while it runs. (Its ru_maxrss would not do: Linux carries the high-water mark of the memory the
    child was forked with, this test process's, across the exec, so a child of a large test run
    seemed to take as much as the run itself.) Elsewhere, ru_maxrss."""
    command = [*prefix, sys.executable, *([str(ROOT / program)] if program.endswith(".py") else [program]),
               *map(str, args)]
    environment = {k: v for k, v in (env or os.environ).items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environment.setdefault("PYTHONPATH", str(ROOT))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 env=environment, start_new_session=True)
        own_peak = 0
        while True:
            own_peak = max(own_peak, _high_water_mark(child.pid))
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                os.killpg(child.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)   # so Popen does not wait for it again
        out.seek(0)
        err.seek(0)
        peak = own_peak if os.path.exists("/proc/self/status") else usage.ru_maxrss * (
            1 if sys.platform == "darwin" else 1024)
        return Run(child.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace"),
                   seconds, peak)


def _high_water_mark(pid: int) -> int:
    """The largest resident set process ``pid`` has had since its exec, in bytes (Linux's VmHWM); 0 if unknown."""
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def folder_state(folder: Path) -> dict:
    """Every entry under ``folder`` (not following links): its kind, size and a hash of its bytes
    (regular files only: a FIFO is never opened), to tell whether anything changed."""
    state = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        if stat.S_ISREG(info.st_mode):
            digest = hashlib.sha256()
            if info.st_blocks * 512 < info.st_size:   # sparse: its few real bytes and its size say enough
                digest.update(str(info.st_size).encode())
            else:
                with open(path, "rb") as file:
                    for block in iter(lambda: file.read(1 << 20), b""):
                        digest.update(block)
            state[str(path.relative_to(folder))] = ("file", info.st_size, digest.hexdigest())
        elif stat.S_ISLNK(info.st_mode):
            state[str(path.relative_to(folder))] = ("link", os.readlink(path))
        else:
            state[str(path.relative_to(folder))] = (stat.S_IFMT(info.st_mode), info.st_size)
    return state


# --------------------------------------------------------------------------
# Files as bad as they come
# --------------------------------------------------------------------------

def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_of_size(path: Path, width: int, height: int, pixels: bool = True) -> Path:
    """A grey PNG of width×height black pixels, compressed to almost nothing (a 9000×9000 one is 79 KB);
    with ``pixels`` false only its header is right (the pixel data is cut off), enough for a file
    that should be refused before it is decoded."""
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    squeeze = zlib.compressobj(9)
    data = bytearray()
    if pixels:
        row = bytes(width + 1)   # filter byte 0, then the row's grey levels
        for _ in range(height):
            data += squeeze.compress(row)
    data += squeeze.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + header + _chunk(b"IDAT", bytes(data)) + _chunk(b"IEND", b""))
    return path


def npy_with_header(path: Path, header: str, payload: bytes = b"", version: int = 1) -> Path:
    """A .npy file with the header text given (the dict numpy writes), padded as numpy pads it, then
    ``payload``: a header may claim any shape, dtype or length."""
    text = header.encode("latin1")
    length_bytes = 2 if version == 1 else 4
    total = 6 + 2 + length_bytes + len(text) + 1
    text += b" " * (-total % 64) + b"\n"
    path.write_bytes(b"\x93NUMPY" + bytes([version, 0]) + len(text).to_bytes(length_bytes, "little") + text + payload)
    return path


def fifo(path: Path) -> Path:
    """A named pipe that no one writes to: reading it would wait forever."""
    os.mkfifo(path)
    return path


def sparse_file(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no room on the disk (all zeros)."""
    with open(path, "wb") as file:
        file.truncate(size)
    return path


def private_mounts_work() -> bool:
    """Whether ``unshare -rm`` can give a child a small file system of its own (a full or read-only disk)."""
    if not shutil.which("unshare") or sys.platform != "linux":
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


def run_on_small_disk(folder: Path, setup: str, program: str, *args, size: str = "64k",
                      read_only: bool = False) -> tuple[int, str, dict]:
    """Run ``python PROGRAM ARGS`` in ``folder`` with a small disk of its own mounted there (a tmpfs of
    ``size``, made read-only after ``setup`` if asked), for the child alone (``unshare -rm``): ``setup``
    (shell commands, run in ``folder`` first) puts files on it. Returns the exit status, the child's
    stderr, and what the disk holds afterwards: {name: sha256 of its bytes} (the disk is gone once
    the child is)."""
    command = " ".join(f"'{part}'" for part in [sys.executable, str(ROOT / program), *map(str, args)])
    remount = "mount -o remount,ro tmpfs . && " if read_only else ""
    script = (f'mount -t tmpfs -o size={size} tmpfs "{folder}" && cd "{folder}" && {setup} && {remount}'
              f'{{ {command} 2>../stderr.txt; echo "status $?"; }} && '
              f'for f in .* *; do [ -f "$f" ] && echo "file $f $(sha256sum < "$f" | cut -c1-64)"; done; true')
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=120,
                          env=environment)
    status, files = None, {}
    for line in done.stdout.splitlines():
        word, _, rest = line.partition(" ")
        if word == "status":
            status = int(rest)
        elif word == "file":
            name, _, digest = rest.rpartition(" ")
            files[name] = digest
    assert status is not None, done.stdout + done.stderr
    return status, (folder.parent / "stderr.txt").read_text(), files
