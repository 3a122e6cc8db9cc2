"""Weights held to the size their repository's name claims (OW-7B, opt-125m)."""

from __future__ import annotations

import pytest

from registry.checks.weights import sentences
from registry.checks.weights.name_size import named_size, smaller_than_named


@pytest.mark.parametrize(
    ("repo_id", "named"),
    [
        ("lab/OW-7B", ("7B", 7 * 10**9)),
        ("facebook/opt-125m", ("125m", 125 * 10**6)),
        ("Qwen/Qwen2.5-0.5B-Instruct", ("0.5B", 5 * 10**8)),
        ("mistralai/Mixtral-8x7B-v0.1", ("8x7B", 7 * 10**9)),  # held to one expert's 7B
        ("01-ai/Yi-1.5-9B", ("9B", 9 * 10**9)),
        ("allenai/OLMo-2-1124-7B", ("7B", 7 * 10**9)),
        ("Qwen/Qwen1.5-MoE-A2.7B", None),  # active parameters, not the model's size
        ("microsoft/Phi-3-mini-4k-instruct", None),  # a context length
        ("openai-community/gpt2", None),
        ("google/t5-v1_1-xl", None),
        # An underscore between digits may be a decimal point: the smaller reading is the claim.
        ("stabilityai/stablelm-2-1_6b", ("1_6b", 16 * 10**8)),
        ("stabilityai/stablelm-2-zephyr-1_6b", ("1_6b", 16 * 10**8)),
        ("lab/llama_2_7b", ("2_7b", 27 * 10**8)),
        ("TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T", ("1.1B", 11 * 10**8)),
    ],
)
def test_named_sizes(repo_id: str, named: tuple[str, int] | None) -> None:
    assert named_size(repo_id) == named


@pytest.mark.parametrize(
    ("repo_id", "parameters", "short"),
    [
        ("lab/OW-7B", {"BF16": 1_000_000}, True),
        ("lab/OW-7B", {"BF16": 6_738_415_616}, False),
        ("Qwen/Qwen2.5-0.5B", {"BF16": 494_032_768}, False),
        ("google/gemma-2b", {"BF16": 2_506_172_416}, False),
        ("lab/OW-7B-GGUF", {"Q4_K": 6_000_000_000, "F32": 1_000_000}, False),  # elements counted
        # Packed integer quantisation holds several parameters per element: never held.
        ("lab/OW-7B-GPTQ", {"I32": 800_000_000, "F16": 200_000_000}, False),
        ("lab/OW-7B-bnb-4bit", {"U8": 3_500_000_000, "BF16": 300_000_000}, False),
        ("lab/no-size-in-name", {"BF16": 1000}, False),
        # 1.64 B under "1_6b" (StableLM 2 1.6B), not under half of a 6 B read from "6b".
        ("stabilityai/stablelm-2-1_6b", {"F16": 1_644_515_328}, False),
        ("stabilityai/stablelm-2-1_6b", {"F16": 1_000_000}, True),
        ("lab/OW-7B", {}, False),
    ],
)
def test_weights_under_half_the_named_size(
    repo_id: str, parameters: dict[str, int], short: bool
) -> None:
    sentence = smaller_than_named(repo_id, parameters)
    assert (sentence is not None) is short
    if sentence:
        assert repo_id in sentence and "under half" in sentence


@pytest.mark.parametrize(
    ("counts", "says_elements"),
    [
        ({"BF16": 1_804_461_120, "U8": 10_152_345_600}, True),  # gpt-oss-20b's MXFP4 experts
        ({"I32": 800_000_000, "F16": 200_000_000}, True),  # GPTQ
        ({"BF16": 7_241_732_096}, False),
        ({"Q4_K": 7_615_616_512, "F32": 1_000_000}, False),  # GGUF counts parameters
        ({"U8": 1_000_000}, False),  # nothing beside it says it is quantised
    ],
)
def test_packed_counts_say_they_are_elements(counts: dict[str, int], says_elements: bool) -> None:
    assert ("counted as elements" in sentences.parameters(counts)) is says_elements
