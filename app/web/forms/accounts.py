"""Account forms: signing in, and adding an account to a lab."""

from __future__ import annotations

from wtforms import EmailField, HiddenField, PasswordField

from app.web.forms.schema_form import SchemaForm


class SignInForm(SchemaForm):
    """Email and password."""

    email = EmailField("Email")
    password = PasswordField("Password")
    next = HiddenField()


class MemberForm(SchemaForm):
    """An account to add to a lab."""

    email = EmailField("Email of the account to add")
