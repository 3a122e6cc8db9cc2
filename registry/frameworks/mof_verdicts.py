"""One MOF component against the evidence: its rule's finding, its licence, its status.

Licences follow MOT's resolution order (ModelEvaluator), but from what the checkers found
rather than what a file declares: the component's own licence (the licence found on the
artifact that holds it, a paper's licence link, the defining library's licence), else the
release's licence for the component's content type (code: the code repositories', data:
the datasets'), else the distribution licence (the weights repository's), else unlicensed.
A component found under a licence MOT does not call open is restricted, like one behind a
gate; one not found where its rule looks is absent; one whose places were not read is
unverified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from registry.frameworks import verification as v
from registry.frameworks.mof import UNLICENSED
from registry.frameworks.mof_components import Finding, Presence
from registry.frameworks.mof_rules import Component, MofRules
from registry.frameworks.mof_sources import Sources
from registry.model import Pillar, Verdict


class Verification(StrEnum):
    """Where one MOF component stands against our evidence."""

    OPEN = "open"  # published, reachable, open licence: verified
    RESTRICTED = "restricted"
    ABSENT = "absent"
    UNVERIFIED = "unverified"  # declared, not confirmed yet
    NOT_DECLARED = "not_declared"  # the release declares nothing a checker could look at
    NOT_VERIFIABLE = "not_verifiable"  # no rule can see this component


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
    has_rule: bool = True  # False: no artifact can show it ("not verifiable automatically")


FIRST_WORD = re.compile(r"[a-z]+(?![\w./:-])")
# The content types whose release-level licence MOT falls back to, and the pillar we read it on.
TYPE_PILLARS = {"code": Pillar.CODE, "data": Pillar.DATA}
PRESENCE_STATUS = {
    Presence.NOT_FOUND: Verification.ABSENT,
    Presence.UNREAD: Verification.UNVERIFIED,
    Presence.NO_RULE: Verification.NOT_VERIFIABLE,
    Presence.NOT_DECLARED: Verification.NOT_DECLARED,
}


def verdict_of(
    component: Component, finding: Finding, sources: Sources, rules: MofRules
) -> ComponentVerification:
    """Return a component's status from its rule's finding and the licence MOT would read."""
    sentence = _sentence(finding.sentence)
    if finding.presence is not Presence.FOUND:
        status = PRESENCE_STATUS[finding.presence]
        return _made(component, status, None, finding.urls, sentence + ".",
                     finding.presence is not Presence.NO_RULE)  # fmt: skip
    licence, whence = resolve_licence(component, finding, sources, rules)
    gated = finding.host is not None and finding.host.check.verdict is Verdict.RESTRICTED
    if licence == UNLICENSED:
        status, said = Verification.RESTRICTED, "no licence was found for it at any level"
    elif not rules.is_open(licence):
        status, said = Verification.RESTRICTED, f"{licence} ({whence}), not open to MOT"
    elif gated:
        status, said = Verification.RESTRICTED, f"{licence} ({whence}), but behind a gate"
    else:
        status, said = Verification.OPEN, f"{licence} ({whence})"
    shown = None if licence == UNLICENSED else licence
    return _made(component, status, shown, finding.urls, f"{sentence}; licence {said}.", True)


def resolve_licence(
    component: Component, finding: Finding, sources: Sources, rules: MofRules
) -> tuple[str, str]:
    """Return the licence MOT's order gives a found component, and where it came from."""
    own = finding.licence
    if own is None and finding.host is not None:
        own = v.found_licence([finding.host.check])
        where = f"found on {finding.host.name}"
    else:
        where = "its own"
    if own:
        return (UNLICENSED if own == UNLICENSED else rules.exact_licence_id(own)), where
    pillar = TYPE_PILLARS.get(component.content_type)
    typed = v.found_licence(sources.pillar(pillar)) if pillar else None
    if typed:
        return rules.exact_licence_id(typed), f"the release's {component.content_type} licence"
    distribution = v.found_licence(sources.pillar(Pillar.WEIGHTS))
    if distribution:
        return rules.exact_licence_id(distribution), "the release's distribution licence"
    return UNLICENSED, "none"


def _sentence(text: str) -> str:
    # "no evaluation code in ..." starts a sentence; "config.json names ..." or a URL does not
    # take a capital, so only a plain first word is capitalised. The full stop is added here.
    text = text.rstrip(".")
    return text[0].upper() + text[1:] if FIRST_WORD.match(text) else text


def _made(
    component: Component,
    status: Verification,
    licence: str | None,
    urls: tuple[str, ...],
    explanation: str,
    has_rule: bool,
) -> ComponentVerification:
    return ComponentVerification(
        component.name, component.mof_class, component.required, status, licence, urls,
        explanation, has_rule,
    )  # fmt: skip
