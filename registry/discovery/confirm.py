"""Proposed Hub datasets, confirmed with the Hub: renamed ids followed, missing ids resolved.

The Hub answers a renamed or legacy id ("c4") as its new home ("allenai/c4"), and the
proposal moves there. An id it has no public dataset for stays a claim the checks will
judge, one the Hub did not confirm; unless the namespace's listing holds datasets whose
names extend it and the cards single one out (`near_names`), which is then proposed in
its place, saying why. Every failure to ask is written into the problems.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from registry.discovery import rules
from registry.discovery.model import Confidence, Discovery, Proposal, Role, SetAside
from registry.discovery.near_names import choose, extensions, lines_naming
from registry.model import ArtifactKind, FailureKind
from registry.ports import AdapterError, HubClient, HubLister

HUB_ID_SHAPE = "owner/name"
README = "README.md"
MAX_CARD_BYTES = 256 * 1024
# Enough for any namespace's datasets sharing a name; a search wider than this is no rename.
MAX_LISTED = 50
MAX_CARDS_READ = 8
CERTAINTY = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)


def confirm_datasets(hub: HubClient, found: Discovery, model_card: str | None) -> Discovery:
    """Return the discovery with every proposed Hub dataset confirmed with the Hub."""
    kept: list[Proposal] = []
    aside = list(found.set_aside)
    problems = list(found.problems)
    read = list(found.read)
    for proposal in found.proposals:
        if proposal.kind is not ArtifactKind.HF_DATASET:
            kept.append(proposal)
            continue
        confirmed = _confirmed(hub, proposal, model_card or "", read, problems)
        if confirmed is None:
            aside.append(SetAside(proposal.locator, proposal.provenance,
                                  "not a dataset the Hub knows, and not of the form "
                                  f"{HUB_ID_SHAPE}"))
        elif confirmed.score < rules.DATA_FLOOR[0]:
            aside.append(SetAside(confirmed.locator, confirmed.provenance,
                                  f"{rules.DATA_FLOOR[1]}: {'; '.join(confirmed.judged)}"))
        else:
            kept.append(confirmed)
    return replace(found, proposals=reranked(kept), set_aside=tuple(aside),
                   problems=tuple(problems), read=tuple(read))


def _confirmed(
    hub: HubClient, proposal: Proposal, model_card: str, read: list[str], problems: list[str]
) -> Proposal | None:
    try:
        info = hub.repo_info("dataset", proposal.locator)
    except AdapterError as error:
        if "/" not in proposal.locator:
            return None  # a legacy id the Hub does not resolve cannot be an artifact
        if error.kind is not FailureKind.NOT_FOUND:
            problems.append(f"dataset {proposal.locator} was not confirmed ({error.kind.value})")
            return proposal  # a claim the checks will verify (or find absent)
        return _resolved(hub, proposal, model_card, read, problems)
    canonical = info.canonical_id or proposal.locator
    if canonical == proposal.locator or "/" not in canonical:
        return proposal if "/" in proposal.locator else None
    note = f"the Hub answers {proposal.locator!r} as {canonical!r}"
    return replace(proposal, locator=canonical, judged=(*proposal.judged, note))


def _resolved(
    hub: HubClient, proposal: Proposal, model_card: str, read: list[str], problems: list[str]
) -> Proposal:
    missing = _not_on_hub(proposal)
    candidates = _extending(hub, proposal.locator, read, problems)
    if candidates is None:
        return missing
    # One candidate needs no reading; several are told apart by their own cards.
    cards = (_describe(hub, candidates, read, problems) if len(candidates) > 1
             else dict.fromkeys(candidates, ""))
    resolution = choose(proposal.locator, cards, model_card)
    if resolution.chosen is None:
        return replace(missing, judged=(*missing.judged, resolution.why))
    points, why = rules.NEAR_NAME
    score = proposal.score + points
    note = f"{why}: {resolution.why} ({points:+d})"
    # Never high: the card's own id is what the Hub could not confirm.
    confidence = min(rules.confidence_for(score), Confidence.MEDIUM, key=CERTAINTY.index)
    return replace(proposal, locator=resolution.chosen, score=score, confidence=confidence,
                   judged=(*proposal.judged, note))


def _extending(
    hub: HubClient, missing_id: str, read: list[str], problems: list[str]
) -> tuple[str, ...] | None:
    if not isinstance(hub, HubLister):
        return None
    owner, _, name = missing_id.partition("/")
    try:
        listed = hub.list_repos("dataset", owner, MAX_LISTED, search=name)
    except AdapterError as error:
        problems.append(f"the Hub's datasets of {owner} named like {name} could not be listed "
                        f"({error.kind.value})")
        return None
    read.append(f"Hub listing of {owner}'s datasets named like {name} ({len(listed)} found)")
    return extensions(missing_id, (summary.repo_id for summary in listed))


def _describe(
    hub: HubClient, candidates: tuple[str, ...], read: list[str], problems: list[str]
) -> Mapping[str, str]:
    """Return each candidate's description: the lines of its own card that name it."""
    described: dict[str, str] = {}
    for repo_id in candidates[:MAX_CARDS_READ]:
        try:
            card = hub.read_text("dataset", repo_id, README, None, MAX_CARD_BYTES)
        except AdapterError as error:
            problems.append(f"the card of dataset {repo_id} could not be read ({error.kind.value})")
            card = ""
        else:
            read.append(f"dataset card of {repo_id} ({len(card.splitlines())} lines)")
        described[repo_id] = lines_naming(card, repo_id)
    return described


def _not_on_hub(proposal: Proposal) -> Proposal:
    points, why = rules.NOT_ON_HUB
    score = proposal.score + points
    return replace(proposal, score=score, confidence=rules.confidence_for(score),
                   judged=(*proposal.judged, f"{why} ({points:+d})"))


def reranked(proposals: list[Proposal]) -> tuple[Proposal, ...]:
    """Return the proposals with duplicates merged (the better kept) and ranks renumbered."""
    # Confirming may merge two ids into one (c4 and allenai/c4): keep the better, rank again.
    best: dict[tuple[Role, str], Proposal] = {}
    for proposal in proposals:
        key = (proposal.role, proposal.locator.lower())
        if key not in best or (proposal.score, -proposal.rank) > (best[key].score, -best[key].rank):
            best[key] = proposal
    ordered = sorted(best.values(), key=lambda p: (p.role.value, p.rank))
    counters: dict[Role, int] = {}
    result = []
    for proposal in sorted(ordered, key=lambda p: (p.role.value, -p.score, p.rank)):
        counters[proposal.role] = counters.get(proposal.role, 0) + 1
        result.append(replace(proposal, rank=counters[proposal.role]))
    return tuple(result)
