"""No raw exception text reaches people: every page, badge and feed, and the API's messages,
walked over a catalogue whose checks really failed (a Hub that refuses connections, git and
download hosts that do not answer, a guard refusing a private address, a crashed run)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, template_rendered
from flask.testing import FlaskClient
from sqlalchemy import update

from app.extensions import db
from app.models import CheckRun, Release
from tests.factories import bearer, make_lab, make_release, make_token
from tests.integration.jobs.support import run_once
from tests.integration.web.conftest import make_user, post_form, sign_in

NOWHERE = "http://127.0.0.1:9"  # the discard port: every connection is refused at once
# What only a program writes: errno and resolver text, tracebacks, exception names, the
# guard's own "refused '<target>'", git's "fatal:", Werkzeug's stock sentences, float noise.
RAW = re.compile(
    r"\[Errno|Traceback \(most recent|\b[A-Z][A-Za-z]+(?:Error|Exception): |refused '"
    r"|fatal: |Failed to connect|Name or service not known|The browser \(or proxy\)"
    r"|The requested URL was not found|Allenai/"
)
# Float noise (125.80000000000001) in what people read; a chart's plotted geometry is exempt.
FLOAT_NOISE = re.compile(r"(?<![:\d])\d+\.\d{6,}")
# Read through the API: the words meant for people (diagnostic fields keep the raw text).
WORD_KEYS = ("message", "errors", "failure", "error_words", "status_reason", "remediation")
SKIPPED = ("static", "apidocs", "openapi", "/api/docs")


@pytest.fixture
def app_overrides() -> dict[str, object]:
    return {
        "REGISTRY_HUB_ENDPOINT": NOWHERE,
        "REGISTRY_URL_REWRITES": {"https://github.com/": f"{NOWHERE}/", "https://example.org/": f"{NOWHERE}/"},
        "REGISTRY_HUB_TIMEOUT": 2.0, "REGISTRY_GIT_TIMEOUT": 10.0, "REGISTRY_HTTP_TIMEOUT": 2.0,
        "REGISTRY_CHECK_RETRIES": 0,
    }


@pytest.fixture
def failed_catalogue(app: Flask) -> Release:
    lab = make_lab(slug="failing-lab", name="Failing Lab")
    release = make_release(lab, slug="everything-fails", name="Everything Fails", artifacts=[
        {"pillar": "weights", "kind": "hf_model", "locator": "allenai/OLMo-7B", "declared_licence": "apache-2.0"},
        {"pillar": "code", "kind": "git", "locator": "https://github.com/allenai/OLMo"},
        {"pillar": "data", "kind": "hf_dataset", "locator": "allenai/dolma"},
        {"pillar": "data", "kind": "url", "locator": "https://10.0.0.1/corpus.tar.gz"},
        {"pillar": "data", "kind": "url", "locator": "https://example.org/train.jsonl.gz"},
    ])
    run, _ = run_once(release)
    assert run.state == "COMPLETED"
    crashed = make_release(lab, slug="crashed", name="Crashed")
    crash, _ = run_once(crashed)
    db.session.execute(update(CheckRun).where(CheckRun.id == crash.id).values(
        state="ERROR", error="OSError: [Errno -2] Name or service not known"))
    db.session.commit()
    return release


def body_words(answer: Any) -> str:
    if answer.is_json:
        return " ".join(str(v) for v in _word_values(answer.get_json()))
    return answer.get_data(as_text=True)


def _word_values(data: Any) -> Iterator[Any]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in WORD_KEYS:
                yield value
            else:
                yield from _word_values(value)
    elif isinstance(data, list):
        for item in data:
            yield from _word_values(item)


def get_routes(app: Flask, release: Release, run_id: int) -> list[str]:
    values = {"lab": release.lab.slug, "release": release.slug, "pillar": "weights",
              "fmt": "svg", "run_id": run_id}
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or any(s in rule.rule or s in rule.endpoint for s in SKIPPED):
            continue
        args = {name: values[name] for name in rule.arguments if name in values}
        if set(args) != set(rule.arguments):
            continue
        with app.test_request_context():
            urls.append(app.url_for(rule.endpoint, **args))
    return sorted(set(urls))


def test_no_page_or_message_shows_raw_exception_text(
    app: Flask, client: FlaskClient, failed_catalogue: Release
) -> None:
    rendered: set[str] = set()

    def record(sender: Flask, template: Any, context: Any, **extra: Any) -> None:
        rendered.add(str(template.name))

    admin = make_user("admin@example.org", admin=True)
    sign_in(client, "admin@example.org")
    run_id = db.session.query(CheckRun.id).filter_by(release_id=failed_catalogue.id).scalar()
    token = bearer(make_token(admin, scope="admin"))
    lab, release = failed_catalogue.lab.slug, failed_catalogue.slug
    with template_rendered.connected_to(record, app):
        answers = {url: client.get(url) for url in get_routes(app, failed_catalogue, run_id)}
        answers |= {
            "/labs/crashed-lab": client.get("/labs/ghost"),
            f"/labs/{lab}/crashed": client.get(f"/labs/{lab}/crashed"),
            "/api/v1/nothing": client.get("/api/v1/nothing"),
            "/releases?tier=Z": client.get("/releases?tier=Z&released_after=soon"),
            "PUT /api/v1/labs": client.put("/api/v1/labs", json={}),
            "POST not JSON": client.post("/api/v1/labs", data="{not json",
                                         content_type="application/json", headers=token),
            "POST no token": client.post(f"/labs/{lab}/{release}/check"),
            "bad release form": post_form(client, f"/labs/{lab}/releases/new", {
                "name": "X", "slug": "Bad Slug", "data_artifacts-0-kind": "url",
                "data_artifacts-0-locator": "ftp://nowhere"}),
            "bad lab form": post_form(client, "/labs/new", {"name": "", "slug": "x", "homepage": "http://a"}),
            "/badges/ghost.svg": client.get("/badges/ghost.svg"),
        }
    assert len(answers) > 25
    for where, answer in answers.items():
        words = body_words(answer)
        chart = where.endswith(("history.svg", "/tiers.svg"))  # pygal's plotted geometry
        found = RAW.search(words) or (None if chart else FLOAT_NOISE.search(words))
        assert found is None, f"{where}: {found.group(0)!r} in {words[max(0, found.start() - 200):found.end() + 100]}"
    page = answers[f"/labs/{lab}/{release}"].get_data(as_text=True)
    assert "The last check could not finish:" in page  # the failures are there, in words
    assert "an unexpected error inside the registry stopped it" in answers[f"/labs/{lab}/crashed"].get_data(as_text=True)
    pages = {"error.html", "lab.html", "lab_new.html", "leaderboard.html",
             "release.html", "release_new.html", "releases.html", "standard.html", "admin_import.html"}
    assert pages <= rendered  # every page template was walked (login.html: signed in already)
