"""The Hub listing with `expand`, as huggingface_hub asks for it and as our revision probe reads it.

The stand-in answers `/api/models?author=...&expand=sha&expand=lastModified` as the Hub
does: `_id`, `id` and exactly the expanded fields per repo, pages linked by an absolute
`Link: <...>; rel="next"` with an opaque cursor. The adapter's `list_revisions` sends the
very requests `HfApi.list_models` sends for the same question.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from huggingface_hub import HfApi

from registry.adapters.hub import HubAdapter
from registry.adapters.settings import AdapterSettings
from standins import HubRepoManifest, load_snapshot
from standins.hub_app import HubApp
from standins.serving import BackgroundServer

OWNER = "listing-org"
PAGE = 2  # a small page, so five repos take three pages


class Recorder:
    """WSGI middleware noting each request's path and query string."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.seen: list[str] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.seen.append(f"{environ['PATH_INFO']}?{environ.get('QUERY_STRING', '')}")
        return self.app(environ, start_response)


def manifests() -> list[HubRepoManifest]:
    repos = [
        HubRepoManifest(kind=kind, id=f"{OWNER}/{kind}-{n}", sha=f"{n:040x}",
                        last_modified="2024-01-02T03:04:05.000Z", files=())
        for kind in ("model", "dataset") for n in range(5)
    ]  # fmt: skip
    other = HubRepoManifest(kind="model", id="someone-else/model-9", sha="9" * 40, files=(),
                            last_modified="2024-01-02T03:04:05.000Z")
    return [*repos, other]


@pytest.fixture
def hub() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder(HubApp(load_snapshot([], extra=manifests()), page_size=PAGE))
    server = BackgroundServer(recorder).start()
    yield server.base_url, recorder
    server.stop()


@pytest.mark.parametrize("repo_type", ["model", "dataset"])
def test_expand_returns_exactly_the_fields_asked_for_in_linked_pages(
    hub: tuple[str, Recorder], repo_type: str
) -> None:
    endpoint, _ = hub
    url = f"{endpoint}/api/{repo_type}s?author={OWNER}&expand=sha&expand=lastModified"
    pages = []
    while url:
        response = httpx.get(url)
        assert response.status_code == 200
        pages.append(response.json())
        url = response.links.get("next", {}).get("url")
        if url:
            assert url.startswith(endpoint)  # absolute, requested exactly as given
            (cursor,) = parse_qs(urlsplit(url).query)["cursor"]
            assert not cursor.isdigit()  # opaque: no client can build one
    assert [len(p) for p in pages] == [2, 2, 1]
    items = [item for page in pages for item in page]
    assert {frozenset(item) for item in items} == {frozenset({"_id", "id", "sha", "lastModified"})}
    assert sorted(i["id"] for i in items) == [f"{OWNER}/{repo_type}-{n}" for n in range(5)]


def test_a_forged_cursor_is_refused(hub: tuple[str, Recorder]) -> None:
    endpoint, _ = hub
    assert httpx.get(f"{endpoint}/api/models?author={OWNER}&cursor=2").status_code == 400


@pytest.mark.parametrize("repo_type", ["model", "dataset"])
def test_the_probe_sends_what_list_models_sends(
    hub: tuple[str, Recorder], repo_type: str
) -> None:
    endpoint, recorder = hub
    api = HfApi(endpoint=endpoint, token=False)
    lister = api.list_models if repo_type == "model" else api.list_datasets
    listed = list(lister(author=OWNER, limit=1000, expand=["sha", "lastModified"]))
    theirs, recorder.seen = recorder.seen, []
    adapter = HubAdapter(AdapterSettings(hub_endpoint=endpoint))
    wanted = frozenset(info.id for info in listed)
    revisions = adapter.list_revisions(repo_type, OWNER, wanted, max_pages=10)  # type: ignore[arg-type]
    assert recorder.seen == theirs  # the same first request, then the same Link URLs
    assert len(theirs) == 3
    assert revisions.shas == {info.id.lower(): info.sha for info in listed}
    assert (revisions.complete, revisions.pages) == (True, 3)


def test_the_probe_stops_paging_once_every_wanted_repo_was_seen(
    hub: tuple[str, Recorder],
) -> None:
    endpoint, recorder = hub
    adapter = HubAdapter(AdapterSettings(hub_endpoint=endpoint))
    first_page = frozenset({f"{OWNER}/model-0"})
    revisions = adapter.list_revisions("model", OWNER, first_page, max_pages=10)
    assert len(recorder.seen) == 1 and revisions.pages == 1
    capped = adapter.list_revisions("model", OWNER, frozenset({f"{OWNER}/model-4"}), max_pages=1)
    assert (capped.complete, f"{OWNER}/model-4" in capped.shas) == (False, False)
