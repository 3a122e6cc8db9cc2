"""Interop commands: import MOF and OSAI files, export the catalogue, load an export."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from app.cli import registry_cli
from app.cli.interop_report import print_report, write_json
from app.services import interop
from app.services.errors import Conflict, NotFound
from app.services.identity import SYSTEM
from registry.frameworks.upstream import UPSTREAMS

YAML_SUFFIXES = (".yml", ".yaml")


@registry_cli.group("import")
def import_group() -> None:
    """Import model files from the openness indexes (MOF, OSAI)."""


def _import_command(source: str, help_text: str) -> None:
    @import_group.command(source, help=help_text)
    @click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
    @REPORT_OPTION
    def command(paths: tuple[Path, ...], report_path: Path | None) -> None:
        files = list(_yaml_files(paths))
        if not files:
            raise click.UsageError("No .yml or .yaml files found in the paths given.")
        with click.progressbar(files, label=f"Importing {len(files)} file(s)", file=None) as bar:
            # A claim names the file, never where it sat on this machine.
            report = interop.import_files(SYSTEM, source, ((p.name, p.read_bytes()) for p in bar))
        print_report(report)
        write_json(report_path, report.as_dict())
        if report.failed:
            raise click.exceptions.Exit(1)


REPORT_OPTION = click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also write the report as JSON to this file.",
)
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


@registry_cli.command("sync")
@click.argument("framework", type=click.Choice(sorted(UPSTREAMS)))
@click.option("--ref", help="A branch, tag or commit of the upstream repository (default: head).")
@REPORT_OPTION
def sync_command(framework: str, ref: str | None, report_path: Path | None) -> None:
    """Import the framework's added and changed files from its public git repository."""
    try:
        report = interop.sync_framework(SYSTEM, framework, ref)
    except interop.UpstreamUnavailable as error:
        raise click.ClickException(
            f"{error} Check the repository setting and --ref, then run the sync again."
        ) from error
    click.echo(
        f"Synced {framework} from {report.url} at {report.commit}: {len(report.added)} added, "
        f"{len(report.updated)} updated, {len(report.unchanged)} unchanged, "
        f"{len(report.refused)} refused, {len(report.removed)} removed upstream."
    )
    if report.imports.files:
        print_report(report.imports)
    for path in report.removed:
        click.echo(f"removed upstream: {path} (its claim is kept, marked removed)")
    if report.truncated:
        click.echo("The listing hit the file cap: some files were not read, none marked removed.")
    write_json(report_path, report.as_dict())


@registry_cli.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "aibom"]),
    default="json",
    show_default=True,
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="File (json, one aibom) or folder (csv, every aibom); default: stdout.",
)
@click.option("--table", type=click.Choice(interop.CSV_TABLES), help="With csv: only this table.")
@click.option("--release", "target", help="With aibom: LAB/RELEASE (default: every release).")
def export_command(fmt: str, out: Path | None, table: str | None, target: str | None) -> None:
    """Export the catalogue: JSON, CSV per table, or CycloneDX AI-BOMs of releases."""
    if fmt == "json":
        _write(out, interop.export_json())
        return
    if fmt == "aibom":
        _export_aiboms(out, target)
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


def _export_aiboms(out: Path | None, target: str | None) -> None:
    if target is not None:
        lab, _, release = target.partition("/")
        try:
            _write(out, interop.aibom_json(lab, release))
        except NotFound as error:
            raise click.ClickException(f"{error} Name a release as LAB/RELEASE.") from error
        return
    if out is None:
        raise click.UsageError("Give --release LAB/RELEASE, or --out FOLDER for every release.")
    out.mkdir(parents=True, exist_ok=True)
    pairs = interop.release_slugs()
    for lab, release in pairs:
        (out / f"{lab}--{release}.cdx.json").write_text(
            interop.aibom_json(lab, release) + "\n", encoding="utf-8"
        )
    click.echo(f"Wrote {len(pairs)} AI-BOM(s) to {out}.")


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
    except Conflict as error:
        raise click.ClickException(str(error)) from error
    click.echo("Loaded " + ", ".join(f"{count} {name}" for name, count in counts.items()) + ".")
