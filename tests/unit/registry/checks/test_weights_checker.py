"""The weights checker's rules, one test each, on an in-memory Hub holding real header bytes."""

from __future__ import annotations

import json

import pytest

from registry.checks.weights import WeightsChecker, is_weight_file
from registry.checks.weights.names import (
    expected_formats,
    index_target,
    intermediate_folder,
    is_extensionless_shard,
)
from registry.checks.weights.reading import MAX_HEADER_READS, SET_SAMPLE, sample
from registry.model import FailureKind, LicenceClass, Verdict
from registry.ports import HubFile
from standins.weight_files import build_layout
from standins.weight_specs import parse_weight_decl
from tests.unit.registry.checks.checks_fakes import HUB, NOW, SHA, FakeHub, fake_clients, model

README_GEMMA = """---
license: cc-by-sa-4.0
---
# Helium 1

As a model distilled from Gemma 2, Helium 1 is subject to the Gemma Terms of Use.
"""
LLAMA_LICENSE = "LLAMA 2 COMMUNITY LICENSE AGREEMENT\nLlama 2 Version Release Date: July 18, 2023\n"


def weights(fmt: str = "safetensors", size: int | None = None, **header: object) -> bytes:
    """Return a weight file's bytes as the stand-in writes them (1,000 BF16 parameters)."""
    entry: dict[str, object] = {"format": fmt}
    if header or size is None:
        entry["header"] = header or {"parameters": 1000, "dtype": "BF16"}
    if size is not None:
        entry["size"] = size
    layout = build_layout(parse_weight_decl(entry))
    return b"".join(layout.read("unit", 0, layout.size))


SAFETENSORS = weights()


def check(hub: FakeHub, repo_id: str = "lab/m", declared: str | None = None):
    return WeightsChecker().run(model(repo_id, declared), fake_clients(hub=hub), NOW)


def open_hub(files=None, **options) -> FakeHub:
    hub = FakeHub()
    files = files if files is not None else {"model.safetensors": SAFETENSORS, "config.json": "{}"}
    hub.add("model", "lab/m", files, **({"tags": ("license:apache-2.0",)} | options))
    return hub


def index(*shards: str, name: str = "model.safetensors.index.json") -> dict[str, str]:
    return {name: json.dumps({"weight_map": {f"t{n}": s for n, s in enumerate(shards)}})}


def says(result, *words: str) -> bool:
    return any(all(w in reason for w in words) for reason in result.reasons)


# -- names nominate candidates ------------------------------------------------------------


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
        ("params.pkl", True),
        ("training_args.bin", False),
        ("optimizer.pt", False),
        ("rng_state_3.pth", False),
        ("global_step10/zero_pp_rank_0_mp_rank_00_optim_states.pt", False),
        ("config.json", False),
        ("model.safetensors.index.json", False),
        ("README.md", False),
    ],
)
def test_weight_file_names(path: str, expected: bool) -> None:
    assert is_weight_file(path) is expected


@pytest.mark.parametrize(
    ("path", "formats"),
    [
        ("model.safetensors", {"safetensors"}),
        ("pytorch_model.bin", {"torch-zip", "torch-legacy", "ggml", "gguf", "ctranslate2"}),
        ("tf_model.h5", {"hdf5"}),
        ("ckpt-0/tensor00000_000", {"safetensors", "gguf", "torch-zip", "torch-legacy",
                                    "numpy-pickle", "npy", "npz", "msgpack"}),
    ],
)  # fmt: skip
def test_a_name_promises_formats(path: str, formats: set[str]) -> None:
    assert {f.value for f in expected_formats(path)} == formats


@pytest.mark.parametrize(
    ("path", "size", "expected"),
    [
        ("ckpt-0/tensor00000_000", 50_000_000, True),
        ("ckpt-0/tensor00000_000", None, True),
        ("ckpt-0/tensor00000_000", 1000, False),  # too small to be a shard
        ("LICENSE", 50_000_000, False),
        ("checkpoint", 50_000_000, False),
        (".gitattributes", 50_000_000, False),
        ("notes.txt", 50_000_000, False),
    ],
)
def test_extensionless_shard_candidates(path: str, size: int | None, expected: bool) -> None:
    assert is_extensionless_shard(HubFile(path, size)) is expected


