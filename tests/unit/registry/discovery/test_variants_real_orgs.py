"""The lab-sweep grouping on real organisations' repository names, one table per organisation.

Each row is one release as the public record describes it: its own repository first, then the
repositories that are variants of it (a tuning stage, a conversion, a quantised or re-formatted
copy), and a note saying where the names were read (all read 2026-12-03). The expectations were
written from those sources before the rule was run on them. Listings are abridged: a
representative slice of each organisation, every kind of name it uses, not every size.

Sources (files of public repositories, through the tool library):
- LF: hiyouga/LLaMA-Factory src/llamafactory/extras/constants.py @ff6d4d1 (2026-08-18).
- SWIFT: modelscope/ms-swift swift/model/models/*.py @3602360 (2026-08-22).
- LLAMA: meta-llama/llama-models models/sku_list.py @084b88e, and the llama-stack CLI
  reference's `llama model list` table (file id 20164758172).
- PYTHIA: EleutherAI/pythia README.md and model cards @a19eecb (2025-11-15).
- OLMO: allenai/OLMo README.md @59a53e3 (2025-09-04); allenai/open-instruct README's model
  table (file ids 1281124056, 2345663744); the OLMo 2 / Olmo 3 model lists in ids 57568911203,
  71453204703.
- SMOL: huggingface/smollm README and docs @a041759 (2026-04-02).
- BIGCODE: model lists in ids 4682257825 and 4266353839 (evaluation scripts naming every
  StarCoder checkpoint); starcoder2 from LF and SWIFT.
- LLM360: ids 53847858209 and 10075564635 (Amber, AmberChat, AmberSafe), the CrystalChat card
  (huggingface.co/LLM360/CrystalChat), the K2-Chat card, ids 61608857172 and 54313529485
  (K2-Think, K2-Think-V2, K2-V2-Instruct).
- GEMMA-QAT: id 36182090089 (google/gemma-3-*-it-qat-q4_0-gguf); FLAN: id 183193561.
"""

from __future__ import annotations

import pytest

from registry.discovery.variants import Repo, group_releases

Row = tuple[tuple[str, ...], str]

