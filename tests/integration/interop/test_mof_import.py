"""MOF import through the CLI: every sample imports; each real problem (hand-written variants
of the samples) imports with a warning by field; only what MOT's schema rejects is refused."""

from __future__ import annotations

import json
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
    # The Datasets path is the Pile's web site: kept as evidence, not checked as data.
    "Pythia-6.9B.yml": ("eleutherai", "pythia-6-9b", {
        ("weights", "hf_model", "EleutherAI/pythia-6.9b"),
        ("code", "git", "https://github.com/EleutherAI/pythia"),
    }),
    "gpt-oss-20b.yml": ("openai", "gpt-oss-20b", {("weights", "hf_model", "openai/gpt-oss-20b")}),
}  # fmt: skip
AMBER = (MOF_SAMPLES / "Amber.yml").read_text()
LLAMA = (MOF_SAMPLES / "Llama-3-8B.yml").read_text()
MISTRAL = (MOF_SAMPLES / "Mistral-7B-v0.1.yml").read_text()


def import_mof(runner: FlaskCliRunner, *paths: Path, extra: tuple[str, ...] = ()) -> str:
    result = runner.invoke(args=["registry", "import", "mof", *map(str, paths), *extra])
    return result.output


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_every_sample_file_imports(runner: FlaskCliRunner, dispatched: list[int]) -> None:
    result = runner.invoke(args=["registry", "import", "mof", str(MOF_SAMPLES)])
    assert result.exit_code == 0, result.output
    assert "Imported 6 of 6 file(s): 5 imported, 1 with warnings, 0 refused." in result.output
    assert "FILE" in result.output and "STATUS" in result.output  # the table's header
    for name, (lab, slug, artifacts) in EXPECTED.items():
        row = release(lab, slug)
        assert {(a.pillar, a.kind, a.locator) for a in row.artifacts} == artifacts, name
        claim = db.session.scalar(select(Claim).where(Claim.release_id == row.id))
        assert claim is not None and claim.source == "mof"
        assert claim.source_file == name  # the file's name, never where it sat on disk
        assert claim.payload["document"]["framework"]["version"] == "1.0"
        assert claim.payload["source_text"] == (MOF_SAMPLES / name).read_text()
    pythia = db.session.scalar(select(Claim).where(Claim.source_file == "Pythia-6.9B.yml"))
    assert pythia is not None and list(pythia.payload["warnings"]) == [
        "release.components[8].component_path"
    ]
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
    output = import_mof(runner, MOF_SAMPLES / "OLMo-7B.yml")
    assert "same Hub weights allenai/OLMo-7B" in output
    assert count(Lab) == 1  # matched by its Hub weights, not filed under a new lab
    db.session.refresh(ours)
    assert [a.locator for a in ours.artifacts] == ["allenai/OLMo-7B", "allenai/dolma"]
    assert db.session.scalar(select(Claim.source).where(Claim.release_id == ours.id)) == "mof"


def test_a_lab_is_reused_by_name(runner: FlaskCliRunner, dispatched: list[int]) -> None:
    make_lab(slug="eleuther", name="EleutherAI")
    import_mof(runner, MOF_SAMPLES / "Pythia-6.9B.yml")
    assert release("eleuther", "pythia-6-9b").lab.name == "EleutherAI"
    assert count(Lab) == 1


def test_importing_the_same_file_again_updates_its_own_claim_and_says_so(
    tmp_path: Path, runner: FlaskCliRunner, dispatched: list[int]
) -> None:
    amber = write(tmp_path, {"Amber.yml": AMBER}) / "Amber.yml"
    assert "new claim" in import_mof(runner, amber)
    assert "unchanged claim" in import_mof(runner, amber)
    amber.write_text(AMBER.replace("license: MIT", "license: CC-BY-4.0"), encoding="utf-8")
    assert "updated claim" in import_mof(runner, amber)
    assert count(Claim) == 1 and count(Release) == 1
    claim = db.session.scalar(select(Claim))
    assert claim is not None and "CC-BY-4.0" in claim.payload["source_text"]


