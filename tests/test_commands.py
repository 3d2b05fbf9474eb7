"""The programs as a user meets them outside a clone's virtual environment: their own names in --help
and errors, a missing package in one line, the bundled lesson and network by name, a read-only start
folder, and the build script's zip (its links kept)."""

from __future__ import annotations

import io
import locale
import os
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from convolution.app import chores, cli, startup
from convolution.classroom import lessons
from convolution.files import bundled, saving
from convolution.learning import cli as train_cli
from tests.helpers.paths import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
import build_app  # noqa: E402 - packaging/ is not a package


@pytest.mark.parametrize("started, script, name", [
    ("/home/a/.venv/bin/convolution-sketch", "sketch.py", "convolution-sketch"),
    (r"C:\Program Files\app\convolution-sketch.exe", "sketch.py", "convolution-sketch"),
    ("/media/usb/Übung-猫/convolution-train", "train.py", "convolution-train"),
    ("sketch.py", "sketch.py", "sketch.py"),
    ("/usr/lib/python3/site-packages/pytest/__main__.py", "sketch.py", "sketch.py"),
])
def test_a_program_is_named_as_it_was_started(monkeypatch, started, script, name):
    monkeypatch.setattr(sys, "argv", [started.replace("\\", os.sep)])
    assert startup.program_name(script) == name
    assert startup.own_command(script) == (f"python {name}" if name.endswith(".py") else name)


def test_help_and_argparse_errors_use_the_installed_name(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["/x/bin/convolution-sketch"])
    with pytest.raises(SystemExit):
        cli.parse_args(["--kernel", "nonsense"])
    assert capsys.readouterr().err.splitlines()[-1].startswith("convolution-sketch: error: argument --kernel:")
    assert train_cli.build_parser("convolution-train").format_usage().startswith("usage: convolution-train ")


def test_the_window_s_lines_are_renamed_at_line_starts_only():
    out = io.StringIO()
    stream = startup.OwnName(out, "sketch.py", "convolution-sketch")
    print("sketch.py: error: could not save x", file=stream)
    stream.write("sketch.py: note: a")
    stream.write("nd sketch.py: stays\nsketch.py: error: b\n")
    assert out.getvalue() == ("convolution-sketch: error: could not save x\n"
                              "convolution-sketch: note: and sketch.py: stays\nconvolution-sketch: error: b\n")


def test_a_missing_package_is_one_line_naming_it_and_the_install_command():
    """`python3 sketch.py` with a Python that has no numpy (here: one without its site-packages)."""
    for script in ("sketch.py", "train.py"):
        done = subprocess.run([sys.executable, "-S", script, "--help"], cwd=ROOT, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 2 and done.stdout == ""
        line, = done.stderr.splitlines()
        python = Path(sys.executable).name
        assert line == (f"{script}: error: the package numpy (module numpy) is not installed for this Python "
                        f"({sys.executable}): run `{python} -m pip install -r requirements.txt`, or start the "
                        f"virtual environment it was installed in")


def test_a_missing_package_names_what_pip_installs():
    error = ModuleNotFoundError("No module named 'PIL'", name="PIL")
    assert startup.missing_message(error).startswith("the package pillow (module PIL) is not installed")


def test_a_part_of_the_sketch_missing_from_an_install_says_install_it_again():
    error = ModuleNotFoundError("No module named 'convolution.screen.painters'", name="convolution.screen.painters")
    line = startup.missing_message(error)
    assert line.startswith("convolution.screen.painters is missing from this installation of the sketch (")
    assert "-m pip install --force-reinstall ." in line


def test_pyproject_installs_every_package_of_the_sketch():
    try:
        import tomllib
    except ImportError:   # Python 3.10: requirements.txt's tomli
        import tomli as tomllib
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "convolution").rglob("__init__.py")}
    assert found <= listed, f"pyproject.toml's packages leave out {sorted(found - listed)}"


def test_py5_missing_is_the_same_one_line(monkeypatch):
    monkeypatch.setenv("DISPLAY", ":0")

    def no_py5():
        raise ModuleNotFoundError("No module named 'py5'", name="py5")
    monkeypatch.setattr(startup, "_load_py5", no_py5)
    monkeypatch.setattr(startup, "use_bundled_java", lambda: False)   # JAVA_HOME stays as it is
    with pytest.raises(startup.StartupError) as caught:
        startup.import_py5()
    assert str(caught.value).startswith("the package py5 (module py5) is not installed for this Python")


def test_the_bundled_lesson_is_found_by_name_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = bundled.LESSONS / "coding-train.toml"
    for given in ("coding-train", "coding-train.toml", "lessons/coding-train.toml"):
        assert lessons.find_lesson(given) == plan
    (tmp_path / "coding-train").write_text("title = 'mine'\n")
    assert lessons.find_lesson("coding-train") == Path("coding-train")   # a file of that name comes first
    with pytest.raises(lessons.LessonError) as caught:
        lessons.find_lesson("intro")
    assert str(caught.value) == ("lesson file not found: intro; the bundled lessons, by name: coding-train "
                                 "(e.g. --lesson coding-train)")
    with pytest.raises(lessons.LessonError, match="lesson file not found: elsewhere/coding-train.toml"):
        lessons.find_lesson("elsewhere/coding-train.toml")


