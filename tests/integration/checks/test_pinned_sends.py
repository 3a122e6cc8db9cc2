"""The URL probe and git's ref discovery share one pinned send and one hop loop.

`adapters.pinned` sends each request and `adapters.redirects` follows each hop, so a broken
host fails both alike: a Location line httpx cannot parse is a redirect no guard could
check (refused), a redirect without a Location is a malformed reply, and a host that drops
the connection is a server error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from registry.adapters.git import GitAdapter
from registry.adapters.http import HttpProbeAdapter
from registry.model import FailureKind
from registry.ports import AdapterError
from tests.integration.checks.standin_support import loopback_settings, serving


class BrokenHandler(BaseHTTPRequestHandler):
    """`/bad-location/`: a Location holding a NUL; `/no-location/`: none; `/hang-up/`: no answer."""

    def do_HEAD(self) -> None:  # the http.server naming
        self.do_GET()

    def do_GET(self) -> None:
        if self.path.startswith("/hang-up/"):
            self.close_connection = True
            return
        self.send_response(301)
        if self.path.startswith("/bad-location/"):
            self.send_header("Location", "http://127.0.0.1/a\x00b")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:  # quiet: the test reads the adapter's words
        return


@pytest.fixture(scope="module")
def broken_host() -> Iterator[str]:
    with serving(BrokenHandler) as base:
        yield base


@pytest.fixture(scope="module")
def standins(standins_module_factory):
    return standins_module_factory({})


def _callers(standins) -> dict[str, Callable[[str], object]]:
    settings = loopback_settings(standins)
    probe = HttpProbeAdapter(settings)
    return {
        "probe": probe.probe,
        "fetch_text": lambda url: probe.fetch_text(url, 100),
        "git head": GitAdapter(settings).remote_head,
    }


# Where on the broken host, what each caller must say: the failure and how its words begin.
ANSWERS = [
    ("bad-location", FailureKind.REFUSED, "refused the redirect from {url}"),
    ("no-location", FailureKind.MALFORMED_REPLY, "a redirect without a Location"),
    ("hang-up", FailureKind.SERVER_ERROR, "{url}"),  # git names its ref-discovery URL
]


@pytest.mark.parametrize(("path", "kind", "opening"), ANSWERS)
@pytest.mark.parametrize("caller", ["probe", "fetch_text", "git head"])
def test_each_caller_fails_alike(standins, broken_host, caller, path, kind, opening) -> None:
    url = f"{broken_host}/{path}/x"
    with pytest.raises(AdapterError) as error:
        _callers(standins)[caller](url)
    assert error.value.kind is kind
    assert error.value.message.startswith(opening.format(url=url))
