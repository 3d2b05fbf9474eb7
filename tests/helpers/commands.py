"""Running sketch.py as a user would, without a display, and what its errors must look like."""

import os
import subprocess
import sys

from tests.helpers.paths import ROOT


def run_without_display(*args, cwd=None):
    """Run sketch.py with no display at all, as on a headless server."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([sys.executable, str(ROOT / "sketch.py"), *args], capture_output=True,
                          text=True, timeout=60, env=env, cwd=cwd)


def assert_one_line_error(result, *fragments):
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def empty_png(tmp_path, width=0, height=0):
    """A PNG whose header says width×height pixels, with no pixel data (Pillow will not write one of 0×0)."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path = tmp_path / "empty.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))
    return path

