"""The interop routes run a constant number of SQL statements, whatever the row count."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Claim, Release
from tests.integration.test_query_counts import build_catalogue, counted_statements

ROUTES = [
    "/labs/{lab}/{release}",
    "/api/v1/labs/{lab}/releases/{release}/frameworks",
    "/api/v1/labs/{lab}/releases/{release}/mof.yaml",
    "/api/v1/labs/{lab}/releases/{release}/aibom.cdx.json",
    "/feeds/changes.atom",
    "/feeds/labs/{lab}.atom",
    "/api/v1/export.json",
    "/api/v1/export.csv?table=evidence",
]


def with_claims(lab: str, release: str) -> tuple[str, str]:
    """Give every release a MOF claim, so the comparison reads one."""
    for row in db.session.query(Release):
        document = {
            "framework": {"name": "Model Openness Framework", "version": "1.0",
                          "date": "2024-12-15"},
            "release": {"name": row.name, "producer": "Lab", "license": {},
                        "components": [{"name": "Datasets", "license": "MIT"}]},
        }  # fmt: skip
        db.session.add(Claim(lab_id=row.lab_id, release_id=row.id, source="mof",
                             payload={"document": document}))  # fmt: skip
    db.session.commit()
    return lab, release


def statements(client: FlaskClient, lab: str, release: str) -> dict[str, int]:
    counts = {}
    for route in ROUTES:
        url = route.format(lab=lab, release=release)
        # A fresh identity map, as a new request in production has: no row is loaded yet.
        db.session.expunge_all()
        with counted_statements() as seen:
            reply = client.get(url)
        assert reply.status_code == 200, (url, reply.status_code)
        counts[route] = len(seen)
    return counts


def test_statement_counts_do_not_grow_with_rows(app: Flask, client: FlaskClient) -> None:
    small = statements(client, *with_claims(*build_catalogue(2)))
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    large = statements(client, *with_claims(*build_catalogue(4)))
    grown = {
        route: (small[route], large[route]) for route in ROUTES if large[route] != small[route]
    }
    assert grown == {}, grown
