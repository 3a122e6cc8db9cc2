"""The SSRF and git guards, with an injected resolver (no DNS, no network)."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from registry.adapters.guards import (
    NetworkPolicy,
    check_git_url,
    check_url,
    git_environment,
)
from registry.errors import RefusedTarget

PUBLIC = "93.184.215.14"
PRODUCTION = NetworkPolicy()
TESTING = NetworkPolicy(frozenset({"127.0.0.1"}), frozenset({"https", "http"}))


def resolver(table: dict[str, Iterable[str]]):
    def resolve(host: str, port: int) -> tuple[str, ...]:
        return tuple(table.get(host, (host,)))

    return resolve


PUBLIC_DNS = resolver({"example.org": [PUBLIC], "huggingface.co": ["2600:9000:2000::1"]})


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",  # private
        "172.16.3.4",
        "192.168.1.1",
        "127.0.0.1",  # loopback
        "169.254.169.254",  # link-local: cloud metadata
        "224.0.0.1",  # multicast
        "240.0.0.1",  # reserved
        "0.0.0.0",  # noqa: S104 - unspecified; an address under test, not a bind
        "100.64.0.1",  # carrier-grade NAT: not global
        "::1",
        "fe80::1",
        "fc00::1",
        "::",
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
    ],
)
def test_internal_addresses_are_refused(address: str) -> None:
    lookup = resolver({"evil.example": [address]})
    with pytest.raises(RefusedTarget):
        check_url("https://evil.example/x", PRODUCTION, lookup)


def test_one_internal_address_among_public_ones_is_refused() -> None:
    lookup = resolver({"mixed.example": [PUBLIC, "10.1.2.3"]})
    with pytest.raises(RefusedTarget, match="private"):
        check_url("https://mixed.example/", PRODUCTION, lookup)


def test_public_https_is_accepted_with_its_addresses() -> None:
    target = check_url("https://example.org/data.tar", PRODUCTION, PUBLIC_DNS)
    assert (target.host, target.port, target.addresses) == ("example.org", 443, (PUBLIC,))
    assert target.pinned_address == PUBLIC


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://example.org/", "only https"),
        ("ftp://example.org/", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("https://user:pw@example.org/", "user names"),
        ("https:///nohost", "no host"),
        ("https://example.org:99999/", "port"),
        ("https://exa mple.org/", "whitespace"),
    ],
)
def test_malformed_or_plain_http_urls_are_refused(url: str, reason: str) -> None:
    with pytest.raises(RefusedTarget, match=reason):
        check_url(url, PRODUCTION, PUBLIC_DNS)


def test_allow_listed_loopback_may_use_http() -> None:
    target = check_url("http://127.0.0.1:8080/x", TESTING, resolver({}))
    assert target.addresses == ("127.0.0.1",)


def test_allow_listing_loopback_does_not_open_other_private_addresses() -> None:
    for address in ("10.0.0.1", "169.254.169.254", "127.0.0.2"):
        with pytest.raises(RefusedTarget):
            check_url(f"http://{address}/latest/meta-data/", TESTING, resolver({}))


def test_unresolvable_hosts_are_refused() -> None:
    with pytest.raises(RefusedTarget, match="does not resolve"):
        check_url("https://nowhere.example/", PRODUCTION, resolver({"nowhere.example": []}))


@pytest.mark.parametrize(
    "url",
    [
        "-uevil",
        "--upload-pack=touch /tmp/pwned",
        "ext::sh -c touch% /tmp/pwned",
        "file:///etc",
        "ssh://git@example.org/x.git",
        "git://example.org/x.git",
        "/srv/repos/x.git",
        "./x",
        "~/x",
        "git@example.org:lab/x.git",
        "https::example.org/x",
        "fd::17",
        "http://example.org/x.git",  # plain http outside the allow-list
        "https://user@example.org/x.git",
    ],
)
def test_git_injection_and_local_transports_are_refused(url: str) -> None:
    with pytest.raises(RefusedTarget):
        check_git_url(url, PRODUCTION, PUBLIC_DNS)


def test_git_https_is_accepted() -> None:
    target = check_git_url("https://example.org/lab/x", PRODUCTION, PUBLIC_DNS)
    assert target.url == "https://example.org/lab/x"


def test_git_environment_confines_git() -> None:
    target = check_git_url("https://example.org/lab/x", PRODUCTION, PUBLIC_DNS)
    env = git_environment(target, PRODUCTION, "/scratch/home")
    assert env["GIT_ALLOW_PROTOCOL"] == "https"
    assert env["GIT_TERMINAL_PROMPT"] == "0"
    assert env["GIT_CONFIG_NOSYSTEM"] == "1"
    assert env["GIT_CONFIG_GLOBAL"] == "/dev/null"
    assert env["HOME"] == "/scratch/home"
    config = {
        env[f"GIT_CONFIG_KEY_{i}"]: env[f"GIT_CONFIG_VALUE_{i}"]
        for i in range(int(env["GIT_CONFIG_COUNT"]))
    }
    assert config["http.followRedirects"] == "false"
    assert config["http.curloptResolve"] == f"example.org:443:{PUBLIC}"


def test_git_environment_allows_http_only_for_allow_listed_hosts() -> None:
    target = check_git_url("http://127.0.0.1:9/lab/x", TESTING, resolver({}))
    env = git_environment(target, TESTING, "/scratch/home")
    assert env["GIT_ALLOW_PROTOCOL"] == "http:https"
    keys = [env[f"GIT_CONFIG_KEY_{i}"] for i in range(int(env["GIT_CONFIG_COUNT"]))]
    assert "http.curloptResolve" not in keys  # a literal address needs no pin


def test_ipv6_pins_are_bracketed() -> None:
    target = check_git_url("https://huggingface.co/x", PRODUCTION, PUBLIC_DNS)
    env = git_environment(target, PRODUCTION, "/h")
    values = [env[f"GIT_CONFIG_VALUE_{i}"] for i in range(int(env["GIT_CONFIG_COUNT"]))]
    assert "huggingface.co:443:[2600:9000:2000::1]" in values
