"""IANA's special-purpose address registries, as data: what is not globally reachable.

Sources (read 2026-12-02):
- IPv4: https://www.iana.org/assignments/iana-ipv4-special-registry/
- IPv6: https://www.iana.org/assignments/iana-ipv6-special-registry/
- plus the ranges those two leave to other registries but that are never a public web
  server: IPv4 multicast (RFC 5771), IPv6 site-local (RFC 3879, deprecated but still
  routed inside some networks), IPv6 multicast (RFC 4291).

Python's `ipaddress.is_global` is not the rule: on 3.11 it calls fec0::/10, 2002::/16,
3fff::/20, 5f00::/16, 64:ff9b:1::/48, 192.88.99.0/24 and 224.0.0.0/4 global. The most
specific entry containing an address decides (192.0.0.9/32 is reachable inside the
unreachable 192.0.0.0/24). IPv6 outside every entry must also lie in 2000::/3, the only
space IANA allocates as global unicast (RFC 4291, IPv6 address space registry).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import cached_property

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class SpecialRange:
    """One registry entry: a prefix, what it is for, where it is defined, and its reach."""

    prefix: str
    name: str
    rfc: str
    globally_reachable: bool

    @cached_property
    def network(self) -> IPNetwork:
        """Return the entry's prefix as a network."""
        return ipaddress.ip_network(self.prefix)


def _entry(prefix: str, name: str, rfc: str, reachable: bool = False) -> SpecialRange:
    return SpecialRange(prefix, name, rfc, reachable)


IPV4_SPECIAL: tuple[SpecialRange, ...] = (
    _entry("0.0.0.0/8", "'this network'", "RFC 791"),
    _entry("0.0.0.0/32", "'this host on this network'", "RFC 1122"),
    _entry("10.0.0.0/8", "a private address", "RFC 1918"),
    _entry("100.64.0.0/10", "shared address space (carrier-grade NAT)", "RFC 6598"),
    _entry("127.0.0.0/8", "a loopback address", "RFC 1122"),
    _entry("169.254.0.0/16", "a link-local address (cloud metadata lives there)", "RFC 3927"),
    _entry("172.16.0.0/12", "a private address", "RFC 1918"),
    _entry("192.0.0.0/24", "an IETF protocol assignment", "RFC 6890"),
    _entry("192.0.0.0/29", "the IPv4 service continuity prefix", "RFC 7335"),
    _entry("192.0.0.8/32", "the IPv4 dummy address", "RFC 7600"),
    _entry("192.0.0.9/32", "port control protocol anycast", "RFC 7723", reachable=True),
    _entry("192.0.0.10/32", "traversal using relays around NAT anycast", "RFC 8155", True),
    _entry("192.0.0.170/31", "NAT64/DNS64 discovery", "RFC 8880"),
    _entry("192.0.2.0/24", "documentation (TEST-NET-1)", "RFC 5737"),
    _entry("192.31.196.0/24", "AS112-v4", "RFC 7535", reachable=True),
    _entry("192.52.193.0/24", "automatic multicast tunneling", "RFC 7450", reachable=True),
    _entry("192.88.99.0/24", "the deprecated 6to4 relay anycast", "RFC 7526"),
    _entry("192.168.0.0/16", "a private address", "RFC 1918"),
    _entry("192.175.48.0/24", "direct delegation AS112 service", "RFC 7534", reachable=True),
    _entry("198.18.0.0/15", "benchmarking", "RFC 2544"),
    _entry("198.51.100.0/24", "documentation (TEST-NET-2)", "RFC 5737"),
    _entry("203.0.113.0/24", "documentation (TEST-NET-3)", "RFC 5737"),
    _entry("224.0.0.0/4", "a multicast address", "RFC 5771"),
    _entry("240.0.0.0/4", "a reserved address", "RFC 1112"),
    _entry("255.255.255.255/32", "the limited broadcast address", "RFC 919"),
)

IPV6_SPECIAL: tuple[SpecialRange, ...] = (
    _entry("::1/128", "the loopback address", "RFC 4291"),
    _entry("::/128", "the unspecified address", "RFC 4291"),
    # Embedding prefixes: refused whole when IANA says so, else decided by what they wrap.
    _entry("::/96", "an IPv4-compatible address (deprecated)", "RFC 4291"),
    _entry("::ffff:0:0/96", "an IPv4-mapped address", "RFC 4291"),
    _entry("::ffff:0:0:0/96", "an IPv4-translated address", "RFC 2765"),
    _entry("64:ff9b::/96", "IPv4-IPv6 translation (NAT64)", "RFC 6052", reachable=True),
    _entry("64:ff9b:1::/48", "local-use IPv4-IPv6 translation", "RFC 8215"),
    _entry("100::/64", "discard-only", "RFC 6666"),
    _entry("100:0:0:1::/64", "the dummy IPv6 prefix", "RFC 9780"),
    _entry("2001::/23", "an IETF protocol assignment", "RFC 2928"),
    _entry("2001::/32", "Teredo", "RFC 4380", reachable=True),
    _entry("2001:1::1/128", "port control protocol anycast", "RFC 7723", reachable=True),
    _entry("2001:1::2/128", "traversal using relays around NAT anycast", "RFC 8155", True),
    _entry("2001:1::3/128", "DNS-SD service registration anycast", "RFC 9665", True),
    _entry("2001:2::/48", "benchmarking", "RFC 5180"),
    _entry("2001:3::/32", "automatic multicast tunneling", "RFC 7450", reachable=True),
    _entry("2001:4:112::/48", "AS112-v6", "RFC 7535", reachable=True),
    _entry("2001:10::/28", "ORCHID (deprecated)", "RFC 4843"),
    _entry("2001:20::/28", "ORCHIDv2", "RFC 7343", reachable=True),
    _entry("2001:30::/28", "drone remote ID", "RFC 9374", reachable=True),
    _entry("2001:db8::/32", "documentation", "RFC 3849"),
    _entry("2002::/16", "6to4", "RFC 3056", reachable=True),
    _entry("2620:4f:8000::/48", "direct delegation AS112 service", "RFC 7534", True),
    _entry("3fff::/20", "documentation", "RFC 9637"),
    _entry("5f00::/16", "segment routing (SRv6) SIDs", "RFC 9602"),
    _entry("fc00::/7", "a unique local (private) address", "RFC 4193"),
    _entry("fe80::/10", "a link-local address", "RFC 4291"),
    _entry("fec0::/10", "a site-local address (deprecated)", "RFC 3879"),
    _entry("ff00::/8", "a multicast address", "RFC 4291"),
)

# IANA's only global unicast allocation; anything else in IPv6 without an entry above is
# reserved by the IETF (IPv6 address space registry).
IPV6_GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")


def most_specific(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> SpecialRange | None:
    """Return the most specific registry entry that contains `address`, if any."""
    table = IPV4_SPECIAL if address.version == 4 else IPV6_SPECIAL
    matches = [entry for entry in table if address in entry.network]
    return max(matches, key=lambda entry: entry.network.prefixlen, default=None)
