"""The largest files each budget accepts (issue 27), made here, opened in a child of their own: how long it
takes and the child's peak memory. ``python benchmarks/bench_budgets.py`` prints the rows of RESULTS.md's table.

- the largest model: Quick Draw's 345 classes, 256 filters of 9×9, then 128 of 5×5 (model_budget's limits),
  read by network.load, 64 drawings asked, and one training step of 32 drawings;
- the largest examples folder: 9 classes, 200 MB of drawings (examples.MAX_BYTES), opened by --examples;
- the largest lesson: 1,000 steps (lessons.MAX_STEPS) naming 100 different pictures (MAX_IMAGES) of 2 megapixels
  each (MAX_PIXELS together), one step with a 50 KB caption, loaded as --lesson loads it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from convolution.classroom import lessons  # noqa: E402
from convolution.files import examples as example_files  # noqa: E402
from convolution.files import model_budget  # noqa: E402
from tests.helpers.hostile import run_measured  # noqa: E402

TIMED = ("import time; t = time.perf_counter(); {work}; "
         "print(f'{{time.perf_counter() - t:.2f}}')")


def largest_model(folder: Path) -> tuple[str, Path]:
    import network
    classes = [f"class {n}" for n in range(model_budget.MAX_CLASSES)]
    model = network.Network.random(classes, seed=0, architecture=((model_budget.MAX_FILTERS, model_budget.MAX_KERNEL),
                                                                  (128, 5)))
    path = folder / "largest.npz"
    network.save(model, path)
    work = ("import numpy as np, network; from convolution.learning.trainer import Trainer; "
            "m = network.load('largest.npz'); m.predict(np.zeros((64, 28, 28), np.uint8)); "
            "x = np.random.default_rng(0).integers(0, 256, (64, 28, 28), np.uint8); y = np.arange(64) % 345; "
            "Trainer(x, y, m.classes, 0, network=m).step()")
    return work, path


def largest_examples(folder: Path) -> tuple[str, Path]:
    examples = folder / "examples-largest"
    examples.mkdir()
    per_class = example_files.MAX_BYTES // 9 // 784
    rng = np.random.default_rng(0)
    for n in range(9):
        rows = rng.integers(0, 256, (per_class, 784), np.uint8)
        np.save(examples / f"class{chr(97 + n)}.npy", rows)
    return f"from convolution.app.options import prepare; prepare(['--examples', {str(examples)!r}])", examples


def largest_lesson(folder: Path) -> tuple[str, Path]:
    from PIL import Image
    side = int((lessons.MAX_PIXELS / lessons.MAX_IMAGES) ** 0.5)
    rng = np.random.default_rng(0)
    for n in range(lessons.MAX_IMAGES):
        Image.fromarray(rng.integers(0, 256, (side, side), np.uint8)).save(folder / f"p{n}.png", compress_level=1)
    caption = " ".join(f"word{n}" for n in range(8000))
    steps = [f'[[step]]\nimage = "p{n % lessons.MAX_IMAGES}.png"\n' for n in range(lessons.MAX_STEPS)]
    steps[0] += f'caption = "{caption}"\n'
    path = folder / "largest.toml"
    path.write_text("".join(steps))
    return f"from convolution.app.options import prepare; prepare(['--lesson', {str(path)!r}])", path


def main() -> None:
    rows = []
    for what, make in (("model file", largest_model), ("examples folder", largest_examples),
                       ("lesson", largest_lesson)):
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            work, path = make(folder)
            size = sum(p.stat().st_size for p in ([path] if path.is_file() else path.iterdir()))
            run = run_measured("-c", TIMED.format(work=work), cwd=folder, timeout=600)
            if run.returncode != 0:
                raise SystemExit(f"{what}: {run.stderr[-2000:]}")
            verdict = "pass" if run.peak_bytes < 2 ** 30 else "**FAIL**"
            rows.append(f"| largest {what} accepted ({size / 2 ** 20:.1f} MB on disk) | {run.stdout.strip()} s | "
                        f"{run.peak_bytes / 2 ** 20:.0f} MiB | < 1 GiB: {verdict} |")
            print(rows[-1], flush=True)


if __name__ == "__main__":
    main()
