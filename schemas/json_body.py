"""The JSON parser guard: a body is decoded within limits, or refused with a reason.

Python's decoder recurses once per nesting level (a body of 100,000 `[` raises
RecursionError, not a decode error), turns a 5,000-digit number into ValueError (the
int-from-str limit, CVE-2020-10735), and reads NaN, Infinity and 1e999 as floats no field
could mean. Web frameworks catch only the decode error, so each of these would be a 500.
Depth is counted on the text with its strings blanked out, before any recursion.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 32  # our deepest schema (a release, its artifacts, their provenance) needs 4
MAX_NUMBER_CHARS = 40  # a page number, a rank or a size never needs more digits

# A JSON string, escapes included, so brackets inside strings are not counted.
JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
BRACKET = re.compile(r"[\[\]{}]")


class UnsafeJson(ValueError):
    """A body that is JSON, or nearly, but beyond what the API will decode."""


def check_json_body(data: bytes) -> None:
    """Raise UnsafeJson when decoding `data` would exceed a limit; malformed JSON passes.

    Malformed JSON (and bytes that are not UTF-8) is left to the request parser, which
    answers 400 "Invalid JSON body." in the one error shape.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    _check_depth(text)
    try:
        json.loads(
            text,
            parse_int=_integer,
            parse_float=_real,
            parse_constant=_constant,
        )
    except json.JSONDecodeError:
        return
    except RecursionError as error:  # only if MAX_DEPTH were set past the stack
        raise UnsafeJson(f"the body nests deeper than {MAX_DEPTH} levels") from error


def _check_depth(text: str) -> None:
    depth = 0
    for bracket in BRACKET.finditer(JSON_STRING.sub('""', text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_DEPTH:
            raise UnsafeJson(f"the body nests deeper than {MAX_DEPTH} levels")


def _integer(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise UnsafeJson(f"a number is longer than {MAX_NUMBER_CHARS} characters")
    return int(text)


def _real(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise UnsafeJson(f"a number is longer than {MAX_NUMBER_CHARS} characters")
    value = float(text)
    if not math.isfinite(value):
        raise UnsafeJson(f"the number {text} is too large to represent")
    return value


def _constant(text: str) -> Any:
    raise UnsafeJson(f"{text} is not a JSON value (use null or a finite number)")
