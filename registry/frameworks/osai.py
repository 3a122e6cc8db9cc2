"""The European Open Source AI Index: its entries, its dimensions, as the index defines them.

The dimensions, their groups and titles come from the index's own `_parameters.yml`; the
system and organisation fields from its readme (both copied in registry/data/osai). OSAI's
experts grade each dimension open, partial or closed, or leave it empty (not graded), and
link the evidence they used. `osai_compare` puts each grade beside our evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from registry.model import Pillar

# The readme's fields of `system` and `org`, in its order.
SYSTEM_FIELDS = (
    "name", "link", "type", "performanceclass", "basemodelname", "endmodelname",
    "endmodellicense", "releasedate", "notes",
)  # fmt: skip
ORG_FIELDS = ("name", "link", "notes")
DETAIL_FIELDS = ("type", "performanceclass", "releasedate", "notes")

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
ATTRIBUTION = (
    "European Open Source AI Index, https://osai-index.eu/ (CC-BY-4.0; Liesenfeld and "
    "Dingemanse 2024, FAccT; index files doi:10.5281/zenodo.15386042)"
)


class Grade(StrEnum):
    """An OSAI judgement of one dimension."""

    OPEN = "open"
    PARTIAL = "partial"
    CLOSED = "closed"


@dataclass(frozen=True)
class Dimension:
    """One dimension as `_parameters.yml` defines it."""

    ref: str
    title: str
    group: str  # Availability, Documentation or Access
    question: str = ""


@lru_cache(maxsize=1)
def dimensions() -> tuple[Dimension, ...]:
    """Return OSAI's dimensions in the index's order, with their group and question."""
    groups = yaml.safe_load(_read("_parameters.yml"))
    questions = yaml.safe_load(_read("_parameters-descriptions.yml"))
    return tuple(
        Dimension(p["ref"], p["name"].strip(), g["name"], _question(questions, p["ref"]))
        for g in groups
        for p in g["params"]
    )


def _question(questions: Mapping[str, Any], ref: str) -> str:
    return str((questions.get(ref) or {}).get("en", "")).strip()


def dimension_names() -> tuple[str, ...]:
    """Return every dimension an OSAI file may grade."""
    return tuple(d.ref for d in dimensions())


def _read(name: str) -> str:
    return (resources.files("registry") / "data" / "osai" / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Judgement:
    """One dimension as graded (None: left empty, not graded), with the evidence links."""

    dimension: str
    grade: Grade | None
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
    organisation_notes: str | None = None

    @property
    def release_name(self) -> str:
        """Return the model the entry grades: the end model when named."""
        return self.end_model or self.system

    def links_of(self, dimension: str) -> tuple[str, ...]:
        """Return the evidence links of one dimension (none when it is not graded)."""
        judgement = self.judgements.get(dimension)
        return judgement.links if judgement is not None else ()


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
        "org": {
            "name": entry.organisation,
            "link": list(entry.organisation_links),
            "notes": entry.organisation_notes,
        },
        "judgements": {
            name: {
                "class": j.grade.value if j.grade else None,
                "link": list(j.links),
                "notes": j.notes,
            }
            for name, j in entry.judgements.items()
        },  # fmt: skip
        "attribution": ATTRIBUTION,
    }


def entry_from_dict(data: Mapping[str, Any]) -> OsaiEntry:
    """Rebuild an entry from `entry_to_dict`'s output (stored claims are trusted)."""
    system, org = data["system"], data["org"]
    judgements = {
        name: Judgement(
            name,
            Grade(item["class"]) if item.get("class") else None,
            tuple(item.get("link") or ()),
            item.get("notes"),
        )
        for name, item in data["judgements"].items()
    }
    return OsaiEntry(
        system=system["name"],
        organisation=org["name"],
        judgements=judgements,
        system_link=system.get("link"),
        base_model=system.get("basemodelname"),
        end_model=system.get("endmodelname"),
        end_model_licence=system.get("endmodellicense"),
        details={k: system[k] for k in DETAIL_FIELDS if system.get(k) is not None},
        organisation_links=tuple(org.get("link") or ()),
        organisation_notes=org.get("notes"),
    )
