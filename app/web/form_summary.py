"""A rejected form's error summary: each line names the field's label and, in an artifact
row, its pillar ("Training data — Location: not a Hub repo id"), so two rows' identical
errors can be told apart."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wtforms import FieldList, Form, FormField
from wtforms.fields.core import Field

from registry.model import Pillar
from registry.standard import PILLAR_TITLES
from registry.words import lower_first

# A release form's rows of one pillar are the field list "<pillar>_artifacts".
PILLAR_ROWS = {f"{pillar.value}_artifacts": pillar for pillar in Pillar}


def form_problems(form: Form) -> list[Problem]:
    """Return one summary line per field with an error, in page order."""
    return [
        Problem(f.id, label, lower_first(" ".join(str(e) for e in f.errors)))
        for f, label in _labelled(form, "")
    ]


@dataclass(frozen=True)
class Problem:
    """One line of a form's error summary, linking to its field."""

    field_id: str
    label: str  # "Training data — Location", or "Training data 2 — Location" with two rows
    message: str


def _labelled(form: Form, prefix: str) -> Iterable[tuple[Field, str]]:
    for item in form:
        if isinstance(item, FieldList):
            title = _list_title(item)
            many = len(item.entries) > 1
            for number, entry in enumerate(item.entries, 1):
                yield from _labelled(entry.form, f"{title} {number} — " if many else f"{title} — ")
        elif isinstance(item, FormField):
            yield from _labelled(item.form, prefix)
        elif item.errors:
            yield item, prefix + str(item.label.text)


def _list_title(rows: FieldList) -> str:
    pillar = PILLAR_ROWS.get(rows.short_name)
    return PILLAR_TITLES[pillar] if pillar else str(rows.label.text)
