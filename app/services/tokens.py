"""API tokens: personal, scoped, expiring; created, listed and revoked by their owners.

Every token belongs to an account and writes only where that account may write, narrowed
further to the labs it names; admin scope is for administrators' accounts only. Tokens
made before tokens had owners are marked legacy (migration 0006) and refused with a message
that says how to re-issue them.

Only a SHA-256 hash of each token is stored. The secret has 256 bits of entropy, so a
plain (unsalted) hash is enough: nobody can brute-force it, and hashing lets a token be
looked up by an indexed equality on its hash instead of comparing secrets one by one.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import ApiToken, Lab, User, utcnow
from app.services import accounts
from app.services.catalogue import community_open
from app.services.errors import InvalidInput, NotFound, Unauthenticated
from app.services.identity import Identity, may_edit_lab
from app.services.unit_of_work import unit_of_work
from schemas.fields import error_messages, flatten_errors
from schemas.tokens import SCOPES, TokenInSchema

TOKEN_PREFIX = "reg_"  # noqa: S105 - a visible prefix, so a leaked token is recognisable
MAX_ID = 2**31 - 1  # ids are 32-bit integers; a larger one names no token
# Recording every use would write on every request; once a minute is precise enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)
REISSUE = (
    "Create a personal token on your account page (/account/tokens) or with "
    "'flask --app app registry token create --user EMAIL --name NAME', and send that instead."
)
UNKNOWN_MESSAGE = "This API token is unknown or revoked."
LEGACY_MESSAGE = (
    "This API token belongs to no account, and such tokens no longer work: tokens now "
    "belong to an account and write only to its labs. " + REISSUE
)


@dataclass(frozen=True)
class NewToken:
    """A token just created: the secret is shown once and never stored."""

    id: int
    name: str
    scope: str
    secret: str
    labs: tuple[str, ...] = ()
    expires_at: datetime | None = None


@dataclass(frozen=True)
class TokenView:
    """A token as its owner (or an operator) sees it: never the secret, never the hash."""

    id: int
    name: str
    scope: str
    owner: str | None
    labs: tuple[str, ...] | None  # None: every lab its owner may edit
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    legacy: bool

    @property
    def state(self) -> str:
        """Return active, revoked, expired or legacy."""
        if self.revoked_at is not None:
            return "revoked"
        if self.legacy or self.owner is None:
            return "legacy"
        if self.expires_at is not None and self.expires_at <= utcnow():
            return "expired"
        return "active"


def hash_token(secret: str) -> str:
    """Return the stored form of a token."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(user_id: int, data: Mapping[str, Any]) -> NewToken:
    """Create a token for an account from a name, scope, labs and lifetime; return its secret."""
    values = _load(data)
    owner = db.session.get(User, user_id)
    if owner is None:
        raise NotFound(f"No account with id {user_id}.")
    if values["scope"] == "admin" and not owner.is_admin:
        raise InvalidInput({"scope": [
            f"Only administrators' accounts get admin tokens; {owner.email} is not one. "
            "Use scope submit."]})
    labs = _named_labs(owner, values["labs"])
    days = values["expires_days"]
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with unit_of_work():
        row = ApiToken(
            name=values["name"], scope=values["scope"], user_id=owner.id,
            token_hash=hash_token(secret), lab_restricted=bool(labs), labs=labs,
            expires_at=utcnow() + timedelta(days=days) if days else None,
        )  # fmt: skip
        db.session.add(row)
        db.session.flush()
    return NewToken(
        row.id, row.name, row.scope, secret, tuple(lab.slug for lab in labs), row.expires_at
    )


