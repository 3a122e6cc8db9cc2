"""Hub paper pages: the stand-in answers `HfApi.paper_info` as the Hub does, and so does the
adapter (registry/adapters/hub/ `paper`). No seeded paper page is in the packaged snapshots
(none of the public record was read for one), so these tests load their own manifest."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from huggingface_hub import HfApi
from huggingface_hub.errors import HfHubHTTPError

import standins
from registry.adapters.hub import HubAdapter
from registry.adapters.settings import AdapterSettings
from registry.model import FailureKind
from registry.ports import AdapterError
from standins.loader import parse_manifest

PAPER = {
    "kind": "paper", "snapshot": True, "arxiv_id": "2401.00001", "title": "A test paper",
    "source": "https://example.org/a-test-fixture (read 2026-12-03)",
    "github_repo": "https://github.com/example-org/example-train",
    "published_at": "2024-01-02T00:00:00.000Z",
}


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with standins.start(manifests=[parse_manifest(PAPER)]) as stand_ins:
        yield stand_ins.hub_endpoint.rstrip("/")


def test_the_real_client_reads_the_paper_page(endpoint: str) -> None:
    paper = HfApi(endpoint=endpoint, token=False).paper_info("2401.00001")

    assert (paper.id, paper.title) == ("2401.00001", "A test paper")
    assert paper.github_repo == "https://github.com/example-org/example-train"
    assert paper.project_page is None
    assert paper.published_at is not None and paper.published_at.year == 2024


def test_a_paper_the_hub_has_not_indexed_is_a_404(endpoint: str) -> None:
    with pytest.raises(HfHubHTTPError) as missing:
        HfApi(endpoint=endpoint, token=False).paper_info("2401.00002")

    assert missing.value.response.status_code == 404


def test_the_adapter_reads_the_github_link_and_maps_a_missing_paper(endpoint: str) -> None:
    hub = HubAdapter(AdapterSettings(hub_endpoint=endpoint, allowed_hosts=frozenset({"127.0.0.1"})))

    page = hub.paper("2401.00001")
    assert (page.arxiv_id, page.github_repo) == (
        "2401.00001", "https://github.com/example-org/example-train")
    with pytest.raises(AdapterError) as missing:
        hub.paper("2401.00002")
    assert missing.value.kind is FailureKind.NOT_FOUND
    with pytest.raises(AdapterError) as refused:
        hub.paper("../models/x")
    assert refused.value.kind is FailureKind.REFUSED
