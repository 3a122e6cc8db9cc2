"""Each outside library has exactly one importer: the adapter that wraps it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]

# Library -> the one module allowed to import it.
OWNERS = {
    "huggingface_hub": "registry/adapters/hub.py",
    "httpx2": "registry/adapters/hub.py",
    "git": "registry/adapters/git.py",
    "httpx": "registry/adapters/http.py",
}


def top_level_imports(path: Path) -> set[str]:
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
def test_only_the_owning_adapter_imports_each_library(path: Path) -> None:
    relative = str(path.relative_to(ROOT))
    for library in top_level_imports(path) & OWNERS.keys():
        assert OWNERS[library] == relative, f"{relative} imports {library}"
