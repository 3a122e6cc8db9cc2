"""Where an imported file's claim goes: a release we have, or a new one under the right lab.

Rules, in order (the first that holds wins, and the report says which):
1. the same Hub weights are the same release, whatever name the other index gives it;
2. the same lab and the same name (case, spaces, hyphens and underscores aside);
3. otherwise a new release. Its slug spells "+" as "plus" (Command R+ is command-r-plus,
   not Command R's command-r), and when two distinct names would still share a slug
   (Qwen2.5 and Qwen2-5) the later one gets -2, -3...: distinct names never collide.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import func, or_, select

from app.extensions import db
from app.models import Artifact, Lab, Release
from app.services.catalogue import add_release
from app.services.errors import InvalidInput
from registry.model import ArtifactKind, ArtifactRef, Pillar
from schemas.fields import error_messages, flatten_errors
from schemas.lab import LabInSchema
from schemas.patterns import SLUG_MAX
from schemas.release import ReleaseInSchema

NEW_RELEASE = "new release"
SAME_NAME = "same lab and name"
# Characters that carry meaning in model names and would vanish from a plain slug.
SPELLED_OUT = {"+": " plus "}
NAME_TOKEN = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")


@dataclass(frozen=True)
class Placement:
    """The release a file's claim goes on, whether we created it, and why it was chosen."""

    release: Release
    created: bool
    why: str


def name_key(name: str) -> str:
    """Return what makes two release names the same: 'OLMo 7B' and 'olmo-7b' are."""
    text = name.casefold()
    for char, words in SPELLED_OUT.items():
        text = text.replace(char, words)
    return "-".join(NAME_TOKEN.findall(text))


def slug_for(name: str) -> str:
    """Return the slug a name suggests: 'Command R+' -> 'command-r-plus'."""
    return name_key(name).replace(".", "-")[:SLUG_MAX].strip("-")


def fallback_slug(prefix: str, name: str) -> str:
    """Return a stable slug for a name with no letters or digits we can use (e.g. 智谱)."""
    return f"{prefix}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


def place(
    lab_name: str, lab_field: str, release_name: str, artifacts: Iterable[ArtifactRef]
) -> Placement:
    """Return the release a file describes: one we have, or a new one (flushed, no commit)."""
    refs = list(artifacts)
    known = _by_weights(refs)
    if known is not None:
        return Placement(known[0], False, f"same Hub weights {known[1]}")
    lab = lab_for(lab_name, lab_field)
    key = name_key(release_name)
    same = next((r for r in lab.releases if name_key(r.name) == key), None)
    if same is not None:
        return Placement(same, False, SAME_NAME)
    slug = _free_slug(lab, slug_for(release_name) or fallback_slug("release", release_name))
    return Placement(add_release(lab, _release_input(release_name, slug, refs)), True, NEW_RELEASE)


def _by_weights(artifacts: list[ArtifactRef]) -> tuple[Release, str] | None:
    repo_ids = {a.locator.lower(): a.locator for a in artifacts if a.kind is ArtifactKind.HF_MODEL}
    if not repo_ids:
        return None
    row = db.session.execute(
        select(Release, Artifact.locator)
        .join(Artifact, Artifact.release_id == Release.id)
        .where(
            Artifact.pillar == Pillar.WEIGHTS.value,
            Artifact.kind == ArtifactKind.HF_MODEL.value,
            func.lower(Artifact.locator).in_(list(repo_ids)),
        )
        .order_by(Release.id)
        .limit(1)
    ).first()
    return None if row is None else (row[0], row[1])


def _free_slug(lab: Lab, slug: str) -> str:
    taken = {r.slug for r in lab.releases}
    if slug not in taken:
        return slug
    number = 2
    while f"{slug[: SLUG_MAX - 4]}-{number}" in taken:
        number += 1
    return f"{slug[: SLUG_MAX - 4]}-{number}"


def lab_for(lab_name: str, lab_field: str) -> Lab:
    """Return the lab filed under this name (by slug or name), creating it when new."""
    name = lab_name.strip()
    slug = slug_for(name) or fallback_slug("lab", name)
    lab = db.session.scalar(
        select(Lab)
        .where(or_(Lab.slug == slug, func.lower(Lab.name) == name.lower()))
        .order_by(Lab.id)
        .limit(1)
    )
    if lab is not None:
        return lab
    values = load_valid(LabInSchema(), {"slug": slug, "name": name}, lab_field)
    lab = Lab(**values, tier_counts={})
    db.session.add(lab)
    db.session.flush()
    return lab


def _release_input(name: str, slug: str, artifacts: list[ArtifactRef]) -> dict[str, Any]:
    data = {
        "slug": slug,
        "name": name.strip(),
        "artifacts": [
            {
                "pillar": a.pillar.value,
                "kind": a.kind.value,
                "locator": a.locator,
                "declared_licence": a.declared_licence,
            }
            for a in artifacts
        ],
    }
    return load_valid(ReleaseInSchema(), data, "release")


def load_valid(schema: Any, data: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Load what a file becomes through the lab or release schema; refuse it by field."""
    try:
        return dict(schema.load(dict(data)))
    except ValidationError as error:
        flat = flatten_errors(error_messages(error))
        raise InvalidInput({f"{where} ({key})": msgs for key, msgs in flat.items()}) from error
