"""Badge state: what a badge may claim about a lab or a release, from one indexed read.

A badge is fetched far more often than any page, so each use case reads at most one row
(a release joined to its lab, or a lab) by its unique slug, and never writes. The row is
interpreted with the same rules as the pages and the API (`pillar_views.is_stale`, the
stored tier and verdicts), so a badge never claims more than the release page shows.

A worker reuses what it read for REGISTRY_BADGE_FRESH_SECONDS (RecentReads): a badge storm
from a popular README then costs each worker one query every few seconds, not one per
request. Any commit in the process forgets everything, so a process never serves what it has
itself just overwritten; other processes' changes show within the window.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar, cast
from weakref import WeakSet

from flask import current_app
from sqlalchemy import Connection, Engine, Executable, Row, bindparam, event, select

from app.extensions import db
from app.models import Lab, Release
from app.services.errors import NotFound
from app.services.pillar_views import is_stale
from registry.model import Pillar, Verdict
from registry.standard import TIERS
from schemas.fields import SLUG_RE
from schemas.patterns import SLUG_MAX


class BadgeState(StrEnum):
    """How far the stored verdict can be trusted right now."""

    VERIFIED = "verified"
    UNVERIFIED = "unverified"  # never checked: nothing confirmed yet
    # (A release whose weights are unverified has no tier: its badge says "unverified",
    # whatever this state is; STALE and CHECK_FAILED qualify a verdict that exists.)
    STALE = "stale"  # the last good evidence is older than REGISTRY_STALE_AFTER_DAYS
    CHECK_FAILED = "check_failed"  # the latest check failed; the last good verdict is kept


@dataclass(frozen=True)
class LabBadgeFacts:
    """A lab's stored aggregate, as a badge may show it."""

    slug: str
    name: str
    score: int | None
    release_count: int
    tier_a_count: int
    checked: bool
    state: BadgeState
    score_version: int
    verified_release_count: int = 0


@dataclass(frozen=True)
class ReleaseBadgeFacts:
    """A release's stored tier and verdicts, as a badge may show them."""

    lab_slug: str
    lab_name: str
    slug: str
    name: str
    tier: str | None  # None: its weights are unverified, so it has no tier
    verdicts: tuple[tuple[Pillar, Verdict], ...]
    checked: bool
    state: BadgeState
    score_version: int
    status_reason: str | None = None  # why it is unverified, for the badge's tooltip

    def verdict(self, pillar: Pillar) -> Verdict:
        """Return the stored verdict of one pillar."""
        return dict(self.verdicts)[pillar]


def badge_state(
    checked_at: datetime | None, failed: bool, now: datetime | None = None
) -> BadgeState:
    """Return the state of a stored verdict; a failure outranks age, as on the pages."""
    if failed:
        return BadgeState.CHECK_FAILED
    if checked_at is None:
        return BadgeState.UNVERIFIED
    if is_stale(checked_at, failed=False, now=now):
        return BadgeState.STALE
    return BadgeState.VERIFIED


def could_be_slug(value: str) -> bool:
    """Return True when `value` has a slug's shape; anything else cannot name a row."""
    # Checked before querying: PostgreSQL refuses NUL bytes in a parameter with an error.
    return len(value) <= SLUG_MAX and SLUG_RE.fullmatch(value) is not None


LAB_COLUMNS = (
    Lab.slug,
    Lab.name,
    Lab.score,
    Lab.release_count,
    Lab.tier_counts,
    Lab.last_checked_at,
    Lab.score_version,
)


# Built once: constructing a statement costs more than running it against SQLite.
LAB_QUERY = select(*LAB_COLUMNS).where(Lab.slug == bindparam("lab_slug"))


def lab_badge_facts(slug: str) -> LabBadgeFacts:
    """Return a lab's badge facts, read at most REGISTRY_BADGE_FRESH_SECONDS ago."""
    return recent_reads().get(("lab", slug), lambda: read_lab_badge_facts(slug))


def read_lab_badge_facts(slug: str, now: datetime | None = None) -> LabBadgeFacts:
    """Read a lab's badge facts from its row alone, or raise NotFound."""
    row = _one_row(LAB_QUERY, lab_slug=slug) if could_be_slug(slug) else None
    if row is None:
        raise NotFound(f"No lab {slug!r}.")
    counts = row.tier_counts or {}
    return LabBadgeFacts(
        slug=row.slug,
        name=row.name,
        score=row.score,
        release_count=row.release_count,
        # Only verified releases have a tier: the counts add up to them (as lab_reads.lab_view).
        verified_release_count=sum(int(counts.get(t.letter, 0)) for t in TIERS),
        tier_a_count=int(counts.get("A", 0)),
        checked=row.last_checked_at is not None,
        # A lab row records no failure of its own; its releases' badges show those.
        state=badge_state(row.last_checked_at, failed=False, now=now),
        score_version=row.score_version,
    )


RELEASE_COLUMNS = (
    Lab.slug.label("lab_slug"),
    Lab.name.label("lab_name"),
    Release.slug,
    Release.name,
    Release.tier,
    Release.status_reason,
    Release.verdict_weights,
    Release.verdict_code,
    Release.verdict_data,
    Release.last_checked_at,
    Release.last_check_failed,
    Release.score_version,
)


