"""Host names as connections see them: one canonical form, and names that are always local.

`canonical_host` reads a URL's host the way resolvers and browsers do, so the guard judges
the destination that would really be contacted: IPv4 in decimal, octal, hex and short
forms (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1` are all 127.0.0.1, as inet_aton and
the WHATWG URL standard read them), full-width and other compatibility characters folded
(NFKC, then IDNA to ASCII), one trailing dot dropped. IPv6 zone ids are refused: they
name a local interface. `local_name_reason` knows the names no public server answers to.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass

from registry.network.addresses import IPAddress, why_not_global

MAX_NAME = 253
LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")
# WHATWG "ends in a number": a last label of digits, or 0x and hex digits, makes the
# whole host an IPv4 address (or an error), never a name.
NUMERIC_LABEL = re.compile(r"[0-9]+|0[xX][0-9a-fA-F]*")

# Names that resolve only inside a machine or a private network, with where that is said.
# Matched on the name and every parent domain ("a.b.local" ends in "local").
LOCAL_SUFFIXES: dict[str, str] = {
    "localhost": "loopback names (RFC 6761 §6.3)",
    "localdomain": "a local-only domain (glibc and distribution default)",
    "local": "multicast DNS names on the local link (RFC 6762)",
    "internal": "names for private use (ICANN, 2024)",
    "home.arpa": "home-network names (RFC 8375)",
    "lan": "private-network names (RFC 6762 appendix G)",
    "home": "private-network names (RFC 6762 appendix G)",
    "corp": "private-network names (RFC 6762 appendix G)",
    "intranet": "private-network names (RFC 6762 appendix G)",
    "private": "private-network names (RFC 6762 appendix G)",
    "invalid": "names that never resolve (RFC 6761 §6.4)",
    "onion": "Tor onion services (RFC 7686)",
}


class BadHost(ValueError):
    """The host part of a URL is not a name or an address; the message says why."""


@dataclass(frozen=True)
class Host:
    """A host in canonical form: `text` for URLs, `address` when it is a literal."""

    text: str
    address: IPAddress | None = None

    @property
    def is_name(self) -> bool:
        """Return whether the host is a name to resolve rather than an address."""
        return self.address is None

    @property
    def netloc_text(self) -> str:
        """Return the host as written in a URL (IPv6 in brackets)."""
        bracketed = self.address is not None and self.address.version == 6
        return f"[{self.text}]" if bracketed else self.text


def canonical_host(raw: str) -> Host:
    """Return the host a resolver would look up for `raw` (a URL's hostname, no brackets)."""
    if not raw:
        raise BadHost("the URL has no host")
    if "%" in raw:
        raise BadHost("zone ids (%) name a local network interface")
    if ":" in raw:
        return _ipv6(raw)
    name = _ascii(raw).lower()
    if name.endswith("."):
        name = name[:-1]  # the root; "example.org." is example.org
    labels = name.split(".")
    if len(name) > MAX_NAME:
        raise BadHost(f"the host name is longer than {MAX_NAME} characters")
    if NUMERIC_LABEL.fullmatch(labels[-1]):
        address = _legacy_ipv4(name)
        return Host(str(address), address)
    if not all(LABEL.fullmatch(label) for label in labels):
        raise BadHost(f"{raw!r} is not a valid host name")
    return Host(name)


def refusal_before_dns(host: Host) -> str | None:
    """Return why `host` is refused without resolving it (a literal or a local name)."""
    if host.address is not None:
        reason = why_not_global(host.address)
        return None if reason is None else f"{host.text} is {reason}"
    return local_name_reason(host.text)


def host_refusal(raw: str) -> str | None:
    """Return why a URL's host (as urlsplit gives it) can never be a public destination."""
    try:
        return refusal_before_dns(canonical_host(raw))
    except BadHost as error:
        return str(error)


def local_name_reason(name: str) -> str | None:
    """Return why a host name can only be local (localhost, *.local, one label), or None."""
    labels = name.lower().rstrip(".").split(".")
    for start in range(len(labels)):
        suffix = ".".join(labels[start:])
        if suffix in LOCAL_SUFFIXES:
            return f"{name} is among {LOCAL_SUFFIXES[suffix]}"
    if len(labels) == 1:
        return f"{name} has one label, so it resolves through local search domains"
    return None


def _ipv6(raw: str) -> Host:
    try:
        address = ipaddress.IPv6Address(raw)
    except ValueError as error:
        raise BadHost(f"{raw!r} is not a valid IPv6 address") from error
    return Host(str(address), address)


def _ascii(raw: str) -> str:
    folded = unicodedata.normalize("NFKC", raw)
    if folded.isascii():
        return folded
    try:
        # Python's IDNA 2003 codec: nameprep (case folding, NFKC) and punycode per label,
        # with the ideographic and full-width dots read as dots.
        return folded.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise BadHost(f"{raw!r} is not a valid international domain name") from error


def _legacy_ipv4(name: str) -> ipaddress.IPv4Address:
    parts = name.split(".")
    if len(parts) > 4 or not all(NUMERIC_LABEL.fullmatch(part) for part in parts):
        raise BadHost(f"{name!r} ends in a number but is not an IPv4 address")
    numbers = [_ipv4_number(part) for part in parts]
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 256 ** (5 - len(numbers)):
        raise BadHost(f"{name!r} is out of range for an IPv4 address")
    value = last
    for index, number in enumerate(leading):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _ipv4_number(part: str) -> int:
    # inet_aton / WHATWG: 0x... is hex (0x alone is 0), a leading 0 is octal, else decimal.
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        if not part.isdigit() or "8" in part or "9" in part:
            raise BadHost(f"{part!r} is not an octal number")
        return int(part, 8)
    return int(part, 10)
