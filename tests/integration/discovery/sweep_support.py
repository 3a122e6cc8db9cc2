"""What the sweep tests share: a stand-in organisation served beside the packaged snapshots,
the app settings that point at it, and a snapshot of the catalogue to compare sweeps by."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import yaml
from sqlalchemy import func, select

import standins
from app.extensions import db
from app.models import Artifact, CheckRun
from standins import StandIns


@contextmanager
def serving_org(folder: Path, models: Mapping[str, Mapping[str, object]]) -> Iterator[StandIns]:
    """Serve the packaged snapshots plus these model manifests (by repo id), written to folder."""
    for repo_id, manifest in models.items():
        path = Path(folder, "hub", "models", repo_id + ".yml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(dict(manifest)))
    with standins.start([standins.PACKAGED_SNAPSHOTS, folder]) as running:
        yield running


def standin_settings(served: StandIns) -> dict[str, object]:
    """Discovery and checks go to the stand-ins; runs are recorded, not executed."""
    return {
        "REGISTRY_CHECK_EXECUTOR": "manual",
        "REGISTRY_HUB_ENDPOINT": served.hub_endpoint,
        "REGISTRY_URL_REWRITES": dict(served.rewrites),
        "REGISTRY_ALLOW_HOSTS": ["127.0.0.1", "localhost"],
    }


def catalogue_snapshot() -> list[tuple[object, ...]]:
    """Every artifact (release, pillar, locator, verdict) and the number of check runs."""
    rows = db.session.execute(
        select(Artifact.release_id, Artifact.pillar, Artifact.locator, Artifact.verdict)
        .order_by(Artifact.id)
    ).all()
    runs = db.session.scalar(select(func.count()).select_from(CheckRun))
    return [*map(tuple, rows), ("runs", runs)]
