"""Serve declared weight files as real headers followed by filler, one builder per format.

Every builder writes what the format's own writer would put before the tensor data (a
safetensors JSON header, a GGUF tensor table, torch.save's zip entry and pickle, an .npy
dict...), and `Filler` where the data goes. Written from the format documents, not copied
from any library; the registry's readers are never imported here, so a reader bug is not
mirrored by the stand-in.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from . import weight_pickles as pk
from .manifest import FileSpec
from .weight_layout import Filler, Layout, Segment
from .weight_specs import FORMATS, DeclError, TensorDecl, WeightDecl, parse_weight_decl

BITS: Mapping[str, int] = {
    "BOOL": 8, "U8": 8, "I8": 8, "F8_E4M3": 8, "F8_E5M2": 8, "U16": 16, "I16": 16, "F16": 16,
    "BF16": 16, "U32": 32, "I32": 32, "F32": 32, "U64": 64, "I64": 64, "F64": 64,
}  # fmt: skip
# GGUF tensor types: id, elements per block, bytes per block (ggml.h, ggml.c type_traits).
GGUF_TYPES: Mapping[str, tuple[int, int, int]] = {
    "F32": (0, 1, 4), "F16": (1, 1, 2), "Q4_0": (2, 32, 18), "Q4_1": (3, 32, 20),
    "Q5_0": (6, 32, 22), "Q5_1": (7, 32, 24), "Q8_0": (8, 32, 34), "Q2_K": (10, 256, 84),
    "Q3_K": (11, 256, 110), "Q4_K": (12, 256, 144), "Q5_K": (13, 256, 176),
    "Q6_K": (14, 256, 210), "I8": (24, 1, 1), "I16": (25, 1, 2), "I32": (26, 1, 4),
    "I64": (27, 1, 8), "F64": (28, 1, 8), "BF16": (30, 1, 2),
}  # fmt: skip
GGUF_ALIGNMENT = 32
FIT_DTYPE = "F32"  # the dtype of the one tensor that fills a size-only declaration
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


def nbytes(tensor: TensorDecl) -> int:
    """Return the bytes a tensor's data takes."""
    n = 1
    for dim in tensor.shape:
        n *= dim
    if tensor.dtype in GGUF_TYPES and tensor.dtype not in BITS:
        _, per_block, block_bytes = GGUF_TYPES[tensor.dtype]
        return -(-n // per_block) * block_bytes
    return -(-n * BITS[tensor.dtype] // 8)


@lru_cache(maxsize=4096)
def build_layout(decl: WeightDecl) -> Layout:
    """Return the served bytes of a declared weight file; raise DeclError if it cannot be."""
    if decl.pickled is not None:
        return _sized(Layout((decl.pickled,)), decl.size)
    if decl.format in FORMAT_BUILDERS and not decl.tensors:
        return _fit(decl)
    if decl.format == "onnx":
        return onnx_layout(decl.size or 0, dict(decl.metadata).get("external_data"))
    builder = SIZED_BUILDERS.get(decl.format)
    if builder is not None:
        return builder(decl.size or 0)
    return _sized(Layout(tuple(FORMAT_BUILDERS[decl.format](decl))), decl.size)


def declared_weight_file(entry: Mapping[str, Any]) -> FileSpec:
    """Return the FileSpec of a manifest entry with a `format`; raise DeclError if invalid."""
    if "format" not in entry:
        raise DeclError("header: give the file's format too")
    if "content" in entry or "text_ref" in entry:
        raise DeclError("a file with a format takes no content or text_ref")
    decl = parse_weight_decl(entry)
    return FileSpec(path=entry["path"], size=build_layout(decl).size, weights=decl)


def safetensors_parameters(decl: WeightDecl) -> dict[str, int]:
    """Return parameters per dtype of a safetensors file whose header is served whole."""
    head = build_layout(decl).head
    if decl.format != "safetensors" or len(head) < 8:
        return {}
    (length,) = struct.unpack_from("<Q", head)
    if len(head) < 8 + length:
        return {}  # cut inside its header: the Hub could not read it either
    counts: dict[str, int] = {}
    for tensor in decl.tensors or _fitted_tensors(decl):
        n = 1
        for dim in tensor.shape:
            n *= dim
        counts[tensor.dtype] = counts.get(tensor.dtype, 0) + n
    return counts


def _fitted_tensors(decl: WeightDecl) -> list[TensorDecl]:
    header = json.loads(build_layout(decl).head[8:])
    return [
        TensorDecl(name, t["dtype"], tuple(t["shape"]))
        for name, t in header.items()
        if name != "__metadata__"
    ]


def _sized(layout: Layout, size: int | None) -> Layout:
    return layout if size is None else layout.resized(size)


def _fit(decl: WeightDecl) -> Layout:
    # One tensor as large as fits in `size`: work out the header's length, then the rest.
    size = decl.size or 0
    dtype = FIT_DTYPE if FIT_DTYPE in FORMATS[decl.format] else "U8"
    itemsize = BITS[dtype] // 8
    n = max(1, size // itemsize)
    for _ in range(4):
        trial = WeightDecl(decl.format, (TensorDecl("weight", dtype, (n,)),), decl.metadata)
        overhead = Layout(tuple(FORMAT_BUILDERS[decl.format](trial))).size - n * itemsize
        n = (size - overhead) // itemsize
        if n < 1:
            raise DeclError(f"size: {size} bytes is too small for a {decl.format} file")
    fitted = WeightDecl(decl.format, (TensorDecl("weight", dtype, (n,)),), decl.metadata)
    if decl.format == "safetensors":  # the JSON header absorbs the remainder as spaces
        return Layout(tuple(safetensors_segments(fitted, pad_to=size)))
    return Layout(tuple(FORMAT_BUILDERS[decl.format](fitted))).resized(size)


# -- safetensors ---------------------------------------------------------------------------


def safetensors_segments(decl: WeightDecl, pad_to: int | None = None) -> list[Segment]:
    """An 8-byte length, the JSON header (space-padded to 8 bytes), then the data."""
    header: dict[str, object] = {}
    if decl.metadata:
        header["__metadata__"] = dict(decl.metadata)
    offset = 0
    for tensor in decl.tensors:
        size = nbytes(tensor)
        header[tensor.name] = {
            "dtype": tensor.dtype,
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + size],
        }
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode()
    length = len(text) + (-(8 + len(text)) % 8)
    if pad_to is not None:
        length = max(length, pad_to - 8 - offset)
    text = text.ljust(length, b" ")
    return [struct.pack("<Q", len(text)) + text, Filler(offset)]


# -- GGUF ----------------------------------------------------------------------------------


def _gguf_string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


def gguf_segments(decl: WeightDecl) -> list[Segment]:
    """GGUF v3: counts, two key-values, the tensor infos, alignment padding, the data."""
    kvs = [("general.architecture", "llama"), ("general.name", "stand-in")]
    head = b"GGUF" + struct.pack("<IQQ", 3, len(decl.tensors), len(kvs))
    for key, value in kvs:
        head += _gguf_string(key) + struct.pack("<I", 8) + _gguf_string(value)
    offset = 0
    for tensor in decl.tensors:
        kind = GGUF_TYPES[tensor.dtype][0]
        dims = struct.pack(f"<I{len(tensor.shape)}Q", len(tensor.shape), *tensor.shape)
        head += _gguf_string(tensor.name) + dims + struct.pack("<IQ", kind, offset)
        offset += -(-nbytes(tensor) // GGUF_ALIGNMENT) * GGUF_ALIGNMENT
    head += b"\0" * (-len(head) % GGUF_ALIGNMENT)
    return [head, Filler(offset)]


# -- NumPy and Flax --------------------------------------------------------------------------


def npy_header(tensor: TensorDecl) -> bytes:
    """The .npy v1.0 header: magic, version, length, dict literal padded to 64 bytes."""
    shape = "(" + "".join(f"{d}, " for d in tensor.shape).rstrip(" ") + ")"
    if len(tensor.shape) > 1:
        shape = shape.replace(",)", ")")
    descr = pk.numpy_descr(tensor.dtype)
    text = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}"
    text += " " * (-(10 + len(text) + 1) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text.encode("latin1")


def npy_segments(decl: WeightDecl) -> list[Segment]:
    """One array: the .npy header and its data (extra tensors are not written)."""
    tensor = decl.tensors[0]
    return [npy_header(tensor), Filler(nbytes(tensor))]


def npz_segments(decl: WeightDecl) -> list[Segment]:
    """A stored (uncompressed) zip of .npy files, as numpy.savez writes it."""
    segments: list[Segment] = []
    for tensor in decl.tensors:
        head = npy_header(tensor)
        name = f"{tensor.name}.npy"
        segments += [pk.zip_local_header(name, len(head) + nbytes(tensor)) + head]
        segments.append(Filler(nbytes(tensor)))
    return segments


def msgpack_segments(decl: WeightDecl) -> list[Segment]:
    """Flax's msgpack: nested maps from dotted names, arrays as ext type 1."""
    tree: dict[str, object] = {}
    for tensor in decl.tensors:
        *parents, leaf = tensor.name.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})  # type: ignore[assignment]
        node[leaf] = tensor
    segments: list[Segment] = []
    pk.msgpack_tree(tree, segments, nbytes)
    return segments


# ctranslate2/include/ctranslate2/types.h: DataType ids.
CT2_DTYPES: Mapping[str, int] = {"F32": 0, "I8": 1, "I16": 2, "I32": 3, "F16": 4, "BF16": 5}


def ctranslate2_segments(decl: WeightDecl) -> list[Segment]:
    """CTranslate2's model.bin, binary version 6: spec name, revision, variables, no aliases."""

    def string(text: str) -> bytes:
        return struct.pack("<H", len(text) + 1) + text.encode() + b"\0"

    spec = dict(decl.metadata).get("spec", "TransformerSpec")
    head = struct.pack("<I", 6) + string(spec) + struct.pack("<II", 1, len(decl.tensors))
    segments: list[Segment] = []
    for tensor in decl.tensors:
        dims = struct.pack(f"<B{len(tensor.shape)}I", len(tensor.shape), *tensor.shape)
        head += string(tensor.name) + dims
        head += struct.pack("<BI", CT2_DTYPES[tensor.dtype], nbytes(tensor))
        segments += [head, Filler(nbytes(tensor))]
        head = b""
    return [*segments, struct.pack("<I", 0)]


FORMAT_BUILDERS: Mapping[str, Callable[[WeightDecl], list[Segment]]] = {
    "safetensors": safetensors_segments,
    "gguf": gguf_segments,
    "torch-zip": pk.torch_zip_segments,
    "torch-legacy": pk.torch_legacy_segments,
    "numpy-pickle": pk.numpy_pickle_segments,
    "npy": npy_segments,
    "npz": npz_segments,
    "msgpack": msgpack_segments,
    "ctranslate2": ctranslate2_segments,
}


# -- formats served as a signature and filler ------------------------------------------------


def hdf5_layout(size: int) -> Layout:
    """The HDF5 signature and a version-0 superblock, then filler."""
    superblock = HDF5_SIGNATURE + bytes([0, 0, 0, 0, 0, 8, 8, 0]) + struct.pack("<HHI", 4, 16, 0)
    superblock += struct.pack("<Q", 0) + b"\xff" * 8 + struct.pack("<Q", size) + b"\xff" * 8
    return Layout((superblock,)).resized(size)


def onnx_layout(size: int, external_data: str | None = None) -> Layout:
    """ModelProto: ir_version 8, producer, a graph field holding the rest, opset 17.

    With `external_data`, the graph opens with one initializer whose data lives in that
    file (TensorProto.external_data {location: ...}, data_location EXTERNAL), as exporters
    write models past protobuf's 2 GB limit; the rest of the graph is a filler doc_string.
    """
    head = b"\x08\x08" + b"\x12\x07pytorch" + b"\x1a\x052.1.0"
    opset = b"\x42\x02\x10\x11"
    initializer = b""
    if external_data is not None:
        location = external_data.encode()
        entry = b"\x0a\x08location\x12" + pk.varint(len(location)) + location
        tensor = b"\x10\x01" + b"\x42\x01w" + b"\x6a" + pk.varint(len(entry)) + entry + b"\x70\x01"
        initializer = b"\x2a" + pk.varint(len(tensor)) + tensor
    body = size - len(head) - len(opset) - 1  # the graph field's length, then its filler's
    fill = body
    for _ in range(3):
        body = size - len(head) - len(opset) - 1 - len(pk.varint(body))
        fill = body - len(initializer) - (1 + len(pk.varint(fill)) if initializer else 0)
    if fill < 0:
        raise DeclError(f"size: {size} bytes is too small for an ONNX file")
    inside = initializer + (b"\x52" + pk.varint(fill) if initializer else b"")
    return Layout((head + b"\x3a" + pk.varint(body) + inside, Filler(fill), opset))


def ggml_layout(size: int) -> Layout:
    """llama.cpp's pre-GGUF 'ggjt' magic (little-endian) and version 3, then filler."""
    return Layout((b"tjgg" + struct.pack("<I", 3),)).resized(size)


SIZED_BUILDERS: Mapping[str, Callable[[int], Layout]] = {
    "hdf5": hdf5_layout,
    "onnx": onnx_layout,
    "ggml": ggml_layout,
}
