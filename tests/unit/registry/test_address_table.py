"""The one address rule, pinned by a table: every special-purpose range, every wrapper,
every way of writing a host. Each row goes through `check_url`, the guard every fetch
path (URL probe, git, submodules, redirect hops) calls, with a resolver that fails the
test if a literal address ever reaches DNS."""

from __future__ import annotations

import ipaddress

import pytest

from registry.adapters.guards import NetworkPolicy, check_url
from registry.errors import RefusedTarget
from registry.network.addresses import why_not_global
from registry.network.hosts import canonical_host, local_name_reason
from registry.network.special import IPV4_SPECIAL, IPV6_SPECIAL

PRODUCTION = NetworkPolicy()
PUBLIC_V4 = "93.184.215.14"


def dns(table: dict[str, tuple[str, ...]]):
    def resolve(host: str, port: int) -> tuple[str, ...]:
        assert host in table, f"{host!r} reached DNS"
        return table[host]

    return resolve


NO_DNS = dns({})

# (address, words the refusal must contain)
REFUSED_ADDRESSES = [
    ("0.0.0.0", "this host"),  # noqa: S104 - an address under test, not a bind
    ("0.1.2.3", "this network"),
    ("10.0.0.1", "private"),
    ("10.255.255.255", "private"),
    ("100.64.0.1", "shared address space"),
    ("100.127.255.254", "shared address space"),
    ("127.0.0.1", "loopback"),
    ("127.255.255.254", "loopback"),
    ("169.254.169.254", "link-local"),
    ("169.254.0.1", "link-local"),
    ("172.16.0.1", "private"),
    ("172.31.255.255", "private"),
    ("192.0.0.1", "service continuity"),
    ("192.0.0.8", "dummy"),
    ("192.0.0.170", "NAT64/DNS64"),
    ("192.0.0.171", "NAT64/DNS64"),
    ("192.0.0.100", "IETF protocol"),
    ("192.0.2.1", "TEST-NET-1"),
    ("192.88.99.1", "6to4 relay"),
    ("192.168.0.1", "private"),
    ("192.168.255.255", "private"),
    ("198.18.0.1", "benchmarking"),
    ("198.19.255.255", "benchmarking"),
    ("198.51.100.7", "TEST-NET-2"),
    ("203.0.113.9", "TEST-NET-3"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.254", "reserved"),
    ("255.255.255.255", "broadcast"),
    ("::1", "loopback"),
    ("::", "unspecified"),
    ("::ffff:127.0.0.1", "IPv4-mapped"),
    ("::ffff:10.0.0.1", "private"),
    ("::ffff:169.254.169.254", "link-local"),
    ("::ffff:8.8.8.8", "IPv4-mapped"),  # IANA: the mapped space is never a destination
    ("::127.0.0.1", "IPv4-compatible"),
    ("::8.8.8.8", "IPv4-compatible"),
    ("::ffff:0:127.0.0.1", "IPv4-translated"),
    ("2002:7f00:1::", "wrapping 127.0.0.1"),  # 6to4, the audit's two findings
    ("2002:a9fe:a9fe::", "wrapping 169.254.169.254"),
    ("2002:0a00:0001::1", "wrapping 10.0.0.1"),
    ("2002:c0a8:0101:1::1", "wrapping 192.168.1.1"),
    ("2002:6440:1::", "wrapping 100.64.0.1"),
    ("2001:0:7f00:1::", "Teredo"),  # Teredo server 127.0.0.1
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "wrapping 127.0.0.1"),  # obfuscated client
    ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "wrapping 10.0.0.1"),
    ("2001:0:a9fe:a9fe::1", "wrapping 169.254.169.254"),
    ("64:ff9b::7f00:1", "wrapping 127.0.0.1"),  # NAT64 well-known prefix
    ("64:ff9b::a9fe:a9fe", "wrapping 169.254.169.254"),
    ("64:ff9b::10.0.0.1", "wrapping 10.0.0.1"),
    ("64:ff9b:1::1", "local-use IPv4-IPv6"),
    ("64:ff9b:1:7f00:0:100::", "local-use IPv4-IPv6"),
    ("fec0::1", "site-local"),
    ("fec0:0:0:ffff::1", "site-local"),
    ("feff::1", "site-local"),
    ("fc00::1", "unique local"),
    ("fd12:3456:789a::1", "unique local"),
    ("fe80::1", "link-local"),
    ("febf::1", "link-local"),
    ("ff02::1", "multicast"),
    ("ff05::1:3", "multicast"),
    ("100::1", "discard-only"),
    ("100:0:0:1::1", "dummy IPv6"),
    ("2001:2::1", "benchmarking"),
    ("2001:10::1", "ORCHID"),
    ("2001:db8::1", "documentation"),
    ("2001:db8:ffff::1", "documentation"),
    ("3fff::1", "documentation"),
    ("5f00::1", "SRv6"),
    ("2001:100::1", "IETF protocol"),
    ("1::1", "outside global unicast"),
    ("4000::1", "outside global unicast"),
    ("e000::1", "outside global unicast"),
    ("fe00::1", "outside global unicast"),
]

