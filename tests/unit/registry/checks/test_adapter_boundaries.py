"""Each outside library has exactly one importer: the adapter that wraps it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_architecture import imported_modules

ROOT = Path(__file__).resolve().parents[4]

# Library -> the one module (or adapter package, a folder ending in "/") allowed to import it.
OWNERS = {
    "huggingface_hub": "registry/adapters/hub/",
    "httpx2": "registry/adapters/hub/",
    "git": "registry/adapters/git.py",
    "httpx": "registry/adapters/http.py",
}


@pytest.mark.parametrize(
    "path", sorted((ROOT / "registry").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_only_the_owning_adapter_imports_each_library(path: Path) -> None:
    relative = str(path.relative_to(ROOT))
    for library in imported_modules(path) & OWNERS.keys():
        owner = OWNERS[library]
        owned = relative.startswith(owner) if owner.endswith("/") else relative == owner
        assert owned, f"{relative} imports {library}"
