"""MOF and OSAI files are validated field by field; each bad input is refused with its message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from marshmallow import ValidationError

from schemas.fields import flatten_errors
from schemas.mof import load_mof
from schemas.osai import load_osai

DATA = Path(__file__).resolve().parents[2] / "data"
OLMO = (DATA / "mof" / "OLMo-7B.yml").read_text(encoding="utf-8")
OSAI_OLMO = (DATA / "osai" / "OLMo.yaml").read_text(encoding="utf-8")


def errors_of(load: object, text: str) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        load(text)  # type: ignore[operator]
    return flatten_errors(caught.value.normalized_messages())


def edited(**release: object) -> str:
    """The OLMo sample with release fields replaced (None removes one)."""
    data = yaml.safe_load(OLMO)
    for key, value in release.items():
        if value is None:
            data["release"].pop(key)
        else:
            data["release"][key] = value
    return yaml.safe_dump(data)


@pytest.mark.parametrize("path", sorted((DATA / "mof").glob("*.yml")), ids=lambda p: p.name)
def test_every_mof_sample_loads(path: Path) -> None:
    assert load_mof(path.read_text(encoding="utf-8")).producer


@pytest.mark.parametrize("path", sorted((DATA / "osai").glob("*.yaml")), ids=lambda p: p.name)
def test_every_osai_sample_loads(path: Path) -> None:
    assert load_osai(path.read_text(encoding="utf-8")).organisation


BAD_MOF = [
    ("release:\n  name: [unclosed\n", {
        "file": ["Malformed YAML at line 3, column 1: expected ',' or ']', but got '<stream end>'."]
    }),
    ("- just\n- a list\n", {
        "file": ["Not a MOF file: expected a YAML mapping with framework and release."]
    }),
    ("a: &x [1]\nb: *x\n", {
        "file": ["Malformed YAML at line 2, column 4: anchors and aliases are not accepted."]
    }),
    (OLMO.replace("version: '1.0'", "version: '2.0'"), {
        "framework.version": ["Only MOF 1.0 files are understood."]
    }),
    (edited(components=[{"name": "Model parameters (final)"}]), {
        "release.components[0].name": [
            "Unknown MOF component 'Model parameters (final)'. "
            "Did you mean 'Model parameters (Final)'?"
        ]
    }),
    (edited(components=[{"name": "Datasets"}, {"name": "Datasets"}]), {
        "release.components[1].name": ["'Datasets' is listed twice."]
    }),
    (edited(components={"name": "Datasets"}), {"release.components": ["Not a valid list."]}),
    (edited(components=[{"name": "Datasets", "license": 3}]), {
        "release.components[0].license": ["Not a valid string."]
    }),
    (edited(producer=""), {"release.producer": ["Name the producer: the lab is filed under it."]}),
    (edited(producer=None), {"release.producer": ["Missing data for required field."]}),
    (edited(date="22/05/2025"), {"release.date": ["Not a date: use YYYY-MM-DD, e.g. 2024-12-15."]}),
    (edited(licence={}), {"release.licence": ["Unknown field."]}),
    (edited(huggingface="https://example.org/allenai/OLMo-7B"), {
        "release.huggingface": [
            "Not a Hugging Face model link: use https://huggingface.co/owner/name or owner/name."
        ]
    }),
    (edited(huggingface="http://huggingface.co/allenai/OLMo-7B"), {
        "release.huggingface": [
            "Not a valid URL: use an https:// address, e.g. https://github.com/org/repo."
        ]
    }),
    (edited(repository="https://10.1.2.3/allenai/OLMo"), {
        "release.repository": [
            "Unreachable link: 10.1.2.3 is a private address, which the registry never contacts."
        ]
    }),
    (edited(repository="https://intranet/allenai/OLMo"), {
        "release.repository": ["Unreachable link: 'intranet' is not a public host name."]
    }),
    (edited(repository="https://github.com/allenai"), {
        "release.repository": [
            "Not a repository URL: use https://host/owner/repo, e.g. https://github.com/allenai/OLMo."
        ]
    }),
    (edited(components=[{"name": "Datasets", "component_path": "https://huggingface.co/a/b"}]), {
        "release.components[0].component_path": [
            "Not a Hub dataset link: use https://huggingface.co/datasets/owner/name."
        ]
    }),
    (edited(license={"distribution": {"name": "MIT"}, "weights": {"name": "MIT"}}), {
        "release.license.weights": [
            "Unknown licence type: use distribution, code, data or document."
        ]
    }),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), BAD_MOF)
def test_bad_mof_input_is_refused_with_its_message(
    text: str, expected: dict[str, list[str]]
) -> None:
    assert errors_of(load_mof, text) == expected


BAD_OSAI = [
    (OSAI_OLMO.replace("class: open", "class: mostly", 1), {
        "datasources_basemodel.class": ["Not an OSAI grade: use open, partial or closed."]
    }),
    (OSAI_OLMO.replace("trainingcode:", "training_code:"), {
        "trainingcode": ["Missing OSAI dimension trainingcode: every file grades it."],
        "training_code": ["Unknown OSAI field: not a dimension of the index."],
    }),
    (OSAI_OLMO.replace("link: https://huggingface.co/allenai/Olmo-3-1125-32B", "link: 42"), {
        "weights_basemodel.link": ["Not a link: give a URL or a list of URLs."]
    }),
    (OSAI_OLMO.replace(
        "link: https://huggingface.co/datasets/allenai/Dolci-Think-RL-32B",
        "link: https://huggingface.co/allenai/Dolci-Think-RL-32B",
    ), {
        "datasources_endmodel.link[0]": [
            "Not a Hub dataset link: use https://huggingface.co/datasets/owner/name."
        ]
    }),
    ("system: {name: X}\n", {"org": ["Missing data for required field."], **{
        name: [f"Missing OSAI dimension {name}: every file grades it."]
        for name in ("datasources_basemodel", "datasources_endmodel", "weights_basemodel",
                     "weights_endmodel", "trainingcode", "licenses")
    }}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), BAD_OSAI)
def test_bad_osai_input_is_refused_with_its_message(
    text: str, expected: dict[str, list[str]]
) -> None:
    assert errors_of(load_osai, text) == expected


def test_deeply_nested_yaml_is_refused_not_crashed() -> None:
    assert errors_of(load_mof, "[" * 100_000) == {"file": ["Malformed YAML: nested too deeply."]}
