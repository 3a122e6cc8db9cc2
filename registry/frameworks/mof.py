"""The class a MOF 1.0 model file claims, computed exactly as the Model Openness Tool.

The file itself (dataclasses, MOT's dict form) is `registry.frameworks.mof_file`.
Ported from MOT's ModelEvaluator and ModelUpdater (commit 8b5d30e9):
- a component's licence is its own, else the release's licence for the component's content
  type, else the `distribution` licence, else "unlicensed"; a component licence of
  "unlicensed" or "" stops the fallback;
- a required component counts ("included") when listed with a licence MOT calls open;
  optional components never count; type-appropriateness only warns;
- classes are cumulative (III: 6 required components, II: 10, I: 14); a research paper may
  stand in for the technical report; progress towards a class is 0 until every less
  demanding class is complete, and the class is the most demanding one at 100%.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

# The file's own shapes live in mof_file; re-exported so importers keep one way in.
from registry.frameworks.mof_file import LICENCE_TYPES as LICENCE_TYPES
from registry.frameworks.mof_file import ComponentEntry as ComponentEntry
from registry.frameworks.mof_file import GlobalLicence as GlobalLicence
from registry.frameworks.mof_file import MofDocument as MofDocument
from registry.frameworks.mof_file import document_from_dict as document_from_dict
from registry.frameworks.mof_file import document_to_dict as document_to_dict
from registry.frameworks.mof_rules import (
    CLASS_LABELS,
    CLASSES,
    RESEARCH_PAPER,
    TECHNICAL_REPORT,
    MofRules,
    mof_rules,
)

UNLICENSED = "unlicensed"


class Status(StrEnum):
    """Where MOT files a component when it evaluates a class."""

    INCLUDED = "included"  # required, listed, open licence: it counts
    OPTIONAL = "optional"  # optional, listed, open licence: shown, never counted
    MISSING = "missing"  # required and not listed
    INVALID = "invalid"  # listed under a licence MOT does not call open
    UNLICENSED = "unlicensed"  # listed with no licence at any level


@dataclass(frozen=True)
class ClassEvaluation:
    """One class: where each of its components stands, the licences read, and progress."""

    mof_class: int
    components: Mapping[Status, tuple[int, ...]]
    licences: Mapping[int, str]
    progress: float

    def status_of(self, cid: int) -> Status | None:
        """Return the status MOT reports for a component (included, invalid, unlicensed)."""
        return _status(self.components, cid)


@dataclass(frozen=True)
class MofEvaluation:
    """A file's evaluation: each class, the class reached and the type warnings."""

    classes: Mapping[int, ClassEvaluation]
    mof_class: int  # 0: unclassified
    not_type_appropriate: tuple[int, ...]

    @property
    def label(self) -> str:
        """Return MOT's label for the class reached."""
        return CLASS_LABELS[self.mof_class]


_Lists = dict[Status, list[int]]


def evaluate(document: MofDocument, rules: MofRules | None = None) -> MofEvaluation:
    """Return the class a MOF file claims, with MOT's per-class evaluation and progress."""
    rules = rules or mof_rules()
    lists: dict[int, _Lists] = {}
    licences: dict[int, dict[int, str]] = {}
    warnings: list[int] = []
    required: list[int] = []
    optional: list[int] = []
    for mof_class in CLASSES:
        lists[mof_class] = {status: [] for status in Status}
        licences[mof_class] = {}
        required += rules.required(mof_class)
        optional += rules.optional(mof_class)
        for ids, status in ((required, Status.INCLUDED), (optional, Status.OPTIONAL)):
            _evaluate_components(document, rules, ids, status, lists[mof_class],
                                 licences[mof_class], warnings)  # fmt: skip
    _research_paper_for_report(lists, licences)
    progress = {c: _progress(rules, lists, c) for c in CLASSES}
    classes = {
        c: ClassEvaluation(
            c,
            MappingProxyType({s: tuple(ids) for s, ids in lists[c].items()}),
            MappingProxyType(licences[c]),
            progress[c],
        )
        for c in CLASSES
    }
    reached = min((c for c in CLASSES if progress[c] == 100.0), default=0)
    return MofEvaluation(MappingProxyType(classes), reached, tuple(warnings))


