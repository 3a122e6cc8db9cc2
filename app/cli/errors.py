"""One line per error on the command line: what went wrong and how to fix it, exit status 2.

Every `flask --app app registry ...` command runs inside `RegistryGroup.invoke`, which turns
configuration and input errors (a bad setting, an unknown lab, a file that does not parse,
a database not yet migrated) into a single `Error: ...` line. A traceback is for whoever
debugs the registry, not for whoever runs it: it is printed only with `flask --debug` or
`REGISTRY_DEBUG=1`. An error nobody foresaw still ends in one line (exit status 1) that says
how to see the traceback.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Mapping
from typing import Any

import click
from flask import current_app, has_app_context
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from app.config import ConfigError
from app.services.errors import InvalidInput, ServiceError

# The status of an error the person at the terminal can fix (click's own for usage errors).
FIX_IT = 2
# The status of an error nobody foresaw: a bug, or an outside system failing oddly.
UNEXPECTED = 1

DEBUG_HINT = "run again with `flask --app app --debug ...` (or REGISTRY_DEBUG=1) for the traceback"

# Database failures and what fixes them, first match wins: (words in the driver's message, fix).
DATABASE_FIXES: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("no such table", "does not exist", "undefinedtable"),
        "the database has no tables yet: run `flask --app app db upgrade` first",
    ),
    (
        ("connection refused", "could not connect", "unable to open", "timeout", "name or service"),
        "the database cannot be reached: start it, or fix REGISTRY_DATABASE_URL",
    ),
)
DATABASE_FALLBACK = "the database refused the command: check REGISTRY_DATABASE_URL and migrate"


class CliError(click.ClickException):
    """An error shown as one `Error: ...` line, with the status the person can act on."""

    def __init__(self, message: str, exit_code: int = FIX_IT) -> None:
        super().__init__(message)
        # click declares exit_code a ClassVar, yet reads it from the instance it catches.
        self.exit_code = exit_code  # type: ignore[misc]


def debugging() -> bool:
    """Return True when tracebacks were asked for (`flask --debug` or REGISTRY_DEBUG=1)."""
    if os.environ.get("FLASK_DEBUG", "").lower() in {"1", "true", "yes", "on"}:
        return True
    if has_app_context():
        return bool(current_app.config.get("REGISTRY_DEBUG"))
    return os.environ.get("REGISTRY_DEBUG", "").lower() in {"1", "true", "yes", "on"}


def field_messages(errors: Mapping[str, Any]) -> str:
    """Return `field: message; field: message` from a field -> messages mapping."""
    parts = []
    for field, messages in sorted(errors.items()):
        texts = messages if isinstance(messages, list | tuple) else [messages]
        parts.append(f"{field}: {' '.join(str(m) for m in texts)}")
    return "; ".join(parts)


def describe(error: BaseException) -> CliError:
    """Return the one-line error for a configuration, input or database failure."""
    for kinds, words in DESCRIPTIONS:
        if isinstance(error, kinds):
            return words(error)
    return CliError(
        f"{type(error).__name__}: {_first_line(error)} ({DEBUG_HINT}).", exit_code=UNEXPECTED
    )


def _usage(error: click.UsageError) -> CliError:
    hint = f" Try `{error.ctx.command_path} --help`." if error.ctx is not None else ""
    return CliError(f"{error.format_message()}{hint}")


def _invalid(error: InvalidInput) -> CliError:
    # Field messages are sentences that may end with their own full stop.
    said = field_messages(error.errors).rstrip(".")
    return CliError(f"{said}. Fix the input and run the command again.")


def _service(error: ServiceError) -> CliError:
    field = getattr(error, "field", None)
    return CliError(f"{field}: {error}" if field else str(error))


def _database(error: SQLAlchemyError) -> CliError:
    text = str(getattr(error, "orig", None) or error).lower()
    for words, fix in DATABASE_FIXES:
        if any(word in text for word in words):
            return CliError(f"{fix[0].upper()}{fix[1:]}.")
    return CliError(f"{DATABASE_FALLBACK[0].upper()}{DATABASE_FALLBACK[1:]}.")


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


# Error kinds and how each reads, most specific first.
DESCRIPTIONS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...],
                          Callable[[Any], CliError]], ...] = (
    (CliError, lambda error: error),
    (click.UsageError, _usage),
    (click.ClickException, lambda error: CliError(error.format_message())),
    (ConfigError, lambda error: CliError(_first_line(error))),
    (InvalidInput, _invalid),
    (ServiceError, _service),
    (SQLAlchemyError, _database),
    ((FileNotFoundError, IsADirectoryError, PermissionError),
     lambda error: CliError(f"Cannot read {error.filename}: {error.strerror}.")),
)


class RegistryGroup(AppGroup):
    """The `registry` command group: every command's errors end in one line."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn a failure into one `Error:` line (traceback only if debugging)."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.Abort, KeyboardInterrupt, EOFError):
            raise
        except Exception as error:  # every failure ends as one line
            if debugging() and not isinstance(error, click.ClickException):
                traceback.print_exc()
            raise describe(error) from error


def for_command_line(error: ConfigError) -> Exception:
    """Return what the app factory raises for a bad setting: one line when `flask` loads it.

    Flask's command line loads the app before any command runs, so a missing
    REGISTRY_SECRET_KEY fails there; a click error is what it shows without a traceback.
    """
    if click.get_current_context(silent=True) is None or debugging():
        return error
    return CliError(_first_line(error))
