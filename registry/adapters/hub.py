"""The Hub adapter: the only module that imports huggingface_hub.

Repository metadata comes from `model_info` / `dataset_info`, the only calls that take a
timeout. The file listing and small-file reads use huggingface_hub's own session and
error parsing, but page by page under our timeout and without its five-retry backoff,
so a stalled Hub makes a check fail fast (unverified) instead of hanging for minutes.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import partial
from typing import Any, NoReturn, TypeVar
from urllib.parse import quote, urlsplit

# huggingface_hub's telemetry (on unless disabled) makes the first request of every process
# fetch https://huggingface.co/api/agent-harnesses with a 3 s timeout: a call outside the
# configured endpoint, even offline, and a delay in each RQ work horse. Its constants are
# read at import time, so the switch is set before the first import.
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from huggingface_hub import (
    Collection,
    DatasetInfo,
    HfApi,
    ModelInfo,
    get_session,
    hf_hub_url,
    hf_raise_for_status,
)
from huggingface_hub.errors import (
    DisabledRepoError,
    GatedRepoError,
    HfHubHTTPError,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
    SafetensorsParsingError,
)

# The HTTP library under huggingface_hub (httpx on 1.x, httpx2 on 2.x), lazily exported
# under one name so this adapter works on either major version.
from huggingface_hub.utils import httpx as hub_httpx  # type: ignore[attr-defined]

from registry.adapters import hub_replies as replies
from registry.adapters import hub_revisions
from registry.adapters.settings import AdapterSettings, failure_for_status
from registry.model import FailureKind
from registry.ports import (
    AdapterError,
    HubCollection,
    HubFile,
    HubListing,
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
# "Range Not Satisfiable": the range starts past the end, e.g. of an empty file.
RANGE_NOT_SATISFIABLE = 416
# What parsing an odd safetensors header raises inside huggingface_hub (its own error, or a
# JSON value of the wrong shape); never a transport error.
SAFETENSORS_PARSE_ERRORS: tuple[type[Exception], ...] = (
    SafetensorsParsingError,
    AttributeError,
    TypeError,
    ValueError,
)

# huggingface_hub error classes -> our failure kinds. Order matters: GatedRepoError is a
# subclass of RepositoryNotFoundError, so it must be matched first.
HUB_ERRORS: tuple[tuple[type[Exception], FailureKind], ...] = (
    (GatedRepoError, FailureKind.GATED),
    (RepositoryNotFoundError, FailureKind.NOT_FOUND),
    (RevisionNotFoundError, FailureKind.NOT_FOUND),
    (RemoteEntryNotFoundError, FailureKind.NOT_FOUND),
    (DisabledRepoError, FailureKind.UNAUTHORISED),
)


# owner/name, or a bare legacy name such as "gpt2" (huggingface_hub's validate_repo_id).
HUB_REPO_ID = re.compile(r"[A-Za-z0-9][\w.-]{0,95}(/[A-Za-z0-9][\w.-]{0,95})?")
# A collection's slug: owner/title-words-<24 hex object id> (huggingface_hub's examples).
COLLECTION_SLUG = re.compile(r"[A-Za-z0-9][\w.-]{0,95}/[a-z0-9-]{1,200}-[0-9a-f]{24}")


@dataclass(frozen=True)
class _Page:
    items: list[Any]
    next_url: str | None


class HubAdapter:
    """A `HubClient` over huggingface_hub, anonymous, with a timeout on every request."""

    def __init__(self, settings: AdapterSettings) -> None:
        self._settings = settings
        self._api = HfApi(endpoint=settings.hub_endpoint.rstrip("/"), token=False)
        # Anonymous on purpose: we verify what the public can see, so no token is sent.
        self._headers = {"user-agent": settings.user_agent}
        self._rate_limits = _RateLimitWaits(settings.hub_retry_after_cap_s)

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
        except _Disabled:
            return HubRepoInfo(repo_type, repo_id, self.endpoint, disabled=True)
        return replies.repo_info(repo_type, repo_id, self.endpoint, info)

    def list_repos(
        self, repo_type: RepoType, author: str, limit: int
    ) -> tuple[HubRepoSummary, ...]:
        """Return up to `limit` repositories of `author`, newest first, page by page."""
        _check_repo_id(author)
        lister = self._api.list_models if repo_type == "model" else self._api.list_datasets
        listing = partial(
            lister, author=author, limit=limit, sort="created_at", expand=LISTING_EXPAND
        )
        return _mapped(lambda: tuple(replies.summary(repo_type, info) for info in listing()))

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
            page = self._call(partial(self._get_page, url))
            return page.items, page.next_url

        first = hub_revisions.first_page_url(self.endpoint, repo_type, author)
        deadline = self._settings.hub_listing_deadline_s
        return _mapped(
            lambda: hub_revisions.list_revisions(
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
        return self._call(partial(self._get_refs, url))

    def collection(self, slug: str) -> HubCollection:
        """Return a collection's title and items (`GET /api/collections/{slug}`, as HfApi)."""
        return self._call(partial(self._get_collection, slug))

    def _get_collection(self, slug: str) -> HubCollection:
        # `HfApi.get_collection` takes no timeout, so its request is sent here with ours and
        # the reply parsed by huggingface_hub's own `Collection`, as `get_collection` does.
        if not COLLECTION_SLUG.fullmatch(slug):
            raise AdapterError(FailureKind.REFUSED, f"not a collection slug: {slug!r}")
        url = f"{self.endpoint}/api/collections/{slug}"
        response = get_session().get(url, headers=self._headers, timeout=self._timeout())
        hf_raise_for_status(response)
        try:
            parsed = Collection(**{**response.json(), "endpoint": self.endpoint})
        except (KeyError, TypeError, ValueError) as error:
            message = f"collection {slug}: {error}"
            raise AdapterError(FailureKind.MALFORMED_REPLY, message) from error
        items = tuple((item.item_type, item.item_id) for item in parsed.items)
        return HubCollection(parsed.slug, parsed.title, items)

    def _get_refs(self, url: str) -> tuple[str, ...]:
        response = get_session().get(url, headers=self._headers, timeout=self._timeout())
        hf_raise_for_status(response)
        body = response.json()
        if not isinstance(body, dict):
            raise AdapterError(FailureKind.MALFORMED_REPLY, "the refs reply is not an object")
        names = [
            ref.get("name") for key in ("branches", "tags") for ref in body.get(key) or []
            if isinstance(ref, dict)
        ]  # fmt: skip
        return tuple(name for name in names if isinstance(name, str))

    def read_text(
        self, repo_type: RepoType, repo_id: str, path: str, revision: str | None, max_bytes: int
    ) -> str:
        """Return the first `max_bytes` of a small text file (README, LICENSE, index json)."""
        _check_repo_id(repo_id)
        url = hf_hub_url(
            repo_id, path, repo_type=repo_type, revision=revision, endpoint=self.endpoint
        )
        cap = min(max_bytes, self._settings.max_read_bytes)
        return self._call(lambda: self._read_capped(url, cap)).decode("utf-8", errors="replace")

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
        return _mapped(lambda: self._read_span(url, start, length))

    def safetensors_header(
        self, repo_type: RepoType, repo_id: str, path: str, revision: str | None
    ) -> SafetensorsHeader:
        """Return a safetensors file's header, read with ranged requests, or why it is not one."""
        _check_repo_id(repo_id)
        try:
            parsed = self._api.parse_safetensors_file_metadata(
                repo_id,
                path,
                repo_type=repo_type,
                revision=revision,
                timeout=self._settings.hub_timeout_s,
            )
        except HfHubHTTPError as error:
            if _status(error) == RANGE_NOT_SATISFIABLE:
                return SafetensorsHeader(path, problem="the file is empty")
            _raise_mapped(error)
        except SAFETENSORS_PARSE_ERRORS as error:
            return SafetensorsHeader(path, problem=_short(error))
        except Exception as error:  # transport errors become a FailureKind
            _raise_mapped(error)
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
            page = self._call(partial(self._get_page, url))
            yield page.items
            url = page.next_url

    def _get_page(self, url: str) -> _Page:
        response = get_session().get(url, headers=self._headers, timeout=self._timeout())
        hf_raise_for_status(response)
        items = response.json()
        if not isinstance(items, list):
            raise AdapterError(FailureKind.MALFORMED_REPLY, "the listing is not a list")
        next_url = response.links.get("next", {}).get("url")
        if next_url is not None and not _same_origin(next_url, self.endpoint):
            raise AdapterError(FailureKind.MALFORMED_REPLY, "the next page is on another host")
        return _Page(items, next_url)

    def _read_capped(self, url: str, cap: int) -> bytes:
        chunks: list[bytes] = []
        size = 0
        with get_session().stream(
            "GET", url, headers=self._headers, timeout=self._timeout()
        ) as response:
            if response.status_code >= 400:
                response.read()
            hf_raise_for_status(response)
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size >= cap:
                    break
        return b"".join(chunks)[:cap]

    def _read_span(self, url: str, start: int, length: int) -> bytes:
        headers = {**self._headers, "range": f"bytes={start}-{start + length - 1}"}
        with get_session().stream("GET", url, headers=headers, timeout=self._timeout()) as response:
            if response.status_code == RANGE_NOT_SATISFIABLE:
                return b""
            if response.status_code >= 400:
                response.read()
            hf_raise_for_status(response)
            # A server that ignores Range answers 200 with the whole file: skip to `start`.
            skip = start if response.status_code == 200 else 0
            return replies.take(response.iter_bytes(), skip, length)

    def _timeout(self) -> Any:
        return hub_httpx.Timeout(self._settings.hub_timeout_s)

    def _call(self, call: Callable[[], T]) -> T:
        # A 429 is waited out for its Retry-After while this client's budget lasts.
        while True:
            try:
                return _mapped(call)
            except _RateLimited as error:
                self._rate_limits.wait_out(error)


