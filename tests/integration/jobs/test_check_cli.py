"""`flask registry check|worker|scheduler|sweep`: checks run here, with a summary; offline mode."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from app.extensions import db
from app.models import Evidence
from app.offline import stop_all
from registry.ports import Clients
from standins.pytest_plugin import StandInsFactory
from tests.factories import make_lab
from tests.integration.jobs.support import (
    MODEL,
    hub_only,
    model_manifest,
    model_release,
    point_at,
)


def check(runner: FlaskCliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(args=["registry", "check", *args])
    return result.exit_code, result.output


def test_check_one_release_prints_a_summary(app: Flask, runner: FlaskCliRunner) -> None:
    release = model_release()
    name = f"{release.lab.slug}/{release.slug}"
    code, output = check(runner, name)
    assert code == 0, output
    header, row = (line for line in output.splitlines() if line.startswith(("RELEASE", name)))
    assert header.split() == ["RELEASE", "STATE", "SCORE", "TIER", "WEIGHTS", "CODE", "DATA",
                              "NOTE"]
    assert row.split()[:2] == [name, "COMPLETED"]
    assert row.split()[4] == "open"
    assert "1 release(s) checked, 0 run(s) in error." in output


def test_check_a_lab_or_everything(app: Flask, runner: FlaskCliRunner) -> None:
    lab = make_lab()
    first, second = model_release(lab), model_release(lab)
    other = model_release()
    code, output = check(runner, lab.slug)
    assert code == 0, output
    assert f"{lab.slug}/{first.slug}" in output and f"{lab.slug}/{second.slug}" in output
    assert other.slug not in output
    code, output = check(runner, "--all")
    assert code == 0, output
    assert "3 release(s) checked" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Name LAB or LAB/RELEASE, or pass --all"),
        (("some-lab", "--all"), "Name LAB or LAB/RELEASE, or pass --all"),
        (("no-such-lab",), "No lab 'no-such-lab'"),
        (("no-such-lab/no-such-release",), "No release 'no-such-release'"),
    ],
)
def test_check_explains_a_wrong_target(
    app: Flask, runner: FlaskCliRunner, args: tuple[str, ...], message: str
) -> None:
    code, output = check(runner, *args)
    assert code == 2
    assert message in output


def test_check_says_which_evidence_is_stale_after_a_failure(
    app: Flask, runner: FlaskCliRunner, standins_factory: StandInsFactory
) -> None:
    release = model_release()
    name = f"{release.lab.slug}/{release.slug}"
    assert check(runner, name)[0] == 0
    point_at(app, standins_factory(hub_only(model_manifest(fault={"status": 500}))))
    code, output = check(runner, name)
    assert code == 0, output
    assert "weights: server_error (last good evidence kept, stale)" in output


def test_check_exits_1_when_a_run_ends_in_error(app: Flask, runner: FlaskCliRunner) -> None:
    def broken(application: Flask) -> Clients:
        raise RuntimeError("no adapters today")

    app.extensions["registry.clients"] = broken
    release = model_release()
    code, output = check(runner, f"{release.lab.slug}/{release.slug}")
    assert code == 1
    assert "ERROR" in output and "RuntimeError: no adapters today" in output
    assert "attempt 1 failed; retrying" in output


@pytest.mark.parametrize("command", ["worker", "scheduler"])
def test_queue_commands_need_redis(app: Flask, runner: FlaskCliRunner, command: str) -> None:
    result = runner.invoke(args=["registry", command])
    assert result.exit_code == 2
    assert "REGISTRY_REDIS_URL is not set" in result.output


def test_sweep_reports_what_it_queued(app: Flask, runner: FlaskCliRunner) -> None:
    model_release()
    result = runner.invoke(args=["registry", "sweep"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Reclaimed 0, re-queued 0, scheduled 1 run(s)."


def test_offline_mode_checks_against_the_stand_ins_and_says_so(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "manifests"
    (folder / "hub").mkdir(parents=True)
    (folder / "hub" / "model.yml").write_text(yaml.safe_dump(model_manifest()))
    app.config.update(
        REGISTRY_OFFLINE=True,
        REGISTRY_STANDIN_FOLDERS=[str(folder)],
        REGISTRY_HUB_ENDPOINT="https://huggingface.co",
        REGISTRY_URL_REWRITES={},
        REGISTRY_ALLOW_HOSTS=[],
    )
    release = model_release()
    try:
        code, output = check(runner, f"{release.lab.slug}/{release.slug}")
    finally:
        stop_all()
    assert code == 0, output
    row = db.session.scalars(select(Evidence).where(Evidence.locator == MODEL)).one()
    assert row.endpoint.startswith("http://127.0.0.1:")
    assert row.facts["offline"] is True
    assert row.verdict == "open"
