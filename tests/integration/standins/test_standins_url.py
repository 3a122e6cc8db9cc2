"""The URL stand-in, driven by httpx: HEAD, GET, ranges, statuses, redirects and repo pages."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from standins import StandIns
from standins.pytest_plugin import StandInsFactory

BIG = 5_000_000
MANIFESTS = {
    "url/big.yml": {
        "kind": "url",
        "url": "https://data.example.org/corpus/shard-0.jsonl.gz",
        "content_type": "application/gzip",
        "size": BIG,
    },
    "url/page.yml": {
        "kind": "url",
        "url": "https://huggingface.co/bigscience-data/",
        "content_type": "text/html",
        "content": "<html><a href='/datasets/bigscience-data/roots'>roots</a></html>",
    },
    "url/gone.yml": {
        "kind": "url",
        "url": "https://data.example.org/removed",
        "status": 404,
        "content_type": "text/plain",
        "size": 10,
    },
    "url/moved.yml": {
        "kind": "url",
        "url": "https://data.example.org/moved",
        "status": 302,
        "redirect_to": "http://10.0.0.7/internal",
    },
    "url/query.yml": {"kind": "url", "url": "https://data.example.org/get?id=7", "size": 3},
    "git/code.yml": {
        "kind": "git",
        "url": "https://github.com/org/code",
        "files": [{"path": "a", "content": "a"}],
    },
    "hub/m.yml": {"kind": "model", "id": "org/model", "files": []},
    "hub/p.yml": {"kind": "dataset", "id": "org/secret", "private": True, "files": []},
}


@pytest.fixture(scope="module")
def served(standins_module_factory: StandInsFactory) -> StandIns:
    return standins_module_factory(MANIFESTS)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as session:
        yield session


def test_rewrites_cover_every_public_host(served: StandIns) -> None:
    assert served.rewrites["https://github.com/"] == f"{served.git_base}/github.com/"
    assert served.rewrites["https://data.example.org/"] == f"{served.url_base}/data.example.org/"
    assert served.rewrites["https://huggingface.co/"] == f"{served.url_base}/huggingface.co/"
    assert served.rewrite("https://DATA.example.org/x") == f"{served.url_base}/data.example.org/x"
    assert served.rewrite("https://elsewhere.org/x") == "https://elsewhere.org/x"


def test_head_reports_size_and_type(served: StandIns, client: httpx.Client) -> None:
    response = client.head(served.rewrite("https://data.example.org/corpus/shard-0.jsonl.gz"))

    assert response.status_code == 200
    assert response.headers["Content-Length"] == str(BIG)
    assert response.headers["Content-Type"] == "application/gzip"
    assert response.headers["Accept-Ranges"] == "bytes"


def test_get_streams_deterministic_filler(served: StandIns, client: httpx.Client) -> None:
    url = served.rewrite("https://data.example.org/corpus/shard-0.jsonl.gz")
    with client.stream("GET", url) as response:
        total = sum(len(chunk) for chunk in response.iter_bytes())

    assert total == BIG
    assert (
        client.get(url, headers={"Range": "bytes=0-15"}).content
        == client.get(url, headers={"Range": "bytes=0-15"}).content
    )


@pytest.mark.parametrize(
    ("range_header", "content_range", "length"),
    [
        ("bytes=0-99", "bytes 0-99/5000000", 100),
        ("bytes=4999990-", "bytes 4999990-4999999/5000000", 10),
        ("bytes=-20", "bytes 4999980-4999999/5000000", 20),
        ("bytes=100-99999999", "bytes 100-4999999/5000000", BIG - 100),
    ],
)
def test_ranges(
    served: StandIns, client: httpx.Client, range_header: str, content_range: str, length: int
) -> None:
    url = served.rewrite("https://data.example.org/corpus/shard-0.jsonl.gz")
    response = client.get(url, headers={"Range": range_header})

    assert response.status_code == 206
    assert response.headers["Content-Range"] == content_range
    assert len(response.content) == length


def test_range_slices_agree_with_the_whole_body(served: StandIns, client: httpx.Client) -> None:
    url = served.rewrite("https://data.example.org/corpus/shard-0.jsonl.gz")
    whole = client.get(url, headers={"Range": "bytes=65000-66000"}).content
    parts = (
        client.get(url, headers={"Range": "bytes=65000-65535"}).content
        + client.get(url, headers={"Range": "bytes=65536-66000"}).content
    )

    assert whole == parts


def test_unsatisfiable_range(served: StandIns, client: httpx.Client) -> None:
    response = client.get(
        served.rewrite("https://data.example.org/corpus/shard-0.jsonl.gz"),
        headers={"Range": f"bytes={BIG}-"},
    )

    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{BIG}"


def test_inline_content_and_trailing_slashes(served: StandIns, client: httpx.Client) -> None:
    response = client.get(served.rewrite("https://huggingface.co/bigscience-data"))

    assert response.status_code == 200
    assert "roots" in response.text
    assert response.headers["Content-Type"] == "text/html"


def test_declared_status(served: StandIns, client: httpx.Client) -> None:
    assert client.head(served.rewrite("https://data.example.org/removed")).status_code == 404


def test_redirect_location_is_sent_verbatim(served: StandIns, client: httpx.Client) -> None:
    response = client.get(served.rewrite("https://data.example.org/moved"), follow_redirects=False)

    assert response.status_code == 302
    assert response.headers["Location"] == "http://10.0.0.7/internal"


def test_query_strings_are_part_of_the_address(served: StandIns, client: httpx.Client) -> None:
    assert client.get(served.rewrite("https://data.example.org/get?id=7")).content.__len__() == 3
    assert client.get(served.rewrite("https://data.example.org/get?id=8")).status_code == 404


@pytest.mark.parametrize(
    ("public", "status"),
    [
        ("https://github.com/org/code", 200),
        ("https://github.com/org/code.git", 200),
        ("https://huggingface.co/org/model", 200),
        ("https://huggingface.co/datasets/org/secret", 404),  # private repos have no public page
        ("https://huggingface.co/org/unknown", 404),
        ("https://data.example.org/nothing-here", 404),
    ],
)
def test_pages_of_known_repos(
    served: StandIns, client: httpx.Client, public: str, status: int
) -> None:
    for base in (served.url_base, served.git_base):  # both web servers run the same app
        url = served.rewrite(public).replace(served.url_base, base).replace(served.git_base, base)
        assert client.get(url).status_code == status


def test_only_get_and_head(served: StandIns, client: httpx.Client) -> None:
    assert client.post(served.rewrite("https://data.example.org/removed")).status_code == 405
