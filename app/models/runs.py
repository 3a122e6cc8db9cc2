"""Check runs, their attempts, and the evidence each run wrote."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.columns import UTCDateTime, utcnow

if TYPE_CHECKING:
    from app.models.catalogue import Release


class CheckRun(Model):
    __tablename__ = "check_run"
    __table_args__ = (
        Index("ix_check_run_release_state", "release_id", "state"),
        # At most one pending or running run per release: the index, not a check-then-insert,
        # is what makes two racing check requests share one run.
        Index(
            "uq_check_run_active_release",
            "release_id",
            unique=True,
            sqlite_where=text("state IN ('PENDING', 'RUNNING')"),
            postgresql_where=text("state IN ('PENDING', 'RUNNING')"),
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


class Evidence(Model):
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
    total_size: Mapped[int | None] = mapped_column(BigInteger)
    licences: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    duration_s: Mapped[float] = mapped_column(Float, default=0.0)

    check_run: Mapped[CheckRun] = relationship(
        back_populates="evidence", foreign_keys=[check_run_id]
    )


class CheckRunAttempt(Model):
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
