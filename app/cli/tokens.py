"""Token commands: `flask --app app registry token create|list|revoke`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.cli import registry_cli
from app.services import tokens
from app.services.errors import ServiceError

token_cli = AppGroup("token", help="API tokens for submitting through the JSON API.")
registry_cli.add_command(token_cli)


@token_cli.command("create")
@click.option("--name", required=True, help="Who or what uses the token, e.g. 'allenai-ci'.")
@click.option(
    "--scope",
    type=click.Choice(sorted(tokens.SCOPES)),
    default="submit",
    show_default=True,
    help="submit: create and update labs and releases; admin: also delete.",
)
def create_command(name: str, scope: str) -> None:
    """Create a token and print it once (only its hash is kept)."""
    try:
        new = tokens.create_token(name, scope)
    except ServiceError as error:
        raise click.UsageError(_describe(error)) from error
    click.echo(new.secret)
    click.echo(
        f"Token {new.id} ({new.name}, scope {new.scope}). Store it now: it cannot be shown "
        "again. Send it as 'Authorization: Bearer <token>'.",
        err=True,
    )


@token_cli.command("list")
def list_command() -> None:
    """List tokens: id, name, scope, created, last used, revoked."""
    rows = tokens.list_tokens()
    if not rows:
        click.echo("No tokens.")
        return
    click.echo("id\tname\tscope\tcreated\tlast used\trevoked")
    for row in rows:
        click.echo(
            "\t".join(
                [str(row.id), row.name, row.scope, _when(row.created_at),
                 _when(row.last_used_at), _when(row.revoked_at)]
            )
        )


@token_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_command(token_id: int) -> None:
    """Revoke a token by its id (see `token list`); it stops working at once."""
    try:
        row = tokens.revoke_token(token_id)
    except ServiceError as error:
        raise click.ClickException(_describe(error)) from error
    click.echo(f"Revoked token {row.id} ({row.name}).")


def _when(value: object) -> str:
    return value.isoformat(timespec="seconds") if value is not None else "-"  # type: ignore[attr-defined]


def _describe(error: ServiceError) -> str:
    details = getattr(error, "errors", None)
    if details:
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in details.items())
    return str(error)
