"""Weight files recognised by their bytes, not their names: one table, one `identify`.

Each row says how a format is recognised and what then counts as weights. `identify`
tries the rows in order on a file's first bytes; the first row that recognises them
decides. Bytes no row recognises are described (`other.describe`) and are not weights.
Safetensors is the one format read through huggingface_hub (`HubClient.safetensors_header`,
its `parse_safetensors_file_metadata`): `identify` only says the bytes open like it.

Sources: the safetensors format page, ggml's docs/gguf.md, torch/serialization.py,
numpy/lib/format.py, ctranslate2/specs/model_spec.py, the HDF5 file-format spec
(superblock), onnx/onnx.proto, flax/serialization.py and the zarr v2 spec.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from registry.checks.weight_formats import arrays, ctranslate2, gguf, other, pickled, structured
from registry.checks.weight_formats.model import (
    DTYPE_BITS,
    FORMAT_NAMES,
    Identification,
    NotWeights,
    ReadMore,
    ReadSafetensors,
    Recognised,
    Tensors,
    WeightFormat,
)
from registry.checks.weight_formats.safetensors import check_safetensors, looks_like_safetensors

__all__ = [
    "DTYPE_BITS",
    "FORMAT_NAMES",
    "FORMAT_RULES",
    "SNIFF_BYTES",
    "FormatRule",
    "Identification",
    "NotWeights",
    "ReadMore",
    "ReadSafetensors",
    "Recognised",
    "Tensors",
    "WeightFormat",
    "check_safetensors",
    "identify",
]

# Element types that pack several quantised parameters into one element (GPTQ's int32
# qweight, bitsandbytes' and MXFP4's uint8): their element count is not a parameter count.
PACKED_DTYPES = frozenset({"I32", "U32", "I16", "U16", "I8", "U8", "I4", "U4"})
SNIFF_BYTES = 64 * 1024  # the first read of every candidate file; a row may ask for more

Recogniser = Callable[[bytes, int | None], Identification | None]


@dataclass(frozen=True)
class FormatRule:
    """One row: a format, how its bytes are recognised, and what then counts as weights."""

    format: WeightFormat
    recognised_by: str
    counts_when: str
    recognise: Recogniser


def _safetensors(data: bytes, size: int | None) -> Identification | None:
    return ReadSafetensors() if looks_like_safetensors(data) else None


FORMAT_RULES: tuple[FormatRule, ...] = (
    FormatRule(
        WeightFormat.SAFETENSORS,
        "an 8-byte little-endian length (at most 25 MB), then a JSON header starting '{'",
        "every tensor has a known dtype and offsets that tile the data with no gap, "
        "and the file is as long as the header says",
        _safetensors,
    ),
    FormatRule(
        WeightFormat.GGUF,
        "the magic 'GGUF', a version 1-3 and a tensor count",
        "at least one tensor, and tensor data that fits the file",
        lambda d, _: gguf.identify_gguf(d),
    ),
    FormatRule(
        WeightFormat.GGML,
        "llama.cpp's pre-GGUF magics ('ggml', 'ggmf', 'ggjt', little-endian)",
        "the magic alone (these files list no tensor table we read)",
        lambda d, _: gguf.identify_ggml(d),
    ),
    FormatRule(
        WeightFormat.TORCH_ZIP,
        "a zip whose first entry is '<name>/data.pkl' (torch.save since PyTorch 1.6)",
        "the pickle rebuilds at least one tensor from a storage",
        lambda d, _: pickled.identify_torch_zip(d),
    ),
    FormatRule(
        WeightFormat.NPZ,
        "a zip whose first entry is an .npy file",
        "the first array has a numeric dtype",
        lambda d, _: arrays.identify_npz(d),
    ),
    FormatRule(
        WeightFormat.TORCH_LEGACY,
        "a pickle of torch.save's magic number 0x1950a86a20f9469cfc6c, then more pickles",
        "the state-dict pickle rebuilds at least one tensor from a storage",
        lambda d, _: pickled.identify_torch_legacy(d),
    ),
    FormatRule(
        WeightFormat.NUMPY_PICKLE,
        "a pickle (protocol 2-5) that rebuilds NumPy arrays (raw JAX/NumPy checkpoint "
        "shards such as ckpt-0/tensor00000_000)",
        "it reconstructs at least one array; a pickle of anything else is not weights",
        lambda d, _: pickled.identify_pickle(d),
    ),
    FormatRule(
        WeightFormat.NPY,
        "the magic '\\x93NUMPY' and a dict header",
        "a numeric dtype (not pickled objects) and a shape",
        lambda d, _: arrays.identify_npy(d),
    ),
    FormatRule(
        WeightFormat.CTRANSLATE2,
        "a uint32 version, a NUL-terminated '...Spec' name, a revision and a variable count "
        "(CTranslate2's model.bin, as faster-whisper publishes it)",
        "at least one variable",
        lambda d, _: ctranslate2.identify_ctranslate2(d),
    ),
    FormatRule(
        WeightFormat.HDF5,
        "the 8-byte HDF5 signature at offset 0 or after a power-of-two user block",
        "the signature alone (datasets sit in B-trees we do not walk)",
        lambda d, _: structured.identify_hdf5(d),
    ),
    FormatRule(
        WeightFormat.MSGPACK,
        "a msgpack map of string keys (Flax's flax_model.msgpack)",
        "the first leaf is an ndarray (ext type 1: shape, dtype, bytes)",
        lambda d, _: structured.identify_msgpack(d),
    ),
    FormatRule(
        WeightFormat.ONNX,
        "a protobuf ModelProto: ir_version first, only ModelProto field numbers",
        "it carries a graph whose length fits the file",
        structured.identify_onnx,
    ),
)
# Zarr arrays are recognised by their `.zarray` metadata, not a file's first bytes; see
# `arrays.read_zarray` (a folder of chunks with a zarr_format 2 header and a numeric dtype).


def identify(data: bytes, size: int | None) -> Identification:
    """Return what a file's first bytes are: weights in some format, or not weights."""
    if size is not None and size < other.TINY_BYTES or len(data) < other.TINY_BYTES:
        return NotWeights(other.describe(data, size if size is not None else len(data)))
    for rule in FORMAT_RULES:
        found = rule.recognise(data, size)
        if found is not None:
            return _fits(found, size)
    return NotWeights(other.describe(data, size))


def _fits(found: Identification, size: int | None) -> Identification:
    # A header that promises more data than the file holds describes a truncated file.
    if isinstance(found, Recognised) and size is not None:
        end = found.tensors.data_end
        if end is not None and end > size:
            name = FORMAT_NAMES[found.format]
            return NotWeights(
                f"it is truncated: its {name} header describes {end:,} bytes of data but "
                f"the file holds {size:,} bytes"
            )
    return found
