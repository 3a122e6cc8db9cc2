"""A manifest file entry's declared weight format and header, validated into a `WeightDecl`.

```yaml
- path: model-00001-of-00002.safetensors
  format: safetensors            # see FORMATS
  header:                        # optional; without it, `size` is filled with one tensor
    parameters: {BF16: 4943000000}   # or an int with `dtype:`; or `tensors:` below
    tensor_count: 150                # the parameters split over this many tensors
    tensors: [{name: lm_head.weight, dtype: BF16, shape: [32000, 4096]}]
    metadata: {format: pt}           # safetensors __metadata__
  size: 40                       # optional with a header: serve only this many bytes
```
(truncated, or padded with filler). The `pickle` format pickles `header.data` (plain YAML
values), for files such as a tokenizer pickled under a weights name.
"""

from __future__ import annotations

import pickle  # only ever dumps manifest data, never loads
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Formats a manifest may declare, and the dtypes each can hold.
_NUMERIC = ("F16", "F32", "F64", "I8", "I16", "I32", "I64", "U8", "U16", "U32", "U64", "BOOL")
_SAFETENSORS = (*_NUMERIC, "BF16", "F8_E4M3", "F8_E5M2")
_GGUF = ("F32", "F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K",
         "Q4_K", "Q5_K", "Q6_K", "I8", "I16", "I32", "I64", "F64")  # fmt: skip
_TORCH = ("F16", "F32", "F64", "BF16", "I8", "I16", "I32", "I64", "U8", "BOOL")
FORMATS: Mapping[str, tuple[str, ...]] = {
    "safetensors": _SAFETENSORS,
    "gguf": _GGUF,
    "torch-zip": _TORCH,
    "torch-legacy": _TORCH,
    "numpy-pickle": _NUMERIC,
    "npy": _NUMERIC,
    "npz": _NUMERIC,
    "msgpack": (*_NUMERIC, "BF16"),
    "ctranslate2": ("F32", "I8", "I16", "I32", "F16", "BF16"),
    "hdf5": (),  # served as a signature and superblock, then filler: needs `size`
    "onnx": (),
    "ggml": (),
    "pickle": (),  # header.data pickled as it is
}
FORMAT_ONLY = frozenset({"hdf5", "onnx", "ggml"})
HEADER_KEYS = frozenset({"tensors", "parameters", "dtype", "tensor_count", "metadata", "data"})
MAX_TENSORS = 200_000


@dataclass(frozen=True)
class TensorDecl:
    """One declared tensor."""

    name: str
    dtype: str
    shape: tuple[int, ...]


@dataclass(frozen=True)
class WeightDecl:
    """What a weight file holds: its format, tensors, metadata, and the length served."""

    format: str
    tensors: tuple[TensorDecl, ...] = ()
    metadata: tuple[tuple[str, str], ...] = ()
    pickled: bytes | None = None
    size: int | None = None  # with tensors: cut or pad to this; without: fill it


class DeclError(ValueError):
    """A declared header that cannot be served; the message names the field."""


def parse_weight_decl(entry: Mapping[str, Any]) -> WeightDecl:
    """Validate an entry's `format`, `header` and `size` into a WeightDecl."""
    fmt = entry["format"]
    header = entry.get("header") or {}
    size = entry.get("size")
    unknown = set(header) - HEADER_KEYS
    if unknown:
        raise DeclError(f"header: unknown field(s) {sorted(unknown)}")
    if fmt == "pickle":
        if "data" not in header or set(header) != {"data"}:
            raise DeclError("header: the pickle format takes exactly one field, data")
        return WeightDecl(fmt, pickled=pickle.dumps(header["data"], protocol=4), size=size)
    if "data" in header:
        raise DeclError("header.data: only the pickle format takes data")
    if fmt in FORMAT_ONLY:
        # An ONNX file may name the file its tensors live in (ONNX external data).
        allowed = {"external_data"} if fmt == "onnx" else set()
        extra = set(header) - {"metadata"} or set(header.get("metadata") or {}) - allowed
        if extra or size is None:
            raise DeclError(f"{fmt} files take no header (onnx: metadata.external_data only) "
                            "and need a size")  # fmt: skip
        named = tuple(sorted((str(k), str(v)) for k, v in (header.get("metadata") or {}).items()))
        return WeightDecl(fmt, metadata=named, size=size)
    tensors = _tensors(fmt, header)
    if not tensors and size is None:
        raise DeclError("give header.tensors, header.parameters, or a size to fill")
    metadata = tuple(sorted((str(k), str(v)) for k, v in (header.get("metadata") or {}).items()))
    return WeightDecl(fmt, tensors, metadata, size=size)


