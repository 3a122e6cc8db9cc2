"""Architecture rules: a pure domain core, typed read results, and views that never see rows."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("flask", "flask_sqlalchemy", "sqlalchemy", "marshmallow", "app", "schemas")


def imported_modules(path: Path) -> set[str]:
    """Return the top-level names a module imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    "path", sorted((ROOT / "registry").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_registry_module_imports_no_framework(path: Path) -> None:
    assert imported_modules(path).isdisjoint(FORBIDDEN)


def test_project_code_never_reads_the_shared_folder() -> None:
    for folder in ("app", "registry", "schemas", "standins"):
        for path in (ROOT / folder).rglob("*.py"):
            assert "../shared" not in path.read_text(encoding="utf-8"), path


# Views, badges, feeds and the CLI receive typed views from the services (read_models.py and
# the dataclasses beside each read service), never ORM rows: they import no mapped class.
VIEW_PACKAGES = ("app/web", "app/api", "app/badges", "app/feeds", "app/cli")
ORM_IMPORTS_ALLOWED = {
    # `registry check` runs checks in-process, row by row, as the task runner does: the
    # write side's command, which owns the rows it checks and prints what they became.
    "app/cli/checks.py": {"Artifact", "CheckRun", "Lab", "Release"},
}


def orm_classes() -> set[str]:
    """Return the names of the mapped classes the app/models package defines (db.Model subclasses)."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in (ROOT / "app" / "models").glob("*.py")]
    return {
        node.name
        for tree in trees
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and any(ast.unparse(base) == "db.Model" for base in node.bases)
    }


def orm_imports(path: Path, mapped: set[str]) -> set[str]:
    """Return the mapped classes a module imports from app.models (`*` for the module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[:2] == ["app", "models"]:
            found.update(alias.name for alias in node.names if alias.name in mapped)
        elif isinstance(node, ast.ImportFrom) and node.module == "app":
            found.update("*" for alias in node.names if alias.name == "models")
        elif isinstance(node, ast.Import):
            found.update("*" for alias in node.names if alias.name.split(".")[:2] == ["app", "models"])
    return found


def view_modules() -> list[Path]:
    return sorted(path for folder in VIEW_PACKAGES for path in (ROOT / folder).rglob("*.py"))


def test_orm_classes_are_found() -> None:
    assert {"Lab", "Release", "Artifact", "CheckRun", "Evidence", "User"} <= orm_classes()


@pytest.mark.parametrize("path", view_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_read_typed_results_not_orm_rows(path: Path) -> None:
    allowed = ORM_IMPORTS_ALLOWED.get(str(path.relative_to(ROOT)), set())
    assert orm_imports(path, orm_classes()) <= allowed


def test_the_allow_list_names_only_what_is_still_imported() -> None:
    for name, allowed in ORM_IMPORTS_ALLOWED.items():
        assert orm_imports(ROOT / name, orm_classes()) == allowed, name


# The read services (and the services they share with the write side's readers): each
# returns a dataclass or a TypedDict that says what a caller may rely on.
TYPED_READ_SERVICES = (
    "badges", "check_progress", "compare", "evidence", "feeds", "history", "lab_filters",
    "lab_reads", "page_reads", "pillar_views", "read_models", "release_reads", "rows",
    "run_reads", "scores", "trends",
)  # fmt: skip
UNTYPED_RETURNS_ALLOWED = {
    # Both build what is written, never what is read: an Evidence row's column values, and
    # checker facts made JSON-safe for that row's JSON column.
    ("evidence", "_found_columns"),
    ("evidence", "_json_safe"),
}


def untyped_returns(module: str) -> set[tuple[str, str]]:
    """Return (module, function) for each function whose return annotation has dict[str, Any]."""
    path = ROOT / "app" / "services" / f"{module}.py"
    return {
        (module, node.name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.returns is not None
        and "dict[str, Any]" in ast.unparse(node.returns)
    }


@pytest.mark.parametrize("module", TYPED_READ_SERVICES)
def test_read_services_return_typed_results(module: str) -> None:
    assert untyped_returns(module) <= UNTYPED_RETURNS_ALLOWED


def test_the_untyped_allow_list_is_still_needed() -> None:
    found = set().union(*(untyped_returns(m) for m in TYPED_READ_SERVICES))
    assert found == UNTYPED_RETURNS_ALLOWED
