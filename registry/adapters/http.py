"""The URL probe over httpx: is a URL there, how large, under which licence link?

HEAD first, then a one-byte ranged GET when HEAD is refused or says nothing about size.
Redirects are followed by hand (`redirects.follow`) so the SSRF guard re-checks every hop
before we connect, and each request goes to the address the guard checked (DNS rebinding).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from registry.adapters import pinned
from registry.adapters.guards import CheckedTarget, Resolver, check_url
from registry.adapters.guards import system_resolver as default_resolver
from registry.adapters.redirects import REDIRECT_STATUSES, follow, location
from registry.adapters.settings import (
    AdapterSettings,
    failure_for_status,
    rewrite_url,
)
from registry.errors import RefusedTarget
from registry.model import FailureKind
from registry.ports import AdapterError, FetchedText, ProbeReply, RedirectHop

# HEAD answers that mean "ask again with GET" rather than "the resource is not there".
HEAD_REFUSED_STATUSES = frozenset({400, 403, 405, 501})


@dataclass(frozen=True)
class _Answer:
    contacted: str
    status: int
    headers: httpx.Headers
    links: Mapping[str, Mapping[str, str]]


class HttpProbeAdapter:
    """An `HttpProbe` over httpx, with the SSRF guard on every hop."""

    def __init__(self, settings: AdapterSettings, resolve: Resolver = default_resolver) -> None:
        self._settings = settings
        self._policy = settings.network_policy
        self._resolve = resolve

    def probe(self, url: str) -> ProbeReply:
        """Probe a URL (HEAD, then a ranged GET when HEAD is refused), re-checking redirects."""
        with self._client() as client:
            arrival = follow(
                url, lambda public: self._ask(client, public), self._next_hop,
                self._settings.max_redirects,
            )  # fmt: skip
        return _reply(url, arrival.first.contacted, arrival.url, arrival.reply, arrival.hops)

    def fetch_text(self, url: str, max_bytes: int) -> FetchedText:
        """Return the first `max_bytes` of the page at `url`, re-checking every redirect."""
        cap = min(max_bytes, self._max_read())
        with self._client() as client:
            arrival = follow(
                url, lambda public: self._read(client, public, cap),
                lambda read: self._next_hop(read[0]), self._settings.max_redirects,
            )  # fmt: skip
        answer, body = arrival.reply
        _raise_for_status(answer)
        return _page(url, arrival.url, answer, body, cap)

    def _max_read(self) -> int:
        return self._settings.max_read_bytes

    def _read(self, client: httpx.Client, public: str, cap: int) -> tuple[_Answer, bytes]:
        target = self._target(public)
        response = pinned.send(client, "GET", target, {})
        try:
            body = pinned.transport(lambda: _capped_body(response, cap), target)
        finally:
            response.close()
        return _Answer(target.url, response.status_code, response.headers, {}), body

    def _client(self) -> httpx.Client:
        return httpx.Client(
            timeout=httpx.Timeout(self._settings.http_timeout_s),
            follow_redirects=False,  # every hop goes back through the guard
            headers={"User-Agent": self._settings.user_agent, "Accept-Encoding": "identity"},
        )

    def _ask(self, client: httpx.Client, public: str) -> _Answer:
        target = self._target(public)
        head = self._send(client, "HEAD", target)
        if head.status in REDIRECT_STATUSES:
            return head
        if head.status < 400 and _size(head.headers) is not None:
            return head
        if head.status >= 400 and head.status not in HEAD_REFUSED_STATUSES:
            _raise_for_status(head)
        ranged = self._send(client, "GET", target)
        if ranged.status >= 400 and head.status < 400:
            return head
        _raise_for_status(ranged)
        return ranged

    def _target(self, public: str) -> CheckedTarget:
        """Return where to send `public` (offline rewrites applied), as the guard checked it."""
        contacted = rewrite_url(public, self._settings.rewrites)
        try:
            return check_url(contacted, self._policy, self._resolve)
        except RefusedTarget as refused:
            raise AdapterError(FailureKind.REFUSED, str(refused)) from refused

    def _send(self, client: httpx.Client, method: str, target: CheckedTarget) -> _Answer:
        ranged = {"Range": "bytes=0-0"} if method == "GET" else {}
        response = pinned.send(client, method, target, ranged)
        response.close()  # never download the body; status and headers are the evidence
        links = {str(rel): link for rel, link in response.links.items()}
        return _Answer(target.url, response.status_code, response.headers, links)

    def _next_hop(self, answer: _Answer) -> RedirectHop | None:
        hop = location(answer.status, answer.headers, answer.contacted, self._settings.rewrites)
        return None if hop is None else RedirectHop(hop, answer.status)


def _capped_body(response: httpx.Response, cap: int) -> bytes:
    # One byte past the cap says whether the page was cut; never more is downloaded.
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            break
    return b"".join(chunks)[: cap + 1]


def _page(url: str, final: str, answer: _Answer, body: bytes, cap: int) -> FetchedText:
    content_type = answer.headers.get("content-type") or ""
    try:
        text = body[:cap].decode(_charset(content_type) or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        text = body[:cap].decode("utf-8", errors="replace")
    media = content_type.split(";")[0].strip() or None
    return FetchedText(url, final, answer.status, media, text, truncated=len(body) > cap)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"'")
    return None


def _raise_for_status(answer: _Answer) -> None:
    if answer.status >= 400:
        kind = failure_for_status(answer.status)
        raise AdapterError(kind, f"{answer.contacted} answered {answer.status}")


def _size(headers: httpx.Headers) -> int | None:
    content_range = headers.get("content-range", "")
    total = content_range.rpartition("/")[2]
    if total.isdigit():
        return int(total)
    length = headers.get("content-length", "")
    return int(length) if length.isdigit() else None


def _licence_link(links: Mapping[str, Mapping[str, str]]) -> str | None:
    for rel, link in links.items():
        if "license" in rel.lower().split():
            return link.get("url")
    return None


def _reply(
    url: str, contacted: str, final: str, answer: _Answer, hops: tuple[RedirectHop, ...]
) -> ProbeReply:
    content_type = answer.headers.get("content-type")
    return ProbeReply(
        url=url,
        contacted=contacted,
        final_url=final,
        status=answer.status,
        content_type=content_type.split(";")[0].strip() if content_type else None,
        size=_size(answer.headers),
        redirects=hops,
        licence_link=_licence_link(answer.links),
    )
