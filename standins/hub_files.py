"""The Hub stand-in's file downloads: ``/{id}/resolve/{rev}/{path}`` and the fake CDN.

LFS files redirect from resolve to the CDN, another origin, as the real Hub's do.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

from werkzeug.wrappers import Request, Response

from .bodies import byte_response, bytes_source
from .hub_bodies import content_type_for, lfs_redirect
from .hub_errors import HubError
from .hub_index import HubEntry
from .manifest import HubRepoManifest

if TYPE_CHECKING:
    from .hub_app import HubApp

# Files a gated repo serves to anyone. Since August 2023 the Hub makes README files readable
# on gated repos, "since users have to be able to read a model card before requesting
# access" (huggingface/transformers#26257, which moved its gated-repo test to another file
# for that reason), and licence files stay public (Hub staff in huggingface/hub-docs#1274,
# 2024: "license files are still publicly accessible"). Top-level files only.
UNGATED_FILE = re.compile(r"(README|LICEN[CS]E)(\.[A-Za-z0-9]+)?", re.IGNORECASE)


def resolve(hub: HubApp, request: Request, kind: str, segments: list[str]) -> Response:
    """HEAD/GET ``/{id}/resolve/{rev}/{path}``; LFS files redirect to another origin."""
    if request.method not in ("GET", "HEAD"):
        raise HubError(405, "Method not allowed")
    at = segments.index("resolve", 1)
    repo_id = "/".join(unquote(s) for s in segments[:at])
    index = hub.open_repo(kind, repo_id, request)
    if len(segments) < at + 3:
        raise HubError(404, "Entry not found", "EntryNotFound")
    index = hub.revision_index(index, segments[at + 1])
    manifest = index.manifest
    path = unquote("/".join(segments[at + 2 :]))
    if manifest.gated and not UNGATED_FILE.fullmatch(path):
        status = 403 if request.headers.get("Authorization") else 401
        message = f"Access to {manifest.kind} {manifest.id} is restricted; ask for access."
        raise HubError(status, message, "GatedRepo")
    entry = index.files.get(path)
    if entry is None:
        raise HubError(404, "Entry not found", "EntryNotFound")
    return file_response(request, manifest, entry)


def file_response(request: Request, manifest: HubRepoManifest, entry: HubEntry) -> Response:
    headers = {"X-Repo-Commit": manifest.sha, "ETag": f'"{entry.oid}"'}
    if entry.content is None:
        return lfs_redirect(request, manifest, entry, headers)
    return byte_response(
        request,
        total=entry.size,
        chunks=bytes_source(entry.content),
        content_type=content_type_for(entry.path),
        headers=headers,
    )


def cdn(hub: HubApp, request: Request, segments: list[str]) -> Response:
    """``/_cdn/{kind}/{id}/{sha256}``: an LFS file's bytes, ranges honoured, no auth needed.

    A declared weight file serves its header then filler; a size-only file serves filler,
    as a placeholder upload would. Reached only through a resolve redirect, so the repo's
    gate and faults were applied there.
    """
    if request.method not in ("GET", "HEAD") or len(segments) < 3:
        raise HubError(404, "Stand-in CDN: no such object")
    kind, sha256 = segments[0], segments[-1]
    manifest = hub.snapshot.hub_repo(kind, "/".join(unquote(s) for s in segments[1:-1]))
    entry = hub.index(manifest).by_lfs_sha256.get(sha256) if manifest else None
    if entry is None:
        raise HubError(404, "Stand-in CDN: no such object")
    layout = entry.layout
    return byte_response(
        request,
        total=layout.size,
        chunks=lambda start, end: layout.read(sha256, start, end),
        content_type="application/octet-stream",
        headers={"ETag": f'"{sha256}"'},
    )
