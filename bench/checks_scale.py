"""The scale point of bench/checks: N releases across many owners, all unchanged, re-checked.

A first check of 10,000 releases would take an hour here, and its findings are not what is
measured, so the catalogue is seeded as a completed first check would leave it: each
release with a Hub model, a Hub dataset and a git repository, one completed run, and good
evidence at the revision the stand-ins serve. Every git URL is served by the same small
bare repository (each is still its own `ls-remote` over loopback, through `git
http-backend`). Then `start_rechecks` asks for all of them and real workers probe the
batches; a second round of 1,000 is probed in this process to count its SQL statements.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from standins import (
    FileSpec,
    GitRepoManifest,
    HubRepoManifest,
    StandIns,
    build_bare_repo,
    load_snapshot,
)
from standins.git_app import GitApp
from standins.hub_app import HubApp
from standins.serving import BackgroundServer
from standins.url_app import UrlApp, WebApp

SHA = "5" * 40
DAY_S = 86_400


def owner_of(number: int, owners: int) -> str:
    return f"scale-owner-{number % owners:03d}"


def scale_world(releases: int, owners: int) -> list[HubRepoManifest]:
    """A tiny model and dataset per release, spread over `owners` owners."""
    manifests = []
    for number in range(releases):
        owner = owner_of(number, owners)
        for kind, name in (("model", "m"), ("dataset", "d")):
            manifests.append(HubRepoManifest(
                kind=kind, id=f"{owner}/{name}-{number:05d}", sha=SHA,
                last_modified="2024-01-01T00:00:00.000Z",
                files=(FileSpec("README.md", content=b"# x\n"),),
            ))  # fmt: skip
    return manifests


def start_scale_standins(
    releases: int, owners: int, cache: Path, requests: Any
) -> tuple[StandIns, str]:
    """Serve the Hub repos, and every release's git URL from one bare repo; return its head."""
    shared = GitRepoManifest(url="https://github.com/scale-owner-000/train-00000", files=(
        FileSpec("LICENSE", content=b"MIT License\n"), FileSpec("train.py", content=b"x\n")))
    snapshot = load_snapshot([], extra=[*scale_world(releases, owners), shared])
    bare = build_bare_repo(shared, cache)
    head = subprocess.run(  # git on our own bare repository
        ["git", "--git-dir", str(bare), "rev-parse", "HEAD"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    repos = {git_key(number, owners): bare for number in range(releases)}
    stop = threading.Event()
    web = requests.wrap("web", WebApp(GitApp(repos, home=cache), UrlApp(snapshot)))
    hub = BackgroundServer(requests.wrap("hub", HubApp(snapshot, stop_event=stop))).start()
    servers = [hub, BackgroundServer(web).start(), BackgroundServer(web).start()]
    return StandIns(snapshot, *servers, stop_event=stop), head


def git_key(number: int, owners: int) -> str:
    return f"github.com/{owner_of(number, owners)}/train-{number:05d}"


def seed_checked(app: Any, releases: int, owners: int, git_head: str) -> list[int]:
    """Insert labs, releases, artifacts, a completed run and good evidence for each release."""
    from sqlalchemy import insert, select

    from app.extensions import db
    from app.models import Artifact, CheckRun, Evidence, Lab, Release
    from app.tasks.clients import checker_registry
    from registry.model import ArtifactKind

    now = datetime.now(UTC)
    then = now - timedelta(days=2)
    versions = {k: checker_registry().for_kind(k) for k in ArtifactKind}
    with app.app_context():
        labs = db.session.scalars(insert(Lab).returning(Lab.id), [
            {"slug": owner_of(i, owners), "name": f"Owner {i}", "tier_counts": {},
             "community_submitted": False, "release_count": 0, "score_version": 0,
             "sweep_hub": False, "created_at": then, "updated_at": then}
            for i in range(owners)]).all()  # fmt: skip
        release_rows = [_release_row(n, labs[n % owners], then) for n in range(releases)]
        ids = db.session.scalars(_returning(Release), release_rows).all()
        runs = db.session.scalars(_returning(CheckRun), [
            {"release_id": r, "state": "COMPLETED", "trigger": "manual", "attempts": 1,
             "created_at": then, "started_at": then, "finished_at": then, "artifacts_total": 3,
             "artifacts_done": 3, "unchanged": False} for r in ids]).all()  # fmt: skip
        artifacts = []
        for number, (release_id, run_id) in enumerate(zip(ids, runs, strict=True)):
            owner = owner_of(number, owners)
            for position, (pillar, kind, locator, revision) in enumerate((
                ("weights", ArtifactKind.HF_MODEL, f"{owner}/m-{number:05d}", SHA),
                ("code", ArtifactKind.GIT, f"https://{git_key(number, owners)}", git_head),
                ("data", ArtifactKind.HF_DATASET, f"{owner}/d-{number:05d}", SHA),
            )):  # fmt: skip
                artifacts.append((release_id, run_id, position, pillar, kind, locator, revision))
        evidence = db.session.scalars(_returning(Evidence), [
            {"check_run_id": run_id, "artifact_id": None, "pillar": pillar,
             "checker_id": versions[kind].id, "checker_version": versions[kind].version,
             "verdict": "open", "reasons": ["seeded"], "endpoint": "", "locator": locator,
             "revision": revision, "files": [], "file_count": 0, "licences": [], "facts": {},
             "checked_at": then, "duration_s": 0.0}
            for _, run_id, _, pillar, kind, locator, revision in artifacts]).all()  # fmt: skip
        db.session.execute(insert(Artifact), [
            {"release_id": release_id, "position": position, "pillar": pillar,
             "kind": kind.value, "locator": locator, "verdict": "open",
             "good_evidence_id": evidence_id, "missing_count": 0}
            for (release_id, _, position, pillar, kind, locator, _), evidence_id
            in zip(artifacts, evidence, strict=True)])  # fmt: skip
        db.session.commit()
        count = len(db.session.scalars(select(Release.id)).all())
        db.session.remove()
    assert count == releases
    return list(ids)


def _returning(model: Any) -> Any:
    from sqlalchemy import insert

    # Ids back in the order the rows were given, so each can be paired with its row.
    return insert(model).returning(model.id, sort_by_parameter_order=True)


def _release_row(number: int, lab_id: int, then: datetime) -> dict[str, Any]:
    return {
        "lab_id": lab_id, "slug": f"release-{number:05d}", "name": f"Scale {number}",
        "released_precision": "day", "announced_as_open": False, "community_submitted": False,
        "discovered": False, "created_at": then, "updated_at": then, "score": 80, "tier": "A",
        "verdict_weights": "open", "verdict_code": "open", "verdict_data": "open",
        "last_checked_at": then, "last_requested_at": then, "last_check_failed": False,
        "score_version": 1,
    }  # fmt: skip


@contextmanager
def counted_statements(app: Any) -> Iterator[list[str]]:
    """Collect every SQL statement the app's engine executes inside the block."""
    from sqlalchemy import event

    from app.extensions import db

    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


@dataclass(frozen=True)
class InProcess:
    """A round probed in this process: its time and SQL statements, per 1,000 releases."""

    releases: int
    seconds: float
    statements: int
    unchanged: int
    listing_s: float
    singles_s: float

    def per_thousand(self, value: float) -> float:
        return value * 1000 / self.releases if self.releases else 0.0


def in_process_round(app: Any, release_ids: list[int], batch: int) -> InProcess:
    """Create scheduled runs for the releases and probe them here, counting statements."""
    import time

    from app.services.rechecks import start_rechecks
    from app.tasks.batch import execute_batch

    with counted_statements(app) as statements:
        started = time.perf_counter()
        with app.app_context():
            run_ids = start_rechecks(release_ids, window_s=0)
            reports = [execute_batch(run_ids[i : i + batch]) for i in range(0, len(run_ids), batch)]
        seconds = time.perf_counter() - started
    return InProcess(len(release_ids), seconds, len(statements),
                     sum(len(r.unchanged) for r in reports), sum(r.listing_s for r in reports),
                     sum(r.singles_s for r in reports))  # fmt: skip


def workers_for(repos_per_day: int, rate_per_worker: float) -> int:
    """Return how many workers a daily sweep of `repos_per_day` releases needs at this rate."""
    import math

    return math.ceil(repos_per_day / DAY_S / rate_per_worker) if rate_per_worker else 0


def overhead_job() -> str:
    """RQ job: what every job pays before its own work (app, database, clients, checkers)."""
    from sqlalchemy import text

    from app.extensions import db
    from app.tasks.clients import checker_registry, clients_for
    from app.tasks.redis_queue import job_app

    app = job_app()
    with app.app_context():
        db.session.execute(text("SELECT 1"))
        clients_for(app)
        checker_registry()
        db.session.remove()
    return "ok"