def _load(data: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return dict(TokenInSchema().load(dict(data)))
    except ValidationError as error:
        raise InvalidInput(_by_field(flatten_errors(error_messages(error)))) from error


def _by_field(errors: Mapping[str, list[str]]) -> dict[str, list[str]]:
    # "labs[1]" is the second of the labs the form and the CLI take as one field: say which.
    grouped: dict[str, list[str]] = {}
    for key, messages in errors.items():
        field, _, index = key.partition("[")
        prefix = f"Lab {int(index.rstrip(']')) + 1}: " if index.rstrip("]").isdigit() else ""
        grouped.setdefault(field, []).extend(prefix + m for m in messages)
    return grouped


def _named_labs(owner: User, slugs: list[str]) -> list[Lab]:
    wanted = list(dict.fromkeys(slugs))
    found = {lab.slug: lab for lab in db.session.scalars(select(Lab).where(Lab.slug.in_(wanted)))}
    missing = [s for s in wanted if s not in found]
    if missing:
        raise InvalidInput({"labs": [f"No lab {', '.join(map(repr, missing))}."]})
    account = accounts.identity_for(accounts.account_of(owner))
    refused = [s for s in wanted if not may_edit_lab(account, found[s].id, community_open())]
    if refused:
        raise InvalidInput({"labs": [
            f"{owner.email} may not edit {', '.join(map(repr, refused))}: name only labs "
            "the account is a member of."]})
    return [found[s] for s in wanted]


def list_tokens(user_id: int | None = None) -> list[TokenView]:
    """Return an account's tokens (every token when None), oldest first."""
    query = select(ApiToken).options(selectinload(ApiToken.labs)).order_by(ApiToken.id)
    if user_id is not None:
        query = query.where(ApiToken.user_id == user_id)
    rows = db.session.scalars(query).all()
    owners = _emails({row.user_id for row in rows if row.user_id is not None})
    return [_view(row, owners.get(row.user_id) if row.user_id else None) for row in rows]


def revoke_token(token_id: int, user_id: int | None = None) -> TokenView:
    """Revoke a token (only the owner's own when user_id is given); the first time is kept."""
    row = db.session.get(ApiToken, token_id) if 0 < token_id <= MAX_ID else None
    if row is None or (user_id is not None and row.user_id != user_id):
        raise NotFound(f"No token with id {token_id}.")
    with unit_of_work():
        row.revoked_at = row.revoked_at or utcnow()
    return _view(row, _emails({row.user_id}).get(row.user_id) if row.user_id else None)


def identity_for_token(secret: str) -> Identity:
    """Return the identity a live token stands for; raise Unauthenticated saying why not."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if row is None or row.revoked_at is not None:
        raise Unauthenticated(UNKNOWN_MESSAGE)
    owner = db.session.get(User, row.user_id) if row.user_id is not None else None
    if row.legacy or owner is None:
        raise Unauthenticated(LEGACY_MESSAGE)
    if row.expires_at is not None and row.expires_at <= utcnow():
        raise Unauthenticated(
            f"This API token expired on {row.expires_at:%Y-%m-%d %H:%M} UTC. " + REISSUE
        )
    _record_use(row)
    account = accounts.identity_for(accounts.account_of(owner))
    return Identity(
        user_id=owner.id,
        # Admin scope works only while its owner is an administrator.
        is_admin=row.scope == "admin" and owner.is_admin,
        can_submit=True,
        lab_ids=account.lab_ids,
        label=f"token:{row.id}:{row.name}",
        email=owner.email,
        edits_every_lab=owner.is_admin,
        token_id=row.id,
        token_name=row.name,
        token_lab_ids=frozenset(lab.id for lab in row.labs) if row.lab_restricted else None,
    )


def _record_use(row: ApiToken) -> None:
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
        with unit_of_work():
            row.last_used_at = now


def _emails(user_ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in user_ids if i is not None}
    if not wanted:
        return {}
    return dict(db.session.execute(select(User.id, User.email).where(User.id.in_(wanted))).all())


def _view(row: ApiToken, owner: str | None) -> TokenView:
    return TokenView(
        id=row.id, name=row.name, scope=row.scope, owner=owner,
        labs=tuple(lab.slug for lab in row.labs) if row.lab_restricted else None,
        created_at=row.created_at, last_used_at=row.last_used_at, expires_at=row.expires_at,
        revoked_at=row.revoked_at, legacy=row.legacy or row.user_id is None,
    )  # fmt: skip


__all__ = ["SCOPES", "NewToken", "TokenView", "create_token", "identity_for_token",
           "list_tokens", "revoke_token"]
