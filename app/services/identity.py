"""Who is acting, and what they may do: the one place permissions are decided.

Every identity that writes is an account (signed in, or behind one of its API tokens) or
the explicit SYSTEM of operator commands. An identity with no account edits nothing: no
rule here reads "no user" as "anyone's".
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services.errors import Forbidden


@dataclass(frozen=True)
class Identity:
    """The actor behind a use case: a signed-in account, an API token, or the system."""

    user_id: int | None = None
    # May administer (delete, import): an admin account, or its token with admin scope.
    is_admin: bool = False
    can_submit: bool = False
    # Labs the account is a member of.
    lab_ids: frozenset[int] = frozenset()
    label: str = "anonymous"
    # The account's email address, as write records name it.
    email: str | None = None
    # The account is an administrator's, so it may edit every lab (even with a submit token).
    edits_every_lab: bool = False
    token_id: int | None = None
    token_name: str | None = None
    # The labs a token is narrowed to; None when it names none (all its owner may edit).
    token_lab_ids: frozenset[int] | None = None
    # Operator commands and scheduled work: the one identity without an account that writes.
    system: bool = False

    @property
    def authenticated(self) -> bool:
        """Return True for an account (or the system) that may submit."""
        return self.system or (self.user_id is not None and (self.can_submit or self.is_admin))

    @property
    def account(self) -> str:
        """Return who is writing, as write records name it: an email, or system."""
        return self.email or ("system" if self.system else "anonymous")

    @property
    def via(self) -> str:
        """Return how the identity reached us: api (a token), web (a session) or system."""
        if self.token_id is not None:
            return "api"
        return "system" if self.system else "web"


ANONYMOUS = Identity()
SYSTEM = Identity(
    is_admin=True, can_submit=True, edits_every_lab=True, label="system", system=True
)


def require_submitter(identity: Identity) -> None:
    """Refuse anonymous writes."""
    if not identity.authenticated:
        raise Forbidden("Sign in or send an API token to submit.")


def require_admin(identity: Identity) -> None:
    """Refuse anyone but an administrator."""
    if not (identity.is_admin and identity.authenticated):
        raise Forbidden("Only administrators may do this.")


def require_lab_creator(identity: Identity) -> None:
    """Refuse new labs to anonymous readers and to tokens narrowed to named labs."""
    require_submitter(identity)
    if identity.token_lab_ids is not None:
        raise Forbidden(
            "This token writes only to the labs it names; create the lab with a token "
            "that names none, or on the website."
        )


def may_edit_lab(identity: Identity, lab_id: int, community: bool) -> bool:
    """Return True when the account may edit the lab and its token (if any) names it."""
    if identity.system:
        return True
    if not identity.authenticated:
        return False
    if identity.token_lab_ids is not None and lab_id not in identity.token_lab_ids:
        return False
    return identity.edits_every_lab or lab_id in identity.lab_ids or community


def require_lab_editor(identity: Identity, lab_id: int, community: bool) -> None:
    """Refuse writes to a lab the identity neither owns nor may edit as a community member."""
    require_submitter(identity)
    if not may_edit_lab(identity, lab_id, community):
        if identity.token_lab_ids is not None and lab_id not in identity.token_lab_ids:
            raise Forbidden(
                "This token does not name this lab; it writes only to the labs it names."
            )
        raise Forbidden("You are not a member of this lab.")


def require_lab_admin(identity: Identity, lab_id: int) -> None:
    """Refuse deletes to anyone but an administrator whose token (if any) names the lab."""
    require_admin(identity)
    require_lab_editor(identity, lab_id, community=False)
