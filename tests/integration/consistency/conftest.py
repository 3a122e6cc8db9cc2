"""Stand-ins for the consistency tests: a trainer repository, its models and its data."""

from __future__ import annotations

import os
import tempfile
from typing import Any

os.environ["HF_TOKEN"] = ""
os.environ.setdefault("HF_HOME", tempfile.mkdtemp(prefix="registry-hf-home-"))
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost,::1"
os.environ.pop("HF_HUB_OFFLINE", None)

import pytest

from standins import StandIns
from standins.pytest_plugin import (  # noqa: F401 - fixtures re-exported
    StandInsFactory,
    standins_module_factory,
)
from tests.integration.consistency.world import MANIFESTS


@pytest.fixture(scope="module")
def world(standins_module_factory: StandInsFactory) -> StandIns:  # noqa: F811
    """One trainer, its models (agreeing, differing, pinned or not) and its corpus."""
    return standins_module_factory(MANIFESTS)


@pytest.fixture
def app_overrides(world: StandIns) -> dict[str, Any]:
    """The app pointed at the consistency stand-ins."""
    return {
        "REGISTRY_HUB_ENDPOINT": world.hub_endpoint,
        "REGISTRY_URL_REWRITES": dict(world.rewrites),
        "REGISTRY_ALLOW_HOSTS": ["127.0.0.1", "localhost"],  # localhost: the Hub's CDN hop
    }
