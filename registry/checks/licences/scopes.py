"""Which sections of a licence file apply to the code in question: the file's own scoping.

The rule: an artifact follows the least open licence its licence file holds, unless the
file itself scopes a section to named paths ("Files under third_party/ are licensed
under ...") and none of the code in question lies there. Then that section is set aside,
and the evidence says which reading was taken and why. A scope naming no path (a
component's name) never sets a section aside.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # text reads scopes with the functions below
    from registry.checks.licences.text import LicenceSection

# Scopes a section gives itself: "Files under X are licensed...", "applies to code in X".
SCOPE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"\b(?:files?|code|contents?|sources?|everything|portions?|parts?|materials?)\s+"
        r"(?:under|in|within)\s+(?P<where>.+?)\s+(?:(?:is|are)\s+)?(?:licen[cs]ed|released"
        r"|distributed|governed|covered)\b",
        re.I,
    ),
    re.compile(
        r"\bappl(?:y|ies)\s+(?:only\s+)?to\s+(?:the\s+)?(?:files?|code|contents?)\s+"
        r"(?:in|under|within)\s+(?P<where>.+?)(?:[.:;](?:\s|$)|$)",
        re.I,
    ),
    re.compile(r"\blicen[cs]e\s+(?:for|of)\s+(?:the\s+)?(?:files?\s+in\s+)?(?P<where>.+)", re.I),
)
# A path in a scope statement: `third_party/x`, data/*.json, src/foo/, "models/".
SCOPE_PATH = re.compile(r"`([^`]+)`|\b([\w.*-]+/[\w./*-]*|[\w*-]+\.[a-z]{1,5}\b)")

MAX_EXAMPLES = 3


def apply(
    named: str, sections: Iterable[LicenceSection], code_paths: Iterable[str] | None
) -> tuple[list[LicenceSection], list[str]]:
    """Return the sections that apply (in file order) and one sentence per scoped section."""
    found = list(sections)
    scoped = [s for s in found if s.scope]
    if not scoped:
        return found, []
    if code_paths is None:
        spans = ", ".join(f"{s.lines} ({_paths(s.scope)})" for s in scoped)
        return found, [
            f"{named} scopes {spans} to named paths; which files are in question is not "
            "known here, so every section counts and the least open decides."
        ]
    paths = list(dict.fromkeys(code_paths))
    taken = [s for s in found if not s.scope]
    reasons = []
    for section in scoped:
        inside = [p for p in paths if covers(section.scope, p)]
        if inside:
            taken.append(section)
            reasons.append(_counted(named, section, inside))
        else:
            reasons.append(_set_aside(named, section, paths, taken))
    return sorted(taken, key=lambda s: s.first), reasons


def _counted(named: str, section: LicenceSection, inside: list[str]) -> str:
    return (
        f"{named} {section.lines} puts {_paths(section.scope)} under {section.licence}, "
        f"and code in question is there ({_examples(inside)}): that section counts, and the "
        "least open reading decides."
    )


def _set_aside(
    named: str, section: LicenceSection, paths: list[str], taken: list[LicenceSection]
) -> str:
    main = ", ".join(f"{s.licence} ({s.lines})" for s in taken) or "no other section"
    code = f" ({_examples(paths)})" if paths else ""
    return (
        f"{named} {section.lines} puts only {_paths(section.scope)} under {section.licence}, "
        f"and none of the code in question{code} is there, so that section is set aside as "
        f"the file itself scopes it: the reading taken is {main}."
    )


def _paths(scope: tuple[str, ...]) -> str:
    return ", ".join(scope)


def _examples(paths: list[str]) -> str:
    more = f" and {len(paths) - MAX_EXAMPLES} more" if len(paths) > MAX_EXAMPLES else ""
    return ", ".join(paths[:MAX_EXAMPLES]) + more


def scope_of(head: list[str]) -> tuple[str, ...]:
    """Return the paths a section's first lines scope it to ("Files under x/ are ...")."""
    filled = [line.strip(" -=*#_~") for line in head if line.strip()]
    text = " ".join(filled[:3])
    for pattern in SCOPE_PATTERNS:
        match = pattern.search(text)
        if match:
            tokens = [a or b for a, b in SCOPE_PATH.findall(match["where"])]
            return tuple(dict.fromkeys(scope_path(t) for t in tokens if t.strip("./*")))
    return ()


def scope_path(token: str) -> str:
    """Return a scope token as a path, folder (ending in "/") or glob."""
    # "./third_party/*" -> "third_party/"; "data/x.json" stays; a bare folder gets its "/".
    path = token.strip().strip(".,;:()").removeprefix("./")
    path = (
        path.removesuffix("**").removesuffix("*")
        if path.endswith("/*") or path.endswith("/**")
        else path
    )
    if "*" in path or "." in path.rsplit("/", 1)[-1]:
        return path
    return path.rstrip("/") + "/"


def covers(scope: tuple[str, ...], path: str) -> bool:
    """Return True when a scoped section applies to `path` (folders, files or globs)."""
    return any(
        fnmatchcase(path, entry) if "*" in entry else path == entry or path.startswith(entry)
        for entry in scope
    )
