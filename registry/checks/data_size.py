"""A dataset card's size claim against the bytes its files hold.

"OW Corpus holds 15T tokens" over one 50 MB parquet file is a sample presented as the
corpus: no encoding stores fifteen trillion tokens in fifty megabytes. Each claim the
card's prose makes (tokens, or bytes of text) sets a floor on the bytes any faithful copy
needs, at an encoding far denser than any real one; files below the floor of every claim
hold only part of what the card describes, which is a doubt.

The floor is deliberately loose: compressed web text takes about 1 byte a token (4 bytes
of UTF-8 a token, zstd about 4:1), token ids 2 or 4 bytes; 0.25 bytes a token is four
times denser than either. Bytes claimed ("45 TB of text") may be uncompressed, so the
floor is a twentieth of them. The smallest claim is the one held to the floor: a card that
says "a 10B-token sample of our 15T-token corpus" describes files of 10B tokens.

Only a shortfall past `SHORTFALL` times counts. Cards often give the size of a whole family
of which the repository is one part (C4's card speaks of all its variants' 3 TB, Matrix's
of its 4.69T tokens across components), and a listing may be one part of a corpus split over
repositories; those fall short by a factor of up to about a hundred, and a snapshot or
mirror that lists only some of a corpus's files by more. A ten-thousandfold gap at a floor
already four times too dense is no part: it is a sample presented as the corpus. (The
threshold was a thousandfold first; a listing of a few shards of a 15T-token corpus falls
short by that much, and a true corpus must never lose its verdict to a partial listing.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from registry.checks.base import human_size
from registry.checks.licences.sources import card_prose

MIN_BYTES_PER_TOKEN = 0.25
MIN_SHARE_OF_CLAIMED_BYTES = 1 / 20
SHORTFALL = 10_000
MULTIPLIERS = {
    "k": 10**3, "thousand": 10**3, "m": 10**6, "million": 10**6, "b": 10**9,
    "billion": 10**9, "t": 10**12, "trillion": 10**12,
}  # fmt: skip
BYTE_UNITS = {"kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "pb": 10**15}
_NUMBER = r"(?P<n>\d+(?:[.,]\d+)?)"
SIZE_CLAIMS: tuple[tuple[str, str], ...] = (
    (rf"\b{_NUMBER}\s*(?P<unit>k|m|b|t|thousand|million|billion|trillion)[\s-]*tokens?\b",
     "tokens"),
    (rf"\b{_NUMBER}\s*(?P<unit>kb|mb|gb|tb|pb)\s+of\s+(?:\w+\s+){{0,2}}(?:text|data)\b", "bytes"),
)  # fmt: skip


@dataclass(frozen=True)
class SizeClaim:
    """What the card claims, and the fewest bytes a copy of it needs."""

    words: str
    floor: int


def claims(card: str) -> list[SizeClaim]:
    """Return every size claim the card's prose makes, each with its byte floor."""
    prose = card_prose(card)
    found = []
    for pattern, kind in SIZE_CLAIMS:
        for match in re.finditer(pattern, prose, re.I):
            number = _number(match["n"])
            unit = match["unit"].lower()
            if kind == "tokens":
                floor = number * MULTIPLIERS[unit] * MIN_BYTES_PER_TOKEN
            else:
                floor = number * BYTE_UNITS[unit] * MIN_SHARE_OF_CLAIMED_BYTES
            found.append(SizeClaim(match.group(0), int(floor)))
    return found


def smaller_than_claimed(card: str, data_bytes: int | None, file_count: int) -> str | None:
    """Return the sentence when the files hold fewer bytes than every claim needs."""
    made = claims(card)
    if data_bytes is None or not made:
        return None
    smallest = min(made, key=lambda c: c.floor)
    if data_bytes * SHORTFALL >= smallest.floor:
        return None
    return (
        f'The card says "{smallest.words}", which needs at least {human_size(smallest.floor)} '
        f"however densely stored, but the {file_count} data file(s) hold "
        f"{human_size(data_bytes)}, less than a ten-thousandth of that: they are only a sample of "
        "what the card describes."
    )


def _number(text: str) -> float:
    # "1,000" is a thousand; "1,5" (a decimal comma) one and a half.
    if re.fullmatch(r"\d{1,3}(,\d{3})+", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))
