"""Token commands: `flask --app app registry token create|list|revoke`."""

from __future__ import annotations

import re
from datetime import datetime

import click
from flask.cli import AppGroup

from app.cli import registry_cli
from app.services import accounts, tokens
from app.services.errors import ServiceError

token_cli = AppGroup("token", help="Personal API tokens for writing through the JSON API.")
registry_cli.add_command(token_cli)


# The schema's field names, as the options of `token create` that carry them.
OPTIONS = {"name": "--name", "scope": "--scope", "labs": "--lab", "expires_days": "--expires"}


class BadOption(click.ClickException):
    """A usage error said in one line (click's UsageError adds the usage text)."""

    exit_code = 2


@token_cli.command("create")
@click.option("--user", "email", required=True, help="The account the token belongs to.")
@click.option("--name", required=True, help="Who or what uses the token, e.g. 'allenai-ci'.")
@click.option(
    "--lab", "labs", multiple=True,
    help="A lab the token may write to (repeat for more); none: every lab the account may edit.",
)  # fmt: skip
@click.option(
    "--scope",
    type=click.Choice(sorted(tokens.SCOPES)),
    default="submit",
    show_default=True,
    help="submit: create and update labs and releases; admin: also delete (admins only).",
)
@click.option("--expires", "days", type=int, help="Days until the token stops working.")
def create_command(
    email: str, name: str, labs: tuple[str, ...], scope: str, days: int | None
) -> None:
    """Create a token for an account and print it once (only its hash is kept)."""
    user = accounts.find_user(email)
    if user is None:
        raise BadOption(
            f"--user: no account with the email {email!r}; create it with "
            "'registry user create --email EMAIL' first."
        )
    try:
        new = tokens.create_token(
            user.id, {"name": name, "scope": scope, "labs": list(labs), "expires_days": days}
        )
    except ServiceError as error:
        raise BadOption(_describe(error)) from error
    click.echo(new.secret)
    where = ", ".join(new.labs) if new.labs else f"every lab {user.email} may edit"
    until = f", expires {_when(new.expires_at)}" if new.expires_at else ""
    click.echo(
        f"Token {new.id} ({new.name}) for {user.email}, scope {new.scope}, writes to {where}"
        f"{until}. Store it now: it cannot be shown again. Send it as "
        "'Authorization: Bearer <token>'.",
        err=True,
    )


@token_cli.command("list")
@click.option("--user", "email", help="Only this account's tokens.")
def list_command(email: str | None) -> None:
    """List tokens: id, name, owner, scope, labs, created, last used, expires, state."""
    user_id = None
    if email is not None:
        user = accounts.find_user(email)
        if user is None:
            raise BadOption(f"--user: no account with the email {email!r}.")
        user_id = user.id
    rows = tokens.list_tokens(user_id)
    if not rows:
        click.echo("No tokens.")
        return
    click.echo("id\tname\towner\tscope\tlabs\tcreated\tlast used\texpires\tstate")
    for row in rows:
        labs = ",".join(row.labs) if row.labs is not None else "*"
        click.echo("\t".join([
            str(row.id), row.name, row.owner or "-", row.scope, labs or "-",
            _when(row.created_at), _when(row.last_used_at), _when(row.expires_at), row.state,
        ]))  # fmt: skip


@token_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_command(token_id: int) -> None:
    """Revoke a token by its id (see `token list`); it stops working at once."""
    try:
        row = tokens.revoke_token(token_id)
    except ServiceError as error:
        raise click.ClickException(_describe(error)) from error
    click.echo(f"Revoked token {row.id} ({row.name}).")


def _when(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value is not None else "-"


def _describe(error: ServiceError) -> str:
    details = getattr(error, "errors", None)
    if details:
        return "; ".join(f"{_option(field)}: {' '.join(msgs)}" for field, msgs in details.items())
    return str(error)


def _option(field: str) -> str:
    # "labs[0]" is the first --lab; a field the options do not carry keeps its own name.
    return OPTIONS.get(re.split(r"[.\[]", field)[0], field)
