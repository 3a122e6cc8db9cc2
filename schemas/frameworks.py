"""What GET .../frameworks returns: MOF claimed vs verified, OSAI's dimensions vs our evidence."""

from __future__ import annotations

from marshmallow import Schema, fields


class MofClassSchema(Schema):
    mof_class = fields.Integer(
        metadata={"description": "0 unclassified, 3 Class III, 2 Class II, 1 Class I."}
    )
    label = fields.String()
    progress = fields.Dict(
        keys=fields.String(),
        values=fields.Float(),
        metadata={"description": "Per class (III, II, I), in percent, unrounded as MOT computes."},
    )


class ClaimSourceSchema(Schema):
    source_file = fields.String(
        allow_none=True, metadata={"description": "The file's name or its upstream path."}
    )
    imported_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime(allow_none=True)
    upstream_url = fields.String(allow_none=True)
    upstream_commit = fields.String(allow_none=True)
    upstream_file_url = fields.String(allow_none=True)
    removed_in = fields.String(
        allow_none=True, metadata={"description": "The upstream commit the file was gone at."}
    )
    warnings = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "What the import reported about the file, by field."},
    )


class MofDifferenceSchema(Schema):
    component = fields.String()
    claimed = fields.String()
    claimed_licence = fields.String(allow_none=True)
    verified = fields.String()
    verified_licence = fields.String(allow_none=True)
    agreement = fields.String(
        metadata={"description": "agree, licence_differs, disagree, unconfirmed or no_evidence."}
    )
    explanation = fields.String()
    cause = fields.String(
        allow_none=True,
        metadata={
            "description": "Why they differ: 'real gap' (looked, absent or not open), 'no rule', "
            "'not confirmed yet', 'licence differs' or 'published, not claimed'; null when "
            "they agree."
        },
    )


class EvidenceLinkSchema(Schema):
    field = fields.String()
    text = fields.String()
    url = fields.String(allow_none=True)
    why = fields.String()


class MofClaimSchema(ClaimSourceSchema, MofClassSchema):
    differences = fields.List(fields.Nested(MofDifferenceSchema))
    evidence_links = fields.List(
        fields.Nested(EvidenceLinkSchema),
        metadata={"description": "Links the file gives that locate nothing we check."},
    )


class ClaimedComponentSchema(Schema):
    state = fields.String(metadata={"description": "open, not_open, unlicensed or not_listed."})
    licence = fields.String(allow_none=True)


class VerifiedComponentSchema(Schema):
    status = fields.String(
        metadata={
            "description": "open, restricted, absent, unverified, not_declared or not_verifiable."
        }
    )
    licence = fields.String(allow_none=True)
    urls = fields.List(fields.String())
    explanation = fields.String()
    has_rule = fields.Boolean(
        metadata={"description": "False: no artifact can show it (not verifiable automatically)."}
    )


class MofRuleSchema(Schema):
    where = fields.String(metadata={"description": "Where the rule looks."})
    counts = fields.String(metadata={"description": "What counts as the component."})
    does_not_count = fields.String(metadata={"description": "What does not."})


class MofComponentSchema(Schema):
    component = fields.String()
    mof_class = fields.Integer()
    required = fields.Boolean()
    claimed = fields.Nested(ClaimedComponentSchema, allow_none=True)
    verified = fields.Nested(VerifiedComponentSchema)
    rule = fields.Nested(MofRuleSchema)


class MofComparisonSchema(Schema):
    claimed = fields.Nested(
        MofClaimSchema,
        allow_none=True,
        metadata={"description": "The most recent live MOF claim; null until one is imported."},
    )
    claims = fields.List(
        fields.Nested(MofClaimSchema), metadata={"description": "Every MOF claim."}
    )
    verified = fields.Nested(MofClassSchema)
    summary = fields.String()
    components = fields.List(fields.Nested(MofComponentSchema))
    differences = fields.List(fields.Nested(MofDifferenceSchema))
    badge_url = fields.String(metadata={"description": "The verified-class badge (SVG)."})


class LinkSchema(Schema):
    text = fields.String()
    url = fields.String(allow_none=True)
    use = fields.String(metadata={"description": "artifact (we check it) or evidence (kept)."})
    locator = fields.String(allow_none=True)
    why = fields.String()


class OsaiDimensionSchema(Schema):
    dimension = fields.String()
    title = fields.String()
    group = fields.String()
    question = fields.String()
    pillar = fields.String(allow_none=True)
    grade = fields.String(allow_none=True, metadata={"description": "null: not graded (NA)."})
    links = fields.List(fields.Nested(LinkSchema))
    notes = fields.String(allow_none=True)
    ours = fields.String(allow_none=True, metadata={"description": "null: no evidence of ours."})
    agreement = fields.String(
        metadata={"description": "agree, disagree, unconfirmed, no_evidence or not_graded."}
    )
    explanation = fields.String()


class OsaiComparisonSchema(ClaimSourceSchema):
    system = fields.String()
    organisation = fields.String()
    organisation_notes = fields.String(allow_none=True)
    organisation_links = fields.List(fields.Nested(LinkSchema))
    attribution = fields.String(allow_none=True)
    judgements = fields.Dict(keys=fields.String(), values=fields.Raw())
    dimensions = fields.List(fields.Nested(OsaiDimensionSchema))
    disagreements = fields.Integer()


class FrameworksSchema(Schema):
    """A release against the openness frameworks, each difference explained."""

    lab = fields.String()
    release = fields.String()
    name = fields.String()
    mof = fields.Nested(MofComparisonSchema)
    osai = fields.Nested(
        OsaiComparisonSchema,
        allow_none=True,
        metadata={"description": "The most recent OSAI claim; null until one is imported."},
    )
    osai_claims = fields.List(fields.Nested(OsaiComparisonSchema))
    mof_yaml_url = fields.String()
    aibom_url = fields.String()
