"""A long run of scripted use: memory stays flat. Opt-in, as it takes minutes:

    SOAK_MINUTES=30 python -m pytest tests/test_soak.py -s

It prints the resident memory after each minute.
"""

import os
import time

import numpy as np
import pytest

from tests.helpers.live import LiveSketch
from tests.helpers.storms import STORM_KEYS, mouse_storm

MINUTES = float(os.environ.get("SOAK_MINUTES", "0"))
WARM_UP_MINUTES = 1.0

pytestmark = pytest.mark.skipif(MINUTES <= 0, reason="opt-in: set SOAK_MINUTES=30 to run the soak test")


def resident_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def test_memory_stays_flat_through_a_long_lesson(xserver, tmp_path):
    live = LiveSketch(xserver, "--seed", "2", cwd=tmp_path)
    rng = np.random.default_rng(30)
    samples = []
    started = time.monotonic()
    next_sample = started + 60
    try:
        while time.monotonic() - started < MINUTES * 60:
            live.keys(*rng.choice(STORM_KEYS, 60), delay_ms=20)
            live.xdotool_chain(["search", "--name", "Convolution filter demo"] + mouse_storm(rng, 40))
            if time.monotonic() >= next_sample:
                samples.append(resident_kib(live.process.pid))
                print(f"minute {len(samples)}: {samples[-1] / 1024:.1f} MiB", flush=True)
                next_sample += 60
            assert live.alive(), live.stderr()
    finally:
        live.stop()
    assert "Traceback" not in live.stderr()
    warm = samples[int(WARM_UP_MINUTES) - 1]
    assert samples[-1] <= warm * 1.10, f"resident memory grew from {warm} KiB to {samples[-1]} KiB"
