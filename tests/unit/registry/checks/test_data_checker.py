"""The data checker's rules for Hub datasets and plain URLs, on in-memory fakes."""

from __future__ import annotations

import pytest

from registry.checks.data import DataChecker, is_data_file
from registry.model import FailureKind, Verdict
from registry.ports import AdapterError, ProbeReply, RedirectHop
from tests.unit.registry.checks.checks_fakes import (
    HUB,
    NOW,
    SHA,
    FakeHub,
    FakeProbe,
    data_url,
    dataset,
    fake_clients,
)

URL = "https://data.example/corpus.tar.gz"


def check_dataset(hub: FakeHub, repo_id: str = "lab/d"):
    return DataChecker().run(dataset(repo_id), fake_clients(hub=hub), NOW)


def check_url(probe: FakeProbe, url: str = URL):
    return DataChecker().run(data_url(url), fake_clients(http=probe), NOW)


def hub_with(files, **options) -> FakeHub:
    hub = FakeHub()
    hub.add("dataset", "lab/d", files, **({"tags": ("license:odc-by",)} | options))
    return hub


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("data/train-00000-of-00010.parquet", True),
        ("shards/part-0001.jsonl.zst", True),
        ("x.jsonl.gz", True),
        ("x.json.gz", True),
        ("data.arrow", True),
        ("a.csv", True),
        ("b.tsv", True),
        ("corpus.txt.gz", True),
        ("web-000.tar", True),
        ("dump.zst", True),
        ("README.md", False),
        (".gitattributes", False),
        ("dataset_infos.json", False),
        ("requirements.txt", False),
        ("LICENSE.txt", False),
        ("loader.py", False),
    ],
)
def test_data_file_patterns(path: str, expected: bool) -> None:
    assert is_data_file(path) is expected


def test_open_dataset_counts_files_and_sizes() -> None:
    result = check_dataset(hub_with({"a.parquet": 100, "b.parquet": 50, "README.md": "# card"}))
    assert result.verdict is Verdict.OPEN
    evidence = result.evidence
    assert evidence is not None
    assert (evidence.endpoint, evidence.revision, evidence.total_size) == (HUB, SHA, 150)
    assert evidence.facts["data_file_count"] == 2
    assert "2 data file(s)" in result.reasons[0]


def test_card_only_dataset_is_absent() -> None:
    result = check_dataset(hub_with({"README.md": "# card", ".gitattributes": "*"}))
    assert result.verdict is Verdict.ABSENT
    assert "only a dataset card" in result.reasons[0]


def test_loading_script_pointing_elsewhere_is_not_data() -> None:
    result = check_dataset(hub_with({"README.md": "# card", "the_pile.py": "URL = 'https://x'"}))
    assert result.verdict is Verdict.ABSENT
    assert "loading script (the_pile.py)" in result.reasons[0]


def test_gated_dataset_is_restricted() -> None:
    result = check_dataset(hub_with({"a.parquet": 1}, gate="auto"))
    assert result.verdict is Verdict.RESTRICTED


def test_dataset_under_other_is_restricted() -> None:
    result = check_dataset(hub_with({"a.jsonl": 1}, tags=("license:other",)))
    assert result.verdict is Verdict.RESTRICTED


def test_dataset_failure_is_unverified() -> None:
    hub = hub_with({"a.parquet": 1})
    hub.fail("list_files", "lab/d", FailureKind.SERVER_ERROR)
    result = check_dataset(hub)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is FailureKind.SERVER_ERROR


def reply(**overrides) -> ProbeReply:
    values = dict(
        url=URL, contacted=URL, final_url=URL, status=200, content_type="application/gzip", size=99
    )
    return ProbeReply(**(values | overrides))


def test_reachable_url_without_licence_is_at_best_restricted() -> None:
    result = check_url(FakeProbe({URL: reply()}))
    assert result.verdict is Verdict.RESTRICTED
    assert any("bare URL" in r for r in result.reasons)
    assert result.evidence is not None
    assert result.evidence.facts["status"] == 200
    assert result.evidence.total_size == 99


def test_url_with_a_licence_link_can_be_open() -> None:
    link = "https://creativecommons.org/licenses/by/4.0/"
    result = check_url(FakeProbe({URL: reply(licence_link=link)}))
    assert result.verdict is Verdict.OPEN
    assert result.evidence is not None
    assert result.evidence.licences[0].expression == "CC-BY-4.0"


def test_url_redirects_are_recorded() -> None:
    hops = (RedirectHop("https://cdn.example/c.tar.gz", 302),)
    probe = FakeProbe({URL: reply(redirects=hops, final_url="https://cdn.example/c.tar.gz")})
    result = check_url(probe)
    assert result.evidence is not None
    assert result.evidence.facts["redirects"] == ("302 -> https://cdn.example/c.tar.gz",)
    assert "1 checked redirect" in result.reasons[0]


def test_html_landing_page_is_noted() -> None:
    result = check_url(FakeProbe({URL: reply(content_type="text/html")}))
    assert any("landing page" in r for r in result.reasons)


@pytest.mark.parametrize("kind", [FailureKind.REFUSED, FailureKind.TIMEOUT, FailureKind.NOT_FOUND])
def test_url_failure_is_unverified(kind: FailureKind) -> None:
    result = check_url(FakeProbe({URL: AdapterError(kind, "no")}))
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is kind


def test_unexpected_status_is_unverified() -> None:
    result = check_url(FakeProbe({URL: reply(status=304)}))
    assert result.verdict is Verdict.UNVERIFIED


def test_no_data_in_a_listing_cut_at_the_cap_is_unverified_never_absent() -> None:
    hub = hub_with({"README.md": "card", "aaa.py": "x", "data/train.parquet": 10})
    hub.max_files = 2
    result = check_dataset(hub)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is FailureKind.REFUSED
    assert "cap" in result.failure.message