RELEASE_QUERY = (
    select(*RELEASE_COLUMNS)
    .join_from(Release, Lab, Release.lab_id == Lab.id)
    .where(Lab.slug == bindparam("lab_slug"), Release.slug == bindparam("release_slug"))
)


def release_badge_facts(lab_slug: str, release_slug: str) -> ReleaseBadgeFacts:
    """Return a release's badge facts, read at most REGISTRY_BADGE_FRESH_SECONDS ago."""
    return recent_reads().get(
        ("release", lab_slug, release_slug),
        lambda: read_release_badge_facts(lab_slug, release_slug),
    )


def read_release_badge_facts(
    lab_slug: str, release_slug: str, now: datetime | None = None
) -> ReleaseBadgeFacts:
    """Read a release's badge facts from its row joined to its lab, or raise NotFound."""
    row = None
    if could_be_slug(lab_slug) and could_be_slug(release_slug):
        row = _one_row(RELEASE_QUERY, lab_slug=lab_slug, release_slug=release_slug)
    if row is None:
        raise NotFound(f"No release {release_slug!r} in lab {lab_slug!r}.")
    return ReleaseBadgeFacts(
        lab_slug=row.lab_slug,
        lab_name=row.lab_name,
        slug=row.slug,
        name=row.name,
        tier=row.tier,
        verdicts=tuple((p, Verdict(getattr(row, f"verdict_{p.value}"))) for p in Pillar),
        checked=row.last_checked_at is not None,
        state=badge_state(row.last_checked_at, row.last_check_failed, now=now),
        score_version=row.score_version,
        status_reason=row.status_reason if row.tier is None else None,
    )


# Backends where BEGIN and ROLLBACK are each a round trip to a server. A lone SELECT is atomic
# without them, so it runs in autocommit there; SQLite's are free, its isolation switch is not.
AUTOCOMMIT_DIALECTS = frozenset({"postgresql"})


def _one_row(query: Executable, **params: str) -> Row[Any] | None:
    # One statement on a pooled connection rather than through the ORM session: nothing to
    # flush, no identity map to fill, and the connection returns to the pool at once.
    with db.engine.connect() as connection:
        if connection.dialect.name in AUTOCOMMIT_DIALECTS:
            connection.execution_options(isolation_level="AUTOCOMMIT")
        return connection.execute(query, params).one_or_none()


T = TypeVar("T")


@dataclass(frozen=True)
class _Missing:
    message: str


class RecentReads:
    """Badge facts (or their absence) read in the last few seconds, keyed by what was asked."""

    def __init__(self, max_entries: int = 4096, clock: Callable[[], float] = time.monotonic):
        self._entries: dict[Hashable, tuple[float, object]] = {}
        self._max_entries = max_entries
        self._clock = clock
        # Bumped by forget(): a read that overlapped a commit is answered but not kept.
        self._generation = 0

    def get(self, key: Hashable, read: Callable[[], T], fresh_for: float | None = None) -> T:
        """Return the value read for `key` less than `fresh_for` seconds ago, or read it now."""
        if fresh_for is None:
            fresh_for = float(current_app.config["REGISTRY_BADGE_FRESH_SECONDS"])
        now, generation = self._clock(), self._generation
        entry = self._entries.get(key)
        if entry is not None and now - entry[0] < fresh_for:
            # One key is always read by one `read`, so what it keeps is a T (or a miss).
            return cast(T, self._replay(entry[1]))
        try:
            value = read()
        except NotFound as error:
            self._keep(key, now, _Missing(str(error)), fresh_for, generation)
            raise
        self._keep(key, now, value, fresh_for, generation)
        return value

    def forget(self) -> None:
        """Drop everything: something this process committed may have changed it."""
        self._generation += 1
        self._entries.clear()

    def _keep(
        self, key: Hashable, now: float, value: object, fresh_for: float, generation: int
    ) -> None:
        if fresh_for <= 0 or generation != self._generation:
            return
        if len(self._entries) >= self._max_entries:
            # Keys include slugs from URLs, so the table is bounded; emptying it is rare and
            # costs each worker one query per badge.
            self._entries.clear()
        self._entries[key] = (now, value)

    @staticmethod
    def _replay(value: Any) -> Any:
        if isinstance(value, _Missing):
            raise NotFound(value.message)
        return value


# One table per app (the tests run a SQLite and a PostgreSQL app side by side), all known here
# so that a commit, on whatever connection, clears every one of them.
RECENT_READS_KEY = "registry.badge_recent_reads"
_ALL_RECENT_READS: WeakSet[RecentReads] = WeakSet()


def recent_reads() -> RecentReads:
    """Return the recent badge reads of the current app."""
    table: RecentReads | None = current_app.extensions.get(RECENT_READS_KEY)
    if table is None:
        table = current_app.extensions.setdefault(RECENT_READS_KEY, RecentReads())
        _ALL_RECENT_READS.add(table)
    return table


@event.listens_for(Engine, "commit")
def _forget_recent_reads(connection: Connection) -> None:
    # Any commit, not only a score change: cheap to do, and no write path can be missed.
    for table in list(_ALL_RECENT_READS):
        table.forget()
