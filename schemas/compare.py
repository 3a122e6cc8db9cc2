"""The query of a comparison: which releases (lab/release) and which labs to put side by side.

Both the page and the API read `releases=lab/rel,lab/rel` and `labs=a,b`; a key may also
be repeated (`releases=a/b&releases=c/d`), which is what a plain HTML form sends when it
adds one more release to the list. Blanks are dropped, so an untouched "compare with"
select means "nothing more".
"""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, pre_load

from schemas.fields import validate_slug
from schemas.patterns import SLUG

MAX_COMPARED = 6  # wider than six columns no screen reads well, and the page stays cheap


def _list_pattern(item: str) -> str:
    # What the spec promises: up to MAX_COMPARED items, comma-separated (the server also
    # drops blanks and spaces around items, which a generated request never needs).
    return f"^(?:{item})(?:,(?:{item})){{0,{MAX_COMPARED - 1}}}$"


def split_values(values: list[str]) -> list[str]:
    """Return the comma-separated items of one or more query values, blanks dropped."""
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


class _SlugList(fields.Field[list[Any]]):
    """A comma-separated list of references, each checked by `_check` (a string in OpenAPI)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[Any]:
        items = split_values(value if isinstance(value, list) else [str(value)])
        if len(items) > MAX_COMPARED:
            raise ValidationError(f"Compare at most {MAX_COMPARED} at once.")
        unique = list(dict.fromkeys(items))  # the same one twice is one column
        return [self._check(item) for item in unique]

    def _check(self, item: str) -> Any:
        validate_slug(item)
        return item


class _ReleaseRefs(_SlugList):
    def _check(self, item: str) -> tuple[str, str]:
        lab, _, release = item.partition("/")
        if not release:
            raise ValidationError(
                f"Name a release as lab/release, e.g. allenai/olmo-7b (not {item[:80]!r})."
            )
        try:
            validate_slug(lab)
            validate_slug(release)
        except ValidationError as error:
            raise ValidationError(f"{item[:80]!r}: {' '.join(error.messages)}") from error
        return (lab, release)


class CompareArgsSchema(Schema):
    """What to compare: releases and labs, each at most MAX_COMPARED."""

    class Meta:
        unknown = EXCLUDE

    releases = _ReleaseRefs(
        load_default=list,
        metadata={
            "type": "string",
            "pattern": _list_pattern(f"{SLUG}/{SLUG}"),
            "description": "Releases as lab/release, comma-separated "
            f"(or the key repeated), at most {MAX_COMPARED}: allenai/olmo-7b,mistralai/mistral-7b."
        },
    )
    labs = _SlugList(
        load_default=list,
        metadata={
            "type": "string",
            "pattern": _list_pattern(SLUG),
            "description": f"Lab slugs, comma-separated (or the key repeated), at most "
            f"{MAX_COMPARED}: allenai,eleutherai."
        },
    )

    @pre_load
    def _join_repeated(self, data: Any, **_: Any) -> Any:
        # A MultiDict (the query string) keeps repeated keys: join them into one list.
        getlist = getattr(data, "getlist", None)
        if getlist is None:
            return data
        return {key: getlist(key) for key in ("releases", "labs") if getlist(key)}

    @post_load
    def _as_tuples(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {"releases": tuple(data["releases"]), "labs": tuple(data["labs"])}


class EvidenceLineSchema(Schema):
    """One artifact's verdict and the first reason its last good check gave."""

    locator = fields.String()
    verdict = fields.String()
    reason = fields.String()
    url = fields.String(metadata={"description": "The evidence on the release page."})


class PillarCellSchema(Schema):
    """A release's verdict on one pillar with its key evidence."""

    pillar = fields.String()
    verdict = fields.String()
    evidence = fields.List(fields.Nested(EvidenceLineSchema))
    more = fields.Integer(metadata={"description": "Artifacts of this pillar not listed."})


class ReleaseColumnSchema(Schema):
    """One release in a comparison."""

    lab = fields.String()
    lab_name = fields.String()
    slug = fields.String()
    name = fields.String()
    url = fields.String()
    released_on = fields.String(allow_none=True)
    status = fields.String()
    status_reason = fields.String(allow_none=True)
    tier = fields.String(allow_none=True, metadata={"description": "Null when unverified."})
    tier_name = fields.String(allow_none=True)
    score = fields.Integer(allow_none=True)
    mof_verified = fields.String(metadata={"description": "MOF class our evidence supports."})
    mof_next = fields.String(
        allow_none=True,
        metadata={"description": "The next MOF class up and the evidence's progress to it."},
    )
    mof_claimed = fields.String(
        allow_none=True, metadata={"description": "MOF class an imported file claims."}
    )
    last_checked_at = fields.DateTime(allow_none=True)
    pillars = fields.List(fields.Nested(PillarCellSchema))


class TierShareSchema(Schema):
    """A lab's releases in one tier ('' for not yet verified) and their share, in percent."""

    letter = fields.String()
    name = fields.String()
    count = fields.Integer()
    percent = fields.Integer()


class PillarShareSchema(Schema):
    """How many of a lab's releases publish one pillar openly."""

    pillar = fields.String()
    open = fields.Integer()
    total = fields.Integer()


class LabColumnSchema(Schema):
    """One lab in a comparison."""

    slug = fields.String()
    name = fields.String()
    url = fields.String()
    country = fields.String(allow_none=True)
    score = fields.Integer(allow_none=True)
    release_count = fields.Integer()
    verified_release_count = fields.Integer()
    tiers = fields.List(fields.Nested(TierShareSchema))
    pillars = fields.List(fields.Nested(PillarShareSchema))
    last_checked_at = fields.DateTime(allow_none=True)


class ComparisonSchema(Schema):
    """Releases and labs side by side, and the references that named nothing."""

    releases = fields.List(fields.Nested(ReleaseColumnSchema))
    labs = fields.List(fields.Nested(LabColumnSchema))
    missing = fields.List(
        fields.String(), metadata={"description": "References that name no release or lab."}
    )
