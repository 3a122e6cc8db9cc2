"""Read what a Python pickle would build, without ever unpickling it.

`pickletools.genops` only parses opcodes; a small stack machine follows them far enough to
see which globals the pickle imports, which tensors it rebuilds (PyTorch's
`_rebuild_tensor_v2` over persistent storages) and which NumPy arrays it reconstructs. No
object is created and no import happens, so a malicious pickle is read as safely as any
other bytes. The walk stops at STOP, at the end of the bytes read, or at the op budget.
"""

from __future__ import annotations

import io
import pickletools
from typing import Any

from registry.checks.weight_formats.pickle_values import (
    MARK,
    NUMPY_DTYPE,
    NUMPY_FROMBUFFER,
    NUMPY_RECONSTRUCT,
    OPAQUE,
    TORCH_REBUILDERS,
    Call,
    Global,
    NumpyArray,
    PersistentId,
    PickleScan,
    TorchTensor,
)

MAX_OPS = 500_000  # a 100,000-tensor state dict takes about 40 ops per tensor
MAX_TUPLE = 64  # tuples longer than this are kept as opaque values (shapes are short)

def scan_pickle(data: bytes, start: int = 0) -> PickleScan:
    """Follow the pickle that begins at `start`, as far as the bytes and the op budget go."""
    machine = _Machine()
    stream = io.BytesIO(data)
    stream.seek(start)
    try:
        for count, (opcode, arg, pos) in enumerate(pickletools.genops(stream)):
            if count >= MAX_OPS:
                break
            machine.step(opcode.name, arg)
            if opcode.name == "STOP":
                machine.scan.finished = True
                machine.scan.end = (pos or 0) + 1
                break
    except (ValueError, EOFError, IndexError, KeyError, TypeError, UnicodeDecodeError):
        pass  # cut off by the read, or not a pickle past this point: keep what was seen
    machine.finish()
    return machine.scan


_PUSH_ARG = frozenset(
    {
        "INT", "BININT", "BININT1", "BININT2", "LONG", "LONG1", "LONG4",
        "STRING", "BINSTRING", "SHORT_BINSTRING", "UNICODE", "BINUNICODE",
        "SHORT_BINUNICODE", "BINUNICODE8",
    }
)  # fmt: skip
_PUSH_OPAQUE = frozenset(
    {
        "FLOAT", "BINFLOAT", "BINBYTES", "SHORT_BINBYTES", "BINBYTES8", "BYTEARRAY8",
        "EMPTY_LIST", "EMPTY_DICT", "EMPTY_SET", "EXT1", "EXT2", "EXT4", "NEXT_BUFFER",
    }
)  # fmt: skip
_CONSTANTS: dict[str, object] = {"NONE": None, "NEWTRUE": True, "NEWFALSE": False}
_POP_TO_MARK = frozenset({"APPENDS", "SETITEMS", "ADDITEMS", "POP_MARK"})
_POP_TO_MARK_PUSH = frozenset({"LIST", "DICT", "FROZENSET"})
_POP_COUNT = {"APPEND": 1, "SETITEM": 2, "POP": 1}
_IGNORED = frozenset({"PROTO", "FRAME", "STOP", "READONLY_BUFFER"})


