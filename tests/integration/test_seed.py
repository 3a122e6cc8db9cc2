"""Seeding: real releases land unverified, twice is harmless, a bad file writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from app.extensions import db
from app.models import Artifact, Lab, Release
from app.services.seeding import default_catalogue


def count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_seed_adds_every_lab_and_release(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["registry", "seed"])
    catalogue = json.loads(default_catalogue().read_text())
    assert result.exit_code == 0, result.output
    assert count(Lab) == len(catalogue["labs"])
    assert count(Release) == len(catalogue["releases"])


def test_seeded_claims_start_unverified_never_from_expected(runner: FlaskCliRunner) -> None:
    runner.invoke(args=["registry", "seed"])
    verdicts = set(db.session.scalars(select(Artifact.verdict)))
    assert verdicts == {"unverified"}
    release = db.session.scalar(select(Release).where(Release.slug == "olmo-7b"))
    assert (release.verdict_weights, release.verdict_code, release.verdict_data) == (
        "unverified", "unverified", "unverified",
    )
    # Unverified is a state, not a score: no tier, no score, and why.
    assert (release.score, release.tier, release.status_reason) == (None, None, "never checked")
    # Before any check, only releases that declare no weights at all (closed models) have a
    # tier, E; every other one is unverified.
    catalogue = json.loads(default_catalogue().read_text())["releases"]
    closed = {r["name"] for r in catalogue if not r["artifacts"].get("weights")}
    tiers = {name: tier for name, tier in db.session.execute(select(Release.name, Release.tier))}
    assert closed and {name for name, tier in tiers.items() if tier is not None} == closed
    assert {tiers[name] for name in closed} == {"E"}
    lab = db.session.scalar(select(Lab).where(Lab.slug == "allenai"))
    assert lab.score is None and sum(lab.tier_counts.values()) == 0


def test_pillar_without_artifact_is_absent_not_unverified(runner: FlaskCliRunner) -> None:
    runner.invoke(args=["registry", "seed"])
    phi = db.session.scalar(select(Release).where(Release.slug == "phi-3-mini-4k-instruct"))
    assert (phi.verdict_weights, phi.verdict_code, phi.verdict_data) == (
        "unverified", "absent", "absent",
    )


def test_seed_is_idempotent(runner: FlaskCliRunner) -> None:
    runner.invoke(args=["registry", "seed"])
    second = runner.invoke(args=["registry", "seed"])
    assert second.exit_code == 0
    assert "0 releases" in second.output
    assert count(Release) == len(json.loads(default_catalogue().read_text())["releases"])


def test_bad_catalogue_is_refused_per_field_and_writes_nothing(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    catalogue = json.loads(default_catalogue().read_text())
    catalogue["releases"][3]["artifacts"]["weights"]["repo_id"] = "not a hub id"
    catalogue["releases"][7]["lab"] = "nowhere"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(catalogue))

    result = runner.invoke(args=["registry", "seed", "--file", str(bad)])

    assert result.exit_code == 2
    assert "releases[3].artifacts.weights.repo_id: Not a Hub repo id" in result.output
    assert "releases[7].lab: Unknown lab" in result.output
    assert count(Lab) == 0 and count(Release) == 0


def test_malformed_json_is_refused(runner: FlaskCliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = runner.invoke(args=["registry", "seed", "--file", str(bad)])
    assert result.exit_code == 2
    assert "file: Not valid JSON" in result.output
