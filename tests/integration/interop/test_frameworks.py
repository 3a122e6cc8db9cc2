"""Claimed vs verified on the API and the release page; the MOF export validates."""

from __future__ import annotations

import jsonschema
import pytest
import yaml
from flask.testing import FlaskClient, FlaskCliRunner

from registry.frameworks.mof import evaluate
from registry.frameworks.mof_rules import mof_json_schema
from registry.model import Pillar, Verdict
from schemas.mof import load_mof
from tests.factories import make_lab, make_release
from tests.integration.interop.conftest import MOF_SAMPLES, OSAI_SAMPLES, record_checks, release

OLMO = "/api/v1/labs/allen-institute-for-ai/releases/olmo-7b"
PYTHIA = "/api/v1/labs/eleutherai/releases/pythia-6-9b"


def import_sample(runner: FlaskCliRunner, source: str, name: str) -> None:
    folder = MOF_SAMPLES if source == "mof" else OSAI_SAMPLES
    result = runner.invoke(args=["registry", "import", source, str(folder / name)])
    assert result.exit_code == 0, result.output


def verify_pythia(runner: FlaskCliRunner) -> None:
    """Import Pythia's MOF file, then record what the checkers found."""
    import_sample(runner, "mof", "Pythia-6.9B.yml")
    record_checks(
        release("eleutherai", "pythia-6-9b"),
        {
            Pillar.WEIGHTS: (
                Verdict.OPEN,
                "Found 2 weight file(s), 13.9 GB in total.",
                "apache-2.0",
            ),
            Pillar.CODE: (
                Verdict.OPEN,
                "Training code found: a training entrypoint.",
                "Apache-2.0",
            ),
        },
    )


def test_frameworks_show_claimed_and_verified_side_by_side(
    runner: FlaskCliRunner, client: FlaskClient, dispatched: list[int]
) -> None:
    verify_pythia(runner)
    body = client.get(f"{PYTHIA}/frameworks").get_json()
    mof = body["mof"]
    assert mof["claimed"]["mof_class"] == 1
    assert mof["claimed"]["source_file"] == "Pythia-6.9B.yml"
    assert mof["claimed"]["warnings"] == {"release.components[8].component_path": [
        "Not a dataset we can check (a web page on pile.eleuther.ai): kept as evidence, "
        "not checked."
    ]}  # fmt: skip
    assert mof["claimed"]["evidence_links"] == [{
        "field": "release.components[8].component_path", "text": "https://pile.eleuther.ai/",
        "url": "https://pile.eleuther.ai/", "why": "a web page on pile.eleuther.ai",
    }]  # fmt: skip
    assert [c["source_file"] for c in mof["claims"]] == ["Pythia-6.9B.yml"]
    assert mof["verified"]["mof_class"] == 0
    # Unrounded, as MOT computes it: the page rounds for display.
    assert mof["verified"]["progress"] == {"III": pytest.approx(100 / 6), "II": 0.0, "I": 0.0}
    assert mof["verified"]["progress"]["III"] != 16.7
    no_rule = [c for c in mof["components"] if not c["verified"]["has_rule"]]
    assert len(mof["components"]) == 17
    assert [c["component"] for c in no_rule] == ["Technical report"]
    assert no_rule[0]["verified"]["status"] == "not_verifiable"
    assert no_rule[0]["verified"]["explanation"].startswith("Not verifiable automatically")
    # These checks were recorded without MOF observations: every other rule is unverified.
    pillars = {"Model parameters (Final)", "Training code", "Datasets"}
    others = [c for c in mof["components"] if c["verified"]["has_rule"]
              and c["component"] not in pillars]  # fmt: skip
    statuses = {c["component"]: c["verified"]["status"] for c in others}
    assert len(others) == 13 and set(statuses.values()) == {"unverified", "not_declared"}
    assert statuses["Data card"] == "not_declared"  # no dataset repository is declared
    assert all(c["rule"]["where"] and c["rule"]["counts"] for c in others)
    assert mof["badge_url"] == "/badges/eleutherai/pythia-6-9b/mof.svg"
    found = {d["component"]: d for d in mof["differences"]}
    assert found["Model parameters (Final)"]["agreement"] == "agree"
    assert found["Training code"]["agreement"] == "licence_differs"  # MIT claimed, Apache found
    # The Pile's web site is evidence, not a dataset: nothing declared to check.
    assert found["Datasets"]["agreement"] == "unconfirmed"
    assert found["Datasets"]["cause"] == "not confirmed yet"
    assert found["Model card"]["cause"] == "not confirmed yet"
    assert found["Technical report"]["cause"] is None  # neither lists it: they agree
    assert found["Datasets"]["explanation"] == (
        "The file claims Datasets under Apache-2.0; no data artifact is declared, so there is "
        "nothing to check."
    )
    assert body["osai"] is None


