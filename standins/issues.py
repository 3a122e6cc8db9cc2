"""Problems found in manifests, each with its file and field, raised all together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ManifestIssue:
    """One problem in one manifest: which file, which field, what is wrong."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field or '<document>'}: {self.message}"


class ManifestError(ValueError):
    """One or more manifests are invalid; ``issues`` lists every problem found."""

    def __init__(self, issues: list[ManifestIssue]) -> None:
        self.issues = issues
        super().__init__("invalid stand-in manifest(s):\n" + "\n".join(f"  {i}" for i in issues))
