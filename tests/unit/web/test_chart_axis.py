"""History chart axes: dates (the time only within one day), no duplicate labels, one point per change."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from app.web.charts import (
    DAY_IN_YEAR,
    FULL_DATE,
    MAX_X_LABELS,
    TIME_OF_DAY,
    axis_labels,
    axis_pattern,
    chart_points,
    chart_title,
    history_svg,
)

START = datetime(2026, 12, 2, 9, 15, tzinfo=UTC)


@dataclass(frozen=True)
class Point:
    """What the chart reads of a history entry."""

    at: datetime
    score: int | None

TEXT_RE = re.compile(r"<text[^>]*>([^<]*)</text>")


def at(**delta: float) -> datetime:
    return START + timedelta(**delta)


@pytest.mark.parametrize(
    ("moments", "pattern"),
    [
        ([], TIME_OF_DAY),
        ([START], TIME_OF_DAY),
        ([START, at(minutes=5)], TIME_OF_DAY),
        ([START, at(hours=14)], TIME_OF_DAY),  # 23:15, the same day
        ([START, at(hours=15)], DAY_IN_YEAR),  # past midnight: two days, so dates
        ([START, at(days=20)], DAY_IN_YEAR),
        ([START - timedelta(days=300), START], DAY_IN_YEAR),
        ([START, at(days=40)], FULL_DATE),  # into the next year: the year is written
    ],
)
def test_the_axis_shows_times_within_one_day_and_dates_otherwise(
    moments: list[datetime], pattern: str
) -> None:
    assert axis_pattern(moments) == pattern


def test_points_on_the_same_day_share_one_label() -> None:
    moments = [START, at(hours=1), at(hours=2), at(days=1), at(days=1, hours=3), at(days=3)]
    labels = axis_labels(moments, DAY_IN_YEAR)
    assert [m.strftime(DAY_IN_YEAR) for m in labels] == ["02 Dec", "03 Dec", "05 Dec"]
    assert labels[0] == START  # the first moment of each day carries its label


def test_many_labels_are_thinned_evenly_keeping_both_ends() -> None:
    moments = [at(days=n) for n in range(30)]
    labels = axis_labels(moments, DAY_IN_YEAR)
    assert len(labels) == MAX_X_LABELS
    assert labels[0] == moments[0] and labels[-1] == moments[-1]
    assert labels == sorted(set(labels))


def test_one_point_per_change_of_the_score_oldest_first() -> None:
    newest_first = [
        Point(at(hours=4), 83),
        Point(at(hours=3), 83),  # a verdict moved, the score did not
        Point(at(hours=2), 67),
        Point(at(hours=1), None),  # unverified: nothing to draw
        Point(START, 67),
    ]
    assert chart_points(newest_first) == [(START, 67), (at(hours=3), 83)]


def test_the_title_names_the_day_when_the_axis_shows_only_times() -> None:
    assert chart_title("Score", [START, at(hours=1)]) == "Score (02 Dec 2026, UTC)"
    assert chart_title("Score", [START, at(days=2)]) == "Score"
    assert chart_title("Score", []) == "Score"


def test_the_rendered_chart_has_dates_and_no_duplicate_labels() -> None:
    entries = [Point(at(days=d, hours=h), 10 * d + h) for d in range(3) for h in range(3)]
    svg = history_svg("Release score", list(reversed(entries))).decode()
    labels = [t for t in TEXT_RE.findall(svg) if re.fullmatch(r"\d\d \w{3}", t)]
    assert labels == ["02 Dec", "03 Dec", "04 Dec"]
    assert "<script" not in svg


def test_an_empty_history_draws_no_axes() -> None:
    texts = TEXT_RE.findall(history_svg("Release score", []).decode())
    assert texts == ["Release score", "No score recorded yet"]
