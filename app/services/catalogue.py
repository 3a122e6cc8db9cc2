"""Write use cases for the catalogue: labs, releases and their artifacts.

Input arrives already loaded by a schema (dicts of plain values); every function
checks permission first, writes, flushes, and leaves the commit to `unit_of_work`, so a
failure part-way leaves nothing behind. Each joins its caller's unit of work when there
is one (see app.services.unit_of_work), so a submission commits once, with its run.

The use cases return typed views (read_models.py, or `LabRef` below), never rows. Three
steps return the rows they wrote instead, for use cases that go on writing in the same
unit of work (a submission adds the release's first check run to it): `add_release`,
`write_release` and `write_artifacts`. Views never call them
(tests/unit/test_architecture.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from flask import current_app
from sqlalchemy import delete

from app.extensions import db
from app.models import ApiTokenLab, Artifact, Lab, LabMember, Release
from app.services import audit
from app.services.errors import Conflict
from app.services.identity import (
    Identity,
    require_lab_admin,
    require_lab_creator,
    require_lab_editor,
)
from app.services.lab_reads import lab_detail_of
from app.services.read_models import LabDetail, LabRef, ReleaseDetail
from app.services.release_reads import release_detail
from app.services.rows import get_lab, get_release
from app.services.scores import rescore_lab, rescore_release
from app.services.unit_of_work import unit_of_work
from registry.model import Verdict


def community_open() -> bool:
    """Return True when any signed-in account may submit to any lab."""
    return bool(current_app.config["REGISTRY_COMMUNITY_SUBMISSIONS"])


def submission_target(identity: Identity, lab_slug: str) -> LabRef:
    """Return the lab a release form submits to, once the identity may add releases to it."""
    lab = get_lab(lab_slug)
    require_lab_editor(identity, lab.id, community_open())
    return LabRef(lab.slug, lab.name)


def create_lab(identity: Identity, data: Mapping[str, Any]) -> LabDetail:
    """Create a lab; its creator becomes a member. Return it as readers see it."""
    require_lab_creator(identity)
    try:
        with unit_of_work():
            lab = Lab(**data, community_submitted=_is_community(identity), tier_counts={})
            db.session.add(lab)
            db.session.flush()
            if identity.user_id is not None:
                db.session.add(LabMember(lab_id=lab.id, user_id=identity.user_id))
            rescore_lab(lab)
            audit.record_write(identity, "lab.create", lab)
    except Conflict as conflict:
        raise conflict.pointing_at({"lab": data["slug"]}) from conflict
    return lab_detail_of(lab)


def update_lab(identity: Identity, slug: str, data: Mapping[str, Any]) -> LabDetail:
    """Change a lab's name, homepage, country or Hub sweep; return the lab as changed."""
    lab = get_lab(slug)
    require_lab_editor(identity, lab.id, community_open())
    with unit_of_work():
        for key, value in data.items():
            setattr(lab, key, value)
        audit.record_write(identity, "lab.update", lab)
    return lab_detail_of(lab)


def delete_lab(identity: Identity, slug: str) -> None:
    """Delete a lab and everything under it (administrators only)."""
    lab = get_lab(slug)
    require_lab_admin(identity, lab.id)
    with unit_of_work():
        audit.record_write(identity, "lab.delete", lab)
        db.session.flush()
        audit.detach_lab(lab.id)
        # SQLite enforces no ON DELETE CASCADE here, and may reuse the id for the next lab:
        # memberships and token narrowings must not pass to it.
        for grant in (LabMember, ApiTokenLab):
            db.session.execute(delete(grant).where(grant.lab_id == lab.id))
        db.session.delete(lab)


def write_release(identity: Identity, lab_slug: str, data: Mapping[str, Any]) -> Release:
    """Write a release with its artifacts, every claim unverified; return its row.

    The step of a submission (checks.submit_release, the use case, which adds the first
    check run in the same unit of work and returns the typed view). A taken slug raises a
    Conflict that points at the existing release.
    """
    lab = get_lab(lab_slug)
    require_lab_editor(identity, lab.id, community_open())
    try:
        with unit_of_work():
            release = add_release(lab, data, community=_is_community(identity, lab.id))
            audit.record_write(identity, "release.create", lab, release)
    except Conflict as conflict:
        raise conflict.pointing_at({"lab": lab_slug, "release": data["slug"]}) from conflict
    return release


