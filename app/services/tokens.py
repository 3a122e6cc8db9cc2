"""API tokens: create, list, revoke, and turn a presented bearer token into an Identity.

Only a SHA-256 hash of each token is stored. The secret has 256 bits of entropy, so a
plain (unsalted) hash is enough: nobody can brute-force it, and hashing lets a token be
looked up by an indexed equality on its hash instead of comparing secrets one by one.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import ApiToken, LabMember, utcnow
from app.services.catalogue import unit_of_work
from app.services.errors import InvalidInput, NotFound
from app.services.identity import Identity

TOKEN_PREFIX = "reg_"  # noqa: S105 - a visible prefix, so a leaked token is recognisable
# What each scope may do, as Identity flags.
SCOPES: Mapping[str, Mapping[str, bool]] = {
    "submit": {"can_submit": True, "is_admin": False},
    "admin": {"can_submit": True, "is_admin": True},
}
# Recording every use would write on every request; once a minute is precise enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    """A token just created: the secret is shown once and never stored."""

    id: int
    name: str
    scope: str
    secret: str


def hash_token(secret: str) -> str:
    """Return the stored form of a token."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(name: str, scope: str = "submit", user_id: int | None = None) -> NewToken:
    """Create a token with a scope; return it with its secret."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput({"name": ["Give the token a name of 1 to 100 characters."]})
    if scope not in SCOPES:
        raise InvalidInput({"scope": [f"Unknown scope {scope!r}: use {' or '.join(SCOPES)}."]})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with unit_of_work():
        row = ApiToken(name=name, scope=scope, user_id=user_id, token_hash=hash_token(secret))
        db.session.add(row)
        db.session.flush()
    return NewToken(id=row.id, name=row.name, scope=row.scope, secret=secret)


def list_tokens() -> Sequence[ApiToken]:
    """Return every token, oldest first (hashes only)."""
    return db.session.scalars(select(ApiToken).order_by(ApiToken.id)).all()


def revoke_token(token_id: int) -> ApiToken:
    """Revoke a token; revoking twice keeps the first revocation time."""
    row = db.session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"No token with id {token_id}.")
    with unit_of_work():
        row.revoked_at = row.revoked_at or utcnow()
    return row


def identity_for_token(secret: str) -> Identity | None:
    """Return the identity a live token stands for, or None for an unknown or revoked one."""
    row = db.session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == hash_token(secret), ApiToken.revoked_at.is_(None)
        )
    )
    if row is None:
        return None
    _record_use(row)
    return Identity(
        user_id=row.user_id,
        lab_ids=_lab_ids(row.user_id),
        label=f"token:{row.id}:{row.name}",
        **SCOPES.get(row.scope, SCOPES["submit"]),
    )


def _record_use(row: ApiToken) -> None:
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
        with unit_of_work():
            row.last_used_at = now


def _lab_ids(user_id: int | None) -> frozenset[int]:
    if user_id is None:
        return frozenset()
    memberships = select(LabMember.lab_id).where(LabMember.user_id == user_id)
    return frozenset(db.session.scalars(memberships))
