"""Lab sweeps: list an organisation's public Hub repositories and register its new releases.

Repositories are grouped into releases by `registry.discovery.variants`; each group not yet
in the catalogue is discovered from its own repository and registered as "discovered, not
confirmed by the lab", with its proposals (provenance kept) and its variants as further
weights artifacts. Nothing existing is touched: a group any of whose repositories is
already an artifact of the catalogue, or whose slug is taken, is reported and skipped, so
a second sweep changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from marshmallow import ValidationError
from sqlalchemy import ColumnElement, func, or_, select, update

from app.extensions import db
from app.models import Artifact, Lab, Release
from app.services import audit, catalogue
from app.services.checks import request_check
from app.services.discovery import ArtifactDraft, ReleaseDraft, discover_release
from app.services.errors import InvalidInput, Unavailable
from app.services.identity import SYSTEM
from app.services.rows import get_lab
from app.services.unit_of_work import unit_of_work
from app.tasks.clients import clients_for
from registry.discovery.variants import ReleaseGroup, Repo, group_releases
from registry.ports import AdapterError
from schemas.fields import suggest_slug
from schemas.release import ReleaseInSchema

log = logging.getLogger(__name__)

MAX_LISTED = 1000  # repositories read per kind and sweep


@dataclass
class SweepOutcome:
    """What one sweep of one organisation found and did, in words for the CLI and logs."""

    org: str
    lab: str
    models: int = 0
    datasets: int = 0
    registered: list[str] = field(default_factory=list)  # release slugs
    skipped: list[str] = field(default_factory=list)  # "<repo>: why"
    planned: list[str] = field(default_factory=list)  # dry run: what would be registered


def sweep_org(org: str, lab_slug: str | None, dry_run: bool = False,
              trigger: str = "cli") -> SweepOutcome:
    """Sweep one Hub organisation into one lab (by slug, or the lab whose hub_org it is)."""
    lab = _lab_for(org, lab_slug)
    outcome = SweepOutcome(org, lab.slug)
    clients = clients_for(current_app)
    lister: Any = clients.hub
    try:
        models = lister.list_repos("model", org, MAX_LISTED)
        outcome.datasets = len(lister.list_repos("dataset", org, MAX_LISTED))
    except AdapterError as error:
        raise Unavailable(f"The Hub did not list {org!r} ({error.kind.value}).") from error
    outcome.models = len(models)
    groups = group_releases(Repo(m.repo_id, m.created_at) for m in models if not m.private)
    for group in groups:
        _sweep_group(lab, group, outcome, dry_run, trigger)
    return outcome


def sweep_due_labs(now: datetime, trigger: str = "schedule") -> list[SweepOutcome]:
    """Sweep the labs that turned on `sweep_hub` and whose last sweep is a cadence old.

    The sweeper calls this on its timer. Each lab's attempt is stamped first, in its own
    transaction, so a Hub that fails is asked again a cadence later, not on every sweep,
    and two sweepers racing on one lab sweep it once (the stamp is a compare-and-set).
    """
    every = timedelta(hours=float(current_app.config["REGISTRY_LAB_SWEEP_EVERY_HOURS"]))
    due_before = now - every
    outcomes = []
    for lab_id, slug, org in _due_labs(due_before):
        if not _claim(lab_id, due_before, now):
            continue
        try:
            outcomes.append(sweep_org(org, slug, trigger=trigger))
        except (Unavailable, InvalidInput) as error:
            log.warning("lab sweep failed: %s", error, extra={"lab": slug, "org": org})
    return outcomes


def _due_labs(due_before: datetime) -> list[tuple[int, str, str]]:
    rows = db.session.execute(
        select(Lab.id, Lab.slug, Lab.hub_org)
        .where(Lab.sweep_hub.is_(True), Lab.hub_org.is_not(None), _due(due_before))
        .order_by(Lab.hub_swept_at.is_not(None), Lab.hub_swept_at, Lab.id)
    ).all()
    return [(lab_id, slug, str(org)) for lab_id, slug, org in rows]


def _due(due_before: datetime) -> ColumnElement[bool]:
    return or_(Lab.hub_swept_at.is_(None), Lab.hub_swept_at <= due_before)


def _claim(lab_id: int, due_before: datetime, now: datetime) -> bool:
    with unit_of_work():
        claimed = db.session.execute(
            update(Lab).where(Lab.id == lab_id, _due(due_before)).values(hub_swept_at=now)
        )
    return bool(getattr(claimed, "rowcount", 0))


def _lab_for(org: str, lab_slug: str | None) -> Lab:
    if lab_slug:
        return get_lab(lab_slug)
    lab = db.session.scalar(select(Lab).where(func.lower(Lab.hub_org) == org.lower()))
    if lab is None:
        raise InvalidInput({"lab": [f"No lab has hub_org {org!r}: pass --lab SLUG."]})
    return lab


def _sweep_group(
    lab: Lab, group: ReleaseGroup, outcome: SweepOutcome, dry_run: bool, trigger: str
) -> None:
    members = [group.main, *group.variants]
    known = _known_repos([m.repo_id for m in members])
    if known:
        outcome.skipped.append(f"{group.main.repo_id}: already in the catalogue ({known[0]})")
        return
    try:
        draft = _with_variants(discover_release(group.main.repo_id).draft, group)
        data = ReleaseInSchema().load(draft)
    except (InvalidInput, Unavailable, ValidationError) as error:
        outcome.skipped.append(f"{group.main.repo_id}: {_why(error)}")
        return
    if _slug_taken(lab, draft["slug"]):
        outcome.skipped.append(f"{group.main.repo_id}: slug {draft['slug']!r} is taken")
        return
    if dry_run:
        outcome.planned.append(_plan_line(draft, group))
        return
    _register(lab, data, trigger)
    outcome.registered.append(draft["slug"])


def _why(error: Exception) -> str:
    messages = getattr(error, "errors", None) or getattr(error, "messages", None)
    return str(messages) if messages else str(error)


def _known_repos(repo_ids: list[str]) -> list[str]:
    lowered = [r.lower() for r in repo_ids]
    return list(db.session.scalars(
        select(Artifact.locator).where(
            Artifact.kind == "hf_model", func.lower(Artifact.locator).in_(lowered)
        ).limit(1)
    ))


def _slug_taken(lab: Lab, slug: str) -> bool:
    return db.session.scalar(
        select(Release.id).where(Release.lab_id == lab.id, Release.slug == slug)
    ) is not None


def _with_variants(draft: ReleaseDraft, group: ReleaseGroup) -> ReleaseDraft:
    variants: list[ArtifactDraft] = [
        {
            "pillar": "weights",
            "kind": "hf_model",
            "locator": repo.repo_id,
            "declared_licence": None,
            "entrypoint": None,
            "provenance": {
                "source": f"lab sweep: a variant of {group.main.repo_id}",
                "confidence": "high",
                "rank": None,
                "judged": [f"its name is {group.key!r} plus {', '.join(group.dropped(repo))}"],
            },
        }
        for repo in group.variants
    ]
    # The release is the group, so its slug is the group's name, not its first repository's
    # ("olmo-7b-0724" for OLMo-7B-0724-hf and its Instruct, not "olmo-7b-0724-hf").
    slug = suggest_slug(group.key) or draft["slug"]
    return {**draft, "slug": slug, "artifacts": [*draft["artifacts"], *variants]}


def _plan_line(draft: ReleaseDraft, group: ReleaseGroup) -> str:
    kinds = ", ".join(f"{a['pillar']} {a['locator']}" for a in draft["artifacts"])
    return f"{draft['slug']} from {group.main.repo_id}: {kinds}"


def _register(lab: Lab, data: dict[str, Any], trigger: str) -> None:
    with unit_of_work():
        release = catalogue.add_release(lab, data)
        release.discovered = True
        audit.record_write(SYSTEM, "release.discover", lab, release)
    request_check(release, trigger=trigger)
