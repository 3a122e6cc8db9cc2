"""What our checks concluded about a release's artifacts, in the shape the frameworks read.

The app turns its rows into `ArtifactCheck`s; MOF and OSAI comparisons read only these,
so both frameworks see the same verification the release page shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from registry.frameworks.links import hub_url
from registry.licences import normalise_licence
from registry.model import ArtifactKind, ArtifactRef, LicenceClass, LicenceFinding, Pillar, Verdict
from registry.scoring import least_open

# How an artifact's location reads in a sentence.
KIND_WORDS: Mapping[ArtifactKind, str] = MappingProxyType(
    {
        ArtifactKind.HF_MODEL: "Hub model",
        ArtifactKind.HF_DATASET: "Hub dataset",
        ArtifactKind.GIT: "git repository",
        ArtifactKind.URL: "URL",
    }
)
NOT_CHECKED_YET = "not checked yet"


@dataclass(frozen=True)
class ArtifactCheck:
    """One declared artifact and what the latest good evidence says about it."""

    ref: ArtifactRef
    verdict: Verdict
    reasons: tuple[str, ...] = ()
    licences: tuple[LicenceFinding, ...] = ()
    last_failure: str | None = None
    # The evidence's facts (the MOF observer's `mof` among them); empty when never checked.
    facts: Mapping[str, object] = field(default_factory=dict)


def for_pillar(checks: Iterable[ArtifactCheck], pillar: Pillar) -> tuple[ArtifactCheck, ...]:
    """Return the checks of one pillar's artifacts, in declaration order."""
    return tuple(c for c in checks if c.ref.pillar is pillar)


def pillar_verdict(checks: Sequence[ArtifactCheck]) -> Verdict | None:
    """Return the least open verdict of the artifacts, None when none is declared."""
    return least_open(c.verdict for c in checks)


def deciding_check(checks: Sequence[ArtifactCheck]) -> ArtifactCheck | None:
    """Return the artifact whose verdict decides the pillar (the least open one)."""
    verdict = pillar_verdict(checks)
    return next((c for c in checks if c.verdict is verdict), None)


def found_licence(checks: Iterable[ArtifactCheck]) -> str | None:
    """Return the licence the evidence shows, SPDX-normalised; an open one first."""
    findings = [f for c in checks for f in c.licences]
    ordered = sorted(findings, key=lambda f: f.licence_class is not LicenceClass.OPEN)
    for finding in ordered:
        normalised = normalise_licence(finding.expression)
        if normalised:
            return normalised
    return None


def where(checks: Iterable[ArtifactCheck]) -> str:
    """Return where the artifacts live, for a sentence: 'allenai/dolma (Hub dataset)'."""
    return ", ".join(f"{c.ref.locator} ({KIND_WORDS[c.ref.kind]})" for c in checks)


def reason_of(check: ArtifactCheck | None) -> str:
    """Return the one sentence that best says why an artifact got its verdict."""
    if check is None:
        return ""
    if check.verdict is Verdict.UNVERIFIED:
        return check.last_failure or (check.reasons[0] if check.reasons else NOT_CHECKED_YET)
    return check.reasons[0] if check.reasons else check.verdict.value


def public_url(ref: ArtifactRef) -> str:
    """Return a link people can open for an artifact."""
    if ref.kind is ArtifactKind.HF_MODEL:
        return hub_url(ref.locator)
    if ref.kind is ArtifactKind.HF_DATASET:
        return hub_url(ref.locator, dataset=True)
    return ref.locator
