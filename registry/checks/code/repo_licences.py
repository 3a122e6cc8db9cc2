"""The software licence of the repositories a code check read: files first, then the README.

Each licence file at a repository's root is read section by section (`licences.files`);
a repository with no readable licence file falls back to its README's licence section.
The artifact's own repository is read, and every followed one that holds training code.
A licence the release declares is a claim: compared with what the repositories state,
never used in their place.
"""

from __future__ import annotations

import re

from registry.checks.base import Observation
from registry.checks.code.repos import Inspected
from registry.checks.doubts import DoubtId
from registry.checks.licences import files as licence_files
from registry.checks.licences import sources as licences
from registry.licences import classify_licence, normalise_licence
from registry.model import ArtifactRef, LicenceClass, LicenceFinding, LicenceKind

KIND = LicenceKind.SOFTWARE  # code is software, whatever licence the weights carry


def record_licences(
    seen: Observation, artifact: ArtifactRef, sources: list[Inspected]
) -> list[str]:
    """Record the licences `sources` state (and unreadable texts); return their reasons."""
    reasons: list[str] = []
    unreadable: list[str] = []
    sections: list[dict[str, object]] = []
    for repo in sources:
        found, said, unread, facts = _licence_of(repo)
        seen.licences += found
        reasons += said
        unreadable += unread
        sections += facts
    if sections:
        seen.facts["licence_sections"] = sections
    if unreadable:
        beside = _beside(artifact, seen.licences)
        seen.doubt(DoubtId.LICENCE_TEXT_UNREADABLE, "; ".join(unreadable) + beside + ".")
    return reasons + _declared_note(artifact, seen.licences)


def _licence_of(
    repo: Inspected,
) -> tuple[list[LicenceFinding], list[str], list[str], list[dict[str, object]]]:
    texts = repo.inspection.texts
    label = _label(repo)
    code_paths = [p for paths in repo.training.signals.values() for p in paths] or None
    readings = [
        licence_files.read_licence_file(path, text, KIND, label=label, code_paths=code_paths)
        for path, text in texts.items()
        if "/" not in path and licences.is_licence_file(path)
    ]
    found = [r.finding for r in readings if r.finding is not None]
    reasons = [reason for r in readings for reason in r.reasons]
    unread = [r.unreadable for r in readings if r.unreadable]
    facts = [fact for r in readings for fact in r.facts()]
    if not found:
        found += _readme_licence(repo, label)
    return found, reasons, unread, facts


def _readme_licence(repo: Inspected, label: str) -> list[LicenceFinding]:
    readme = repo.root_readme
    from_readme = licences.from_readme_section(readme, KIND) if readme else None
    if from_readme is None:
        return []
    return [
        LicenceFinding(
            from_readme.expression, label + from_readme.source, from_readme.licence_class
        )
    ]


def _label(repo: Inspected) -> str:
    if repo.external is not None:
        return f"{repo.label} "
    return f"submodule {repo.label} " if repo.label else ""


def _beside(artifact: ArtifactRef, found: list[LicenceFinding]) -> str:
    # Shown beside an unreadable text, never in its place.
    said = [f"the {f.source} says {f.expression}" for f in found]
    declared = normalise_licence(artifact.declared_licence)
    said += [f"the release declares {declared}"] if declared else []
    if not said:
        return ""
    return f". Shown beside it, which cannot stand in for the file's own terms: {'; '.join(said)}"


def _declared_note(artifact: ArtifactRef, found: list[LicenceFinding]) -> list[str]:
    # A declared licence is a claim: compared with what the repository states, never used.
    declared = normalise_licence(artifact.declared_licence)
    if declared is None or not found or classify_licence(declared, KIND) is LicenceClass.UNKNOWN:
        return []
    stated = {p.lower() for f in found for p in _parts(f.expression)}
    if all(p.lower() in stated for p in _parts(declared)):
        return []
    return [f"The release declares {declared}, which no licence source in the repository states."]


def _parts(expression: str) -> list[str]:
    return [
        p.strip("() ") for p in re.split(r"\s+(?:AND|OR|WITH)\s+", expression) if p.strip("() ")
    ]