def test_two_files_on_one_repository_both_stay_and_the_report_says_why(
    tmp_path: Path, runner: FlaskCliRunner, dispatched: list[int]
) -> None:
    # As MOT's four CodeT5+ sizes all link one Hub repository.
    write(tmp_path, {
        "Amber.yml": AMBER,
        "Amber-13B.yml": AMBER.replace("name: Amber\n", "name: Amber-13B\n"),
    })  # fmt: skip
    output = import_mof(runner, tmp_path, extra=("--report", str(tmp_path / "report.json")))
    assert count(Release) == 1 and count(Claim) == 2
    assert "Files sharing a release (each file keeps its own claim):" in output
    assert (
        "llm360/amber-13b: Amber-13B.yml (new release), Amber.yml (same Hub weights LLM360/Amber)"
        in output
    )
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["shared_releases"] == [{"release": "llm360/amber-13b", "files": [
        {"file": "Amber-13B.yml", "why": "new release"},
        {"file": "Amber.yml", "why": "same Hub weights LLM360/Amber"},
    ]}]  # fmt: skip


def test_distinct_names_never_share_a_slug(
    tmp_path: Path, runner: FlaskCliRunner, dispatched: list[int]
) -> None:
    names = ["Command R", "Command R+", "Qwen2.5", "Qwen2-5"]
    write(tmp_path, {f"{i}.yml": LLAMA.replace("name: Llama-3-8B", f"name: '{n}'")
                     for i, n in enumerate(names)})  # fmt: skip
    import_mof(runner, tmp_path)
    slugs = {r.name: r.slug for r in db.session.scalars(select(Release))}
    assert slugs == {
        "Command R": "command-r", "Command R+": "command-r-plus",
        "Qwen2.5": "qwen2-5", "Qwen2-5": "qwen2-5-2",
    }  # fmt: skip
    assert count(Claim) == 4


# Hand-written variants of the problems found in MOT's real files; each imports with warnings.
WARNED_FILES = {
    # An empty producer (valid for MOT's schema): filed under the owner of the Hub weights.
    "empty-producer.yml": MISTRAL.replace("producer: Mistral", "producer: ''"),
    # No producer and nothing to name a lab after.
    "no-owner.yml": LLAMA.replace("producer: Meta", "producer: ''").replace(
        "name: Llama-3-8B", "name: Griffin"
    ),
    # A page title pasted after the link: the link is still read.
    "title-in-link.yml": MISTRAL.replace(
        "huggingface: mistralai/Mistral-7B-v0.1",
        "huggingface: 'https://huggingface.co/mistralai/Mistral-7B-v0.2 · Hugging Face'",
    ).replace("name: Mistral-7B-v0.1", "name: Mistral-7B-v0.2"),
    # An organisation page as the repository: kept as evidence.
    "organisation-link.yml": AMBER.replace(
        "https://github.com/LLM360/amber-train", "https://github.com/LLM360"
    ).replace("name: Amber\n", "name: Crystal\n").replace(
        "https://huggingface.co/LLM360/Amber", "https://huggingface.co/LLM360/Crystal"
    ),
    # A licence written in a path field, and a private address.
    "licence-in-path.yml": AMBER.replace("name: Amber\n", "name: K2\n")
    .replace("https://huggingface.co/LLM360/Amber", "https://huggingface.co/LLM360/K2")
    .replace("repository: 'https://github.com/LLM360/amber-train'",
             "repository: 'https://192.168.1.10/LLM360/k2-train'")
    .replace("      license: MIT\n", "      license: MIT\n      component_path: ODC-BY\n"),
}  # fmt: skip


def test_real_problems_import_with_warnings_by_field(
    tmp_path: Path, runner: FlaskCliRunner, dispatched: list[int]
) -> None:
    result = runner.invoke(args=["registry", "import", "mof", str(write(tmp_path, WARNED_FILES))])
    assert result.exit_code == 0, result.output
    output = result.output
    assert "Imported 5 of 5 file(s): 0 imported, 5 with warnings, 0 refused." in output
    assert release("mistralai", "mistral-7b-v0-1").artifacts[0].locator == (
        "mistralai/Mistral-7B-v0.1"
    )
    assert "warning release.producer: Empty (MOT's schema allows it): filed under the owner of " \
           "its Hub weights, 'mistralai'." in output  # fmt: skip
    assert release("unnamed-producer", "griffin").lab.name == "Unnamed producer"
    assert [a.locator for a in release("mistral", "mistral-7b-v0-2").artifacts] == [
        "mistralai/Mistral-7B-v0.2"
    ]
    crystal = release("llm360", "crystal")
    assert [a.kind for a in crystal.artifacts] == ["hf_model"]  # the org page is not code
    assert "warning release.repository: Not a git repository we can check" in output
    assert "warning release.components[8].component_path: Not a link: 'ODC-BY'" in output
    assert "Unreachable link: 192.168.1.10 is a private address" in output
    claim = db.session.scalar(select(Claim).where(Claim.source_file == "organisation-link.yml"))
    assert claim is not None and claim.payload["warnings"]["release.repository"]


