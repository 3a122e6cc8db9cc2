"""The Hub adapter: `HubAdapter`, the one `HubClient` over huggingface_hub.

Repository metadata comes from `model_info` / `dataset_info`, the only calls that take a
timeout. The file listing and small-file reads use huggingface_hub's own session and
error parsing (`reads.py`), but page by page under our timeout and without its five-retry
backoff, so a stalled Hub makes a check fail fast (unverified) instead of hanging for
minutes. Every call runs under this adapter's hop rule (`session.py`): a redirect off the
endpoint passes the address rule before anything connects, or the call is `refused`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, TypeVar
from urllib.parse import quote

from huggingface_hub import DatasetInfo, HfApi, ModelInfo, hf_hub_url
from huggingface_hub.errors import HfHubHTTPError, SafetensorsParsingError

# The HTTP library under huggingface_hub (httpx on 1.x, httpx2 on 2.x), lazily exported
# under one name so this adapter works on either major version.
from huggingface_hub.utils import httpx as hub_httpx  # type: ignore[attr-defined]

from registry.adapters.guards import Resolver, system_resolver
from registry.adapters.hub import reads, replies, revisions
from registry.adapters.hub.failures import (
    Disabled,
    RateLimited,
    RateLimitWaits,
    mapped,
    raise_mapped,
    short,
    status,
)
from registry.adapters.hub.session import HopRule, hops_checked_by
from registry.adapters.settings import AdapterSettings
from registry.model import FailureKind
from registry.ports import (
    AdapterError,
    HubCollection,
    HubFile,
    HubListing,
    HubPaper,
    HubRepoInfo,
    HubRepoSummary,
    HubRevisions,
    RepoType,
    SafetensorsHeader,
)

T = TypeVar("T")

# What a listing asks the Hub to include for each repository (`expand`, a repeated key).
LISTING_EXPAND: Any = ["createdAt", "lastModified", "sha", "private", "gated", "tags"]
# The most of one file's head a ranged read returns: enough for a weight file's header
# (a torch pickle, GGUF metadata), never a whole shard.
MAX_RANGE_BYTES = 4 * 1024 * 1024
# What parsing an odd safetensors header raises inside huggingface_hub (its own error, or a
# JSON value of the wrong shape); never a transport error.
SAFETENSORS_PARSE_ERRORS: tuple[type[Exception], ...] = (
    SafetensorsParsingError,
    AttributeError,
    TypeError,
    ValueError,
)

# owner/name, or a bare legacy name such as "gpt2" (huggingface_hub's validate_repo_id).
HUB_REPO_ID = re.compile(r"[A-Za-z0-9][\w.-]{0,95}(/[A-Za-z0-9][\w.-]{0,95})?")
# A collection's slug: owner/title-words-<24 hex object id> (huggingface_hub's examples).
COLLECTION_SLUG = re.compile(r"[A-Za-z0-9][\w.-]{0,95}/[a-z0-9-]{1,200}-[0-9a-f]{24}")
ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}")  # a new-style arXiv id (YYMM.NNNNN), as paper pages use


class HubAdapter:
    """A `HubClient` over huggingface_hub, anonymous, with a timeout on every request."""

    def __init__(self, settings: AdapterSettings, resolve: Resolver = system_resolver) -> None:
        self._settings = settings
        self._api = HfApi(endpoint=self.endpoint, token=False)
        # Anonymous on purpose: we verify what the public can see, so no token is sent.
        self._request = reads.Request(
            {"user-agent": settings.user_agent}, hub_httpx.Timeout(settings.hub_timeout_s)
        )
        self._rate_limits = RateLimitWaits(settings.hub_retry_after_cap_s)
        policy = settings.network_policy
        self._hops = HopRule(self.endpoint, policy, resolve)

    @property
    def endpoint(self) -> str:
        """Return the Hub base URL this client talks to."""
        return self._settings.hub_endpoint.rstrip("/")

    def repo_info(self, repo_type: RepoType, repo_id: str) -> HubRepoInfo:
        """Return the repository's metadata (sha, gate, tags, card data)."""
        _check_repo_id(repo_id)
        fetch = self._api.model_info if repo_type == "model" else self._api.dataset_info
        try:
            info = self._call(lambda: fetch(repo_id, timeout=self._settings.hub_timeout_s))
        except Disabled:
            return HubRepoInfo(repo_type, repo_id, self.endpoint, disabled=True)
        return replies.repo_info(repo_type, repo_id, self.endpoint, info)

    def list_repos(
        self, repo_type: RepoType, author: str, limit: int, search: str | None = None
    ) -> tuple[HubRepoSummary, ...]:
        """Return up to `limit` repositories of `author` (ids containing `search`), newest first."""
        _check_repo_id(author)
        lister = self._api.list_models if repo_type == "model" else self._api.list_datasets
        listing = partial(
            lister, author=author, search=search, limit=limit, sort="created_at",
            expand=LISTING_EXPAND,
        )
        return self._guarded(lambda: tuple(replies.summary(repo_type, info) for info in listing()))

    def list_revisions(
        self, repo_type: RepoType, author: str, wanted: frozenset[str], max_pages: int
    ) -> HubRevisions:
        """Page through `author`'s repos (shas only) until every `wanted` id is seen."""
        _check_repo_id(author)
        parse = ModelInfo if repo_type == "model" else DatasetInfo

        def read_item(item: Any) -> tuple[str, str | None]:
            info = parse(**item)  # as list_models parses each listed repo
            return str(info.id), info.sha

        def get_page(url: str) -> tuple[list[Any], str | None]:
            page = self._call(partial(reads.json_page, self._request, url, self.endpoint))
            return page.items, page.next_url

        first = revisions.first_page_url(self.endpoint, repo_type, author)
        deadline = self._settings.hub_listing_deadline_s
        return self._guarded(
            lambda: revisions.list_revisions(
                get_page, read_item, first, wanted, max_pages, deadline
            )
        )

    def list_files(self, repo_type: RepoType, repo_id: str, revision: str | None) -> HubListing:
        """List every file of the repository (recursively) with sizes, page by page."""
        _check_repo_id(repo_id)
        files: list[HubFile] = []
        pages = 0
        for page in self._tree_pages(repo_type, repo_id, revision):
            pages += 1
            files.extend(replies.tree_files(page))
            if len(files) >= self._settings.max_files:
                return HubListing(tuple(files[: self._settings.max_files]), True, pages)
        return HubListing(tuple(files), False, pages)

    def list_refs(self, repo_type: RepoType, repo_id: str) -> tuple[str, ...]:
        """Return the names of the repository's branches, then its tags (`/refs`, as HfApi)."""
        _check_repo_id(repo_id)
        url = f"{self.endpoint}/api/{repo_type}s/{repo_id}/refs"
        return self._call(partial(reads.ref_names, self._request, url))

    def collection(self, slug: str) -> HubCollection:
        """Return a collection's title and items (`GET /api/collections/{slug}`, as HfApi)."""
        if not COLLECTION_SLUG.fullmatch(slug):
            raise AdapterError(FailureKind.REFUSED, f"not a collection slug: {slug!r}")
        url = f"{self.endpoint}/api/collections/{slug}"
        return self._call(partial(reads.collection, self._request, url, self.endpoint))

    def paper(self, arxiv_id: str) -> HubPaper:
        """Return the Hub's page of an arXiv paper (`GET /api/papers/{id}`, as HfApi)."""
        if not ARXIV_ID.fullmatch(arxiv_id):
            raise AdapterError(FailureKind.REFUSED, f"not an arXiv id: {arxiv_id!r}")
        url = f"{self.endpoint}/api/papers/{arxiv_id}"
        return self._call(partial(reads.paper, self._request, url))

    def read_text(
        self, repo_type: RepoType, repo_id: str, path: str, revision: str | None, max_bytes: int
    ) -> str:
        """Return the first `max_bytes` of a small text file (README, LICENSE, index json)."""
        _check_repo_id(repo_id)
        url = hf_hub_url(
            repo_id, path, repo_type=repo_type, revision=revision, endpoint=self.endpoint
        )
        cap = min(max_bytes, self._settings.max_read_bytes)
        head = self._call(partial(reads.head_of_file, self._request, url, cap))
        return head.decode("utf-8", errors="replace")

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
        _check_repo_id(repo_id)
        length = min(length, MAX_RANGE_BYTES)
        if length <= 0 or start < 0:
            return b""
        url = hf_hub_url(
            repo_id, path, repo_type=repo_type, revision=revision, endpoint=self.endpoint
        )
        return self._guarded(partial(reads.span_of_file, self._request, url, start, length))

    def safetensors_header(
        self, repo_type: RepoType, repo_id: str, path: str, revision: str | None
    ) -> SafetensorsHeader:
        """Return a safetensors file's header, read with ranged requests, or why it is not one."""
        _check_repo_id(repo_id)
        try:
            with hops_checked_by(self._hops):
                parsed = self._api.parse_safetensors_file_metadata(
                    repo_id,
                    path,
                    repo_type=repo_type,
                    revision=revision,
                    timeout=self._settings.hub_timeout_s,
                )
        except HfHubHTTPError as error:
            if status(error) == reads.RANGE_NOT_SATISFIABLE:
                return SafetensorsHeader(path, problem="the file is empty")
            raise_mapped(error)
        except SAFETENSORS_PARSE_ERRORS as error:
            return SafetensorsHeader(path, problem=short(error))
        except Exception as error:  # noqa: BLE001 - transport errors and refused hops become a FailureKind
            raise_mapped(error)
        return replies.safetensors_header(path, parsed)

    def _tree_pages(
        self, repo_type: RepoType, repo_id: str, revision: str | None
    ) -> Iterator[list[Any]]:
        rev = quote(revision or "main", safe="")
        url: str | None = (
            f"{self.endpoint}/api/{repo_type}s/{repo_id}/tree/{rev}?recursive=true&expand=false"
        )
        deadline = time.monotonic() + self._settings.hub_listing_deadline_s
        while url is not None:
            if time.monotonic() > deadline:
                raise AdapterError(FailureKind.TIMEOUT, "the file listing took too long")
            page = self._call(partial(reads.json_page, self._request, url, self.endpoint))
            yield page.items
            url = page.next_url

    def _guarded(self, call: Callable[[], T]) -> T:
        # Every request the library sends in `call`, redirect hops included, meets our rule.
        with hops_checked_by(self._hops):
            return mapped(call)

    def _call(self, call: Callable[[], T]) -> T:
        # A 429 is waited out for its Retry-After while this client's budget lasts.
        while True:
            try:
                return self._guarded(call)
            except RateLimited as error:
                self._rate_limits.wait_out(error)


def _check_repo_id(repo_id: str) -> None:
    # Ids go into URL paths unescaped (as huggingface_hub does), so only the Hub's own
    # shape may pass: no "..", no "?", no extra path segments.
    if not HUB_REPO_ID.fullmatch(repo_id) or ".." in repo_id or "--" in repo_id:
        raise AdapterError(FailureKind.REFUSED, f"{repo_id!r} is not a Hub repository id")
