"""POST /api/v1/discover, submitting its draft as it is, and the lab sweep from the CLI."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from app.extensions import db
from app.models import CheckRun, Lab, Release, utcnow
from app.services.unit_of_work import unit_of_work
from tests.factories import bearer, make_account, make_token
from tests.integration.discovery.sweep_support import catalogue_snapshot


def auth() -> dict[str, str]:
    # A submit token of an administrator's account: it may write to the labs made below.
    return bearer(make_token(make_account(admin=True), "submit"))


def make_lab(slug: str, hub_org: str | None = None, sweep_hub: bool = False) -> None:
    with unit_of_work():
        db.session.add(Lab(
            slug=slug, name=slug.title(), hub_org=hub_org, sweep_hub=sweep_hub, tier_counts={}
        ))


def test_discover_proposes_with_provenance_and_the_draft_submits_as_it_is(
    app: Flask, client: FlaskClient
) -> None:
    make_lab("allenai")
    headers = auth()
    found = client.post("/api/v1/discover", json={"hub_id": "allenai/OLMo-7B"}, headers=headers)

    assert found.status_code == 200, found.get_json()
    body = found.get_json()
    code = [p for p in body["proposals"] if p["role"] == "code"]
    assert code[0]["locator"] == "https://github.com/allenai/OLMo"
    assert code[0]["provenance"].startswith("README line")
    assert code[0]["confidence"] == "high" and code[0]["judged"]
    draft = body["release"]
    assert draft["model_card"] == "allenai/OLMo-7B"
    assert draft["paper_url"] == "https://arxiv.org/abs/2402.00838"

    created = client.post("/api/v1/labs/allenai/releases", json=draft, headers=headers)

    assert created.status_code == 201, created.get_json()
    pillars = {p["pillar"]: p["artifacts"] for p in created.get_json()["pillars"]}
    assert pillars["code"][0]["provenance"]["source"] == code[0]["provenance"]
    assert pillars["code"][0]["verdict"] == "unverified"  # a proposal is a claim
    assert db.session.scalar(select(func.count()).select_from(CheckRun)) == 1


def test_discover_refuses_a_bad_or_unknown_id_with_field_messages(
    app: Flask, client: FlaskClient
) -> None:
    headers = auth()
    bad = client.post("/api/v1/discover", json={"hub_id": "../etc"}, headers=headers)
    missing = client.post("/api/v1/discover", json={"hub_id": "nobody/nothing"}, headers=headers)

    assert bad.status_code == 422 and "hub_id" in bad.get_json()["errors"]["json"]
    assert missing.status_code == 404  # well-formed, but no such model on the Hub
    assert "No public model" in missing.get_json()["errors"]["json"]["hub_id"][0]


def test_discover_is_in_the_openapi_spec(app: Flask, client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").get_json()

    operation = spec["paths"]["/api/v1/discover"]["post"]
    assert "DiscoverIn" in str(operation["requestBody"])
    assert {"200", "404", "422", "503"} <= set(operation["responses"])


def test_a_sweep_registers_variants_as_one_release_and_a_second_sweep_changes_nothing(
    app: Flask, runner: FlaskCliRunner
) -> None:
    make_lab("tinylab", hub_org="tinylab")
    dry = runner.invoke(args=["registry", "discover", "--org", "tinylab", "--dry-run"])

    assert dry.exit_code == 0, dry.output
    assert "would register tiny-7b from tinylab/Tiny-7B" in dry.output
    assert db.session.scalar(select(func.count()).select_from(Release)) == 0

    first = runner.invoke(args=["registry", "discover", "--org", "tinylab"])

    assert first.exit_code == 0, first.output
    assert "2 new releases registered" in first.output
    tiny = db.session.scalar(select(Release).where(Release.slug == "tiny-7b"))
    assert tiny is not None and tiny.discovered
    locators = {(a.pillar, a.locator): a for a in tiny.artifacts}
    assert {loc for pillar, loc in locators if pillar == "weights"} == {
        "tinylab/Tiny-7B", "tinylab/Tiny-7B-Instruct", "tinylab/Tiny-7B-GGUF",
        "tinylab/Tiny-7B-Instruct-AWQ",
    }
    code = locators[("code", "https://github.com/LLM360/k2-train")]
    assert code.provenance is not None and "under 'Training'" in code.provenance["source"]
    assert ("data", "LLM360/K2Datasets") in locators
    before = catalogue_snapshot()

    second = runner.invoke(args=["registry", "discover", "--org", "tinylab"])

    assert second.exit_code == 0, second.output
    assert "0 new releases registered, 2 skipped" in second.output
    assert catalogue_snapshot() == before


def test_a_sweep_needs_a_lab(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["registry", "discover", "--org", "tinylab"])

    assert result.exit_code == 2
    assert "pass --lab SLUG. Fix the input and run the command again." in result.output


def test_the_sweeper_sweeps_labs_that_turned_it_on_once_per_cadence(app: Flask) -> None:
    from app.tasks.schedule import sweep

    make_lab("tinylab", hub_org="tinylab")
    now = utcnow()
    assert sweep(now).swept_labs == []  # the lab has not asked for it
    with unit_of_work():
        lab = db.session.scalar(select(Lab).where(Lab.slug == "tinylab"))
        assert lab is not None
        lab.sweep_hub = True

    report = sweep(now)

    assert report.swept_labs == ["tinylab"]
    releases = db.session.scalars(select(Release.slug).order_by(Release.slug)).all()
    assert releases == ["other-1b", "tiny-7b"]
    run = db.session.scalar(select(CheckRun).order_by(CheckRun.id))
    assert run is not None and run.trigger == "schedule"
    # Not due again within the cadence; due after it, and then it changes nothing.
    assert sweep(now + timedelta(hours=23)).swept_labs == []
    before = catalogue_snapshot()
    assert sweep(now + timedelta(hours=25)).swept_labs == ["tinylab"]
    assert catalogue_snapshot()[:-1] == before[:-1]


def test_a_failing_lab_sweep_waits_a_cadence_and_stops_nothing_else(app: Flask) -> None:
    from app.tasks.schedule import sweep

    make_lab("ghost", hub_org="tinylab", sweep_hub=True)
    now = utcnow()
    app.config["REGISTRY_HUB_ENDPOINT"] = "http://127.0.0.1:9"  # nothing listens there

    report = sweep(now)  # the listing fails: logged, and the sweeper's other chores still run

    assert report.swept_labs == []
    lab = db.session.scalar(select(Lab).where(Lab.slug == "ghost"))
    assert lab is not None and lab.hub_swept_at is not None  # the attempt is stamped
    assert db.session.scalar(select(func.count()).select_from(Release)) == 0
    assert sweep(now + timedelta(minutes=5)).swept_labs == []  # not asked again at once
