"""The one hop-following loop behind the URL probe and git's ref discovery, as a table."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from registry.adapters.redirects import follow, location
from registry.model import FailureKind
from registry.ports import AdapterError, RedirectHop

# A web of answers: URL -> (status, headers). What `send` would have got from the network.
WEB: Mapping[str, tuple[int, dict[str, str]]] = {
    "https://a.example/page": (200, {}),
    "https://a.example/moved": (301, {"location": "https://a.example/page"}),
    "https://a.example/twice": (302, {"location": "/moved"}),  # relative: against the URL sent
    "https://a.example/loop": (307, {"location": "https://a.example/loop"}),
    "https://a.example/nowhere": (308, {}),
    "https://a.example/empty": (303, {"location": ""}),
}


def send(url: str) -> tuple[str, int, dict[str, str]]:
    return (url, *WEB[url])


def next_hop(answer: tuple[str, int, dict[str, str]]) -> RedirectHop | None:
    url, status, headers = answer
    hop = location(status, headers, url, {})
    return None if hop is None else RedirectHop(hop, status)


@pytest.mark.parametrize(
    ("start", "final", "hops"),
    [
        ("https://a.example/page", "https://a.example/page", []),
        ("https://a.example/moved", "https://a.example/page", [(301, "https://a.example/page")]),
        (
            "https://a.example/twice",
            "https://a.example/page",
            [(302, "https://a.example/moved"), (301, "https://a.example/page")],
        ),
    ],
)
def test_hops_are_followed_to_the_answer(start: str, final: str, hops: list[tuple[int, str]]):
    arrival = follow(start, send, next_hop, max_redirects=5)
    assert arrival.url == final and arrival.reply[0] == final
    assert arrival.first[0] == start
    assert [(hop.status, hop.url) for hop in arrival.hops] == hops


@pytest.mark.parametrize(
    ("start", "max_redirects", "kind", "message"),
    [
        ("https://a.example/loop", 5, FailureKind.REFUSED, "more than 5 redirects"),
        ("https://a.example/moved", 0, FailureKind.REFUSED, "more than 0 redirects"),
        ("https://a.example/twice", 1, FailureKind.REFUSED, "more than 1 redirects"),
        ("https://a.example/nowhere", 5, FailureKind.MALFORMED_REPLY, "a redirect without a Location"),
        ("https://a.example/empty", 5, FailureKind.MALFORMED_REPLY, "a redirect without a Location"),
    ],
)
def test_a_chain_that_does_not_end_is_refused(
    start: str, max_redirects: int, kind: FailureKind, message: str
) -> None:
    with pytest.raises(AdapterError) as error:
        follow(start, send, next_hop, max_redirects)
    assert (error.value.kind, error.value.message) == (kind, message)


def test_exactly_max_redirects_are_allowed() -> None:
    arrival = follow("https://a.example/twice", send, next_hop, max_redirects=2)
    assert len(arrival.hops) == 2


def test_the_protocol_rule_can_refuse_a_hop_before_it_is_sent() -> None:
    sent: list[str] = []

    def counted(url: str) -> tuple[str, int, dict[str, str]]:
        sent.append(url)
        return send(url)

    def only_same_path(answer: tuple[str, int, dict[str, str]]) -> RedirectHop | None:
        hop = next_hop(answer)
        if hop is not None and not hop.url.endswith("/loop"):
            raise AdapterError(FailureKind.REFUSED, f"refused {hop.url}")
        return hop

    with pytest.raises(AdapterError, match="refused https://a.example/page"):
        follow("https://a.example/moved", counted, only_same_path, max_redirects=5)
    assert sent == ["https://a.example/moved"]


def test_a_hop_reads_as_its_public_url_when_the_contacted_one_was_rewritten() -> None:
    # Offline, https://a.example/ is served at a loopback address; hops name the public URL.
    rewrites = {"https://a.example/": "http://127.0.0.1:8000/a/"}
    hop = location(302, {"location": "/a/page"}, "http://127.0.0.1:8000/a/twice", rewrites)
    assert hop == "https://a.example/page"


@pytest.mark.parametrize("status", [200, 204, 304, 404, 500])
def test_other_statuses_are_no_redirect(status: int) -> None:
    assert location(status, {"location": "https://a.example/page"}, "https://a.example/", {}) is None
