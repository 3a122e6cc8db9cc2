"""A MOF file's claim against our evidence, component by component, with the cause of each gap.

A difference is a real gap (the rule looked and found the component absent or not open),
a component without a rule, or one not confirmed yet; a test prints these for the seeded
releases MOT classes as Class I, so every difference is accounted for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from registry.frameworks.mof import UNLICENSED, MofDocument, listed_ids, resolve_licence
from registry.frameworks.mof_rules import MofRules, mof_rules
from registry.frameworks.mof_verdicts import ComponentVerification, Verification

# The pillar components, listed first as they were before every component had a rule.
PILLAR_ORDER = ("Model parameters (Final)", "Training code", "Datasets")


class Cause(StrEnum):
    """Why a claim and our evidence differ on one component."""

    GAP = "real gap"  # looked where the rule looks: absent, or not open
    NO_RULE = "no rule"  # no artifact can show the component
    UNCONFIRMED = "not confirmed yet"  # somewhere the rule looks was not read
    LICENCE = "licence differs"  # both open, under different licences
    UNCLAIMED = "published, not claimed"  # verified open; the file omits it or calls it closed


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
class Difference:
    """A verifiable component: what the file claims, what we verified, in plain words."""

    component: str
    claimed: ClaimState
    claimed_licence: str | None
    verified: Verification
    verified_licence: str | None
    agreement: Agreement
    explanation: str
    cause: Cause | None = None  # why they differ; None when they agree


CLAIM_SENTENCES: Mapping[ClaimState, str] = MappingProxyType(
    {
        ClaimState.OPEN: "claims {component} under {licence}",
        ClaimState.NOT_OPEN: "lists {component} under {licence}, which MOF does not count as open",
        ClaimState.UNLICENSED: "lists {component} with no licence",
        ClaimState.NOT_LISTED: "does not list {component}",
    }
)


def differences(
    claim: MofDocument, components: Sequence[ComponentVerification], rules: MofRules | None = None
) -> tuple[Difference, ...]:
    """Compare a file's claim with our evidence for every MOF component."""
    rules = rules or mof_rules()
    # The pillar components first, as before every component had a rule; then MOF's order.
    first = list(PILLAR_ORDER)
    ordered = sorted(components, key=lambda c: first.index(c.component) if c.component in first
                     else len(first))  # fmt: skip
    return tuple(_difference(claim, rules, seen) for seen in ordered)


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
        seen.component, state, licence, seen.status, seen.licence, agreement, explanation,
        _cause(agreement, seen),
    )  # fmt: skip


def _cause(agreement: Agreement, seen: ComponentVerification) -> Cause | None:
    if agreement is Agreement.AGREE:
        return None
    if agreement is Agreement.LICENCE_DIFFERS:
        return Cause.LICENCE
    if seen.status is Verification.OPEN:
        return Cause.UNCLAIMED
    if seen.status is Verification.NOT_VERIFIABLE:
        return Cause.NO_RULE
    if seen.status in {Verification.UNVERIFIED, Verification.NOT_DECLARED}:
        return Cause.UNCONFIRMED
    return Cause.GAP


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
    if claimed_open and seen.status is Verification.NOT_VERIFIABLE:
        return Agreement.NO_EVIDENCE
    if claimed_open and seen.status in {Verification.UNVERIFIED, Verification.NOT_DECLARED}:
        return Agreement.UNCONFIRMED
    if claimed_open != verified_open:
        return Agreement.DISAGREE
    if verified_open and seen.licence and licence != seen.licence:
        return Agreement.LICENCE_DIFFERS
    return Agreement.AGREE
