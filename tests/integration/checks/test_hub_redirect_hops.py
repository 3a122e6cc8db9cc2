"""Every hop of the Hub client passes the one address rule, through the real huggingface_hub.

huggingface_hub follows redirects itself (a resolve URL's 302 to the CDN, a renamed repo's
307). The stand-in Hub sends LFS downloads to its CDN route on the other loopback name, as
huggingface.co sends them to its CDN host; that hop works when the name is allow-listed and
is refused when it is not. A Hub that redirects to an inside address is refused on every
call before anything connects, and the check is unverified with the guard's reason.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from registry.adapters.hub import HubAdapter
from registry.model import ArtifactKind, ArtifactRef, FailureKind, Pillar, Verdict
from registry.ports import AdapterError, Clients
from registry.verify import check_release
from standins.serving import BackgroundServer
from tests.integration.checks.standin_support import HUB_MANIFESTS, loopback_settings

ONLY_127 = frozenset({"127.0.0.1"})
# Redirect targets that are inside addresses, each with the guard's reason.
REFUSED_HOPS = {
    "https://169.254.169.254/latest/meta-data/": "link-local",
    "https://[2002:7f00:1::]/": "6to4 (RFC 3056) wrapping 127.0.0.1",
    "https://10.0.0.1/": "a private address",
    "https://[::ffff:10.0.0.1]/": "IPv4-mapped",
    "https://0x7f.1/admin": "loopback",
    "https://metadata.google.internal/computeMetadata/v1/": "names for private use",
    "https://cdn.example/x": "it resolves to 10.0.0.1",  # a public-looking name, inside
    "http://169.254.169.254/": "only https is allowed",
    "http://10.0.0.1/": "only https is allowed",
}
# What the fake resolver answers; any other name does not resolve.
FAKE_DNS = {
    "cdn.example": ("10.0.0.1",),
    "pinned.example": ("127.0.0.1",),
    "localhost": ("127.0.0.1",),
}

# Each of the adapter's calls, as a check makes it.
CALLS: dict[str, Callable[[HubAdapter], object]] = {
    "repo_info": lambda hub: hub.repo_info("model", "lab/open"),
    "list_repos": lambda hub: hub.list_repos("model", "lab", 10),
    "list_revisions": lambda hub: hub.list_revisions("model", "lab", frozenset({"lab/a"}), 2),
    "list_files": lambda hub: hub.list_files("model", "lab/open", None),
    "list_refs": lambda hub: hub.list_refs("model", "lab/open"),
    "read_text": lambda hub: hub.read_text("model", "lab/open", "README.md", None, 100),
    "read_range": lambda hub: hub.read_range("model", "lab/open", "m.bin", None, 0, 8),
    "safetensors_header": lambda hub: hub.safetensors_header(
        "model", "lab/open", "model.safetensors", None
    ),
}


def fake_resolver(host: str, port: int) -> tuple[str, ...]:
    return FAKE_DNS.get(host, ())


class Redirector:
    """A Hub that answers every request with a 302 to `location` (settable per test)."""

    def __init__(self) -> None:
        self.location = "https://169.254.169.254/"

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("302 Found", [("Location", self.location), ("Content-Length", "0")])
        return [b""]


class Counter:
    """A web server that counts the requests it gets and the Host header of each."""

    def __init__(self) -> None:
        self.hosts: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        with self._lock:
            self.hosts.append(environ.get("HTTP_HOST", ""))
        body = b"# reached\n"
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "10")])
        return [body]


@pytest.fixture(scope="module")
def redirector() -> Iterator[tuple[Redirector, str]]:
    app = Redirector()
    server = BackgroundServer(app).start()
    yield app, server.base_url
    server.stop()


@pytest.fixture
def counter() -> Iterator[tuple[Counter, int]]:
    app = Counter()
    server = BackgroundServer(app).start()
    yield app, server.port
    server.stop()


@pytest.fixture(scope="module")
def standins(standins_module_factory):
    return standins_module_factory(HUB_MANIFESTS)


def hostile_hub(standins, endpoint: str, **overrides: Any) -> HubAdapter:
    settings = loopback_settings(standins, hub_endpoint=endpoint, hub_timeout_s=5.0, **overrides)
    return HubAdapter(settings, resolve=fake_resolver)


# -- the stand-in's CDN hop, through the real client --------------------------------------


def test_the_cdn_hop_to_an_allow_listed_host_works_end_to_end(standins) -> None:
    hub = HubAdapter(loopback_settings(standins))
    header = hub.safetensors_header("model", "lab/open", "model.safetensors", None)
    assert header.problem is None and header.tensors
    assert len(hub.read_range("model", "lab/open", "model.safetensors", None, 0, 8)) == 8


def test_the_cdn_hop_to_a_name_not_allow_listed_is_refused(standins) -> None:
    # Allowing 127.0.0.1 does not allow localhost, where the stand-in's CDN route is.
    hub = HubAdapter(loopback_settings(standins, allowed_hosts=ONLY_127))
    with pytest.raises(AdapterError) as error:
        hub.read_range("model", "lab/open", "model.safetensors", None, 0, 8)
    assert error.value.kind is FailureKind.REFUSED
    assert "http://localhost:" in error.value.message and "/_cdn/" in error.value.message
    # Files with content are served by the Hub itself: no hop, nothing refused.
    assert "# Open" in hub.read_text("model", "lab/open", "README.md", None, 100)


def test_a_refused_cdn_hop_is_recorded_in_the_weights_evidence(standins) -> None:
    settings = loopback_settings(standins, allowed_hosts=ONLY_127)
    clients = Clients(hub=HubAdapter(settings), git=None, http=None)  # type: ignore[arg-type]
    artifact = ArtifactRef(Pillar.WEIGHTS, ArtifactKind.HF_MODEL, "lab/open")
    (result,) = check_release([artifact], clients)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is FailureKind.REFUSED
    assert any("http://localhost:" in reason for reason in result.reasons), result.reasons


# -- a Hub that redirects to inside addresses ------------------------------------------------


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize("location", sorted(REFUSED_HOPS))
def test_every_call_refuses_a_hop_to_an_inside_address(
    standins, redirector, call: str, location: str
) -> None:
    app, endpoint = redirector
    app.location = location
    with pytest.raises(AdapterError) as error:
        CALLS[call](hostile_hub(standins, endpoint))
    assert error.value.kind is FailureKind.REFUSED
    assert REFUSED_HOPS[location] in error.value.message, error.value.message


def test_a_refused_hop_is_refused_before_connecting(standins, redirector, counter) -> None:
    app, endpoint = redirector
    seen, port = counter
    app.location = f"http://localhost:{port}/lab/open/resolve/main/README.md"
    refusing = hostile_hub(standins, endpoint, allowed_hosts=ONLY_127)
    with pytest.raises(AdapterError) as error:
        refusing.read_text("model", "lab/open", "README.md", None, 100)
    assert error.value.kind is FailureKind.REFUSED
    assert seen.hosts == []
    # The same hop with localhost allow-listed reaches the server: the refusal was the guard.
    allowing = hostile_hub(standins, endpoint)
    assert allowing.read_text("model", "lab/open", "README.md", None, 100) == "# reached\n"
    assert seen.hosts == [f"localhost:{port}"]


def test_a_hop_connects_to_the_address_the_guard_checked(standins, redirector, counter) -> None:
    # pinned.example resolves (in the fake DNS only) to the counter's 127.0.0.1: the
    # request reaches it, so it went to the checked address, with the name as Host.
    app, endpoint = redirector
    seen, port = counter
    app.location = f"http://pinned.example:{port}/file"
    allowed = frozenset({"127.0.0.1", "pinned.example"})
    hub = hostile_hub(standins, endpoint, allowed_hosts=allowed)
    assert hub.read_text("model", "lab/open", "README.md", None, 100) == "# reached\n"
    assert seen.hosts == [f"pinned.example:{port}"]


def test_a_hub_redirect_to_metadata_makes_the_check_unverified_with_the_reason(
    standins, redirector
) -> None:
    app, endpoint = redirector
    app.location = "https://169.254.169.254/latest/meta-data/"
    hub = hostile_hub(standins, endpoint)
    clients = Clients(hub=hub, git=None, http=None)  # type: ignore[arg-type]
    artifact = ArtifactRef(Pillar.WEIGHTS, ArtifactKind.HF_MODEL, "lab/open")
    (result,) = check_release([artifact], clients)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is FailureKind.REFUSED
    assert "169.254.169.254" in result.failure.message
    assert "link-local" in " ".join(result.reasons), result.reasons
