"""The head of a git remote from one GET over git's smart HTTP, on a pooled connection.

What `git ls-remote --symref -- URL HEAD` learns, without starting git: the reply to
`GET $GIT_URL/info/refs?service=git-upload-pack` (gitprotocol-http) opens with HEAD, its
commit and a `symref=HEAD:refs/heads/<branch>` capability (see `pktline`). Connections
are kept alive, one bounded pool per host, so a batch of re-checks pays no process start
and no TLS handshake per remote.

Redirects are followed by hand (`redirects.follow`), every hop back through the guard and
to the address it checked (git itself runs with http.followRedirects=false). As in git's
http.c (update_url_from_redirect), a hop must keep the `/info/refs?service=git-upload-pack`
tail, and what precedes it is the repository's new base URL: GitHub answers a renamed
repository with a 301 to its new name, which the head records as `moved_to`.

A server that answers without a smart-HTTP advertisement (a dumb server, a protocol v2
reply) raises `NotSmartHttp`, so the caller can ask git itself.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
import weakref
from collections import OrderedDict
from urllib.parse import urlsplit

import httpx

from registry.adapters import pinned
from registry.adapters.git.pktline import (
    Advertisement,
    MalformedAdvertisement,
    NotAdvertisement,
    parse_advertisement,
)
from registry.adapters.git.runner import guard_git_url
from registry.adapters.guards import CheckedTarget, NetworkPolicy, Resolver
from registry.adapters.redirects import REDIRECT_STATUSES, follow, location
from registry.adapters.settings import AdapterSettings, failure_for_status, rewrite_url
from registry.model import FailureKind
from registry.ports import AdapterError, GitHead, RedirectHop

DISCOVERY_TAIL = "/info/refs?service=git-upload-pack"
ADVERTISEMENT_TYPE = "application/x-git-upload-pack-advertisement"
POOL_HOSTS = 16  # hosts with a pool of their own; past this the least recently used closes
POOL_CONNECTIONS = 8  # per host: the probe's threads at once (REGISTRY_PROBE_WORKERS)
READ_CHUNK = 16 * 1024


@dataclasses.dataclass(frozen=True)
class _Answer:
    target: CheckedTarget  # the ref discovery URL as the guard checked it
    response: httpx.Response  # streamed; a redirect's is closed at once


class NotSmartHttp(Exception):
    """The server answered, but not with a smart-HTTP ref advertisement: ask git instead."""

    def __init__(self, reason: str, base: str) -> None:
        super().__init__(reason)
        self.base = base  # the public base URL the answer came from (after redirects)


class HostPools:
    """httpx clients kept alive between calls: one per host, address and port, LRU-bounded.

    One client per host name, not one for all: connections are pooled by the address
    they were opened to, and a TLS session verified for one name must not carry
    requests for another name served at the same address.
    """

    def __init__(self, size: int = POOL_HOSTS) -> None:
        self._size = size
        self._clients: OrderedDict[tuple[object, ...], httpx.Client] = OrderedDict()
        self._lock = threading.Lock()
        _EVERY_POOL.add(self)

    def client(self, target: CheckedTarget, settings: AdapterSettings) -> httpx.Client:
        """Return the pooled client for this target's host (made on first use)."""
        key = (target.scheme, target.host, target.pinned_address, target.port,
               settings.git_timeout_s, settings.user_agent)  # fmt: skip
        with self._lock:
            client = self._clients.pop(key, None) or _new_client(settings)
            self._clients[key] = client
            evicted = [self._clients.popitem(last=False)[1]
                       for _ in range(len(self._clients) - self._size)]  # fmt: skip
        for old in evicted:
            old.close()
        return client

    def close(self) -> None:
        """Close every pooled connection."""
        with self._lock:
            clients, self._clients = list(self._clients.values()), OrderedDict()
        for client in clients:
            client.close()

    def _forget(self) -> None:
        self._clients = OrderedDict()
        self._lock = threading.Lock()


def _forget_after_fork() -> None:
    # A forked work horse must not share its parent's sockets: it starts with none.
    for pools in list(_EVERY_POOL):
        pools._forget()


_EVERY_POOL: weakref.WeakSet[HostPools] = weakref.WeakSet()
os.register_at_fork(after_in_child=_forget_after_fork)
SHARED_POOLS = HostPools()  # one per process: a batch's heads reuse the last batch's connections


def _new_client(settings: AdapterSettings) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(settings.git_timeout_s),
        follow_redirects=False,  # every hop goes back through the guard
        limits=httpx.Limits(
            max_connections=POOL_CONNECTIONS, max_keepalive_connections=POOL_CONNECTIONS
        ),
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "identity"},
    )


