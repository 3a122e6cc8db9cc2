"""The Hub's ports: repo info, files and headers, refs, and the listing API."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

RepoType = Literal["model", "dataset"]


@dataclass(frozen=True)
class HubRepoInfo:
    """What the Hub says about a model or dataset repository (no file contents)."""

    repo_type: RepoType
    repo_id: str
    endpoint: str  # the Hub actually contacted (a loopback stand-in in offline mode)
    sha: str | None = None
    gated: bool = False
    gate_mode: str | None = None  # "auto" or "manual" when gated
    private: bool = False
    disabled: bool = False
    tags: tuple[str, ...] = ()
    card_data: Mapping[str, object] = field(default_factory=dict)
    # The id the Hub answered with: a renamed or legacy id ("c4") resolves to its new home
    # ("allenai/c4"); None when the reply did not say.
    canonical_id: str | None = None
    # The Hub's own count of the parameters in the repo's safetensors files, when it gives one.
    safetensors: SafetensorsSummary | None = None


@dataclass(frozen=True)
class HubRepoSummary:
    """One repository of an organisation, as the Hub's listing API describes it."""

    repo_type: RepoType
    repo_id: str
    sha: str | None = None
    created_at: str | None = None
    last_modified: str | None = None
    private: bool = False
    gated: bool = False
    tags: tuple[str, ...] = ()


@runtime_checkable
class HubLister(Protocol):
    """The Hub's listing API: an organisation's public models and datasets."""

    def list_repos(
        self, repo_type: RepoType, author: str, limit: int, search: str | None = None
    ) -> tuple[HubRepoSummary, ...]:
        """Return up to `limit` repositories of `author` (ids containing `search`), newest first."""
        ...


@dataclass(frozen=True)
class HubRevisions:
    """Current shas of one owner's repositories, read off the listing API.

    `shas` maps each listed repo id, lower-cased, to its sha. `complete` is True when every
    wanted repo was seen or the listing ended; False when the page cap stopped it first (an
    unseen repo may then exist all the same: ask for it on its own).
    """

    shas: Mapping[str, str]
    complete: bool
    pages: int


class HubRevisionLister(Protocol):
    """The listing API read for revisions only: one request per page of an owner's repos."""

    def list_revisions(
        self, repo_type: RepoType, author: str, wanted: frozenset[str], max_pages: int
    ) -> HubRevisions:
        """Page through `author`'s repos (shas only) until every `wanted` id is seen."""
        ...


@dataclass(frozen=True)
class SafetensorsSummary:
    """The `safetensors` field of model info: parameters per dtype, as the Hub counted them."""

    parameters: Mapping[str, int]
    total: int


@dataclass(frozen=True)
class TensorHeader:
    """One tensor as a safetensors header declares it."""

    name: str
    dtype: str
    shape: tuple[int, ...]
    data_offsets: tuple[int, int]


@dataclass(frozen=True)
class SafetensorsHeader:
    """A safetensors file's header as huggingface_hub parsed it; `problem` when it could not.

    A file whose bytes are not a safetensors header is a fact about the file, not a failure
    to reach the Hub, so it comes back with `problem` set instead of raising.
    """

    path: str
    tensors: tuple[TensorHeader, ...] = ()
    metadata: Mapping[str, str] = field(default_factory=dict)
    problem: str | None = None


@dataclass(frozen=True)
class HubFile:
    """One file in a Hub repository, with its size when the Hub reports it."""

    path: str
    size: int | None = None


@dataclass(frozen=True)
class HubListing:
    """The files of a repository at one revision; `truncated` when the file cap stopped us."""

    files: tuple[HubFile, ...]
    truncated: bool = False
    pages: int = 1


class HubClient(Protocol):
    """Read-only access to Hub repositories."""

    @property
    def endpoint(self) -> str:
        """Return the Hub base URL this client talks to."""
        ...

    def repo_info(self, repo_type: RepoType, repo_id: str) -> HubRepoInfo:
        """Return the repository's metadata (sha, gate, tags, card data)."""
        ...

    def list_files(self, repo_type: RepoType, repo_id: str, revision: str | None) -> HubListing:
        """List every file of the repository (recursively) with sizes, page by page."""
        ...

    def read_text(
        self, repo_type: RepoType, repo_id: str, path: str, revision: str | None, max_bytes: int
    ) -> str:
        """Return the first `max_bytes` of a small text file (README, LICENSE, index json)."""
        ...

    def read_range(
        self,
        repo_type: RepoType,
        repo_id: str,
        path: str,
        revision: str | None,
        start: int,
        length: int,
    ) -> bytes:
        """Return up to `length` bytes of a file from offset `start` (b"" past its end)."""
        ...

    def safetensors_header(
        self, repo_type: RepoType, repo_id: str, path: str, revision: str | None
    ) -> SafetensorsHeader:
        """Return a safetensors file's header, read with ranged requests, or why it is not one."""
        ...


@runtime_checkable
class HubRefLister(Protocol):
    """The Hub's refs API: a repository's branches and tags (intermediate checkpoints)."""

    def list_refs(self, repo_type: RepoType, repo_id: str) -> tuple[str, ...]:
        """Return the names of the repository's branches, then its tags."""
        ...


@dataclass(frozen=True)
class HubCollection:
    """A Hub collection: its title and its items, each (type, id), in the collection's order."""

    slug: str
    title: str
    items: tuple[tuple[str, str], ...]  # ("dataset", "m-a-p/Matrix")


@runtime_checkable
class HubCollectionReader(Protocol):
    """The Hub's collections API (`HfApi.get_collection`)."""

    def collection(self, slug: str) -> HubCollection:
        """Return the collection with this slug (owner/title-id)."""
        ...


@dataclass(frozen=True)
class HubPaper:
    """A Hub paper page (huggingface.co/papers/<arXiv id>): the links set on the page."""

    arxiv_id: str
    title: str | None
    github_repo: str | None  # the page's GitHub link (`PaperInfo.github_repo`)
    project_page: str | None


@runtime_checkable
class HubPaperReader(Protocol):
    """The Hub's papers API (`HfApi.paper_info`)."""

    def paper(self, arxiv_id: str) -> HubPaper:
        """Return the Hub's page of an arXiv paper."""
        ...
