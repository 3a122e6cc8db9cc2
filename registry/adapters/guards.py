"""Guards for user-supplied URLs: SSRF for HTTP and git, and git argument injection.

Every locator in a release comes from a user, so before any adapter connects it asks
these functions, which raise `RefusedTarget` with a reason a person can read. Pure
except for DNS, and the resolver is injectable so the rules are tested without it.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

from registry.errors import RefusedTarget
from registry.network.addresses import parse_address, why_not_global
from registry.network.hosts import BadHost, Host, canonical_host, refusal_before_dns

Resolver = Callable[[str, int], Iterable[str]]

DEFAULT_PORTS = {"https": 443, "http": 80}

# Prefixes git treats as transports or options rather than a remote URL. `::` anywhere
# selects a remote helper (`ext::sh -c ...` runs a command: CVE-2022-24439).
GIT_REFUSED_PREFIXES: tuple[tuple[str, str], ...] = (
    ("-", "looks like a command-line option"),
    ("ext::", "the ext transport runs commands"),
    ("file:", "local files are not remote repositories"),
    ("ssh:", "only https is allowed"),
    ("git:", "only https is allowed"),
    ("/", "local paths are not remote repositories"),
    (".", "local paths are not remote repositories"),
    ("~", "local paths are not remote repositories"),
)


@dataclass(frozen=True)
class NetworkPolicy:
    """Which destinations are exempt from the private-address rule and may use plain http."""

    allowed_hosts: frozenset[str] = frozenset()
    git_protocols: frozenset[str] = frozenset({"https"})


@dataclass(frozen=True)
class CheckedTarget:
    """A URL the guard accepted, with the addresses it resolved to (connect to these)."""

    url: str
    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]

    @property
    def pinned_address(self) -> str:
        """Return the address to connect to, so a second DNS answer cannot differ."""
        return self.addresses[0]


def system_resolver(host: str, port: int) -> tuple[str, ...]:
    """Resolve a host name with getaddrinfo and return its distinct addresses."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        # The resolver's own words ("[Errno -2] Name or service not known") are for logs.
        raise RefusedTarget(host, "the host name does not resolve") from error
    return tuple(dict.fromkeys(str(info[4][0]) for info in infos))


def pinned_url(target: CheckedTarget) -> str:
    """Return the target's URL with its host swapped for the checked address (send Host)."""
    parts = urlsplit(target.url)
    address = target.pinned_address
    host = f"[{address}]" if ":" in address else address
    return urlunsplit(parts._replace(netloc=f"{host}:{target.port}"))


def check_url(
    url: str, policy: NetworkPolicy, resolve: Resolver = system_resolver
) -> CheckedTarget:
    """Accept an http(s) URL only if every address it resolves to is public or allow-listed.

    The returned URL names the host canonically (see `canonical_host`), so what is
    contacted, pinned and checked is one and the same host.
    """
    parts = _split(url)
    written = parts.hostname or ""
    host = _canonical(url, written)
    port = _port(url, parts)
    trusted = _is_allow_listed(written, policy)
    if parts.scheme != "https" and not trusted:
        raise RefusedTarget(url, "only https is allowed")
    if not trusted:
        refuse_local_host(url, host)
    addresses = (host.text,) if host.address is not None else tuple(resolve(host.text, port))
    if not addresses:
        raise RefusedTarget(url, "the host name does not resolve")
    if not trusted:
        for address in addresses:
            _refuse_internal(url, address)
    canonical = urlunsplit(parts._replace(netloc=_netloc(host, parts)))
    return CheckedTarget(canonical, parts.scheme, host.text, port, addresses)


def refuse_local_host(url: str, host: Host) -> None:
    """Refuse a literal non-global address or an always-local name, before any DNS."""
    reason = refusal_before_dns(host)
    if reason is not None:
        raise RefusedTarget(url, reason)


