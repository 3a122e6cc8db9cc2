"""Third-party copies: a re-upload of another namespace's model, told from the Hub's own fields."""

from __future__ import annotations

import json
from typing import Any

import pytest

from registry.checks.weight_formats import WeightFormat
from registry.checks.weights.derived import same_organisation, third_party_copy
from tests.unit.registry.checks.checks_fakes import FakeHub

GGUF, SAFETENSORS = WeightFormat.GGUF, WeightFormat.SAFETENSORS
GPTQ = json.dumps({"quantization_config": {"quant_method": "gptq", "bits": 4}})


def judge(repo_id: str, fmt: WeightFormat, files: dict[str, Any] | None = None, **fields: Any):
    hub = FakeHub()
    hub.add("model", repo_id, files or {}, **fields)
    info = hub.repo_info("model", repo_id)
    return third_party_copy(hub, info, fmt, set(files or {}))


@pytest.mark.parametrize(
    ("repo_id", "fmt", "fields", "files", "sign"),
    [
        ("quantfolk/OW-7B-GGUF", GGUF,
         {"card_data": {"base_model": "lab/OW-7B", "quantized_by": "quantfolk"}}, None,
         "quantized_by: quantfolk"),
        ("quantfolk/ow-7b", GGUF,
         {"card_data": {"base_model": ["lab/OW-7B"], "base_model_relation": "quantized"}}, None,
         "relation is quantized"),
        # The Hub's derived model-tree tag says the same without a card field.
        ("quantfolk/ow-7b", SAFETENSORS, {"tags": ["base_model:quantized:lab/OW-7B"]}, None,
         "relation is quantized"),
        ("quantfolk/OW-7B-AWQ", SAFETENSORS, {"card_data": {"base_model": "lab/OW-7B"}}, None,
         "its name says AWQ"),
        ("quantfolk/ow-7b-4bit", SAFETENSORS, {"card_data": {"base_model": "lab/OW-7B"}}, None,
         "its name says 4bit"),
        ("quantfolk/ow-7b", SAFETENSORS, {"card_data": {"base_model": "lab/OW-7B"}},
         {"config.json": GPTQ}, "quantization_config (gptq)"),
        # A shared generic first word is no shared organisation.
        ("open-quants/OW-7B-GGUF", GGUF,
         {"card_data": {"base_model": "open-lab/OW-7B", "quantized_by": "open-quants"}}, None,
         "quantized_by: open-quants"),
        ("hf-quants/ow-7b", GGUF, {"tags": ["base_model:quantized:hf-lab/OW-7B"]}, None,
         "relation is quantized"),
        # A legacy id without a namespace is no lab's namespace.
        ("quantfolk/gpt2-GGUF", GGUF, {"card_data": {"base_model": "gpt2"}}, None,
         "its publisher's publication"),
    ],
)  # fmt: skip
def test_a_third_party_copy_names_its_original_and_why(
    repo_id: str, fmt: WeightFormat, fields: dict[str, Any], files: dict[str, Any] | None, sign: str
) -> None:
    copy = third_party_copy_of(repo_id, fmt, fields, files)
    assert copy is not None
    sentence = copy.sentence(repo_id)
    assert sign in sentence and copy.original in sentence and "not this re-upload" in sentence


@pytest.mark.parametrize(
    ("repo_id", "fmt", "fields", "files"),
    [
        # The lab's own quantised release: the base model is in its own namespace.
        ("lab/OW-7B-GGUF", GGUF, {"card_data": {"base_model": "lab/OW-7B", "quantized_by": "lab"}},
         None),
        ("LAB/OW-7B-GGUF", GGUF, {"card_data": {"base_model": "lab/OW-7B"}}, None),
        # A sibling namespace of the same organisation (IBM's GGUFs in ibm-research).
        ("ibm-research/granite-3.2-8b-instruct-GGUF", GGUF,
         {"tags": ["base_model:quantized:ibm-granite/granite-3.2-8b-instruct"]}, None),
        # Work of its own over another org's base: a fine-tune, an adapter, a merge.
        ("lab/OW-7B-Chat", SAFETENSORS,
         {"card_data": {"base_model": "other/Base-7B", "base_model_relation": "finetune"}}, None),
        ("lab/OW-7B-Chat-GGUF", GGUF, {"tags": ["base_model:finetune:other/Base-7B"]}, None),
        ("lab/OW-merge", SAFETENSORS,
         {"card_data": {"base_model": ["a/x", "b/y"], "base_model_relation": "merge"}}, None),
        # A foreign base with nothing that says "copied": a fine-tune that does not say so.
        ("lab/OW-7B-Chat", SAFETENSORS, {"card_data": {"base_model": "other/Base-7B"}}, None),
        # A GGUF file alone is not enough: a lab converts its own fine-tunes too.
        ("lab/ow-chat", GGUF, {"card_data": {"base_model": "other/Base-7B"}}, None),
        # No base model named: nothing to be a copy of.
        ("quantfolk/OW-7B-GGUF", GGUF, {"card_data": {"quantized_by": "quantfolk"}}, None),
        ("quantfolk/ow-7b", SAFETENSORS, {"card_data": {"base_model": "lab/OW-7B"}},
         {"config.json": "{not json"}),
    ],
)  # fmt: skip
def test_the_publisher_s_own_weights_are_no_copy(
    repo_id: str, fmt: WeightFormat, fields: dict[str, Any], files: dict[str, Any] | None
) -> None:
    assert third_party_copy_of(repo_id, fmt, fields, files) is None


def third_party_copy_of(
    repo_id: str, fmt: WeightFormat, fields: dict[str, Any], files: dict[str, Any] | None
):
    return judge(repo_id, fmt, files, **fields)


# Real Hub namespace pairs.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ibm-research", "ibm-granite"),  # IBM's GGUFs beside its models
        ("ibm-fms", "ibm-granite"),
        ("google", "google-research-datasets"),  # the first word is the whole of one side
        ("google", "google-bert"),
        ("google-t5", "google"),
        ("meta-llama", "META-LLAMA"),
    ],
)
def test_sibling_namespaces_of_one_organisation(a: str, b: str) -> None:
    assert same_organisation(a, b) and same_organisation(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("meta-llama", "meta-math"),  # Meta and the MetaMath authors
        ("open-r1", "Open-Orca"),  # a common word
        ("open-thoughts", "open-llm-leaderboard"),
        ("ai-forever", "AI-Sweden-Models"),
        ("mistralai", "mistral-community"),  # different first words
        ("thebloke", "meta-llama"),
    ],
)
def test_a_shared_first_word_alone_is_no_organisation(a: str, b: str) -> None:
    assert not same_organisation(a, b) and not same_organisation(b, a)


def test_a_copy_from_a_namespace_sharing_a_common_first_word_is_still_a_copy() -> None:
    fields = {"tags": ["base_model:quantized:meta-llama/Llama-2-7b-hf"]}
    copy = third_party_copy_of("meta-math/Llama-2-7b-hf-GGUF", GGUF, fields, None)
    assert copy is not None and copy.original == "meta-llama/Llama-2-7b-hf"
