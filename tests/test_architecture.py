"""The floor plan holds: which module may import which, read from the source itself.

One order, lowest first; a module may import only from its own level or a level below it (anywhere in
the module: inside functions too), and packages of one level never import each other both ways:

    1. filters.py, network.py,      the lesson's numbers: kernels and convolution, the network's maths, every
       explain.py, convolution/maths  unit of it worked out, a whole layer of filters (numpy only)
    2. convolution/files            files in and out
    3. convolution/learning         training
    4. convolution/state            what the sketch shows, and the plain functions that change it
    5. convolution/screen,          what is drawn where; lessons and clips
       convolution/classroom
    6. convolution/app              the command line, start-up, the window
    7. sketch.py, train.py          the two programs

One exception, named in UPWARD_EXCEPTIONS with its reason. README's "Where things live" states the same rule.
"""

import ast
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT

PURE = ("filters", "network", "explain", "convolution.maths", "convolution.state", "convolution.files",
        "convolution.learning")
SCREEN_AND_APP = ("convolution.screen", "convolution.app", "convolution.classroom")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def product_files() -> list[Path]:
    return sorted([*ROOT.glob("*.py"), *(ROOT / "convolution").rglob("*.py")])


MODULES = {module_name(path): path for path in product_files()}


def imports_of(path: Path, source: str | None = None) -> set[str]:
    """Every module ``path`` imports, anywhere in it (inside functions too), by its full name: ``import``,
    ``from … import`` (relative ones resolved) and ``importlib.import_module("…")`` with a literal name.
    ``source``: read this instead of the file (as if it stood at ``path``)."""
    found = set()
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text() if source is None else source, str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                whole = f"{module}.{alias.name}" if module else alias.name
                # "from package import module" imports the module; "from module import name", the module.
                found.add(whole if whole in MODULES else module)
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in
              ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)):
            found.add(node.args[0].value)
    return found


GRAPH = {name: imports_of(path) for name, path in MODULES.items()}


def under(name: str, prefixes) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def ours(names) -> set[str]:
    return {name for name in names if name in MODULES}


# The packages (or top-level modules) of each level, lowest first.
LEVELS: tuple[tuple[str, ...], ...] = (
    ("filters", "network", "explain", "convolution.maths", "convolution"),   # convolution: its __init__ only
    ("convolution.files",),
    ("convolution.learning",),
    ("convolution.state",),
    ("convolution.screen",),
    ("convolution.classroom",),   # lessons, and clips painted from the screen's scenes
    ("convolution.app",),
    ("sketch", "train"),
)

# (importer, imported): the only imports from a level to a higher one, each for a reason.
UPWARD_EXCEPTIONS = {
    # network.load(path) and network.save(net, path) are the names README documents; the model file's format,
    # its careful reading and the one way of writing a file are files/'s (model_file.py). The import is made
    # inside the two functions, so that importing network needs only numpy.
    ("network", "convolution.files.model_file"),
}


def package_of(name: str) -> str:
    """The entry of LEVELS ``name`` belongs to (the longest that holds it), or "" if none does."""
    holders = [entry for level in LEVELS for entry in level
               if name == entry or (entry != "convolution" and name.startswith(entry + "."))]
    return max(holders, key=len, default="")


def level_of(name: str) -> int:
    return next(number for number, level in enumerate(LEVELS) if package_of(name) in level)


def test_the_top_level_keeps_what_a_teacher_opens_or_runs_and_nothing_else():
    assert sorted(path.name for path in ROOT.glob("*.py")) == ["explain.py", "filters.py", "network.py",
                                                                 "sketch.py", "train.py"]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_has_a_level_and_imports_nothing_above_it(name):
    assert package_of(name), f"{name} is in no level of LEVELS: add its package there"
    above = sorted(imported for imported in ours(GRAPH[name])
                   if level_of(imported) > level_of(name) and (name, imported) not in UPWARD_EXCEPTIONS)
    assert not above, (f"{name} (level {level_of(name) + 1}, {package_of(name)}) imports "
                       + ", ".join(f"{i} (level {level_of(i) + 1})" for i in above) + ": a higher level")


def test_the_packages_of_one_level_never_import_each_other_both_ways():
    reaches = {(package_of(name), package_of(i)) for name in MODULES for i in ours(GRAPH[name])}
    both = sorted((a, b) for a, b in reaches if a < b and (b, a) in reaches and level_of(a) == level_of(b))
    assert not both, f"packages that import each other: {both}"


def test_each_exception_is_still_needed_and_made_inside_a_function():
    for importer, imported in UPWARD_EXCEPTIONS:
        assert imported in GRAPH[importer], f"{importer} no longer imports {imported}: drop the exception"
        tree = ast.parse(MODULES[importer].read_text())
        at_top = {alias.name for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
                  for alias in node.names}
        assert imported.rsplit(".", 1)[-1] not in at_top, f"{importer} imports {imported} when it is imported"


def test_the_order_test_sees_an_upward_import():
    """Guards against a vacuous pass: a lower module importing a higher one, in a function, is caught."""
    source = ("import importlib\n\ndef late():\n    from convolution.state import demo\n    from . import reading\n"
              "    return importlib.import_module('convolution.app.cli')\n")
    found = imports_of(MODULES["convolution.files.model_file"], source)
    assert {"convolution.state.demo", "convolution.files.reading", "convolution.app.cli"} <= found
    assert [level_of(name) for name in ("convolution.files.reading", "convolution.state.demo",
                                        "convolution.app.cli")] == [1, 3, 6]


def importers_of(module: str) -> list[str]:
    return sorted(name for name, imported in GRAPH.items()
                  if any(i == module or i.startswith(module + ".") for i in imported))


def test_only_startup_imports_py5_and_only_the_window_painter_and_the_surface_reach_java():
    assert importers_of("py5") == ["convolution.app.startup"]      # it hands py5 on to the window
    # py5's internals: painting cheaply (the window's painter), keeping the window alive (the surface), and
    # starting Java through an ASCII path when the one-download app's folder has none (startup).
    assert importers_of("jpype") == ["convolution.app.startup", "convolution.app.surface",
                                     "convolution.screen.painters.window"]
