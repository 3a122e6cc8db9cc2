"""The release form: a release with a list of artifact rows per pillar.

Rows carry discovery's provenance through the round trip, and the form can be rebuilt
with a row added or removed, or pre-filled from a discovery draft.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    URLField,
)

from app.web.forms.schema_form import (
    SchemaForm,
    as_messages,
    friendly,
    optional,
    required_fields,
    set_errors,
)
from registry.model import ArtifactKind, Pillar
from schemas.artifact import KINDS_BY_PILLAR
from schemas.release import MAX_ARTIFACTS

# How each kind of location is named on the form, and what its locator looks like.
KIND_LABELS: Mapping[ArtifactKind, str] = {
    ArtifactKind.HF_MODEL: "Hugging Face model",
    ArtifactKind.HF_DATASET: "Hugging Face dataset",
    ArtifactKind.GIT: "Git repository",
    ArtifactKind.URL: "Download URL",
}
LOCATOR_EXAMPLES: Mapping[ArtifactKind, str] = {
    ArtifactKind.HF_MODEL: "allenai/OLMo-7B",
    ArtifactKind.HF_DATASET: "allenai/dolma",
    ArtifactKind.GIT: "https://github.com/allenai/OLMo",
    ArtifactKind.URL: "https://example.org/corpus.tar.gz",
}
# The order kinds are offered in: the usual home of each pillar first.
KIND_ORDER = (ArtifactKind.HF_MODEL, ArtifactKind.GIT, ArtifactKind.HF_DATASET, ArtifactKind.URL)
ROW_FIELDS = ("kind", "locator", "declared_licence", "entrypoint")


def kinds_for(pillar: Pillar) -> list[ArtifactKind]:
    """Return the kinds of location a pillar's artifacts may have, in display order."""
    return [kind for kind in KIND_ORDER if kind in KINDS_BY_PILLAR[pillar]]


def _row_form(pillar: Pillar) -> type[Form]:
    kinds = kinds_for(pillar)
    attrs: dict[str, Any] = {
        "kind": SelectField(
            "Kind",
            choices=[SelectChoice(k.value, KIND_LABELS[k]) for k in kinds],
            validate_choice=False,
        ),
        "locator": StringField(
            "Location", description="e.g. " + " or ".join(LOCATOR_EXAMPLES[k] for k in kinds)
        ),
        "declared_licence": StringField("Declared licence", description="e.g. apache-2.0"),
        # Where discovery found the artifact (JSON), carried through the round trip.
        "provenance": HiddenField(),
    }
    if ArtifactKind.GIT in kinds:
        attrs["entrypoint"] = StringField(
            "Training entrypoint", description="Path in the repository, e.g. scripts/train.py"
        )
    return type(f"{pillar.value.capitalize()}ArtifactRow", (Form,), attrs)


ROW_FORMS: Mapping[Pillar, type[Form]] = {pillar: _row_form(pillar) for pillar in Pillar}


def rows_name(pillar: Pillar) -> str:
    """Return the name of the form's list of rows for a pillar."""
    return f"{pillar.value}_artifacts"


def _rows_field(pillar: Pillar) -> FieldList:
    return FieldList(FormField(ROW_FORMS[pillar]), min_entries=1, max_entries=MAX_ARTIFACTS)


@dataclass
class ArtifactRows:
    """The filled artifact rows of a release form, and where each came from on the form."""

    artifacts: list[dict[str, Any]] = field(default_factory=list)
    origins: list[tuple[Pillar, int]] = field(default_factory=list)


