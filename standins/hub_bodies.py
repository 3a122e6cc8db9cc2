"""The Hub stand-in's response bodies: info, commits, LFS redirects, JSON and content types."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from werkzeug.wrappers import Request, Response

from . import hub_listing
from .hub_index import HubEntry, HubRepoIndex
from .manifest import HubRepoManifest

CDN_PREFIX = "_cdn"

# Plain-text types for files people read; everything else is served as bytes.
TEXT_SUFFIXES = {
    ".md": "text/markdown",
    ".txt": "text/plain",
    ".json": "application/json",
    ".yaml": "text/yaml",
    ".yml": "text/yaml",
    ".py": "text/x-python",
}


def content_type_for(path: str) -> str:
    """The Content-Type for a served file, by suffix."""
    suffix = "." + path.rsplit(".", 1)[-1] if "." in path else ""
    media = TEXT_SUFFIXES.get(suffix.lower())
    return f"{media}; charset=utf-8" if media else "application/octet-stream"


def lfs_redirect(
    request: Request, manifest: HubRepoManifest, entry: HubEntry, headers: dict[str, str]
) -> Response:
    """Answer like the Hub does for an LFS file: a 302 to the CDN carrying the file's metadata.

    The CDN is another origin (``localhost`` for ``127.0.0.1`` and back), so the client stops at
    the 302 and takes size and etag from its ``X-Linked-*`` headers.
    """
    host, _, port = request.host.rpartition(":")
    kind, repo_id = manifest.kind, quote(manifest.id, safe="/")
    other = "localhost" if host != "localhost" else "127.0.0.1"
    location = f"{request.scheme}://{other}:{port}/{CDN_PREFIX}/{kind}/{repo_id}/{entry.lfs_sha256}"
    linked = {
        "X-Linked-Etag": f'"{entry.lfs_sha256}"',
        "X-Linked-Size": str(entry.size),
        "Location": location,
    }
    return Response(b"", status=302, headers={**headers, **linked})


def last_commit(manifest: HubRepoManifest) -> dict[str, Any]:
    """The ``lastCommit`` of expanded tree items: always the snapshot commit."""
    return {"id": manifest.sha, "title": commit_title(manifest), "date": manifest.last_modified}


def commit_title(manifest: HubRepoManifest) -> str:
    return f"Stand-in snapshot of {manifest.id}"


def commit_body(manifest: HubRepoManifest) -> dict[str, Any]:
    """The snapshot commit as ``list_repo_commits`` reads it."""
    return {
        "id": manifest.sha,
        "authors": [{"user": manifest.author or manifest.id}],
        "date": manifest.last_modified,
        "title": commit_title(manifest),
        "message": f"Built from {manifest.source or 'the public record'}.",
    }


def info_body(index: HubRepoIndex, *, with_blobs: bool) -> dict[str, Any]:
    """The ``/api/{models,datasets}/{id}`` response."""
    manifest = index.manifest
    body: dict[str, Any] = {
        "_id": hashlib.sha1(manifest.id.encode()).hexdigest()[:24],  # noqa: S324 - an id
        "id": manifest.id,
        "author": manifest.author,
        "sha": manifest.sha,
        "lastModified": manifest.last_modified,
        "private": manifest.private,
        "gated": manifest.gated,
        "disabled": manifest.disabled,
        "tags": list(manifest.tags),
        "siblings": [entry.sibling(with_blobs) for entry in index.files.values()],
    }
    if manifest.kind == "model":
        body["modelId"] = manifest.id
    if manifest.card_data:
        body["cardData"] = dict(manifest.card_data)
    if manifest.kind == "model" and index.safetensors is not None:
        body["safetensors"] = index.safetensors  # `extra` may set its own below
    body.update(hub_listing.derived_fields(index))  # createdAt, config, likes... (extra wins)
    body.update(manifest.extra)
    return body


def json_response(
    body: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """A JSON answer."""
    return Response(
        json.dumps(body), status=status, headers=headers or {}, content_type="application/json"
    )
