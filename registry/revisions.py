"""Ask many artifacts at once for their current revision, as cheaply as the sources allow.

Hub repositories of one owner come from the listing API (one request per page of up to
1,000 repos, shas only); a repo the listing did not show (deleted, renamed, private, or
past the page cap), an owner with too few repos in the batch to be worth a listing, or an
owner whose listing failed, gets one `repo_info` call of its own. Git remotes get one
head probe each (one smart-HTTP ref discovery on a pooled connection; `ls-remote` where
the server does not speak it). Single calls run in a bounded thread pool through the same
adapters as a full check, so the same guards, timeouts and caps apply.

A probe never guesses: an artifact is *unchanged* only when its source answered with the
very revision its last good evidence was taken at, under the same id. Any failure, a move
to another id or a different sha (a force-push to an older commit included) is *changed*.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from registry.model import ArtifactKind, ArtifactRef
from registry.ports import AdapterError, Clients, HubRevisions, RepoType
from registry.verify import HUB_REPO_TYPES

# An artifact as the probe knows it: its kind and where it lives.
ProbeKey = tuple[ArtifactKind, str]
GIT_VIA = "git"


@dataclass(frozen=True)
class ProbeSettings:
    """How hard one batch may lean on the sources."""

    workers: int = 8  # single calls at once
    listing_min: int = 2  # repos of one owner that make a listing worth it
    listing_pages: int = 20  # pages of one owner's listing read at most


@dataclass(frozen=True)
class Probe:
    """What the source said about one artifact's revision now."""

    revision: str | None = None
    failure: str | None = None  # why the source could not say
    moved_to: str | None = None  # the id (Hub) or URL (git) a renamed repo answers under now
    via: str = ""  # "listing", "info" or "git" (a remote's head)

    def confirms(self, expected: str | None) -> bool:
        """Return True only when the source answered with exactly the expected revision."""
        return (
            self.failure is None
            and self.moved_to is None
            and expected is not None
            and self.revision == expected
        )


@dataclass
class ProbeReport:
    """Every probed artifact's answer, and the requests it took."""

    probes: dict[ProbeKey, Probe] = field(default_factory=dict)
    listing_pages: int = 0
    info_calls: int = 0
    git_calls: int = 0
    listing_s: float = 0.0  # wall time reading owners' listings
    singles_s: float = 0.0  # wall time of the pool of single calls (git heads, info)

    @property
    def hub_requests(self) -> int:
        """Requests sent to the Hub: listing pages plus single info calls."""
        return self.listing_pages + self.info_calls


def key_of(artifact: ArtifactRef) -> ProbeKey:
    """Return the probe key of an artifact: its kind and its locator."""
    return artifact.kind, artifact.locator


def probe_revisions(
    artifacts: Iterable[ArtifactRef], clients: Clients, settings: ProbeSettings
) -> ProbeReport:
    """Return the current revision (or the failure) of each Hub and git artifact given."""
    unique = {key_of(a): a for a in artifacts}
    report = ProbeReport()
    hub = [a for a in unique.values() if a.kind in HUB_REPO_TYPES]
    singles: list[ArtifactRef] = []
    started = time.perf_counter()
    for (repo_type, owner), group in _by_owner(hub).items():
        if owner is None or len(group) < settings.listing_min:
            singles.extend(group)
        else:
            singles.extend(_from_listing(clients, repo_type, owner, group, settings, report))
    singles.extend(a for a in unique.values() if a.kind is ArtifactKind.GIT)
    report.listing_s = time.perf_counter() - started
    answered = _in_pool(singles, lambda a: _single(clients, a), settings.workers)
    report.singles_s = time.perf_counter() - started - report.listing_s
    for artifact, probe in answered:
        report.probes[key_of(artifact)] = probe
        if probe.via == GIT_VIA:
            report.git_calls += 1
        else:
            report.info_calls += 1
    return report


def _by_owner(
    artifacts: Sequence[ArtifactRef],
) -> Mapping[tuple[RepoType, str | None], list[ArtifactRef]]:
    groups: dict[tuple[RepoType, str | None], list[ArtifactRef]] = defaultdict(list)
    for artifact in artifacts:
        owner, slash, _ = artifact.locator.partition("/")
        # A legacy id without an owner ("gpt2") has no listing to be found in.
        groups[(HUB_REPO_TYPES[artifact.kind], owner.lower() if slash else None)].append(artifact)
    return groups


def _from_listing(
    clients: Clients,
    repo_type: RepoType,
    owner: str,
    group: list[ArtifactRef],
    settings: ProbeSettings,
    report: ProbeReport,
) -> list[ArtifactRef]:
    """Probe a group through its owner's listing; return those it did not settle."""
    lister: Any = getattr(clients.hub, "list_revisions", None)
    if lister is None:
        return group
    wanted = frozenset(a.locator.lower() for a in group)
    try:
        listing: HubRevisions = lister(repo_type, owner, wanted, settings.listing_pages)
    except AdapterError:
        report.listing_pages += 1  # the page that failed (at least)
        return group  # one failed listing: each repo is asked on its own instead
    report.listing_pages += listing.pages
    unsettled = []
    for artifact in group:
        sha = listing.shas.get(artifact.locator.lower())
        if sha is None:
            unsettled.append(artifact)  # not listed under this id: ask it directly
        else:
            report.probes[key_of(artifact)] = Probe(revision=sha, via="listing")
    return unsettled


def _single(clients: Clients, artifact: ArtifactRef) -> Probe:
    try:
        if artifact.kind is ArtifactKind.GIT:
            head = clients.git.remote_head(artifact.locator)
            # A renamed repository answers under its new URL: changed, a full check decides.
            return Probe(revision=head.commit, moved_to=head.moved_to, via=GIT_VIA)
        info = clients.hub.repo_info(HUB_REPO_TYPES[artifact.kind], artifact.locator)
    except AdapterError as error:
        via = GIT_VIA if artifact.kind is ArtifactKind.GIT else "info"
        return Probe(failure=f"{error.kind.value}: {error.message}", via=via)
    moved = info.canonical_id
    if moved is not None and moved.lower() == artifact.locator.lower():
        moved = None
    return Probe(revision=info.sha, moved_to=moved, via="info")


def _in_pool(
    artifacts: Sequence[ArtifactRef], call: Callable[[ArtifactRef], Probe], workers: int
) -> list[tuple[ArtifactRef, Probe]]:
    if not artifacts:
        return []
    if workers <= 1 or len(artifacts) == 1:
        return [(a, call(a)) for a in artifacts]
    with ThreadPoolExecutor(min(workers, len(artifacts)), thread_name_prefix="probe") as pool:
        return list(zip(artifacts, pool.map(call, artifacts), strict=True))
