"""Imports point down the layers DESIGN.md draws: a walk of every import under app/, those inside functions too."""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"

# Top to bottom. A module may import its own area and any area of a lower layer, never one above it.
LAYERS = (
    ("edges", ("app", "app.__main__", "app.cli", "app.commands", "app.api", "app.web", "app.body_gate",
               "app.request_limits", "app.security_headers", "app.http_errors", "app.request_params",
               "app.current_services")),
    ("wiring", ("app.services", "app.jobs", "app.health")),
    ("use cases", ("app.exports", "app.cohorts", "app.ingest", "app.auth", "app.conformance", "app.demo",
                   "app.quarantine", "app.profile_review")),
    ("pipeline", ("app.deid",)),
    ("engines", ("app.dicom", "app.pixels", "app.text", "app.ontology")),
    ("shared ground", ("app.profiles", "app.identity", "app.known_phi")),
    ("storage", ("app.db", "app.models", "app.audit", "app.keys", "app.config", "app.errors", "app.migrations",
                 "app.budget", "app.jsonl", "app.permissions", "app.run_summary", "app.sealed", "app.version")),
)
RANK = {area: rank for rank, (_, areas) in enumerate(LAYERS) for area in areas}
ENGINES = dict(LAYERS)["engines"]
# The terminal reaches the HTTP side only through the application factory (`serve`), never its blueprints.
TERMINAL, HTTP = ("app.cli", "app.commands"), ("app.api", "app.web")
WEB_FRAMEWORKS = ("flask", "flask_login", "flask_wtf", "werkzeug", "click")


def module_name(path: Path) -> str:
    """Return the dotted name of a module file under app/."""
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_path(name: str) -> Path | None:
    """Return the file of an app module or package, or None when there is none."""
    base = APP.parent.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@cache
def bound_names(package: str) -> frozenset[str]:
    """Return the names a package's __init__ binds itself (so `from package import name` is not a submodule)."""
    path = module_path(package)
    if path is None or path.name != "__init__.py":
        return frozenset()
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return frozenset(names)


def imports_of(path: Path) -> set[str]:
    """Return every module a file under app/ imports."""
    module = module_name(path)
    return imports_in(path.read_text(), module if path.name == "__init__.py" else module.rpartition(".")[0])


def imports_in(source: str, package: str) -> set[str]:
    """Return every module `source` (a module of `package`) imports, anywhere in it, as absolute dotted names."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[:len(parts) - node.level + 1], *([node.module] if node.module else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                # `from package import name` imports a submodule, unless the package itself binds the name.
                is_module = alias.name not in bound_names(base) and module_path(submodule) is not None
                found.add(submodule if is_module else base)
    return found


def area_of(name: str) -> str | None:
    """Return the area (a LAYERS entry) an app module belongs to, or None for a module outside app."""
    if name != "app" and not name.startswith("app."):
        return None
    if name == "app":
        return "app"
    parts = name.split(".")
    for depth in range(len(parts), 1, -1):
        if ".".join(parts[:depth]) in RANK:
            return ".".join(parts[:depth])
    return ""  # an app module no layer names


MODULES = sorted(APP.rglob("*.py"))


def test_every_module_has_a_layer():
    assert [module_name(p) for p in MODULES if area_of(module_name(p)) == ""] == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_point_down(path):
    area = area_of(module_name(path))
    wrong = []
    for name in sorted(imports_of(path)):
        target = area_of(name)
        if target is None:
            if RANK[area] > 0 and name.split(".")[0] in WEB_FRAMEWORKS:
                wrong.append(f"{name}: only the edges know the web framework and the terminal")
            continue
        if target == area or not target:
            continue
        if RANK[target] < RANK[area]:
            wrong.append(f"{name}: {target} is a layer above {area}")
        elif area in ENGINES and target in ENGINES:
            wrong.append(f"{name}: engines never import each other")
        elif (area in TERMINAL and target in HTTP) or (area in HTTP and target in TERMINAL):
            wrong.append(f"{name}: the terminal and HTTP edges are apart")
    assert wrong == [], module_name(path)


def test_the_walk_sees_imports_inside_functions_and_relative_ones():
    source = "def f():\n    from ..pixels import engine\n    import app.text.engine\n    from . import values\n"
    assert imports_in(source, "app.dicom") == {"app.pixels.engine", "app.text.engine", "app.dicom.values"}
    assert [area_of(n) for n in ("app.dicom.scan", "app", "pydicom.dataset")] == ["app.dicom", "app", None]


def area_graph() -> dict[str, set[str]]:
    """Return which areas each area imports (its own excluded)."""
    graph: dict[str, set[str]] = {}
    for path in MODULES:
        area = area_of(module_name(path))
        targets = {area_of(name) for name in imports_of(path)} - {None, "", area}
        graph.setdefault(area, set()).update(targets)
    return graph


def test_no_two_areas_import_each_other_in_a_loop():
    graph = area_graph()
    loops = set()

    def walk(area: str, trail: tuple[str, ...]) -> None:
        for target in sorted(graph.get(area, ())):
            if target in trail:
                loop = trail[trail.index(target):]
                start = loop.index(min(loop))
                loops.add(" -> ".join(loop[start:] + loop[:start]))
            else:
                walk(target, (*trail, target))

    for area in sorted(graph):
        walk(area, (area,))
    assert sorted(loops) == []
