"""The MOF class our evidence supports, and each difference from the class a file claims.

The pillar checkers decide three of MOF's 17 components (final weights, training code,
datasets); a rule per component (`mof_table`) decides the others from what the same checks
saw in the Hub repositories, the code repositories and the paper. A component no artifact
can show stays "not verifiable automatically" and is never counted. The verified class is
then computed with MOT's own rules, and each difference from a claim says whether it is a
real gap in the published artifacts, a component without a rule, or not confirmed yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from registry import words
from registry.frameworks import verification as v
from registry.frameworks.mof import (
    UNLICENSED,
    ComponentEntry,
    MofDocument,
    MofEvaluation,
    evaluate,
)

# Re-exported: the comparison's vocabulary has been imported from here since before the split.
from registry.frameworks.mof_differences import Agreement as Agreement
from registry.frameworks.mof_differences import Cause as Cause
from registry.frameworks.mof_differences import ClaimState as ClaimState
from registry.frameworks.mof_differences import Difference, differences
from registry.frameworks.mof_differences import claim_state as claim_state
from registry.frameworks.mof_rules import Component, MofRules, mof_rules
from registry.frameworks.mof_sources import Sources, sources_of
from registry.frameworks.mof_table import BY_COMPONENT
from registry.frameworks.mof_verdicts import ComponentVerification as ComponentVerification
from registry.frameworks.mof_verdicts import Verification as Verification
from registry.frameworks.mof_verdicts import verdict_of
from registry.model import Pillar, Verdict

NOT_VERIFIABLE = "not verifiable automatically"

# The components a checker can see, and the pillar whose evidence confirms each.
VERIFIABLE: Mapping[str, Pillar] = MappingProxyType(
    {
        "Model parameters (Final)": Pillar.WEIGHTS,  # weight files listed, licence read
        "Training code": Pillar.CODE,  # a training entrypoint found, licence read
        "Datasets": Pillar.DATA,  # data files counted or URL reached, licence read
    }
)
# MOF release fields that link an artifact, and the component that artifact is.
RELEASE_LINKS: Mapping[str, str] = MappingProxyType(
    {"huggingface": "Model parameters (Final)", "repository": "Training code"}
)
# What the checker looks for, for sentences about each pillar.
NOUNS: Mapping[Pillar, str] = MappingProxyType(
    {Pillar.WEIGHTS: "weight files", Pillar.CODE: "training code", Pillar.DATA: "data files"}
)


@dataclass(frozen=True)
class MofComparison:
    """The class claimed (when a file was imported) beside the class our evidence supports."""

    claimed: MofEvaluation | None
    verified: MofEvaluation
    components: tuple[ComponentVerification, ...]
    differences: tuple[Difference, ...]
    summary: str


VERDICT_STATUS: Mapping[Verdict, Verification] = MappingProxyType(
    {
        Verdict.OPEN: Verification.OPEN,
        Verdict.RESTRICTED: Verification.RESTRICTED,
        Verdict.ABSENT: Verification.ABSENT,
        Verdict.UNVERIFIED: Verification.UNVERIFIED,
    }
)
STATUS_SENTENCES: Mapping[Verification, str] = MappingProxyType(
    {
        Verification.OPEN: "verified at {where} under {found}",
        Verification.RESTRICTED: "the {noun} at {where} are restricted: {reason}",
        Verification.ABSENT: "no {noun} found at {where}: {reason}",
        Verification.UNVERIFIED: "{where} is not confirmed yet: {reason}",
        Verification.NOT_DECLARED: "no {pillar} artifact is declared, so there is nothing to check",
    }
)


def verify_components(
    checks: Sequence[v.ArtifactCheck],
    rules: MofRules | None = None,
    paper_url: str | None = None,
) -> tuple[ComponentVerification, ...]:
    """Return every MOF component with what our evidence says about it."""
    rules = rules or mof_rules()
    sources = sources_of(checks, paper_url)
    return tuple(_verify(c, checks, sources, rules) for c in rules.components)


def _verify(
    component: Component, checks: Sequence[v.ArtifactCheck], sources: Sources, rules: MofRules
) -> ComponentVerification:
    pillar = VERIFIABLE.get(component.name)
    rule = BY_COMPONENT.get(component.name)
    if pillar is None and (rule is None or rule.decide is None):
        why = f"Not verifiable automatically: no rule can see the {component.name.lower()}."
        return _component(component, Verification.NOT_VERIFIABLE, None, (), why, False)
    if pillar is None and rule is not None and rule.decide is not None:
        found = verdict_of(component, rule.decide(sources), sources, rules)
        if not found.has_rule:
            return replace(found, explanation=f"{NOT_VERIFIABLE.capitalize()}: {found.explanation}")
        return found
    assert pillar is not None
    mine = v.for_pillar(checks, pillar)
    verdict = v.pillar_verdict(mine)
    status = Verification.NOT_DECLARED if verdict is None else VERDICT_STATUS[verdict]
    licence = v.found_licence(mine) if status in _PUBLISHED else None
    sentence = _status_sentence(status, pillar, mine, licence)
    urls = tuple(v.public_url(c.ref) for c in mine)
    # A sentence may start with a repository id: kept as typed (allenai/dolma), never capitalised.
    return _component(component, status, licence, urls, words.sentence(sentence) + ".")


_PUBLISHED = frozenset({Verification.OPEN, Verification.RESTRICTED})


def _component(
    component: Component,
    status: Verification,
    licence: str | None,
    urls: tuple[str, ...],
    explanation: str,
    has_rule: bool = True,
) -> ComponentVerification:
    return ComponentVerification(
        component.name, component.mof_class, component.required, status, licence, urls,
        explanation, has_rule,
    )  # fmt: skip


def _status_sentence(
    status: Verification, pillar: Pillar, checks: Sequence[v.ArtifactCheck], licence: str | None
) -> str:
    reason = v.reason_of(v.deciding_check(checks)).rstrip(".")
    return STATUS_SENTENCES[status].format(
        where=v.where(checks),
        found=licence or "no licence we could read",
        noun=NOUNS[pillar],
        pillar=pillar.value,
        reason=reason,
    )


def verified_document(
    name: str,
    producer: str,
    components: Sequence[ComponentVerification],
    details: Mapping[str, str] | None = None,
) -> MofDocument:
    """Return the MOF file our evidence supports: only components a checker verified open.

    Gated or use-restricted weights are published, not open: listing them with their
    (often open) licence would let MOT count them towards Class III, so they are left out.
    """
    rules = mof_rules()
    verified = [c for c in components if c.status is Verification.OPEN]
    published = {c.component: c for c in verified if c.urls}
    links = {
        key: published[name].urls[0] for key, name in RELEASE_LINKS.items() if name in published
    }
    entries = tuple(
        ComponentEntry(
            name=c.component,
            licence=rules.exact_licence_id(c.licence) if c.licence else UNLICENSED,
            component_path=c.urls[0] if c.urls else None,
        )
        for c in verified
    )
    return MofDocument(
        name=name, producer=producer, components=entries, details={**(details or {}), **links}
    )


def compare_mof(
    name: str,
    producer: str,
    checks: Sequence[v.ArtifactCheck],
    claim: MofDocument | None = None,
    details: Mapping[str, str] | None = None,
    paper_url: str | None = None,
) -> MofComparison:
    """Return the claimed and the evidence-supported classes side by side, with differences."""
    rules = mof_rules()
    components = verify_components(checks, rules, paper_url)
    verified = evaluate(verified_document(name, producer, components, details), rules)
    claimed = evaluate(claim, rules) if claim is not None else None
    found = differences(claim, components, rules) if claim is not None else ()
    return MofComparison(claimed, verified, components, found, _summary(verified, components))


def _summary(verified: MofEvaluation, components: Sequence[ComponentVerification]) -> str:
    ruled = [c for c in components if c.has_rule]
    confirmed = sum(c.status is Verification.OPEN for c in ruled)
    text = (
        f"Our evidence supports {verified.label}: {confirmed} of the {len(ruled)} components "
        f"with a rule are verified open ({len(components) - len(ruled)} of {len(components)} "
        "have no rule)."
    )
    short = [c.component for c in components if c.required and c.has_rule
             and c.status is not Verification.OPEN and c.mof_class >= max(verified.mof_class, 1)
             and c.mof_class == _next_class(verified.mof_class)]  # fmt: skip
    if short:
        text += f" The next class also needs {_names(short)} verified open."
    return text


def _next_class(reached: int) -> int:
    return 3 if reached == 0 else max(reached - 1, 1)


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
