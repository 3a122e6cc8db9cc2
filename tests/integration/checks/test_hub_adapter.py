"""The real Hub adapter (huggingface_hub) against the loopback Hub stand-in."""

from __future__ import annotations

import pytest

from registry.adapters.hub import HubAdapter
from registry.model import FailureKind
from registry.ports import AdapterError
from standins import synthetic_hub_manifest
from tests.integration.checks.standin_support import (
    HUB_MANIFESTS,
    STALL_TIMEOUT_S,
    hub_repo,
    loopback_settings,
)

BIG = "lab/ten-thousand"
# Files whose bytes the ranged reads and the safetensors parser see.
BYTES = hub_repo(
    "model", "lab/bytes",
    [{"path": "model.safetensors", "format": "safetensors",
      "header": {"parameters": {"BF16": 300, "F32": 2}, "tensor_count": 3}},
     {"path": "filler.safetensors", "size": 5000},
     {"path": "notes.safetensors", "content": "not weights at all\n"},
     {"path": "empty.safetensors", "content": ""}],
)  # fmt: skip


@pytest.fixture(scope="module")
def standins(standins_module_factory):
    big = synthetic_hub_manifest(BIG, file_count=10_000, kind="dataset")
    return standins_module_factory({**HUB_MANIFESTS, "bytes.yml": BYTES}, extra=[big])


@pytest.fixture(scope="module")
def hub(standins) -> HubAdapter:
    return HubAdapter(loopback_settings(standins))


@pytest.fixture(scope="module")
def impatient_hub(standins) -> HubAdapter:
    # Only for the stalled repo (30 s): a short timeout there is the behaviour under test.
    # Every other test keeps the loopback timeouts, so a loaded machine cannot fail them.
    return HubAdapter(loopback_settings(standins, hub_timeout_s=STALL_TIMEOUT_S))


def test_repo_info_reads_sha_gate_tags_and_card(hub: HubAdapter, standins) -> None:
    info = hub.repo_info("model", "lab/gated")
    assert info.endpoint == standins.hub_endpoint
    assert info.sha is not None and len(info.sha) == 40
    assert (info.gated, info.gate_mode, info.private, info.disabled) == (
        True,
        "manual",
        False,
        False,
    )
    assert "license:apache-2.0" in info.tags
    assert info.card_data["license"] == "apache-2.0"


def test_listing_has_sizes(hub: HubAdapter) -> None:
    listing = hub.list_files("model", "lab/open", None)
    sizes = {f.path: f.size for f in listing.files}
    assert sizes["model.safetensors"] == 1000
    assert "README.md" in sizes
    assert listing.truncated is False


def test_ten_thousand_files_are_listed_page_by_page(hub: HubAdapter) -> None:
    info = hub.repo_info("dataset", BIG)
    listing = hub.list_files("dataset", BIG, info.sha)
    assert len(listing.files) == 10_002  # the shards, config.json and the card
    assert listing.pages == 11
    assert len({f.path for f in listing.files}) == 10_002


def test_the_file_cap_truncates_the_listing(standins) -> None:
    capped = HubAdapter(loopback_settings(standins, max_files=1500))
    listing = capped.list_files("dataset", BIG, None)
    assert (len(listing.files), listing.truncated, listing.pages) == (1500, True, 2)


def test_read_text_is_capped(hub: HubAdapter) -> None:
    text = hub.read_text("model", "lab/disagree", "LICENSE", None, 20)
    assert text == "LLAMA 2 COMMUNITY LI"


def test_gated_file_read_is_gated(hub: HubAdapter) -> None:
    with pytest.raises(AdapterError) as error:
        hub.read_text("model", "lab/gated", "model.safetensors", None, 1000)
    assert error.value.kind is FailureKind.GATED


def test_gated_repo_card_is_readable(hub: HubAdapter) -> None:
    # The Hub serves a gated repo's README to anyone, so its card can be read before asking.
    assert hub.read_text("model", "lab/gated", "README.md", None, 1000) is not None


@pytest.mark.parametrize(
    ("repo_id", "kind"),
    [
        ("lab/missing", FailureKind.NOT_FOUND),
        ("lab/private", FailureKind.NOT_FOUND),  # anonymous users see a private repo as absent
        ("lab/broken", FailureKind.SERVER_ERROR),
        ("lab/malformed", FailureKind.MALFORMED_REPLY),
    ],
)
def test_repo_info_failures_map_to_failure_kinds(
    hub: HubAdapter, repo_id: str, kind: FailureKind
) -> None:
    with pytest.raises(AdapterError) as error:
        hub.repo_info("model", repo_id)
    assert error.value.kind is kind


