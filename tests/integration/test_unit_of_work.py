"""One transaction per use case: a submission saves its release, artifacts and run, or nothing.

The failure is forced where the audit saw it, between the release insert and the run
insert: a trigger on each database makes inserting a check run fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select, text

from app.extensions import db
from app.models import Artifact, CheckRun, Lab, Release
from app.services import catalogue, checks
from app.services.errors import Conflict
from app.services.identity import SYSTEM
from app.services.unit_of_work import after_commit, in_unit_of_work, unit_of_work
from schemas.release import ReleaseInSchema
from tests.factories import make_account, make_lab, make_release, make_token
from tests.integration.api.conftest import release_body

# The trigger that makes every check-run insert fail, per backend.
FAILING_RUN_INSERT = {
    "postgresql": [
        "CREATE FUNCTION forced_run_failure() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'forced failure: no check run today'; END $$",
        "CREATE TRIGGER forced_run_failure BEFORE INSERT ON check_run "
        "FOR EACH ROW EXECUTE FUNCTION forced_run_failure()",
    ],
    "sqlite": [
        "CREATE TRIGGER forced_run_failure BEFORE INSERT ON check_run "
        "BEGIN SELECT RAISE(ABORT, 'forced failure: no check run today'); END",
    ],
}
DROP_TRIGGER = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS forced_run_failure ON check_run",
        "DROP FUNCTION IF EXISTS forced_run_failure()",
    ],
    "sqlite": ["DROP TRIGGER IF EXISTS forced_run_failure"],
}


@pytest.fixture
def failing_run_insert(app: Flask, backend: str) -> Iterator[None]:
    """Make every insert into check_run fail until the test ends."""
    with db.engine.begin() as connection:
        for statement in FAILING_RUN_INSERT[backend]:
            connection.execute(text(statement))
    yield
    db.session.rollback()
    with db.engine.begin() as connection:
        for statement in DROP_TRIGGER[backend]:
            connection.execute(text(statement))


def loaded(body: dict[str, Any]) -> dict[str, Any]:
    """Return a request body as the API hands it to the use case: loaded by its schema."""
    return dict(ReleaseInSchema().load(body))


def count(model: type) -> int:
    db.session.expire_all()
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_failed_run_insert_leaves_no_release_and_no_artifacts(
    app: Flask, failing_run_insert: None
) -> None:
    make_lab(slug="alpha")
    with pytest.raises(Exception, match="forced failure"):
        checks.submit_release(SYSTEM, "alpha", loaded(release_body()))
    assert (count(Release), count(Artifact), count(CheckRun)) == (0, 0, 0)
    assert not in_unit_of_work()


def test_the_api_answers_an_error_and_saves_nothing(
    app: Flask, failing_run_insert: None
) -> None:
    lab = make_lab(slug="alpha")
    token = make_token(make_account(labs=(lab,)))
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production, not raise in tests
    client = app.test_client()
    response = client.post("/api/v1/labs/alpha/releases", json=release_body(),
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 500  # a database refusing a valid row is our fault
    assert set(response.json) <= {"code", "status", "message", "errors"}
    assert "Traceback" not in response.get_data(as_text=True)
    assert (count(Release), count(Artifact), count(CheckRun)) == (0, 0, 0)
    lab = db.session.scalar(select(Lab).where(Lab.slug == "alpha"))
    assert lab is not None and lab.release_count == 0  # the lab's rescore went too


def test_replacing_artifacts_with_a_failed_run_insert_keeps_the_old_ones(
    app: Flask, failing_run_insert: None
) -> None:
    release = make_release(make_lab(slug="alpha"), slug="model-7b")
    before = [(a.pillar, a.locator) for a in release.artifacts]
    new = [{"pillar": "code", "kind": "git", "locator": "https://github.com/org/train"}]
    with pytest.raises(Exception, match="forced failure"):
        checks.resubmit_artifacts(SYSTEM, "alpha", "model-7b", new)
    db.session.expire_all()
    kept = db.session.get_one(Release, release.id)
    assert [(a.pillar, a.locator) for a in kept.artifacts] == before
    assert count(CheckRun) == 0


def test_a_submission_commits_once_and_answers_what_it_committed(app: Flask) -> None:
    make_lab(slug="alpha")
    dispatched: list[int] = []
    app.extensions["registry.dispatch"] = lambda run_id, delay_s=0.0: dispatched.append(run_id)
    commits: list[int] = []

    def counted(connection: object) -> None:
        commits.append(1)

    # The engine's commit event: a real COMMIT (a savepoint's RELEASE is not one).
    event.listen(db.engine, "commit", counted)
    try:
        submitted = checks.submit_release(SYSTEM, "alpha", loaded(release_body()))
    finally:
        event.remove(db.engine, "commit", counted)
    assert len(commits) == 1
    assert dispatched == [submitted.run_id]  # handed to the queue once committed
    assert submitted.view.latest_run is not None
    assert submitted.view.latest_run.id == submitted.run_id
    assert submitted.view.latest_run.state == "PENDING"
    assert [a.locator for p in submitted.view.pillars for a in p.artifacts] == [
        "org/model-7b", "https://github.com/org/train", "org/corpus",
    ]


def test_inner_units_join_the_outer_and_after_commit_waits_for_it(app: Flask) -> None:
    ran: list[str] = []
    with unit_of_work():
        lab = catalogue.create_lab(SYSTEM, {"slug": "alpha", "name": "Alpha"})
        after_commit(lambda: ran.append("after"))
        assert ran == []
        assert in_unit_of_work()
    assert ran == ["after"]
    assert count(Lab) == 1 and lab.slug == "alpha"


def test_a_rolled_back_unit_runs_no_after_commit_work(app: Flask) -> None:
    ran: list[str] = []
    with pytest.raises(RuntimeError), unit_of_work():
        catalogue.create_lab(SYSTEM, {"slug": "alpha", "name": "Alpha"})
        after_commit(lambda: ran.append("after"))
        raise RuntimeError("something later failed")
    assert ran == [] and count(Lab) == 0
    with unit_of_work():
        pass
    assert ran == []  # not left over for the next unit either


def test_a_taken_slug_inside_a_larger_unit_is_a_conflict_naming_the_release(
    app: Flask,
) -> None:
    make_release(make_lab(slug="alpha"), slug="model-7b")
    with pytest.raises(Conflict) as raised:
        checks.submit_release(SYSTEM, "alpha", loaded(release_body()))
    assert raised.value.existing == {"lab": "alpha", "release": "model-7b"}
    assert (count(Release), count(CheckRun)) == (1, 0)
