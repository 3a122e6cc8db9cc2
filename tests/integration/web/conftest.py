"""Web fixtures: accounts, a real sign-in through the form, CSRF tokens read from pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import CheckRun, Evidence, LabMember, Release, User, utcnow
from app.services import accounts
from app.services.scores import rescore_lab, rescore_release

PASSWORD = "correct horse battery staple"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def app_overrides() -> dict[str, object]:
    """Record check runs only: the web tests never run a checker."""
    return {"REGISTRY_CHECK_EXECUTOR": "manual"}


@pytest.fixture
def dispatched(app: Flask) -> list[int]:
    """Record the ids of check runs handed to the executor instead of running them."""
    runs: list[int] = []
    app.extensions["registry.dispatch"] = lambda run_id, delay_s=0.0: runs.append(run_id)
    return runs


def csrf_token(page: TestResponse) -> str:
    """Return the CSRF token a rendered form carries."""
    match = CSRF_RE.search(page.get_data(as_text=True))
    assert match is not None, "the page has no CSRF token"
    return match.group(1)


def post_form(
    client: FlaskClient, url: str, data: dict[str, Any], page_url: str | None = None
) -> TestResponse:
    """Open the page holding the form, then post the form with the token it carries."""
    token = csrf_token(client.get(page_url or url))
    return client.post(url, data={"csrf_token": token, **data})


def make_user(email: str = "member@example.org", admin: bool = False) -> User:
    """Create an account with the shared test password."""
    return accounts.create_user({"email": email, "password": PASSWORD, "is_admin": admin})


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    """Sign in through the login form, as a browser would."""
    return post_form(client, "/login", {"email": email, "password": password})


def add_member(user: User, lab_id: int) -> None:
    """Make an account a member of a lab."""
    db.session.add(LabMember(lab_id=lab_id, user_id=user.id))
    db.session.commit()


@pytest.fixture
def member_client(client: FlaskClient) -> Callable[[int | None], FlaskClient]:
    """Return a factory: a client signed in as an account that is a member of a lab."""

    def factory(lab_id: int | None = None, email: str = "member@example.org") -> FlaskClient:
        user = make_user(email)
        if lab_id is not None:
            add_member(user, lab_id)
        assert sign_in(client, email).status_code == 302
        return client

    return factory


def record_check(release: Release, verdict: str = "open", **evidence: Any) -> CheckRun:
    """Record a completed run with one piece of evidence per artifact, as a checker would."""
    now = utcnow()
    run = CheckRun(
        release_id=release.id, state="COMPLETED", trigger="manual", attempts=1, started_at=now,
        finished_at=now, artifacts_total=len(release.artifacts),
        artifacts_done=len(release.artifacts),
    )
    db.session.add(run)
    db.session.flush()
    for artifact in release.artifacts:
        values: dict[str, Any] = {
            "check_run_id": run.id, "artifact_id": artifact.id, "pillar": artifact.pillar,
            "checker_id": f"{artifact.pillar}-checker", "checker_version": "1.0.0",
            "verdict": verdict, "reasons": ["The licence apache-2.0 is open for weights."],
            "endpoint": "http://127.0.0.1:9/hub", "locator": artifact.locator,
            "revision": "0123456789abcdef0123456789abcdef01234567",
            "files": [{"path": "model.safetensors", "size": 14_000_000_000},
                      {"path": "config.json", "size": 612}],
            "file_count": 2, "total_size": 14_000_000_612,
            "licences": [{"expression": "Apache-2.0", "source": "model card metadata",
                          "licence_class": "open"}],
            "facts": {"gated": False}, "checked_at": now, "duration_s": 0.4,
        }
        values.update(evidence)
        row = Evidence(**values)
        db.session.add(row)
        db.session.flush()
        artifact.verdict = verdict
        artifact.good_evidence_id = row.id
    release.last_checked_at = now
    rescore_release(release, run)
    rescore_lab(release.lab, run)
    db.session.commit()
    return run
