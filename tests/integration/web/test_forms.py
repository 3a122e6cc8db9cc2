"""Submitting labs and releases through the forms: good and bad input, rows, permissions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import CheckRun, Lab, LabMember, Release
from tests.factories import make_lab, make_release
from tests.integration.web.conftest import make_user, post_form, sign_in

MemberClient = Callable[..., FlaskClient]


def count(model: type) -> int:
    """Return how many rows a table holds."""
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def release_form(**overrides: str) -> dict[str, Any]:
    """Return a filled release form: one artifact per pillar."""
    data = {
        "name": "Model 7B",
        "slug": "model-7b",
        "released_on": "2024-02",
        "announced_as_open": "y",
        "paper_url": "https://arxiv.org/abs/2402.00838",
        "model_card": "",
        "weights_artifacts-0-kind": "hf_model",
        "weights_artifacts-0-locator": "org/model-7b",
        "weights_artifacts-0-declared_licence": "apache-2.0",
        "code_artifacts-0-kind": "git",
        "code_artifacts-0-locator": "https://github.com/org/train",
        "code_artifacts-0-declared_licence": "Apache-2.0",
        "code_artifacts-0-entrypoint": "scripts/train.py",
        "data_artifacts-0-kind": "hf_dataset",
        "data_artifacts-0-locator": "org/corpus",
        "data_artifacts-0-declared_licence": "odc-by",
    }
    data.update(overrides)
    return data


def test_forms_ask_anonymous_visitors_to_sign_in(client: FlaskClient) -> None:
    lab = make_lab()
    for url in ("/labs/new", f"/labs/{lab.slug}/releases/new"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?next=")


def test_a_good_lab_is_created_and_its_author_becomes_a_member(
    member_client: MemberClient,
) -> None:
    client = member_client()
    response = post_form(client, "/labs/new", {
        "name": "New Lab", "slug": "new-lab", "homepage": "https://lab.example.org",
        "country": "fr",
    })
    assert response.status_code == 302
    assert response.headers["Location"] == "/labs/new-lab/releases/new"
    lab = db.session.scalar(select(Lab).where(Lab.slug == "new-lab"))
    assert lab is not None and lab.country == "FR" and not lab.community_submitted
    assert count(LabMember) == 1
    assert "New Lab was created" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_bad_lab_is_shown_again_with_messages_and_input_and_nothing_saved(
    member_client: MemberClient,
) -> None:
    client = member_client()
    response = post_form(client, "/labs/new", {
        "name": "Keep <Me>", "slug": "Bad Slug!", "homepage": "http://insecure.example",
        "country": "France",
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="slug-error"' in page and "Not a valid slug" in page and "bad-slug" in page
    assert 'id="homepage-error"' in page and "https://" in page
    assert 'id="country-error"' in page
    assert 'aria-invalid="true"' in page
    assert 'value="Bad Slug!"' in page and 'value="Keep &lt;Me&gt;"' in page
    assert "4 problems" not in page and "3 problems to fix" in page
    assert count(Lab) == 0


def test_a_lab_can_turn_on_its_scheduled_hub_sweep(member_client: MemberClient) -> None:
    client = member_client()
    response = post_form(client, "/labs/new", {
        "name": "Swept Lab", "slug": "swept-lab", "hub_org": "sweptlab", "sweep_hub": "y",
    })
    assert response.status_code == 302
    lab = db.session.scalar(select(Lab).where(Lab.slug == "swept-lab"))
    assert lab is not None and lab.hub_org == "sweptlab" and lab.sweep_hub


def test_a_sweep_without_an_organisation_is_refused_beside_the_checkbox(
    member_client: MemberClient,
) -> None:
    client = member_client()
    response = post_form(client, "/labs/new", {"name": "Lab", "slug": "lab", "sweep_hub": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="sweep_hub-error"' in page and "Hugging Face organisation" in page
    assert count(Lab) == 0


def test_a_missing_name_is_reported_in_plain_words(member_client: MemberClient) -> None:
    client = member_client()
    page = post_form(client, "/labs/new", {"name": " ", "slug": "fine"}).get_data(as_text=True)
    assert 'id="name-error"' in page and "Required: please fill this in." in page


def test_a_taken_or_reserved_lab_slug_is_refused_beside_the_slug(
    member_client: MemberClient,
) -> None:
    make_lab(slug="taken")
    client = member_client()
    taken = post_form(client, "/labs/new", {"name": "Again", "slug": "taken"})
    assert taken.status_code == 409
    assert 'id="slug-error"' in taken.get_data(as_text=True)
    reserved = post_form(client, "/labs/new", {"name": "New", "slug": "new"})
    assert reserved.status_code == 422
    assert "reserved" in reserved.get_data(as_text=True)
    assert count(Lab) == 1


def test_a_good_release_is_created_checked_and_shown_with_progress(
    member_client: MemberClient, dispatched: list[int]
) -> None:
    lab = make_lab()
    client = member_client(lab.id)
    url = f"/labs/{lab.slug}/releases/new"
    response = post_form(client, url, release_form())
    assert response.status_code == 302
    assert response.headers["Location"] == f"/labs/{lab.slug}/model-7b"
    release = db.session.scalar(select(Release).where(Release.slug == "model-7b"))
    assert release is not None and release.released_precision == "month"
    assert [(a.pillar, a.kind, a.locator) for a in release.artifacts] == [
        ("weights", "hf_model", "org/model-7b"),
        ("code", "git", "https://github.com/org/train"),
        ("data", "hf_dataset", "org/corpus"),
    ]
    assert release.artifacts[1].entrypoint == "scripts/train.py"
    run = db.session.scalar(select(CheckRun).where(CheckRun.release_id == release.id))
    assert run is not None and run.trigger == "submission" and dispatched == [run.id]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "its checks have started" in page
    progress = f"/api/v1/labs/{lab.slug}/releases/model-7b/checks/latest"
    assert f'data-progress-url="{progress}"' in page
    assert "<progress" in page and "js/progress.js" in page
    assert '<li data-status="pending">' in page and "org/corpus" in page
    assert client.get(progress).json["run"]["state"] == "PENDING"  # what the script polls


def test_untouched_rows_are_not_artifacts(
    member_client: MemberClient, dispatched: list[int]
) -> None:
    lab = make_lab()
    client = member_client(lab.id)
    form = release_form(**{
        "code_artifacts-0-locator": "", "code_artifacts-0-declared_licence": "",
        "code_artifacts-0-entrypoint": "", "data_artifacts-0-locator": "",
        "data_artifacts-0-declared_licence": "",
    })
    assert post_form(client, f"/labs/{lab.slug}/releases/new", form).status_code == 302
    release = db.session.scalar(select(Release))
    assert release is not None and [a.pillar for a in release.artifacts] == ["weights"]


def test_a_bad_release_puts_each_message_beside_its_row_and_saves_nothing(
    member_client: MemberClient, dispatched: list[int]
) -> None:
    lab = make_lab()
    client = member_client(lab.id)
    form = release_form(**{
        "released_on": "February 2024",
        "code_artifacts-0-locator": "git@github.com:org/train.git",
        "data_artifacts-0-declared_licence": "not a licence at all",
        "weights_artifacts-0-kind": "git",
    })
    response = post_form(client, f"/labs/{lab.slug}/releases/new", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="released_on-error"' in page
    assert 'id="code_artifacts-0-locator-error"' in page and "https://" in page
    assert 'id="data_artifacts-0-declared_licence-error"' in page
    assert 'id="weights_artifacts-0-kind-error"' in page
    assert 'value="git@github.com:org/train.git"' in page  # input kept
    assert 'value="not a licence at all"' in page
    assert count(Release) == 0 and count(CheckRun) == 0 and dispatched == []


def test_a_repeated_artifact_is_flagged_on_the_second_row(member_client: MemberClient) -> None:
    lab = make_lab()
    client = member_client(lab.id)
    form = release_form(**{
        "data_artifacts-1-kind": "hf_dataset", "data_artifacts-1-locator": "org/corpus",
    })
    page = post_form(client, f"/labs/{lab.slug}/releases/new", form).get_data(as_text=True)
    assert 'id="data_artifacts-1-locator-error"' in page and "already listed" in page
    assert 'id="data_artifacts-0-locator-error"' not in page


def test_rows_are_added_and_removed_without_javascript(member_client: MemberClient) -> None:
    lab = make_lab()
    client = member_client(lab.id)
    url = f"/labs/{lab.slug}/releases/new"
    added = post_form(client, url, {**release_form(), "add_row": "data"})
    page = added.get_data(as_text=True)
    assert added.status_code == 200
    assert 'name="data_artifacts-1-locator"' in page
    assert 'name="data_artifacts-2-locator"' not in page
    assert 'value="org/corpus"' in page and 'value="Model 7B"' in page  # typed input kept
    assert "problems to fix" not in page
    two_rows = release_form(**{"data_artifacts-1-kind": "url",
                               "data_artifacts-1-locator": "https://example.org/c.tgz"})
    removed = post_form(client, url, {**two_rows, "remove_row": "data-0"}).get_data(as_text=True)
    assert 'value="https://example.org/c.tgz"' in removed and 'value="org/corpus"' not in removed
    assert 'name="data_artifacts-1-locator"' not in removed
    assert count(Release) == 0


def test_the_row_template_for_scripts_has_placeholder_names(member_client: MemberClient) -> None:
    lab = make_lab()
    page = member_client(lab.id).get(f"/labs/{lab.slug}/releases/new").get_data(as_text=True)
    assert '<template data-row-template>' in page
    assert 'name="code_artifacts-__index__-entrypoint"' in page
    assert 'name="weights_artifacts-__index__-entrypoint"' not in page  # only git has one
    assert "js/artifact-rows.js" in page


def test_non_members_may_not_submit_to_a_lab(member_client: MemberClient) -> None:
    lab = make_lab()
    client = member_client()
    assert client.get(f"/labs/{lab.slug}/releases/new").status_code == 403
    token_page = client.get("/labs/new")
    response = client.post(f"/labs/{lab.slug}/releases/new", data={
        "csrf_token": _token(token_page), **release_form()})
    assert response.status_code == 403
    assert count(Release) == 0


def _token(page: Any) -> str:
    from tests.integration.web.conftest import csrf_token

    return csrf_token(page)


def test_admins_may_submit_to_any_lab(client: FlaskClient, dispatched: list[int]) -> None:
    lab = make_lab()
    make_user("admin@example.org", admin=True)
    sign_in(client, "admin@example.org")
    response = post_form(client, f"/labs/{lab.slug}/releases/new", release_form())
    assert response.status_code == 302
    release = db.session.scalar(select(Release))
    assert release is not None and not release.community_submitted


def test_lab_page_offers_submission_only_to_those_who_may(member_client: MemberClient) -> None:
    lab = make_lab()
    other = make_lab()
    client = member_client(lab.id)
    assert "Submit a release" in client.get(f"/labs/{lab.slug}").get_data(as_text=True)
    assert "Submit a release" not in client.get(f"/labs/{other.slug}").get_data(as_text=True)


def test_recheck_is_for_members_and_starts_one_run(
    member_client: MemberClient, dispatched: list[int]
) -> None:
    release = make_release()
    url = f"/labs/{release.lab.slug}/{release.slug}"
    client = member_client(release.lab_id)
    page = client.get(url)
    assert "Re-check now" in page.get_data(as_text=True)
    response = post_form(client, f"{url}/check", {}, page_url=url)
    assert response.status_code == 302 and response.headers["Location"] == f"{url}#progress"
    again = post_form(client, f"{url}/check", {}, page_url=url)
    assert again.status_code == 302
    runs = db.session.scalars(select(CheckRun)).all()
    assert len(runs) == 1 and runs[0].trigger == "manual" and dispatched == [runs[0].id]


def test_recheck_is_refused_to_others(client: FlaskClient, dispatched: list[int]) -> None:
    release = make_release()
    url = f"/labs/{release.lab.slug}/{release.slug}"
    anonymous = post_form(client, f"{url}/check", {}, page_url="/login")
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")
    make_user("stranger@example.org")
    sign_in(client, "stranger@example.org")
    assert "Re-check now" not in client.get(url).get_data(as_text=True)
    assert post_form(client, f"{url}/check", {}, page_url=url).status_code == 403
    assert count(CheckRun) == 0
