"""Keyset cursors of the lists: what `cursor=` carries, how it is written and read back.

A cursor is the sort key of a page's last row: the sort's name, that row's value of the
sort column and its unique tie-break (a lab's slug, a release's id), as
`<sort>.<value>.<tie-break>`. Clients pass `next_cursor` back unchanged; it names nothing
a page did not already show. Each value is written so that a regular expression says
exactly what is one (numbers as digits, days as ordinals, moments as microseconds since
1970, text as URL-safe base64 of its UTF-8, a null as `n`): the OpenAPI spec states that
pattern, and every string it matches is a place in the list to start after, a row's or not.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from marshmallow import fields

from schemas.patterns import SLUG, FullMatch

BAD_CURSOR = "Not a cursor of this list: pass a previous page's next_cursor unchanged."
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
# 200 characters of UTF-8 (at most 800 bytes) in base64: at most 267 groups of four.
BASE64_TEXT = "(?:[A-Za-z0-9_-]{4}){0,267}(?:[A-Za-z0-9_-]{2,3})?"


@dataclass(frozen=True)
class Kind:
    """How one key of a cursor is written, the pattern of what is written, and read back."""

    pattern: str
    write: Callable[[Any], str]
    read: Callable[[str], Any]
    nullable: bool = False

    def body(self) -> str:
        """Return the pattern of this key, a null (`n`) included when it may be one."""
        return f"(?:n|{self.pattern})" if self.nullable else f"(?:{self.pattern})"

    def dump(self, value: Any) -> str:
        """Return the cursor text of a value."""
        return "n" if value is None else self.write(value)

    def load(self, text: str) -> Any:
        """Return the value a matching text stands for."""
        return None if self.nullable and text == "n" else self.read(text)


def _write_text(value: str) -> str:
    return base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")


def _read_text(text: str) -> str:
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    # Any text is a place in a name order; NUL is none PostgreSQL would compare.
    return raw.decode(errors="replace").replace("\x00", "")


def _write_moment(value: datetime) -> str:
    return str((value - EPOCH) // MICROSECOND)


def _read_moment(text: str) -> datetime:
    return EPOCH + int(text) * MICROSECOND


# Nine digits: every integer key (a score, a count, an id) fits the 32-bit columns.
INT = Kind(r"\d{1,9}", str, int)
TEXT = Kind(BASE64_TEXT, _write_text, _read_text)
SLUG_KEY = Kind(SLUG, str, str)
SCORE = Kind(r"\d{1,9}", str, int, nullable=True)  # unverified rows have no score
DAY = Kind(r"[1-9]\d{0,5}", lambda d: str(d.toordinal()), lambda t: date.fromordinal(int(t)),
           nullable=True)  # fmt: skip
MOMENT = Kind(r"\d{1,16}", _write_moment, _read_moment, nullable=True)  # until 2286

# Per sort: the kind of the sort column, then of the tie-break. Keys match the sorts of
# app/services/lab_reads.py and release_reads.py (schemas/api.py lists the same names).
LAB_CURSOR_KINDS: Mapping[str, tuple[Kind, Kind]] = {
    "score": (SCORE, SLUG_KEY),
    "name": (TEXT, SLUG_KEY),
    "latest_release": (DAY, SLUG_KEY),
    "releases": (INT, SLUG_KEY),
}
RELEASE_CURSOR_KINDS: Mapping[str, tuple[Kind, Kind]] = {
    "score": (SCORE, INT),
    "name": (TEXT, INT),
    "released": (DAY, INT),
    "checked": (MOMENT, INT),
}


@dataclass(frozen=True)
class Cursor:
    """A decoded cursor: the sort it belongs to and the last row's (value, tie-break)."""

    sort: str
    key: tuple[Any, Any]


def encode_cursor(sort: str, key: tuple[Any, Any], kinds: Mapping[str, tuple[Kind, Kind]]) -> str:
    """Return the cursor text for the row whose sort key is `key` under `sort`."""
    value_kind, tie_kind = kinds[sort]
    return f"{sort}.{value_kind.dump(key[0])}.{tie_kind.dump(key[1])}"


def cursor_pattern(kinds: Mapping[str, tuple[Kind, Kind]]) -> str:
    """Return the pattern every cursor of a list matches (and nothing else does)."""
    sorts = "|".join(f"{sort}\\.{value.body()}" for sort, (value, _) in kinds.items())
    ties = {tie.body() for _, tie in kinds.values()}
    assert len(ties) == 1, "one tie-break per list"  # a table invariant
    return f"(?:{sorts})\\.{ties.pop()}"


def decode_cursor(text: str, kinds: Mapping[str, tuple[Kind, Kind]]) -> Cursor:
    """Return the cursor `text` encodes, or raise ValidationError saying what to pass."""
    FullMatch(cursor_pattern(kinds), BAD_CURSOR)(text)
    sort, value, tie = text.split(".")  # no kind writes a "."
    value_kind, tie_kind = kinds[sort]
    return Cursor(sort, (value_kind.load(value), tie_kind.load(tie)))


class CursorField(fields.String):
    """A `cursor` query argument, loaded as a Cursor of the list whose kinds it is given."""

    def __init__(self, kinds: Mapping[str, tuple[Kind, Kind]], **kwargs: Any) -> None:
        # The validator is there for the spec (apispec states its pattern); loading checks
        # the same pattern first, since a String field's value is validated after loading.
        super().__init__(validate=FullMatch(cursor_pattern(kinds), BAD_CURSOR), **kwargs)
        self.kinds = kinds

    # A String in the spec (what a client sends), loaded as a Cursor (what a service reads).
    def _deserialize(  # type: ignore[override]
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> Cursor:
        return decode_cursor(super()._deserialize(value, attr, data, **kwargs), self.kinds)

    def _validate(self, value: Any) -> None:
        # The validator above is the spec's; decode_cursor already applied it to the text.
        return None
