"""The European Open Source AI Index: its grades mapped to our pillars, and where they differ.

OSAI's experts grade each dimension open, partial or closed and link the evidence they
used. Its availability dimensions name the same things our pillars do, so each is compared
with the verdict our checkers reached; the licence judgement is compared with the licences
our evidence found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from registry.frameworks import verification as v
from registry.frameworks.mof_evidence import Agreement
from registry.model import LicenceClass, Pillar, Verdict


class Grade(StrEnum):
    """An OSAI judgement of one dimension."""

    OPEN = "open"
    PARTIAL = "partial"
    CLOSED = "closed"


# OSAI's availability dimensions -> the pillar whose evidence answers the same question.
AVAILABILITY: Mapping[str, Pillar] = MappingProxyType(
    {
        "datasources_basemodel": Pillar.DATA,
        "datasources_endmodel": Pillar.DATA,
        "weights_basemodel": Pillar.WEIGHTS,
        "weights_endmodel": Pillar.WEIGHTS,
        "trainingcode": Pillar.CODE,
    }
)
LICENCE_DIMENSION = "licenses"

# The verdict that means the same as each grade: partial is published with strings attached.
GRADE_VERDICT: Mapping[Grade, Verdict] = MappingProxyType(
    {Grade.OPEN: Verdict.OPEN, Grade.PARTIAL: Verdict.RESTRICTED, Grade.CLOSED: Verdict.ABSENT}
)
VERDICT_GRADE: Mapping[Verdict, Grade] = MappingProxyType(
    {verdict: grade for grade, verdict in GRADE_VERDICT.items()}
)


@lru_cache(maxsize=1)
def dimensions() -> Mapping[str, Mapping[str, str]]:
    """Return OSAI's dimensions by group (availability, documentation, access), in order."""
    path = resources.files("registry") / "data" / "osai" / "dimensions.yml"
    groups = yaml.safe_load(path.read_text(encoding="utf-8"))
    return MappingProxyType({g: MappingProxyType(dict(d)) for g, d in groups.items()})


def dimension_names() -> tuple[str, ...]:
    """Return every dimension an OSAI file may grade."""
    return tuple(name for group in dimensions().values() for name in group)


@dataclass(frozen=True)
class Judgement:
    """One graded dimension with the links its graders gave as evidence."""

    dimension: str
    grade: Grade
    links: tuple[str, ...] = ()
    notes: str | None = None


@dataclass(frozen=True)
class OsaiEntry:
    """One OSAI model entry: the system, its organisation and the graded dimensions."""

    system: str
    organisation: str
    judgements: Mapping[str, Judgement]
    system_link: str | None = None
    base_model: str | None = None
    end_model: str | None = None
    end_model_licence: str | None = None
    details: Mapping[str, str] = field(default_factory=dict)
    organisation_links: tuple[str, ...] = ()

    @property
    def release_name(self) -> str:
        """Return the model the entry grades: the end model when named."""
        return self.end_model or self.system


@dataclass(frozen=True)
class DimensionComparison:
    """One OSAI judgement beside what our evidence says, in plain words."""

    dimension: str
    pillar: Pillar | None  # None for the licence judgement
    grade: Grade
    links: tuple[str, ...]
    notes: str | None
    ours: str | None  # our verdict (or licence reading), None when we cannot say
    agreement: Agreement
    explanation: str


def compare_osai(
    entry: OsaiEntry, checks: Sequence[v.ArtifactCheck]
) -> tuple[DimensionComparison, ...]:
    """Compare each availability judgement and the licence judgement with our evidence."""
    found = [
        _availability(entry.judgements[name], pillar, checks)
        for name, pillar in AVAILABILITY.items()
        if name in entry.judgements
    ]
    if LICENCE_DIMENSION in entry.judgements:
        found.append(_licences(entry.judgements[LICENCE_DIMENSION], checks))
    return tuple(found)


