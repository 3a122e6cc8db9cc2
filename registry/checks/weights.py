"""The weights checker: is a Hub model repository really publishing usable weights, and how?

It reads the repository's metadata (sha, gate, tags, card), lists its files, resolves
sharded indexes, and reads the licence from every place a lab states one. Gated or
use-restricted weights are *restricted*; a repository without weight files is *absent*.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from posixpath import dirname, join

from registry.checks.base import Observation, Outcome, human_size, run_check, total_size
from registry.checks.hub_common import (
    hub_locator,
    is_gated_read,
    licence_verdict,
    open_repo,
    refuse_unseen_absence,
)
from registry.model import (
    ArtifactKind,
    ArtifactRef,
    CheckResult,
    FileFound,
    LicenceKind,
    Verdict,
)
from registry.ports import AdapterError, Clients, HubClient, HubFile

# File suffixes that hold model weights (lower-case). `.bin` and `.pt` are ambiguous, so
# the trainer-state names below are excluded by name.
WEIGHT_SUFFIXES: tuple[str, ...] = (
    ".safetensors",  # Hugging Face's safe tensor format (the default since 2023)
    ".bin",  # PyTorch pickles saved by transformers (pytorch_model*.bin)
    ".pt",
    ".pth",  # PyTorch checkpoints
    ".ckpt",  # Lightning / TensorFlow checkpoints
    ".gguf",  # llama.cpp quantised weights
    ".onnx",  # exported graphs with weights
    ".msgpack",  # Flax weights (flax_model.msgpack)
    ".npz",  # NumPy / JAX (T5X, big_vision) weights
    ".h5",  # Keras / TensorFlow weights (tf_model.h5)
)

# Files with a weight suffix that are NOT weights: trainer state left behind by a run.
# They show a run happened, not that a model was published.
NOT_WEIGHT_NAMES: frozenset[str] = frozenset(
    {
        "training_args.bin",
        "optimizer.pt",
        "optimizer.bin",
        "scheduler.pt",
        "scaler.pt",
        "rng_state.pth",
    }
)

# A sharded checkpoint lists its shards in `<weights>.index.json` under "weight_map".
INDEX_SUFFIX = ".index.json"
INDEX_READ_BYTES = 16 * 1024 * 1024  # DeepSeek-V3's index is ~9 MB
CARD_READ_BYTES = 256 * 1024


@dataclass(frozen=True)
class ShardCheck:
    """What one sharded index promised and which of its shards are missing."""

    index: str
    shards: tuple[str, ...]
    missing: tuple[str, ...]
    unreadable: bool = False


def is_weight_file(path: str) -> bool:
    """Return True when a path holds model weights (by suffix, minus trainer state)."""
    name = path.rsplit("/", 1)[-1].lower()
    if name in NOT_WEIGHT_NAMES or name.startswith("rng_state"):
        return False
    return name.endswith(WEIGHT_SUFFIXES)


class WeightsChecker:
    """Checks a Hub model repository for weight files, gate and licence."""

    id = "weights"
    title = "Model weights on the Hugging Face Hub"
    description = (
        "Lists the model repository, counts weight files and their size, checks that "
        "sharded indexes resolve, notes any gate, and reads the licence from the card "
        "metadata, the license: tag, LICENSE files and the card text (least open wins)."
    )
    version = "1.1.0"  # 1.1: no "absent" from a listing cut at the cap
    kinds = frozenset({ArtifactKind.HF_MODEL})

    def run(self, artifact: ArtifactRef, clients: Clients, now: datetime) -> CheckResult:
        """Check one model repository and return a verdict with evidence."""
        seen = Observation(clients.hub.endpoint, hub_locator(artifact))
        return run_check(self, artifact, now, seen, lambda obs: _check(artifact, clients.hub, obs))


def _check(artifact: ArtifactRef, hub: HubClient, seen: Observation) -> Outcome:
    repo = open_repo(hub, "model", artifact.locator, seen)
    if isinstance(repo, Outcome):
        return repo
    info, files = repo
    weights = [_found(f) for f in files if is_weight_file(f.path)]
    seen.files = weights
    seen.total_size = total_size(weights)
    seen.facts["weight_file_count"] = len(weights)
    if not weights:
        refuse_unseen_absence(seen, len(files), "weight file")
        return Outcome(Verdict.ABSENT, (_no_weights_reason(files),))
    shard_checks = _check_shards(hub, artifact.locator, info.sha, files)
    seen.facts["sharded_indexes"] = tuple(_shard_fact(s) for s in shard_checks)
    verdict, licence_reasons = licence_verdict(
        hub, repo, artifact, LicenceKind.WEIGHTS, seen, _gate_reason(info.gate_mode)
    )
    reasons = [_weights_reason(weights, seen.total_size)]
    reasons += [_shard_reason(s) for s in shard_checks if s.missing or s.unreadable]
    return Outcome(verdict, tuple(reasons + licence_reasons))


def _found(file: HubFile) -> FileFound:
    return FileFound(file.path, file.size)


def _check_shards(
    hub: HubClient, repo_id: str, revision: str | None, files: Iterable[HubFile]
) -> list[ShardCheck]:
    present = {f.path for f in files}
    indexes = sorted(p for p in present if p.lower().endswith(INDEX_SUFFIX) and _indexes_weights(p))
    return [_check_index(hub, repo_id, revision, index, present) for index in indexes]


def _indexes_weights(path: str) -> bool:
    # "model.safetensors.index.json" indexes weights; other *.index.json files do not.
    return is_weight_file(path[: -len(INDEX_SUFFIX)])


def _check_index(
    hub: HubClient, repo_id: str, revision: str | None, index: str, present: set[str]
) -> ShardCheck:
    try:
        text = hub.read_text("model", repo_id, index, revision, INDEX_READ_BYTES)
    except AdapterError as error:
        if not is_gated_read(error):
            raise
        return ShardCheck(index, (), (), unreadable=True)
    shards = _shard_names(text)
    if shards is None:
        return ShardCheck(index, (), (), unreadable=True)
    folder = dirname(index)
    paths = tuple(sorted({join(folder, s) if folder else s for s in shards}))
    return ShardCheck(index, paths, tuple(p for p in paths if p not in present))


def _shard_names(text: str) -> set[str] | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    weight_map = data.get("weight_map") if isinstance(data, dict) else None
    if not isinstance(weight_map, dict):
        return None
    return {str(v) for v in weight_map.values()}


def _shard_fact(check: ShardCheck) -> dict[str, object]:
    return {
        "index": check.index,
        "shards": len(check.shards),
        "missing": check.missing,
        "unreadable": check.unreadable,
    }


def _shard_reason(check: ShardCheck) -> str:
    if check.unreadable:
        return f"The shard index {check.index} could not be read as a JSON weight_map."
    shown = ", ".join(check.missing[:5]) + (" ..." if len(check.missing) > 5 else "")
    return (
        f"The shard index {check.index} lists {len(check.shards)} shards but "
        f"{len(check.missing)} are missing from the repository: {shown}."
    )


def _weights_reason(weights: list[FileFound], size: int | None) -> str:
    formats = sorted({f.path.rsplit(".", 1)[-1] for f in weights})
    return (
        f"Found {len(weights)} weight file(s) ({', '.join('.' + x for x in formats)}), "
        f"{human_size(size)} in total."
    )


def _no_weights_reason(files: Iterable[HubFile]) -> str:
    count = sum(1 for _ in files)
    suffixes = ", ".join(WEIGHT_SUFFIXES)
    return f"None of the repository's {count} file(s) holds weights ({suffixes})."


def _gate_reason(mode: str | None) -> str:
    how = "approval by the publisher" if mode == "manual" else "accepting the publisher's terms"
    return f"The repository is gated: downloading the weights needs {how}, so they are restricted."
