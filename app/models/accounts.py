"""Accounts, lab membership and API tokens (with the labs a token is narrowed to)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.columns import UTCDateTime, utcnow

if TYPE_CHECKING:
    from app.models.catalogue import Lab


class User(Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LabMember(Model):
    """An account allowed to edit a lab and submit its releases."""

    __tablename__ = "lab_member"

    lab_id: Mapped[int] = mapped_column(ForeignKey("lab.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )


class ApiToken(Model):
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


class ApiTokenLab(Model):
    """A lab a token is narrowed to."""

    __tablename__ = "api_token_lab"

    token_id: Mapped[int] = mapped_column(
        ForeignKey("api_token.id", ondelete="CASCADE"), primary_key=True
    )
    lab_id: Mapped[int] = mapped_column(ForeignKey("lab.id", ondelete="CASCADE"), primary_key=True)