QWEN: tuple[Row, ...] = (
    (("Qwen2.5-7B", "Qwen2.5-7B-Instruct", "Qwen2.5-7B-Instruct-GGUF",
      "Qwen2.5-7B-Instruct-AWQ", "Qwen2.5-7B-Instruct-GPTQ-Int4",
      "Qwen2.5-7B-Instruct-GPTQ-Int8"), "LF, id 62320381984: base, instruct and its quants"),
    (("Qwen2.5-14B", "Qwen2.5-14B-Instruct", "Qwen2.5-14B-Instruct-AWQ"),
     "LF: another size is another release"),
    (("Qwen2.5-7B-Instruct-1M",), "LF: the 1M-context model is its own release"),
    (("Qwen2.5-Coder-7B", "Qwen2.5-Coder-7B-Instruct", "Qwen2.5-Coder-7B-Instruct-AWQ",
      "Qwen2.5-Coder-7B-Instruct-GPTQ-Int4"), "LF, SWIFT: -Coder is another release"),
    (("Qwen2.5-Math-7B", "Qwen2.5-Math-7B-Instruct"), "LF: -Math is another release"),
    (("Qwen2.5-Math-72B", "Qwen2.5-Math-72B-Instruct", "Qwen2.5-Math-RM-72B"),
     "LF, SWIFT: the reward model is the release's own (published with it)"),
    (("Qwen2.5-Math-PRM-7B",), "SWIFT: the process reward model came later, on its own"),
    (("Qwen2.5-Math-7B-PRM800K",), "SWIFT"),
    (("Qwen2.5-VL-7B-Instruct", "Qwen2.5-VL-7B-Instruct-AWQ"), "LF: -VL is another release"),
    (("Qwen2-7B", "Qwen2-7B-Instruct", "Qwen2-7B-Instruct-AWQ", "Qwen2-7B-Instruct-GPTQ-Int4",
      "Qwen2-7B-Instruct-GPTQ-Int8"), "LF: Qwen2 is not Qwen2.5"),
    (("Qwen2-VL-7B", "Qwen2-VL-7B-Instruct", "Qwen2-VL-7B-Instruct-AWQ"), "LF"),
    (("Qwen2-Audio-7B", "Qwen2-Audio-7B-Instruct"), "LF"),
    (("Qwen2-57B-A14B", "Qwen2-57B-A14B-Instruct", "Qwen2-57B-A14B-Instruct-GPTQ-Int4"), "LF"),
    (("QwQ-32B", "QwQ-32B-AWQ"), "LF, SWIFT"),
    (("QwQ-32B-Preview",), "LF: the preview is an earlier, other release"),
    (("Qwen1.5-7B", "Qwen1.5-7B-Chat", "Qwen1.5-7B-Chat-AWQ", "Qwen1.5-7B-Chat-GPTQ-Int4",
      "Qwen1.5-7B-Chat-GPTQ-Int8"), "SWIFT: -Chat is the tuning stage"),
    (("Qwen1.5-MoE-A2.7B", "Qwen1.5-MoE-A2.7B-Chat", "Qwen1.5-MoE-A2.7B-Chat-GPTQ-Int4"),
     "SWIFT"),
    (("Qwen-7B", "Qwen-7B-Chat", "Qwen-7B-Chat-Int4", "Qwen-7B-Chat-Int8"),
     "SWIFT: Int4/Int8 alone are GPTQ copies"),
    (("Qwen-1_8B", "Qwen-1_8B-Chat", "Qwen-1_8B-Chat-Int4"), "SWIFT: 1_8B is a size"),
    (("CodeQwen1.5-7B", "CodeQwen1.5-7B-Chat", "CodeQwen1.5-7B-Chat-AWQ"), "SWIFT"),
    (("Qwen3-4B", "Qwen3-4B-Base", "Qwen3-4B-FP8", "Qwen3-4B-AWQ"), "LF, SWIFT"),
    (("Qwen3-4B-Instruct-2507", "Qwen3-4B-Instruct-2507-FP8"), "LF, SWIFT: a dated update"),
    (("Qwen3-4B-Thinking-2507", "Qwen3-4B-Thinking-2507-FP8"),
     "LF, SWIFT: a thinking model is kept apart (a name saying 'think' is not always one "
     "model's stage: LLM360/K2-Think is another model)"),
    (("Qwen3-30B-A3B", "Qwen3-30B-A3B-Base", "Qwen3-30B-A3B-FP8", "Qwen3-30B-A3B-GPTQ-Int4",
      "Qwen3-30B-A3B-GGUF"), "LF, SWIFT, id 31319100871"),
    (("Qwen3-Embedding-4B",), "SWIFT: an embedding model is its own release"),
    (("Qwen3-Coder-Next", "Qwen3-Coder-Next-Base", "Qwen3-Coder-Next-FP8"), "SWIFT"),
    (("Qwen3.5-9B", "Qwen3.5-9B-Base"), "LF"),
    (("Qwen3Guard-Gen-4B",), "SWIFT"),
)

META_LLAMA: tuple[Row, ...] = (
    (("Llama-2-7b", "Llama-2-7b-hf", "Llama-2-7b-chat", "Llama-2-7b-chat-hf"),
     "LLAMA, LF: original checkpoints, -hf conversions, chat"),
    (("Llama-2-13b", "Llama-2-13b-hf", "Llama-2-13b-chat", "Llama-2-13b-chat-hf"), "LLAMA, LF"),
    (("Meta-Llama-3-8B", "Meta-Llama-3-8B-Instruct"), "LLAMA, LF"),
    (("Meta-Llama-3-70B", "Meta-Llama-3-70B-Instruct"), "LLAMA, LF"),
    (("Llama-3.1-8B", "Llama-3.1-8B-Instruct"), "current names (renamed from Meta-Llama-3.1-*)"),
    (("Llama-3.1-405B", "Llama-3.1-405B-FP8", "Llama-3.1-405B-Instruct",
      "Llama-3.1-405B-Instruct-FP8"), "LLAMA: BF16 and FP8 weights of one model"),
    (("Llama-3.2-1B", "Llama-3.2-1B-Instruct", "Llama-3.2-1B-Instruct-QLORA_INT4_EO8",
      "Llama-3.2-1B-Instruct-SpinQuant_INT4_EO8"),
     "LF, id 14220007403: Meta's own quantised mobile copies"),
    (("Llama-3.2-3B", "Llama-3.2-3B-Instruct", "Llama-3.2-3B-Instruct-QLORA_INT4_EO8",
      "Llama-3.2-3B-Instruct-SpinQuant_INT4_EO8"), "LF, id 14220007403"),
    (("Llama-3.2-11B-Vision", "Llama-3.2-11B-Vision-Instruct"), "LF"),
    (("Llama-3.3-70B-Instruct",), "LF"),
    (("Llama-4-Scout-17B-16E", "Llama-4-Scout-17B-16E-Instruct",
      "Llama-4-Scout-17B-16E-Instruct-Original"),
     "LF, meta-llama/llama-models README: -Original is the same weights in Meta's format"),
    (("Llama-4-Maverick-17B-128E", "Llama-4-Maverick-17B-128E-Instruct"), "LF"),
    (("Llama-Guard-3-8B", "Llama-Guard-3-8B-INT8"), "LLAMA: -Guard is another release"),
    (("Llama-Guard-3-1B",), "id 54509986081"),
    (("Meta-Llama-Guard-2-8B",), "id 54509986081"),
    (("LlamaGuard-7b",), "id 54509986081"),
    (("Prompt-Guard-86M",), "LLAMA"),
)

