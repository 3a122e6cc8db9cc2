"""Single requests on huggingface_hub's session: a JSON page, the refs, a file's head or span.

Each is one request under our timeout, with the library's own error parsing
(`hf_raise_for_status`) but none of its retries, so a stalled Hub fails fast. Redirect
hops (a resolve URL's 302 to the CDN) are followed by the session, whose transport puts
each hop to the address rule (`session.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from huggingface_hub import Collection, get_session, hf_raise_for_status
from huggingface_hub.hf_api import PaperInfo

from registry.adapters.hub import replies
from registry.model import FailureKind
from registry.ports import AdapterError, HubCollection, HubPaper

# "Range Not Satisfiable": the range starts past the end, e.g. of an empty file.
RANGE_NOT_SATISFIABLE = 416


@dataclass(frozen=True)
class Page:
    """One page of a listing and the absolute URL of the next one (None: the last)."""

    items: list[Any]
    next_url: str | None


@dataclass(frozen=True)
class Request:
    """What every read sends: the user agent, and the timeout of one request."""

    headers: dict[str, str]
    timeout: Any


def json_page(request: Request, url: str, endpoint: str) -> Page:
    """GET one listing page; refuse a next-page link that leaves the endpoint."""
    response = get_session().get(url, headers=request.headers, timeout=request.timeout)
    hf_raise_for_status(response)
    items = response.json()
    if not isinstance(items, list):
        raise AdapterError(FailureKind.MALFORMED_REPLY, "the listing is not a list")
    next_url = response.links.get("next", {}).get("url")
    if next_url is not None and not _same_origin(next_url, endpoint):
        raise AdapterError(FailureKind.MALFORMED_REPLY, "the next page is on another host")
    return Page(items, next_url)


def ref_names(request: Request, url: str) -> tuple[str, ...]:
    """GET `/refs` and return the branch names, then the tag names."""
    response = get_session().get(url, headers=request.headers, timeout=request.timeout)
    hf_raise_for_status(response)
    body = response.json()
    if not isinstance(body, dict):
        raise AdapterError(FailureKind.MALFORMED_REPLY, "the refs reply is not an object")
    names = [
        ref.get("name") for key in ("branches", "tags") for ref in body.get(key) or []
        if isinstance(ref, dict)
    ]  # fmt: skip
    return tuple(name for name in names if isinstance(name, str))


def collection(request: Request, url: str, endpoint: str) -> HubCollection:
    """GET `/api/collections/{slug}` and parse it with huggingface_hub's own `Collection`."""
    # `HfApi.get_collection` takes no timeout, so the request is sent here with ours.
    response = get_session().get(url, headers=request.headers, timeout=request.timeout)
    hf_raise_for_status(response)
    try:
        parsed = Collection(**{**response.json(), "endpoint": endpoint})
    except (KeyError, TypeError, ValueError) as error:
        raise AdapterError(FailureKind.MALFORMED_REPLY, f"collection: {error}") from error
    items = tuple((item.item_type, item.item_id) for item in parsed.items)
    return HubCollection(parsed.slug, parsed.title, items)


def paper(request: Request, url: str) -> HubPaper:
    """GET `/api/papers/{arxiv_id}` and parse it with huggingface_hub's own `PaperInfo`."""
    # `HfApi.paper_info` takes no timeout, so the request is sent here with ours.
    response = get_session().get(url, headers=request.headers, timeout=request.timeout)
    hf_raise_for_status(response)
    body = response.json()
    try:
        parsed = PaperInfo(**body) if isinstance(body, dict) else None
    except (KeyError, TypeError, ValueError) as error:
        raise AdapterError(FailureKind.MALFORMED_REPLY, f"paper: {error}") from error
    if parsed is None or not isinstance(parsed.id, str):
        raise AdapterError(FailureKind.MALFORMED_REPLY, "the paper reply has no id")
    return HubPaper(parsed.id, _text(parsed.title), _text(parsed.github_repo),
                    _text(parsed.project_page))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def head_of_file(request: Request, url: str, cap: int) -> bytes:
    """Return the first `cap` bytes of a file, streaming no more than that."""
    chunks: list[bytes] = []
    size = 0
    with get_session().stream(
        "GET", url, headers=request.headers, timeout=request.timeout
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


def span_of_file(request: Request, url: str, start: int, length: int) -> bytes:
    """Return up to `length` bytes of a file from `start`, with a Range request."""
    headers = {**request.headers, "range": f"bytes={start}-{start + length - 1}"}
    with get_session().stream("GET", url, headers=headers, timeout=request.timeout) as response:
        if response.status_code == RANGE_NOT_SATISFIABLE:
            return b""
        if response.status_code >= 400:
            response.read()
        hf_raise_for_status(response)
        # A server that ignores Range answers 200 with the whole file: skip to `start`.
        skip = start if response.status_code == 200 else 0
        return replies.take(response.iter_bytes(), skip, length)


def _same_origin(url: str, endpoint: str) -> bool:
    a, b = urlsplit(url), urlsplit(endpoint)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)
