"""Errors a use case raises; the Flask layer maps each to one HTTP status in one place."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from registry.errors import RegistryError


class ServiceError(RegistryError):
    """Base of use-case errors."""

    status = 400


class NotFound(ServiceError):
    """The lab, release, run or Hub model asked for does not exist; `field` names the input."""

    status = 404

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Conflict(ServiceError):
    """The write would break a uniqueness rule (a slug already taken).

    `existing` names the lab ({"lab": slug}) or release ({"lab": .., "release": ..}) that
    already holds the slug, so the answer can link to it.
    """

    status = 409

    def __init__(
        self, message: str, field: str | None = None, existing: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.field = field
        self.existing = dict(existing) if existing else None

    def pointing_at(self, existing: Mapping[str, str]) -> Conflict:
        """Return this conflict naming what holds the slug (unchanged if it is not a slug's)."""
        if self.field != "slug":
            return self
        return Conflict(str(self), self.field, existing)


class Unauthenticated(ServiceError):
    """No usable credentials: the message says why (unknown, revoked, expired, legacy)."""

    status = 401


class Forbidden(ServiceError):
    """The identity may not do this."""

    status = 403


class InvalidInput(ServiceError):
    """Input failed validation; `errors` maps field paths to messages."""

    status = 422

    def __init__(self, errors: Mapping[str, Any]) -> None:
        super().__init__("invalid input")
        self.errors = dict(errors)


class Unavailable(ServiceError):
    """An outside service the use case needs (the Hub) did not answer; try again later."""

    status = 503


class PageTooDeep(ServiceError):
    """A numbered page starts past the rows a list counts: keyset pages (cursor) go there."""

    status = 422

    def __init__(self, cap: int, page: int, per_page: int) -> None:
        super().__init__(
            f"Page {page} starts after row {cap:,}, where numbered pages stop for a list this "
            f"long (at {per_page} a page, the last is page {-(-cap // per_page)}). Narrow the "
            "filters, or follow the API's next_cursor: pass it as cursor to go further."
        )
        self.field = "page"
