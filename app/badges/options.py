"""The query string of a badge request, read through schemas/badge.py, its label cleaned."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from marshmallow import ValidationError

from app.badges.render import DEFAULT_STYLE
from app.badges.text import LABEL_MAX_CHARS, clean_text
from schemas.badge import BadgeQuerySchema
from schemas.fields import error_messages


class InvalidBadgeOption(ValueError):
    """A query parameter the badge cannot honour; the message says what would work."""


@dataclass(frozen=True)
class BadgeOptions:
    """How the reader wants the badge drawn; label None means the badge's own label."""

    style: str = DEFAULT_STYLE
    label: str | None = None


DEFAULT_OPTIONS = BadgeOptions()
_QUERY = BadgeQuerySchema()


def parse_options(args: Mapping[str, str]) -> BadgeOptions:
    """Return the options in a query string, or raise InvalidBadgeOption."""
    try:
        query = _QUERY.load(args)
    except ValidationError as error:
        field, messages = next(iter(error_messages(error).items()))
        raise InvalidBadgeOption(messages[0] if isinstance(messages, list) else field) from None
    label = query["label"]
    # An empty ?label= is kept empty: it asks for the message alone, as on shields.io.
    return BadgeOptions(
        style=query["style"], label=None if label is None else clean_text(label, LABEL_MAX_CHARS)
    )
