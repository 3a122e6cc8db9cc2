"""Pytest fixtures that start stand-ins from manifests written into a temporary folder.

Use from a conftest.py or test module with ``from standins.pytest_plugin import *`` (or
import the fixtures by name), or list ``"standins.pytest_plugin"`` in the root conftest's
``pytest_plugins``::

    def test_model(standins_factory):
        standins = standins_factory({"m.yml": {"kind": "model", "id": "org/m", "files": []}})
        HfApi(endpoint=standins.hub_endpoint, token=False).model_info("org/m")
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from .manifest import Manifest
from .runtime import StandIns, start
from .texts import TEXTS_FOLDER

__all__ = [
    "StandInsFactory",
    "git_client_env",
    "hub_client_env",
    "standins_factory",
    "standins_module_factory",
]

ManifestDocs = Mapping[str, str | Mapping[str, Any]]


class StandInsFactory:
    """Writes manifests to a fresh folder and starts stand-ins on them; stops them at teardown."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._tmp = tmp_path_factory
        self._running: list[StandIns] = []

    def folder(self, manifests: ManifestDocs, texts: Mapping[str, str] | None = None) -> Path:
        """Write manifests (relative path -> YAML text or mapping) and texts into a new folder."""
        root = self._tmp.mktemp("standins-manifests")
        for relative, document in manifests.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            text = (
                document
                if isinstance(document, str)
                else yaml.safe_dump(dict(document), sort_keys=False)
            )
            path.write_text(text, encoding="utf-8")
        for name, content in (texts or {}).items():
            path = root / TEXTS_FOLDER / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        return root

    def __call__(
        self,
        manifests: ManifestDocs | None = None,
        *,
        texts: Mapping[str, str] | None = None,
        folders: Iterable[Path] = (),
        extra: Iterable[Manifest] = (),
        **start_options: Any,
    ) -> StandIns:
        """Start stand-ins on ``folders``, a new folder holding ``manifests``, and ``extra``."""
        folder = self.folder(manifests or {}, texts)
        standins = start([*folders, folder], manifests=extra, **start_options)
        self._running.append(standins)
        return standins

    def stop_all(self) -> None:
        """Stop every stand-in this factory started."""
        while self._running:
            self._running.pop().stop()


@pytest.fixture
def standins_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StandInsFactory]:
    """Start stand-ins for one test."""
    factory = StandInsFactory(tmp_path_factory)
    yield factory
    factory.stop_all()


@pytest.fixture(scope="module")
def standins_module_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StandInsFactory]:
    """Start stand-ins shared by a module's tests (cheaper than one set per test)."""
    factory = StandInsFactory(tmp_path_factory)
    yield factory
    factory.stop_all()


@pytest.fixture
def hub_client_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Environment for huggingface_hub against loopback; returns a cache dir to pass as cache_dir.

    HF_HOME is read when huggingface_hub is imported, so pass the returned folder as
    ``cache_dir=`` to downloads rather than relying on the variable.
    """
    cache = tmp_path / "hf-home"
    monkeypatch.setenv("HF_HOME", str(cache))
    monkeypatch.setenv("HF_TOKEN", "")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)  # it would block loopback requests too
    return cache / "hub"


@pytest.fixture
def git_client_env(tmp_path: Path) -> dict[str, str]:
    """An isolated environment for running the git client against loopback stand-ins."""
    home = tmp_path / "git-home"
    home.mkdir()
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ALLOW_PROTOCOL": "http:https",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        "LC_ALL": "C",
    }
