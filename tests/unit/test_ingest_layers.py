"""Ingest is a use case: it may use engines, models, db and keys; engines never import it, nor it the edges."""
import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"
ENGINES = ("dicom", "pixels", "text", "ontology")
ABOVE_INGEST = {"flask", "click", "app.api", "app.web", "app.commands", "app.jobs", "app.services", "app.cli"}


def imported_modules(path: Path) -> set[str]:
    """Return the absolute names of the modules a file imports (relative imports resolved)."""
    package = ".".join(path.relative_to(APP.parent).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_never_import_ingest(engine):
    for path in (APP / engine).rglob("*.py"):
        assert not any(name.startswith("app.ingest") for name in imported_modules(path)), path


def test_ingest_imports_nothing_above_it():
    for path in (APP / "ingest").rglob("*.py"):
        above = {n for n in imported_modules(path) if any(n == a or n.startswith(a + ".") for a in ABOVE_INGEST)}
        assert not above, (path, above)
