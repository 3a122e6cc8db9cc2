"""`registry token create|list|revoke`: personal, printed once, stored hashed, revocable."""

from __future__ import annotations

import hashlib

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from app.extensions import db
from app.models import ApiToken, LabMember, User
from app.services.errors import Unauthenticated
from app.services.tokens import identity_for_token
from tests.factories import make_account, make_lab

LAB = {"slug": "alpha", "name": "Alpha"}


ADMIN = "ops@example.org"
MEMBER = "member@example.org"


@pytest.fixture
def accounts(app: Flask) -> None:
    make_account(ADMIN, admin=True)
    make_account(MEMBER)


def create(runner: FlaskCliRunner, *args: str) -> str:
    result = runner.invoke(args=["registry", "token", "create", *args])
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_create_prints_the_token_once_and_stores_its_hash(
    runner: FlaskCliRunner, accounts: None
) -> None:
    secret = create(runner, "--user", MEMBER, "--name", "allenai-ci")
    assert secret.startswith("reg_") and len(secret) > 40
    row = db.session.scalar(select(ApiToken))
    assert row.name == "allenai-ci" and row.scope == "submit"
    assert row.user_id is not None and row.legacy is False and row.expires_at is None
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in runner.invoke(args=["registry", "token", "list"]).output


@pytest.mark.parametrize(("scope", "admin"), [("submit", False), ("admin", True)])
def test_scopes_map_to_identities(
    runner: FlaskCliRunner, accounts: None, scope: str, admin: bool
) -> None:
    identity = identity_for_token(create(runner, "--user", ADMIN, "--name", "n", "--scope", scope))
    assert identity.can_submit and identity.is_admin is admin
    assert identity.email == ADMIN and identity.token_name == "n"
    with pytest.raises(Unauthenticated):
        identity_for_token("reg_wrong")


def test_an_unknown_scope_is_refused(runner: FlaskCliRunner, accounts: None) -> None:
    result = runner.invoke(
        args=["registry", "token", "create", "--user", ADMIN, "--name", "n", "--scope", "root"])
    assert result.exit_code == 2 and "root" in result.output
    assert db.session.scalar(select(ApiToken)) is None


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--user", "nobody@example.org", "--name", "n"], "--user"),
        (["--user", MEMBER, "--name", "n", "--scope", "admin"], "--scope"),
        (["--user", MEMBER, "--name", "n", "--lab", "ghost"], "--lab"),
        (["--user", MEMBER, "--name", "n", "--lab", "alpha"], "--lab"),
        (["--user", MEMBER, "--name", "n", "--lab", "Not A Slug"], "--lab"),
        (["--user", MEMBER, "--name", "n", "--expires", "0"], "--expires"),
        (["--user", MEMBER, "--name", " "], "--name"),
        (["--user", MEMBER, "--name", "bad\x00name"], "--name"),
    ],
)
def test_bad_options_give_one_line_and_exit_2(
    runner: FlaskCliRunner, accounts: None, args: list[str], field: str
) -> None:
    make_lab(slug="alpha")  # the member is not a member of it
    result = runner.invoke(args=["registry", "token", "create", *args])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {field}:"), result.output
    assert "Traceback" not in result.output and "Usage:" not in result.output
    assert db.session.scalar(select(ApiToken)) is None


def test_a_token_names_labs_and_expires(runner: FlaskCliRunner, accounts: None) -> None:
    lab = make_lab(slug="alpha")
    make_lab(slug="beta")
    user = db.session.scalar(select(User).where(User.email == MEMBER))
    db.session.add(LabMember(lab_id=lab.id, user_id=user.id))
    db.session.commit()
    create(runner, "--user", MEMBER, "--name", "n", "--lab", "alpha", "--expires", "30")
    listing = runner.invoke(args=["registry", "token", "list", "--user", MEMBER]).output
    assert f"\tn\t{MEMBER}\tsubmit\talpha\t" in listing and listing.rstrip().endswith("active")


def test_list_then_revoke(
    runner: FlaskCliRunner, client: FlaskClient, accounts: None
) -> None:
    secret = create(runner, "--user", MEMBER, "--name", "ci")
    auth = {"Authorization": f"Bearer {secret}"}
    assert client.post("/api/v1/labs", json=LAB, headers=auth).status_code == 201
    listing = runner.invoke(args=["registry", "token", "list"]).output
    row = db.session.scalar(select(ApiToken))
    assert f"{row.id}\tci\t{MEMBER}\tsubmit\t*\t" in listing
    assert row.last_used_at is not None
    assert listing.rstrip().endswith("\tactive"), "not revoked yet"
    result = runner.invoke(args=["registry", "token", "revoke", str(row.id)])
    assert result.exit_code == 0 and f"Revoked token {row.id} (ci)." in result.output
    response = client.patch("/api/v1/labs/alpha", json={"name": "A"}, headers=auth)
    assert response.status_code == 401
    assert runner.invoke(args=["registry", "token", "list"]).output.rstrip().endswith("\trevoked")


@pytest.mark.parametrize("token_id", ["999", "0", "-1", str(2**70)])
def test_revoking_an_unknown_token_fails(runner: FlaskCliRunner, token_id: str) -> None:
    result = runner.invoke(args=["registry", "token", "revoke", "--", token_id])
    assert result.exit_code == 2 and f"No token with id {token_id}." in result.output
