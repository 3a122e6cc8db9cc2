"""Redirects followed by hand, one hop at a time, so that the guard sees every hop first.

The URL probe (`http`) and git's ref discovery (`git.discovery`) never let httpx follow a
redirect: each hop must pass the SSRF guard and go to the address the guard checked.
`follow` is that loop, once: it sends a hop with the caller's `send` (which guards and
sends), asks the caller's `next_hop` where the answer points (None: it is the answer), and
stops past `max_redirects`. What a Location may point at is each protocol's own rule;
what a Location is (`location`) is shared.

huggingface_hub's client is different by nature: the library follows its own redirects,
so the guard sits in its transport (`hub.session`), under every request it sends.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import urljoin

from registry.adapters.settings import public_url
from registry.model import FailureKind
from registry.ports import AdapterError, RedirectHop

R = TypeVar("R")

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Arrival(Generic[R]):
    """Where following a URL's redirects ended: the answer, its URL and the hops taken."""

    first: R  # the answer to the first URL (what was contacted first)
    reply: R  # the answer that is not a redirect
    url: str  # the public URL `reply` answered for
    hops: tuple[RedirectHop, ...]


def follow(
    first_url: str,
    send: Callable[[str], R],
    next_hop: Callable[[R], RedirectHop | None],
    max_redirects: int,
) -> Arrival[R]:
    """Send `first_url` and each hop `next_hop` names, up to `max_redirects` redirects."""
    first = reply = send(first_url)
    url = first_url
    hops: list[RedirectHop] = []
    while (hop := next_hop(reply)) is not None:
        if len(hops) == max_redirects:
            raise AdapterError(FailureKind.REFUSED, f"more than {max_redirects} redirects")
        hops.append(hop)
        url = hop.url
        reply = send(url)
    return Arrival(first, reply, url, tuple(hops))


def location(
    status: int, headers: Mapping[str, str], contacted: str, rewrites: Mapping[str, str]
) -> str | None:
    """Return the public URL a redirect points to (None: `status` is no redirect)."""
    if status not in REDIRECT_STATUSES:
        return None
    target = headers.get("location")
    if not target:
        raise AdapterError(FailureKind.MALFORMED_REPLY, "a redirect without a Location")
    # Relative to the URL contacted; offline rewrites are undone so hops read as public URLs.
    return public_url(urljoin(contacted, target), rewrites)
