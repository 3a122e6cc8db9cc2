"""Bearer tokens on API writes: `Authorization: Bearer <token>` -> an Identity, or 401."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn

from flask import request
from flask_smorest import abort
from flask_smorest.error_handler import ErrorSchema

from app.services.errors import Unauthenticated
from app.services.identity import Identity
from app.services.tokens import identity_for_token

REALM = 'Bearer realm="openness-registry"'
SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}]
SECURITY_SCHEMES = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": (
            "A personal token: create one on your account page (/account/tokens) or with "
            "`flask --app app registry token create --user EMAIL --name N`. It writes only to "
            "labs its account may edit, narrowed to the labs it names."
        ),
    }
}
UNAUTHORIZED_DOC = {
    "description": "No token, or an unknown, revoked, expired or legacy (owner-less) one.",
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
    try:
        return identity_for_token(secret.strip())
    except Unauthenticated as refused:
        _unauthorized(str(refused), f'{REALM}, error="invalid_token"')


def token_required(func: Callable[..., Any]) -> Callable[..., Any]:
    """Authenticate before anything else (body validation included); pass `identity=`."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, identity=token_identity(), **kwargs)

    return wrapper


def _unauthorized(message: str, challenge: str) -> NoReturn:
    abort(401, message=message, headers={"WWW-Authenticate": challenge})
    raise AssertionError("abort() raises")  # for type checkers: abort is not NoReturn