class _RateLimited(AdapterError):
    """The Hub answered 429; `retry_after_s` is how long it asked us to wait (None: unsaid)."""

    def __init__(self, retry_after_s: float | None) -> None:
        super().__init__(FailureKind.RATE_LIMITED, "rate-limited by the Hub (429), no Retry-After")
        self.retry_after_s = retry_after_s


@dataclass
class _RateLimitWaits:
    """The seconds one client may still spend waiting on the Hub's 429 Retry-After."""

    cap_s: float
    waited_s: float = 0.0

    def wait_out(self, error: _RateLimited) -> None:
        """Sleep the Retry-After if the budget allows; else raise the rate_limited failure."""
        delay = error.retry_after_s
        if delay is None:
            raise error
        if self.waited_s + delay > self.cap_s:
            raise AdapterError(
                FailureKind.RATE_LIMITED,
                f"rate-limited by the Hub: it asked to wait {delay:g} s, past the "
                f"{self.cap_s:g} s a check waits in all ({self.waited_s:g} s waited already)",
            ) from error
        time.sleep(delay)
        self.waited_s += delay


def _status(error: HfHubHTTPError) -> int:
    return error.response.status_code if error.response is not None else 0


def _check_repo_id(repo_id: str) -> None:
    # Ids go into URL paths unescaped (as huggingface_hub does), so only the Hub's own
    # shape may pass: no "..", no "?", no extra path segments.
    if not HUB_REPO_ID.fullmatch(repo_id) or ".." in repo_id or "--" in repo_id:
        raise AdapterError(FailureKind.REFUSED, f"{repo_id!r} is not a Hub repository id")


