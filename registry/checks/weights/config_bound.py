"""A floor on how many parameters the weights must hold, from the repo's own config.json.

A repository can publish real, well-formed weight files that are not the model it describes:
a toy checkpoint of a thousand parameters beside a 7B `config.json`. Whatever the
architecture, a text model's input embedding alone is `vocab_size x hidden_size` values, so
weights holding far fewer parameters than that cannot be this model. The bound is a floor,
not an estimate: quantised, tied and pruned weights all stay above it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from registry.checks.hub_common import read_unless_gated
from registry.ports import HubClient, HubRepoInfo

CONFIG_PATH = "config.json"
CONFIG_READ_BYTES = 256 * 1024
# Below this share of the embedding floor the weights are not the configured model. Half,
# so that unusual layouts (a factorised embedding, a packed quantisation) never trip it.
MIN_SHARE_OF_FLOOR = 0.5

# config.json keys for the two sizes, by dialect (HF names first; GPT-2, T5, Mistral's own).
HIDDEN_KEYS: tuple[str, ...] = ("hidden_size", "d_model", "n_embd", "dim", "model_dim")
VOCAB_KEYS: tuple[str, ...] = ("vocab_size", "padded_vocab_size", "n_vocab")
# Multimodal configs keep the language model's sizes in a nested section.
NESTED_SECTIONS: tuple[str, ...] = ("text_config", "language_config", "llm_config")


@dataclass(frozen=True)
class ConfigFloor:
    """The embedding floor a config.json implies, and the sizes it came from."""

    vocab_size: int
    hidden_size: int

    @property
    def parameters(self) -> int:
        """Return the number of values in the input embedding alone."""
        return self.vocab_size * self.hidden_size


def read_floor(hub: HubClient, info: HubRepoInfo, paths: set[str]) -> ConfigFloor | None:
    """Return the floor the repository's root config.json implies; None when it states none."""
    if CONFIG_PATH not in paths:
        return None
    text = read_unless_gated(hub, info, CONFIG_PATH, CONFIG_READ_BYTES)
    return floor_of(text) if text is not None else None


def floor_of(text: str) -> ConfigFloor | None:
    """Return the floor a config.json text implies, None when it lacks either size."""
    try:
        config = json.loads(text)
    except ValueError:
        return None
    if not isinstance(config, dict):
        return None
    for section in (config, *(config.get(k) for k in NESTED_SECTIONS)):
        if isinstance(section, Mapping):
            vocab, hidden = _size(section, VOCAB_KEYS), _size(section, HIDDEN_KEYS)
            if vocab and hidden:
                return ConfigFloor(vocab, hidden)
    return None


def too_small(parameters: int, floor: ConfigFloor) -> bool:
    """Return True when the weights hold too few parameters to be the configured model."""
    return parameters < floor.parameters * MIN_SHARE_OF_FLOOR


def _size(section: Mapping[str, object], keys: tuple[str, ...]) -> int | None:
    for key in keys:
        value = section.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
    return None
