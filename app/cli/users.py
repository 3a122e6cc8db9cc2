"""Account commands: `flask --app app registry user create|add-member`.

A refused account or membership ends as one line (app.cli.errors).
"""

from __future__ import annotations

import sys

import click

from app.cli import registry_cli
from app.services import accounts
from app.services.identity import SYSTEM


@registry_cli.group("user")
def user_group() -> None:
    """Manage accounts."""


@user_group.command("create")
@click.option("--email", required=True, help="The account's email address.")
@click.option("--admin", is_flag=True, help="Make the account an administrator.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
def create_user_command(email: str, admin: bool, password_stdin: bool) -> None:
    """Create an account; the password is prompted for unless --password-stdin is given."""
    password = _read_password(password_stdin)
    user = accounts.create_user({"email": email, "password": password, "is_admin": admin})
    role = "administrator" if user.is_admin else "account"
    click.echo(f"Created {role} {user.email}.")


@user_group.command("add-member")
@click.option("--email", required=True, help="The account to add.")
@click.option("--lab", "lab_slug", required=True, help="The lab's slug.")
def add_member_command(email: str, lab_slug: str) -> None:
    """Let an account edit a lab and submit its releases."""
    user = accounts.add_member(SYSTEM, lab_slug, {"email": email})
    click.echo(f"{user.email} is now a member of {lab_slug}.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        # Only the first line: a trailing newline from `echo` is not part of the password.
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
