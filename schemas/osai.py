"""European Open Source AI Index entries: YAML in, an `OsaiEntry` out, refused only where
the index's own rules make a file unreadable.

OSAI publishes no JSON Schema; its rules are the dimension list of `_parameters.yml` and
the field list and grades of its readme (both in registry/data/osai). `osai_json_schema`
writes exactly those as a schema: a system and an organisation with names, and for each
dimension a grade of open, partial or closed (empty means not graded), links and notes.
Every other oddity (an unknown field, a missing dimension, a link written oddly) is a
warning by field; grader links are evidence, and never a reason to refuse a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from marshmallow import ValidationError

from registry.frameworks.artifacts import osai_links
from registry.frameworks.osai import (
    DETAIL_FIELDS,
    ORG_FIELDS,
    SYSTEM_FIELDS,
    Grade,
    Judgement,
    OsaiEntry,
    dimension_names,
)
from schemas.framework_files import (
    Loaded,
    load_yaml,
    merge,
    refuse,
    schema_errors,
    unknown_fields,
)

FRAMEWORK = "OSAI's readme"
JUDGEMENT_FIELDS = ("class", "link", "notes")
OsaiLoad = Loaded[OsaiEntry]


@lru_cache(maxsize=1)
def osai_json_schema() -> dict[str, Any]:
    """Return OSAI's rules (its `_parameters.yml` and readme) as a JSON Schema."""
    text = {"type": ["string", "number", "null"]}
    links = {"type": ["string", "array", "null"], "items": {"type": ["string", "null"]}}
    name = {"type": "string", "minLength": 1}
    judgement = {
        "type": ["object", "null"],
        "properties": {
            "class": {"enum": [*(g.value for g in Grade), "", None]},
            "link": links,
            "notes": text,
        },
    }
    system = {f: text for f in SYSTEM_FIELDS[1:]}
    return {
        "type": "object",
        "required": ["system", "org"],
        "properties": {
            "system": {"type": "object", "required": ["name"],
                       "properties": {"name": name, **system}},
            "org": {"type": "object", "required": ["name"],
                    "properties": {"name": name, "link": links, "notes": text}},
            **{dimension: judgement for dimension in dimension_names()},
        },
    }  # fmt: skip


def load_osai(text: str) -> OsaiLoad:
    """Read one OSAI entry; refuse it (ValidationError by field) only where OSAI's rules would."""
    raw = load_yaml(text)
    if not isinstance(raw, dict):
        raise ValidationError(
            {"file": ["Not an OSAI file: expected a YAML mapping with system and org."]}
        )
    refuse(schema_errors(raw, osai_json_schema(), FRAMEWORK))
    entry = _entry(raw)
    return Loaded(entry, merge(_field_warnings(raw), osai_links(entry).warnings))


def _entry(raw: Mapping[str, Any]) -> OsaiEntry:
    system, org = raw["system"], raw["org"]
    judgements = {
        name: Judgement(name, _grade(item), _links(item.get("link")), _text(item.get("notes")))
        for name in dimension_names()
        if isinstance(item := raw.get(name), dict)
    }
    return OsaiEntry(
        system=system["name"].strip(),
        organisation=org["name"].strip(),
        judgements=judgements,
        system_link=_text(system.get("link")),
        base_model=_text(system.get("basemodelname")),
        end_model=_text(system.get("endmodelname")),
        end_model_licence=_text(system.get("endmodellicense")),
        details={k: v for k in DETAIL_FIELDS if (v := _text(system.get(k))) is not None},
        organisation_links=_links(org.get("link")),
        organisation_notes=_text(org.get("notes")),
    )


def _grade(item: Mapping[str, Any]) -> Grade | None:
    value = item.get("class")
    return Grade(value) if value else None


def _links(value: Any) -> tuple[str, ...]:
    # OSAI writes a link as nothing, one URL, or a list of URLs.
    items = value if isinstance(value, list) else [value]
    return tuple(item.strip() for item in items if isinstance(item, str) and item.strip())


def _text(value: Any) -> str | None:
    # A bare YAML number (releasedate: 2025) is text to the index.
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text or None


def _field_warnings(raw: Mapping[str, Any]) -> dict[str, list[str]]:
    found = {
        **unknown_fields(raw, ["system", "org", *dimension_names()], "", "OSAI"),
        **unknown_fields(raw["system"], SYSTEM_FIELDS, "system", "OSAI system"),
        **unknown_fields(raw["org"], ORG_FIELDS, "org", "OSAI organisation"),
    }
    for name in dimension_names():
        item = raw.get(name)
        if name not in raw:
            found[name] = [f"Missing OSAI dimension {name}: read as not graded (OSAI's NA)."]
        if isinstance(item, dict):
            found.update(unknown_fields(item, JUDGEMENT_FIELDS, name, "OSAI grade"))
    return found
