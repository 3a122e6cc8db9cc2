"""The values a pickle walk yields: the globals it names, the calls, tensors and arrays seen."""

from __future__ import annotations

from dataclasses import dataclass, field

# Callables that rebuild a tensor from (storage, offset, shape, ...), across torch versions.
TORCH_REBUILDERS = frozenset(
    {
        "torch._utils _rebuild_tensor",
        "torch._utils _rebuild_tensor_v2",
        "torch._utils _rebuild_tensor_v3",
    }
)
# Callables that rebuild a NumPy array; the array's shape and dtype follow in its state.
NUMPY_RECONSTRUCT = frozenset(
    {"numpy.core.multiarray _reconstruct", "numpy._core.multiarray _reconstruct"}
)
NUMPY_FROMBUFFER = frozenset({"numpy.core.numeric _frombuffer", "numpy._core.numeric _frombuffer"})
NUMPY_DTYPE = "numpy dtype"


class _Mark:
    """The MARK opcode's place on the stack."""


MARK = _Mark()


@dataclass(frozen=True)
class Global:
    """A `module name` the pickle imports."""

    module: str
    name: str

    def __str__(self) -> str:
        return f"{self.module} {self.name}"


@dataclass(frozen=True)
class Call:
    """A callable applied to arguments (REDUCE, NEWOBJ, OBJ, INST)."""

    func: object
    args: object


@dataclass(frozen=True)
class PersistentId:
    """A reference to data outside the pickle (PyTorch's storages)."""

    pid: object


class Opaque:
    """A value the machine does not need to know (lists, dicts, floats, objects)."""


OPAQUE = Opaque()


@dataclass(frozen=True)
class TorchTensor:
    """A tensor `_rebuild_tensor*` makes: its storage's key and class, and its shape."""

    storage_key: str | None
    storage_type: str | None
    shape: tuple[int, ...] | None


@dataclass(frozen=True)
class NumpyArray:
    """An array NumPy reconstructs: its dtype string ("<f4") and shape, when seen."""

    descr: str | None
    shape: tuple[int, ...] | None


@dataclass
class PickleScan:
    """What one pickle (from `start`) showed."""

    protocol: int | None = None
    finished: bool = False  # reached STOP: the counts below are complete
    end: int | None = None  # offset just after STOP
    globals: list[str] = field(default_factory=list)
    tensors: list[TorchTensor] = field(default_factory=list)
    storages: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (class, numel)
    arrays: list[NumpyArray] = field(default_factory=list)
    top: object = None  # the value left on the stack at STOP

    @property
    def numpy_seen(self) -> bool:
        """Return True when the pickle imports NumPy's array rebuilders."""
        return bool(set(self.globals) & (NUMPY_RECONSTRUCT | NUMPY_FROMBUFFER))