class SmartHttpHeads:
    """Reads a remote's HEAD through smart-HTTP ref discovery, guarded on every hop."""

    def __init__(
        self,
        settings: AdapterSettings,
        policy: NetworkPolicy,
        resolve: Resolver,
        pools: HostPools = SHARED_POOLS,
    ) -> None:
        self._settings = settings
        self._policy = policy
        self._resolve = resolve
        self._pools = pools

    def head(self, url: str) -> GitHead:
        """Return the default branch and its commit; raise NotSmartHttp to ask git instead."""
        deadline = time.monotonic() + self._settings.git_timeout_s
        arrival = follow(url, self._send, self._next_base, self._settings.max_redirects)
        contacted = arrival.first.target.url.removesuffix(DISCOVERY_TAIL)
        answer, base = arrival.reply, arrival.url
        try:
            advertisement = self._advertisement(answer.response, answer.target, base, deadline)
        finally:
            answer.response.close()
        return _head(url, contacted, base, advertisement)

    def _guard(self, base: str) -> CheckedTarget:
        """Check the repository URL; return the target of its ref discovery."""
        contacted = rewrite_url(base, self._settings.rewrites)
        parts = urlsplit(contacted)
        if parts.query or parts.fragment:
            raise NotSmartHttp("a remote URL with a query: git builds its own", base)
        target = guard_git_url(contacted, self._policy, self._resolve)
        return dataclasses.replace(target, url=target.url.rstrip("/") + DISCOVERY_TAIL)

    def _send(self, base: str) -> _Answer:
        target = self._guard(base)
        client = self._pools.client(target, self._settings)
        response = pinned.send(client, "GET", target, {"Accept": "*/*"})
        if response.status_code in REDIRECT_STATUSES:
            response.close()  # a redirect's body is never read; its connection goes back
        return _Answer(target, response)

    def _advertisement(
        self, response: httpx.Response, target: CheckedTarget, base: str, deadline: float
    ) -> Advertisement:
        if response.status_code >= 400:
            kind = failure_for_status(response.status_code)
            raise AdapterError(kind, f"{target.url} answered {response.status_code}")
        media = (response.headers.get("content-type") or "").split(";")[0].strip().lower()
        if response.status_code != 200 or media != ADVERTISEMENT_TYPE:
            raise NotSmartHttp(f"answered {response.status_code} with {media or 'no type'}", base)
        body, cut = pinned.transport(lambda: self._capped(response, deadline), target)
        try:
            advertisement = parse_advertisement(body, final=not cut)
        except NotAdvertisement as not_smart:
            raise NotSmartHttp(str(not_smart), base) from not_smart
        except MalformedAdvertisement as broken:
            raise AdapterError(FailureKind.MALFORMED_REPLY, f"{target.url}: {broken}") from broken
        if cut and not advertisement.settled:
            raise AdapterError(
                FailureKind.MALFORMED_REPLY,
                f"{target.url}: no HEAD in the first {len(body)} bytes of the ref advertisement",
            )
        return advertisement

    def _capped(self, response: httpx.Response, deadline: float) -> tuple[bytes, bool]:
        """Read the body up to the cap (whole, so the connection is reused); say if cut."""
        cap = self._settings.max_read_bytes
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes(READ_CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            if time.monotonic() > deadline:
                raise AdapterError(
                    FailureKind.TIMEOUT, f"ref discovery took longer than "
                    f"{self._settings.git_timeout_s:g} s and was stopped")  # fmt: skip
            if size > cap:
                # HEAD comes first: the rest (thousands of tags and pulls) is not needed.
                return b"".join(chunks)[:cap], True
        return b"".join(chunks), False

    def _next_base(self, answer: _Answer) -> RedirectHop | None:
        status, target = answer.response.status_code, answer.target
        hop = location(status, answer.response.headers, target.url, self._settings.rewrites)
        if hop is None:
            return None
        if not hop.endswith(DISCOVERY_TAIL):
            raise AdapterError(
                FailureKind.REFUSED,
                f"refused the redirect from {target.url} to {hop}: not a repository's ref "
                "discovery (git refuses it too)",
            )
        return RedirectHop(hop.removesuffix(DISCOVERY_TAIL), status)


def _head(url: str, contacted: str, base: str, advertisement: Advertisement) -> GitHead:
    commit = advertisement.head
    if commit is None:
        reason = ("the repository has no commits" if not advertisement.refs
                  else "the remote advertises no HEAD (its default branch is missing)")  # fmt: skip
        raise AdapterError(FailureKind.NOT_FOUND, reason)
    moved = base if base.rstrip("/") != url.rstrip("/") else None
    return GitHead(url, contacted, commit, advertisement.default_branch, moved_to=moved)
