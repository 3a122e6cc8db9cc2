"""Account use cases: create accounts, check passwords, manage lab members, build identities.

Passwords are hashed with argon2id (argon2-cffi); only the hash is stored, and it never
leaves this module: views and the CLI get an `Account`, not the row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from marshmallow import ValidationError
from sqlalchemy import select

from app.extensions import db
from app.models import Lab, LabMember, User
from app.services import audit
from app.services.catalogue import community_open
from app.services.errors import Conflict, InvalidInput, NotFound
from app.services.identity import ANONYMOUS, Identity, may_edit_lab, require_lab_editor
from app.services.rows import get_lab
from app.services.unit_of_work import unit_of_work
from schemas.fields import error_messages, flatten_errors
from schemas.forms import MemberInSchema, SignInSchema, UserInSchema

_hasher = PasswordHasher()


@dataclass(frozen=True)
class Account:
    """An account as views and the CLI see it: who it is, never its password hash."""

    id: int
    email: str
    is_admin: bool


def account_of(user: User) -> Account:
    """Return the account a row stands for."""
    return Account(id=user.id, email=user.email, is_admin=user.is_admin)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Verified when the email is unknown, so a wrong address costs as long as a wrong password.
    return _hasher.hash("no account has this password")


def _load(schema: Any, data: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return dict(schema.load(dict(data)))
    except ValidationError as error:
        raise InvalidInput(flatten_errors(error_messages(error))) from error


def create_user(data: Mapping[str, Any]) -> Account:
    """Create an account from an email, a password and an optional admin flag."""
    values = _load(UserInSchema(), data)
    if _user_row(values["email"]) is not None:
        raise Conflict("An account with this email already exists.", "email")
    with unit_of_work():
        user = User(
            email=values["email"],
            password_hash=_hasher.hash(values["password"]),
            is_admin=values["is_admin"],
        )
        db.session.add(user)
    return account_of(user)


def find_user(email: str) -> Account | None:
    """Return the account with this email (case-insensitive), if any."""
    user = _user_row(email)
    return account_of(user) if user is not None else None


def get_user(user_id: int) -> Account | None:
    """Return the account with this id, if any."""
    user = db.session.get(User, user_id)
    return account_of(user) if user is not None else None


def _user_row(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def authenticate(data: Mapping[str, Any]) -> Account | None:
    """Return the account when the email and password match, None otherwise."""
    values = _load(SignInSchema(), data)
    user = _user_row(values["email"])
    if user is None:
        _verify(_dummy_hash(), values["password"])
        return None
    if not _verify(user.password_hash, values["password"]):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        # Parameters were raised since this hash was made: upgrade it while we know the password.
        with unit_of_work():
            user.password_hash = _hasher.hash(values["password"])
    return account_of(user)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def identity_for(user: Account | None) -> Identity:
    """Return the identity use cases take for a signed-in account (anonymous for None)."""
    if user is None:
        return ANONYMOUS
    lab_ids = db.session.scalars(select(LabMember.lab_id).where(LabMember.user_id == user.id))
    return Identity(
        user_id=user.id,
        is_admin=user.is_admin,
        can_submit=True,
        lab_ids=frozenset(lab_ids),
        label=user.email,
        email=user.email,
        edits_every_lab=user.is_admin,
    )


def lab_members(lab_slug: str) -> list[str]:
    """Return the email addresses of a lab's members, sorted."""
    lab = get_lab(lab_slug)
    return list(
        db.session.scalars(
            select(User.email)
            .join(LabMember, LabMember.user_id == User.id)
            .where(LabMember.lab_id == lab.id)
            .order_by(User.email)
        )
    )


def add_member(identity: Identity, lab_slug: str, data: Mapping[str, Any]) -> Account:
    """Add an existing account to a lab (its members and administrators only)."""
    lab = get_lab(lab_slug)
    # Community submissions open a lab's releases, never its membership.
    require_lab_editor(identity, lab.id, community=False)
    values = _load(MemberInSchema(), data)
    user = find_user(values["email"])
    if user is None:
        raise NotFound(f"No account with the email {values['email']!r}; create it first.")
    if _is_member(lab, user):
        raise Conflict(f"{user.email} is already a member of {lab.name}.", "email")
    with unit_of_work():
        db.session.add(LabMember(lab_id=lab.id, user_id=user.id))
        audit.record_write(identity, "lab.member", lab)
    return user


def _is_member(lab: Lab, user: Account) -> bool:
    return db.session.get(LabMember, (lab.id, user.id)) is not None


def may_edit(identity: Identity, lab_id: int) -> bool:
    """Return True when the identity may submit releases to, or re-check, this lab."""
    return may_edit_lab(identity, lab_id, community_open())
