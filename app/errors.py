"""One mapping from errors to HTTP: JSON in flask-smorest's shape for the API, pages for people."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from app.services.errors import Conflict, InvalidInput, ServiceError


def wants_json() -> bool:
    """Return True for API and badge-JSON requests."""
    return request.path.startswith("/api/") or request.path.endswith(".json")


def error_body(status: int, message: str, errors: Any = None) -> dict[str, Any]:
    """Return the error shape flask-smorest emits: code, status, message, errors."""
    from http import HTTPStatus

    body: dict[str, Any] = {"code": status, "status": HTTPStatus(status).phrase, "message": message}
    if errors:
        body["errors"] = errors
    return body


def _service_error(error: ServiceError) -> Any:
    errors: Any = None
    if isinstance(error, InvalidInput):
        errors = {"json": error.errors}
    elif isinstance(error, Conflict) and error.field:
        errors = {"json": {error.field: [str(error)]}}
    if wants_json():
        return error_body(error.status, str(error), errors), error.status
    return render_template("error.html", status=error.status, message=str(error)), error.status


# Headers an HTTP error carries that the JSON answer must keep.
KEPT_HEADERS = frozenset({"allow", "www-authenticate", "retry-after"})


def _http_error(error: HTTPException) -> Any:
    status = error.code or 500
    if status == 304:
        return "", 304  # Not Modified: no body, the client's copy is current
    if wants_json():
        data = getattr(error, "data", None) or {}
        # webargs passes validation errors as "messages", grouped by location.
        errors = data.get("errors") or data.get("messages")
        message = data.get("message") or _message(status, error)
        headers = [(k, v) for k, v in error.get_headers() if k.lower() in KEPT_HEADERS]
        headers += list((data.get("headers") or {}).items())
        return error_body(status, message, errors), status, headers
    return render_template("error.html", status=status, message=error.description), status


def _message(status: int, error: HTTPException) -> str:
    if status == 413:
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        return f"The request body is larger than the {limit} bytes accepted: send less."
    return error.description or ""


def register(app: Flask) -> None:
    """Install the handlers on the app."""
    app.register_error_handler(ServiceError, _service_error)
    app.register_error_handler(HTTPException, _http_error)
