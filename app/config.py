"""Configuration: every REGISTRY_* key with its type, its default and what it means.

Values come from, in order: these defaults, the environment (`REGISTRY_<KEY>`), then the
overrides given to create_app(). pydantic-settings reads them: lists and mappings are JSON
in the environment, numbers and flags are parsed from their text, and every value (from
the environment or an override, nested items included) is checked against its type once
at start-up, so a bad value fails fast with a clear message.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)
from pydantic_settings.exceptions import SettingsError

# The words a flag takes in the environment; anything else is refused, not read as false.
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


def _flag(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return value  # a bool passes; anything else fails bool validation with its type
    lowered = str(value).strip().lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    raise ValueError("must be true or false")


def _number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a number")
    return value


Flag = Annotated[bool, BeforeValidator(_flag)]
# A count of seconds inside a list or mapping: kept as given (300 stays 300), one message.
Number = Annotated[int | float, BeforeValidator(_number)]


class RegistrySettings(BaseSettings):
    """The REGISTRY_* settings, typed; README's configuration table lists them in this order."""

    # extra="allow": a REGISTRY_* override this table does not know still reaches app.config.
    model_config = SettingsConfigDict(case_sensitive=True, extra="allow")

    REGISTRY_DATABASE_URL: str | None = Field(
        None, description="SQLAlchemy URL; default: SQLite file under instance/."
    )
    REGISTRY_SECRET_KEY: str | None = Field(
        None, description="Session and CSRF signing key; required outside debug."
    )
    REGISTRY_DEBUG: Flag = Field(False, description="Debug mode: allows a generated SECRET_KEY.")
    REGISTRY_REDIS_URL: str | None = Field(
        None, description="Redis for the job queue and rate limits; unset: in-process."
    )
    REGISTRY_OFFLINE: Flag = Field(
        False, description="Start the loopback stand-ins and point the checkers at them."
    )
    REGISTRY_STANDIN_FOLDERS: list[str] = Field(
        [], description="Extra manifest folders served by the stand-ins."
    )
    REGISTRY_HUB_ENDPOINT: str = Field(
        "https://huggingface.co", description="Hugging Face Hub endpoint."
    )
    REGISTRY_HUB_TIMEOUT: float = Field(10.0, description="Seconds before a Hub call is abandoned.")
    REGISTRY_GIT_TIMEOUT: float = Field(60.0, description="Seconds before a git call is killed.")
    REGISTRY_HTTP_TIMEOUT: float = Field(
        10.0, description="Seconds before a URL probe is abandoned."
    )
    REGISTRY_ALLOW_HOSTS: list[str] = Field(
        [], description="Hosts or IPs exempt from the SSRF guard (tests only)."
    )
    REGISTRY_URL_REWRITES: dict[str, str] = Field(
        {}, description="Public URL prefix -> replacement prefix (offline mode)."
    )
    REGISTRY_STALE_AFTER_DAYS: int = Field(
        30, description="Evidence older than this many days is stale."
    )
    REGISTRY_RECHECK_EVERY_HOURS: int = Field(24, description="Cadence of scheduled re-checks.")
    REGISTRY_LAB_SWEEP_EVERY_HOURS: int = Field(
        24, description="Cadence of the Hub sweeps of labs that turned `sweep_hub` on."
    )
    REGISTRY_BADGE_MAX_AGE: int = Field(
        300, description="Cache-Control max-age of badges, in seconds."
    )
    REGISTRY_BADGE_FRESH_SECONDS: float = Field(
        2.0, description="Seconds a worker reuses a badge read; 0: never."
    )
    REGISTRY_COMMUNITY_SUBMISSIONS: Flag = Field(
        False, description="Let any signed-in account submit labs."
    )
    REGISTRY_LOGIN_RATE_LIMIT: str = Field(
        "10 per minute", description="Sign-in attempts allowed per address."
    )
    REGISTRY_PROXY_HOPS: int = Field(
        0, description="Trusted reverse proxies in front (X-Forwarded-For/-Proto)."
    )
    REGISTRY_SEED_ON_START: Flag = Field(
        True, description="The serve command seeds an empty database."
    )
    REGISTRY_MAX_CONTENT_LENGTH: int = Field(
        1_048_576, description="Largest request body accepted, in bytes."
    )
    REGISTRY_CHECK_WORKERS: int = Field(
        2, description="Threads running checks in-process without Redis."
    )
    # Its allowed values are checked where the executor is chosen (app/tasks), with the list.
    REGISTRY_CHECK_EXECUTOR: str = Field(
        "auto",
        description=(
            "Where checks run: auto (rq with Redis, else embedded), embedded, rq, or manual."
        ),
    )
    REGISTRY_QUEUE_NAME: str = Field(
        "registry-checks", description="RQ queue name; also prefixes job ids."
    )
    REGISTRY_CHECK_TIMEOUTS: dict[str, Number] = Field(
        {"weights": 300, "code": 300, "data": 300},
        description="Seconds each checker may take per artifact; a run's timeout is their sum.",
    )
    REGISTRY_CHECK_RETRIES: int = Field(
        2, description="Retries after a failed or timed-out check attempt."
    )
    REGISTRY_CHECK_RETRY_BACKOFF: list[Number] = Field(
        [30, 120, 600], description="Seconds before each retry."
    )
    REGISTRY_HEARTBEAT_SECONDS: float = Field(
        10.0, description="How often a running check says it is alive."
    )
    REGISTRY_HEARTBEAT_TIMEOUT: float = Field(
        60.0, description="Silence before a running check is reclaimed."
    )
    REGISTRY_SWEEP_EVERY_SECONDS: int = Field(
        300, description="How often stalled runs and re-checks are swept."
    )
    REGISTRY_WORKER_FORK: bool = Field(
        False, description="Run each RQ job in a forked work horse (slower)."
    )
    REGISTRY_PROBE_BATCH: int = Field(
        500, description="Scheduled re-checks probed together in one job."
    )
    REGISTRY_PROBE_WORKERS: int = Field(
        8, description="Revision probes (git heads, Hub info) run at once per job."
    )
    REGISTRY_PROBE_LISTING_MIN: int = Field(
        2, description="Repos of one Hub owner per batch worth a listing."
    )
    REGISTRY_PROBE_LISTING_PAGES: int = Field(
        20, description="Listing pages (1,000 repos each) read per owner."
    )
    REGISTRY_API_PAGE_SIZE_MAX: int = Field(100, description="Largest page size the API returns.")
    REGISTRY_EXACT_TOTAL_CAP: int = Field(
        10_000,
        description=(
            "Lists count at most this many rows (past it: 'more than'), and numbered pages stop "
            "there; cursors go further."
        ),
    )
    REGISTRY_API_WRITE_RATE_LIMIT: str = Field(
        "60 per minute", description="API writes allowed per client address."
    )
    REGISTRY_MOT_REPOSITORY: str = Field(
        "https://github.com/lfai/model_openness_tool",
        description="Git repository `registry sync mot` reads MOF model files from (models/).",
    )
    REGISTRY_OSAI_REPOSITORY: str = Field(
        "https://github.com/Language-Technology-Assessment/main-database",
        description="Git repository `registry sync osai` reads OSAI entries from.",
    )
    REGISTRY_FRAMEWORK_SYNC: list[str] = Field(
        [],
        description='Frameworks the scheduler syncs from upstream, e.g. ["mot", "osai"]; []: none.',
    )
    REGISTRY_FRAMEWORK_SYNC_EVERY_HOURS: int = Field(
        24, description="Cadence of those scheduled framework syncs."
    )
    REGISTRY_IDEMPOTENCY_TTL_SECONDS: int = Field(
        86400,
        description=(
            "How long an API write's Idempotency-Key and its response are kept for retries."
        ),
    )
    REGISTRY_RETRY_AFTER_SECONDS: int = Field(
        5, description="Retry-After of a 503 while the database or queue is down."
    )
    REGISTRY_HUB_RETRY_AFTER_MAX: float = Field(
        30.0,
        description=(
            "Most seconds a check waits, in all, on a Hub 429's Retry-After before it is "
            "rate_limited."
        ),
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Only the values load_settings() passes: it reads the environment it is given, so
        # the class itself never looks at os.environ behind a test's back.
        return (init_settings,)


@dataclass(frozen=True)
class Setting:
    """A configuration key with its default and a one-line description for README."""

    key: str
    default: Any
    doc: str


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(key, field.default, field.description or "")
    for key, field in RegistrySettings.model_fields.items()
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


class _Environment(EnvSettingsSource):
    """The REGISTRY_* variables of a given environment, JSON-decoded where the type is a list
    or a mapping."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ
        super().__init__(RegistrySettings, case_sensitive=True)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return {key: value for key, value in self._environ.items() if key.startswith("REGISTRY_")}


def load_settings(environ: Mapping[str, str], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Return the REGISTRY_* settings from defaults, environment and overrides, type-checked."""
    try:
        values = {**_Environment(environ)(), **overrides}
        return RegistrySettings(**values).model_dump()
    except SettingsError as error:  # a list or mapping in the environment that is not JSON
        key = next((k for k in RegistrySettings.model_fields if f'"{k}"' in str(error)), "A value")
        raise ConfigError(
            f"{key} is not JSON, got {environ.get(key)!r}: write lists and mappings as JSON, "
            """e.g. REGISTRY_ALLOW_HOSTS='["127.0.0.1"]'"""
        ) from error
    except ValidationError as error:
        raise ConfigError("; ".join(_explain(e) for e in error.errors())) from error


def _explain(error: Any) -> str:
    key = ".".join(str(part) for part in error["loc"])
    explained = f"{key}: {error['msg'].removeprefix('Value error, ')}, got {error['input']!r}"
    field = RegistrySettings.model_fields.get(str(error["loc"][0]))
    if field is None:
        return explained
    return f"{explained}: fix it or unset it for the default ({field.default!r})"


def env_defaults() -> Mapping[str, str]:
    """Return the process environment (a seam so tests can pass their own)."""
    return os.environ