@pytest.mark.parametrize(
    ("path", "folder"),
    [
        ("global_step1000/model.safetensors", "global_step1000/"),
        ("checkpoints/step5000/model.safetensors", "checkpoints/step5000/"),
        ("intermediate/stage1/model.bin", "intermediate/"),
        ("out/checkpoint-500/pytorch_model.bin", "out/checkpoint-500/"),
        ("iter_0001000/mp_rank_00/model_optim_rng.pt", "iter_0001000/"),
        ("model.safetensors", None),
        ("checkpoint_1000000/target.decoder.kernel/0.0", None),  # T5X's final checkpoint
        ("ckpt-0/tensor00000_000", None),
        ("original/consolidated.00.pth", None),
    ],
)
def test_intermediate_checkpoint_folders(path: str, folder: str | None) -> None:
    assert intermediate_folder(path) == folder


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("model.safetensors.index.json", "model.safetensors"),
        ("pytorch_model.bin.index.json", "pytorch_model.bin"),
        ("model.safetensors.index.fp32.json", "model.safetensors"),
        ("tokenizer.index.json", None),
    ],
)
def test_shard_index_names(path: str, target: str | None) -> None:
    assert index_target(path) == target


def test_sampling_reads_first_last_and_smallest() -> None:
    files = tuple(HubFile(f"s{n:03d}", 5_000_000_000) for n in range(100))
    files = files[:41] + (HubFile("s041", 1),) + files[42:]
    picked = [f.path for f in sample(files)]
    assert len(picked) == SET_SAMPLE
    assert {"s000", "s099", "s041"} <= set(picked)


# -- verdicts ------------------------------------------------------------------------------


def test_open_weights_with_header_evidence() -> None:
    result = check(open_hub())
    assert result.verdict is Verdict.OPEN
    evidence = result.evidence
    assert evidence is not None
    assert (evidence.checker_id, evidence.checker_version) == ("weights", WeightsChecker.version)
    assert (evidence.endpoint, evidence.locator, evidence.revision) == (HUB, "lab/m", SHA)
    assert [f.path for f in evidence.files] == ["model.safetensors"]
    assert evidence.facts["parameters"] == {"BF16": 1000}
    assert evidence.facts["weights_format"] == "safetensors"
    assert evidence.facts["header_reads"] == 1
    assert evidence.facts["files_listed"] == 2
    assert says(result, "1.00 K parameters in BF16, from 1 safetensors header")


def test_no_weight_files_is_absent() -> None:
    result = check(open_hub({"README.md": "# card", "config.json": "{}"}))
    assert result.verdict is Verdict.ABSENT
    assert result.failure is None
    assert "holds weights" in result.reasons[0]


def test_no_weights_in_a_listing_cut_at_the_cap_is_unverified_never_absent() -> None:
    hub = open_hub({"a/1.parquet": 1, "a/2.parquet": 1, "weights/model.safetensors": SAFETENSORS})
    hub.max_files = 2
    result = check(hub)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is FailureKind.REFUSED
    assert "cap" in result.reasons[0]


def test_weights_seen_before_the_cap_still_conclude() -> None:
    hub = open_hub({"model.safetensors": SAFETENSORS, "z/1.parquet": 1, "z/2.parquet": 1})
    hub.max_files = 2
    assert check(hub).verdict is Verdict.OPEN


