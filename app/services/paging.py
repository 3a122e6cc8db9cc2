"""Pages of a list: capped totals, numbered pages up to the cap, keyset pages past it.

At a million releases an exact `count(*)` of a tier (~200,000 rows) cost 130-215 ms and an
OFFSET of 50,000-200,000 about half a second, so neither grows with the catalogue here:

* a total is counted to at most REGISTRY_EXACT_TOTAL_CAP rows, past which it is "more
  than" the cap (`exact` False), as Elasticsearch's track_total_hits says `gte`;
* a page that shows where the list ends (fewer rows than asked, e.g. most searches) needs
  no count at all;
* a numbered page may not start past the cap when more rows than the cap match
  (PageTooDeep, like Elasticsearch's max_result_window); a keyset page (`after` the last
  row's sort key) goes anywhere at the cost of one page, each segment an index range.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, func, literal, select

from app.extensions import db
from app.services.errors import PageTooDeep

T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class Order:
    """A list's order: one sort column, then a unique tie-break column, ascending.

    A nullable sort column sorts its nulls last, in both directions (unverified releases
    have no score and come after every scored one).
    """

    column: Any
    tiebreak: Any
    descending: bool = False
    nullable: bool = False

    def clauses(self) -> tuple[Any, Any]:
        """Return the ORDER BY clauses."""
        primary = self.column.desc() if self.descending else self.column.asc()
        return (primary.nulls_last() if self.nullable else primary), self.tiebreak

    def key_of(self, row: Any) -> tuple[Any, Any]:
        """Return a row's sort key: (sort column value, tie-break value)."""
        return getattr(row, self.column.key), getattr(row, self.tiebreak.key)

    def after(self, key: tuple[Any, Any]) -> list[ColumnElement[bool]]:
        """Return, in order, the conditions of the segments that follow `key`.

        Each is an index range on (column, tiebreak): the rest of the key's tie, the values
        beyond it, then the nulls. One OR of the three would read the index from the top.
        """
        value, tie = key
        if value is None:
            return [and_(self.column.is_(None), self.tiebreak > tie)]
        beyond = self.column < value if self.descending else self.column > value
        segments = [and_(self.column == value, self.tiebreak > tie), beyond]
        if self.nullable:
            segments.append(self.column.is_(None))
        return segments


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, with the list's total (exact, or more than `total`)."""

    items: list[T]
    total: int
    exact: bool
    # The last item's sort key when more items may follow: what a keyset page starts after.
    next_key: tuple[Any, Any] | None

    def map(self, view: Callable[[T], U]) -> Page[U]:
        """Return the same page with each item turned into what readers see."""
        return Page([view(item) for item in self.items], self.total, self.exact, self.next_key)


def total_cap() -> int:
    """Return how many rows a total counts before saying "more than"."""
    return int(current_app.config["REGISTRY_EXACT_TOTAL_CAP"])


def capped_count(query: Select[Any], cap: int) -> tuple[int, bool]:
    """Return (rows matching, exact): at most `cap`, and exact False when more match."""
    # A constant, not the rows' columns: the count reads an index only, never the table.
    ones = query.with_only_columns(literal(1), maintain_column_froms=True)
    limited = ones.order_by(None).limit(cap + 1).subquery()
    found = int(db.session.scalar(select(func.count()).select_from(limited)) or 0)
    return (cap, False) if found > cap else (found, True)


def numbered_page(query: Select[Any], order: Order, page: int, per_page: int) -> Page[Any]:
    """Return page `page` (from 1) of the ordered query; PageTooDeep past the cap."""
    cap, offset = total_cap(), (page - 1) * per_page
    if offset >= cap:
        total, exact = capped_count(query, cap)
        if not exact:
            raise PageTooDeep(cap, page, per_page)
        if offset >= total:
            # Past the end: answer empty without asking the database for an absurd OFFSET.
            return Page([], total, True, None)
    rows, more = _offset_rows(query, order, offset, per_page)
    if not more and (rows or offset == 0):
        # This page shows where the list ends, so it says the total: no count needed.
        total, exact = offset + len(rows), True
    else:
        total, exact = capped_count(query, cap)
    return Page(rows, total, exact, order.key_of(rows[-1]) if more else None)


def keyset_page(
    query: Select[Any], order: Order, after: tuple[Any, Any], per_page: int
) -> Page[Any]:
    """Return the page of the ordered query that follows the row whose sort key is `after`."""
    rows: list[Any] = []
    for segment in order.after(after):
        rows += _rows(query.where(segment).limit(per_page + 1 - len(rows)))
        if len(rows) > per_page:
            break
    more = len(rows) > per_page
    rows = rows[:per_page]
    total, exact = capped_count(query, total_cap())
    return Page(rows, total, exact, order.key_of(rows[-1]) if more else None)


def page_of(
    query: Select[Any], order: Order, page: int, per_page: int,
    after: tuple[Any, Any] | None = None,
) -> Page[Any]:
    """Return a keyset page when `after` is given, else numbered page `page`."""
    ordered = query.order_by(None).order_by(*order.clauses())
    if after is not None:
        return keyset_page(ordered, order, after, per_page)
    return numbered_page(ordered, order, page, per_page)


def _rows(query: Select[Any]) -> list[Any]:
    return list(db.session.scalars(query))


def _offset_rows(
    query: Select[Any], order: Order, offset: int, per_page: int
) -> tuple[list[Any], bool]:
    """Return a page's rows from `offset`, and whether more follow.

    Past the first page the rows skipped are read as keys only (an index-only scan of the
    order's index), then the page's own rows by key: OFFSET over whole rows reads each
    skipped row from the table (page 200 of 1,000,000 releases: ~10,000 random reads).
    """
    if offset == 0:
        rows = _rows(query.limit(per_page + 1))
        return rows[:per_page], len(rows) > per_page
    keys = list(db.session.scalars(
        query.with_only_columns(order.tiebreak).limit(per_page + 1).offset(offset)
    ))
    rows = _rows(query.where(order.tiebreak.in_(keys[:per_page]))) if keys else []
    return rows, len(keys) > per_page
