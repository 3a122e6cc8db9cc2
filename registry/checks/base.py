"""What every checker shares: the Checker shape, evidence building and failure handling.

A checker never raises for the outside world's sake: an `AdapterError` becomes an
*unverified* result carrying a `Failure`, never *absent*, because a timeout or a 500
says nothing about whether the artifact exists.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from registry.checks.doubts import Doubt, DoubtId, apply_doubts
from registry.model import (
    ArtifactKind,
    ArtifactRef,
    CheckResult,
    Evidence,
    Failure,
    FileFound,
    LicenceFinding,
    Verdict,
)
from registry.ports import AdapterError, Clients

# Evidence lists at most this many files; the counts in `facts` cover the rest.
MAX_EVIDENCE_FILES = 100


class Checker(Protocol):
    """A check of one kind of artifact: an id, words for people, and `run()`."""

    id: str
    title: str
    description: str
    version: str
    kinds: frozenset[ArtifactKind]

    def run(self, artifact: ArtifactRef, clients: Clients, now: datetime) -> CheckResult:
        """Check one artifact and return a verdict with its reasons and evidence."""
        ...


@dataclass
class Observation:
    """What a checker has seen so far; turned into `Evidence` once the check ends."""

    endpoint: str
    locator: str
    revision: str | None = None
    files: list[FileFound] = field(default_factory=list)
    file_count: int | None = None
    total_size: int | None = None
    licences: list[LicenceFinding] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)
    doubts: list[Doubt] = field(default_factory=list)

    def doubt(self, doubt_id: DoubtId, detail: str) -> None:
        """Record a doubt; `run_check` caps the verdict with it and names it in the reasons."""
        self.doubts.append(Doubt(doubt_id, detail))


@dataclass(frozen=True)
class Outcome:
    """A checker's conclusion before it is wrapped with evidence."""

    verdict: Verdict
    reasons: tuple[str, ...]


CheckBody = Callable[[Observation], Outcome]


def run_check(
    checker: Checker, artifact: ArtifactRef, now: datetime, seen: Observation, body: CheckBody
) -> CheckResult:
    """Run `body`, timing it; doubts cap its verdict; an adapter failure becomes unverified."""
    started = time.monotonic()
    try:
        outcome = body(seen)
    except AdapterError as error:
        failure = Failure(error.kind, error.message)
        reason = f"The check could not finish ({error.kind.value}): {error.message}"
        evidence = evidence_from(checker, seen, now, time.monotonic() - started)
        return CheckResult(artifact, Verdict.UNVERIFIED, (reason,), evidence, failure)
    verdict, doubt_reasons = apply_doubts(outcome.verdict, seen.doubts)
    evidence = evidence_from(checker, seen, now, time.monotonic() - started)
    return CheckResult(artifact, verdict, outcome.reasons + doubt_reasons, evidence)


def evidence_from(
    checker: Checker, seen: Observation, now: datetime, duration_s: float
) -> Evidence:
    """Freeze an observation into evidence, capping the file list."""
    facts = dict(seen.facts)
    if seen.doubts:
        facts["doubts"] = tuple(d.as_fact() for d in dict.fromkeys(seen.doubts))
    if seen.file_count is not None:
        facts.setdefault("files_listed", seen.file_count)
    if len(seen.files) > MAX_EVIDENCE_FILES:
        facts["files_omitted_from_evidence"] = len(seen.files) - MAX_EVIDENCE_FILES
    return Evidence(
        checker_id=checker.id,
        checker_version=checker.version,
        endpoint=seen.endpoint,
        locator=seen.locator,
        checked_at=now,
        duration_s=round(duration_s, 3),
        revision=seen.revision,
        files=tuple(seen.files[:MAX_EVIDENCE_FILES]),
        total_size=seen.total_size,
        licences=tuple(seen.licences),
        facts=facts,
    )


def total_size(files: Iterable[FileFound]) -> int | None:
    """Sum the known sizes; None when no size was reported at all."""
    sizes = [f.size for f in files if f.size is not None]
    return sum(sizes) if sizes else None


def human_size(size: int | None) -> str:
    """Return a size in words people read (1.4 GB), or "size unknown"."""
    if size is None:
        return "size unknown"
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{size} bytes"


def matches_any(path: str, patterns: Mapping[str, object] | Iterable[str]) -> bool:
    """Return True when a lower-cased path ends with any of the suffixes."""
    lowered = path.lower()
    return any(lowered.endswith(suffix) for suffix in patterns)
