"""Catalogue commands: seed the database and serve the registry."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask_migrate import upgrade

from app.cli import registry_cli
from app.services.lab_reads import catalogue_is_empty
from app.services.seeding import seed_catalogue


@registry_cli.command("seed")
@click.option("--file", "path", type=click.Path(path_type=Path), help="Catalogue JSON file.")
def seed_command(path: Path | None) -> None:
    """Add the catalogue's labs and releases that are missing (all or nothing)."""
    report = seed_catalogue(path)  # a bad file ends as one line (app.cli.errors)
    click.echo(
        f"Seeded {report.labs_added} labs and {report.releases_added} releases "
        f"({report.releases_present} already present)."
    )


@registry_cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--offline", is_flag=True, help="Check against the loopback stand-ins.")
def serve_command(host: str, port: int, offline: bool) -> None:
    """Migrate the database, seed it when empty, and serve the registry."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    if current_app.config["REGISTRY_SEED_ON_START"] and catalogue_is_empty():
        seed_catalogue()
        click.echo("Seeded the catalogue of real releases.")
    from app.cli.checks import start_serving_checks  # offline stand-ins, background sweeps

    start_serving_checks(offline)
    click.echo(f"Serving on http://{host}:{port}/")
    # Flask ignores app.run() inside a `flask` command, so serve through Werkzeug directly.
    from werkzeug.serving import run_simple

    # current_app is annotated as Flask, yet is the LocalProxy in front of it: unwrap it.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    run_simple(host, port, app, threaded=True)
