"""Pickle, zip and msgpack writing for the stand-in's weight files, opcode by opcode.

torch.save's formats (torch/serialization.py) and NumPy's ndarray pickle are written by
hand because neither library is installed, and because the stand-in must never need the
code it stands in for. Pickles use protocol 2 opcodes (torch's default) without memo.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from .weight_layout import Filler, Segment
from .weight_specs import TensorDecl, WeightDecl

STORAGE_CLASSES = {
    "F32": "FloatStorage", "F64": "DoubleStorage", "F16": "HalfStorage",
    "BF16": "BFloat16Storage", "I64": "LongStorage", "I32": "IntStorage",
    "I16": "ShortStorage", "I8": "CharStorage", "U8": "ByteStorage", "BOOL": "BoolStorage",
}  # fmt: skip
ITEMSIZE = {"F32": 4, "F64": 8, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1,
            "U8": 1, "U16": 2, "U32": 4, "U64": 8, "BOOL": 1}  # fmt: skip
NUMPY_DESCR = {"F16": "<f2", "F32": "<f4", "F64": "<f8", "I8": "|i1", "I16": "<i2",
               "I32": "<i4", "I64": "<i8", "U8": "|u1", "U16": "<u2", "U32": "<u4",
               "U64": "<u8", "BOOL": "|b1"}  # fmt: skip
LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
LEGACY_PROTOCOL = 1001
ZIP_ALIGNMENT = 64  # torch aligns each entry's data to 64 bytes with an "FB" extra field

MARK, STOP, TUPLE, REDUCE, SETITEMS, BINPERSID = b"(", b".", b"t", b"R", b"u", b"Q"
EMPTY_TUPLE, EMPTY_DICT, NEWFALSE, NEWTRUE, NONE, BUILD = b")", b"}", b"\x89", b"\x88", b"N", b"b"


def numpy_descr(dtype: str) -> str:
    """Return NumPy's type string for a dtype name."""
    return NUMPY_DESCR[dtype]


def varint(value: int) -> bytes:
    """Return a protobuf varint."""
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


# -- pickle opcodes ---------------------------------------------------------------------------


def p_str(text: str) -> bytes:
    raw = text.encode()
    return b"X" + struct.pack("<I", len(raw)) + raw  # BINUNICODE


