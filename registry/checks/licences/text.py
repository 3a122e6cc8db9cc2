"""Reading a licence file as it is: several licences in one text, section by section.

askalono's own scan strategy (identify the whole text; where it scores low, look for the
licences inside it and narrow to the lines they span) is not exposed by the pyaskalono
binding, which only has `identify`. So its idea is applied over sections here:

1. split the text on structural cues (rules of dashes, "LICENSE FOR ..." banners, "Files
   under X are licensed under Y" statements, a licence title after a blank line);
2. identify each section (licence titles askalono lacks first, then askalono);
3. a section that scores low is merged with an unrecognised neighbour, or absorbed by a
   recognised neighbour of the same licence, and else narrowed (paragraphs dropped from
   either end) until a window scores at or above `MIN_SCORE`;
4. what stays unrecognised is a short *statement* naming a licence ("... licensed under
   CC BY-NC 4.0"), a *notice* (attributions, copyright lines), or *not recognised*.

Each askalono call reloads its store (about 0.2 s), so calls are cached by text and at
most `MAX_IDENTIFY_CALLS` are made per file; sections past that are reported unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import askalono  # type: ignore[import-untyped]  # a Rust extension without stubs

from registry.checks.licences.scopes import scope_of
from registry.checks.licences.spans import (
    MIN_SECTION_WORDS,
    Namer,
    headed,
    paragraphs,
    split,
    word_count,
)

# askalono's score at or above which a section is that licence. Below it the best match is
# a guess: a truncated MIT text scores ~0.16, the BSD grant of Megatron-LM's composite
# LICENSE with its "The following applies..." preamble 0.83.
MIN_SCORE = 0.8
MAX_IDENTIFY_CALLS = 16
MAX_STATEMENT_WORDS = 80  # a section this short may name its licence instead of quoting it
MAX_NARROWING_STEPS = 4  # windows tried per unrecognised section
# A licence text scoring this is the licence itself, nothing added; below it, an end
# paragraph with terms in it is tried without (one call each): a canonical BSD text scores
# 1.0, with "You may not use this software for commercial purposes." appended 0.98.
EXACT_SCORE = 0.995
MIN_SCORE_GAIN = 0.005  # removing an end paragraph must raise the score this much

# Words of terms: what a section lets or forbids. A section without them (attributions,
# copyright lines, "below are the licences used in those files") is a notice.
GRANT_WORDS = re.compile(
    r"\b(permission|permitted|permits?|grants?|granted|you may|you must|may not|must not"
    r"|shall|non-?commercial|commercial|prohibit\w*|restrict\w*|redistribut\w*|forbid\w*"
    r"|not allowed|allowed to)\b",
    re.I,
)


@dataclass(frozen=True)
class LicenceSection:
    """One span of a licence file and what it was read as."""

    first: int  # 1-based line numbers, inclusive
    last: int
    kind: str  # "licence", "statement", "notice", "not recognised", "not read"
    licence: str | None = None  # the SPDX id or licence key, for licences and statements
    score: float | None = None  # askalono's score (None for titles, statements, notices)
    guess: str | None = None  # askalono's best match below the threshold
    scope: tuple[str, ...] = ()  # the paths the text scopes this section to; () = all
    headed: bool = False  # it opens with a banner naming what it covers ("LICENSE FOR x")

    @property
    def lines(self) -> str:
        """Return the span for people: "lines 12–40"."""
        return (
            f"line {self.first}" if self.first == self.last else f"lines {self.first}–{self.last}"
        )


@dataclass(frozen=True)
class LicenceText:
    """A licence file read section by section."""

    path: str
    sections: tuple[LicenceSection, ...]

    @property
    def licences(self) -> tuple[LicenceSection, ...]:
        """Return the sections that name a licence (recognised texts and statements)."""
        return tuple(s for s in self.sections if s.licence)

    @property
    def unreadable(self) -> tuple[LicenceSection, ...]:
        """Return the sections that hold licence terms we could not read."""
        return tuple(s for s in self.sections if s.kind in ("not recognised", "not read"))


@dataclass(frozen=True)
class Namers:
    """How to name what askalono cannot: licence titles it lacks, licences a statement names."""

    title: Namer  # "LLAMA 2 COMMUNITY LICENSE AGREEMENT" at a section's head -> "llama2"
    statement: Namer  # "... are licensed under CC BY-NC 4.0" -> "CC-BY-NC-4.0"


def read_licence_text(path: str, text: str, namers: Namers) -> LicenceText:
    """Read a licence file section by section."""
    lines = text.splitlines()
    reader = _Reader(lines, namers, _Budget(MAX_IDENTIFY_CALLS))
    read = [reader.span(start, end) for start, end in split(lines, namers.statement)]
    read = _merge_unrecognised(reader, read)
    read = [_narrow(reader, s) if s.kind == "not recognised" else s for s in read]
    read = [part for s in read for part in _split_ends(reader, s)]
    return LicenceText(path, tuple(_join_same(read)))


def _split_ends(reader: _Reader, section: LicenceSection) -> list[LicenceSection]:
    # Terms added before or after a licence text with no rule between ("BSD ... The weights
    # are licensed under CC BY-NC 4.0.", "For non-commercial use only.") barely dent the
    # whole text's score: split off an end paragraph that names another licence, or whose
    # removal makes the rest read better as the same licence.
    if section.kind != "licence" or section.score is None:
        return [section]
    spans = paragraphs(reader.lines, section.first - 1, section.last)
    if len(spans) < 2:
        return [section]
    for end, rest in ((spans[-1], spans[:-1]), (spans[0], spans[1:])):
        if _foreign(reader, section, end) or _reads_better_without(reader, section, end, rest):
            kept = reader.span(rest[0][0], rest[-1][1])
            if kept.kind == "licence" and kept.licence == section.licence:
                parts = [*_split_ends(reader, replace(kept, scope=section.scope))]
                piece = reader.span(*end)
                return [*parts, piece] if end == spans[-1] else [piece, *parts]
    return [section]


def _foreign(reader: _Reader, section: LicenceSection, end: tuple[int, int]) -> bool:
    named = reader.namers.statement(" ".join(reader.lines[end[0] : end[1]]))
    return named is not None and named.lower() != (section.licence or "").lower()


def _reads_better_without(
    reader: _Reader, section: LicenceSection, end: tuple[int, int], rest: list[tuple[int, int]]
) -> bool:
    # Worth a call only when the match is not exact and the paragraph says something binding.
    chunk = reader.lines[end[0] : end[1]]
    if (section.score or 0) >= EXACT_SCORE or not any(GRANT_WORDS.search(t) for t in chunk):
        return False
    without = reader.span(rest[0][0], rest[-1][1])
    return (without.score or 0) >= (section.score or 0) + MIN_SCORE_GAIN


def _join_same(read: list[LicenceSection]) -> list[LicenceSection]:
    # One licence cut in two by its own rules (Llama 2's text and its notice) is one span.
    joined: list[LicenceSection] = []
    for section in read:
        previous = joined[-1] if joined else None
        if (
            previous
            and section.kind == previous.kind == "licence"
            and section.licence == previous.licence
            and section.scope == previous.scope
            and section.first == previous.last + 1
            and not section.headed
        ):
            joined[-1] = replace(previous, last=section.last)
            continue
        joined.append(section)
    return joined


def identify(text: str) -> tuple[str, float]:
    """Return askalono's best match for a text and its score (cached: each call costs ~0.2 s)."""
    known = _IDENTIFIED.get(text)
    if known is None:
        match = askalono.identify(text)
        known = _IDENTIFIED[text] = (str(match.name), float(match.score))
        while len(_IDENTIFIED) > MAX_CACHED_TEXTS:
            _IDENTIFIED.pop(next(iter(_IDENTIFIED)))  # the oldest first
    return known


