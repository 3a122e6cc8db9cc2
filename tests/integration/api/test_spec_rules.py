"""The OpenAPI document states the validation rules the server applies (patterns, lengths,
enums, per-kind locators), so a client reading it knows what will be accepted."""

from __future__ import annotations

import re
from typing import Any

import jsonschema_rs
from flask.testing import FlaskClient

from schemas.fields import validate_https_url, validate_licence, validate_slug


def spec(client: FlaskClient) -> dict[str, Any]:
    return dict(client.get("/api/openapi.json").json)


def patterns(node: Any) -> list[str]:
    """Return every `pattern` string anywhere in a JSON document."""
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return own + [p for value in node.values() for p in patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in patterns(value)]
    return []


def component(document: dict[str, Any], name: str) -> dict[str, Any]:
    return dict(document["components"]["schemas"][name])


def test_inputs_carry_their_patterns_and_lengths(client: FlaskClient) -> None:
    document = spec(client)
    lab = component(document, "LabIn")["properties"]
    assert lab["slug"]["pattern"].startswith("^(?:(?!(?:new)$)")
    assert lab["name"]["maxLength"] == 200 and "pattern" in lab["name"]
    assert lab["homepage"]["pattern"] == validate_https_url.regex.pattern
    # The assigned ISO 3166-1 codes themselves: "FR" is one, "ZZ" has the shape but is not.
    country = lab["country"]["pattern"]
    assert country.startswith("^(?:(?:AD|") and "|FR|" in country and "ZZ" not in country
    release = component(document, "ReleaseIn")["properties"]
    assert release["slug"]["pattern"] == validate_slug.regex.pattern
    assert "pattern" in release["released_on"]
    artifact = component(document, "Artifact")["properties"]
    assert artifact["declared_licence"]["pattern"] == validate_licence.regex.pattern
    assert artifact["pillar"]["enum"] == ["weights", "code", "data"]


def test_each_kind_of_artifact_states_its_pillars_and_locator(client: FlaskClient) -> None:
    items = component(spec(client), "ArtifactsUpdate")["properties"]["artifacts"]["items"]
    variants = {v["properties"]["kind"]["enum"][0]: v["properties"] for v in items["oneOf"]}
    assert set(variants) == {"hf_model", "hf_dataset", "git", "url"}
    assert variants["git"]["pillar"]["enum"] == ["code"]
    assert variants["hf_model"]["entrypoint"]["enum"] == [None]
    git = jsonschema_rs.validator_for({"type": "string", **variants["git"]["locator"]})
    assert git.is_valid("https://github.com/allenai/OLMo")
    assert not git.is_valid("https://github.com/allenai/OLMo\n")
    assert not git.is_valid("https://10.0.0.1/allenai/OLMo")


def test_every_path_parameter_has_a_pattern_or_a_range_and_an_example(
    client: FlaskClient,
) -> None:
    for path, item in spec(client)["paths"].items():
        for parameter in item.get("parameters", []):
            schema = parameter["schema"]
            assert "pattern" in schema or "maximum" in schema, (path, parameter)
            assert "example" in parameter, (path, parameter)


def test_every_pattern_reads_the_same_in_python_and_json_schema(client: FlaskClient) -> None:
    found = set(patterns(spec(client)))
    assert len(found) >= 10
    for pattern in found:
        assert pattern.startswith("^") and pattern.endswith("$")
        re.compile(pattern)
        jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
