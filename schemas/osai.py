"""European Open Source AI Index entries: YAML in, a validated `OsaiEntry` out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates_schema,
)

from registry.frameworks.artifacts import OSAI_LINKS
from registry.frameworks.links import is_hub_link
from registry.frameworks.osai import AVAILABILITY, LICENCE_DIMENSION, Grade, Judgement, OsaiEntry
from registry.frameworks.osai import dimension_names as osai_dimensions
from registry.model import Pillar
from schemas.mof import LINK_VALIDATORS, load_yaml, validate_public_link

REQUIRED_DIMENSIONS = (*AVAILABILITY, LICENCE_DIMENSION)
GRADE_ERROR = "Not an OSAI grade: use open, partial or closed."
# Which pillar's link rules a dimension's links must meet: they become artifacts to check.
ARTIFACT_DIMENSIONS: Mapping[str, Pillar] = {
    name: pillar for pillar, names in OSAI_LINKS.items() for name in names
}


class Links(fields.Field[tuple[str, ...]]):
    """OSAI writes a link as nothing, one URL, or a list of URLs; loads to a tuple."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> tuple[str, ...]:
        items = [] if value is None else value if isinstance(value, list) else [value]
        if not all(isinstance(item, str) for item in items):
            raise ValidationError("Not a link: give a URL or a list of URLs.")
        errors: dict[int, list[str]] = {}
        for index, item in enumerate(items):
            try:
                validate_public_link(item.strip())
            except ValidationError as error:
                errors[index] = list(error.messages)
        if errors:
            raise ValidationError(errors)
        return tuple(item.strip() for item in items if item.strip())


def _text(**kwargs: Any) -> fields.Field[Any]:
    return _Text(load_default=None, allow_none=True, **kwargs)


class _Text(fields.String):
    """Text that also takes a bare YAML number or date (releasedate: 2025)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        return super()._deserialize(value, attr, data, **kwargs)


class JudgementSchema(Schema):
    class Meta:
        unknown = RAISE

    grade = fields.String(
        data_key="class",
        required=True,
        validate=validate.OneOf([g.value for g in Grade], error=GRADE_ERROR),
        error_messages={"required": GRADE_ERROR, "null": GRADE_ERROR},
    )
    link = Links(load_default=(), allow_none=True)
    notes = _text()


class SystemSchema(Schema):
    class Meta:
        unknown = RAISE

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    link = _text(validate=validate_public_link)
    type = _text()
    performanceclass = _text()
    basemodelname = _text(validate=validate.Length(max=200))
    endmodelname = _text(validate=validate.Length(max=200))
    endmodellicense = _text(validate=validate.Length(max=200))
    releasedate = _text()
    notes = _text()


class OrgSchema(Schema):
    class Meta:
        unknown = RAISE

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    link = Links(load_default=(), allow_none=True)
    notes = _text()


def _dimension_field(name: str) -> fields.Field[Any]:
    required = name in REQUIRED_DIMENSIONS
    optional: dict[str, Any] = {} if required else {"load_default": None, "allow_none": True}
    return fields.Nested(
        JudgementSchema,
        required=required,
        **optional,
        error_messages={
            "required": f"Missing OSAI dimension {name}: every file grades it.",
            "null": f"Grade {name} open, partial or closed.",
        },
    )


OsaiFileSchema = Schema.from_dict(
    {
        "system": fields.Nested(SystemSchema, required=True),
        "org": fields.Nested(OrgSchema, required=True),
        **{name: _dimension_field(name) for name in osai_dimensions()},
    },
    name="OsaiFileSchema",
)


class OsaiSchema(OsaiFileSchema):  # type: ignore[valid-type,misc]
    """A whole OSAI entry; loads to an `OsaiEntry`."""

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": "Unknown OSAI field: not a dimension of the index."}

    @validates_schema(skip_on_field_errors=True)
    def _artifact_links(self, data: dict[str, Any], **_: Any) -> None:
        _check_artifact_links(data)

    @post_load
    def _to_entry(self, data: dict[str, Any], **_: Any) -> OsaiEntry:
        system, org = data["system"], data["org"]
        judgements = {
            name: Judgement(name, Grade(item["grade"]), item["link"] or (), item["notes"])
            for name in osai_dimensions()
            if (item := data.get(name)) is not None
        }
        details = {k: system[k] for k in ("type", "performanceclass", "releasedate", "notes")
                   if system.get(k) is not None}  # fmt: skip
        return OsaiEntry(
            system=system["name"],
            organisation=org["name"],
            judgements=judgements,
            system_link=system["link"],
            base_model=system["basemodelname"],
            end_model=system["endmodelname"],
            end_model_licence=system["endmodellicense"],
            details=details,
            organisation_links=org["link"] or (),
        )


def _check_artifact_links(data: Mapping[str, Any]) -> None:
    # Links that become artifacts must be ones a checker can read, reported where they are.
    errors: dict[str, Any] = {}
    for name, pillar in ARTIFACT_DIMENSIONS.items():
        item = data.get(name)
        for index, link in enumerate((item or {}).get("link") or ()):
            if pillar is Pillar.WEIGHTS and not is_hub_link(link):
                continue  # a download page is evidence for the graders, not a repo to check
            try:
                LINK_VALIDATORS[pillar](link)
            except ValidationError as error:
                errors.setdefault(name, {}).setdefault("link", {})[index] = error.messages
    link = data["system"].get("link")
    if link and is_hub_link(link):
        try:
            LINK_VALIDATORS[Pillar.WEIGHTS](link)
        except ValidationError as error:
            errors["system"] = {"link": error.messages}
    if errors:
        raise ValidationError(errors)


def load_osai(text: str) -> OsaiEntry:
    """Parse and validate one OSAI file; raise ValidationError with messages by field."""
    raw = load_yaml(text)
    if not isinstance(raw, dict):
        raise ValidationError(
            {"file": ["Not an OSAI file: expected a YAML mapping with system and org."]}
        )
    entry: OsaiEntry = OsaiSchema().load(raw)
    return entry
