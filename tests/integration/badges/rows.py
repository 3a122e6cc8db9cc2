"""Releases in a given checked state, scored through the real scoring path."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from app.models import Lab, Release, utcnow
from app.services.scores import rescore_lab, rescore_release
from app.services.unit_of_work import unit_of_work
from registry.model import Pillar, Verdict
from tests.factories import make_release

ARTIFACTS: Mapping[Pillar, dict[str, str]] = {
    Pillar.WEIGHTS: {"pillar": "weights", "kind": "hf_model", "locator": "org/model"},
    Pillar.CODE: {"pillar": "code", "kind": "git", "locator": "https://github.com/org/train"},
    Pillar.DATA: {"pillar": "data", "kind": "hf_dataset", "locator": "org/data"},
}
ALL_OPEN = {p: Verdict.OPEN for p in Pillar}
LONG_AGO = timedelta(days=365)


def checked_release(
    lab: Lab | None = None,
    verdicts: Mapping[Pillar, Verdict] = ALL_OPEN,
    checked_at: datetime | None = None,
    failed: bool = False,
    **overrides: Any,
) -> Release:
    """Create a release declaring one artifact per pillar in `verdicts`, as a check left it."""
    release = make_release(lab, artifacts=[ARTIFACTS[p] for p in verdicts], **overrides)
    set_check_outcome(release, verdicts, checked_at or utcnow(), failed)
    return release


def set_check_outcome(
    release: Release, verdicts: Mapping[Pillar, Verdict], checked_at: datetime, failed: bool
) -> None:
    """Record what a check concluded, rescoring the release and its lab."""
    with unit_of_work():
        for artifact in release.artifacts:
            artifact.verdict = verdicts[Pillar(artifact.pillar)].value
        release.last_checked_at = checked_at
        release.last_check_failed = failed
        rescore_release(release)
        rescore_lab(release.lab)


def paths(release: Release) -> dict[str, str]:
    """Return the badge paths of a release (without extension)."""
    base = f"/badges/{release.lab.slug}/{release.slug}"
    return {"lab": f"/badges/{release.lab.slug}", "release": base, "weights": f"{base}/weights"}
