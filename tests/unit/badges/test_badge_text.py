"""Badge text is printable, on one line and capped, whatever the query string or database holds."""

from __future__ import annotations

import pytest

from app.badges.text import ELLIPSIS, LABEL_MAX_CHARS, RAW_MAX_CHARS, clean_text

CASES = [
    # (given, shown)
    ("openness", "openness"),
    ("  two   spaces\tand\nlines ", "two spaces and lines"),
    ("nul\x00 and bell\x07 and escape\x1b[31m", "nul and bell and escape[31m"),
    ("right-to-left \u202eoverride\u202c", "right-to-left override"),
    ("zero\u200bwidth", "zerowidth"),
    ("non-characters \ufffe\uffff", "non-characters"),
    ("private \ue000 use", "private use"),
    ("accents: e\u0301te\u0301", "accents: été"),  # NFC composes them
    ("漢字 и кириллица 🤖", "漢字 и кириллица 🤖"),
    ('<script>alert("x")</script> & co', '<script>alert("x")</script> & co'),  # escaped later
    ("", ""),
]


@pytest.mark.parametrize(("given", "shown"), CASES)
def test_clean_text_keeps_printable_characters_on_one_line(given: str, shown: str) -> None:
    assert clean_text(given, LABEL_MAX_CHARS) == shown


def test_overlong_text_is_cut_with_an_ellipsis_within_the_cap() -> None:
    shown = clean_text("x" * 500, LABEL_MAX_CHARS)
    assert len(shown) == LABEL_MAX_CHARS
    assert shown.endswith(ELLIPSIS)


def test_text_at_the_cap_is_kept_whole() -> None:
    assert clean_text("y" * LABEL_MAX_CHARS, LABEL_MAX_CHARS) == "y" * LABEL_MAX_CHARS


def test_no_trailing_space_before_the_ellipsis() -> None:
    shown = clean_text("word " * 20, 11)
    assert shown == "word word" + ELLIPSIS


def test_only_a_bounded_prefix_of_huge_input_is_read() -> None:
    shown = clean_text("a" * (RAW_MAX_CHARS * 50), 10_000)
    assert len(shown) == RAW_MAX_CHARS
