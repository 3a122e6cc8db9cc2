"""Cursors: what encode_cursor writes decode_cursor reads back, and what it refuses."""

from __future__ import annotations

import base64
import json
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
    decode_cursor,
    encode_cursor,
)


def raw(payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


@pytest.mark.parametrize("sort, key", [
    ("score", (87, 12)), ("score", (None, 12)), ("name", ("Model ü/7B", 3)),
    ("released", (date(2024, 2, 1), 9)), ("released", (None, 9)),
    ("checked", (datetime(2026, 11, 1, 8, 30, tzinfo=UTC), 1)),
])  # fmt: skip
def test_a_release_cursor_reads_back_as_written(sort: str, key: tuple[Any, Any]) -> None:
    text = encode_cursor(sort, key)
    assert "=" not in text and "/" not in text and "+" not in text  # safe in a URL as is
    assert decode_cursor(text, RELEASE_CURSOR_KINDS) == Cursor(sort, key)


@pytest.mark.parametrize("sort, key", [
    ("score", (None, "alpha")), ("name", ("Alpha", "alpha")),
    ("latest_release", (date(2024, 1, 1), "alpha")), ("releases", (0, "alpha")),
])  # fmt: skip
def test_a_lab_cursor_reads_back_as_written(sort: str, key: tuple[Any, Any]) -> None:
    assert decode_cursor(encode_cursor(sort, key), LAB_CURSOR_KINDS) == Cursor(sort, key)


@pytest.mark.parametrize("text", [
    "", "%%%", raw("not a list"), raw({"score": 1}), raw(["score", 1]), raw(["score", 1, 2, 3]),
    raw(["unknown", 1, 2]),  # no such sort
    raw(["score", "87", 1]), raw(["score", True, 1]), raw(["score", 2**40, 1]),  # not int32
    raw(["name", None, 1]),  # names are never null
    raw(["name", "a\x00b", 1]),  # PostgreSQL takes no NUL
    raw(["released", "2024-13-01", 1]), raw(["checked", "2026-11-01T08:30:00", 1]),  # no zone
    raw(["score", 1, "alpha"]),  # a lab's tie-break in a release cursor
])  # fmt: skip
def test_anything_else_is_no_cursor(text: str) -> None:
    with pytest.raises(ValidationError, match="next_cursor unchanged"):
        decode_cursor(text, RELEASE_CURSOR_KINDS)


def test_the_list_schemas_load_a_cursor_of_their_sort_only() -> None:
    cursor = encode_cursor("name", ("Alpha", "alpha"))
    loaded = LabListArgsSchema().load({"sort": "name", "cursor": cursor})
    assert loaded["cursor"] == Cursor("name", ("Alpha", "alpha"))
    with pytest.raises(ValidationError) as refused:
        LabListArgsSchema().load({"cursor": cursor})  # the default sort is score
    assert "sort=name" in refused.value.messages["cursor"][0]  # type: ignore[index,call-overload]
    with pytest.raises(ValidationError) as too_long:
        ReleaseListArgsSchema().load({"cursor": "A" * 600})
    assert too_long.value.messages == {"cursor": [BAD_CURSOR]}
