"""What a URL points at: a git repository, a Hub dataset or model, a paper, or a plain page.

Only the shape of the URL is read here (no network). Which hosts serve repositories, and
which of their paths are site pages, is registry/network/sites.py's table, shared with the
framework imports' reading of links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote, urlsplit

from registry.network.sites import (
    GIT_HOSTS,
    GIT_SITE_PAGES,
    HUB_HOSTS,
    HUB_SITE_PAGES,
    REPO_INNER_SEGMENTS,
    canonical_git_host,
)


class TargetKind(StrEnum):
    """The kinds of thing a link in a card or paper can point at."""

    GIT_REPO = "git_repo"
    GIT_FILE = "git_file"  # a file inside a git repository (blob, raw, notebook)
    HF_MODEL = "hf_model"
    HF_FILE = "hf_file"  # a file inside a Hub model repository
    HF_DATASET = "hf_dataset"
    HF_ORG = "hf_org"  # an organisation's Hub page, e.g. huggingface.co/bigscience-data
    HF_SPACE = "hf_space"
    HF_COLLECTION = "hf_collection"
    PAPER = "paper"
    WEB = "web"


@dataclass(frozen=True)
class Target:
    """A classified URL: its kind, the locator an artifact would use, and a path inside it."""

    kind: TargetKind
    locator: str
    path: str | None = None
    owner: str | None = None
    name: str | None = None


# Path segments after <owner>/<repo> that name a file (the rest of the path is the file).
GIT_FILE_SEGMENTS = frozenset({"blob", "raw", "tree", "-"})
ARXIV_HOSTS = frozenset({"arxiv.org", "www.arxiv.org", "export.arxiv.org"})
ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?(\.pdf)?$")


def arxiv_abs_url(arxiv_id: str) -> str:
    """Return the abstract page of an arXiv id (any version)."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def classify(url: str) -> Target:
    """Return what the URL points at."""
    parts = urlsplit(url)
    host = canonical_git_host(parts.hostname or "")
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if host in GIT_HOSTS:
        return _git_target(url, host, segments)
    if host == "raw.githubusercontent.com" and len(segments) >= 3:
        return _git_file("github.com", segments[0], segments[1], "/".join(segments[3:]))
    if host == "colab.research.google.com" and segments[:1] == ["github"] and len(segments) > 3:
        return _git_file("github.com", segments[1], segments[2], "/".join(segments[5:]))
    if host in HUB_HOSTS:
        return _hub_target(url, segments)
    if host in ARXIV_HOSTS:
        return _arxiv_target(url, segments)
    return Target(TargetKind.WEB, url)


def _git_target(url: str, host: str, segments: list[str]) -> Target:
    if len(segments) < 2 or segments[0].lower() in GIT_SITE_PAGES:
        return Target(TargetKind.WEB, url)
    owner, name = segments[0], _strip_git(segments[1])
    if len(segments) > 3 and segments[2] in GIT_FILE_SEGMENTS:
        return _git_file(host, owner, name, "/".join(segments[4:]))
    return Target(TargetKind.GIT_REPO, f"https://{host}/{owner}/{name}", None, owner, name)


def _git_file(host: str, owner: str, name: str, path: str) -> Target:
    locator = f"https://{host}/{owner}/{_strip_git(name)}"
    return Target(TargetKind.GIT_FILE, locator, path or None, owner, _strip_git(name))


def _strip_git(name: str) -> str:
    return name[: -len(".git")] if name.endswith(".git") else name


def _hub_target(url: str, segments: list[str]) -> Target:
    if not segments:
        return Target(TargetKind.WEB, url)
    head, rest = segments[0], segments[1:]
    if head == "datasets":
        return _hub_repo(TargetKind.HF_DATASET, url, rest)
    if head == "spaces":
        return Target(TargetKind.HF_SPACE, url)
    if head == "collections":
        return Target(TargetKind.HF_COLLECTION, url)
    if head == "papers" and rest and ARXIV_ID.match(rest[0]):
        return _paper(rest[0])
    if head in HUB_SITE_PAGES:
        return Target(TargetKind.WEB, url)
    if not rest:
        return Target(TargetKind.HF_ORG, f"https://huggingface.co/{head}", None, head)
    return _hub_repo(TargetKind.HF_MODEL, url, segments)


def _hub_repo(kind: TargetKind, url: str, segments: list[str]) -> Target:
    if not segments:
        return Target(TargetKind.WEB, url)
    if len(segments) == 1 or segments[1] in REPO_INNER_SEGMENTS:
        # A legacy id without a namespace: datasets/c4, or datasets/wikitext/viewer/...
        # (a page of the repository "wikitext", never a repository "wikitext/viewer").
        return Target(kind, segments[0], None, None, segments[0])
    owner, name = segments[0], segments[1]
    path = "/".join(segments[4:]) if segments[2:3] in (["resolve"], ["blob"]) else None
    if kind is TargetKind.HF_MODEL and path:
        return Target(TargetKind.HF_FILE, f"{owner}/{name}", path, owner, name)
    return Target(kind, f"{owner}/{name}", path, owner, name)


def _arxiv_target(url: str, segments: list[str]) -> Target:
    if len(segments) >= 2 and segments[0] in ("abs", "pdf", "html"):
        match = ARXIV_ID.match("/".join(segments[1:]))
        if match:
            return _paper(match.group(0))
    return Target(TargetKind.WEB, url)


def _paper(raw_id: str) -> Target:
    match = ARXIV_ID.match(raw_id)
    arxiv_id = match.group(1) if match else raw_id
    return Target(TargetKind.PAPER, arxiv_abs_url(arxiv_id), None, None, arxiv_id)
