"""OSAI import through the CLI: every sample becomes a claim with all its judgements; evidence
links (hand-written variants of what real entries link) never sink a file."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskCliRunner
from sqlalchemy import select

from app.extensions import db
from app.models import Claim
from registry.frameworks.osai import dimension_names
from tests.factories import make_lab, make_release
from tests.integration.interop.conftest import OSAI_SAMPLES, count, release

EXPECTED = {
    "GPT-OSS.yaml": ("openai", "gpt-oss-120b"),
    "Mistral.yaml": ("mistral-ai", "mistral-large-3-675b-instruct-2512"),
    "OLMo.yaml": ("ai2", "olmo-3-1-32b-think"),
    "Pythia.yaml": ("eleutherai-and-together-computer", "pythia-chat-base-7b"),
    "llama-3.1.yaml": ("meta", "llama-3-1-405b-instruct"),
}
OLMO = (OSAI_SAMPLES / "OLMo.yaml").read_text()


def test_every_osai_sample_imports(runner: FlaskCliRunner, dispatched: list[int]) -> None:
    result = runner.invoke(args=["registry", "import", "osai", str(OSAI_SAMPLES)])
    assert result.exit_code == 0, result.output
    assert "Imported 5 of 5 file(s): 5 imported, 0 with warnings, 0 refused." in result.output
    for name, (lab, slug) in EXPECTED.items():
        claim = db.session.scalar(select(Claim).where(Claim.release_id == release(lab, slug).id))
        assert claim is not None and claim.source == "osai", name
        assert claim.source_file == name
        assert set(claim.payload["judgements"]) == set(dimension_names())
    olmo = db.session.scalar(select(Claim).where(Claim.source_file == "OLMo.yaml"))
    assert olmo is not None and olmo.payload["org"]["notes"] == (
        "Allen Institute for AI (non-profit research institute)"
    )
    assert (
        len([a for a in release("ai2", "olmo-3-1-32b-think").artifacts if a.pillar == "data"]) == 4
    )
    assert len(dispatched) == 5


def test_an_osai_entry_attaches_to_the_release_with_the_same_weights(
    runner: FlaskCliRunner, dispatched: list[int]
) -> None:
    lab = make_lab(slug="openai", name="OpenAI")
    ours = make_release(lab, slug="gpt-oss-120b", artifacts=[
        {"pillar": "weights", "kind": "hf_model", "locator": "openai/gpt-oss-120b"},
    ])  # fmt: skip
    runner.invoke(args=["registry", "import", "osai", str(OSAI_SAMPLES / "GPT-OSS.yaml")])
    assert db.session.scalar(select(Claim.release_id)) == ours.id
    assert count(Claim) == 1


# What real entries link as data and code evidence, written into the OLMo sample.
EVIDENCE_LINKS = OLMO.replace(
    "link: https://huggingface.co/datasets/allenai/Dolci-Think-RL-32B",
    'link: ["https://huggingface.co/allenai/Olmo-3.1-32B-Think#training-data", '
    '"https://huggingface.co/collections/allenai/olmo-3", "https://huggingface.co/datasets/c4", '
    '"https://huggingface.co/papers/2512.13961", '
    '"https://huggingface.co/allenai/Olmo-3.1-32B-Think/discussions/3"]',
).replace(
    'link: ["https://github.com/allenai/open-instruct", "https://github.com/allenai/OLMo-core"]\n'
    "    notes: Multiple repos",
    'link: ["https://github.com/allenai", "https://github.com/allenai/OLMo-core/tree/main/src"]\n'
    "    notes: Multiple repos",
)


def test_evidence_links_never_sink_a_file_and_only_locators_are_checked(
    tmp_path: Path, runner: FlaskCliRunner, dispatched: list[int]
) -> None:
    (tmp_path / "evidence.yaml").write_text(EVIDENCE_LINKS, encoding="utf-8")
    result = runner.invoke(args=["registry", "import", "osai", str(tmp_path / "evidence.yaml")])
    assert result.exit_code == 0, result.output
    assert "1 imported, 0 with warnings, 0 refused." in result.output
    olmo = release("ai2", "olmo-3-1-32b-think")
    locators = {(a.pillar, a.locator) for a in olmo.artifacts}
    assert ("data", "c4") in locators  # an owner-less legacy dataset id
    assert ("code", "https://github.com/allenai/OLMo-core") in locators
    assert not any("collections" in loc or "papers" in loc or loc == "https://github.com/allenai"
                   for _, loc in locators)  # fmt: skip
    claim = db.session.scalar(select(Claim))
    assert claim is not None
    assert len(claim.payload["judgements"]["datasources_endmodel"]["link"]) == 5  # all kept


def test_a_bad_grade_is_refused_with_its_field(
    runner: FlaskCliRunner, tmp_path: Path, dispatched: list[int]
) -> None:
    text = (OSAI_SAMPLES / "Mistral.yaml").read_text().replace("class: open", "class: opened", 1)
    (tmp_path / "bad.yaml").write_text(text)
    result = runner.invoke(args=["registry", "import", "osai", str(tmp_path / "bad.yaml")])
    assert result.exit_code == 1
    assert (
        "refused weights_basemodel.class: Not one of OSAI's readme's values: 'open', 'partial', "
        "'closed', '', None." in result.output
    )
    assert count(Claim) == 0
