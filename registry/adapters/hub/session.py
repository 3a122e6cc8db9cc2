"""huggingface_hub's shared HTTP client, built so that every hop passes the address rule.

huggingface_hub sends all its requests (`model_info`, listings, file reads, the ranged
safetensors reads) through one process-wide client, `get_session()`, which follows
redirects itself: a resolve URL answers 302 to a CDN host, a renamed repo 307 to its new
name. The library's extension point `set_client_factory` builds that client; ours is the
library's default (its request hook, `follow_redirects=True`, no client timeout) plus a
transport that asks `guards.check_url` about each request, redirect hops included, before
connecting, and then connects to the address it checked, so a second DNS answer cannot
differ (DNS rebinding). A refused hop raises `RefusedTarget`; nothing was sent. (The URL
probe and git's ref discovery own their loops and share `redirects.follow`; here the loop is
the library's, so the guard can only sit under it, in the transport.) With its
own transport the client ignores HTTP(S)_PROXY: a proxy would resolve names itself and undo
the pin (the URL probe and git pin addresses too).

The process has one client but many adapters, each with its own policy and possibly its
own thread, so an adapter names its rule for the calls it makes (`hops_checked_by`, a
context variable). The configured endpoint's own origin is the operator's choice and is
not re-checked; every other host must pass the guard. Outside an adapter call (the
stand-in tests drive `HfApi` directly) the client behaves as the library's default.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from huggingface_hub import get_session, set_client_factory

# The HTTP library under huggingface_hub (httpx on 1.x, httpx2 on 2.x), lazily exported
# under one name so this adapter works on either major version.
from huggingface_hub.utils import httpx as hub_httpx  # type: ignore[attr-defined]

# The library's own request hook (offline switch, request id, debug log), which its
# default factory installs; kept so our client differs from the default only in transport.
from huggingface_hub.utils._http import hf_request_event_hook

from registry.adapters.guards import (
    CheckedTarget,
    NetworkPolicy,
    Resolver,
    check_url,
    system_resolver,
)

DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class HopRule:
    """One adapter's rule: its configured endpoint as configured, every other host guarded."""

    endpoint: str
    policy: NetworkPolicy
    resolve: Resolver = system_resolver

    def checked(self, url: str) -> CheckedTarget | None:
        """Return `url` as the guard accepted it (None: the endpoint); raise RefusedTarget."""
        if _origin(url) == _origin(self.endpoint):
            return None
        return check_url(url, self.policy, self.resolve)


_active_rule: ContextVar[HopRule | None] = ContextVar("hub_hop_rule", default=None)
# Clients our factory built: a session that is not one of them is replaced before use.
_guarded_clients: weakref.WeakSet[Any] = weakref.WeakSet()
_install_lock = threading.Lock()


@contextmanager
def hops_checked_by(rule: HopRule) -> Iterator[None]:
    """Check every request huggingface_hub sends in this block (and thread) against `rule`."""
    _ensure_guarded_session()
    token = _active_rule.set(rule)
    try:
        yield
    finally:
        _active_rule.reset(token)


class GuardedTransport(hub_httpx.BaseTransport):
    """An httpx transport that puts each request to the active hop rule before connecting."""

    def __init__(self, inner: hub_httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: hub_httpx.Request) -> hub_httpx.Response:
        """Send `request` if the active rule allows its URL, to the address it checked."""
        rule = _active_rule.get()
        target = rule.checked(str(request.url)) if rule is not None else None
        if target is None:
            return self._inner.handle_request(request)
        return self._inner.handle_request(_pinned(request, target))

    def close(self) -> None:
        """Close the connections of the wrapped transport."""
        self._inner.close()


def guarded_client() -> hub_httpx.Client:
    """Build huggingface_hub's client as its default factory does, with the guarded transport."""
    client = hub_httpx.Client(
        event_hooks={"request": [hf_request_event_hook]},
        follow_redirects=True,
        timeout=None,
        transport=GuardedTransport(hub_httpx.HTTPTransport()),
    )
    _guarded_clients.add(client)
    return client


def _ensure_guarded_session() -> None:
    # Installed at import; installed again if anything replaced the factory since, so a
    # call of ours never goes out on a client without the guard.
    with _install_lock:
        if get_session() not in _guarded_clients:
            set_client_factory(guarded_client)


def _pinned(request: hub_httpx.Request, target: CheckedTarget) -> hub_httpx.Request:
    # The Host header already names the host as written; TLS checks the certificate
    # against sni_hostname, so only the connection goes to the pinned address.
    return hub_httpx.Request(
        request.method,
        request.url.copy_with(host=target.pinned_address, port=target.port),
        headers=request.headers,
        stream=request.stream,
        extensions={**request.extensions, "sni_hostname": target.host},
    )


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    default = DEFAULT_PORTS.get(parts.scheme, 0)
    return (parts.scheme, (parts.hostname or "").lower(), port or default)


# Installed at import, so the process's one client is ours from its first request.
set_client_factory(guarded_client)
