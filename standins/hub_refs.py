"""Branches and tags of a stand-in Hub repo: which revision a request names, and the refs list.

A manifest may declare branches besides main (``branches:``, e.g. the intermediate
checkpoints ``step1000``) and tags (``ref_tags: {v1.0: main}``). A branch's files are laid
over main's, and it has its own sha and date, so ``revision/``, ``tree/``, ``resolve/``,
``paths-info/`` and ``commits/`` at a branch answer like the Hub does for that branch.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import unquote

from .manifest import FileSpec, HubRepoManifest

MIN_SHA_PREFIX = 7


def at_revision(manifest: HubRepoManifest, raw_revision: str) -> HubRepoManifest | None:
    """The repo as of the named revision (branch, ref, tag or sha prefix), or None if unknown."""
    revision = unquote(raw_revision)
    if _names(revision, "main", manifest.sha, "heads"):
        return manifest
    for name, branch in manifest.branches.items():
        if _names(revision, name, branch.sha, "heads"):
            return branch_view(manifest, name)
    for tag, target in manifest.ref_tags.items():
        if revision in (tag, f"refs/tags/{tag}") and target != tag:
            return at_revision(manifest, target)
    return None


def _names(revision: str, name: str, sha: str, kind: str) -> bool:
    if revision in (name, f"refs/{kind}/{name}"):
        return True
    return len(revision) >= MIN_SHA_PREFIX and sha.startswith(revision)


def branch_view(manifest: HubRepoManifest, name: str) -> HubRepoManifest:
    """The manifest as its branch serves it: main's files with the branch's laid over them."""
    branch = manifest.branches[name]
    files = _overlay(manifest.files, branch.files)
    return replace(
        manifest,
        files=files,
        sha=branch.sha,
        last_modified=branch.last_modified,
        branches={},
        ref_tags={},
    )


def _overlay(base: tuple[FileSpec, ...], top: tuple[FileSpec, ...]) -> tuple[FileSpec, ...]:
    by_path = {spec.path: spec for spec in base}
    by_path.update({spec.path: spec for spec in top})
    return tuple(by_path.values())


def refs_body(manifest: HubRepoManifest, include_prs: bool) -> dict[str, Any]:
    """The ``refs`` answer: every branch and tag with the commit it points at."""
    branches = [_ref("main", "heads", manifest.sha)] + [
        _ref(name, "heads", branch.sha) for name, branch in sorted(manifest.branches.items())
    ]
    tags = []
    for tag, target in sorted(manifest.ref_tags.items()):
        pointed = at_revision(manifest, target)
        if pointed is not None:
            tags.append(_ref(tag, "tags", pointed.sha))
    body: dict[str, Any] = {"branches": branches, "converts": [], "tags": tags}
    if include_prs:
        body["pullRequests"] = []
    return body


def _ref(name: str, kind: str, sha: str) -> dict[str, str]:
    return {"name": name, "ref": f"refs/{kind}/{name}", "targetCommit": sha}
