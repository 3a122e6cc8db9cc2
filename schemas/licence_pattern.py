"""Licence expressions as one pattern: the ids and exceptions the parser knows, combined.

SPDX ids, their old spellings, Hub licence tags and the model-licence rows, in the case
they are written or in lower case, joined by AND / OR, with WITH and an exception.
`is_known_licence` accepts every string this matches, so the spec may promise it.
Parentheses are left out: a pattern cannot balance them, and no release needs them
(an AND of ORs is written as two artifacts).
"""

from __future__ import annotations

from functools import lru_cache

from registry.licences.expressions import licence_spellings
from schemas.patterns import alternation


def _with_lower(names: frozenset[str]) -> set[str]:
    return set(names) | {name.lower() for name in names}


@lru_cache(maxsize=1)
def licence_expression_pattern() -> str:
    """Return the pattern of a licence expression the registry can read."""
    licences, exceptions = licence_spellings()
    one = (f"{alternation(_with_lower(licences))}"
           f"(?: (?:WITH|with) {alternation(_with_lower(exceptions))})?")  # fmt: skip
    # Each name is followed by an operator and more, or by the end: the long alternation is
    # written once, where a term-operator-term pattern would repeat it.
    return rf"(?:{one}(?: (?:AND|and|OR|or) (?!$)|$))+"
