"""No import circles inside the centre: each module can be read, tested and moved knowing only
what it imports.

The graph is built from the source with ``ast``, not by importing: every ``import`` counts,
including those inside functions and under ``TYPE_CHECKING`` — a lazy import hides a circle
from the interpreter, not from the reader. ``from pkg import name`` is an edge to the module
``pkg.name`` when there is one (as grimp / import-linter count it), else to ``pkg``; and, as
the interpreter does, importing ``pkg.module`` also runs ``pkg/__init__.py`` — an edge to every
package on the way that is not the importer's own.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "call_center"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: str = PACKAGE) -> dict[str, set[str]]:
    paths = {module_name(p): p for p in sorted((ROOT / package).rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = ".".join(here[:len(here) - node.level + 1] + [node.module or ""]
                                if node.level else [node.module or ""]).strip(".")
                modules = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in paths]
                targets.update(modules)
                if len(modules) < len(node.names):
                    targets.add(base)
        own_packages = {".".join(name.split(".")[:i]) for i in range(1, len(name.split(".")))}
        graph[name] = set()
        for target in targets:
            while target and target not in paths:  # pkg.module.attr → pkg.module
                target = target.rpartition(".")[0]
            # Importing pkg.module first runs pkg/__init__.py (unless it is the importer's own
            # package, which is running already).
            if target and target != name:
                graph[name].add(target)
            parts = target.split(".")
            for i in range(1, len(parts)):
                package = ".".join(parts[:i])
                if package in paths and package != name and package not in own_packages:
                    graph[name].add(package)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def describe(component: list[str], graph: dict[str, set[str]]) -> str:
    members = set(component)
    return "\n".join(f"  {m} -> {', '.join(sorted(graph[m] & members))}" for m in component)


def test_the_graph_sees_relative_lazy_and_type_checking_imports():
    graph = import_graph()
    assert "call_center.db" in graph["call_center.models.alarms"]  # from ..db import …
    assert "call_center.alarms.desk" in graph["call_center.alarms"]  # from .desk import …
    assert "call_center.alarms.escalation" in graph["call_center.alarms.worker"]  # from . import escalation
    assert "call_center.auth" in graph["call_center.alarms.desk"]  # under TYPE_CHECKING
    assert "call_center.models" in graph["call_center.lifecycle"]  # from .models.x runs models/__init__
    assert "call_center.alarms" not in graph["call_center.alarms.care"]  # its own package
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_circles_in_the_centre():
    graph = import_graph()
    found = cycles(graph)
    assert not found, "import circles:\n" + "\n\n".join(describe(c, graph) for c in found)
