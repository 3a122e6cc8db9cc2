"""The verified-MOF-class badge: the class our evidence supports, as the frameworks API says it."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from app.extensions import db
from app.models import CheckRun, Release, utcnow
from app.services.evidence import finish_release, record_result
from registry.model import (
    ArtifactKind,
    ArtifactRef,
    CheckResult,
    Evidence,
    LicenceClass,
    LicenceFinding,
    Pillar,
    Verdict,
)
from tests.factories import make_lab, make_release
from tests.unit.badges.svg_reading import parse_badge

CARD = {"topics": ["details", "uses", "training", "evaluation"], "words": 400,
        "results_table": True, "model_index": False, "eval_datasets": [], "arxiv_ids": []}  # fmt: skip
MODEL_SEEN = {
    "source": "model", "paths": {}, "unread": [], "card": CARD, "library": None,
    "config": {"architectures": ["MyLM"], "defined_here": ["MyLM"]},
    "refs": {"count": 1, "checkpoints": 0, "examples": []},
    "papers": [{"url": "https://arxiv.org/abs/2402.00838", "arxiv_id": "2402.00838",
                "status": 200, "licence": "CC-BY-4.0"}],
}  # fmt: skip
DATA_SEEN = {"source": "dataset", "paths": {}, "unread": [],
             "card": {"topics": ["sources", "collection"], "words": 300}}  # fmt: skip
ARTIFACTS = [
    {"pillar": "weights", "kind": "hf_model", "locator": "org/model"},
    {"pillar": "data", "kind": "hf_dataset", "locator": "org/data"},
]


def checked(name: str = "Model", seen: dict[str, Any] | None = None) -> Release:
    """A release whose checks saw a real card, modelling code, a paper and a data card."""
    release = make_release(make_lab(slug="lab-mof"), name=name, artifacts=ARTIFACTS)
    now = utcnow()
    run = CheckRun(release_id=release.id, state="COMPLETED", trigger="manual", attempts=1,
                   started_at=now, finished_at=now, artifacts_total=2, artifacts_done=2)  # fmt: skip
    db.session.add(run)
    db.session.flush()
    facts = {"weights": seen or MODEL_SEEN, "data": DATA_SEEN}
    for artifact in release.artifacts:
        ref = ArtifactRef(Pillar(artifact.pillar), ArtifactKind(artifact.kind), artifact.locator)
        finding = LicenceFinding("Apache-2.0", "card metadata", LicenceClass.OPEN)
        evidence = Evidence(artifact.pillar, "9.9.9", "http://127.0.0.1:9", artifact.locator,
                            now, licences=(finding,), facts={"mof": facts[artifact.pillar]})  # fmt: skip
        record_result(run.id, artifact, CheckResult(ref, Verdict.OPEN, ("ok",), evidence), {})
    finish_release(release, run, now)
    db.session.commit()
    return release


def test_the_badge_shows_the_verified_class_the_api_shows(client: FlaskClient) -> None:
    release = checked()
    api = client.get(f"/api/v1/labs/lab-mof/releases/{release.slug}/frameworks").get_json()
    assert api["mof"]["verified"]["mof_class"] == 3  # Class III: everything it needs is open
    badge = client.get(api["mof"]["badge_url"])
    assert badge.status_code == 200 and badge.mimetype == "image/svg+xml"
    assert parse_badge(badge.data).texts == ("MOF verified", "Class III")
    data = client.get(f"/badges/lab-mof/{release.slug}/mof.json").get_json()
    assert (data["label"], data["message"]) == ("MOF verified", "Class III")


def test_an_unchecked_release_is_unverified_and_an_unknown_one_not_found(
    client: FlaskClient,
) -> None:
    release = make_release(make_lab(slug="lab-new"))
    data = client.get(f"/badges/lab-new/{release.slug}/mof.json").get_json()
    assert data["message"] == "unverified"
    missing = client.get("/badges/lab-new/no-such-release/mof.svg")
    assert missing.status_code == 404
    assert parse_badge(missing.data).texts == ("MOF verified", "not found")


def test_a_gap_keeps_the_class_down(client: FlaskClient) -> None:
    stub = {**MODEL_SEEN, "card": {**CARD, "topics": ["details"], "words": 20}}
    release = checked(seen=stub)
    data = client.get(f"/badges/lab-mof/{release.slug}/mof.json").get_json()
    assert data["message"] == "unclassified"  # a stub README is not a model card


def test_names_are_escaped_in_the_badge(client: FlaskClient) -> None:
    release = checked(name='<script>alert("x")</script> & co')
    body = client.get(f"/badges/lab-mof/{release.slug}/mof.svg").get_data(as_text=True)
    assert "<script>" not in body and "&lt;script&gt;" in body