class ReleaseForm(SchemaForm):
    """A new release with a list of artifacts per pillar."""

    name = StringField("Name", description="As announced, e.g. OLMo 2 7B")
    slug = StringField(
        "Slug", description="Part of the page address: lowercase letters, digits and hyphens"
    )
    released_on = StringField("Released on", description="YYYY-MM-DD, YYYY-MM or YYYY")
    announced_as_open = BooleanField("The lab announced this release as open")
    paper_url = URLField("Paper", description="Optional; an https:// address")
    model_card = StringField("Model card", description="Optional; Hub id, e.g. allenai/OLMo-7B")
    # Named "<pillar>_artifacts": a field called "data" would hide the form's own .data.
    weights_artifacts = _rows_field(Pillar.WEIGHTS)
    code_artifacts = _rows_field(Pillar.CODE)
    data_artifacts = _rows_field(Pillar.DATA)

    def rows(self, pillar: Pillar) -> FieldList:
        """Return the artifact rows of one pillar."""
        return self[rows_name(pillar)]

    def payload(self) -> tuple[dict[str, Any], ArtifactRows]:
        """Return the release as ReleaseInSchema loads it, and the origin of each artifact."""
        data = required_fields(self, ("slug", "name"))
        data["released_on"] = optional(self.released_on.data)
        data["announced_as_open"] = bool(self.announced_as_open.data)
        data["paper_url"] = optional(self.paper_url.data)
        data["model_card"] = optional(self.model_card.data)
        rows = self.filled_rows()
        data["artifacts"] = rows.artifacts
        return data, rows

    def filled_rows(self) -> ArtifactRows:
        """Return the rows someone typed into; untouched rows are not artifacts."""
        rows = ArtifactRows()
        for pillar in Pillar:
            for index, entry in enumerate(self.rows(pillar).entries):
                values = {name: optional(entry.form[name].data) for name in entry.form._fields}
                if not any(values.get(name) for name in ROW_FIELDS if name != "kind"):
                    continue
                values["provenance"] = kept_provenance(values)
                if values["provenance"] is None:
                    del values["provenance"]
                rows.artifacts.append({"pillar": pillar.value, **values})
                rows.origins.append((pillar, index))
        return rows

    def apply_release_errors(self, messages: Mapping[str, Any], rows: ArtifactRows) -> None:
        """Put schema errors beside their fields, artifact errors beside their row's fields."""
        artifact_errors = messages.get("artifacts")
        self.apply_errors({k: v for k, v in messages.items() if k != "artifacts"})
        if isinstance(artifact_errors, Mapping):
            for index, row_errors in artifact_errors.items():
                self._apply_row_errors(rows.origins[int(index)], row_errors)
        elif artifact_errors:
            self.general_errors.extend(friendly(as_messages(artifact_errors)))

    def _apply_row_errors(self, origin: tuple[Pillar, int], errors: Mapping[str, Any]) -> None:
        pillar, index = origin
        row = self.rows(pillar).entries[index].form
        for name, value in errors.items():
            # Errors about the row as a whole (or its pillar) are shown beside its location.
            target = row[name] if name in row._fields else row["locator"]
            set_errors(target, as_messages(value))

    def row_data(self) -> dict[str, list[dict[str, Any]]]:
        """Return the rows as plain data, to rebuild the form with a row added or removed."""
        return {
            rows_name(pillar): [dict(entry.form.data) for entry in self.rows(pillar).entries]
            for pillar in Pillar
        }


def provenance_field(provenance: Mapping[str, Any] | None, locator: str) -> str:
    """Return a proposal's provenance as the hidden field carries it (with its locator)."""
    return json.dumps({**provenance, "locator": locator}) if provenance else ""


def kept_provenance(values: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return the row's provenance if the submitter kept the proposed location, else None.

    A location the submitter changed is their claim, not discovery's: its provenance goes.
    """
    try:
        carried = json.loads(values.get("provenance") or "null")
    except ValueError:
        return None
    if not isinstance(carried, dict) or carried.pop("locator", None) != values.get("locator"):
        return None
    return carried


def provenance_note(raw: str | None) -> str | None:
    """Return the line shown under a pre-filled row: where it was found, how sure."""
    try:
        carried = json.loads(raw or "null")
    except ValueError:
        return None
    if not isinstance(carried, dict) or "source" not in carried:
        return None
    return f"Proposed from {carried['source']} ({carried.get('confidence', '?')} confidence)"


def resized_release_form(form: ReleaseForm, add: str | None, remove: str | None) -> ReleaseForm:
    """Return the form rebuilt with one more row (add="code") or one fewer (remove="code-1")."""
    data = {name: form[name].data for name in ("name", "slug", "released_on", "announced_as_open",
                                               "paper_url", "model_card")}
    rows = form.row_data()
    added = rows.get(f"{add}_artifacts")
    if added is not None and len(added) < MAX_ARTIFACTS:
        added.append({})
    pillar, _, position = (remove or "").rpartition("-")
    removed = rows.get(f"{pillar}_artifacts")
    if removed is not None and position.isdigit() and int(position) < len(removed):
        del removed[int(position)]
    return ReleaseForm(formdata=None, data={**data, **rows})


def discovered_release_form(draft: Mapping[str, Any]) -> ReleaseForm:
    """Return the release form pre-filled with a discovery draft, ready to confirm or edit."""
    rows: dict[str, list[dict[str, Any]]] = {rows_name(pillar): [] for pillar in Pillar}
    for artifact in draft.get("artifacts", []):
        row = {key: artifact.get(key) for key in ("kind", "locator", "declared_licence")}
        row["provenance"] = provenance_field(artifact.get("provenance"), artifact["locator"])
        rows[f"{artifact['pillar']}_artifacts"].append(row)
    rows = {name: entries or [{}] for name, entries in rows.items()}
    fields = {key: draft.get(key) for key in ("name", "slug", "model_card", "paper_url")}
    return ReleaseForm(formdata=None, data={**fields, **rows})
