"""ETags for GET views, and 304 Not Modified when If-None-Match names the current one.

One mechanism for the whole app: flask-smorest's (`EtagMixin`), which hashes the data a
view dumps. `BodyEtagMixin` adds what it lacks: a view that builds its own Response (a
YAML, CSV, CycloneDX, Atom or SVG file) is tagged by its body, and a 304 repeats the tag
it matched. Every GET of an `ApiBlueprint` gets it automatically; `with_etag` gives it to
a plain Flask view (the list downloads, the feeds, the API docs). Badges keep their own
tag (the digest their renderer already computes, app/badges/views.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, make_response
from flask_smorest.etag import EtagMixin
from flask_smorest.utils import get_appcontext
from werkzeug.http import quote_etag
from werkzeug.wrappers import Response


class BodyEtagMixin(EtagMixin):
    """flask-smorest's ETag handling, which also tags a view's own Response by its body."""

    def _set_etag_in_response(self, response: Response) -> None:
        # A view returning its own Response dumped nothing: its body is what the tag covers.
        context = get_appcontext()
        if "result_dump" not in context and "etag" not in context.get("etag", {}):
            self.set_etag(response.get_data(as_text=True))
        super()._set_etag_in_response(response)

    def _check_not_modified(self, etag: str) -> None:
        # Kept for the 304 (app/errors.py): RFC 9110 asks it to carry the tag a 200 would.
        get_appcontext().setdefault("etag", {})["current"] = etag
        super()._check_not_modified(etag)


class _PlainViewEtags(BodyEtagMixin):
    """The same ETag handling for a plain Flask view function, outside our blueprints."""

    def _decorate_view_func_or_method_view(self, decorator: Any, obj: Any) -> Any:
        return decorator(obj)

    def _is_etag_enabled(self) -> bool:
        # No Api owns the view's blueprint; the one Api reads its settings from the app's.
        return not current_app.config.get("ETAG_DISABLED", False)


def with_etag(view: Callable[..., Any]) -> Callable[..., Any]:
    """Give a plain GET view the ETag every API GET has (tagged by its response's body)."""

    def respond(*args: Any, **kwargs: Any) -> Response:
        return make_response(view(*args, **kwargs))

    tagged = _PlainViewEtags().etag(respond)

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        forget_previous_request()
        return tagged(*args, **kwargs)

    return wrapper


def not_modified_headers() -> dict[str, str]:
    """Return the headers a 304 keeps: the ETag that matched If-None-Match."""
    etag = get_appcontext().get("etag", {}).get("current")
    return {"ETag": quote_etag(etag)} if etag else {}


def forget_previous_request() -> None:
    """Start the request with none of flask-smorest's state (dumped data, ETag) of another.

    flask-smorest keeps it in `g`, which outlives a request whenever an app context was
    already pushed (tests, the CLI): a stale dump or tag would then be this request's.
    """
    get_appcontext().clear()
