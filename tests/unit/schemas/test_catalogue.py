"""The catalogue schema refuses bad files with one message per field path."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from marshmallow import ValidationError

from schemas.catalogue import CatalogueSchema
from schemas.fields import flatten_errors

CATALOGUE = json.loads(
    (Path(__file__).resolve().parents[3] / "registry" / "data" / "releases.json").read_text()
)


def errors_for(data: dict[str, Any]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        CatalogueSchema().load(data)
    return flatten_errors(caught.value.normalized_messages())


def broken(path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(CATALOGUE)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def test_shipped_catalogue_loads() -> None:
    loaded = CatalogueSchema().load(CATALOGUE)
    assert len(loaded["releases"]) == len(CATALOGUE["releases"])


def test_expected_verdicts_are_dropped_on_load() -> None:
    loaded = CatalogueSchema().load(CATALOGUE)
    assert all("expected" not in r for r in loaded["releases"])


def test_dotted_public_slugs_become_valid_slugs() -> None:
    loaded = CatalogueSchema().load(CATALOGUE)
    slugs = {(r["lab"], r["slug"]) for r in loaded["releases"]}
    assert ("qwen", "qwen2-5-7b") in slugs


@pytest.mark.parametrize(
    ("path", "value", "field", "fragment"),
    [
        (["releases", 3, "artifacts", "weights", "repo_id"], "not a repo", "releases[3].artifacts.weights.repo_id", "Hub repo id"),
        (["releases", 0, "artifacts", "code", "url"], "ext::sh -c id", "releases[0].artifacts.code.url", "https"),
        (["releases", 0, "artifacts", "data", "licence"], "no such licence ((", "releases[0].artifacts.data.licence", "licence"),
        (["releases", 1, "lab"], "nobody", "releases[1].lab", "Unknown lab"),
        (["releases", 2, "released"], "yesterday", "releases[2].released", "date"),
        (["labs", 0, "country"], "France", "labs[0].country", "two capital letters"),
        (["labs", 1, "slug"], "Bad Slug!", "labs[1].slug", "slug"),
        (["releases", 0, "artifacts", "weights", "kind"], "git", "releases[0].artifacts.weights.kind", "hf_model"),
    ],
)
def test_bad_field_is_reported_with_its_path(path: list[Any], value: Any, field: str, fragment: str) -> None:
    errors = errors_for(broken(path, value))
    assert field in errors, errors
    assert any(fragment.lower() in m.lower() for m in errors[field]), errors[field]


def test_every_problem_is_reported_at_once() -> None:
    data = broken(["releases", 3, "artifacts", "weights", "repo_id"], "nope")
    data["releases"][5]["lab"] = "ghost"
    errors = errors_for(data)
    assert "releases[3].artifacts.weights.repo_id" in errors
    assert "releases[5].lab" in errors


def test_duplicate_release_is_refused() -> None:
    data = copy.deepcopy(CATALOGUE)
    data["releases"].append(copy.deepcopy(data["releases"][0]))
    errors = errors_for(data)
    assert f"releases[{len(data['releases']) - 1}].slug" in errors
