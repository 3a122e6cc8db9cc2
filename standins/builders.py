"""Validated manifest documents -> manifest dataclasses, one builder per kind.

File entries become FileSpecs through a resolver that collects every problem (duplicate
paths, missing texts, several sources of bytes) before raising, so one run reports them all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .issues import ManifestError, ManifestIssue
from .manifest import (
    CollectionManifest,
    Fault,
    FileSpec,
    GitRepoManifest,
    HubBranch,
    HubRepoManifest,
    Manifest,
    PaperManifest,
    UrlManifest,
)
from .texts import TEXTS_FOLDER, TextStore
from .weight_files import declared_weight_file
from .weight_specs import DeclError

# Used when a manifest gives no date: fixed, so derived data stays stable across runs.
DEFAULT_LAST_MODIFIED = "2024-01-01T00:00:00.000Z"


class ContentResolver:
    """Turns file entries into FileSpecs, collecting problems instead of stopping at the first."""

    def __init__(self, texts: TextStore, where: str) -> None:
        self.texts = texts
        self.where = where
        self.issues: list[ManifestIssue] = []

    def files(self, entries: list[dict[str, Any]], field: str) -> tuple[FileSpec, ...]:
        """FileSpecs for a ``files`` list; paths must be unique."""
        specs: list[FileSpec] = []
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            where = f"{field}[{index}]"
            if entry["path"] in seen:
                self.issues.append(
                    ManifestIssue(self.where, f"{where}.path", f"duplicate path {entry['path']!r}")
                )
            seen.add(entry["path"])
            specs.append(self._file(entry, where))
        return tuple(specs)

    def _file(self, entry: dict[str, Any], where: str) -> FileSpec:
        if "format" in entry or "header" in entry:
            return self._weight_file(entry, where)
        self.check_one_source(entry, where, need_one=True)
        content = self.content(entry, where)
        return FileSpec(
            path=entry["path"],
            content=content,
            size=entry.get("size"),
            text_ref=entry.get("text_ref"),
        )

    def _weight_file(self, entry: dict[str, Any], where: str) -> FileSpec:
        # A declared weight file: its bytes come from the header, never from content.
        try:
            return declared_weight_file(entry)
        except DeclError as error:
            self.issues.append(ManifestIssue(self.where, where, str(error)))
            return FileSpec(path=entry["path"], size=0)

    def check_one_source(self, entry: Mapping[str, Any], where: str, *, need_one: bool) -> None:
        """Require at most one (or, with ``need_one``, exactly one) source of bytes."""
        given = [key for key in ("content", "text_ref", "size") if key in entry]
        if len(given) > 1 or (need_one and not given):
            self.issues.append(
                ManifestIssue(
                    self.where,
                    where,
                    f"give exactly one of content, text_ref or size (got {given or 'none'})",
                )
            )

    def content(self, entry: Mapping[str, Any], where: str) -> bytes | None:
        if "content" in entry:
            return str(entry["content"]).encode("utf-8")
        name = entry.get("text_ref")
        if name is None:
            return None
        found = self.texts.read(name)
        if found is None:
            self.issues.append(
                ManifestIssue(
                    self.where,
                    f"{where}.text_ref".lstrip("."),
                    f"no text named {name!r} in any {TEXTS_FOLDER}/ folder",
                )
            )
        return found

    def check(self) -> None:
        if self.issues:
            raise ManifestError(self.issues)


def _derived_sha(document: Mapping[str, Any], files: tuple[FileSpec, ...]) -> str:
    # Hash what the repo serves (including text_ref contents), so editing a text changes the sha.
    canonical = {
        **{k: v for k, v in document.items() if k not in ("files", "notes", "source", "snapshot")},
        "files": [
            [f.path, f.size, hashlib.sha1(f.content).hexdigest() if f.content is not None else None]  # noqa: S324
            + ([repr(f.weights)] if f.weights is not None else [])
            for f in files
        ],
    }
    encoded = json.dumps(canonical, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha1(encoded).hexdigest()  # noqa: S324 - an id, not a security hash


def _build_hub(
    document: dict[str, Any], origin: Path | None, resolver: ContentResolver
) -> HubRepoManifest:
    files = resolver.files(document["files"], "files")
    fault = document.get("fault")
    resolver.check()
    return HubRepoManifest(
        kind=document["kind"],
        id=document["id"],
        sha=document.get("sha") or _derived_sha(document, files),
        last_modified=document.get("last_modified") or DEFAULT_LAST_MODIFIED,
        files=files,
        snapshot=document.get("snapshot", True),
        source=document.get("source"),
        private=document.get("private", False),
        gated=document.get("gated", False),
        disabled=document.get("disabled", False),
        tags=tuple(document.get("tags") or ()),
        card_data=document.get("card_data") or {},
        card_text=document.get("card_text") or "",
        fault=Fault(**fault) if fault else None,
        extra=document.get("extra") or {},
        origin=origin,
        branches=_hub_branches(document, resolver),
        ref_tags=dict(document.get("ref_tags") or {}),
        aliases=tuple(document.get("aliases") or ()),
        created_at=document.get("created_at"),
    )


def _hub_branches(document: dict[str, Any], resolver: ContentResolver) -> dict[str, HubBranch]:
    """Each declared branch with its files, sha (derived unless given) and date."""
    branches = {}
    for name, spec in (document.get("branches") or {}).items():
        files = resolver.files(spec["files"], f"branches.{name}.files")
        derived = _derived_sha({"branch": name, "id": document["id"]}, files)
        branches[name] = HubBranch(
            files=files,
            sha=spec.get("sha") or derived,
            last_modified=spec.get("last_modified")
            or document.get("last_modified")
            or DEFAULT_LAST_MODIFIED,
        )
    resolver.check()
    return branches


def _build_git(
    document: dict[str, Any], origin: Path | None, resolver: ContentResolver
) -> GitRepoManifest:
    files = resolver.files(document["files"], "files")
    branches = {
        name: resolver.files(entries, f"branches.{name}")
        for name, entries in (document.get("branches") or {}).items()
    }
    resolver.check()
    return GitRepoManifest(
        url=document["url"],
        files=files,
        default_branch=document.get("default_branch", "main"),
        branches=branches,
        history=document.get("history", 1),
        snapshot=document.get("snapshot", True),
        source=document.get("source"),
        origin=origin,
        aliases=tuple(document.get("aliases") or ()),
    )


def _build_url(
    document: dict[str, Any], origin: Path | None, resolver: ContentResolver
) -> UrlManifest:
    resolver.check_one_source(document, "", need_one=False)
    content = resolver.content(document, "")
    resolver.check()
    return UrlManifest(
        url=document["url"],
        status=document.get("status", 200),
        content_type=document.get("content_type", "application/octet-stream"),
        size=document.get("size", 0),
        content=content,
        redirect_to=document.get("redirect_to"),
        snapshot=document.get("snapshot", True),
        source=document.get("source"),
        origin=origin,
    )


def _build_collection(
    document: dict[str, Any], origin: Path | None, resolver: ContentResolver
) -> CollectionManifest:
    return CollectionManifest(
        slug=document["slug"],
        title=document["title"],
        items=tuple((item["type"], item["id"]) for item in document["items"]),
        description=document.get("description"),
        last_updated=document.get("last_updated", "2024-01-01T00:00:00.000Z"),
        upvotes=document.get("upvotes", 0),
        snapshot=document.get("snapshot", True),
        source=document.get("source"),
        origin=origin,
    )


def _build_paper(
    document: dict[str, Any], origin: Path | None, resolver: ContentResolver
) -> PaperManifest:
    return PaperManifest(
        arxiv_id=document["arxiv_id"],
        title=document["title"],
        github_repo=document.get("github_repo"),
        project_page=document.get("project_page"),
        published_at=document.get("published_at", "2024-01-01T00:00:00.000Z"),
        snapshot=document.get("snapshot", True),
        source=document.get("source"),
        origin=origin,
    )


BUILDERS: dict[str, Callable[[dict[str, Any], Path | None, ContentResolver], Manifest]] = {
    "model": _build_hub,
    "dataset": _build_hub,
    "git": _build_git,
    "url": _build_url,
    "collection": _build_collection,
    "paper": _build_paper,
}
