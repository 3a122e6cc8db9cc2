"""Column types and per-dialect DDL shared by the tables: UTC timestamps and the score order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, TypeDecorator, event, text

from app.extensions import db


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use registry time in UTC")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def exists_on(dialect_name: str) -> Callable[..., bool]:
    """Return an Alembic include_object hook that skips objects meant for other dialects.

    Alembic's autogenerate ignores `.ddl_if(dialect=...)`; without this hook it would keep
    proposing the PostgreSQL-only trigram index on SQLite.
    """

    def include_object(obj: Any, name: Any, type_: Any, reflected: Any, compare_to: Any) -> bool:
        condition = getattr(obj, "_ddl_if", None)
        return condition is None or condition.dialect in (None, dialect_name)

    return include_object


@event.listens_for(db.metadata, "before_create")
def _enable_trigram_search(target: Any, connection: Any, **_: Any) -> None:
    """Create pg_trgm (a trusted extension) before the trigram index needs it."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")


# The order lists read in: best first, unscored last (an index key for that order).
DESC_NULLS_LAST = text("score DESC NULLS LAST")