def _availability(
    judgement: Judgement, pillar: Pillar, checks: Sequence[v.ArtifactCheck]
) -> DimensionComparison:
    mine = v.for_pillar(checks, pillar)
    # A pillar with nothing declared scores absent; that is our answer, not a gap.
    verdict = v.pillar_verdict(mine) or Verdict.ABSENT
    said = _graded(judgement)
    if verdict is Verdict.UNVERIFIED:
        agreement = Agreement.UNCONFIRMED
    else:
        agreement = (
            Agreement.AGREE if GRADE_VERDICT[judgement.grade] is verdict else Agreement.DISAGREE
        )
    if not mine:
        ours = f"we verified {pillar.value}: absent, no {pillar.value} artifact is declared"
    else:
        reason = v.reason_of(v.deciding_check(mine)).rstrip(".")
        ours = f"we verified {pillar.value} at {v.where(mine)}: {verdict.value} ({reason})"
    return DimensionComparison(
        judgement.dimension, pillar, judgement.grade, judgement.links, judgement.notes,
        verdict.value, agreement, f"{said}; {ours}.",
    )  # fmt: skip


def licence_grade(checks: Sequence[v.ArtifactCheck]) -> Grade | None:
    """Return our licence findings as an OSAI grade: all open, some open, none open."""
    classes = {f.licence_class for c in checks for f in c.licences}
    classes.discard(LicenceClass.UNKNOWN)
    if not classes:
        return None
    if classes == {LicenceClass.OPEN}:
        return Grade.OPEN
    return Grade.PARTIAL if LicenceClass.OPEN in classes else Grade.CLOSED


def _licences(judgement: Judgement, checks: Sequence[v.ArtifactCheck]) -> DimensionComparison:
    ours = licence_grade(checks)
    said = _graded(judgement)
    if ours is None:
        agreement, words = Agreement.UNCONFIRMED, "our evidence has found no licence to compare yet"
    else:
        agreement = Agreement.AGREE if ours is judgement.grade else Agreement.DISAGREE
        found = sorted({f.expression for c in checks for f in c.licences})
        words = f"the licences our evidence found ({', '.join(found)}) read as {ours.value}"
    return DimensionComparison(
        judgement.dimension, None, judgement.grade, judgement.links, judgement.notes,
        ours.value if ours else None, agreement, f"{said}; {words}.",
    )  # fmt: skip


def _graded(judgement: Judgement) -> str:
    evidence = f" (evidence: {', '.join(judgement.links)})" if judgement.links else ""
    return f"OSAI grades {judgement.dimension} {judgement.grade.value}{evidence}"


ATTRIBUTION = (
    "European Open Source AI Index, https://osai-index.eu/ (CC-BY-4.0; Liesenfeld and "
    "Dingemanse 2024, FAccT)"
)


def entry_to_dict(entry: OsaiEntry) -> dict[str, Any]:
    """Return an entry as plain data: the system, the organisation, every judgement."""
    return {
        "system": {
            "name": entry.system,
            "link": entry.system_link,
            "basemodelname": entry.base_model,
            "endmodelname": entry.end_model,
            "endmodellicense": entry.end_model_licence,
            **entry.details,
        },
        "org": {"name": entry.organisation, "link": list(entry.organisation_links)},
        "judgements": {
            name: {"class": j.grade.value, "link": list(j.links), "notes": j.notes}
            for name, j in entry.judgements.items()
        },
        "attribution": ATTRIBUTION,
    }


def entry_from_dict(data: Mapping[str, Any]) -> OsaiEntry:
    """Rebuild an entry from `entry_to_dict`'s output (stored claims are trusted)."""
    system, org = data["system"], data["org"]
    judgements = {
        name: Judgement(
            name, Grade(item["class"]), tuple(item.get("link") or ()), item.get("notes")
        )
        for name, item in data["judgements"].items()
    }
    details = {k: system[k] for k in ("type", "performanceclass", "releasedate", "notes")
               if system.get(k) is not None}  # fmt: skip
    return OsaiEntry(
        system=system["name"],
        organisation=org["name"],
        judgements=judgements,
        system_link=system.get("link"),
        base_model=system.get("basemodelname"),
        end_model=system.get("endmodelname"),
        end_model_licence=system.get("endmodellicense"),
        details=details,
        organisation_links=tuple(org.get("link") or ()),
    )
