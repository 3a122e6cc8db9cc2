"""What every API blueprint shares: capped pagination with Link headers, slug URLs, docs,
and an ETag on every GET (If-None-Match answers 304).

A list view hands its service's Page to `page_items`, which tells X-Pagination what the
page does not: whether the total is exact (`total_relation` eq, or gt past
REGISTRY_EXACT_TOTAL_CAP) and the cursor of the next page; Link then names the next page by
number while numbered pages reach it, by cursor after.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_smorest import Blueprint, abort
from flask_smorest.pagination import PaginationParameters
from webargs.flaskparser import FlaskParser
from werkzeug.routing import BaseConverter

from app.api.idempotency import replay_on_retry
from app.etags import BodyEtagMixin, forget_previous_request
from app.extensions import csrf, limiter
from app.services.paging import Page
from schemas.api import PageMetadataSchema
from schemas.fields import SLUG_RE
from schemas.idempotency import IdempotencyHeaderSchema
from schemas.json_body import UnsafeJson, check_json_body
from schemas.paging import Kind, encode_cursor
from schemas.patterns import SLUG_MAX, spec_pattern

# The largest page_size a request may name; the server still serves at most
# REGISTRY_API_PAGE_SIZE_MAX and reports the size it used in X-Pagination.
PAGE_SIZE_CEILING = 1000
PAGE_LINKS = (("first", "first_page"), ("prev", "previous_page"),
              ("next", "next_page"), ("last", "last_page"))
# What a cursor page's X-Pagination keeps: page numbers mean nothing past a cursor.
CURSOR_PAGE_KEYS = ("total", "total_relation", "page_size", "next_cursor")
T = TypeVar("T")
LINK_HEADER_DOC = {
    "description": "RFC 8288 links to the first, previous, next and last pages (next by "
    "cursor past the numbered pages; no last when the total is a lower bound).",
    "schema": {"type": "string"},
}
# JSON in a header: OpenAPI says so with `content`, not `schema` (which means k,v,k,v text).
PAGE_HEADER_DOC = {
    "description": "Pagination metadata, as a JSON object.",
    "content": {"application/json": {"schema": PageMetadataSchema}},
}
# Errors every write may answer (401 is documented with its WWW-Authenticate header).
WRITE_ERRORS = (403, 429)
# Errors of a write with a JSON body.
BODY_ERRORS = (400, 413, 415, 422)
WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class SlugConverter(BaseConverter):
    """A lab or release slug in a URL; anything else is simply not a route (404)."""

    regex = SLUG_RE.pattern


SLUG_PARAM_SCHEMA = {
    "type": "string", "pattern": spec_pattern(SLUG_RE.pattern), "maxLength": SLUG_MAX
}


# Path parameters every route names the same way, documented once with an example that
# names a real row of the seeded catalogue, so a client (or a fuzzer) trying the spec's
# examples reaches an existing lab and release rather than only 404s.
PATH_PARAMETER_DOCS: dict[str, dict[str, Any]] = {
    "lab": {"description": "The lab's slug.", "example": "allenai"},
    "release": {"description": "The release's slug, unique within its lab.",
                "example": "olmo-7b"},
    "run_id": {"description": "A check run's id (GET .../checks lists them).", "example": 1},
}  # fmt: skip


def path_parameter_docs(rule: str) -> list[dict[str, Any]]:
    """Return the shared docs of the path parameters `rule` names."""
    return [
        {"in": "path", "name": name, **doc}
        for name, doc in PATH_PARAMETER_DOCS.items()
        if re.search(rf"<(?:[^<>]*:)?{name}>", rule)
    ]


class CappedPaginationParser(FlaskParser):
    """Parse page and page_size, then cap page_size at REGISTRY_API_PAGE_SIZE_MAX."""

    def parse(self, *args: Any, **kwargs: Any) -> PaginationParameters:
        """Return the pagination parameters with the page size capped."""
        params: PaginationParameters = super().parse(*args, **kwargs)
        params.page_size = min(params.page_size, current_app.config["REGISTRY_API_PAGE_SIZE_MAX"])
        return params


class ApiBlueprint(BodyEtagMixin, Blueprint):
    """flask-smorest Blueprint with capped pages, Link headers, shared error docs and ETags.

    Every GET it routes gets flask-smorest's ETag handling (`etag`), so no read can forget
    it: the tag hashes the dumped data (with X-Pagination and Link), or the body of a view
    that returns its own Response (a YAML, CSV or CycloneDX file); a view may instead call
    `set_etag` with the data its tag should cover.
    """

    PAGINATION_ARGUMENTS_PARSER = CappedPaginationParser()
    DEFAULT_PAGINATION_PARAMETERS = {"page": 1, "page_size": 50, "max_page_size": PAGE_SIZE_CEILING}
    # Link varies with page_size, which X-Pagination alone does not show.
    ETAG_INCLUDE_HEADERS = ["X-Pagination", "Link"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Bearer tokens, never cookies, authenticate API writes: there is no CSRF to stop.
        csrf.exempt(self)
        limiter.limit(
            write_rate_limit, methods=WRITE_METHODS, key_func=get_remote_address,
            error_message=write_rate_limit_message,
        )(self)
        self.before_request(forget_previous_request)
        self.before_request(require_json_body)

    def route(self, rule: str, *, parameters: Any = None, **options: Any) -> Any:
        """Register a view; its GET sends an ETag, its path parameters get the shared docs."""
        documented = [*path_parameter_docs(rule), *(parameters or [])]
        register = super().route(rule, parameters=documented, **options)

        def decorator(view: Any) -> Any:
            return register(self._etag_on_get(view))

        return decorator

    def _etag_on_get(self, view: Any) -> Any:
        get = getattr(view, "get", None)
        if get is not None and not getattr(get, "_apidoc", {}).get("etag"):
            view.get = self.etag(get)
        return view


    def register_views_in_doc(self, *args: Any, parameters: Any = None, **kwargs: Any) -> None:
        """Document the views, with the shared docs of the URL prefix's path parameters."""
        prefix = [*path_parameter_docs(self.url_prefix or ""), *(parameters or [])]
        super().register_views_in_doc(*args, parameters=prefix, **kwargs)

    def _set_pagination_metadata(
        self, page_params: PaginationParameters, result: Any, headers: Any
    ) -> tuple[Any, Any]:
        headers = {} if headers is None else headers
        metadata = page_metadata(page_params)
        headers[self.PAGINATION_HEADER_NAME] = json.dumps(PageMetadataSchema().dump(metadata))
        links = [
            f'<{_page_url(metadata[key], page_params.page_size)}>; rel="{rel}"'
            for rel, key in PAGE_LINKS
            if key in metadata
        ]
        if "next_page" not in metadata and "next_cursor" in metadata:
            links.append(f'<{_cursor_url(metadata["next_cursor"])}>; rel="next"')
        if links:
            headers["Link"] = ", ".join(links)
        return result, headers

    def _document_pagination_metadata(self, spec: Any, resp_doc: dict[str, Any]) -> None:
        resp_doc.setdefault("headers", {}).update(
            {self.PAGINATION_HEADER_NAME: PAGE_HEADER_DOC, "Link": LINK_HEADER_DOC}
        )

    def idempotent(self) -> Callable[[Any], Any]:
        """Accept an Idempotency-Key header on a write (place it right under @token_required)."""

        def decorator(func: Any) -> Any:
            parse = self.arguments(
                IdempotencyHeaderSchema, location="headers", arg_name="idempotency_header"
            )
            return parse(replay_on_retry(func))

        return decorator

    def errors(self, *statuses: int) -> Callable[[Any], Any]:
        """Document error responses (in the one error shape) for a view."""

        def decorator(func: Any) -> Any:
            for status in statuses:
                func = self.alt_response(status, response=HTTPStatus(status).name)(func)
            return func

        return decorator


