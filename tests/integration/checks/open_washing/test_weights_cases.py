"""Open-washing cases for weights, each a row written with the verdict its truth implies.

Every repository below looks published at a glance (a weights name, an open tag). The truth
column says what a person who downloaded it would find; the real checker, through the real
Hub client against the stand-in, must reach the same verdict. The bar is no false open.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from registry.model import Verdict
from registry.ports import Clients
from registry.verify import check_release
from tests.integration.checks.open_washing.support import (
    Case,
    case_id,
    check_case,
    hub_model,
    serve,
    weights_at,
)

ABSENT, RESTRICTED, OPEN = Verdict.ABSENT, Verdict.RESTRICTED, Verdict.OPEN
LLAMA_7B = json.dumps({"architectures": ["LlamaForCausalLM"], "hidden_size": 4096,
                       "num_hidden_layers": 32, "vocab_size": 32000})  # fmt: skip
LLAMA2 = "LLAMA 2 COMMUNITY LICENSE AGREEMENT\nLlama 2 Version Release Date: July 18, 2023\n"


def st(path: str, parameters: int = 1_000_000, dtype: str = "BF16", **extra: Any) -> dict:
    """A real safetensors file of `parameters` in `dtype`."""
    header = {"parameters": parameters, "dtype": dtype, "tensor_count": 4}
    return {"path": path, "format": "safetensors", "header": header, **extra}


def declared(path: str, fmt: str, **header: Any) -> dict:
    return {"path": path, "format": fmt, "header": header}


def index(name: str, shards: list[str]) -> dict:
    weight_map = {f"layers.{n}.weight": shard for n, shard in enumerate(shards)}
    return {"path": name, "content": json.dumps({"weight_map": weight_map})}


def shards(total: int, stem: str = "model", suffix: str = ".safetensors") -> list[str]:
    return [f"{stem}-{n:05d}-of-{total:05d}{suffix}" for n in range(1, total + 1)]


def case(name: str, truth: Verdict, files: list[dict], *says: str, **fields: Any) -> Case:
    """A case whose repository is lab/<name>, declared as the release's weights."""
    repo_id = "lab/" + name.replace(" ", "-")
    licence = fields.pop("declared", None)
    manifest = hub_model(repo_id, files, **fields)
    return Case(name, weights_at(repo_id, licence), truth, {f"{repo_id}.yml": manifest}, says)


FOUR = shards(4)
FORTY = shards(40)
NUMPY_SHARD = {"tensors": [{"name": "w", "dtype": "F32", "shape": [1024, 512]}]}
TOKENIZER = {"data": {"vocab": {"<s>": 0, "</s>": 1, "hello": 2}, "merges": ["h e", "l l"]}}
LFS_POINTER = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:4d7a2146a6c1cbd5a6d4f8f2f0d77c1b0c4f0e3ce6f5a4d1f0d7e4f1b2a3c4d5\n"
    "size 14483464192\n"
)
ADAPTER_CONFIG = json.dumps({"base_model_name_or_path": "meta-llama/Llama-2-7b-hf",
                             "peft_type": "LORA", "r": 16})  # fmt: skip
ERROR_PAGE = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head></html>\n"
ZARRAY = {"zarr_format": 2, "shape": [64, 128], "chunks": [32, 128], "dtype": "<f4",
          "compressor": None, "fill_value": 0, "order": "C", "filters": None}  # fmt: skip


def zarr_arrays(chunks_per_array: int) -> list[dict]:
    files = []
    for name in ("target.encoder.layers_0.attention.key.kernel", "target.token_embedder.embedding"):
        folder = f"checkpoint_1000000/{name}"
        files.append({"path": f"{folder}/.zarray", "content": json.dumps(ZARRAY)})
        files += [{"path": f"{folder}/{n}.0", "size": 32 * 128 * 4} for n in range(chunks_per_array)]
    return files


