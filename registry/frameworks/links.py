"""Read the links other indexes give: an artifact a checker can verify, or evidence we keep.

Only real locators become artifacts: a Hub model or dataset repository (legacy owner-less
dataset ids such as `c4` included), a git repository URL, or the direct download of a data
file. Everything else a grader or a model file links (a paper page, a model card anchor,
a collection, an organisation page, a blog post) is *evidence*: kept beside the claim and
shown, never fetched. A link written oddly (a page title pasted after it, no scheme, a
private address) gets a `problem` sentence for the import report. Parsing only: no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from registry.model import ArtifactKind, Pillar
from registry.network.hosts import host_refusal
from registry.network.sites import (
    FLAT_GIT_HOSTS,
    GIT_HOSTS,
    GIT_SITE_PAGES,
    HUB_HOSTS,
    HUB_SITE_PAGES,
    REPO_INNER_SEGMENTS,
    canonical_git_host,
)

# Path endings of a direct data download (checked as a URL artifact by the data checker).
DATA_FILE_SUFFIXES = (
    ".zip", ".tar", ".tar.gz", ".tgz", ".gz", ".bz2", ".xz", ".zst", ".7z", ".jsonl",
    ".json", ".parquet", ".csv", ".tsv", ".arrow",
)  # fmt: skip
REPO_PART = re.compile(r"^[A-Za-z0-9_.-]+$")
# A bare Hub id as model files write it: owner/name, datasets/name or datasets/owner/name.
BARE_HUB_ID = re.compile(r"^(datasets/)?[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?$")


class LinkUse(StrEnum):
    """What the registry does with a link."""

    ARTIFACT = "artifact"  # a locator a checker verifies
    EVIDENCE = "evidence"  # kept beside the claim and shown; never fetched


@dataclass(frozen=True)
class LinkReading:
    """One link as written, what it is, and any problem with how it is written."""

    text: str
    use: LinkUse
    url: str | None  # an http(s) address people can open; None when the text is not one
    why: str  # what it locates, or why it is evidence
    kind: ArtifactKind | None = None
    locator: str | None = None
    problem: str | None = None


@dataclass(frozen=True)
class _Target:
    """Where a URL points: a Hub model or dataset, a git repository, a data file, a page."""

    what: str  # "model", "dataset", "git", "file" or "page"
    locator: str | None
    why: str


# (pillar, target) -> the artifact kind it becomes; any other pairing is evidence.
ARTIFACT_KINDS: dict[tuple[Pillar, str], ArtifactKind] = {
    (Pillar.WEIGHTS, "model"): ArtifactKind.HF_MODEL,
    (Pillar.CODE, "git"): ArtifactKind.GIT,
    (Pillar.DATA, "dataset"): ArtifactKind.HF_DATASET,
    (Pillar.DATA, "file"): ArtifactKind.URL,
}
# Why a locator of another kind is only evidence for a pillar.
MISPLACED = {
    "model": "a Hub model repository, not {noun}",
    "dataset": "a Hub dataset, not {noun}",
    "git": "a code repository, not {noun}",
    "file": "a file download, not {noun}",
}
NOUNS = {Pillar.WEIGHTS: "model weights", Pillar.CODE: "training code", Pillar.DATA: "a dataset"}


def read_link(text: str, pillar: Pillar) -> LinkReading:
    """Return what a link is for one pillar: an artifact to check, or evidence to keep."""
    url, problem = _url_in(text)
    if url is None:
        return LinkReading(text, LinkUse.EVIDENCE, None, problem or "not a link", problem=problem)
    unreachable = _unreachable(url)
    if unreachable:
        return LinkReading(text, LinkUse.EVIDENCE, None, unreachable, problem=unreachable)
    target = _target(url)
    kind = ARTIFACT_KINDS.get((pillar, target.what))
    if kind is None:
        why = MISPLACED.get(target.what, "{why}").format(noun=NOUNS[pillar], why=target.why)
        return LinkReading(text, LinkUse.EVIDENCE, url, why, problem=problem)
    return LinkReading(text, LinkUse.ARTIFACT, url, target.why, kind, target.locator, problem)


def _url_in(text: str) -> tuple[str | None, str | None]:
    stripped = text.strip()
    if not stripped or any(ord(c) < 32 and not c.isspace() for c in stripped):
        return None, "Not a link: it is empty or holds control characters."
    head, *rest = stripped.split(maxsplit=1)
    tail = rest[0] if rest else ""
    if tail and "://" in head:
        title = tail.strip()
        return head, f"Text after the link ({title[:80]!r}) is not part of it: read {head}."
    if "://" not in stripped:
        return _bare(stripped)
    scheme = urlsplit(stripped).scheme.lower()
    if scheme not in {"http", "https"}:
        return None, f"Not a web link ({scheme}:): kept as text, never opened."
    return stripped, None


def _bare(text: str) -> tuple[str | None, str | None]:
    # Model files write Hub repos as bare ids (mistralai/Mistral-7B-v0.1, datasets/c4).
    if BARE_HUB_ID.match(text) and ("/" in text):
        return f"https://huggingface.co/{text}", None
    return None, f"Not a link: {text[:80]!r} has no https:// address; kept as text."


def _unreachable(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return f"Not a link: {url[:80]!r} does not parse as a URL; kept as text."
    reason = host_refusal(host)
    if reason is not None:
        return f"Unreachable link: {reason}; never contacted."
    return None


def _target(url: str) -> _Target:
    parts = urlsplit(url)
    host = canonical_git_host(parts.hostname or "")
    segments = [s for s in parts.path.split("/") if s]
    if host in HUB_HOSTS:
        return _hub_target(segments)
    if host in GIT_HOSTS or _looks_like_git(host, segments):
        return _git_target(host, segments)
    if parts.path.lower().endswith(DATA_FILE_SUFFIXES):
        return _Target("file", f"https://{parts.netloc}{parts.path}", "a data file download")
    return _Target("page", None, f"a web page on {host}")


def _hub_target(segments: list[str]) -> _Target:
    if not segments:
        return _Target("page", None, "the Hub's front page, which names no repository")
    if segments[0] == "datasets":
        return _hub_dataset(segments[1:])
    if segments[0] in HUB_SITE_PAGES:
        return _Target("page", None, f"a Hub {segments[0]} page")
    if len(segments) == 1:
        return _Target("page", None, f"the Hub page of {segments[0]} (an organisation or user)")
    if len(segments) > 2 and segments[2] not in REPO_INNER_SEGMENTS:
        return _Target("page", None, "a Hub page that is not a repository link")
    return _Target("model", "/".join(segments[:2]), "a Hub model repository")


def _hub_dataset(segments: list[str]) -> _Target:
    if not segments:
        return _Target("page", None, "the Hub's dataset list")
    # A legacy dataset has no owner: datasets/c4, datasets/c4/tree/main.
    if len(segments) == 1 or segments[1] in REPO_INNER_SEGMENTS:
        return _Target("dataset", segments[0], "a Hub dataset (a legacy id without owner)")
    if len(segments) > 2 and segments[2] not in REPO_INNER_SEGMENTS:
        return _Target("page", None, "a Hub page that is not a dataset link")
    return _Target("dataset", "/".join(segments[:2]), "a Hub dataset repository")


def _looks_like_git(host: str, segments: list[str]) -> bool:
    # A self-hosted forge: its name says git, or the path ends in .git.
    named = host.startswith(("git.", "gitlab.", "gitea.", "forgejo."))
    return len(segments) >= 2 and (named or segments[-1].endswith(".git"))


def _git_target(host: str, segments: list[str]) -> _Target:
    if not segments or segments[0] in GIT_SITE_PAGES:
        return _Target("page", None, f"a {host} page, not a repository")
    if len(segments) == 1:
        return _Target("page", None, f"the {host} page of {segments[0]} (an organisation or user)")
    repo = _repo_segments(host, segments)
    if repo is None or not all(REPO_PART.match(s) for s in repo):
        return _Target("page", None, f"a {host} page that is not a repository link")
    return _Target("git", f"https://{host}/{'/'.join(repo)}", "a git repository")


def _repo_segments(host: str, segments: list[str]) -> list[str] | None:
    if host in FLAT_GIT_HOSTS:
        deeper = segments[2:]
        return None if deeper and deeper[0] not in REPO_INNER_SEGMENTS else segments[:2]
    cut = next((i for i, s in enumerate(segments) if s in REPO_INNER_SEGMENTS), len(segments))
    return segments[:cut] if cut >= 2 else None


def hub_url(repo_id: str, dataset: bool = False) -> str:
    """Return the public page of a Hub repository."""
    prefix = "datasets/" if dataset else ""
    return f"https://huggingface.co/{prefix}{repo_id}"
