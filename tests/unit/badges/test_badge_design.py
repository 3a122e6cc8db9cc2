"""What each badge says and its colour, for every tier, verdict, score band and state."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.badges import design
from app.badges.design import (
    BRIGHTGREEN,
    GREEN,
    LIGHTGREY,
    RED,
    YELLOW,
    YELLOWGREEN,
    dim,
    lab_spec,
    not_found_spec,
    pillar_spec,
    release_spec,
    rgb,
)
from app.services.badges import BadgeState, LabBadgeFacts, ReleaseBadgeFacts
from registry.model import Pillar, Tier, Verdict
from registry.standard import TIERS

RELEASE = ReleaseBadgeFacts(
    lab_slug="kyutai",
    lab_name="Kyutai",
    slug="moshi",
    name="Moshi",
    tier="A",
    verdicts=tuple((p, Verdict.OPEN) for p in Pillar),
    checked=True,
    state=BadgeState.VERIFIED,
    score_version=3,
)
LAB = LabBadgeFacts(
    slug="kyutai",
    name="Kyutai",
    score=83,
    release_count=5,
    tier_a_count=2,
    checked=True,
    state=BadgeState.VERIFIED,
    score_version=7,
    verified_release_count=5,
)


@pytest.mark.parametrize("tier", TIERS, ids=lambda t: t.letter)
def test_a_verified_release_shows_its_tier_letter_and_name_in_the_tier_colour(tier: Tier) -> None:
    spec = release_spec(replace(RELEASE, tier=tier.letter))
    assert spec.label == "openness"
    assert spec.message == f"tier {tier.letter} · {tier.name.lower()}"
    assert spec.color == design.TIER_COLOURS[tier.letter]
    assert not spec.is_error


RELEASE_STATES = [
    # (checked, state, tier, message, colour)
    (True, BadgeState.VERIFIED, "A", "tier A · open science", BRIGHTGREEN),
    (True, BadgeState.STALE, "B", "tier B · open model and code · stale", dim(GREEN)),
    (True, BadgeState.CHECK_FAILED, "C", "tier C · open weights · check failed", dim(YELLOWGREEN)),
    # weights unverified: no tier, a plain grey "unverified", whatever the check's state;
    # never "check failed" or "stale", which qualify a verdict that exists
    (False, BadgeState.UNVERIFIED, None, "unverified", LIGHTGREY),
    (True, BadgeState.CHECK_FAILED, None, "unverified", LIGHTGREY),
    (True, BadgeState.STALE, None, "unverified", LIGHTGREY),
    (True, BadgeState.VERIFIED, None, "unverified", LIGHTGREY),
    # no weights declared: closed at once, without a check
    (False, BadgeState.UNVERIFIED, "E", "tier E · closed", RED),
    (True, BadgeState.CHECK_FAILED, "E", "tier E · closed · check failed", dim(RED)),
]


@pytest.mark.parametrize(("checked", "state", "tier", "message", "colour"), RELEASE_STATES)
def test_release_badge_states(
    checked: bool, state: BadgeState, tier: str | None, message: str, colour: str
) -> None:
    spec = release_spec(replace(RELEASE, checked=checked, state=state, tier=tier))
    assert (spec.message, spec.color) == (message, colour)


def test_release_title_names_the_release_and_its_lab() -> None:
    assert release_spec(RELEASE).title == "Moshi (Kyutai) — openness: tier A · open science"


@pytest.mark.parametrize(
    ("reason", "title"),
    [
        ("the last check failed: could not reach https://huggingface.co (timeout)",
         "Moshi (Kyutai) — openness: unverified (not yet verified: the last check failed: "
         "could not reach https://huggingface.co (timeout))"),
        (None, "Moshi (Kyutai) — openness: unverified (not yet verified: never checked)"),
    ],
)
def test_an_unverified_release_badge_says_why_in_its_title(reason: str | None,
                                                           title: str) -> None:
    facts = replace(RELEASE, tier=None, status_reason=reason, state=BadgeState.CHECK_FAILED)
    assert release_spec(facts).title == title


@pytest.mark.parametrize("verdict", list(Verdict))
@pytest.mark.parametrize("pillar", list(Pillar))
def test_a_pillar_badge_shows_the_stored_verdict(pillar: Pillar, verdict: Verdict) -> None:
    facts = replace(RELEASE, verdicts=tuple((p, verdict) for p in Pillar))
    spec = pillar_spec(facts, pillar)
    assert spec.label == design.PILLAR_LABELS[pillar]
    assert spec.message == verdict.value
    assert spec.color == design.VERDICT_COLOURS[verdict]


def test_pillar_colours_never_paint_unverified_as_absent() -> None:
    assert design.VERDICT_COLOURS[Verdict.UNVERIFIED] == LIGHTGREY
    assert design.VERDICT_COLOURS[Verdict.ABSENT] == RED
    assert design.VERDICT_COLOURS[Verdict.RESTRICTED] == YELLOW


@pytest.mark.parametrize(
    ("state", "message", "colour"),
    [
        (BadgeState.VERIFIED, "restricted", YELLOW),
        (BadgeState.STALE, "restricted · stale", dim(YELLOW)),
        (BadgeState.CHECK_FAILED, "restricted · check failed", dim(YELLOW)),
    ],
)
def test_pillar_badge_states(state: BadgeState, message: str, colour: str) -> None:
    facts = replace(RELEASE, state=state, verdicts=((Pillar.WEIGHTS, Verdict.RESTRICTED),))
    spec = pillar_spec(facts, Pillar.WEIGHTS)
    assert (spec.message, spec.color) == (message, colour)


@pytest.mark.parametrize("state", list(BadgeState))
def test_an_unverified_pillar_is_plain_grey_unverified_in_every_state(state: BadgeState) -> None:
    facts = replace(RELEASE, tier=None, state=state,
                    verdicts=((Pillar.WEIGHTS, Verdict.UNVERIFIED),))
    spec = pillar_spec(facts, Pillar.WEIGHTS)
    assert (spec.message, spec.color) == ("unverified", LIGHTGREY)


def test_a_never_checked_release_shows_its_declared_pillars_unverified_and_the_rest_absent() -> (
    None
):
    facts = replace(
        RELEASE,
        checked=False,
        state=BadgeState.UNVERIFIED,
        verdicts=((Pillar.WEIGHTS, Verdict.UNVERIFIED), (Pillar.CODE, Verdict.ABSENT)),
    )
    assert pillar_spec(facts, Pillar.WEIGHTS).message == "unverified"
    assert pillar_spec(facts, Pillar.CODE).message == "absent"


@pytest.mark.parametrize(
    ("score", "colour"),
    [
        (100, BRIGHTGREEN),
        (90, BRIGHTGREEN),
        (89, GREEN),
        (70, GREEN),
        (69, YELLOWGREEN),
        (50, YELLOWGREEN),
        (30, YELLOW),
        (10, design.ORANGE),
        (9, RED),
        (0, RED),
    ],
)
def test_lab_score_bands(score: int, colour: str) -> None:
    assert design.lab_score_colour(score) == colour


def test_a_lab_badge_shows_its_score_and_share_of_tier_a_releases() -> None:
    spec = lab_spec(LAB)
    assert spec.message == "83/100 · 40% tier A"
    assert spec.color == GREEN
    assert spec.title == "Kyutai — openness: 83/100 · 40% tier A (5 of 5 releases verified)"


@pytest.mark.parametrize(
    ("facts", "message", "colour"),
    [
        (replace(LAB, state=BadgeState.STALE), "83/100 · 40% tier A · stale", dim(GREEN)),
        (replace(LAB, checked=False, state=BadgeState.UNVERIFIED, score=None,
                 verified_release_count=0, tier_a_count=0), "unverified", LIGHTGREY),
        # checked, but none verified (every check failed): no score, grey, no "stale"
        (replace(LAB, score=None, verified_release_count=0, tier_a_count=0,
                 state=BadgeState.STALE), "unverified", LIGHTGREY),
        # the mean over verified releases, with coverage when some are not
        (replace(LAB, verified_release_count=4), "83/100 · 50% tier A · 4/5 verified", GREEN),
        (replace(LAB, verified_release_count=2, tier_a_count=1, state=BadgeState.STALE),
         "83/100 · 50% tier A · 2/5 verified · stale", dim(GREEN)),
        (
            replace(
                LAB,
                score=None,
                release_count=0,
                tier_a_count=0,
                checked=False,
                state=BadgeState.UNVERIFIED,
            ),
            "unverified",
            LIGHTGREY,
        ),
        (replace(LAB, tier_a_count=5), "83/100 · 100% tier A", GREEN),
        (replace(LAB, tier_a_count=0, score=5), "5/100 · 0% tier A", RED),
        (replace(LAB, tier_a_count=1, verified_release_count=300, release_count=300),
         "83/100 · under 1% tier A", GREEN),
    ],
)
def test_lab_badge_states(facts: LabBadgeFacts, message: str, colour: str) -> None:
    spec = lab_spec(facts)
    assert (spec.message, spec.color) == (message, colour)


@pytest.mark.parametrize(
    ("facts", "title"),
    [
        (replace(LAB, verified_release_count=4),
         "Kyutai — openness: 83/100 · 50% tier A · 4/5 verified (4 of 5 releases verified)"),
        (replace(LAB, score=None, verified_release_count=0, tier_a_count=0),
         "Kyutai — openness: unverified (0 of 5 releases verified)"),
    ],
)
def test_a_lab_badge_title_gives_its_coverage(facts: LabBadgeFacts, title: str) -> None:
    assert lab_spec(facts).title == title


def test_a_label_from_the_query_replaces_the_default_and_an_empty_one_drops_it() -> None:
    assert release_spec(RELEASE, "open science").label == "open science"
    assert release_spec(RELEASE, "").label == ""
    assert release_spec(RELEASE, "").title == "Moshi (Kyutai) — tier A · open science"


def test_not_found_is_a_grey_error_badge() -> None:
    spec = not_found_spec("weights")
    assert (spec.label, spec.message, spec.color, spec.is_error) == (
        "weights",
        "not found",
        LIGHTGREY,
        True,
    )
    assert not_found_spec("openness", "my label").label == "my label"


def test_database_names_are_cleaned_for_the_title() -> None:
    facts = replace(RELEASE, name="Bad\x00name\u202e", lab_name="x" * 300)
    title = release_spec(facts).title
    assert "\x00" not in title and "\u202e" not in title
    assert len(title) < 200


@pytest.mark.parametrize("colour", sorted(set(design.TIER_COLOURS.values()) | {YELLOW}))
def test_dimming_moves_each_channel_halfway_to_grey(colour: str) -> None:
    dimmed = dim(colour)
    assert dimmed != colour
    for channel, grey, mixed in zip(rgb(colour), rgb(LIGHTGREY), rgb(dimmed), strict=True):
        assert min(channel, grey) <= mixed <= max(channel, grey)
        assert abs(mixed - (channel + grey) / 2) <= 0.5


def test_grey_stays_grey_when_dimmed() -> None:
    assert rgb(dim(LIGHTGREY)) == rgb(LIGHTGREY)
