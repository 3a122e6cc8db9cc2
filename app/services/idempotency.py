"""Idempotent writes: a retried request with the same Idempotency-Key gets the first answer.

A client whose response was lost (a timeout, a dropped connection) cannot tell whether its
write happened. Sending the same key again is safe: the first successful response is stored
in the *same transaction* as the write it describes, so either both were committed (the
retry gets the stored response, not a 409) or neither was (the retry does the write).
The key is claimed first, so a concurrent request with it waits for the first, then is told
to retry. Keys live for REGISTRY_IDEMPOTENCY_TTL_SECONDS and belong to one principal (the
token that sent them).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, select

from app.extensions import db
from app.models import IdempotencyKey, utcnow
from app.services.errors import ServiceError
from app.services.unit_of_work import unit_of_work


class KeyReused(ServiceError):
    """The key was first used with another request (method, path or body)."""

    status = 422


@dataclass(frozen=True)
class StoredResponse:
    """A write's response as kept for retries: status, JSON body text, headers worth keeping."""

    status: int
    body: str
    headers: Mapping[str, str] = field(default_factory=dict)
    replayed: bool = False


def fingerprint(method: str, path: str, body: Any) -> str:
    """Return what identifies a request: its method, path and body as canonical JSON."""
    canonical = json.dumps([method, path, body], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def respond_once(
    principal: str, key: str, request_fingerprint: str, write: Callable[[], StoredResponse]
) -> StoredResponse:
    """Return the stored response for (principal, key), or run `write` and store its response.

    `write` runs inside this unit of work; its use case joins it, so the write and its
    stored response commit together. Only successes are kept: a refused write changed
    nothing, so running it again is already safe.
    """
    now = utcnow()
    with unit_of_work():
        row = _live_key(principal, key, now)
        if row is not None:
            return _replay(row, request_fingerprint)
        row = _claim(principal, key, request_fingerprint, now)
        response = write()
        if response.status >= 300:
            db.session.delete(row)
            return response
        row.status, row.body, row.headers = response.status, response.body, dict(response.headers)
        return response


def forget_expired(now: datetime | None = None) -> int:
    """Delete every expired key (the sweeper's chore); return how many went."""
    with unit_of_work():
        result = db.session.execute(
            delete(IdempotencyKey).where(IdempotencyKey.expires_at < (now or utcnow()))
        )
    return int(getattr(result, "rowcount", 0) or 0)


def _live_key(principal: str, key: str, now: datetime) -> IdempotencyKey | None:
    return db.session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.principal == principal,
            IdempotencyKey.key == key,
            IdempotencyKey.expires_at >= now,
        )
    )


def _replay(row: IdempotencyKey, request_fingerprint: str) -> StoredResponse:
    if row.fingerprint != request_fingerprint:
        raise KeyReused(
            "This Idempotency-Key was already used with a different request (method, path or "
            "body): send a new key for a new request, or repeat the original request exactly."
        )
    assert row.status is not None and row.body is not None  # only stored once answered
    return StoredResponse(row.status, row.body, dict(row.headers or {}), replayed=True)


def _claim(principal: str, key: str, request_fingerprint: str, now: datetime) -> IdempotencyKey:
    # An expired key may be used again: its old row goes first, in this same transaction.
    db.session.execute(
        delete(IdempotencyKey).where(
            IdempotencyKey.principal == principal, IdempotencyKey.key == key
        )
    )
    ttl = timedelta(seconds=current_app.config["REGISTRY_IDEMPOTENCY_TTL_SECONDS"])
    row = IdempotencyKey(
        principal=principal, key=key, fingerprint=request_fingerprint,
        created_at=now, expires_at=now + ttl, headers={},
    )
    db.session.add(row)
    # Flushed now: a concurrent request with this key waits here until we commit, then fails
    # on the unique constraint (a 409 telling it to retry) instead of writing twice.
    db.session.flush()
    return row