# The same few texts (Apache-2.0, MIT, a composite LICENSE's sections) recur across repos.
MAX_CACHED_TEXTS = 512
_IDENTIFIED: dict[str, tuple[str, float]] = {}


class _Budget:
    """How many uncached askalono calls one file may still make."""

    def __init__(self, calls: int) -> None:
        self.left = calls

    def identify(self, text: str) -> tuple[str, float] | None:
        if text not in _IDENTIFIED:
            if self.left <= 0:
                return None
            self.left -= 1
        return identify(text)


class _Reader:
    """Reads spans of one file: names, askalono within the budget, scopes."""

    def __init__(self, lines: list[str], namers: Namers, budget: _Budget) -> None:
        self.lines = lines
        self.namers = namers
        self.budget = budget

    def span(self, start: int, end: int) -> LicenceSection:
        """Read lines [start, end) as one section."""
        chunk = self.lines[start:end]
        text = "\n".join(chunk)
        base = LicenceSection(
            start + 1, max(start + 1, end), "notice", scope=scope_of(chunk), headed=headed(chunk)
        )
        named = self.namers.title(text[:4000])
        if named:
            return replace(base, kind="licence", licence=named)
        if word_count(chunk) < MIN_SECTION_WORDS:
            return _leftover(chunk, base, self.namers)
        match = self.budget.identify(text)
        if match is None:
            return replace(base, kind="not read")
        name, score = match
        if score >= MIN_SCORE:
            return replace(base, kind="licence", licence=name, score=round(score, 3))
        return _leftover(chunk, replace(base, score=round(score, 3), guess=name), self.namers)


