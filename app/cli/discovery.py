"""`flask registry discover --org ORG [--lab SLUG] [--dry-run]`: sweep a lab's Hub organisation."""

from __future__ import annotations

import click

from app.cli import registry_cli
from app.services.sweeps import SweepOutcome, sweep_org


@registry_cli.command("discover")
@click.option("--org", required=True, help="The Hub organisation, as in huggingface.co/ORG.")
@click.option("--lab", "lab_slug", help="The lab to register into (default: hub_org = ORG).")
@click.option("--dry-run", is_flag=True, help="Say what would be registered; write nothing.")
def discover_command(org: str, lab_slug: str | None, dry_run: bool) -> None:
    """Register the organisation's new releases as discovered, not confirmed by the lab."""
    outcome = sweep_org(org, lab_slug, dry_run=dry_run)  # errors: one line (app.cli.errors)
    _report(outcome, dry_run)


def _report(outcome: SweepOutcome, dry_run: bool) -> None:
    click.echo(
        f"{outcome.org}: {outcome.models} models and {outcome.datasets} datasets listed "
        f"for lab {outcome.lab}."
    )
    for line in outcome.planned:
        click.echo(f"would register {line}")
    for slug in outcome.registered:
        click.echo(f"registered {slug} (discovered, not confirmed by the lab)")
    for line in outcome.skipped:
        click.echo(f"skipped {line}")
    verb = "would be registered" if dry_run else "registered"
    count = len(outcome.planned if dry_run else outcome.registered)
    click.echo(f"{count} new releases {verb}, {len(outcome.skipped)} skipped.")
