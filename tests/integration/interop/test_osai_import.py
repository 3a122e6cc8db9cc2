"""OSAI import through the CLI: every sample becomes a claim with its judgements and links."""

from __future__ import annotations

from flask.testing import FlaskCliRunner
from sqlalchemy import select

from app.extensions import db
from app.models import Claim
from tests.factories import make_lab, make_release
from tests.integration.interop.conftest import OSAI_SAMPLES, count, release

EXPECTED = {
    "GPT-OSS.yaml": ("openai", "gpt-oss-120b"),
    "Mistral.yaml": ("mistral-ai", "mistral-large-3-675b-instruct-2512"),
    "OLMo.yaml": ("ai2", "olmo-3-1-32b-think"),
    "Pythia.yaml": ("eleutherai-and-together-computer", "pythia-chat-base-7b"),
    "llama-3.1.yaml": ("meta", "llama-3-1-405b-instruct"),
}


def test_every_osai_sample_imports(runner: FlaskCliRunner, dispatched: list[int]) -> None:
    result = runner.invoke(args=["registry", "import", "osai", str(OSAI_SAMPLES)])
    assert result.exit_code == 0, result.output
    assert "Imported 5 of 5 file(s)." in result.output
    for name, (lab, slug) in EXPECTED.items():
        claim = db.session.scalar(select(Claim).where(Claim.release_id == release(lab, slug).id))
        assert claim is not None and claim.source == "osai", name
        assert set(claim.payload["judgements"]) >= {
            "datasources_basemodel", "datasources_endmodel", "weights_basemodel",
            "weights_endmodel", "trainingcode", "licenses",
        }  # fmt: skip
    olmo = release("ai2", "olmo-3-1-32b-think")
    assert len([a for a in olmo.artifacts if a.pillar == "data"]) == 4
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


def test_a_bad_grade_is_refused_with_its_field(
    runner: FlaskCliRunner, tmp_path: object, dispatched: list[int]
) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    text = (OSAI_SAMPLES / "Mistral.yaml").read_text().replace("class: open", "class: opened", 1)
    (folder / "bad.yaml").write_text(text)
    result = runner.invoke(args=["registry", "import", "osai", str(folder / "bad.yaml")])
    assert result.exit_code == 1
    assert (
        "weights_basemodel.class: Not an OSAI grade: use open, partial or closed." in result.output
    )
    assert count(Claim) == 0
