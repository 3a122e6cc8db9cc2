"""One transaction per use case: `unit_of_work` commits everything a use case wrote, or nothing.

Units of work nest: a use case built from smaller ones (submit a release = create it, its
artifacts and its first check run) opens one, and the inner ones join it instead of
committing early, so a failure anywhere rolls the whole use case back. Work that must only
happen once the rows are committed (handing a run to the queue) is registered with
`after_commit` and runs after the outermost commit, never after a rollback.

A unique or foreign-key violation becomes a `Conflict` named in `CONSTRAINT_CONFLICTS`;
any other database error rolls back and propagates (an outage is mapped to 503 in
app/errors.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.services.errors import Conflict

log = logging.getLogger(__name__)

DEPTH_KEY = "registry.uow_depth"
CALLBACKS_KEY = "registry.after_commit"


@dataclass(frozen=True)
class ConstraintConflict:
    """What a violated constraint means to the person who sent the write."""

    # Fragments of the driver's message: PostgreSQL names the constraint, SQLite its columns.
    markers: tuple[str, ...]
    message: str
    field: str | None = None


# Violated constraint -> the conflict reported, first match wins. The constraints, not a
# check-then-insert, decide: two racing submissions of one slug yield one row and one 409.
CONSTRAINT_CONFLICTS: tuple[ConstraintConflict, ...] = (
    ConstraintConflict(
        ("uq_release_lab_slug", "release.lab_id, release.slug"),
        "A release with this slug already exists in this lab.",
        "slug",
    ),
    ConstraintConflict(("uq_lab_slug", "lab.slug"), "A lab with this slug already exists.", "slug"),
    ConstraintConflict(
        ("uq_user_account_email", "user_account.email"),
        "An account with this email already exists.",
        "email",
    ),
    ConstraintConflict(
        ("uq_idempotency_key_principal", "idempotency_key.principal, idempotency_key.key"),
        "A request with this Idempotency-Key is being processed right now: "
        "send it again in a moment to get its response.",
    ),
    # A concurrent delete removed what this write refers to (a lab, a release).
    ConstraintConflict(
        ("foreign key",),
        "Something this write refers to was changed or deleted at the same time: "
        "reload it and try again.",
    ),
)


def violated(error: IntegrityError) -> ConstraintConflict | None:
    """Return the known constraint an IntegrityError broke, or None."""
    text = str(error.orig).lower()
    return next((c for c in CONSTRAINT_CONFLICTS if any(m in text for m in c.markers)), None)


def in_unit_of_work() -> bool:
    """Return True inside an open unit of work."""
    return bool(db.session.info.get(DEPTH_KEY, 0))


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit on success, roll back on any error; join the enclosing unit of work if any."""
    info = db.session.info
    depth = info.get(DEPTH_KEY, 0)
    info[DEPTH_KEY] = depth + 1
    try:
        yield
        if depth == 0:
            db.session.commit()
    except IntegrityError as error:
        _abandon(depth)
        conflict = violated(error)
        if conflict is None:
            raise
        raise Conflict(conflict.message, conflict.field) from error
    except BaseException:
        _abandon(depth)
        raise
    finally:
        info[DEPTH_KEY] = depth
    if depth == 0:
        _run_after_commit()


def after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` once the enclosing unit of work has committed (now, outside one)."""
    if not in_unit_of_work():
        callback()
        return
    db.session.info.setdefault(CALLBACKS_KEY, []).append(callback)


def _abandon(depth: int) -> None:
    # Only the outermost unit rolls back: an inner one re-raises and its caller decides.
    if depth == 0:
        db.session.rollback()
        db.session.info.pop(CALLBACKS_KEY, None)


def _run_after_commit() -> None:
    callbacks = db.session.info.pop(CALLBACKS_KEY, [])
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the write is committed; a follow-up must not undo it
            log.exception("after-commit step failed")
