"""Every list and detail route runs a constant number of SQL statements, whatever the row count.

Each route is requested against a catalogue of a few rows and again against one several
times larger; the statement counts must be equal (no N+1 queries).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from app.extensions import db
from app.models import Artifact, CheckRun, Evidence, Lab, ScoreSnapshot
from tests.factories import make_lab, make_release

NOW = datetime(2026, 11, 1, tzinfo=UTC)
ROUTES = [
    "/",
    "/releases",
    "/labs/{lab}",
    "/labs/{lab}/{release}",
    "/labs/{lab}/history.svg",
    "/labs/{lab}/{release}/history.svg",
    "/api/v1/labs",
    "/api/v1/labs/{lab}",
    "/api/v1/releases",
    "/api/v1/labs/{lab}/releases",
    "/api/v1/labs/{lab}/releases/{release}",
    "/api/v1/labs/{lab}/releases/{release}/checks",
    "/api/v1/labs/{lab}/releases/{release}/checks/latest",
    "/api/v1/labs/{lab}/releases/{release}/history",
    "/api/v1/labs/{lab}/history",
    "/badges/{lab}.svg",
    "/badges/{lab}/{release}.svg",
    "/badges/{lab}/{release}/weights.json",
]


@contextmanager
def counted_statements() -> Iterator[list[str]]:
    """Collect every SQL statement the app runs inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def build_catalogue(size: int) -> tuple[str, str]:
    """Create `size` labs with `size` releases each, every release with checked artifacts."""
    first: tuple[str, str] | None = None
    for _ in range(size):
        lab = make_lab()
        for _ in range(size):
            release = make_release(
                lab,
                artifacts=[
                    {"pillar": "weights", "kind": "hf_model", "locator": "org/model"},
                    {"pillar": "code", "kind": "git", "locator": "https://github.com/org/code"},
                ],
            )
            add_checked_history(release.id, size)
            first = first or (lab.slug, release.slug)
    assert first is not None
    return first


def add_checked_history(release_id: int, runs: int) -> None:
    artifacts = db.session.query(Artifact).filter_by(release_id=release_id).all()
    for index in range(runs):
        run = CheckRun(release_id=release_id, state="COMPLETED", created_at=NOW, finished_at=NOW,
                       artifacts_total=len(artifacts), artifacts_done=len(artifacts))
        db.session.add(run)
        db.session.flush()
        for artifact in artifacts:
            evidence = Evidence(check_run_id=run.id, artifact_id=artifact.id, pillar=artifact.pillar,
                                checker_id=artifact.pillar, checker_version="1", verdict="open",
                                files=[{"path": "a", "size": 1}], checked_at=NOW)
            db.session.add(evidence)
            db.session.flush()
            artifact.good_evidence_id = evidence.id
            artifact.verdict = "open"
        db.session.add(ScoreSnapshot(release_id=release_id, check_run_id=run.id, created_at=NOW,
                                     score=index, tier="C", verdict_weights="open",
                                     verdict_code="open", verdict_data="absent"))
    db.session.commit()


def statements_per_route(client: FlaskClient, lab: str, release: str) -> dict[str, int]:
    counts = {}
    for route in ROUTES:
        url = route.format(lab=lab, release=release)
        client.get(url)  # warm per-process caches (badges memoise renders)
        with counted_statements() as statements:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[route] = len(statements)
    return counts


def test_statement_counts_do_not_grow_with_rows(app: Flask, client: FlaskClient) -> None:
    small = statements_per_route(client, *build_catalogue(2))
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    large = statements_per_route(client, *build_catalogue(4))
    grown = {route: (small[route], large[route]) for route in ROUTES if large[route] != small[route]}
    assert grown == {}, grown


@pytest.mark.parametrize("route", ["/api/v1/labs", "/api/v1/releases"])
def test_list_routes_have_bounded_statement_counts(app: Flask, client: FlaskClient, route: str) -> None:
    build_catalogue(2)
    with counted_statements() as statements:
        client.get(route)
    assert len(statements) <= 4, statements
    assert db.session.query(Lab).count() == 2
