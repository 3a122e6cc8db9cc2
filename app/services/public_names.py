"""Public names: a lab or release written as its lab or the Hub writes it, resolved to slugs.

People type `Llama-3.1-8B` or copy `meta-llama/Llama-3.1-8B` from the Hub; the registry's
URLs use slugs (`llama-3-1-8b`). A name that is not a slug is matched, in this order, to
the lab or release whose slug it becomes once lower-cased with punctuation turned into
hyphens, whose own name becomes the same, or (for a lab) whose Hub organisation it is and
(for a release) whose Hub repository it names. Only names that are not valid slugs are
looked up, so a URL already written in slugs costs no query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.models import Artifact, Lab, Release
from schemas.fields import SLUG_RE, suggest_slug, validate_hub_dataset_id
from schemas.patterns import SLUG_MAX


@dataclass(frozen=True)
class Slugs:
    """The slugs a public lab (and release) name stands for."""

    lab: str
    release: str | None = None


def is_slug(name: str) -> bool:
    """Return True when `name` is already written as a slug."""
    return len(name) <= SLUG_MAX and SLUG_RE.fullmatch(name) is not None


def may_be_public_name(name: str) -> bool:
    """Return True for a name worth looking up: Hub-shaped, and a slug once normalised.

    Anything else (a NUL, a 300-character string, an over-long slug) is refused with no
    query, as before: badges are fetched often and by anyone.
    """
    if is_slug(name) or not validate_hub_dataset_id.matches(name):
        return False
    return len("-".join(re.findall(r"[a-z0-9]+", name.lower()))) <= SLUG_MAX


def resolve(lab: str, release: str | None = None) -> Slugs | None:
    """Return the slugs the names stand for; None when one is unknown or nothing changes."""
    lab_row = _lab(lab)
    if lab_row is None:
        return None
    release_slug = None
    if release is not None:
        release_slug = release if is_slug(release) else _release_slug(lab_row, release)
        if release_slug is None:
            return None
    if lab_row.slug == lab and release_slug == release:
        return None
    return Slugs(lab_row.slug, release_slug)


def _lab(name: str) -> Lab | None:
    # A lab's Hub organisation is often a valid slug of its own (`meta-llama` for `meta`).
    found = db.session.scalar(select(Lab).where(Lab.slug == suggest_slug(name)))
    if found is not None:
        return found
    return db.session.scalars(
        select(Lab).where(func.lower(Lab.hub_org) == name.lower()).order_by(Lab.id)
    ).first()


def _release_slug(lab: Lab, name: str) -> str | None:
    wanted = suggest_slug(name)
    rows = db.session.execute(
        select(Release.slug, Release.name).where(Release.lab_id == lab.id).order_by(Release.id)
    ).all()
    for slug, release_name in rows:
        if wanted in (slug, suggest_slug(release_name)):
            return str(slug)
    # A Hub repository's name, as copied from its URL (case as the Hub shows it or not).
    return db.session.scalars(
        select(Release.slug)
        .join(Artifact, Artifact.release_id == Release.id)
        .where(Release.lab_id == lab.id, Artifact.pillar == "weights")
        .where(func.lower(Artifact.locator).like(f"%/{_escaped(name.lower())}", escape="\\"))
        .order_by(Release.id)
    ).first()


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
