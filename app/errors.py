"""One mapping from errors to HTTP: JSON in flask-smorest's shape for the API, pages for people.

An outage of the database or of the job queue is a 503 with `Retry-After`, never a 500:
the API answers in the one error shape, pages with a plain "temporarily unavailable" page
rendered without touching the database (the normal layout asks it who is signed in).
"""

from __future__ import annotations

import contextlib
import logging
from http import HTTPStatus
from typing import Any

import redis.exceptions
import sqlalchemy.exc
from flask import Flask, current_app, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from app.etags import not_modified_headers
from app.extensions import db
from app.services.errors import Conflict, InvalidInput, NotFound, PageTooDeep, ServiceError

log = logging.getLogger(__name__)

# Errors that mean "a dependency is unreachable right now", by dependency. pool TimeoutError:
# every connection is busy or being re-established; OperationalError covers refused and
# dropped connections, a server shutting down or starting up, and a locked SQLite file.
OUTAGES: tuple[tuple[str, tuple[type[Exception], ...]], ...] = (
    ("database", (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError,
                  sqlalchemy.exc.TimeoutError)),
    ("job queue", (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)),
)
OUTAGE_STATUS = 503
UNAVAILABLE_PAGE = "unavailable.html"


def wants_json() -> bool:
    """Return True for API and badge-JSON requests."""
    return request.path.startswith("/api/") or request.path.endswith(".json")


def error_body(status: int, message: str, errors: Any = None) -> dict[str, Any]:
    """Return the error shape flask-smorest emits: code, status, message, errors."""
    body: dict[str, Any] = {"code": status, "status": HTTPStatus(status).phrase, "message": message}
    if errors:
        body["errors"] = errors
    return body


def _service_error(error: ServiceError) -> Any:
    if not wants_json():
        return _page(error.status, str(error))
    message, headers = str(error), {}
    if isinstance(error, Conflict) and error.existing:
        # A retry after a lost response lands here: say where the first one's result is.
        url = _existing_url(error.existing)
        message = f"{message.rstrip('.')}: {url}"
        headers["Link"] = f'<{url}>; rel="existing"'
    errors: Any = None
    if isinstance(error, InvalidInput):
        errors = {"json": error.errors}
    elif isinstance(error, PageTooDeep):
        errors = {"query": {error.field: [message]}}
    elif isinstance(error, Conflict | NotFound) and error.field:
        errors = {"json": {error.field: [message]}}
    return error_body(error.status, message, errors), error.status, headers


def _existing_url(existing: dict[str, str]) -> str:
    if "release" in existing:
        return url_for("releases.ReleaseDetail", lab=existing["lab"], release=existing["release"])
    return url_for("labs.LabDetail", lab=existing["lab"])


# Headers an HTTP error carries that the JSON answer must keep.
KEPT_HEADERS = frozenset({"allow", "www-authenticate", "retry-after"})


def _http_error(error: HTTPException) -> Any:
    status = error.code or 500
    if status == 304:
        # Not Modified: no body, the client's copy is current; the tag it matched is kept.
        return "", 304, not_modified_headers()
    if wants_json():
        data = getattr(error, "data", None) or {}
        # webargs passes validation errors as "messages", grouped by location.
        errors = data.get("errors") or data.get("messages")
        message = data.get("message") or _message(status, error)
        headers = [(k, v) for k, v in error.get_headers() if k.lower() in KEPT_HEADERS]
        headers += list((data.get("headers") or {}).items())
        return error_body(status, message, errors), status, headers
    return _page(status, _message(status, error))


# What an HTTP error means for whoever sent the request, in place of Werkzeug's stock text
# ("The browser (or proxy) sent a request that this server could not understand.").
HTTP_WORDS: dict[int, str] = {
    400: "The request could not be read: check its address, parameters and body, then retry.",
    401: "Sign in (or send an API token) to do this.",
    403: "This account or token may not do this.",
    404: "Nothing is at this address: check the link, or find it from the labs or releases lists.",
    405: "This address does not take that method.",
    406: "This address cannot answer in the format asked for.",
    409: "This conflicts with what is already saved.",
    415: "Send the body as JSON, with Content-Type: application/json.",
    429: "Too many requests: wait a little, then try again.",
    500: "Something went wrong inside the registry; it has been logged. Try again later.",
    503: "The registry is temporarily unavailable. Try again in a moment.",
}
# Flask's text for a body that is not JSON starts so; the parser's detail is not for people.
JSON_DECODE_FAILED = "Failed to decode JSON object"
NOT_JSON = "The body is not valid JSON: fix it and send it again."


def _message(status: int, error: HTTPException) -> str:
    if status == 413:
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        return f"The request body is larger than the {limit} bytes accepted: send less."
    return http_words(status, error)


def http_words(status: int, error: HTTPException) -> str:
    """Return an HTTP error's message: ours when it is Werkzeug's stock text, else as given."""
    description = error.description or ""
    if description.startswith(JSON_DECODE_FAILED):
        return NOT_JSON
    if not description or description == type(error).description:
        return HTTP_WORDS.get(status, HTTPStatus(status).phrase + ".")
    return description


def _page(status: int, message: str) -> Any:
    try:
        return render_template("error.html", status=status, message=message), status
    except OUTAGES[0][1]:
        # The layout asks the database who is signed in; without it, the plain page.
        _forget_transaction()
        return _plain_page(status, message), status


def dependency_of(error: BaseException) -> str | None:
    """Return which dependency an error says is unreachable ("database", "job queue"), if any."""
    return next((name for name, kinds in OUTAGES if isinstance(error, kinds)), None)


def _outage(error: Exception) -> Any:
    dependency = dependency_of(error) or "a service it needs"
    _forget_transaction()
    log.warning("dependency unavailable", extra={"dependency": dependency}, exc_info=True)
    retry_after = int(current_app.config["REGISTRY_RETRY_AFTER_SECONDS"])
    message = (
        f"The registry is temporarily unavailable: its {dependency} cannot be reached. "
        f"Try again in {retry_after} seconds."
    )
    headers = {"Retry-After": str(retry_after)}
    if wants_json():
        return error_body(OUTAGE_STATUS, message), OUTAGE_STATUS, headers
    return _plain_page(OUTAGE_STATUS, message), OUTAGE_STATUS, headers


def _plain_page(status: int, message: str) -> str:
    # Straight from the template, skipping the context processors (and their queries).
    template = current_app.jinja_env.get_template(UNAVAILABLE_PAGE)
    return template.render(status=status, message=message, request=request)


def _forget_transaction() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the pool discards it
        log.debug("rollback after an outage failed", exc_info=True)


def _release_session(error: BaseException | None) -> None:
    # Runs before Flask-SQLAlchemy's own teardown (registered later, so called first). On a
    # connection the server dropped, closing the session raises again; raised from teardown,
    # that would turn the 503 already answered into a 500. The pool discards the connection.
    try:
        db.session.remove()
    except OUTAGES[0][1]:
        log.warning("session close failed after an outage", exc_info=True)
        with contextlib.suppress(Exception):
            db.session.remove()


def register(app: Flask) -> None:
    """Install the handlers on the app."""
    app.register_error_handler(ServiceError, _service_error)
    app.register_error_handler(HTTPException, _http_error)
    for _, kinds in OUTAGES:
        for kind in kinds:
            app.register_error_handler(kind, _outage)
    app.teardown_appcontext(_release_session)
