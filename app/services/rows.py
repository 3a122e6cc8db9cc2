"""Rows by their slugs, or NotFound: where every use case, read or write, starts.

These return ORM rows, for services only: views receive the typed views that
`lab_reads`, `release_reads` and `run_reads` build from them (read_models.py).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from app.extensions import db
from app.models import Artifact, Lab, Release
from app.services.errors import NotFound


def get_lab(slug: str) -> Lab:
    """Return a lab row or raise NotFound."""
    lab = db.session.scalar(select(Lab).where(Lab.slug == slug))
    if lab is None:
        raise NotFound(f"No lab {slug!r}.")
    return lab


def get_release(lab_slug: str, release_slug: str) -> Release:
    """Return a release row (with its lab) or raise NotFound."""
    release = db.session.scalar(
        select(Release)
        .join(Release.lab)
        .where(Lab.slug == lab_slug, Release.slug == release_slug)
        .options(
            contains_eager(Release.lab),  # from the join: no second query for the lab
            selectinload(Release.artifacts).selectinload(Artifact.good_evidence),
        )
    )
    if release is None:
        raise NotFound(f"No release {release_slug!r} in lab {lab_slug!r}.")
    return release


def releases_of(lab: Lab) -> list[Release]:
    """Return a lab's releases by slug, in one SELECT however the session holds the lab."""
    # Not `lab.releases`: whether that loads depends on what the session still holds, so a
    # page's statement count would too (tests/integration/test_query_counts.py).
    return list(
        db.session.scalars(
            select(Release).where(Release.lab_id == lab.id).order_by(Release.slug, Release.id)
        )
    )

