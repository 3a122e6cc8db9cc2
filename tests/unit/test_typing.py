"""The domain and the schemas pass `mypy --strict` (pyproject.toml [tool.mypy]), as STYLE.md promises."""

from __future__ import annotations

from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[2]


def test_registry_and_schemas_pass_mypy_strict(tmp_path: Path) -> None:
    # A private cache: parallel workers and other checkouts never share a half-written one.
    stdout, stderr, status = api.run(
        [
            "--config-file", str(ROOT / "pyproject.toml"),
            "--cache-dir", str(tmp_path / "mypy-cache"),
            "--strict",
            str(ROOT / "registry"),
            str(ROOT / "schemas"),
        ]
    )
    assert status == 0, stdout + stderr
