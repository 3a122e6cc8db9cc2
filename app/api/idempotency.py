"""The Idempotency-Key header on API writes: the view's response is stored with its write.

`ApiBlueprint.idempotent()` parses the header through `IdempotencyHeaderSchema` and wraps
the view with `replay_on_retry`, which hands the whole view (validation, use case, response
built from what it wrote) to `idempotency.respond_once`, so the response is stored in the
use case's own transaction. Without the header the view runs exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, request

from app.services import idempotency
from app.services.identity import Identity

# Response headers a replay repeats; the rest (dates, rate-limit counters) are of this answer.
KEPT_HEADERS = ("Location",)
REPLAYED_HEADER = "Idempotent-Replayed"


def replay_on_retry(view: Callable[..., Any]) -> Callable[..., Any]:
    """Answer a repeated key with its stored response; store the first success of a new one."""

    @wraps(view)
    def wrapper(*args: Any, idempotency_header: dict[str, str], identity: Identity,
                **kwargs: Any) -> Any:
        key = idempotency_header.get("key")
        if key is None:
            return view(*args, identity=identity, **kwargs)
        request_fingerprint = idempotency.fingerprint(
            request.method, request.path, request.get_json(silent=True)
        )
        answered: list[Response] = []

        def write() -> idempotency.StoredResponse:
            answered.append(view(*args, identity=identity, **kwargs))
            return _stored(answered[0])

        stored = idempotency.respond_once(identity.label, key, request_fingerprint, write)
        return _replayed(stored) if stored.replayed else answered[0]

    return wrapper


def _stored(response: Response) -> idempotency.StoredResponse:
    kept = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
    return idempotency.StoredResponse(response.status_code, response.get_data(as_text=True), kept)


def _replayed(stored: idempotency.StoredResponse) -> Response:
    headers = {**stored.headers, REPLAYED_HEADER: "true"}
    mimetype = "application/json" if stored.body else None
    return Response(stored.body, status=stored.status, headers=headers, mimetype=mimetype)
