"""What a dataset repository really holds: empty data files, and where a card or script points.

A file that exists by name but holds no bytes is not published data: a size of 0, or a Git
LFS pointer committed as the file itself (about 130 bytes of "version https://git-lfs...",
its object never uploaded). Tiny data files are read to tell the two apart, a few at most.
A card or loading script without data files is not data either; the reason names where
it points, so a user can follow the pointer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from posixpath import basename

from registry.model import FileFound
from registry.ports import AdapterError, HubClient, HubFile, HubRepoInfo

# Data files at or under this size may be LFS pointers; a pointer is ~130 bytes.
POINTER_MAX_BYTES = 1024
MAX_POINTER_READS = 8
LFS_POINTER = re.compile(r"\Aversion https://git-lfs\.github\.com/spec/v\d+\s*\n(.*\n)?oid \w+:")
SCRIPT_READ_BYTES = 64 * 1024
CARD_READ_BYTES = 256 * 1024
MAX_SCRIPTS_READ = 2
MAX_POINTERS_NAMED = 3

URL = re.compile(r"(?:https?|s3|gs|hf)://[^\s)\]\"'<>`,]+")
# Links that are not where data lives: licences, badges, papers' and tools' pages.
NOT_A_DATA_POINTER = re.compile(
    r"creativecommons\.org|opendatacommons\.org|spdx\.org|opensource\.org|apache\.org/licenses"
    r"|shields\.io|badge|\.(png|jpe?g|svg|gif)(\?|$)|github\.com/huggingface/datasets/?$"
    r"|huggingface\.co/docs",
    re.I,
)


@dataclass(frozen=True)
class EmptyFiles:
    """The data files that hold nothing, and how many tiny files went unread."""

    empty: tuple[FileFound, ...]
    why: Mapping[str, str]  # path -> "0 bytes" or "a Git LFS pointer"
    unread: int  # tiny files past the read cap, counted as data since nothing shows otherwise


def empty_files(hub: HubClient, info: HubRepoInfo, data: Sequence[FileFound]) -> EmptyFiles:
    """Return the data files that exist by name but hold no bytes."""
    why = {f.path: "0 bytes" for f in data if f.size == 0}
    tiny = [f for f in data if f.size is not None and 0 < f.size <= POINTER_MAX_BYTES]
    for found in tiny[:MAX_POINTER_READS]:
        text = _read(hub, info, found.path, POINTER_MAX_BYTES)
        if text is not None and LFS_POINTER.match(text):
            why[found.path] = "a Git LFS pointer"
    unread = max(0, len(tiny) - MAX_POINTER_READS)
    return EmptyFiles(tuple(f for f in data if f.path in why), why, unread)


def describe_empty(empty: EmptyFiles, total: int) -> str:
    """Return the sentence naming the empty files ("2 of 5 data files are empty: ...")."""
    named = ", ".join(f"{f.path} ({empty.why[f.path]})" for f in empty.empty[:MAX_POINTERS_NAMED])
    more = len(empty.empty) - MAX_POINTERS_NAMED
    named += f" and {more} more" if more > 0 else ""
    unread = (
        f"; {empty.unread} more tiny file(s) were not read and are counted as data"
        if empty.unread
        else ""
    )
    return f"{len(empty.empty)} of {total} data file(s) are empty: {named}{unread}"


def pointers(
    hub: HubClient, info: HubRepoInfo, files: Iterable[HubFile], scripts: list[str]
) -> list[str]:
    """Return where a card or loading script says the data is (a few URLs), read cheaply."""
    found: list[str] = []
    for path in scripts[:MAX_SCRIPTS_READ]:
        found += urls_in(_read(hub, info, path, SCRIPT_READ_BYTES) or "", info.repo_id)
    if not found and any(basename(f.path).lower() == "readme.md" for f in files):
        found += urls_in(str(dict(info.card_data)), info.repo_id)
        found += urls_in(_read(hub, info, "README.md", CARD_READ_BYTES) or "", info.repo_id)
    return list(dict.fromkeys(found))[:MAX_POINTERS_NAMED]


def urls_in(text: str, repo_id: str) -> list[str]:
    """Return the URLs a text points to, minus licences, badges and the repository itself."""
    own = f"huggingface.co/datasets/{repo_id}".lower()
    found = [u.rstrip(".;:") for u in URL.findall(text)]
    return [u for u in found if not NOT_A_DATA_POINTER.search(u) and own not in u.lower()]


def _read(hub: HubClient, info: HubRepoInfo, path: str, cap: int) -> str | None:
    # Best effort: these reads only add detail (is a tiny file a pointer, where does a
    # card point), so a file we cannot read (gated, LFS bytes refused, a failure) shows
    # nothing either way and the verdict rests on the listing.
    try:
        return hub.read_text(info.repo_type, info.repo_id, path, info.sha, cap)
    except AdapterError:
        return None
