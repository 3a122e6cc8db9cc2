"""The vocabulary of the registry: pillars, verdicts, tiers, artifacts, evidence and scores.

Frozen dataclasses and enums only; nothing here talks to a framework, a database or
the network, so scoring and checking can be reasoned about (and tested) in isolation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Pillar(StrEnum):
    """The three things a release must publish to be open science."""

    WEIGHTS = "weights"
    CODE = "code"
    DATA = "data"


class Verdict(StrEnum):
    """How open one pillar (or one artifact) is, as far as the evidence shows."""

    OPEN = "open"
    RESTRICTED = "restricted"
    ABSENT = "absent"
    # A claim no checker could confirm: never credited, never reported as absent.
    UNVERIFIED = "unverified"


class ArtifactKind(StrEnum):
    """Where an artifact lives, which decides the checker that inspects it."""

    HF_MODEL = "hf_model"
    HF_DATASET = "hf_dataset"
    GIT = "git"
    URL = "url"


class LicenceKind(StrEnum):
    """What a licence is applied to; a licence can be open for code and not for data."""

    SOFTWARE = "software"
    DATA = "data"
    WEIGHTS = "weights"


class LicenceClass(StrEnum):
    """The openness of a licence expression for one kind of artifact."""

    OPEN = "open"
    RESTRICTED = "restricted"
    UNKNOWN = "unknown"


class FailureKind(StrEnum):
    """The small set of ways talking to the outside world can fail."""

    NOT_FOUND = "not_found"
    GATED = "gated"
    UNAUTHORISED = "unauthorised"
    TIMEOUT = "timeout"
    SERVER_ERROR = "server_error"
    RATE_LIMITED = "rate_limited"  # rate-limited by the Hub (a 429 we would not wait out)
    MALFORMED_REPLY = "malformed_reply"
    REFUSED = "refused"  # our own guard (SSRF, git injection, caps) said no


@dataclass(frozen=True)
class Tier:
    """A rung of the standard; `requires_open` and `weights_restricted` define it."""

    letter: str
    name: str
    description: str
    requires_open: frozenset[Pillar] = frozenset()
    weights_restricted: bool = False


@dataclass(frozen=True)
class ArtifactRef:
    """A published artifact a release declares: what it is, where, and under what licence."""

    pillar: Pillar
    kind: ArtifactKind
    locator: str
    declared_licence: str | None = None
    # For git artifacts: the path of the training entrypoint the lab says exists.
    entrypoint: str | None = None


@dataclass(frozen=True)
class FileFound:
    """One file a checker saw, with its size in bytes when the source reports it."""

    path: str
    size: int | None = None


@dataclass(frozen=True)
class LicenceFinding:
    """A licence statement and where it was found (card metadata, a tag, a LICENSE file...)."""

    expression: str
    source: str
    licence_class: LicenceClass


@dataclass(frozen=True)
class Failure:
    """Why a check could not reach a conclusion."""

    kind: FailureKind
    message: str


@dataclass(frozen=True)
class Evidence:
    """What a checker looked at and what it found, so anyone can retrace the verdict."""

    checker_id: str
    checker_version: str
    endpoint: str
    locator: str
    checked_at: datetime
    duration_s: float = 0.0
    revision: str | None = None
    files: tuple[FileFound, ...] = ()
    total_size: int | None = None
    licences: tuple[LicenceFinding, ...] = ()
    facts: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one artifact: a verdict, its reasons, and the evidence."""

    artifact: ArtifactRef
    verdict: Verdict
    reasons: tuple[str, ...]
    evidence: Evidence | None = None
    failure: Failure | None = None

    @property
    def failed(self) -> bool:
        """Return True when the checker could not conclude (the verdict is then unverified)."""
        return self.failure is not None


@dataclass(frozen=True)
class PillarScore:
    """One pillar's verdict for a release and the points it earns."""

    pillar: Pillar
    verdict: Verdict
    points: float
    reason: str


class ReleaseStatus(StrEnum):
    """Whether a release's tier and score stand on a confirmed weights verdict."""

    VERIFIED = "verified"
    # The weights pillar is unverified (never checked, or no check of it has succeeded):
    # the release has no tier and no score, which is not the same as tier E and 0.
    UNVERIFIED = "unverified"


class HistoryKind(StrEnum):
    """What a recorded score is, next to the records before it."""

    FIRST_VERIFIED = "first_verified"  # verified for the first time: not a change from E/0
    VERIFIED_AGAIN = "verified_again"  # verified again after its claims were unverified
    UNVERIFIED = "unverified"  # recorded unverified: new, or its claims changed
    CHANGE = "change"  # a verdict, tier or score moved


@dataclass(frozen=True)
class Attempt:
    """The latest check of one unverified artifact: where it went and how it ended."""

    endpoint: str
    failure: Failure | None = None
    # The checker's first reason when it ended without a failure yet could not conclude.
    reason: str | None = None


@dataclass(frozen=True)
class ReleaseScore:
    """A release's verdict per pillar, its 0-100 score and its tier, or why it has neither."""

    pillars: Mapping[Pillar, PillarScore]
    score: int | None
    tier: Tier | None
    status: ReleaseStatus = ReleaseStatus.VERIFIED
    status_reason: str | None = None  # why it is unverified; None once verified

    def __post_init__(self) -> None:
        unverified = self.status is ReleaseStatus.UNVERIFIED
        if (self.tier is None, self.score is None) != (unverified, unverified):
            raise ValueError("an unverified release has neither tier nor score; others have both")

    def verdict(self, pillar: Pillar) -> Verdict:
        """Return the verdict of one pillar."""
        return self.pillars[pillar].verdict


@dataclass(frozen=True)
class LabScore:
    """A lab's aggregate over its verified releases, and how many of its releases those are."""

    score: int | None  # None until at least one release is verified
    release_count: int
    tier_distribution: Mapping[str, int]  # verified releases only: the others have no tier
    verified_release_count: int = 0
