"""Card prose that limits use, whatever the tag says; and prose that only mentions research."""

from __future__ import annotations

import pytest

from registry.checks.licences.sources import use_restrictions

RESTRICTS = [
    "This model is released for non-commercial research purposes only.",
    "For research use only.",
    "The dataset is provided for academic use only.",
    "Use of the weights is for evaluation purposes only.",
    "The data may only be used for research purposes.",
    "It should solely be used for non-commercial purposes.",
    "Commercial use is not permitted.",
    "Commercial usage is strictly prohibited.",
    "The model may not be used for commercial purposes.",
    "These weights must not be used commercially.",
    "The checkpoint is not licensed for commercial use.",
    "Released for research and evaluation purposes only, see below.",
    "Use it [for non-commercial use only](https://example.org/terms).",  # a link's text counts
]
DOES_NOT = [
    "Intended for commercial and research use in English.",
    "The model can be used for research and commercial purposes.",
    "The Pythia Suite is primarily intended for research purposes.",
    "We thank the research community. Only use the model responsibly.",
    "Commercial use is permitted under the Apache 2.0 licence.",
    "```\nfor research use only\n```",  # inside a code block: an example, not the card's terms
    "---\nlicense: apache-2.0\n---\nThe model is open for any use.",
    "Research purposes drove the design; commercial deployment needs evaluation.",
    "",
]


@pytest.mark.parametrize("text", RESTRICTS)
def test_a_limiting_phrase_is_a_use_restriction(text: str) -> None:
    (sentence,) = use_restrictions(text)
    assert sentence.startswith('The card text says "')


@pytest.mark.parametrize("text", DOES_NOT)
def test_mentioning_research_or_commerce_is_not_a_restriction(text: str) -> None:
    assert use_restrictions(text) == []


def test_one_sentence_per_kind_of_restriction() -> None:
    text = "For research use only. Commercial use is prohibited. For academic use only."
    assert len(use_restrictions(text)) == 2
