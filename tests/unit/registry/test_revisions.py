"""Batched revision probes against in-memory ports: who is asked how, and what counts as unchanged."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest

from registry.model import ArtifactKind, ArtifactRef, FailureKind, Pillar
from registry.ports import AdapterError, Clients, GitHead, HubRepoInfo, HubRevisions, RepoType
from registry.revisions import Probe, ProbeSettings, key_of, probe_revisions

OLD, NEW = "a" * 40, "b" * 40


@dataclass
class FakeHub:
    """Listings per (type, owner) and repo infos per id; records every call."""

    listings: Mapping[tuple[str, str], Mapping[str, str]] = field(default_factory=dict)
    infos: Mapping[str, HubRepoInfo | AdapterError] = field(default_factory=dict)
    failing_listings: frozenset[str] = frozenset()
    calls: list[str] = field(default_factory=list)
    endpoint: str = "https://hub.example"

    def list_revisions(
        self, repo_type: RepoType, author: str, wanted: frozenset[str], max_pages: int
    ) -> HubRevisions:
        self.calls.append(f"list {repo_type} {author}")
        if author in self.failing_listings:
            raise AdapterError(FailureKind.SERVER_ERROR, "listing failed")
        shas = {k.lower(): v for k, v in self.listings.get((repo_type, author), {}).items()}
        return HubRevisions(shas, complete=True, pages=1)

    def repo_info(self, repo_type: RepoType, repo_id: str) -> HubRepoInfo:
        self.calls.append(f"info {repo_id}")
        answer = self.infos.get(repo_id) or AdapterError(FailureKind.NOT_FOUND, "no such repo")
        if isinstance(answer, AdapterError):
            raise answer
        return answer


@dataclass
class FakeGit:
    heads: Mapping[str, str] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    moved: Mapping[str, str] = field(default_factory=dict)  # old URL -> the one it redirects to

    def remote_head(self, url: str) -> GitHead:
        self.calls.append(url)
        if url not in self.heads:
            raise AdapterError(FailureKind.TIMEOUT, "git took too long")
        return GitHead(url, url, self.heads[url], "main", moved_to=self.moved.get(url))


def model(locator: str) -> ArtifactRef:
    return ArtifactRef(Pillar.WEIGHTS, ArtifactKind.HF_MODEL, locator)


def git(url: str) -> ArtifactRef:
    return ArtifactRef(Pillar.CODE, ArtifactKind.GIT, url)


def info(repo_id: str, sha: str, canonical: str | None = None) -> HubRepoInfo:
    return HubRepoInfo("model", repo_id, "https://hub.example", sha=sha, canonical_id=canonical)


def probe(hub: FakeHub, git_client: FakeGit, *artifacts: ArtifactRef, **settings: int):  # type: ignore[no-untyped-def]
    clients = Clients(hub=hub, git=git_client, http=None)  # type: ignore[arg-type]
    return probe_revisions(artifacts, clients, ProbeSettings(workers=4, **settings))


def test_an_owner_with_several_repos_is_read_off_one_listing() -> None:
    hub = FakeHub(listings={("model", "org"): {"org/a": OLD, "org/B": NEW}})
    report = probe(hub, FakeGit(), model("org/a"), model("org/b"))
    assert hub.calls == ["list model org"]
    assert report.probes[key_of(model("org/a"))] == Probe(revision=OLD, via="listing")
    assert report.probes[key_of(model("org/b"))].revision == NEW  # ids compared case-blind
    assert (report.hub_requests, report.git_calls) == (1, 0)


def test_a_repo_missing_from_its_owners_listing_is_asked_on_its_own() -> None:
    hub = FakeHub(listings={("model", "org"): {"org/a": OLD}},
                  infos={"org/gone": AdapterError(FailureKind.NOT_FOUND, "gone")})  # fmt: skip
    report = probe(hub, FakeGit(), model("org/a"), model("org/gone"))
    assert hub.calls == ["list model org", "info org/gone"]
    assert report.probes[key_of(model("org/gone"))].failure == "not_found: gone"


def test_a_failed_listing_falls_back_to_one_info_call_per_repo() -> None:
    hub = FakeHub(failing_listings=frozenset({"org"}),
                  infos={"org/a": info("org/a", OLD), "org/b": info("org/b", OLD)})  # fmt: skip
    report = probe(hub, FakeGit(), model("org/a"), model("org/b"))
    assert sorted(hub.calls) == ["info org/a", "info org/b", "list model org"]
    assert {p.revision for p in report.probes.values()} == {OLD}
    assert report.hub_requests == 3


@pytest.mark.parametrize(
    ("locator", "listing_min", "expected_calls"),
    [
        ("org/a", 2, ["info org/a"]),  # alone in the batch: a listing would cost more
        ("org/a", 1, ["list model org"]),  # told that one repo is worth a listing
        ("gpt2", 1, ["info gpt2"]),  # a legacy id has no owner to list
    ],
)
def test_when_a_listing_is_worth_it(locator: str, listing_min: int, expected_calls: list[str]) -> None:
    hub = FakeHub(listings={("model", "org"): {"org/a": OLD}}, infos={locator: info(locator, OLD)})
    probe(hub, FakeGit(), model(locator), listing_min=listing_min)
    assert hub.calls == expected_calls


def test_git_remotes_are_asked_once_each_and_failures_are_kept() -> None:
    remote = FakeGit(heads={"https://git.example/a": OLD})
    report = probe(FakeHub(), remote, git("https://git.example/a"), git("https://git.example/a"),
                   git("https://git.example/down"))  # fmt: skip
    assert sorted(remote.calls) == ["https://git.example/a", "https://git.example/down"]
    assert report.probes[key_of(git("https://git.example/a"))].revision == OLD
    assert report.probes[key_of(git("https://git.example/down"))].failure is not None
    assert report.git_calls == 2


def test_a_renamed_repo_is_reported_as_moved() -> None:
    hub = FakeHub(infos={"org/old": info("org/old", OLD, canonical="org/new")})
    report = probe(hub, FakeGit(), model("org/old"))
    assert report.probes[key_of(model("org/old"))].moved_to == "org/new"


def test_a_moved_git_remote_is_reported_as_moved_and_does_not_confirm() -> None:
    remote = FakeGit(heads={"https://git.example/old": OLD},
                     moved={"https://git.example/old": "https://git.example/new"})  # fmt: skip
    answer = probe(FakeHub(), remote, git("https://git.example/old")).probes[
        key_of(git("https://git.example/old"))
    ]
    assert (answer.revision, answer.moved_to) == (OLD, "https://git.example/new")
    assert not answer.confirms(OLD)  # the same commit at another URL: a full check decides


@pytest.mark.parametrize(
    ("answer", "expected", "unchanged"),
    [
        (Probe(revision=OLD), OLD, True),
        (Probe(revision=NEW), OLD, False),  # moved on
        (Probe(revision=OLD), NEW, False),  # force-pushed back to an older commit
        (Probe(revision=None), None, False),  # no revision to compare
        (Probe(revision=OLD), None, False),  # nothing recorded to compare with
        (Probe(failure="timeout: slow"), OLD, False),  # a failed probe is never unchanged
        (Probe(revision=OLD, moved_to="org/new"), OLD, False),  # same sha, another id
    ],
)
def test_only_the_very_same_revision_under_the_same_id_confirms(
    answer: Probe, expected: str | None, unchanged: bool
) -> None:
    assert answer.confirms(expected) is unchanged
