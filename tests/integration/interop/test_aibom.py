"""A release as a CycloneDX AI-BOM from verified evidence, valid against CycloneDX 1.6."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from flask.testing import FlaskClient, FlaskCliRunner

from registry.model import Pillar, Verdict
from tests.factories import make_lab, make_release
from tests.integration.interop.conftest import MOF_SAMPLES, record_checks, release

OLMO = "/api/v1/labs/allen-institute-for-ai/releases/olmo-7b"


def valid_16(text: str) -> dict[str, Any]:
    """Validate against the CycloneDX 1.6 JSON schema cyclonedx-python-lib ships; return it."""
    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text, all_errors=True)
    assert errors is None, [str(e) for e in errors]
    data: dict[str, Any] = json.loads(text)
    assert data["specVersion"] == "1.6" and data["bomFormat"] == "CycloneDX"
    return data


def verified_olmo(runner: FlaskCliRunner) -> None:
    """Import OLMo's MOF file, add a dataset, record what the checkers found."""
    result = runner.invoke(args=["registry", "import", "mof", str(MOF_SAMPLES / "OLMo-7B.yml")])
    assert result.exit_code == 0, result.output
    row = release("allen-institute-for-ai", "olmo-7b")
    from app.extensions import db
    from app.models import Artifact

    row.artifacts.append(Artifact(pillar="data", kind="hf_dataset", locator="allenai/dolma"))
    db.session.commit()
    record_checks(row, {
        Pillar.WEIGHTS: (Verdict.OPEN, "Found 2 weight file(s).", "apache-2.0"),
        Pillar.CODE: (Verdict.RESTRICTED, "Training code found; no licence file.", None),
        Pillar.DATA: (Verdict.OPEN, "Found 40 data file(s).", "ODC-By-1.0"),
    })  # fmt: skip


def by_locator(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in data["components"]}


def props(item: dict[str, Any]) -> dict[str, str]:
    return {p["name"]: p["value"] for p in item.get("properties", [])}


def test_the_aibom_says_what_was_verified_and_validates(
    runner: FlaskCliRunner, client: FlaskClient, dispatched: list[int]
) -> None:
    verified_olmo(runner)
    reply = client.get(f"{OLMO}/aibom.cdx.json")
    assert reply.status_code == 200
    assert reply.content_type.startswith("application/vnd.cyclonedx+json")
    data = valid_16(reply.get_data(as_text=True))
    model = data["metadata"]["component"]
    assert (model["type"], model["name"], model["group"]) == (
        "machine-learning-model", "OLMo-7B", "Allen Institute for AI",
    )  # fmt: skip
    assert model["licenses"] == [{"license": {"id": "Apache-2.0"}}]
    assert props(model)["openness-registry:verdict:weights"] == "open"
    card = model["modelCard"]
    components = by_locator(data)
    assert card["modelParameters"]["datasets"] == [{"ref": components["allenai/dolma"]["bom-ref"]}]
    assert (
        props(card)["openness-registry:tier"] == release("allen-institute-for-ai", "olmo-7b").tier
    )
    weights = components["allenai/OLMo-7B"]
    assert weights["type"] == "machine-learning-model"
    assert weights["version"] == "0" * 40  # the revision the checker read
    assert weights["externalReferences"] == [
        {"type": "distribution", "url": "https://huggingface.co/allenai/OLMo-7B"}
    ]
    assert props(weights)["openness-registry:verdict"] == "open"
    assert props(weights)["openness-registry:reason"] == "Found 2 weight file(s)."
    code = components["https://github.com/allenai/OLMo"]
    assert code["type"] == "application" and "licenses" not in code  # none found: none written
    assert props(code)["openness-registry:verdict"] == "restricted"
    dolma = components["allenai/dolma"]
    assert dolma["type"] == "data" and dolma["licenses"] == [{"license": {"id": "ODC-By-1.0"}}]
    # The model depends on what it was built from.
    root = next(d for d in data["dependencies"] if d["ref"] == model["bom-ref"])
    assert set(root["dependsOn"]) == {c["bom-ref"] for c in data["components"]}
    # The same evidence gives the same BOM.
    assert client.get(f"{OLMO}/aibom.cdx.json").get_json() == data


def test_a_release_with_no_evidence_still_gives_a_valid_aibom_with_nothing_claimed(
    client: FlaskClient, dispatched: list[int]
) -> None:
    lab = make_lab(slug="fresh")
    make_release(lab, slug="unchecked", artifacts=[
        {"pillar": "weights", "kind": "hf_model", "locator": "org/model",
         "declared_licence": "Apache-2.0"},
    ])  # fmt: skip
    data = valid_16(
        client.get("/api/v1/labs/fresh/releases/unchecked/aibom.cdx.json").get_data(as_text=True)
    )
    weights = by_locator(data)["org/model"]
    assert "licenses" not in weights and "version" not in weights  # declared is not verified
    assert props(weights)["openness-registry:verdict"] == "unverified"
    assert "licenses" not in data["metadata"]["component"]


def test_an_unknown_release_is_a_404_in_the_error_shape(client: FlaskClient) -> None:
    reply = client.get("/api/v1/labs/nobody/releases/nothing/aibom.cdx.json")
    assert reply.status_code == 404 and reply.get_json()["code"] == 404


def test_the_cli_exports_one_aibom_or_every_release(
    runner: FlaskCliRunner, dispatched: list[int], tmp_path: Path
) -> None:
    verified_olmo(runner)
    make_release(make_lab(slug="other"), slug="solo")
    result = runner.invoke(args=[
        "registry", "export", "--format", "aibom", "--release", "allen-institute-for-ai/olmo-7b",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert valid_16(result.output)["metadata"]["component"]["name"] == "OLMo-7B"
    result = runner.invoke(args=["registry", "export", "--format", "aibom", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in tmp_path.glob("*.cdx.json"))
    assert files == ["allen-institute-for-ai--olmo-7b.cdx.json", "other--solo.cdx.json"]
    for path in tmp_path.glob("*.cdx.json"):
        valid_16(path.read_text())
    missing = runner.invoke(args=["registry", "export", "--format", "aibom", "--release", "a/b"])
    assert missing.exit_code == 2 and "LAB/RELEASE" in missing.output
