"""The floor plan holds: which module may import which, read from the source itself.

    filters.py, network.py          the lesson's numbers and the network's maths
    convolution/maths, state,       pure: no screen, no window, no py5
      files, learning
    convolution/classroom           lessons (pure) and clips (drawn in numpy)
    convolution/screen              what is drawn where; the canvas draws through a py5 handed to it
    convolution/app                 the command line, start-up, the window

README's "Where things live" states the same rule.
"""

import ast
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT

PURE = ("filters", "network", "convolution.maths", "convolution.state", "convolution.files", "convolution.learning")
SCREEN_AND_APP = ("convolution.screen", "convolution.app", "convolution.classroom")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def product_files() -> list[Path]:
    return sorted([*ROOT.glob("*.py"), *(ROOT / "convolution").rglob("*.py")])


MODULES = {module_name(path): path for path in product_files()}


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in it (inside functions too), by its full name."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                whole = f"{node.module}.{alias.name}"
                # "from package import module" imports the module; "from module import name", the module.
                found.add(whole if whole in MODULES else node.module)
    return found


GRAPH = {name: imports_of(path) for name, path in MODULES.items()}


def under(name: str, prefixes) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def ours(names) -> set[str]:
    return {name for name in names if name in MODULES}


def test_the_top_level_keeps_what_a_teacher_opens_or_runs_and_nothing_else():
    assert sorted(path.name for path in ROOT.glob("*.py")) == ["filters.py", "network.py", "sketch.py", "train.py"]


@pytest.mark.parametrize("name", sorted(name for name in MODULES if under(name, PURE)))
def test_pure_modules_never_import_the_screen_the_classroom_the_app_or_py5(name):
    wrong = {imported for imported in GRAPH[name]
             if under(imported, SCREEN_AND_APP) or under(imported, ("py5", "jpype"))}
    assert not wrong, f"{name} imports {sorted(wrong)}"


def importers_of(module: str) -> list[str]:
    return sorted(name for name, imported in GRAPH.items() if any(under(i, (module,)) for i in imported))


def test_only_startup_imports_py5_and_only_the_canvas_and_the_surface_reach_java():
    assert importers_of("py5") == ["convolution.app.startup"]      # it hands py5 on to the window and canvas
    # py5's internals: drawing cheaply (the canvas), keeping the window alive (the surface), and starting
    # Java through an ASCII path when the app's folder has none (startup).
    assert importers_of("jpype") == ["convolution.app.startup", "convolution.app.surface", "convolution.screen.canvas"]


def test_the_lessons_are_pure_and_the_command_line_is_argparse_only():
    lessons = GRAPH["convolution.classroom.lessons"]
    assert not {i for i in lessons if under(i, ("convolution.screen", "convolution.app"))}
    opened = ours(GRAPH["convolution.app.cli"])
    assert not opened & {"convolution.classroom.lessons", "convolution.files.sources", "convolution.files.images",
                         "convolution.files.quickdraw", "convolution.files.model_file", "network"}, opened


def test_there_are_no_import_cycles():
    graph = {name: ours(imported) - {name} for name, imported in GRAPH.items()}
    # A package's __init__ importing its own modules is not a cycle: "from package import module" names the module.
    for name in graph:
        graph[name] = {other for other in graph[name] if not (MODULES[other].name == "__init__.py"
                                                              and name.startswith(other + "."))}
    state = {}

    def visit(name, path):
        state[name] = "visiting"
        for other in sorted(graph[name]):
            if state.get(other) == "visiting":
                cycle = path[path.index(other):] + [other]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if other not in state:
                visit(other, path + [other])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_the_graph_sees_real_imports():
    """Guards against a vacuous pass: the parser must find imports we know are there."""
    assert "convolution.screen.views.common" in GRAPH["convolution.screen.views.filter"]
    assert "convolution.app.startup" in GRAPH["convolution.app.window"]
    assert "py5" in GRAPH["convolution.app.startup"]
