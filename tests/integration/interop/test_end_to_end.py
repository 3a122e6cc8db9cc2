"""From a MOF file to verified evidence: import, run the real checkers, compare the classes.

The checkers run through the real Hub and git clients against the loopback stand-ins
serving the packaged snapshots (public URLs rewritten to them); nothing is faked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import jsonschema
import pytest
import yaml
from flask.testing import FlaskClient, FlaskCliRunner

import standins
from registry.frameworks.mof_rules import mof_json_schema
from standins import StandIns
from tests.integration.interop.conftest import MOF_SAMPLES


@pytest.fixture(scope="module")
def served() -> Iterator[StandIns]:
    """The stand-ins serving standins/snapshots, for this module."""
    os.environ["HF_TOKEN"] = ""
    with standins.start() as running:
        yield running


@pytest.fixture
def app_overrides(served: StandIns) -> dict[str, object]:
    """Checks go to the stand-ins; runs are executed by `registry check`, not a pool."""
    return {
        "REGISTRY_CHECK_EXECUTOR": "manual",
        "REGISTRY_HUB_ENDPOINT": served.hub_endpoint,
        "REGISTRY_URL_REWRITES": dict(served.rewrites),
        "REGISTRY_ALLOW_HOSTS": ["127.0.0.1", "localhost"],  # localhost: the Hub's CDN hop
    }


def test_a_mof_claim_is_verified_by_the_checkers(
    runner: FlaskCliRunner, client: FlaskClient
) -> None:
    result = runner.invoke(args=["registry", "import", "mof", str(MOF_SAMPLES / "Amber.yml")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["registry", "check", "llm360/amber"])
    assert result.exit_code == 0, result.output

    mof = client.get("/api/v1/labs/llm360/releases/amber/frameworks").get_json()["mof"]
    assert mof["claimed"]["label"] == "Class I - Open Science Model"
    assert mof["verified"]["label"] == "Unclassified"
    found = {d["component"]: d for d in mof["differences"]}
    weights = found["Model parameters (Final)"]
    assert (weights["verified"], weights["verified_licence"]) == ("open", "Apache-2.0")
    assert weights["agreement"] == "agree"
    assert found["Training code"]["verified"] == "open"
    # Amber's file names no dataset link, so its Datasets claim cannot be checked.
    assert found["Datasets"]["agreement"] == "unconfirmed"
    assert found["Datasets"]["explanation"] == (
        "The file claims Datasets under MIT; no data artifact is declared, so there is nothing "
        "to check."
    )

    text = client.get("/api/v1/labs/llm360/releases/amber/mof.yaml").get_data(as_text=True)
    exported = yaml.safe_load(text)
    jsonschema.validate(exported, mof_json_schema(), format_checker=jsonschema.FormatChecker())
    # The export carries the components the evidence decided (issue #17), not only the three
    # the checkers' pillars cover.
    assert {c["name"] for c in exported["release"]["components"]} == {
        "Model parameters (Final)", "Model parameters (Intermediate)", "Model architecture",
        "Model card", "Model metadata", "Training code", "Inference code", "Evaluation code",
        "Evaluation data", "Evaluation results",
    }