@pytest.mark.parametrize(
    ("repo_id", "kind"),
    [
        ("lab/broken", FailureKind.SERVER_ERROR),  # no five-fold retry with backoff
        ("lab/malformed", FailureKind.MALFORMED_REPLY),
        ("lab/missing", FailureKind.NOT_FOUND),
    ],
)
def test_listing_failures_are_immediate(hub: HubAdapter, repo_id: str, kind: FailureKind) -> None:
    with pytest.raises(AdapterError) as error:
        hub.list_files("model", repo_id, None)
    assert error.value.kind is kind


def test_disabled_repository_is_a_fact_not_a_failure(hub: HubAdapter) -> None:
    info = hub.repo_info("model", "lab/disabled")
    assert info.disabled is True


def test_unknown_revision_is_not_found(hub: HubAdapter) -> None:
    with pytest.raises(AdapterError) as error:
        hub.list_files("model", "lab/open", "no-such-branch")
    assert error.value.kind is FailureKind.NOT_FOUND


@pytest.mark.parametrize("repo_id", ["lab/../api/whoami", "lab/x?y=1", "a/b/c", "", "-lab/x"])
def test_repo_ids_that_could_reach_other_endpoints_are_refused(
    hub: HubAdapter, repo_id: str
) -> None:
    for call in (
        lambda: hub.repo_info("model", repo_id),
        lambda: hub.list_files("model", repo_id, None),
        lambda: hub.read_text("model", repo_id, "README.md", None, 10),
        lambda: hub.read_range("model", repo_id, "model.safetensors", None, 0, 10),
        lambda: hub.safetensors_header("model", repo_id, "model.safetensors", None),
    ):
        with pytest.raises(AdapterError) as error:
            call()
        assert error.value.kind is FailureKind.REFUSED


def test_safetensors_header_is_read_by_huggingface_hub(hub: HubAdapter) -> None:
    header = hub.safetensors_header("model", "lab/bytes", "model.safetensors", None)
    assert header.problem is None
    assert sorted(t.dtype for t in header.tensors) == ["BF16", "BF16", "F32"]
    assert sum(t.data_offsets[1] - t.data_offsets[0] for t in header.tensors) == 300 * 2 + 2 * 4


@pytest.mark.parametrize(
    ("path", "words"),
    [("filler.safetensors", "too big"), ("notes.safetensors", "too big"),
     ("empty.safetensors", "empty")],
)  # fmt: skip
def test_bytes_that_are_not_safetensors_are_a_fact_not_a_failure(
    hub: HubAdapter, path: str, words: str
) -> None:
    header = hub.safetensors_header("model", "lab/bytes", path, None)
    assert header.tensors == () and header.problem is not None and words in header.problem


def test_model_info_carries_the_hubs_safetensors_count(hub: HubAdapter) -> None:
    summary = hub.repo_info("model", "lab/bytes").safetensors
    assert summary is not None and (dict(summary.parameters), summary.total) == (
        {"BF16": 300, "F32": 2}, 302,
    )


def test_read_range_reads_through_the_cdn_redirect(hub: HubAdapter) -> None:
    whole = hub.read_range("model", "lab/bytes", "filler.safetensors", None, 0, 5000)
    part = hub.read_range("model", "lab/bytes", "filler.safetensors", None, 100, 50)
    assert len(whole) == 5000 and part == whole[100:150]
    assert hub.read_range("model", "lab/bytes", "filler.safetensors", None, 4990, 100) == whole[4990:]


def test_read_range_past_the_end_or_of_an_empty_file_is_empty(hub: HubAdapter) -> None:
    assert hub.read_range("model", "lab/bytes", "filler.safetensors", None, 9000, 10) == b""
    assert hub.read_range("model", "lab/bytes", "empty.safetensors", None, 0, 10) == b""


@pytest.mark.parametrize(
    ("repo_id", "kind"),
    [("lab/gated", FailureKind.GATED), ("lab/broken", FailureKind.SERVER_ERROR),
     ("lab/missing", FailureKind.NOT_FOUND)],
)  # fmt: skip
def test_header_reads_map_failures_like_every_call(
    hub: HubAdapter, repo_id: str, kind: FailureKind
) -> None:
    for call in (
        lambda: hub.read_range("model", repo_id, "model.safetensors", None, 0, 100),
        lambda: hub.safetensors_header("model", repo_id, "model.safetensors", None),
    ):
        with pytest.raises(AdapterError) as error:
            call()
        assert error.value.kind is kind


def test_a_stalled_hub_times_out_on_every_call(impatient_hub: HubAdapter) -> None:
    for call in (
        lambda: impatient_hub.repo_info("model", "lab/slow"),
        lambda: impatient_hub.list_files("model", "lab/slow", None),
        lambda: impatient_hub.read_range("model", "lab/slow", "model.safetensors", None, 0, 100),
        lambda: impatient_hub.safetensors_header("model", "lab/slow", "model.safetensors", None),
    ):
        with pytest.raises(AdapterError) as error:
            call()
        assert error.value.kind is FailureKind.TIMEOUT
