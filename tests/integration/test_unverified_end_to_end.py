"""End to end: a fresh database, the seed catalogue, checks that cannot reach the Hub, then
checks against the stand-ins. No mocks: the real runner and adapters talk to a closed
loopback port (nothing listens, so every request is refused), then to the packaged
stand-ins on 127.0.0.1.

After the failed checks, every reader says "unverified": the release page, the API, the
badge, the lab's score and coverage, and the feed; nothing says tier E or 0/100. After
the checks that succeed, history and feed record one "first verified" entry per release.
"""

from __future__ import annotations

import socket
import xml.etree.ElementTree as ET  # parsing our own feed
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

import standins
from app.badges.design import LIGHTGREY
from app.models import Release
from app.services.rows import get_release
from app.services.seeding import seed_catalogue
from standins import StandIns
from tests.integration.jobs.support import FAST, point_at, run_once

ATOM = "{http://www.w3.org/2005/Atom}"
# Checked here: a lab none of whose releases can be verified, and one with a closed
# release (no weights declared: tier E without a check) beside two that declare weights.
CHECKED = {
    "allenai": ("olmo-7b", "olmo-2-1124-7b"),
    "google": ("t5", "gemma-2-9b", "gemini-1-5-pro"),
}


@pytest.fixture(scope="module")
def served() -> Iterator[StandIns]:
    """The packaged stand-ins, for the checks that succeed."""
    with standins.start() as running:
        yield running


