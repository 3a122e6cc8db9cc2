"""One home for the address rule: only registry/network/ reads IP addresses.

`registry.network` decides which addresses and host names are internal (IANA's special-purpose
registries, embedded addresses, local names); the SSRF guard (registry/adapters/guards.py),
submission validators and the link reader of other indexes' files
(registry/frameworks/links.py) all ask it rather than keeping a second rule, so a link is
never shown as reachable to an address the guard would refuse, or the reverse.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.adapters.guards import NetworkPolicy, check_url
from registry.errors import RefusedTarget
from registry.frameworks.links import read_link
from registry.model import Pillar
from tests.unit.test_architecture import imported_modules

ROOT = Path(__file__).resolve().parents[2]
RULE_HOME = "registry/network/"
PROJECT = sorted(p for folder in ("app", "registry", "schemas", "standins")
                 for p in (ROOT / folder).rglob("*.py"))  # fmt: skip


@pytest.mark.parametrize("path", PROJECT, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_address_rule_imports_ipaddress(path: Path) -> None:
    relative = str(path.relative_to(ROOT))
    if not relative.startswith(RULE_HOME):
        assert "ipaddress" not in imported_modules(path), f"{relative}: ask {RULE_HOME} instead"


# Literal addresses: internal ones of each kind the guard names, and two public ones.
ADDRESSES = [
    "10.0.0.1", "192.168.1.10", "127.0.0.1", "169.254.169.254", "224.0.0.1", "240.0.0.1",
    "::", "100.64.0.1", "::1", "fe80::1", "fc00::1", "::ffff:10.0.0.1",
    "2002:7f00:1::", "2002:a9fe:a9fe::", "fec0::1", "64:ff9b::a00:1",
    "93.184.215.14", "2600:9000:2000::1",
]  # fmt: skip


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_link_is_unreachable_exactly_when_the_guard_refuses_its_address(address: str) -> None:
    host = f"[{address}]" if ":" in address else address
    url = f"https://{host}/allenai/OLMo"
    try:
        check_url(url, NetworkPolicy(), lambda name, port: (name,))
        refused = False
    except RefusedTarget:
        refused = True
    problem = read_link(url, Pillar.CODE).problem or ""
    assert problem.startswith("Unreachable link") is refused, problem
