"""Interop fixtures: sample files, recorded check runs, a signed-in admin."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import CheckRun, Lab, Release, utcnow
from app.services import accounts
from app.services.evidence import finish_release, record_result
from registry.model import (
    ArtifactKind,
    ArtifactRef,
    CheckResult,
    Evidence,
    FileFound,
    LicenceClass,
    LicenceFinding,
    Pillar,
    Verdict,
)

DATA = Path(__file__).resolve().parents[2] / "data"
MOF_SAMPLES = DATA / "mof"
OSAI_SAMPLES = DATA / "osai"
PASSWORD = "correct horse battery staple"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

Outcome = tuple[Verdict, str, str | None]  # verdict, reason, licence found


@pytest.fixture
def app_overrides() -> dict[str, object]:
    """Record check runs only: these tests never run a checker against the network."""
    return {"REGISTRY_CHECK_EXECUTOR": "manual"}


@pytest.fixture
def dispatched(app: Flask) -> list[int]:
    """Record the ids of check runs handed to the executor instead of running them."""
    runs: list[int] = []
    app.extensions["registry.dispatch"] = lambda run_id, delay_s=0.0: runs.append(run_id)
    return runs


def release(lab: str, slug: str) -> Release:
    row = db.session.scalar(
        select(Release).join(Release.lab).where(Lab.slug == lab, Release.slug == slug)
    )
    assert row is not None, f"{lab}/{slug} was not imported"
    return row


def count(model: object) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


def record_checks(release: Release, outcomes: Mapping[Pillar, Outcome]) -> CheckRun:
    """Record a completed run as the runner does: one checker result per artifact."""
    now = utcnow()
    run = CheckRun(
        release_id=release.id, state="COMPLETED", trigger="manual", attempts=1, started_at=now,
        finished_at=now, artifacts_total=len(release.artifacts),
        artifacts_done=len(release.artifacts),
    )  # fmt: skip
    db.session.add(run)
    db.session.flush()
    for artifact in release.artifacts:
        verdict, reason, licence = outcomes[Pillar(artifact.pillar)]
        record_result(run.id, artifact, _result(artifact, verdict, reason, licence, now), {})
    finish_release(release, run, now)
    db.session.commit()
    return run


def _result(
    artifact: object, verdict: Verdict, reason: str, licence: str | None, now: object
) -> CheckResult:
    ref = ArtifactRef(
        Pillar(artifact.pillar),
        ArtifactKind(artifact.kind),
        artifact.locator,  # type: ignore[attr-defined]
    )
    cls = LicenceClass.OPEN if verdict is Verdict.OPEN else LicenceClass.RESTRICTED
    findings = (LicenceFinding(licence, "LICENSE file", cls),) if licence else ()
    evidence = Evidence(
        checker_id=ref.pillar.value, checker_version="1.0.0", endpoint="http://127.0.0.1:9",
        locator=ref.locator, checked_at=now, revision="0" * 40,  # type: ignore[arg-type]
        files=(FileFound("model.safetensors", 1024),), total_size=1024, licences=findings,
    )  # fmt: skip
    return CheckResult(ref, verdict, (reason,), evidence)


def sign_in_admin(client: FlaskClient, email: str = "admin@example.org") -> FlaskClient:
    """Create an administrator and sign in through the login form."""
    accounts.create_user({"email": email, "password": PASSWORD, "is_admin": True})
    page = client.get("/login")
    token = CSRF_RE.search(page.get_data(as_text=True))
    assert token is not None
    reply = client.post(
        "/login", data={"csrf_token": token.group(1), "email": email, "password": PASSWORD}
    )
    assert reply.status_code == 302
    return client


def csrf_of(client: FlaskClient, url: str) -> str:
    """Return the CSRF token of the form a page carries."""
    match = CSRF_RE.search(client.get(url).get_data(as_text=True))
    assert match is not None, f"{url} has no CSRF token"
    return match.group(1)
