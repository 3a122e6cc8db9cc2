"""Formats recognised by their structure rather than a tensor list: HDF5, ONNX and Flax msgpack.

- HDF5 (Keras `tf_model.h5`) has an 8-byte signature at offset 0 (or 512, 1024, ... after
  a user block); its datasets sit in B-trees we do not walk.
- ONNX is a protobuf `ModelProto` with no magic: it counts when its first fields parse as
  ModelProto fields, starting with `ir_version`, and it carries a graph.
- Flax's `flax_model.msgpack` is a msgpack map of maps whose leaves are arrays packed as
  ext type 1 `(shape, dtype name, raw bytes)`; the first array is read.
"""

from __future__ import annotations

import struct

from registry.checks.weight_formats.model import (
    DTYPE_BITS,
    Identification,
    NotWeights,
    Recognised,
    Tensors,
    WeightFormat,
    count_parameters,
)
from registry.checks.weight_formats.pickled import numpy_dtype

HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
ONNX_MODEL_FIELDS = frozenset({1, 2, 3, 4, 5, 6, 7, 8, 14, 20, 25})  # onnx/onnx.proto
ONNX_IR_VERSIONS = range(1, 16)
ONNX_GRAPH = 7
MSGPACK_NDARRAY = 1  # flax/serialization.py: _MsgpackExtType.ndarray
MAX_DEPTH = 32


def identify_hdf5(data: bytes) -> Identification | None:
    """Recognise HDF5 by its signature at offset 0 or a power-of-two user-block size."""
    offsets = [0] + [512 << k for k in range(12)]
    for offset in offsets:
        if data[offset : offset + 8] == HDF5_SIGNATURE:
            return Recognised(WeightFormat.HDF5, Tensors(), "")
    return None


# -- ONNX (protobuf) ---------------------------------------------------------------------


def identify_onnx(data: bytes, size: int | None) -> Identification | None:
    """Recognise an ONNX ModelProto: ir_version first, known fields only, and a graph."""
    if not data.startswith(b"\x08"):
        return None
    fields = _protobuf_fields(data, size)
    if not fields or fields[0][0] != 1 or fields[0][1] not in ONNX_IR_VERSIONS:
        return None
    if any(number not in ONNX_MODEL_FIELDS for number, _ in fields):
        return None
    if ONNX_GRAPH not in {number for number, _ in fields}:
        return NotWeights("its ONNX model has no graph")
    return Recognised(WeightFormat.ONNX, Tensors(), f"IR version {fields[0][1]}")


def _protobuf_fields(data: bytes, size: int | None) -> list[tuple[int, int]]:
    """Return (field number, value or length) for the top-level fields within `data`."""
    fields: list[tuple[int, int]] = []
    at = 0
    limit = size if size is not None else len(data)
    while at < len(data) and len(fields) < 64:
        tag, at = read_varint(data, at)
        number, wire = tag >> 3, tag & 7
        if number == 0 or at < 0:
            return []
        if wire == 0:
            value, at = read_varint(data, at)
        elif wire == 2:
            value, at = read_varint(data, at)
            if at < 0 or at + value > limit:
                return []  # a length past the end of the file: not protobuf
            at += value
        elif wire in (1, 5):
            value, at = 0, at + (8 if wire == 1 else 4)
        else:
            return []
        if at < 0:
            return []
        fields.append((number, value))
    return fields


def read_varint(data: bytes, at: int) -> tuple[int, int]:
    """Return protobuf's base-128 varint at `at` and the offset after it; (0, -1) if cut off."""
    value = shift = 0
    while at < len(data) and shift < 64:
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at += 1
        if not byte & 0x80:
            return value, at
        shift += 7
    return 0, -1


# -- Flax msgpack --------------------------------------------------------------------------


class _Stop(Exception):
    """The walk reached the end of the bytes read, or something that is not Flax msgpack."""


def identify_msgpack(data: bytes) -> Identification | None:
    """Recognise Flax msgpack: a map of string keys leading to an ndarray ext value."""
    if not data or not (0x80 <= data[0] <= 0x8F or data[0] in (0xDE, 0xDF)):
        return None
    try:
        array = _first_array(data, 0, 0)
    except (_Stop, struct.error, IndexError):
        return None
    if array is None:
        return NotWeights("it is a msgpack map that holds no arrays")
    shape, dtype_name = array
    dtype = numpy_dtype(dtype_name) if len(dtype_name) <= 3 else _flax_dtype(dtype_name)
    n = count_parameters(shape)
    return Recognised(WeightFormat.MSGPACK, Tensors(None, {dtype: n}, False), "first array")


def _flax_dtype(name: str) -> str:
    names = {"float32": "F32", "float16": "F16", "bfloat16": "BF16", "float64": "F64"}
    return names.get(name, name.upper() if name.upper() in DTYPE_BITS else name)


def _first_array(data: bytes, at: int, depth: int) -> tuple[tuple[int, ...], str] | None:
    """Walk map -> string key -> value until the first ndarray ext; skip any other value."""
    found, _ = _walk_map(data, at, depth)
    return found


