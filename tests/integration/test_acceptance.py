"""Acceptance: every catalogued release, checked for real against the packaged snapshots.

The real checkers run through the real Hub, git and HTTP clients against the loopback
stand-ins serving `standins/snapshots` (public URLs rewritten to them), and the pillar
verdicts they earn must equal each release's `expected` field. This is the only place
`expected` is read: the checkers see nothing but the declared artifacts.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import standins
from registry.adapters import AdapterSettings, build_clients
from registry.model import ArtifactKind, ArtifactRef, CheckResult, Pillar
from registry.ports import Clients
from registry.scoring import score_release
from registry.verify import check_release, verdicts_by_pillar

CATALOGUE = Path(__file__).resolve().parents[2] / "registry" / "data" / "releases.json"
RELEASES: list[dict[str, Any]] = json.loads(CATALOGUE.read_text(encoding="utf-8"))["releases"]
NOW = datetime(2025, 6, 1, tzinfo=UTC)

# Where each artifact kind keeps its locator in the catalogue.
LOCATOR_KEYS: Mapping[ArtifactKind, str] = {
    ArtifactKind.HF_MODEL: "repo_id",
    ArtifactKind.HF_DATASET: "repo_id",
    ArtifactKind.GIT: "url",
    ArtifactKind.URL: "url",
}


def artifact_refs(release: Mapping[str, Any]) -> list[ArtifactRef]:
    """Return the artifacts a release declares; claims such as `gated` are not passed on."""
    refs = []
    for pillar in Pillar:
        entry = release["artifacts"].get(pillar.value)
        if entry:
            kind = ArtifactKind(entry["kind"])
            refs.append(ArtifactRef(pillar, kind, entry[LOCATOR_KEYS[kind]], entry.get("licence")))
    return refs


@pytest.fixture(scope="module")
def clients() -> Iterator[Clients]:
    os.environ["HF_TOKEN"] = ""
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost,::1"
    with standins.start() as served:
        settings = AdapterSettings(
            hub_endpoint=served.hub_endpoint,
            allowed_hosts=frozenset({"127.0.0.1", "localhost"}),  # localhost: the CDN hop
            git_protocols=frozenset({"https", "http"}),
            rewrites=dict(served.rewrites),
        )
        yield build_clients(settings)


def explain(results: list[CheckResult]) -> str:
    lines = []
    for result in results:
        lines.append(f"{result.artifact.pillar}: {result.artifact.locator} -> {result.verdict}")
        lines += [f"    {reason}" for reason in result.reasons]
    return "\n".join(lines)


@pytest.mark.parametrize("release", RELEASES, ids=[r["slug"] for r in RELEASES])
def test_checked_verdicts_match_the_public_record(clients: Clients, release: dict) -> None:
    results = check_release(artifact_refs(release), clients, now=NOW)
    failures = [r for r in results if r.failure is not None]
    assert not failures, explain(failures)
    score = score_release(verdicts_by_pillar(results))
    verdicts = {pillar.value: score.verdict(pillar).value for pillar in Pillar}
    assert verdicts == release["expected"], explain(results)


HUB_WEIGHTS = [
    r for r in RELEASES if (r["artifacts"].get("weights") or {}).get("kind") == "hf_model"
]


@pytest.mark.parametrize("release", HUB_WEIGHTS, ids=[r["slug"] for r in HUB_WEIGHTS])
def test_published_weights_are_counted_from_their_headers(clients: Clients, release: dict) -> None:
    # The weights verdict rests on bytes read, not names: parameters from headers, or the
    # gate named as the reason the bytes could not be read.
    (weights,) = [a for a in artifact_refs(release) if a.pillar is Pillar.WEIGHTS]
    (result,) = check_release([weights], clients, now=NOW)
    assert result.evidence is not None, explain([result])
    facts = result.evidence.facts
    if facts["gated"]:
        assert any("gated: contents not readable" in r for r in result.reasons), explain([result])
        return
    assert facts["parameter_total"] > 0 and facts["header_reads"] > 0, explain([result])
    assert any("parameters in" in r and "header" in r for r in result.reasons), explain([result])
