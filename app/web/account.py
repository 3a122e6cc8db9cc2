"""The account page: a signed-in user creates, lists and revokes their own API tokens.

A new token's secret is shown once, in the answer to the form that created it (never
flashed or stored in the session), with caching forbidden; only its hash is kept.
"""

from __future__ import annotations

from typing import Any

from flask import flash, make_response, redirect, render_template, url_for
from flask_login import login_required
from werkzeug.wrappers import Response
from wtforms import SelectChoice, SelectField, StringField

from app.services import tokens
from app.services.errors import InvalidInput, NotFound
from app.services.identity import Identity
from app.web import bp
from app.web.auth import current_identity
from app.web.forms.schema_form import SchemaForm

DEFAULT_EXPIRES_DAYS = "90"


class TokenForm(SchemaForm):
    """A new token: its name, the labs it is narrowed to, its scope and lifetime."""

    name = StringField("Name", description="Who or what uses it, e.g. allenai-ci")
    labs = StringField(
        "Labs",
        description="Optional: the slugs of the labs it may write to, separated by spaces "
        "or commas; blank: every lab you may edit",
    )
    scope = SelectField(
        "Scope", choices=[SelectChoice("submit", "submit: create and update")],
        validate_choice=False,
    )
    expires_days = StringField(
        "Expires after (days)", default=DEFAULT_EXPIRES_DAYS,
        description="From 1 to 3650; blank: never",
    )  # fmt: skip

    def offer_admin(self, identity: Identity) -> None:
        """Offer admin scope to administrators only."""
        if identity.is_admin:
            self.scope.choices = [*self.scope.choices, SelectChoice("admin", "admin: also delete")]

    def payload(self) -> dict[str, Any]:
        """Return the token as TokenInSchema loads it."""
        return {
            "name": self.name.data or "",
            "labs": self.labs.data or "",
            "scope": self.scope.data or "submit",
            "expires_days": (self.expires_days.data or "").strip(),
        }


@bp.get("/account/tokens")
@login_required
def account_tokens() -> str:
    """List the signed-in account's tokens beside the form that makes a new one."""
    return _page(_form())


@bp.post("/account/tokens")
@login_required
def create_account_token() -> Response | tuple[str, int]:
    """Create a token; show its secret this once."""
    form = _form()
    try:
        new = tokens.create_token(_user_id(), form.payload())
    except InvalidInput as error:
        form.apply_errors(error.errors)
        return _page(form), 422
    page = make_response(_page(_form(fresh=True), new=new))
    page.headers["Cache-Control"] = "no-store"  # the secret must not stay in any cache
    return page


@bp.post("/account/tokens/<int(max=2147483647):token_id>/revoke")
@login_required
def revoke_account_token(token_id: int) -> Response:
    """Revoke one of the signed-in account's tokens (another's is a 404)."""
    try:
        row = tokens.revoke_token(token_id, user_id=_user_id())
    except NotFound:
        flash("No such token among yours.", "error")
    else:
        flash(f"Token “{row.name}” is revoked: it no longer works.", "success")
    return redirect(url_for("web.account_tokens"))


def _user_id() -> int:
    user_id = current_identity().user_id
    assert user_id is not None, "login_required lets only accounts in"
    return user_id


def _form(fresh: bool = False) -> TokenForm:
    form = TokenForm(formdata=None) if fresh else TokenForm()
    form.offer_admin(current_identity())
    return form


def _page(form: TokenForm, new: tokens.NewToken | None = None) -> str:
    return render_template(
        "account_tokens.html", form=form, new=new, rows=tokens.list_tokens(_user_id())
    )