def test_trainer_state_alone_is_not_weights() -> None:
    result = check(open_hub({"training_args.bin": 5000, "trainer_state.json": "{}"}))
    assert result.verdict is Verdict.ABSENT


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ({"model.safetensors": b"\x00"}, "only 1 byte"),
        ({"model.safetensors": 9_000_000}, "not a safetensors file"),
        ({"pytorch_model.bin": b"<!DOCTYPE html><html>502 Bad Gateway</html>"}, "HTML page"),
        ({"model.safetensors": "This file will hold the weights once training ends.\n"}, "text"),
        ({"model.safetensors": weights("gguf", parameters={"F16": 64})}, "GGUF, not safetensors"),
        ({"model.safetensors": SAFETENSORS[:40]}, "truncated inside its safetensors header"),
        ({"model.safetensors": SAFETENSORS[: len(SAFETENSORS) // 2]}, "truncated"),
        ({"pytorch_model.bin": weights("pickle", data={"vocab": {"a": 1}})}, "no tensors"),
    ],
)
def test_bytes_that_are_not_what_the_name_says_are_not_weights(files: dict, words: str) -> None:
    result = check(open_hub(files))
    assert result.verdict is Verdict.ABSENT, result.reasons
    assert says(result, "is not weights", words), result.reasons


def test_gated_weights_are_judged_by_name_and_restricted() -> None:
    result = check(open_hub(gate="manual", safetensors={"BF16": 7_241_732_096}))
    assert result.verdict is Verdict.RESTRICTED
    assert says(result, "gated: contents not readable")
    assert says(result, "7.24 B parameters in BF16")  # the Hub's own count, shown anyway
    assert not says(result, "malformed")
    assert result.evidence is not None and result.evidence.facts["gate_mode"] == "manual"


@pytest.mark.parametrize("state", ["disabled", "private"])
def test_disabled_or_private_repository_is_absent(state: str) -> None:
    result = check(open_hub(**{state: True}))
    assert result.verdict is Verdict.ABSENT
    assert state in result.reasons[0]


def test_missing_shards_make_the_set_incomplete_and_the_pillar_absent() -> None:
    shards = [f"model-0000{n}-of-00004.safetensors" for n in range(1, 5)]
    files = index(*shards) | {shards[0]: SAFETENSORS, shards[1]: SAFETENSORS}
    result = check(open_hub(files))
    assert result.verdict is Verdict.ABSENT
    assert says(result, "2 of the 4 shards listed in model.safetensors.index.json are missing",
                shards[2], shards[3])  # fmt: skip
    assert result.evidence is not None
    (fact,) = result.evidence.facts["sharded_indexes"]
    assert fact["missing"] == tuple(shards[2:])


def test_another_complete_set_keeps_the_weights_published() -> None:
    safet = ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]
    torch = weights("torch-zip", parameters=500, dtype="F16")
    files = index(*safet) | {safet[0]: SAFETENSORS} | {"pytorch_model.bin": torch}
    result = check(open_hub(files))
    assert result.verdict is Verdict.OPEN
    assert says(result, "500 parameters in F16, from 1 PyTorch (zip) header")
    assert says(result, "1 of the 2 shards listed", "missing", safet[1])


def test_complete_sharded_index_adds_up_its_headers() -> None:
    shards = ["m-1.safetensors", "m-2.safetensors"]
    files = index(*shards) | dict.fromkeys(shards, SAFETENSORS)
    result = check(open_hub(files))
    assert result.verdict is Verdict.OPEN
    assert says(result, "2.00 K parameters in BF16, from 2 safetensors headers",
                "the 2 shards listed in model.safetensors.index.json, all present")  # fmt: skip


def test_numbered_shards_without_an_index_are_held_to_their_numbers() -> None:
    files = {"model-00001-of-00003.safetensors": SAFETENSORS,
             "model-00003-of-00003.safetensors": SAFETENSORS}  # fmt: skip
    result = check(open_hub(files))
    assert result.verdict is Verdict.ABSENT
    assert says(result, "1 of the 3 shards named model-NNNNN-of-00003.safetensors are missing",
                "model-00002-of-00003.safetensors")  # fmt: skip


def test_an_index_that_is_not_a_weight_map_leaves_its_shards_to_their_names() -> None:
    files = {"model.safetensors.index.json": "{not json", "model-1-of-1.safetensors": SAFETENSORS}
    result = check(open_hub(files))
    assert result.verdict is Verdict.OPEN
    assert says(result, "could not be read as a JSON weight_map")


def test_a_placeholder_among_many_shards_is_found_by_sampling_the_smallest() -> None:
    names = [f"model-{n:05d}-of-00040.safetensors" for n in range(1, 41)]
    files = dict.fromkeys(names, SAFETENSORS) | {names[22]: b"\x00"}
    result = check(open_hub(files))
    assert result.verdict is Verdict.ABSENT
    assert says(result, names[22], "only 1 byte")


