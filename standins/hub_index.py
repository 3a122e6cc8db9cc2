"""A Hub repo manifest turned into what the Hub API serves: blob ids, LFS pointers, tree listings.

Built once per repo and cached, so a 10,000-file repo is listed page by page without
recomputing anything.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import threading
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import yaml

from .manifest import FileSpec, HubRepoManifest
from .weight_files import build_layout, safetensors_parameters
from .weight_layout import Filler, Layout
from .weight_specs import WeightDecl

README = "README.md"
LFS_POINTER_TEMPLATE = (
    "version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n"
)


def git_blob_id(content: bytes) -> str:
    """The git object id of a blob with this content, as the Hub reports it."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()  # noqa: S324 - git's id


@dataclass(frozen=True)
class HubEntry:
    """One file as the Hub describes it; size-only files are LFS files with no bytes to serve."""

    path: str
    size: int
    oid: str
    content: bytes | None = None
    lfs_sha256: str | None = None
    pointer_size: int | None = None
    weights: WeightDecl | None = None  # a declared weight file: served as header + filler

    @property
    def layout(self) -> Layout:
        """The bytes the CDN serves for an LFS file: a declared header, else all filler."""
        if self.weights is not None:
            return build_layout(self.weights)
        return Layout((Filler(self.size),))

    def lfs(self) -> dict[str, Any] | None:
        """The tree/paths-info ``lfs`` object, or None for a plain git file."""
        if self.lfs_sha256 is None:
            return None
        return {"oid": self.lfs_sha256, "size": self.size, "pointerSize": self.pointer_size}

    def tree_item(self) -> dict[str, Any]:
        """The item ``tree`` and ``paths-info`` return for this file."""
        item: dict[str, Any] = {
            "type": "file",
            "oid": self.oid,
            "size": self.size,
            "path": self.path,
        }
        if (lfs := self.lfs()) is not None:
            item["lfs"] = lfs
        return item

    def sibling(self, with_blobs: bool) -> dict[str, Any]:
        """The ``siblings`` item of the info response (sizes only with ``blobs=true``)."""
        if not with_blobs:
            return {"rfilename": self.path}
        sibling: dict[str, Any] = {"rfilename": self.path, "size": self.size, "blobId": self.oid}
        if self.lfs_sha256 is not None:
            sibling["lfs"] = {
                "size": self.size,
                "sha256": self.lfs_sha256,
                "pointerSize": self.pointer_size,
            }
        return sibling


def make_entry(repo_id: str, spec: FileSpec) -> HubEntry:
    """Describe one manifest file: a git blob when its bytes are known, LFS when only its size."""
    if spec.content is not None:
        return HubEntry(
            path=spec.path,
            size=len(spec.content),
            oid=git_blob_id(spec.content),
            content=spec.content,
        )
    size = int(spec.size or 0)
    # A stand-in digest: the real sha256 of the weights is not part of the public record we keep.
    sha256 = hashlib.sha256(f"standins:{repo_id}:{spec.path}:{size}".encode()).hexdigest()
    pointer = LFS_POINTER_TEMPLATE.format(sha256=sha256, size=size).encode("ascii")
    return HubEntry(
        path=spec.path,
        size=size,
        oid=git_blob_id(pointer),
        lfs_sha256=sha256,
        pointer_size=len(pointer),
        weights=spec.weights,
    )


def model_card(card_data: dict[str, Any], card_text: str) -> bytes:
    """README.md as the Hub stores it: YAML front matter from card_data, then the card text."""
    front = ""
    if card_data:
        front = "---\n" + yaml.safe_dump(card_data, sort_keys=False, allow_unicode=True) + "---\n"
    return (front + card_text).encode("utf-8")


class HubRepoIndex:
    """Everything served for one Hub repo, computed once."""

    def __init__(self, manifest: HubRepoManifest) -> None:
        self.manifest = manifest
        self._listings: dict[tuple[str, bool], list[dict[str, Any]]] = {}
        self._lock = threading.Lock()

    @cached_property
    def files(self) -> dict[str, HubEntry]:
        """Every file by path, with README.md generated from the card when not listed."""
        entries = {spec.path: make_entry(self.manifest.id, spec) for spec in self.manifest.files}
        if README not in entries and (self.manifest.card_data or self.manifest.card_text):
            card = model_card(dict(self.manifest.card_data), self.manifest.card_text)
            entries[README] = HubEntry(
                path=README, size=len(card), oid=git_blob_id(card), content=card
            )
        return dict(sorted(entries.items()))

    @cached_property
    def by_lfs_sha256(self) -> dict[str, HubEntry]:
        """LFS files by their sha256, which the CDN URL carries."""
        return {e.lfs_sha256: e for e in self.files.values() if e.lfs_sha256 is not None}

    @cached_property
    def safetensors(self) -> dict[str, Any] | None:
        """The info `safetensors` field, counted from declared headers as the Hub counts it.

        Like the Hub, from model.safetensors, else the shards its index names, else every
        safetensors file; a file cut inside its header is left out, as the Hub could not
        parse it. None when no declared safetensors header is left.
        """
        declared = {
            path: entry.weights
            for path, entry in self.files.items()
            if entry.weights is not None and entry.weights.format == "safetensors"
        }
        counts: dict[str, int] = {}
        for decl in _hub_counted(declared, self.files):
            for dtype, n in safetensors_parameters(decl).items():
                counts[dtype] = counts.get(dtype, 0) + n
        return {"parameters": counts, "total": sum(counts.values())} if counts else None

    @cached_property
    def directories(self) -> set[str]:
        """Every directory path that holds a file, at any depth (the root is "")."""
        found = {""}
        for path in self.files:
            parent = posixpath.dirname(path)
            while parent not in found:
                found.add(parent)
                parent = posixpath.dirname(parent)
        return found

    def directory_item(self, path: str) -> dict[str, Any]:
        """The tree item for a directory; its oid is a stable stand-in, not a real tree id."""
        oid = hashlib.sha1(f"tree:{self.manifest.sha}:{path}".encode()).hexdigest()  # noqa: S324
        return {"type": "directory", "oid": oid, "path": path}

    def item(self, path: str) -> dict[str, Any] | None:
        """The tree item for a file or directory path, or None when the path does not exist."""
        if path in self.files:
            return self.files[path].tree_item()
        if path and path in self.directories:
            return self.directory_item(path)
        return None

    def listing(self, path: str, recursive: bool) -> list[dict[str, Any]] | None:
        """Items under a directory (None when it is not one), sorted by path; cached."""
        key = (path.strip("/"), recursive)
        if key[0] not in self.directories:
            return None
        with self._lock:
            if key not in self._listings:
                self._listings[key] = self._compute_listing(*key)
            return self._listings[key]

    def _compute_listing(self, path: str, recursive: bool) -> list[dict[str, Any]]:
        prefix = f"{path}/" if path else ""
        paths = [p for p in (*self.directories, *self.files) if p and p.startswith(prefix)]
        if not recursive:
            paths = [p for p in paths if "/" not in p[len(prefix) :]]
        return [item for p in sorted(paths) if (item := self.item(p)) is not None]


def _hub_counted(declared: dict[str, WeightDecl], files: dict[str, HubEntry]) -> list[WeightDecl]:
    if "model.safetensors" in declared:
        return [declared["model.safetensors"]]
    index = files.get("model.safetensors.index.json")
    if index is not None and index.content is not None:
        try:
            shards = set(json.loads(index.content).get("weight_map", {}).values())
        except (ValueError, AttributeError):
            shards = set()
        return [declared[p] for p in sorted(shards) if p in declared]
    return list(declared.values())
