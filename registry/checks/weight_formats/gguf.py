"""llama.cpp's GGUF (and the GGML formats before it), read from the file's header.

GGUF (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md): "GGUF", a version, the
tensor and key-value counts, the key-values, then one info per tensor (name, dims, type,
offset). Tensor data starts at the next multiple of `general.alignment` (32 by default).
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from registry.checks.weight_formats.model import (
    Identification,
    NotWeights,
    Recognised,
    Tensors,
    WeightFormat,
    add_parameters,
    count_parameters,
)

GGUF_MAGIC = b"GGUF"
# Pre-GGUF llama.cpp files: the magic is a little-endian uint32 ("ggml", "ggmf", "ggjt").
GGML_MAGICS = (b"lmgg", b"fmgg", b"tjgg")
DEFAULT_ALIGNMENT = 32
MAX_TENSORS = 1_000_000  # a header claiming more is not a real model

# ggml tensor types: name, elements per block, bytes per block (ggml/include/ggml.h and
# ggml.c's type_traits). Quantised types pack a block of elements with its scales.
GGML_TYPES: Mapping[int, tuple[str, int, int]] = MappingProxyType(
    {
        0: ("F32", 1, 4), 1: ("F16", 1, 2), 2: ("Q4_0", 32, 18), 3: ("Q4_1", 32, 20),
        6: ("Q5_0", 32, 22), 7: ("Q5_1", 32, 24), 8: ("Q8_0", 32, 34), 9: ("Q8_1", 32, 36),
        10: ("Q2_K", 256, 84), 11: ("Q3_K", 256, 110), 12: ("Q4_K", 256, 144),
        13: ("Q5_K", 256, 176), 14: ("Q6_K", 256, 210), 15: ("Q8_K", 256, 292),
        16: ("IQ2_XXS", 256, 66), 17: ("IQ2_XS", 256, 74), 18: ("IQ3_XXS", 256, 98),
        19: ("IQ1_S", 256, 50), 20: ("IQ4_NL", 32, 18), 21: ("IQ3_S", 256, 110),
        22: ("IQ2_S", 256, 82), 23: ("IQ4_XS", 256, 136), 24: ("I8", 1, 1), 25: ("I16", 1, 2),
        26: ("I32", 1, 4), 27: ("I64", 1, 8), 28: ("F64", 1, 8), 29: ("IQ1_M", 256, 56),
        30: ("BF16", 1, 2), 34: ("TQ1_0", 256, 54), 35: ("TQ2_0", 256, 66),
    }
)  # fmt: skip
# Key-value types with a fixed width: struct format per type id.
FIXED_VALUES: Mapping[int, str] = MappingProxyType(
    {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}
)
STRING, ARRAY = 8, 9


class _CutOff(Exception):
    """The header runs past the bytes read."""


@dataclass
class _Cursor:
    data: bytes
    at: int = 0

    def take(self, fmt: str) -> int:
        size = struct.calcsize("<" + fmt)
        if self.at + size > len(self.data):
            raise _CutOff
        (value,) = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += size
        return value  # type: ignore[no-any-return]

    def string(self) -> str:
        length = self.take("Q")
        if self.at + length > len(self.data):
            raise _CutOff
        text = self.data[self.at : self.at + length].decode("utf-8", "replace")
        self.at += length
        return text


def identify_ggml(data: bytes) -> Identification | None:
    """Recognise a pre-GGUF GGML file by its magic; its tensors are not counted."""
    if data[:4] in GGML_MAGICS:
        return Recognised(WeightFormat.GGML, Tensors(), data[:4][::-1].decode())
    return None


def identify_gguf(data: bytes) -> Identification | None:
    """Recognise GGUF; count tensors, types and parameters as far as the bytes read go."""
    if not data.startswith(GGUF_MAGIC):
        return None
    cursor = _Cursor(data, 4)
    try:
        version = cursor.take("I")
        width = "I" if version == 1 else "Q"
        tensor_count, kv_count = cursor.take(width), cursor.take(width)
    except _CutOff:
        return NotWeights("its GGUF header is cut off")
    if version not in (1, 2, 3) or tensor_count == 0 or tensor_count > MAX_TENSORS:
        return NotWeights(
            f"its GGUF header is not valid (version {version}, {tensor_count} tensors)"
        )
    return _gguf_tensors(cursor, version, tensor_count, kv_count)


def _gguf_tensors(cursor: _Cursor, version: int, tensors: int, kvs: int) -> Recognised:
    counts: dict[str, int] = {}
    alignment = DEFAULT_ALIGNMENT
    ends: list[int] = []
    try:
        for _ in range(kvs):
            key = cursor.string()
            value = _value(cursor, cursor.take("I"))
            if key == "general.alignment" and isinstance(value, int) and value > 0:
                alignment = value
        for _ in range(tensors):
            ends.append(_tensor_info(cursor, counts))
    except _CutOff:
        partial = Tensors(tensors, counts, False, None)
        return Recognised(WeightFormat.GGUF, partial, f"v{version}")
    data_start = -(-cursor.at // alignment) * alignment
    full = Tensors(tensors, counts, True, data_start + max(ends, default=0))
    return Recognised(WeightFormat.GGUF, full, f"v{version}")


def _value(cursor: _Cursor, kind: int) -> object:
    if kind in FIXED_VALUES:
        return cursor.take(FIXED_VALUES[kind])
    if kind == STRING:
        return cursor.string()
    if kind == ARRAY:
        item_kind, length = cursor.take("I"), cursor.take("Q")
        for _ in range(length):
            _value(cursor, item_kind)
        return None
    raise _CutOff  # an unknown type: nothing after it can be read


def _tensor_info(cursor: _Cursor, counts: dict[str, int]) -> int:
    cursor.string()  # name
    dims = tuple(cursor.take("Q") for _ in range(cursor.take("I")))
    kind, offset = cursor.take("I"), cursor.take("Q")
    name, per_block, block_bytes = GGML_TYPES.get(kind, (f"type {kind}", 1, 0))
    n = count_parameters(dims)
    add_parameters(counts, name, n)
    return offset + -(-n // per_block) * block_bytes
