"""Input that only the web pages and the CLI take: accounts, sign-in, members, list filters.

Labs and releases submitted through forms are validated by the same schemas as the API
(schemas.lab, schemas.release); this module holds what has no API twin.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from registry.model import Pillar, ReleaseStatus, Verdict
from registry.standard import TIERS
from schemas.api import LabListArgsSchema

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # argon2 would hash a megabyte happily; nobody types one
# Web paths under /labs/ that a lab slug would shadow.
RELEASE_SORT_KEYS = ("score", "name", "released", "checked")


def _normalise_email(data: Any) -> Any:
    if isinstance(data, dict) and isinstance(data.get("email"), str):
        return {**data, "email": data["email"].strip().lower()}
    return data


class UserInSchema(Schema):
    """A new account: an email address and a password long enough to resist guessing."""

    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(
            min=MIN_PASSWORD_LENGTH,
            max=MAX_PASSWORD_LENGTH,
            error=f"Use between {MIN_PASSWORD_LENGTH} and {MAX_PASSWORD_LENGTH} characters.",
        ),
    )
    is_admin = fields.Boolean(load_default=False)

    @pre_load
    def _lower_email(self, data: Any, **_: Any) -> Any:
        return _normalise_email(data)


class SignInSchema(Schema):
    """What the sign-in form sends."""

    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(min=1, max=MAX_PASSWORD_LENGTH)
    )

    @pre_load
    def _lower_email(self, data: Any, **_: Any) -> Any:
        return _normalise_email(data)


class MemberInSchema(Schema):
    """An account to add to a lab, named by its email address."""

    email = fields.Email(required=True, validate=validate.Length(max=254))

    @pre_load
    def _lower_email(self, data: Any, **_: Any) -> Any:
        return _normalise_email(data)


VERDICT_CHOICES = [v.value for v in Verdict]
STATUS_CHOICES = [s.value for s in ReleaseStatus]


class ReleaseFilterSchema(Schema):
    """The query string of the /releases page; unknown keys are ignored."""

    class Meta:
        unknown = "exclude"

    q = fields.String(load_default=None, validate=validate.Length(max=200))
    lab = fields.String(load_default=None, validate=validate.Length(max=64))
    tier = fields.String(load_default=None, validate=validate.OneOf([t.letter for t in TIERS]))
    status = fields.String(load_default=None, validate=validate.OneOf(STATUS_CHOICES))
    weights = fields.String(load_default=None, validate=validate.OneOf(VERDICT_CHOICES))
    code = fields.String(load_default=None, validate=validate.OneOf(VERDICT_CHOICES))
    data = fields.String(load_default=None, validate=validate.OneOf(VERDICT_CHOICES))
    released_after = fields.Date(load_default=None)
    released_before = fields.Date(load_default=None)
    sort = fields.String(load_default="score", validate=validate.OneOf(RELEASE_SORT_KEYS))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))

    @pre_load
    def _drop_blanks(self, data: Any, **_: Any) -> Any:
        # An untouched <select> or date input sends "", which means "any".
        return {k: v for k, v in data.items() if v not in ("", None)}

    @validates_schema
    def _dates_in_order(self, data: dict[str, Any], **_: Any) -> None:
        after, before = data.get("released_after"), data.get("released_before")
        if after and before and after > before:
            raise ValidationError(
                "This date is before the 'released after' date.", "released_before"
            )


PILLAR_FILTERS = tuple(p.value for p in Pillar)


class LabFilterSchema(LabListArgsSchema):
    """The query string of the leaderboard: the API's lab filters, a page, blanks as "any"."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))

    # What the API answers quietly (no lab, or the share not applied), the form explains.
    @validates_schema(skip_on_field_errors=True)
    def _consistent(self, data: dict[str, Any], **_: Any) -> None:
        low, high = data.get("score_min"), data.get("score_max")
        if low is not None and high is not None and low > high:
            raise ValidationError("The highest score is below the lowest one.", "score_max")
        if data.get("tier_share_min") and not data.get("tier"):
            raise ValidationError("Choose a tier for the share to be of.", "tier_share_min")

    @pre_load
    def _drop_blanks(self, data: Any, **_: Any) -> Any:
        # An untouched <select> or number input sends "", which means "any".
        return {k: v for k, v in data.items() if v not in ("", None)}
