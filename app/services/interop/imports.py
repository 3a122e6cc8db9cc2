"""Import MOF and OSAI files: each becomes a lab, a release, its artifacts and a claim.

A file is all or nothing (its own unit of work); a failing file never stops the batch. A
release the registry already has (same Hub weights, or same lab and slug) keeps its
artifacts and gains the claim. Every release with artifacts then gets a check requested,
so the checkers verify what the file says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import func, or_, select

from app.extensions import db
from app.models import Artifact, Claim, Lab, Release
from app.services.catalogue import add_release, unit_of_work
from app.services.checks import request_check
from app.services.errors import Conflict, InvalidInput
from app.services.identity import Identity, require_admin
from registry.frameworks.artifacts import mof_artifacts, osai_artifacts
from registry.frameworks.mof import MofDocument, document_to_dict, evaluate
from registry.frameworks.osai import OsaiEntry, entry_to_dict
from registry.model import ArtifactKind, ArtifactRef, Pillar
from schemas.fields import flatten_errors, suggest_slug
from schemas.lab import LabInSchema
from schemas.mof import load_mof
from schemas.osai import load_osai
from schemas.release import ReleaseInSchema

MAX_FILE_NAME = 300


@dataclass(frozen=True)
class ImportPlan:
    """What one valid file asks for: a lab, a release, its artifacts and the claim to keep."""

    lab_name: str
    lab_field: str  # where the lab's name came from, for error messages
    release_name: str
    artifacts: list[ArtifactRef]
    payload: dict[str, Any]


@dataclass
class FileOutcome:
    """One file's result: what it became, or every problem found in it."""

    name: str
    ok: bool
    errors: dict[str, list[str]] = field(default_factory=dict)
    lab: str | None = None
    release: str | None = None
    created: bool = False  # a new release, rather than a claim on one we had
    artifacts: int = 0
    check_run_id: int | None = None


@dataclass
class ImportReport:
    """A batch's results, file by file."""

    source: str
    files: list[FileOutcome] = field(default_factory=list)

    @property
    def imported(self) -> list[FileOutcome]:
        """Return the files that imported."""
        return [f for f in self.files if f.ok]

    @property
    def failed(self) -> list[FileOutcome]:
        """Return the files that imported nothing, with their errors."""
        return [f for f in self.files if not f.ok]


def _mof_plan(document: MofDocument) -> ImportPlan:
    payload = {
        "document": document_to_dict(document),
        "claimed_class": evaluate(document).mof_class,
    }
    return ImportPlan(
        document.producer, "release.producer", document.name, mof_artifacts(document), payload
    )


def _osai_plan(entry: OsaiEntry) -> ImportPlan:
    return ImportPlan(
        entry.organisation, "org.name", entry.release_name, osai_artifacts(entry),
        entry_to_dict(entry),
    )  # fmt: skip


# source -> (parse and validate one file, turn it into an import plan)
SOURCES: Mapping[str, tuple[Callable[[str], Any], Callable[[Any], ImportPlan]]] = {
    "mof": (load_mof, _mof_plan),
    "osai": (load_osai, _osai_plan),
}


def import_files(
    identity: Identity, source: str, files: Iterable[tuple[str, bytes | str]]
) -> ImportReport:
    """Import each (name, content) file of one source; return what each became or why not."""
    require_admin(identity)
    if source not in SOURCES:
        raise InvalidInput({"source": [f"Unknown source {source!r}: use mof or osai."]})
    report = ImportReport(source)
    for name, content in files:
        report.files.append(_import_one(source, name, content))
    return report


def _import_one(source: str, name: str, content: bytes | str) -> FileOutcome:
    load, plan_of = SOURCES[source]
    try:
        plan = plan_of(load(_text(content)))
    except ValidationError as error:
        return FileOutcome(name, False, flatten_errors(error.normalized_messages()))
    try:
        with unit_of_work():
            release, created = _release_for(plan)
            _keep_claim(release, source, name, plan.payload)
    except InvalidInput as error:
        return FileOutcome(name, False, {k: list(v) for k, v in error.errors.items()})
    except Conflict as error:
        return FileOutcome(name, False, {error.field or "file": [str(error)]})
    run = request_check(release, trigger="import") if release.artifacts else None
    return FileOutcome(
        name, True, lab=release.lab.slug, release=release.slug, created=created,
        artifacts=len(release.artifacts), check_run_id=run.id if run else None,
    )  # fmt: skip


def _text(content: bytes | str) -> str:
    if isinstance(content, str):
        return content
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError({"file": ["Not UTF-8 text: save the file as UTF-8."]}) from error


def _release_for(plan: ImportPlan) -> tuple[Release, bool]:
    """Return the release the plan describes: one we have, or a new one (no commit)."""
    known = _release_by_weights(plan.artifacts)
    if known is not None:
        return known, False
    lab = _lab_for(plan)
    slug = suggest_slug(plan.release_name)
    existing = next((r for r in lab.releases if r.slug == slug), None)
    if existing is not None:
        return existing, False
    return add_release(lab, _release_input(plan, slug)), True


def _release_by_weights(artifacts: Iterable[ArtifactRef]) -> Release | None:
    # The same Hub weights are the same release, whatever name the other index gives it.
    repo_ids = [a.locator.lower() for a in artifacts if a.kind is ArtifactKind.HF_MODEL]
    if not repo_ids:
        return None
    return db.session.scalar(
        select(Release)
        .join(Artifact, Artifact.release_id == Release.id)
        .where(
            Artifact.pillar == Pillar.WEIGHTS.value,
            Artifact.kind == ArtifactKind.HF_MODEL.value,
            func.lower(Artifact.locator).in_(repo_ids),
        )
        .order_by(Release.id)
        .limit(1)
    )


def _lab_for(plan: ImportPlan) -> Lab:
    slug = suggest_slug(plan.lab_name)
    lab = db.session.scalar(
        select(Lab)
        .where(or_(Lab.slug == slug, func.lower(Lab.name) == plan.lab_name.strip().lower()))
        .order_by(Lab.id)
        .limit(1)
    )
    if lab is not None:
        return lab
    values = _load(LabInSchema(), {"slug": slug, "name": plan.lab_name.strip()}, plan.lab_field)
    lab = Lab(**values, tier_counts={})
    db.session.add(lab)
    db.session.flush()
    return lab


def _release_input(plan: ImportPlan, slug: str) -> dict[str, Any]:
    data = {
        "slug": slug,
        "name": plan.release_name.strip(),
        "artifacts": [
            {
                "pillar": a.pillar.value,
                "kind": a.kind.value,
                "locator": a.locator,
                "declared_licence": a.declared_licence,
            }
            for a in plan.artifacts
        ],
    }
    return _load(ReleaseInSchema(), data, "release")


def _load(schema: Any, data: Mapping[str, Any], where: str) -> dict[str, Any]:
    # The file was valid, but what it becomes must also be a valid lab and release.
    try:
        return dict(schema.load(dict(data)))
    except ValidationError as error:
        flat = flatten_errors(error.normalized_messages())
        raise InvalidInput({f"{where} ({key})": msgs for key, msgs in flat.items()}) from error


def _keep_claim(release: Release, source: str, name: str, payload: dict[str, Any]) -> None:
    """Replace the release's claim from this source with the file's."""
    db.session.execute(
        Claim.__table__.delete().where(Claim.release_id == release.id, Claim.source == source)
    )
    db.session.add(
        Claim(
            lab_id=release.lab_id,
            release_id=release.id,
            source=source,
            source_file=name[-MAX_FILE_NAME:],
            payload=payload,
        )
    )
    db.session.flush()
