"""A card that says its weights are a delta or XOR over another model's: a doubt, quoted."""

from __future__ import annotations

import pytest

from registry.checks.weights_partial import delta_publication


@pytest.mark.parametrize(
    ("card", "words"),
    [
        ("# Vicuna\n\nWe release our delta weights, to be applied to LLaMA.", "delta weights"),
        ("NOTE: This is a weight diff against the original Llama.", "weight diff"),
        ("The files are XOR-encoded against LLaMA-30B.", "XOR-encoded"),
        ("Decode with xor_codec.py.", None),  # a file name, not words saying XOR weights
        ("Run the xor decoder on your own copy.", "xor decoder"),
        ("Apply this delta on top of the original LLaMA-13B weights.", "Apply this delta on top"),
        ("Add them to the original Llama 2 weights to get the model.", "Add them to the original"),
    ],
)
def test_cards_that_say_the_files_are_a_difference(card: str, words: str | None) -> None:
    found = delta_publication(card)
    if words is None:
        assert found == []
    else:
        assert found and words in found[0] and found[0].startswith('The card says "')


@pytest.mark.parametrize(
    "card",
    [
        "# Qwen3-Next\n\nIts layers mix Gated DeltaNet and attention.",
        "We report the delta between runs in the table below.",
        "Weights are in safetensors; differences from v1 are listed in the changelog.",
        "```\npython apply_delta.py --delta-weights ./delta\n```\n",  # code is not the card's prose
    ],
)
def test_cards_that_only_mention_a_delta(card: str) -> None:
    assert delta_publication(card) == []
