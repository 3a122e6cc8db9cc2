"""Guidance: what would make a pillar's verdict open, derived from its evidence.

OpenSSF Scorecard gives a remediation for every check; a registry verdict should too. Each
cause the evidence records below open has one remedy: a failed check (by failure kind, from
registry.standard.FAILURE_REMEDIATION), a doubt (from DOUBT_RULES), shard files an index
lists but the repository lacks, an access gate, a licence that is restricted or not found,
and finally absence itself. Every remedy names what to publish or change, so a lab reads
"publish the 2 shard files listed in model.safetensors.index.json", not "not open".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from registry.checks.doubts import DOUBT_RULES, DoubtId
from registry.model import FailureKind, LicenceClass, Pillar, Verdict
from registry.standard import FAILURE_REMEDIATION, PILLAR_TITLES

# What to publish when a pillar's artifact is absent, by pillar.
PUBLISH: Mapping[Pillar, str] = {
    Pillar.WEIGHTS: "publish the model's weight files (such as safetensors) in {locator}",
    Pillar.CODE: (
        "publish the code that trained the model (training scripts or configs with a launch "
        "command, not only inference code) in {locator}"
    ),
    Pillar.DATA: "publish the training data files at {locator}",
}
# Open licences to suggest: software licences for code and weights, data licences for data.
OPEN_LICENCES: Mapping[Pillar, str] = {
    Pillar.WEIGHTS: "Apache-2.0 or MIT",
    Pillar.CODE: "Apache-2.0 or MIT",
    Pillar.DATA: "CC-BY-4.0 or ODC-By-1.0",
}
UNCHECKED = "nothing to change yet: the claim is confirmed or refuted by its first check"
SEE_REASONS = "see the evidence's reasons below: each names what kept it below open"
SHARDS_SHOWN = 3


@dataclass(frozen=True)
class ArtifactState:
    """What guidance needs to know of one artifact: its verdict and what its evidence says."""

    locator: str
    verdict: Verdict
    failure: FailureKind | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)
    licences: Sequence[Mapping[str, Any]] = ()
    declared_licence: str | None = None
    checked: bool = False


def pillar_remediation(
    pillar: Pillar, verdict: Verdict, artifacts: Sequence[ArtifactState]
) -> tuple[str, ...]:
    """Return what would make the pillar open, each remedy once; empty when it is open."""
    if verdict is Verdict.OPEN:
        return ()
    if not artifacts:
        title = PILLAR_TITLES[pillar].lower()
        return (f"declare the {title}: add where it is published to the release",)
    remedies: dict[str, None] = {}
    for artifact in artifacts:
        remedies.update(dict.fromkeys(artifact_remediation(pillar, artifact)))
    return tuple(remedies)


def artifact_remediation(pillar: Pillar, artifact: ArtifactState) -> list[str]:
    """Return the remedies for one artifact below open, most specific first."""
    if artifact.verdict is Verdict.OPEN:
        return []
    remedies = []
    if artifact.failure is not None:
        remedies.append(FAILURE_REMEDIATION[artifact.failure])
    facts = artifact.facts or {}
    remedies += _missing_shards(facts.get("sharded_indexes") or ())
    remedies += [r for r in (_doubt(d) for d in facts.get("doubts") or ()) if r is not None]
    if facts.get("gated"):
        remedies.append(FAILURE_REMEDIATION[FailureKind.GATED])
    remedies += _licence(pillar, artifact, facts.get("licence_class"))
    if artifact.verdict is Verdict.ABSENT:
        remedies.append(PUBLISH[pillar].format(locator=artifact.locator))
    if remedies:
        return remedies
    if artifact.verdict is Verdict.UNVERIFIED or not artifact.checked:
        return [UNCHECKED]
    return [SEE_REASONS]


def _missing_shards(indexes: Iterable[Mapping[str, Any]]) -> list[str]:
    remedies = []
    for index in indexes:
        missing = list(index.get("missing") or ())
        if not missing:
            continue
        shown = ", ".join(missing[:SHARDS_SHOWN]) + (", …" if len(missing) > SHARDS_SHOWN else "")
        count = "the shard file" if len(missing) == 1 else f"the {len(missing)} shard files"
        remedies.append(
            f"publish {count} listed in {index.get('index')} but not in the repository ({shown})"
        )
    return remedies


def _doubt(fact: Mapping[str, Any]) -> str | None:
    try:
        return DOUBT_RULES[DoubtId(str(fact.get("id")))].remediation
    except ValueError:
        return None


def _licence(pillar: Pillar, artifact: ArtifactState, licence_class: object) -> list[str]:
    if artifact.verdict is Verdict.ABSENT:
        return []
    suggested = OPEN_LICENCES[pillar]
    if licence_class == LicenceClass.RESTRICTED.value:
        terms = sorted({str(f.get("expression")) for f in artifact.licences
                        if f.get("licence_class") == LicenceClass.RESTRICTED.value})
        instead = f" instead of {', '.join(terms)}" if terms else ""
        return [f"publish it under an open licence (such as {suggested}){instead}"]
    if licence_class == LicenceClass.UNKNOWN.value:
        remedy = f"add a LICENSE file with an open licence's text (such as {suggested})"
        if artifact.declared_licence:
            remedy += (
                f"; the declared {artifact.declared_licence} alone is not found in the repository"
            )
        return [remedy]
    return []


# The causes and remedies /about/standard lists (doubts and failures have tables of their own).
EXPLAINED: tuple[tuple[str, str], ...] = (
    ("No artifact declared for the pillar", "declare it: add where it is published to the release"),
    ("Shard files an index lists are missing",
     "publish the shard files listed in the index (e.g. model.safetensors.index.json) but not in "
     "the repository"),
    ("An access gate on the Hub", FAILURE_REMEDIATION[FailureKind.GATED]),
    ("A use-restricted licence", "publish it under an open licence (such as Apache-2.0 or MIT; "
     "CC-BY-4.0 for data) instead"),
    ("No licence found in the repository",
     "add a LICENSE file with an open licence's text; a declared licence or card tag alone is "
     "not found in the repository"),
    *((f"{PILLAR_TITLES[p]} confirmed absent", PUBLISH[p].format(locator="the location given"))
      for p in Pillar),
)
