"""The import report as the terminal shows it: a table per file, reasons under each, counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from app.services.interop.reports import REFUSED, FileOutcome, ImportReport

COLUMNS = (("FILE", 44), ("STATUS", 22), ("RELEASE", 40), ("CLAIM", 0))


def print_report(report: ImportReport) -> None:
    """Print one line per file, its warnings or reasons beneath, shared releases, counts."""
    if report.files:
        click.echo(_row([name for name, _ in COLUMNS]))
    for outcome in report.files:
        click.echo(_row([outcome.name, outcome.status, outcome.target or "-", _claim(outcome)]))
        _details(outcome)
    shared = report.shared()
    if shared:
        click.echo("Files sharing a release (each file keeps its own claim):")
        for group in shared:
            files = ", ".join(f"{name} ({why})" for name, why in group.files)
            click.echo(f"  {group.target}: {files}")
    click.echo(report.summary())


def _row(cells: list[str]) -> str:
    parts = [
        cell if width == 0 else cell[: width - 1].ljust(width)
        for cell, (_, width) in zip(cells, COLUMNS, strict=True)
    ]
    return "".join(parts).rstrip()


def _claim(outcome: FileOutcome) -> str:
    if not outcome.ok:
        return "-"
    words = [f"{outcome.claim} claim", outcome.matched_by or "", f"{outcome.artifacts} artifact(s)"]
    if outcome.check_run_id:
        words.append(f"check #{outcome.check_run_id} requested")
    return ", ".join(w for w in words if w)


def _details(outcome: FileOutcome) -> None:
    label, problems = (
        ("refused", outcome.errors) if outcome.status == REFUSED else ("warning", outcome.warnings)
    )
    for where, messages in sorted(problems.items()):
        for message in messages:
            click.echo(f"  {label} {where}: {message}", err=outcome.status == REFUSED)


def write_json(path: Path | None, data: dict[str, Any]) -> None:
    """Write a report as JSON when asked (`--report FILE`)."""
    if path is None:
        return
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n", "utf-8")
    click.echo(f"Wrote the report to {path}.")
