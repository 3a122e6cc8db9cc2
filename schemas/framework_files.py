"""What MOF and OSAI files share: safe YAML, and a framework's own schema as the refusal rule.

A file is refused only for what makes it unreadable under its framework's own schema (the
JSON Schema MOT validates with; the one OSAI's `_parameters.yml` and readme define), with
the field and the reason. Anything else is a warning by field, and the file imports.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import jsonschema
import yaml
from marshmallow import ValidationError

T = TypeVar("T")
REQUIRED_NAME = re.compile(r"^'(.*)' is a required property")
MAX_FILE_BYTES = 256 * 1024  # real files are a few KiB; this one is not a model file


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A file read under its framework's schema, with the warnings its fields earned."""

    value: T
    warnings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


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
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        raise ValidationError(
            {"file": [f"Larger than {MAX_FILE_BYTES // 1024} KiB: not a model file."]}
        )
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


def field_path(path: Iterable[Any]) -> str:
    """Return a JSON path as the import report writes it: release.components[3].license."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "file"


# jsonschema validator -> the sentence a person reads (MOT's and OSAI's rules alike).
SCHEMA_MESSAGES: Mapping[str, str] = {
    "required": "Missing: {framework} requires this field.",
    "type": "Not {expected}: {framework} expects {expected} here.",
    "enum": "Not one of {framework}'s values: {choices}.",
    "minLength": "Empty: {framework} requires text here.",
    "maxItems": "Too many: {framework} allows at most {limit}.",
    "format": "Not a date: use YYYY-MM-DD, e.g. 2024-12-15.",
}
TYPE_WORDS = {
    "string": "text", "object": "a mapping", "array": "a list", "null": "empty",
    "number": "a number", "integer": "a whole number", "boolean": "true or false",
}  # fmt: skip


def schema_errors(data: Any, schema: Mapping[str, Any], framework: str) -> dict[str, list[str]]:
    """Return the schema's complaints about a file, by field, in plain words."""
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors: dict[str, list[str]] = {}
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        where, message = _explain(error, framework)
        errors.setdefault(where, []).append(message)
    return errors


def _explain(error: jsonschema.ValidationError, framework: str) -> tuple[str, str]:
    path = list(error.absolute_path)
    if error.validator == "required":
        path.append(REQUIRED_NAME.match(error.message).group(1))  # type: ignore[union-attr]
    expected = error.validator_value
    if error.validator == "type":
        names = expected if isinstance(expected, list) else [expected]
        expected = " or ".join(TYPE_WORDS.get(str(n), str(n)) for n in names)
    template = SCHEMA_MESSAGES.get(str(error.validator), "{message}")
    message = template.format(
        framework=framework,
        expected=expected,
        choices=", ".join(repr(c) for c in expected) if isinstance(expected, list) else "",
        limit=error.validator_value,
        message=error.message,
    )
    return field_path(path), message


def unknown_fields(
    data: Mapping[str, Any], known: Iterable[str], where: str, what: str
) -> dict[str, list[str]]:
    """Warn about each field the framework does not define (kept in the file's text)."""
    names = list(known)
    found: dict[str, list[str]] = {}
    for key in data:
        if key in names:
            continue
        close = difflib.get_close_matches(str(key), names, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        found[f"{where}.{key}" if where else str(key)] = [
            f"Unknown {what} field{hint}: kept in the file's text, not read."
        ]
    return found


def refuse(errors: Mapping[str, list[str]]) -> None:
    """Raise the refusal of a file, with every reason by field."""
    if errors:
        raise ValidationError(dict(errors))


def merge(*parts: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """Return warnings by field from several sources, each message once, fields sorted."""
    merged: dict[str, list[str]] = {}
    for part in parts:
        for key, messages in part.items():
            merged.setdefault(key, []).extend(m for m in messages if m not in merged.get(key, []))
    return {key: tuple(merged[key]) for key in sorted(merged)}
