"""Text fit for a badge: printable, on one line, of bounded length.

Labels come from the query string and names from the database; either may hold control
characters, which XML 1.0 forbids outright (escaping cannot save them), bidirectional
overrides that could make a badge read backwards, or simply too many characters.
"""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"
LABEL_MAX_CHARS = 40
NAME_MAX_CHARS = 80
# Work on a bounded prefix: the cap applies to what is shown, not to what may be sent.
RAW_MAX_CHARS = 1000


def clean_text(value: str, max_chars: int) -> str:
    """Return `value` with control and format characters dropped, spaces collapsed, capped."""
    kept = (_printable(c) for c in unicodedata.normalize("NFC", value[:RAW_MAX_CHARS]))
    text = " ".join("".join(kept).split())
    if len(text) <= max_chars:
        return text
    return text[: max_chars - 1].rstrip() + ELLIPSIS


def _printable(char: str) -> str:
    if char.isspace():
        return " "
    # Category C: control (Cc), format (Cf, e.g. bidi overrides), surrogate, private, unassigned.
    return "" if unicodedata.category(char).startswith("C") else char
