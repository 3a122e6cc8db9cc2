"""The JSON API (flask-smorest): blueprints over the same services the pages use."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask_cors import CORS

from app.api.auth import SECURITY_SCHEMES
from app.api.base import SLUG_PARAM_SCHEMA, SlugConverter
from app.etags import with_etag
from app.extensions import api
from schemas.fields import PartialDate

API_DESCRIPTION = """\
Verified openness of AI model releases: weights, training code and training data, with
the evidence behind every verdict.

* Reads need no token and may be called from any web page (CORS, GET only).
* Lists are paginated: `page` and `page_size` (at most `REGISTRY_API_PAGE_SIZE_MAX`, 100 by
  default); the `X-Pagination` header has the counts and `Link` the neighbouring pages.
  Totals stop at `REGISTRY_EXACT_TOTAL_CAP` (10,000 by default; `total_relation` is then
  `gt`) and so do numbered pages: past that, pass `next_cursor` back as `cursor`.
* Reads send an `ETag`; repeat it in `If-None-Match` to get `304 Not Modified`.
* Writes need `Authorization: Bearer <token>` with a personal token (your account page,
  `/account/tokens`, or `flask --app app registry token create --user EMAIL`): it writes
  only to labs its account may edit, narrowed to the labs it names. Writes take a JSON
  body, are rate-limited per client address, and are recorded with the account and token
  (`.../history`).
* Every error has one shape: `{code, status, message, errors}`; `errors` groups field
  messages by location (`json`, `query`) and field.
"""

API_CONFIG: dict[str, Any] = {
    "API_TITLE": "Openness Registry API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {"description": API_DESCRIPTION},
        "components": {"securitySchemes": SECURITY_SCHEMES},
    },
}
# Reads only: no credentials, and a preflight allows no write method.
CORS_RESOURCES: dict[str | re.Pattern[str], dict[str, Any]] = {
    r"/api/v1/*": {"origins": "*", "methods": ["GET", "HEAD"]},
    r"/api/openapi.json": {"origins": "*", "methods": ["GET", "HEAD"]},
}
CORS_EXPOSED_HEADERS = ["ETag", "Link", "X-Pagination"]
# flask-smorest serves the OpenAPI document from its own blueprint, "api-docs".
OPENAPI_ENDPOINT = "api-docs.openapi_json"

api.register_converter(SlugConverter, lambda converter: dict(SLUG_PARAM_SCHEMA))
api.register_field(PartialDate, "string", None)


def configure(app: Flask) -> None:
    """Set flask-smorest's settings unless the app already has them; add the slug URLs."""
    for key, value in API_CONFIG.items():
        app.config.setdefault(key, value)
    app.url_map.converters["slug"] = SlugConverter


# apispec writes a nullable nested schema for OpenAPI 3.0 as anyOf [{"type": "object",
# "nullable": true}, {"$ref": ...}], whose first branch admits any object at all; the spec
# would then allow `"provenance": {}`, which the schema refuses. Null is all it means.
NULL_BRANCH = {"type": "object", "nullable": True}
NULL_ONLY = {"type": "object", "nullable": True, "enum": [None]}


def _null_means_null(_converter: Any, _field: Any, ret: dict[str, Any], **_: Any) -> dict[str, Any]:
    branches = ret.get("anyOf")
    if not isinstance(branches, list) or NULL_BRANCH not in branches:
        return {}
    return {"anyOf": [NULL_ONLY if b == NULL_BRANCH else b for b in branches]}


def register_api(app: Flask) -> None:
    """Register every API blueprint, the docs page and CORS for reads."""
    api.ma_plugin.converter.add_attribute_function(_null_means_null)
    from app.api.checks import blp as checks_blp
    from app.api.compare import blp as compare_blp
    from app.api.discovery import blp as discovery_blp
    from app.api.docs import bp as docs_bp
    from app.api.history import blp as history_blp
    from app.api.interop import blp as interop_blp
    from app.api.labs import blp as labs_blp
    from app.api.releases import blp as releases_blp

    for blueprint in (
        labs_blp, releases_blp, checks_blp, history_blp, interop_blp, discovery_blp, compare_blp
    ):
        api.register_blueprint(blueprint)
    app.register_blueprint(docs_bp)
    app.view_functions[OPENAPI_ENDPOINT] = with_etag(app.view_functions[OPENAPI_ENDPOINT])
    CORS(
        app,
        resources=CORS_RESOURCES,
        supports_credentials=False,
        send_wildcard=True,
        expose_headers=CORS_EXPOSED_HEADERS,
    )


__all__ = ["api", "configure", "register_api"]
