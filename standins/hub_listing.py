"""The Hub's listing API (``/api/models``, ``/api/datasets``), renamed ids, and derived fields.

What huggingface_hub sends (``hf_api.py`` ``list_models`` / ``list_datasets``):
``author``, ``search``, ``sort`` (``createdAt``, ``lastModified``, ``downloads``,
``likes``...), ``limit``, and ``expand`` as a repeated key (``expand=sha&expand=tags``).
Pages are cut at ``limit`` (at most the stand-in's page size) and linked with an absolute
``Link: <...>; rel="next"`` that the client requests exactly as given; its ``cursor`` is
opaque (base64 of JSON, as on the Hub), so no client can build one. With ``expand`` an item
carries ``_id``, ``id`` and exactly the expanded fields. Private repos are never listed for
anonymous callers, as on the Hub.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from .hub_index import HubRepoIndex
from .manifest import HubRepoManifest, Snapshot

# Fields each listed repo carries when the request has no `expand` (as the Hub answers).
DEFAULT_FIELDS = {
    "model": ("_id", "id", "likes", "trendingScore", "private", "downloads", "tags",
              "pipeline_tag", "library_name", "createdAt", "modelId"),
    "dataset": ("_id", "id", "author", "disabled", "gated", "lastModified", "likes",
                "trendingScore", "private", "sha", "downloads", "tags", "createdAt"),
}
# Sort keys and whether larger values come first (the Hub sorts descending by default).
SORT_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "createdAt": lambda item: item.get("createdAt") or "",
    "lastModified": lambda item: item.get("lastModified") or "",
    "downloads": lambda item: item.get("downloads") or 0,
    "likes": lambda item: item.get("likes") or 0,
    "trendingScore": lambda item: item.get("trendingScore") or 0,
    "id": lambda item: str(item.get("id", "")).lower(),
}
# config.json keys the Hub copies into a model's `config` field.
CONFIG_KEYS = ("architectures", "model_type", "auto_map", "quantization_config")


class ListingError(Exception):
    """A listing request the Hub would refuse (a bad limit or cursor)."""


def derived_fields(index: HubRepoIndex) -> dict[str, Any]:
    """Fields the Hub computes from the repo: `createdAt`, and `config` from config.json."""
    manifest = index.manifest
    fields: dict[str, Any] = {"createdAt": manifest.created_at or manifest.last_modified}
    fields.update({"likes": 0, "downloads": 0, "trendingScore": 0})
    config = _config(index)
    if manifest.kind == "model" and config is not None:
        fields["config"] = config
    for key in ("pipeline_tag", "library_name"):
        if key in manifest.card_data:
            fields[key] = manifest.card_data[key]
    return fields


def _config(index: HubRepoIndex) -> dict[str, Any] | None:
    entry = index.files.get("config.json")
    if entry is None or entry.content is None:
        return None
    try:
        parsed = json.loads(entry.content)
    except ValueError:
        return None
    if not isinstance(parsed, dict):
        return None
    return {key: parsed[key] for key in CONFIG_KEYS if key in parsed}


def alias_target(snapshot: Snapshot, kind: str, repo_id: str) -> HubRepoManifest | None:
    """The repo an old id now redirects to ("c4" -> "allenai/c4"), if any declares it."""
    wanted = repo_id.lower()
    for (repo_kind, _), manifest in snapshot.hub.items():
        if repo_kind == kind and wanted in (alias.lower() for alias in manifest.aliases):
            return manifest
    return None


def list_repos(
    request: Request,
    kind: str,
    snapshot: Snapshot,
    page_size: int,
    body_of: Callable[[HubRepoManifest], dict[str, Any]],
) -> Response:
    """One page of the listing, filtered, sorted and cut, with a `Link` to the next page."""
    args = request.args
    limit = _positive(args.get("limit"), page_size, "limit")
    cursor = _offset(args.get("cursor"))
    repos = [m for m in _of_author(snapshot, kind, args.get("author")) if _listed(m, args)]
    items = _sorted([body_of(m) for m in repos], args.get("sort"), args.get("direction"))
    size = min(limit, page_size)
    page = [_fields(item, kind, args.getlist("expand")) for item in items[cursor : cursor + size]]
    headers = {}
    if cursor + size < len(items):
        headers["Link"] = f'<{_next_url(request, cursor + size)}>; rel="next"'
    return Response(json.dumps(page), headers=headers, content_type="application/json")


# Repos per (snapshot, kind, author): a snapshot is immutable, and an owner's listing must not
# cost a walk over every repo of a 20,000-repo world.
_BY_AUTHOR: dict[tuple[int, str], dict[str, list[HubRepoManifest]]] = {}


def _of_author(snapshot: Snapshot, kind: str, author: str | None) -> list[HubRepoManifest]:
    if not author:
        return [m for (k, _), m in snapshot.hub.items() if k == kind]
    key = (id(snapshot), kind)
    index = _BY_AUTHOR.get(key)
    if index is None:
        index = {}
        for (k, _), manifest in snapshot.hub.items():
            if k == kind:
                index.setdefault((manifest.author or "").lower(), []).append(manifest)
        _BY_AUTHOR[key] = index
    return index.get(author.lower(), [])


def _listed(manifest: HubRepoManifest, args: Any) -> bool:
    author, search = args.get("author"), args.get("search")
    if manifest.private:
        return False
    if author and (manifest.author or "").lower() != author.lower():
        return False
    return not search or search.lower() in manifest.id.lower()


def _sorted(items: list[dict[str, Any]], sort: str | None, direction: str | None) -> list[Any]:
    key = SORT_KEYS.get(sort or "", None)
    if key is None:
        return sorted(items, key=SORT_KEYS["id"])
    descending = direction != "1" and sort != "id"
    return sorted(items, key=lambda item: (key(item), SORT_KEYS["id"](item)), reverse=descending)


def _fields(item: dict[str, Any], kind: str, expand: list[str]) -> dict[str, Any]:
    wanted = {"_id", "id", *expand} if expand else set(DEFAULT_FIELDS[kind])
    return {key: value for key, value in item.items() if key in wanted}


def _positive(raw: str | None, default: int, name: str, allow_zero: bool = False) -> int:
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or (int(raw) == 0 and not allow_zero):
        raise ListingError(f"Invalid {name}: {raw}")
    return int(raw)


def _next_url(request: Request, cursor: int) -> str:
    params = [(k, v) for k, v in request.args.items(multi=True) if k != "cursor"]
    params.append(("cursor", _cursor(cursor)))
    return f"{request.host_url.rstrip('/')}{request.path}?{urlencode(params)}"


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        offset = json.loads(base64.urlsafe_b64decode(cursor.encode()))["offset"]
    except (binascii.Error, ValueError, KeyError, TypeError) as error:
        raise ListingError(f"Invalid cursor: {cursor}") from error
    if not isinstance(offset, int) or offset < 0:
        raise ListingError(f"Invalid cursor: {cursor}")
    return offset
