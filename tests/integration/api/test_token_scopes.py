"""Every API write route against every kind of token: tokens are personal and scoped.

A member's submit token writes to its own labs only, narrowed further to the labs it names;
admin scope is for administrators' accounts; revoked, expired and legacy (owner-less)
tokens are 401s that say what to do. Each allowed write is recorded with the account and
token that made it, and shown in the release's (or lab's) history.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import ApiToken, Lab, LabMember, Release, User, WriteRecord, utcnow
from app.services.errors import Forbidden, InvalidInput
from app.services.identity import Identity, may_edit_lab, require_admin, require_lab_editor
from app.services.tokens import create_token, hash_token, revoke_token
from tests.factories import bearer, make_account, make_lab, make_release, make_token
from tests.integration.api.conftest import artifact, release_body

MEMBER = "member@example.org"
# (method, path under a lab, body, success status, action recorded)
LAB_WRITES = [
    ("patch", "/api/v1/labs/{lab}", {"name": "Renamed"}, 200, "lab.update"),
    ("post", "/api/v1/labs/{lab}/releases", release_body("fresh"), 201, "release.create"),
    ("put", "/api/v1/labs/{lab}/releases/one/artifacts",
     {"artifacts": [artifact("weights", locator="org/other")]}, 200, "release.artifacts"),
    ("post", "/api/v1/labs/{lab}/releases/one/checks", None, 202, "release.check"),
]
ADMIN_WRITES = [
    ("delete", "/api/v1/labs/{lab}/releases/one", None, 204, "release.delete"),
    ("delete", "/api/v1/labs/{lab}", None, 204, "lab.delete"),
]
ALL_WRITES = [*LAB_WRITES, *ADMIN_WRITES]
ids = [f"{m} {p.split('{lab}')[-1] or '/'}" for m, p, *_ in ALL_WRITES]


@pytest.fixture
def labs(app: Flask, dispatched: list[int]) -> dict[str, Lab]:
    """Labs alpha (the member's), beta (the member's too) and gamma (someone else's)."""
    made = {slug: make_lab(slug=slug, name=slug.title()) for slug in ("alpha", "beta", "gamma")}
    for lab in made.values():
        make_release(lab, slug="one")
    return made


@pytest.fixture
def member(labs: dict[str, Lab]) -> User:
    return make_account(MEMBER, labs=(labs["alpha"], labs["beta"]))


def send(client: FlaskClient, method: str, path: str, body: Any, lab: str, secret: str) -> Any:
    kwargs = {"json": body} if body is not None else {}
    return getattr(client, method)(path.format(lab=lab), headers=bearer(secret), **kwargs)


def unchanged(labs: dict[str, Lab]) -> None:
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Lab)) == 3
    assert db.session.scalar(select(func.count()).select_from(Release)) == 3
    assert {lab.name for lab in db.session.scalars(select(Lab))} == {"Alpha", "Beta", "Gamma"}
    assert db.session.scalar(select(func.count()).select_from(WriteRecord)) == 0


def history_writes(client: FlaskClient, lab: str, action: str) -> list[dict[str, Any]]:
    if action.startswith("release.") and action != "release.delete":
        release = "fresh" if action == "release.create" else "one"
        return client.get(f"/api/v1/labs/{lab}/releases/{release}/history").json["writes"]
    return client.get(f"/api/v1/labs/{lab}/history").json["writes"]


# ---- a member's submit token -------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body", "status", "action"), LAB_WRITES,
                         ids=ids[: len(LAB_WRITES)])
def test_a_member_token_writes_to_its_own_lab_and_the_write_is_recorded(
    client: FlaskClient, member: User, method: str, path: str, body: Any, status: int,
    action: str,
) -> None:
    secret = make_token(member, name="alpha-ci")
    response = send(client, method, path, body, "alpha", secret)
    assert response.status_code == status, response.json
    (write,) = history_writes(client, "alpha", action)
    token_id = db.session.scalar(select(ApiToken.id))
    assert write["action"] == action and write["account"] == MEMBER and write["via"] == "api"
    assert write["token"] == {"id": token_id, "name": "alpha-ci"}


@pytest.mark.parametrize(("method", "path", "body", "status", "action"), ALL_WRITES, ids=ids)
def test_a_member_token_cannot_write_to_another_lab(
    client: FlaskClient, labs: dict[str, Lab], member: User, method: str, path: str,
    body: Any, status: int, action: str,
) -> None:
    response = send(client, method, path, body, "gamma", make_token(member))
    assert response.status_code == 403
    expected = "Only administrators may do this." if method == "delete" else (
        "You are not a member of this lab.")
    assert response.json["message"] == expected
    unchanged(labs)


@pytest.mark.parametrize(("method", "path", "body", "status", "action"), LAB_WRITES,
                         ids=ids[: len(LAB_WRITES)])
