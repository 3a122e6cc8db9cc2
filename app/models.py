"""Database rows: labs, releases, artifacts, check runs, evidence and score history.

Rows are persistence only; `app.services` turns them into the domain dataclasses of
`registry.model` and back. Current scores are denormalised onto Release and Lab so list
pages, filters and badges read one indexed row instead of recomputing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(db.TypeDecorator):  # type: ignore[name-defined]
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
DESC_NULLS_LAST = db.text("score DESC NULLS LAST")


class Lab(db.Model):  # type: ignore[name-defined]
    __tablename__ = "lab"
    # The leaderboard's order, read off an index rather than sorting every lab.
    __table_args__ = (
        Index("ix_lab_score_order", DESC_NULLS_LAST, "slug").ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    homepage: Mapped[str | None] = mapped_column(String(500))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    community_submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # The lab's Hub organisation, and whether the scheduler sweeps it for new releases.
    hub_org: Mapped[str | None] = mapped_column(String(96))
    sweep_hub: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the scheduler last tried that sweep (success or not): the next is due a
    # REGISTRY_LAB_SWEEP_EVERY_HOURS later, so a failing Hub is not asked again every sweep.
    hub_swept_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Denormalised aggregate, refreshed whenever one of its releases is rescored: the mean
    # score and tier counts of its verified releases (NULL score while none is), so the sum
    # of tier_counts is how many of release_count are verified.
    score: Mapped[int | None] = mapped_column(Integer, index=True)
    release_count: Mapped[int] = mapped_column(Integer, default=0)
    tier_counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    latest_release_on: Mapped[date | None] = mapped_column(Date, index=True)
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    score_version: Mapped[int] = mapped_column(Integer, default=0)

    releases: Mapped[list[Release]] = relationship(
        back_populates="lab", cascade="all, delete-orphan", order_by="Release.slug"
    )
    claims: Mapped[list[Claim]] = relationship(back_populates="lab", cascade="all, delete-orphan")


class Release(db.Model):  # type: ignore[name-defined]
    __tablename__ = "release"
    __table_args__ = (
        UniqueConstraint("lab_id", "slug", name="uq_release_lab_slug"),
        Index("ix_release_tier_score", "tier", "score"),
        # The sweep's selection of due releases: oldest request first, read off this index.
        Index("ix_release_requested", "last_requested_at", "id"),
        # The default release order (best first, unscored last) and the same within a tier:
        # read off these, a page costs its own rows, not a sort of every matching release.
        # PostgreSQL only: SQLite takes no NULLS LAST in an index (and sorts small tables).
        Index("ix_release_score_order", DESC_NULLS_LAST, "id").ddl_if(dialect="postgresql"),
        Index("ix_release_tier_score_order", "tier", DESC_NULLS_LAST, "id").ddl_if(
            dialect="postgresql"
        ),
        # Name search is ILIKE '%words%': only a trigram index serves it on PostgreSQL.
        # SQLite has no such index and scans, which is fine at its scale.
        Index(
            "ix_release_name_trgm",
            "name",
            postgresql_using="gin",
            postgresql_ops={"name": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lab_id: Mapped[int] = mapped_column(ForeignKey("lab.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    released_on: Mapped[date | None] = mapped_column(Date, index=True)
    # "day", "month" or "year": how much of released_on the public record knows.
    released_precision: Mapped[str] = mapped_column(String(5), default="day")
    announced_as_open: Mapped[bool] = mapped_column(Boolean, default=False)
    paper_url: Mapped[str | None] = mapped_column(String(500))
    model_card: Mapped[str | None] = mapped_column(String(200))
    community_submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    # Registered by a lab sweep from the Hub: discovered, not confirmed by the lab.
    discovered: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Denormalised current score; history lives in ScoreSnapshot. Both are NULL while the
    # release is unverified (its weights not confirmed by a check), and status_reason says why.
    score: Mapped[int | None] = mapped_column(Integer, index=True)
    tier: Mapped[str | None] = mapped_column(String(1))
    status_reason: Mapped[str | None] = mapped_column(Text)
    verdict_weights: Mapped[str] = mapped_column(String(12), default="absent", index=True)
    verdict_code: Mapped[str] = mapped_column(String(12), default="absent", index=True)
    verdict_data: Mapped[str] = mapped_column(String(12), default="absent", index=True)
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    last_check_failed: Mapped[bool] = mapped_column(Boolean, default=False)
    # When its latest check run was created (NULL: never asked for): what the sweep orders by.
    last_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Bumped on every score change: badges and ETags key their caches on it.
    score_version: Mapped[int] = mapped_column(Integer, default=0)
    # The latest consistency findings (`ConsistencyReport.as_fact()`): findings, not a score,
    # so they sit beside the tier and never move it. NULL until a run has produced them.
    consistency: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    lab: Mapped[Lab] = relationship(back_populates="releases")
    artifacts: Mapped[list[Artifact]] = relationship(
        back_populates="release", cascade="all, delete-orphan", order_by="Artifact.position"
    )
    check_runs: Mapped[list[CheckRun]] = relationship(
        back_populates="release", cascade="all, delete-orphan", order_by="CheckRun.id.desc()"
    )


class Artifact(db.Model):  # type: ignore[name-defined]
    __tablename__ = "artifact"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(
        ForeignKey("release.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    pillar: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(16))
    locator: Mapped[str] = mapped_column(String(500))
    declared_licence: Mapped[str | None] = mapped_column(String(200))
    entrypoint: Mapped[str | None] = mapped_column(String(300))
    # Where discovery found this claim ({source, confidence, rank, judged}); None when typed.
    provenance: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The effective state after reconciling the latest run with earlier ones.
    verdict: Mapped[str] = mapped_column(String(12), default="unverified")
    good_evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )
    last_failure: Mapped[str | None] = mapped_column(Text)
    # Consecutive "not found" answers after an earlier success; absent needs two.
    missing_count: Mapped[int] = mapped_column(Integer, default=0)

    release: Mapped[Release] = relationship(back_populates="artifacts")
    good_evidence: Mapped[Evidence | None] = relationship(foreign_keys=[good_evidence_id])


class CheckRun(db.Model):  # type: ignore[name-defined]
    __tablename__ = "check_run"
    __table_args__ = (
        Index("ix_check_run_release_state", "release_id", "state"),
        # At most one pending or running run per release: the index, not a check-then-insert,
        # is what makes two racing check requests share one run.
        Index(
            "uq_check_run_active_release",
            "release_id",
            unique=True,
            sqlite_where=db.text("state IN ('PENDING', 'RUNNING')"),
            postgresql_where=db.text("state IN ('PENDING', 'RUNNING')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("release.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(12), default="PENDING", index=True)
    trigger: Mapped[str] = mapped_column(String(16), default="manual")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    artifacts_total: Mapped[int] = mapped_column(Integer, default=0)
    artifacts_done: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[bool] = mapped_column(Boolean, default=False)
    # A run finished by the batched revision probe: nothing changed since this run, whose
    # evidence (still each artifact's good evidence) stands, referenced rather than copied.
    unchanged_since_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("check_run.id", ondelete="SET NULL")
    )
    # What the batched probe found before handing the run to a full check: "changed", or
    # "failed" (a probe failed: the full check must not take the unchanged shortcut).
    probe: Mapped[str | None] = mapped_column(String(12))
    error: Mapped[str | None] = mapped_column(Text)

    release: Mapped[Release] = relationship(back_populates="check_runs")
    # Every attempt with how it ended; loaded with the run (a few rows) so lists stay N+1-free.
    attempt_log: Mapped[list[CheckRunAttempt]] = relationship(
        cascade="all, delete-orphan", order_by="CheckRunAttempt.number", lazy="selectin"
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="check_run",
        cascade="all, delete-orphan",
        foreign_keys="Evidence.check_run_id",
        order_by="Evidence.id",
    )


class Evidence(db.Model):  # type: ignore[name-defined]
    """One checker's result for one artifact in one run: what was looked at and found."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    check_run_id: Mapped[int] = mapped_column(
        ForeignKey("check_run.id", ondelete="CASCADE"), index=True
    )
    # No foreign key: artifact -> evidence already references this table, and a cycle would
    # need ALTER TABLE, which SQLite cannot do. Evidence outlives replaced artifacts.
    artifact_id: Mapped[int | None] = mapped_column(Integer, index=True)
    pillar: Mapped[str] = mapped_column(String(12))
    checker_id: Mapped[str] = mapped_column(String(32))
    checker_version: Mapped[str] = mapped_column(String(16))
    verdict: Mapped[str] = mapped_column(String(12))
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    failure_kind: Mapped[str | None] = mapped_column(String(24))
    failure_message: Mapped[str | None] = mapped_column(Text)
    endpoint: Mapped[str] = mapped_column(String(500), default="")
    locator: Mapped[str] = mapped_column(String(500), default="")
    revision: Mapped[str | None] = mapped_column(String(80))
    files: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    file_count: Mapped[int] = mapped_column(Integer, default=0)
    total_size: Mapped[int | None] = mapped_column(db.BigInteger)
    licences: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    duration_s: Mapped[float] = mapped_column(Float, default=0.0)

    check_run: Mapped[CheckRun] = relationship(
        back_populates="evidence", foreign_keys=[check_run_id]
    )


