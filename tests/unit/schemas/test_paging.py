"""Cursors: what encode_cursor writes decode_cursor reads back, and what it refuses.

Every string the cursor pattern matches is a cursor (the API fuzzer relies on it: a
request valid by the spec is answered), and nothing else is.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from marshmallow import ValidationError

from schemas.api import LabListArgsSchema, ReleaseListArgsSchema
from schemas.paging import (
    BAD_CURSOR,
    LAB_CURSOR_KINDS,
    RELEASE_CURSOR_KINDS,
    Cursor,
    cursor_pattern,
    decode_cursor,
    encode_cursor,
)


@pytest.mark.parametrize("sort, key", [
    ("score", (87, 12)), ("score", (None, 12)), ("name", ("Model ü/7B", 3)), ("name", ("", 3)),
    ("name", ("x" * 200, 3)), ("name", ("名" * 200, 3)),
    ("released", (date(2024, 2, 1), 9)), ("released", (None, 9)),
    ("checked", (datetime(2026, 11, 1, 8, 30, 0, 123456, tzinfo=UTC), 1)), ("checked", (None, 1)),
])  # fmt: skip
def test_a_release_cursor_reads_back_as_written(sort: str, key: tuple[Any, Any]) -> None:
    text = encode_cursor(sort, key, RELEASE_CURSOR_KINDS)
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", text)  # safe in a URL as it is
    assert decode_cursor(text, RELEASE_CURSOR_KINDS) == Cursor(sort, key)


@pytest.mark.parametrize("sort, key", [
    ("score", (None, "alpha")), ("name", ("Alpha", "alpha")),
    ("latest_release", (date(2024, 1, 1), "lab-7")), ("releases", (0, "alpha")),
])  # fmt: skip
def test_a_lab_cursor_reads_back_as_written(sort: str, key: tuple[Any, Any]) -> None:
    text = encode_cursor(sort, key, LAB_CURSOR_KINDS)
    assert decode_cursor(text, LAB_CURSOR_KINDS) == Cursor(sort, key)


@pytest.mark.parametrize("text", [
    "", "score", "score.1", "score.1.2.3", "unknown.1.2",
    "score.x.1", "score.-1.1", "score.1234567890.1",  # not a nine-digit number
    "name.n.1",  # names are never null
    "name.A.1",  # no base64 is one character long
    "released.0.1", "released.1234567.1", "checked.12345678901234567.1",
    "score.1.alpha",  # a lab's tie-break in a release cursor
    "score.1.1\n", " score.1.1", "score.1.\ud800",
])  # fmt: skip
def test_anything_else_is_no_cursor(text: str) -> None:
    assert not re.fullmatch(cursor_pattern(RELEASE_CURSOR_KINDS), text)
    with pytest.raises(ValidationError, match="next_cursor unchanged"):
        decode_cursor(text, RELEASE_CURSOR_KINDS)


@pytest.mark.parametrize("text", ["name.AAA.1", "name.__-_.5", "name._w.5", "checked.0.1"])
def test_whatever_the_pattern_matches_is_a_place_to_start(text: str) -> None:
    # Text that is no row's (bytes that are not UTF-8 included) still sorts somewhere.
    cursor = decode_cursor(text, RELEASE_CURSOR_KINDS)
    assert isinstance(cursor.key[0], str | datetime) and "\x00" not in str(cursor.key[0])


def test_the_list_schemas_load_a_cursor_and_state_its_pattern() -> None:
    cursor = encode_cursor("name", ("Alpha", "alpha"), LAB_CURSOR_KINDS)
    loaded = LabListArgsSchema().load({"sort": "score", "cursor": cursor})
    assert loaded["cursor"] == Cursor("name", ("Alpha", "alpha"))
    with pytest.raises(ValidationError) as refused:
        ReleaseListArgsSchema().load({"cursor": cursor})  # a lab's cursor
    assert refused.value.messages == {"cursor": [BAD_CURSOR]}
    pattern = ReleaseListArgsSchema().fields["cursor"].validators[0].regex.pattern  # type: ignore[attr-defined]
    assert pattern == f"^(?:{cursor_pattern(RELEASE_CURSOR_KINDS)})$"
