"""Where checkers find licences: card metadata, Hub tags, licence files, card text, READMEs.

Each source yields `LicenceFinding`s; `summarise` combines them (the least open reading
wins) and says in words where the sources disagree. Classification itself belongs to
`registry.licences`; this module only finds and reads the statements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from posixpath import basename

from registry.checks.licences.phrases import CARD_TERMS_PHRASES, LICENCE_URLS, README_LICENCE_NAMES
from registry.checks.licences.text import Namers
from registry.checks.licences.titles import title_licence
from registry.checks.readme import sections
from registry.licences import (
    card_licence,
    classify_licence,
    explain_licence,
    is_known_licence,
    least_open_licence,
    normalise_licence,
    refines_family,
)
from registry.model import LicenceClass, LicenceFinding, LicenceKind

# Files whose text is a licence (matched on the upper-cased file name, at any depth the
# caller chooses; checkers look at the repository root).
LICENCE_FILE_PATTERN = re.compile(r"(LICEN[CS]E|COPYING|NOTICE-LICEN[CS]E)([-_.].*)?", re.I)

# Where a finding was read, as sentences name it.
CARD_SOURCE = "card metadata (license)"
LINK_SOURCE = "card metadata (license_link)"
TAG_SOURCE = "Hub tag"

# What makes a sentence a licence statement rather than a title or a mention.
STATEMENT_BINDING = re.compile(
    r"\b(licen[cs]ed|released|available|distributed|provided|offered|made available)\s+under\b"
    r"|\b(subject to|governed by|covered by)\b|^\s*licen[cs]e\s*:",
    re.I | re.M,
)
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
LICENCE_HEADING = re.compile(r"licen[cs](?:e|ing)\b", re.I)

@dataclass(frozen=True)
class LicenceSummary:
    """The combined reading of every finding: one class and the sentences explaining it."""

    licence_class: LicenceClass
    reasons: tuple[str, ...]


def is_licence_file(path: str) -> bool:
    """Return True for LICENSE, LICENCE.md, COPYING, LICENSE-MODEL and the like."""
    return LICENCE_FILE_PATTERN.fullmatch(basename(path)) is not None


def finding(expression: str, source: str, kind: LicenceKind) -> LicenceFinding:
    """Return a finding for an expression, normalised and classified for this kind."""
    normal = normalise_licence(expression) or expression
    return LicenceFinding(normal, source, classify_licence(normal, kind))


def from_card_data(card: Mapping[str, object], kind: LicenceKind) -> list[LicenceFinding]:
    """Return the licence the card metadata states (`license`, `license_name`)."""
    raw = card.get("license")
    name = card.get("license_name")
    values = raw if isinstance(raw, list) else [raw]
    found = []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            continue
        stated = card_licence(value, name if isinstance(name, str) else None)
        if stated and not is_known_licence(stated):
            # A `license_name` slug that spells a known licence's title ("apple-sample-code-
            # license") names that licence; an unknown slug stays as written.
            stated = title_licence(stated.replace("-", " ").replace("_", " ")) or stated
        if stated:
            found.append(finding(stated, CARD_SOURCE, kind))
    return found


def from_card_metadata(
    card: Mapping[str, object], tags: Iterable[str], kind: LicenceKind
) -> list[LicenceFinding]:
    """Return what a Hub repo's metadata states: `license` (+ `license_name`), its
    `license_link` when it is a well-known licence URL, and the `license:` tags."""
    found = from_card_data(card, kind) + from_tags(tags, kind)
    link = card.get("license_link")
    from_link = from_licence_url(link, LINK_SOURCE, kind) if isinstance(link, str) else None
    return found + ([from_link] if from_link else [])


def from_tags(tags: Iterable[str], kind: LicenceKind) -> list[LicenceFinding]:
    """Return a finding per `license:` tag on the Hub."""
    prefix = "license:"
    return [
        finding(tag[len(prefix) :], TAG_SOURCE, kind)
        for tag in tags
        if tag.lower().startswith(prefix) and tag[len(prefix) :].strip()
    ]


def named_licences(text: str) -> str | None:
    """Return the licences a short statement names ("licensed under CC BY-NC 4.0"), if any.

    A statement binds ("licensed under", "License: MIT"); a title over a partial quote
    ("MIT License / Permission is hereby granted...") is not one, and stays unrecognised.
    """
    prose = plain_text(text)
    if not STATEMENT_BINDING.search(prose):
        return None
    return _names(prose)


def _names(prose: str) -> str | None:
    names = [spdx for pattern, spdx in README_LICENCE_NAMES if re.search(pattern, prose, re.I)]
    return " AND ".join(dict.fromkeys(names)) or None


NAMERS = Namers(title=title_licence, statement=named_licences)


def from_card_text(text: str, kind: LicenceKind) -> list[LicenceFinding]:
    """Return the terms a card's prose says apply (e.g. "subject to the Gemma Terms of Use")."""
    prose = " ".join(plain_text(card_body(text)).split()).lower()
    return [
        finding(expression, "card text", kind)
        for pattern, expression in CARD_TERMS_PHRASES
        if re.search(pattern, prose)
    ]