REFUSED_FILES = {
    "broken.yml": "framework: {name: Model Openness Framework\n",
    "wrong-type.yml": (MOF_SAMPLES / "OLMo-7B.yml")
    .read_text()
    .replace("license: CC-BY-4.0", "license: [CC-BY-4.0]"),
    "no-producer.yml": LLAMA.replace("  producer: Meta\n", ""),
    "not-mof.yml": LLAMA.replace("'Model Openness Framework'", "'Model Openness Index'"),
}


def test_files_mots_schema_rejects_are_refused_and_the_rest_of_the_batch_imports(
    tmp_path: Path, runner: FlaskCliRunner, dispatched: list[int]
) -> None:
    shutil.copy(MOF_SAMPLES / "Mistral-7B-v0.1.yml", tmp_path)
    result = runner.invoke(args=["registry", "import", "mof", str(write(tmp_path, REFUSED_FILES))])
    assert result.exit_code == 1
    output = result.output
    assert "Imported 1 of 5 file(s): 1 imported, 0 with warnings, 4 refused." in output
    expected_messages = [
        "refused file: Malformed YAML at line 2, column 1: expected ',' or '}', but got "
        "'<stream end>'.",
        "refused release.components[11].license: Not text: MOT's schema (mof_schema.json) "
        "expects text here.",
        "refused release.producer: Missing: MOT's schema (mof_schema.json) requires this field.",
        "refused framework.name: Not one of MOT's schema (mof_schema.json)'s values: "
        "'Model Openness Framework'.",
    ]
    for message in expected_messages:
        assert message in output, message
    # Only Mistral's lab and release exist: a refused file leaves no lab behind.
    assert [lab.slug for lab in db.session.scalars(select(Lab))] == ["mistral"]
    assert count(Release) == 1 and count(Claim) == 1


def test_the_report_is_written_as_json_on_request(
    tmp_path: Path, runner: FlaskCliRunner, dispatched: list[int]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, {"broken.yml": REFUSED_FILES["broken.yml"], **WARNED_FILES})
    shutil.copy(MOF_SAMPLES / "OLMo-7B.yml", folder)
    report_path = tmp_path / "report.json"
    runner.invoke(args=["registry", "import", "mof", str(folder), "--report", str(report_path)])
    report = json.loads(report_path.read_text())
    assert report["counts"] == {"imported": 1, "imported with warnings": 5, "refused": 1}
    by_name = {f["name"]: f for f in report["files"]}
    assert by_name["broken.yml"]["status"] == "refused"
    assert list(by_name["broken.yml"]["errors"]) == ["file"]
    olmo = by_name["OLMo-7B.yml"]
    assert (olmo["status"], olmo["lab"], olmo["release"], olmo["claim"], olmo["matched_by"]) == (
        "imported",
        "allen-institute-for-ai",
        "olmo-7b",
        "new",
        "new release",
    )
    assert by_name["empty-producer.yml"]["warnings"]["release.producer"]


def test_files_that_are_not_text_are_refused(
    tmp_path: Path, runner: FlaskCliRunner, app: Flask
) -> None:
    (tmp_path / "binary.yml").write_bytes(b"\xff\xfe\x00garbage")
    result = runner.invoke(args=["registry", "import", "mof", str(tmp_path / "binary.yml")])
    assert result.exit_code == 1
    assert "refused file: Not UTF-8 text: save the file as UTF-8." in result.output


def test_a_folder_without_yaml_is_a_usage_error(tmp_path: Path, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["registry", "import", "mof", str(tmp_path)])
    assert result.exit_code == 2
    assert "No .yml or .yaml files found" in result.output
