"""Batched re-checks on the real Redis and PostgreSQL, real workers and the loopback stand-ins.

One sweep mixes unchanged, changed, deleted, renamed and failing repositories: the unchanged
finish together without new evidence or a re-score, every other one gets a full check of
its own. A batch SIGKILLed mid-probe is reclaimed and finishes without double work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from rq.job import Job
from sqlalchemy import func, select

from app.extensions import db
from app.models import CheckRun, CheckRunAttempt, Evidence, Release, ScoreSnapshot, utcnow
from app.services.rechecks import start_rechecks
from app.tasks.redis_queue import RqExecutor
from app.tasks.runner import RunSettings
from app.tasks.schedule import sweep
from standins import StandIns
from standins.pytest_plugin import StandInsFactory
from tests.factories import make_lab, make_release
from tests.integration.jobs.support import (
    SHA_ONE,
    SHA_TWO,
    Workers,
    model_manifest,
    network_config,
    point_at,
    run_once,
    run_state,
    wait_for,
)

OWNER = "batch-org"
CODE_URL = "https://github.com/batch-org/train"
NAMES = ("same", "same-with-code", "changed", "deleted", "renamed", "failing", "code-moved")


@pytest.fixture(params=["postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Real workers share the database with the test: PostgreSQL only."""
    return str(request.param)


@pytest.fixture
def app_overrides(rq_overrides: dict[str, object]) -> dict[str, object]:
    return rq_overrides


def code_repo(readme: str) -> dict[str, Any]:
    return {
        "kind": "git", "url": CODE_URL, "history": 2,
        "files": [{"path": "LICENSE", "content": "MIT License\n"},
                  {"path": "README.md", "content": readme},
                  {"path": "train.py", "content": "loss.backward()\noptimizer.step()\n"}],
    }  # fmt: skip


def hub_world(factory: StandInsFactory, *, after: bool) -> StandIns:
    """The Hub and git before the re-check (after=False) and after it (after=True)."""
    repos: dict[str, Any] = {
        "same": model_manifest(SHA_ONE, repo_id=f"{OWNER}/same"),
        "same-with-code": model_manifest(SHA_ONE, repo_id=f"{OWNER}/same-with-code"),
        "changed": model_manifest(SHA_TWO if after else SHA_ONE, repo_id=f"{OWNER}/changed"),
        "code-moved": model_manifest(SHA_ONE, repo_id=f"{OWNER}/code-moved"),
        # The only repo of its owner in the batch: asked on its own (model_info), and failing.
        "failing": model_manifest(
            SHA_ONE, repo_id="lonely-org/failing", fault={"status": 500} if after else None
        ),
    }
    if not after:
        repos["deleted"] = model_manifest(SHA_ONE, repo_id=f"{OWNER}/deleted")
        repos["renamed"] = model_manifest(SHA_ONE, repo_id=f"{OWNER}/renamed")
    else:  # the repo now answers under a new id; the old one redirects there
        renamed = model_manifest(SHA_ONE, repo_id=f"{OWNER}/renamed-v2")
        repos["renamed"] = {**renamed, "aliases": [f"{OWNER}/renamed"]}
    manifests: dict[str, Any] = {f"hub/models/{name}.yml": m for name, m in repos.items()}
    manifests["git/train.yml"] = code_repo("# Train\n" if not after else "# Train\n\nMoved.\n")
    manifests["git/kept.yml"] = {**code_repo("# Kept\n"), "url": f"{CODE_URL}-kept"}
    return factory(manifests)


def releases_of(lab: Any) -> dict[str, Release]:
    """One release per case: a model of its own, and git code for two of them."""
    made = {}
    for name in NAMES:
        locator = "lonely-org/failing" if name == "failing" else f"{OWNER}/{name}"
        artifacts = [{"pillar": "weights", "kind": "hf_model", "locator": locator,
                      "declared_licence": "apache-2.0"}]  # fmt: skip
        code = {"same-with-code": f"{CODE_URL}-kept", "code-moved": CODE_URL}.get(name)
        if code:
            artifacts.append({"pillar": "code", "kind": "git", "locator": code})
        made[name] = make_release(lab, slug=name, artifacts=artifacts)
    return made