# Phrases in a card's prose that restrict use whatever the licence tag says ("released for
# non-commercial research purposes only"). Each needs a limiting word ("only", "solely",
# "not permitted"...), so a card that merely mentions research or commerce never matches.
USE_LIMIT = r"(?:academic|non[- ]?commercial|research|evaluation|personal)"
CARD_USE_RESTRICTIONS: tuple[tuple[str, str], ...] = (
    (rf"\b(?:for|to)\s+(?:{USE_LIMIT}[\s,]+(?:and\s+|or\s+)?)+(?:use|uses|purposes?)\s+only\b",
     "use is limited to non-commercial, research or evaluation purposes"),
    (rf"\b(?:only|solely|exclusively)\s+(?:be\s+used\s+)?(?:for|to)\s+(?:{USE_LIMIT}[\s,]+"
     r"(?:and\s+|or\s+)?)+(?:use|uses|purposes?)\b",
     "use is limited to non-commercial, research or evaluation purposes"),
    (r"\bcommercial\s+(?:use|usage|purposes?)\s+(?:is|are)\s+(?:strictly\s+)?(?:not\s+"
     r"(?:permitted|allowed)|prohibited|forbidden)\b", "commercial use is forbidden"),
    (r"\b(?:may|must|shall|can)\s*not\s+be\s+used\s+(?:for\s+(?:any\s+)?commercial|"
     r"commercially)\b", "commercial use is forbidden"),
    (r"\bnot\s+(?:licen[cs]ed|available|permitted)\s+for\s+commercial\s+use\b",
     "commercial use is forbidden"),
)
FENCED_BLOCK = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)


def use_restrictions(card: str) -> list[str]:
    """Return a sentence per use restriction a card's prose states (code blocks ignored)."""
    return [
        f'The card text says "{words}": {meaning}.'
        for words, meaning in card_phrases(card, CARD_USE_RESTRICTIONS)
    ]


def card_phrases(card: str, table: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return (the card's words, meaning) for the first match of each meaning in a phrase
    table, read in the card's prose: front matter, markup and code blocks left out."""
    prose = card_prose(card)
    found: dict[str, str] = {}
    for pattern, meaning in table:
        match = re.search(pattern, prose, re.I)
        if match and meaning not in found:
            found[meaning] = match.group(0)
    return [(words, meaning) for meaning, words in found.items()]


def card_prose(card: str) -> str:
    """Return a card's prose on one line: front matter, markup and code blocks left out."""
    return " ".join(plain_text(FENCED_BLOCK.sub(" ", card_body(card))).split())


def from_readme_section(text: str, kind: LicenceKind) -> LicenceFinding | None:
    """Return the licence a README's "License" section names, if it names known ones."""
    section = readme_licence_section(text)
    if section is None:
        return None
    prose = plain_text(section)
    names = _names(prose)
    return finding(names, "README licence section", kind) if names else None


def from_licence_url(url: str, source: str, kind: LicenceKind) -> LicenceFinding | None:
    """Return the licence a well-known licence URL stands for, if it is one we know."""
    for pattern, spdx in LICENCE_URLS:
        match = re.search(pattern, url, re.I)
        if match:
            return finding(spdx or match.group("spdx"), source, kind)
    return None


def readme_licence_section(text: str) -> str | None:
    """Return the text under a README's first "License" heading, up to the next heading."""
    return next((s.body for s in sections(text) if LICENCE_HEADING.match(s.heading)), None)


def plain_text(markdown: str) -> str:
    """Return markdown with links reduced to their text ("[Gemma Terms](url)" -> "Gemma Terms")."""
    return MARKDOWN_LINK.sub(r"\1", markdown)


def card_body(text: str) -> str:
    """Return a card's prose without its YAML front matter (already read as card data)."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[end + 4 :]
    return text


def summarise(findings: Iterable[LicenceFinding], kind: LicenceKind) -> LicenceSummary:
    """Combine findings: the least open reading wins, and disagreements are spelled out."""
    found, notes = _without_stand_ins(list(findings))
    if not found:
        return LicenceSummary(LicenceClass.UNKNOWN, ("No licence was found in any source.",))
    cls = least_open_licence(f.licence_class for f in found)
    decisive = next(f for f in found if f.licence_class is cls)
    reasons = [explain_licence(decisive.expression, kind) + f" (from the {decisive.source})"]
    expressions = {f.expression.lower() for f in found}
    if len(expressions) > 1:
        reasons.insert(0, _disagreement(found))
    return LicenceSummary(cls, (*notes, *reasons))


def _without_stand_ins(found: list[LicenceFinding]) -> tuple[list[LicenceFinding], list[str]]:
    """Drop readings another source makes precise, with a sentence per family tag dropped."""
    # The Hub derives `license:other` from a card's `license: other`, which defers to its
    # `license_name` or `license_link`: once the card metadata names a licence, the tag is
    # an echo, not a reading (OpenELM: other + apple-sample-code-license), and a link that
    # names one says what the card's own "other" is. Alone, "other" still reads unknown.
    drop = {TAG_SOURCE} if _named_by(found, (CARD_SOURCE, LINK_SOURCE)) else set()
    drop |= {CARD_SOURCE} if _named_by(found, (LINK_SOURCE,)) else set()
    found = [f for f in found if not (f.source in drop and f.expression.lower() == "other")]
    # A family tag ("bsd", "cc") names no one licence: a source naming a member decides.
    kept, notes = [], []
    for f in found:
        member = next((g for g in found if refines_family(f.expression, g.expression)), None)
        if member is None:
            kept.append(f)
            continue
        notes.append(f"The {f.source} says {f.expression}, a licence family; the {member.source} "
                     f"names {member.expression}, one of its members, so that reading is taken.")
    return kept, notes


def _named_by(found: list[LicenceFinding], sources: tuple[str, ...]) -> bool:
    return any(f.source in sources and f.expression.lower() != "other" for f in found)


def _disagreement(found: list[LicenceFinding]) -> str:
    readings = "; ".join(f"the {f.source} says {f.expression} ({f.licence_class})" for f in found)
    return f"The licence sources disagree: {readings}. The least open reading wins."
