"""The query string of a badge request: ?style= and ?label=."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.badges.render import DEFAULT_STYLE, SVG_STYLES
from app.badges.text import LABEL_MAX_CHARS, clean_text


class InvalidBadgeOption(ValueError):
    """A query parameter the badge cannot honour; the message says what would work."""


@dataclass(frozen=True)
class BadgeOptions:
    """How the reader wants the badge drawn; label None means the badge's own label."""

    style: str = DEFAULT_STYLE
    label: str | None = None


DEFAULT_OPTIONS = BadgeOptions()


def parse_options(args: Mapping[str, str]) -> BadgeOptions:
    """Return the options in a query string, or raise InvalidBadgeOption."""
    style = args.get("style", DEFAULT_STYLE)
    if style not in SVG_STYLES:
        raise InvalidBadgeOption(f"style must be one of {', '.join(SVG_STYLES)}")
    label = args.get("label")
    # An empty ?label= is kept empty: it asks for the message alone, as on shields.io.
    return BadgeOptions(
        style=style, label=None if label is None else clean_text(label, LABEL_MAX_CHARS)
    )
