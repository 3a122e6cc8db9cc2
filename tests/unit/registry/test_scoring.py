"""The standard and its scoring as a spec: tiers, points, aggregation, labs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import product

import pytest

from registry.model import Pillar, ReleaseScore, Verdict
from registry.scoring import least_open, score_lab, score_pillar, score_release, tier_for
from registry.standard import (
    OPENNESS_RANK,
    POINTS,
    TIERS,
    TIERS_BY_LETTER,
    VERDICT_MEANINGS,
)

OPEN, RESTRICTED = Verdict.OPEN, Verdict.RESTRICTED
ABSENT, UNVERIFIED = Verdict.ABSENT, Verdict.UNVERIFIED
W, C, D = Pillar.WEIGHTS, Pillar.CODE, Pillar.DATA
NONE: tuple[Verdict, ...] = ()  # a pillar with no declared artifact


def release(weights: Sequence[Verdict], code: Sequence[Verdict],
            data: Sequence[Verdict]) -> ReleaseScore:
    """Score a release from the artifact verdicts of each pillar."""
    return score_release({W: weights, C: code, D: data})


# --- the standard as data ----------------------------------------------------------------

def test_tiers_run_from_most_to_least_demanding() -> None:
    assert [t.letter for t in TIERS] == ["A", "B", "C", "D", "E"]
    assert dict(TIERS_BY_LETTER) == {t.letter: t for t in TIERS}


@pytest.mark.parametrize(
    ("letter", "requires_open", "weights_restricted"),
    [
        ("A", {W, C, D}, False),
        ("B", {W, C}, False),
        ("C", {W}, False),
        ("D", set(), True),
        ("E", set(), False),  # the catch-all: every release gets a tier
    ],
)
def test_tier_conditions(letter: str, requires_open: set[Pillar],
                         weights_restricted: bool) -> None:
    tier = TIERS_BY_LETTER[letter]
    assert tier.requires_open == requires_open
    assert tier.weights_restricted is weights_restricted
    assert tier.name and tier.description


@pytest.mark.parametrize(
    ("verdict", "points"),
    [(OPEN, 1.0), (RESTRICTED, 0.5), (ABSENT, 0.0), (UNVERIFIED, 0.0)],
)
def test_points_per_verdict(verdict: Verdict, points: float) -> None:
    assert POINTS[verdict] == points


def test_openness_rank_orders_absent_unverified_restricted_open() -> None:
    assert sorted(Verdict, key=OPENNESS_RANK.__getitem__) == [
        ABSENT, UNVERIFIED, RESTRICTED, OPEN
    ]


@pytest.mark.parametrize("verdict", list(Verdict))
def test_every_verdict_has_points_rank_and_meaning(verdict: Verdict) -> None:
    assert verdict in POINTS and verdict in OPENNESS_RANK
    assert VERDICT_MEANINGS[verdict]


# --- one pillar: least open artifact wins --------------------------------------------------

@pytest.mark.parametrize(
    ("verdicts", "least"),
    [
        ([], None),
        ([OPEN], OPEN),
        ([OPEN, OPEN], OPEN),
        ([OPEN, RESTRICTED], RESTRICTED),
        ([RESTRICTED, OPEN], RESTRICTED),
        ([OPEN, UNVERIFIED], UNVERIFIED),
        ([RESTRICTED, UNVERIFIED], UNVERIFIED),
        ([UNVERIFIED, UNVERIFIED], UNVERIFIED),
        ([OPEN, ABSENT], ABSENT),
        ([RESTRICTED, ABSENT], ABSENT),
        ([UNVERIFIED, ABSENT], ABSENT),  # a confirmed-missing artifact caps the pillar
        ([ABSENT, UNVERIFIED], ABSENT),
        ([OPEN, RESTRICTED, UNVERIFIED], UNVERIFIED),
        ([OPEN, RESTRICTED, UNVERIFIED, ABSENT], ABSENT),
    ],
)
def test_least_open(verdicts: list[Verdict], least: Verdict | None) -> None:
    assert least_open(verdicts) is least
    assert least_open(iter(verdicts)) is least


@pytest.mark.parametrize(
    ("verdicts", "verdict", "points", "reason"),
    [
        ([OPEN], OPEN, 1.0, "least open artifact is open"),
        ([RESTRICTED], RESTRICTED, 0.5, "least open artifact is restricted"),
        ([ABSENT], ABSENT, 0.0, "least open artifact is absent"),
        ([UNVERIFIED], UNVERIFIED, 0.0, "not yet confirmed by a check"),
        ([OPEN, OPEN], OPEN, 1.0, "least open artifact is open"),
        ([OPEN, RESTRICTED], RESTRICTED, 0.5, "least open artifact is restricted"),
        ([OPEN, UNVERIFIED], UNVERIFIED, 0.0, "not yet confirmed by a check"),
        ([RESTRICTED, UNVERIFIED], UNVERIFIED, 0.0, "not yet confirmed by a check"),
        ([OPEN, ABSENT], ABSENT, 0.0, "least open artifact is absent"),
        ([UNVERIFIED, ABSENT], ABSENT, 0.0, "least open artifact is absent"),
    ],
)
@pytest.mark.parametrize("pillar", list(Pillar))
def test_score_pillar(pillar: Pillar, verdicts: list[Verdict], verdict: Verdict,
                      points: float, reason: str) -> None:
    score = score_pillar(pillar, verdicts)
    assert (score.pillar, score.verdict, score.points, score.reason) == (
        pillar, verdict, points, reason
    )


@pytest.mark.parametrize("pillar", list(Pillar))
def test_pillar_with_no_artifact_is_absent_none_published(pillar: Pillar) -> None:
    score = score_pillar(pillar, [])
    assert (score.verdict, score.points, score.reason) == (ABSENT, 0.0, "none published")


# Every non-empty mix of up to three artifact verdicts.
MIXES = [list(m) for n in (1, 2, 3) for m in product(Verdict, repeat=n)]


@pytest.mark.parametrize("verdicts", MIXES, ids=lambda m: "+".join(v.value for v in m))
def test_unverified_never_earns_credit(verdicts: list[Verdict]) -> None:
    if UNVERIFIED in verdicts:
        assert score_pillar(W, verdicts).points == 0.0


@pytest.mark.parametrize("verdicts", MIXES, ids=lambda m: "+".join(v.value for v in m))
def test_unverified_is_never_reported_as_absent(verdicts: list[Verdict]) -> None:
    # Only a confirmed-absent artifact makes a declared pillar absent.
    assert (score_pillar(W, verdicts).verdict is ABSENT) == (ABSENT in verdicts)


# --- a release: tiers and score ------------------------------------------------------------

@pytest.mark.parametrize(
    ("weights", "code", "data", "letter"),
    [
        (OPEN, OPEN, OPEN, "A"),
        (OPEN, OPEN, RESTRICTED, "B"),
        (OPEN, OPEN, ABSENT, "B"),
        (OPEN, OPEN, UNVERIFIED, "B"),
        (OPEN, RESTRICTED, OPEN, "C"),
        (OPEN, ABSENT, OPEN, "C"),
        (OPEN, UNVERIFIED, OPEN, "C"),
        (OPEN, ABSENT, ABSENT, "C"),
        (RESTRICTED, OPEN, OPEN, "D"),
        (RESTRICTED, ABSENT, ABSENT, "D"),
        (RESTRICTED, UNVERIFIED, UNVERIFIED, "D"),
        (UNVERIFIED, OPEN, OPEN, "E"),  # weights not confirmed: no credit for the rest
        (ABSENT, OPEN, OPEN, "E"),
        (ABSENT, ABSENT, ABSENT, "E"),
        (UNVERIFIED, UNVERIFIED, UNVERIFIED, "E"),
    ],
)
def test_tier_for(weights: Verdict, code: Verdict, data: Verdict, letter: str) -> None:
    assert tier_for({W: weights, C: code, D: data}).letter == letter


def expected_tier(verdicts: Mapping[Pillar, Verdict]) -> str:
    """Spell the tier rules out a second way, as a check on every combination."""
    opens = {p for p, v in verdicts.items() if v is OPEN}
    if opens == {W, C, D}:
        return "A"
    if {W, C} <= opens:
        return "B"
    if W in opens:
        return "C"
    return "D" if verdicts[W] is RESTRICTED else "E"


@pytest.mark.parametrize("combo", list(product(Verdict, repeat=3)),
                         ids=lambda c: "-".join(v.value for v in c))
def test_tier_for_every_combination(combo: tuple[Verdict, Verdict, Verdict]) -> None:
    verdicts = dict(zip((W, C, D), combo, strict=True))
    assert tier_for(verdicts).letter == expected_tier(verdicts)


@pytest.mark.parametrize(
    ("weights", "code", "data", "score", "letter"),
    [
        ([OPEN], [OPEN], [OPEN], 100, "A"),
        ([OPEN], [OPEN], [RESTRICTED], 83, "B"),
        ([OPEN], [OPEN], NONE, 67, "B"),
        ([OPEN], [RESTRICTED], [RESTRICTED], 67, "C"),
        ([OPEN], NONE, NONE, 33, "C"),
        ([RESTRICTED], NONE, NONE, 17, "D"),
        ([RESTRICTED], [RESTRICTED], [RESTRICTED], 50, "D"),
        ([RESTRICTED], [OPEN], [OPEN], 83, "D"),
        ([UNVERIFIED], [OPEN], [OPEN], 67, "E"),
        (NONE, NONE, NONE, 0, "E"),
        # several artifacts in one pillar: the least open one decides
        ([OPEN, UNVERIFIED], [OPEN], [OPEN], 67, "E"),
        ([OPEN, RESTRICTED], [OPEN], [OPEN], 83, "D"),
        ([OPEN], [OPEN, ABSENT], [OPEN], 67, "C"),
        ([OPEN], [OPEN], [OPEN, OPEN], 100, "A"),
        ([OPEN], [OPEN], [OPEN, UNVERIFIED], 67, "B"),
    ],
)
def test_score_release(weights: list[Verdict], code: list[Verdict], data: list[Verdict],
                       score: int, letter: str) -> None:
    scored = release(weights, code, data)
    assert (scored.score, scored.tier.letter) == (score, letter)


def test_release_verdicts_and_points_per_pillar() -> None:
    scored = release([OPEN], [RESTRICTED, OPEN], NONE)
    assert {p: scored.verdict(p) for p in Pillar} == {W: OPEN, C: RESTRICTED, D: ABSENT}
    assert {p: s.points for p, s in scored.pillars.items()} == {W: 1.0, C: 0.5, D: 0.0}
    assert scored.pillars[D].reason == "none published"


@pytest.mark.parametrize(
    "declared",
    [{}, {W: []}, {C: [OPEN]}, {W: [OPEN], D: [OPEN]}],
    ids=["nothing", "empty-weights", "code-only", "no-code"],
)
def test_pillars_left_out_are_absent_none_published(
    declared: dict[Pillar, list[Verdict]]
) -> None:
    scored = score_release(declared)
    assert set(scored.pillars) == set(Pillar)
    for pillar in set(Pillar) - {p for p, v in declared.items() if v}:
        assert scored.verdict(pillar) is ABSENT
        assert scored.pillars[pillar].reason == "none published"


# --- a lab: mean score and tier distribution -----------------------------------------------

def test_lab_with_no_releases() -> None:
    lab = score_lab([])
    assert lab.score is None
    assert lab.release_count == 0
    assert dict(lab.tier_distribution) == {"A": 0, "B": 0, "C": 0, "D": 0, "E": 0}


@pytest.mark.parametrize(
    ("releases", "score", "distribution"),
    [
        ([release([OPEN], [OPEN], [OPEN])], 100, {"A": 1}),
        ([release(NONE, NONE, NONE)], 0, {"E": 1}),
        ([release([OPEN], [OPEN], [OPEN]), release(NONE, NONE, NONE)], 50, {"A": 1, "E": 1}),
        # 100, 83 and 17: a mean of 66.67
        (
            [release([OPEN], [OPEN], [OPEN]), release([OPEN], [OPEN], [RESTRICTED]),
             release([RESTRICTED], NONE, NONE)],
            67,
            {"A": 1, "B": 1, "D": 1},
        ),
        # 33, 33 and 17: a mean of 27.67
        (
            [release([OPEN], NONE, NONE), release([OPEN], [ABSENT], NONE),
             release([RESTRICTED], [UNVERIFIED], NONE)],
            28,
            {"C": 2, "D": 1},
        ),
        # the mean of release scores, not of pillar points: 67 and 0 -> 33.5 -> 34
        ([release([UNVERIFIED], [OPEN], [OPEN]), release(NONE, NONE, NONE)], 34, {"E": 2}),
    ],
)
def test_score_lab(releases: list[ReleaseScore], score: int,
                   distribution: dict[str, int]) -> None:
    lab = score_lab(releases)
    assert lab.score == score
    assert lab.release_count == len(releases)
    assert dict(lab.tier_distribution) == {t.letter: distribution.get(t.letter, 0)
                                           for t in TIERS}


def test_lab_score_accepts_a_generator() -> None:
    lab = score_lab(release([OPEN], [OPEN], [OPEN]) for _ in range(3))
    assert (lab.score, lab.release_count, lab.tier_distribution["A"]) == (100, 3, 3)


@pytest.mark.parametrize(("scores", "mean"), [((8, 9), 9), ((41, 42), 42), ((0, 1), 1), ((50, 50, 51), 50)])
def test_lab_mean_rounds_halves_up(scores: tuple[int, ...], mean: int) -> None:
    releases = [ReleaseScore(pillars={}, score=s, tier=TIERS_BY_LETTER["E"]) for s in scores]
    assert score_lab(releases).score == mean
