"""The Flask application factory: configuration, extensions, blueprints, error handlers."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import ConfigError, env_defaults, load_settings
from app.extensions import csrf, db, limiter, login_manager, migrate
from app.security import init_security

# Shipped inside the package so an installed wheel can migrate its own database.
MIGRATIONS = str(Path(__file__).resolve().parent / "migrations")


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from defaults, REGISTRY_* environment variables and `overrides`."""
    app = Flask(__name__, instance_relative_config=True)
    try:
        register_config(app, dict(overrides or {}))
    except ConfigError as error:
        from app.cli.errors import for_command_line  # one line, not a traceback, in `flask`

        raise for_command_line(error) from error
    register_proxy(app)
    register_extensions(app)
    register_blueprints(app)
    register_public_names(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def register_config(app: Flask, overrides: dict[str, Any]) -> None:
    """Apply settings; fail fast on a bad value or a missing secret outside debug."""
    flask_keys = {k: overrides.pop(k) for k in list(overrides) if not k.startswith("REGISTRY_")}
    settings = load_settings(env_defaults(), overrides)
    app.config.update(settings)
    app.config.update(flask_keys)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", _database_url(app))
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["MAX_CONTENT_LENGTH"] = settings["REGISTRY_MAX_CONTENT_LENGTH"]
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or _secret_key(app, settings)


# Seconds to wait for a PostgreSQL connection: an unreachable server is then a quick 503,
# not a request hanging until the client gives up.
PG_CONNECT_TIMEOUT_S = 5


def _engine_options(url: str) -> dict[str, Any]:
    # pre_ping: a connection the server dropped (a restart) is replaced, not handed out.
    options: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        options["connect_args"] = {"connect_timeout": PG_CONNECT_TIMEOUT_S}
    return options


def _database_url(app: Flask) -> str:
    url = app.config["REGISTRY_DATABASE_URL"]
    if url:
        return str(url).replace("postgresql://", "postgresql+psycopg://", 1)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / 'registry.sqlite3'}"


def _secret_key(app: Flask, settings: Mapping[str, Any]) -> str:
    if settings["REGISTRY_SECRET_KEY"]:
        return str(settings["REGISTRY_SECRET_KEY"])
    if settings["REGISTRY_DEBUG"] or app.config.get("TESTING"):
        # Good enough for a local run: sessions simply do not survive a restart.
        return secrets.token_hex(32)
    raise ConfigError(
        "REGISTRY_SECRET_KEY is not set. Set it to a long random string "
        "(python -c 'import secrets; print(secrets.token_hex(32))'), "
        "or set REGISTRY_DEBUG=1 for a local run."
    )


def register_proxy(app: Flask) -> None:
    """Trust X-Forwarded-* from the configured number of proxies, and only from them.

    Rate limits key on the client address; behind a proxy every client would otherwise
    share the proxy's address.
    """
    hops = app.config["REGISTRY_PROXY_HOPS"]
    if hops:
        # Flask's documented way to wrap the WSGI app; mypy sees a method being replaced.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def register_extensions(app: Flask) -> None:
    """Bind the extension objects to this app."""
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    csrf.init_app(app)
    login_manager.init_app(app)
    init_security(app)
    register_limiter(app)
    from app.api import api, configure

    configure(app)
    api.init_app(app)
    from app.tasks import init_app as init_tasks  # the check executor: threads or RQ

    init_tasks(app)


# Redis for rate limits must answer fast or be treated as down (then limits count in memory).
LIMITER_REDIS_OPTIONS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}


def register_limiter(app: Flask) -> None:
    """Rate limits in Redis when configured, falling back to this process's memory without it.

    With Redis unreachable every API write and sign-in would otherwise answer 500; counted
    in memory, a limit still holds per process, and Redis is used again once it answers.
    """
    redis_url = app.config["REGISTRY_REDIS_URL"]
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "registry-limits")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)  # Retry-After on 429
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    if redis_url:
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", dict(LIMITER_REDIS_OPTIONS))
    limiter.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Register the web, API and health blueprints."""
    from app.api import register_api
    from app.badges.views import bp as badges_bp
    from app.feeds import bp as feeds_bp
    from app.health import bp as health_bp
    from app.web import bp as web_bp
    from app.web.admin_import import bp as interop_web_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(web_bp)
    app.register_blueprint(badges_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(interop_web_bp)
    register_api(app)


def register_public_names(app: Flask) -> None:
    """Redirect labs and releases named as their labs write them to their slug URLs."""
    from app.public_names import init_app

    init_app(app)


def register_error_handlers(app: Flask) -> None:
    """Map use-case errors to HTTP in one place."""
    from app.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    """Add the `flask registry ...` command group."""
    from app.cli import registry_cli

    app.cli.add_command(registry_cli)
