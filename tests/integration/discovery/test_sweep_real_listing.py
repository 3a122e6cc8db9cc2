"""The lab sweep end to end on a real organisation's listing: allenai's OLMo repositories.

The stand-in organisation is the packaged allenai snapshots (OLMo-7B and OLMo-2-1124-7B,
real cards) plus the other repositories of those releases as allenai lists them, by name
only: no card text and no weights are claimed for them (listing-only manifests, their
`source` says so). Names from allenai/OLMo's README, allenai/open-instruct's model table
and the OLMo 2 model list (tool library file ids 57568911203, 11773490205, 53219133661),
read 2026-12-03. The creation dates are the releases' months, approximate.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from app.extensions import db
from app.models import Artifact, Release
from standins import StandIns
from tests.factories import make_lab
from tests.integration.discovery.sweep_support import (
    catalogue_snapshot,
    serving_org,
    standin_settings,
)

SOURCE = ("listing only: the name as allenai lists it (allenai/OLMo README, open-instruct "
          "model table; read 2026-12-03); no card text or weights are modelled")
CONFIG = '{"architectures": ["OlmoForCausalLM"], "model_type": "olmo"}'

# Repository -> the month its release came out (approximate creation date).
LISTED = {
    "allenai/OLMo-7B-hf": "2024-04-01",
    "allenai/OLMo-7B-Instruct-hf": "2024-06-01",
    "allenai/OLMo-7B-0724-hf": "2024-07-01",
    "allenai/OLMo-7B-0724-Instruct-hf": "2024-07-02",
    "allenai/OLMo-2-1124-7B-SFT": "2024-11-20",
    "allenai/OLMo-2-1124-7B-DPO": "2024-11-20",
    "allenai/OLMo-2-1124-7B-Instruct": "2024-11-21",
    "allenai/OLMo-2-1124-7B-RM": "2024-11-21",
}


def _listed(repo_id: str, created: str) -> dict[str, object]:
    return {
        "kind": "model", "id": repo_id, "created_at": f"{created}T00:00:00.000Z",
        "last_modified": f"{created}T00:00:00.000Z", "source": SOURCE,
        "files": [{"path": "config.json", "content": CONFIG}],
    }


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StandIns]:
    """The packaged snapshots plus allenai's other OLMo repositories, listing only."""
    listed = {repo_id: _listed(repo_id, created) for repo_id, created in LISTED.items()}
    with serving_org(tmp_path_factory.mktemp("allenai"), listed) as running:
        yield running


@pytest.fixture
def app_overrides(served: StandIns) -> dict[str, object]:
    """Discovery and checks go to the stand-ins; runs are recorded, not executed."""
    return standin_settings(served)


def test_a_sweep_of_allenai_registers_its_three_releases_and_a_second_changes_nothing(
    app: Flask, runner: FlaskCliRunner
) -> None:
    make_lab(slug="allenai", name="Ai2", hub_org="allenai")

    first = runner.invoke(args=["registry", "discover", "--org", "allenai"])

    assert first.exit_code == 0, first.output
    assert "3 new releases registered" in first.output
    assert _weights() == {
        "olmo-7b": {"allenai/OLMo-7B", "allenai/OLMo-7B-hf", "allenai/OLMo-7B-Instruct-hf"},
        # The slug is the group's name: OLMo-7B-0724's repositories are all -hf conversions.
        "olmo-7b-0724": {"allenai/OLMo-7B-0724-hf", "allenai/OLMo-7B-0724-Instruct-hf"},
        "olmo-2-1124-7b": {
            "allenai/OLMo-2-1124-7B", "allenai/OLMo-2-1124-7B-SFT", "allenai/OLMo-2-1124-7B-DPO",
            "allenai/OLMo-2-1124-7B-Instruct", "allenai/OLMo-2-1124-7B-RM",
        },
    }
    variant = db.session.scalar(
        select(Artifact).where(Artifact.locator == "allenai/OLMo-2-1124-7B-RM")
    )
    assert variant is not None and variant.provenance is not None
    assert variant.provenance["judged"] == ["its name is 'olmo-2-1124-7b' plus rm"]
    before = catalogue_snapshot()

    second = runner.invoke(args=["registry", "discover", "--org", "allenai"])

    assert second.exit_code == 0, second.output
    assert "0 new releases registered, 3 skipped" in second.output
    assert catalogue_snapshot() == before


def _weights() -> dict[str, set[str]]:
    """Each release's slug and the Hub repositories among its weights."""
    found: dict[str, set[str]] = {}
    for release in db.session.scalars(select(Release)):
        found[release.slug] = {
            a.locator for a in release.artifacts if a.pillar == "weights" and a.kind == "hf_model"
        }
    return found