def resolve_licence(document: MofDocument, rules: MofRules, cid: int) -> str:
    """Return a listed component's licence: its own, its type's, the distribution's."""
    entry = _entry(document, rules, cid)
    if entry is not None and entry.licence is not None:
        own = entry.licence
        return own if own and own != UNLICENSED else UNLICENSED
    content_type = rules.component(cid).content_type
    for key in (content_type, "distribution"):
        licence = document.licences.get(key)
        if licence is not None and licence.name:
            return licence.name
    return UNLICENSED


def listed_ids(document: MofDocument, rules: MofRules) -> tuple[int, ...]:
    """Return the ids of the components a file lists (unknown names are not counted)."""
    found = (rules.by_name(entry.name) for entry in document.components)
    return tuple(c.id for c in found if c is not None)


def _entry(document: MofDocument, rules: MofRules, cid: int) -> ComponentEntry | None:
    name = rules.component(cid).name
    # MOT keys components by id, so a later entry with the same name wins.
    return next((e for e in reversed(document.components) if e.name == name), None)


def _evaluate_components(
    document: MofDocument,
    rules: MofRules,
    ids: list[int],
    status: Status,
    lists: _Lists,
    licences: dict[int, str],
    warnings: list[int],
) -> None:
    listed = listed_ids(document, rules)
    for cid in ids:
        if cid not in listed:
            if status is Status.INCLUDED:
                lists[Status.MISSING].append(cid)
            continue
        licence = resolve_licence(document, rules, cid)
        is_open = rules.is_open(licence)
        if is_open:
            lists[status].append(cid)
            fits = rules.is_type_appropriate(licence, rules.component(cid).content_type)
            if not fits and cid not in warnings:
                warnings.append(cid)
        elif licence == UNLICENSED:
            lists[Status.UNLICENSED].append(cid)
        else:
            lists[Status.INVALID].append(cid)
        licences[cid] = licence


def _status(lists: Mapping[Status, Any], cid: int) -> Status | None:
    for status in (Status.INCLUDED, Status.INVALID, Status.UNLICENSED):
        if cid in lists[status]:
            return status
    return None


def _research_paper_for_report(
    lists: dict[int, _Lists], licences: dict[int, dict[int, str]]
) -> None:
    # MOT: the technical report may be omitted when a research paper is listed; the paper
    # then takes the report's place in Classes III and II with the same status.
    if _status(lists[3], TECHNICAL_REPORT) is Status.INCLUDED:
        return
    paper = _status(lists[1], RESEARCH_PAPER)
    if paper is None:
        return
    for mof_class in CLASSES:
        missing = lists[mof_class][Status.MISSING]
        if TECHNICAL_REPORT in missing:
            missing.remove(TECHNICAL_REPORT)
    licence = licences[1].get(RESEARCH_PAPER, "")
    for mof_class in (2, 3):
        lists[mof_class][paper].append(RESEARCH_PAPER)
        licences[mof_class][RESEARCH_PAPER] = licence


def _progress(rules: MofRules, lists: dict[int, _Lists], target: int) -> float:
    # MOT's getProgress: walk from Class III down to the target, stop at the first class
    # not met; a class below the target not met means no progress at all on the target.
    total = included = 0
    current = 3
    while current >= target:
        total += len(rules.required(current))
        included = len(lists[current][Status.INCLUDED])
        if included < total:
            break
        current -= 1
    if current > target:
        return 0.0
    report = _status(lists[1], TECHNICAL_REPORT)
    paper = _status(lists[1], RESEARCH_PAPER)
    if target == 1 and report is not Status.INCLUDED and paper is Status.INCLUDED:
        total -= 1  # Class I: the paper stands in for the report, one fewer required
    return min(included / total * 100, 100.0)
