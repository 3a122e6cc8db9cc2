"""Reading a licence file into one finding: its sections, their scopes, what to say.

The sections come from `text` (askalono's scan idea over a file's sections);
`scopes` decides which apply to the code in question; the least open of those
is the file's reading. What cannot be read is said, for the `LICENCE_TEXT_UNREADABLE`
doubt, and never replaced by what a tag or card beside it says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from registry.checks.licences import scopes as licence_scopes
from registry.checks.licences.sources import NAMERS, finding
from registry.checks.licences.text import MIN_SCORE, LicenceSection, LicenceText, read_licence_text
from registry.model import LicenceFinding, LicenceKind

# askalono's best match below the threshold is named beside "not recognised" from here up
# (a closest match at 0.02 says nothing).
SHOWN_GUESS_SCORE = 0.3


@dataclass(frozen=True)
class LicenceFileReading:
    """A licence file read: its finding (None when nothing is recognised) and what to say."""

    finding: LicenceFinding | None
    reasons: tuple[str, ...]
    unreadable: str | None  # the sentence for the LICENCE_TEXT_UNREADABLE doubt, if any
    text: LicenceText

    def facts(self) -> list[dict[str, object]]:
        """Return each section for the evidence: its lines, what it was read as, its scope."""
        return [
            {"file": self.text.path, "lines": s.lines, "read_as": s.kind, "licence": s.licence,
             "score": s.score, "closest": s.guess, "scope": list(s.scope)}
            for s in self.text.sections
        ]  # fmt: skip


def from_licence_text(path: str, text: str, kind: LicenceKind) -> LicenceFinding | None:
    """Read a licence file's text, section by section; None when no licence is recognised."""
    return read_licence_file(path, text, kind).finding


def read_licence_file(
    path: str,
    text: str,
    kind: LicenceKind,
    *,
    label: str = "",
    code_paths: Iterable[str] | None = None,
) -> LicenceFileReading:
    """Read a licence file section by section into one finding, its reasons and its doubt.

    Every licence section counts (the least open decides) unless the file scopes a section
    to named paths and none of `code_paths` (the code in question) lies under them; with
    `code_paths` None (not known) every section counts.
    """
    reading = read_licence_text(path, text, NAMERS)
    named = f"{label}{path}"
    if not text.replace("\ufeff", "").strip():  # a byte-order mark is no text either
        # A licence file with no words grants nothing; the tag or card beside it is a claim
        # about the file it cannot confirm, so the file is unreadable, never skipped.
        return LicenceFileReading(None, (), _empty(named, text), reading)
    taken, reasons = licence_scopes.apply(named, reading.licences, code_paths)
    expression = " AND ".join(dict.fromkeys(s.licence for s in taken if s.licence))
    found = finding(expression, f"{named} file (text)", kind) if expression else None
    if len(taken) > 1:
        parts = ", ".join(f"{s.licence} ({s.lines})" for s in taken)
        reasons.insert(0, f"{named} holds {len(taken)} licence sections: {parts}.")
    return LicenceFileReading(found, tuple(reasons), _unreadable(named, reading), reading)


def _empty(named: str, text: str) -> str:
    plural = "s" if len(text) != 1 else ""
    held = f"holds only whitespace ({len(text)} character{plural})" if text else "holds no bytes"
    return f"The licence file {named} is empty: it {held}, so it grants nothing we can read"


def _unreadable(named: str, reading: LicenceText) -> str | None:
    unread = reading.unreadable
    if not unread:
        return None
    if not reading.licences:
        return f"The text of {named} is not a licence we recognise{_closest(unread)}"
    spans = ", ".join(s.lines for s in unread)
    return f"{named} {spans} hold terms that are not a licence text we recognise{_closest(unread)}"


def _closest(sections: tuple[LicenceSection, ...]) -> str:
    guess = next((s for s in sections if s.guess and (s.score or 0) >= SHOWN_GUESS_SCORE), None)
    if guess is None or guess.score is None:
        return ""
    return f" (closest match {guess.guess} at {guess.score:.2f}, below the {MIN_SCORE} threshold)"