def test_a_token_naming_labs_writes_only_to_those(
    client: FlaskClient, labs: dict[str, Lab], member: User, method: str, path: str,
    body: Any, status: int, action: str,
) -> None:
    secret = make_token(member, labs=("beta",))
    refused = send(client, method, path, body, "alpha", secret)  # the member's, but not named
    assert refused.status_code == 403
    assert refused.json["message"] == (
        "This token does not name this lab; it writes only to the labs it names.")
    unchanged(labs)
    assert send(client, method, path, body, "beta", secret).status_code == status


@pytest.mark.parametrize("app_overrides", [{"REGISTRY_COMMUNITY_SUBMISSIONS": True}])
def test_community_submissions_open_other_labs_but_not_past_a_tokens_named_labs(
    client: FlaskClient, labs: dict[str, Lab], member: User
) -> None:
    body = {"name": "Renamed"}
    assert send(client, "patch", "/api/v1/labs/{lab}", body, "gamma",
                make_token(member)).status_code == 200
    narrowed = send(client, "patch", "/api/v1/labs/{lab}", body, "gamma",
                    make_token(member, labs=("alpha",)))
    assert narrowed.status_code == 403


# ---- tokens that no longer work ----------------------------------------------------------


def revoked_token(user: User) -> str:
    new = create_token(user.id, {"name": "old"})
    revoke_token(new.id)
    return new.secret


def expired_token(user: User) -> str:
    secret = make_token(user, expires_days=1)
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    return secret


def legacy_token(user: User, marked: bool = True) -> str:
    # As migration 0006 leaves a token made before tokens had owners (marked or not).
    secret = "reg_" + "legacy-token-secret-" * 2
    db.session.add(ApiToken(name="lab-ci", scope="admin", user_id=None, legacy=marked,
                            token_hash=hash_token(secret)))
    db.session.commit()
    return secret


DEAD_TOKENS = {
    "revoked": (revoked_token, "This API token is unknown or revoked."),
    "expired": (expired_token, "This API token expired on "),
    "legacy": (legacy_token, "This API token belongs to no account"),
    "owner-less, unmarked": (lambda user: legacy_token(user, marked=False),
                             "This API token belongs to no account"),
}


@pytest.mark.parametrize("dead", list(DEAD_TOKENS))
@pytest.mark.parametrize(("method", "path", "body", "status", "action"), ALL_WRITES, ids=ids)
def test_revoked_expired_and_legacy_tokens_are_401_saying_what_to_do(
    client: FlaskClient, labs: dict[str, Lab], dead: str, method: str, path: str,
    body: Any, status: int, action: str,
) -> None:
    make_token_for, message = DEAD_TOKENS[dead]
    admin = make_account("ops@example.org", admin=True, labs=(labs["alpha"],))
    response = send(client, method, path, body, "alpha", make_token_for(admin))
    assert response.status_code == 401
    assert response.json["message"].startswith(message)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    if dead != "revoked":
        assert "/account/tokens" in response.json["message"]
        assert "registry token create --user EMAIL" in response.json["message"]
    unchanged(labs)


# ---- admin scope -------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body", "status", "action"), ADMIN_WRITES,
                         ids=ids[len(LAB_WRITES):])
def test_an_admins_admin_token_deletes_and_the_delete_is_recorded(
    client: FlaskClient, labs: dict[str, Lab], method: str, path: str, body: Any,
    status: int, action: str,
) -> None:
    admin = make_account("ops@example.org", admin=True)
    response = send(client, method, path, body, "gamma", make_token(admin, "admin", name="ops"))
    assert response.status_code == status
    record = db.session.scalar(select(WriteRecord))
    assert (record.action, record.account, record.token_name, record.lab_slug) == (
        action, "ops@example.org", "ops", "gamma")


@pytest.mark.parametrize(("method", "path", "body", "status", "action"), ADMIN_WRITES,
                         ids=ids[len(LAB_WRITES):])
def test_an_admin_token_naming_labs_deletes_only_in_those(
    client: FlaskClient, labs: dict[str, Lab], method: str, path: str, body: Any,
    status: int, action: str,
) -> None:
    admin = make_account("ops@example.org", admin=True)
    secret = make_token(admin, "admin", labs=("beta",))
    assert send(client, method, path, body, "gamma", secret).status_code == 403
    unchanged(labs)
    assert send(client, method, path, body, "beta", secret).status_code == status


def test_admin_scope_is_refused_to_an_account_that_is_not_an_admin(member: User) -> None:
    with pytest.raises(InvalidInput) as refused:
        create_token(member.id, {"name": "ops", "scope": "admin"})
    assert "Only administrators' accounts get admin tokens" in refused.value.errors["scope"][0]
    assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 0


@pytest.mark.parametrize(("method", "path", "body", "status", "action"), ADMIN_WRITES,
                         ids=ids[len(LAB_WRITES):])
