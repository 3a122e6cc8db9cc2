"""What only the JSON API reads and writes: list filters, pages, runs with their evidence."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from registry.model import ReleaseStatus, Verdict
from registry.standard import TIERS
from schemas.fields import validate_country, validate_slug, validate_text
from schemas.paging import LAB_CURSOR_KINDS, RELEASE_CURSOR_KINDS, CursorField
from schemas.release import CheckRunSchema, EvidenceSchema

TIER_LETTERS = [t.letter for t in TIERS]
VERDICTS = [v.value for v in Verdict]
STATUSES = [s.value for s in ReleaseStatus]
# Keys of app.services.lab_reads.LAB_SORTS and release_reads.RELEASE_SORTS (schemas may
# not import the app).
LAB_SORTS = ["score", "name", "latest_release", "releases"]
RELEASE_SORTS = ["score", "name", "released", "checked"]
SCORE_RANGE = validate.Range(min=0, max=100, error="Use a score from 0 to 100.")
DATE_MESSAGE = "Not a valid date: use YYYY-MM-DD, e.g. 2024-02-01."
CURSOR_DOC = (
    "Start after the row this cursor names: pass a page's `next_cursor` (X-Pagination) "
    "unchanged, with the same filters; `page` and `sort` are then ignored (the cursor keeps "
    "the order it was made in). Pages past REGISTRY_EXACT_TOTAL_CAP rows are reached this "
    "way only."
)


class LabListArgsSchema(Schema):
    """Filters and order of the lab list."""

    class Meta:
        unknown = EXCLUDE

    sort = fields.String(
        load_default="score",
        validate=validate.OneOf(LAB_SORTS, error="Sort by one of: {choices}."),
        metadata={"description": "score (best first), name, latest_release or releases."},
    )
    tier = fields.String(
        validate=validate.OneOf(TIER_LETTERS, error="Not a tier: use one of {choices}."),
        metadata={"description": "Only labs with at least one release in this tier."},
    )
    country = fields.String(
        validate=validate_country, metadata={"description": "ISO 3166-1 alpha-2 code, e.g. FR."}
    )
    q = fields.String(
        validate=[validate.Length(max=200), validate_text],
        metadata={"description": "Words in the lab's name or slug (case-insensitive)."},
    )
    score_min = fields.Integer(
        validate=SCORE_RANGE,
        metadata={"description": "Lowest lab score, 0-100 (labs with no score never match)."},
    )
    score_max = fields.Integer(validate=SCORE_RANGE, metadata={"description": "Highest lab score."})
    tier_share_min = fields.Integer(
        validate=validate.Range(min=1, max=100, error="Use a percentage from 1 to 100."),
        metadata={
            "description": "With `tier`: only labs with at least this percentage of their "
            "releases (unverified ones included) in that tier; without `tier` it is not applied."
        },
    )

    cursor = CursorField(LAB_CURSOR_KINDS, metadata={"description": CURSOR_DOC})

    # The API answers what its spec allows: a reversed score range finds no lab (as a reversed
    # date range finds no release), and a share without a tier is not applied (its
    # description says so). The leaderboard's form says both to the person filling it in.


class ReleaseListArgsSchema(Schema):
    """Filters and order of the release list."""

    class Meta:
        unknown = EXCLUDE

    lab = fields.String(validate=validate_slug, metadata={"description": "A lab's slug."})
    tier = fields.String(
        validate=validate.OneOf(TIER_LETTERS, error="Not a tier: use one of {choices}."),
        metadata={"description": "Only releases in this tier (unverified releases have none)."},
    )
    status = fields.String(
        validate=validate.OneOf(STATUSES, error="Use one of: {choices}."),
        metadata={
            "description": "verified, or unverified: no check has confirmed the weights yet, "
            "so the release has no tier and no score."
        },
    )
    weights = fields.String(validate=validate.OneOf(VERDICTS, error="Use one of: {choices}."))
    code = fields.String(validate=validate.OneOf(VERDICTS, error="Use one of: {choices}."))
    data = fields.String(validate=validate.OneOf(VERDICTS, error="Use one of: {choices}."))
    released_after = fields.Date(
        error_messages={"invalid": DATE_MESSAGE},
        metadata={"description": "Released on or after this day."},
    )
    # Before earlier than after is no error: no release is in that range, so the list is empty.
    released_before = fields.Date(
        error_messages={"invalid": DATE_MESSAGE},
        metadata={"description": "Released on or before this day."},
    )
    q = fields.String(
        validate=[validate.Length(max=200), validate_text],
        metadata={"description": "Words in the release name (case-insensitive)."},
    )
    sort = fields.String(
        load_default="score",
        validate=validate.OneOf(RELEASE_SORTS, error="Sort by one of: {choices}."),
        metadata={
            "description": "score (best first; unverified releases, which have none, last), "
            "name, released or checked (newest first)."
        },
    )
    cursor = CursorField(RELEASE_CURSOR_KINDS, metadata={"description": CURSOR_DOC})


class RunEvidenceSchema(EvidenceSchema):
    """Evidence as listed under a run: which pillar and artifact it is about."""

    pillar = fields.String()
    artifact_id = fields.Integer(allow_none=True)


class CheckRunDetailSchema(CheckRunSchema):
    """A check run with every piece of evidence it recorded."""

    release = fields.String(metadata={"description": "The release's slug."})
    lab = fields.String(metadata={"description": "The lab's slug."})
    evidence = fields.List(fields.Nested(RunEvidenceSchema))
    carried_forward = fields.List(
        fields.Nested(RunEvidenceSchema),
        metadata={"description": "A run finished unchanged (and still the latest): the evidence "
                  "it confirmed, each piece with the run that found it."},
    )



class PageMetadataSchema(Schema):
    """The X-Pagination header of a list: where this page sits and how big pages are."""

    total = fields.Integer(metadata={"description": "Items matching the query."})
    total_pages = fields.Integer()
    first_page = fields.Integer()
    last_page = fields.Integer()
    page = fields.Integer(metadata={"description": "This page's number (absent past the end)."})
    previous_page = fields.Integer()
    next_page = fields.Integer()
    page_size = fields.Integer(
        metadata={"description": "Items per page actually used (capped by the server)."}
    )
    total_relation = fields.String(
        metadata={"description": "eq: `total` is exact; gt: more than `total` items match "
                  "(counts stop at REGISTRY_EXACT_TOTAL_CAP), and last_page is absent."}
    )
    next_cursor = fields.String(
        metadata={"description": "Pass as `cursor` for the page after this one (absent on "
                  "the last page)."}
    )
