"""Red-team cases: open-washing a lab might really publish, each found once as a false verdict.

Every row was written with the truth first and failed against the checkers before its
rule was added (the before/after of each is in the commit that added the rule). Controls
beside them are the honest releases each rule must leave open. Same stand-ins and real
clients as the other open-washing tables (`support.py`).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from registry.model import Verdict
from registry.ports import Clients
from tests.integration.checks.open_washing.support import (
    CONFIG,
    LOOP,
    Case,
    case_id,
    check_case,
    code_at,
    data_at,
    git_repo,
    hub_dataset,
    hub_model,
    serve,
    weights_at,
)
from tests.unit.registry.checks.checks_fakes import MIT_TEXT

OPEN, RESTRICTED, ABSENT = Verdict.OPEN, Verdict.RESTRICTED, Verdict.ABSENT
UNVERIFIED = Verdict.UNVERIFIED
GIT = "https://github.com/redteam"
APACHE = {"license": "apache-2.0"}
CC_BY = {"license": "cc-by-4.0"}


SEVEN_B = 6_738_415_616  # Llama 2 7B's count: what a 7B name promises


def st(path: str, parameters: int = 1_000_000) -> dict[str, Any]:
    header = {"parameters": parameters, "dtype": "BF16", "tensor_count": 4}
    return {"path": path, "format": "safetensors", "header": header}


def gguf(path: str) -> dict[str, Any]:
    header = {"parameters": {"Q4_K": SEVEN_B, "F32": 4096}, "tensor_count": 8}
    return {"path": path, "format": "gguf", "header": header}


def text(path: str, content: str) -> dict[str, Any]:
    return {"path": path, "content": content}


def weights_case(name: str, truth: Verdict, repo_id: str, files: list[dict], *says: str,
                 **fields: Any) -> Case:  # fmt: skip
    manifest = hub_model(repo_id, files, **fields)
    return Case(name, weights_at(repo_id), truth, {f"{repo_id}.yml": manifest}, says)


def data_case(name: str, truth: Verdict, files: list[dict], *says: str, **fields: Any) -> Case:
    repo_id = "redteam/" + name.replace(" ", "-")
    fields.setdefault("card_data", CC_BY)
    fields.setdefault("tags", ["license:cc-by-4.0"])
    fields.setdefault("card_text", "# Corpus\n")
    manifest = hub_dataset(repo_id, files, **fields)
    return Case(name, data_at(repo_id), truth, {f"{repo_id}.yml": manifest}, says)


def code_case(name: str, truth: Verdict, files: list[dict], *says: str,
              entrypoint: str | None = None) -> Case:  # fmt: skip
    url = f"{GIT}/{name.replace(' ', '-')}"
    manifest = git_repo(url, files)
    return Case(name, code_at(url, entrypoint), truth, {f"{name}.yml": manifest}, says)


STUB_TODO = "import torch\nimport yaml\n\n\ndef main():\n    # TODO: release the training loop\n    pass\n\n\nif __name__ == '__main__':\n    main()\n"
STUB_RAISE = '"""Training entrypoint for OW-7B."""\n\ndef train(config):\n    raise NotImplementedError("coming soon")\n'
STUB_PRINT = "import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--config')\nargs = parser.parse_args()\n"
LFS_PY = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\nsize 48213\n"
)
README_TRAIN = "# OW-7B\n\n## Training\n\n```bash\npython train.py --config configs/7b.yaml\n```\n"
GPTQ_CONFIG = json.dumps({"architectures": ["LlamaForCausalLM"],
                          "quantization_config": {"quant_method": "gptq", "bits": 4}})  # fmt: skip
LAION_FEATURES = {"dataset_info": {"features": [
    {"name": "SAMPLE_ID", "dtype": "int64"}, {"name": "URL", "dtype": "string"},
    {"name": "TEXT", "dtype": "string"}, {"name": "HEIGHT", "dtype": "int32"},
    {"name": "WIDTH", "dtype": "int32"}, {"name": "LICENSE", "dtype": "string"},
    {"name": "NSFW", "dtype": "string"}, {"name": "similarity", "dtype": "float64"}]}}  # fmt: skip
FINEWEB_FEATURES = {"dataset_info": {"features": [
    {"name": "text", "dtype": "string"}, {"name": "id", "dtype": "string"},
    {"name": "dump", "dtype": "string"}, {"name": "url", "dtype": "string"},
    {"name": "language_score", "dtype": "float64"}]}}  # fmt: skip
IMAGE_FEATURES = {"dataset_info": {"features": [
    {"name": "image", "dtype": "image"}, {"name": "url", "dtype": "string"},
    {"name": "caption", "dtype": "string"}, {"name": "width", "dtype": "int32"}]}}  # fmt: skip
URL_LINES = "".join(f"https://images.example.org/{n:06d}.jpg\n" for n in range(40))


def parquet(n: int, size: int = 250_000_000) -> list[dict[str, Any]]:
    return [{"path": f"data/part-{i:05d}.parquet", "size": size} for i in range(n)]


CASES: list[Case] = [
    # 1. Someone else's re-upload (GGUF quants, GPTQ) named as the lab's own weights.
    weights_case("third-party gguf re-upload", RESTRICTED, "quantfolk/OW-7B-GGUF",
                 [gguf("ow-7b.Q4_K_M.gguf")], "Doubt:", "quantfolk", "redteam/OW-7B",
                 tags=["license:apache-2.0", "gguf", "base_model:redteam/OW-7B"],
                 card_data={**APACHE, "base_model": "redteam/OW-7B", "quantized_by": "quantfolk"},
                 card_text="# OW-7B GGUF\n\nGGUF quants of redteam/OW-7B.\n"),
    weights_case("third-party gptq re-upload", RESTRICTED, "quantfolk/OW-7B-GPTQ",
                 [st("model.safetensors", SEVEN_B), text("config.json", GPTQ_CONFIG)],
                 "Doubt:", "quantised", "redteam/OW-7B",
                 card_data={**APACHE, "base_model": ["redteam/OW-7B"]}),
    weights_case("the lab's own gguf", OPEN, "redteam/OW-7B-GGUF", [gguf("ow-7b.Q4_K_M.gguf")],
                 "GGUF header", tags=["license:apache-2.0", "gguf"],
                 card_data={**APACHE, "base_model": "redteam/OW-7B", "quantized_by": "redteam"}),
    weights_case("a fine-tune of another org's base", OPEN, "redteam/OW-7B-Chat",
                 [st("model.safetensors", SEVEN_B)], "6.74 B parameters",
                 card_data={**APACHE, "base_model": "otherlab/Base-7B",
                            "base_model_relation": "finetune"}),
    # 2. An empty licence file beside a permissive tag.
    weights_case("empty licence file", RESTRICTED, "redteam/empty-licence",
                 [st("model.safetensors"), text("LICENSE", "")], "LICENSE", "empty"),
    weights_case("whitespace licence file", RESTRICTED, "redteam/blank-licence",
                 [st("model.safetensors"), text("LICENSE", "\n  \n\t\n")], "LICENSE", "empty"),
    data_case("empty licence beside data", RESTRICTED, [*parquet(2), text("LICENSE", " \n")],
              "LICENSE", "empty"),
    code_case("empty-licence-beside-readme-mit", RESTRICTED,
              [text("LICENSE", ""), text("README.md", README_TRAIN + "\n## License\n\nMIT\n"),
               text("train.py", LOOP), text("configs/7b.yaml", CONFIG)], "LICENSE", "empty"),
    # 3. A train.py that is only a name.
    code_case("stub-train-todo-with-config", ABSENT,
              [text("LICENSE", MIT_TEXT), text("train.py", STUB_TODO), text("configs/7b.yaml", CONFIG)],
              "train.py", "stub"),
    code_case("stub-train-raise-with-readme", ABSENT,
              [text("LICENSE", MIT_TEXT), text("README.md", README_TRAIN),
               text("train.py", STUB_RAISE), text("configs/7b.yaml", CONFIG)],
              "train.py", "NotImplementedError"),
    code_case("stub-train-parses-arguments-only", ABSENT,
              [text("LICENSE", MIT_TEXT), text("train.py", STUB_PRINT), text("configs/7b.yaml", CONFIG)],
              "train.py", "stub"),
    code_case("declared-entrypoint-is-a-stub", ABSENT,
              [text("LICENSE", MIT_TEXT), text("scripts/pretrain.py", STUB_RAISE)],
              "scripts/pretrain.py", "stub", entrypoint="scripts/pretrain.py"),
    code_case("real-train-beside-a-stub", OPEN,
              [text("LICENSE", MIT_TEXT), text("train.py", LOOP), text("train_rlhf_later.py", STUB_TODO),
               text("configs/7b.yaml", CONFIG)], "training loop or trainer API (train.py)"),
    # 4. URL-only datasets: the rows link to the items, the items are not here.
    data_case("laion style url and caption parquet", RESTRICTED, parquet(4),
              "Doubt:", "URL", "WIDTH", card_data={**CC_BY, **LAION_FEATURES}),
    data_case("url and caption csv", RESTRICTED,
              [text("data/train.csv", "url,caption,width,height\n"
                    + "".join(f"https://img.example.org/{n}.jpg,a photo of a cat,512,512\n" for n in range(30)))],
              "Doubt:", "data/train.csv", "url"),
    data_case("fineweb style text with its url", OPEN, parquet(4), "Found 4 data file(s)",
              card_data={**CC_BY, **FINEWEB_FEATURES}),
    data_case("images with their urls", OPEN, parquet(4), "Found 4 data file(s)",
              card_data={**CC_BY, **IMAGE_FEATURES}),
    # Probes.
    weights_case("onnx graph without its external data", ABSENT, "redteam/ow-7b-onnx",
                 [{"path": "onnx/model.onnx", "format": "onnx", "size": 3_000_000,
                   "header": {"metadata": {"external_data": "model.onnx_data"}}}],
                 "onnx/model.onnx", "external data", "model.onnx_data"),
    weights_case("onnx graph with its external data", OPEN, "redteam/ow-7b-onnx-whole",
                 [{"path": "onnx/model.onnx", "format": "onnx", "size": 3_000_000,
                   "header": {"metadata": {"external_data": "model.onnx_data"}}},
                  {"path": "onnx/model.onnx_data", "size": 14_000_000_000}], "ONNX"),
    data_case("only a urls txt", RESTRICTED, [text("urls.txt", URL_LINES)], "Doubt:", "urls.txt"),
    data_case("card claims 15T tokens over 50 MB", RESTRICTED,
              [{"path": "data/train-00000.parquet", "size": 50_000_000}], "Doubt:", "15T tokens",
              card_text="# OW Corpus\n\nOW Corpus holds 15T tokens of deduplicated web text.\n"),
    data_case("card claims 2B tokens over 8 GB", OPEN, parquet(2, 4_000_000_000),
              "Found 2 data file(s)",
              card_text="# OW Corpus\n\nOW Corpus holds 2B tokens of deduplicated web text.\n"),
    code_case("training-code-in-a-zip", UNVERIFIED,
              [text("LICENSE", MIT_TEXT),
               text("README.md", "# OW-7B\n\n## Training\n\nThe training code is in training_code.zip.\n"),
               {"path": "training_code.zip", "size": 2_000_000}],
              "training_code.zip", "archive"),
    code_case("train-py-is-an-lfs-pointer", UNVERIFIED,
              [text("LICENSE", MIT_TEXT), text("train.py", LFS_PY), text("configs/7b.yaml", CONFIG),
               text(".gitattributes", "*.py filter=lfs diff=lfs merge=lfs -text\n")],
              "train.py", "Git LFS"),
    code_case("training-in-a-submodule-on-a-private-host", UNVERIFIED,
              [text("LICENSE", MIT_TEXT),
               text(".gitmodules", '[submodule "trainer"]\n\tpath = trainer\n'
                    "\turl = https://git.ow-internal.example/ml/trainer.git\n"),
               text("README.md", "# OW-7B\n\nTraining code lives in the trainer submodule.\n")],
              "The submodule trainer", "git.ow-internal.example", "absence is not shown"),
    # Second round of probes.
    weights_case("delta weights over another model", RESTRICTED, "redteam/ow-chat-delta",
                 [st("model.safetensors")], "Doubt:", "delta",
                 card_text="# OW-13B (delta)\n\nThese are delta weights: add them to the original "
                           "LLaMA-13B weights to obtain OW-13B. We cannot release the full weights.\n"),
    weights_case("xor weights", RESTRICTED, "redteam/ow-chat-xor", [st("model.safetensors")],
                 "Doubt:", "XOR",
                 card_text="# OW-30B XOR\n\nThe weights are XOR-encoded against LLaMA-30B; decode "
                           "them with xor_codec.py and your own copy of LLaMA.\n"),
    weights_case("weights in a split archive", UNVERIFIED, "redteam/ow-split",
                 [{"path": "model.tar.gz.part-aa", "size": 4_000_000_000},
                  {"path": "model.tar.gz.part-ab", "size": 3_000_000_000}],
                 "model.tar.gz.part-aa", "archive"),
    weights_case("toy weights under a 7b name", RESTRICTED, "redteam/OW-7B",
                 [st("model.safetensors", parameters=1_000_000)], "Doubt:", "7B", "1.00 M"),
    weights_case("a 125m name with its weights", OPEN, "redteam/ow-125m",
                 [st("model.safetensors", parameters=124_400_000)], "124.40 M parameters"),
    code_case("stub-train-raises-systemexit", ABSENT,
              [text("LICENSE", MIT_TEXT),
               text("train.py", 'import sys\n\nraise SystemExit("Training code is proprietary.")\n'),
               text("configs/7b.yaml", CONFIG)], "train.py", "stub"),
    code_case("stub-train-loop-in-a-string", ABSENT,
              [text("LICENSE", MIT_TEXT),
               text("train.py", '"""Pseudo-code of our loop:\n    loss.backward()\n    optimizer.step()\n"""\n'),
               text("configs/7b.yaml", CONFIG)], "train.py", "stub"),
    data_case("placeholder parquet", ABSENT,
              [text("data/train-00000.parquet", "coming soon\n")], "data/train-00000.parquet"),
    data_case("only a sample folder", RESTRICTED,
              [{"path": "sample/train-00000.parquet", "size": 5_000_000},
               {"path": "sample/train-00001.parquet", "size": 5_000_000}], "Doubt:", "sample"),
    data_case("full data beside its sample folder", OPEN,
              [*parquet(2), {"path": "sample/train-00000.parquet", "size": 5_000_000}],
              "Found 3 data file(s)"),
]  # fmt: skip


@pytest.fixture(scope="module")
def clients(standins_module_factory) -> Clients:
    return serve(standins_module_factory, CASES)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_redteam_case(clients: Clients, case: Case) -> None:
    check_case(clients, case)