def test_bundled_names_the_shipped_network_for_model_and_from(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("bundled", "doodles", "Bundled", "doodles.npz"):
        assert cli.model_path(name) == bundled.DOODLES == train_cli.model_path(name)
    (tmp_path / "doodles.npz").write_bytes(b"")
    assert cli.model_path("doodles.npz") == Path("doodles.npz")
    help_text = "".join((cli.build_parser().format_help() + train_cli.build_parser().format_help()).split())
    assert help_text.count("".join(str(bundled.DOODLES).split())) == 3   # --model, --examples, --from
    assert "abundledonebyname:coding-train" in help_text                  # --lesson


def test_a_read_only_start_folder_saves_in_pictures_then_documents_then_home(tmp_path):
    start, home = tmp_path / "usb", tmp_path / "home"
    for folder in (start, home / "Pictures", home / "Documents"):
        folder.mkdir(parents=True)
    assert saving.save_folder(start, home) == start
    refused = {start}
    can_write = lambda folder: folder not in refused and saving.writable(folder)   # noqa: E731
    assert saving.save_folder(start, home, can_write) == home / "Pictures"
    refused.add(home / "Pictures")
    assert saving.save_folder(start, home, can_write) == home / "Documents"
    refused.add(home / "Documents")
    assert saving.save_folder(start, home, can_write) == home
    refused.add(home)
    assert saving.save_folder(start, home, can_write) == start   # nowhere: saving then says why
    assert not list(tmp_path.rglob(".convolution-*"))            # the trial files are gone


def test_the_fallback_is_said_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(saving, "save_folder", lambda start: tmp_path / "Pictures")
    assert chores.start_folder() == tmp_path / "Pictures"
    assert capsys.readouterr().err == (f"sketch.py: note: {tmp_path} is read-only, so s, d, g and w save in "
                                       f"{tmp_path / 'Pictures'}\n")


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="Java takes file names from the system there")
def test_java_gets_utf8_file_names_in_the_c_locale(monkeypatch):
    before = locale.setlocale(locale.LC_CTYPE)
    monkeypatch.delenv("LC_CTYPE", raising=False)
    try:
        locale.setlocale(locale.LC_CTYPE, "C")
        if "utf" in locale.nl_langinfo(locale.CODESET).lower().replace("-", ""):
            pytest.skip("this C library's C locale is UTF-8 already")
        chosen = startup.use_utf8_file_names()
        assert chosen is not None and os.environ["LC_CTYPE"] == chosen
        assert "utf" in locale.nl_langinfo(locale.CODESET).lower().replace("-", "")
        assert startup.use_utf8_file_names() is None   # once is enough
    finally:
        locale.setlocale(locale.LC_CTYPE, before)


def test_the_app_s_java_is_the_one_inside_it(tmp_path, monkeypatch):
    (tmp_path / "JAVA_HOME").mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setenv("JAVA_HOME", "/somewhere/else")
    assert startup.use_bundled_java() and os.environ["JAVA_HOME"] == str(tmp_path / "JAVA_HOME")


def test_the_zip_keeps_modes_and_links_inside_the_folder(tmp_path, monkeypatch):
    folder = tmp_path / "app"
    (folder / "libs").mkdir(parents=True)
    (folder / "program").write_bytes(b"#!/bin/sh\n")
    (folder / "program").chmod(0o755)
    (folder / "libs" / "libx.so").write_bytes(b"x" * 1000)
    os.symlink("libs/libx.so", folder / "libx.so")
    os.symlink(str(tmp_path / "outside.txt"), folder / "outside")
    (tmp_path / "outside.txt").write_text("outside")
    path = tmp_path / "app.zip"
    monkeypatch.setattr(build_app, "DIST", tmp_path)
    build_app.write_zip(folder, path, "top")
    with zipfile.ZipFile(path) as archive:
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        assert archive.read("top/libx.so") == b"libs/libx.so"
        assert archive.read("top/outside") == b"outside"                 # a link out of the folder: its file
    assert stat.S_ISLNK(modes["top/libx.so"]) and stat.S_IMODE(modes["top/program"]) == 0o755
    assert stat.S_ISREG(modes["top/outside"]) and sorted(modes) == ["top/libs/libx.so", "top/libx.so",
                                                                     "top/outside", "top/program"]


def test_the_platform_name_says_system_and_processor():
    system, machine = build_app.platform_name().split("-", 1)
    assert system in ("linux", "windows", "macos", "freebsd") and machine in ("x86_64", "arm64", "i386", "x86")


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX: Windows uses the folder's short name")
def test_the_app_s_ascii_link_to_itself_is_made_once_and_mended(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)   # gettempdir() reads TMPDIR again
    folder = tmp_path / "Übung-猫" / "_internal"
    folder.mkdir(parents=True)
    link = startup._ascii_link(str(folder))
    assert link is not None and link.isascii() and Path(link).parent == tmp_path
    assert os.readlink(link) == str(folder) and startup._ascii_link(str(folder)) == link
    os.unlink(link)
    os.symlink(str(tmp_path), link)                  # a stale link of that name, elsewhere: mended
    assert startup._ascii_link(str(folder)) == link and os.readlink(link) == str(folder)
    assert startup.ascii_app_folder() is None        # not the app: nothing to do


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX: the home is HOME")
def test_a_missing_home_becomes_a_private_folder_for_py5(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "nonexistent"))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    stand_in = startup.use_writable_home()
    assert stand_in == tmp_path / f"convolution-home-{os.getuid()}" and os.environ["HOME"] == str(stand_in)
    assert stat.S_IMODE(stand_in.stat().st_mode) == 0o700
    stand_in.chmod(0o777)                                  # opened to others: not trusted again
    monkeypatch.setenv("HOME", str(tmp_path / "nonexistent"))
    other = startup.use_writable_home()
    assert other != stand_in and other.parent == tmp_path and stat.S_IMODE(other.stat().st_mode) == 0o700
    monkeypatch.setenv("HOME", str(tmp_path))
    assert startup.use_writable_home() is None             # a home one can write in is left alone
