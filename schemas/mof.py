"""MOF 1.0 model files: YAML in, a validated `MofDocument` out, every problem by field.

Mirrors MOT's JSON Schema (schema/mof_schema.json) and adds what an import needs: known
component names, a producer to file the lab under, and links we could ever check.
"""

from __future__ import annotations

import difflib
import ipaddress
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import yaml
from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates,
    validates_schema,
)

from registry.frameworks.links import git_repository, hub_repo_id, is_hub_link
from registry.frameworks.mof import ComponentEntry, GlobalLicence, MofDocument
from registry.frameworks.mof_evidence import VERIFIABLE
from registry.frameworks.mof_rules import (
    FRAMEWORK_NAME,
    FRAMEWORK_VERSION,
    mof_rules,
    schema_choices,
)
from registry.model import Pillar
from schemas.fields import validate_git_url, validate_https_url, validate_hub_id

DATE_FORMAT = "%Y-%m-%d"
MAX_COMPONENTS = 17


class _NoTimestamps(yaml.SafeLoader):
    """Safe YAML that keeps dates as text and refuses aliases (no entity expansion)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # PyYAML is untyped here
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases are not accepted", problem_mark=event.start_mark
            )
        return super().compose_node(parent, index)


_NoTimestamps.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str) -> Any:
    """Parse YAML text; raise ValidationError saying where it is malformed."""
    try:
        return yaml.load(text, Loader=_NoTimestamps)  # noqa: S506  # a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ValidationError({"file": [f"Malformed YAML{where}: {error.problem}."]}) from error
    except yaml.YAMLError as error:
        raise ValidationError({"file": [f"Malformed YAML: {error}."]}) from error
    except RecursionError as error:
        raise ValidationError({"file": ["Malformed YAML: nested too deeply."]}) from error


def validate_date(value: str) -> None:
    """Refuse anything but a YYYY-MM-DD date."""
    from datetime import datetime

    try:
        datetime.strptime(value, DATE_FORMAT)
    except ValueError as error:
        raise ValidationError("Not a date: use YYYY-MM-DD, e.g. 2024-12-15.") from error


def validate_public_link(value: str) -> None:
    """Refuse links that are not https or point where the registry never goes."""
    validate_https_url(value)
    host = (urlsplit(value).hostname or "").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if host == "localhost" or "." not in host:
            raise ValidationError(
                f"Unreachable link: {host!r} is not a public host name."
            ) from None
        return
    if not address.is_global:
        raise ValidationError(
            f"Unreachable link: {host} is a private address, which the registry never contacts."
        )


def validate_model_link(value: str) -> None:
    """Refuse anything but a Hugging Face model link or an owner/name repo id."""
    if "://" in value:
        validate_public_link(value)
    repo_id = hub_repo_id(value)
    if repo_id is None or ("://" in value and not is_hub_link(value)):
        raise ValidationError(
            "Not a Hugging Face model link: use https://huggingface.co/owner/name or owner/name."
        )
    validate_hub_id(repo_id)


def validate_code_link(value: str) -> None:
    """Refuse anything but an https git repository URL (a link into one is fine)."""
    validate_public_link(value)
    validate_git_url(git_repository(value))


def validate_data_link(value: str) -> None:
    """Refuse data links that are not public https URLs; a Hub link must name a dataset."""
    validate_public_link(value)
    if is_hub_link(value):
        repo_id = hub_repo_id(value, dataset=True)
        if repo_id is None:
            raise ValidationError(
                "Not a Hub dataset link: use https://huggingface.co/datasets/owner/name."
            )
        validate_hub_id(repo_id)


LINK_VALIDATORS = {
    Pillar.WEIGHTS: validate_model_link,
    Pillar.CODE: validate_code_link,
    Pillar.DATA: validate_data_link,
}


def _optional_text(**kwargs: Any) -> fields.String:
    return fields.String(load_default=None, allow_none=True, **kwargs)


class FrameworkSchema(Schema):
    class Meta:
        unknown = RAISE

    name = fields.String(
        required=True,
        validate=validate.Equal(
            FRAMEWORK_NAME, error=f"Not a MOF file: name must be {FRAMEWORK_NAME!r}."
        ),
    )
    version = fields.String(
        required=True,
        validate=validate.Equal(
            FRAMEWORK_VERSION, error=f"Only MOF {FRAMEWORK_VERSION} files are understood."
        ),
    )
    date = fields.String(required=True, validate=validate_date)


class LicenceSchema(Schema):
    class Meta:
        unknown = RAISE

    name = _optional_text(validate=validate.Length(max=200))
    path = _optional_text(validate=validate.Length(max=500))


class ReleaseLicencesSchema(Schema):
    class Meta:
        unknown = RAISE

    error_messages = {"unknown": "Unknown licence type: use distribution, code, data or document."}

    distribution = fields.Nested(LicenceSchema, load_default=None, allow_none=True)
    code = fields.Nested(LicenceSchema, load_default=None, allow_none=True)
    data = fields.Nested(LicenceSchema, load_default=None, allow_none=True)
    document = fields.Nested(LicenceSchema, load_default=None, allow_none=True)


class ComponentSchema(Schema):
    class Meta:
        unknown = RAISE

    name = fields.String(required=True)
    description = _optional_text()
    license = _optional_text(validate=validate.Length(max=200))
    license_path = _optional_text(validate=validate.Length(max=500))
    component_path = _optional_text(validate=validate.Length(max=500))

    @validates("name")
    def _known(self, value: str, **_: Any) -> None:
        if mof_rules().by_name(value) is None:
            raise ValidationError(unknown_component_message(value))

    @validates_schema(skip_on_field_errors=True)
    def _checkable_path(self, data: dict[str, Any], **_: Any) -> None:
        pillar = VERIFIABLE.get(data["name"])
        if pillar is not None and data.get("component_path"):
            try:
                LINK_VALIDATORS[pillar](data["component_path"])
            except ValidationError as error:
                raise ValidationError(error.messages, "component_path") from error


def unknown_component_message(name: str) -> str:
    """Say that a component name is not MOF's, suggesting the nearest one."""
    names = [c.name for c in mof_rules().components]
    close = difflib.get_close_matches(name, names, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else f" MOF 1.0 lists: {', '.join(names)}."
    return f"Unknown MOF component {name!r}.{hint}"


class ReleaseSchema(Schema):
    class Meta:
        unknown = RAISE

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    producer = fields.String(
        required=True,
        validate=validate.Length(
            min=1, max=200, error="Name the producer: the lab is filed under it."
        ),
    )
    version = _optional_text(validate=validate.Length(max=100))
    date = _optional_text(validate=validate_date)
    type = _optional_text(validate=validate.OneOf(schema_choices("type")))
    architecture = _optional_text(validate=validate.OneOf(schema_choices("architecture")))
    treatment = _optional_text(validate=validate.OneOf(schema_choices("treatment")))
    origin = _optional_text(validate=validate.Length(max=200))
    contact = _optional_text(validate=validate.Length(max=200))
    repository = _optional_text(validate=[validate.Length(max=500), validate_code_link])
    huggingface = _optional_text(validate=[validate.Length(max=500), validate_model_link])
    license = fields.Nested(ReleaseLicencesSchema, required=True)
    components = fields.List(
        fields.Nested(ComponentSchema),
        required=True,
        validate=validate.Length(max=MAX_COMPONENTS, error="MOF 1.0 has 17 components at most."),
    )

    @pre_load
    def _blank_links_are_absent(self, data: Any, **_: Any) -> Any:
        # MOT writes `repository: ''` for "no repository"; that is not a link to check.
        if isinstance(data, dict):
            return {k: (None if k in {"repository", "huggingface"} and v == "" else v)
                    for k, v in data.items()}  # fmt: skip
        return data

    @validates_schema(skip_on_field_errors=True)
    def _listed_once(self, data: dict[str, Any], **_: Any) -> None:
        seen: set[str] = set()
        for index, item in enumerate(data["components"]):
            if item["name"] in seen:
                raise ValidationError(
                    {index: {"name": [f"{item['name']!r} is listed twice."]}}, "components"
                )
            seen.add(item["name"])


class MofFileSchema(Schema):
    """A whole MOF file; loads to a `MofDocument`."""

    class Meta:
        unknown = RAISE

    framework = fields.Nested(FrameworkSchema, required=True)
    release = fields.Nested(ReleaseSchema, required=True)

    @post_load
    def _to_document(self, data: dict[str, Any], **_: Any) -> MofDocument:
        release = data["release"]
        licences = {
            key: GlobalLicence(value["name"], value["path"])
            for key, value in release["license"].items()
            if value is not None
        }
        details = {
            key: release[key]
            for key in ("version", "date", "type", "architecture", "treatment", "origin",
                        "contact", "repository", "huggingface")
            if release.get(key) is not None
        }  # fmt: skip
        return MofDocument(
            name=release["name"],
            producer=release["producer"],
            components=tuple(_entry(item) for item in release["components"]),
            licences=licences,
            details=details,
            framework_version=data["framework"]["version"],
            framework_date=data["framework"]["date"],
        )


def _entry(item: Mapping[str, Any]) -> ComponentEntry:
    return ComponentEntry(
        name=item["name"],
        licence=item.get("license"),
        licence_path=item.get("license_path"),
        component_path=item.get("component_path"),
        description=item.get("description"),
    )


def load_mof(text: str) -> MofDocument:
    """Parse and validate one MOF file; raise ValidationError with messages by field."""
    raw = load_yaml(text)
    if not isinstance(raw, dict):
        raise ValidationError(
            {"file": ["Not a MOF file: expected a YAML mapping with framework and release."]}
        )
    document: MofDocument = MofFileSchema().load(raw)
    return document
