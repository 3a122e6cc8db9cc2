"""CTranslate2's `model.bin` (faster-whisper and other converted models), read from its header.

Written by ctranslate2/specs/model_spec.py: a uint32 binary version, the spec's name (a
uint16 length, the bytes, a NUL), a uint32 revision, the uint32 number of variables, then
each variable: name, rank, dims, a dtype id and its byte count, followed by its data.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from types import MappingProxyType

from registry.checks.weight_formats.model import (
    Identification,
    Recognised,
    Tensors,
    WeightFormat,
    count_parameters,
)

VERSIONS = range(1, 10)
MAX_NAME = 256
MAX_VARIABLES = 1_000_000
# ctranslate2/include/ctranslate2/types.h: DataType
DTYPES: Mapping[int, str] = MappingProxyType(
    {0: "F32", 1: "I8", 2: "I16", 3: "I32", 4: "F16", 5: "BF16"}
)


def identify_ctranslate2(data: bytes) -> Identification | None:
    """Recognise a CTranslate2 model: version, a "...Spec" name, and a variable count."""
    if len(data) < 10:
        return None
    version, name_length = struct.unpack_from("<IH", data)
    end = 6 + name_length
    if version not in VERSIONS or not 2 <= name_length <= MAX_NAME or len(data) < end + 8:
        return None
    name = data[6 : end - 1]
    if data[end - 1] != 0 or not name.isascii() or not name.decode().endswith("Spec"):
        return None
    _, variables = struct.unpack_from("<II", data, end)
    if not 0 < variables <= MAX_VARIABLES:
        return None
    counts = _first_variable(data, end + 8)
    tensors = Tensors(variables, counts, False, None)
    return Recognised(WeightFormat.CTRANSLATE2, tensors, f"{name.decode()}, version {version}")


def _first_variable(data: bytes, at: int) -> dict[str, int]:
    try:
        (length,) = struct.unpack_from("<H", data, at)
        at += 2 + length
        (rank,) = struct.unpack_from("<B", data, at)
        dims = struct.unpack_from(f"<{rank}I", data, at + 1)
        (kind,) = struct.unpack_from("<B", data, at + 1 + 4 * rank)
    except struct.error:
        return {}
    return {DTYPES.get(kind, f"type {kind}"): count_parameters(tuple(dims))}
