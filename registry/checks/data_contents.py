"""What a dataset repository really holds: empty data files, and where a card or script points.

A file that exists by name but holds no bytes is not published data: a size of 0, a Git
LFS pointer committed as the file itself (about 130 bytes of "version https://git-lfs...",
its object never uploaded), or a placeholder ("coming soon" saved as train.parquet: plain
text where a binary format's bytes should be). Tiny data files are read to tell which, a
few at most.
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
# Data formats whose bytes are binary (magic numbers, compressed or columnar blocks).
BINARY_DATA_SUFFIXES = (
    ".parquet", ".arrow", ".feather", ".avro", ".orc", ".gz", ".zst", ".xz", ".bz2", ".zip",
    ".tar", ".tgz", ".npy", ".npz", ".h5", ".hdf5", ".lance", ".png", ".jpg", ".jpeg", ".webp",
    ".wav", ".flac", ".mp3", ".ogg", ".mp4",
)  # fmt: skip
PLACEHOLDER = "plain text"
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
        elif text is not None and _text_in_binary_format(found.path, text):
            why[found.path] = f"{PLACEHOLDER}, not {basename(found.path).rsplit('.', 1)[-1]} data"
            why[found.path] += f" ({' '.join(text.split())[:40]!r})"
    unread = max(0, len(tiny) - MAX_POINTER_READS)
    return EmptyFiles(tuple(f for f in data if f.path in why), why, unread)


def _text_in_binary_format(path: str, text: str) -> bool:
    # "coming soon" saved as train.parquet: a binary format's bytes are never clean text.
    if not path.lower().endswith(BINARY_DATA_SUFFIXES) or "\ufffd" in text:
        return False
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
    return bool(text.strip()) and printable == len(text)


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
    placeholders = any(w.startswith(PLACEHOLDER) for w in empty.why.values())
    are = "are empty or placeholders" if placeholders else "are empty"
    return f"{len(empty.empty)} of {total} data file(s) {are}: {named}{unread}"


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
