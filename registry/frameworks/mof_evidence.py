"""The MOF class our evidence supports, and each difference from the class a file claims.

Checkers see three of MOF's 17 components: the final weights (weights checker), the
training code (code checker) and the datasets (data checker), with the licences they read.
Every other component is "not verifiable automatically": it is never counted, so the
verified class is computed with MOT's own rules from what the evidence shows, and is
usually no class at all. That is the honest answer, not a failure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from registry import words
from registry.frameworks import verification as v
from registry.frameworks.mof import (
    UNLICENSED,
    ComponentEntry,
    MofDocument,
    MofEvaluation,
    evaluate,
    listed_ids,
    resolve_licence,
)
from registry.frameworks.mof_rules import Component, MofRules, mof_rules
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


class Verification(StrEnum):
    """Where one MOF component stands against our evidence."""

    OPEN = "open"  # published, reachable, open licence: verified
    RESTRICTED = "restricted"
    ABSENT = "absent"
    UNVERIFIED = "unverified"  # declared, not confirmed yet
    NOT_DECLARED = "not_declared"  # the release declares nothing a checker could look at
    NOT_VERIFIABLE = "not_verifiable"  # no checker can see this component


class ClaimState(StrEnum):
    """How a MOF file lists one component."""

    OPEN = "open"
    NOT_OPEN = "not_open"
    UNLICENSED = "unlicensed"
    NOT_LISTED = "not_listed"


class Agreement(StrEnum):
    """How a claim and our evidence compare for one component."""

    AGREE = "agree"
    LICENCE_DIFFERS = "licence_differs"  # both open, under different licences
    DISAGREE = "disagree"
    UNCONFIRMED = "unconfirmed"  # claimed open, nothing checked (yet) could confirm it
    NO_EVIDENCE = "no_evidence"  # we hold no evidence on this at all
    NOT_GRADED = "not_graded"  # the other index left it empty


@dataclass(frozen=True)
class ComponentVerification:
    """One MOF component against our evidence, with a sentence saying why."""

    component: str
    mof_class: int
    required: bool
    status: Verification
    licence: str | None
    urls: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class Difference:
    """A verifiable component: what the file claims, what we verified, in plain words."""

    component: str
    claimed: ClaimState
    claimed_licence: str | None
    verified: Verification
    verified_licence: str | None
    agreement: Agreement
    explanation: str


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
CLAIM_SENTENCES: Mapping[ClaimState, str] = MappingProxyType(
    {
        ClaimState.OPEN: "claims {component} under {licence}",
        ClaimState.NOT_OPEN: "lists {component} under {licence}, which MOF does not count as open",
        ClaimState.UNLICENSED: "lists {component} with no licence",
        ClaimState.NOT_LISTED: "does not list {component}",
    }
)


def verify_components(
    checks: Sequence[v.ArtifactCheck], rules: MofRules | None = None
) -> tuple[ComponentVerification, ...]:
    """Return every MOF component with what our evidence says about it."""
    rules = rules or mof_rules()
    return tuple(_verify(component, checks) for component in rules.components)


def _verify(component: Component, checks: Sequence[v.ArtifactCheck]) -> ComponentVerification:
    pillar = VERIFIABLE.get(component.name)
    if pillar is None:
        why = f"Not verifiable automatically: no checker can see the {component.name.lower()}."
        return _component(component, Verification.NOT_VERIFIABLE, None, (), why)
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
) -> ComponentVerification:
    return ComponentVerification(
        component.name, component.mof_class, component.required, status, licence, urls,
        explanation,
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


def differences(
    claim: MofDocument, components: Sequence[ComponentVerification], rules: MofRules | None = None
) -> tuple[Difference, ...]:
    """Compare a file's claim with our evidence for each component a checker can see."""
    rules = rules or mof_rules()
    by_name = {c.component: c for c in components}
    return tuple(_difference(claim, rules, by_name[name]) for name in VERIFIABLE)


def _difference(claim: MofDocument, rules: MofRules, seen: ComponentVerification) -> Difference:
    state, licence = claim_state(claim, rules, seen.component)
    agreement = _agreement(state, seen, licence)
    said = CLAIM_SENTENCES[state].format(component=seen.component, licence=licence)
    found = seen.explanation[0].lower() + seen.explanation[1:]
    if agreement is Agreement.LICENCE_DIFFERS:
        found = (
            found.rstrip(".") + f" (the file says {licence}, the evidence shows {seen.licence})."
        )
    explanation = f"The file {said}; {found}"
    return Difference(
        seen.component, state, licence, seen.status, seen.licence, agreement, explanation
    )


def claim_state(claim: MofDocument, rules: MofRules, name: str) -> tuple[ClaimState, str | None]:
    """Return how a file lists a component, and the licence it resolves to."""
    component = rules.by_name(name)
    if component is None or component.id not in listed_ids(claim, rules):
        return ClaimState.NOT_LISTED, None
    licence = resolve_licence(claim, rules, component.id)
    if licence == UNLICENSED:
        return ClaimState.UNLICENSED, None
    return (ClaimState.OPEN if rules.is_open(licence) else ClaimState.NOT_OPEN), licence


def _agreement(state: ClaimState, seen: ComponentVerification, licence: str | None) -> Agreement:
    claimed_open = state is ClaimState.OPEN
    verified_open = seen.status is Verification.OPEN
    if claimed_open and seen.status in {Verification.UNVERIFIED, Verification.NOT_DECLARED}:
        return Agreement.UNCONFIRMED
    if claimed_open != verified_open:
        return Agreement.DISAGREE
    if verified_open and seen.licence and licence != seen.licence:
        return Agreement.LICENCE_DIFFERS
    return Agreement.AGREE


def compare_mof(
    name: str,
    producer: str,
    checks: Sequence[v.ArtifactCheck],
    claim: MofDocument | None = None,
    details: Mapping[str, str] | None = None,
) -> MofComparison:
    """Return the claimed and the evidence-supported classes side by side, with differences."""
    rules = mof_rules()
    components = verify_components(checks, rules)
    verified = evaluate(verified_document(name, producer, components, details), rules)
    claimed = evaluate(claim, rules) if claim is not None else None
    found = differences(claim, components, rules) if claim is not None else ()
    return MofComparison(claimed, verified, components, found, _summary(verified, components))


def _summary(verified: MofEvaluation, components: Sequence[ComponentVerification]) -> str:
    confirmed = sum(c.status is Verification.OPEN for c in components if c.component in VERIFIABLE)
    text = (
        f"Our evidence supports {verified.label}: {confirmed} of the {len(VERIFIABLE)} "
        "components checkers can see are verified open."
    )
    needed = [c.component for c in components if c.mof_class == 3 and c.required
              and c.status is Verification.NOT_VERIFIABLE]  # fmt: skip
    if verified.mof_class == 0 and needed:
        text += f" Class III also requires {_names(needed)}, which are {NOT_VERIFIABLE}."
    return text


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
