"""50 concurrent submissions of one release on PostgreSQL: one 201, 49 409s, one row.

The database's unique constraint decides, not a check-then-insert: every request passes
the "does it exist?" stage before any has committed, and only the constraint can stop them.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import Artifact, CheckRun, Release
from tests.factories import make_lab
from tests.integration.api.conftest import Headers, release_body

SUBMISSIONS = 50


@pytest.fixture
def backend() -> str:
    """Only PostgreSQL: SQLite serialises writers, so it cannot show the race."""
    return "postgresql"


@pytest.fixture
def app_overrides() -> dict[str, object]:
    return {"REGISTRY_API_WRITE_RATE_LIMIT": "1000 per minute"}


def test_concurrent_creations_of_one_release_make_exactly_one(
    app: Flask, submit_auth: Headers, dispatched: list[int]
) -> None:
    make_lab(slug="alpha")
    start = threading.Barrier(SUBMISSIONS)

    def submit(_: int) -> tuple[int, Any]:
        client = app.test_client()
        start.wait()
        response = client.post("/api/v1/labs/alpha/releases", json=release_body(),
                               headers=submit_auth)
        return response.status_code, response.json

    with ThreadPoolExecutor(max_workers=SUBMISSIONS) as pool:
        results = list(pool.map(submit, range(SUBMISSIONS)))

    assert Counter(status for status, _ in results) == {201: 1, 409: SUBMISSIONS - 1}
    conflict = next(body for status, body in results if status == 409)
    message = ("A release with this slug already exists in this lab: "
               "/api/v1/labs/alpha/releases/model-7b")
    assert conflict == {
        "code": 409, "status": "Conflict", "message": message,
        "errors": {"json": {"slug": [message]}},
    }
    db.session.expire_all()

    def rows(model: type) -> int:
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)

    assert (rows(Release), rows(Artifact), rows(CheckRun)) == (1, 3, 1)
    assert len(dispatched) == 1
