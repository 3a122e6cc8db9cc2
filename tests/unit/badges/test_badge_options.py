"""?style= takes the three styles we draw faithfully and refuses the rest; ?label= is cleaned."""

from __future__ import annotations

import pytest

from app.badges.options import BadgeOptions, InvalidBadgeOption, parse_options
from app.badges.text import ELLIPSIS, LABEL_MAX_CHARS


def test_defaults() -> None:
    assert parse_options({}) == BadgeOptions(style="flat", label=None)


@pytest.mark.parametrize("style", ["flat", "flat-square", "for-the-badge"])
def test_supported_styles(style: str) -> None:
    assert parse_options({"style": style}).style == style


@pytest.mark.parametrize("style", ["plastic", "social", "", "FLAT", "<b>"])
def test_other_styles_are_refused_with_the_list_that_works(style: str) -> None:
    with pytest.raises(InvalidBadgeOption, match="flat, flat-square, for-the-badge"):
        parse_options({"style": style})


def test_the_refusal_never_echoes_the_input() -> None:
    with pytest.raises(InvalidBadgeOption) as refused:
        parse_options({"style": "<script>"})
    assert "<script>" not in str(refused.value)


@pytest.mark.parametrize(
    ("given", "label"),
    [
        ("open science", "open science"),
        ("", ""),  # empty: the message alone
        ("a\x00b", "ab"),
        ("x" * 200, "x" * (LABEL_MAX_CHARS - 1) + ELLIPSIS),
    ],
)
def test_labels_are_cleaned_and_capped(given: str, label: str) -> None:
    assert parse_options({"label": given}).label == label


def test_the_query_schema_offers_exactly_the_styles_we_draw() -> None:
    from app.badges.render import SVG_STYLES
    from schemas.badge import BADGE_STYLES

    assert tuple(SVG_STYLES) == BADGE_STYLES


def test_other_parameters_are_ignored() -> None:
    assert parse_options({"v": "2", "style": "flat-square"}) == BadgeOptions("flat-square", None)
