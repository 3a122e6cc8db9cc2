"""The JSON API (flask-smorest): blueprints over the same services the pages use."""

from __future__ import annotations

from flask import Flask

from app.extensions import api

API_CONFIG = {
    "API_TITLE": "Openness Registry API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
}


def configure(app: Flask) -> None:
    """Set flask-smorest's settings unless the app already has them."""
    for key, value in API_CONFIG.items():
        app.config.setdefault(key, value)


def register_api(app: Flask) -> None:
    """Register every API blueprint."""
    from app.api.labs import blp as labs_blp

    api.register_blueprint(labs_blp)


__all__ = ["api", "configure", "register_api"]
