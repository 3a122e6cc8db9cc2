"""Watch the SQL a badge request sends; the badge URLs of a release, by route."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db
from tests.integration.badges.rows import paths


@contextmanager
def recorded_statements() -> Iterator[list[str]]:
    """Record every SQL statement the app sends while the block runs."""
    statements: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


ROUTES = {
    "lab": lambda r: f"{paths(r)['lab']}.svg",
    "release": lambda r: f"{paths(r)['release']}.svg",
    "pillar": lambda r: f"{paths(r)['weights']}.json",
    "styled": lambda r: f"{paths(r)['release']}.svg?style=for-the-badge&label=x",
    "unknown release": lambda r: f"/badges/{r.lab.slug}/nope.svg",
    "unknown lab": lambda r: "/badges/nope.json",
}


def is_one_indexed_select(statement: str) -> bool:
    """Return True for the release-joined-to-lab or the lab SELECT by slug."""
    text = " ".join(statement.split())
    return text.startswith("SELECT") and (
        "FROM release JOIN lab ON release.lab_id = lab.id WHERE lab.slug = " in text
        or ("FROM lab WHERE lab.slug = " in text and "JOIN" not in text)
    )
