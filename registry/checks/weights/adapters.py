"""Adapter weights: a LoRA (or other PEFT) adapter is a few layers' deltas over a base model.

A repository that publishes only `adapter_model.safetensors` publishes a patch, not the
model: PEFT writes the base model's id beside it (`adapter_config.json`,
`base_model_name_or_path`), and that is where the rest of the weights live, under the base
model's own terms. The checker names the base so a reader can follow it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from posixpath import dirname, join

from registry.checks.hub_common import read_unless_gated
from registry.checks.weights.names import is_adapter
from registry.ports import HubClient, HubRepoInfo

ADAPTER_CONFIG = "adapter_config.json"
CONFIG_READ_BYTES = 64 * 1024


def only_adapters(paths: Iterable[str]) -> bool:
    """Return True when every file of a weight set is adapter weights."""
    listed = list(paths)
    return bool(listed) and all(is_adapter(p) for p in listed)


def base_model(hub: HubClient, info: HubRepoInfo, adapter_path: str, paths: set[str]) -> str | None:
    """Return the base model the adapter's config names, or None when none is readable."""
    config_path = join(dirname(adapter_path), ADAPTER_CONFIG)  # join("", x) is x
    if config_path not in paths:
        return None
    text = read_unless_gated(hub, info, config_path, CONFIG_READ_BYTES)
    if text is None:
        return None
    try:
        config = json.loads(text)
    except ValueError:
        return None
    base = config.get("base_model_name_or_path") if isinstance(config, dict) else None
    return base if isinstance(base, str) and base.strip() else None


def sentence(adapter_paths: list[str], base: str | None) -> str:
    """Say what the adapter is and where the rest of the model lives."""
    files = ", ".join(adapter_paths[:3]) + (" ..." if len(adapter_paths) > 3 else "")
    over = f"over {base} (adapter_config.json)" if base else "over a base model it does not name"
    return (
        f"The only weights are adapter weights ({files}) {over}: the full model needs the base "
        "model's weights, which this repository does not hold."
    )
