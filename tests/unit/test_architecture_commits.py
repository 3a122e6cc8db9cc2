"""Who may commit: every writer goes through `unit_of_work`, except the modules named here.

The check-run state machine and its callers commit each transition on their own, by design;
each such module says why in its docstring, and this list repeats the reason so a new
`commit()` anywhere else fails until someone decides it belongs here.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TRANSACTION_HELPER = "app/services/unit_of_work.py"

COMMITS_ALONE: dict[str, str] = {
    "app/tasks/state.py": "a claim must be visible to other workers the moment it is made",
    "app/tasks/batch_state.py": "a batch's claim or heartbeat counts only once committed",
    "app/tasks/batch.py": "no transaction is held open while the probes go over the network",
    "app/tasks/runner.py": "each artifact's evidence is committed after re-checking ownership",
    "app/tasks/sweeper.py": "the advisory lock lives on a connection of its own",
}


def committing_modules() -> set[str]:
    """Return the project modules that call `.commit()` on anything."""
    found: set[str] = set()
    for folder in ("app", "registry", "schemas"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if any(_is_commit_call(node) for node in ast.walk(tree)):
                found.add(str(path.relative_to(ROOT)))
    return found


def _is_commit_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "commit"
    )


def test_every_other_writer_commits_through_the_unit_of_work() -> None:
    assert committing_modules() - {TRANSACTION_HELPER} <= set(COMMITS_ALONE)


def test_the_list_names_only_modules_that_still_commit() -> None:
    assert set(COMMITS_ALONE) <= committing_modules()


def test_each_module_that_commits_alone_says_why_in_its_docstring() -> None:
    for module in COMMITS_ALONE:
        docstring = ast.get_docstring(ast.parse((ROOT / module).read_text(encoding="utf-8")))
        assert docstring and "unit_of_work" in docstring, module


def test_commit_calls_are_found() -> None:
    assert _is_commit_call(ast.parse("db.session.commit()").body[0].value)  # type: ignore[attr-defined]
    assert not _is_commit_call(ast.parse("db.session.flush()").body[0].value)  # type: ignore[attr-defined]