def test_a_large_set_is_sampled_and_the_hub_count_is_quoted() -> None:
    names = [f"model-{n:05d}-of-00040.safetensors" for n in range(1, 41)]
    hub = open_hub(dict.fromkeys(names, SAFETENSORS), safetensors={"BF16": 40_000})
    result = check(hub)
    assert result.verdict is Verdict.OPEN
    assert says(result, f"Sampled {SET_SAMPLE} of the 40 files", f"at most {MAX_HEADER_READS}")
    assert says(result, "40.00 K parameters in BF16 by the Hub's safetensors count",
                f"{SET_SAMPLE} of 40 safetensors headers read, all valid")  # fmt: skip
    assert result.evidence is not None and result.evidence.facts["header_reads"] == SET_SAMPLE
    assert result.evidence.facts["parameters"] == {"BF16": 40_000}


def test_a_sampled_set_shorter_than_the_hub_count_needs_is_incomplete() -> None:
    names = [f"model-{n:05d}-of-00040.safetensors" for n in range(1, 41)]
    hub = open_hub(dict.fromkeys(names, SAFETENSORS), safetensors={"BF16": 10_000_000})
    result = check(hub)
    assert result.verdict is Verdict.ABSENT
    assert says(result, "shorter than their headers say")


def test_sets_left_unread_at_the_header_cap_are_unverified_not_absent() -> None:
    files = {f"part{n:03d}.pt": 5000 for n in range(MAX_HEADER_READS + 5)}
    result = check(open_hub(files))
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is FailureKind.REFUSED
    assert "header-read cap" in result.reasons[0]


def test_evidence_describes_a_bounded_number_of_sets() -> None:
    files = {f"part{n:03d}.pt": SAFETENSORS for n in range(120)} | {"model.safetensors": SAFETENSORS}
    result = check(open_hub(files))
    assert result.verdict is Verdict.OPEN
    assert result.evidence is not None
    assert len(result.evidence.facts["weight_sets"]) == 50
    assert result.evidence.facts["weight_sets_omitted"] == 71


def test_weights_only_under_intermediate_folders_are_doubted() -> None:
    result = check(open_hub({"global_step500/model.safetensors": SAFETENSORS}))
    assert result.verdict is Verdict.RESTRICTED
    assert says(result, "Doubt:", "global_step500/", "intermediate-checkpoint folder")


def test_final_weights_beside_intermediate_ones_are_not_doubted() -> None:
    files = {"global_step500/model.safetensors": SAFETENSORS, "model.safetensors": SAFETENSORS}
    result = check(open_hub(files))
    assert result.verdict is Verdict.OPEN


def test_a_pickle_that_runs_code_on_load_is_doubted() -> None:
    clean = weights("torch-legacy", parameters=100, dtype="F32")
    start, end = clean.index(b"\x80\x02}"), clean.index(b"uu.") + 3
    evil = clean[:start] + b"\x80\x02cos\nsystem\nX\x04\x00\x00\x00trueR." + clean[end:]
    result = check(open_hub({"pytorch_model.bin": evil}))
    assert result.verdict is Verdict.RESTRICTED
    assert says(result, "Doubt:", "os.system")


def test_extensionless_numpy_shards_are_weights_and_filler_is_not() -> None:
    shard = weights("numpy-pickle", tensors=[{"name": "w", "dtype": "F32", "shape": [512, 1024]}])
    real = {f"ckpt-0/tensor{n:05d}_000": shard for n in range(3)}
    assert check(open_hub(real)).verdict is Verdict.OPEN
    filler = {f"ckpt-0/tensor{n:05d}_000": 2_097_152 for n in range(3)}
    result = check(open_hub(filler))
    assert result.verdict is Verdict.ABSENT
    assert says(result, "match no weights format")


def zarr_files(chunks: int, compressor: object = None) -> dict[str, str | bytes]:
    meta = {"zarr_format": 2, "shape": [4, 8], "chunks": [2, 8], "dtype": "<f4",
            "compressor": compressor, "fill_value": 0, "order": "C", "filters": None}  # fmt: skip
    files: dict[str, str | bytes] = {}
    for name in ("target.encoder.kernel", "target.decoder.kernel"):
        files[f"checkpoint_1000/{name}/.zarray"] = json.dumps(meta)
        files |= {f"checkpoint_1000/{name}/{n}.0": bytes(64) for n in range(chunks)}
    return files