def add_release(lab: Lab, data: Mapping[str, Any], community: bool = False) -> Release:
    """Add a release and its artifacts to the session and score them (no commit)."""
    fields = {k: v for k, v in data.items() if k not in {"artifacts", "lab", "released_on"}}
    released_on, precision = data.get("released_on") or (None, "day")
    release = Release(
        lab=lab,
        community_submitted=community,
        released_on=released_on,
        released_precision=precision,
        **fields,
    )
    release.artifacts = list(_artifact_rows(data.get("artifacts", [])))
    db.session.add(release)
    db.session.flush()
    rescore_release(release)
    rescore_lab(lab)
    return release


def replace_artifacts(
    identity: Identity, lab_slug: str, release_slug: str, artifacts: Iterable[Mapping[str, Any]]
) -> ReleaseDetail:
    """Replace a release's artifacts, checking none; changed claims go back to unverified."""
    with unit_of_work():
        write_artifacts(identity, lab_slug, release_slug, artifacts)
    return release_detail(lab_slug, release_slug)


def write_artifacts(
    identity: Identity, lab_slug: str, release_slug: str, artifacts: Iterable[Mapping[str, Any]]
) -> Release:
    """Write a release's new artifacts (kept where the claim is unchanged); return its row."""
    release = get_release(lab_slug, release_slug)
    require_lab_editor(identity, release.lab_id, community_open())
    with unit_of_work():
        kept = {_identity_of(a): a for a in release.artifacts}
        rows = []
        for position, item in enumerate(artifacts):
            row = kept.pop(_identity_of_input(item), None) or Artifact()
            _fill_artifact(row, item, position)
            rows.append(row)
        release.artifacts = rows
        db.session.flush()
        rescore_release(release)
        rescore_lab(release.lab)
        audit.record_write(identity, "release.artifacts", release.lab, release)
    return release


def delete_release(identity: Identity, lab_slug: str, release_slug: str) -> None:
    """Delete a release (administrators only)."""
    release = get_release(lab_slug, release_slug)
    require_lab_admin(identity, release.lab_id)
    lab = release.lab
    with unit_of_work():
        audit.record_write(identity, "release.delete", lab, release)
        db.session.flush()
        audit.detach_release(release.id)
        # Delete, then reload the collection: removing from lab.releases as well makes the
        # delete-orphan cascade and session.delete() fight over the row in one flush.
        db.session.delete(release)
        db.session.flush()
        db.session.expire(lab, ["releases"])
        rescore_lab(lab)


def _artifact_rows(items: Iterable[Mapping[str, Any]]) -> Iterator[Artifact]:
    for position, item in enumerate(items):
        row = Artifact()
        _fill_artifact(row, item, position)
        yield row


def _fill_artifact(row: Artifact, item: Mapping[str, Any], position: int) -> None:
    declared = (item.get("declared_licence"), item.get("entrypoint"))
    if (row.declared_licence, row.entrypoint) != declared or row.id is None:
        # A new or changed claim has not been checked: unverified until a run says otherwise.
        row.verdict = Verdict.UNVERIFIED.value
        row.good_evidence_id = None
        row.missing_count = 0
        row.last_failure = None
    row.pillar = _value(item["pillar"])
    row.kind = _value(item["kind"])
    row.locator = item["locator"]
    row.declared_licence, row.entrypoint = declared
    row.position = position
    if item.get("provenance") is not None:
        row.provenance = dict(item["provenance"])


def _identity_of(artifact: Artifact) -> tuple[str, str, str]:
    return (artifact.pillar, artifact.kind, artifact.locator)


def _identity_of_input(item: Mapping[str, Any]) -> tuple[str, str, str]:
    return (_value(item["pillar"]), _value(item["kind"]), item["locator"])


def _value(member: Any) -> str:
    return str(getattr(member, "value", member))


def _is_community(identity: Identity, lab_id: int | None = None) -> bool:
    # Labelled community-submitted when the author is neither an admin nor the lab's member.
    if identity.edits_every_lab:
        return False
    return lab_id is not None and lab_id not in identity.lab_ids
