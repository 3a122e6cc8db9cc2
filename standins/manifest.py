"""The stand-ins' vocabulary: one manifest per Hub repo, git repo or plain URL.

Manifests are written as YAML (see README.md) and parsed by ``standins.loader``; the
servers only ever see these frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from .weight_specs import WeightDecl

HubKind = Literal["model", "dataset"]
Gated = Literal[False, "auto", "manual"]


@dataclass(frozen=True)
class FileSpec:
    """One file of a repo: its bytes, or only its size when the bytes are not part of the record."""

    path: str
    content: bytes | None = None
    size: int | None = None
    text_ref: str | None = None
    # A weight file's declared format and header (Hub repos only); `size` is then the
    # length served, derived from the header unless the manifest cuts or pads it.
    weights: WeightDecl | None = None

    @property
    def has_content(self) -> bool:
        """Whether the manifest gives the file's bytes (inline or through text_ref)."""
        return self.content is not None

    @property
    def byte_size(self) -> int:
        """The file's size in bytes, whether given as content or as a bare size."""
        return len(self.content) if self.content is not None else int(self.size or 0)


@dataclass(frozen=True)
class Fault:
    """A failure to inject for tests: an HTTP status, a delay, or a malformed JSON body.

    ``times`` limits it to the repo's first N requests (then it answers normally);
    ``retry_after`` is sent as the ``Retry-After`` header of the ``status`` answer.
    """

    status: int | None = None
    delay_s: float = 0.0
    malformed: bool = False
    times: int | None = None
    retry_after: int | None = None


@dataclass(frozen=True)
class HubBranch:
    """A branch of a Hub repo besides main (an intermediate checkpoint): files over main's."""

    files: tuple[FileSpec, ...]  # added to, or replacing, main's files of the same path
    sha: str
    last_modified: str


@dataclass(frozen=True)
class HubRepoManifest:
    """A model or dataset repo on the Hugging Face Hub, as of one snapshot."""

    kind: HubKind
    id: str
    sha: str
    last_modified: str
    files: tuple[FileSpec, ...]
    snapshot: bool = True
    source: str | None = None
    private: bool = False
    gated: Gated = False
    disabled: bool = False
    tags: tuple[str, ...] = ()
    card_data: Mapping[str, Any] = field(default_factory=dict)
    card_text: str = ""
    fault: Fault | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    origin: Path | None = None
    # Optional, for the listing and refs endpoints (standins.hub_listing, standins.hub_refs).
    branches: Mapping[str, HubBranch] = field(default_factory=dict)
    ref_tags: Mapping[str, str] = field(default_factory=dict)  # tag name -> branch ("main")
    aliases: tuple[str, ...] = ()  # old ids the Hub redirects to this one ("c4")
    created_at: str | None = None  # default: last_modified

    @property
    def identity(self) -> tuple[str, str]:
        """The key later manifests override by: repo type and case-folded id."""
        return ("hub", f"{self.kind}:{self.id.lower()}")

    @property
    def author(self) -> str | None:
        """The namespace part of the id, if the id has one."""
        return self.id.split("/", 1)[0] if "/" in self.id else None


@dataclass(frozen=True)
class GitRepoManifest:
    """A git repository at a public URL, rebuilt locally as a real bare repository."""

    url: str
    files: tuple[FileSpec, ...]
    default_branch: str = "main"
    branches: Mapping[str, tuple[FileSpec, ...]] = field(default_factory=dict)
    history: int = 1
    snapshot: bool = True
    source: str | None = None
    origin: Path | None = None
    aliases: tuple[str, ...] = ()  # old URLs that redirect here, as for a renamed repo

    @property
    def key(self) -> str:
        """``host/owner/repo`` in lower case, without scheme or ``.git``: how it is served."""
        return git_key(self.url)

    @property
    def host(self) -> str:
        """The host the public URL points at."""
        return self.key.split("/", 1)[0]

    @property
    def identity(self) -> tuple[str, str]:
        """The key later manifests override by."""
        return ("git", self.key)


