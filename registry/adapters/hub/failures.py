"""huggingface_hub's errors turned into our failure kinds, and the 429 waiting budget.

Every library error becomes an `AdapterError` with a `FailureKind`, so a check that meets
it is unverified, never absent. A hop the address rule refused (`RefusedTarget`, raised
by the guarded client before it connects) is `refused`, with the guard's reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import NoReturn, TypeVar

from huggingface_hub.errors import (
    DisabledRepoError,
    GatedRepoError,
    HfHubHTTPError,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)

# The HTTP library under huggingface_hub (httpx on 1.x, httpx2 on 2.x), lazily exported
# under one name so this adapter works on either major version.
from huggingface_hub.utils import httpx as hub_httpx  # type: ignore[attr-defined]

from registry.adapters.settings import failure_for_status
from registry.errors import RefusedTarget
from registry.model import FailureKind
from registry.ports import AdapterError

T = TypeVar("T")

# huggingface_hub error classes -> our failure kinds. Order matters: GatedRepoError is a
# subclass of RepositoryNotFoundError, so it must be matched first.
HUB_ERRORS: tuple[tuple[type[Exception], FailureKind], ...] = (
    (GatedRepoError, FailureKind.GATED),
    (RepositoryNotFoundError, FailureKind.NOT_FOUND),
    (RevisionNotFoundError, FailureKind.NOT_FOUND),
    (RemoteEntryNotFoundError, FailureKind.NOT_FOUND),
    (DisabledRepoError, FailureKind.UNAUTHORISED),
)


class Disabled(Exception):
    """The Hub said access to the repository is disabled: a fact, not a failure."""


class RateLimited(AdapterError):
    """The Hub answered 429; `retry_after_s` is how long it asked us to wait (None: unsaid)."""

    def __init__(self, retry_after_s: float | None) -> None:
        super().__init__(FailureKind.RATE_LIMITED, "rate-limited by the Hub (429), no Retry-After")
        self.retry_after_s = retry_after_s


@dataclass
class RateLimitWaits:
    """The seconds one client may still spend waiting on the Hub's 429 Retry-After."""

    cap_s: float
    waited_s: float = 0.0

    def wait_out(self, error: RateLimited) -> None:
        """Sleep the Retry-After if the budget allows; else raise the rate_limited failure."""
        delay = error.retry_after_s
        if delay is None:
            raise error
        if self.waited_s + delay > self.cap_s:
            raise AdapterError(
                FailureKind.RATE_LIMITED,
                f"rate-limited by the Hub: it asked to wait {delay:g} s, past the "
                f"{self.cap_s:g} s a check waits in all ({self.waited_s:g} s waited already)",
            ) from error
        time.sleep(delay)
        self.waited_s += delay


def mapped(call: Callable[[], T]) -> T:
    """Run a library call; any error it raises becomes an `AdapterError` (or `Disabled`)."""
    try:
        return call()
    except AdapterError:
        raise
    except Exception as error:  # noqa: BLE001 - every library error becomes a FailureKind
        raise_mapped(error)


def raise_mapped(error: Exception) -> NoReturn:
    """Raise the `AdapterError` (or `Disabled`) that a library error means."""
    if isinstance(error, DisabledRepoError):
        raise Disabled() from error
    if isinstance(error, RefusedTarget):
        raise AdapterError(FailureKind.REFUSED, f"a Hub redirect was {error}") from error
    kind = failure_kind(error)
    if kind is FailureKind.RATE_LIMITED:
        raise RateLimited(retry_after_s(error)) from error
    raise AdapterError(kind, short(error)) from error


def retry_after_s(error: Exception) -> float | None:
    """Return the seconds a 429's Retry-After asks for (delay-seconds or an HTTP date)."""
    response = getattr(error, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def failure_kind(error: Exception) -> FailureKind:
    """Return the failure kind of a library error; re-raise what is not the outside world's."""
    for error_type, kind in HUB_ERRORS:
        if isinstance(error, error_type):
            return kind
    if isinstance(error, HfHubHTTPError):
        # Plain statuses (no X-Error-Code, e.g. from a proxy or a loopback stand-in).
        return failure_for_status(status(error))
    if isinstance(error, hub_httpx.TimeoutException):
        return FailureKind.TIMEOUT
    if isinstance(error, hub_httpx.HTTPError | OSError):
        return FailureKind.SERVER_ERROR
    # JSON that does not parse, or parses into the wrong shape.
    if isinstance(error, ValueError | TypeError | KeyError | AttributeError):
        return FailureKind.MALFORMED_REPLY
    raise error


def status(error: HfHubHTTPError) -> int:
    """Return the HTTP status of a Hub error (0 when there was no response)."""
    return error.response.status_code if error.response is not None else 0


def short(error: Exception) -> str:
    """Return an error's text on one line, at most 300 characters."""
    text = " ".join(str(error).split())
    return text[:300] or type(error).__name__
