"""The Hub stand-in's collections: ``GET /api/collections/{owner}/{slug}``.

Answers as the real Hub does for `HfApi.get_collection` (huggingface_hub 2.4 `hf_api.py`,
parsed by `Collection` and `CollectionItem`): `slug`, `title`, `owner`, `items` (each
`_id`, `id`, `type`, `position`), `lastUpdated`, `position`, `private`, `theme`,
`upvotes`, `description`. Items and title come from the collection manifest (the public
page); the database ids the Hub adds are derived from the slug and position, because
public pages do not show them and no client reads them as anything but opaque strings.
"""

from __future__ import annotations

import hashlib
from urllib.parse import unquote

from werkzeug.wrappers import Response

from .hub_bodies import json_response
from .manifest import CollectionManifest, Snapshot


def collection_response(snapshot: Snapshot, segments: list[str]) -> Response | None:
    """Answer ``/api/collections/<owner>/<slug>``, or None when no manifest has that slug."""
    slug = "/".join(unquote(s) for s in segments)
    manifest = snapshot.collections.get(slug.lower())
    if manifest is None:
        return None
    return json_response(collection_body(manifest))


def collection_body(manifest: CollectionManifest) -> dict[str, object]:
    """The JSON the Hub sends for one collection."""
    return {
        "slug": manifest.slug,
        "title": manifest.title,
        "description": manifest.description,
        "owner": {"name": manifest.owner, "type": "org"},
        "items": [
            {"_id": _object_id(manifest.slug, position), "id": item_id, "type": item_type,
             "position": position}
            for position, (item_type, item_id) in enumerate(manifest.items)
        ],
        "lastUpdated": manifest.last_updated,
        "position": 0,
        "private": False,
        "theme": None,
        "upvotes": manifest.upvotes,
    }


def _object_id(slug: str, position: int) -> str:
    return hashlib.sha256(f"{slug}#{position}".encode()).hexdigest()[:24]
