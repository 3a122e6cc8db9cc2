"""MOF 1.0 model files: YAML in, a `MofDocument` out, refused only where MOT's schema says so.

The refusal rule is MOT's own JSON Schema (schema/mof_schema.json, shipped unmodified in
registry/data/mof): a file it rejects cannot be read as MOT reads it, and is refused with
each field and reason. Everything else MOT would accept imports, and what it cannot use is
a warning by field: an unknown component name, a component listed twice, a licence MOT
does not know, a link that locates nothing we can check (kept as evidence), an empty
producer (the lab is then filed under another name; the importer says which).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError

from registry.frameworks.artifacts import mof_links
from registry.frameworks.mof import (
    LICENCE_TYPES,
    UNLICENSED,
    ComponentEntry,
    GlobalLicence,
    MofDocument,
)
from registry.frameworks.mof_rules import FRAMEWORK_VERSION, mof_json_schema, mof_rules
from schemas.framework_files import (
    Loaded,
    load_yaml,
    merge,
    refuse,
    schema_errors,
    unknown_fields,
)

FRAMEWORK = "MOT's schema (mof_schema.json)"
# Release fields MOT's files carry beyond the schema's list; read, not warned about.
LINK_FIELDS = ("repository", "huggingface")
DETAIL_FIELDS = (
    "version", "date", "type", "architecture", "treatment", "origin", "contact", *LINK_FIELDS,
)  # fmt: skip
COMPONENT_FIELDS = ("name", "description", "license", "license_path", "component_path")

MofLoad = Loaded[MofDocument]


def load_mof(text: str) -> MofLoad:
    """Read one MOF file; refuse it (ValidationError by field) only where MOT's schema would."""
    raw = load_yaml(text)
    if not isinstance(raw, dict):
        raise ValidationError(
            {"file": ["Not a MOF file: expected a YAML mapping with framework and release."]}
        )
    refuse(schema_errors(raw, mof_json_schema(), FRAMEWORK))
    document = _document(raw)
    warnings = merge(
        _field_warnings(raw),
        _component_warnings(document),
        _licence_warnings(document),
        mof_links(document).warnings,
    )
    return Loaded(document, warnings)


def _document(raw: Mapping[str, Any]) -> MofDocument:
    release, framework = raw["release"], raw["framework"]
    licences = {
        key: GlobalLicence(_text(value.get("name")), _text(value.get("path")))
        for key, value in release["license"].items()
        if key in LICENCE_TYPES and isinstance(value, dict)
    }
    return MofDocument(
        name=release["name"],
        producer=release["producer"],
        components=tuple(_entry(item) for item in release["components"] if item.get("name")),
        licences=licences,
        details={k: release[k] for k in DETAIL_FIELDS if isinstance(release.get(k), str)},
        framework_version=framework["version"],
        framework_date=framework["date"],
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _entry(item: Mapping[str, Any]) -> ComponentEntry:
    return ComponentEntry(
        name=item["name"],
        licence=item.get("license"),
        licence_path=item.get("license_path"),
        component_path=item.get("component_path"),
        description=item.get("description"),
    )


def _field_warnings(raw: Mapping[str, Any]) -> dict[str, list[str]]:
    release = raw["release"]
    properties = mof_json_schema()["properties"]
    release_fields = [*properties["release"]["properties"], *LINK_FIELDS]
    found = {
        **unknown_fields(raw, properties, "", "MOF"),
        **unknown_fields(
            raw["framework"], properties["framework"]["properties"], "framework", "MOF"
        ),
        **unknown_fields(release, release_fields, "release", "MOF release"),
        **unknown_fields(release["license"], LICENCE_TYPES, "release.license", "MOF licence"),
    }
    for key in LINK_FIELDS:
        if key in release and not isinstance(release[key], str):
            found[f"release.{key}"] = ["Not text: MOT writes a link here; ignored."]
    if raw["framework"]["version"] != FRAMEWORK_VERSION:
        found["framework.version"] = [
            f"MOF {raw['framework']['version']} is read with MOF {FRAMEWORK_VERSION}'s rules."
        ]
    for index, item in enumerate(release["components"]):
        where = f"release.components[{index}]"
        if not item.get("name"):
            found[f"{where}.name"] = ["A component without a name: MOT cannot count it; ignored."]
        found.update(unknown_fields(item, COMPONENT_FIELDS, where, "MOF component"))
    return found


def _component_warnings(document: MofDocument) -> dict[str, list[str]]:
    rules = mof_rules()
    names = [c.name for c in rules.components]
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    for index, entry in enumerate(document.components):
        where = f"release.components[{index}].name"
        if rules.by_name(entry.name) is None:
            close = difflib.get_close_matches(entry.name, names, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            found[where] = [
                f"Unknown MOF component {entry.name!r}{hint}: MOF's rules do not count it."
            ]
        elif entry.name in seen:
            found[where] = [f"{entry.name!r} is listed twice: MOT reads the later entry."]
        seen.add(entry.name)
    return found


def _licence_warnings(document: MofDocument) -> dict[str, list[str]]:
    # MOT matches licence ids exactly: 'apache-2.0' is not open to it, 'Apache-2.0' is.
    rules = mof_rules()
    found: dict[str, list[str]] = {}
    named = [(f"release.license.{k}.name", lic.name) for k, lic in document.licences.items()]
    named += [(f"release.components[{i}].license", e.licence)
              for i, e in enumerate(document.components)]  # fmt: skip
    for where, licence in named:
        if not licence or licence == UNLICENSED or rules.is_open(licence):
            continue
        exact = rules.exact_licence_id(licence)
        # Only a spelling slip is worth a warning; any other licence is the file's claim.
        if exact != licence and rules.is_open(exact):
            found[where] = [
                f"Licence {licence!r}: MOT spells it {exact!r} and matches exactly, so it "
                "does not count as open."
            ]
    return found
