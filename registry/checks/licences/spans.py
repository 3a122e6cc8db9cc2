"""Where the sections of a licence file begin and end: structural cues, banners, paragraphs."""

from __future__ import annotations

import re
from collections.abc import Callable

from registry.checks.licences.scopes import scope_of

MIN_SECTION_WORDS = 8  # shorter sections (a rule, a lone copyright line) are never read
Namer = Callable[[str], str | None]

# Lines that start a new section.
SECTION_CUES: tuple[re.Pattern[str], ...] = (
    re.compile(r"^\s*[-=*_~#]{4,}"),  # a rule, or "----- LICENSE FOR Fairseq code -----"
    re.compile(r"^\s*licen[cs]e\s+(for|of)\b", re.I),  # "License for the files in x/"
    re.compile(
        r"^\s*(the\s+)?(files?|code|contents?|sources?|everything|portions?|parts?|materials?)"
        r"\s+(under|in|within|of)\b.*\b(licen[cs]ed|released|distributed|governed|covered)\b",
        re.I,
    ),
    re.compile(r"^\s*(the following|this section|these files)\b.*\b(appl(y|ies)|licen[cs])", re.I),
)
# A licence's title line; starts a section only after a blank line and not at the top.
# A copyright line opening a paragraph past the top starts the next licence's text (MIT's
# text, then BSD's "Copyright (c) <year>, <holder>"); within one licence it only splits
# off an appendix, which joins its licence again (see `text`).
COPYRIGHT_CUE = re.compile(r"^\s*(#\s*)?copyright\b", re.I)
TITLE_CUE = re.compile(
    r"^\s*(the\s+)?(mit licen[cs]e|apache licen[cs]e|bsd [23]-clause|gnu (lesser |affero )?"
    r"general public licen[cs]e|mozilla public licen[cs]e|creative commons attribution"
    r"|attribution(-noncommercial|-sharealike|-noderivatives)+ \d|cc[- ]by(-nc|-sa|-nd)*[- ]\d"
    r"|llama \d(\.\d)? community licen[cs]e|gemma terms of use)",
    re.I,
)


def split(lines: list[str], is_statement: Namer) -> list[tuple[int, int]]:
    """Return the [start, end) line spans of a licence file's sections."""
    # A rule starts a section anywhere; a banner, statement or title only where a paragraph
    # starts (a licence's own sentences wrap onto lines that read like cues).
    starts = [0]
    for index in range(1, len(lines)):
        line, paragraph = lines[index], not lines[index - 1].strip()
        rule = SECTION_CUES[0].search(line) is not None
        cue = paragraph and any(c.search(line) for c in SECTION_CUES[1:])
        title = paragraph and index > 2 and any(c.search(line) for c in (TITLE_CUE, COPYRIGHT_CUE))
        if rule or cue or title:
            starts.append(index)
    bounds = [*starts, len(lines)]
    spans = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
    return _attach_short(lines, spans, is_statement)


def _attach_short(
    lines: list[str], spans: list[tuple[int, int]], is_statement: Namer
) -> list[tuple[int, int]]:
    # A banner ("---- LICENSE FOR x ----") or a lone rule heads the text after it; a short
    # tail (a trailing rule) belongs to the text before it, unless it scopes something.
    merged: list[tuple[int, int]] = []
    carry: int | None = None
    for start, end in spans:
        if _is_banner(lines[start:end], is_statement):
            carry = start if carry is None else carry
            continue
        merged.append((start if carry is None else carry, end))
        carry = None
    if carry is not None and merged and not scope_of(lines[carry:]):
        merged[-1] = (merged[-1][0], len(lines))
    elif carry is not None:
        merged.append((carry, len(lines)))
    return merged


def headed(chunk: list[str]) -> bool:
    """Return True when a section opens with a banner naming what it covers."""
    first = next((line for line in chunk if line.strip()), "")
    words = len(re.findall(r"[A-Za-z]{2,}", first))
    return any(c.search(first) for c in SECTION_CUES) and words >= 2


def _is_banner(chunk: list[str], is_statement: Namer) -> bool:
    # A statement that names its licence ("Files under x/ are licensed under CC BY-NC
    # 4.0.") is a section of its own, however short; a rule or a header is not.
    if is_statement(" ".join(chunk)):
        return False
    filled = [line for line in chunk if line.strip()]
    cues = [line for line in filled if any(c.search(line) for c in SECTION_CUES)]
    return len(cues) == len(filled) or word_count(chunk) < MIN_SECTION_WORDS


def paragraphs(lines: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """Return the [start, end) spans of the paragraphs between two lines."""
    found: list[tuple[int, int]] = []
    begin: int | None = None
    for index in range(start, end):
        if lines[index].strip():
            begin = index if begin is None else begin
        elif begin is not None:
            found.append((begin, index))
            begin = None
    if begin is not None:
        found.append((begin, end))
    return found


def word_count(lines: list[str]) -> int:
    """Return how many words some lines hold."""
    return sum(len(line.split()) for line in lines)
