"""Labs: what a submitter sends and what readers get back."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from schemas.fields import (
    URL_MAX,
    slug_message,
    validate_country,
    validate_https_url,
    validate_hub_owner,
    validate_name,
)
from schemas.patterns import SLUG, FullMatch, alternation
from schemas.release import ReleaseSummarySchema, status_field

# Lab slugs that would shadow a page of the site (/labs/new).
RESERVED_LAB_SLUGS = frozenset({"new"})


def _lab_slug_message(value: str) -> str:
    if value in RESERVED_LAB_SLUGS:
        return f"{value!r} is reserved by the site; choose another slug."
    return slug_message(value)


# A slug, and not one the site's own pages use.
validate_lab_slug = FullMatch(
    rf"(?!{alternation(RESERVED_LAB_SLUGS)}$){SLUG}", _lab_slug_message
)


class LabInSchema(Schema):
    """A lab as submitted."""

    slug = fields.String(required=True, validate=validate_lab_slug)
    name = fields.String(
        required=True, validate=[validate.Length(min=1, max=200), validate_name]
    )
    homepage = fields.String(
        load_default=None,
        allow_none=True,
        validate=[validate.Length(max=URL_MAX), validate_https_url],
    )
    country = fields.String(load_default=None, allow_none=True, validate=validate_country)
    hub_org = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate_hub_owner,
        metadata={"description": "The lab's organisation on the Hugging Face Hub"},
    )
    sweep_hub = fields.Boolean(
        load_default=False,
        metadata={"description": "Sweep hub_org on a schedule and register new releases"},
    )



class LabUpdateSchema(LabInSchema):
    """A partial update of a lab; the slug is its identity and cannot change."""

    class Meta:
        exclude = ("slug",)


class TierCountSchema(Schema):
    letter = fields.String()
    name = fields.String()
    count = fields.Integer()


class LabOutSchema(Schema):
    """A lab as readers see it: identity, aggregate score and tier distribution."""

    slug = fields.String()
    name = fields.String()
    homepage = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    hub_org = fields.String(allow_none=True)
    sweep_hub = fields.Boolean()
    community_submitted = fields.Boolean()
    score = fields.Integer(
        allow_none=True,
        metadata={"description": "Mean score of the verified releases; null when none is."},
    )
    status = status_field()
    release_count = fields.Integer()
    verified_release_count = fields.Integer(
        metadata={"description": "How many of release_count are verified (have a tier)."}
    )
    tier_distribution = fields.List(
        fields.Nested(TierCountSchema),
        metadata={"description": "Verified releases per tier; unverified ones have no tier."},
    )
    latest_release_on = fields.Date(allow_none=True)
    last_checked_at = fields.DateTime(allow_none=True)
    stale = fields.Boolean()
    url = fields.String()
    badge_url = fields.String()


class LabDetailSchema(LabOutSchema):
    """A lab with the summaries of its releases."""

    releases = fields.List(fields.Nested(ReleaseSummarySchema))
