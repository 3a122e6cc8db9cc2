"""The words people read: the failure table, sentences, numbers, sizes and shares."""

from __future__ import annotations

import re

import pytest

from registry.checks.doubts import DOUBT_RULES, DoubtId
from registry.model import FailureKind, Pillar
from registry.standard import (
    FAILURE_REMEDIATION,
    FAILURE_WORDS,
    PILLAR_TITLES,
    failure_sentence,
    parse_failure,
)
from registry.words import lower_first, number, percent, sentence, size

# Text that only a program writes: an errno, a class name with a colon, a Python repr.
RAW = re.compile(r"\[Errno|Traceback|Exception:|Error:|<[a-z_.]+ object|\{'|\\\\n")


def test_every_failure_kind_has_words_and_a_remediation() -> None:
    assert set(FAILURE_WORDS) == set(FailureKind) == set(FAILURE_REMEDIATION)
    assert set(PILLAR_TITLES) == set(Pillar)


def test_every_doubt_has_a_remediation() -> None:
    assert set(DOUBT_RULES) == set(DoubtId)
    for rule in DOUBT_RULES.values():
        assert rule.remediation and not rule.remediation.endswith("."), rule.id


@pytest.mark.parametrize(
    ("kind", "message", "expected"),
    [
        (FailureKind.TIMEOUT, "ReadTimeout: timed out", "could not reach https://hub.test (timeout)"),
        (FailureKind.SERVER_ERROR, "[Errno -2] Name or service not known",
         "could not reach https://hub.test (server error or no connection)"),
        (FailureKind.NOT_FOUND, "404 Client Error",
         "https://hub.test did not find it; a second check decides whether it is absent"),
        (FailureKind.GATED, "403", "https://hub.test would not show it (gated)"),
        (FailureKind.UNAUTHORISED, "401", "https://hub.test refused access (unauthorised)"),
        (FailureKind.RATE_LIMITED, "429",
         "https://hub.test rate-limited the check (too many requests); a later check retries"),
        (FailureKind.MALFORMED_REPLY, "Expecting value: line 1 column 1 (char 0)",
         "https://hub.test sent a reply that could not be read"),
        (FailureKind.REFUSED, "refused 'github.com': the host name does not resolve",
         "the registry refused to send the request to https://hub.test: the host name does "
         "not resolve"),
        (FailureKind.REFUSED, "refused the git ref '--upload-pack=x': not a plain name",
         "the registry refused to send the request to https://hub.test: not a plain name"),
        (FailureKind.REFUSED, "", "the registry refused to send the request to "
         "https://hub.test: it is not a public location"),
    ],
)
def test_failure_sentences_carry_no_raw_error_text(
    kind: FailureKind, message: str, expected: str
) -> None:
    words = failure_sentence(kind, "https://hub.test", message)
    assert words == expected
    assert not RAW.search(words)
    assert "refused 'github.com'" not in words


def test_a_failure_without_an_endpoint_says_the_source() -> None:
    assert failure_sentence(FailureKind.TIMEOUT, None) == "could not reach the source (timeout)"


@pytest.mark.parametrize(
    ("stored", "parsed"),
    [
        ("timeout: ReadTimeout", (FailureKind.TIMEOUT, "ReadTimeout")),
        ("refused: refused 'x': y", (FailureKind.REFUSED, "refused 'x': y")),
        ("not a kind: x", None),
        (None, None),
        ("", None),
    ],
)
def test_parse_failure(stored: str | None, parsed: tuple[FailureKind, str] | None) -> None:
    assert parse_failure(stored) == parsed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("least open artifact is open", "Least open artifact is open"),
        ("allenai/dolma is published", "allenai/dolma is published"),
        ("olmo-7b was checked", "olmo-7b was checked"),
        ("OLMo-7B is open", "OLMo-7B is open"),
        ("none published", "None published"),
        ("", ""),
    ],
)
def test_sentence_keeps_ids_as_typed(text: str, expected: str) -> None:
    assert sentence(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Not a Hub repo id", "not a Hub repo id"), ("URL missing", "URL missing"), ("x", "x")],
)
def test_lower_first(text: str, expected: str) -> None:
    assert lower_first(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(125.80000000000001, "125.8"), (3.0, "3"), (0.1 + 0.2, "0.3"), (12.345, "12.35"), (100, "100")],
)
def test_number_has_no_float_noise(value: float, expected: str) -> None:
    assert number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "unknown size"), (0, "0 bytes"), (1, "1 byte"), (950, "950 bytes"),
     (4_200_000, "4.2 MB"), (13_476_838_400, "13.5 GB"), (1_000, "1 kB"), (10**18, "1000 PB")],
)
def test_size(value: int | None, expected: str) -> None:
    assert size(value) == expected


@pytest.mark.parametrize(
    ("share", "expected"),
    [(0, "0%"), (0.004, "under 1%"), (0.5, "50%"), (0.333, "33%"), (0.996, "over 99%"), (1, "100%")],
)
def test_percent(share: float, expected: str) -> None:
    assert percent(share) == expected
