"""A check run records the consistency findings; page, API and badge show the same ones."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from app.extensions import db
from app.models import Release
from tests.factories import make_release
from tests.integration.consistency.world import CORPUS, TRAINER
from tests.integration.jobs.support import run_once


def release_of(model: str) -> Release:
    artifacts: list[dict[str, Any]] = [
        {"pillar": "weights", "kind": "hf_model", "locator": model},
        {"pillar": "code", "kind": "git", "locator": TRAINER},
        {"pillar": "data", "kind": "hf_dataset", "locator": CORPUS},
    ]
    return make_release(artifacts=artifacts)


def test_a_consistent_release_shows_its_findings_everywhere(client: FlaskClient) -> None:
    release = release_of("lab/model-7b")
    run, _ = run_once(release)
    assert run.state == "COMPLETED"
    path = f"{release.lab.slug}/{release.slug}"

    api = client.get(f"/api/v1/labs/{path.replace('/', '/releases/')}").get_json()
    found = api["consistency"]
    assert found["consistent"] is True and found["gaps"] == []
    assert found["architecture"]["config"] == "configs/7b.yaml"
    assert found["reproducibility"]["code_commit_pinned"] is True
    assert api["badges"]["consistency"] == f"/badges/{path}/consistency.svg"

    page = client.get(f"/labs/{path}").get_data(as_text=True)
    assert "Does the code explain the model?" in page
    assert "configs/7b.yaml:" in page  # the file and line of each field

    badge = client.get(f"/badges/{path}/consistency.svg")
    assert badge.status_code == 200 and ">consistent<" in badge.get_data(as_text=True)


def test_the_tier_does_not_move_with_the_findings(client: FlaskClient) -> None:
    consistent, differing = release_of("lab/model-7b"), release_of("lab/model-7b-long-context")
    for release in (consistent, differing):
        run_once(release)
    views = [
        client.get(f"/api/v1/labs/{r.lab.slug}/releases/{r.slug}").get_json()
        for r in (consistent, differing)
    ]
    assert [v["consistency"]["consistent"] for v in views] == [True, False]
    assert views[0]["tier"] == views[1]["tier"] and views[0]["score"] == views[1]["score"]
    badge = client.get(f"/badges/{differing.lab.slug}/{differing.slug}/consistency.svg")
    assert "not established" in badge.get_data(as_text=True)


def test_an_unchecked_release_has_no_findings_yet(client: FlaskClient) -> None:
    release = release_of("lab/model-7b")
    api = client.get(f"/api/v1/labs/{release.lab.slug}/releases/{release.slug}").get_json()
    assert api["consistency"] is None
    page = client.get(f"/labs/{release.lab.slug}/{release.slug}").get_data(as_text=True)
    assert "Not measured yet" in page
    badge = client.get(f"/badges/{release.lab.slug}/{release.slug}/consistency.svg")
    assert badge.status_code == 200 and "unverified" in badge.get_data(as_text=True)


def test_the_standard_explains_each_finding_and_the_dialects(client: FlaskClient) -> None:
    page = client.get("/about/standard").get_data(as_text=True)
    for words in (
        "Architecture agreement",
        "Data agreement",
        "Pinning",
        "Environment",
        "Reproducibility tuple",
        "The consistent mark",
        "mlp_hidden_size",
    ):
        assert words in page


def test_findings_are_escaped_on_the_page_and_the_badge(client: FlaskClient) -> None:
    # Findings quote repositories' own words (paths, refs, names): never markup.
    release = release_of("lab/model-7b")
    run_once(release)
    hostile = "<script>alert(1)</script>"
    stored = dict(release.consistency or {})
    stored["gaps"] = [f"data: {hostile}"]
    stored["architecture"] = {**stored["architecture"], "reason": hostile}
    release.consistency = stored
    db.session.commit()
    page = client.get(f"/labs/{release.lab.slug}/{release.slug}").get_data(as_text=True)
    badge = client.get(f"/badges/{release.lab.slug}/{release.slug}/consistency.svg")
    for body in (page, badge.get_data(as_text=True)):
        assert hostile not in body
    assert "&lt;script&gt;" in page


def test_an_unchanged_scheduled_run_keeps_the_findings_without_reading_again(
    client: FlaskClient,
) -> None:
    release = release_of("lab/model-7b")
    run_once(release)
    marker = {**(release.consistency or {}), "checked_at": "2000-01-01T00:00:00+00:00"}
    release.consistency = marker
    db.session.commit()
    run, _ = run_once(release, trigger="schedule")  # every revision as before
    assert run.unchanged
    db.session.refresh(release)
    assert release.consistency == marker
