"""MOF import through the CLI: every sample imports; bad files are refused, file by file."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from app.extensions import db
from app.models import Claim, Lab, Release
from tests.factories import make_lab, make_release
from tests.integration.interop.conftest import MOF_SAMPLES, count, release

# sample -> (lab slug, release slug, artifacts linked (pillar, kind, locator))
EXPECTED = {
    "Amber.yml": ("llm360", "amber", {
        ("weights", "hf_model", "LLM360/Amber"),
        ("code", "git", "https://github.com/LLM360/amber-train"),
    }),
    "Llama-3-8B.yml": ("meta", "llama-3-8b", set()),
    "Mistral-7B-v0.1.yml": ("mistral", "mistral-7b-v0-1", {
        ("weights", "hf_model", "mistralai/Mistral-7B-v0.1"),
    }),
    "OLMo-7B.yml": ("allen-institute-for-ai", "olmo-7b", {
        ("weights", "hf_model", "allenai/OLMo-7B"),
        ("code", "git", "https://github.com/allenai/OLMo"),
    }),
    "Pythia-6.9B.yml": ("eleutherai", "pythia-6-9b", {
        ("weights", "hf_model", "EleutherAI/pythia-6.9b"),
        ("code", "git", "https://github.com/EleutherAI/pythia"),
        ("data", "url", "https://pile.eleuther.ai/"),  # the Datasets component_path
    }),
    "gpt-oss-20b.yml": ("openai", "gpt-oss-20b", {("weights", "hf_model", "openai/gpt-oss-20b")}),
}  # fmt: skip


def test_every_sample_file_imports(runner: FlaskCliRunner, dispatched: list[int]) -> None:
    result = runner.invoke(args=["registry", "import", "mof", str(MOF_SAMPLES)])
    assert result.exit_code == 0, result.output
    assert "Imported 6 of 6 file(s)." in result.output
    for name, (lab, slug, artifacts) in EXPECTED.items():
        row = release(lab, slug)
        assert {(a.pillar, a.kind, a.locator) for a in row.artifacts} == artifacts, name
        claim = db.session.scalar(select(Claim).where(Claim.release_id == row.id))
        assert claim is not None and claim.source == "mof"
        assert claim.source_file.endswith(name)
        assert claim.payload["document"]["framework"]["version"] == "1.0"
    # Every release with something to check has a check requested; Llama 3 links nothing.
    assert len(dispatched) == 5
    assert release("meta", "llama-3-8b").check_runs == []


def test_claimed_classes_follow_mof_rules(runner: FlaskCliRunner, dispatched: list[int]) -> None:
    runner.invoke(args=["registry", "import", "mof", str(MOF_SAMPLES)])
    claimed = {
        name: db.session.scalar(
            select(Claim.payload).where(Claim.release_id == release(lab, slug).id)
        )["claimed_class"]
        for name, (lab, slug, _) in EXPECTED.items()
    }
    assert claimed == {
        "Amber.yml": 1, "OLMo-7B.yml": 1, "Pythia-6.9B.yml": 1,
        "Llama-3-8B.yml": 0,  # its licence is not open
        "Mistral-7B-v0.1.yml": 0, "gpt-oss-20b.yml": 0,
    }  # fmt: skip


def test_a_release_we_have_gains_the_claim_and_keeps_its_artifacts(
    runner: FlaskCliRunner, dispatched: list[int]
) -> None:
    lab = make_lab(slug="allenai", name="Allen Institute for AI (Ai2)")
    ours = make_release(lab, slug="olmo-7b", name="OLMo 7B", artifacts=[
        {"pillar": "weights", "kind": "hf_model", "locator": "allenai/OLMo-7B"},
        {"pillar": "data", "kind": "hf_dataset", "locator": "allenai/dolma"},
    ])  # fmt: skip
    result = runner.invoke(args=["registry", "import", "mof", str(MOF_SAMPLES / "OLMo-7B.yml")])
    assert "claim on an existing release" in result.output
    assert count(Lab) == 1  # matched by its Hub weights, not filed under a new lab
    db.session.refresh(ours)
    assert [a.locator for a in ours.artifacts] == ["allenai/OLMo-7B", "allenai/dolma"]
    assert db.session.scalar(select(Claim.source).where(Claim.release_id == ours.id)) == "mof"


def test_a_lab_is_reused_by_name(runner: FlaskCliRunner, dispatched: list[int]) -> None:
    make_lab(slug="eleuther", name="EleutherAI")
    runner.invoke(args=["registry", "import", "mof", str(MOF_SAMPLES / "Pythia-6.9B.yml")])
    assert release("eleuther", "pythia-6-9b").lab.name == "EleutherAI"
    assert count(Lab) == 1


def test_importing_again_replaces_the_claim(runner: FlaskCliRunner, dispatched: list[int]) -> None:
    for _ in range(2):
        result = runner.invoke(args=["registry", "import", "mof", str(MOF_SAMPLES / "Amber.yml")])
        assert result.exit_code == 0
    assert count(Claim) == 1 and count(Release) == 1


BAD_FILES = {
    "broken.yml": "framework: {name: Model Openness Framework\n",
    "unknown-component.yml": (
        (MOF_SAMPLES / "Amber.yml").read_text().replace("name: 'Data card'", "name: 'Data Card'")
    ),
    "wrong-type.yml": (MOF_SAMPLES / "OLMo-7B.yml")
    .read_text()
    .replace("license: CC-BY-4.0", "license: [CC-BY-4.0]"),
    "private-link.yml": (MOF_SAMPLES / "gpt-oss-20b.yml")
    .read_text()
    .replace("repository: ''", "repository: 'https://192.168.1.10/openai/gpt-oss'"),
    # Valid as a file, but its name gives no slug: the release cannot be filed.
    "no-slug.yml": (MOF_SAMPLES / "Llama-3-8B.yml")
    .read_text()
    .replace("name: Llama-3-8B", "name: '!!!'")
    .replace("producer: Meta", "producer: 'Nobody Labs'"),
}


def test_bad_files_import_nothing_and_the_rest_of_the_batch_imports(
    tmp_path: Path, runner: FlaskCliRunner, dispatched: list[int]
) -> None:
    shutil.copy(MOF_SAMPLES / "Mistral-7B-v0.1.yml", tmp_path)
    for name, text in BAD_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = runner.invoke(args=["registry", "import", "mof", str(tmp_path)])
    assert result.exit_code == 1
    output = result.output
    assert "Imported 1 of 6 file(s). Failed: " in output
    for name in BAD_FILES:
        assert f"FAILED   {tmp_path / name}:" in output
    expected_messages = [
        "file: Malformed YAML at line 2, column 1: expected ',' or '}', but got '<stream end>'.",
        "release.components[12].name: Unknown MOF component 'Data Card'. Did you mean 'Data card'?",
        "release.components[11].license: Not a valid string.",
        "release.repository: Unreachable link: 192.168.1.10 is a private address, which the "
        "registry never contacts.",
        "release (slug): Not a valid slug",
    ]
    for message in expected_messages:
        assert message in output, message
    # Only Mistral's lab and release exist: a failed file leaves no lab behind.
    assert [lab.slug for lab in db.session.scalars(select(Lab))] == ["mistral"]
    assert count(Release) == 1 and count(Claim) == 1


def test_files_that_are_not_text_are_refused(
    tmp_path: Path, runner: FlaskCliRunner, app: Flask
) -> None:
    (tmp_path / "binary.yml").write_bytes(b"\xff\xfe\x00garbage")
    result = runner.invoke(args=["registry", "import", "mof", str(tmp_path / "binary.yml")])
    assert result.exit_code == 1
    assert "file: Not UTF-8 text: save the file as UTF-8." in result.output


def test_a_folder_without_yaml_is_a_usage_error(tmp_path: Path, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["registry", "import", "mof", str(tmp_path)])
    assert result.exit_code == 2
    assert "No .yml or .yaml files found" in result.output
