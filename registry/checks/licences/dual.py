"""A Hub licence list (`license: [a, b]`) read as alternatives when the card says so.

The Hub's metadata takes a list of licences and says nothing of how they combine: every
part applies (a model under its licence AND a dataset's terms), or the user picks one (a
dual-licensed work). Unless the card or a licence file says the work is offered under
each licence on its own, every part applies and the least open decides (`summarise`).
Where they say so, in words like those below, the list reads as "a OR b": the most open
part decides, and the evidence quotes the words that made it so.

Sources of the wordings: the Rust API guidelines' "Licensed under either of ... at your
option" (rust-lang/api-guidelines, C-PERMISSIVE), the GPL notice's "or (at your option)
any later version" (about versions, so not a choice between listed licences), Wikimedia's
dumps legal page as the wikimedia/wikipedia card quotes it ("licensed under the GFDL and
the CC BY-SA 3.0 License. Some text may be available only under the Creative Commons
license") and its Terms of Use ("Reusers may comply with either license or both").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from registry.checks.licences.sources import (
    CARD_SOURCE,
    TAG_SOURCE,
    card_prose,
    finding,
)
from registry.model import LicenceFinding, LicenceKind

# Words that offer each listed licence on its own. Each is a choice between licences, not
# a mention of one: "you may choose to offer support" (Apache-2.0 section 9) and "or (at
# your option) any later version" (a GPL notice) are left out on purpose.
DUAL_LICENCE_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bdual[- ]?licen[cs](?:ed|ing)\b", "the work is dual-licensed"),
    (r"\b(?:licen[cs]ed|available|distributed|released|used?)\s+under\s+(?:the\s+terms\s+of\s+)?"
     r"either\b", "the work may be used under either licence"),
    (r"\b(?:comply\s+with|choose|pick|select)\s+either\s+(?:one\s+|of\s+(?:the|these)\s+)?"
     r"licen[cs]es?\b", "the work may be used under either licence"),
    (r"\bor,?\s+\(?at\s+your\s+(?:option|choice)\b(?!\)?,?\s+any\s+later)",
     "the user picks the licence"),
    (r"\byou\s+(?:may|can)\s+choose\s+(?:either|which|between|one\s+of)\b",
     "the user picks the licence"),
    (r"\bsome\s+(?:of\s+the\s+)?(?:text|content|material|data|files?)\s+(?:may\s+be|is|are)\s+"
     r"(?:available|licen[cs]ed)\s+only\s+under\b",
     "some content carries only one of the licences: they are offered separately, not all "
     "at once"),
)
LISTED_SOURCES = (CARD_SOURCE, TAG_SOURCE)  # the two places the Hub's list shows


def dual_licence_words(texts: Iterable[tuple[str, str]]) -> tuple[str, str, str] | None:
    """Return (where, the words, what they mean) for the first text that offers a choice.

    `texts` are (where, text) pairs: ("card text", README.md), ("LICENSE file", its text).
    """
    for where, text in texts:
        prose = card_prose(text)
        for pattern, meaning in DUAL_LICENCE_PHRASES:
            match = re.search(pattern, prose, re.I)
            if match:
                return where, _sentence_around(prose, match.start(), match.end()), meaning
    return None


def read_listed_licences(
    findings: list[LicenceFinding], texts: Iterable[tuple[str, str]], kind: LicenceKind
) -> tuple[list[LicenceFinding], list[str]]:
    """Join a source's listed licences with OR when the texts offer a choice; say why.

    Without such words the findings are returned as they are (every part applies).
    """
    listed = {source: [f for f in findings if f.source == source] for source in LISTED_SOURCES}
    if all(len(parts) < 2 for parts in listed.values()):
        return findings, []
    said = dual_licence_words(texts)
    if said is None:
        return findings, []
    where, words, meaning = said
    joined: list[LicenceFinding] = []
    for source, parts in listed.items():
        if len(parts) >= 2:
            expression = " OR ".join(f"({p.expression})" for p in parts)
            joined.append(finding(expression, source, kind))
    kept = [f for f in findings if f.source not in LISTED_SOURCES or len(listed[f.source]) < 2]
    names = ", ".join(dict.fromkeys(p.expression for ps in listed.values() for p in ps))
    note = (f'The {where} says "{words}" ({meaning}), so the listed licences ({names}) are '
            "alternatives and the most open of them decides.")
    return joined + kept, [note]


def _sentence_around(prose: str, start: int, end: int) -> str:
    # The sentence holding the match, so a reader sees the claim in its own words.
    before = prose.rfind(". ", 0, start)
    opening = before + 2 if before != -1 else 0
    closing = prose.find(". ", end)
    sentence = prose[opening : closing + 1 if closing != -1 else len(prose)]
    return sentence if len(sentence) <= 300 else prose[start:end]
