"""Run the right checker for each artifact of a release, and cheaply ask what changed.

The app layer persists results and schedules jobs; this module only verifies.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from registry.checks import CheckerRegistry, default_registry
from registry.model import ArtifactKind, ArtifactRef, CheckResult, Pillar, Verdict
from registry.ports import Clients, RepoType

# Hub artifact kinds -> the repository type the Hub API calls them.
HUB_REPO_TYPES: dict[ArtifactKind, RepoType] = {
    ArtifactKind.HF_MODEL: "model",
    ArtifactKind.HF_DATASET: "dataset",
}


def check_release(
    artifacts: Iterable[ArtifactRef],
    clients: Clients,
    now: datetime | None = None,
    registry: CheckerRegistry | None = None,
) -> list[CheckResult]:
    """Check every artifact with the checker for its kind; results keep the input order."""
    checked_at = now or datetime.now(UTC)
    checkers = registry or default_registry()
    return [checkers.for_kind(a.kind).run(a, clients, checked_at) for a in artifacts]


def current_revision(artifact: ArtifactRef, clients: Clients) -> str | None:
    """Return the artifact's current revision (Hub sha, git head), None when it has none.

    One cheap call, so a scheduler can record "unchanged" without listing trees. Raises
    `AdapterError` when the source cannot be reached. URLs have no revision.
    """
    repo_type = HUB_REPO_TYPES.get(artifact.kind)
    if repo_type is not None:
        return clients.hub.repo_info(repo_type, artifact.locator).sha
    if artifact.kind is ArtifactKind.GIT:
        return clients.git.remote_head(artifact.locator).commit
    return None


def verdicts_by_pillar(results: Iterable[CheckResult]) -> dict[Pillar, list[Verdict]]:
    """Group result verdicts by pillar, the shape `registry.scoring.score_release` takes."""
    grouped: dict[Pillar, list[Verdict]] = {p: [] for p in Pillar}
    for result in results:
        grouped[result.artifact.pillar].append(result.verdict)
    return grouped
