"""Failure semantics: failures keep the last good evidence; absence needs two not-founds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from registry.model import (
    ArtifactKind,
    ArtifactRef,
    CheckResult,
    Evidence,
    Failure,
    FailureKind,
    Pillar,
    Verdict,
)
from registry.reconcile import PreviousState, reconcile

ARTIFACT = ArtifactRef(Pillar.WEIGHTS, ArtifactKind.HF_MODEL, "lab/m")
OLD = datetime(2024, 1, 1, tzinfo=UTC)
NEW = datetime(2024, 2, 1, tzinfo=UTC)


def evidence(at: datetime) -> Evidence:
    return Evidence("weights", "1.0.0", "https://hub.example", "lab/m", at)


GOOD = CheckResult(ARTIFACT, Verdict.OPEN, ("all good",), evidence(OLD))


def failed(kind: FailureKind) -> CheckResult:
    failure = Failure(kind, f"{kind} happened")
    return CheckResult(ARTIFACT, Verdict.UNVERIFIED, ("could not finish",), evidence(NEW), failure)


def test_a_success_is_taken_as_it_is() -> None:
    fresh = CheckResult(ARTIFACT, Verdict.RESTRICTED, ("gated",), evidence(NEW))
    result = reconcile(fresh, PreviousState(last_good=GOOD, previous_not_found=True))
    assert (result.verdict, result.evidence, result.stale) == (
        Verdict.RESTRICTED,
        fresh.evidence,
        False,
    )
    assert result.failure is None and result.not_found is False


@pytest.mark.parametrize(
    "kind", [FailureKind.TIMEOUT, FailureKind.SERVER_ERROR, FailureKind.REFUSED]
)
def test_a_failure_keeps_the_last_good_evidence_as_stale(kind: FailureKind) -> None:
    result = reconcile(failed(kind), PreviousState(last_good=GOOD))
    assert result.verdict is Verdict.OPEN
    assert result.evidence == GOOD.evidence
    assert result.stale is True
    assert result.failure is not None and result.failure.kind is kind
    assert "last successful check" in result.reasons[0]


def test_a_failure_without_history_is_unverified() -> None:
    result = reconcile(failed(FailureKind.TIMEOUT), PreviousState())
    assert result.verdict is Verdict.UNVERIFIED
    assert result.stale is False


def test_one_not_found_after_a_success_is_not_yet_absent() -> None:
    result = reconcile(failed(FailureKind.NOT_FOUND), PreviousState(last_good=GOOD))
    assert result.verdict is Verdict.OPEN
    assert result.stale is True
    assert result.not_found is True and result.awaiting_confirmation is True
    assert "second check will confirm" in result.reasons[0]


def test_a_second_consecutive_not_found_confirms_absence() -> None:
    previous = PreviousState(last_good=GOOD, previous_not_found=True)
    result = reconcile(failed(FailureKind.NOT_FOUND), previous)
    assert result.verdict is Verdict.ABSENT
    assert result.stale is False
    assert result.evidence == failed(FailureKind.NOT_FOUND).evidence
    assert "two consecutive checks" in result.reasons[0]


def test_another_failure_in_between_resets_the_not_found_streak() -> None:
    after_timeout = reconcile(failed(FailureKind.TIMEOUT), PreviousState(GOOD, True))
    assert after_timeout.not_found is False
    previous = PreviousState(last_good=GOOD, previous_not_found=after_timeout.not_found)
    assert reconcile(failed(FailureKind.NOT_FOUND), previous).verdict is Verdict.OPEN


def test_never_found_twice_is_absent_and_once_is_unverified() -> None:
    first = reconcile(failed(FailureKind.NOT_FOUND), PreviousState())
    assert first.verdict is Verdict.UNVERIFIED and first.awaiting_confirmation
    second = reconcile(failed(FailureKind.NOT_FOUND), PreviousState(None, first.not_found))
    assert second.verdict is Verdict.ABSENT
