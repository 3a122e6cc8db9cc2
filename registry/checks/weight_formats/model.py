"""What reading a weight file's first bytes can conclude: a format with its tensors, or not weights.

Pure values: the recognisers in this package take bytes and return one of these, and the
weights checker turns them into evidence sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class WeightFormat(StrEnum):
    """The weight file formats recognised by their bytes."""

    SAFETENSORS = "safetensors"
    GGUF = "gguf"
    GGML = "ggml"
    TORCH_ZIP = "torch-zip"
    TORCH_LEGACY = "torch-legacy"
    NUMPY_PICKLE = "numpy-pickle"
    NPY = "npy"
    NPZ = "npz"
    HDF5 = "hdf5"
    ONNX = "onnx"
    MSGPACK = "msgpack"
    ZARR = "zarr"
    CTRANSLATE2 = "ctranslate2"


# How people name each format in evidence.
FORMAT_NAMES: Mapping[WeightFormat, str] = MappingProxyType(
    {
        WeightFormat.SAFETENSORS: "safetensors",
        WeightFormat.GGUF: "GGUF",
        WeightFormat.GGML: "GGML (pre-GGUF llama.cpp)",
        WeightFormat.TORCH_ZIP: "PyTorch (zip)",
        WeightFormat.TORCH_LEGACY: "PyTorch (legacy pickle)",
        WeightFormat.NUMPY_PICKLE: "pickled NumPy array",
        WeightFormat.NPY: "NumPy .npy",
        WeightFormat.NPZ: "NumPy .npz",
        WeightFormat.HDF5: "HDF5",
        WeightFormat.ONNX: "ONNX",
        WeightFormat.MSGPACK: "Flax msgpack",
        WeightFormat.ZARR: "zarr array",
        WeightFormat.CTRANSLATE2: "CTranslate2",
    }
)

# Bits per element of each dtype name, in safetensors' spelling (which evidence uses for all
# formats). Sub-byte types are what packed 4- and 6-bit formats declare.
DTYPE_BITS: Mapping[str, int] = MappingProxyType(
    {
        "BOOL": 8,
        "U8": 8,
        "I8": 8,
        "F8_E5M2": 8,
        "F8_E4M3": 8,
        "F8_E8M0": 8,
        "F4": 4,
        "F6_E2M3": 6,
        "F6_E3M2": 6,
        "U16": 16,
        "I16": 16,
        "F16": 16,
        "BF16": 16,
        "U32": 32,
        "I32": 32,
        "F32": 32,
        "U64": 64,
        "I64": 64,
        "F64": 64,
        "C64": 64,
    }
)


@dataclass(frozen=True)
class Tensors:
    """What a header shows about the tensors it holds.

    `count` is None when the format does not list its tensors where we read; `complete` is
    False when the header was cut off by the read, so counts are lower bounds. `data_end`
    is the byte offset (from the file's start) where the header says tensor data ends, when
    it says so: a file shorter than that is truncated.
    """

    count: int | None = None
    parameters: Mapping[str, int] = field(default_factory=dict)
    complete: bool = True
    data_end: int | None = None

    @property
    def parameter_total(self) -> int:
        """Return the parameters seen, over all dtypes."""
        return sum(self.parameters.values())


@dataclass(frozen=True)
class Recognised:
    """The bytes are weights in `format`; `detail` adds what people may want (a version)."""

    format: WeightFormat
    tensors: Tensors = Tensors()
    detail: str = ""
    # Globals a pickle would import that run code on load (os.system...), if any.
    unsafe_imports: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotWeights:
    """The bytes are not weights; `why` finishes the sentence "<file> is not weights: ..."."""

    why: str


@dataclass(frozen=True)
class ReadMore:
    """The header runs past the bytes read: read the first `upto` bytes and look again."""

    upto: int


@dataclass(frozen=True)
class ReadSafetensors:
    """The bytes open like safetensors: read the header through the Hub client."""


Identification = Recognised | NotWeights | ReadMore | ReadSafetensors


def count_parameters(shape: tuple[int, ...]) -> int:
    """Return the number of elements of a tensor shape (1 for a scalar)."""
    total = 1
    for dim in shape:
        total *= dim
    return total


def add_parameters(counts: dict[str, int], dtype: str, n: int) -> None:
    """Add `n` parameters of `dtype` to a per-dtype count."""
    counts[dtype] = counts.get(dtype, 0) + n
