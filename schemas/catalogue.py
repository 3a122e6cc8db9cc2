"""The seed catalogue file (registry/data/releases.json): labs and their releases.

The file also carries `expected`, `gated`, `training_code`, `notes` and `sources`:
they describe the public record for tests and stand-in snapshots and are deliberately
dropped here, so nothing in the file can become a verdict.
"""

from __future__ import annotations

from typing import Any

from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates_schema,
)

from registry.model import ArtifactKind, Pillar
from schemas.artifact import check_artifact_location, validate_entrypoint
from schemas.fields import (
    PartialDate,
    suggest_slug,
    validate_country,
    validate_https_url,
    validate_hub_id,
    validate_licence,
    validate_slug,
)


class CatalogueLabSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    slug = fields.String(required=True, validate=validate_slug)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    homepage = fields.String(load_default=None, allow_none=True, validate=validate_https_url)
    country = fields.String(load_default=None, allow_none=True, validate=validate_country)


class CatalogueArtifactSchema(Schema):
    """An artifact as the catalogue file writes it: repo_id for Hub kinds, url otherwise."""

    class Meta:
        unknown = EXCLUDE  # gated, training_code: the public record, never an input

    kind = fields.Enum(ArtifactKind, by_value=True, required=True)
    repo_id = fields.String(load_default=None)
    url = fields.String(load_default=None)
    licence = fields.String(load_default=None, allow_none=True, validate=validate_licence)
    entrypoint = fields.String(load_default=None, allow_none=True, validate=validate_entrypoint)

    @validates_schema(skip_on_field_errors=True)
    def _locator_fits_kind(self, data: dict[str, Any], **_: Any) -> None:
        field = "repo_id" if data["kind"] in _HUB_KINDS else "url"
        check_artifact_location(self.context_pillar, data["kind"], data.get(field) or "", field)

    @property
    def context_pillar(self) -> Pillar:
        return Pillar(self.pillar_name)

    def __init__(self, pillar_name: str = "weights", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pillar_name = pillar_name


_HUB_KINDS = frozenset({ArtifactKind.HF_MODEL, ArtifactKind.HF_DATASET})


def _pillar_field(pillar: Pillar) -> fields.Field[Any]:
    # A pillar holds null (none published), one artifact, or a list of artifacts.
    return _OneOrMany(
        fields.Nested(CatalogueArtifactSchema(pillar_name=pillar.value)),
        load_default=None,
        allow_none=True,
    )


class _OneOrMany(fields.List[Any]):
    """A list field that also takes a single object, reporting its errors without an index."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, list):
            return super()._deserialize(value, attr, data, **kwargs)
        try:
            return super()._deserialize([value], attr, data, **kwargs)
        except ValidationError as error:
            messages = error.messages
            if isinstance(messages, dict) and set(messages) == {0}:
                raise ValidationError(messages[0]) from error
            raise


class CatalogueArtifactsSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    weights = _pillar_field(Pillar.WEIGHTS)
    code = _pillar_field(Pillar.CODE)
    data = _pillar_field(Pillar.DATA)
    model_card = fields.String(load_default=None, allow_none=True, validate=validate_hub_id)


class CatalogueReleaseSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # expected, notes, sources, uncertain: for tests only

    lab = fields.String(required=True, validate=validate_slug)
    slug = fields.String(required=True, validate=validate_slug)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    released = PartialDate(load_default=None, allow_none=True)
    announced_as_open = fields.Boolean(load_default=False)
    paper = fields.String(load_default=None, allow_none=True, validate=validate_https_url)
    artifacts = fields.Nested(CatalogueArtifactsSchema, required=True)

    @pre_load
    def _normalise_slug(self, data: Any, **_: Any) -> Any:
        # The public record writes versions with dots ("qwen2.5-7b"); our slugs are
        # [a-z0-9-] only, so "qwen2.5-7b" is catalogued as "qwen2-5-7b".
        if isinstance(data, dict) and isinstance(data.get("slug"), str):
            return {**data, "slug": suggest_slug(data["slug"]) or data["slug"]}
        return data

    @post_load
    def _to_release_input(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        artifacts = data["artifacts"]
        return {
            "lab": data["lab"],
            "slug": data["slug"],
            "name": data["name"],
            "released_on": data["released"],
            "announced_as_open": data["announced_as_open"],
            "paper_url": data["paper"],
            "model_card": artifacts.get("model_card"),
            "artifacts": [
                _artifact_input(pillar, item)
                for pillar in Pillar
                for item in (artifacts.get(pillar.value) or [])
            ],
        }


def _artifact_input(pillar: Pillar, item: dict[str, Any]) -> dict[str, Any]:
    return {
        "pillar": pillar,
        "kind": item["kind"],
        "locator": item["repo_id"] if item["kind"] in _HUB_KINDS else item["url"],
        "declared_licence": item.get("licence"),
        "entrypoint": item.get("entrypoint"),
    }


class CatalogueSchema(Schema):
    """The whole file: every lab a release names must be listed, slugs must be unique."""

    class Meta:
        unknown = EXCLUDE

    labs = fields.List(fields.Nested(CatalogueLabSchema), required=True)
    releases = fields.List(fields.Nested(CatalogueReleaseSchema), required=True)

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _consistent(self, _: dict[str, Any], original: Any, **__: Any) -> None:
        # Cross-references are checked on the raw input so that they are reported together
        # with field errors elsewhere in the file: one run shows every problem.
        data = _raw_references(original)
        errors: dict[str, Any] = {}
        lab_slugs = [lab["slug"] for lab in data["labs"]]
        for index, slug in enumerate(lab_slugs):
            if slug in lab_slugs[:index]:
                errors.setdefault("labs", {})[index] = {"slug": [f"Duplicate lab slug {slug!r}."]}
        seen: set[tuple[str, str]] = set()
        for index, release in enumerate(data["releases"]):
            problems = _release_problems(release, set(lab_slugs), seen)
            if problems:
                errors.setdefault("releases", {})[index] = problems
        if errors:
            raise ValidationError(errors)


def _raw_references(original: Any) -> dict[str, list[dict[str, str]]]:
    def items(key: str) -> list[Any]:
        value = original.get(key) if isinstance(original, dict) else None
        return [i if isinstance(i, dict) else {} for i in value] if isinstance(value, list) else []

    labs = [{"slug": str(lab.get("slug"))} for lab in items("labs")]
    releases = [
        {"lab": str(r.get("lab")), "slug": suggest_slug(str(r.get("slug", "")))}
        for r in items("releases")
    ]
    return {"labs": labs, "releases": releases}


def _release_problems(
    release: dict[str, Any], labs: set[str], seen: set[tuple[str, str]]
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if release["lab"] not in labs:
        problems["lab"] = [f"Unknown lab {release['lab']!r}: add it to labs first."]
    key = (release["lab"], release["slug"])
    if key in seen:
        problems["slug"] = [
            f"Duplicate release slug {release['slug']!r} in lab {release['lab']!r}."
        ]
    seen.add(key)
    return problems
