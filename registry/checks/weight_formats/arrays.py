"""NumPy's own files (.npy, and .npz zips of them) and zarr array metadata (T5X, tensorstore).

An .npy header is a Python dict literal after a magic string, read with
`ast.literal_eval` (literals only, never code). A zarr array is a folder whose `.zarray`
JSON gives dtype, shape and chunking; its chunk files hold the data.
"""

from __future__ import annotations

import ast
import json
import math
import struct
import zlib
from dataclasses import dataclass

from registry.checks.weight_formats.model import (
    DTYPE_BITS,
    Identification,
    NotWeights,
    ReadMore,
    Recognised,
    Tensors,
    WeightFormat,
    count_parameters,
)
from registry.checks.weight_formats.pickled import ZIP_HEADER, ZIP_LOCAL, numpy_dtype

NPY_MAGIC = b"\x93NUMPY"
# Compressed chunk files open with their codec's magic; raw chunks are exactly their size.
CHUNK_MAGIC: dict[str, tuple[bytes, ...]] = {
    "gzip": (b"\x1f\x8b",),
    "zlib": (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda"),
    "zstd": (b"\x28\xb5\x2f\xfd",),
    "blosc": (b"\x02\x01", b"\x02\x02"),  # blosc format version 2, versionlz 1 or 2
}


def identify_npy(data: bytes, offset: int = 0) -> Identification | None:
    """Recognise an .npy header at `offset`: magic, version, then a dict literal."""
    if not data[offset:].startswith(NPY_MAGIC):
        return None
    major = data[offset + 6] if len(data) > offset + 6 else 0
    width = 2 if major == 1 else 4
    at = offset + 8
    if len(data) < at + width:
        return ReadMore(at + width)
    (length,) = struct.unpack_from("<H" if width == 2 else "<I", data, at)
    end = at + width + length
    if len(data) < end:
        return ReadMore(end)
    return _npy_header(data[at + width : end], end)


def _npy_header(text: bytes, data_start: int) -> Identification:
    try:
        header = ast.literal_eval(text.decode("latin1"))
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return NotWeights("its .npy header is not a readable dict")
    descr = header.get("descr") if isinstance(header, dict) else None
    shape = header.get("shape") if isinstance(header, dict) else None
    if not isinstance(descr, str) or not isinstance(shape, tuple):
        return NotWeights("its .npy header has no plain dtype and shape")
    if "O" in descr:
        return NotWeights("it is a NumPy array of pickled Python objects, not numbers")
    dtype = numpy_dtype(descr)
    n = count_parameters(tuple(int(d) for d in shape))
    end = data_start + n * _itemsize(descr)
    return Recognised(WeightFormat.NPY, Tensors(1, {dtype: n}, True, end), descr)


def identify_npz(data: bytes) -> Identification | None:
    """Recognise an .npz: a zip whose first entry is an .npy (stored or deflated)."""
    if len(data) < ZIP_HEADER.size or not data.startswith(ZIP_LOCAL):
        return None
    fields = ZIP_HEADER.unpack_from(data)
    method, name_length, extra_length = fields[3], fields[9], fields[10]
    name = data[ZIP_HEADER.size : ZIP_HEADER.size + name_length].decode("utf-8", "replace")
    if not name.endswith(".npy"):
        return None
    start = ZIP_HEADER.size + name_length + extra_length
    body = data[start:]
    if method == 8:
        body = zlib.decompressobj(-15).decompress(body, 64 * 1024)
    first = identify_npy(body)
    if not isinstance(first, Recognised):
        return first if first is not None else NotWeights(f"its first entry {name} is not .npy")
    # Only the first array is seen: the others sit after its data.
    tensors = Tensors(None, first.tensors.parameters, False, None)
    return Recognised(WeightFormat.NPZ, tensors, f"first array {name}")


def _itemsize(descr: str) -> int:
    digits = "".join(ch for ch in descr if ch.isdigit())
    return int(digits) if digits else 1


@dataclass(frozen=True)
class ZarrArray:
    """A zarr v2 array's metadata: dtype, shape, chunk shape and compressor id."""

    dtype: str
    shape: tuple[int, ...]
    chunks: tuple[int, ...]
    compressor: str | None
    itemsize: int

    @property
    def chunk_count(self) -> int:
        """Return how many chunk files a complete array has."""
        return math.prod(math.ceil(s / c) for s, c in zip(self.shape, self.chunks, strict=True))

    @property
    def chunk_bytes(self) -> int:
        """Return the size of one uncompressed chunk."""
        return math.prod(self.chunks) * self.itemsize


def read_zarray(text: str) -> ZarrArray | str:
    """Parse `.zarray` JSON; return the array, or why it is not zarr array metadata."""
    try:
        meta = json.loads(text)
    except ValueError:
        return "its .zarray is not JSON"
    if not isinstance(meta, dict) or meta.get("zarr_format") != 2:
        return "its .zarray does not declare zarr_format 2"
    shape, chunks, descr = _dims(meta.get("shape")), _dims(meta.get("chunks")), meta.get("dtype")
    if shape is None or chunks is None or len(shape) != len(chunks):
        return "its .zarray has no usable shape and chunks"
    if not isinstance(descr, str) or "O" in descr:
        return "its .zarray dtype is not numeric"
    dtype = "BF16" if descr == "bfloat16" else numpy_dtype(descr)
    compressor = meta.get("compressor")
    codec = str(compressor.get("id")) if isinstance(compressor, dict) else None
    itemsize = DTYPE_BITS.get(dtype, _itemsize(descr) * 8) // 8
    return ZarrArray(dtype, shape, chunks, codec, itemsize)


def chunk_problem(array: ZarrArray, head: bytes, size: int | None) -> str | None:
    """Return why a chunk's bytes do not fit its array's codec, or None when they do."""
    if array.compressor is None:
        if size is not None and size != array.chunk_bytes:
            return f"a raw chunk must hold {array.chunk_bytes} bytes but holds {size}"
        return None
    magics = CHUNK_MAGIC.get(array.compressor)
    if magics is None or head.startswith(magics):
        return None
    return f"a chunk does not start as {array.compressor} data"


def _dims(value: object) -> tuple[int, ...] | None:
    if isinstance(value, list) and all(type(v) is int and v > 0 for v in value):
        return tuple(value)
    return None
