"""A dataset card's size claim held to the bytes its files hold, at a floor no encoding beats."""

from __future__ import annotations

import pytest

from registry.checks.data_size import claims, smaller_than_claimed

MB, GB, TB = 10**6, 10**9, 10**12


@pytest.mark.parametrize(
    ("card", "floor"),
    [
        ("OW Corpus holds 15T tokens of web text.", 15 * 10**12 // 4),
        ("It has 1.2 trillion tokens.", 3 * 10**11),
        ("A 300B-token mix.", 75 * GB),
        ("About 1,000B tokens in all.", 250 * GB),
        ("1,5T tokens", int(1.5 * 10**12 / 4)),
        ("The corpus is 45 TB of deduplicated text.", 45 * TB // 20),
        ("---\nlicense: mit\n---\n# C\n\n```\n99T tokens\n```\n", None),  # code is no claim
        ("Documents are packed into sequences of 2048 tokens.", None),  # a count, no unit
    ],
)
def test_claims_and_their_floors(card: str, floor: int | None) -> None:
    made = claims(card)
    assert [c.floor for c in made][:1] == ([floor] if floor is not None else [])


@pytest.mark.parametrize(
    ("card", "size", "short"),
    [
        ("OW Corpus holds 15T tokens.", 50 * MB, True),
        ("OW Corpus holds 15T tokens.", 40 * TB, False),  # compressed parquet, ~1 byte a token
        ("2B tokens of code.", 8 * GB, False),
        ("The corpus is 45 TB of text.", 100 * MB, True),  # 22,500x short at the floor
        # Short by less than ten-thousandfold: a part of a family the card sizes as a whole,
        # or a listing of some of a corpus's shards.
        ("The corpus is 45 TB of text.", 1 * GB, False),  # 2,250x
        ("The corpus is 45 TB of text.", 100 * GB, False),
        ("An open corpus of 4690 billion tokens.", 166 * GB, False),  # Matrix's card, 7x
        ("Trained on 4T tokens.", 13 * GB, False),  # DCLM's card, 77x
        ("OW Corpus holds 15T tokens.", 4 * GB, False),  # 940x short at the floor
        ("OW Corpus holds 15T tokens.", 3 * GB, False),  # 1,250x: a few shards listed
        ("OW Corpus holds 15T tokens.", 400 * MB, False),  # 9,375x: just within
        ("OW Corpus holds 15T tokens.", 300 * MB, True),  # 12,500x short
        # The smallest claim is held: a card naming its sample's size and its parent's.
        ("A 10B-token sample of our 15T-token corpus.", 20 * GB, False),
        ("A 10B-token sample of our 15T-token corpus.", 100_000, True),  # 25,000x
        ("No claim here.", 1, False),
        ("OW Corpus holds 15T tokens.", None, False),  # sizes unknown: nothing shown
    ],
)
def test_files_below_every_claim_are_only_part(card: str, size: int | None, short: bool) -> None:
    sentence = smaller_than_claimed(card, size, 3)
    assert (sentence is not None) is short
    if sentence:
        assert sentence.startswith('The card says "') and "less than a ten-thousandth" in sentence