def test_an_admin_token_stops_deleting_when_its_owner_is_no_longer_an_admin(
    client: FlaskClient, labs: dict[str, Lab], method: str, path: str, body: Any,
    status: int, action: str,
) -> None:
    admin = make_account("ops@example.org", admin=True, labs=(labs["alpha"],))
    secret = make_token(admin, "admin")
    admin.is_admin = False
    db.session.commit()
    response = send(client, method, path, body, "alpha", secret)
    assert response.status_code == 403
    assert response.json["message"] == "Only administrators may do this."
    unchanged(labs)


def test_an_admins_submit_token_edits_any_lab_but_deletes_nothing(
    client: FlaskClient, labs: dict[str, Lab]
) -> None:
    secret = make_token(make_account("ops@example.org", admin=True), "submit")
    patch = send(client, "patch", "/api/v1/labs/{lab}", {"name": "G"}, "gamma", secret)
    assert patch.status_code == 200
    assert send(client, "delete", "/api/v1/labs/{lab}", None, "gamma", secret).status_code == 403


# ---- creating a lab ----------------------------------------------------------------------


def test_a_member_token_creates_a_lab_and_its_owner_becomes_a_member(
    client: FlaskClient, member: User
) -> None:
    response = client.post("/api/v1/labs", json={"slug": "delta", "name": "Delta"},
                           headers=bearer(make_token(member, name="ci")))
    assert response.status_code == 201
    lab = db.session.scalar(select(Lab).where(Lab.slug == "delta"))
    assert db.session.get(LabMember, (lab.id, member.id)) is not None
    (write,) = client.get("/api/v1/labs/delta/history").json["writes"]
    assert (write["action"], write["account"], write["token"]["name"]) == (
        "lab.create", MEMBER, "ci")


@pytest.mark.parametrize("dead", list(DEAD_TOKENS))
def test_a_dead_token_creates_no_lab(
    client: FlaskClient, labs: dict[str, Lab], member: User, dead: str
) -> None:
    make_token_for, message = DEAD_TOKENS[dead]
    response = client.post("/api/v1/labs", json={"slug": "delta", "name": "Delta"},
                           headers=bearer(make_token_for(member)))
    assert response.status_code == 401 and response.json["message"].startswith(message)
    unchanged(labs)


def test_a_token_naming_labs_creates_no_lab(
    client: FlaskClient, labs: dict[str, Lab], member: User
) -> None:
    response = client.post("/api/v1/labs", json={"slug": "delta", "name": "Delta"},
                           headers=bearer(make_token(member, labs=("alpha",))))
    assert response.status_code == 403
    assert "writes only to the labs it names" in response.json["message"]
    unchanged(labs)


def test_a_token_cannot_name_a_lab_its_owner_may_not_edit(
    labs: dict[str, Lab], member: User
) -> None:
    with pytest.raises(InvalidInput) as refused:
        create_token(member.id, {"name": "n", "labs": ["alpha", "gamma"]})
    assert "may not edit 'gamma'" in refused.value.errors["labs"][0]


# ---- no account, no edits ----------------------------------------------------------------


@pytest.mark.parametrize(
    "nobody",
    [Identity(can_submit=True), Identity(is_admin=True, can_submit=True),
     Identity(can_submit=True, edits_every_lab=True, lab_ids=frozenset({1}))],
)
def test_an_identity_without_an_account_edits_nothing(nobody: Identity) -> None:
    assert may_edit_lab(nobody, 1, community=True) is False
    with pytest.raises(Forbidden):
        require_lab_editor(nobody, 1, community=True)
    with pytest.raises(Forbidden):
        require_admin(nobody)


def test_an_operator_command_is_recorded_as_the_system(
    runner: Any, client: FlaskClient, labs: dict[str, Lab], member: User
) -> None:
    make_account("new@example.org")
    result = runner.invoke(args=["registry", "user", "add-member", "--email", "new@example.org",
                                 "--lab", "gamma"])
    assert result.exit_code == 0, result.output
    (write,) = client.get("/api/v1/labs/gamma/history").json["writes"]
    assert (write["action"], write["account"], write["via"], write["token"]) == (
        "lab.member", "system", "system", None)


def test_a_deleted_labs_members_and_tokens_do_not_pass_to_a_new_lab(
    client: FlaskClient, dispatched: list[int]
) -> None:
    lab = make_lab(slug="last")  # the newest lab: SQLite may give its id to the next one
    member = make_account(MEMBER, labs=(lab,))
    narrowed, broad = make_token(member, labs=("last",)), make_token(member)
    admin = make_token(make_account("ops@example.org", admin=True), "admin")
    assert client.delete("/api/v1/labs/last", headers=bearer(admin)).status_code == 204
    make_lab(slug="next")
    for secret in (narrowed, broad):
        response = client.patch("/api/v1/labs/next", json={"name": "Mine"}, headers=bearer(secret))
        assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(LabMember)) == 0