def _tensors(fmt: str, header: Mapping[str, Any]) -> tuple[TensorDecl, ...]:
    if "tensors" in header and "parameters" in header:
        raise DeclError("header: give tensors or parameters, not both")
    if "tensors" in header:
        return tuple(_explicit(fmt, i, t) for i, t in enumerate(header["tensors"]))
    if "parameters" not in header:
        if {"dtype", "tensor_count"} & set(header):
            raise DeclError("header: dtype and tensor_count go with parameters")
        return ()
    counts = _counts(fmt, header)
    spread = _spread(header.get("tensor_count", len(counts)), len(counts))
    return tuple(
        tensor
        for index, ((dtype, total), parts) in enumerate(zip(counts.items(), spread, strict=True))
        for tensor in _split(fmt, dtype, total, parts, index)
    )


def _explicit(fmt: str, index: int, tensor: Any) -> TensorDecl:
    where = f"header.tensors[{index}]"
    if not isinstance(tensor, dict) or set(tensor) != {"name", "dtype", "shape"}:
        raise DeclError(f"{where}: give exactly name, dtype and shape")
    shape = tensor["shape"]
    if not isinstance(shape, list) or not all(type(d) is int and d >= 0 for d in shape):
        raise DeclError(f"{where}.shape: a list of whole numbers")
    _check_dtype(fmt, tensor["dtype"], f"{where}.dtype")
    return TensorDecl(str(tensor["name"]), tensor["dtype"], tuple(shape))


def _counts(fmt: str, header: Mapping[str, Any]) -> dict[str, int]:
    parameters = header["parameters"]
    if isinstance(parameters, dict):
        if "dtype" in header:
            raise DeclError("header.dtype: the parameters mapping already names dtypes")
        counts = dict(parameters)
    else:
        counts = {header.get("dtype", ""): parameters}
    for dtype, n in counts.items():
        _check_dtype(fmt, dtype, "header.dtype")
        if type(n) is not int or n <= 0:
            raise DeclError(f"header.parameters: {n!r} is not a positive whole number")
    return counts


def _spread(tensor_count: Any, dtypes: int) -> list[int]:
    # The tensors per dtype: an even share, the first dtypes taking one more each.
    if type(tensor_count) is not int or not dtypes <= tensor_count <= MAX_TENSORS:
        raise DeclError(f"header.tensor_count: a whole number from {dtypes} to {MAX_TENSORS}")
    base, extra = divmod(tensor_count, dtypes)
    return [base + (1 if n < extra else 0) for n in range(dtypes)]


def _check_dtype(fmt: str, dtype: Any, where: str) -> None:
    if dtype not in FORMATS[fmt]:
        raise DeclError(f"{where}: {dtype!r} is not a {fmt} dtype ({', '.join(FORMATS[fmt])})")


def _split(fmt: str, dtype: str, total: int, parts: int, index: int) -> list[TensorDecl]:
    # Equal 1-D parts (multiples of the quantisation block for GGUF); the last takes the rest.
    block = GGUF_BLOCK_ELEMENTS.get(dtype, 1) if fmt == "gguf" else 1
    if total % block:
        raise DeclError(f"header.parameters: {dtype} needs a multiple of {block}")
    parts = max(1, min(parts, total // block))
    base = total // block // parts * block
    sizes = [base] * (parts - 1) + [total - base * (parts - 1)]
    return [
        TensorDecl(f"generated.{index}.{n:05d}.{dtype.lower()}", dtype, (size,))
        for n, size in enumerate(sizes)
    ]


# Elements per quantisation block of the GGUF types (ggml.c type_traits).
GGUF_BLOCK_ELEMENTS: Mapping[str, int] = {
    "Q4_0": 32, "Q4_1": 32, "Q5_0": 32, "Q5_1": 32, "Q8_0": 32,
    "Q2_K": 256, "Q3_K": 256, "Q4_K": 256, "Q5_K": 256, "Q6_K": 256,
}  # fmt: skip
