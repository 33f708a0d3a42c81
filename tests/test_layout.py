"""The code reads as its data flow: no import cycle (imports inside functions and under
`TYPE_CHECKING` included), each folder importing only from the layers below it, no module
longer than one sitting, and a README code map that names every module there is."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

SOURCE = ROOT / "src"
PACKAGE = SOURCE / "tekser"
LONGEST = 500
# The layers, lowest first, one folder (or top-level module) each: a module may import from
# its own folder and the layers before it, never from a later one. The order is the data flow:
# a package's text and tables, the stages that check them, the curators' decisions, packaging a
# source (whose pending drafts validation reports), the run, then what reads a run — the
# renderers, which read no file; the release built from a run; the review desk; the library's
# face; the command line.
LAYERS = (
    ("core",),
    ("seeds",),
    ("package",),
    ("stages",),
    ("decisions",),
    ("authoring",),
    ("progress",),
    ("validate",),
    ("render",),
    ("release",),
    ("desk",),
    ("api",),
    ("cli", "__main__"),
)


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SOURCE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every module of tekser that `name` imports, wherever the import statement is."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join([*here[: len(here) - node.level + 1], node.module or ""])
            else:
                base = node.module or ""
            base = base.rstrip(".")
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    # a name imported from a package's __init__ is an edge to that package
    return {module for module in found if module in known and module != name}


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports(name, path, known) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def layer(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    for position, names in enumerate(LAYERS):
        if top in names:
            return position
    return len(LAYERS)  # tekser/__init__.py: the top, it may import anything


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_every_top_level_name_is_a_layer() -> None:
    tops = {module.split(".")[1] for module in modules() if module.count(".") >= 1}
    unplaced = sorted(top for top in tops if not any(top in names for names in LAYERS))
    assert unplaced == []


def test_each_folder_imports_only_from_the_layers_below_it() -> None:
    upward = sorted(
        f"{module} imports {other}"
        for module, others in graph().items()
        if module != "tekser"
        for other in others
        if other != "tekser" and layer(other) > layer(module)
    )
    assert upward == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_is_longer_than_one_sitting(name: str) -> None:
    lines = modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= LONGEST, f"{name}: {lines} lines"


def code_map() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("<!-- code map -->")
    return text[start : text.index("<!-- end of code map -->", start)]


def test_the_code_map_names_every_module_and_only_those() -> None:
    named = set(re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py)`", code_map()))
    present = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py"
    }
    assert sorted(present - named) == [], "modules the README's code map leaves out"
    assert sorted(named - present) == [], "modules the README's code map names that are gone"


PAGE_MODULES = ("render/page.py", "render/views.py", "render/charts.py", "render/labels.py")
FILE_MODULES = {"os", "io", "pathlib", "shutil", "tempfile", "tekser.package.archive"}
FILE_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "iterdir", "glob"}


@pytest.mark.parametrize("relative", PAGE_MODULES)
def test_the_report_page_reads_no_file(relative: str) -> None:
    """The page is drawn from a report and tables already read (`validate.read_tables`, a
    release's curated tables): its modules import nothing that reads files and call no file
    method, so that a renderer can never open the package a second time."""
    tree = ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    called = {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    assert sorted(imported & FILE_MODULES) == []
    assert sorted(called & FILE_CALLS) == []
