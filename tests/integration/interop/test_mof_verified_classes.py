"""The verified MOF class of every seeded release, from real checks of the packaged snapshots.

The real checkers run once per module through the real Hub, git and HTTP clients against the
loopback stand-ins; each database then gets the seeded catalogue, the results are recorded as
the runner records them, and the class is read back through the frameworks API and the badge.
For the releases MOT classes as Class I, the test prints claimed vs verified and every
component where they differ, with its cause: a real gap in the published artifacts, a
component without a rule, or one not confirmed (a page the snapshots do not hold).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient

import standins
from app.extensions import db
from app.models import CheckRun, Release, utcnow
from app.services.evidence import finish_release, record_result
from app.services.interop.claims import artifact_checks
from app.services.seeding import seed_catalogue
from registry.adapters import AdapterSettings, build_clients
from registry.frameworks.mof import evaluate
from registry.frameworks.mof_evidence import Agreement, Cause, compare_mof
from registry.model import ArtifactKind, ArtifactRef, CheckResult, Pillar
from registry.verify import check_release
from schemas.mof import load_mof
from tests.integration.interop.conftest import MOF_SAMPLES

CATALOGUE = Path(__file__).resolve().parents[3] / "registry" / "data" / "releases.json"
RELEASES = json.loads(CATALOGUE.read_text(encoding="utf-8"))["releases"]
NOW = datetime(2026, 12, 2, tzinfo=UTC)
LOCATOR_KEYS = {"hf_model": "repo_id", "hf_dataset": "repo_id", "git": "url", "url": "url"}
# Seeded releases MOT classes as Class I, and MOT's own model file for each (MOT's Pythia file
# is the non-deduplicated 6.9B; the seeded release is its deduplicated twin, same artifacts
# but weights and data).
# Keyed by the weights each release declares.
CLASS_I = {"allenai/OLMo-7B": "OLMo-7B.yml", "EleutherAI/pythia-6.9b-deduped": "Pythia-6.9B.yml",
           "LLM360/Amber": "Amber.yml"}  # fmt: skip
CAUSES = {Cause.GAP, Cause.NO_RULE, Cause.UNCONFIRMED, Cause.LICENCE, Cause.UNCLAIMED}


def refs_of(release: dict) -> list[ArtifactRef]:
    refs = []
    for pillar in Pillar:
        entry = release["artifacts"].get(pillar.value)
        if entry:
            kind = ArtifactKind(entry["kind"])
            refs.append(ArtifactRef(pillar, kind, entry[LOCATOR_KEYS[kind.value]]))
    return refs


@pytest.fixture(scope="module")
def results() -> Iterator[dict[tuple[str, str], CheckResult]]:
    """Every seeded artifact checked once, keyed by (pillar, locator)."""
    os.environ["HF_TOKEN"] = ""
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost,::1"
    with standins.start() as served:
        clients = build_clients(AdapterSettings(
            hub_endpoint=served.hub_endpoint, allowed_hosts=frozenset({"127.0.0.1", "localhost"}),
            git_protocols=frozenset({"https", "http"}), rewrites=dict(served.rewrites),
        ))  # fmt: skip
        refs = list({(r.pillar, r.locator): r for rel in RELEASES for r in refs_of(rel)}.values())
        checked = check_release(refs, clients, now=NOW)
        yield {(r.artifact.pillar.value, r.artifact.locator): r for r in checked}


def record(release: Release, results: dict[tuple[str, str], CheckResult]) -> None:
    """Record one release's results as the runner does, then finish the run."""
    now = utcnow()
    run = CheckRun(release_id=release.id, state="COMPLETED", trigger="manual", attempts=1,
                   started_at=now, finished_at=now, artifacts_total=len(release.artifacts),
                   artifacts_done=len(release.artifacts))  # fmt: skip
    db.session.add(run)
    db.session.flush()
    for artifact in release.artifacts:
        record_result(run.id, artifact, results[(artifact.pillar, artifact.locator)], {})
    finish_release(release, run, now)


def seeded(results: dict[tuple[str, str], CheckResult]) -> list[Release]:
    seed_catalogue()
    releases = list(db.session.scalars(db.select(Release)))
    for release in releases:
        record(release, results)
    db.session.commit()
    return releases


def test_every_seeded_release_gets_a_verified_class(
    client: FlaskClient, results: dict[tuple[str, str], CheckResult]
) -> None:
    releases = seeded(results)
    assert len(releases) == len(RELEASES)
    for release in releases:
        base = f"/api/v1/labs/{release.lab.slug}/releases/{release.slug}"
        mof = client.get(f"{base}/frameworks").get_json()["mof"]
        assert mof["verified"]["mof_class"] in {0, 1, 2, 3}, release.slug
        assert len(mof["components"]) == 17
        assert sum(c["verified"]["has_rule"] for c in mof["components"]) >= 13
        badge = client.get(mof["badge_url"])
        assert badge.status_code == 200, release.slug
        exported = client.get(f"{base}/mof.yaml")
        assert exported.status_code == 200
        # The export lists exactly the components verified open, and MOT's rules give it
        # the verified class.
        document = load_mof(exported.get_data(as_text=True)).value
        assert evaluate(document).mof_class == mof["verified"]["mof_class"], release.slug
        shown = {c["component"] for c in mof["components"] if c["verified"]["status"] == "open"}
        assert {c.name for c in document.components} == shown, release.slug


def test_class_i_releases_claimed_vs_verified(
    app: object,
    results: dict[tuple[str, str], CheckResult],
    capsys: pytest.CaptureFixture[str],
) -> None:
    releases = {a.locator: r for r in seeded(results) for a in r.artifacts if a.pillar == "weights"}
    lines: list[str] = []
    for weights, filename in CLASS_I.items():
        release = releases[weights]
        claim = load_mof((MOF_SAMPLES / filename).read_text(encoding="utf-8")).value
        comparison = compare_mof(release.name, release.lab.name, artifact_checks(release), claim,
                                 paper_url=release.paper_url)  # fmt: skip
        assert comparison.claimed is not None and comparison.claimed.mof_class == 1
        lines.append(f"{release.name} ({filename}): claimed {comparison.claimed.label}, "
                     f"verified {comparison.verified.label}")  # fmt: skip
        differing = [d for d in comparison.differences if d.agreement is not Agreement.AGREE]
        for difference in differing:
            assert difference.cause in CAUSES, difference
            lines.append(f"  - {difference.component}: {difference.cause.value}: "
                         f"{difference.explanation}")  # fmt: skip
        # Every component without a rule is named as such; every other difference was looked
        # for where its rule looks.
        no_rule = {d.component for d in differing if d.cause is Cause.NO_RULE}
        assert no_rule <= {"Technical report"}
    with capsys.disabled():
        print("\nMOF claimed vs verified (MOT's Class I releases):\n" + "\n".join(lines))
    assert any(line.startswith("OLMo 7B") for line in lines)