def check_git_url(
    url: str, policy: NetworkPolicy, resolve: Resolver = system_resolver
) -> CheckedTarget:
    """Accept a git remote only if it is a plain https URL (http for allow-listed hosts)."""
    stripped = url.strip()
    for prefix, reason in GIT_REFUSED_PREFIXES:
        if stripped.lower().startswith(prefix):
            raise RefusedTarget(url, reason)
    if "://" not in stripped:
        raise RefusedTarget(url, "not a URL (scp-style and local paths are refused)")
    scheme = urlsplit(stripped).scheme.lower()
    if scheme not in policy.git_protocols:
        raise RefusedTarget(url, f"the {scheme or 'empty'} transport is not allowed for git")
    target = check_url(stripped, policy, resolve)  # first, so an address says what it wraps
    if "::" in stripped:
        # Also in an IPv6 literal: GitPython refuses any "::" as a remote-helper selector.
        raise RefusedTarget(url, "'::' selects a git remote helper")
    return target


def git_allowed_protocols(target: CheckedTarget, policy: NetworkPolicy) -> str:
    """Return GIT_ALLOW_PROTOCOL: https, plus http only for an allow-listed test host."""
    http_allowed = (
        target.scheme == "http"
        and "http" in policy.git_protocols
        and _is_allow_listed(target.host, policy)
    )
    return "http:https" if http_allowed else "https"


def git_environment(target: CheckedTarget, policy: NetworkPolicy, home: str) -> dict[str, str]:
    """Return the environment that confines one git command to `target`."""
    config = {
        # The default ("initial") follows the first redirect without our guard seeing it.
        "http.followRedirects": "false",
        "credential.helper": "",
    }
    if _is_name(target.host):
        # git resolves the name again; pin the address we checked (DNS rebinding).
        pin = f"{target.host}:{target.port}:{_bracketed(target.pinned_address)}"
        config["http.curloptResolve"] = pin
    env = {
        # Overrides any protocol.*.allow config: file://, ext::, ssh... are all refused.
        "GIT_ALLOW_PROTOCOL": git_allowed_protocols(target, policy),
        "GIT_PROTOCOL_FROM_USER": "0",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_PARAMETERS": "",
        "HOME": home,
        "XDG_CONFIG_HOME": home,
        "GIT_CONFIG_COUNT": str(len(config)),
    }
    for index, (key, value) in enumerate(config.items()):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    return env


def _split(url: str) -> SplitResult:
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise RefusedTarget(url, "the URL contains whitespace or control characters")
    try:
        parts = urlsplit(url)
    except ValueError as error:  # an unclosed or invalid bracketed IPv6 host
        raise RefusedTarget(url, f"the URL does not parse ({error})") from error
    if parts.scheme not in DEFAULT_PORTS:
        raise RefusedTarget(url, f"the {parts.scheme or 'empty'} scheme is not allowed")
    if "@" in parts.netloc:
        raise RefusedTarget(url, "user names and passwords in URLs are not allowed")
    if not parts.hostname:
        raise RefusedTarget(url, "the URL has no host")
    return parts


def _port(url: str, parts: SplitResult) -> int:
    try:
        port = parts.port
    except ValueError as error:
        raise RefusedTarget(url, "the port is not a number between 0 and 65535") from error
    return port if port is not None else DEFAULT_PORTS[parts.scheme]


def _is_allow_listed(host: str, policy: NetworkPolicy) -> bool:
    # The host exactly as written: allowing 127.0.0.1 does not allow "localhost" or any
    # other name that happens to resolve there (a redirect could pick such a name).
    return host.lower() in policy.allowed_hosts


def _canonical(url: str, written: str) -> Host:
    try:
        return canonical_host(written)
    except BadHost as error:
        raise RefusedTarget(url, str(error)) from error


def _netloc(host: Host, parts: SplitResult) -> str:
    # Keep an explicit port as written; only the host is put in canonical form.
    explicit_port = parts.netloc.rpartition("]")[2].rpartition(":")
    port = f":{explicit_port[2]}" if explicit_port[1] else ""
    return f"{host.netloc_text}{port}"


def _refuse_internal(url: str, address: str) -> None:
    ip = parse_address(address)
    if ip is None:
        raise RefusedTarget(url, f"the resolver returned {address!r}, not an address")
    reason = why_not_global(ip)
    if reason is not None:
        raise RefusedTarget(url, f"it resolves to {address}, {reason}")


def _is_name(host: str) -> bool:
    return parse_address(host) is None


def _bracketed(address: str) -> str:
    return f"[{address}]" if ":" in address else address
