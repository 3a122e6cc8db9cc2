"""The real URL probe (httpx) against the URL stand-in: redirects, SSRF, failures."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from registry.adapters.http import HttpProbeAdapter
from registry.model import FailureKind
from registry.ports import AdapterError
from tests.integration.checks.standin_support import loopback_settings, serving

CORPUS = "https://data.example/corpus.tar.gz"


def url(name: str, target: str | None = None, **fields) -> dict:
    manifest = {"kind": "url", "url": f"https://data.example/{name}", **fields}
    if target is not None:
        manifest["redirect_to"] = target
    return manifest


URL_MANIFESTS = {
    "corpus.yml": url("corpus.tar.gz", status=200, content_type="application/gzip", size=4096),
    "moved.yml": url("moved", CORPUS, status=301),
    "twice.yml": url("twice", "https://data.example/moved"),
    "metadata.yml": url("to-metadata", "http://169.254.169.254/latest/meta-data/"),
    "private.yml": url("to-private", "https://10.0.0.1/corpus"),
    "loopback.yml": url("to-localhost", "http://localhost:1/admin"),
    "loop.yml": url("loop", "https://data.example/loop"),
    "gone.yml": url("gone", status=404, content_type="text/plain", size=10),
    "error.yml": url("error", status=503, content_type="text/plain", size=10),
}


@pytest.fixture(scope="module")
def standins(standins_module_factory):
    return standins_module_factory(URL_MANIFESTS)


@pytest.fixture(scope="module")
def probe(standins) -> HttpProbeAdapter:
    # Only the URL stand-in's own address: localhost (the Hub stand-in's CDN name) is not.
    return HttpProbeAdapter(loopback_settings(standins, allowed_hosts=frozenset({"127.0.0.1"})))


def test_reachable_url_reports_status_type_and_size(probe: HttpProbeAdapter, standins) -> None:
    reply = probe.probe(CORPUS)
    assert (reply.status, reply.content_type, reply.size) == (200, "application/gzip", 4096)
    assert reply.url == reply.final_url == CORPUS
    assert reply.contacted == standins.rewrite(CORPUS)
    assert reply.redirects == ()


def test_redirects_are_followed_hop_by_hop(probe: HttpProbeAdapter) -> None:
    reply = probe.probe("https://data.example/twice")
    assert reply.final_url == CORPUS
    assert [(hop.status, hop.url) for hop in reply.redirects] == [
        (302, "https://data.example/moved"),
        (301, CORPUS),
    ]
    assert reply.size == 4096


def test_a_fetched_page_follows_the_same_hops(probe: HttpProbeAdapter) -> None:
    page = probe.fetch_text("https://data.example/twice", 100)
    assert (page.url, page.final_url, page.status) == ("https://data.example/twice", CORPUS, 200)


def test_a_fetched_page_stops_at_a_redirect_loop(probe: HttpProbeAdapter) -> None:
    with pytest.raises(AdapterError) as error:
        probe.fetch_text("https://data.example/loop", 100)
    assert error.value.kind is FailureKind.REFUSED
    assert error.value.message.startswith("more than ")


@pytest.mark.parametrize("name", ["to-metadata", "to-private", "to-localhost"])
def test_redirect_to_an_internal_address_is_refused(probe: HttpProbeAdapter, name: str) -> None:
    # 127.0.0.1 is allow-listed for the stand-in itself; nothing else internal is.
    with pytest.raises(AdapterError) as error:
        probe.probe(f"https://data.example/{name}")
    assert error.value.kind is FailureKind.REFUSED


def test_redirect_loops_stop(probe: HttpProbeAdapter) -> None:
    with pytest.raises(AdapterError) as error:
        probe.probe("https://data.example/loop")
    assert error.value.kind is FailureKind.REFUSED
    assert "redirects" in error.value.message


@pytest.mark.parametrize(
    ("name", "kind"),
    [("gone", FailureKind.NOT_FOUND), ("error", FailureKind.SERVER_ERROR)],
)
def test_error_statuses_map_to_failure_kinds(
    probe: HttpProbeAdapter, name: str, kind: FailureKind
) -> None:
    with pytest.raises(AdapterError) as error:
        probe.probe(f"https://data.example/{name}")
    assert error.value.kind is kind


def test_stalled_host_times_out(standins, silent_server) -> None:
    quick = HttpProbeAdapter(loopback_settings(standins, http_timeout_s=0.5))
    with pytest.raises(AdapterError) as error:
        quick.probe(f"http://127.0.0.1:{silent_server.port}/data")
    assert error.value.kind is FailureKind.TIMEOUT


@pytest.mark.parametrize(
    "target",
    ["http://10.0.0.1/x", "ftp://127.0.0.1/x", "https://user:pw@127.0.0.1/x"],
)
def test_refused_urls_never_connect(probe: HttpProbeAdapter, target: str) -> None:
    with pytest.raises(AdapterError) as error:
        probe.probe(target)
    assert error.value.kind is FailureKind.REFUSED


class HeadRefusingHandler(BaseHTTPRequestHandler):
    """A server that refuses HEAD, answers a ranged GET with 206, and links a licence."""

    def do_HEAD(self) -> None:  # the http.server naming
        self.send_response(405)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        ranged = self.headers.get("Range") == "bytes=0-0"
        self.send_response(206 if ranged else 200)
        self.send_header("Content-Type", "application/x-parquet")
        self.send_header("Content-Range", "bytes 0-0/123456")
        self.send_header("Content-Length", "1")
        self.send_header("Link", '<https://creativecommons.org/licenses/by/4.0/>; rel="license"')
        self.end_headers()
        self.wfile.write(b"P")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def head_refusing_server() -> Iterator[str]:
    with serving(HeadRefusingHandler) as base:
        yield f"{base}/data.parquet"


def test_refused_head_falls_back_to_a_ranged_get(
    probe: HttpProbeAdapter, head_refusing_server
) -> None:
    reply = probe.probe(head_refusing_server)
    assert (reply.status, reply.size, reply.content_type) == (206, 123456, "application/x-parquet")
    assert reply.licence_link == "https://creativecommons.org/licenses/by/4.0/"
