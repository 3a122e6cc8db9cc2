"""JSON Schemas for the three manifest kinds: the format, written down as data.

The loader validates every YAML document against these before building dataclasses, so
each problem is reported with its field path (``files[3].size``) and a message.
"""

from __future__ import annotations

from typing import Any

from .weight_specs import FORMATS

SHA_PATTERN = "^[0-9a-f]{40}$"
# The Hub client rejects any other timezone spelling (utils/_datetime.py), so only Z is allowed.
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$"
HUB_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$"
HTTP_URL_PATTERN = r"^https?://[^/\s?#]+(/[^\s]*)?$"
# In-repo paths: relative, no empty, "." or ".." segments, no backslashes.
COLLECTION_SLUG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*/[a-z0-9-]+-[0-9a-f]{24}$"
REPO_PATH_PATTERN = r"^(?!/)(?!.*//)(?!(.*/)?\.\.?(/|$))[^\\\x00]+(?<!/)$"

_COMMON: dict[str, Any] = {
    "snapshot": {"type": "boolean"},
    "source": {"type": "string"},
    "notes": {"type": "string"},
}

FILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["path"],
    "additionalProperties": False,
    "properties": {
        "path": {"type": "string", "pattern": REPO_PATH_PATTERN},
        "size": {"type": "integer", "minimum": 0},
        "content": {"type": "string"},
        "text_ref": {"type": "string", "pattern": r"^(?!/)(?!.*\.\.)[^\\\x00]+$"},
    },
}

# Hub files may also declare a weight format and header (standins/weight_specs.py); the
# header's fields are checked there, where the messages can say what a format accepts.
HUB_FILE_SCHEMA: dict[str, Any] = {
    **FILE_SCHEMA,
    "properties": {
        **FILE_SCHEMA["properties"],
        "format": {"enum": sorted(FORMATS)},
        "header": {"type": "object"},
    },
}

FAULT_SCHEMA: dict[str, Any] = {
    "type": ["object", "null"],
    "additionalProperties": False,
    "properties": {
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "delay_s": {"type": "number", "minimum": 0},
        "malformed": {"type": "boolean"},
        # Fail only the repo's first N requests, then answer normally.
        "times": {"type": "integer", "minimum": 1},
        # Seconds sent as Retry-After with the status answer (a 429 or 503).
        "retry_after": {"type": "integer", "minimum": 0},
    },
    "dependentRequired": {"retry_after": ["status"]},
}

# Hub branch and tag names: one path segment, so revisions never need %2F.
HUB_REF_PATTERN = r"^(?!main$)[A-Za-z0-9][A-Za-z0-9._-]*$"
HUB_BRANCH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["files"],
    "additionalProperties": False,
    "properties": {
        "files": {"type": "array", "items": FILE_SCHEMA},
        "sha": {"type": "string", "pattern": SHA_PATTERN},
        "last_modified": {"type": "string", "pattern": DATE_PATTERN},
    },
}

HUB_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["kind", "id", "files"],
    "additionalProperties": False,
    "properties": {
        **_COMMON,
        "kind": {"enum": ["model", "dataset"]},
        "id": {"type": "string", "pattern": HUB_ID_PATTERN},
        "sha": {"type": "string", "pattern": SHA_PATTERN},
        "last_modified": {"type": "string", "pattern": DATE_PATTERN},
        "private": {"type": "boolean"},
        "gated": {"enum": [False, "auto", "manual"]},
        "disabled": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "card_data": {"type": ["object", "null"]},
        "card_text": {"type": ["string", "null"]},
        "files": {"type": "array", "items": HUB_FILE_SCHEMA},
        "fault": FAULT_SCHEMA,
        # Extension: extra keys merged into the info JSON (library_name, safetensors, createdAt...).
        "extra": {"type": "object"},
        # Branches besides main (intermediate checkpoints), tags, old ids, creation date.
        "branches": {
            "type": ["object", "null"],
            "propertyNames": {"pattern": HUB_REF_PATTERN},
            "additionalProperties": HUB_BRANCH_SCHEMA,
        },
        "ref_tags": {
            "type": ["object", "null"],
            "propertyNames": {"pattern": HUB_REF_PATTERN},
            "additionalProperties": {"type": "string"},
        },
        "aliases": {"type": "array", "items": {"type": "string", "pattern": HUB_ID_PATTERN}},
        "created_at": {"type": "string", "pattern": DATE_PATTERN},
    },
}