MISTRALAI: tuple[Row, ...] = (
    (("Mistral-7B-v0.1", "Mistral-7B-Instruct-v0.1"), "LF: one version, base and instruct"),
    (("Mistral-7B-Instruct-v0.2",), "LF: another version"),
    (("Mistral-7B-v0.3", "Mistral-7B-Instruct-v0.3"), "LF"),
    (("Mixtral-8x7B-v0.1", "Mixtral-8x7B-Instruct-v0.1"), "LF"),
    (("Mixtral-8x22B-v0.1", "Mixtral-8x22B-Instruct-v0.1"), "LF"),
    (("Codestral-22B-v0.1",), "LF"),
    (("Mistral-Nemo-Base-2407", "Mistral-Nemo-Instruct-2407"),
     "LF: the base is the release's own repository"),
    (("Mistral-Large-Instruct-2407",), "SWIFT"),
    (("Mistral-Small-Instruct-2409",), "SWIFT: another date, another release"),
    (("Mistral-Small-24B-Base-2501", "Mistral-Small-24B-Instruct-2501"), "LF"),
    (("Mistral-Small-3.1-24B-Base-2503", "Mistral-Small-3.1-24B-Instruct-2503"), "LF"),
    (("Mistral-Small-3.2-24B-Instruct-2506",), "LF"),
    (("Ministral-8B-Instruct-2410",), "LF"),
    (("Ministral-3-8B-Base-2512", "Ministral-3-8B-Instruct-2512",
      "Ministral-3-8B-Instruct-2512-BF16"), "LF, SWIFT"),
    (("Ministral-3-8B-Reasoning-2512",),
     "SWIFT: a reasoning model is kept apart, as thinking ones are"),
    (("Devstral-Small-2505",), "SWIFT"),
    (("Devstral-Small-2507",), "LF: another date"),
)

GOOGLE: tuple[Row, ...] = (
    (("gemma-2b", "gemma-2b-it"), "LF"),
    (("gemma-7b", "gemma-7b-it"), "LF"),
    (("gemma-1.1-2b-it",), "LF: version 1.1 is another release"),
    (("gemma-2-2b", "gemma-2-2b-it"), "LF"),
    (("gemma-2-9b", "gemma-2-9b-it"), "LF"),
    (("gemma-3-1b-pt", "gemma-3-1b-it"), "LF: -pt is the pretrained (base) model"),
    (("gemma-3-4b-pt", "gemma-3-4b-it"), "LF"),
    (("gemma-3-27b-pt", "gemma-3-27b-it", "gemma-3-27b-it-qat-q4_0-gguf"),
     "LF, GEMMA-QAT: the QAT GGUF is Google's own quantised copy"),
    (("gemma-3-270m", "gemma-3-270m-it"), "LF"),
    (("gemma-3n-E2B", "gemma-3n-E2B-it"), "LF"),
    (("codegemma-7b", "codegemma-7b-it"), "LF"),
    (("codegemma-1.1-2b",), "LF"),
    (("codegemma-1.1-7b-it",), "LF"),
    (("recurrentgemma-9b", "recurrentgemma-9b-it"), "id 57681796604"),
    (("medgemma-4b-pt", "medgemma-4b-it"), "LF"),
    (("medgemma-27b-text-it",), "LF: text-only, another model than medgemma-27b-it"),
    (("medgemma-27b-it",), "SWIFT"),
    (("paligemma2-3b-pt-224",), "LF: PaliGemma's resolutions are other checkpoints"),
    (("paligemma2-3b-pt-448",), "LF"),
    (("flan-t5-small",), "FLAN"),
    (("flan-t5-xl",), "FLAN"),
    (("flan-t5-xxl",), "FLAN"),
)