CASES: list[Case] = [
    # controls: what the public record of an open release looks like
    case("open single file", OPEN, [st("model.safetensors")],
         "1.00 M parameters in BF16, from 1 safetensors header"),
    case("open gguf", OPEN, [declared("model-Q4_K_M.gguf", "gguf",
                                      parameters={"Q4_K": 1_048_576, "F32": 4096},
                                      tensor_count=8)], "Q4_K", "GGUF header"),
    case("real extensionless jax shards", OPEN,
         [declared(f"ckpt-0/tensor{n:05d}_000", "numpy-pickle", **NUMPY_SHARD)
          for n in range(4)], "pickled NumPy array headers", "extensionless shards"),
    case("t5x zarr checkpoint", OPEN, zarr_arrays(2), "zarr array headers"),
    case("ctranslate2 model bin", OPEN,
         [declared("model.bin", "ctranslate2", parameters=1_000_000, dtype="F16",
                   tensor_count=6, metadata={"spec": "WhisperSpec"})],
         "model.bin: at least", "CTranslate2 header"),
    # placeholders and pretend files
    case("one byte placeholder", ABSENT, [{"path": "model.safetensors", "size": 1}],
         "model.safetensors is not weights", "only 1 byte"),
    case("empty shards", ABSENT, [index("model.safetensors.index.json", FOUR),
                                  *({"path": s, "content": ""} for s in FOUR)],
         "not weights", "empty"),
    case("size only filler", ABSENT, [{"path": "pytorch_model.bin", "size": 14_000_000_000}],
         "pytorch_model.bin is not weights", "no known header"),
    case("lfs pointer committed", ABSENT, [{"path": "model.safetensors", "content": LFS_POINTER}],
         "Git LFS pointer"),
    case("config only", ABSENT,
         [{"path": "config.json", "content": '{"architectures": ["LlamaForCausalLM"]}'},
          {"path": "tokenizer.json", "content": '{"version": "1.0"}'}],
         "None of the repository's", "holds weights",
         card_text="# Lab 7B\n\nWeights: download `model.safetensors` from this repository.\n"),
    # bytes that are not what their names say
    case("text renamed to safetensors", ABSENT,
         [{"path": "model.safetensors", "content": "Weights coming soon. Watch this space!\n" * 3}],
         "model.safetensors is not weights", "text"),
    case("gguf renamed to safetensors", ABSENT,
         [declared("model.safetensors", "gguf", parameters={"F16": 4096})],
         "GGUF, not safetensors as its name says"),
    case("html error page as bin", ABSENT, [{"path": "pytorch_model.bin", "content": ERROR_PAGE}],
         "pytorch_model.bin is not weights", "HTML page"),
    case("tokenizer pickled as weights", ABSENT,
         [declared("pytorch_model.bin", "pickle", **TOKENIZER)],
         "pytorch_model.bin is not weights", "pickle that holds no tensors"),
    case("truncated header", ABSENT, [st("model.safetensors", size=40)],
         "model.safetensors is not weights", "truncated inside its safetensors header"),
    case("truncated data", ABSENT, [st("model.safetensors", size=1_000_000)],
         "model.safetensors is not weights", "truncated"),
    case("trainer state only", ABSENT,
         [declared("training_args.bin", "pickle", data={"learning_rate": 3e-4}),
          declared("optimizer.pt", "torch-zip", parameters=2_000_000, dtype="F32")],
         "None of the repository's"),
    # sets that promise more than they hold
    case("missing shards", ABSENT,
         [index("model.safetensors.index.json", FOUR), st(FOUR[0]), st(FOUR[1])],
         "2 of the 4 shards listed in model.safetensors.index.json are missing", FOUR[2], FOUR[3]),
    case("numbered shards without the middle one", ABSENT,
         [st(s) for s in shards(3) if not s.startswith("model-00002")],
         "1 of the 3 shards named", "model-00002-of-00003.safetensors"),
    case("one placeholder among forty shards", ABSENT,
         [st(s) if n != 17 else {"path": s, "size": 3} for n, s in enumerate(FORTY)],
         FORTY[17], "not weights"),
    case("hub count larger than the files", ABSENT, [st(s, parameters=1000) for s in FORTY],
         "shorter than their headers say",
         extra={"safetensors": {"parameters": {"BF16": 7_000_000_000}, "total": 7_000_000_000}}),
    case("filler extensionless shards", ABSENT,
         [{"path": f"ckpt-0/tensor{n:05d}_000", "size": 2 * 1024 * 1024} for n in range(4)],
         "extensionless shards in ckpt-0/", "not a complete set"),
    case("zarr arrays missing chunks", ABSENT, zarr_arrays(1), "1 of its 2 chunks"),
    case("duplicate set where one is complete", OPEN,
         [index("model.safetensors.index.json", FOUR), st(FOUR[0]), st(FOUR[1]), st(FOUR[2]),
          index("pytorch_model.bin.index.json", shards(2, "pytorch_model", ".bin")),
          *(declared(s, "torch-zip", parameters=2_000_000, dtype="BF16", tensor_count=4)
            for s in shards(2, "pytorch_model", ".bin"))],
         "4.00 M parameters in BF16, from 2 PyTorch (zip) headers"),
    # published, but not openly
    case("only intermediate checkpoints", RESTRICTED,
         [st("checkpoints/step5000/model.safetensors"), st("global_step10000/model.safetensors")],
         "Doubt:", "intermediate-checkpoint folder"),
    case("gated with a permissive tag", RESTRICTED, [st("model.safetensors")],
         "gated: contents not readable", gated="manual",
         tags=["license:apache-2.0", "license:mit"]),
    case("licence tag contradicts the licence file", RESTRICTED,
         [st("model.safetensors"), {"path": "LICENSE", "content": LLAMA2}],
         "disagree", tags=["license:mit"], card_data={"license": "mit"}, declared="mit"),
    case("open tag but the card says research only", RESTRICTED, [st("model.safetensors")],
         "Doubt:", "non-commercial research purposes only",
         card_text="# M\n\nThis model is released for non-commercial research purposes only.\n"),
    case("toy weights beside a 7b config", RESTRICTED,
         [st("model.safetensors", parameters=1_000), {"path": "config.json", "content": LLAMA_7B}],
         "Doubt:", "1.00 K parameters", "input embedding alone"),
    case("a 7b config and 7b of weights", OPEN,
         [st("model.safetensors", parameters=6_738_415_616),
          {"path": "config.json", "content": LLAMA_7B}], "6.74 B parameters"),
    # a patch, not the model
    case("lora adapter only", RESTRICTED,
         [st("adapter_model.safetensors", parameters=4_000_000),
          {"path": "adapter_config.json", "content": ADAPTER_CONFIG}],
         "only weights are adapter weights", "over meta-llama/Llama-2-7b-hf"),
    case("merged model beside its adapter", OPEN,
         [st("model.safetensors"), st("adapter_model.safetensors", parameters=4_000),
          {"path": "adapter_config.json", "content": ADAPTER_CONFIG}], "1.00 M parameters"),
    # licences the card names in other ways
    case("other licence named by license_name", RESTRICTED, [st("model.safetensors")],
         "Llama 3", tags=["license:other"],
         card_data={"license": "other", "license_name": "llama3"}),
    case("openrail tag", RESTRICTED, [st("model.safetensors")], "use restrictions",
         tags=["license:openrail"], card_data={"license": "openrail"}),
    case("no licence anywhere", RESTRICTED, [st("model.safetensors")], "No licence",
         tags=[], card_data={}),
]  # fmt: skip
# Weights packed in an archive: its members are not read, so neither open nor absent.
ARCHIVED = hub_model("lab/weights-in-a-zip", [{"path": "model.zip", "size": 14_000_000_000},
                                              {"path": "config.json", "content": LLAMA_7B}])


@pytest.fixture(scope="module")
def clients(standins_module_factory) -> Clients:
    archived = Case("weights in a zip", weights_at("lab/weights-in-a-zip"), Verdict.UNVERIFIED,
                    {"lab/weights-in-a-zip.yml": ARCHIVED})
    return serve(standins_module_factory, [*CASES, archived])


def test_weights_packed_in_an_archive_are_unverified_not_absent(clients: Clients) -> None:
    (result,) = check_release([weights_at("lab/weights-in-a-zip")], clients)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.failure is not None
    assert "model.zip (14.0 GB) may hold weights packed in an archive" in result.failure.message


def test_the_table_has_at_least_twelve_open_washing_cases() -> None:
    assert sum(1 for c in CASES if c.truth is not OPEN) >= 12


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_weights_case(clients: Clients, case: Case) -> None:
    result = check_case(clients, case)
    assert result.evidence is not None
    assert result.evidence.facts.get("header_reads", 0) <= result.evidence.facts.get(
        "header_read_cap", 32
    )
