"""The comparison: /compare and /api/v1/compare read one service and show the same columns."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from app.services import compare
from tests.factories import make_lab, make_release
from tests.integration.web.conftest import record_check

WEIGHTS = {"pillar": "weights", "kind": "hf_model", "locator": "test-org/test-model",
           "declared_licence": "apache-2.0"}  # fmt: skip
DATA = {"pillar": "data", "kind": "hf_dataset", "locator": "test-org/test-data",
        "declared_licence": "odc-by"}  # fmt: skip


def two_releases() -> tuple[str, str]:
    lab = make_lab(name="Lab <One>")
    checked = make_release(lab, name="Checked <b>bold</b>")
    record_check(checked, reasons=["Weights are published under Apache-2.0 & open."])
    unchecked = make_release(lab, name="Unchecked", artifacts=[WEIGHTS, DATA])
    return f"{lab.slug}/{checked.slug}", f"{lab.slug}/{unchecked.slug}"


def test_page_and_api_show_the_same_releases_side_by_side(client: FlaskClient) -> None:
    first, second = two_releases()
    query = f"releases={first},{second}"
    body = client.get(f"/compare?{query}").get_data(as_text=True)
    data = client.get(f"/api/v1/compare?{query}").get_json()
    assert [f"{c['lab']}/{c['slug']}" for c in data["releases"]] == [first, second]
    checked, unchecked = data["releases"]
    assert checked["tier"] is not None and checked["score"] is not None
    assert unchecked["tier"] is None and unchecked["status"] == "unverified"
    weights = next(p for p in checked["pillars"] if p["pillar"] == "weights")
    assert weights["evidence"][0]["reason"] == "Weights are published under Apache-2.0 & open."
    assert weights["evidence"][0]["url"].endswith("?evidence=weights-1#evidence-weights-1")
    assert checked["mof_verified"] and checked["mof_claimed"] is None
    # Everything the page shows is escaped: names and reasons are data, not markup.
    assert "Checked &lt;b&gt;bold&lt;/b&gt;" in body and "<b>bold</b>" not in body
    assert "Apache-2.0 &amp; open." in body
    assert f"Tier {checked['tier']}" in body and "Not yet verified" in body
    assert checked["mof_verified"] in body


def test_repeated_keys_are_the_same_as_a_comma_list(client: FlaskClient) -> None:
    first, second = two_releases()
    repeated = client.get(f"/api/v1/compare?releases={first}&releases={second}").get_json()
    joined = client.get(f"/api/v1/compare?releases={first},{second}").get_json()
    assert repeated == joined
    # The "compare with" form sends a blank field when nothing was chosen.
    page = client.get(f"/compare?releases={first}&releases=")
    assert page.status_code == 200


def test_remove_links_keep_the_others(client: FlaskClient) -> None:
    first, second = two_releases()
    body = client.get(f"/compare?releases={first},{second}").get_data(as_text=True)
    removes = re.findall(r'href="(/compare\?[^"]*)">remove', body)
    assert removes == [f"/compare?releases={second}", f"/compare?releases={first}"]


def test_labs_side_by_side_with_tier_shares(client: FlaskClient) -> None:
    lab = make_lab(name="Sharing Lab")
    record_check(make_release(lab))
    make_release(lab, artifacts=[WEIGHTS, DATA])
    other = make_lab(name="Empty Lab")
    data = client.get(f"/api/v1/compare?labs={lab.slug},{other.slug}").get_json()
    sharing, empty = data["labs"]
    assert sharing["release_count"] == 2 and sharing["verified_release_count"] == 1
    unverified = next(t for t in sharing["tiers"] if t["letter"] == "")
    assert (unverified["count"], unverified["percent"]) == (1, 50)
    assert sum(t["percent"] for t in sharing["tiers"]) == 100
    weights = next(p for p in sharing["pillars"] if p["pillar"] == "weights")
    assert (weights["open"], weights["total"]) == (1, 2)
    assert empty["release_count"] == 0 and all(t["percent"] == 0 for t in empty["tiers"])
    body = client.get(f"/compare?labs={lab.slug},{other.slug}").get_data(as_text=True)
    assert "Sharing Lab" in body and "Empty Lab" in body and "1 of 2 releases verified" in body


def test_unknown_names_are_listed_not_fatal(client: FlaskClient) -> None:
    first, _ = two_releases()
    data = client.get(f"/api/v1/compare?releases={first},nolab/norelease&labs=ghost").get_json()
    assert len(data["releases"]) == 1
    assert data["missing"] == ["nolab/norelease", "ghost"]
    body = client.get(f"/compare?releases={first},nolab/norelease").get_data(as_text=True)
    assert "Not found, so not shown" in body and "nolab/norelease" in body


def test_bad_input_is_a_field_message(client: FlaskClient) -> None:
    answer = client.get("/api/v1/compare?releases=NotASlug")
    assert answer.status_code == 422
    assert "lab/release" in answer.get_json()["errors"]["query"]["releases"][0]
    too_many = ",".join(f"lab/r{n}" for n in range(8))
    assert client.get(f"/api/v1/compare?releases={too_many}").status_code == 422
    page = client.get("/compare?releases=<script>")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "The comparison could not be read" in body and "<script>" not in body


def test_the_service_returns_typed_columns(client: FlaskClient) -> None:
    first, _ = two_releases()
    lab, release = first.split("/")
    result = compare.compare([(lab, release)], [lab])
    assert isinstance(result.releases[0], compare.ReleaseColumn)
    assert isinstance(result.labs[0], compare.LabColumn)
    assert result.missing == ()


def test_release_and_lab_pages_offer_compare_with(client: FlaskClient) -> None:
    first, second = two_releases()
    other = make_lab(name="Other Lab")
    body = client.get(f"/labs/{first}").get_data(as_text=True)
    assert 'action="/compare"' in body
    assert f'<input type="hidden" name="releases" value="{first}">' in body
    assert f'<option value="{second}">Unchecked</option>' in body
    assert f'<option value="{first}">' not in body  # not itself
    # The form's own GET: this release, the one chosen, a blank free-text field.
    assert client.get(f"/compare?releases={first}&releases={second}&releases=").status_code == 200
    lab = first.split("/")[0]
    body = client.get(f"/labs/{lab}").get_data(as_text=True)
    assert f'<input type="hidden" name="labs" value="{lab}">' in body
    assert f'<option value="{other.slug}">Other Lab</option>' in body
    assert f"/compare?releases={first.replace('/', '%2F')}" in body or "/compare?releases=" in body
