"""The weights checker's rules, one test each, on an in-memory Hub."""

from __future__ import annotations

import json

import pytest

from registry.checks.weights import WeightsChecker, is_weight_file
from registry.model import FailureKind, LicenceClass, Verdict
from tests.unit.registry.checks.checks_fakes import HUB, NOW, SHA, FakeHub, fake_clients, model

README_GEMMA = """---
license: cc-by-sa-4.0
---
# Helium 1

As a model distilled from Gemma 2, Helium 1 is subject to the Gemma Terms of Use.
"""
LLAMA_LICENSE = "LLAMA 2 COMMUNITY LICENSE AGREEMENT\nLlama 2 Version Release Date: July 18, 2023\n"


def check(hub: FakeHub, repo_id: str = "lab/m", declared: str | None = None):
    return WeightsChecker().run(model(repo_id, declared), fake_clients(hub=hub), NOW)


def open_hub(files=None, **options) -> FakeHub:
    hub = FakeHub()
    files = files if files is not None else {"model.safetensors": 1000, "config.json": "{}"}
    hub.add("model", "lab/m", files, **({"tags": ("license:apache-2.0",)} | options))
    return hub


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("model.safetensors", True),
        ("model-00001-of-00004.safetensors", True),
        ("pytorch_model.bin", True),
        ("sub/dir/weights.pt", True),
        ("consolidated.00.pth", True),
        ("last.ckpt", True),
        ("model-q4_k_m.gguf", True),
        ("model.onnx", True),
        ("flax_model.msgpack", True),
        ("t5x/checkpoint.npz", True),
        ("tf_model.h5", True),
        ("training_args.bin", False),
        ("optimizer.pt", False),
        ("rng_state_3.pth", False),
        ("config.json", False),
        ("model.safetensors.index.json", False),
        ("README.md", False),
    ],
)
def test_weight_file_patterns(path: str, expected: bool) -> None:
    assert is_weight_file(path) is expected


def test_open_weights_with_full_evidence() -> None:
    result = check(open_hub())
    assert result.verdict is Verdict.OPEN
    evidence = result.evidence
    assert evidence is not None
    assert (evidence.checker_id, evidence.checker_version) == ("weights", "1.1.0")
    assert (evidence.endpoint, evidence.locator, evidence.revision) == (HUB, "lab/m", SHA)
    assert [f.path for f in evidence.files] == ["model.safetensors"]
    assert evidence.total_size == 1000
    assert evidence.checked_at == NOW
    assert evidence.licences[0].source == "Hub tag"
    assert evidence.facts["gated"] is False
    assert evidence.facts["files_listed"] == 2
    assert any("1 weight file" in r for r in result.reasons)


def test_no_weight_files_is_absent() -> None:
    result = check(open_hub({"README.md": "# card", "config.json": "{}"}))
    assert result.verdict is Verdict.ABSENT
    assert result.failure is None
    assert "holds weights" in result.reasons[0]


def test_no_weights_in_a_listing_cut_at_the_cap_is_unverified_never_absent() -> None:
    # Found by bench/memory: weights sorted after 100,000 shards were past the cap.
    hub = open_hub({"a/1.parquet": 1, "a/2.parquet": 1, "weights/model.safetensors": 1000})
    hub.max_files = 2
    result = check(hub)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is FailureKind.REFUSED
    assert "cap" in result.reasons[0]
    assert result.evidence is not None and result.evidence.facts["listing_truncated"] is True


def test_weights_seen_before_the_cap_still_conclude() -> None:
    hub = open_hub({"model.safetensors": 1000, "z/1.parquet": 1, "z/2.parquet": 1})
    hub.max_files = 2
    assert check(hub).verdict is Verdict.OPEN


def test_trainer_state_alone_is_not_weights() -> None:
    result = check(open_hub({"training_args.bin": 5000, "trainer_state.json": "{}"}))
    assert result.verdict is Verdict.ABSENT


def test_gated_weights_are_restricted_even_under_an_open_licence() -> None:
    result = check(open_hub(gate="manual"))
    assert result.verdict is Verdict.RESTRICTED
    assert any("gated" in r for r in result.reasons)
    assert result.evidence is not None and result.evidence.facts["gate_mode"] == "manual"


@pytest.mark.parametrize("state", ["disabled", "private"])
def test_disabled_or_private_repository_is_absent(state: str) -> None:
    result = check(open_hub(**{state: True}))
    assert result.verdict is Verdict.ABSENT
    assert state in result.reasons[0]


