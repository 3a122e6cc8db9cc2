"""What an import did, file by file, in a shape the CLI table, the admin page and JSON share.

Each file is imported, imported with warnings, or refused (with every reason by field).
An imported file names its release, how it was matched to it, what happened to its claim
(new, updated, unchanged) and which other files' claims share that release.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

IMPORTED = "imported"
WARNED = "imported with warnings"
REFUSED = "refused"
STATUSES = (IMPORTED, WARNED, REFUSED)


@dataclass
class FileOutcome:
    """One file's result: what it became and its warnings, or every reason it was refused."""

    name: str
    ok: bool
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    lab: str | None = None
    release: str | None = None
    created: bool = False  # a new release, rather than a claim on one we had
    matched_by: str | None = None  # "new release", "same Hub weights x/y", "same lab and name"
    claim: str | None = None  # "new", "updated" or "unchanged"
    artifacts: int = 0
    check_run_id: int | None = None
    shares_with: list[str] = field(default_factory=list)  # other files claiming the release

    @property
    def status(self) -> str:
        """Return imported, imported with warnings, or refused."""
        if not self.ok:
            return REFUSED
        return WARNED if self.warnings else IMPORTED

    @property
    def target(self) -> str | None:
        """Return lab/release, None when the file was refused."""
        return f"{self.lab}/{self.release}" if self.lab and self.release else None

    def as_dict(self) -> dict[str, Any]:
        """Return the outcome as plain data, with its status."""
        return {"status": self.status, **asdict(self)}


@dataclass(frozen=True)
class SharedRelease:
    """Several files whose claims sit on one release, and why each was put there."""

    target: str
    files: tuple[tuple[str, str], ...]  # (file, why)


@dataclass
class ImportReport:
    """A batch's results, file by file."""

    source: str
    files: list[FileOutcome] = field(default_factory=list)

    @property
    def imported(self) -> list[FileOutcome]:
        """Return the files that imported (with or without warnings)."""
        return [f for f in self.files if f.ok]

    @property
    def failed(self) -> list[FileOutcome]:
        """Return the files that imported nothing, with their errors."""
        return [f for f in self.files if not f.ok]

    @property
    def counts(self) -> Mapping[str, int]:
        """Return how many files got each status."""
        return {status: sum(f.status == status for f in self.files) for status in STATUSES}

    def shared(self) -> list[SharedRelease]:
        """Return the releases that hold claims from more than one file, with the reasons."""
        groups: dict[str, dict[str, str]] = {}
        here = {(f.target, f.name): f.matched_by or "" for f in self.imported}
        for outcome in self.imported:
            if outcome.target and outcome.shares_with:
                group = groups.setdefault(outcome.target, {})
                for other in [*outcome.shares_with, outcome.name]:
                    group[other] = here.get((outcome.target, other), "imported before")
        return [SharedRelease(t, tuple(sorted(g.items()))) for t, g in sorted(groups.items())]

    def summary(self) -> str:
        """Return the one-line summary: how many imported, with warnings, refused."""
        counts = self.counts
        return (
            f"Imported {len(self.imported)} of {len(self.files)} file(s): "
            f"{counts[IMPORTED]} imported, {counts[WARNED]} with warnings, "
            f"{counts[REFUSED]} refused."
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the whole report as plain data (what `--report FILE` writes)."""
        return {
            "source": self.source,
            "counts": dict(self.counts),
            "files": [f.as_dict() for f in self.files],
            "shared_releases": [
                {"release": s.target, "files": [{"file": n, "why": w} for n, w in s.files]}
                for s in self.shared()
            ],
        }
