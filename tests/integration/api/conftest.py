"""API fixtures: tokens per scope, a recorder in place of the check dispatcher, run factories."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from app.extensions import db
from app.models import CheckRun, Evidence, Release, utcnow
from tests.factories import bearer, make_account, make_token

Headers = dict[str, str]


@pytest.fixture
def dispatched(app: Flask) -> list[int]:
    """Record the ids of check runs handed to the executor instead of running them."""
    runs: list[int] = []
    app.extensions["registry.dispatch"] = lambda run_id, delay_s=0.0: runs.append(run_id)
    return runs


@pytest.fixture
def submit_auth(app: Flask, dispatched: list[int]) -> Headers:
    """Return headers carrying a submit-scope token of an administrator's account.

    It may edit every lab the tests make (an administrator's account may) but, being
    submit-scoped, deletes nothing; tests/integration/api/test_token_scopes.py covers
    members' tokens lab by lab.
    """
    owner = make_account("ci@example.org", admin=True)
    return bearer(make_token(owner, "submit", name="ci"))


@pytest.fixture
def admin_auth(app: Flask, dispatched: list[int]) -> Headers:
    """Return headers carrying an admin-scope token of an administrator's account."""
    owner = make_account("ops@example.org", admin=True)
    return bearer(make_token(owner, "admin", name="ops"))


def artifact(pillar: str = "weights", **overrides: Any) -> dict[str, Any]:
    """Return a valid artifact body for a pillar."""
    defaults: dict[str, dict[str, Any]] = {
        "weights": {"kind": "hf_model", "locator": "org/model-7b",
                    "declared_licence": "apache-2.0"},
        "code": {"kind": "git", "locator": "https://github.com/org/train",
                 "declared_licence": "Apache-2.0", "entrypoint": "scripts/train.py"},
        "data": {"kind": "hf_dataset", "locator": "org/corpus", "declared_licence": "odc-by"},
    }
    return {"pillar": pillar, **defaults[pillar], **overrides}


def release_body(slug: str = "model-7b", **overrides: Any) -> dict[str, Any]:
    """Return a valid release body with one artifact per pillar."""
    body: dict[str, Any] = {
        "slug": slug,
        "name": "Model 7B",
        "released_on": "2024-02",
        "announced_as_open": True,
        "paper_url": "https://arxiv.org/abs/2402.00838",
        "artifacts": [artifact("weights"), artifact("code"), artifact("data")],
    }
    body.update(overrides)
    return body


@pytest.fixture
def make_run() -> Callable[..., CheckRun]:
    """Return a factory of completed check runs with one piece of evidence per artifact."""

    def factory(release: Release, verdict: str = "open") -> CheckRun:
        now = utcnow()
        run = CheckRun(
            release_id=release.id, state="COMPLETED", trigger="manual", attempts=1,
            started_at=now, finished_at=now, artifacts_total=len(release.artifacts),
            artifacts_done=len(release.artifacts),
        )
        db.session.add(run)
        db.session.flush()
        for item in release.artifacts:
            db.session.add(Evidence(
                check_run_id=run.id, artifact_id=item.id, pillar=item.pillar,
                checker_id=f"{item.pillar}-checker", checker_version="1", verdict=verdict,
                reasons=["licence apache-2.0 is open"], endpoint="http://127.0.0.1:1",
                locator=item.locator, revision="abc123", files=[{"path": "a.bin", "size": 3}],
                file_count=1, total_size=3,
                licences=[{"expression": "Apache-2.0", "source": "card", "licence_class": "open"}],
                facts={"gated": False}, checked_at=now, duration_s=0.5,
            ))
        db.session.commit()
        return run

    return factory


@pytest.fixture
def live_api(app: Flask) -> Iterator[str]:
    """Serve the app on 127.0.0.1 from a thread; return its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-api", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()
