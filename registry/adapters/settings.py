"""One frozen settings object for every adapter, plus the offline URL rewrites.

The app layer builds `AdapterSettings` from its config once at start-up; adapters never
read the environment themselves, so tests and offline mode choose endpoints explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from registry.adapters.guards import NetworkPolicy
from registry.model import FailureKind


@dataclass(frozen=True)
class AdapterSettings:
    """Endpoints, timeouts, caps and network policy shared by the hub, git and HTTP adapters."""

    hub_endpoint: str = "https://huggingface.co"
    hub_timeout_s: float = 10.0  # per Hub request; listings are paged, each page gets this
    hub_listing_deadline_s: float = 60.0  # a whole paginated listing, however many pages
    # The most a client waits, in all, on the Hub's 429 Retry-After before the call counts
    # as rate_limited (a client serves one check-run attempt, so this is per attempt).
    hub_retry_after_cap_s: float = 30.0
    http_timeout_s: float = 10.0  # per probe request (connect, read, write, pool)
    git_timeout_s: float = 20.0  # ls-remote, ls-tree, show: each killed after this
    clone_timeout_s: float = 60.0  # the shallow, blob-less clone: killed after this
    max_clone_bytes: int = 200 * 1024 * 1024  # the clone is killed when .git grows past this
    max_files: int = 100_000  # listings stop here and say they were truncated
    max_read_bytes: int = 256 * 1024  # the most of any one text file we read
    max_redirects: int = 5
    # Hosts or IP addresses exempt from the SSRF private-address refusal and allowed to use
    # plain http; empty in production, {"127.0.0.1", "localhost"} for the loopback stand-ins
    # (the stand-in Hub sends LFS downloads to its CDN route on the other loopback name).
    allowed_hosts: frozenset[str] = frozenset()
    # git transports we may use; http is only ever added for allow-listed hosts.
    git_protocols: frozenset[str] = frozenset({"https"})
    # Offline mode: public URL prefix -> loopback prefix, e.g.
    # "https://github.com/" -> "http://127.0.0.1:8123/github.com/".
    rewrites: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    user_agent: str = "openness-registry/0.1 (+verification)"

    @property
    def network_policy(self) -> NetworkPolicy:
        """Return the address rule these settings make (allowed hosts, git transports)."""
        return NetworkPolicy(self.allowed_hosts, self.git_protocols)


def rewrite_url(url: str, rewrites: Mapping[str, str]) -> str:
    """Return the URL to contact: the longest matching public prefix swapped for its stand-in."""
    prefix = _longest_prefix(url, rewrites.keys())
    return url if prefix is None else rewrites[prefix] + url[len(prefix) :]


def public_url(url: str, rewrites: Mapping[str, str]) -> str:
    """Return the public form of a contacted URL, undoing an offline rewrite if one applies."""
    reverse = {target: public for public, target in rewrites.items()}
    prefix = _longest_prefix(url, reverse.keys())
    return url if prefix is None else reverse[prefix] + url[len(prefix) :]


def _longest_prefix(url: str, prefixes: Iterable[str]) -> str | None:
    matches = [p for p in prefixes if url.startswith(p)]
    return max(matches, key=len, default=None)


# HTTP error statuses -> failure kinds, for the Hub and the URL probe alike; any other
# status of 400 or more is a server error.
STATUS_FAILURES: Mapping[int, FailureKind] = {
    401: FailureKind.UNAUTHORISED,
    403: FailureKind.UNAUTHORISED,
    404: FailureKind.NOT_FOUND,
    410: FailureKind.NOT_FOUND,
    408: FailureKind.TIMEOUT,
    429: FailureKind.RATE_LIMITED,  # after its Retry-After was waited out up to the cap
    504: FailureKind.TIMEOUT,
}


def failure_for_status(status: int) -> FailureKind:
    """Return the failure an HTTP error status means."""
    return STATUS_FAILURES.get(status, FailureKind.SERVER_ERROR)
