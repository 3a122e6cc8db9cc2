"""Each outside library has exactly one importer: the adapter that wraps it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_architecture import imported_modules

ROOT = Path(__file__).resolve().parents[4]

# Library -> the modules (or adapter packages, folders ending in "/") allowed to import it.
OWNERS = {
    "huggingface_hub": {"registry/adapters/hub/"},
    "httpx2": {"registry/adapters/hub/"},
    "git": {"registry/adapters/git/runner.py"},
    # The URL probe, and the git head over smart HTTP (pooled apart: its own hosts), both
    # sending through `pinned` (one request to the address the guard checked).
    "httpx": {
        "registry/adapters/http.py",
        "registry/adapters/git/discovery.py",
        "registry/adapters/pinned.py",
    },
}


@pytest.mark.parametrize(
    "path", sorted((ROOT / "registry").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_only_the_owning_adapter_imports_each_library(path: Path) -> None:
    relative = str(path.relative_to(ROOT))
    for library in imported_modules(path) & OWNERS.keys():
        owned = any(
            relative.startswith(owner) if owner.endswith("/") else relative == owner
            for owner in OWNERS[library]
        )
        assert owned, f"{relative} imports {library}"
