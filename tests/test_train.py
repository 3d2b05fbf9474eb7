"""train.py: training from class files, its report, and one clear line for every mistake."""

import os
import re
import subprocess
import sys

import numpy as np
import pytest

import network
from convolution.learning import cli as train_cli
from tests.helpers.drawings import bars, write_class_file
from tests.helpers.paths import ROOT


@pytest.fixture
def class_files(tmp_path):
    """Two small class files written by the test: horizontal bars (.npy) and vertical bars (.bin)."""
    drawings, labels = bars(120, seed=4)
    return [write_class_file(tmp_path, "full_numpy_bitmap_horizontal.npy", drawings[labels == 0]),
            write_class_file(tmp_path, "verticals60.bin", drawings[labels == 1])]


def run_main(capsys, *args):
    status = train_cli.main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_one_error_line(status, err, *fragments):
    assert status == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("train.py: error: "), err
    for fragment in fragments:
        assert fragment in lines[0]


def test_training_saves_a_model_and_reports_held_out_accuracy_and_confusions(capsys, tmp_path, class_files):
    out = tmp_path / "bars.npz"
    status, stdout, stderr = run_main(capsys, *class_files, "--out", out, "--epochs", "3", "--seed", "2")
    assert status == 0, stderr
    model = network.load(out)
    assert model.classes == ["horizontal", "vertical"]
    found = re.search(r"held-out accuracy: ([\d.]+)% \((\d+) of (\d+)", stdout)
    assert found and int(found.group(3)) == 24                       # 20% of each 60-drawing class
    assert float(found.group(1)) >= 90
    matrix = [line.split() for line in stdout.splitlines() if line.startswith(("horizontal ", "vertical "))]
    assert [row[0] for row in matrix] == ["horizontal", "vertical"]
    counts = np.array([[int(n) for n in row[1:]] for row in matrix])
    assert counts.sum() == 24 and counts.sum(axis=1).tolist() == [12, 12]
    assert np.trace(counts) == int(found.group(2))
    assert f"saved {out}" in stdout
    assert "held-out accuracy" in model.about and "seed 2" in model.about


def test_progress_is_one_plain_line_per_epoch_when_not_a_terminal(capsys, tmp_path, class_files):
    status, _, stderr = run_main(capsys, *class_files, "--out", tmp_path / "m.npz", "--epochs", "3")
    assert status == 0
    epochs = [line for line in stderr.splitlines() if line.startswith("epoch ")]
    assert [line.split()[1] for line in epochs] == ["1/3", "2/3", "3/3"]
    assert "[########################]" in epochs[-1] and "loss" in epochs[-1]
    assert "\r" not in stderr and "\x1b" not in stderr


def test_the_same_seed_saves_bitwise_the_same_weights(capsys, tmp_path, class_files):
    paths = [tmp_path / name for name in ("a.npz", "b.npz", "c.npz")]
    for path, seed in zip(paths, (3, 3, 4)):
        assert run_main(capsys, *class_files, "--out", path, "--epochs", "2", "--seed", seed)[0] == 0
    first, again, other = (network.load(path).weights.arrays() for path in paths)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert not np.array_equal(first[0], other[0])


def test_an_existing_out_is_refused_before_training_and_left_alone(capsys, tmp_path, class_files):
    precious = tmp_path / "model.npz"
    precious.write_bytes(b"last week's model")
    status, stdout, stderr = run_main(capsys, *class_files, "--out", precious)
    assert_one_error_line(status, stderr, str(precious), "exists", "never overwrites")
    assert "epoch" not in stderr and stdout == ""
    assert precious.read_bytes() == b"last week's model"


def test_an_out_in_a_missing_folder_is_refused(capsys, tmp_path, class_files):
    status, _, stderr = run_main(capsys, *class_files, "--out", tmp_path / "no" / "model.npz")
    assert_one_error_line(status, stderr, "does not exist")


def test_a_bad_file_is_one_line(capsys, tmp_path, class_files):
    bad = tmp_path / "trains.bin"
    bad.write_bytes(b"not drawings at all")
    status, _, stderr = run_main(capsys, class_files[0], bad, "--out", tmp_path / "m.npz")
    assert_one_error_line(status, stderr, str(bad), "not a whole number of 784-byte")
    assert not (tmp_path / "m.npz").exists()


