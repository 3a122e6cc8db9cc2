"""Every fetch path goes through the one address rule: git submodules and redirect hops.

A repository on the git stand-in declares submodules at addresses that wrap private
ones, and URLs on the URL stand-in redirect to them; the real clients must refuse each
before connecting, and the verdict is unverified (refused), never absent.
"""

from __future__ import annotations

import pytest

from registry.adapters import build_clients
from registry.adapters.http import HttpProbeAdapter
from registry.checks.code import CodeChecker
from registry.model import ArtifactKind, ArtifactRef, FailureKind, Pillar
from registry.ports import AdapterError, Clients
from tests.integration.checks.standin_support import loopback_settings
from tests.unit.registry.checks.checks_fakes import MIT_TEXT, NOW

WITH_SUBMODULES = "https://github.com/lab/with-submodules"
# Three (the most the code checker follows), each a different disguise of an inside host.
SUBMODULES = {
    "sixtofour": "https://[2002:7f00:1::]/lab/trainer",  # 6to4 around 127.0.0.1
    "sitelocal": "https://[fec0::1]/lab/trainer",
    "hexloop": "https://0x7f.1/lab/trainer",  # 127.0.0.1 in hex short form
}
# Redirect targets that wrap or spell internal hosts.
HOPS = {
    "to-6to4-metadata": "https://[2002:a9fe:a9fe::]/latest/meta-data/",
    "to-teredo-client": "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
    "to-nat64": "https://[64:ff9b::a9fe:a9fe]/latest/",
    "to-site-local": "https://[fec0::1]/",
    "to-mapped": "https://[::ffff:10.0.0.1]/",
    "to-decimal": "https://2130706433/admin",
    "to-octal": "https://0177.0.0.1/admin",
    "to-short": "https://127.1/admin",
    "to-internal-name": "https://metadata.google.internal/computeMetadata/v1/",
    "to-trailing-dot": "https://localhost./admin",
}


def gitmodules() -> str:
    return "".join(
        f'[submodule "{name}"]\n\tpath = {name}\n\turl = {url}\n'
        for name, url in SUBMODULES.items()
    )


MANIFESTS = {
    "with-submodules.yml": {
        "kind": "git",
        "url": WITH_SUBMODULES,
        "files": [
            {"path": "LICENSE", "content": MIT_TEXT},
            {"path": ".gitmodules", "content": gitmodules()},
            {"path": "README.md", "content": "# Model\n"},
        ],
    },
    **{
        f"{name}.yml": {"kind": "url", "url": f"https://data.example/{name}", "redirect_to": to}
        for name, to in HOPS.items()
    },
}


@pytest.fixture(scope="module")
def standins(standins_module_factory):
    return standins_module_factory(MANIFESTS)


@pytest.fixture(scope="module")
def clients(standins) -> Clients:
    return build_clients(loopback_settings(standins))


def test_submodules_at_disguised_internal_addresses_are_refused(clients: Clients) -> None:
    artifact = ArtifactRef(Pillar.CODE, ArtifactKind.GIT, WITH_SUBMODULES)
    result = CodeChecker().run(artifact, clients, NOW)
    assert result.evidence is not None
    followed = result.evidence.facts["submodules"]
    assert {path: entry["failure"] for path, entry in followed.items()} == {
        name: FailureKind.REFUSED.value for name in SUBMODULES
    }
    assert result.failure is not None and result.failure.kind is FailureKind.REFUSED
    assert "6to4 (RFC 3056) wrapping 127.0.0.1" in " ".join(result.reasons)


@pytest.mark.parametrize("name", sorted(HOPS))
def test_redirect_hops_to_disguised_internal_hosts_are_refused(standins, name: str) -> None:
    probe = HttpProbeAdapter(loopback_settings(standins))
    for call in (probe.probe, lambda url: probe.fetch_text(url, 100)):
        with pytest.raises(AdapterError) as error:
            call(f"https://data.example/{name}")
        assert error.value.kind is FailureKind.REFUSED
        assert HOPS[name] in error.value.message or "refused" in error.value.message
