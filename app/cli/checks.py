"""Check commands: run checks here and now, work the queue, schedule and sweep."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import click
from flask import current_app

from app.cli import registry_cli
from app.offline import is_offline, standins_for
from app.services.checks_here import (
    CheckedRelease,
    CheckTarget,
    FailedArtifact,
    check_targets,
    checked_release,
    start_check_here,
)
from app.services.errors import NotFound
from app.tasks import executor_kind, start_background
from app.tasks.runner import Outcome, ProgressHook, RunReport, execute_run

# Columns of the summary table: header, width.
SUMMARY_COLUMNS = (
    ("RELEASE", 36), ("STATE", 10), ("SCORE", 5), ("TIER", 4),
    ("WEIGHTS", 10), ("CODE", 10), ("DATA", 10), ("NOTE", 0),
)


@dataclass(frozen=True)
class Checked:
    """One release's line in the summary."""

    target: CheckTarget
    result: CheckedRelease
    report: RunReport


@registry_cli.command("check")
@click.argument("target", required=False)
@click.option("--all", "check_all", is_flag=True, help="Check every release.")
def check_command(target: str | None, check_all: bool) -> None:
    """Check LAB or LAB/RELEASE (or --all) here and now, then print a summary."""
    if bool(target) == check_all:
        raise click.UsageError("Name LAB or LAB/RELEASE, or pass --all (not both).")
    try:
        targets = check_targets(target)
    except NotFound as error:
        raise click.BadParameter(str(error), param_hint="TARGET") from error
    if is_offline(current_app):
        standins_for(current_app)  # start them before the progress bar, not inside it
    total = sum(t.artifacts for t in targets)
    checked: list[Checked] = []
    with click.progressbar(length=total, label="Checking", show_pos=True) as bar:
        for each in targets:
            checked.append(_check(each, lambda artifact: bar.update(1)))
    _print_summary(checked)
    if any(c.result.state == "ERROR" for c in checked):
        raise click.exceptions.Exit(1)


def _check(target: CheckTarget, on_progress: ProgressHook) -> Checked:
    # Not dispatched: this process runs it (a run queued elsewhere is claimed here).
    run_id = start_check_here(target)
    report = execute_run(run_id, on_progress)
    # Someone is waiting at the terminal: retry at once rather than after the queue's backoff.
    while report.outcome is Outcome.RETRY:
        click.echo(f"\n{target.name}: attempt {report.attempt} failed; retrying.", err=True)
        report = execute_run(run_id, on_progress)
    return Checked(target, checked_release(target, run_id), report)


def _print_summary(checked: list[Checked]) -> None:
    click.echo(_row(h for h, _ in SUMMARY_COLUMNS))
    for item in checked:
        result = item.result
        click.echo(_row((
            # An unverified release has neither tier nor score: a dash, never E or 0.
            item.target.name, result.state, _or_dash(result.score), _or_dash(result.tier),
            *result.verdicts, _note(item),
        )))
    failed = sum(1 for c in checked if c.result.state == "ERROR")
    click.echo(f"{len(checked)} release(s) checked, {failed} run(s) in error.")


def _or_dash(value: object) -> str:
    return "–" if value is None else str(value)


def _row(cells: Iterable[str]) -> str:
    values = list(cells)
    return "  ".join(
        value.ljust(width) if width else value
        for value, (_, width) in zip(values, SUMMARY_COLUMNS, strict=True)
    ).rstrip()


def _note(item: Checked) -> str:
    result = item.result
    if item.report.outcome is Outcome.SKIPPED and result.state == "RUNNING":
        return "running in another worker"
    if result.state == "ERROR":
        return result.error or "error"
    if result.failed:
        return "; ".join(_failure(a) for a in result.failed)
    return "unchanged" if result.unchanged else ""


def _failure(artifact: FailedArtifact) -> str:
    stale = " (last good evidence kept, stale)" if artifact.stale_evidence_kept else ""
    return f"{artifact.pillar}: {artifact.kind}{stale}"


@registry_cli.command("worker")
@click.option("--burst", is_flag=True, help="Quit once the queue is empty.")
@click.option("--name", help="Worker name (default: random).")
def worker_command(burst: bool, name: str | None) -> None:
    """Run checks from the Redis queue (REGISTRY_REDIS_URL, REGISTRY_QUEUE_NAME)."""
    _require_rq()
    from app.tasks.redis_queue import run_worker

    if is_offline(current_app):
        standins_for(current_app)  # once, in the parent: every work horse reaches them
    # current_app is annotated as Flask, yet is the LocalProxy in front of it: unwrap it.
    run_worker(current_app._get_current_object(), burst=burst, name=name)  # type: ignore[attr-defined]


@registry_cli.command("scheduler")
def scheduler_command() -> None:
    """Queue a sweep every REGISTRY_SWEEP_EVERY_SECONDS with RQ's cron scheduler."""
    _require_rq()
    from app.tasks.redis_queue import run_scheduler

    # current_app is annotated as Flask, yet is the LocalProxy in front of it: unwrap it.
    run_scheduler(current_app._get_current_object())  # type: ignore[attr-defined]


@registry_cli.command("sweep")
def sweep_command() -> None:
    """Once: reclaim silent runs, re-queue lost ones, queue the re-checks that are due."""
    from app.tasks.schedule import sweep

    report = sweep()
    click.echo(
        f"Reclaimed {len(report.reclaimed)}, re-queued {len(report.redispatched)}, "
        f"scheduled {len(report.scheduled)} run(s)."
    )


def _require_rq() -> None:
    if executor_kind(current_app) != "rq":
        raise click.UsageError(
            "REGISTRY_REDIS_URL is not set (or REGISTRY_CHECK_EXECUTOR is not rq/auto): "
            "without Redis, checks run inside `flask registry serve`."
        )


def start_serving_checks(offline: bool) -> None:
    """For `registry serve`: stand-ins if offline, a Hub probe, first checks now, sweeps here.

    Releases never checked are checked at once (not spread over the sweep interval), and
    offline also those whose last check failed: a first `bin/serve` without network leaves
    every release failed, and `--offline` is how to get verdicts for them now.
    """
    from app.hub_status import probe_in_background
    from app.tasks.schedule import check_unverified_now

    # current_app is annotated as Flask, yet is the LocalProxy in front of it: unwrap it.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if offline:
        app.config["REGISTRY_OFFLINE"] = True
    if is_offline(app):
        running = standins_for(app)
        click.echo(f"Offline: checks use the stand-ins (Hub at {running.hub_endpoint}).")
    probe_in_background(app)
    # Sweeps first: the first one reclaims what an earlier process left running.
    if start_background(app) is not None:
        click.echo("Checks run in this process; re-checks are scheduled here too.")
    started = check_unverified_now(include_failed=is_offline(app))
    if started:
        click.echo(f"Checking {len(started)} release(s) now; pages show the progress.")
