"""`registry sync mot|osai`: the upstream repository read through the git adapter and the git
stand-in, its added and changed files imported, the rest reported, over two real commits.

The repositories hold the real upstream sample files of tests/data (MOT's models/ and OSAI's
entries, see the READMEs there); the second commit changes, adds and deletes some, as the
upstream projects' history does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from app.extensions import db
from app.models import Claim
from registry.frameworks.upstream import UPSTREAMS
from tests.integration.interop.conftest import MOF_SAMPLES, OSAI_SAMPLES, count
from tests.integration.interop.upstream import UpstreamRepo

MOT_URL = UPSTREAMS["mot"].default_url
OSAI_URL = UPSTREAMS["osai"].default_url
PARAMETERS = Path(__file__).resolve().parents[3] / "registry" / "data" / "osai"


def mot_files() -> dict[str, str | None]:
    files: dict[str, str | None] = {
        f"models/{p.name}": p.read_text() for p in sorted(MOF_SAMPLES.glob("*.yml"))
    }
    files["README.md"] = "# Model Openness Tool\n"
    files["schema/mof_schema.json"] = "{}\n"  # not a model file: never read as one
    return files


@pytest.fixture
def mot(tmp_path: Path) -> Iterator[UpstreamRepo]:
    repo = UpstreamRepo(tmp_path / "mot", MOT_URL)
    repo.commit(mot_files(), "Models as of the samples")
    yield repo
    repo.stop()


@pytest.fixture
def osai(tmp_path: Path) -> Iterator[UpstreamRepo]:
    repo = UpstreamRepo(tmp_path / "osai", OSAI_URL)
    files: dict[str, str | None] = {p.name: p.read_text() for p in OSAI_SAMPLES.glob("*.yaml")}
    for name in ("_parameters.yml", "_parameters-descriptions.yml", "readme.md"):
        files[name] = (PARAMETERS / name).read_text()
    repo.commit(files, "Entries as of the samples")
    yield repo
    repo.stop()


@pytest.fixture
def app_overrides(mot: UpstreamRepo, osai: UpstreamRepo) -> dict[str, object]:
    """Point github.com at the git stand-in, as offline mode does; checks are only recorded."""
    mot_prefix, osai_prefix = mot.serve(), osai.serve()
    return {
        "REGISTRY_CHECK_EXECUTOR": "manual",
        "REGISTRY_ALLOW_HOSTS": ["127.0.0.1"],
        "REGISTRY_URL_REWRITES": {
            f"{MOT_URL}": mot_prefix + MOT_URL.split("github.com/", 1)[1],
            f"{OSAI_URL}": osai_prefix + OSAI_URL.split("github.com/", 1)[1],
        },
    }


def sync(runner: FlaskCliRunner, *args: str) -> str:
    result = runner.invoke(args=["registry", "sync", *args])
    assert result.exit_code == 0, result.output
    return result.output


def claim(path: str) -> Claim:
    row = db.session.scalar(select(Claim).where(Claim.source_file == path))
    assert row is not None, path
    return row


def test_a_mot_sync_round_trip_over_two_commits(
    app: Flask, runner: FlaskCliRunner, mot: UpstreamRepo, dispatched: list[int], tmp_path: Path
) -> None:
    first = mot.commits[0]
    output = sync(runner, "mot")
    assert (
        f"Synced mot from {MOT_URL} at {first}: 6 added, 0 updated, 0 unchanged, 0 refused, "
        "0 removed upstream." in output
    )
    olmo = claim("models/OLMo-7B.yml")
    assert (olmo.upstream_url, olmo.upstream_commit, olmo.source) == (MOT_URL, first, "mof")
    assert count(Claim) == 6  # README.md and schema/ are not model files

    assert "0 added, 0 updated, 6 unchanged, 0 refused, 0 removed upstream." in sync(runner, "mot")

    amber = (MOF_SAMPLES / "Amber.yml").read_text()
    second = mot.commit({
        "models/OLMo-7B.yml": (MOF_SAMPLES / "OLMo-7B.yml").read_text().replace(
            "license: CC-BY-4.0", "license: ODC-By-1.0"),
        "models/gpt-oss-20b.yml": None,
        "models/Amber-13B.yml": amber.replace("name: Amber\n", "name: Amber-13B\n"),
        "models/broken.yml": "framework: {name: Model Openness Framework\n",
    }, "Update OLMo, add Amber 13B, drop gpt-oss")  # fmt: skip
    report_path = tmp_path / "sync.json"
    output = sync(runner, "mot", "--report", str(report_path))
    assert f"at {second}: 1 added, 1 updated, 4 unchanged, 1 refused, 1 removed upstream." in output
    assert "refused file: Malformed YAML" in output
    assert "removed upstream: models/gpt-oss-20b.yml (its claim is kept, marked removed)" in output
    assert "llm360/amber: models/Amber-13B.yml (same Hub weights LLM360/Amber), models/Amber.yml" \
           " (imported before)" in output  # fmt: skip
    db.session.expire_all()
    assert claim("models/OLMo-7B.yml").upstream_commit == second
    assert "ODC-By-1.0" in claim("models/OLMo-7B.yml").payload["source_text"]
    assert claim("models/Amber.yml").upstream_commit == first  # unchanged: untouched
    assert claim("models/gpt-oss-20b.yml").removed_in == second
    report = json.loads(report_path.read_text())
    assert report["commit"] == second
    assert report["removed"] == ["models/gpt-oss-20b.yml"]
    assert report["refused"] == ["models/broken.yml"]
    assert report["report"]["counts"] == {"imported": 2, "imported with warnings": 0, "refused": 1}

    # Back at the first commit: its files come back as they were.
    output = sync(runner, "mot", "--ref", first)
    assert f"at {first}: 0 added, 2 updated, 4 unchanged, 0 refused, 1 removed upstream." in output
    db.session.expire_all()
    assert claim("models/gpt-oss-20b.yml").removed_in is None
    assert claim("models/Amber-13B.yml").removed_in == first


def test_the_api_names_the_upstream_file_and_commit(
    runner: FlaskCliRunner, client: object, mot: UpstreamRepo, dispatched: list[int]
) -> None:
    sync(runner, "mot")
    body = client.get(  # type: ignore[attr-defined]
        "/api/v1/labs/allen-institute-for-ai/releases/olmo-7b/frameworks"
    ).get_json()
    claimed = body["mof"]["claimed"]
    assert claimed["source_file"] == "models/OLMo-7B.yml"
    assert claimed["upstream_file_url"] == (f"{MOT_URL}/blob/{mot.commits[0]}/models/OLMo-7B.yml")


def test_an_osai_sync_reads_the_entries_and_skips_the_index_files(
    runner: FlaskCliRunner, dispatched: list[int]
) -> None:
    output = sync(runner, "osai")
    assert "5 added, 0 updated, 0 unchanged, 0 refused, 0 removed upstream." in output
    assert {c.source_file for c in db.session.scalars(select(Claim))} == {
        p.name for p in OSAI_SAMPLES.glob("*.yaml")
    }


def test_an_unknown_ref_changes_nothing_and_says_how_to_fix_it(
    runner: FlaskCliRunner, dispatched: list[int]
) -> None:
    result = runner.invoke(args=["registry", "sync", "mot", "--ref", "no-such-branch"])
    assert result.exit_code == 2
    assert f"Could not read {MOT_URL}: git fetch failed" in result.output
    assert "Check the repository setting and --ref" in result.output
    assert count(Claim) == 0


def test_an_option_as_ref_is_refused_by_the_adapter(
    runner: FlaskCliRunner, dispatched: list[int]
) -> None:
    result = runner.invoke(args=["registry", "sync", "mot", "--ref=--upload-pack=touch /tmp/x"])
    assert result.exit_code == 2
    assert "refused the git ref" in result.output


def test_the_scheduler_syncs_each_configured_framework_daily(
    app: Flask, mot: UpstreamRepo, dispatched: list[int]
) -> None:
    import redis
    from rq.cron import CronScheduler

    from app.tasks.redis_queue import framework_sync_job, register_framework_syncs

    app.config["REGISTRY_FRAMEWORK_SYNC"] = ["mot"]
    cron = CronScheduler(connection=redis.Redis.from_url("redis://127.0.0.1:6379/0"))
    assert register_framework_syncs(app, cron, "q") == ["q-sync-mot"]
    (job,) = cron.get_jobs()
    assert (job.func, job.args, job.interval) == (framework_sync_job, ("mot",), 24 * 3600)
    # What the queued job does when a worker runs it: the sync itself.
    result = job.func(*job.args)
    assert result["added"] == [f"models/{p.name}" for p in sorted(MOF_SAMPLES.glob("*.yml"))]
    assert count(Claim) == 6
