"""MOF and OSAI files are refused only where their framework's own schema says so, field by
field; every other problem is a warning by field and the file still loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from marshmallow import ValidationError

from schemas.fields import flatten_errors
from schemas.mof import load_mof
from schemas.osai import load_osai

DATA = Path(__file__).resolve().parents[2] / "data"
OLMO = (DATA / "mof" / "OLMo-7B.yml").read_text(encoding="utf-8")
OSAI_OLMO = (DATA / "osai" / "OLMo.yaml").read_text(encoding="utf-8")
MOT = "MOT's schema (mof_schema.json)"


def errors_of(load: Any, text: str) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        load(text)
    return flatten_errors(caught.value.normalized_messages())


def edited(base: str = OLMO, **release: object) -> str:
    """The OLMo sample with release fields replaced (None removes one)."""
    data = yaml.safe_load(base)
    for key, value in release.items():
        if value is None:
            data["release"].pop(key)
        else:
            data["release"][key] = value
    return yaml.safe_dump(data)


def components(*items: dict[str, Any]) -> str:
    return edited(components=list(items))


@pytest.mark.parametrize("path", sorted((DATA / "mof").glob("*.yml")), ids=lambda p: p.name)
def test_every_mof_sample_loads_without_warnings(path: Path) -> None:
    loaded = load_mof(path.read_text(encoding="utf-8"))
    assert loaded.value.producer
    # Pythia's Datasets path is the Pile's web site: evidence, not a dataset we can check.
    expected = {"release.components[8].component_path"} if path.name.startswith("Pythia") else set()
    assert set(loaded.warnings) == expected, loaded.warnings


@pytest.mark.parametrize("path", sorted((DATA / "osai").glob("*.yaml")), ids=lambda p: p.name)
def test_every_osai_sample_loads(path: Path) -> None:
    assert load_osai(path.read_text(encoding="utf-8")).value.organisation


REFUSED_MOF = [
    ("release:\n  name: [unclosed\n", {
        "file": ["Malformed YAML at line 3, column 1: expected ',' or ']', but got '<stream end>'."]
    }),
    ("- just\n- a list\n", {
        "file": ["Not a MOF file: expected a YAML mapping with framework and release."]
    }),
    ("a: &x [1]\nb: *x\n", {
        "file": ["Malformed YAML at line 2, column 4: anchors and aliases are not accepted."]
    }),
    (OLMO.replace("name: 'Model Openness Framework'", "name: 'Model Openness Foundation'"), {
        "framework.name": [f"Not one of {MOT}'s values: 'Model Openness Framework'."]
    }),
    (components({"name": "Datasets", "license": 3}), {
        "release.components[0].license": [f"Not text: {MOT} expects text here."]
    }),
    (edited(components={"name": "Datasets"}), {
        "release.components": [f"Not a list: {MOT} expects a list here."]
    }),
    (components(*({"name": "Datasets"} for _ in range(18))), {
        "release.components": [f"Too many: {MOT} allows at most 17."]
    }),
    (edited(producer=None), {"release.producer": [f"Missing: {MOT} requires this field."]}),
    (edited(name=""), {"release.name": [f"Empty: {MOT} requires text here."]}),
    (edited(date="22/05/2025"), {"release.date": ["Not a date: use YYYY-MM-DD, e.g. 2024-12-15."]}),
    (edited(type="weights"), {"release.type": [
        f"Not one of {MOT}'s values: '', 'language', 'vision', 'image', 'audio', 'video', '3d', "
        "'code', 'multimodal', 'other'."
    ]}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), REFUSED_MOF)
def test_a_file_mots_schema_rejects_is_refused_with_its_field(
    text: str, expected: dict[str, list[str]]
) -> None:
    assert errors_of(load_mof, text) == expected


# a hand-written variant of a real problem, the field warned about, the start of the warning
WARNED_MOF = [
    (edited(producer=""), None, None),  # valid for MOT: the importer says where it is filed
    (OLMO.replace("version: '1.0'", "version: '2.0'"), "framework.version",
     "MOF 2.0 is read with MOF 1.0's rules."),
    (components({"name": "Model parameters (final)"}), "release.components[0].name",
     "Unknown MOF component 'Model parameters (final)' (did you mean 'Model parameters "
     "(Final)'?): MOF's rules do not count it."),
    (components({"name": "Datasets"}, {"name": "Datasets"}), "release.components[1].name",
     "'Datasets' is listed twice: MOT reads the later entry."),
    (components({"name": "Datasets", "license": "cc-by-4.0"}), "release.components[0].license",
     "Licence 'cc-by-4.0': MOT spells it 'CC-BY-4.0' and matches exactly"),
    (edited(licence={}), "release.licence", "Unknown MOF release field (did you mean 'license'?)"),
    (edited(license={"weights": {"name": "MIT"}}), "release.license.weights",
     "Unknown MOF licence field"),
    # A page title pasted after the link: the link is still read.
    (edited(huggingface="https://huggingface.co/allenai/OLMo-7B · Hugging Face"),
     "release.huggingface", "Text after the link ('· Hugging Face') is not part of it"),
    # An organisation page is not a repository: evidence, with a warning.
    (edited(repository="https://github.com/allenai"), "release.repository",
     "Not a git repository we can check (the github.com page of allenai (an organisation or "
     "user)): kept as evidence, not checked."),
    (edited(repository="https://10.1.2.3/allenai/OLMo"), "release.repository",
     "Unreachable link: 10.1.2.3 is a private address (RFC 1918); never contacted."),
    (edited(huggingface="https://example.org/allenai/OLMo-7B"), "release.huggingface",
     "Not a Hub model we can check (a web page on example.org)"),
    (components({"name": "Datasets", "component_path": "ODC-BY"}),
     "release.components[0].component_path", "Not a link: 'ODC-BY' has no https:// address"),
    (components({"name": "Datasets", "component_path": "https://huggingface.co/a/b"}),
     "release.components[0].component_path",
     "Not a dataset we can check (a Hub model repository, not a dataset)"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "where", "message"), WARNED_MOF)
def test_any_other_problem_is_a_warning_and_the_file_loads(
    text: str, where: str | None, message: str | None
) -> None:
    loaded = load_mof(text)
    assert loaded.value.name == "OLMo-7B"
    if where is None:
        assert loaded.warnings == {}
        return
    assert any(m.startswith(message or "") for m in loaded.warnings[where]), loaded.warnings


def test_a_title_in_a_link_still_yields_the_weights() -> None:
    from registry.frameworks.artifacts import mof_links

    text = edited(huggingface="https://huggingface.co/allenai/OLMo-7B · Hugging Face")
    artifacts = mof_links(load_mof(text).value).artifacts
    assert ("weights", "allenai/OLMo-7B") in {(a.pillar.value, a.locator) for a in artifacts}


REFUSED_OSAI = [
    (OSAI_OLMO.replace("class: open", "class: mostly", 1), {
        "datasources_basemodel.class": [
            "Not one of OSAI's readme's values: 'open', 'partial', 'closed', '', None."
        ]
    }),
    (OSAI_OLMO.replace("link: https://huggingface.co/allenai/Olmo-3-1125-32B", "link: 42"), {
        "weights_basemodel.link": ["Not text or a list or empty: OSAI's readme expects text or "
                                   "a list or empty here."]
    }),
    ("system: {name: X}\n", {"org": ["Missing: OSAI's readme requires this field."]}),
    ("system: {name: null}\norg: {name: Y}\n", {
        "system.name": ["Not text: OSAI's readme expects text here."]
    }),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), REFUSED_OSAI)
def test_an_osai_file_its_rules_reject_is_refused_with_its_field(
    text: str, expected: dict[str, list[str]]
) -> None:
    assert errors_of(load_osai, text) == expected


WARNED_OSAI = [
    (OSAI_OLMO.replace("trainingcode:", "training_code:"), {
        "trainingcode": ["Missing OSAI dimension trainingcode: read as not graded (OSAI's NA)."],
        "training_code": ["Unknown OSAI field (did you mean 'trainingcode'?): kept in the file's "
                          "text, not read."],
    }),
    (OSAI_OLMO.replace("endmodellicense:", "endmodel license:"), {
        "system.endmodel license": ["Unknown OSAI system field (did you mean "
                                    "'endmodellicense'?): kept in the file's text, not read."],
    }),
    (OSAI_OLMO.replace("link: https://allenai.org", "link: allenai.org"), {
        "org.link[0]": ["Not a link: 'allenai.org' has no https:// address; kept as text."],
    }),
    # A model page, a collection, an owner-less dataset id: evidence or a locator, no warning.
    (OSAI_OLMO.replace(
        "link: https://huggingface.co/datasets/allenai/Dolci-Think-RL-32B",
        "link: [https://huggingface.co/allenai/Dolci-Think-RL-32B, "
        "https://huggingface.co/collections/allenai/olmo-3, https://huggingface.co/datasets/c4]",
    ), {}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "warnings"), WARNED_OSAI)
def test_other_osai_problems_are_warnings(text: str, warnings: dict[str, list[str]]) -> None:
    loaded = load_osai(text)
    assert {k: list(v) for k, v in loaded.warnings.items()} == warnings


def test_owner_less_dataset_ids_become_dataset_artifacts() -> None:
    from registry.frameworks.artifacts import osai_links

    text = OSAI_OLMO.replace(
        "link: https://huggingface.co/datasets/allenai/Dolci-Think-RL-32B",
        "link: [https://huggingface.co/datasets/c4, https://huggingface.co/allenai/Dolci]",
    )
    data = {
        a.locator for a in osai_links(load_osai(text).value).artifacts if a.pillar.value == "data"
    }
    assert "c4" in data and "allenai/Dolci" not in data


def test_deeply_nested_yaml_is_refused_not_crashed() -> None:
    assert errors_of(load_mof, "[" * 100_000) == {"file": ["Malformed YAML: nested too deeply."]}


def test_an_oversized_file_is_refused() -> None:
    assert list(errors_of(load_mof, "#" * 300_000)) == ["file"]
