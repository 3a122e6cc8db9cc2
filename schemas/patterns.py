"""Every input pattern, written once and read two ways: Python matches it whole, the spec shows it.

Python's `$` also matches before a final newline, so `"slug\\n"` passed `^[a-z]+$`; the
validators here match with `fullmatch`. The OpenAPI document shows each as `^(?:...)$`,
which JSON Schema reads as the whole string (ECMA-262 `$`). The patterns avoid `\\s`,
`\\d` and `\\w`, which the two dialects expand differently, and use only lookarounds and
classes both understand, so the spec and the server accept exactly the same strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import pycountry
from marshmallow import ValidationError, validate

from registry.network.hosts import LOCAL_SUFFIXES

# Control characters (Unicode Cc), and the invisible ones that reorder or hide text: bidi
# embeddings, overrides and isolates (the "Trojan Source" characters), marks, zero width
# space, the line and paragraph separators and the byte-order mark. Zero-width joiners stay:
# scripts such as Persian need them.
CONTROL = r"\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
# Unicode white space (what str.isspace() says) beyond the controls above.
SPACES = r" \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

TEXT = rf"[^{CONTROL}]*"
# Text with at least one visible character: a name of only spaces names nothing.
NAME = rf"[^{CONTROL}]*[^{CONTROL}{SPACES}][^{CONTROL}]*"

SLUG_MAX = 64
# At most SLUG_MAX characters: no run of SLUG_MAX + 1 slug characters may start the string.
SLUG = rf"(?![a-z0-9-]{{{SLUG_MAX + 1}}})[a-z0-9]+(?:-[a-z0-9]+)*"
# The ISO 3166-1 alpha-2 codes assigned to a country, from pycountry: "ZZ" has the shape of
# one but names no country, and the spec's pattern says so too.
COUNTRY = "(?:" + "|".join(sorted(c.alpha_2 for c in pycountry.countries)) + ")"

# Hub ids: letters, digits, "-", "_", "."; no "--" or ".." and no leading or trailing
# separator (the Hub's own rule), at most 96 characters per part.
HUB_PART = r"[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?"
_NO_DOUBLES = r"(?!.*(?:--|\.\.))"
HUB_OWNER = rf"{_NO_DOUBLES}{HUB_PART}"
HUB_ID = rf"{_NO_DOUBLES}{HUB_PART}/{HUB_PART}"
# Datasets made before the Hub had namespaces keep their bare name ("c4").
HUB_DATASET_ID = rf"{_NO_DOUBLES}{HUB_PART}(?:/{HUB_PART})?"

IDEMPOTENCY_KEY_MAX = 200
IDEMPOTENCY_KEY = rf"[\x21-\x7e]{{1,{IDEMPOTENCY_KEY_MAX}}}"

# A relative path inside a repository: not blank, no leading "/" or "-", no empty or ".."
# segment, no backslash.
REPO_PATH = rf"(?![{SPACES}]*$)(?![/-])(?!(?:.*/)?\.\.(?:/|$))(?!.*//)(?!.*/$)[^\\{CONTROL}]+"

# Dates known to the day, the month or the year, on the proleptic Gregorian calendar.
_YEAR = r"(?!0000)[0-9]{4}"
_LEAP = r"(?!0000)(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_MONTH_DAY = (r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)"
              r"|(?:0[13578]|1[02])-31)")  # fmt: skip
PARTIAL_DATE = rf"{_YEAR}(?:-(?:0[1-9]|1[0-2]))?|{_YEAR}-{_MONTH_DAY}|{_LEAP}-02-29"


# https URLs. The host is a DNS name of two or more labels whose last starts with a letter,
# so never an IP literal in any spelling, and never a name that is only ever local
# (localhost, *.local, *.internal...: the table the SSRF guard uses); a port is 1-65535.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_TLD = r"[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PORT = (r"(?::(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}"
         r"|[1-9][0-9]{0,3}))?")  # fmt: skip
_URL_CHAR = rf"[^{CONTROL}{SPACES}]"
_SEGMENT = rf"[^/?#{CONTROL}{SPACES}]+"


def _not_local() -> str:
    suffixes = "|".join(case_blind(suffix) for suffix in sorted(LOCAL_SUFFIXES))
    return rf"(?!(?:{_LABEL}\.)*(?:{suffixes})\.?(?:[:/?#]|$))"


def _https(path: str) -> str:
    return rf"https://{_not_local()}(?:{_LABEL}\.)+{_TLD}\.?{_PORT}{path}"


def case_blind(word: str) -> str:
    """Return `word` as a pattern matching it in any case (JSON Schema has no (?i))."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else _escape(c) for c in word)


def alternation(words: Iterable[str]) -> str:
    """Return a group matching any of `words` exactly, longest first."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(_escape(w) for w in ordered) + ")"


def _escape(text: str) -> str:
    # re.escape also escapes "-" and " ", which some JSON Schema engines refuse.
    return "".join(f"\\{c}" if c in r".^$*+?()[]{}|\/" else c for c in text)


class FullMatch(validate.Validator):
    """Accept a string only if the whole of it matches; apispec shows `regex` as `pattern`."""

    def __init__(self, body: str, error: str | Callable[[str], str]) -> None:
        self.body = body
        self.compiled = re.compile(body)
        self.regex = re.compile(f"^(?:{body})$")  # read by apispec; never used to match
        self._message = error

    def __call__(self, value: Any) -> Any:
        """Return `value` unchanged, or raise ValidationError with the message."""
        if not isinstance(value, str) or not self.matches(value):
            message = self._message
            raise ValidationError(message(value) if callable(message) else message)
        return value

    def matches(self, value: str) -> bool:
        """Return whether the whole of `value` matches, lone surrogates refused.

        JSON can carry a lone surrogate (\\ud800) and PostgreSQL cannot store one; no
        regular-expression engine behind a JSON Schema validator can name them, so this
        one rule is the server's alone.
        """
        return self.compiled.fullmatch(value) is not None and not _SURROGATE.search(value)


_SURROGATE = re.compile("[\ud800-\udfff]")


def spec_pattern(body: str) -> str:
    """Return the pattern as the OpenAPI document states it."""
    return f"^(?:{body})$"


def _build_urls() -> tuple[str, str]:
    any_path = rf"(?:[/?#]{_URL_CHAR}*)?"
    # A repository: at least owner/name in the path (slashes around them are free).
    repo_path = rf"/+{_SEGMENT}/+{_SEGMENT}[^?#{CONTROL}{SPACES}]*(?:[?#]{_URL_CHAR}*)?"
    return _https(any_path), _https(repo_path)


HTTPS_URL, GIT_URL = _build_urls()
