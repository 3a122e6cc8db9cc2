"""Every `flask --app app registry ...` command group ends a configuration or input error
in one line with the fix (exit status 2); a traceback only with --debug or REGISTRY_DEBUG=1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskCliRunner

from app import create_app
from app.cli.errors import RegistryGroup
from tests.conftest import app_config

ROOT = Path(__file__).resolve().parents[3]


def one_error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("Error: "), output
    assert "Traceback" not in output
    return lines[0]


# One bad invocation per command and group: (arguments, words the line must hold).
BAD_INVOCATIONS = [
    (["registry", "seed", "--file", "{tmp}/missing.json"], "No such file"),
    (["registry", "seed", "--file", "{tmp}/broken.json"], "Not valid JSON"),
    (["registry", "serve", "--port", "many"], "'many' is not a valid integer"),
    (["registry", "check"], "Name LAB or LAB/RELEASE, or pass --all"),
    (["registry", "check", "ghost/nothing"], "ghost"),
    (["registry", "worker"], "REGISTRY_REDIS_URL is not set"),
    (["registry", "scheduler"], "REGISTRY_REDIS_URL is not set"),
    (["registry", "discover"], "Missing option '--org'"),
    (["registry", "import", "mof", "{tmp}"], "No .yml or .yaml files found"),
    (["registry", "import", "osai", "{tmp}/nowhere"], "does not exist"),
    (["registry", "import", "nothing"], "No such command 'nothing'"),
    (["registry", "sync", "elsewhere"], "'elsewhere' is not one of"),
    (["registry", "export", "--format", "csv"], "CSV to stdout needs --table"),
    (["registry", "export", "--format", "aibom", "--release", "a/b"], "LAB/RELEASE"),
    (["registry", "import-export", "{tmp}/broken.json"], "is not JSON"),
    (["registry", "token", "create"], "Missing option '--user'"),
    (["registry", "token", "revoke", "999"], "No token with id 999"),
    (["registry", "token", "revoke", "first"], "'first' is not a valid integer"),
    (["registry", "user", "create", "--email", "nobody", "--password-stdin"], "email:"),
    (["registry", "user", "add-member", "--email", "a@example.org", "--lab", "ghost"], "ghost"),
]


@pytest.mark.parametrize(("args", "words"), BAD_INVOCATIONS, ids=lambda v: " ".join(v)[:60])
def test_each_command_says_what_is_wrong_in_one_line(
    runner: FlaskCliRunner, tmp_path: Path, args: list[str], words: str
) -> None:
    (tmp_path / "broken.json").write_text("{not json")
    result = runner.invoke(
        args=[a.replace("{tmp}", str(tmp_path)) for a in args], input="long enough password\n"
    )
    assert result.exit_code == 2, result.output
    assert words in one_error_line(result.output)


def test_a_database_without_tables_says_to_migrate(tmp_path: Path) -> None:
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    result = create_app(app_config(empty, tmp_path)).test_cli_runner().invoke(
        args=["registry", "token", "list"]
    )
    assert result.exit_code == 2
    assert "run `flask --app app db upgrade` first" in one_error_line(result.output)


def test_an_unreachable_database_says_so(tmp_path: Path) -> None:
    nowhere = "postgresql://127.0.0.1:9/registry"  # the discard port: nothing listens
    result = create_app(app_config(nowhere, tmp_path)).test_cli_runner().invoke(
        args=["registry", "seed"]
    )
    assert result.exit_code == 2
    assert "cannot be reached" in one_error_line(result.output)


def _flask(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("REGISTRY_", "FLASK_"))}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120,
    )


def test_an_unset_secret_key_is_one_line_with_the_fix(tmp_path: Path) -> None:
    result = _flask("registry", "seed", REGISTRY_DATABASE_URL=f"sqlite:///{tmp_path}/r.db")
    assert result.returncode == 2
    line = one_error_line(result.stdout + result.stderr)
    assert "REGISTRY_SECRET_KEY is not set" in line and "REGISTRY_DEBUG=1" in line


def test_a_bad_setting_names_the_key_and_its_default(tmp_path: Path) -> None:
    result = _flask(
        "registry", "token", "list", REGISTRY_SECRET_KEY="s", REGISTRY_HUB_TIMEOUT="soon",
        REGISTRY_DATABASE_URL=f"sqlite:///{tmp_path}/r.db",
    )
    assert result.returncode == 2
    line = one_error_line(result.stdout + result.stderr)
    assert "REGISTRY_HUB_TIMEOUT: Input should be a valid number" in line and "(10.0)" in line


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = _flask("--debug", "registry", "seed", REGISTRY_DATABASE_URL=f"sqlite:///{tmp_path}/r.db")
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "REGISTRY_SECRET_KEY is not set" in result.stderr


def _group_with_a_bug() -> click.Group:
    group = RegistryGroup("registry")

    @group.command("broken", with_appcontext=False)
    def broken() -> None:
        raise RuntimeError("a bug nobody foresaw")

    return group


def test_an_unforeseen_error_is_one_line_saying_how_to_see_the_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("REGISTRY_DEBUG", raising=False)
    result = CliRunner().invoke(_group_with_a_bug(), ["broken"])
    assert result.exit_code == 1
    line = one_error_line(result.output)
    assert "RuntimeError: a bug nobody foresaw" in line and "--debug" in line


def test_registry_debug_prints_the_unforeseen_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGISTRY_DEBUG", "1")
    result = CliRunner().invoke(_group_with_a_bug(), ["broken"])
    assert result.exit_code == 1
    assert "Traceback" in result.output and "a bug nobody foresaw" in result.output


def test_the_app_under_test_is_not_debugging(app: Flask) -> None:
    assert not app.config["REGISTRY_DEBUG"]
