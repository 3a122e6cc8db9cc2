"""Safetensors: the header huggingface_hub reads, checked against the format's own rules.

The format (https://huggingface.co/docs/safetensors/index#format): an 8-byte little-endian
header length N, N bytes of JSON mapping tensor names to {dtype, shape, data_offsets},
then the data, whose offsets tile it from 0 with no gap. The file must be exactly
8 + N + the last offset; huggingface_hub caps N at 25,000,000.
"""

from __future__ import annotations

import struct

from registry.checks.weight_formats.model import (
    DTYPE_BITS,
    NotWeights,
    Recognised,
    Tensors,
    WeightFormat,
    add_parameters,
    count_parameters,
)
from registry.ports import SafetensorsHeader, TensorHeader

MAX_HEADER_BYTES = 25_000_000  # huggingface_hub's SAFETENSORS_MAX_HEADER_LENGTH
MIN_HEADER_BYTES = 2  # "{}"


def looks_like_safetensors(data: bytes) -> bool:
    """Return True when the first bytes are a plausible header length followed by "{"."""
    if len(data) < 9:
        return False
    (length,) = struct.unpack_from("<Q", data)
    return MIN_HEADER_BYTES <= length <= MAX_HEADER_BYTES and data[8:9] == b"{"


def check_safetensors(header: SafetensorsHeader, size: int | None) -> Recognised | NotWeights:
    """Return the tensors a header declares, or why it is not a valid safetensors file."""
    if header.problem is not None:
        return NotWeights(header_problem(header.problem))
    if not header.tensors:
        return NotWeights("its safetensors header lists no tensors")
    problem = _tensor_problem(header.tensors)
    if problem is not None:
        return NotWeights(f"its safetensors header is inconsistent: {problem}")
    end = max(t.data_offsets[1] for t in header.tensors)
    problem = _size_problem(end, size)
    if problem is not None:
        return NotWeights(problem)
    counts: dict[str, int] = {}
    for tensor in header.tensors:
        add_parameters(counts, tensor.dtype, count_parameters(tensor.shape))
    fmt = header.metadata.get("format", "")
    detail = f"saved from {fmt}" if fmt else ""
    return Recognised(WeightFormat.SAFETENSORS, Tensors(len(header.tensors), counts), detail)


def _tensor_problem(tensors: tuple[TensorHeader, ...]) -> str | None:
    spans = []
    for tensor in tensors:
        bits = DTYPE_BITS.get(tensor.dtype)
        if bits is None:
            return f"tensor {tensor.name} has the unknown dtype {tensor.dtype!r}"
        begin, end = tensor.data_offsets
        expected = -(-count_parameters(tensor.shape) * bits // 8)
        if begin < 0 or end - begin != expected:
            return (
                f"tensor {tensor.name} ({tensor.dtype} {list(tensor.shape)}) needs {expected} "
                f"bytes but its offsets span {end - begin}"
            )
        spans.append((begin, end))
    position = 0
    for begin, end in sorted(spans):
        if begin != position:
            return f"the tensor data has a gap or an overlap at byte {begin}"
        position = end
    return None


def _size_problem(end: int, size: int | None) -> str | None:
    if size is None:
        return None
    room = size - 8 - end  # what is left for the JSON header
    if room < MIN_HEADER_BYTES:
        return (
            f"it is truncated: its header describes {end:,} bytes of tensor data but the "
            f"file holds {size:,} bytes"
        )
    if room > MAX_HEADER_BYTES:
        return (
            f"its header describes {end:,} bytes of tensor data, far less than the "
            f"{size:,}-byte file holds"
        )
    return None


def cut_inside_header(head: bytes, size: int | None) -> str | None:
    """Return why a file ends inside the header its first 8 bytes announce, else None."""
    if size is None or not looks_like_safetensors(head):
        return None
    (length,) = struct.unpack_from("<Q", head)
    if size >= 8 + length:
        return None
    return (
        f"it is truncated inside its safetensors header: the header needs {8 + length:,} "
        f"bytes but the file holds {size:,}"
    )


def header_problem(problem: str) -> str:
    """Return the end of "<file> is not weights: ..." for huggingface_hub's parse error."""
    return f"it is not a safetensors file ({_first_sentence(problem)})"


def _first_sentence(text: str) -> str:
    cut = text.split(": ", 1)[-1] if "safetensors header for" in text else text
    return cut.split(". ")[0].rstrip(".")