@pytest.fixture(scope="module")
def closed_port() -> Iterator[int]:
    """Yield a loopback port nothing listens on: every connection to it is refused.

    The socket stays bound (never listening) while the tests run, so no server started
    meanwhile, by this worker or another, can be given the same port.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind(("127.0.0.1", 0))
        yield int(held.getsockname()[1])


@pytest.fixture
def app_overrides(served: StandIns, closed_port: int) -> dict[str, object]:
    """Point the Hub, and every public host the catalogue names, at the closed port."""
    nowhere = f"http://127.0.0.1:{closed_port}"
    return {
        **FAST,
        "REGISTRY_CHECK_RETRIES": 0,
        "REGISTRY_HUB_ENDPOINT": nowhere,
        "REGISTRY_URL_REWRITES": {public: f"{nowhere}/" for public in served.rewrites},
        "REGISTRY_ALLOW_HOSTS": ["127.0.0.1"],
    }


def checked_releases() -> list[Release]:
    return [get_release(lab, slug) for lab, slugs in CHECKED.items() for slug in slugs]


def check_all() -> None:
    for release in checked_releases():
        run, _ = run_once(release)
        assert run.state == "COMPLETED", run.error


def feed_titles(client: FlaskClient, path: str = "/feeds/changes.atom") -> list[str]:
    root = ET.fromstring(client.get(path).data)  # noqa: S314  # our own feed
    return [e.findtext(f"{ATOM}title") or "" for e in root.findall(f"{ATOM}entry")]


def release_titles(titles: list[str], name: str) -> list[str]:
    return [t for t in titles if t.startswith(f"{name} (")]


def test_failed_checks_leave_releases_unverified_everywhere_then_first_verified(
    app: Flask, client: FlaskClient, served: StandIns, closed_port: int
) -> None:
    seed_catalogue()
    check_all()
    nowhere = f"http://127.0.0.1:{closed_port}"
    why = f"the last check failed: could not reach {nowhere} (server error or no connection)"

    # The API: no tier, no score, the state and the reason naming the endpoint tried.
    olmo = client.get("/api/v1/labs/allenai/releases/olmo-7b").json
    assert (olmo["tier"], olmo["score"], olmo["status"]) == (None, None, "unverified")
    assert olmo["status_reason"] == why
    assert olmo["stale"] is False  # nothing good to be stale: it never had a verdict
    assert olmo["verdicts"]["weights"] == "unverified"
    assert olmo["last_check_failed"] is True

    # The page: "Not yet verified" and why, never "Tier E · Closed, 0/100".
    page = client.get("/labs/allenai/olmo-7b").get_data(as_text=True)
    summary = page[page.index('class="summary'):page.index("</section>")]
    assert "Not yet verified" in summary and f"could not reach {nowhere}" in summary
    assert "Tier E" not in summary and "/100" not in summary and "Closed" not in summary

    # The badge: a grey "unverified", not "check failed", in SVG and shields JSON.
    badge = client.get("/badges/allenai/olmo-7b.json").json
    assert (badge["message"], badge["color"]) == ("unverified", LIGHTGREY)
    assert b">unverified<" in client.get("/badges/allenai/olmo-7b.svg").data

    # The lab score: a mean over verified releases only, with coverage.
    allenai = client.get("/api/v1/labs/allenai").json
    assert (allenai["score"], allenai["status"]) == (None, "unverified")
    assert (allenai["verified_release_count"], allenai["release_count"]) == (0, 2)
    assert all(t["count"] == 0 for t in allenai["tier_distribution"])
    assert client.get("/badges/allenai.json").json["message"] == "unverified"
    lab_page = client.get("/labs/allenai").get_data(as_text=True)
    assert "Not yet verified" in lab_page and "0 of 2 releases verified" in lab_page
    google = client.get("/api/v1/labs/google").json
    # Gemini declares no weights: closed (E, 0) without a check; the other two are unverified.
    assert (google["score"], google["verified_release_count"], google["release_count"]) == (
        0, 1, 3,
    )
    google_badge = client.get("/badges/google.json").json["message"]
    assert google_badge == "0/100 · 0% tier A · 1/3 verified"
    assert "1 of 3 releases verified" in client.get("/").get_data(as_text=True)

    # Lists: unverified releases say so, and sort after every scored one.
    listed = client.get("/api/v1/releases?lab=google").json
    assert [(r["slug"], r["status"]) for r in listed][0] == ("gemini-1-5-pro", "verified")
    assert {(r["slug"], r["status"]) for r in listed[1:]} == {
        ("gemma-2-9b", "unverified"), ("t5", "unverified"),
    }
    unverified = client.get("/api/v1/releases?status=unverified&page_size=100").json
    assert {r["slug"] for r in unverified} >= {"olmo-7b", "olmo-2-1124-7b", "t5", "gemma-2-9b"}
    assert all(r["tier"] is None and r["score"] is None for r in unverified)

    # The feed: each release was added unverified; no tier E, no "E → ..." anywhere.
    titles = feed_titles(client, "/feeds/labs/allenai.atom")
    assert release_titles(titles, "OLMo 7B") == [
        "OLMo 7B (Allen Institute for AI (Ai2)): not yet verified"
    ]
    assert not any("tier E" in t or "E →" in t for t in titles)
    history = client.get("/api/v1/labs/allenai/releases/olmo-7b/history").json["entries"]
    assert [(e["kind"], e["tier"], e["score"]) for e in history] == [("unverified", None, None)]

    # The same checks against the stand-ins: verified for the first time.
    point_at(app, served)
    check_all()
    olmo = client.get("/api/v1/labs/allenai/releases/olmo-7b").json
    assert (olmo["tier"]["letter"], olmo["score"], olmo["status"]) == ("A", 100, "verified")
    assert olmo["status_reason"] is None
    history = client.get("/api/v1/labs/allenai/releases/olmo-7b/history").json["entries"]
    assert [(e["kind"], e["summary"]) for e in history] == [
        ("first_verified", "first verified: tier A, score 100"),
        ("unverified", "not yet verified"),
    ]
    assert history[0]["changes"][:2] == [
        {"field": "score", "from": None, "to": 100}, {"field": "tier", "from": None, "to": "A"},
    ]
    assert client.get("/badges/allenai/olmo-7b.json").json["message"] == "tier A · open science"
    allenai = client.get("/api/v1/labs/allenai").json
    assert (allenai["score"], allenai["verified_release_count"]) == (100, 2)
    assert client.get("/api/v1/labs/allenai/history").json["entries"][-1]["kind"] == "unverified"
    assert "first verified" in client.get("/labs/allenai/olmo-7b").get_data(as_text=True)

    # The feed: one "first verified" entry per release, never a change from E/0.
    titles = feed_titles(client)
    assert "OLMo 7B (Allen Institute for AI (Ai2)): first verified: tier A, score 100" in titles
    for release in checked_releases():
        mine = release_titles(titles, release.name)
        first = [t for t in mine if ": first verified: tier " in t]
        if release.slug == "gemini-1-5-pro":
            assert first == [f"{release.name} (Google / Google DeepMind): first verified: "
                             "tier E, score 0"], mine  # closed since it was added
        else:
            assert len(first) == 1 and first[0].startswith(f"{release.name} ("), mine
        assert not any("→" in t for t in mine), mine
    assert not any("E →" in t for t in titles)