def counts() -> tuple[int, int]:
    evidence = db.session.scalar(select(func.count()).select_from(Evidence)) or 0
    snapshots = db.session.scalar(select(func.count()).select_from(ScoreSnapshot)) or 0
    return int(evidence), int(snapshots)


def batch_result(app: Flask, run_id: int) -> dict[str, Any]:
    executor = app.extensions["registry.executor"]
    assert isinstance(executor, RqExecutor)
    job_id = executor.connection.get(f"{executor.queue_name}:batch-of:{run_id}")
    assert job_id is not None
    result = Job.fetch(job_id.decode(), connection=executor.connection).return_value()
    assert isinstance(result, dict)
    return result


def first_checks(app: Flask, releases: dict[str, Release]) -> dict[str, CheckRun]:
    runs = {name: run_once(release)[0] for name, release in releases.items()}
    assert {r.state for r in runs.values()} == {"COMPLETED"}
    return runs


def test_one_sweep_finishes_the_unchanged_together_and_fully_checks_the_rest(
    app: Flask, workers: Workers, tmp_path: Path, standins_factory: StandInsFactory
) -> None:
    before = hub_world(standins_factory, after=False)
    point_at(app, before)
    releases = releases_of(make_lab(slug="batch-lab"))
    first = first_checks(app, releases)
    evidence_before, snapshots_before = counts()

    after = hub_world(standins_factory, after=True)
    point_at(app, after)
    run_ids = start_rechecks([r.id for r in releases.values()], window_s=0)
    workers.finish(workers.start(tmp_path, **network_config(after)))
    runs = {name: run_state(run_id) for name, run_id in zip(NAMES, run_ids, strict=True)}

    assert {n: r.state for n, r in runs.items()} == dict.fromkeys(NAMES, "COMPLETED")
    finished_by_probe = {n for n, r in runs.items() if r.unchanged_since_run_id is not None}
    assert finished_by_probe == {"same", "same-with-code"}
    for name in finished_by_probe:
        run = runs[name]
        assert run.unchanged and run.unchanged_since_run_id == first[name].id
        assert (run.attempts, run.artifacts_done) == (1, run.artifacts_total)
        assert [a.outcome for a in run.attempt_log] == ["completed"]
        assert db.session.scalar(select(func.count()).where(Evidence.check_run_id == run.id)) == 0
    # Every other case was handed over with what the probe found, then checked in full.
    assert {n: r.probe for n, r in runs.items() if n not in finished_by_probe} == {
        "changed": "changed", "renamed": "changed", "code-moved": "changed",
        "deleted": "failed", "failing": "failed",
    }  # fmt: skip
    for name in set(NAMES) - finished_by_probe:
        assert (
            db.session.scalar(select(func.count()).where(Evidence.check_run_id == runs[name].id))
            == runs[name].artifacts_total
        ), name
    new_sha = db.session.scalar(select(Evidence.revision).where(
        Evidence.check_run_id == runs["changed"].id))  # fmt: skip
    assert new_sha == SHA_TWO
    evidence_after, snapshots_after = counts()
    full = sum(runs[n].artifacts_total for n in set(NAMES) - finished_by_probe)
    assert evidence_after - evidence_before == full  # nothing copied for the unchanged
    # No re-score for the unchanged: no new snapshot unless a full check moved a score.
    assert not db.session.scalars(
        select(ScoreSnapshot).where(
            ScoreSnapshot.check_run_id.in_([runs[n].id for n in finished_by_probe])
        )
    ).all()
    assert snapshots_after >= snapshots_before
    # The failing repo kept its last good verdict, marked as a failed check.
    failing = db.session.get_one(Release, releases["failing"].id)
    assert failing.verdict_weights == "open" and failing.last_check_failed
    # One listing page for the owner's six repos, single info calls for the rest.
    report = batch_result(app, run_ids[0])
    assert sorted(report["unchanged"]) == sorted(runs[n].id for n in finished_by_probe)
    assert report["git_requests"] == 2  # two distinct remotes
    # 1 listing page + info for the deleted, the renamed and the lonely repo.
    assert report["hub_requests"] == 4


