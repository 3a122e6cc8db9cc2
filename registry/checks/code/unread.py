"""Code the checker holds but cannot read: archives of code, and files kept in Git LFS.

A repository whose training code is `training_code.zip`, or whose `train.py` is committed
through Git LFS (the tree holds a pointer; the code lives in LFS storage, which is never
fetched), may publish training code all the same. The checker reads neither archive
members nor LFS objects, so when nothing else shows training code, such files make the
verdict unverified, never absent, and the failure names them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from posixpath import basename

from registry.checks.archives import is_archive
from registry.checks.base import human_size
from registry.checks.code.paths import counts
from registry.checks.code.repos import Inspected

# An archive named like code may hold the training code; `assets.zip` or `images.tar` does
# not say so, and an absence beside it stays shown.
CODE_ARCHIVE_NAME = re.compile(r"train|code|src|source|script|recipe|megatron|trainer", re.I)
MAX_NAMED = 3


def is_code_archive(path: str) -> bool:
    """Return True for an archive whose name says it may hold code."""
    name = basename(path).lower()
    return is_archive(name) and bool(CODE_ARCHIVE_NAME.search(name)) and counts(path)


def unread_code(repos: Iterable[Inspected]) -> str | None:
    """Say which files may hold training code that was not read, or None when none may."""
    archives: list[str] = []
    pointers: list[str] = []
    for repo in repos:
        prefix = f"{repo.label}/" if repo.label else ""
        archives += [prefix + p for p in repo.inspection.paths if is_code_archive(p)]
        pointers += [
            f"{prefix}{path} (a pointer to a {human_size(size)} object)"
            for path, size in repo.training.lfs_pointers.items()
        ]
    parts = []
    if archives:
        parts.append(f"{_named(archives)} may hold the training code packed in an archive, "
                     "whose members are not read")  # fmt: skip
    if pointers:
        parts.append(f"{_named(pointers)} is stored in Git LFS, whose objects are not fetched, "
                     "so its code was not read")  # fmt: skip
    if not parts:
        return None
    return "; ".join(parts) + "; absence of training code is not shown"


def _named(items: list[str]) -> str:
    more = f" and {len(items) - MAX_NAMED} more" if len(items) > MAX_NAMED else ""
    return ", ".join(items[:MAX_NAMED]) + more
