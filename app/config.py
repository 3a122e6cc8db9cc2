"""Configuration: every REGISTRY_* key with its default and what it means.

Values come from, in order: these defaults, the environment (`REGISTRY_<KEY>`, parsed as
JSON when it parses, else taken as a string), then the overrides given to create_app().
Types are coerced once at start-up so a bad value fails fast with a clear message.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    """A configuration key with its default and a one-line description for README."""

    key: str
    default: Any
    doc: str


SETTINGS: tuple[Setting, ...] = (
    Setting("REGISTRY_DATABASE_URL", None, "SQLAlchemy URL; default: SQLite file under instance/."),
    Setting("REGISTRY_SECRET_KEY", None, "Session and CSRF signing key; required outside debug."),
    Setting("REGISTRY_DEBUG", False, "Debug mode: allows a generated SECRET_KEY."),
    Setting("REGISTRY_REDIS_URL", None, "Redis for the job queue and rate limits; unset: in-process."),  # noqa: E501
    Setting("REGISTRY_OFFLINE", False, "Start the loopback stand-ins and point the checkers at them."),  # noqa: E501
    Setting("REGISTRY_STANDIN_FOLDERS", [], "Extra manifest folders served by the stand-ins."),
    Setting("REGISTRY_HUB_ENDPOINT", "https://huggingface.co", "Hugging Face Hub endpoint."),
    Setting("REGISTRY_HUB_TIMEOUT", 10.0, "Seconds before a Hub call is abandoned."),
    Setting("REGISTRY_GIT_TIMEOUT", 60.0, "Seconds before a git call is killed."),
    Setting("REGISTRY_HTTP_TIMEOUT", 10.0, "Seconds before a URL probe is abandoned."),
    Setting("REGISTRY_ALLOW_HOSTS", [], "Hosts or IPs exempt from the SSRF guard (tests only)."),
    Setting("REGISTRY_URL_REWRITES", {}, "Public URL prefix -> replacement prefix (offline mode)."),
    Setting("REGISTRY_STALE_AFTER_DAYS", 30, "Evidence older than this many days is stale."),
    Setting("REGISTRY_RECHECK_EVERY_HOURS", 24, "Cadence of scheduled re-checks."),
    Setting("REGISTRY_BADGE_MAX_AGE", 300, "Cache-Control max-age of badges, in seconds."),
    Setting("REGISTRY_BADGE_FRESH_SECONDS", 2.0, "Seconds a worker reuses a badge read; 0: never."),
    Setting("REGISTRY_COMMUNITY_SUBMISSIONS", False, "Let any signed-in account submit labs."),
    Setting("REGISTRY_LOGIN_RATE_LIMIT", "10 per minute", "Sign-in attempts allowed per address."),
    Setting("REGISTRY_PROXY_HOPS", 0, "Trusted reverse proxies in front (X-Forwarded-For/-Proto)."),
    Setting("REGISTRY_SEED_ON_START", True, "The serve command seeds an empty database."),
    Setting("REGISTRY_MAX_CONTENT_LENGTH", 1_048_576, "Largest request body accepted, in bytes."),
    Setting("REGISTRY_CHECK_WORKERS", 2, "Threads running checks in-process without Redis."),
    Setting(
        "REGISTRY_CHECK_EXECUTOR",
        "auto",
        "Where checks run: auto (rq with Redis, else embedded), embedded, rq, or manual.",
    ),
    Setting("REGISTRY_QUEUE_NAME", "registry-checks", "RQ queue name; also prefixes job ids."),
    Setting(
        "REGISTRY_CHECK_TIMEOUTS",
        {"weights": 300, "code": 300, "data": 300},
        "Seconds each checker may take per artifact; a run's timeout is their sum.",
    ),
    Setting("REGISTRY_CHECK_RETRIES", 2, "Retries after a failed or timed-out check attempt."),
    Setting("REGISTRY_CHECK_RETRY_BACKOFF", [30, 120, 600], "Seconds before each retry."),
    Setting("REGISTRY_HEARTBEAT_SECONDS", 10.0, "How often a running check says it is alive."),
    Setting("REGISTRY_HEARTBEAT_TIMEOUT", 60.0, "Silence before a running check is reclaimed."),
    Setting("REGISTRY_SWEEP_EVERY_SECONDS", 300, "How often stalled runs and re-checks are swept."),
    Setting("REGISTRY_API_PAGE_SIZE_MAX", 100, "Largest page size the API returns."),
    Setting(
        "REGISTRY_API_WRITE_RATE_LIMIT", "60 per minute", "API writes allowed per client address."
    ),
    Setting(
        "REGISTRY_MOT_REPOSITORY",
        "https://github.com/lfai/model_openness_tool",
        "Git repository `registry sync mot` reads MOF model files from (models/).",
    ),
    Setting(
        "REGISTRY_OSAI_REPOSITORY",
        "https://github.com/Language-Technology-Assessment/main-database",
        "Git repository `registry sync osai` reads OSAI entries from.",
    ),
    Setting(
        "REGISTRY_FRAMEWORK_SYNC",
        [],
        'Frameworks the scheduler syncs from upstream, e.g. ["mot", "osai"]; []: none.',
    ),
    Setting(
        "REGISTRY_FRAMEWORK_SYNC_EVERY_HOURS", 24, "Cadence of those scheduled framework syncs."
    ),
    Setting(
        "REGISTRY_IDEMPOTENCY_TTL_SECONDS",
        86400,
        "How long an API write's Idempotency-Key and its response are kept for retries.",
    ),
    Setting(
        "REGISTRY_RETRY_AFTER_SECONDS",
        5,
        "Retry-After of a 503 while the database or queue is down.",
    ),
    Setting(
        "REGISTRY_HUB_RETRY_AFTER_MAX",
        30.0,
        "Most seconds a check waits, in all, on a Hub 429's Retry-After before it is rate_limited.",
    ),
)


# How a type reads in an error message.
TYPE_WORDS: dict[type, str] = {
    float: "a number",
    int: "a whole number",
    str: "text",
    list: "a JSON list",
    dict: "a JSON object",
}


class ConfigError(ValueError):
    """A configuration value has the wrong type."""


def load_settings(environ: Mapping[str, str], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Return the REGISTRY_* settings from defaults, environment and overrides, type-checked."""
    values = {s.key: s.default for s in SETTINGS}
    for setting in SETTINGS:
        if setting.key in environ:
            values[setting.key] = _parse_env(environ[setting.key])
    values.update(overrides)
    for setting in SETTINGS:
        values[setting.key] = _coerce(setting, values[setting.key])
    return values


def _parse_env(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _coerce(setting: Setting, value: Any) -> Any:
    default = setting.default
    if value is None or default is None:
        return value
    expected = float if isinstance(default, float) else type(default)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if expected is bool and isinstance(value, str | int) and not isinstance(value, bool):
        return _parse_bool(setting.key, str(value))
    if not isinstance(value, expected):
        raise ConfigError(
            f"{setting.key} must be {TYPE_WORDS.get(expected, expected.__name__)}, got {value!r}: "
            f"fix it or unset it for the default ({setting.default!r}). {setting.doc}"
        )
    return value


def _parse_bool(key: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{key} must be true or false (1 or 0), got {value!r}.")


def env_defaults() -> Mapping[str, str]:
    """Return the process environment (a seam so tests can pass their own)."""
    return os.environ