def test_a_missing_file_is_one_line(capsys, tmp_path, class_files):
    status, _, stderr = run_main(capsys, class_files[0], tmp_path / "cats.bin", "--out", tmp_path / "m.npz")
    assert_one_error_line(status, stderr, "not found")


def test_one_class_is_not_enough(capsys, tmp_path, class_files):
    status, _, stderr = run_main(capsys, class_files[0], "--out", tmp_path / "m.npz")
    assert_one_error_line(status, stderr, "at least two classes", "'horizontal'")


def test_two_files_of_the_same_class_are_one_class(capsys, tmp_path, class_files):
    copy = write_class_file(tmp_path, "horizontals60.bin", bars(10)[0])
    status, _, stderr = run_main(capsys, class_files[0], copy, "--out", tmp_path / "m.npz")
    assert_one_error_line(status, stderr, "both give the class 'horizontal'")


def test_a_bad_option_exits_with_2_without_a_traceback(tmp_path, class_files):
    result = subprocess.run([sys.executable, str(ROOT / "train.py"), *map(str, class_files),
                             "--out", str(tmp_path / "m.npz"), "--epochs", "0"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "train.py: error: argument --epochs: must be 1 or more" in result.stderr


def test_a_short_run_on_the_real_doodles_reaches_90_percent(capsys, tmp_path):
    # No files: the drawings that come with the project (the same as ../shared/quickdraw's *800.bin).
    status, stdout, stderr = run_main(capsys, "--out", tmp_path / "d.npz", "--epochs", "3", "--seed", "7")
    assert status == 0, stderr
    assert "2400 drawings of 3 classes (cat 800, rainbow 800, train 800)" in stderr
    accuracy = float(re.search(r"held-out accuracy: ([\d.]+)%", stdout).group(1))
    assert accuracy >= 90


def readme_training_command() -> list[str]:
    """The command README gives for the shipped model, split into its words."""
    readme = ROOT.joinpath("README.md").read_text()
    commands = re.findall(r"^python train\.py --out \S+$", readme, flags=re.MULTILINE)
    assert len(commands) == 1, commands
    return commands[0].split()


def test_readmes_command_works_as_written_and_makes_the_shipped_model(tmp_path):
    words = readme_training_command()
    assert words[:2] == ["python", "train.py"] and "--out" in words
    out = words[words.index("--out") + 1]
    assert not ROOT.joinpath(out).exists()             # as written, from the project's folder, it works
    words[words.index("--out") + 1] = str(tmp_path / out)
    environment = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}   # train.py's own
    result = subprocess.run([sys.executable, *words[1:]], cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env=environment)
    assert result.returncode == 0, result.stderr
    made, shipped = network.load(tmp_path / out), network.load(ROOT / "assets" / "doodles.npz")
    assert made.classes == shipped.classes and made.architecture == shipped.architecture == network.ARCHITECTURE
    # Not compared bit by bit: another CPU's BLAS rounds differently and 60 epochs carry that far (on the
    # machine that made it, the weights are bitwise the same). The same recipe (the about line names the
    # files, epochs and seed) and, within a few drawings, the same score.
    recipe = made.about.split("; held-out")[0]
    assert recipe == shipped.about.split("; held-out")[0] and "60 epochs, seed 1" in recipe
    assert abs(held_out_score(made.about) - held_out_score(shipped.about)) <= 1.5
    # With no drawing files it trained on the bundled drawings, and carries the 80% it learned from.
    assert "bundled drawings" in recipe and made.examples.shape == shipped.examples.shape == (1920, 28, 28)


def held_out_score(about: str) -> float:
    return float(re.search(r"held-out accuracy ([\d.]+)%", about).group(1))


def test_readme_gives_the_shipped_models_own_figures():
    shipped = network.load(ROOT / "assets" / "doodles.npz")
    # "held-out accuracy 95.6% (459 of 480)", as train.py wrote it into the model
    score, right, total = re.search(r"held-out accuracy ([\d.]+%) \((\d+) of (\d+)\)", shipped.about).groups()
    readme = " ".join(ROOT.joinpath("README.md").read_text().split())
    assert f"scores {score} on the 20% of each file it never trained on ({right} of {total})" in readme
    size = ROOT.joinpath("assets", "doodles.npz").stat().st_size
    assert f"`assets/doodles.npz` ({size / 1024:.0f} KB)" in readme
