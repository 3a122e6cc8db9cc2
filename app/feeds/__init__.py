"""Atom feeds of verdict, tier and score changes: for the whole registry and per lab."""

from __future__ import annotations

from datetime import UTC, datetime

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, request

from app.etags import with_etag
from app.services import feeds

bp = Blueprint("feeds", __name__, url_prefix="/feeds")

ATOM_TYPE = "application/atom+xml; charset=utf-8"
# An empty feed still needs an <updated>; the epoch says "nothing has happened yet".
NOTHING_YET = datetime(1970, 1, 1, tzinfo=UTC)


@bp.get("/changes.atom")
@with_etag
def all_changes() -> Response:
    """Serve the newest changes across every lab."""
    entries = feeds.changes()
    return _atom("Openness Registry: changes", "/", entries)


@bp.get("/labs/<slug:lab>.atom")
@with_etag
def lab_changes(lab: str) -> Response:
    """Serve the newest changes of one lab and its releases."""
    found = feeds.lab_changes_feed(lab)
    return _atom(f"Openness Registry: {found.lab_name}", f"/labs/{lab}", list(found.changes))


def _atom(title: str, page: str, entries: list[feeds.Change]) -> Response:
    root = request.url_root.rstrip("/")
    feed = FeedGenerator()
    feed.id(request.base_url)
    feed.title(title)
    feed.subtitle("Verdict, tier and score changes, newest first.")
    feed.author({"name": "Openness Registry"})
    feed.link(href=request.base_url, rel="self", type="application/atom+xml")
    feed.link(href=root + page, rel="alternate", type="text/html")
    feed.updated(feeds.newest(entries) or NOTHING_YET)
    for change in entries:
        entry = feed.add_entry(order="append")
        entry.id(change.id)
        entry.title(change.title)
        entry.summary(change.summary)
        entry.link(href=root + change.path, rel="alternate", type="text/html")
        entry.updated(change.updated)
        entry.published(change.updated)
    body = feed.atom_str(pretty=True)
    return Response(body, content_type=ATOM_TYPE)
