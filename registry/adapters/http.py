"""The URL probe: the only module that imports httpx.

HEAD first, then a one-byte ranged GET when HEAD is refused or says nothing about size.
Redirects are followed by hand so the SSRF guard re-checks every hop before we connect,
and each request goes to the address the guard checked (DNS rebinding).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

import httpx

from registry.adapters.guards import CheckedTarget, NetworkPolicy, Resolver, check_url
from registry.adapters.guards import pinned_url as _pinned
from registry.adapters.guards import system_resolver as default_resolver
from registry.adapters.settings import (
    AdapterSettings,
    failure_for_status,
    public_url,
    rewrite_url,
)
from registry.errors import RefusedTarget
from registry.model import FailureKind
from registry.ports import AdapterError, FetchedText, ProbeReply, RedirectHop

T = TypeVar("T")

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

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
        self._policy = NetworkPolicy(settings.allowed_hosts, settings.git_protocols)
        self._resolve = resolve

    def probe(self, url: str) -> ProbeReply:
        """Probe a URL (HEAD, then a ranged GET when HEAD is refused), re-checking redirects."""
        hops: list[RedirectHop] = []
        current = url
        first_contacted: str | None = None
        with self._client() as client:
            for _ in range(self._settings.max_redirects + 1):
                answer = self._ask(client, current)
                first_contacted = first_contacted or answer.contacted
                if answer.status not in REDIRECT_STATUSES:
                    return _reply(url, first_contacted, current, answer, hops)
                current = self._next_hop(answer)
                hops.append(RedirectHop(current, answer.status))
        raise AdapterError(
            FailureKind.REFUSED, f"more than {self._settings.max_redirects} redirects"
        )

    def fetch_text(self, url: str, max_bytes: int) -> FetchedText:
        """Return the first `max_bytes` of the page at `url`, re-checking every redirect."""
        current = url
        with self._client() as client:
            for _ in range(self._settings.max_redirects + 1):
                target = self._guard(rewrite_url(current, self._settings.rewrites))
                answer, body = self._read(client, target, min(max_bytes, self._max_read()))
                if answer.status not in REDIRECT_STATUSES:
                    _raise_for_status(answer)
                    return _page(url, current, answer, body, min(max_bytes, self._max_read()))
                current = self._next_hop(answer)
        raise AdapterError(
            FailureKind.REFUSED, f"more than {self._settings.max_redirects} redirects"
        )

    def _max_read(self) -> int:
        return self._settings.max_read_bytes

    def _read(self, client: httpx.Client, target: CheckedTarget, cap: int) -> tuple[_Answer, bytes]:
        request = client.build_request(
            "GET",
            _pinned(target),
            headers={"Host": urlsplit(target.url).netloc},
            extensions={"sni_hostname": target.host},
        )
        response = self._transport(lambda: client.send(request, stream=True), target)
        try:
            body = self._transport(lambda: _capped_body(response, cap), target)
        finally:
            response.close()
        return _Answer(target.url, response.status_code, response.headers, {}), body

    @staticmethod
    def _transport(call: Callable[[], T], target: CheckedTarget) -> T:
        try:
            return call()
        except httpx.RemoteProtocolError as error:
            if "location" not in str(error).lower():
                raise AdapterError(FailureKind.SERVER_ERROR, f"{target.url}: {error}") from error
            raise AdapterError(
                FailureKind.REFUSED, f"refused the redirect from {target.url}: {error}"
            ) from error
        except httpx.TimeoutException as error:
            raise AdapterError(FailureKind.TIMEOUT, f"{target.url}: timed out") from error
        except httpx.HTTPError as error:
            raise AdapterError(FailureKind.SERVER_ERROR, f"{target.url}: {error}") from error

    def _client(self) -> httpx.Client:
        return httpx.Client(
            timeout=httpx.Timeout(self._settings.http_timeout_s),
            follow_redirects=False,  # every hop goes back through the guard
            headers={"User-Agent": self._settings.user_agent, "Accept-Encoding": "identity"},
        )

    def _ask(self, client: httpx.Client, public: str) -> _Answer:
        contacted = rewrite_url(public, self._settings.rewrites)
        target = self._guard(contacted)
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

    def _guard(self, url: str) -> CheckedTarget:
        try:
            return check_url(url, self._policy, self._resolve)
        except RefusedTarget as refused:
            raise AdapterError(FailureKind.REFUSED, str(refused)) from refused

    def _send(self, client: httpx.Client, method: str, target: CheckedTarget) -> _Answer:
        headers = {"Host": urlsplit(target.url).netloc}
        if method == "GET":
            headers["Range"] = "bytes=0-0"
        request = client.build_request(
            method,
            _pinned(target),
            headers=headers,
            extensions={"sni_hostname": target.host},
        )
        response = self._transport(lambda: client.send(request, stream=True), target)
        response.close()  # never download the body; status and headers are the evidence
        links = {str(rel): link for rel, link in response.links.items()}
        return _Answer(target.url, response.status_code, response.headers, links)

    def _next_hop(self, answer: _Answer) -> str:
        location = answer.headers.get("location")
        if not location:
            raise AdapterError(FailureKind.MALFORMED_REPLY, "a redirect without a Location")
        return public_url(urljoin(answer.contacted, location), self._settings.rewrites)


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
    url: str, contacted: str, final: str, answer: _Answer, hops: list[RedirectHop]
) -> ProbeReply:
    content_type = answer.headers.get("content-type")
    return ProbeReply(
        url=url,
        contacted=contacted,
        final_url=final,
        status=answer.status,
        content_type=content_type.split(";")[0].strip() if content_type else None,
        size=_size(answer.headers),
        redirects=tuple(hops),
        licence_link=_licence_link(answer.links),
    )
