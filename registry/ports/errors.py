"""The one failure every port raises: an `AdapterError` carrying a `FailureKind`."""

from __future__ import annotations

from registry.model import FailureKind


class AdapterError(Exception):
    """Talking to the outside world failed; `kind` says how, in the registry's words."""

    def __init__(self, kind: FailureKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
