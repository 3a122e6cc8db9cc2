"""Which files may hold weights, by name: the candidates whose bytes the checker then reads.

A name only nominates a file; its bytes decide (`registry.checks.weight_formats`). The
suffix table also says which formats a name promises, so a GGUF file called
`model.safetensors`, or an HTML page called `pytorch_model.bin`, is not weights.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from posixpath import basename, dirname
from types import MappingProxyType

from registry.checks.archives import is_archive
from registry.checks.weight_formats import WeightFormat as F
from registry.ports import HubFile

_TORCH = frozenset({F.TORCH_ZIP, F.TORCH_LEGACY})
# Suffix (lower-case) -> the formats a file so named may hold.
WEIGHT_SUFFIXES: Mapping[str, frozenset[F]] = MappingProxyType(
    {
        ".safetensors": frozenset({F.SAFETENSORS}),  # Hugging Face's default since 2023
        # transformers' pytorch_model*.bin; early llama.cpp files and CTranslate2's model.bin
        ".bin": _TORCH | {F.GGML, F.GGUF, F.CTRANSLATE2},
        ".pt": _TORCH,
        ".pth": _TORCH,  # PyTorch checkpoints (consolidated.00.pth)
        ".ckpt": _TORCH,  # Lightning checkpoints are torch.save zips
        ".gguf": frozenset({F.GGUF}),  # llama.cpp quantised weights
        ".ggml": frozenset({F.GGML}),
        ".onnx": frozenset({F.ONNX}),  # exported graphs with weights
        ".msgpack": frozenset({F.MSGPACK}),  # Flax weights (flax_model.msgpack)
        ".npz": frozenset({F.NPZ}),  # NumPy / JAX (big_vision) weights
        ".npy": frozenset({F.NPY}),
        ".h5": frozenset({F.HDF5}),  # Keras / TensorFlow weights (tf_model.h5)
        ".hdf5": frozenset({F.HDF5}),
        ".pkl": frozenset({F.NUMPY_PICKLE}) | _TORCH,  # pickled JAX/NumPy parameter trees
        ".pickle": frozenset({F.NUMPY_PICKLE}) | _TORCH,
    }
)
# Formats an extensionless checkpoint shard (ckpt-0/tensor00000_000) may hold: any format
# that lists tensors; HDF5 and ONNX are never written without their suffix.
ANY_TENSOR_FORMAT: frozenset[F] = frozenset(
    {F.SAFETENSORS, F.GGUF, F.TORCH_ZIP, F.TORCH_LEGACY, F.NUMPY_PICKLE, F.NPY, F.NPZ, F.MSGPACK}
)

# Files with a weight suffix that are NOT weights: trainer state left behind by a run.
# They show a run happened, not that a model was published.
NOT_WEIGHT_NAMES: frozenset[str] = frozenset(
    {
        "training_args.bin",
        "optimizer.pt",
        "optimizer.bin",
        "scheduler.pt",
        "scheduler.bin",
        "scaler.pt",
        "rng_state.pth",
    }
)
NOT_WEIGHT_PREFIXES = ("rng_state", "optimizer_", "optim_states", "zero_pp_rank")

# Extensionless files that are never weights, and the smallest file worth reading as an
# extensionless shard (real shards are megabytes; configs and notes are not).
TEXT_NAMES = frozenset(
    {"license", "licence", "notice", "copying", "readme", "authors", "contributors",
     "citation", "makefile", "dockerfile", "version", "checkpoint", "latest", ".gitattributes",
     ".gitignore", "use_policy", "tokenizer", "vocab", "merges"}
)  # fmt: skip
MIN_SHARD_BYTES = 1024 * 1024

# Folders that hold intermediate checkpoints of a run rather than the released model
# (DeepSpeed global_stepN, transformers' checkpoint-N, Megatron iter_N, stepN folders).
INTERMEDIATE_FOLDER = re.compile(
    r"^(intermediate|intermediate[_-]checkpoints?|global_step\d+|checkpoint-\d+"
    r"|iter_\d+|step[-_]?\d+([-_].*)?|epoch[-_]?\d+)$",
    re.IGNORECASE,
)

# model.safetensors.index.json, pytorch_model.bin.index.json, Whisper's
# model.safetensors.index.fp32.json: the weights file name before ".index".
INDEX_NAME = re.compile(r"^(?P<weights>.+)\.index(\.[A-Za-z0-9_-]+)?\.json$")
# model-00001-of-00004.safetensors (BLOOM: model_00001-of-00072, DeepSeek: -of-000163).
SHARD_NAME = re.compile(
    r"^(?P<stem>.+?)(?P<joint>[-_])(?P<n>\d+)-of-(?P<total>\d+)(?P<suffix>\.[^/]+)$"
)


def suffix_of(path: str) -> str | None:
    """Return the weight suffix a path ends with, or None."""
    name = basename(path).lower()
    return next((s for s in WEIGHT_SUFFIXES if name.endswith(s)), None)


def is_trainer_state(path: str) -> bool:
    """Return True for optimizer, scheduler and RNG state saved beside a run's weights."""
    name = basename(path).lower()
    return name in NOT_WEIGHT_NAMES or name.startswith(NOT_WEIGHT_PREFIXES)


def is_weight_file(path: str) -> bool:
    """Return True when a path's name nominates it as weights (a weight suffix)."""
    return suffix_of(path) is not None and not is_trainer_state(path)


def is_extensionless_shard(file: HubFile) -> bool:
    """Return True for a large file with no suffix: maybe a raw checkpoint shard."""
    name = basename(file.path)
    if "." in name.lstrip(".") or name.lower() in TEXT_NAMES or name.startswith("."):
        return False
    return file.size is None or file.size >= MIN_SHARD_BYTES


def expected_formats(path: str) -> frozenset[F]:
    """Return the formats a candidate's name allows (any tensor format when it has no suffix)."""
    suffix = suffix_of(path)
    return WEIGHT_SUFFIXES[suffix] if suffix is not None else ANY_TENSOR_FORMAT


def index_target(path: str) -> str | None:
    """Return the weights name an index file describes (model.safetensors), or None."""
    match = INDEX_NAME.match(basename(path))
    if match is None or not is_weight_file(match.group("weights")):
        return None
    return match.group("weights")


def intermediate_folder(path: str) -> str | None:
    """Return the intermediate-checkpoint folder a path lies in, or None."""
    parts = dirname(path).split("/") if dirname(path) else []
    for at, part in enumerate(parts):
        if INTERMEDIATE_FOLDER.match(part):
            return "/".join(parts[: at + 1]) + "/"
    return None


# PEFT's adapter files (LoRA and the like): a few layers' deltas over a base model that
# lives elsewhere (adapter_config.json names it), not the model's own weights.
ADAPTER_WEIGHTS = re.compile(r"^adapter_model(\.[A-Za-z0-9_-]+)*\.(safetensors|bin)$")



def is_large_archive(file: HubFile) -> bool:
    """Return True for an archive, or a piece of one, large enough to hold weights (1 MB+)."""
    # A lab may pack weights in an archive, whose members are never read (`archives`): a
    # repository whose only large files are archives is not shown to hold weights, nor not to.
    archive = is_archive(basename(file.path).lower())
    return archive and (file.size is None or file.size >= MIN_SHARD_BYTES)


def is_adapter(path: str) -> bool:
    """Return True for PEFT adapter weights (adapter_model.safetensors, adapter_model.bin)."""
    return ADAPTER_WEIGHTS.match(basename(path)) is not None

