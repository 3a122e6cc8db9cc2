"""A new API token, as the account page and `registry token create` send it."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, fields, pre_load, validate

from schemas.fields import validate_slug, validate_text

SCOPES = ("submit", "admin")
MAX_NAME = 100
MAX_LABS = 50
MAX_EXPIRES_DAYS = 3650  # ten years: "never" is a blank, not a huge number
# The form takes labs as one line of slugs: commas or whitespace between them.
LAB_SEPARATORS = re.compile(r"[\s,]+")


class TokenInSchema(Schema):
    """A token's name, scope, the labs it is narrowed to, and its lifetime in days."""

    name = fields.String(
        required=True,
        validate=[
            validate.Length(
                min=1, max=MAX_NAME, error=f"Give the token a name of 1 to {MAX_NAME} characters."
            ),
            validate_text,
        ],
        metadata={"description": "Who or what uses the token, e.g. allenai-ci."},
    )
    scope = fields.String(
        load_default="submit",
        validate=validate.OneOf(SCOPES, error="Unknown scope: use submit or admin."),
        metadata={"description": "submit: create and update; admin: also delete (admins only)."},
    )
    labs = fields.List(
        fields.String(validate=validate_slug),
        load_default=list,
        validate=validate.Length(max=MAX_LABS, error=f"Name at most {MAX_LABS} labs."),
        metadata={"description": "Lab slugs the token may write to; none: every lab you may edit."},
    )
    expires_days = fields.Integer(
        load_default=None,
        allow_none=True,
        strict=False,
        validate=validate.Range(
            min=1, max=MAX_EXPIRES_DAYS,
            error=f"Give a number of days from 1 to {MAX_EXPIRES_DAYS}, or leave it blank.",
        ),
        metadata={"description": "Days until the token stops working; blank: never."},
    )

    @pre_load
    def _tidy(self, data: Any, **_: Any) -> Any:
        if not isinstance(data, dict):
            return data
        tidied = dict(data)
        if isinstance(tidied.get("name"), str):
            tidied["name"] = tidied["name"].strip()
        if isinstance(tidied.get("labs"), str):
            tidied["labs"] = [s for s in LAB_SEPARATORS.split(tidied["labs"]) if s]
        if tidied.get("expires_days") in ("", None):
            tidied["expires_days"] = None
        return tidied
