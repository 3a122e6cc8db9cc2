"""The embedding floor a config.json implies, and weights held to it."""

from __future__ import annotations

import json

import pytest

from registry.checks.weights.config_bound import ConfigFloor, floor_of, too_small

LLAMA_7B = {"hidden_size": 4096, "vocab_size": 32000, "num_hidden_layers": 32}


@pytest.mark.parametrize(
    ("config", "floor"),
    [
        (LLAMA_7B, ConfigFloor(32000, 4096)),
        ({"n_embd": 1600, "vocab_size": 50257}, ConfigFloor(50257, 1600)),  # GPT-2 XL
        ({"d_model": 768, "vocab_size": 32128}, ConfigFloor(32128, 768)),  # T5 base
        ({"dim": 4096, "n_vocab": 32000}, ConfigFloor(32000, 4096)),  # Mistral's params.json keys
        ({"text_config": {"hidden_size": 2048, "vocab_size": 262144}}, ConfigFloor(262144, 2048)),
        ({"hidden_size": 4096}, None),  # no vocabulary: no floor
        ({"hidden_size": True, "vocab_size": 32000}, None),  # a boolean is not a size
        ({"hidden_size": 0, "vocab_size": 32000}, None),
        ([1, 2], None),
    ],
)
def test_floor_from_config(config: object, floor: ConfigFloor | None) -> None:
    assert floor_of(json.dumps(config)) == floor


def test_a_config_that_is_not_json_has_no_floor() -> None:
    assert floor_of("<html>") is None


@pytest.mark.parametrize(
    ("parameters", "small"),
    [
        (6_738_415_616, False),  # Llama 2 7B
        (3_500_000_000, False),  # a 4-bit packing of it still holds its fp16 embeddings
        (131_072_000, False),  # exactly the embedding
        (65_536_000, False),  # half of it: unusual layouts are given the benefit of the doubt
        (65_535_999, True),
        (1_000, True),  # a toy checkpoint beside a 7B config
    ],
)
def test_weights_below_half_the_embedding_are_too_small(parameters: int, small: bool) -> None:
    assert too_small(parameters, floor_of(json.dumps(LLAMA_7B)) or ConfigFloor(1, 1)) is small
