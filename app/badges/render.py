"""A BadgeSpec as bytes: SVG in one of three styles, or shields.io endpoint JSON; memoised.

A badge's content has few possible values (five tiers, four verdicts, a 0-100 score, four
states), so each distinct (spec, style, format, max-age) is rendered once per process and
served from memory with its ETag. The cache is bounded because `?label=` is free text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import badgepy

from app.badges import for_the_badge
from app.badges.design import BadgeSpec
from registry.words import number
from schemas.badge import DEFAULT_BADGE_STYLE

RENDER_CACHE_SIZE = 4096
# Bump when the rendering changes, so ETags handed out before an upgrade stop matching.
RENDERER_VERSION = "2"
# badgepy writes coordinates as Python floats print them (945.5000000000001).
FLOAT_ATTRIBUTE = re.compile(r'="(-?\d+\.\d{3,})"')


def tidy_numbers(svg: str) -> str:
    """Return the SVG with every long decimal attribute written with at most two decimals."""
    return FLOAT_ATTRIBUTE.sub(lambda m: f'="{number(float(m.group(1)))}"', svg)


def _badgepy(style: str) -> Callable[[BadgeSpec], str]:
    def render(spec: BadgeSpec) -> str:
        return tidy_numbers(_draw(spec))

    def _draw(spec: BadgeSpec) -> str:
        if not spec.label:
            # An empty label means "message only", as in shields: one section, message colour.
            return badgepy.badge(
                left_text=spec.message,
                left_color=spec.color,
                whole_title=spec.title,
                style=style,
                measurer=for_the_badge.regular_measurer(),
            )
        return badgepy.badge(
            measurer=for_the_badge.regular_measurer(),
            left_text=spec.label,
            right_text=spec.message,
            left_color=spec.label_color,
            right_color=spec.color,
            whole_title=spec.title,
            style=style,
        )

    return render


# badgepy draws "flat" and "flat-square"; "for-the-badge" is ours, after badge-maker.
# shields' "plastic" and "social" are refused with a 400 rather than drawn approximately.
SVG_STYLES: Mapping[str, Callable[[BadgeSpec], str]] = MappingProxyType(
    {
        "flat": _badgepy("flat"),
        "flat-square": _badgepy("flat-square"),
        "for-the-badge": for_the_badge.render,
    }
)
DEFAULT_STYLE = DEFAULT_BADGE_STYLE

SVG_CONTENT_TYPE = "image/svg+xml; charset=utf-8"
JSON_CONTENT_TYPE = "application/json"


@dataclass(frozen=True)
class RenderedBadge:
    """A badge's bytes, their content type and their strong ETag (without quotes)."""

    body: bytes
    content_type: str
    etag: str


def render_svg(spec: BadgeSpec, style: str) -> str:
    """Return `spec` drawn as an SVG in `style`."""
    return SVG_STYLES[style](spec)


def shields_json(spec: BadgeSpec, style: str, cache_seconds: int) -> dict[str, Any]:
    """Return `spec` in the shields.io endpoint schema (schemaVersion 1)."""
    return {
        "schemaVersion": 1,
        "label": spec.label,
        "message": spec.message,
        "color": spec.color,
        "labelColor": spec.label_color,
        "isError": spec.is_error,
        "style": style,
        "cacheSeconds": cache_seconds,
    }


@lru_cache(maxsize=RENDER_CACHE_SIZE)
def rendered(spec: BadgeSpec, style: str, fmt: str, max_age: int) -> RenderedBadge:
    """Return the badge's bytes and ETag, rendering it only the first time it is asked for."""
    if fmt == "json":
        text = json.dumps(shields_json(spec, style, max_age), ensure_ascii=False)
        body, content_type = text.encode("utf-8"), JSON_CONTENT_TYPE
    else:
        body, content_type = render_svg(spec, style).encode("utf-8"), SVG_CONTENT_TYPE
    digest = hashlib.sha256(RENDERER_VERSION.encode() + b"\0" + body).hexdigest()[:32]
    return RenderedBadge(body=body, content_type=content_type, etag=digest)