def test_sharded_index_with_a_missing_shard_is_reported() -> None:
    index = {"weight_map": {"a": "model-1-of-2.safetensors", "b": "model-2-of-2.safetensors"}}
    files = {"model.safetensors.index.json": json.dumps(index), "model-1-of-2.safetensors": 10}
    result = check(open_hub(files))
    assert any("model-2-of-2.safetensors" in r and "missing" in r for r in result.reasons)
    assert result.evidence is not None
    (fact,) = result.evidence.facts["sharded_indexes"]
    assert fact["missing"] == ("model-2-of-2.safetensors",)


def test_complete_sharded_index_resolves() -> None:
    index = {"weight_map": {"a": "m-1.safetensors", "b": "m-2.safetensors"}}
    files = {
        "model.safetensors.index.json": json.dumps(index),
        "m-1.safetensors": 10,
        "m-2.safetensors": 12,
    }
    result = check(open_hub(files))
    assert result.verdict is Verdict.OPEN
    assert result.evidence is not None and result.evidence.total_size == 22
    assert result.evidence.facts["sharded_indexes"][0]["missing"] == ()


def test_unreadable_index_is_reported_not_failed() -> None:
    files = {"pytorch_model.bin.index.json": "{not json", "pytorch_model-1.bin": 3}
    result = check(open_hub(files))
    assert result.verdict is Verdict.OPEN
    assert any("could not be read" in r for r in result.reasons)


def test_card_other_with_licence_name_is_read() -> None:
    hub = FakeHub()
    card = {"license": "other", "license_name": "qwen", "license_link": "LICENSE"}
    hub.add("model", "lab/m", {"model.safetensors": 1}, card_data=card)
    result = check(hub)
    assert result.verdict is Verdict.RESTRICTED
    assert result.evidence is not None
    assert result.evidence.licences[0].expression == "qwen"


def test_licence_file_text_is_detected() -> None:
    hub = FakeHub()
    hub.add("model", "lab/m", {"model.safetensors": 1, "LICENSE": LLAMA_LICENSE})
    result = check(hub)
    assert result.verdict is Verdict.RESTRICTED
    assert result.evidence is not None
    finding = result.evidence.licences[0]
    assert (finding.expression, finding.source) == ("llama2", "LICENSE file (text)")


def test_card_text_terms_override_an_open_tag_and_the_disagreement_is_explained() -> None:
    hub = FakeHub()
    files = {"model.safetensors": 1, "README.md": README_GEMMA}
    hub.add("model", "lab/m", files, tags=("license:cc-by-sa-4.0",))
    result = check(hub)
    assert result.verdict is Verdict.RESTRICTED
    assert any("disagree" in r for r in result.reasons)
    assert result.evidence is not None
    sources = {f.source: f.licence_class for f in result.evidence.licences}
    assert sources == {"Hub tag": LicenceClass.OPEN, "card text": LicenceClass.RESTRICTED}


def test_no_licence_anywhere_is_restricted() -> None:
    hub = FakeHub()
    hub.add("model", "lab/m", {"model.safetensors": 1})
    result = check(hub)
    assert result.verdict is Verdict.RESTRICTED
    assert any("No licence" in r for r in result.reasons)


def test_gated_card_that_cannot_be_read_is_noted() -> None:
    files = {"model.safetensors": 1, "README.md": "# card", "LICENSE": "text"}
    result = check(open_hub(files, gate="auto"))
    assert result.verdict is Verdict.RESTRICTED
    assert any("without accepting the gate" in r for r in result.reasons)


def test_declared_licence_that_no_source_states_is_noted() -> None:
    result = check(open_hub(), declared="mit")
    assert any("declares MIT" in r for r in result.reasons)


@pytest.mark.parametrize(
    "kind", [FailureKind.TIMEOUT, FailureKind.NOT_FOUND, FailureKind.SERVER_ERROR]
)
@pytest.mark.parametrize("call", ["repo_info", "list_files"])
def test_adapter_failure_is_unverified_never_absent(call: str, kind: FailureKind) -> None:
    hub = open_hub()
    hub.fail(call, "lab/m", kind)
    result = check(hub)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is kind
    assert result.evidence is not None and result.evidence.checker_id == "weights"


def test_failure_reading_the_index_is_unverified() -> None:
    hub = open_hub({"model.safetensors.index.json": "{}", "m.safetensors": 1})
    hub.fail("read_text", "lab/m", FailureKind.TIMEOUT)
    assert check(hub).verdict is Verdict.UNVERIFIED
