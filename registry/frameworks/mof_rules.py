"""MOF 1.0 rule data, read from MOT's own files in registry/data/mof.

The components come from mof.settings.yml; the licences from licenses.json, then
mof-licenses.json over it, which is how MOT's LicenseImporter fills its licence table (the
second file wins for an id in both, and only it says which content types suit a licence).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

FRAMEWORK_NAME = "Model Openness Framework"
FRAMEWORK_VERSION = "1.0"
# The date MOT writes in every file it exports (ModelSerializer::normalize).
FRAMEWORK_DATE = "2024-12-15"

# Licence ids MOT counts as open for data (LicenseHandler::OPEN_DATA_LICENSES), verbatim.
OPEN_DATA_LICENCES: frozenset[str] = frozenset(
    {
        "CC0-1.0",
        "CC-BY-1.0", "CC-BY-2.0", "CC-BY-2.5", "CC-BY-2.5-AU", "CC-BY-3.0", "CC-BY-3.0-AT",
        "CC-BY-3.0-AU", "CC-BY-3.0-DE", "CC-BY-3.0-IGO", "CC-BY-3.0-NL", "CC-BY-3.0-US",
        "CC-BY-4.0",
        "CC-BY-SA-1.0", "CC-BY-SA-2.0", "CC-BY-SA-2.0-UK", "CC-BY-SA-2.1-JP", "CC-BY-SA-2.5",
        "CC-BY-SA-3.0", "CC-BY-SA-3.0-AT", "CC-BY-SA-4.0",
        "CDLA-Permissive-1.0", "CDLA-Permissive-2.0", "CDLA-Sharing-1.0",
        "ODC-PDDL-1.0", "ODC-By-1.0", "ODbL-1.0",
        "GFDL-1.3",
        "OGL-Canada-2.0", "OGL-UK-2.0", "OGL-UK-3.0",
    }
)  # fmt: skip
# Licence ids MOT counts as open whatever their flags (LicenseHandler::OPEN_LICENSES).
OPEN_LICENCES: frozenset[str] = frozenset({"OpenMDW-1.0"})

# The two components MOT lets stand in for each other (ModelEvaluator constants).
TECHNICAL_REPORT = 11
RESEARCH_PAPER = 21

CLASS_LABELS: Mapping[int, str] = MappingProxyType(
    {
        0: "Unclassified",
        1: "Class I - Open Science Model",
        2: "Class II - Open Tooling Model",
        3: "Class III - Open Model",
    }
)
CLASSES = (3, 2, 1)  # from least to most demanding: Class III is contained in II, II in I


@dataclass(frozen=True)
class Component:
    """One of the 17 MOF components: its id, name, content type and class."""

    id: int
    name: str
    description: str
    content_type: str  # code, data or document
    mof_class: int
    required: bool


@dataclass(frozen=True)
class Licence:
    """A licence as MOT knows it: its exact id, its flags and the content types it suits."""

    id: str
    osi_approved: bool = False
    fsf_libre: bool = False
    content_types: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MofRules:
    """The components and licence table MOT evaluates model files with."""

    components: tuple[Component, ...]
    licences: Mapping[str, Licence]

    def component(self, cid: int) -> Component:
        """Return a component by id."""
        return next(c for c in self.components if c.id == cid)

    def by_name(self, name: str) -> Component | None:
        """Return a component by its exact name, None when MOF has no such component."""
        return next((c for c in self.components if c.name == name), None)

    def required(self, mof_class: int) -> tuple[int, ...]:
        """Return the ids of the components a class adds as required."""
        return tuple(c.id for c in self.components if c.mof_class == mof_class and c.required)

    def optional(self, mof_class: int) -> tuple[int, ...]:
        """Return the ids of the components a class lists as optional."""
        return tuple(c.id for c in self.components if c.mof_class == mof_class and not c.required)

    def is_open(self, licence: str) -> bool:
        """Return True when MOT counts the licence as open (exact id, case included)."""
        known = self.licences.get(licence)
        flagged = known is not None and (known.osi_approved or known.fsf_libre)
        return flagged or licence in OPEN_DATA_LICENCES or licence in OPEN_LICENCES

    def exact_licence_id(self, expression: str) -> str:
        """Return MOT's spelling of a licence id (MOT matches case-sensitively), else as given."""
        if expression in self.licences:
            return expression
        folded = {lid.casefold(): lid for lid in self.licences}
        return folded.get(expression.casefold(), expression)

    def is_type_appropriate(self, licence: str, content_type: str) -> bool:
        """Return True when MOT lists the licence as suited to the content type."""
        known = self.licences.get(licence)
        return known is not None and content_type in known.content_types


@lru_cache(maxsize=1)
def mof_rules() -> MofRules:
    """Return the MOF 1.0 rules read from the shipped data files."""
    settings = yaml.safe_load(_read("mof.settings.yml"))
    components = tuple(_component(item) for item in settings["components"])
    licences: dict[str, Licence] = {}
    for filename in ("licenses.json", "mof-licenses.json"):
        for item in json.loads(_read(filename))["licenses"]:
            licences[item["licenseId"]] = _licence(item)
    return MofRules(components, MappingProxyType(licences))


@lru_cache(maxsize=1)
def mof_json_schema() -> Mapping[str, Any]:
    """Return the JSON Schema MOT validates model files against."""
    schema: dict[str, Any] = json.loads(_read("mof_schema.json"))
    return schema


def schema_choices(field: str) -> tuple[str, ...]:
    """Return the values MOT's schema allows for a release field (type, architecture...)."""
    prop = mof_json_schema()["properties"]["release"]["properties"][field]
    return tuple(prop["enum"])


def _read(filename: str) -> str:
    return (resources.files("registry") / "data" / "mof" / filename).read_text(encoding="utf-8")


def _component(item: Mapping[str, Any]) -> Component:
    return Component(
        id=int(item["id"]),
        name=str(item["name"]),
        description=str(item["description"]),
        content_type=str(item["content_type"]),
        mof_class=int(item["class"]),
        required=bool(item["required"]),
    )


def _licence(item: Mapping[str, Any]) -> Licence:
    # As LicenseImporter: a missing flag is false; ContentType is a string or a list.
    types = item.get("ContentType") or []
    return Licence(
        id=str(item["licenseId"]),
        osi_approved=bool(item.get("isOsiApproved")),
        fsf_libre=bool(item.get("isFsfLibre")),
        content_types=frozenset([types] if isinstance(types, str) else types),
    )