def page_items(
    page: Page[T], pagination: PaginationParameters, sort: str | None = None,
    kinds: Mapping[str, tuple[Kind, Kind]] | None = None, by_cursor: bool = False,
) -> list[T]:
    """Return a page's items, with what X-Pagination says of it set on `pagination`.

    `sort` names the list's order and `kinds` how its cursors are written (a list without
    cursors passes neither); `by_cursor` says the page was asked for by cursor.
    """
    pagination.item_count = page.total
    pagination.total_exact = page.exact
    pagination.by_cursor = by_cursor
    pagination.next_cursor = (
        encode_cursor(sort, page.next_key, kinds) if sort and kinds and page.next_key else None
    )
    return page.items


def page_metadata(params: PaginationParameters) -> dict[str, Any]:
    """Return X-Pagination's fields: page numbers, the total and how exact it is, the cursor."""
    exact = getattr(params, "total_exact", True)
    cursor = getattr(params, "next_cursor", None)
    metadata = dict(Blueprint._make_pagination_metadata(
        params.page, params.page_size, params.item_count
    ))
    metadata.update(page_size=params.page_size, total_relation="eq" if exact else "gt")
    if cursor:
        metadata["next_cursor"] = cursor
    if getattr(params, "by_cursor", False):
        return {key: metadata[key] for key in CURSOR_PAGE_KEYS if key in metadata}
    if not exact:
        # The total is the cap, a lower bound: no last page, and a next page by number only
        # while it starts within the cap (after that, by cursor).
        metadata.pop("total_pages", None)
        metadata.pop("last_page", None)
        metadata.pop("next_page", None)
        if cursor and params.page * params.page_size < current_app.config[
            "REGISTRY_EXACT_TOTAL_CAP"
        ]:
            metadata["next_page"] = params.page + 1
    return metadata


def write_rate_limit() -> str:
    """Return the configured limit on API writes per client address."""
    return str(current_app.config["REGISTRY_API_WRITE_RATE_LIMIT"])


def write_rate_limit_message() -> str:
    """Say what the write limit is and what to do about it."""
    return f"Too many writes: the limit is {write_rate_limit()}. Wait Retry-After seconds."


def require_json_body() -> None:
    """Answer 415 to a write whose body is not JSON, 400 to JSON past the parser's limits."""
    has_body = bool(request.content_length) or "chunked" in request.headers.get(
        "Transfer-Encoding", ""
    )
    if request.method not in BODY_METHODS or not has_body:
        return
    if not request.is_json:
        abort(415, message="Send the body as JSON, with Content-Type: application/json.")
    try:
        check_json_body(request.get_data(cache=True))
    except UnsafeJson as error:
        message = f"Invalid JSON body: {error}."
        abort(400, message=message, errors={"json": [message]})


def _page_url(page: int, page_size: int) -> str:
    args = request.args.to_dict()
    args.pop("cursor", None)
    args.update(page=str(page), page_size=str(page_size))
    return f"{request.base_url}?{urlencode(args)}"


def _cursor_url(cursor: str) -> str:
    args = request.args.to_dict()
    args.pop("page", None)
    args["cursor"] = cursor
    return f"{request.base_url}?{urlencode(args)}"
