"""Training files that are only a name: stubs, and texts the checker holds only a pointer to.

A `train.py` that holds imports, `pass`, a TODO and `raise NotImplementedError`, or parses
its arguments and stops, is named like training code and trains nothing. Its name must not
count as a training entrypoint, nor a README command or launcher that runs it as a run of
training. The rule reads the script's syntax tree, not its length: a two-line train.py
that calls a library's trainer (`from olmo.train import main; main()`) runs something, and
is no stub. A shell script is a stub when its only commands echo or exit.

A file committed through Git LFS is read as its pointer ("version https://git-lfs..."):
its code lives in LFS storage, which a clone without LFS never fetches. That is neither
code nor a stub: it was not read, so it neither shows training code nor its absence.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

LFS_POINTER = re.compile(r"\Aversion https://git-lfs\.github\.com/spec/v\d+\s*\n(?:.*\n)*?oid \w+:")
LFS_SIZE = re.compile(r"^size (\d+)\s*$", re.M)

# Calls that run nothing of training: argument parsing, printing, logging, exiting. A
# function of the file whose body only makes these calls is inert too.
INERT_CALLS = frozenset({
    "print", "exit", "quit", "ArgumentParser", "add_argument", "add_argument_group",
    "parse_args", "parse_known_args", "getLogger", "basicConfig", "info", "debug", "warning",
    "warn", "error", "NotImplementedError", "set_defaults",
})  # fmt: skip
# An import that may run training as it loads (`import lab.train`, `from x import *`):
# the benefit of the doubt, since importing a module runs it.
RUNNING_IMPORT = re.compile(r"(^|\.)(train\w*|pretrain\w*|main|run\w*|launch\w*|cli)$")
# Shell commands that only talk or stop; any other command may run something.
INERT_SHELL = re.compile(r"^\s*(echo|printf|exit|true|:|set|#)\b|^\s*$")
SHELL_SUFFIXES = (".sh", ".slurm", ".sbatch")
# What a stub is said to hold, in the order the sentence names it.
HELD_ORDER = (
    "imports", "a docstring", "assignments", "empty functions", "`pass`", "`...`",
    "`raise NotImplementedError`", "calls to its own empty functions",
    "argument parsing or printing", "a TODO comment",
)  # fmt: skip
TODO = re.compile(r"#\s*(TODO|FIXME|XXX)\b", re.I)


def lfs_pointer_size(text: str) -> int | None:
    """Return the size of the object a Git LFS pointer text names, or None if it is no pointer."""
    if not LFS_POINTER.match(text):
        return None
    size = LFS_SIZE.search(text)
    return int(size.group(1)) if size else 0


def stub_reason(path: str, text: str) -> str | None:
    """Return why a training script is a stub that runs nothing, or None when it may run code."""
    if lfs_pointer_size(text) is not None:
        return None  # not read, which is not the same as empty (see `lfs_pointer_size`)
    if path.lower().endswith(SHELL_SUFFIXES):
        shell = _shell_stub(text)
        return f"{path} is a stub: {shell}; it runs no training" if shell else None
    if not path.lower().endswith((".py", ".ipynb")):
        return None
    try:
        module = _Module(ast.parse(text))
    except (SyntaxError, ValueError):
        return None  # unparseable is not shown to be empty
    if not module.inert():
        return None
    held = set(module.held) | ({"a TODO comment"} if TODO.search(text) else set())
    if not held:
        return f"{path} is a stub: it is empty; it runs no training"
    what = _listed(sorted(held, key=_held_rank))
    return f"{path} is a stub: it holds only {what}; it runs no training"


def stubs(texts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Return {path: why} for the runnable texts that are stubs."""
    found = {path: stub_reason(path, text) for path, text in texts}
    return {path: why for path, why in found.items() if why}


def _shell_stub(text: str) -> str | None:
    lines = [line for line in text.splitlines() if not line.startswith("#!")]
    if all(INERT_SHELL.match(line) for line in lines):
        return "its only commands echo text or exit"
    return None


class _Module:
    """One module's statements judged for whether any of them may run something."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.functions = {
            n.name: n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        self.held: set[str] = set()  # what the module holds, for the sentence
        self._inert: dict[str, bool] = {}

    def inert(self) -> bool:
        """Return True when no statement of the module may run anything."""
        for node in self.tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if node.decorator_list or not self.function_is_inert(node.name):
                    return False
                self.held.add("empty functions")
            elif not self.statement_is_inert(node):
                return False
        return True

    def function_is_inert(self, name: str) -> bool:
        """Return True when the module's function `name` runs nothing."""
        if name not in self._inert:
            self._inert[name] = False  # a function that calls itself runs something
            self._inert[name] = all(self.statement_is_inert(n) for n in self.functions[name].body)
        return self._inert[name]

    def statement_is_inert(self, node: ast.stmt) -> bool:
        """Return True for imports, pass, docstrings, NotImplementedError, inert calls."""
        if isinstance(node, ast.Import | ast.ImportFrom):
            return self._import_is_inert(node)
        if isinstance(node, ast.Pass):
            self.held.add("`pass`")
            return True
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            self.held.add("a docstring" if isinstance(node.value.value, str) else "`...`")
            return True
        if isinstance(node, ast.Raise):
            # A raise that only says something (NotImplementedError, SystemExit("not
            # released")) runs nothing; one whose message is computed may.
            exc = node.exc
            raised = _called_name(exc.func if isinstance(exc, ast.Call) else exc)
            said = not isinstance(exc, ast.Call) or all(
                isinstance(a, ast.Constant) for a in [*exc.args, *(k.value for k in exc.keywords)]
            )
            self.held.add("`raise NotImplementedError`" if raised == "NotImplementedError"
                          else f"`raise {raised}(...)`")  # fmt: skip
            return raised is not None and said
        if isinstance(node, ast.If) and _is_main_guard(node.test):
            return all(self.statement_is_inert(n) for n in [*node.body, *node.orelse])
        if isinstance(node, ast.Expr | ast.Assign | ast.AnnAssign) and node.value is not None:
            if self._calls_are_inert(node.value):
                self.held.add(_what_it_calls(node.value, self.functions))
                return True
        return False

    def _import_is_inert(self, node: ast.Import | ast.ImportFrom) -> bool:
        if isinstance(node, ast.ImportFrom):
            if any(alias.name == "*" for alias in node.names):
                return False
            modules = [node.module or ""]
        else:
            modules = [alias.name for alias in node.names]
        if any(RUNNING_IMPORT.search(m) for m in modules):
            return False
        self.held.add("imports")
        return True

    def _calls_are_inert(self, value: ast.expr) -> bool:
        for call in (n for n in ast.walk(value) if isinstance(n, ast.Call)):
            name = _called_name(call.func)
            if name in INERT_CALLS:
                continue
            if name is None or name not in self.functions or not self.function_is_inert(name):
                return False
        return True


def _called_name(func: ast.expr | None) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _what_it_calls(value: ast.expr, functions: Iterable[str]) -> str:
    called = {_called_name(n.func) for n in ast.walk(value) if isinstance(n, ast.Call)}
    if not called:
        return "assignments"
    if called <= set(functions):
        return "calls to its own empty functions"
    return "argument parsing or printing"


def _held_rank(held: str) -> int:
    # Other raises (`raise SystemExit(...)`) are named where NotImplementedError would be.
    return HELD_ORDER.index(held if held in HELD_ORDER else "`raise NotImplementedError`")


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _is_main_guard(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )
