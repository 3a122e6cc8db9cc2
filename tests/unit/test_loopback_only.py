"""Tests reach loopback only: pytest-socket (`--allow-hosts` in pyproject.toml) refuses the rest.

Every outside system the suite talks to is a stand-in, PostgreSQL or Redis on 127.0.0.1; a
test that would reach the internet fails at connect() instead of passing by luck.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from pytest_socket import SocketConnectBlockedError

# Documentation addresses (RFC 5737, RFC 3849): routable in form, never anyone's server.
OUTSIDE = [("192.0.2.1", socket.AF_INET), ("2001:db8::1", socket.AF_INET6)]


def test_the_whole_suite_allows_only_loopback(pytestconfig: pytest.Config) -> None:
    allowed = set(pytestconfig.getoption("--allow-hosts").split(","))
    assert allowed == {"127.0.0.1", "::1", "localhost"}


@pytest.mark.parametrize(("address", "family"), OUTSIDE, ids=[a for a, _ in OUTSIDE])
def test_a_connect_beyond_loopback_fails(address: str, family: int) -> None:
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)  # without the block this would time out, which also fails the test
        # The plugin also warns, and warnings are errors here: a stray connect cannot hide.
        with (
            pytest.raises(SocketConnectBlockedError, match=address),
            pytest.warns(UserWarning, match="tried to use socket"),
        ):
            sock.connect((address, 80))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_connect_to_loopback_goes_through(host: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection((host, port), timeout=2):
            accepted, _ = server.accept()
            accepted.close()


# What would lift the block for one test: pytest-socket's marker, fixture and flag.
ESCAPES = ("enable_socket", "socket_enabled", "force-enable-socket", "mark.allow_hosts")


def test_no_test_lifts_the_block() -> None:
    tests = Path(__file__).resolve().parents[1]
    for path in tests.rglob("*.py"):
        if path.name == Path(__file__).name:
            continue
        text = path.read_text(encoding="utf-8")
        assert not [e for e in ESCAPES if e in text], path
