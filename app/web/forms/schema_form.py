"""The base of every web form: values read back for a schema, its errors put beside fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField
from wtforms.fields.core import Field

from app.web.form_summary import Problem, form_problems

# marshmallow's generic messages, said the way a person filling a form needs to hear them.
MESSAGE_REWRITES: Mapping[str, str] = {
    "Missing data for required field.": "Required: please fill this in.",
    "Field may not be null.": "Required: please fill this in.",
    "Not a valid email address.": "Not an email address: use the form name@example.org.",
}


def field_attrs(
    target: Field, autocomplete: str | None = None, hint: bool = True
) -> dict[str, str]:
    """Return the ARIA attributes that tie a field to its hint and its error messages."""
    described = [f"{target.id}-hint"] if hint and target.description else []
    attrs: dict[str, str] = {}
    if target.errors:
        described.append(f"{target.id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    return attrs


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def optional(value: Any) -> Any:
    """Return a field's value stripped, or None when it was left blank."""
    cleaned = _clean(value)
    return None if cleaned in ("", None) else cleaned


def required_fields(form: Form, names: Iterable[str]) -> dict[str, Any]:
    """Return the named fields' stripped values, leaving out the blank ones."""
    # A blank required field is left out, so the schema reports it as missing.
    values = {name: _clean(form[name].data) for name in names}
    return {name: value for name, value in values.items() if value not in ("", None)}


def friendly(messages: Iterable[str]) -> list[str]:
    """Return messages with marshmallow's generic wording replaced by plainer words."""
    return [MESSAGE_REWRITES.get(m, m) for m in messages]


def set_errors(target: Field, messages: Iterable[str]) -> None:
    """Attach messages to a field, keeping any it already has."""
    target.errors = [*list(target.errors or ()), *friendly(messages)]


def as_messages(value: Any) -> list[str]:
    """Return a schema error (a message, list or nested mapping of them) as flat messages."""
    if isinstance(value, Mapping):
        return [m for inner in value.values() for m in as_messages(inner)]
    if isinstance(value, list | tuple):
        return [m for inner in value for m in as_messages(inner)]
    return [str(value)]


class SchemaForm(FlaskForm):
    """A form fed to a marshmallow schema; keeps errors that belong to no single field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.general_errors: list[str] = []

    def apply_errors(self, messages: Mapping[str, Any]) -> None:
        """Put each schema error beside the field it is about."""
        for key, value in messages.items():
            if key in self._fields and key != "csrf_token":
                set_errors(self[key], as_messages(value))
            else:
                self.general_errors.extend(friendly(as_messages(value)))

    def invalid_fields(self) -> list[Field]:
        """Return every field with an error, in page order (for the error summary)."""
        return [f for f in _walk(self) if f.errors]

    def problems(self) -> list[Problem]:
        """Return the error summary's lines: the field's label, its pillar if any, the error."""
        return form_problems(self)


def _walk(form: Form) -> Iterable[Field]:
    for item in form:
        if isinstance(item, FieldList):
            for entry in item.entries:
                yield from _walk(entry.form)
        elif isinstance(item, FormField):
            yield from _walk(item.form)
        else:
            yield item