ALLENAI: tuple[Row, ...] = (
    (("OLMo-7B", "OLMo-7B-hf"), "OLMO, LF: the -hf conversion"),
    (("OLMo-1B", "OLMo-1B-hf"), "OLMO, LF"),
    (("OLMo-7B-Twin-2T",), "OLMO: another run"),
    (("OLMo-7B-0724-hf", "OLMo-7B-0724-Instruct-hf"), "id 53219133661: a dated release"),
    (("OLMo-1B-0724-hf",), "id 46771155885"),
    (("OLMo-2-1124-7B", "OLMo-2-1124-7B-SFT", "OLMo-2-1124-7B-DPO",
      "OLMo-2-1124-7B-Instruct", "OLMo-2-1124-7B-RM"),
     "OLMO, id 57568911203: every post-training stage and the reward model"),
    (("OLMo-2-1124-13B", "OLMo-2-1124-13B-SFT", "OLMo-2-1124-13B-DPO",
      "OLMo-2-1124-13B-Instruct", "OLMo-2-1124-13B-RM"), "id 57568911203"),
    (("OLMo-2-0425-1B", "OLMo-2-0425-1B-SFT", "OLMo-2-0425-1B-DPO", "OLMo-2-0425-1B-RLVR1",
      "OLMo-2-0425-1B-Instruct"), "OLMO, ids 68467082589, 56558431388: the RLVR checkpoint too"),
    (("OLMo-2-0325-32B", "OLMo-2-0325-32B-Instruct"), "OLMO"),
    (("OLMoE-1B-7B-0924", "OLMoE-1B-7B-0924-SFT", "OLMoE-1B-7B-0924-Instruct"), "SWIFT"),
    (("OLMoE-1B-7B-0125", "OLMoE-1B-7B-0125-Instruct"), "SWIFT: another date"),
    (("Llama-3.1-Tulu-3-8B", "Llama-3.1-Tulu-3-8B-SFT", "Llama-3.1-Tulu-3-8B-DPO",
      "Llama-3.1-Tulu-3-8B-RM"), "id 1281124056"),
    (("Llama-3.1-Tulu-3.1-8B",), "id 2345663744: version 3.1"),
    (("Olmo-3-7B-Instruct", "Olmo-3-7B-Instruct-SFT"), "id 71453204703, 68907987063"),
    (("Olmo-3-7B-Think", "Olmo-3-7B-Think-SFT", "Olmo-3-7B-Think-DPO"), "id 71453204703"),
    (("Molmo-7B-D-0924",), "SWIFT"),
    (("Molmo-7B-O-0924",), "SWIFT: another model of the release, by its name"),
    (("olmOCR-7B-0225-preview",), "SWIFT"),
)

ELEUTHERAI: tuple[Row, ...] = (
    (("pythia-70m",), "PYTHIA: each size is a release"),
    (("pythia-70m-deduped",), "PYTHIA: trained on other data, another release"),
    (("pythia-160m",), "PYTHIA"),
    (("pythia-160m-deduped",), "PYTHIA"),
    (("pythia-160m-seed7",), "PYTHIA: another seed is another run"),
    (("pythia-160m-v0",), "PYTHIA: the first suite, retrained since"),
    (("pythia-1.4b",), "PYTHIA"),
    (("pythia-1.4b-deduped",), "PYTHIA"),
    (("pythia-12b",), "PYTHIA"),
    (("pythia-14m",), "PYTHIA"),
    (("gpt-neo-1.3B",), "PYTHIA"),
    (("gpt-neox-20b",), "stand-in snapshots"),
    (("llemma_7b",), "stand-in snapshots"),
)

