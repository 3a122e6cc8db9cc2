"""TokenInSchema: what the account page and `registry token create` accept for a new token."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import ValidationError

from schemas.tokens import TokenInSchema


@pytest.mark.parametrize(
    ("data", "loaded"),
    [
        ({"name": "ci"}, {"name": "ci", "scope": "submit", "labs": [], "expires_days": None}),
        ({"name": "  ci  ", "scope": "admin"}, {"name": "ci", "scope": "admin"}),
        ({"name": "ci", "labs": "alpha, beta  gamma"}, {"labs": ["alpha", "beta", "gamma"]}),
        ({"name": "ci", "labs": ["alpha"]}, {"labs": ["alpha"]}),
        ({"name": "ci", "labs": ""}, {"labs": []}),
        ({"name": "ci", "expires_days": ""}, {"expires_days": None}),
        ({"name": "ci", "expires_days": "90"}, {"expires_days": 90}),
        ({"name": "ci", "expires_days": 3650}, {"expires_days": 3650}),
    ],
)
def test_accepts(data: dict[str, Any], loaded: dict[str, Any]) -> None:
    result = TokenInSchema().load(data)
    assert {k: result[k] for k in loaded} == loaded


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "ci\x00"}, "name"),
        ({"name": "ci\nnext"}, "name"),
        ({"name": 7}, "name"),
        ({"name": "ci", "scope": "root"}, "scope"),
        ({"name": "ci", "scope": ""}, "scope"),
        ({"name": "ci", "labs": "Alpha"}, "labs"),
        ({"name": "ci", "labs": "../etc"}, "labs"),
        ({"name": "ci", "labs": [1]}, "labs"),
        ({"name": "ci", "labs": " ".join(f"lab-{i}" for i in range(51))}, "labs"),
        ({"name": "ci", "expires_days": 0}, "expires_days"),
        ({"name": "ci", "expires_days": -1}, "expires_days"),
        ({"name": "ci", "expires_days": 3651}, "expires_days"),
        ({"name": "ci", "expires_days": "ninety"}, "expires_days"),
        ({"name": "ci", "expires_days": "1.5"}, "expires_days"),
        ({"name": "ci", "expires_days": "9" * 400}, "expires_days"),
        ({"name": "ci", "unknown": 1}, "unknown"),
    ],
)
def test_refuses_with_a_message_on_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        TokenInSchema().load(data)
    assert field in refused.value.messages