def _leftover(chunk: list[str], section: LicenceSection, namers: Namers) -> LicenceSection:
    # What askalono cannot read: a short statement naming its licence, a notice, or terms.
    if word_count(chunk) <= MAX_STATEMENT_WORDS:
        named = namers.statement(" ".join(chunk))
        if named:
            return replace(section, kind="statement", licence=named)
    if not any(GRANT_WORDS.search(line) for line in chunk):
        return section  # attributions and copyright lines: a notice
    return replace(section, kind="not recognised")


def _merge_unrecognised(reader: _Reader, read: list[LicenceSection]) -> list[LicenceSection]:
    # Over-split texts (a CC legal code cut at its own rules) are read whole again: two low
    # sections together, or a low unscoped one with the licence before or after it.
    merged: list[LicenceSection] = []
    for section in read:
        previous = merged[-1] if merged else None
        if previous and _mergeable(previous, section):
            both = reader.span(previous.first - 1, section.last)
            kept = previous if previous.kind == "licence" else section
            # A licence absorbs a low neighbour only when the neighbour is part of its text:
            # the same licence reads as well or better with it (a CC preamble), not worse
            # (appended terms).
            same = kept.kind != "licence" or (
                both.licence == kept.licence and (both.score or 0) >= (kept.score or 0) - 0.005
            )
            if both.kind == "licence" and same:
                merged[-1] = replace(both, scope=previous.scope)
                continue
        merged.append(section)
    return merged


def _mergeable(left: LicenceSection, right: LicenceSection) -> bool:
    if "not recognised" not in (left.kind, right.kind):
        return False
    other = right if left.kind == "not recognised" else left
    low = left if left.kind == "not recognised" else right
    return not low.scope and other.kind in ("not recognised", "licence") and not right.scope


def _narrow(reader: _Reader, section: LicenceSection) -> LicenceSection:
    # A licence inside a longer text (a preamble, a trailer): drop paragraphs from either
    # end, and keep the first window that reads at or above the threshold.
    spans = paragraphs(reader.lines, section.first - 1, section.last)
    best = section
    for step in range(1, min(MAX_NARROWING_STEPS, len(spans) - 1) + 1):
        for window in (spans[step:], spans[:-step]):
            candidate = reader.span(window[0][0], window[-1][1])
            if candidate.kind == "licence":
                return replace(candidate, scope=section.scope)  # the window's own lines
            if (candidate.score or 0) > (best.score or 0):
                best = replace(section, score=candidate.score, guess=candidate.guess)
    return best
