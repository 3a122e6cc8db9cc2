"""Unverified is a state, not a score: through the API, pages, badges, lab score, history and
feed on both databases, with check results recorded by the real persistence path.

A failed check records what the checker returns when the Hub cannot be reached (an
unverified result with a failure and the endpoint it tried); `record_result` and
`finish_release` then reconcile and rescore exactly as a run does.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Mapping

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from app.extensions import db
from app.models import CheckRun, Release, utcnow
from app.services.catalogue import replace_artifacts
from app.services.evidence import finish_release, record_result
from app.services.identity import SYSTEM
from registry.checks.doubts import DOUBT_RULES
from registry.model import (
    ArtifactKind,
    ArtifactRef,
    CheckResult,
    Evidence,
    Failure,
    FailureKind,
    Pillar,
    Verdict,
)
from tests.factories import make_lab, make_release
from tests.integration.interop.conftest import record_checks

HUB = "https://huggingface.co"
TIMED_OUT = "the last check failed: could not reach https://huggingface.co (timeout)"
OPEN = (Verdict.OPEN, "Found the weight files.", "apache-2.0")
THREE = [
    {"pillar": "weights", "kind": "hf_model", "locator": "org/model"},
    {"pillar": "code", "kind": "git", "locator": "https://github.com/org/train"},
    {"pillar": "data", "kind": "hf_dataset", "locator": "org/data"},
]


def record_failures(
    release: Release, failing: Mapping[Pillar, FailureKind], passing: Verdict = Verdict.OPEN
) -> CheckRun:
    """Record a completed run: the pillars in `failing` could not be checked, the rest pass."""
    now = utcnow()
    run = CheckRun(release_id=release.id, state="COMPLETED", trigger="manual", attempts=1,
                   started_at=now, finished_at=now)  # fmt: skip
    db.session.add(run)
    db.session.flush()
    for artifact in release.artifacts:
        pillar = Pillar(artifact.pillar)
        ref = ArtifactRef(pillar, ArtifactKind(artifact.kind), artifact.locator)
        evidence = Evidence(checker_id=pillar.value, checker_version="1.0.0", endpoint=HUB,
                            locator=artifact.locator, checked_at=now)  # fmt: skip
        kind = failing.get(pillar)
        if kind is None:
            result = CheckResult(ref, passing, ("Checked.",), evidence)
        else:
            failure = Failure(kind, "Read timed out after 10 s")
            result = CheckResult(ref, Verdict.UNVERIFIED, ("The check could not finish.",),
                                 evidence, failure)  # fmt: skip
        record_result(run.id, artifact, result, {})
    finish_release(release, run, now)
    db.session.commit()
    return run


def text(client: FlaskClient, url: str) -> str:
    reply = client.get(url)
    assert reply.status_code == 200, (url, reply.status_code)
    return reply.get_data(as_text=True)


def summary_of(page: str) -> str:
    return page[page.index('class="summary'):page.index("</section>")]


# ---- a release -----------------------------------------------------------------------------


def test_a_failed_weights_check_is_unverified_with_the_endpoint_it_could_not_reach(
    client: FlaskClient,
) -> None:
    release = make_release(artifacts=THREE)
    record_failures(release, {Pillar.WEIGHTS: FailureKind.TIMEOUT})
    url = f"/api/v1/labs/{release.lab.slug}/releases/{release.slug}"
    body = client.get(url).json
    assert (body["tier"], body["score"], body["status"]) == (None, None, "unverified")
    assert body["status_reason"] == TIMED_OUT
    # The other pillars are still shown as what the check found.
    assert body["verdicts"] == {"weights": "unverified", "code": "open", "data": "open"}
    summary = summary_of(text(client, f"/labs/{release.lab.slug}/{release.slug}"))
    assert "Not yet verified" in summary and TIMED_OUT in summary
    assert "Tier" not in summary and "/100" not in summary
    progress = client.get(f"{url}/checks/latest").json
    assert (progress["tier"], progress["score"], progress["status"]) == (None, None, "unverified")
    assert progress["status_reason"] == TIMED_OUT


def test_a_never_checked_release_says_never_checked(client: FlaskClient) -> None:
    release = make_release()
    body = client.get(f"/api/v1/labs/{release.lab.slug}/releases/{release.slug}").json
    assert (body["tier"], body["score"], body["status_reason"]) == (None, None, "never checked")
    summary = summary_of(text(client, f"/labs/{release.lab.slug}/{release.slug}"))
    assert "Not yet verified" in summary and "never checked" in summary


def test_weights_verified_and_another_pillar_unverified_keeps_tier_and_score(
    client: FlaskClient,
) -> None:
    release = make_release(artifacts=THREE)
    record_failures(release, {Pillar.CODE: FailureKind.SERVER_ERROR})
    body = client.get(f"/api/v1/labs/{release.lab.slug}/releases/{release.slug}").json
    # Weights and data open, code unverified: tier C, 2 of 3 points, code shown unverified.
    assert (body["tier"]["letter"], body["score"], body["status"]) == ("C", 67, "verified")
    assert body["status_reason"] is None
    code = body["pillars"][1]
    assert (code["verdict"], code["points"]) == ("unverified", 0.0)
    badge = client.get(f"/badges/{release.lab.slug}/{release.slug}/code.json").json
    assert badge["message"] == "unverified"


def test_no_weights_declared_is_closed_and_confirmed_absent_is_closed(
    client: FlaskClient,
) -> None:
    none_declared = make_release(artifacts=[])
    absent = make_release(artifacts=THREE[:1])
    record_checks(absent, {Pillar.WEIGHTS: (Verdict.ABSENT, "No weight file found.", None)})
    for release in (none_declared, absent):
        body = client.get(f"/api/v1/labs/{release.lab.slug}/releases/{release.slug}").json
        assert (body["tier"]["letter"], body["score"], body["status"]) == ("E", 0, "verified")
        summary = summary_of(text(client, f"/labs/{release.lab.slug}/{release.slug}"))
        assert "Tier E" in summary and "Closed" in summary


def test_a_failure_after_a_verified_check_keeps_the_tier_and_is_stale_not_unverified(
    client: FlaskClient,
) -> None:
    release = make_release(artifacts=THREE[:1])
    record_checks(release, {Pillar.WEIGHTS: OPEN})
    record_failures(release, {Pillar.WEIGHTS: FailureKind.TIMEOUT})
    body = client.get(f"/api/v1/labs/{release.lab.slug}/releases/{release.slug}").json
    assert (body["tier"]["letter"], body["status"], body["stale"]) == ("C", "verified", True)
    badge = client.get(f"/badges/{release.lab.slug}/{release.slug}.json").json
    assert badge["message"] == "tier C · open weights · check failed"


# ---- lists ---------------------------------------------------------------------------------


@pytest.fixture
def mixed(app: Flask) -> dict[str, Release]:
    lab = make_lab(slug="mixed")
    rows = {
        "open": make_release(lab, slug="open", name="Open", artifacts=THREE[:1]),
        "closed": make_release(lab, slug="closed", name="Closed", artifacts=[]),
        "failed": make_release(lab, slug="failed", name="Failed", artifacts=THREE[:1]),
        "fresh": make_release(lab, slug="fresh", name="Fresh", artifacts=THREE[:1]),
    }
    record_checks(rows["open"], {Pillar.WEIGHTS: OPEN})
    record_failures(rows["failed"], {Pillar.WEIGHTS: FailureKind.TIMEOUT})
    return rows


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["open", "closed", "failed", "fresh"]),  # score: unverified last, not as zeros
        ("?status=unverified", ["failed", "fresh"]),
        ("?status=verified", ["open", "closed"]),
        ("?tier=E", ["closed"]),  # an unverified release is in no tier
        ("?status=unverified&sort=name", ["failed", "fresh"]),
    ],
)
def test_lists_filter_by_status_and_sort_unverified_last(
    client: FlaskClient, mixed: dict[str, Release], query: str, expected: list[str]
) -> None:
    sep = "&" if query else "?"
    assert [r["slug"] for r in client.get(f"/api/v1/releases{query}{sep}lab=mixed").json] == (
        expected
    )


def test_an_unknown_status_is_a_422_naming_the_field(client: FlaskClient) -> None:
    reply = client.get("/api/v1/releases?status=closed")
    assert reply.status_code == 422
    assert reply.json["errors"]["query"]["status"] == ["Use one of: verified, unverified."]


def test_release_list_page_filters_by_status_and_shows_unverified(
    client: FlaskClient, mixed: dict[str, Release]
) -> None:
    page = text(client, "/releases?lab=mixed&status=unverified")
    assert "Failed" in page and "Fresh" in page and ">Open<" not in page
    assert page.count("chip tier tier-unverified") == 2
    assert '<option value="unverified" selected>' in page
    bad = text(client, "/releases?status=bogus")
    assert 'id="f-status-error"' in bad


def test_lab_score_is_the_mean_over_verified_releases_with_coverage(
    client: FlaskClient, mixed: dict[str, Release]
) -> None:
    body = client.get("/api/v1/labs/mixed").json
    # open (33) and closed (0) are verified: (33 + 0) / 2 = 16.5, halves up
    assert (body["score"], body["verified_release_count"], body["release_count"]) == (17, 2, 4)
    assert body["status"] == "verified"
    page = text(client, "/labs/mixed")
    assert "2 of 4 releases verified" in page
    assert re.search(r'<rect class="fill-unverified" x="50.00" y="0" width="50.00"', page)
    assert "2 of 4 releases verified" in text(client, "/")
    badge = client.get("/badges/mixed.json").json["message"]
    assert badge == "17/100 · 0% tier A · 2/4 verified"


# ---- history and feed ----------------------------------------------------------------------


def test_history_and_feed_say_first_verified_then_no_longer_then_verified_again(
    client: FlaskClient,
) -> None:
    lab = make_lab(slug="again", name="Again")
    release = make_release(lab, slug="rel", name="Rel", artifacts=THREE[:1])
    record_checks(release, {Pillar.WEIGHTS: OPEN})
    # The lab replaces its weights: the new claim is unverified until checked.
    replace_artifacts(SYSTEM, "again", "rel",
                      [{**THREE[0], "locator": "org/other-model"}])  # fmt: skip
    record_checks(release, {Pillar.WEIGHTS: OPEN})
    entries = client.get("/api/v1/labs/again/releases/rel/history").json["entries"]
    assert [(e["kind"], e["summary"]) for e in entries] == [
        ("verified_again", "verified again: tier C, score 33"),
        ("unverified", "no longer verified (was tier C)"),
        ("first_verified", "first verified: tier C, score 33"),
        ("unverified", "not yet verified"),
    ]
    titles = re.findall(r"<title>([^<]*)</title>", text(client, "/feeds/labs/again.atom"))
    assert [t for t in titles if t.startswith("Rel ")] == [
        "Rel (Again): verified again: tier C, score 33",
        "Rel (Again): no longer verified (was tier C)",
        "Rel (Again): first verified: tier C, score 33",
        "Rel (Again): not yet verified",
    ]
    lab_kinds = [e["kind"] for e in client.get("/api/v1/labs/again/history").json["entries"]]
    assert lab_kinds == ["verified_again", "unverified", "first_verified", "unverified"]
    page = text(client, "/labs/again/rel")
    assert "first verified: tier C, score 33" in page and "verified again" in page


def test_many_first_verifications_are_one_entry_each_never_a_change_from_e(
    client: FlaskClient,
) -> None:
    lab = make_lab(slug="many", name="Many")
    releases = [make_release(lab, name=f"R{i}", artifacts=THREE[:1]) for i in range(5)]
    for release in releases:
        record_failures(release, {Pillar.WEIGHTS: FailureKind.TIMEOUT})
    for release in releases:
        record_checks(release, {Pillar.WEIGHTS: OPEN})
    titles = re.findall(r"<title>([^<]*)</title>", text(client, "/feeds/labs/many.atom"))
    for i in range(5):
        mine = [t for t in titles if t.startswith(f"R{i} (")]
        assert mine == [f"R{i} (Many): first verified: tier C, score 33",
                        f"R{i} (Many): not yet verified"]  # fmt: skip
    assert not any("E →" in t or "tier E" in t for t in titles)


# ---- words: the standard, the CLI, the API docs --------------------------------------------


def test_the_standard_explains_unverified_and_shows_the_doubts_table(client: FlaskClient) -> None:
    page = text(client, "/about/standard")
    assert 'id="unverified-releases"' in page and "no tier and no score" in page
    assert "could not reach &lt;endpoint&gt; (timeout)" in page
    for rule in DOUBT_RULES.values():
        row = re.search(rf'<tr id="doubt-{rule.id.value}">(.*?)</tr>', page, re.S)
        assert row is not None, rule.id
        assert f"verdict-{rule.ceiling.value}" in row.group(1)
        assert rule.meaning.split(";")[0].replace("'", "&#39;") in row.group(1)


def test_the_cli_summary_shows_no_tier_and_no_score_for_an_unverified_release(
    app: Flask, runner: FlaskCliRunner
) -> None:
    # Nothing listens on a port just bound and closed: the real adapter is refused.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config.update(REGISTRY_HUB_ENDPOINT=f"http://127.0.0.1:{port}", REGISTRY_CHECK_RETRIES=0,
                      REGISTRY_ALLOW_HOSTS=["127.0.0.1"])  # fmt: skip
    release = make_release(artifacts=THREE[:1])
    name = f"{release.lab.slug}/{release.slug}"
    result = runner.invoke(args=["registry", "check", name])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith(name))
    assert row.split()[1:5] == ["COMPLETED", "–", "–", "unverified"]


def test_the_openapi_spec_documents_nullable_tier_score_and_the_status_enum(
    client: FlaskClient,
) -> None:
    schemas = client.get("/api/openapi.json").json["components"]["schemas"]
    summary = schemas["ReleaseSummary"]["properties"]
    assert summary["score"]["nullable"] is True
    # The null branch allows null and nothing else (issue #14: the spec tells the truth).
    assert {"type": "object", "nullable": True, "enum": [None]} in summary["tier"]["anyOf"]
    assert summary["status"]["enum"] == ["verified", "unverified"]
    assert summary["status_reason"]["nullable"] is True
    lab = schemas["LabOut"]["properties"]
    assert lab["score"]["nullable"] is True and lab["verified_release_count"]["type"] == "integer"
    entry = schemas["ReleaseHistoryEntry"]["properties"]
    assert entry["kind"]["enum"] == ["first_verified", "verified_again", "unverified", "change"]
    assert entry["tier"]["nullable"] is True and entry["score"]["nullable"] is True
    assert schemas["CheckProgress"]["properties"]["tier"]["nullable"] is True