class ScoreSnapshot(db.Model):  # type: ignore[name-defined]
    """A release's score as it changed: one row per change, with the run that caused it."""

    __tablename__ = "score_snapshot"
    __table_args__ = (Index("ix_score_snapshot_release_time", "release_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("release.id", ondelete="CASCADE"))
    check_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("check_run.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # NULL when the release was unverified at the time: no tier, no score.
    score: Mapped[int | None] = mapped_column(Integer)
    tier: Mapped[str | None] = mapped_column(String(1))
    verdict_weights: Mapped[str] = mapped_column(String(12))
    verdict_code: Mapped[str] = mapped_column(String(12))
    verdict_data: Mapped[str] = mapped_column(String(12))


class LabScoreSnapshot(db.Model):  # type: ignore[name-defined]
    """A lab's aggregate score as it changed."""

    __tablename__ = "lab_score_snapshot"
    __table_args__ = (Index("ix_lab_score_snapshot_lab_time", "lab_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lab_id: Mapped[int] = mapped_column(ForeignKey("lab.id", ondelete="CASCADE"))
    check_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("check_run.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    score: Mapped[int | None] = mapped_column(Integer)
    tier_counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)


class User(db.Model):  # type: ignore[name-defined]
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LabMember(db.Model):  # type: ignore[name-defined]
    """An account allowed to edit a lab and submit its releases."""

    __tablename__ = "lab_member"

    lab_id: Mapped[int] = mapped_column(ForeignKey("lab.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )


class ApiToken(db.Model):  # type: ignore[name-defined]
    """A bearer token for the API, owned by an account; only its hash is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    scope: Mapped[str] = mapped_column(String(16), default="submit")
    # NULL only on legacy tokens (made before tokens had owners); new ones always have one.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Marked by migration 0006 on owner-less tokens: refused with how to re-issue them.
    legacy: Mapped[bool] = mapped_column(Boolean, default=False)
    # True when the token names labs: it then writes only to those (api_token_lab rows), and
    # stays narrowed to nothing if they are all deleted rather than widening to every lab.
    lab_restricted: Mapped[bool] = mapped_column(Boolean, default=False)

    labs: Mapped[list[Lab]] = relationship(secondary="api_token_lab", order_by="Lab.slug")


class ApiTokenLab(db.Model):  # type: ignore[name-defined]
    """A lab a token is narrowed to."""

    __tablename__ = "api_token_lab"

    token_id: Mapped[int] = mapped_column(
        ForeignKey("api_token.id", ondelete="CASCADE"), primary_key=True
    )
    lab_id: Mapped[int] = mapped_column(ForeignKey("lab.id", ondelete="CASCADE"), primary_key=True)


class WriteRecord(db.Model):  # type: ignore[name-defined]
    """Who changed what: one row per write, with the account and the token that made it.

    Slugs, email and token name are copied so the record still reads after a delete; the
    ids go NULL when what they point at is gone.
    """

    __tablename__ = "write_record"
    __table_args__ = (
        Index("ix_write_record_release_at", "release_id", "at"),
        Index("ix_write_record_lab_at", "lab_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # e.g. release.create, release.artifacts, release.check, lab.update (app.services.audit).
    action: Mapped[str] = mapped_column(String(32))
    lab_id: Mapped[int | None] = mapped_column(ForeignKey("lab.id", ondelete="SET NULL"))
    release_id: Mapped[int | None] = mapped_column(ForeignKey("release.id", ondelete="SET NULL"))
    lab_slug: Mapped[str] = mapped_column(String(64))
    release_slug: Mapped[str | None] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    account: Mapped[str] = mapped_column(String(254))
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id", ondelete="SET NULL"))
    token_name: Mapped[str | None] = mapped_column(String(100))
    # api (a token), web (a signed-in page) or system (operator commands, scheduled work).
    via: Mapped[str] = mapped_column(String(8))


class Claim(db.Model):  # type: ignore[name-defined]
    """What an outside index (MOF, OSAI) says about a release, kept beside our verification.

    One claim per source file: (source, source_file) is unique, so re-importing a file
    updates its own claim and two files on one release are two claims.
    """

    __tablename__ = "claim"
    __table_args__ = (UniqueConstraint("source", "source_file", name="uq_claim_source_file"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lab_id: Mapped[int] = mapped_column(ForeignKey("lab.id", ondelete="CASCADE"), index=True)
    release_id: Mapped[int | None] = mapped_column(
        ForeignKey("release.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(16))
    # The file's name, or its path in the upstream repository; never a path on our server.
    source_file: Mapped[str | None] = mapped_column(String(300))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=utcnow)
    # A synced file: the upstream repository and the commit its content was read at.
    upstream_url: Mapped[str | None] = mapped_column(String(500))
    upstream_commit: Mapped[str | None] = mapped_column(String(64))
    # The commit at which the file was gone from upstream (the claim is kept, marked).
    removed_in: Mapped[str | None] = mapped_column(String(64))
    content_sha256: Mapped[str | None] = mapped_column(String(64))

    lab: Mapped[Lab] = relationship(back_populates="claims")


class CheckRunAttempt(db.Model):  # type: ignore[name-defined]
    """One attempt at a check run: when it started and ended, how, and what went wrong."""

    __tablename__ = "check_run_attempt"
    __table_args__ = (
        UniqueConstraint("check_run_id", "number", name="uq_check_run_attempt_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    check_run_id: Mapped[int] = mapped_column(ForeignKey("check_run.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # running, completed, failed, timed_out, abandoned (its worker went silent)
    outcome: Mapped[str] = mapped_column(String(12), default="running")
    error: Mapped[str | None] = mapped_column(Text)


class IdempotencyKey(db.Model):  # type: ignore[name-defined]
    """The response a keyed API write gave, kept so a retry with the same key gets it again."""

    __tablename__ = "idempotency_key"
    __table_args__ = (
        UniqueConstraint("principal", "key", name="uq_idempotency_key_principal"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Whose key it is: keys are chosen by clients, so two clients may pick the same one.
    principal: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    # sha256 of the method, path and canonical JSON body the key was first used with.
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int | None] = mapped_column(Integer)
    body: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