GIT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["kind", "url", "files"],
    "additionalProperties": False,
    "properties": {
        **_COMMON,
        "kind": {"const": "git"},
        "url": {"type": "string", "pattern": HTTP_URL_PATTERN},
        "default_branch": {"type": "string", "pattern": r"^[A-Za-z0-9._/-]+$"},
        "branches": {
            "type": ["object", "null"],
            "propertyNames": {"pattern": r"^[A-Za-z0-9._/-]+$"},
            "additionalProperties": {"type": "array", "items": FILE_SCHEMA},
        },
        "history": {"type": "integer", "minimum": 1},
        "files": {"type": "array", "minItems": 1, "items": FILE_SCHEMA},
        # Old URLs of a renamed repo: smart-HTTP requests to them get a 301 to this one.
        "aliases": {"type": "array", "items": {"type": "string", "pattern": HTTP_URL_PATTERN}},
    },
}

URL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["kind", "url"],
    "additionalProperties": False,
    "properties": {
        **_COMMON,
        "kind": {"const": "url"},
        "url": {"type": "string", "pattern": HTTP_URL_PATTERN},
        "status": {"type": "integer", "minimum": 100, "maximum": 599},
        "content_type": {"type": "string"},
        "size": {"type": "integer", "minimum": 0},
        # Extension: inline bytes (or a text) instead of filler of `size`.
        "content": {"type": "string"},
        "text_ref": {"type": "string", "pattern": r"^(?!/)(?!.*\.\.)[^\\\x00]+$"},
        "redirect_to": {"type": ["string", "null"], "pattern": HTTP_URL_PATTERN},
    },
}

COLLECTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["kind", "slug", "title", "items"],
    "additionalProperties": False,
    "properties": {
        **_COMMON,
        "kind": {"const": "collection"},
        # owner/title-slug-<24 hex object id>, as the Hub spells a collection's slug
        "slug": {"type": "string", "pattern": COLLECTION_SLUG_PATTERN},
        "title": {"type": "string"},
        "description": {"type": ["string", "null"]},
        "last_updated": {"type": "string", "pattern": DATE_PATTERN},
        "upvotes": {"type": "integer", "minimum": 0},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "id"],
                "additionalProperties": False,
                "properties": {
                    "type": {"enum": ["model", "dataset", "space", "paper", "collection"]},
                    "id": {"type": "string"},
                },
            },
        },
    },
}

PAPER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["kind", "arxiv_id", "title"],
    "additionalProperties": False,
    "properties": {
        **_COMMON,
        "kind": {"const": "paper"},
        "arxiv_id": {"type": "string", "pattern": r"^\d{4}\.\d{4,5}$"},
        "title": {"type": "string"},
        "github_repo": {"type": ["string", "null"], "pattern": HTTP_URL_PATTERN},
        "project_page": {"type": ["string", "null"], "pattern": HTTP_URL_PATTERN},
        "published_at": {"type": "string", "pattern": DATE_PATTERN},
    },
}

SCHEMAS_BY_KIND: dict[str, dict[str, Any]] = {
    "model": HUB_SCHEMA,
    "dataset": HUB_SCHEMA,
    "git": GIT_SCHEMA,
    "url": URL_SCHEMA,
    "collection": COLLECTION_SCHEMA,
    "paper": PAPER_SCHEMA,
}
