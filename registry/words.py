"""How the registry writes for people: sentences, numbers and sizes, one way everywhere.

Pages, the API's messages, evidence reasons and badges all go through these, so a size is
"4.2 GB" and a share "42%" wherever it appears, a width is never `125.80000000000001`, and a
sentence that begins with a repository id keeps the id as it was typed (`allenai/dolma`,
never `Allenai/dolma`). The failure sentences themselves are a table in registry.standard.
"""

from __future__ import annotations

import re

# A first word that may be capitalised: plain lowercase letters (not an id, path or name).
PLAIN_WORD = re.compile(r"^[a-z]+(?=[\s,;:.]|$)")
SIZE_UNITS = ("bytes", "kB", "MB", "GB", "TB", "PB")


def sentence(text: str) -> str:
    """Return `text` with its first letter capitalised, unless it begins with an id or name."""
    if PLAIN_WORD.match(text):
        return text[0].upper() + text[1:]
    return text


def lower_first(text: str) -> str:
    """Return a message to follow a colon: "Not a URL" -> "not a URL", "URL ..." kept."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def number(value: float, places: int = 2) -> str:
    """Return a number with at most `places` decimals and no trailing zeros (12.5, 125.8, 3)."""
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def size(value: int | None) -> str:
    """Return a byte count as people read it: 950 bytes, 4.2 MB, 13.5 GB (powers of 1000)."""
    if value is None:
        return "unknown size"
    amount = float(value)
    for unit in SIZE_UNITS:
        if amount < 1000 or unit == SIZE_UNITS[-1]:
            if unit == "bytes":
                return "1 byte" if value == 1 else f"{value:,} bytes"
            return f"{number(amount, 1)} {unit}"
        amount /= 1000
    raise AssertionError("unreachable")  # pragma: no cover


def percent(share: float) -> str:
    """Return a share (0 to 1) as a whole percentage, never 0% or 100% unless it is exactly."""
    value = share * 100
    if 0 < value < 1:
        return "under 1%"
    if 99 < value < 100:
        return "over 99%"
    return f"{round(value)}%"
