"""Seed the catalogue from a releases file: all-or-nothing, idempotent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select

from app.extensions import db
from app.models import Lab, Release
from app.services.catalogue import add_release
from app.services.errors import InvalidInput
from app.services.unit_of_work import unit_of_work
from schemas.catalogue import CatalogueSchema
from schemas.fields import error_messages, flatten_errors


@dataclass(frozen=True)
class SeedReport:
    """How many labs and releases a seed added, and how many were already there."""

    labs_added: int
    releases_added: int
    releases_present: int


def default_catalogue() -> Path:
    """Return the path of the catalogue file shipped with the package."""
    return Path(str(resources.files("registry") / "data" / "releases.json"))


def read_catalogue(path: Path) -> dict[str, Any]:
    """Parse and validate a catalogue file; raise InvalidInput listing every problem by path."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise InvalidInput({"file": [f"No such file: {path}"]}) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput({"file": [f"Not valid JSON: {error}"]}) from error
    try:
        loaded: dict[str, Any] = CatalogueSchema().load(raw)
    except ValidationError as error:
        raise InvalidInput(flatten_errors(error_messages(error))) from error
    return loaded


def seed_catalogue(path: Path | None = None) -> SeedReport:
    """Add the labs and releases of a catalogue that are not in the database yet."""
    catalogue = read_catalogue(path or default_catalogue())
    with unit_of_work():
        labs = {lab.slug: lab for lab in db.session.scalars(select(Lab))}
        labs_added = _add_missing_labs(labs, catalogue["labs"])
        existing = {
            (lab_slug, slug)
            for lab_slug, slug in db.session.execute(
                select(Lab.slug, Release.slug).join(Release.lab)
            )
        }
        added = 0
        for release in catalogue["releases"]:
            if (release["lab"], release["slug"]) not in existing:
                add_release(labs[release["lab"]], release)
                added += 1
    return SeedReport(labs_added, added, len(catalogue["releases"]) - added)


def _add_missing_labs(labs: dict[str, Lab], items: list[dict[str, Any]]) -> int:
    added = 0
    for item in items:
        if item["slug"] not in labs:
            lab = Lab(**item, tier_counts={})
            db.session.add(lab)
            labs[item["slug"]] = lab
            added += 1
    db.session.flush()
    return added
