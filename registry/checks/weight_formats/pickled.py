"""Pickle-based weight files: PyTorch's zip and legacy formats, and pickled NumPy arrays.

`torch.save` writes a zip whose first entry is `<name>/data.pkl` (since PyTorch 1.6), or,
in the legacy format, a pickled magic number followed by more pickles. Either way the
state dict's pickle names each tensor's storage class and shape, which is all we count.
A pickle that rebuilds neither tensors nor arrays (a pickled tokenizer named
`pytorch_model.bin`) is not weights, whatever its name.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping
from types import MappingProxyType

from registry.checks.weight_formats.model import (
    DTYPE_BITS,
    Identification,
    NotWeights,
    ReadMore,
    Recognised,
    Tensors,
    WeightFormat,
    add_parameters,
    count_parameters,
)
from registry.checks.weight_formats.pickle_values import PickleScan
from registry.checks.weight_formats.pickles import scan_pickle

PICKLE_PROTOCOLS = range(2, 6)
ZIP_LOCAL = b"PK\x03\x04"
ZIP_HEADER = struct.Struct("<4s5H3I2H")  # signature ... name length, extra length (30 bytes)
# torch.save's legacy format opens with this number, pickled (torch/serialization.py).
LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
LEGACY_PREFIX = b"\x80\x02\x8a\x0a" + LEGACY_MAGIC.to_bytes(10, "little")
MAX_PICKLE_BYTES = 4 * 1024 * 1024  # the most of a state dict's pickle we read
MAX_ZIP_ENTRIES = 64  # local headers walked looking for data.pkl

# PyTorch storage classes -> dtype names (torch/storage.py; the same names since 1.0).
STORAGE_DTYPES: Mapping[str, str] = MappingProxyType(
    {
        "torch FloatStorage": "F32",
        "torch DoubleStorage": "F64",
        "torch HalfStorage": "F16",
        "torch BFloat16Storage": "BF16",
        "torch LongStorage": "I64",
        "torch IntStorage": "I32",
        "torch ShortStorage": "I16",
        "torch CharStorage": "I8",
        "torch ByteStorage": "U8",
        "torch BoolStorage": "BOOL",
        "torch ComplexFloatStorage": "C64",
        "torch Float8_e4m3fnStorage": "F8_E4M3",
        "torch Float8_e5m2Storage": "F8_E5M2",
        "torch UntypedStorage": "U8",
    }
)

# Imports that make loading a pickle run code; a file importing any is unsafe to load.
UNSAFE_MODULES = frozenset(
    {"os", "posix", "nt", "subprocess", "sys", "runpy", "socket", "shutil", "pty", "commands"}
)
UNSAFE_GLOBALS = frozenset(
    {
        "builtins eval", "builtins exec", "builtins compile", "builtins open",
        "builtins __import__", "builtins getattr", "__builtin__ eval", "__builtin__ exec",
        "pickle loads", "_pickle loads", "webbrowser open",
    }
)  # fmt: skip
NUMPY_DESCR_DTYPES: Mapping[str, str] = MappingProxyType(
    {"f2": "F16", "f4": "F32", "f8": "F64", "i1": "I8", "i2": "I16", "i4": "I32", "i8": "I64",
     "u1": "U8", "u2": "U16", "u4": "U32", "u8": "U64", "b1": "BOOL", "c8": "C64"}
)  # fmt: skip


def is_pickle(data: bytes) -> bool:
    """Return True when the bytes open with a pickle protocol 2-5 header."""
    return len(data) >= 2 and data[0] == 0x80 and data[1] in PICKLE_PROTOCOLS


def unsafe_imports(scan: PickleScan) -> tuple[str, ...]:
    """Return the imports of a pickle that would run code when it is loaded."""
    found = {g for g in scan.globals if g in UNSAFE_GLOBALS or g.split(" ")[0] in UNSAFE_MODULES}
    return tuple(sorted(found))


def identify_torch_zip(data: bytes) -> Identification | None:
    """Recognise torch.save's zip (and TorchScript's) by an entry named `<name>/data.pkl`.

    torch.save writes data.pkl first; TorchScript archives may put small records before it,
    so the local headers within the bytes read are walked until data.pkl is found.
    """
    entry = _find_data_pkl(data)
    if entry is None:
        return None
    name, start, packed, method = entry
    body = data[start : start + packed] if packed and packed != 0xFFFFFFFF else data[start:]
    if method == 8:
        body = zlib.decompressobj(-15).decompress(body)
    scan = scan_pickle(body)
    if not scan.finished:
        wanted = start + packed if packed and packed != 0xFFFFFFFF else MAX_PICKLE_BYTES
        if len(data) < min(wanted, MAX_PICKLE_BYTES):
            return ReadMore(min(wanted, MAX_PICKLE_BYTES))
    return _torch_reading(WeightFormat.TORCH_ZIP, scan, name)


def _find_data_pkl(data: bytes) -> tuple[str, int, int, int] | None:
    # (name, data offset, compressed size, method) of the data.pkl entry, if one is in reach.
    offset = 0
    for _ in range(MAX_ZIP_ENTRIES):
        if len(data) < offset + ZIP_HEADER.size or data[offset : offset + 4] != ZIP_LOCAL:
            return None
        fields = ZIP_HEADER.unpack_from(data, offset)
        method, packed, name_length, extra_length = fields[3], fields[7], fields[9], fields[10]
        at = offset + ZIP_HEADER.size
        name = data[at : at + name_length].decode("utf-8", "replace")
        start = at + name_length + extra_length
        if name.endswith("/data.pkl"):
            return name, start, packed, method
        if name.endswith(".npy") or not packed or packed == 0xFFFFFFFF:
            return None  # an .npz, or sizes only in a trailing descriptor: stop here
        offset = start + packed
    return None


def identify_torch_legacy(data: bytes) -> Identification | None:
    """Recognise the legacy format: magic, protocol and system pickles, then the state dict."""
    if not data.startswith(LEGACY_PREFIX):
        return None
    offset = 0
    imported: list[str] = []
    for _ in range(3):  # magic number, protocol version, system info
        header = scan_pickle(data, offset)
        if not header.finished or header.end is None:
            return _read_more_or(data, NotWeights("its legacy PyTorch header is cut off"))
        offset = header.end
        imported += header.globals
    scan = scan_pickle(data, offset)
    if not scan.finished and len(data) < MAX_PICKLE_BYTES:
        return ReadMore(MAX_PICKLE_BYTES)
    scan.globals[:0] = imported  # code in any of the pickles runs when the file is loaded
    return _torch_reading(WeightFormat.TORCH_LEGACY, scan, "")


def identify_pickle(data: bytes) -> Identification | None:
    """Recognise a plain pickle: NumPy arrays count as weights, anything else does not."""
    if not is_pickle(data):
        return None
    scan = scan_pickle(data)
    if scan.tensors:
        return _torch_reading(WeightFormat.TORCH_LEGACY, scan, "")
    if scan.numpy_seen or scan.arrays:
        return _numpy_reading(scan)
    if not scan.finished and len(data) < MAX_PICKLE_BYTES:
        return ReadMore(MAX_PICKLE_BYTES)
    return NotWeights(_no_tensors(scan))


def _torch_reading(fmt: WeightFormat, scan: PickleScan, entry: str) -> Identification:
    if not scan.tensors:
        return NotWeights(_no_tensors(scan, "PyTorch file"))
    counts: dict[str, int] = {}
    for tensor in scan.tensors:
        dtype = STORAGE_DTYPES.get(tensor.storage_type or "", "unknown dtype")
        add_parameters(counts, dtype, count_parameters(tensor.shape or ()))
    storage_bytes = sum(
        numel * DTYPE_BITS.get(STORAGE_DTYPES.get(kind, ""), 8) // 8
        for kind, numel in scan.storages.values()
    )
    tensors = Tensors(len(scan.tensors), counts, scan.finished, storage_bytes or None)
    detail = f"state dict in {entry}" if entry else ""
    return Recognised(fmt, tensors, detail, unsafe_imports(scan))


def _numpy_reading(scan: PickleScan) -> Recognised:
    counts: dict[str, int] = {}
    data_bytes = 0
    for array in scan.arrays:
        dtype = numpy_dtype(array.descr)
        n = count_parameters(array.shape) if array.shape is not None else 0
        add_parameters(counts, dtype, n)
        data_bytes += n * DTYPE_BITS.get(dtype, 8) // 8
    tensors = Tensors(len(scan.arrays) or None, counts, scan.finished, data_bytes or None)
    return Recognised(WeightFormat.NUMPY_PICKLE, tensors, "", unsafe_imports(scan))


def numpy_dtype(descr: str | None) -> str:
    """Return the dtype name of a NumPy type string ("<f4" -> F32), or the string itself."""
    if not descr:
        return "unknown dtype"
    return NUMPY_DESCR_DTYPES.get(descr.lstrip("<>|="), descr)


def _no_tensors(scan: PickleScan, what: str = "Python pickle") -> str:
    built = ", ".join(dict.fromkeys(g.replace(" ", ".") for g in scan.globals[:4]))
    tail = f" (it imports {built})" if built else ""
    return f"it is a {what} that holds no tensors{tail}"


def _read_more_or(data: bytes, otherwise: Identification) -> Identification:
    return ReadMore(MAX_PICKLE_BYTES) if len(data) < MAX_PICKLE_BYTES else otherwise