def test_zarr_arrays_with_every_chunk_are_weights() -> None:
    result = check(open_hub(zarr_files(chunks=2)))
    assert result.verdict is Verdict.OPEN
    assert says(result, "64 parameters in F32", "zarr")


def test_zarr_arrays_missing_chunks_are_not() -> None:
    result = check(open_hub(zarr_files(chunks=1)))
    assert result.verdict is Verdict.ABSENT
    assert says(result, "1 of its 2 chunks")


# -- licences (unchanged rules, real bytes) ------------------------------------------------


def test_card_other_with_licence_name_is_read() -> None:
    hub = FakeHub()
    card = {"license": "other", "license_name": "qwen", "license_link": "LICENSE"}
    hub.add("model", "lab/m", {"model.safetensors": SAFETENSORS}, card_data=card)
    result = check(hub)
    assert result.verdict is Verdict.RESTRICTED
    assert result.evidence is not None
    assert result.evidence.licences[0].expression == "qwen"


def test_licence_file_text_is_detected() -> None:
    hub = FakeHub()
    hub.add("model", "lab/m", {"model.safetensors": SAFETENSORS, "LICENSE": LLAMA_LICENSE})
    result = check(hub)
    assert result.verdict is Verdict.RESTRICTED
    assert result.evidence is not None
    finding = result.evidence.licences[0]
    assert (finding.expression, finding.source) == ("llama2", "LICENSE file (text)")


def test_card_text_terms_override_an_open_tag_and_the_disagreement_is_explained() -> None:
    hub = FakeHub()
    files = {"model.safetensors": SAFETENSORS, "README.md": README_GEMMA}
    hub.add("model", "lab/m", files, tags=("license:cc-by-sa-4.0",))
    result = check(hub)
    assert result.verdict is Verdict.RESTRICTED
    assert says(result, "disagree")
    assert result.evidence is not None
    sources = {f.source: f.licence_class for f in result.evidence.licences}
    assert sources == {"Hub tag": LicenceClass.OPEN, "card text": LicenceClass.RESTRICTED}


def test_no_licence_anywhere_is_restricted() -> None:
    hub = FakeHub()
    hub.add("model", "lab/m", {"model.safetensors": SAFETENSORS})
    result = check(hub)
    assert result.verdict is Verdict.RESTRICTED
    assert says(result, "No licence")


def test_gated_card_that_cannot_be_read_is_noted() -> None:
    files = {"model.safetensors": SAFETENSORS, "README.md": "# card", "LICENSE": "text"}
    result = check(open_hub(files, gate="auto"))
    assert result.verdict is Verdict.RESTRICTED
    assert says(result, "without accepting the gate")


def test_declared_licence_that_no_source_states_is_noted() -> None:
    result = check(open_hub(), declared="mit")
    assert says(result, "declares MIT")


# -- failures ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind", [FailureKind.TIMEOUT, FailureKind.NOT_FOUND, FailureKind.SERVER_ERROR]
)
@pytest.mark.parametrize("call", ["repo_info", "list_files", "safetensors_header"])
def test_adapter_failure_is_unverified_never_absent(call: str, kind: FailureKind) -> None:
    hub = open_hub()
    hub.fail(call, "lab/m", kind)
    result = check(hub)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None and result.failure.kind is kind
    assert result.evidence is not None and result.evidence.checker_id == "weights"


def test_failure_reading_a_header_is_unverified() -> None:
    hub = open_hub({"pytorch_model.bin": weights("torch-zip", parameters=10, dtype="F32")})
    hub.fail("read_range", "lab/m", FailureKind.TIMEOUT)
    assert check(hub).verdict is Verdict.UNVERIFIED


def test_failure_reading_the_index_is_unverified() -> None:
    hub = open_hub({"model.safetensors.index.json": "{}", "m.safetensors": SAFETENSORS})
    hub.fail("read_text", "lab/m", FailureKind.TIMEOUT)
    assert check(hub).verdict is Verdict.UNVERIFIED
