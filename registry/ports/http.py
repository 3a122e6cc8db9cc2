"""Plain HTTP's ports: guarded reachability probes and reads of small public pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


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
