"""Badge routes end to end: every state on SQLite and PostgreSQL, 404 and 400 as badges,
escaping of database and query text, headers, and agreement with the pages and the API."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from flask.testing import FlaskClient

from app.badges.design import BRIGHTGREEN, LIGHTGREY, RED, YELLOW, dim
from app.models import utcnow
from app.services import badges
from app.services.lab_reads import lab_detail
from app.services.release_reads import release_summary
from app.services.rows import get_release
from registry.model import Pillar, Verdict
from schemas.release import ReleaseSummarySchema
from tests.factories import make_lab, make_release
from tests.integration.badges.rows import LONG_AGO, checked_release, paths
from tests.unit.badges.svg_reading import parse_badge

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "unit" / "badges" / "shields-endpoint.schema.json").read_text()
)
BADGE_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def get_json(client: FlaskClient, path: str) -> dict[str, object]:
    response = client.get(f"{path}.json")
    data = response.get_json()
    jsonschema.validate(data, SCHEMA)
    return {"status": response.status_code, **data}


def get_svg_texts(client: FlaskClient, path: str, query: str = "") -> tuple[str, ...]:
    response = client.get(f"{path}.svg{query}")
    assert response.mimetype == "image/svg+xml"
    return parse_badge(response.data).texts


STATES = {
    # name: (checked_at offset, failed, release message, release colour)
    "verified": (None, False, "tier A · open science", BRIGHTGREEN),
    "stale": (LONG_AGO, False, "tier A · open science · stale", dim(BRIGHTGREEN)),
    "check failed": (None, True, "tier A · open science · check failed", dim(BRIGHTGREEN)),
}


@pytest.mark.parametrize("state", list(STATES))
def test_release_badge_in_each_state(client: FlaskClient, state: str) -> None:
    age, failed, message, colour = STATES[state]
    release = checked_release(checked_at=utcnow() - age if age else None, failed=failed)
    path = paths(release)["release"]
    data = get_json(client, path)
    assert (data["status"], data["message"], data["color"]) == (200, message, colour)
    assert get_svg_texts(client, path) == ("openness", message)


def test_a_never_checked_release_is_unverified_and_grey(client: FlaskClient) -> None:
    release = make_release()
    data = get_json(client, paths(release)["release"])
    assert (data["status"], data["message"], data["color"]) == (200, "unverified", LIGHTGREY)
    assert get_json(client, paths(release)["lab"])["message"] == "unverified"


@pytest.mark.parametrize(
    ("verdict", "colour"),
    [
        (Verdict.OPEN, BRIGHTGREEN),
        (Verdict.RESTRICTED, YELLOW),
        (Verdict.ABSENT, RED),
        (Verdict.UNVERIFIED, LIGHTGREY),
    ],
)
def test_pillar_badges_show_each_pillars_verdict(
    client: FlaskClient, verdict: Verdict, colour: str
) -> None:
    release = checked_release(verdicts={Pillar.WEIGHTS: Verdict.OPEN, Pillar.CODE: verdict})
    base = paths(release)["release"]
    code = get_json(client, f"{base}/code")
    assert (code["label"], code["message"], code["color"]) == (
        "training code",
        verdict.value,
        colour,
    )
    assert get_json(client, f"{base}/weights")["message"] == "open"
    data = get_json(client, f"{base}/data")  # nothing declared: absent, as the page says
    assert (data["label"], data["message"]) == ("training data", "absent")
    assert get_svg_texts(client, f"{base}/code") == ("training code", verdict.value)


def test_pillar_badge_of_a_stale_release_says_stale(client: FlaskClient) -> None:
    release = checked_release(checked_at=utcnow() - LONG_AGO)
    data = get_json(client, paths(release)["weights"])
    assert (data["message"], data["color"]) == ("open · stale", dim(BRIGHTGREEN))


def test_lab_badge_shows_score_and_share_of_tier_a(client: FlaskClient) -> None:
    lab = make_lab(name="Open Lab")
    checked_release(lab)
    checked_release(lab, verdicts={Pillar.WEIGHTS: Verdict.OPEN})
    data = get_json(client, f"/badges/{lab.slug}")
    view = lab_detail(lab.slug)
    assert data["message"] == f"{view.score}/100 · 50% tier A"
    assert data["status"] == 200


def test_lab_badge_goes_stale_with_its_evidence(client: FlaskClient) -> None:
    release = checked_release(checked_at=utcnow() - LONG_AGO)
    data = get_json(client, paths(release)["lab"])
    assert str(data["message"]).endswith(" · stale")


NOT_FOUND = [
    "/badges/no-such-lab",
    "/badges/No-Such-Lab",
    "/badges/%00",
    "/badges/" + "a" * 300,
    "/badges/{lab}/no-such-release",
    "/badges/{lab}/{release}/no-such-pillar",
    "/badges/{lab}/{release}/%3Cscript%3E",
    "/badges/no-such-lab/{release}",
    "/badges/no-such-lab/{release}/weights",
]


@pytest.mark.parametrize("template", NOT_FOUND)
def test_unknown_things_answer_404_with_a_grey_not_found_badge(
    client: FlaskClient, template: str
) -> None:
    release = make_release()
    path = template.format(lab=release.lab.slug, release=release.slug)
    data = get_json(client, path)  # the shields shape, not the API's error shape
    assert (data["status"], data["message"], data["color"], data["isError"]) == (
        404,
        "not found",
        LIGHTGREY,
        True,
    )
    response = client.get(f"{path}.svg")
    assert response.status_code == 404
    assert response.mimetype == "image/svg+xml"
    assert parse_badge(response.data).texts[-1] == "not found"


@pytest.mark.parametrize("fmt", ["svg", "json"])
def test_a_refused_style_is_a_400_badge_that_says_why(client: FlaskClient, fmt: str) -> None:
    release = make_release()
    response = client.get(f"{paths(release)['release']}.{fmt}?style=plastic")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "invalid request" in text
    if fmt == "svg":
        assert "flat, flat-square, for-the-badge" in parse_badge(response.data).title


@pytest.mark.parametrize("style", ["flat", "flat-square", "for-the-badge"])
def test_each_style_is_served(client: FlaskClient, style: str) -> None:
    release = checked_release()
    response = client.get(f"{paths(release)['release']}.svg?style={style}")
    assert response.status_code == 200
    assert parse_badge(response.data).height == (28 if style == "for-the-badge" else 20)
    assert get_json(client, paths(release)["release"] + "")["style"] == "flat"
    assert client.get(f"{paths(release)['release']}.json?style={style}").json["style"] == style


def test_hostile_database_names_are_escaped(client: FlaskClient) -> None:
    hostile = "<script>alert(\"x\")</script> & 'q' 漢字"
    lab = make_lab(name=hostile)
    release = checked_release(lab, name=hostile)
    for key in ("lab", "release", "weights"):
        response = client.get(f"{paths(release)[key]}.svg")
        assert b"<script" not in response.data
        assert hostile in parse_badge(response.data).title


@pytest.mark.parametrize("style", ["flat", "flat-square", "for-the-badge"])
def test_hostile_and_overlong_labels_are_escaped_and_capped(
    client: FlaskClient, style: str
) -> None:
    release = checked_release()
    query = "?label=%3Cscript%3E%22%26%27%00" + "x" * 100 + f"&style={style}"
    response = client.get(f"{paths(release)['release']}.svg{query}")
    assert response.status_code == 200
    assert b"<script" not in response.data.lower()
    label = parse_badge(response.data).texts[0]
    assert label.lower().startswith("<script>\"&'x")
    assert len(label) == 40 and label.endswith("…")


def test_empty_label_gives_a_message_only_badge(client: FlaskClient) -> None:
    release = checked_release()
    assert get_svg_texts(client, paths(release)["release"], "?label=") == ("tier A · open science",)
    assert client.get(f"{paths(release)['release']}.json?label=").json["label"] == ""


@pytest.mark.parametrize("fmt", ["svg", "json"])
def test_headers(client: FlaskClient, fmt: str) -> None:
    release = checked_release()
    response = client.get(f"{paths(release)['release']}.{fmt}")
    assert response.mimetype == {"svg": "image/svg+xml", "json": "application/json"}[fmt]
    # Ours, not the pages' policy that app.security sets on every other response.
    assert response.headers["Content-Security-Policy"] == BADGE_CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["ETag"].startswith('"') and len(response.headers["ETag"]) > 10


def test_head_answers_like_get_without_a_body(client: FlaskClient) -> None:
    release = checked_release()
    head = client.head(f"{paths(release)['release']}.svg")
    get = client.get(f"{paths(release)['release']}.svg")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == get.headers["ETag"]


def test_badges_take_no_post_and_need_no_csrf_token(client: FlaskClient) -> None:
    release = make_release()
    assert client.post(f"{paths(release)['release']}.svg").status_code == 405


def test_a_release_whose_weights_check_failed_is_plain_unverified_not_check_failed(
    client: FlaskClient,
) -> None:
    release = checked_release(verdicts={Pillar.WEIGHTS: Verdict.UNVERIFIED}, failed=True)
    data = get_json(client, paths(release)["release"])
    assert (data["status"], data["message"], data["color"]) == (200, "unverified", LIGHTGREY)
    assert get_svg_texts(client, paths(release)["release"]) == ("openness", "unverified")
    assert get_json(client, paths(release)["weights"])["message"] == "unverified"
    assert get_json(client, paths(release)["lab"])["message"] == "unverified"


UNVERIFIED_STATES = {
    "unverified": lambda: make_release(),
    "unverified, check failed": lambda: checked_release(
        verdicts={Pillar.WEIGHTS: Verdict.UNVERIFIED, Pillar.CODE: Verdict.OPEN}, failed=True
    ),
}


@pytest.mark.parametrize("state", list(STATES) + list(UNVERIFIED_STATES))
def test_badge_page_and_api_agree(client: FlaskClient, state: str) -> None:
    if state in UNVERIFIED_STATES:
        release = UNVERIFIED_STATES[state]()
    else:
        age, failed, _, _ = STATES[state]
        release = checked_release(checked_at=utcnow() - age if age else None, failed=failed)
    lab, slug = release.lab.slug, release.slug
    facts = badges.release_badge_facts(lab, slug)
    # The service's view as the API dumps it, beside what the API answered.
    summary = ReleaseSummarySchema().dump(release_summary(get_release(lab, slug)))
    api = client.get(f"/api/v1/labs/{lab}/releases/{slug}").json
    for view in (summary, api):
        # An unverified release shows no last good verdict, so nothing of it is stale.
        assert view["stale"] == (
            facts.tier is not None
            and facts.state in {badges.BadgeState.STALE, badges.BadgeState.CHECK_FAILED}
        )
        assert (view["tier"]["letter"] if view["tier"] else None) == facts.tier
        assert view["status"] == ("unverified" if facts.tier is None else "verified")
        assert view["status_reason"] == facts.status_reason
        assert view["verdicts"] == {p.value: v.value for p, v in facts.verdicts}
    lab_facts = badges.lab_badge_facts(lab)
    assert lab_detail(lab).stale == (lab_facts.state is badges.BadgeState.STALE)
    assert lab_detail(lab).score == lab_facts.score