def _walk_map(
    data: bytes, at: int, depth: int
) -> tuple[tuple[tuple[int, ...], str] | None, int]:
    if depth > MAX_DEPTH:
        raise _Stop
    entries, at = _map_header(data, at)
    for _ in range(entries):
        _, at = _string(data, at)
        kind = data[at]
        if 0x80 <= kind <= 0x8F or kind in (0xDE, 0xDF):
            found, at = _walk_map(data, at, depth + 1)
            if found is not None:
                return found, at
        elif kind in (0xC7, 0xC8, 0xC9) and data[at + 1 + {0xC7: 1, 0xC8: 2, 0xC9: 4}[kind]] == 1:
            return _ndarray(data, at), at
        else:  # Flax's chunked-array marker, a scalar, a string...: step over it
            at = _skip(data, at, depth + 1)
    return None, at


# Fixed-size msgpack values: first byte -> bytes taken by the whole value.
_FIXED_SIZES = {0xC0: 1, 0xC2: 1, 0xC3: 1, 0xCA: 5, 0xCB: 9, 0xCC: 2, 0xCD: 3, 0xCE: 5,
                0xCF: 9, 0xD0: 2, 0xD1: 3, 0xD2: 5, 0xD3: 9, 0xD4: 3, 0xD5: 4, 0xD6: 6,
                0xD7: 10, 0xD8: 18}  # fmt: skip
# Length-prefixed values: first byte -> (width of the length, extra bytes after it).
_SIZED = {0xC4: (1, 0), 0xC5: (2, 0), 0xC6: (4, 0), 0xC7: (1, 1), 0xC8: (2, 1),
          0xC9: (4, 1), 0xD9: (1, 0), 0xDA: (2, 0), 0xDB: (4, 0)}  # fmt: skip


def _skip(data: bytes, at: int, depth: int) -> int:
    """Return the offset just after the msgpack value at `at`."""
    if depth > MAX_DEPTH or at >= len(data):
        raise _Stop
    kind = data[at]
    if kind <= 0x7F or kind >= 0xE0:
        return at + 1
    if 0xA0 <= kind <= 0xBF:
        return at + 1 + (kind & 0x1F)
    if kind in _FIXED_SIZES:
        return at + _FIXED_SIZES[kind]
    if kind in _SIZED:
        width, extra = _SIZED[kind]
        return at + 1 + width + extra + int.from_bytes(data[at + 1 : at + 1 + width], "big")
    if 0x90 <= kind <= 0x9F or kind in (0xDC, 0xDD):
        count, at = _array_header(data, at)
        for _ in range(count):
            at = _skip(data, at, depth + 1)
        return at
    if 0x80 <= kind <= 0x8F or kind in (0xDE, 0xDF):
        count, at = _map_header(data, at)
        for _ in range(2 * count):
            at = _skip(data, at, depth + 1)
        return at
    raise _Stop


def _array_header(data: bytes, at: int) -> tuple[int, int]:
    kind = data[at]
    if 0x90 <= kind <= 0x9F:
        return kind & 0x0F, at + 1
    width = 2 if kind == 0xDC else 4
    return int.from_bytes(data[at + 1 : at + 1 + width], "big"), at + 1 + width


def _map_header(data: bytes, at: int) -> tuple[int, int]:
    kind = data[at]
    if 0x80 <= kind <= 0x8F:
        return kind & 0x0F, at + 1
    width = 2 if kind == 0xDE else 4
    return int.from_bytes(data[at + 1 : at + 1 + width], "big"), at + 1 + width


def _string(data: bytes, at: int) -> tuple[str, int]:
    kind = data[at]
    if 0xA0 <= kind <= 0xBF:
        length, at = kind & 0x1F, at + 1
    elif kind in (0xD9, 0xDA, 0xDB):
        width = {0xD9: 1, 0xDA: 2, 0xDB: 4}[kind]
        length, at = int.from_bytes(data[at + 1 : at + 1 + width], "big"), at + 1 + width
    else:
        raise _Stop
    if at + length > len(data):
        raise _Stop
    return data[at : at + length].decode("utf-8", "replace"), at + length


def _ndarray(data: bytes, at: int) -> tuple[tuple[int, ...], str]:
    width = {0xC7: 1, 0xC8: 2, 0xC9: 4}[data[at]]
    ext_type = data[at + 1 + width]
    if ext_type != MSGPACK_NDARRAY:
        raise _Stop
    at += 2 + width
    if data[at] != 0x93:  # a 3-element array: (shape, dtype, buffer)
        raise _Stop
    at += 1
    dims_kind = data[at]
    if not 0x90 <= dims_kind <= 0x9F:
        raise _Stop
    shape = []
    at += 1
    for _ in range(dims_kind & 0x0F):
        value, at = _uint(data, at)
        shape.append(value)
    dtype, _ = _string(data, at)
    return tuple(shape), dtype


def _uint(data: bytes, at: int) -> tuple[int, int]:
    kind = data[at]
    if kind <= 0x7F:
        return kind, at + 1
    widths = {0xCC: 1, 0xCD: 2, 0xCE: 4, 0xCF: 8}
    if kind not in widths:
        raise _Stop
    width = widths[kind]
    return int.from_bytes(data[at + 1 : at + 1 + width], "big"), at + 1 + width