@dataclass(frozen=True)
class UrlManifest:
    """Something published at a plain URL: a status, a type, a size or a redirect."""

    url: str
    status: int = 200
    content_type: str = "application/octet-stream"
    size: int = 0
    content: bytes | None = None
    redirect_to: str | None = None
    snapshot: bool = True
    source: str | None = None
    origin: Path | None = None

    @property
    def key(self) -> str:
        """``host/path[?query]`` with the host in lower case: how it is served."""
        return url_key(self.url)

    @property
    def host(self) -> str:
        """The host the public URL points at."""
        return self.key.split("/", 1)[0]

    @property
    def byte_size(self) -> int:
        """The body size: the inline content's length, else the declared size."""
        return len(self.content) if self.content is not None else self.size

    @property
    def identity(self) -> tuple[str, str]:
        """The key later manifests override by."""
        return ("url", self.key)


@dataclass(frozen=True)
class CollectionManifest:
    """A Hub collection: its slug, title and items (repos by type and id), in order."""

    slug: str
    title: str
    items: tuple[tuple[str, str], ...]  # (type, id): ("dataset", "m-a-p/Matrix")
    description: str | None = None
    last_updated: str = "2024-01-01T00:00:00.000Z"
    upvotes: int = 0
    snapshot: bool = True
    source: str | None = None
    origin: Path | None = None

    @property
    def owner(self) -> str:
        """The namespace the collection belongs to."""
        return self.slug.split("/", 1)[0]


@dataclass(frozen=True)
class PaperManifest:
    """A Hub paper page (huggingface.co/papers/<arXiv id>): the links its authors set on it."""

    arxiv_id: str
    title: str
    github_repo: str | None = None  # the page's GitHub button (`githubRepo` in the API)
    project_page: str | None = None
    published_at: str = "2024-01-01T00:00:00.000Z"
    snapshot: bool = True
    source: str | None = None
    origin: Path | None = None


Manifest = HubRepoManifest | GitRepoManifest | UrlManifest | CollectionManifest | PaperManifest


def git_key(url: str) -> str:
    """Turn a git URL into its served key: ``github.com/allenai/olmo``."""
    parts = urlsplit(url)
    path = parts.path.strip("/")
    if path.endswith(".git"):
        path = path[: -len(".git")]
    return f"{parts.netloc}/{path}".lower()


def url_key(url: str) -> str:
    """Turn a public URL into its served key; trailing slashes do not matter."""
    parts = urlsplit(url)
    key = f"{parts.netloc.lower()}/{parts.path.strip('/')}".rstrip("/")
    return f"{key}?{parts.query}" if parts.query else key


@dataclass(frozen=True)
class Snapshot:
    """Every loaded manifest, split by kind, each kind indexed by its served key."""

    hub: Mapping[tuple[str, str], HubRepoManifest] = field(default_factory=dict)
    git: Mapping[str, GitRepoManifest] = field(default_factory=dict)
    urls: Mapping[str, UrlManifest] = field(default_factory=dict)
    collections: Mapping[str, CollectionManifest] = field(default_factory=dict)
    papers: Mapping[str, PaperManifest] = field(default_factory=dict)

    @classmethod
    def of(cls, manifests: list[Manifest]) -> Snapshot:
        """Index manifests; a later manifest with the same identity replaces an earlier one."""
        hub: dict[tuple[str, str], HubRepoManifest] = {}
        git: dict[str, GitRepoManifest] = {}
        urls: dict[str, UrlManifest] = {}
        collections: dict[str, CollectionManifest] = {}
        papers: dict[str, PaperManifest] = {}
        for manifest in manifests:
            if isinstance(manifest, HubRepoManifest):
                hub[(manifest.kind, manifest.id.lower())] = manifest
            elif isinstance(manifest, GitRepoManifest):
                git[manifest.key] = manifest
            elif isinstance(manifest, CollectionManifest):
                collections[manifest.slug.lower()] = manifest
            elif isinstance(manifest, PaperManifest):
                papers[manifest.arxiv_id] = manifest
            else:
                urls[manifest.key] = manifest
        return cls(hub=hub, git=git, urls=urls, collections=collections, papers=papers)

    def git_moves(self) -> dict[str, str]:
        """Old served keys of renamed git repos -> the public URL each now answers at."""
        return {git_key(alias): repo.url for repo in self.git.values() for alias in repo.aliases}

    def hub_repo(self, kind: str, repo_id: str) -> HubRepoManifest | None:
        """The Hub repo with this type and id (ids are case-insensitive, as on the Hub)."""
        return self.hub.get((kind, repo_id.lower()))

    def __len__(self) -> int:
        return len(self.hub) + len(self.git) + len(self.urls)
