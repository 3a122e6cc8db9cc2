"""`registry token create|list|revoke`: printed once, stored hashed, revocable."""

from __future__ import annotations

import hashlib

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from app.extensions import db
from app.models import ApiToken
from app.services.tokens import identity_for_token

LAB = {"slug": "alpha", "name": "Alpha"}


def create(runner: FlaskCliRunner, *args: str) -> str:
    result = runner.invoke(args=["registry", "token", "create", *args])
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_create_prints_the_token_once_and_stores_its_hash(runner: FlaskCliRunner) -> None:
    secret = create(runner, "--name", "allenai-ci")
    assert secret.startswith("reg_") and len(secret) > 40
    row = db.session.scalar(select(ApiToken))
    assert row.name == "allenai-ci" and row.scope == "submit"
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in runner.invoke(args=["registry", "token", "list"]).output


@pytest.mark.parametrize(("scope", "admin"), [("submit", False), ("admin", True)])
def test_scopes_map_to_identities(runner: FlaskCliRunner, scope: str, admin: bool) -> None:
    identity = identity_for_token(create(runner, "--name", "n", "--scope", scope))
    assert identity is not None
    assert identity.can_submit and identity.is_admin is admin
    assert identity_for_token("reg_wrong") is None


def test_an_unknown_scope_is_refused(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["registry", "token", "create", "--name", "n", "--scope", "root"])
    assert result.exit_code == 2 and "root" in result.output
    assert db.session.scalar(select(ApiToken)) is None


def test_list_then_revoke(runner: FlaskCliRunner, client: FlaskClient) -> None:
    secret = create(runner, "--name", "ci")
    auth = {"Authorization": f"Bearer {secret}"}
    assert client.post("/api/v1/labs", json=LAB, headers=auth).status_code == 201
    listing = runner.invoke(args=["registry", "token", "list"]).output
    row = db.session.scalar(select(ApiToken))
    assert f"{row.id}\tci\tsubmit\t" in listing
    assert row.last_used_at is not None
    assert listing.rstrip().endswith("\t-"), "not revoked yet"
    result = runner.invoke(args=["registry", "token", "revoke", str(row.id)])
    assert result.exit_code == 0 and f"Revoked token {row.id} (ci)." in result.output
    response = client.patch("/api/v1/labs/alpha", json={"name": "A"}, headers=auth)
    assert response.status_code == 401
    assert not runner.invoke(args=["registry", "token", "list"]).output.rstrip().endswith("\t-")


def test_revoking_an_unknown_token_fails(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["registry", "token", "revoke", "999"])
    assert result.exit_code == 2 and "No token with id 999." in result.output
