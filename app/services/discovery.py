"""Discovery use cases: propose a release's artifacts from one Hub id, as a form or API draft.

`discover_release` reads the card and the paper through the same adapters the checks use
(SSRF guard included) and returns the proposals plus a draft release in exactly the shape
`ReleaseInSchema` loads: each proposed artifact is a valid artifact input with its
`provenance`, so the draft can be submitted as it is and the checks verify every claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from flask import current_app

from app.services.errors import NotFound, Unavailable
from app.tasks.clients import adapter_settings, clients_for
from registry.adapters.settings import rewrite_url
from registry.discovery import Confidence, Discovery, DiscoveryFailed, Proposal, Role, discover
from registry.model import FailureKind
from registry.ports import AdapterError, FetchedText, HttpProbe, PageFetcher, ProbeReply
from schemas.fields import suggest_slug

# Failures that mean "no such public model" (the submitter's input), not "the Hub is down".
NOT_THERE = frozenset({FailureKind.NOT_FOUND, FailureKind.GATED, FailureKind.UNAUTHORISED,
                       FailureKind.REFUSED})
PILLAR_ROLES = (Role.WEIGHTS, Role.CODE, Role.DATA)


class ProvenanceDraft(TypedDict):
    """Where a proposed artifact was found, how sure discovery is, and why."""

    source: str
    confidence: str
    rank: int | None
    judged: list[str]


class ArtifactDraft(TypedDict):
    """A proposed artifact, as ArtifactSchema loads it."""

    pillar: str
    kind: str
    locator: str
    declared_licence: str | None
    entrypoint: str | None
    provenance: ProvenanceDraft


class ReleaseDraft(TypedDict):
    """A proposed release, as ReleaseInSchema loads it (and the API answers it)."""

    slug: str
    name: str
    model_card: str | None
    paper_url: str | None
    artifacts: list[ArtifactDraft]


@dataclass(frozen=True)
class DiscoveryResult:
    """What discovery found for a Hub id, and the release draft it pre-fills."""

    discovery: Discovery
    draft: ReleaseDraft


def discover_release(hub_id: str) -> DiscoveryResult:
    """Return the proposals for the release whose weights are `hub_id`, and its draft."""
    clients = clients_for(current_app)
    try:
        pages = _page_reader(clients.http)
        found = discover(clients.hub, pages, hub_id, probe=_prober(clients.http, pages))
    except DiscoveryFailed as failed:
        if failed.kind in NOT_THERE:
            # The id is well-formed (422 is for that); the model it names is not there.
            raise NotFound(failed.message, field="hub_id") from failed
        raise Unavailable(failed.message) from failed
    return DiscoveryResult(found, release_draft(found))


def release_draft(found: Discovery) -> ReleaseDraft:
    """Return the release as ReleaseInSchema loads it: the weights and the chosen proposals."""
    name = found.hub_id.rsplit("/", 1)[-1]
    paper = found.top(Role.PAPER)
    return {
        "slug": suggest_slug(name),
        "name": name,
        "model_card": found.hub_id if found.top(Role.MODEL_CARD) else None,
        "paper_url": paper.locator if paper and _citable(paper) else None,
        "artifacts": [artifact_input(p) for p in chosen(found)],
    }


def chosen(found: Discovery) -> list[Proposal]:
    """Return the proposals a draft pre-fills: the best of each pillar, and any other high one."""
    picked = []
    for role in PILLAR_ROLES:
        for proposal in found.of_role(role):
            if proposal.rank == 1 or proposal.confidence is Confidence.HIGH:
                picked.append(proposal)
    return picked


def artifact_input(proposal: Proposal) -> ArtifactDraft:
    """Return a proposal as an artifact input (ArtifactSchema) with its provenance."""
    assert proposal.pillar is not None and proposal.kind is not None  # pillars only
    return {
        "pillar": proposal.pillar.value,
        "kind": proposal.kind.value,
        "locator": proposal.locator,
        "declared_licence": proposal.declared_licence,
        "entrypoint": None,
        "provenance": provenance_of(proposal),
    }


def provenance_of(proposal: Proposal) -> ProvenanceDraft:
    """Return the provenance an artifact keeps: where, how sure, and why."""
    return {
        "source": proposal.provenance,
        "confidence": proposal.confidence.value,
        "rank": proposal.rank,
        "judged": list(proposal.judged),
    }


def _citable(paper: Proposal) -> bool:
    return paper.confidence is not Confidence.LOW and paper.locator.startswith("https://")


class _SnapshotOnlyPages:
    """Offline, or behind URL rewrites: read only pages the stand-ins serve, never the web."""

    def __init__(self, inner: PageFetcher, rewrites: dict[str, str]) -> None:
        self._inner = inner
        self._rewrites = rewrites

    def fetch_text(self, url: str, max_bytes: int) -> FetchedText:
        self._refuse_unserved(url)
        return self._inner.fetch_text(url, max_bytes)

    def probe(self, url: str) -> ProbeReply:
        self._refuse_unserved(url)
        # _page_reader wraps the HttpProbe it was given, so the reader inside probes too.
        prober: HttpProbe = self._inner  # type: ignore[assignment]
        return prober.probe(url)

    def _refuse_unserved(self, url: str) -> None:
        if rewrite_url(url, self._rewrites) == url:
            raise AdapterError(FailureKind.REFUSED, "not in the offline snapshot")


def _prober(http: HttpProbe, pages: PageFetcher | None) -> HttpProbe | None:
    # Moves are probed through the same reader, so the offline restriction applies alike.
    if isinstance(pages, _SnapshotOnlyPages):
        return pages
    return http if pages is not None else None


def _page_reader(http: object) -> PageFetcher | None:
    # The URL adapter reads pages as well as probing them; a fake without it reads none.
    fetch = getattr(http, "fetch_text", None)
    if fetch is None:
        return None
    # It has fetch_text (checked above), so it reads pages too: a PageFetcher.
    reader: PageFetcher = http  # type: ignore[assignment]
    rewrites = dict(adapter_settings(current_app).rewrites)
    return _SnapshotOnlyPages(reader, rewrites) if rewrites else reader
