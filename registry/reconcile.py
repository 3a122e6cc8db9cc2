"""Failure semantics: what a new check result means given what we knew before. Pure.

A failed check never erases knowledge: the last good evidence stays (the caller marks
it stale) and, with none, the artifact is unverified. Absence after "not found" needs
a second consecutive not-found, because one 404 may be a blip, a rename in progress or a
Hub incident.
"""

from __future__ import annotations

from dataclasses import dataclass

from registry.model import CheckResult, Evidence, Failure, FailureKind, Verdict


@dataclass(frozen=True)
class PreviousState:
    """What the caller stored after the last attempt."""

    last_good: CheckResult | None = None  # the latest result that reached a verdict
    previous_not_found: bool = False  # the latest attempt failed with "not found"


@dataclass(frozen=True)
class Reconciled:
    """The verdict and evidence to show after a new attempt, and what to store for the next."""

    verdict: Verdict
    reasons: tuple[str, ...]
    evidence: Evidence | None
    failure: Failure | None  # the new attempt's failure, if it failed
    stale: bool  # the evidence shown comes from an earlier, successful check
    not_found: bool  # store as `previous_not_found` for the next attempt
    awaiting_confirmation: bool = False  # one not-found seen; the next decides absence


CONFIRMED_MISSING = "Not found on two consecutive checks, so it is no longer published."
FIRST_NOT_FOUND = (
    "The last check did not find it; a second check will confirm before it counts as absent."
)
KEPT_LAST_GOOD = "The latest check failed; the verdict shown is from the last successful check."


def reconcile(new: CheckResult, previous: PreviousState) -> Reconciled:
    """Return the effective verdict and evidence for `new` given the previous state."""
    if new.failure is None:
        return Reconciled(new.verdict, new.reasons, new.evidence, None, False, False)
    not_found = new.failure.kind is FailureKind.NOT_FOUND
    if not_found and previous.previous_not_found:
        reasons = (CONFIRMED_MISSING, *new.reasons)
        return Reconciled(Verdict.ABSENT, reasons, new.evidence, new.failure, False, True)
    if previous.last_good is not None:
        return _keep_last_good(new, previous.last_good, not_found)
    return Reconciled(
        Verdict.UNVERIFIED,
        new.reasons,
        new.evidence,
        new.failure,
        stale=False,
        not_found=not_found,
        awaiting_confirmation=not_found,
    )


def _keep_last_good(new: CheckResult, good: CheckResult, not_found: bool) -> Reconciled:
    note = FIRST_NOT_FOUND if not_found else KEPT_LAST_GOOD
    return Reconciled(
        good.verdict,
        (note, *new.reasons, *good.reasons),
        good.evidence,
        new.failure,
        stale=True,
        not_found=not_found,
        awaiting_confirmation=not_found,
    )
