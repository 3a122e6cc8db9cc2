"""Country codes: an assigned ISO 3166-1 alpha-2 code (pycountry's table), in capitals."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from schemas.fields import validate_country


@pytest.mark.parametrize("code", ["FR", "US", "CN", "AE", "GB", "DE"])
def test_an_assigned_code_is_accepted(code: str) -> None:
    validate_country(code)


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("ZZ", "ZZ is not assigned"),  # user-assigned range: the shape of a code, no country
        ("AA", "AA is not assigned"),
        ("UK", "UK is not assigned"),  # reserved; the code for the United Kingdom is GB
        ("France", "two capital letters"),
        ("fr", "two capital letters"),
        ("FRA", "two capital letters"),
    ],
)
def test_anything_else_is_refused_with_the_fix(code: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_country(code)
    message = " ".join(caught.value.messages)
    assert message.startswith("Not a country code:") and fragment in message
    assert "e.g. FR" in message
