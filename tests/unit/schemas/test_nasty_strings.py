"""Nasty strings, per input field: every one is refused by the schema and by the spec.

Each field gets the common table (its own valid value with a trailing newline, NUL, bidi
overrides, zero-width characters, blank, very long...) plus nasties of its own kind
(confusable letters, traversal, look-alike ids). The server (marshmallow, `fullmatch`) and
the OpenAPI pattern (JSON Schema, read by jsonschema_rs as schemathesis does) must agree.
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from marshmallow import Schema, ValidationError

from schemas.api import LabListArgsSchema, ReleaseListArgsSchema
from schemas.artifact import ArtifactSchema, ProvenanceSchema
from schemas.idempotency import IdempotencyHeaderSchema
from schemas.lab import LabInSchema
from schemas.patterns import FullMatch
from schemas.release import ReleaseInSchema


def common(valid: str) -> list[str]:
    """The nasties every field refuses, built around that field's own valid value."""
    return [
        f"{valid}\n", f"{valid}\r\n", f"{valid}\r", f"\n{valid}", f"{valid}\x00", "\x00",
        f"{valid}\t", f"{valid}\x0b", f"{valid}\x0c", f"{valid}\x08", f"{valid}\x1b[31m",
        f"{valid}\x7f", f"{valid}\x85", f"{valid}\u2028", f"{valid}\u2029",
        f"{valid}\u202e", f"\u202e{valid}", f"{valid}\u202d", f"{valid}\u2066", f"{valid}\u2069",
        f"{valid}\u200f", f"{valid}\u200e", f"{valid}\u061c", f"{valid}\u200b",
        f"\ufeff{valid}", f"{valid}\ud800", "", " ", "   ", "\t\n", "x" * 10_001,
        valid * 400,
    ]  # fmt: skip


# field -> (schema, other required data, the field's key, a valid value, its own nasties)
FIELDS: dict[str, tuple[type[Schema], dict[str, Any], str, str, list[str]]] = {
    "lab.slug": (LabInSchema, {"name": "Lab"}, "slug", "allen-ai", [
        "Allen-ai", "allen-", "-allen", "allen--ai", "allen_ai", "allen.ai", "allen ai",
        "ａllen", "аllen", "allén", "a" * 65, "new", "../allen", "allen/ai", "१२३"]),
    "lab.name": (LabInSchema, {"slug": "lab"}, "name", "Allen Institute for AI", [
        "x" * 201, "\u3000", "\u00a0\u2003"]),
    "lab.homepage": (LabInSchema, {"slug": "lab", "name": "Lab"}, "homepage",
                     "https://allenai.org", [
        "http://allenai.org", "HTTPS://allenai.org", "https://allenai.org@evil.example",
        "https://user:pw@allenai.org", "javascript:alert(1)", "https://allen ai.org",
        "https://аllenai.org", "https://localhost", "https://127.1", "https://[::1]",
        "https://allenai", "//allenai.org", "https:allenai.org", "-https://allenai.org",
        "https://allenai.org:0", "https://allenai.org:65536"]),
    "lab.country": (LabInSchema, {"slug": "lab", "name": "Lab"}, "country", "FR", [
        "fr", "FRA", "F", "ＦＲ", "F\u0301R", "ΕΣ", "F R"]),
    "lab.hub_org": (LabInSchema, {"slug": "lab", "name": "Lab"}, "hub_org", "allenai", [
        "allen--ai", "allen..ai", "-allenai", "allenai-", "allen/ai", "аllenai", "a" * 97]),
    "release.slug": (ReleaseInSchema, {"name": "OLMo"}, "slug", "olmo-7b", [
        "OLMo-7b", "olmo_7b", "olmo 7b", "olmo--7b", "оlmo-7b", "o" * 65]),
    "release.model_card": (ReleaseInSchema, {"slug": "r", "name": "R"}, "model_card",
                           "allenai/OLMo-7B", [
        "allenai", "allenai/OLMo-7B/x", "../etc/passwd", "allenai/../x", "allen--ai/x",
        "allenai/-x", "allenai/x-", "/allenai/x", "allenai/x?rev=1", "allenai/x#y",
        "аllenai/OLMo", "allenai /OLMo"]),
    "release.paper_url": (ReleaseInSchema, {"slug": "r", "name": "R"}, "paper_url",
                          "https://arxiv.org/abs/2402.00838", [
        "https://10.0.0.1/x", "https://metadata.google.internal/", "https://x.local/",
        "ftp://arxiv.org/x", "https://arxiv.org/ abs"]),
    "release.released_on": (ReleaseInSchema, {"slug": "r", "name": "R"}, "released_on",
                            "2024-02", [
        "2024-2", "2024-02-30", "2023-02-29", " 2024", "24", "0000", "2024-13", "2024/02",
        "２０２４"]),
    "artifact.licence": (ArtifactSchema, {"pillar": "weights", "kind": "hf_model",
                                          "locator": "allenai/OLMo-7B"}, "declared_licence",
                         "Apache-2.0", [
        "Apache-2.0 OR", "OR MIT", "(MIT)", "MIT  AND Apache-2.0", "GPL-2.0 WITH MIT",
        "МIT", "APACHE-2.0", "no such licence", "MIT;rm -rf /"]),
    "artifact.entrypoint": (ArtifactSchema, {"pillar": "code", "kind": "git",
                                             "locator": "https://github.com/allenai/OLMo"},
                            "entrypoint", "scripts/train.py", [
        "/etc/passwd", "../train.py", "scripts/../../x", "scripts//train.py", "scripts/",
        "-rf", "scripts\\train.py", "x" * 301]),
    "artifact.git": (ArtifactSchema, {"pillar": "code", "kind": "git"}, "locator",
                     "https://github.com/allenai/OLMo", [
        "https://github.com/allenai", "git@github.com:allenai/OLMo.git", "ext::sh -c id",
        "file:///srv/repo", "https://github.com", "--upload-pack=x", "https://[2002:7f00:1::]/a/b",
        "https://0x7f.1/a/b", "https://github.com./allenai"]),
    "artifact.dataset": (ArtifactSchema, {"pillar": "data", "kind": "hf_dataset"}, "locator",
                         "allenai/dolma", ["allenai/dolma/x", "../dolma", "c--4", "dolma/"]),
    "provenance.source": (ProvenanceSchema, {"confidence": "high"}, "source",
                          "README line 42", ["x" * 301]),
    "idempotency.key": (IdempotencyHeaderSchema, {}, "Idempotency-Key",
                        "9b2f1c3e-0f5d-4c1a-8d7e-2f3a4b5c6d7e", [
        "clé", "a b", "a" * 201, "ключ"]),
    "query.q": (ReleaseListArgsSchema, {}, "q", "olmo", ["x" * 201]),
    "query.lab": (ReleaseListArgsSchema, {}, "lab", "allenai", ["AllenAI", "allen_ai"]),
    "query.country": (LabListArgsSchema, {}, "country", "FR", ["fr", "FRA"]),
}  # fmt: skip

