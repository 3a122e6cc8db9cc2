"""Atom change feeds: valid Atom (parsed back), newest first, global and per lab."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # parsing our own output

from flask.testing import FlaskClient

from registry.model import Pillar, Verdict
from tests.factories import make_lab, make_release
from tests.integration.interop.conftest import record_checks

ATOM = "{http://www.w3.org/2005/Atom}"
OPEN = (Verdict.OPEN, "Found the weight files.", "apache-2.0")
GATED = (Verdict.RESTRICTED, "The repository is gated.", "apache-2.0")


def parse(reply_body: bytes) -> ET.Element:
    root = ET.fromstring(reply_body)  # noqa: S314  # our own feed
    assert root.tag == f"{ATOM}feed"
    return root


def text(element: ET.Element, tag: str) -> str:
    found = element.find(f"{ATOM}{tag}")
    assert found is not None and found.text, f"missing atom:{tag}"
    return found.text


def assert_valid_atom(feed: ET.Element) -> None:
    """RFC 4287: a feed has id, title, updated and an author; each entry id, title, updated."""
    for tag in ("id", "title", "updated"):
        text(feed, tag)
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    assert any(link.get("rel") == "self" for link in feed.findall(f"{ATOM}link"))
    ids = [text(entry, "id") for entry in feed.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids)), "entry ids are unique"
    for entry in feed.findall(f"{ATOM}entry"):
        for tag in ("title", "updated", "summary"):
            text(entry, tag)
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("rel", "alternate") == "alternate"  # the default


def titles(feed: ET.Element) -> list[str]:
    return [text(entry, "title") for entry in feed.findall(f"{ATOM}entry")]


def test_the_change_feed_lists_verdict_tier_and_score_changes(client: FlaskClient) -> None:
    lab = make_lab(slug="kyutai", name="Kyutai")
    release = make_release(lab, slug="helium", name="Helium 2B")
    record_checks(release, {Pillar.WEIGHTS: GATED})
    record_checks(release, {Pillar.WEIGHTS: OPEN})
    reply = client.get("/feeds/changes.atom")
    assert reply.status_code == 200
    assert reply.content_type == "application/atom+xml; charset=utf-8"
    feed = parse(reply.data)
    assert_valid_atom(feed)
    found = titles(feed)
    # Added unverified, then verified for the first time (not a move from E/0), then changed.
    assert [t for t in found if t.startswith("Helium")] == [
        "Helium 2B (Kyutai): tier D → C; score 17 → 33; weights restricted → open",
        "Helium 2B (Kyutai): first verified: tier D, score 17",
        "Helium 2B (Kyutai): not yet verified",
    ]
    assert [t for t in found if t.startswith("Kyutai")] == [
        "Kyutai: lab score 17 → 33; tier C releases 0 → 1; tier D releases 1 → 0",
        "Kyutai: first verified: lab score 17 over 1 verified release",
        "Kyutai: not yet verified: no score until one of its releases is",
    ]
    times = [text(entry, "updated") for entry in feed.findall(f"{ATOM}entry")]
    assert times == sorted(times, reverse=True), "newest first"
    helium = next(e for e in feed.findall(f"{ATOM}entry") if text(e, "title").startswith("Helium"))
    link = helium.find(f"{ATOM}link")
    assert link is not None and link.get("href") == "http://localhost/labs/kyutai/helium"
    assert text(helium, "summary").startswith(
        "Tier D → C. Tier C (Open weights): Weights are open."
    )


def test_a_lab_feed_holds_only_that_lab(client: FlaskClient) -> None:
    mine = make_release(make_lab(slug="mine", name="Mine"), name="Ours")
    make_release(make_lab(slug="theirs", name="Theirs"), name="Theirs 1")
    record_checks(mine, {Pillar.WEIGHTS: OPEN})
    feed = parse(client.get("/feeds/labs/mine.atom").data)
    assert_valid_atom(feed)
    assert text(feed, "title") == "Openness Registry: Mine"
    assert all(t.startswith(("Mine:", "Ours (Mine):")) for t in titles(feed))
    assert len(titles(feed)) == 4


def test_an_empty_registry_has_a_valid_empty_feed(client: FlaskClient) -> None:
    feed = parse(client.get("/feeds/changes.atom").data)
    assert_valid_atom(feed)
    assert titles(feed) == []


def test_an_unknown_lab_has_no_feed(client: FlaskClient) -> None:
    assert client.get("/feeds/labs/nobody.atom").status_code == 404
