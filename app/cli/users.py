"""Account commands: `flask --app app registry user create|add-member`."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from app.cli import registry_cli
from app.services import accounts
from app.services.errors import ServiceError
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
    try:
        user = accounts.create_user({"email": email, "password": password, "is_admin": admin})
    except ServiceError as error:
        _fail(error)
    role = "administrator" if user.is_admin else "account"
    click.echo(f"Created {role} {user.email}.")


@user_group.command("add-member")
@click.option("--email", required=True, help="The account to add.")
@click.option("--lab", "lab_slug", required=True, help="The lab's slug.")
def add_member_command(email: str, lab_slug: str) -> None:
    """Let an account edit a lab and submit its releases."""
    try:
        user = accounts.add_member(SYSTEM, lab_slug, {"email": email})
    except ServiceError as error:
        _fail(error)
    click.echo(f"{user.email} is now a member of {lab_slug}.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        # Only the first line: a trailing newline from `echo` is not part of the password.
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


def _fail(error: ServiceError) -> NoReturn:
    field = getattr(error, "field", None) or "error"
    errors = getattr(error, "errors", None) or {field: [str(error)]}
    for field, messages in sorted(errors.items()):
        for message in messages:
            click.echo(f"{field}: {message}", err=True)
    raise click.exceptions.Exit(1)