class _Disabled(Exception):
    """The Hub said access to the repository is disabled: a fact, not a failure."""


def _mapped(call: Callable[[], T]) -> T:
    try:
        return call()
    except AdapterError:
        raise
    except Exception as error:  # every library error becomes a FailureKind
        _raise_mapped(error)


def _raise_mapped(error: Exception) -> NoReturn:
    if isinstance(error, DisabledRepoError):
        raise _Disabled() from error
    kind = _failure_kind(error)
    if kind is FailureKind.RATE_LIMITED:
        raise _RateLimited(_retry_after_s(error)) from error
    raise AdapterError(kind, _short(error)) from error


def _retry_after_s(error: Exception) -> float | None:
    """Return the seconds a 429's Retry-After asks for (delay-seconds or an HTTP date)."""
    response = getattr(error, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _failure_kind(error: Exception) -> FailureKind:
    for error_type, kind in HUB_ERRORS:
        if isinstance(error, error_type):
            return kind
    if isinstance(error, HfHubHTTPError):
        status = error.response.status_code if error.response is not None else 0
        # Plain statuses (no X-Error-Code, e.g. from a proxy or a loopback stand-in).
        return failure_for_status(status)
    if isinstance(error, hub_httpx.TimeoutException):
        return FailureKind.TIMEOUT
    if isinstance(error, hub_httpx.HTTPError | OSError):
        return FailureKind.SERVER_ERROR
    # JSON that does not parse, or parses into the wrong shape.
    if isinstance(error, ValueError | TypeError | KeyError | AttributeError):
        return FailureKind.MALFORMED_REPLY
    raise error


def _short(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text[:300] or type(error).__name__


def _same_origin(url: str, endpoint: str) -> bool:
    a, b = urlsplit(url), urlsplit(endpoint)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)