def p_int(n: int) -> bytes:
    if 0 <= n < 256:
        return b"K" + bytes([n])
    if 0 <= n < 65536:
        return b"M" + struct.pack("<H", n)
    if -(2**31) <= n < 2**31:
        return b"J" + struct.pack("<i", n)
    raw = n.to_bytes((n.bit_length() + 8) // 8, "little", signed=True)
    return b"\x8a" + bytes([len(raw)]) + raw  # LONG1


def p_global(module: str, name: str) -> bytes:
    return b"c" + f"{module}\n{name}\n".encode()


def p_tuple(items: list[bytes]) -> bytes:
    return MARK + b"".join(items) + TUPLE if items else EMPTY_TUPLE


def _ordered_dict() -> bytes:
    return p_global("collections", "OrderedDict") + EMPTY_TUPLE + REDUCE


def _storages(decl: WeightDecl) -> tuple[dict[str, int], list[tuple[TensorDecl, str, int]]]:
    # One storage per dtype; each tensor is a view at an offset, as tied weights are.
    numel: dict[str, int] = {}
    placed = []
    for tensor in decl.tensors:
        n = 1
        for dim in tensor.shape:
            n *= dim
        offset = numel.get(tensor.dtype, 0)
        numel[tensor.dtype] = offset + n
        placed.append((tensor, tensor.dtype, offset))
    return numel, placed


def state_dict_pickle(decl: WeightDecl, keys: dict[str, str], legacy: bool) -> bytes:
    """The OrderedDict of tensors, each `_rebuild_tensor_v2(storage, offset, shape, ...)`."""
    numel, placed = _storages(decl)
    body = b""
    for tensor, dtype, offset in placed:
        pid = [p_str("storage"), p_global("torch", STORAGE_CLASSES[dtype]), p_str(keys[dtype]),
               p_str("cpu"), p_int(numel[dtype])] + ([NONE] if legacy else [])  # fmt: skip
        strides = _strides(tensor.shape)
        args = [p_tuple(pid) + BINPERSID, p_int(offset), p_tuple([p_int(d) for d in tensor.shape]),
                p_tuple([p_int(s) for s in strides]), NEWFALSE, _ordered_dict()]  # fmt: skip
        body += p_str(tensor.name) + p_global("torch._utils", "_rebuild_tensor_v2")
        body += p_tuple(args) + REDUCE
    return b"\x80\x02" + _ordered_dict() + MARK + body + SETITEMS + STOP


def _strides(shape: tuple[int, ...]) -> list[int]:
    strides, step = [], 1
    for dim in reversed(shape):
        strides.append(step)
        step *= max(dim, 1)
    return list(reversed(strides))


# -- torch.save: zip and legacy ----------------------------------------------------------------


def zip_local_header(name: str, size: int, start: int = 0) -> bytes:
    """A stored zip entry's local header, its data aligned to 64 bytes (zip64 past 4 GiB)."""
    raw = name.encode()
    big = size >= 0xFFFFFFFF
    extra = struct.pack("<HHQQ", 1, 16, size, size) if big else b""
    pad = -(start + 30 + len(raw) + len(extra) + 4) % ZIP_ALIGNMENT
    extra += b"FB" + struct.pack("<H", pad) + b"\0" * pad
    shown = 0xFFFFFFFF if big else size
    fields = (b"PK\x03\x04", 45 if big else 20, 0, 0, 0, 0, 0, shown, shown, len(raw), len(extra))
    return struct.pack("<4s5H3I2H", *fields) + raw + extra


def torch_zip_segments(decl: WeightDecl) -> list[Segment]:
    """`archive/data.pkl`, then one `archive/data/<key>` entry per storage, then the version."""
    numel, _ = _storages(decl)
    keys = {dtype: str(n) for n, dtype in enumerate(numel)}
    pickled = state_dict_pickle(decl, keys, legacy=False)
    segments: list[Segment] = [zip_local_header("archive/data.pkl", len(pickled)) + pickled]
    position = len(segments[0])  # type: ignore[arg-type]
    for dtype, n in numel.items():
        size = n * ITEMSIZE[dtype]
        header = zip_local_header(f"archive/data/{keys[dtype]}", size, position)
        segments += [header, Filler(size)]
        position += len(header) + size
    segments.append(zip_local_header("archive/version", 2, position) + b"3\n")
    return segments


def torch_legacy_segments(decl: WeightDecl) -> list[Segment]:
    """Magic, protocol and system-info pickles, the state dict, its keys, then each storage."""
    numel, _ = _storages(decl)
    keys = {dtype: str(n) for n, dtype in enumerate(numel)}
    magic = b"\x80\x02" + p_int(LEGACY_MAGIC) + STOP
    protocol = b"\x80\x02" + p_int(LEGACY_PROTOCOL) + STOP
    sizes = [p_str("short"), p_int(2), p_str("int"), p_int(4), p_str("long"), p_int(4)]
    info = [p_str("protocol_version"), p_int(LEGACY_PROTOCOL), p_str("little_endian"), NEWTRUE,
            p_str("type_sizes"), EMPTY_DICT + MARK + b"".join(sizes) + SETITEMS]  # fmt: skip
    system = b"\x80\x02" + EMPTY_DICT + MARK + b"".join(info) + SETITEMS + STOP
    key_list = b"\x80\x02" + MARK + b"".join(p_str(k) for k in keys.values()) + b"l" + STOP
    head = magic + protocol + system + state_dict_pickle(decl, keys, legacy=True) + key_list
    segments: list[Segment] = [head]
    for dtype, n in numel.items():
        segments += [struct.pack("<q", n), Filler(n * ITEMSIZE[dtype])]
    return segments


# -- NumPy's ndarray pickle (raw JAX/NumPy checkpoint shards) -------------------------------------


def numpy_pickle_segments(decl: WeightDecl) -> list[Segment]:
    """`pickle.dump(array)` at protocol 4: _reconstruct, then the state with raw bytes."""
    tensor = decl.tensors[0]
    size = 1
    for dim in tensor.shape:
        size *= dim
    size *= ITEMSIZE[tensor.dtype]
    descr = numpy_descr(tensor.dtype)
    dtype = p_global("numpy", "dtype") + p_tuple([p_str(descr[1:]), NEWFALSE, NEWTRUE]) + REDUCE
    dtype_state = p_tuple([p_int(3), p_str(descr[0]), NONE, NONE, NONE, p_int(-1), p_int(-1),
                           p_int(0)]) + BUILD  # fmt: skip
    head = b"\x80\x04" + p_global("numpy.core.multiarray", "_reconstruct")
    head += p_tuple([p_global("numpy", "ndarray"), p_tuple([p_int(0)]), b"C\x01b"]) + REDUCE
    head += MARK + p_int(1) + p_tuple([p_int(d) for d in tensor.shape]) + dtype + dtype_state
    head += NEWFALSE + b"\x8e" + struct.pack("<Q", size)  # BINBYTES8
    return [head, Filler(size), TUPLE + BUILD + STOP]


# -- msgpack (Flax) -------------------------------------------------------------------------------


def _mp_len(small: int, short: int, long: int, n: int, limit: int) -> bytes:
    if n < limit:
        return bytes([small | n])
    if n < 65536:
        return bytes([short]) + struct.pack(">H", n)
    return bytes([long]) + struct.pack(">I", n)


def _mp_str(text: str) -> bytes:
    raw = text.encode()
    return _mp_len(0xA0, 0xDA, 0xDB, len(raw), 32) + raw


def _mp_uint(n: int) -> bytes:
    return bytes([n]) if n < 128 else b"\xcf" + struct.pack(">Q", n)


def msgpack_tree(
    tree: dict[str, object], out: list[Segment], nbytes: Callable[[TensorDecl], int]
) -> None:
    """Append a map of maps to `out`; each tensor leaf is ext 1 of (shape, dtype, bin data)."""
    head = _mp_len(0x80, 0xDE, 0xDF, len(tree), 16)
    for key, value in tree.items():
        head += _mp_str(key)
        if isinstance(value, dict):
            out.append(head)
            head = b""
            msgpack_tree(value, out, nbytes)
            continue
        assert isinstance(value, TensorDecl)  # msgpack_segments builds only these
        size = nbytes(value)
        shape = bytes([0x90 | len(value.shape)]) + b"".join(_mp_uint(d) for d in value.shape)
        payload = b"\x93" + shape + _mp_str(_FLAX_NAMES[value.dtype]) + b"\xc6"
        payload += struct.pack(">I", size)
        out.append(head + b"\xc9" + struct.pack(">I", len(payload) + size) + b"\x01" + payload)
        out.append(Filler(size))
        head = b""
    if head:
        out.append(head)


_FLAX_NAMES = {"F16": "float16", "F32": "float32", "F64": "float64", "BF16": "bfloat16",
               "I8": "int8", "I16": "int16", "I32": "int32", "I64": "int64", "U8": "uint8",
               "U16": "uint16", "U32": "uint32", "U64": "uint64", "BOOL": "bool"}  # fmt: skip