def test_a_hub_sha_moved_back_to_an_older_commit_counts_as_changed(
    app: Flask, standins_factory: StandInsFactory, workers: Workers, tmp_path: Path
) -> None:
    old, new = (standins_factory({"hub/models/m.yml": model_manifest(
        sha, repo_id=f"{OWNER}/pushed")}) for sha in (SHA_ONE, SHA_TWO))  # fmt: skip
    release = make_release(artifacts=[{"pillar": "weights", "kind": "hf_model",
                                       "locator": f"{OWNER}/pushed"}])  # fmt: skip
    point_at(app, old)
    run_once(release)
    point_at(app, new)
    run_once(release)  # good evidence now at SHA_TWO
    point_at(app, old)  # force-pushed back to the older SHA_ONE
    (run_id,) = start_rechecks([release.id], window_s=0)
    workers.finish(workers.start(tmp_path, **network_config(old)))
    run = run_state(run_id)
    assert (run.state, run.probe, run.unchanged, run.unchanged_since_run_id) == (
        "COMPLETED", "changed", False, None)  # fmt: skip
    assert db.session.scalar(select(Evidence.revision).where(Evidence.check_run_id == run_id)) == (
        SHA_ONE
    )


def test_a_batch_killed_mid_probe_is_reclaimed_and_finished_once(
    app: Flask, workers: Workers, tmp_path: Path, standins_factory: StandInsFactory
) -> None:
    healthy = hub_world(standins_factory, after=False)
    point_at(app, healthy)
    releases = releases_of(make_lab(slug="batch-kill"))
    first_checks(app, releases)
    evidence_before, snapshots_before = counts()
    # The lonely repo's info call stalls: the batch is stuck in its probe when killed.
    stuck = standins_factory({
        **{f"hub/models/{n}.yml": model_manifest(SHA_ONE, repo_id=f"{OWNER}/{n}")
           for n in NAMES if n != "failing"},
        "hub/models/failing.yml": model_manifest(SHA_ONE, repo_id="lonely-org/failing",
                                                 fault={"delay_s": 60}),
        "git/train.yml": code_repo("# Train\n"),
        "git/kept.yml": {**code_repo("# Kept\n"), "url": f"{CODE_URL}-kept"},
    })  # fmt: skip
    run_ids = start_rechecks([r.id for r in releases.values()], window_s=0)
    doomed = workers.start(tmp_path, burst=False, REGISTRY_HUB_TIMEOUT=120.0,
                           **network_config(stuck))  # fmt: skip
    wait_for(lambda: {run_state(i).state for i in run_ids} == {"RUNNING"}, "the batch to claim")
    workers.kill(doomed)
    limits = RunSettings.from_config(app.config).limits
    wait_for(
        lambda: all(run_state(i).heartbeat_at < utcnow() - limits.heartbeat_timeout
                    for i in run_ids),
        "the dead batch's heartbeat to expire",
    )  # fmt: skip
    assert sorted(sweep().reclaimed) == sorted(run_ids)
    workers.finish(workers.start(tmp_path, **network_config(healthy)))
    runs = [run_state(i) for i in run_ids]
    assert {r.state for r in runs} == {"COMPLETED"}
    # Nothing changed in the healthy world: all finished by the second batch, each once.
    assert all(r.unchanged_since_run_id is not None for r in runs)
    attempts = db.session.execute(
        select(CheckRunAttempt.check_run_id, func.count())
        .where(CheckRunAttempt.check_run_id.in_(run_ids))
        .group_by(CheckRunAttempt.check_run_id)
    ).all()
    assert sorted(attempts) == sorted((i, 1) for i in run_ids)
    assert counts() == (evidence_before, snapshots_before)
