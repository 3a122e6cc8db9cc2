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
ORM_IMPORTS_ALLOWED: dict[str, set[str]] = {}  # none left: a new entry says why


def orm_classes() -> set[str]:
    """Return the names of the mapped classes the app/models package defines (subclasses of app.extensions.Model)."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in (ROOT / "app" / "models").glob("*.py")]
    return {
        node.name
        for tree in trees
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and any(ast.unparse(base) == "Model" for base in node.bases)
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


# The read services (and the services they share with the write side's readers), and the
# write use cases that answer with what they wrote: each returns a dataclass or a TypedDict
# that says what a caller may rely on.
TYPED_READ_SERVICES = (
    "badges", "check_progress", "compare", "evidence", "feeds", "history", "lab_filters",
    "lab_reads", "page_reads", "pillar_views", "read_models", "release_reads", "rows",
    "run_reads", "scores", "trends", "catalogue", "checks", "checks_here",
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


# Services hand views typed results, never rows: no public function of app/services names a
# mapped class in its return annotation, bar the row-level steps below. Other services
# compose them inside one unit of work; no view calls them (the test after next).
ROW_LEVEL_STEPS = {
    # Where every use case starts: a row by its slugs, or NotFound.
    ("rows", "get_lab"), ("rows", "get_release"), ("rows", "releases_of"),
    # The queries the read services page through before building their views.
    ("lab_reads", "labs_query"), ("release_reads", "releases_query"),
    ("run_reads", "latest_run"), ("run_reads", "runs_query"),
    # Writes that go on in the caller's unit of work: a release and its artifacts, then the
    # run that checks them (checks.submit_release and resubmit_artifacts return the view).
    ("catalogue", "add_release"), ("catalogue", "write_release"),
    ("catalogue", "write_artifacts"),
    ("checks", "active_run"), ("checks", "request_check"), ("checks", "create_run"),
    # The task runner's writes: the Evidence row of each artifact checked.
    ("evidence", "record_result"), ("evidence", "copy_forward"),
    # An import places what a file names (its lab, its claims) in the import's unit of work.
    ("interop.placing", "lab_for"), ("interop.claims", "claims_of"),
}  # fmt: skip


def service_modules() -> dict[str, Path]:
    """Return every module of app/services by its dotted name under it (`interop.claims`)."""
    base = ROOT / "app" / "services"
    return {
        ".".join(path.relative_to(base).with_suffix("").parts): path
        for path in sorted(base.rglob("*.py"))
    }


def names_in(annotation: ast.expr) -> set[str]:
    """Return every name an annotation mentions, inside strings too."""
    names: set[str] = set()
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.update(names_in(ast.parse(node.value, mode="eval").body))
    return names


def row_returns(module: str, path: Path, mapped: set[str]) -> set[tuple[str, str]]:
    """Return (module, function) for each public function whose return type names a row."""
    return {
        (module, node.name)
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("_")
        and node.returns is not None
        and names_in(node.returns) & mapped
    }


def all_row_returns() -> set[tuple[str, str]]:
    mapped = orm_classes()
    return set().union(*(row_returns(m, p, mapped) for m, p in service_modules().items()))


def test_row_returns_are_found(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text(
        "def f() -> 'list[Release] | None': ...\ndef g() -> tuple[int, Lab]: ...\n"
        "def _h() -> Lab: ...\ndef k() -> LabView: ...\n",
        encoding="utf-8",
    )
    assert row_returns("m", sample, {"Lab", "Release"}) == {("m", "f"), ("m", "g")}


def test_services_return_typed_results_not_rows() -> None:
    assert all_row_returns() <= ROW_LEVEL_STEPS


def test_the_row_level_list_names_only_what_still_returns_rows() -> None:
    assert all_row_returns() == ROW_LEVEL_STEPS


def row_level_calls(path: Path) -> set[tuple[str, str]]:
    """Return the row-level steps a module imports by name or reaches as `module.step`."""
    found: set[tuple[str, str]] = set()
    modules: dict[str, str] = {}  # local name -> service module
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("app.services"):
            continue
        under = node.module.removeprefix("app.services").lstrip(".")
        for alias in node.names:
            step = (under, alias.name)
            if step in ROW_LEVEL_STEPS:
                found.add(step)
            modules[alias.asname or alias.name] = f"{under}.{alias.name}".lstrip(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            step = (modules.get(node.value.id, ""), node.attr)
            found.update({step} & ROW_LEVEL_STEPS)
    return found


def test_row_level_calls_are_found(tmp_path: Path) -> None:
    sample = tmp_path / "view.py"
    sample.write_text(
        "from app.services import checks\nfrom app.services.rows import get_lab\n"
        "from app.services.interop import claims as c\nchecks.create_run\nc.claims_of\n"
        "checks.submit_release\n",
        encoding="utf-8",
    )
    assert row_level_calls(sample) == {
        ("checks", "create_run"), ("rows", "get_lab"), ("interop.claims", "claims_of"),
    }  # fmt: skip


@pytest.mark.parametrize("path", view_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_call_no_row_level_step(path: Path) -> None:
    assert row_level_calls(path) == set()
