"""The domain, the schemas and the Flask layer pass `mypy --strict` (pyproject.toml [tool.mypy]).

STYLE.md promises it for registry/ and schemas/; app/ is held to it too, with per-module
overrides in pyproject.toml only where a library it uses ships no types.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("packages", [("registry", "schemas"), ("app",)], ids=["domain", "app"])
def test_packages_pass_mypy_strict(packages: tuple[str, ...], tmp_path: Path) -> None:
    # A private cache: parallel workers and other checkouts never share a half-written one.
    stdout, stderr, status = api.run(
        [
            "--config-file", str(ROOT / "pyproject.toml"),
            "--cache-dir", str(tmp_path / "mypy-cache"),
            "--strict",
            *(str(ROOT / package) for package in packages),
        ]
    )
    assert status == 0, stdout + stderr
