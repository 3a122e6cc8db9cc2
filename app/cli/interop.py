"""Interop commands: import MOF and OSAI files, export the catalogue, load an export."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from app.cli import registry_cli
from app.services import interop
from app.services.errors import Conflict, InvalidInput
from app.services.identity import SYSTEM

YAML_SUFFIXES = (".yml", ".yaml")


@registry_cli.group("import")
def import_group() -> None:
    """Import model files from the openness indexes (MOF, OSAI)."""


def _import_command(source: str, help_text: str) -> None:
    @import_group.command(source, help=help_text)
    @click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
    def command(paths: tuple[Path, ...]) -> None:
        files = list(_yaml_files(paths))
        if not files:
            raise click.UsageError("No .yml or .yaml files found in the paths given.")
        with click.progressbar(files, label=f"Importing {len(files)} file(s)", file=None) as bar:
            report = interop.import_files(SYSTEM, source, ((str(p), p.read_bytes()) for p in bar))
        _print_report(report)
        if report.failed:
            raise click.exceptions.Exit(1)


_import_command(
    "mof",
    "Import MOF 1.0 model files (files or folders): labs, releases, artifacts and claims.",
)
_import_command(
    "osai",
    "Import European Open Source AI Index entries (files or folders) as claims on releases.",
)


def _yaml_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.suffix.lower() in YAML_SUFFIXES)
        else:
            yield path


def _print_report(report: interop.ImportReport) -> None:
    for outcome in report.files:
        if outcome.ok:
            what = "new release" if outcome.created else "claim on an existing release"
            run = f", check #{outcome.check_run_id} requested" if outcome.check_run_id else ""
            click.echo(
                f"imported {outcome.name}: {outcome.lab}/{outcome.release} ({what}, "
                f"{outcome.artifacts} artifact(s){run})"
            )
            continue
        click.echo(f"FAILED   {outcome.name}:", err=True)
        for where, messages in sorted(outcome.errors.items()):
            for message in messages:
                click.echo(f"  {where}: {message}", err=True)
    summary = f"Imported {len(report.imported)} of {len(report.files)} file(s)."
    if report.failed:
        summary += " Failed: " + ", ".join(f.name for f in report.failed) + "."
    click.echo(summary)


@registry_cli.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option(
    "--out", type=click.Path(path_type=Path), help="File (json) or folder (csv); default: stdout."
)
@click.option("--table", type=click.Choice(interop.CSV_TABLES), help="With csv: only this table.")
def export_command(fmt: str, out: Path | None, table: str | None) -> None:
    """Export the catalogue: JSON (everything, loadable with import-export) or CSV per table."""
    if fmt == "json":
        _write(out, interop.export_json())
        return
    tables = (table,) if table else interop.CSV_TABLES
    if out is None:
        if len(tables) > 1:
            raise click.UsageError(
                "CSV to stdout needs --table; or give --out FOLDER for every table."
            )
        click.echo(interop.export_csv(tables[0]), nl=False)
        return
    out.mkdir(parents=True, exist_ok=True)
    for name in tables:
        (out / f"{name}.csv").write_text(interop.export_csv(name), encoding="utf-8")
    click.echo(f"Wrote {len(tables)} CSV file(s) to {out}.")


def _write(out: Path | None, text: str) -> None:
    if out is None:
        click.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        click.echo(f"Wrote {out}.")


@registry_cli.command("import-export")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_export_command(path: Path) -> None:
    """Load a JSON export into an empty database (ids and history kept; all or nothing)."""
    try:
        counts = interop.import_catalogue(SYSTEM, json.loads(path.read_text(encoding="utf-8")))
    except json.JSONDecodeError as error:
        raise click.ClickException(f"{path} is not JSON: {error}") from error
    except InvalidInput as error:
        for where, messages in sorted(error.errors.items()):
            click.echo(f"{where}: {' '.join(messages)}", err=True)
        raise click.exceptions.Exit(1) from error
    except Conflict as error:
        raise click.ClickException(str(error)) from error
    click.echo("Loaded " + ", ".join(f"{count} {name}" for name, count in counts.items()) + ".")
