"""Keyset cursors of the lists: what `cursor=` carries, how it is written and read back.

A cursor is the sort key of a page's last row: the sort's name, that row's value of the
sort column and its unique tie-break (a lab's slug, a release's id), as JSON in URL-safe
base64. It is opaque to clients (they pass `next_cursor` back unchanged) but not secret:
it names nothing a page did not already show. Each list says, in a table, what kind of
value each of its sorts carries, so a cursor from another sort or list is refused with a
message rather than compared with the wrong column.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from marshmallow import ValidationError, fields

CURSOR_MAX = 512  # far above any real cursor; a longer one is no cursor of ours
BAD_CURSOR = "Not a cursor of this list: pass a previous page's next_cursor unchanged."


@dataclass(frozen=True)
class Kind:
    """What one key of a cursor holds: its JSON form read back, and whether it may be null."""

    name: str
    read: Callable[[Any], Any]
    nullable: bool = False


INT_MAX = 2**31 - 1  # every integer sort key and id is a 32-bit column


def _read_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > INT_MAX:
        raise ValueError(value)
    return value


def _read_str(value: Any) -> str:
    # NUL is no character of any stored name or slug, and PostgreSQL refuses it.
    if not isinstance(value, str) or "\x00" in value:
        raise ValueError(value)
    return value


def _read_date(value: Any) -> date:
    return date.fromisoformat(_read_str(value))


def _read_datetime(value: Any) -> datetime:
    found = datetime.fromisoformat(_read_str(value))
    if found.tzinfo is None:
        raise ValueError(value)  # every timestamp the registry writes carries its zone
    return found


INT, STR = Kind("int", _read_int), Kind("str", _read_str)
SCORE = Kind("int", _read_int, nullable=True)  # unverified rows have no score
DAY = Kind("date", _read_date, nullable=True)
MOMENT = Kind("datetime", _read_datetime, nullable=True)

# Per sort: the kind of the sort column, then of the tie-break. Keys match the sorts of
# app/services/lab_reads.py and release_reads.py (schemas/api.py lists the same names).
LAB_CURSOR_KINDS: Mapping[str, tuple[Kind, Kind]] = {
    "score": (SCORE, STR),
    "name": (STR, STR),
    "latest_release": (DAY, STR),
    "releases": (INT, STR),
}
RELEASE_CURSOR_KINDS: Mapping[str, tuple[Kind, Kind]] = {
    "score": (SCORE, INT),
    "name": (STR, INT),
    "released": (DAY, INT),
    "checked": (MOMENT, INT),
}


@dataclass(frozen=True)
class Cursor:
    """A decoded cursor: the sort it belongs to and the last row's (value, tie-break)."""

    sort: str
    key: tuple[Any, Any]


def encode_cursor(sort: str, key: tuple[Any, Any]) -> str:
    """Return the cursor text for the row whose sort key is `key` under `sort`."""
    payload = [sort, *(_json_value(v) for v in key)]
    text = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(text).decode().rstrip("=")


def decode_cursor(text: str, kinds: Mapping[str, tuple[Kind, Kind]]) -> Cursor:
    """Return the cursor `text` encodes, or raise ValidationError saying what to pass."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        payload = json.loads(raw)
        if not isinstance(payload, list):
            raise TypeError(payload)
        sort, value, tie = payload
        value_kind, tie_kind = kinds[sort]
        key = (_read(value_kind, value), _read(tie_kind, tie))
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError) as error:
        raise ValidationError(BAD_CURSOR) from error
    return Cursor(sort, key)


def _read(kind: Kind, value: Any) -> Any:
    if value is None:
        if not kind.nullable:
            raise ValueError("null key")
        return None
    return kind.read(value)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


class CursorField(fields.String):
    """A `cursor` query argument, loaded as a Cursor of the list whose kinds it is given."""

    def __init__(self, kinds: Mapping[str, tuple[Kind, Kind]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kinds = kinds

    # A String in the spec (what a client sends), loaded as a Cursor (what a service reads).
    def _deserialize(  # type: ignore[override]
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> Cursor:
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > CURSOR_MAX:
            raise ValidationError(BAD_CURSOR)
        return decode_cursor(text, self.kinds)


def check_cursor_sort(data: Mapping[str, Any]) -> None:
    """Refuse a cursor with a sort other than the one asked for (it keys another order)."""
    cursor = data.get("cursor")
    if isinstance(cursor, Cursor) and cursor.sort != data.get("sort", "score"):
        raise ValidationError(
            f"This cursor is of sort={cursor.sort}: keep that sort, or start again "
            "without a cursor.",
            field_name="cursor",
        )