ALLOWED_ADDRESSES = [
    PUBLIC_V4,
    "8.8.8.8",
    "1.1.1.1",
    "140.82.112.3",  # github.com
    "100.63.255.255",  # just below shared space
    "100.128.0.0",  # just above it
    "172.15.255.255",
    "172.32.0.0",
    "192.0.0.9",  # PCP anycast: globally reachable per IANA
    "192.0.0.10",
    "192.31.196.1",  # AS112
    "198.17.255.255",
    "223.255.255.255",
    "2600:9000:2000::1",
    "2a00:1450:4007:80e::200e",
    "2001:4860:4860::8888",
    "2002:808:808::1",  # 6to4 around a public address
    "2001:0:4136:e378:8000:63bf:f7f7:f7f7",  # Teredo: public server, client 8.8.8.8
    "64:ff9b::808:808",  # NAT64 of a public address (DNS64 networks)
    "2001:20::1",  # ORCHIDv2
    "2001:1::1",
    "2620:4f:8000::1",
]

# (host as written in https://HOST/x, words of the refusal)
REFUSED_HOST_FORMS = [
    ("2130706433", "loopback"),  # decimal
    ("017700000001", "loopback"),  # octal
    ("0x7f000001", "loopback"),  # hex
    ("0x7f.1", "loopback"),
    ("0177.0.0.1", "loopback"),
    ("0177.1", "loopback"),
    ("127.1", "loopback"),  # short forms
    ("127.0.1", "loopback"),
    ("0", "this host"),
    ("0x0", "this host"),
    ("0xa9fea9fe", "link-local"),
    ("0251.0376.0251.0376", "link-local"),
    ("169.254.43518", "link-local"),
    ("3232235777", "private"),  # 192.168.1.1
    ("10.1", "private"),
    ("127.0.0.1.", "loopback"),  # trailing dot
    ("0x7f.0.0.1.", "loopback"),
    ("１２７.０.０.１", "loopback"),  # full-width digits fold to 127.0.0.1
    ("127。0。0。1", "loopback"),  # ideographic full stops
    ("[::1]", "loopback"),  # bracketed IPv6
    ("[::ffff:7f00:1]", "IPv4-mapped"),
    ("[2002:7f00:1::]", "wrapping 127.0.0.1"),
    ("[0:0:0:0:0:ffff:127.0.0.1]", "IPv4-mapped"),
    ("[fec0::1]", "site-local"),
    ("[fe80::1%25eth0]", "zone ids"),  # zone id
    ("[fe80::1%eth0]", "zone ids"),
    ("[::1%251]", "zone ids"),
    ("localhost", "loopback names"),
    ("LOCALHOST", "loopback names"),
    ("localhost.", "loopback names"),
    ("api.localhost", "loopback names"),
    ("ｌｏｃａｌｈｏｓｔ", "loopback names"),  # full-width letters (IDNA folds them)
    ("printer.local", "multicast DNS"),
    ("metadata.google.internal", "private use"),
    ("router.home.arpa", "home-network"),
    ("nas.lan", "private-network"),
    ("intranet", "private-network"),
    ("fileserver", "one label"),
    ("kubernetes", "one label"),
    ("example.invalid", "never resolve"),
    ("host.localdomain", "local-only"),
    ("1.2.3.4.5", "not an IPv4 address"),
    ("256.1.1.1", "out of range"),
    ("1.2.3.256", "out of range"),
    ("08.1.1.1", "not an octal"),
    ("a.1", "not an IPv4 address"),
    ("exa_mple..org", "not a valid host name"),
    ("xn--.org", "not a valid"),
    ("a" * 64 + ".org", "not a valid host name"),
    ("[::1", "does not parse"),
    ("[1:2:3]", "does not parse"),
]

# (host as written, canonical host the guard resolves and pins)
ACCEPTED_HOST_FORMS = [
    ("example.org", "example.org"),
    ("EXAMPLE.org", "example.org"),
    ("example.org.", "example.org"),
    ("ｅｘａｍｐｌｅ．ｏｒｇ", "example.org"),  # full-width
    ("bücher.example", "xn--bcher-kva.example"),  # IDNA
    ("8.8.8.8", "8.8.8.8"),
    ("134744072", "8.8.8.8"),  # decimal 8.8.8.8
    ("0x8.0x8.0x8.0x8", "8.8.8.8"),
    ("[2001:4860:4860::8888]", "2001:4860:4860::8888"),
    ("[2001:4860:4860:0:0:0:0:8888]", "2001:4860:4860::8888"),
]

