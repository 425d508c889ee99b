"""The code's shape: no import cycles (function-level imports count), small modules and
functions, every feature folder says what it is."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {"chorus": ROOT / "service", "chorus_evals": ROOT / "evals"}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for name, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            parts = path.relative_to(folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join((name, *parts))] = path
    return out


def imported(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> Iterator[str]:
    """Every project module `module` imports, wherever the import statement is (top level,
    inside a function, or `__import__("…")`); `from pkg import sub` names the submodule."""
    base = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                anchor = base.split(".")[: len(base.split(".")) - node.level + 1]
                target = ".".join([*anchor, target] if target else anchor)
            # `from pkg import sub` imports the module pkg.sub; `from mod import name`, mod.
            names = [
                f"{target}.{a.name}" if f"{target}.{a.name}" in known else target
                for a in node.names
            ]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("__import__", "import_module")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        else:
            continue
        for name in names:
            if name in known and name != module:
                yield name


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {
        name: set(imported(ast.parse(path.read_text()), name, path.name == "__init__.py", known))
        for name, path in mods.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import() -> None:
    source = "def f():\n    from chorus.b import x\n"
    edges = set(imported(ast.parse(source), "chorus.a", False, {"chorus.a", "chorus.b"}))
    assert edges == {"chorus.b"}
    assert find_cycle({"chorus.a": edges, "chorus.b": {"chorus.a"}}) is not None
    assert find_cycle({"chorus.a": edges, "chorus.b": set()}) is None


def test_no_import_cycles_among_the_modules_of_service_and_evals() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, " -> ".join(cycle or [])


def test_evals_never_import_the_cli() -> None:
    graph = import_graph()
    offenders = [m for m, deps in graph.items() if m.startswith("chorus_evals") and any(
        d.startswith("chorus.cli") for d in deps)]  # fmt: skip
    assert offenders == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_are_small(name: str) -> None:
    lines = len(modules()[name].read_text().splitlines())
    assert lines <= MAX_MODULE_LINES, f"{name}: {lines} lines"


def test_functions_are_short() -> None:
    long = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {size} lines")
    assert long == []


def test_every_feature_folder_says_what_it_is() -> None:
    for folder in PACKAGES.values():
        for init in folder.rglob("__init__.py"):
            doc = ast.get_docstring(ast.parse(init.read_text()))
            assert doc and len(doc.split()) >= 15, f"{init} needs a paragraph docstring"
