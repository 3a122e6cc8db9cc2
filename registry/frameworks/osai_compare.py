"""Every OSAI dimension beside our evidence, or "no evidence of ours" where we have none.

- Availability: end-model weights against the release's own weights; base-model weights
  against the base model's artifact when the graders linked one (or the release's own when
  the entry names no distinct base model); base and end data against the artifacts at the
  links given for each; training code against the release's code.
- Access: the licence judgement against the licences our evidence found.
- Documentation: our checkers do not judge documentation, and say so.
A grade left empty is "not graded": shown, never compared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from registry.frameworks import verification as v
from registry.frameworks.artifacts import base_model_locator, dimension_locators
from registry.frameworks.mof_evidence import Agreement
from registry.frameworks.osai import (
    AVAILABILITY,
    LICENCE_DIMENSION,
    Dimension,
    Grade,
    Judgement,
    OsaiEntry,
    dimensions,
)
from registry.model import LicenceClass, Pillar, Verdict

# The verdict that means the same as each grade: partial is published with strings attached.
GRADE_VERDICT: Mapping[Grade, Verdict] = MappingProxyType(
    {Grade.OPEN: Verdict.OPEN, Grade.PARTIAL: Verdict.RESTRICTED, Grade.CLOSED: Verdict.ABSENT}
)
NO_EVIDENCE = "no evidence of ours"
# What we say for a dimension no checker can answer.
UNCHECKED = {
    "Documentation": "our checkers do not judge documentation",
}


@dataclass(frozen=True)
class DimensionComparison:
    """One OSAI dimension: the grade, its notes and links, beside what our evidence says."""

    dimension: Dimension
    judgement: Judgement
    pillar: Pillar | None
    ours: str | None  # our verdict (or licence reading); None: no evidence of ours
    agreement: Agreement
    explanation: str


@dataclass(frozen=True)
class _Ours:
    """What our evidence says about one dimension."""

    checks: tuple[v.ArtifactCheck, ...]
    subject: str  # "the end model's weights"
    missing: str  # why we have no evidence, when `checks` is empty


def compare_osai(
    entry: OsaiEntry,
    checks: Sequence[v.ArtifactCheck],
    base_checks: Sequence[v.ArtifactCheck] = (),
) -> tuple[DimensionComparison, ...]:
    """Compare each of the entry's dimensions with our evidence (`base_checks`: base model's)."""
    return tuple(
        _compare(
            d, entry.judgements.get(d.ref) or Judgement(d.ref, None), entry, checks, base_checks
        )
        for d in dimensions()
    )


def _compare(
    dimension: Dimension,
    judgement: Judgement,
    entry: OsaiEntry,
    checks: Sequence[v.ArtifactCheck],
    base_checks: Sequence[v.ArtifactCheck],
) -> DimensionComparison:
    if dimension.ref == LICENCE_DIMENSION:
        return _licences(dimension, judgement, checks)
    pillar = AVAILABILITY.get(dimension.ref)
    if pillar is None:
        why = UNCHECKED.get(dimension.group, "no checker answers this dimension")
        return _no_evidence(dimension, judgement, None, why)
    ours = _evidence_for(dimension.ref, entry, checks, base_checks)
    if not ours.checks:
        return _no_evidence(dimension, judgement, pillar, ours.missing)
    return _availability(dimension, judgement, pillar, ours)


def _evidence_for(
    ref: str,
    entry: OsaiEntry,
    checks: Sequence[v.ArtifactCheck],
    base_checks: Sequence[v.ArtifactCheck],
) -> _Ours:
    pillar = AVAILABILITY[ref]
    mine = v.for_pillar(checks, pillar)
    if ref == "weights_endmodel":
        return _Ours(mine, "the end model's weights", "the release declares no weights we check")
    if ref == "weights_basemodel":
        return _base_weights(entry, mine, base_checks)
    if ref == "trainingcode":
        return _Ours(mine, "the training code", "the release declares no code repository")
    wanted = dimension_locators(entry, ref)
    chosen = tuple(c for c in mine if c.ref.locator.lower() in wanted)
    which = "base model's" if ref.endswith("basemodel") else "end model's"
    return _Ours(chosen, f"the {which} data",
                 "the graders' links locate no dataset we check")  # fmt: skip


def _base_weights(
    entry: OsaiEntry, mine: Sequence[v.ArtifactCheck], base_checks: Sequence[v.ArtifactCheck]
) -> _Ours:
    locator = base_model_locator(entry)
    subject = "the base model's weights"
    if locator is None:
        if not entry.base_model or entry.base_model == entry.end_model:
            # OSAI: with no distinct base model, the base-model grades mirror the end model's.
            return _Ours(tuple(mine), subject, "the release declares no weights we check")
        return _Ours((), subject, f"no Hub link to the base model {entry.base_model} was given")
    own = tuple(c for c in mine if c.ref.locator.lower() == locator.lower())
    found = own or tuple(c for c in base_checks if c.ref.locator.lower() == locator.lower())
    return _Ours(found, subject, f"the base model {locator} is not a release in the registry")


def _availability(
    dimension: Dimension, judgement: Judgement, pillar: Pillar, ours: _Ours
) -> DimensionComparison:
    verdict = v.pillar_verdict(ours.checks) or Verdict.UNVERIFIED
    if judgement.grade is None:
        agreement = Agreement.NOT_GRADED
    elif verdict is Verdict.UNVERIFIED:
        agreement = Agreement.UNCONFIRMED
    else:
        same = GRADE_VERDICT[judgement.grade] is verdict
        agreement = Agreement.AGREE if same else Agreement.DISAGREE
    reason = v.reason_of(v.deciding_check(ours.checks)).rstrip(".")
    said = f"we verified {ours.subject} at {v.where(ours.checks)}: {verdict.value} ({reason})"
    return DimensionComparison(
        dimension,
        judgement,
        pillar,
        verdict.value,
        agreement,
        f"{_graded(dimension, judgement)}; {said}.",
    )


def licence_grade(checks: Sequence[v.ArtifactCheck]) -> Grade | None:
    """Return our licence findings as an OSAI grade: all open, some open, none open."""
    classes = {f.licence_class for c in checks for f in c.licences}
    classes.discard(LicenceClass.UNKNOWN)
    if not classes:
        return None
    if classes == {LicenceClass.OPEN}:
        return Grade.OPEN
    return Grade.PARTIAL if LicenceClass.OPEN in classes else Grade.CLOSED


def _licences(
    dimension: Dimension, judgement: Judgement, checks: Sequence[v.ArtifactCheck]
) -> DimensionComparison:
    ours = licence_grade(checks)
    if ours is None:
        return _no_evidence(dimension, judgement, None, "our evidence has found no licence yet")
    if judgement.grade is None:
        agreement = Agreement.NOT_GRADED
    else:
        agreement = Agreement.AGREE if ours is judgement.grade else Agreement.DISAGREE
    found = sorted({f.expression for c in checks for f in c.licences})
    words = f"the licences our evidence found ({', '.join(found)}) read as {ours.value}"
    return DimensionComparison(
        dimension,
        judgement,
        None,
        ours.value,
        agreement,
        f"{_graded(dimension, judgement)}; {words}.",
    )


def _no_evidence(
    dimension: Dimension, judgement: Judgement, pillar: Pillar | None, why: str
) -> DimensionComparison:
    explanation = f"{_graded(dimension, judgement)}; {NO_EVIDENCE}: {why}."
    return DimensionComparison(
        dimension, judgement, pillar, None, Agreement.NO_EVIDENCE, explanation
    )


def _graded(dimension: Dimension, judgement: Judgement) -> str:
    if judgement.grade is None:
        return f"OSAI leaves {dimension.title} not graded"
    return f"OSAI grades {dimension.title} {judgement.grade.value}"