class _Machine:
    """The stack and memo of a pickle, holding only small values."""

    def __init__(self) -> None:
        self.stack: list[object] = []
        self.memo: dict[object, object] = {}
        self.scan = PickleScan()

    def step(self, name: str, arg: Any) -> None:
        if name == "PROTO":
            self.scan.protocol = int(arg)
        if name in _IGNORED:
            return
        if name in _PUSH_ARG:
            self.stack.append(arg)
        elif name in _PUSH_OPAQUE:
            self.stack.append(OPAQUE)
        elif name in _CONSTANTS:
            self.stack.append(_CONSTANTS[name])
        elif name in _POP_TO_MARK:
            self._pop_mark()
        elif name in _POP_TO_MARK_PUSH:
            self._pop_mark()
            self.stack.append(OPAQUE)
        elif name in _POP_COUNT:
            del self.stack[len(self.stack) - _POP_COUNT[name] :]
        else:
            self._structured(name, arg)

    def _structured(self, name: str, arg: Any) -> None:
        handler = getattr(self, f"_op_{name.lower()}", None)
        if handler is None:
            raise ValueError(f"unsupported opcode {name}")
        handler(arg)

    # -- structure --------------------------------------------------------------------------

    def _op_mark(self, _: Any) -> None:
        self.stack.append(MARK)

    def _op_empty_tuple(self, _: Any) -> None:
        self.stack.append(())

    def _op_tuple(self, _: Any) -> None:
        self.stack.append(_tuple(self._pop_mark()))

    def _op_tuple1(self, _: Any) -> None:
        self._tuple_of(1)

    def _op_tuple2(self, _: Any) -> None:
        self._tuple_of(2)

    def _op_tuple3(self, _: Any) -> None:
        self._tuple_of(3)

    def _op_dup(self, _: Any) -> None:
        self.stack.append(self.stack[-1])

    def _op_put(self, arg: Any) -> None:
        self.memo[arg] = self.stack[-1]

    _op_binput = _op_long_binput = _op_put

    def _op_memoize(self, _: Any) -> None:
        self.memo[len(self.memo)] = self.stack[-1]

    def _op_get(self, arg: Any) -> None:
        self.stack.append(self.memo[arg])

    _op_binget = _op_long_binget = _op_get

    # -- imports and calls ------------------------------------------------------------------

    def _op_global(self, arg: Any) -> None:
        module, _, name = str(arg).partition(" ")
        self._import(Global(module, name))

    def _op_stack_global(self, _: Any) -> None:
        name, module = self.stack.pop(), self.stack.pop()
        self._import(Global(str(module), str(name)))

    def _op_inst(self, arg: Any) -> None:
        module, _, name = str(arg).partition(" ")
        self._import(Global(module, name))
        self._call(self.stack.pop(), _tuple(self._pop_mark()))

    def _op_obj(self, _: Any) -> None:
        items = self._pop_mark()
        self._call(items[0] if items else OPAQUE, _tuple(items[1:]))

    def _op_reduce(self, _: Any) -> None:
        args = self.stack.pop()
        self._call(self.stack.pop(), args)

    def _op_newobj(self, _: Any) -> None:
        args = self.stack.pop()
        self._call(self.stack.pop(), args)

    def _op_newobj_ex(self, _: Any) -> None:
        self.stack.pop()  # keyword arguments
        self._op_newobj(None)

    def _op_build(self, _: Any) -> None:
        state = self.stack.pop()
        target = self.stack[-1]
        if isinstance(target, Call) and str(target.func) in NUMPY_RECONSTRUCT:
            self.scan.arrays.append(_array_from_state(state))

    def _op_binpersid(self, _: Any) -> None:
        self._persistent(self.stack.pop())

    def _op_persid(self, arg: Any) -> None:
        self._persistent(arg)

    # -- helpers ------------------------------------------------------------------------------

    def _import(self, name: Global) -> None:
        self.scan.globals.append(str(name))
        self.stack.append(name)

    def _call(self, func: object, args: object) -> None:
        call = Call(func, args)
        if str(func) in TORCH_REBUILDERS and isinstance(args, tuple) and args:
            self.scan.tensors.append(_torch_tensor(args))
        elif str(func) in NUMPY_FROMBUFFER and isinstance(args, tuple) and len(args) >= 3:
            self.scan.arrays.append(NumpyArray(_descr(args[1]), _shape(args[2])))
        self.stack.append(call)

    def _persistent(self, pid: object) -> None:
        if isinstance(pid, tuple) and len(pid) >= 5 and pid[0] == "storage":
            kind, key, numel = pid[1], pid[2], pid[4]
            if isinstance(key, str) and isinstance(numel, int):
                self.scan.storages[key] = (str(kind), numel)
        self.stack.append(PersistentId(pid))

    def _tuple_of(self, n: int) -> None:
        items = self.stack[len(self.stack) - n :]
        del self.stack[len(self.stack) - n :]
        self.stack.append(_tuple(items))

    def _pop_mark(self) -> list[object]:
        at = len(self.stack) - 1 - self.stack[::-1].index(MARK)
        items = self.stack[at + 1 :]
        del self.stack[at:]
        return items

    def finish(self) -> None:
        """Keep the result; when cut off inside an array's state, keep its shape and dtype."""
        self.scan.top = self.stack[-1] if self.stack else None
        if not self.scan.finished:
            partial = _array_being_built(self.stack)
            if partial is not None:
                self.scan.arrays.append(partial)


def _tuple(items: list[object]) -> object:
    return tuple(items) if len(items) <= MAX_TUPLE else OPAQUE


def _shape(value: object) -> tuple[int, ...] | None:
    if isinstance(value, tuple) and all(type(v) is int and v >= 0 for v in value):
        return value
    return None


def _descr(value: object) -> str | None:
    if isinstance(value, Call) and str(value.func) == NUMPY_DTYPE and isinstance(value.args, tuple):
        return str(value.args[0]) if value.args else None
    return None


def _torch_tensor(args: tuple[object, ...]) -> TorchTensor:
    storage = args[0]
    key = kind = None
    pid = storage.pid if isinstance(storage, PersistentId) else None
    if isinstance(pid, tuple) and len(pid) > 2:
        kind, key = str(pid[1]), str(pid[2])
    return TorchTensor(key, kind, _shape(args[2]) if len(args) > 2 else None)


def _array_from_state(state: object) -> NumpyArray:
    # ndarray.__reduce__ state: (version, shape, dtype, is_fortran, raw data)
    if isinstance(state, tuple) and len(state) >= 3:
        return NumpyArray(_descr(state[2]), _shape(state[1]))
    return NumpyArray(None, None)


def _array_being_built(stack: list[object]) -> NumpyArray | None:
    # A big array's raw bytes come after its shape and dtype: when the read ends inside
    # them, the stack still holds [..., _reconstruct(...), MARK, version, shape, dtype, ...].
    for at in range(len(stack) - 1, 0, -1):
        if stack[at] is MARK and isinstance(stack[at - 1], Call):
            if str(stack[at - 1].func) in NUMPY_RECONSTRUCT:  # type: ignore[attr-defined]
                state = tuple(stack[at + 1 :])
                return _array_from_state(state)
    return None
