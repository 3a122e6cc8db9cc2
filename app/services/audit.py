"""Who made each write: a record per change, with the account and the token behind it.

A write use case calls `record_write` inside its own unit of work, so the record commits
with the change or not at all. Histories read the records back through `writes_of_release`
and `writes_of_lab`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TypedDict

from sqlalchemy import ColumnElement, select, update

from app.extensions import db
from app.models import Lab, Release, WriteRecord
from app.services.identity import Identity

# What each action is, in words a history reader understands.
ACTIONS: Mapping[str, str] = {
    "lab.create": "created the lab",
    "lab.update": "changed the lab's details",
    "lab.delete": "deleted the lab",
    "lab.member": "added a member to the lab",
    "release.create": "submitted the release",
    "release.artifacts": "replaced the release's artifacts",
    "release.check": "asked for a check",
    "release.delete": "deleted the release",
    "release.import": "imported a framework file into the release",
    "release.discover": "registered the release, found by a sweep of the lab's Hub organisation",
}
DEFAULT_LIMIT = 100


class WriteToken(TypedDict):
    """The API token a write was made with."""

    id: int | None
    name: str


class WriteView(TypedDict):
    """One recorded write as histories show it."""

    at: datetime
    action: str
    summary: str
    account: str
    token: WriteToken | None
    via: str
    release: str | None


def record_write(identity: Identity, action: str, lab: Lab, release: Release | None = None) -> None:
    """Add a record of this write by this identity to the current unit of work (no commit)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown write action {action!r}")
    db.session.add(
        WriteRecord(
            action=action,
            lab_id=lab.id,
            release_id=release.id if release is not None else None,
            lab_slug=lab.slug,
            release_slug=release.slug if release is not None else None,
            user_id=identity.user_id,
            account=identity.account,
            token_id=identity.token_id,
            token_name=identity.token_name,
            via=identity.via,
        )
    )


def detach_release(release_id: int) -> None:
    """Keep a deleted release's records, pointing at nothing (SQLite enforces no SET NULL)."""
    db.session.execute(
        update(WriteRecord).where(WriteRecord.release_id == release_id).values(release_id=None)
    )


def detach_lab(lab_id: int) -> None:
    """Keep a deleted lab's records, pointing at nothing."""
    db.session.execute(
        update(WriteRecord)
        .where(WriteRecord.lab_id == lab_id)
        .values(lab_id=None, release_id=None)
    )


def writes_of_release(release_id: int, limit: int = DEFAULT_LIMIT) -> list[WriteView]:
    """Return the writes made to a release, newest first."""
    return _views(WriteRecord.release_id == release_id, limit)


def writes_of_lab(lab_id: int, limit: int = DEFAULT_LIMIT) -> list[WriteView]:
    """Return the writes made to a lab and its releases, newest first."""
    return _views(WriteRecord.lab_id == lab_id, limit)


def _views(condition: ColumnElement[bool], limit: int) -> list[WriteView]:
    rows = db.session.scalars(
        select(WriteRecord)
        .where(condition)
        .order_by(WriteRecord.at.desc(), WriteRecord.id.desc())
        .limit(limit)
    )
    return [_view(row) for row in rows]


def _view(row: WriteRecord) -> WriteView:
    token: WriteToken | None = None
    if row.token_name is not None:
        token = {"id": row.token_id, "name": row.token_name}
    return {
        "at": row.at,
        "action": row.action,
        "summary": ACTIONS.get(row.action, row.action),
        "account": row.account,
        "token": token,
        "via": row.via,
        "release": row.release_slug,
    }
