"""The standard and its scoring as a spec: tiers, points, aggregation, labs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import product

import pytest

from registry.model import (
    Attempt,
    Failure,
    FailureKind,
    HistoryKind,
    Pillar,
    ReleaseScore,
    ReleaseStatus,
    Verdict,
)
from registry.scoring import (
    coverage,
    history_kind,
    least_open,
    score_lab,
    score_pillar,
    score_release,
    tier_for,
    unverified_reason,
)
from registry.standard import (
    FAILURE_WORDS,
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
        ("E", set(), False),  # the catch-all of verified releases: weights confirmed absent
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
        (ABSENT, OPEN, OPEN, "E"),  # weights confirmed absent: closed, whatever the rest
        (ABSENT, ABSENT, ABSENT, "E"),
        (ABSENT, UNVERIFIED, UNVERIFIED, "E"),
        # weights not confirmed: no tier at all, never E
        (UNVERIFIED, OPEN, OPEN, None),
        (UNVERIFIED, ABSENT, ABSENT, None),
        (UNVERIFIED, UNVERIFIED, UNVERIFIED, None),
    ],
)
def test_tier_for(weights: Verdict, code: Verdict, data: Verdict, letter: str | None) -> None:
    tier = tier_for({W: weights, C: code, D: data})
    assert (tier.letter if tier else None) == letter


def expected_tier(verdicts: Mapping[Pillar, Verdict]) -> str | None:
    """Spell the tier rules out a second way, as a check on every combination."""
    if verdicts[W] is UNVERIFIED:
        return None
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
    tier = tier_for(verdicts)
    assert (tier.letter if tier else None) == expected_tier(verdicts)


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
        ([UNVERIFIED], [OPEN], [OPEN], None, None),  # no tier, and no score either
        ([UNVERIFIED], NONE, NONE, None, None),
        (NONE, NONE, NONE, 0, "E"),  # no weights declared: confirmed closed by the claim
        ([ABSENT], [OPEN], [OPEN], 67, "E"),
        # weights verified, another pillar unverified: tier and score as usual, it earns 0
        ([OPEN], [UNVERIFIED], [OPEN], 67, "C"),
        ([RESTRICTED], [UNVERIFIED], [UNVERIFIED], 17, "D"),
        # several artifacts in one pillar: the least open one decides
        ([OPEN, UNVERIFIED], [OPEN], [OPEN], None, None),
        ([UNVERIFIED, ABSENT], [OPEN], [OPEN], 67, "E"),
        ([OPEN, RESTRICTED], [OPEN], [OPEN], 83, "D"),
        ([OPEN], [OPEN, ABSENT], [OPEN], 67, "C"),
        ([OPEN], [OPEN], [OPEN, OPEN], 100, "A"),
        ([OPEN], [OPEN], [OPEN, UNVERIFIED], 67, "B"),
    ],
)
def test_score_release(weights: list[Verdict], code: list[Verdict], data: list[Verdict],
                       score: int | None, letter: str | None) -> None:
    scored = release(weights, code, data)
    assert (scored.score, scored.tier.letter if scored.tier else None) == (score, letter)
    status = ReleaseStatus.VERIFIED if letter else ReleaseStatus.UNVERIFIED
    assert scored.status is status
    assert (scored.status_reason is None) == (status is ReleaseStatus.VERIFIED)


@pytest.mark.parametrize("combo", list(product(Verdict, repeat=3)),
                         ids=lambda c: "-".join(v.value for v in c))
def test_a_release_is_unverified_exactly_when_its_weights_are(
    combo: tuple[Verdict, Verdict, Verdict]
) -> None:
    scored = release(*([v] for v in combo))
    unverified = combo[0] is UNVERIFIED
    assert (scored.status is ReleaseStatus.UNVERIFIED) == unverified
    assert (scored.tier is None, scored.score is None) == (unverified, unverified)
    # the unverified pillars are still reported as unverified, never dropped or absent
    assert [scored.verdict(p) for p in (W, C, D)] == list(combo)


def test_an_unverified_release_keeps_its_pillar_verdicts_and_points() -> None:
    scored = release([UNVERIFIED], [OPEN], [RESTRICTED])
    assert {p: s.points for p, s in scored.pillars.items()} == {W: 0.0, C: 1.0, D: 0.5}
    assert scored.pillars[W].reason == "not yet confirmed by a check"


@pytest.mark.parametrize(
    ("tier", "score", "status"),
    [
        (TIERS_BY_LETTER["E"], None, ReleaseStatus.VERIFIED),
        (None, 0, ReleaseStatus.UNVERIFIED),
        (None, None, ReleaseStatus.VERIFIED),
        (TIERS_BY_LETTER["A"], 100, ReleaseStatus.UNVERIFIED),
    ],
)
def test_a_release_score_cannot_mix_a_status_with_the_wrong_tier_and_score(
    tier: object, score: int | None, status: ReleaseStatus
) -> None:
    with pytest.raises(ValueError, match="neither tier nor score"):
        ReleaseScore(pillars={}, score=score, tier=tier, status=status)  # type: ignore[arg-type]


# --- why a release is unverified ------------------------------------------------------------

HUB = "https://huggingface.co"


def failed(kind: FailureKind, message: str = "boom") -> Attempt:
    return Attempt(HUB, Failure(kind, message))


@pytest.mark.parametrize(
    ("attempts", "reason"),
    [
        ([], "never checked"),
        ([None], "never checked"),
        ([failed(FailureKind.TIMEOUT)],
         "the last check failed: could not reach https://huggingface.co (timeout)"),
        ([failed(FailureKind.SERVER_ERROR, "[Errno 111] Connection refused")],
         "the last check failed: could not reach https://huggingface.co "
         "(server error or no connection)"),
        ([failed(FailureKind.NOT_FOUND)],
         "the last check failed: https://huggingface.co did not find it; a second check "
         "decides whether it is absent"),
        ([failed(FailureKind.GATED)],
         "the last check failed: https://huggingface.co would not show it (gated)"),
        ([failed(FailureKind.UNAUTHORISED)],
         "the last check failed: https://huggingface.co refused access (unauthorised)"),
        ([failed(FailureKind.MALFORMED_REPLY, "Expecting value: line 1")],
         "the last check failed: https://huggingface.co sent a reply that could not be read"),
        ([failed(FailureKind.REFUSED, "'a b' is not a Hub repository id")],
         "the last check failed: the registry refused to send the request to "
         "https://huggingface.co: 'a b' is not a Hub repository id"),
        # the guard's own "refused 'target':" prefix is not repeated to people
        ([failed(FailureKind.REFUSED, "refused 'https://10.0.0.1/x': it resolves to 10.0.0.1, "
                 "a private address")],
         "the last check failed: the registry refused to send the request to "
         "https://huggingface.co: it resolves to 10.0.0.1, a private address"),
        ([Attempt("", Failure(FailureKind.TIMEOUT, "slow"))],
         "the last check failed: could not reach the source (timeout)"),
        # the checker concluded without a failure, yet could not confirm
        ([Attempt(HUB, reason="The listing stopped at the 100000-file cap.")],
         "the last check could not confirm the weights: The listing stopped at the "
         "100000-file cap"),
        ([Attempt(HUB)],
         "the last check could not confirm the weights: https://huggingface.co gave no "
         "conclusion"),
        # several unverified weights artifacts: each distinct reason once, in order
        ([failed(FailureKind.TIMEOUT), None, failed(FailureKind.TIMEOUT)],
         "the last check failed: could not reach https://huggingface.co (timeout); "
         "never checked"),
    ],
)
def test_unverified_reason(attempts: list[Attempt | None], reason: str) -> None:
    assert unverified_reason(attempts) == reason


def test_raw_error_text_stays_out_of_the_reason_except_our_own_refusals() -> None:
    for kind in FailureKind:
        reason = unverified_reason([failed(kind, "SECRET-RAW-TEXT")])
        assert ("SECRET-RAW-TEXT" in reason) == (kind is FailureKind.REFUSED)


@pytest.mark.parametrize("kind", list(FailureKind))
def test_every_failure_kind_has_words(kind: FailureKind) -> None:
    assert "{endpoint}" in FAILURE_WORDS[kind]


def test_score_release_names_why_its_weights_are_unverified() -> None:
    scored = score_release({W: [UNVERIFIED]}, [failed(FailureKind.TIMEOUT)])
    assert scored.status_reason == (
        "the last check failed: could not reach https://huggingface.co (timeout)"
    )
    assert score_release({W: [UNVERIFIED]}).status_reason == "never checked"


def test_attempts_never_touch_a_verified_release() -> None:
    scored = score_release({W: [OPEN]}, [failed(FailureKind.TIMEOUT)])
    assert (scored.status, scored.status_reason, scored.tier) == (
        ReleaseStatus.VERIFIED, None, TIERS_BY_LETTER["C"]
    )


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
    assert (lab.release_count, lab.verified_release_count) == (0, 0)
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
        ([release([OPEN], [OPEN], NONE), release(NONE, NONE, NONE)], 34, {"B": 1, "E": 1}),
        # unverified releases count towards coverage only: the mean is over verified ones
        ([release([OPEN], [OPEN], [OPEN]), release([UNVERIFIED], [OPEN], [OPEN])], 100,
         {"A": 1}),
        ([release([UNVERIFIED], NONE, NONE), release(NONE, NONE, NONE)], 0, {"E": 1}),
        # none verified: no score at all, not 0
        ([release([UNVERIFIED], [OPEN], [OPEN]), release([UNVERIFIED], NONE, NONE)], None, {}),
    ],
)
def test_score_lab(releases: list[ReleaseScore], score: int | None,
                   distribution: dict[str, int]) -> None:
    lab = score_lab(releases)
    assert lab.score == score
    assert lab.release_count == len(releases)
    assert lab.verified_release_count == sum(distribution.values())
    assert dict(lab.tier_distribution) == {t.letter: distribution.get(t.letter, 0)
                                           for t in TIERS}


@pytest.mark.parametrize(
    ("verified", "total", "words"),
    [
        (9, 12, "9 of 12 releases verified"),
        (0, 3, "0 of 3 releases verified"),
        (1, 1, "1 of 1 release verified"),
        (0, 0, "no releases yet"),
    ],
)
def test_coverage(verified: int, total: int, words: str) -> None:
    assert coverage(verified, total) == words


def test_lab_score_accepts_a_generator() -> None:
    lab = score_lab(release([OPEN], [OPEN], [OPEN]) for _ in range(3))
    assert (lab.score, lab.release_count, lab.tier_distribution["A"]) == (100, 3, 3)


@pytest.mark.parametrize(("scores", "mean"), [((8, 9), 9), ((41, 42), 42), ((0, 1), 1), ((50, 50, 51), 50)])
def test_lab_mean_rounds_halves_up(scores: tuple[int, ...], mean: int) -> None:
    releases = [ReleaseScore(pillars={}, score=s, tier=TIERS_BY_LETTER["E"]) for s in scores]
    assert score_lab(releases).score == mean


# --- history: a first verification is not a change from E/0 --------------------------------

@pytest.mark.parametrize(
    ("verified", "previous", "verified_before", "kind"),
    [
        (True, None, False, HistoryKind.FIRST_VERIFIED),  # verified at once (no weights)
        (True, False, False, HistoryKind.FIRST_VERIFIED),  # the first check succeeded
        (True, False, True, HistoryKind.VERIFIED_AGAIN),
        (True, True, True, HistoryKind.CHANGE),
        (False, None, False, HistoryKind.UNVERIFIED),  # added, not yet checked
        (False, True, True, HistoryKind.UNVERIFIED),  # its weights changed: no longer verified
        (False, False, False, HistoryKind.CHANGE),  # code verified, weights still not
        (False, False, True, HistoryKind.CHANGE),
        # facts that cannot disagree are read consistently
        (True, True, False, HistoryKind.CHANGE),
        (True, None, True, HistoryKind.FIRST_VERIFIED),
        (False, None, True, HistoryKind.UNVERIFIED),
        (False, True, False, HistoryKind.UNVERIFIED),
    ],
)
def test_history_kind(verified: bool, previous: bool | None, verified_before: bool,
                      kind: HistoryKind) -> None:
    assert history_kind(verified, previous, verified_before) is kind
