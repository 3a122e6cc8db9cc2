"""The lab-sweep rule: which repositories of an organisation are one release."""

from __future__ import annotations

import pytest

from registry.discovery.variants import Repo, group_releases, release_key

KEYS = [
    ("lab/Tiny-7B", "tiny-7b"),
    ("lab/Tiny-7B-Instruct", "tiny-7b"),
    ("lab/Tiny-7B-base", "tiny-7b"),
    ("lab/Tiny-7B-chat", "tiny-7b"),
    ("lab/Tiny-7B-GGUF", "tiny-7b"),
    ("lab/Tiny-7B-Instruct-AWQ", "tiny-7b"),
    ("lab/Tiny-7B-GPTQ-Int4", "tiny-7b"),
    ("lab/Tiny-7B-FP8", "tiny-7b"),
    ("meta-llama/Llama-2-7b-chat-hf", "llama-2-7b"),
    ("mistralai/Mistral-7B-Instruct-v0.1", "mistral-7b-v0.1"),
    ("x/Model-Q4_K_M-GGUF", "model"),
    ("kyutai/moshiko-pytorch-bf16", "moshiko"),
    ("kyutai/moshiko-mlx-q4", "moshiko"),
    ("x/Model-Q8_0-GGUF", "model"),  # what follows a format token is the copy's detail
    ("01-ai/Yi-6B-Chat-4bits", "yi-6b"),
    ("google/gemma-3n-E2B-it", "gemma-3n-e2b"),  # "it" after a size is the tuning stage
    ("LLM360/AmberChat", "amber"),  # a stage glued on in CamelCase
    ("lab/Tiny-7B-RLHF", "tiny-7b"),  # RLHF is a tuning stage, as PPO and DPO are
    # Different releases stay apart: a new size, a dated version, another model.
    ("lab/Tiny-13B", "tiny-13b"),
    ("allenai/OLMo-7B-0424-hf", "olmo-7b-0424"),
    ("lab/Kit-base-model", "kit-model"),
    ("Helsinki-NLP/opus-mt-en-it", "opus-mt-en-it"),  # no size: "it" is Italian
    ("lab/ggml-model", "ggml-model"),  # a format named first is the model's own name
    ("LLM360/K2-Think", "k2-think"),  # a thinking model is not a stage of K2
]


@pytest.mark.parametrize(("repo_id", "key"), KEYS)
def test_release_key(repo_id: str, key: str) -> None:
    assert release_key(repo_id) == key


def test_groups_pick_the_plain_repository_as_the_release() -> None:
    groups = group_releases([
        Repo("lab/Tiny-7B-GGUF", "2024-03-01"), Repo("lab/Tiny-7B-Instruct", "2024-02-01"),
        Repo("lab/Tiny-7B", "2024-01-01"), Repo("lab/Other", "2023-01-01"),
    ])

    assert [(g.main.repo_id, [v.repo_id for v in g.variants]) for g in groups] == [
        ("lab/Other", []),
        ("lab/Tiny-7B", ["lab/Tiny-7B-Instruct", "lab/Tiny-7B-GGUF"]),
    ]
