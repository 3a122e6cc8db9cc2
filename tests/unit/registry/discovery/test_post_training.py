"""A base model's card and its instruct sibling's data, as tables.

The real sentences are from the seeded cards (SmolLM2-1.7B's and OLMo-2-1124-7B's, their
sources in standins/snapshots/README.md); the other rows are the shapes around them.
"""

from __future__ import annotations

import pytest

from registry.discovery.card import card_mentions
from registry.discovery.model import Mention
from registry.discovery.post_training import has_sibling, is_post_trained, siblings_data

SMOLTALK = ("You can find the SFT dataset here: https://huggingface.co/datasets/HuggingFaceTB/"
            "smoltalk and finetuning code in the [alignement handbook](https://github.com/"
            "huggingface/alignment-handbook/tree/main/recipes/smollm2).")
ULTRAFEEDBACK = (
    "It was trained on 11 trillion tokens using a diverse dataset combination: FineWeb-Edu, "
    "DCLM, The Stack, along with new mathematics and coding datasets that we curated and will "
    "release soon. We developed the instruct version through supervised fine-tuning (SFT) "
    "using a combination of public datasets and our own curated datasets. We then applied "
    "Direct Preference Optimization (DPO) using [UltraFeedback](https://huggingface.co/datasets/"
    "HuggingFaceH4/ultrafeedback_binarized)."
)
OLMO_ROW = ("| Post-training<br>([Tulu 3 SFT OLMo mix](https://huggingface.co/datasets/allenai/"
            "tulu-3-sft-olmo-mixture)) | SFT + DPO + PPO<br>([preference mix](https://"
            "huggingface.co/datasets/allenai/olmo-2-1124-7b-preference-mix)) |")


@pytest.mark.parametrize(("hub_id", "card_data", "post_trained"), [
    ("HuggingFaceTB/SmolLM2-1.7B", {}, False),
    ("HuggingFaceTB/SmolLM2-1.7B-Instruct", {}, True),
    ("google/gemma-2-9b", {}, False),
    ("google/gemma-2-9b-it", {}, True),
    ("meta-llama/Llama-2-7b-chat-hf", {}, True),
    ("allenai/OLMo-2-1124-7B-DPO", {}, True),
    ("allenai/OLMo-2-1124-7B", {}, False),
    ("EleutherAI/pythia-6.9b-deduped", {}, False),
    ("example/kit-7b", {}, False),  # "it" only as a token of its own
    # The lab sweep's stage tokens (variants.py) decide, with their rules: a stage glued on
    # in CamelCase, "it" only after a size (elsewhere it is Italian), RLHF like DPO.
    ("LLM360/AmberChat", {}, True),
    ("Helsinki-NLP/opus-mt-en-it", {}, False),
    ("example/Tiny-7B-RLHF", {}, True),
    ("meta-llama/Llama-2-7b-hf", {}, False),  # a conversion, not a training stage
    # Zephyr's name says nothing; its card declares the model it was tuned from.
    ("HuggingFaceH4/zephyr-7b-beta", {"base_model": "mistralai/Mistral-7B-v0.1"}, True),
    # A quantised copy names the model it copies: a base model's copy is still a base model.
    ("TheBloke/Mistral-7B-v0.1-AWQ",
     {"base_model": "mistralai/Mistral-7B-v0.1", "base_model_relation": "quantized"}, False),
])
def test_which_models_are_post_trained(
    hub_id: str, card_data: dict[str, object], post_trained: bool
) -> None:
    assert is_post_trained(hub_id, card_data) is post_trained


def _mentions(line: str) -> dict[str, Mention]:
    return {m.url.rsplit("/", 1)[-1]: m for m in card_mentions(line + "\n")}


@pytest.mark.parametrize(("line", "dataset", "card_has_sibling", "siblings"), [
    # SmolLM2's SFT set: post-training words, no claim this model was trained on it.
    (SMOLTALK, "smoltalk", True, True),
    # ...but only on a card that has a sibling to give it to.
    (SMOLTALK, "smoltalk", False, False),
    # The DPO sentence, two sentences after "trained on 11 trillion tokens".
    (ULTRAFEEDBACK, "ultrafeedback_binarized", True, True),
    # OLMo 2's table row names the stage: decisive whatever else the card says.
    (OLMO_ROW, "tulu-3-sft-olmo-mixture", False, True),
    (OLMO_ROW, "olmo-2-1124-7b-preference-mix", False, True),
    # The sentence says this model was trained on it.
    ("Trained on [our SFT mix](https://huggingface.co/datasets/org/d).", "d", True, False),
    # ...unless it names the sibling as what was trained.
    ("The instruct version was trained on [d](https://huggingface.co/datasets/org/d).", "d",
     False, True),
    ("We release [M-7B-Instruct's data](https://huggingface.co/datasets/org/d).", "d", False, True),
    # Pretraining data, and plain data links, are not the sibling's.
    ("Pretraining data: [Dolma](https://huggingface.co/datasets/allenai/dolma).", "dolma", True,
     False),
    ("Data: [corpus](https://huggingface.co/datasets/org/d)", "d", True, False),
])
def test_which_links_are_the_instruct_siblings_data(
    line: str, dataset: str, card_has_sibling: bool, siblings: bool
) -> None:
    assert siblings_data(_mentions(line)[dataset], card_has_sibling) is siblings


def test_the_link_sentence_is_the_one_that_carries_the_link() -> None:
    mention = _mentions(ULTRAFEEDBACK)["ultrafeedback_binarized"]

    assert mention.sentence.startswith("We then applied Direct Preference Optimization")
    assert "trained on" not in mention.sentence


@pytest.mark.parametrize(("readme", "sibling"), [
    ("We developed the instruct version through supervised fine-tuning.", True),
    ("| OLMo 2 7B Instruct | ... |\n| Post-training | SFT |", True),
    ("Use SmolLM2-1.7B-Instruct for chat.", True),
    ("A base model trained on 2T tokens.", False),
])
def test_whether_a_card_has_a_sibling(readme: str, sibling: bool) -> None:
    assert has_sibling(readme) is sibling