def test_the_release_page_shows_the_frameworks_panel(
    runner: FlaskCliRunner, client: FlaskClient, dispatched: list[int]
) -> None:
    verify_pythia(runner)
    page = client.get("/labs/eleutherai/pythia-6-9b").get_data(as_text=True)
    assert "Openness frameworks: claimed and verified" in page
    assert "Class I - Open Science Model" in page  # claimed
    assert "Unclassified" in page  # verified
    assert "16.7%" in page  # rounded for display only
    assert "not verifiable automatically" in page
    assert "nothing to check." in page  # the datasets difference, in plain words
    assert 'href="https://pile.eleuther.ai/"' in page  # the evidence link, kept and shown
    assert 'src="/badges/eleutherai/pythia-6-9b/mof.svg"' in page  # the verified-class badge
    assert "a config.json alone" in page  # each component's rule: what does not count
    assert "not confirmed yet" in page  # and each difference's cause


def test_a_release_with_no_claim_still_shows_what_evidence_supports(
    client: FlaskClient, dispatched: list[int]
) -> None:
    lab = make_lab(slug="solo")
    make_release(lab, slug="alone")
    body = client.get("/api/v1/labs/solo/releases/alone/frameworks").get_json()
    assert body["mof"]["claimed"] is None
    assert body["mof"]["differences"] == []
    assert body["mof"]["verified"]["label"] == "Unclassified"


def test_the_mof_export_is_built_from_evidence_and_validates(
    runner: FlaskCliRunner, client: FlaskClient, dispatched: list[int]
) -> None:
    verify_pythia(runner)
    reply = client.get(f"{PYTHIA}/mof.yaml")
    assert reply.status_code == 200
    assert reply.content_type == "application/yaml"
    data = yaml.safe_load(reply.get_data(as_text=True))
    jsonschema.validate(data, mof_json_schema(), format_checker=jsonschema.FormatChecker())
    release = data["release"]
    assert release["producer"] == "EleutherAI"
    assert release["huggingface"] == "https://huggingface.co/EleutherAI/pythia-6.9b"
    assert release["repository"] == "https://github.com/EleutherAI/pythia"
    # Only what was verified open, under MOT's exact licence ids ("apache-2.0" was found).
    assert [(c["name"], c["license"]) for c in release["components"]] == [
        ("Model parameters (Final)", "Apache-2.0"),
        ("Training code", "Apache-2.0"),
    ]
    # Our own importer reads it, and MOT's rules give it the class the evidence supports.
    assert evaluate(load_mof(reply.get_data(as_text=True)).value).mof_class == 0


def test_every_mof_export_validates_even_with_no_evidence(
    client: FlaskClient, dispatched: list[int]
) -> None:
    lab = make_lab(slug="fresh")
    make_release(lab, slug="unchecked")
    text = client.get("/api/v1/labs/fresh/releases/unchecked/mof.yaml").get_data(as_text=True)
    data = yaml.safe_load(text)
    jsonschema.validate(data, mof_json_schema(), format_checker=jsonschema.FormatChecker())
    assert data["release"]["components"] == []


def test_unknown_releases_are_404_in_the_error_shape(client: FlaskClient) -> None:
    for path in ("frameworks", "mof.yaml"):
        reply = client.get(f"/api/v1/labs/nobody/releases/nothing/{path}")
        assert reply.status_code == 404
        assert reply.get_json()["code"] == 404


