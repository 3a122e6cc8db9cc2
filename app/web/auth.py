"""Signing in and out, the current identity, and a lab's members."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_login import UserMixin, current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from app.extensions import limiter, login_manager
from app.services import accounts
from app.services.errors import Conflict, InvalidInput, NotFound
from app.services.identity import Identity
from app.web import bp
from app.web.forms.accounts import MemberForm, SignInForm

login_manager.login_view = "web.login"
login_manager.login_message = "Sign in to submit labs and releases."
login_manager.login_message_category = "info"


class SignedInUser(UserMixin):
    """The account behind a session, as Flask-Login wants it."""

    def __init__(self, user: accounts.Account) -> None:
        self.user = user
        self.id = user.id
        self.email = user.email
        self.is_admin = user.is_admin


@login_manager.user_loader
def load_user(user_id: str) -> SignedInUser | None:
    """Return the signed-in account for a session's user id."""
    user = accounts.get_user(int(user_id)) if user_id.isdigit() else None
    return SignedInUser(user) if user is not None else None


@bp.before_app_request
def forget_previous_identity() -> None:
    """Start each request with no cached user or identity.

    Both are cached on `g`, which lives on the app context; a request reuses an app context
    that is already pushed (tests, CLI helpers), so a previous request's user would leak in.
    """
    g.pop("identity", None)
    g.pop("_login_user", None)  # Flask-Login's cache of the session's user


def current_identity() -> Identity:
    """Return the identity of whoever sent this request (once per request)."""
    if "identity" not in g:
        user = current_user.user if current_user.is_authenticated else None
        g.identity = accounts.identity_for(user)
    identity: Identity = g.identity
    return identity


@bp.app_context_processor
def inject_identity() -> dict[str, object]:
    """Let every template know who is looking."""
    return {"identity": current_identity()}


def _login_limit() -> str:
    return str(current_app.config["REGISTRY_LOGIN_RATE_LIMIT"])


def safe_next(target: str | None) -> str:
    """Return `target` when it is a path on this site, else the home page (no open redirect)."""
    if not target:
        return url_for("web.leaderboard")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("web.leaderboard")
    if "\\" in target:
        return url_for("web.leaderboard")
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> str | Response | tuple[str, int]:
    """Show the sign-in form; sign in on a matching email and password."""
    form = SignInForm(next=request.args.get("next", ""))
    if not form.is_submitted():
        return render_template("login.html", form=form)
    try:
        user = accounts.authenticate({"email": form.email.data, "password": form.password.data})
    except InvalidInput as error:
        form.apply_errors(error.errors)
        return render_template("login.html", form=form), 422
    if user is None:
        form.general_errors.append("Wrong email or password.")
        return render_template("login.html", form=form), 401
    login_user(SignedInUser(user))
    flash(f"Signed in as {user.email}.", "success")
    return redirect(safe_next(form.next.data))


@bp.post("/logout")
def logout() -> Response:
    """Sign out (a POST with a CSRF token, so another site cannot sign you out)."""
    logout_user()
    flash("Signed out.", "success")
    return redirect(url_for("web.leaderboard"))


@bp.post("/labs/<lab>/members")
@login_required
def add_member(lab: str) -> Response | tuple[str, int]:
    """Add an existing account to a lab (members and administrators only)."""
    form = MemberForm()
    try:
        user = accounts.add_member(current_identity(), lab, {"email": form.email.data or ""})
    except (InvalidInput, NotFound, Conflict) as error:
        message = "; ".join(m for ms in getattr(error, "errors", {}).values() for m in ms)
        flash(message or str(error), "error")
    else:
        flash(f"{user.email} is now a member of this lab.", "success")
    return redirect(url_for("web.lab_page", lab=lab) + "#members")
