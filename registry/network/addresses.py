"""The one rule for where the registry may connect: `why_not_global(address)`.

An address is refused when the most specific IANA special-purpose entry containing it is
not globally reachable (see `special.py`), when it is IPv6 outside global unicast, or when
it wraps an IPv4 address that is refused: 6to4 and NAT64 route to the address they embed,
and Teredo to both its server and its (obfuscated) client, so 2002:7f00:1:: is 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass

from registry.network.special import IPV6_GLOBAL_UNICAST, most_specific

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class _Embedding:
    """An IPv6 prefix whose addresses carry IPv4 ones, and how to take them out."""

    prefix: str
    extract: Callable[[ipaddress.IPv6Address], tuple[ipaddress.IPv4Address, ...]]


def _low32(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    return (ipaddress.IPv4Address(int(address) & 0xFFFFFFFF),)


def _sixtofour(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    return (address.sixtofour,) if address.sixtofour else ()


def _teredo(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    # (server, client); Python already undoes the client's bit inversion (RFC 4380 §4).
    return address.teredo or ()


def _nat64_48(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    # RFC 6052 §2.2, a /48 prefix: IPv4 bits 0-15 at bits 48-63, 16-31 at bits 72-87.
    value = int(address)
    high, low = (value >> 64) & 0xFFFF, (value >> 40) & 0xFFFF
    return (ipaddress.IPv4Address((high << 16) | low),)


# Keyed by the registry entry's prefix: only the entry that is the most specific match
# applies, so ::1 (its own entry) is not read as an IPv4-compatible 0.0.0.1.
EMBEDDINGS: dict[str, _Embedding] = {
    e.prefix: e
    for e in (
        _Embedding("::/96", _low32),  # IPv4-compatible
        _Embedding("::ffff:0:0/96", _low32),  # IPv4-mapped
        _Embedding("::ffff:0:0:0/96", _low32),  # IPv4-translated
        _Embedding("64:ff9b::/96", _low32),  # NAT64 well-known prefix
        _Embedding("64:ff9b:1::/48", _nat64_48),  # NAT64 local use
        _Embedding("2002::/16", _sixtofour),
        _Embedding("2001::/32", _teredo),
    )
}


def why_not_global(address: IPAddress) -> str | None:
    """Return why the registry must not connect to `address`, or None when it may."""
    entry = most_specific(address)
    if entry is None:
        if address.version == 6 and address not in IPV6_GLOBAL_UNICAST:
            return "reserved by the IETF, outside global unicast 2000::/3 (RFC 4291)"
        return None
    embedding = EMBEDDINGS.get(entry.prefix)
    if embedding is not None and isinstance(address, ipaddress.IPv6Address):
        for inner in embedding.extract(address):
            reason = why_not_global(inner)
            if reason is not None:
                return f"{entry.name} ({entry.rfc}) wrapping {inner}, {reason}"
    return None if entry.globally_reachable else f"{entry.name} ({entry.rfc})"


def parse_address(text: str) -> IPAddress | None:
    """Return `text` as an address (scope ids dropped), or None when it is not one."""
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
