"""The first hour: a Hub probe at start-up with a banner until a check succeeds; first checks
at once (never spread over the sweep interval); offline start-up re-checks what failed; pages
show how many releases are checked."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from app.cli.checks import start_serving_checks
from app.extensions import db
from app.hub_status import hub_unreachable, probe
from app.models import CheckRun, Release, utcnow
from app.services.check_progress import catalogue_progress
from app.services.checks import create_run
from app.tasks.schedule import check_unverified_now, sweep
from registry.standard import HUB_UNREACHABLE_BANNER
from standins import StandIns
from tests.factories import make_lab
from tests.integration.jobs.support import model_release, run_once
from tests.integration.jobs.test_schedule import RecordingExecutor

# The discard port on loopback: nothing listens, so a connection is refused at once.
NOWHERE = "http://127.0.0.1:9"


@pytest.fixture
def executor(app: Flask) -> RecordingExecutor:
    recorder = RecordingExecutor()
    app.extensions["registry.executor"] = recorder
    app.extensions["registry.dispatch"] = recorder.dispatch
    return recorder


def failed(release: Release) -> None:
    db.session.execute(
        update(Release).where(Release.id == release.id)
        .values(last_checked_at=utcnow() - timedelta(hours=1), last_check_failed=True)
    )
    db.session.commit()


def test_first_checks_all_start_now_whatever_the_sweep_interval(
    app: Flask, executor: RecordingExecutor
) -> None:
    app.config["REGISTRY_SWEEP_EVERY_SECONDS"] = 300
    lab = make_lab()
    releases = [model_release(lab) for _ in range(30)]
    report = sweep()
    assert len(report.scheduled) == len(releases)
    assert {delay for _, delay in executor.dispatched} == {0.0}  # nothing waits on the interval
    runs = [db.session.get_one(CheckRun, run_id) for run_id in report.scheduled]
    assert [r.release_id for r in runs] == [r.id for r in releases]  # in catalogue order


def test_offline_start_up_rechecks_the_failed_and_never_checked_first_checks_first(
    app: Flask, executor: RecordingExecutor
) -> None:
    lab = make_lab()
    checked_fine, failed_one, never = (model_release(lab) for _ in range(3))
    run_once(checked_fine)
    failed(failed_one)
    started = check_unverified_now(include_failed=True)
    runs = [db.session.get_one(CheckRun, run_id) for run_id in started]
    assert [r.release_id for r in runs] == [never.id, failed_one.id]
    assert {delay for _, delay in executor.dispatched[-2:]} == {0.0}
    # Online, a failed release waits for its re-check; only the never-checked go now, once.
    assert check_unverified_now(include_failed=False) == []


def test_an_unreachable_hub_is_logged_once_and_bannered_until_a_check_succeeds(
    app: Flask, client: FlaskClient, world: StandIns, caplog: pytest.LogCaptureFixture
) -> None:
    release = model_release()
    checked_hub = app.config["REGISTRY_HUB_ENDPOINT"]
    app.config["REGISTRY_HUB_ENDPOINT"] = NOWHERE
    with caplog.at_level(logging.WARNING, logger="app.hub_status"):
        status = probe(app)
    assert not status.probe.reachable
    lines = [r.getMessage() for r in caplog.records if r.name == "app.hub_status"]
    assert len(lines) == 1 and NOWHERE in lines[0] and "bin/serve --offline" in lines[0]
    for path in ("/", "/releases", "/about/standard", f"/labs/{release.lab.slug}"):
        assert HUB_UNREACHABLE_BANNER in client.get(path).get_data(as_text=True), path
    health = client.get("/healthz").get_json()
    assert (health["status"], health["hub"]) == ("degraded", "unreachable")

    app.config["REGISTRY_HUB_ENDPOINT"] = checked_hub  # the network is back
    run, _ = run_once(release)
    assert run.state == "COMPLETED"
    assert not hub_unreachable(app)
    assert HUB_UNREACHABLE_BANNER not in client.get("/").get_data(as_text=True)
    assert client.get("/healthz").get_json()["hub"] == "ok"


def test_a_reachable_hub_shows_no_banner(app: Flask, client: FlaskClient, world: StandIns) -> None:
    assert probe(app).probe.reachable  # the stand-in answers "not found": it is there
    assert HUB_UNREACHABLE_BANNER not in client.get("/").get_data(as_text=True)


def test_pages_show_how_many_releases_are_checked(
    app: Flask, client: FlaskClient, world: StandIns
) -> None:
    lab = make_lab()
    done, waiting, never = (model_release(lab) for _ in range(3))
    run_once(done)
    create_run(waiting, "schedule")
    create_run(never, "schedule")
    progress = catalogue_progress()
    assert progress is not None and (progress.checked, progress.total) == (1, 3)
    assert "1 of 3 releases checked" in client.get("/").get_data(as_text=True)


def test_no_progress_line_when_nothing_runs(app: Flask, client: FlaskClient, world: StandIns) -> None:
    run_once(model_release())
    assert catalogue_progress() is None
    assert "releases checked" not in client.get("/").get_data(as_text=True)


def test_serve_start_up_probes_and_starts_every_first_check(
    app: Flask, executor: RecordingExecutor, capsys: pytest.CaptureFixture[str]
) -> None:
    lab = make_lab()
    for _ in range(3):
        model_release(lab)
    start_serving_checks(offline=False)
    assert "Checking 3 release(s) now" in capsys.readouterr().out
    assert len(executor.dispatched) == 3 and {d for _, d in executor.dispatched} == {0.0}