PUBLIC_NAMES = dns({
    "example.org": (PUBLIC_V4,),
    "xn--bcher-kva.example": (PUBLIC_V4,),
})  # fmt: skip


def test_the_table_is_at_least_a_hundred_rows() -> None:
    rows = REFUSED_ADDRESSES + ALLOWED_ADDRESSES + REFUSED_HOST_FORMS + ACCEPTED_HOST_FORMS
    assert len(rows) >= 100


@pytest.mark.parametrize(("address", "words"), REFUSED_ADDRESSES)
def test_a_literal_non_global_address_is_refused(address: str, words: str) -> None:
    with pytest.raises(RefusedTarget, match=words):
        check_url(f"https://{_bracketed(address)}/x", PRODUCTION, NO_DNS)


@pytest.mark.parametrize(("address", "words"), REFUSED_ADDRESSES)
def test_a_name_resolving_to_a_non_global_address_is_refused(address: str, words: str) -> None:
    lookup = dns({"evil.example.org": (PUBLIC_V4, address)})
    with pytest.raises(RefusedTarget, match=f"resolves to {address}, .*{words}"):
        check_url("https://evil.example.org/x", PRODUCTION, lookup)


@pytest.mark.parametrize("address", ALLOWED_ADDRESSES)
def test_a_global_address_is_accepted(address: str) -> None:
    target = check_url(f"https://{_bracketed(address)}/x", PRODUCTION, NO_DNS)
    assert target.addresses == (str(ipaddress.ip_address(address)),)
    via_dns = check_url("https://ok.example.org/", PRODUCTION, dns({"ok.example.org": (address,)}))
    assert via_dns.pinned_address == address


@pytest.mark.parametrize(("host", "words"), REFUSED_HOST_FORMS)
def test_every_way_of_writing_a_local_host_is_refused(host: str, words: str) -> None:
    with pytest.raises(RefusedTarget, match=words):
        check_url(f"https://{host}/x", PRODUCTION, NO_DNS)


@pytest.mark.parametrize(("host", "canonical"), ACCEPTED_HOST_FORMS)
def test_the_guard_resolves_pins_and_contacts_the_canonical_host(host: str, canonical: str) -> None:
    target = check_url(f"https://{host}:8443/x?q=1", PRODUCTION, PUBLIC_NAMES)
    assert target.host == canonical
    assert target.url == f"https://{_bracketed(canonical)}:8443/x?q=1"


@pytest.mark.parametrize(
    "address",
    ["fec0::1", "2002:7f00:1::", "2002:a9fe:a9fe::", "3fff::1", "5f00::1", "64:ff9b:1::1",
     "192.88.99.1", "224.0.0.1", "100:0:0:1::1", "2001:0:4136:e378:8000:63bf:80ff:fffe",
     "64:ff9b::7f00:1"],
)  # fmt: skip
def test_ranges_python_calls_global_are_refused(address: str) -> None:
    # On Python 3.11 `is_global` says yes to each of these; the registry's table says no.
    assert why_not_global(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("entry", IPV4_SPECIAL + IPV6_SPECIAL, ids=lambda e: e.prefix)
def test_each_registry_entry_decides_its_own_addresses(entry) -> None:
    assert entry.rfc.startswith("RFC ")
    network = entry.network
    for address in (network.network_address, network.broadcast_address):
        more_specific = [
            other for other in IPV4_SPECIAL + IPV6_SPECIAL
            if other is not entry and address in other.network
            and other.network.prefixlen > network.prefixlen
        ]  # fmt: skip
        if more_specific:
            continue  # e.g. 192.0.0.0/24's first address belongs to 192.0.0.0/29
        refused = why_not_global(address) is not None
        assert refused is not entry.globally_reachable or _wraps(entry.prefix), address


def test_python_s_non_global_addresses_are_all_refused() -> None:
    # Every range Python's own table calls non-global, the registry's table refuses too.
    for address in ipaddress.IPv4Network("0.0.0.0/0").subnets(new_prefix=8):
        first = address.network_address + 1
        if not first.is_global:
            assert why_not_global(first) is not None, first


def test_names_with_one_label_and_local_suffixes_are_local() -> None:
    assert local_name_reason("github.com") is None
    assert local_name_reason("huggingface.co") is None
    assert local_name_reason("local.example.org") is None  # "local" as a subdomain is fine
    assert canonical_host("Example.ORG.").text == "example.org"


def _wraps(prefix: str) -> bool:
    return prefix in {"2002::/16", "2001::/32", "64:ff9b::/96"}


def _bracketed(address: str) -> str:
    return f"[{address}]" if ":" in address else address
