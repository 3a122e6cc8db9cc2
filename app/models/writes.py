"""Records of writes: who made each one, and the replies kept for keyed API retries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.columns import UTCDateTime, utcnow


class WriteRecord(Model):
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


class IdempotencyKey(Model):
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
