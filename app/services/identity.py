"""Who is acting, and what they may do: the one place permissions are decided."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.errors import Forbidden


@dataclass(frozen=True)
class Identity:
    """The actor behind a use case: a signed-in account, an API token, or the system."""

    user_id: int | None = None
    is_admin: bool = False
    can_submit: bool = False
    lab_ids: frozenset[int] = frozenset()
    label: str = "anonymous"

    @property
    def authenticated(self) -> bool:
        """Return True for anyone but the anonymous reader."""
        return self.can_submit or self.is_admin


ANONYMOUS = Identity()
SYSTEM = Identity(is_admin=True, can_submit=True, label="system")


def require_submitter(identity: Identity) -> None:
    """Refuse anonymous writes."""
    if not identity.authenticated:
        raise Forbidden("Sign in or send an API token to submit.")


def require_admin(identity: Identity) -> None:
    """Refuse anyone but an administrator."""
    if not identity.is_admin:
        raise Forbidden("Only administrators may do this.")


def may_edit_lab(identity: Identity, lab_id: int, community: bool) -> bool:
    """Return True when the identity owns the lab, is an admin, or community edits are open."""
    if identity.is_admin:
        return True
    if not identity.can_submit:
        return False
    return lab_id in identity.lab_ids or identity.user_id is None or community


def require_lab_editor(identity: Identity, lab_id: int, community: bool) -> None:
    """Refuse writes to a lab the identity neither owns nor may edit as a community member."""
    require_submitter(identity)
    if not may_edit_lab(identity, lab_id, community):
        raise Forbidden("You are not a member of this lab.")
