"""The table of doubts: every doubt keeps a verdict below open and is named; none raises one."""

from __future__ import annotations

import pytest

from registry.checks.doubts import DOUBT_RULES, Doubt, DoubtId, apply_doubts
from registry.model import Verdict
from registry.standard import OPENNESS_RANK


def test_every_doubt_kind_has_exactly_one_rule() -> None:
    assert set(DOUBT_RULES) == set(DoubtId)
    assert all(rule.id is key for key, rule in DOUBT_RULES.items())


@pytest.mark.parametrize("doubt_id", list(DoubtId))
def test_every_rule_keeps_open_below_open_and_says_why(doubt_id: DoubtId) -> None:
    rule = DOUBT_RULES[doubt_id]
    assert OPENNESS_RANK[rule.ceiling] < OPENNESS_RANK[Verdict.OPEN]
    assert rule.meaning.endswith(".")
    verdict, reasons = apply_doubts(Verdict.OPEN, [Doubt(doubt_id, "seen here")])
    assert verdict is rule.ceiling
    assert reasons == (f"Doubt: seen here ({rule.meaning})",)


@pytest.mark.parametrize(
    ("verdict", "expected"),
    [
        (Verdict.OPEN, Verdict.RESTRICTED),
        (Verdict.RESTRICTED, Verdict.RESTRICTED),
        # A doubt never raises a verdict, and never turns "not confirmed" into anything else.
        (Verdict.ABSENT, Verdict.ABSENT),
        (Verdict.UNVERIFIED, Verdict.UNVERIFIED),
    ],
)
def test_a_doubt_caps_and_never_raises(verdict: Verdict, expected: Verdict) -> None:
    doubt = Doubt(DoubtId.EMPTY_FILES, "3 of 5 data files are empty")
    assert apply_doubts(verdict, [doubt])[0] is expected


def test_no_doubt_leaves_the_verdict_alone() -> None:
    assert apply_doubts(Verdict.OPEN, []) == (Verdict.OPEN, ())


def test_the_same_doubt_twice_is_named_once() -> None:
    doubt = Doubt(DoubtId.COMMAND_SCRIPT_MISSING, "README runs train.py, which is missing")
    _, reasons = apply_doubts(Verdict.OPEN, [doubt, doubt])
    assert len(reasons) == 1


@pytest.mark.parametrize(
    ("doubt_id", "ceiling"),
    [
        (DoubtId.LICENCE_TEXT_UNREADABLE, Verdict.RESTRICTED),
        (DoubtId.COMMAND_SCRIPT_MISSING, Verdict.RESTRICTED),
        (DoubtId.EMPTY_FILES, Verdict.RESTRICTED),
        (DoubtId.INTERMEDIATE_CHECKPOINTS_ONLY, Verdict.RESTRICTED),
        (DoubtId.UNSAFE_PICKLE, Verdict.RESTRICTED),  # weights that run code when loaded
        (DoubtId.CARD_RESTRICTS_USE, Verdict.RESTRICTED),  # "for research use only" in prose
        (DoubtId.WEIGHTS_SMALLER_THAN_CONFIG, Verdict.RESTRICTED),  # a toy beside a 7B config
        (DoubtId.OTHER_TERMS_APPLY, Verdict.RESTRICTED),
        # Published, open-licensed code that can train, but nothing of its own ties it to
        # the model: half a point, not a full one and not none.
        (DoubtId.GENERIC_TRAINER_ONLY, Verdict.RESTRICTED),
    ],
)
def test_each_doubt_s_ceiling(doubt_id: DoubtId, ceiling: Verdict) -> None:
    assert DOUBT_RULES[doubt_id].ceiling is ceiling
