"""Factories with fresh ids: make_lab, make_release, make_account, make_token."""

from __future__ import annotations

import uuid
from typing import Any

from app.extensions import db
from app.models import Lab, LabMember, Release, User
from app.services.catalogue import add_release
from app.services.tokens import create_token
from app.services.unit_of_work import unit_of_work


def fresh_slug(prefix: str = "x") -> str:
    """Return a slug no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def make_lab(**overrides: Any) -> Lab:
    """Create and commit a lab."""
    values: dict[str, Any] = {"slug": fresh_slug("lab"), "name": "Test Lab", "country": "FR"}
    values.update(overrides)
    with unit_of_work():
        lab = Lab(tier_counts={}, **values)
        db.session.add(lab)
    return lab


def make_release(lab: Lab | None = None, **overrides: Any) -> Release:
    """Create and commit a release with one weights artifact unless told otherwise."""
    lab = lab or make_lab()
    values: dict[str, Any] = {
        "slug": fresh_slug("rel"),
        "name": "Test Release",
        "artifacts": [
            {"pillar": "weights", "kind": "hf_model", "locator": "test-org/test-model",
             "declared_licence": "apache-2.0"},
        ],
    }
    values.update(overrides)
    with unit_of_work():
        release = add_release(lab, values)
    return release


def make_account(
    email: str | None = None, admin: bool = False, labs: tuple[Lab, ...] = ()
) -> User:
    """Create and commit an account (no usable password), a member of the labs given."""
    with unit_of_work():
        user = User(email=email or f"{fresh_slug('user')}@example.org", password_hash="!",
                    is_admin=admin)
        db.session.add(user)
        db.session.flush()
        for lab in labs:
            db.session.add(LabMember(lab_id=lab.id, user_id=user.id))
    return user


def make_token(
    user: User | None = None, scope: str = "submit", labs: tuple[str, ...] = (),
    name: str = "ci", expires_days: int | None = None,
) -> str:
    """Create a token owned by the account (a fresh member of nothing if None); return it."""
    owner = user or make_account()
    data = {"name": name, "scope": scope, "labs": list(labs), "expires_days": expires_days}
    return create_token(owner.id, data).secret


def bearer(secret: str) -> dict[str, str]:
    """Return the Authorization header carrying a token."""
    return {"Authorization": f"Bearer {secret}"}
