"""Bearer tokens on API writes: `Authorization: Bearer <token>` -> an Identity, or 401."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn

from flask import request
from flask_smorest import abort
from flask_smorest.error_handler import ErrorSchema

from app.services.identity import Identity
from app.services.tokens import identity_for_token

REALM = 'Bearer realm="openness-registry"'
SECURITY = [{"bearerAuth": []}]
SECURITY_SCHEMES = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": "A token from `flask --app app registry token create --name N`.",
    }
}
UNAUTHORIZED_DOC = {
    "description": "No token, or an unknown or revoked one.",
    "schema": ErrorSchema,
    "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
}


def token_identity() -> Identity:
    """Return the identity behind the request's bearer token, or answer 401."""
    header = request.headers.get("Authorization", "")
    if not header:
        _unauthorized("Send an API token: 'Authorization: Bearer <token>'.", REALM)
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        _unauthorized(
            "Malformed Authorization header: use 'Bearer <token>'.",
            f'{REALM}, error="invalid_request"',
        )
    identity = identity_for_token(secret.strip())
    if identity is None:
        _unauthorized("This API token is unknown or revoked.", f'{REALM}, error="invalid_token"')
    return identity


def token_required(func: Callable[..., Any]) -> Callable[..., Any]:
    """Authenticate before anything else (body validation included); pass `identity=`."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, identity=token_identity(), **kwargs)

    return wrapper


def _unauthorized(message: str, challenge: str) -> NoReturn:
    abort(401, message=message, headers={"WWW-Authenticate": challenge})
    raise AssertionError("abort() raises")  # for type checkers: abort is not NoReturn
