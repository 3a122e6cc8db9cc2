"""Import MOF and OSAI files: each becomes a claim on a release, with its lab and artifacts.

A file is all or nothing (its own unit of work); a failing file never stops the batch. It
is refused only where its framework's own schema cannot read it; anything else is a
warning by field and the rest imports. Each file keeps its own claim, keyed by source and
file name (or upstream path): importing it again updates that claim and says so, and two
files that land on one release both stay (see `placing` for how a release is chosen). A
release we already had keeps its artifacts; every new or changed claim on a release with
artifacts gets a check requested, so the checkers verify what the file says.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select

from app.extensions import db
from app.models import Claim, Release, utcnow
from app.services import audit
from app.services.checks import request_check
from app.services.errors import Conflict, InvalidInput
from app.services.identity import SYSTEM, Identity, require_admin
from app.services.interop.placing import Placement, place
from app.services.interop.reports import FileOutcome, ImportReport
from app.services.unit_of_work import unit_of_work
from registry.frameworks.artifacts import mof_links, osai_links
from registry.frameworks.mof import MofDocument, document_to_dict, evaluate
from registry.frameworks.osai import OsaiEntry, entry_to_dict
from registry.model import ArtifactRef, Pillar
from schemas.artifact import ArtifactSchema
from schemas.fields import error_messages, flatten_errors
from schemas.framework_files import Loaded, merge
from schemas.mof import load_mof
from schemas.osai import load_osai

MAX_FILE_NAME = 300
UNNAMED_PRODUCER = "Unnamed producer"


@dataclass(frozen=True)
class Upstream:
    """Where a synced file came from: the repository and the commit it was read at."""

    url: str
    commit: str


@dataclass(frozen=True)
class ImportPlan:
    """What one readable file asks for: a lab, a release, its artifacts and the claim."""

    lab_name: str
    lab_field: str  # where the lab's name came from, for error messages
    release_name: str
    artifacts: tuple[ArtifactRef, ...]
    payload: dict[str, Any]
    warnings: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _mof_plan(loaded: Loaded[MofDocument]) -> ImportPlan:
    document = loaded.value
    artifacts, dropped = _valid(mof_links(document).artifacts)
    lab, producer_warning = _producer(document, artifacts)
    payload = {
        "document": document_to_dict(document),
        "claimed_class": evaluate(document).mof_class,
    }
    warnings = merge(loaded.warnings, producer_warning, dropped)
    return ImportPlan(lab, "release.producer", document.name, artifacts, payload, warnings)


def _producer(
    document: MofDocument, artifacts: tuple[ArtifactRef, ...]
) -> tuple[str, dict[str, list[str]]]:
    if document.producer.strip():
        return document.producer, {}
    # MOT's schema allows an empty producer; the release still needs a lab to live in.
    owner = next((a.locator.split("/")[0] for a in artifacts
                  if a.pillar is Pillar.WEIGHTS and "/" in a.locator), None)  # fmt: skip
    lab = owner or UNNAMED_PRODUCER
    where = f"the owner of its Hub weights, {owner!r}" if owner else repr(UNNAMED_PRODUCER)
    return lab, {"release.producer": [f"Empty (MOT's schema allows it): filed under {where}."]}


def _osai_plan(loaded: Loaded[OsaiEntry]) -> ImportPlan:
    entry = loaded.value
    artifacts, dropped = _valid(osai_links(entry).artifacts)
    return ImportPlan(
        entry.organisation, "org.name", entry.release_name, artifacts, entry_to_dict(entry),
        merge(loaded.warnings, dropped),
    )  # fmt: skip


def _valid(
    artifacts: Iterable[ArtifactRef],
) -> tuple[tuple[ArtifactRef, ...], dict[str, list[str]]]:
    # A locator the release schema refuses (too long, say) is left out, never the file.
    kept: list[ArtifactRef] = []
    dropped: dict[str, list[str]] = {}
    for ref in artifacts:
        data = {"pillar": ref.pillar.value, "kind": ref.kind.value, "locator": ref.locator,
                "declared_licence": ref.declared_licence}  # fmt: skip
        errors = ArtifactSchema().validate(data)
        if errors:
            reasons = "; ".join(m for ms in flatten_errors(errors).values() for m in ms)
            dropped.setdefault(f"{ref.pillar.value} artifact {ref.locator[:80]}", []).append(
                f"Not checked: {reasons}"
            )
        else:
            kept.append(ref)
    return tuple(kept), dropped


# source -> (read one file under its framework's schema, turn it into an import plan)
SOURCES: Mapping[str, tuple[Callable[[str], Any], Callable[[Any], ImportPlan]]] = {
    "mof": (load_mof, _mof_plan),
    "osai": (load_osai, _osai_plan),
}


def import_files(
    identity: Identity, source: str, files: Iterable[tuple[str, bytes | str]]
) -> ImportReport:
    """Import each (name, content) file of one source; return what each became or why not."""
    require_admin(identity)
    check_source(source)
    report = ImportReport(source)
    for name, content in files:
        report.files.append(import_one(source, name, content, identity=identity))
    return report


def check_source(source: str) -> None:
    """Refuse a source we cannot read."""
    if source not in SOURCES:
        raise InvalidInput({"source": [f"Unknown source {source!r}: use mof or osai."]})


def import_one(
    source: str, name: str, content: bytes | str, upstream: Upstream | None = None,
    identity: Identity = SYSTEM,
) -> FileOutcome:
    """Import one file (named by its file name or upstream path) in its own unit of work."""
    load, plan_of = SOURCES[source]
    name = name[-MAX_FILE_NAME:]
    try:
        text = _text(content)
        plan = plan_of(load(text))
    except ValidationError as error:
        return FileOutcome(name, False, flatten_errors(error_messages(error)))
    try:
        with unit_of_work():
            placed = place(plan.lab_name, plan.lab_field, plan.release_name, plan.artifacts)
            action = keep_claim(placed.release, source, name, _payload(plan, text), upstream)
            others = _other_files(placed.release, source, name)
            if placed.created or action != "unchanged":
                audit.record_write(identity, "release.import", placed.release.lab, placed.release)
    except InvalidInput as error:
        return FileOutcome(name, False, {k: list(v) for k, v in error.errors.items()})
    except Conflict as error:
        return FileOutcome(name, False, {error.field or "file": [str(error)]})
    return _outcome(name, plan, placed, action, others)


def _outcome(
    name: str, plan: ImportPlan, placed: Placement, action: str, others: list[str]
) -> FileOutcome:
    release = placed.release
    wants_check = release.artifacts and (placed.created or action != "unchanged")
    run = request_check(release, trigger="import") if wants_check else None
    return FileOutcome(
        name, True, warnings={k: list(v) for k, v in plan.warnings.items()},
        lab=release.lab.slug, release=release.slug, created=placed.created,
        matched_by=placed.why, claim=action, artifacts=len(release.artifacts),
        check_run_id=run.id if run else None, shares_with=others,
    )  # fmt: skip


def _text(content: bytes | str) -> str:
    if isinstance(content, str):
        return content
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError({"file": ["Not UTF-8 text: save the file as UTF-8."]}) from error


def _payload(plan: ImportPlan, text: str) -> dict[str, Any]:
    # The file's own text is kept too: nothing it says is lost, even what we do not read.
    warnings = {k: list(v) for k, v in plan.warnings.items()}
    return {**plan.payload, "warnings": warnings, "source_text": text}


def keep_claim(
    release: Release, source: str, name: str, payload: dict[str, Any], upstream: Upstream | None
) -> str:
    """Create or update the file's own claim; return new, updated or unchanged (no commit)."""
    digest = hashlib.sha256(payload["source_text"].encode("utf-8")).hexdigest()
    claim = db.session.scalar(
        select(Claim).where(Claim.source == source, Claim.source_file == name)
    )
    if claim is None:
        claim = Claim(source=source, source_file=name)
        db.session.add(claim)
        action = "new"
    elif (claim.content_sha256, claim.release_id, claim.removed_in) == (digest, release.id, None):
        return "unchanged"
    else:
        action = "updated"
    claim.lab_id, claim.release_id = release.lab_id, release.id
    claim.payload, claim.content_sha256, claim.updated_at = payload, digest, utcnow()
    claim.upstream_url = upstream.url if upstream else None
    claim.upstream_commit = upstream.commit if upstream else None
    claim.removed_in = None
    db.session.flush()
    return action


def _other_files(release: Release, source: str, name: str) -> list[str]:
    # Files of the same framework on this release; a MOF and an OSAI claim side by side is
    # the point of a release, not a collision.
    rows = db.session.scalars(
        select(Claim.source_file).where(Claim.release_id == release.id, Claim.source == source)
    )
    return sorted(str(f) for f in rows if f != name)
