"""One base error for the domain; subclasses carry the data a caller needs to react."""

from __future__ import annotations


class RegistryError(Exception):
    """Base of every error the registry raises on purpose."""


class UnknownChecker(RegistryError):
    """No checker is registered under this id."""

    def __init__(self, checker_id: str) -> None:
        super().__init__(f"no checker registered as {checker_id!r}")
        self.checker_id = checker_id


class DuplicateChecker(RegistryError):
    """Two checkers tried to register under the same id."""

    def __init__(self, checker_id: str) -> None:
        super().__init__(f"a checker is already registered as {checker_id!r}")
        self.checker_id = checker_id


class RefusedTarget(RegistryError):
    """A guard refused a user-supplied URL or argument (SSRF, git injection, caps)."""

    def __init__(self, target: str, reason: str) -> None:
        super().__init__(f"refused {target!r}: {reason}")
        self.target = target
        self.reason = reason
