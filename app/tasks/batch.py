"""One probe batch: claim scheduled runs together, probe their revisions, finish or hand over.

Runs whose every artifact answered with the revision of its last good evidence finish
together in one transaction (`batch_state.finish_unchanged`). The others go back to PENDING
with what the probe found ("changed", or "failed": then the full check takes no shortcut)
and each is dispatched as an ordinary check job. A batch that dies midway leaves its runs
RUNNING with a silent heartbeat; the sweeper takes them back and batches them again, and
whatever the dead batch had committed stays finished: no run is finished twice.

It commits by hand, not through `unit_of_work`: the claim must be committed before the
probes run (no transaction held open across network calls), and the finish is one
transaction written while the heartbeat thread is held off.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict, dataclass, field
from types import TracebackType

from flask import Flask, current_app

from app.extensions import db
from app.services import rechecks
from app.services.checks import dispatcher
from app.tasks import batch_state
from app.tasks.clients import checker_registry, clients_for
from app.tasks.runner import RunSettings
from app.tasks.state import Claim
from registry.revisions import ProbeSettings, key_of, probe_revisions

log = logging.getLogger(__name__)

CHANGED = "changed"
FAILED = "failed"


@dataclass
class BatchReport:
    """What one batch did, by run id, and the requests its probes sent."""

    unchanged: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    skipped: int = 0  # runs of the batch already finished or owned by a live worker
    hub_requests: int = 0
    git_requests: int = 0
    listing_s: float = 0.0  # wall time of the owners' listings
    singles_s: float = 0.0  # wall time of the single calls (ls-remote, repo info)

    def as_dict(self) -> dict[str, object]:
        """Return the report as plain data (an RQ job result)."""
        return asdict(self)


def probe_settings(app: Flask) -> ProbeSettings:
    """Read the REGISTRY_PROBE_* settings."""
    config = app.config
    return ProbeSettings(
        workers=int(config["REGISTRY_PROBE_WORKERS"]),
        listing_min=int(config["REGISTRY_PROBE_LISTING_MIN"]),
        listing_pages=int(config["REGISTRY_PROBE_LISTING_PAGES"]),
    )


def execute_batch(run_ids: list[int]) -> BatchReport:
    """Probe a batch of scheduled runs and finish or hand over each; never raises for a probe."""
    # current_app is annotated as Flask, yet is the LocalProxy in front of it: unwrap it.
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    settings = RunSettings.from_config(app.config)
    claims = batch_state.claim_batch(run_ids, settings.limits)
    report = BatchReport(skipped=len(set(run_ids)) - len(claims))
    if not claims:
        return report
    by_run = {c.run_id: c for c in claims}
    with _BatchHeartbeat(app, claims, settings.heartbeat_s) as heartbeat:
        try:
            _probe_and_sort(app, by_run, report)
        except Exception:  # whatever broke, the runs get their full checks
            db.session.rollback()
            log.exception("probe batch failed; its runs go to full checks")
            report.unchanged, report.changed, report.failed = [], [], list(by_run)
        try:
            with heartbeat.writing():
                report.unchanged = batch_state.finish_unchanged(
                    [by_run[i] for i in report.unchanged]
                )
                report.changed = batch_state.hand_over([by_run[i] for i in report.changed], CHANGED)
                report.failed = batch_state.hand_over([by_run[i] for i in report.failed], FAILED)
                db.session.commit()
        except BaseException:
            db.session.rollback()  # before the heartbeat (waiting on these rows) is joined
            raise
    for run_id in [*report.changed, *report.failed]:
        _dispatch(run_id)
    log.info("probe batch done", extra={"runs": len(claims), "unchanged": len(report.unchanged)})
    return report


def _probe_and_sort(app: Flask, by_run: dict[int, Claim], report: BatchReport) -> None:
    """Probe the runs' artifacts and put each run in the report's bucket: no writes."""
    targets = rechecks.batch_targets(by_run, checker_registry())
    db.session.commit()  # no transaction (nor its snapshot) held open while the probes run
    probed = probe_revisions(rechecks.probed_refs(targets), clients_for(app), probe_settings(app))
    report.hub_requests, report.git_requests = probed.hub_requests, probed.git_calls
    report.listing_s, report.singles_s = probed.listing_s, probed.singles_s
    for target in targets:
        bucket = report.changed  # a probe cannot finish it: a full check decides
        if target.probe_can_finish:
            answers = [probed.probes.get(key_of(e.artifact)) for e in target.expected]
            if any(a is None or a.failure is not None for a in answers):
                bucket = report.failed
            elif all(
                a is not None and a.confirms(e.revision)
                for a, e in zip(answers, target.expected, strict=True)
            ):
                bucket = report.unchanged
        bucket.append(target.run_id)


def _dispatch(run_id: int) -> None:
    try:
        dispatcher()(run_id)
    except Exception:  # the run is PENDING; the sweeper dispatches it later
        log.warning("dispatch failed", extra={"check_run_id": run_id}, exc_info=True)


class _BatchHeartbeat:
    """Beat for every run of the batch in one statement, never while the batch is writing.

    The batch's own writes lock the same rows; a beat in between could deadlock with them,
    so the two take turns under one lock.
    """

    def __init__(self, app: Flask, claims: list[Claim], interval_s: float) -> None:
        self._app = app
        self._claims = claims
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._turn = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="heartbeat-batch", daemon=True)

    def __enter__(self) -> _BatchHeartbeat:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:  # fmt: skip
        self._stop.set()
        self._thread.join()

    def writing(self) -> threading.Lock:
        """Hold this while the batch writes its runs."""
        return self._turn

    def _run(self) -> None:
        with self._app.app_context():
            while not self._stop.wait(self._interval_s):
                with self._turn:
                    if self._stop.is_set():
                        return
                    try:
                        batch_state.beat_batch(self._claims)
                    except Exception:  # a missed beat is not fatal
                        db.session.rollback()
                        log.warning("batch heartbeat failed", exc_info=True)
            db.session.remove()
