"""The checkers, one module each, and the registry that finds them by id or artifact kind."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from registry.checks.base import Checker
from registry.checks.code import CodeChecker
from registry.checks.data import DataChecker
from registry.checks.weights import WeightsChecker
from registry.errors import DuplicateChecker, UnknownChecker
from registry.model import ArtifactKind

__all__ = [
    "Checker",
    "CheckerRegistry",
    "CodeChecker",
    "DataChecker",
    "WeightsChecker",
    "default_registry",
]


class CheckerRegistry:
    """Checkers keyed by id; refuses duplicate ids and answers unknown ids with an error."""

    def __init__(self, checkers: Iterable[Checker] = ()) -> None:
        self._by_id: dict[str, Checker] = {}
        for checker in checkers:
            self.register(checker)

    def register(self, checker: Checker) -> None:
        """Add a checker; raise DuplicateChecker if its id is taken."""
        if checker.id in self._by_id:
            raise DuplicateChecker(checker.id)
        self._by_id[checker.id] = checker

    def get(self, checker_id: str) -> Checker:
        """Return the checker registered under an id; raise UnknownChecker otherwise."""
        try:
            return self._by_id[checker_id]
        except KeyError:
            raise UnknownChecker(checker_id) from None

    def for_kind(self, kind: ArtifactKind) -> Checker:
        """Return the checker that inspects this kind of artifact; raise UnknownChecker if none."""
        for checker in self._by_id.values():
            if kind in checker.kinds:
                return checker
        raise UnknownChecker(f"<for {kind.value}>")

    def ids(self) -> tuple[str, ...]:
        """Return the registered ids in registration order."""
        return tuple(self._by_id)

    def __iter__(self) -> Iterator[Checker]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)


def default_registry() -> CheckerRegistry:
    """Return a registry holding the weights, code and data checkers."""
    return CheckerRegistry([WeightsChecker(), CodeChecker(), DataChecker()])
