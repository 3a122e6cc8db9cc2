"""Which sections of a licence file apply to the code in question: the file's own scoping.

The rule: an artifact follows the least open licence its licence file holds, unless the
file itself scopes a section to named paths ("Files under third_party/ are licensed
under ...") and none of the code in question lies there. Then that section is set aside,
and the evidence says which reading was taken and why. A scope naming no path (a
component's name) never sets a section aside.
"""

from __future__ import annotations

from collections.abc import Iterable

from registry.checks.licence_text import LicenceSection, covers

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
    paths = list(code_paths)
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
        f"{named} {section.lines} license {_paths(section.scope)} under {section.licence}, "
        f"and code in question is there ({_examples(inside)}): that section counts, and the "
        "least open reading decides."
    )


def _set_aside(
    named: str, section: LicenceSection, paths: list[str], taken: list[LicenceSection]
) -> str:
    main = ", ".join(f"{s.licence} ({s.lines})" for s in taken) or "no other section"
    code = f" ({_examples(paths)})" if paths else ""
    return (
        f"{named} {section.lines} license only {_paths(section.scope)} under {section.licence}, "
        f"and none of the code in question{code} is there, so that section is set aside as "
        f"the file itself scopes it: the reading taken is {main}."
    )


def _paths(scope: tuple[str, ...]) -> str:
    return ", ".join(scope)


def _examples(paths: list[str]) -> str:
    more = f" and {len(paths) - MAX_EXAMPLES} more" if len(paths) > MAX_EXAMPLES else ""
    return ", ".join(paths[:MAX_EXAMPLES]) + more