def test_osai_grades_are_compared_with_our_verification(
    runner: FlaskCliRunner, client: FlaskClient, dispatched: list[int]
) -> None:
    import_sample(runner, "osai", "llama-3.1.yaml")
    record_checks(
        release("meta", "llama-3-1-405b-instruct"),
        {
            Pillar.WEIGHTS: (Verdict.RESTRICTED, "The repository is gated.", "llama3.1"),
            Pillar.CODE: (
                Verdict.ABSENT,
                "No training code: the repository looks inference-only.",
                None,
            ),
        },
    )
    osai = client.get("/api/v1/labs/meta/releases/llama-3-1-405b-instruct/frameworks").get_json()[
        "osai"
    ]
    assert osai["system"] == "Llama 3.1" and osai["organisation"] == "Meta"
    assert "osai-index.eu" in osai["attribution"]
    assert osai["judgements"]["weights_basemodel"]["link"] == [
        "https://huggingface.co/meta-llama/Meta-Llama-3.1-8B"
    ]
    found = {d["dimension"]: d for d in osai["dimensions"]}
    assert (found["weights_endmodel"]["grade"], found["weights_endmodel"]["ours"]) == (
        "closed",
        "restricted",
    )
    assert found["weights_endmodel"]["agreement"] == "disagree"  # published, gated: not closed
    # The base model (Llama-3.1-8B) is no release of ours: we say so, we do not guess.
    assert found["weights_basemodel"]["agreement"] == "no_evidence"
    assert found["weights_basemodel"]["explanation"].endswith(
        "no evidence of ours: the base model meta-llama/Meta-Llama-3.1-8B is not a release in "
        "the registry."
    )
    assert found["trainingcode"]["agreement"] == "disagree"  # partial, but we found none
    assert found["licenses"]["agreement"] == "agree"  # closed: llama3.1 is restricted
    assert len(found) == 12
    assert found["paper"]["notes"] == "No peer-reviewed paper available."
    assert found["paper"]["agreement"] == "no_evidence"
    assert found["preprint"]["links"][0] == {
        "text": "https://arxiv.org/abs/2407.21783", "url": "https://arxiv.org/abs/2407.21783",
        "use": "evidence", "locator": None, "why": "evidence the graders gave",
    }  # fmt: skip
    assert found["trainingcode"]["links"][0]["use"] == "artifact"
    assert osai["organisation_notes"] == "Meta, a major technology company."
    assert osai["disagreements"] == 2
    page = client.get("/labs/meta/llama-3-1-405b-instruct").get_data(as_text=True)
    assert "European Open Source AI Index" in page
    assert "2 disagreements with our verification" in page
    assert "Meta, a major technology company." in page
    assert "no evidence of ours" in page
    assert "Hardware Architecture" in page and "Datasheet" in page  # all 12 shown


def test_base_model_weights_are_compared_with_the_base_models_own_release(
    runner: FlaskCliRunner, client: FlaskClient, dispatched: list[int]
) -> None:
    lab = make_lab(slug="meta-ours", name="Meta (ours)")
    base = make_release(lab, slug="llama-3-1-8b", artifacts=[
        {"pillar": "weights", "kind": "hf_model", "locator": "meta-llama/Meta-Llama-3.1-8B"},
    ])  # fmt: skip
    record_checks(base, {Pillar.WEIGHTS: (Verdict.RESTRICTED, "The repository is gated.", None)})
    import_sample(runner, "osai", "llama-3.1.yaml")
    osai = client.get("/api/v1/labs/meta/releases/llama-3-1-405b-instruct/frameworks").get_json()[
        "osai"
    ]
    found = {d["dimension"]: d for d in osai["dimensions"]}
    assert (found["weights_basemodel"]["ours"], found["weights_basemodel"]["agreement"]) == (
        "restricted",
        "agree",  # partial: published with strings attached
    )
    assert found["weights_endmodel"]["ours"] == "unverified"  # not checked yet
    assert found["weights_endmodel"]["agreement"] == "unconfirmed"
