"""The query string of a badge request: ?style= and ?label=.

The styles are the ones app/badges/render.py draws (a unit test keeps the two lists equal);
the label is free text that the badge layer cleans and caps before drawing it.
"""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields
from marshmallow.validate import OneOf

BADGE_STYLES = ("flat", "flat-square", "for-the-badge")
DEFAULT_BADGE_STYLE = "flat"


class BadgeQuerySchema(Schema):
    """?style= one of BADGE_STYLES (the refusal lists them, never echoes the input); ?label=."""

    class Meta:
        unknown = EXCLUDE  # other parameters (cache busters such as ?v=2) are ignored

    style = fields.String(
        load_default=DEFAULT_BADGE_STYLE,
        validate=OneOf(BADGE_STYLES, error=f"style must be one of {', '.join(BADGE_STYLES)}"),
    )
    label = fields.String(load_default=None)
