"""Small Protocols for the outside world; adapters implement them, tests fake them.

The checkers depend only on these shapes, never on huggingface_hub, git or an HTTP
client. Every reply is a plain frozen dataclass; every failure is an `AdapterError`
carrying one `FailureKind`, so a checker can say *unverified* without knowing which
library failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from registry.model import FailureKind

RepoType = Literal["model", "dataset"]


class AdapterError(Exception):
    """Talking to the outside world failed; `kind` says how, in the registry's words."""

    def __init__(self, kind: FailureKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


# --- Hub ---------------------------------------------------------------------------


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


class HubLister(Protocol):
    """The Hub's listing API: an organisation's public models and datasets."""

    def list_repos(
        self, repo_type: RepoType, author: str, limit: int
    ) -> tuple[HubRepoSummary, ...]:
        """Return up to `limit` repositories of `author`, newest first, page by page."""
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


# --- Git ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GitHead:
    """A remote's default branch and the commit it points at (its ref advertisement)."""

    url: str  # the public URL asked about
    contacted: str  # the URL actually contacted (after offline rewrites)
    commit: str
    default_branch: str | None = None
    moved_to: str | None = None  # the public URL the remote redirected to (a renamed repo)


@dataclass(frozen=True)
class GitInspection:
    """The paths of one commit and the text of the few files the caller chose to read."""

    url: str
    contacted: str
    commit: str
    paths: tuple[str, ...]
    texts: Mapping[str, str] = field(default_factory=dict)
    truncated: bool = False  # the path list hit the file cap


@dataclass(frozen=True)
class GitFolder:
    """The text files directly in one folder of one commit, read whole (up to the caps)."""

    url: str
    contacted: str
    commit: str
    folder: str
    texts: Mapping[str, str] = field(default_factory=dict)  # path in the repository -> text
    truncated: bool = False  # the path list or the file cap stopped us: some files unread


# Given every path of the commit, return the paths worth reading (licence, README...).
PathChooser = Callable[[tuple[str, ...]], Iterable[str]]


class GitClient(Protocol):
    """Read-only, cheap inspection of public git repositories."""

    def remote_head(self, url: str) -> GitHead:
        """Return the default branch and its commit without cloning."""
        ...

    def inspect(
        self, url: str, choose: PathChooser, max_bytes: int, ref: str | None = None
    ) -> GitInspection:
        """List the paths at `ref` (branch, tag, commit; None: default head), read chosen files."""
        ...


class GitFolderReader(Protocol):
    """Reading a folder of text files at a ref: how framework data is synced from upstream."""

    def read_folder(
        self, url: str, folder: str, suffixes: tuple[str, ...], ref: str | None = None
    ) -> GitFolder:
        """Read the files directly in a folder at a ref (default: the head), capped."""
        ...


# --- Plain HTTP --------------------------------------------------------------------


@dataclass(frozen=True)
class RedirectHop:
    """One redirect the probe followed, after the guard re-checked its target."""

    url: str
    status: int


@dataclass(frozen=True)
class ProbeReply:
    """What a HEAD (then ranged GET) on a URL showed, without downloading the body."""

    url: str  # the public URL asked about
    contacted: str  # the first URL actually contacted (after offline rewrites)
    final_url: str  # the public form of the last URL in the redirect chain
    status: int
    content_type: str | None = None
    size: int | None = None
    redirects: tuple[RedirectHop, ...] = ()
    licence_link: str | None = None  # a `Link: <...>; rel="license"` header, if any


class HttpProbe(Protocol):
    """Guarded reachability probes of plain URLs."""

    def probe(self, url: str) -> ProbeReply:
        """Probe a URL (HEAD, then a ranged GET when HEAD is refused), re-checking redirects."""
        ...


@dataclass(frozen=True)
class FetchedText:
    """The first bytes of a page, decoded, fetched through the same guards as a probe."""

    url: str  # the public URL asked about
    final_url: str  # the public form of the last URL in the redirect chain
    status: int
    content_type: str | None
    text: str
    truncated: bool = False  # the page was longer than the cap


@runtime_checkable
class PageFetcher(Protocol):
    """Guarded reads of small public pages (a paper's abstract page)."""

    def fetch_text(self, url: str, max_bytes: int) -> FetchedText:
        """Return the first `max_bytes` of the page at `url`, re-checking every redirect."""
        ...


@dataclass(frozen=True)
class Clients:
    """The three ports a checker may use, built together from one settings object."""

    hub: HubClient
    git: GitClient
    http: HttpProbe
