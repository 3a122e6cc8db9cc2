"""Migration 0006 marks every owner-less token legacy and leaves owned ones working."""

from __future__ import annotations

from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from app import create_app
from app.extensions import db
from tests.conftest import app_config
from tests.integration.test_migrations import empty_database_url  # noqa: F401  (fixture)


def test_0006_marks_owner_less_tokens_legacy(empty_database_url: str, tmp_path: Path) -> None:  # noqa: F811
    app = create_app(app_config(empty_database_url, tmp_path))
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="0005")
        engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        now = "2026-01-01 00:00:00+00:00"
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO user_account (id, email, password_hash, is_admin, created_at) "
                f"VALUES (1, 'a@example.org', 'x', false, '{now}')"))
            for token_id, user_id in [(1, "NULL"), (2, "1")]:
                connection.execute(text(
                    "INSERT INTO api_token (id, name, token_hash, scope, user_id, created_at) "
                    f"VALUES ({token_id}, 't{token_id}', 'h{token_id}', 'submit', {user_id}, "
                    f"'{now}')"))
        upgrade(directory=directory)
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT id, legacy, lab_restricted, expires_at FROM api_token ORDER BY id")).all()
        engine.dispose()
        db.engine.dispose()
    assert [(r[0], bool(r[1]), bool(r[2]), r[3]) for r in rows] == [
        (1, True, False, None), (2, False, False, None)]
