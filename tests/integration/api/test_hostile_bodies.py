"""No body makes a 500: every API write route, every hostile body, the one error shape.

The routes are read from the app's URL map, so a new write route is covered the day it
is added. Bodies past the parser's limits (nesting, number size, non-finite numbers)
are 400; malformed JSON 400; the wrong media type 415; too large 413; a well-formed body
that fails validation 422.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from schemas.json_body import MAX_DEPTH, MAX_NUMBER_CHARS
from tests.integration.api.conftest import Headers
from tests.integration.api.test_errors import assert_error

LAB, RELEASE = "alpha", "model-7b"
BODY_METHODS = {"POST", "PUT", "PATCH"}
ALLOWED = {400, 413, 415, 422}

# (name, raw body, content type, the statuses it may get)
HOSTILE: list[tuple[str, bytes, str, set[int]]] = [
    ("deep-array", b"[" * 100_000 + b"]" * 100_000, "application/json", {400}),
    ("deep-object", b'{"a":' * 5_000 + b"1" + b"}" * 5_000, "application/json", {400}),
    ("deep-unclosed", b"[" * 50_000, "application/json", {400}),
    ("just-past-depth", b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "application/json",
     {400}),
    ("deep-in-a-field", json.dumps({"slug": "x", "name": "y", "artifacts": [[[[[[[[[[]]]]]]]]]]}
                                   ).encode().replace(b"[[", b"[" * 40 + b"[", 1)
     .replace(b"]]", b"]" * 40 + b"]", 1), "application/json", {400}),
    ("int-5000-digits", b'{"slug": "x", "name": "y", "rank": ' + b"9" * 5_000 + b"}",
     "application/json", {400}),
    ("int-4000-digits", b'{"sweep_hub": ' + b"9" * 4_000 + b"}", "application/json", {400}),
    ("negative-long", b'{"sweep_hub": -' + b"1" * (MAX_NUMBER_CHARS + 1) + b"}",
     "application/json", {400}),
    ("float-overflow", b'{"sweep_hub": 1e999999}', "application/json", {400}),
    ("long-fraction", b'{"sweep_hub": 0.' + b"1" * 10_000 + b"}", "application/json", {400}),
    ("nan", b'{"slug": "x", "name": NaN}', "application/json", {400}),
    ("infinity", b'{"slug": "x", "name": -Infinity}', "application/json", {400}),
    ("bracket-in-string-is-fine", json.dumps({"slug": "x", "name": "[" * 5_000}).encode(),
     "application/json", {422, 202, 200}),
    ("not-json", b"{not json", "application/json", {400}),
    ("truncated", b'{"slug": "x", "name": "y"', "application/json", {400}),
    ("bad-utf8", b'{"slug": "\xff\xfe"}', "application/json", {400}),
    ("utf8-bom", '\ufeff{"slug": "x"}'.encode(), "application/json", {400}),
    ("utf16", '{"slug": "x"}'.encode("utf-16"), "application/json", {400}),
    ("nul-bytes", b"\x00" * 1_000, "application/json", {400}),
    ("top-level-null", b"null", "application/json", {400, 422, 202, 200}),
    ("top-level-list", b"[1, 2, 3]", "application/json", {400, 422, 202, 200}),
    ("top-level-string", b'"alpha"', "application/json", {400, 422, 202, 200}),
    ("wrong-types", json.dumps({"slug": 1, "name": ["x"], "artifacts": {"a": 1}}).encode(),
     "application/json", {422, 202, 200}),
    ("lone-surrogate", b'{"slug": "x", "name": "\\ud800", "artifacts": []}',
     "application/json", {422, 202, 200}),
    ("huge-string", json.dumps({"slug": "x", "name": "y" * 100_000}).encode(),
     "application/json", {422, 202, 200}),
    ("many-keys", json.dumps({f"k{i}": i for i in range(2_000)}).encode(),
     "application/json", {422, 202, 200}),
    ("form-body", b"slug=x&name=y", "application/x-www-form-urlencoded", {415}),
    ("text-body", b"hello", "text/plain", {415}),
    ("xml-body", b"<lab><slug>x</slug></lab>", "application/xml", {415}),
    ("too-large", b'{"name": "' + b"x" * 2_000_000 + b'"}', "application/json", {413}),
]  # fmt: skip


def write_routes(app: Flask) -> list[tuple[str, str]]:
    """Return (method, path) for every API write that takes a body, with real slugs."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = rule.rule.replace("<slug:lab>", LAB).replace("<slug:release>", RELEASE)
        for method in sorted((rule.methods or set()) & BODY_METHODS):
            found.append((method, path))
    return found


@pytest.fixture
def existing(client: FlaskClient, admin_auth: Headers) -> None:
    """A lab and a release for the routes that name them."""
    assert client.post("/api/v1/labs", json={"slug": LAB, "name": "Alpha"},
                       headers=admin_auth).status_code == 201  # fmt: skip
    release = {"slug": RELEASE, "name": "Model 7B", "artifacts": []}
    response = client.post(f"/api/v1/labs/{LAB}/releases", json=release, headers=admin_auth)
    assert response.status_code == 201


def test_the_table_covers_every_write_route(app: Flask) -> None:
    routes = write_routes(app)
    assert len(routes) >= 6, routes
    assert len(HOSTILE) >= 25


@pytest.mark.parametrize(("name", "body", "content_type", "statuses"), HOSTILE,
                         ids=[row[0] for row in HOSTILE])  # fmt: skip
def test_a_hostile_body_never_makes_a_500(
    app: Flask,
    client: FlaskClient,
    admin_auth: Headers,
    existing: None,
    name: str,
    body: bytes,
    content_type: str,
    statuses: set[int],
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1_048_576
    for method, path in write_routes(app):
        response = client.open(
            path, method=method, data=body, content_type=content_type, headers=admin_auth
        )
        assert response.status_code < 500, (method, path, response.get_data(as_text=True))
        if response.status_code >= 400:
            assert response.status_code in ALLOWED, (method, path)
            assert_error(response, response.status_code, _phrase(response.status_code))
        if _has_body_schema(path):
            assert response.status_code in statuses, (method, path, response.json)


def test_limits_are_named_in_the_message(client: FlaskClient, admin_auth: Headers) -> None:
    response = client.post("/api/v1/labs", data=b"[" * 1_000 + b"]" * 1_000,
                           content_type="application/json", headers=admin_auth)  # fmt: skip
    body = assert_error(response, 400, "Bad Request")
    assert f"deeper than {MAX_DEPTH} levels" in body["message"]
    assert body["errors"] == {"json": [body["message"]]}
    response = client.post("/api/v1/labs", data=b'{"slug": ' + b"7" * 5_000 + b"}",
                           content_type="application/json", headers=admin_auth)  # fmt: skip
    assert (
        f"longer than {MAX_NUMBER_CHARS} characters"
        in assert_error(response, 400, "Bad Request")["message"]
    )


def _has_body_schema(path: str) -> bool:
    # The check trigger takes no body: whatever it is sent is ignored unless it is unsafe.
    return not path.endswith("/checks")


def _phrase(status: int) -> Any:
    from http import HTTPStatus

    return HTTPStatus(status).phrase
