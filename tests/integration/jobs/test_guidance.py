"""Guidance: a pillar below open says what would make it open, on the page, in the API
(`remediation`) and on /about/standard, derived from real evidence of a real check."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from registry.checks.doubts import DOUBT_RULES
from standins import StandIns
from standins.pytest_plugin import StandInsFactory
from tests.factories import make_release
from tests.integration.jobs.support import model_manifest, network_config, run_once

SHARDS = [f"model-{n:05d}-of-00004.safetensors" for n in range(1, 5)]
INDEX = {"weight_map": {f"layers.{n}.weight": s for n, s in enumerate(SHARDS)}}


def sharded_manifest() -> dict[str, object]:
    manifest = model_manifest(repo_id="jobs-org/sharded", weights=False)
    header = {"parameters": 1_000_000, "dtype": "BF16", "tensor_count": 4}
    manifest["files"] = [  # type: ignore[index]
        {"path": "config.json", "content": "{}"},
        {"path": "model.safetensors.index.json", "content": json.dumps(INDEX)},
        *({"path": s, "format": "safetensors", "header": header} for s in SHARDS[:2]),
    ]
    return manifest


@pytest.fixture
def world(standins_factory: StandInsFactory) -> StandIns:
    return standins_factory({"hub/models/sharded.yml": sharded_manifest()})


@pytest.fixture
def app_overrides(world: StandIns) -> dict[str, object]:
    return network_config(world)


def test_missing_shards_are_named_as_what_to_publish(client: FlaskClient, world: StandIns) -> None:
    release = make_release(artifacts=[
        {"pillar": "weights", "kind": "hf_model", "locator": "jobs-org/sharded",
         "declared_licence": "apache-2.0"},
    ])
    run, _ = run_once(release)
    assert run.state == "COMPLETED"
    url = f"/labs/{release.lab.slug}/{release.slug}"
    api = f"/api/v1/labs/{release.lab.slug}/releases/{release.slug}"
    pillars = {p["pillar"]: p for p in client.get(api).get_json()["pillars"]}
    weights = pillars["weights"]
    assert weights["verdict"] == "absent"
    expected = (
        "publish the 2 shard files listed in model.safetensors.index.json but not in the "
        f"repository ({SHARDS[2]}, {SHARDS[3]})"
    )
    assert expected in weights["remediation"]
    assert pillars["code"]["remediation"] == [
        "declare the training code: add where it is published to the release"
    ]
    page = client.get(url).get_data(as_text=True)
    assert "To make it open:" in page and expected[0].upper() + expected[1:] + "." in page


def test_an_open_pillar_has_no_remediation(client: FlaskClient, standins_factory: StandInsFactory,
                                           app: object) -> None:
    healthy = standins_factory({"hub/models/m.yml": model_manifest()})
    app.config.update(network_config(healthy))  # type: ignore[attr-defined]
    release = make_release(artifacts=[
        {"pillar": "weights", "kind": "hf_model", "locator": "jobs-org/model-a",
         "declared_licence": "apache-2.0"},
    ])
    run_once(release)
    body = client.get(f"/api/v1/labs/{release.lab.slug}/releases/{release.slug}").get_json()
    weights = next(p for p in body["pillars"] if p["pillar"] == "weights")
    assert weights["verdict"] == "open" and weights["remediation"] == []


def test_the_standard_page_lists_every_remedy(client: FlaskClient) -> None:
    page = client.get("/about/standard").get_data(as_text=True)
    assert 'id="remediation"' in page
    for rule in DOUBT_RULES.values():
        assert rule.remediation[0].upper() + rule.remediation[1:].replace("'", "&#39;") in page
    assert "Remove the access gate" in page