HUGGINGFACETB: tuple[Row, ...] = (
    (("SmolLM-135M", "SmolLM-135M-Instruct"), "LF"),
    (("SmolLM-360M", "SmolLM-360M-Instruct"), "LF"),
    (("SmolLM-1.7B", "SmolLM-1.7B-Instruct"), "LF"),
    (("SmolLM2-135M", "SmolLM2-135M-Instruct"), "LF, SMOL"),
    (("SmolLM2-1.7B", "SmolLM2-1.7B-Instruct", "SmolLM2-1.7B-Instruct-GGUF",
      "SmolLM2-1.7B-Instruct-Q8-mlx", "SmolLM2-1.7B-Instruct-WebGPU"),
     "SMOL: the lab's own GGUF, MLX and WebGPU copies"),
    (("SmolLM3-3B", "SmolLM3-3B-Base", "SmolLM3-3B-checkpoints"),
     "SMOL: the intermediate checkpoints of the same run"),
    (("SmolLM2-nanotron-ckpt",), "SMOL: every size's checkpoints, not one model"),
    (("SmolVLM-Base", "SmolVLM-Instruct"), "SMOL"),
    (("SmolVLM-256M-Instruct",), "SMOL"),
    (("SmolVLM-500M-Instruct",), "SMOL"),
    (("SmolVLM2-2.2B-Instruct",), "SMOL"),
    (("SmolVLM2-500M-Video-Instruct",), "SMOL"),
)

BIGCODE: tuple[Row, ...] = (
    (("starcoderbase",), "BIGCODE: the base model"),
    (("starcoder",), "BIGCODE: further trained on Python, like a -Coder model: another release"),
    (("starcoderplus",), "BIGCODE: further trained on English"),
    (("starcoderbase-1b",), "BIGCODE"),
    (("starcoderbase-3b",), "BIGCODE"),
    (("starcoderbase-7b",), "BIGCODE"),
    (("starcoder2-3b",), "LF, SWIFT"),
    (("starcoder2-7b",), "LF, SWIFT"),
    (("starcoder2-15b",), "LF, SWIFT"),
)

LLM360: tuple[Row, ...] = (
    (("Amber", "AmberChat"), "LLM360: AmberChat is Amber instruction-tuned"),
    (("AmberSafe",), "LLM360: a safety-tuned model of its own name"),
    (("CrystalCoder",), "LLM360"),
    (("CrystalChat",), "LLM360: tuned from CrystalCoder, but named apart"),
    (("K2", "K2-Chat"), "LLM360: K2-Chat is K2 fine-tuned"),
    (("K2-Think",), "LLM360: built on another lab's base model, not a stage of K2"),
    (("K2-V2-Instruct",), "LLM360: version 2"),
    (("K2-Think-V2",), "LLM360"),
)

ORGS = {
    "Qwen": QWEN,
    "meta-llama": META_LLAMA,
    "mistralai": MISTRALAI,
    "google": GOOGLE,
    "allenai": ALLENAI,
    "EleutherAI": ELEUTHERAI,
    "HuggingFaceTB": HUGGINGFACETB,
    "bigcode": BIGCODE,
    "LLM360": LLM360,
}


@pytest.mark.parametrize("org", sorted(ORGS))
def test_an_organisations_listing_groups_into_its_releases(org: str) -> None:
    rows = ORGS[org]
    listing = [Repo(f"{org}/{name}") for members, _ in rows for name in members]

    groups = group_releases(listing)

    found = {g.main.repo_id: sorted(v.repo_id for v in g.variants) for g in groups}
    expected = {f"{org}/{members[0]}": sorted(f"{org}/{m}" for m in members[1:])
                for members, _ in rows}
    assert found == expected


def test_the_tables_hold_each_repository_once() -> None:
    for org, rows in ORGS.items():
        names = [name.lower() for members, _ in rows for name in members]
        assert len(names) == len(set(names)), org


# Where the public record says "one release" but the names alone cannot: Olmo 3's base
# carries its date (Olmo-3-1025-7B) and its post-trained models do not (Olmo-3-7B-Instruct).
# Joining a dated name to an undated one would also join OLMo-7B to OLMo-7B-0424, another
# release, so the sweep keeps them apart and registers both; the limit is in the docstring.
def test_a_date_in_one_name_only_keeps_repositories_apart() -> None:
    groups = group_releases([Repo("allenai/Olmo-3-1025-7B"), Repo("allenai/Olmo-3-7B-Instruct"),
                             Repo("allenai/OLMo-7B"), Repo("allenai/OLMo-7B-0424")])

    assert len(groups) == 4
