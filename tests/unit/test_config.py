"""Configuration: typed REGISTRY_* entries, read from the environment and overrides alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.config import SETTINGS, ConfigError, load_settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def readme_default(value: Any) -> str:
    """Write a default the way README's table does."""
    return "unset" if value is None else json.dumps(value)


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.key)
def test_readme_table_row_is_the_setting(setting: Any) -> None:
    row = f"| `{setting.key}` | `{readme_default(setting.default)}` | {setting.doc} |"
    assert row in README


def test_defaults_need_no_environment() -> None:
    values = load_settings({}, {})
    assert {s.key: s.default for s in SETTINGS} == {k: values[k] for k in values}


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("REGISTRY_HUB_TIMEOUT", "5", 5.0),
        ("REGISTRY_PROXY_HOPS", "1", 1),
        ("REGISTRY_DEBUG", "1", True),
        ("REGISTRY_DEBUG", "yes", True),
        ("REGISTRY_DEBUG", "true", True),
        ("REGISTRY_DEBUG", "off", False),
        ("REGISTRY_DEBUG", "", False),
        ("REGISTRY_SECRET_KEY", "1e5", "1e5"),  # a secret is text, never a number
        ("REGISTRY_LOGIN_RATE_LIMIT", "5 per minute", "5 per minute"),
        ("REGISTRY_ALLOW_HOSTS", '["127.0.0.1"]', ["127.0.0.1"]),
        ("REGISTRY_CHECK_TIMEOUTS", '{"weights": 0.2}', {"weights": 0.2}),
        ("REGISTRY_CHECK_RETRY_BACKOFF", "[30, 120]", [30, 120]),
    ],
)
def test_environment_values_are_read_by_type(key: str, raw: str, expected: Any) -> None:
    value = load_settings({key: raw}, {})[key]
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("environ", "overrides", "fragment"),
    [
        ({"REGISTRY_HUB_TIMEOUT": "soon"}, {}, "REGISTRY_HUB_TIMEOUT: Input should be a valid number"),
        ({"REGISTRY_DEBUG": "maybe"}, {}, "REGISTRY_DEBUG: must be true or false, got 'maybe'"),
        ({"REGISTRY_ALLOW_HOSTS": "127.0.0.1"}, {}, "REGISTRY_ALLOW_HOSTS is not JSON, got '127.0.0.1'"),
        ({"REGISTRY_CHECK_RETRY_BACKOFF": '["a"]'}, {}, "REGISTRY_CHECK_RETRY_BACKOFF.0: must be a number"),
        ({}, {"REGISTRY_CHECK_TIMEOUTS": {"weights": "x"}}, "REGISTRY_CHECK_TIMEOUTS.weights: must be a number"),
        ({}, {"REGISTRY_PROXY_HOPS": 1.5}, "REGISTRY_PROXY_HOPS: Input should be a valid integer"),
        ({}, {"REGISTRY_QUEUE_NAME": 7}, "REGISTRY_QUEUE_NAME: Input should be a valid string"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_key(
    environ: dict[str, str], overrides: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(environ, overrides)
    assert fragment in str(caught.value)


def test_overrides_win_over_the_environment() -> None:
    values = load_settings({"REGISTRY_BADGE_MAX_AGE": "60"}, {"REGISTRY_BADGE_MAX_AGE": 10})
    assert values["REGISTRY_BADGE_MAX_AGE"] == 10


def test_only_known_keys_are_read_from_the_environment() -> None:
    values = load_settings({"REGISTRY_TEST_PG": "postgresql://x", "HOME": "/root"}, {})
    assert "REGISTRY_TEST_PG" not in values and "HOME" not in values


def test_a_missing_secret_stops_start_up_outside_debug(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from app import create_app

    for key in ("REGISTRY_SECRET_KEY", "REGISTRY_DEBUG"):
        monkeypatch.delenv(key, raising=False)
    database = {
        "REGISTRY_DATABASE_URL": f"sqlite:///{tmp_path / 'r.sqlite3'}",
        "REGISTRY_CHECK_EXECUTOR": "manual",  # no worker threads for a factory test
    }
    with pytest.raises(ConfigError, match="REGISTRY_SECRET_KEY is not set"):
        create_app(database)
    assert create_app({**database, "REGISTRY_DEBUG": True}).config["SECRET_KEY"]