# A search may be empty or blank: it then filters nothing (controls are still refused).
ALLOWED = {"query.q": {"", " ", "   "}}

ROWS = [
    (name, nasty)
    for name, (_s, _d, _k, valid, own) in FIELDS.items()
    for nasty in common(valid) + own
    if nasty not in ALLOWED.get(name, set())
]


def load(name: str, value: Any) -> dict[str, Any]:
    schema, data, key, _valid, _own = FIELDS[name]
    return schema().load({**data, key: value})


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_each_field_has_at_least_thirty_nasties_and_takes_its_valid_value(name: str) -> None:
    _schema, _data, key, valid, own = FIELDS[name]
    assert len([n for n in common(valid) + own if n not in ALLOWED.get(name, set())]) >= 30
    assert load(name, valid)


@pytest.mark.parametrize(("name", "nasty"), ROWS, ids=[f"{n}-{i}" for i, (n, _) in
                                                       enumerate(ROWS)])  # fmt: skip
def test_the_schema_refuses_a_nasty_string(name: str, nasty: str) -> None:
    key = FIELDS[name][2]
    with pytest.raises(ValidationError) as error:
        load(name, nasty)
    assert key in str(error.value.messages) or "_schema" in error.value.messages


@pytest.mark.parametrize(("name", "nasty"), ROWS, ids=[f"{n}-{i}" for i, (n, _) in
                                                       enumerate(ROWS)])  # fmt: skip
def test_the_spec_pattern_refuses_it_too(name: str, nasty: str) -> None:
    schema, _data, key, valid, _own = FIELDS[name]
    field = schema().fields[_attribute(schema, key)]
    patterns = [v for v in field.validators if isinstance(v, FullMatch)]
    if not patterns or len(nasty) > 1_000 or "\ud800" in nasty:
        # Refused by maxLength, or a lone surrogate: JSON Schema engines cannot name one,
        # so the server alone refuses it (FullMatch.matches).
        return
    spec = jsonschema_rs.validator_for({"type": "string", "pattern": patterns[0].regex.pattern})
    assert spec.is_valid(valid)
    if patterns[0].matches(nasty):
        return  # refused by another rule the spec states (maxLength, a per-kind pattern)
    assert not spec.is_valid(nasty), nasty


def _attribute(schema: type[Schema], key: str) -> str:
    for attribute, field in schema().fields.items():
        if (field.data_key or attribute) == key:
            return attribute
    raise KeyError(key)
